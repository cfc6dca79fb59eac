from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kkletter.filenames import MAX_STEM, output_stem, safe_stem, unique_path
from kkletter.model import CaseRef, Letter

_WINDOWS_FORBIDDEN = set('<>:"/\\|?*')


def test_output_stem_joins_case_number_and_subject() -> None:
    letter = Letter(
        template="brev",
        profile="p",
        subject="Svar: høring om task force?",
        case=CaseRef(number="2016-0318694"),
    )
    assert output_stem(letter) == "2016-0318694 Svar høring om task force"


def test_empty_letter_falls_back_to_template_id() -> None:
    assert output_stem(Letter(template="notat", profile="p")) == "notat"


def test_reserved_windows_names_are_avoided() -> None:
    assert safe_stem("CON") == "_CON"
    assert safe_stem("lpt1.txt") == "_lpt1.txt"


def test_unique_path_counts_up(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"")
    assert unique_path(tmp_path / "a.docx").name == "a (2).docx"
    taken = {tmp_path / "a (2).docx"}
    assert unique_path(tmp_path / "a.docx", taken).name == "a (3).docx"


@given(st.text())
def test_safe_stem_is_always_a_valid_windows_name(text: str) -> None:
    stem = safe_stem(text)
    assert stem
    assert len(stem) <= MAX_STEM + 1
    assert not _WINDOWS_FORBIDDEN & set(stem)
    assert all(ord(ch) >= 32 for ch in stem)
    assert not stem.endswith((".", " "))
