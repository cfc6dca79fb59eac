"""Family "pdf": each character the PDF's fonts cannot draw is a warning at its place."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.model import CaseRef, Letter, Recipient, Signer

LETTER = Letter(
    template="brev",
    profile="sof-borgmester",
    body="Tak for mødet.",
    subject="Svar",
    date=dt.date(2016, 9, 14),
    recipient=Recipient(name="DOK", salutation="Kære DOK"),
    case=CaseRef(number="2016-0318694"),
    signer=Signer(name="Jesper Christensen"),
)


def _glyph_findings(letter: Letter) -> list[tuple[str, int, int, str]]:
    return [
        (f.field, f.line, f.column, f.message)
        for f in check_letter(letter, Catalogs.shipped())
        if f.rule == "PDF_MISSING_GLYPH"
    ]


def test_characters_no_font_has_are_one_warning_per_run_at_their_place() -> None:
    letter = dataclasses.replace(LETTER, body="Tak for mødet.\n\nVi ses i 東京 og 대.")
    (first, second) = _glyph_findings(letter)
    assert first[:3] == ("body", 3, 10)
    assert "«東京» (U+6771 U+4EAC)" in first[3]
    assert "«\ufffd\ufffd»" in first[3]
    assert second[:3] == ("body", 3, 16)


def test_characters_a_shipped_font_has_are_no_finding() -> None:
    letter = dataclasses.replace(
        LETTER, body="Æble, ½, € – “citat” 😀 مرحبا שלום ✓", subject="Møde i Århus"
    )
    assert _glyph_findings(letter) == []
