"""Text left to fill: placeholders, unrendered template tags and the template's hints."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kkletter.checks.fields import Locator, TextField
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


def check_placeholders(fields: Sequence[TextField], spec: TemplateSpec | None) -> list[Finding]:
    """Return a finding for each placeholder in `fields` and each unchanged template hint."""
    findings: list[Finding] = []
    hints = _template_hints(spec)
    for field in fields:
        text = field.text
        locate: Locator | None = None
        for match in _PLACEHOLDER.finditer(text):
            word = match.group()
            start = match.start()
            if word.startswith(_NEEDS_WORD_START) and start and text[start - 1].isalnum():
                continue
            locate = locate or Locator(field.name, text)
            findings.append(
                locate.finding(
                    "PLACEHOLDER",
                    "error",
                    match.start(),
                    match.end(),
                    f"Pladsholderen {word.strip()} er ikke udfyldt; skriv den rigtige tekst",
                )
            )
        if field.name != "body" or not hints:
            continue
        offset = 0
        for line in text.split("\n"):
            if line.strip() in hints:
                locate = locate or Locator(field.name, text)
                start = offset + len(line) - len(line.lstrip())
                findings.append(
                    locate.finding(
                        "PLACEHOLDER",
                        "error",
                        start,
                        start + len(line.strip()),
                        "Skabelonens hjælpetekst står stadig i brevet; erstat den med brevets "
                        "egen tekst",
                    )
                )
            offset += len(line) + 1
    return findings


def _template_hints(spec: TemplateSpec | None) -> frozenset[str]:
    if spec is None:
        return frozenset()
    lines = (line.strip() for line in spec.default_body.split("\n"))
    return frozenset(line for line in lines if _HINT_LINE.match(line))
