"""The page view draws the beginning of a very long letter only (issue 8: 9 GB before)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.drafts import load_draft
from kkletter.markup import ListBlock, Paragraph, Table, block_text
from kkletter.preview_budget import PREVIEW_MAX_LINES, preview_part
from tests.letters import letter_with_body

CATALOGS = Catalogs.shipped()
SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "drafts"


def _document(body: str) -> LetterDocument:
    return compose_letter(letter_with_body(body), CATALOGS)


def _body_text(document: LetterDocument) -> str:
    return "\n".join(block_text(block) for block in document.body)


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.toml")), ids=lambda path: path.stem)
def test_every_seed_is_drawn_whole(seed: Path) -> None:
    document = compose_letter(load_draft(seed), CATALOGS)
    part = preview_part(document)
    assert part.complete
    assert part.document is document


def test_a_long_list_is_drawn_from_its_first_items() -> None:
    document = _document("Indledning.\n\n" + "\n".join(f"- punkt{i}" for i in range(8000)))
    part = preview_part(document)
    assert not part.complete
    intro, items = part.document.body
    assert intro == document.body[0]
    assert isinstance(items, ListBlock)
    assert 0 < len(items.items) < PREVIEW_MAX_LINES
    shown = [block_text(item.blocks[0]) for item in items.items]
    assert shown == [f"punkt{i}" for i in range(len(shown))]
    # Everything but the body is the letter as composed.
    assert part.document.letterhead == document.letterhead
    assert part.document.signer_name == document.signer_name


def test_one_huge_paragraph_and_one_huge_table_row_are_cut_inside() -> None:
    words = " ".join(f"ord{i}" for i in range(100_000))
    part = preview_part(_document(words))
    (paragraph,) = part.document.body
    assert isinstance(paragraph, Paragraph)
    assert not part.complete
    assert words.startswith(paragraph.text)
    assert 0 < len(paragraph.text) <= PREVIEW_MAX_LINES * 90
    part = preview_part(_document(f"| a | b |\n|---|---|\n| {words} | kort |"))
    (table,) = part.document.body
    assert isinstance(table, Table)
    assert not part.complete
    cell = table.rows[1].cells[0].text
    assert 0 < len(cell) < len(words)
    assert words.startswith(cell)
    assert table.rows[1].cells[1].text == "kort"


_UNIT = st.sampled_from(["ord", "- punkt", "1. tal", "# Overskrift", "---", "| a | b |", ""])


@settings(max_examples=80, deadline=None)
@given(units=st.lists(_UNIT, min_size=1, max_size=120), budget=st.integers(1, 60))
def test_what_is_drawn_is_the_letters_beginning(units: list[str], budget: int) -> None:
    body = "\n".join(f"{unit} {i}" if unit else "" for i, unit in enumerate(units))
    document = _document(body)
    part = preview_part(document, max_lines=budget)
    full, drawn = _body_text(document), _body_text(part.document)
    if part.complete:
        assert part.document is document
        return
    assert len(drawn) < len(full) or part.document.body != document.body
    # The numbers written on the lines come out in order, a leading run of the letter's.
    numbers = [int(n) for n in re.findall(r"\b(\d+)\b", drawn) if int(n) < len(units)]
    everything = [int(n) for n in re.findall(r"\b(\d+)\b", full) if int(n) < len(units)]
    assert numbers == everything[: len(numbers)]
    assert preview_part(document, max_lines=10**9).complete


@pytest.mark.parametrize("length", [89, 90, 91, 179, 180, 181])
def test_a_paragraph_that_fits_is_never_reported_as_cut(length: int) -> None:
    document = _document("x" * length)
    for budget in range(1, 5):
        part = preview_part(document, max_lines=budget)
        assert part.complete == (part.document is document)
        if not part.complete:
            assert len(_body_text(part.document)) < length


def test_a_cut_table_never_claims_more_header_rows_than_it_keeps() -> None:
    from dataclasses import replace

    from kkletter.markup import Span, TableCell, TableRow

    def row(text: str) -> TableRow:
        return TableRow((TableCell((Paragraph((Span(text),)),)),))

    table = Table((row("Overskrift"), row("Underoverskrift " * 60), row("Data")), header_rows=2)
    document = replace(_document("x"), body=(table,))
    part = preview_part(document, max_lines=1)  # room for the first row only
    assert not part.complete
    (cut,) = part.document.body
    assert isinstance(cut, Table)
    assert len(cut.rows) == 1
    assert cut.header_rows <= len(cut.rows)
