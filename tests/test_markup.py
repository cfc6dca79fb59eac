from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kkletter.markup import (
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Span,
    Table,
    block_text,
    cell_markup,
    iter_paragraphs,
    number_sections,
    parse_markdown,
)


def test_headings_keep_level_and_source_line() -> None:
    blocks = parse_markdown("intro\n\n## Afsnit\n\n#### Underafsnit\n")
    assert blocks[1] == Heading(2, (Span("Afsnit"),), line=3)
    assert isinstance(blocks[2], Heading)
    assert blocks[2].level == 4


def test_bold_italic_underline_become_span_formats() -> None:
    (para,) = parse_markdown("a **fed** *kursiv* <u>understreg</u> ***begge***")
    assert isinstance(para, Paragraph)
    formats = {s.text: (s.bold, s.italic, s.underline) for s in para.spans}
    assert formats["fed"] == (True, False, False)
    assert formats["kursiv"] == (False, True, False)
    assert formats["understreg"] == (False, False, True)
    assert formats["begge"] == (True, True, False)
    assert "**" not in para.text
    assert "<u>" not in para.text


def test_nested_lists_and_numbered_start() -> None:
    blocks = parse_markdown("- a\n  - a1\n- b\n\n3. tre\n4. fire\n")
    bullets, numbered = blocks
    assert isinstance(bullets, ListBlock)
    assert not bullets.ordered
    assert isinstance(bullets.items[0].blocks[1], ListBlock)
    assert isinstance(numbered, ListBlock)
    assert numbered.ordered
    assert numbered.start == 3


def test_table_cells_hold_paragraphs_and_bullets() -> None:
    source = "| Titel | |\n|---|---|\n| Mål | Første<br>- punkt 1<br>- punkt 2<br>Sidste |\n"
    (table,) = parse_markdown(source)
    assert isinstance(table, Table)
    assert table.header_rows == 1
    assert table.columns == 2
    cell = table.rows[1].cells[1]
    kinds = [type(b).__name__ for b in cell.blocks]
    assert kinds == ["Paragraph", "ListBlock", "Paragraph"]
    assert cell.text == "Første\npunkt 1\npunkt 2\nSidste"


def test_thematic_break_is_a_page_break() -> None:
    blocks = parse_markdown("side 1\n\n---\n\nside 2\n")
    assert isinstance(blocks[1], PageBreak)


def test_other_html_is_kept_as_literal_text() -> None:
    (para,) = parse_markdown("se <b>dette</b>")
    assert isinstance(para, Paragraph)
    assert para.text == "se <b>dette</b>"


def test_control_characters_from_pdfs_are_removed() -> None:
    blocks = parse_markdown("linje\x00 et\x0bto\x0c")
    text = "\n".join(block_text(b) for b in blocks)
    assert "\x00" not in text
    assert "\x0b" not in text
    assert "\x0c" not in text
    assert "et" in text
    assert "to" in text


def test_number_sections_numbers_level_two_headings() -> None:
    blocks = number_sections(parse_markdown("## Vurdering\n\ntekst\n\n## Samarbejde\n"))
    headings = [b for b in blocks if isinstance(b, Heading)]
    assert [h.text for h in headings] == ["1. Vurdering", "2. Samarbejde"]


def test_number_sections_continues_from_a_written_number() -> None:
    blocks = number_sections(parse_markdown("## 3. Økonomi\n\n## Opfølgning\n"))
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["3. Økonomi", "4. Opfølgning"]


def test_cell_markup_round_trips_through_a_table() -> None:
    text = "Første afsnit\nfortsat\n\n- et | to\n- tre\n\nSidste"
    source = f"| a | b |\n|---|---|\n| x | {cell_markup(text)} |\n"
    (table,) = parse_markdown(source)
    assert isinstance(table, Table)
    assert table.rows[1].cells[1].text == "Første afsnit fortsat\net | to\ntre\nSidste"


def test_iter_paragraphs_reaches_into_lists_and_tables() -> None:
    blocks = parse_markdown("- a\n\n| h |\n|---|\n| c |\n")
    assert [p.text for p in iter_paragraphs(blocks)] == ["a", "h", "c"]


@given(st.text())
def test_parse_never_crashes_and_never_leaks_markers(source: str) -> None:
    blocks = parse_markdown(source)
    for block in blocks:
        block_text(block)


def test_cells_beyond_the_header_width_are_kept_not_dropped() -> None:
    (table,) = parse_markdown("| a | b |\n|---|---|\n| 1 | 2 | 3 **x** \\| y |\n")
    assert isinstance(table, Table)
    assert [cell.text for cell in table.rows[1].cells] == ["1", "2", "3 x | y"]
    assert table.columns == 3


def test_extra_cells_in_a_quoted_table_are_counted_from_the_pipe() -> None:
    (table,) = parse_markdown("> | a | b |\n> |---|---|\n> | 1 | 2 | 3 |\n")
    assert isinstance(table, Table)
    assert [cell.text for cell in table.rows[1].cells] == ["1", "2", "3"]


@given(st.lists(st.text(alphabet="abc æ", min_size=1, max_size=8), min_size=1, max_size=6))
def test_no_cell_text_is_lost_whatever_the_row_width(cells: list[str]) -> None:
    row = " | ".join(cells)
    (table,) = parse_markdown(f"| h |\n|---|\n| {row} |\n")
    assert isinstance(table, Table)
    text = "".join(cell.text for cell in table.rows[1].cells)
    for word in " ".join(cells).split():
        assert word in text


@given(
    st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\\`*_[]<>&!~"),
        max_size=40,
    )
)
def test_a_plain_cell_past_the_header_reads_as_markdown_it_reads_it(text: str) -> None:
    # Cells past the header's width skip markdown-it when they hold no Markdown
    # characters (issue 8: ~20 µs a call); they must come out exactly as if parsed.
    from kkletter.markdown_limits import parser_for
    from kkletter.markup import _cell_blocks, _inline_token
    from kkletter.text import clean_text

    cell = clean_text(text).replace("\n", " ").strip()
    (parsed,) = parser_for(cell).parseInline(cell)
    assert _cell_blocks(_inline_token(cell)) == _cell_blocks(parsed)


def test_cells_past_the_header_keep_their_text_and_markup() -> None:
    (table,) = parse_markdown("| a |\n|---|\n| b | c | **d** | - e |")
    assert isinstance(table, Table)
    cells = table.rows[1].cells
    assert [cell.text for cell in cells] == ["b", "c", "d", "e"]
    (bold,) = cells[2].blocks
    assert isinstance(bold, Paragraph)
    assert bold.spans == (Span("d", bold=True),)
    assert isinstance(cells[3].blocks[0], ListBlock)
