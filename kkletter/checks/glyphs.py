"""Family "pdf": characters the PDF's fonts cannot draw.

The built-in PDF embeds Liberation Sans and DejaVu Sans (`kkletter.pdf.fonts`); a
character neither has (CJK, many emoji) is drawn as U+FFFD in the PDF. This family
points at each run of such characters in the letter, so the writer sees it before sending.
"""

from __future__ import annotations

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding
from kkletter.pdf.fonts import REPLACEMENT, missing_characters

_MISSING_GLYPH = rule("PDF_MISSING_GLYPH")


def check_glyphs(context: CheckContext) -> list[Finding]:
    """Return a finding for each run of characters of the letter no PDF font can draw."""
    findings: list[Finding] = []
    for field in context.texts:
        missing = set(missing_characters(field.text))
        if not missing:
            continue
        locate = Locator(field.name, field.text)
        text = field.text
        index = 0
        while index < len(text):
            if text[index] not in missing:
                index += 1
                continue
            end = index
            while end < len(text) and text[end] in missing:
                end += 1
            run = text[index:end]
            findings.append(
                locate.finding(
                    _MISSING_GLYPH,
                    index,
                    end,
                    char=run,
                    code=" ".join(f"U+{ord(char):04X}" for char in run),
                    replacement=REPLACEMENT * len(run),
                )
            )
            index = end
    return findings
