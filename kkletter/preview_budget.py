"""How much of a very long letter the page view draws.

The page view draws every page with the PDF renderer, as images. A letter of a few
hundred pages is drawn in seconds, but a megabyte of short lines is some 5,000 pages:
Typst takes over a minute for them and the decoded images need gigabytes (issue 8:
9 GB before this budget). The view therefore draws the beginning of the body, up to
`PREVIEW_MAX_LINES` estimated lines (about 50 pages), and says that it does; the
exported DOCX and PDF and the printout always have the whole letter. Fifty pages of
images at 96 ppi are some 350 MB in the view.

The estimate is deliberately coarse (it only bounds the work): a paragraph counts one
line per `_LINE_CHARS` characters and per line break plus one for the space after it, a
list its items, a table row its tallest cell in a column's share of the width, and a page
break a page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kkletter.compose import LetterDocument
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
    block_text,
)

PREVIEW_MAX_LINES = 2_500  # about 50 pages of body text
_LINE_CHARS = 90  # characters on a line of body text (A4, 11 pt)
_PAGE_LINES = 50  # lines on a page


@dataclass(frozen=True)
class PreviewPart:
    """The document the page view draws; `complete` is False when the body was cut."""

    document: LetterDocument
    complete: bool


def preview_part(document: LetterDocument, max_lines: int = PREVIEW_MAX_LINES) -> PreviewPart:
    """Return `document` with its body cut after about `max_lines` estimated lines."""
    body, _, whole = _cut_blocks(document.body, max_lines)
    if whole:
        return PreviewPart(document, True)
    return PreviewPart(replace(document, body=body), False)


# Each cut function returns the part of its input that fits in `budget` lines, the lines
# it takes, and whether that part is the whole input.
_Cut = tuple[Block | None, int, bool]


def _cut_blocks(
    blocks: tuple[Block, ...], budget: int, width: int = _LINE_CHARS
) -> tuple[tuple[Block, ...], int, bool]:
    kept: list[Block] = []
    used = 0
    for block in blocks:
        if used >= budget:
            return tuple(kept), used, False
        part, lines, whole = _cut_block(block, budget - used, width)
        if part is not None:
            kept.append(part)
        used += lines
        if not whole:
            return tuple(kept), used, False
    return blocks, used, True


def _cut_block(block: Block, budget: int, width: int) -> _Cut:
    if isinstance(block, PageBreak):
        return block, _PAGE_LINES, True
    if isinstance(block, Paragraph | Heading):
        return _cut_text(block, budget, width)
    if isinstance(block, ListBlock):
        return _cut_list(block, budget, width)
    return _cut_table(block, budget, width)


def _text_lines(text: str, width: int) -> int:
    return sum(1 + len(line) // width for line in text.split("\n"))


def _cut_text(block: Paragraph | Heading, budget: int, width: int) -> _Cut:
    lines = _text_lines(block.text, width)
    if lines < budget:
        return block, lines + 1, True  # and the space after it
    if lines == budget:
        return block, budget, True
    spans: list[Span] = []
    room = budget * width  # characters that still fit; a line break takes a whole line
    for span in block.spans:
        cost = len(span.text) + span.text.count("\n") * width
        if cost > room:
            kept = "\n".join(span.text.split("\n")[: max(1, room // width)])[:room]
            if kept:
                spans.append(replace(span, text=kept))
            break
        spans.append(span)
        room -= cost
    else:
        return block, budget, True  # the estimates differ at a line's last character
    return (replace(block, spans=tuple(spans)) if spans else None), budget, False


def _cut_list(block: ListBlock, budget: int, width: int) -> _Cut:
    items: list[ListItem] = []
    used = 0
    for item in block.items:
        if used >= budget:
            break
        inner, lines, whole = _cut_blocks(item.blocks, budget - used, width)
        if inner:
            items.append(item if whole else ListItem(inner))
        used += lines
        if not whole:
            break
    else:
        return block, used, True
    return (replace(block, items=tuple(items)) if items else None), used, False


def _cut_table(table: Table, budget: int, width: int) -> _Cut:
    cell_width = max(8, width // max(1, table.columns))
    rows: list[TableRow] = []
    used = 0
    for row in table.rows:
        lines = max((_cell_lines(cell, cell_width) for cell in row.cells), default=1)
        if used + lines > budget:
            if budget > used:  # the row's cells, cut to the lines left
                room = budget - used
                cells = [_cut_blocks(cell.blocks, room, cell_width)[0] for cell in row.cells]
                rows.append(TableRow(tuple(TableCell(blocks) for blocks in cells)))
            if not rows:
                return None, budget, False
            header_rows = min(table.header_rows, len(rows))
            return replace(table, rows=tuple(rows), header_rows=header_rows), budget, False
        rows.append(row)
        used += lines
    return table, used, True


def _cell_lines(cell: TableCell, width: int) -> int:
    return max(1, sum(_text_lines(block_text(block), width) for block in cell.blocks))
