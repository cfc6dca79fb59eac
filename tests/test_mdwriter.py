"""Tests of `kkletter.mdwriter`: blocks written as Markdown read back as the same blocks."""

from __future__ import annotations

import dataclasses
import string
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.drafts import load_draft
from kkletter.markup import (
    Block,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Span,
    Table,
    TableCell,
    TableRow,
    parse_markdown,
)
from kkletter.mdwriter import blocks_to_markdown, escape_text

if TYPE_CHECKING:
    from tests.conftest import StripLines

ROOT = Path(__file__).resolve().parent.parent
ALNUM = string.ascii_letters + string.digits + "æøåÆØÅé"
PUNCT = ".,:;!?-*_#<>&|[]()`\\'\"=+~/%$@^{}"


def merge(spans: list[Span]) -> tuple[Span, ...]:
    """Join neighbouring spans of equal format as the parser does."""
    out: list[Span] = []
    for span in spans:
        key = (span.bold, span.italic, span.underline)
        if out and (out[-1].bold, out[-1].italic, out[-1].underline) == key:
            out[-1] = dataclasses.replace(out[-1], text=out[-1].text + span.text)
        else:
            out.append(span)
    return tuple(out)


alnum_word = st.text(alphabet=ALNUM, min_size=1, max_size=6)
any_word = st.text(alphabet=ALNUM + PUNCT, min_size=1, max_size=6)


@st.composite
def formatted_text(draw: st.DrawFn) -> str:
    """Return words whose first and last characters are letters or digits."""
    inner = draw(st.lists(any_word, max_size=3))
    words = [draw(alnum_word), *inner]
    if inner:
        words.append(draw(alnum_word))
    return " ".join(words)


@st.composite
def line_spans(draw: st.DrawFn) -> list[Span]:
    """Return the spans of one line: plain words and formatted runs."""
    spans: list[Span] = []
    for _ in range(draw(st.integers(1, 4))):
        bold, italic, underline = draw(st.tuples(st.booleans(), st.booleans(), st.booleans()))
        if bold or italic or underline:
            text = draw(formatted_text())
        else:
            text = " ".join(draw(st.lists(any_word, min_size=1, max_size=4)))
        if spans:
            joined = spans[-1].text[-1] in ALNUM and text[0] in ALNUM
            if not (joined and draw(st.booleans())):
                spans.append(Span(" "))
        spans.append(Span(text, bold, italic, underline))
    return spans


@st.composite
def inline(draw: st.DrawFn, *, breaks: bool) -> tuple[Span, ...]:
    """Return merged spans, optionally with hard line breaks between lines."""
    count = draw(st.integers(1, 3)) if breaks else 1
    spans: list[Span] = []
    for index in range(count):
        if index:
            spans.append(Span("\n"))
        spans.extend(draw(line_spans()))
    return merge(spans)


paragraphs = st.builds(Paragraph, inline(breaks=True))
headings = st.builds(Heading, st.integers(1, 6), inline(breaks=False))


@st.composite
def cell_paragraphs(draw: st.DrawFn) -> Paragraph:
    """Return a cell paragraph that does not read as a bullet item."""
    spans = draw(inline(breaks=False))
    if spans[0].text[0] not in ALNUM:
        spans = (Span(draw(alnum_word) + " "), *spans)
    return Paragraph(merge(list(spans)))


@st.composite
def cells(draw: st.DrawFn) -> TableCell:
    """Return a cell of paragraphs and bullet items."""
    blocks: list[Block] = []
    for _ in range(draw(st.integers(0, 3))):
        paragraph = draw(cell_paragraphs())
        if draw(st.booleans()):
            item = ListItem((paragraph,))
            if blocks and isinstance(blocks[-1], ListBlock):
                blocks[-1] = ListBlock(False, (*blocks[-1].items, item))
            else:
                blocks.append(ListBlock(False, (item,)))
        else:
            blocks.append(paragraph)
    return TableCell(tuple(blocks))


@st.composite
def tables(draw: st.DrawFn) -> Table:
    """Return a rectangular table with one header row."""
    columns = draw(st.integers(1, 3))
    rows = draw(st.integers(1, 3))
    return Table(
        tuple(TableRow(tuple(draw(cells()) for _ in range(columns))) for _ in range(rows)),
        header_rows=1,
    )


