"""The one page layout: geometry in the DOCX's units, writing direction, column widths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter.layout import (
    LAYOUT,
    LINE_HEIGHT,
    column_widths,
    is_right_to_left,
    line_pitch_pt,
    mm_to_twips,
    pt_to_twips,
)
from kkletter.markup import Paragraph, Span, Table, TableCell, TableRow


def test_a4_in_twips_is_what_word_writes() -> None:
    assert mm_to_twips(LAYOUT.page.width_mm) == 11906
    assert mm_to_twips(LAYOUT.page.height_mm) == 16838
    assert pt_to_twips(LAYOUT.body.after_pt) == 200


def test_text_column_leaves_room_for_the_contact_column() -> None:
    page = LAYOUT.page
    assert page.margin_left_mm + page.text_width_mm < page.column_x_mm
    assert page.column_x_mm + page.column_width_mm <= page.width_mm


def test_body_lines_are_eleven_points_at_word_spacing() -> None:
    assert LAYOUT.body.size_pt == 11
    assert line_pitch_pt(LAYOUT.body) == pytest.approx(11 * LINE_HEIGHT * 1.1)
    assert LAYOUT.heading(0) == LAYOUT.headings[0]
    assert LAYOUT.heading(9) == LAYOUT.headings[-1]


@pytest.mark.parametrize(
    ("text", "rtl"),
    [
        ("مرحبا بكم", True),
        ("שלום עולם", True),
        ("2026: مرحبا", True),  # digits are weak: the first strong character decides
        ("Dansk tekst مع عربي", False),
        ("", False),
        ("123 – !", False),
    ],
)
def test_writing_direction_follows_the_first_strong_character(text: str, rtl: bool) -> None:
    assert is_right_to_left(text) is rtl


def _table(rows: list[list[str]]) -> Table:
    return Table(
        tuple(
            TableRow(tuple(TableCell((Paragraph((Span(text),)),)) for text in row)) for row in rows
        )
    )


@given(
    st.lists(
        st.lists(st.text(alphabet="ab cæø-", max_size=400), min_size=1, max_size=6),
        min_size=1,
        max_size=6,
    ).filter(lambda rows: len({len(row) for row in rows}) == 1),
    st.floats(min_value=100, max_value=600),
)
def test_columns_fill_the_width_and_none_collapses(rows: list[list[str]], total: float) -> None:
    widths = column_widths(_table(rows), total)
    assert len(widths) == len(rows[0])
    assert sum(widths) == pytest.approx(total)
    assert min(widths) >= min(42.5, total / len(widths)) - 1e-6


def test_a_column_with_one_enormous_word_leaves_the_others_their_floor() -> None:
    widths = column_widths(_table([["x" * 500, "kort", "også kort"]]), 360)
    assert widths[1] >= 42.5
    assert widths[2] >= 42.5
    assert widths[0] > widths[1]
