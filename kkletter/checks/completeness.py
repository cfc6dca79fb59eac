"""Family "completeness": placeholders, unrendered template tags, the template's hints."""

from __future__ import annotations

import re

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding
from kkletter.templating import TemplateSpec

# No leading lookbehinds and no IGNORECASE: both make `re` try every position slowly;
# word boundaries of "XX" and "TODO" are checked in code.
_PLACEHOLDER = re.compile(
    r"[Xx][Xx]+(?!\w)"  # "XX", "2023-XXXXXXX"
    r"|\[\s*(?:\.\.\.|…|_+)\s*\]"  # "[...]", "[…]", "[___]"
    r"|\[\s*(?i:indsæt|udfyld|navn|dato)\b[^\]\n]*\]"  # "[INDSÆT navn]", "[Dato]"
    r"|\[[A-ZÆØÅ][A-ZÆØÅ0-9 _./-]+\](?!\()"  # "[NAVN]" but not a Markdown link
    r"|(?:TODO|FIXME|TBD)(?!\w)"
    r"|\?\?\?+"
    r"|\{\{.*?\}\}|\{%.*?%\}"
)
_NEEDS_WORD_START = ("X", "x", "T", "F")
# Hint lines of a template's default body, e.g. "Skriv brevets tekst her."
_HINT_LINE = re.compile(r"^(?:Skriv .* her\.|.*\.\.\..*)$")
_PLACEHOLDER_RULE = rule("PLACEHOLDER")
_HINT_RULE = rule("PLACEHOLDER", "hint")


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
            locate = locate or Locator(field.name, text)
            findings.append(
                locate.finding(_PLACEHOLDER_RULE, match.start(), match.end(), word=word.strip())
            )
        if field.name != "body" or not hints:
            continue
        offset = 0
        for line in text.split("\n"):
            if line.strip() in hints:
                locate = locate or Locator(field.name, text)
                start = offset + len(line) - len(line.lstrip())
                findings.append(locate.finding(_HINT_RULE, start, start + len(line.strip())))
            offset += len(line) + 1
    return findings


def _template_hints(spec: TemplateSpec | None) -> frozenset[str]:
    if spec is None:
        return frozenset()
    lines = (line.strip() for line in spec.default_body.split("\n"))
    return frozenset(line for line in lines if _HINT_LINE.match(line))