def lists(depth: int) -> st.SearchStrategy[ListBlock]:
    """Return a strategy for lists nested at most `depth` deep."""

    @st.composite
    def items(draw: st.DrawFn) -> ListItem:
        blocks: list[Block] = [draw(paragraphs)]
        if depth > 0 and draw(st.booleans()):
            blocks.append(draw(lists(depth - 1)))
        return ListItem(tuple(blocks))

    return st.builds(
        ListBlock,
        st.booleans(),
        st.lists(items(), min_size=1, max_size=3).map(tuple),
        st.integers(1, 12),
    )


def fix_start(block: Block) -> Block:
    """Return `block` with bullet lists starting at 1, as the parser reports them."""
    if isinstance(block, ListBlock):
        items = tuple(ListItem(tuple(fix_start(b) for b in item.blocks)) for item in block.items)
        return ListBlock(block.ordered, items, block.start if block.ordered else 1)
    return block


blocks = st.lists(
    st.one_of(paragraphs, headings, lists(2).map(fix_start), tables(), st.just(PageBreak())),
    max_size=6,
).map(tuple)


@settings(max_examples=150, deadline=None)
@given(blocks)
def test_parsing_written_markdown_gives_the_same_blocks(
    strip_lines: StripLines, value: tuple[Block, ...]
) -> None:
    markdown = blocks_to_markdown(value)
    assert strip_lines(parse_markdown(markdown)) == no_empty_header_rows(value), markdown


def no_empty_header_rows(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return `blocks` with an empty header row read as "no header row", as Markdown does."""
    out: list[Block] = []
    for block in blocks:
        if (
            isinstance(block, Table)
            and block.header_rows == 1
            and len(block.rows) > 1
            and not any(cell.text.strip() for cell in block.rows[0].cells)
        ):
            block = dataclasses.replace(block, rows=block.rows[1:], header_rows=0)
        out.append(block)
    return tuple(out)


def test_a_table_without_a_header_row_round_trips_through_an_empty_one() -> None:
    row = TableRow((TableCell((Paragraph((Span("a"),)),)), TableCell(())))
    table = Table((row, row), header_rows=0)
    markdown = blocks_to_markdown((table,))
    assert markdown.splitlines()[:2] == ["|  |  |", "|---|---|"]
    assert parse_markdown(markdown) == (dataclasses.replace(table, line=1),)


@given(st.text(alphabet=ALNUM + PUNCT + " ", min_size=1).map(str.strip).filter(bool))
def test_escaped_text_reads_back_literally(text: str) -> None:
    parsed = parse_markdown(escape_text(text))
    # Spaces inside a line are kept as written (nothing is lost; hypothesis found "0  0").
    assert [b.text for b in parsed if isinstance(b, Paragraph)] == [text]


def test_formats_are_written_in_the_documented_dialect() -> None:
    paragraph = Paragraph(
        (
            Span("Fed", bold=True),
            Span(" og "),
            Span("kursiv", italic=True),
            Span(" og "),
            Span("understreget", underline=True),
        )
    )
    assert blocks_to_markdown([paragraph]) == "**Fed** og *kursiv* og <u>understreget</u>\n"


def test_edge_whitespace_of_a_bold_run_moves_outside_the_markers() -> None:
    paragraph = Paragraph((Span("Fed ", bold=True), Span("tekst")))
    assert blocks_to_markdown([paragraph]) == "**Fed** tekst\n"


def test_adjacent_lists_stay_apart(strip_lines: StripLines) -> None:
    item = ListItem((Paragraph((Span("a"),)),))
    value = (ListBlock(False, (item,)), ListBlock(False, (item,)), ListBlock(False, (item,)))
    assert strip_lines(parse_markdown(blocks_to_markdown(value))) == value


@pytest.mark.parametrize("path", sorted((ROOT / "seeds" / "drafts").glob("*.toml")), ids=str)
def test_seed_bodies_survive_a_round_trip(path: Path, strip_lines: StripLines) -> None:
    parsed = parse_markdown(load_draft(path).body)
    assert strip_lines(parse_markdown(blocks_to_markdown(parsed))) == strip_lines(parsed)
