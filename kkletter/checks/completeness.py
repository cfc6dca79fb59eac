"""Family "completeness": placeholders, unrendered template tags, the template's hints."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding
from kkletter.templating import TemplateSpec

# No leading lookbehinds and no IGNORECASE: both make `re` try every position slowly;
# word boundaries of "XX" and "TODO" are checked in code. Every part is linear on
# hostile text (issue 8): a run of X is taken whole (possessive) with the character after
# it, which the code checks, instead of backtracking through the run from every X; an
# unclosed "{{" or "[INDSÆT" looks at most `_MAX_TAG` characters ahead, not to the end.
_MAX_TAG = 200
_PLACEHOLDER = re.compile(
    r"[Xx]{2,}+\w?"  # "XX", "2023-XXXXXXX" (a trailing word character: not a placeholder)
    r"|\[\s*(?:\.\.\.|…|_+)\s*\]"  # "[...]", "[…]", "[___]"
    rf"|\[\s*(?i:indsæt|udfyld|navn|dato)\b[^\]\n]{{0,{_MAX_TAG}}}\]"  # "[INDSÆT navn]"
    r"|\[[A-ZÆØÅ][A-ZÆØÅ0-9 _./-]+\](?!\()"  # "[NAVN]" but not a Markdown link
    r"|(?:TODO|FIXME|TBD)(?!\w)"
    r"|\?\?\?+"
    rf"|\{{\{{[^{{}}\n]{{0,{_MAX_TAG}}}\}}\}}|\{{%[^{{}}\n]{{0,{_MAX_TAG}}}%\}}"
)
_NEEDS_WORD_START = ("X", "x", "T", "F")
# Hint lines of a template's default body, e.g. "Skriv brevets tekst her."
_HINT_LINE = re.compile(r"^(?:Skriv .* her\.|.*\.\.\..*)$")
_PLACEHOLDER_RULE = rule("PLACEHOLDER")
_HINT_RULE = rule("PLACEHOLDER", "hint")
# A sentence: up to and including its end mark, within one line.
_SENTENCE = re.compile(r"[^\s.!?][^\n.!?]*(?:\.\.\.|…)?[^\n.!?]*[.!?]*")
_WORDS = re.compile(r"\w+")


def check_placeholders(context: CheckContext) -> list[Finding]:
    """Return a finding for each placeholder in the letter and each unchanged template hint."""
    findings: list[Finding] = []
    hints = _template_hints(context.spec)
    for field in context.texts:
        text = field.text
        locate: Locator | None = None
        for match in _PLACEHOLDER.finditer(text):
            word = match.group()
            start = match.start()
            if word.startswith(_NEEDS_WORD_START) and start and text[start - 1].isalnum():
                continue
            if word[0] in "Xx" and word[-1] not in "Xx":
                continue  # "XXL", "XXIII": the run goes on as a word
            locate = locate or Locator(field.name, text)
            findings.append(
                locate.finding(_PLACEHOLDER_RULE, match.start(), match.end(), word=word.strip())
            )
        if field.name == "body" and hints:
            locate = locate or Locator(field.name, text)
            findings.extend(
                locate.finding(_HINT_RULE, a, b) for a, b in find_help_texts(text, hints)
            )
    return findings


def find_help_texts(text: str, hints: Iterable[str]) -> list[tuple[int, int]]:
    """Return the spans of `text` that are one of `hints`, as written or edited.

    A hint found word for word is reported even with other text around it ("Skriv
    brevets tekst her.Vi har ..."). A sentence that is close to a hint is reported
    whole: one whose letters match the hint's by 80 %, or, for a hint with gaps
    ("den ... behandlet ..."), a sentence with a gap still in it that matches by 60 %.
    """
    spans: list[tuple[int, int]] = []
    folded = text.casefold()
    for hint in hints:
        needle = hint.casefold()
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(hint)))
            start = folded.find(needle, start + len(hint))
    hint_words = [(hint.casefold(), set(_WORDS.findall(hint.casefold()))) for hint in hints]
    for sentence in _SENTENCE.finditer(text):
        start, end = sentence.span()
        if any(a < end and start < b for a, b in spans):
            continue
        candidate = sentence.group().casefold()
        words = set(_WORDS.findall(candidate))
        for hint, wanted in hint_words:
            if not wanted or len(words & wanted) * 2 < len(wanted):
                continue  # cheap test first: most sentences share few words with a hint
            gap = "..." in hint or "…" in hint
            if gap and "..." not in candidate and "…" not in candidate:
                continue  # every gap is filled in: the writer's own sentence
            if SequenceMatcher(None, candidate, hint).ratio() >= (0.6 if gap else 0.8):
                spans.append((start, end))
                break
    return sorted(spans)


def _template_hints(spec: TemplateSpec | None) -> frozenset[str]:
    if spec is None:
        return frozenset()
    if spec.help_texts:
        return frozenset(spec.help_texts)
    # A template that declares none: its default body's lines of the form "Skriv ... her."
    lines = (line.strip() for line in spec.default_body.split("\n"))
    return frozenset(line for line in lines if _HINT_LINE.match(line))


_UNKNOWN_KEY = rule("UNKNOWN_KEY")


def unknown_key_findings(text: str, field_ids: Iterable[str] | None) -> list[Finding]:
    """Return a warning per key of draft TOML `text` that kkletter does not read.

    The draft file itself is not part of a `CheckContext` (a letter may come from the
    GUI), so the front end that has the file calls this next to `check_letter`.
    """
    from kkletter.drafts import unknown_keys

    ids = list(field_ids) if field_ids is not None else None
    return [
        _UNKNOWN_KEY.finding(
            "draft", key.line, key.column, len(key.key), key=key.key, hint=key.hint
        )
        for key in unknown_keys(text, field_ids=ids)
    ]
