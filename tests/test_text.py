from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kkletter.text import clean_text, is_clean

_XML_LEGAL = re.compile("^[\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def test_pdf_controls_become_line_breaks_and_nul_disappears() -> None:
    assert clean_text("a\r\nb\rc\x0bd\x0ce\x85f\u2028g\x00h") == "a\nb\nc\nd\ne\nf\ngh"


def test_danish_text_is_untouched() -> None:
    text = "Kære Søren – æøå ÆØÅ «citat» § 18\ttab\n"
    assert clean_text(text) == text
    assert is_clean(text)


@given(st.text())
def test_cleaned_text_is_always_legal_xml_and_stable(text: str) -> None:
    cleaned = clean_text(text)
    assert _XML_LEGAL.match(cleaned)
    assert clean_text(cleaned) == cleaned
