"""Convert between body blocks and Qt rich text (HTML in, QTextDocument out).

Blocks -> HTML feeds both the editor (`QTextDocument.setHtml`) and the preview, so they
draw the same structure. QTextDocument -> blocks reads back only what the Markdown
dialect can hold (paragraphs, headings, bold/italic/underline, lists, tables, page
breaks); fonts, colours and sizes are dropped, which is also how pasted text is cleaned.
Qt's own toMarkdown/setMarkdown are not used: their dialect differs (underline, cells).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtGui import (
    QFont,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
)

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
)
from kkletter.text import clean_text

PAGE_BREAK_PROPERTY = QTextFormat.Property.UserProperty + 1
_LINE_SEPARATOR = "\u2028"
_ORDERED_STYLES = {
    QTextListFormat.Style.ListDecimal,
    QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha,
    QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}

# --- blocks -> HTML -----------------------------------------------------------------


def blocks_to_html(blocks: Sequence[Block], *, page_break: str = "<hr/>") -> str:
    """Return `blocks` as the HTML subset QTextDocument understands."""
    return "".join(_block_html(block, page_break) for block in blocks)


def spans_to_html(spans: Iterable[Span]) -> str:
    """Return `spans` as inline HTML; "\\n" becomes `<br/>`."""
    out: list[str] = []
    for span in spans:
        text = html.escape(span.text).replace("\n", "<br/>")
        if span.underline:
            text = f"<u>{text}</u>"
        if span.italic:
            text = f"<i>{text}</i>"
        if span.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _block_html(block: Block, page_break: str) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{spans_to_html(block.spans)}</p>"
    if isinstance(block, Heading):
        level = max(1, min(6, block.level))
        number = f"{html.escape(block.number)} " if block.number else ""
        # Headings are semibold: explicit bold inside a heading stays distinguishable.
        return f'<h{level} style="font-weight:600">{number}{spans_to_html(block.spans)}</h{level}>'
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "".join(
            "<li>" + "".join(_item_html(inner, page_break) for inner in item.blocks) + "</li>"
            for item in block.items
        )
        return f"<{tag}{start}>{items}</{tag}>"
    if isinstance(block, Table):
        rows = []
        for index, row in enumerate(block.rows):
            # Header cells are shaded, not bold: bold would read back as bold text.
            shade = ' bgcolor="#e6ecf2"' if index < block.header_rows else ""
            cells = "".join(
                f"<td{shade}>{blocks_to_html(cell.blocks, page_break=page_break)}</td>"
                for cell in row.cells
            )
            rows.append(f"<tr>{cells}</tr>")
        # <thead> sets the table format's header-row count, which reads back below.
        head = "".join(rows[: block.header_rows])
        body = "".join(rows[block.header_rows :])
        return (
            '<table border="1" cellspacing="0" cellpadding="4" width="100%" '
            f'style="border-collapse: collapse;">'
            f"{f'<thead>{head}</thead>' if head else ''}{body}</table>"
        )
    return page_break


def _item_html(block: Block, page_break: str) -> str:
    # A list item's first paragraph sits on the bullet line, without paragraph margins.
    if isinstance(block, Paragraph):
        return spans_to_html(block.spans)
    return _block_html(block, page_break)


# --- QTextDocument -> blocks ----------------------------------------------------------


def document_to_blocks(document: QTextDocument) -> tuple[Block, ...]:
    """Return the structure of `document` as body blocks."""
    blocks: list[Block] = []
    reader = _ListBuilder(blocks)
    block = document.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            reader.flush()
            blocks.append(_table_block(table))
            # Continue after the table's last cell.
            block = table.lastCursorPosition().block().next()
            continue
        reader.add(block)
        block = block.next()
    reader.flush()
    return tuple(blocks)


def block_spans(block: QTextBlock, *, heading: bool = False) -> tuple[Span, ...]:
    """Return the formatted spans of `block`; in a heading only heavier than semibold is bold."""
    text = block.text()
    spans: list[Span] = []
    for part in block.textFormats():
        chunk = text[part.start : part.start + part.length]
        fmt = part.format
        chunk = clean_text(chunk.replace(_LINE_SEPARATOR, "\n").replace("\ufffc", ""))
        if not chunk:
            continue
        weight = fmt.fontWeight()
        bold = weight >= QFont.Weight.Bold if heading else weight >= QFont.Weight.DemiBold
        span = Span(chunk, bold, fmt.fontItalic(), fmt.fontUnderline())
        if spans and (spans[-1].bold, spans[-1].italic, spans[-1].underline) == (
            span.bold,
            span.italic,
            span.underline,
        ):
            spans[-1] = Span(spans[-1].text + chunk, span.bold, span.italic, span.underline)
        else:
            spans.append(span)
    return _trim(spans)


def _trim(spans: list[Span]) -> tuple[Span, ...]:
    """Drop whitespace and line breaks at the start and end of a paragraph."""
    while spans and not spans[0].text.strip():
        spans.pop(0)
    while spans and not spans[-1].text.strip():
        spans.pop()
    if spans:
        first, last = spans[0], spans[-1]
        spans[0] = Span(first.text.lstrip(), first.bold, first.italic, first.underline)
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.underline)
    return tuple(spans)


def _is_page_break(block: QTextBlock) -> bool:
    fmt = block.blockFormat()
    return (
        bool(
            fmt.hasProperty(PAGE_BREAK_PROPERTY)
            or fmt.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth)
        )
        and not block.text().strip()
    )


def _paragraph_or_heading(block: QTextBlock) -> Paragraph | Heading | None:
    level = block.blockFormat().headingLevel()
    spans = block_spans(block, heading=level > 0)
    if not spans:
        return None
    if level > 0:
        flat = tuple(Span(s.text.replace("\n", " "), s.bold, s.italic, s.underline) for s in spans)
        return Heading(level, _merge(flat))
    return Paragraph(spans)


def _merge(spans: Sequence[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for span in spans:
        key = (span.bold, span.italic, span.underline)
        if out and (out[-1].bold, out[-1].italic, out[-1].underline) == key:
            out[-1] = Span(out[-1].text + span.text, *key)
        else:
            out.append(span)
    return tuple(out)


class _ListBuilder:
    """Collect consecutive list paragraphs into nested `ListBlock`s by indent."""

    def __init__(self, out: list[Block]) -> None:
        self._out = out
        # Open lists, outermost first: (indent, ordered, start, items-so-far).
        self._stack: list[tuple[int, bool, int, list[list[Block]]]] = []
        self._list_ids: list[int] = []

    def add(self, block: QTextBlock) -> None:
        text_list = block.textList()
        if _is_page_break(block):
            self.flush()
            self._out.append(PageBreak())
            return
        if text_list is None:
            paragraph = _paragraph_or_heading(block)
            indent = block.blockFormat().indent()
            if paragraph is not None and self._stack and indent > 0:
                # An indented paragraph after a list item continues that item.
                self._stack[-1][3][-1].append(paragraph)
                return
            self.flush()
            if paragraph is not None:
                self._out.append(paragraph)
            return
        fmt = text_list.format()
        indent = max(1, fmt.indent())
        ordered = fmt.style() in _ORDERED_STYLES
        start = fmt.start() if ordered else 1
        key = text_list.item(0).position()
        while self._stack and self._stack[-1][0] > indent:
            self._close_top()
        if self._stack and self._stack[-1][0] == indent and self._list_ids[-1] != key:
            self._close_top()
        if not self._stack or self._stack[-1][0] < indent:
            self._stack.append((indent, ordered, max(1, start), []))
            self._list_ids.append(key)
        paragraph = _paragraph_or_heading(block)
        self._stack[-1][3].append([paragraph] if paragraph is not None else [])

    def _close_top(self) -> None:
        _indent, ordered, start, items = self._stack.pop()
        self._list_ids.pop()
        block = ListBlock(ordered, tuple(ListItem(tuple(item)) for item in items), start)
        if self._stack:
            parent_items = self._stack[-1][3]
            if not parent_items:
                parent_items.append([])
            parent_items[-1].append(block)
        else:
            self._out.append(block)

    def flush(self) -> None:
        while self._stack:
            self._close_top()


def _table_block(table: object) -> Table:
    from PySide6.QtGui import QTextTable

    assert isinstance(table, QTextTable)
    rows: list[TableRow] = []
    for row in range(table.rows()):
        cells: list[TableCell] = []
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            inner: list[Block] = []
            builder = _ListBuilder(inner)
            block = cell.firstCursorPosition().block()
            last = cell.lastCursorPosition().block()
            while block.isValid():
                builder.add(block)
                if block == last:
                    break
                block = block.next()
            builder.flush()
            cells.append(TableCell(_cell_safe(inner)))
        rows.append(TableRow(tuple(cells)))
    return Table(tuple(rows), header_rows=min(table.format().headerRowCount(), len(rows)))


def _cell_safe(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Keep what a Markdown cell can hold: paragraphs and one-level bullet lists."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            spans = tuple(
                Span(s.text.replace("\n", " "), s.bold, s.italic, s.underline) for s in block.spans
            )
            out.append(Paragraph(spans))
        elif isinstance(block, ListBlock):
            items = []
            for item in block.items:
                for inner in item.blocks:
                    if isinstance(inner, Paragraph | Heading):
                        items.append(ListItem((Paragraph(inner.spans),)))
            if items:
                out.append(ListBlock(False, tuple(items)))
    return tuple(out)
