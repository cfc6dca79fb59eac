"""The body editor: WYSIWYG rich text whose stored form is the Markdown body."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextListFormat,
    QWheelEvent,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QWidget

from kkletter.gui import tables
from kkletter.gui.richtext import PAGE_BREAK_PROPERTY, blocks_to_html, document_to_blocks
from kkletter.markup import Block, Heading, ListBlock, ListItem, Paragraph, Span, parse_markdown
from kkletter.mdwriter import blocks_to_markdown
from kkletter.text import clean_text

SEVERITY_COLOURS = {
    "error": QColor("#d0021b"),
    "warning": QColor("#e69500"),
    "info": QColor("#2f6fb3"),
}
BASE_POINT_SIZE = 11.0
ZOOM_STEPS = (50, 67, 75, 90, 100, 110, 125, 150, 175, 200)
_ESCAPE = re.compile(r"\\(.)")
_MARKUP = re.compile(r"\*\*|\*|</?u>|<br\s*/?>", re.IGNORECASE)
_BULLET_LINE = re.compile(r"^\s*[•\-–*]\s+")


@dataclass(frozen=True)
class Mark:
    """A stretch of editor text to underline: `start`..`end` in document positions."""

    start: int
    end: int
    severity: str


def plain_snippet(source: str) -> str:
    """Return Markdown `source` without escapes and inline markup, as the editor shows it."""
    return _ESCAPE.sub(r"\1", _MARKUP.sub("", source))


def text_to_blocks(text: str) -> tuple[Block, ...]:
    """Return pasted plain `text` as paragraphs and bullet lists.

    Text with blank lines (PDFs, e-mails) has its single line breaks joined into one
    paragraph; text without them keeps one paragraph per line.
    """
    text = clean_text(text)
    wrapped = "\n\n" in text
    chunks = re.split(r"\n\s*\n", text) if wrapped else text.split("\n")
    blocks: list[Block] = []
    for chunk in chunks:
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET_LINE.match(line) for line in lines):
            items = tuple(
                ListItem((Paragraph((Span(_BULLET_LINE.sub("", line, count=1)),)),))
                for line in lines
            )
            if blocks and isinstance(blocks[-1], ListBlock):
                items = blocks.pop().items + items  # type: ignore[union-attr]
            blocks.append(ListBlock(False, items))
            continue
        blocks.append(Paragraph((Span(" ".join(lines)),)))
    return tuple(blocks)


_PASTED_BULLET = re.compile(r"^[·•▪§o\-–*][\s\u00a0]+")
_PASTED_NUMBER = re.compile(r"^(\d{1,3})[.)][\s\u00a0]+")


def tidy_pasted(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Return pasted `blocks` with Word's fake lists made real and headings unbolded.

    Word writes list items as paragraphs that start with a bullet glyph ("·" in the
    Symbol font) or a number; a heading's bold is the heading's own, not emphasis.
    """
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            spans = tuple(dataclasses.replace(s, bold=False) for s in block.spans)
            out.append(dataclasses.replace(block, spans=_merge_spans(spans)))
            continue
        if isinstance(block, Paragraph) and block.spans:
            first = block.spans[0]
            for pattern, ordered in ((_PASTED_BULLET, False), (_PASTED_NUMBER, True)):
                match = pattern.match(block.text)
                if match is None or len(first.text) < match.end():
                    continue
                rest = dataclasses.replace(first, text=first.text[match.end() :])
                spans = tuple(s for s in (rest, *block.spans[1:]) if s.text)
                item = ListItem((Paragraph(spans),))
                previous = out[-1] if out else None
                if isinstance(previous, ListBlock) and previous.ordered == ordered:
                    out[-1] = dataclasses.replace(previous, items=(*previous.items, item))
                else:
                    start = int(match.group(1)) if ordered else 1
                    out.append(ListBlock(ordered, (item,), start))
                break
            else:
                out.append(block)
            continue
        out.append(block)
    return tuple(out)


def _merge_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for span in spans:
        key = (span.bold, span.italic, span.underline)
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].underline) == key:
            merged[-1] = dataclasses.replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


class BodyEditor(QTextEdit):
    """Rich-text editor for the letter body; `markdown()` is what a draft stores."""

    formatChanged = Signal()  # noqa: N815 - Qt signal naming
    zoomChanged = Signal(int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.setPlaceholderText("Skriv brevets tekst her …")
        self.document().setDocumentMargin(16)
        self._zoom = 100
        self.set_zoom(100)
        self.cursorPositionChanged.connect(self.formatChanged)
        self._marks: list[Mark] = []
        # Add entries to the right-click menu for a viewport point (spelling, tables).
        self.menu_extensions: list[Callable[[QMenu, QPoint], None]] = []
        # The Markdown last loaded and the blocks it showed as: while the document still
        # shows those blocks, `markdown()` returns that text unchanged (no re-escaping).
        self._loaded: tuple[str, tuple[Block, ...]] | None = None

    # --- storage ---------------------------------------------------------------

    def set_markdown(self, markdown: str) -> None:
        """Show Markdown `markdown`; the undo history starts afresh."""
        self.set_blocks(parse_markdown(markdown))
        self._loaded = (markdown, self.blocks())

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Show `blocks`; the undo history starts afresh."""
        self._loaded = None
        self.document().setHtml(blocks_to_html(blocks))
        self._mark_page_breaks()
        self.document().clearUndoRedoStacks()
        self.document().setModified(False)

    def blocks(self) -> tuple[Block, ...]:
        """Return the document as body blocks."""
        return document_to_blocks(self.document())

    def markdown(self) -> str:
        """Return the document as the Markdown body of a draft.

        A body opened and not changed comes back exactly as it was written.
        """
        blocks = self.blocks()
        if self._loaded is not None and blocks == self._loaded[1]:
            return self._loaded[0]
        return blocks_to_markdown(blocks)

    def _mark_page_breaks(self) -> None:
        block = self.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            if fmt.hasProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth):
                cursor = QTextCursor(block)
                fmt.setProperty(PAGE_BREAK_PROPERTY, True)
                cursor.setBlockFormat(fmt)
            block = block.next()

    # --- zoom ------------------------------------------------------------------

    def zoom(self) -> int:
        """Return the zoom in percent (100: the letter's 11 pt text at screen size)."""
        return self._zoom

    def set_zoom(self, percent: int) -> None:
        """Show the text at `percent` (50-200) of its size; the letter is not changed."""
        self._zoom = max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], percent))
        font = QFont("Arial")
        font.setStyleHint(QFont.StyleHint.SansSerif)
        font.setPointSizeF(BASE_POINT_SIZE * self._zoom / 100)
        self.document().setDefaultFont(font)  # headings scale with it (relative sizes)
        self.zoomChanged.emit(self._zoom)

    def zoom_in(self) -> None:
        """Zoom in one step (Ctrl+plus)."""
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """Zoom out one step (Ctrl+minus)."""
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom), ZOOM_STEPS[0]))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+wheel zooms; the wheel alone scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps > 0:
                self.zoom_in()
            elif steps < 0:
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    # --- right-click menu ------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        """Show the Danish right-click menu with what the extensions add."""
        menu = self.context_menu(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def context_menu(self, pos: QPoint) -> QMenu:
        """Return the right-click menu for viewport point `pos`."""
        scrolled = QPoint(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        menu = self.createStandardContextMenu(pos + scrolled)
        for extend in self.menu_extensions:
            extend(menu, pos)
        return menu

    # --- paste -----------------------------------------------------------------

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 - Qt override
        """Insert pasted content as clean structure: no foreign fonts, colours or controls."""
        if source.hasHtml():
            scratch = QTextDocument()
            scratch.setHtml(source.html())
            blocks = tidy_pasted(document_to_blocks(scratch))
        elif source.hasText():
            blocks = text_to_blocks(source.text())
        else:
            return
        if not blocks:
            return
        cursor = self.textCursor()
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
            self._insert_spans(cursor, blocks[0].spans)
        else:
            cursor.insertHtml(blocks_to_html(blocks))
            self._mark_page_breaks()
        self.setTextCursor(cursor)

    @staticmethod
    def _insert_spans(cursor: QTextCursor, spans: Sequence[Span]) -> None:
        cursor.beginEditBlock()
        for span in spans:
            fmt = QTextCharFormat()
            fmt.setFontWeight(QFont.Weight.Bold if span.bold else QFont.Weight.Normal)
            fmt.setFontItalic(span.italic)
            fmt.setFontUnderline(span.underline)
            cursor.insertText(span.text.replace("\n", "\u2028"), fmt)
        cursor.endEditBlock()

    # --- formatting ------------------------------------------------------------

    def toggle_bold(self, on: bool) -> None:
        """Make the selection bold (or not)."""
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold if on else QFont.Weight.Normal)
        self.mergeCurrentCharFormat(fmt)

    def toggle_italic(self, on: bool) -> None:
        """Make the selection italic (or not)."""
        fmt = QTextCharFormat()
        fmt.setFontItalic(on)
        self.mergeCurrentCharFormat(fmt)

    def toggle_underline(self, on: bool) -> None:
        """Underline the selection (or not)."""
        fmt = QTextCharFormat()
        fmt.setFontUnderline(on)
        self.mergeCurrentCharFormat(fmt)

    def heading_level(self) -> int:
        """Return the heading level of the current paragraph (0: normal text)."""
        return self.textCursor().blockFormat().headingLevel()

    def set_heading(self, level: int) -> None:
        """Make the current paragraphs headings of `level` (0: normal text)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        block_fmt = QTextBlockFormat()
        block_fmt.setHeadingLevel(level)
        cursor.mergeBlockFormat(block_fmt)
        char_fmt = QTextCharFormat()
        char_fmt.setProperty(
            QTextFormat.Property.FontSizeAdjustment, max(0, 4 - level) if level else 0
        )
        char_fmt.setFontWeight(QFont.Weight.DemiBold if level else QFont.Weight.Normal)
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        select = QTextCursor(self.document())
        select.setPosition(start)
        select.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        select.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        select.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        select.mergeCharFormat(char_fmt)
        cursor.endEditBlock()
        self.formatChanged.emit()

    def list_style(self) -> QTextListFormat.Style | None:
        """Return the list style of the current paragraph, or None outside a list."""
        current = self.textCursor().currentList()
        return current.format().style() if current is not None else None

    def toggle_list(self, style: QTextListFormat.Style) -> None:
        """Put the current paragraphs in a list of `style`, or take them out of it."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        current = cursor.currentList()
        if current is not None and current.format().style() == style:
            block = cursor.block()
            current.remove(block)
            block_fmt = block.blockFormat()
            block_fmt.setIndent(0)
            cursor.setBlockFormat(block_fmt)
        else:
            fmt = QTextListFormat()
            fmt.setStyle(style)
            fmt.setIndent(current.format().indent() if current is not None else 1)
            cursor.createList(fmt)
        cursor.endEditBlock()
        self.formatChanged.emit()

    def change_indent(self, step: int) -> None:
        """Move the current list item one level in (`step` 1) or out (-1)."""
        cursor = self.textCursor()
        current = cursor.currentList()
        if current is None:
            return
        fmt = current.format()
        level = fmt.indent() + step
        cursor.beginEditBlock()
        if level < 1:
            current.remove(cursor.block())
            block_fmt = cursor.blockFormat()
            block_fmt.setIndent(0)
            cursor.setBlockFormat(block_fmt)
        else:
            fmt.setIndent(level)
            fmt.setStyle(
                fmt.style()
                if fmt.style() == QTextListFormat.Style.ListDecimal
                else (
                    QTextListFormat.Style.ListCircle
                    if level % 2 == 0
                    else QTextListFormat.Style.ListDisc
                )
            )
            cursor.createList(fmt)
        cursor.endEditBlock()
        self.formatChanged.emit()

    def insert_table(self, rows: int = 3, columns: int = 2, *, header: bool = True) -> None:
        """Insert a table (with a shaded header row) at the cursor."""
        tables.insert_table(self, rows, columns, header=header)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Tab and Shift+Tab move between table cells (Tab in the last cell adds a row)."""
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            backwards = key == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            if tables.move_to_cell(self, backwards=backwards):
                return
        super().keyPressEvent(event)

    def insert_page_break(self) -> None:
        """Insert a page break (shown as a line) after the current paragraph."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        fmt = QTextBlockFormat()
        fmt.setProperty(
            QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
            QTextLength(QTextLength.Type.PercentageLength, 100),
        )
        fmt.setProperty(PAGE_BREAK_PROPERTY, True)
        cursor.insertBlock(fmt, QTextCharFormat())
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    # --- findings --------------------------------------------------------------

    def find_source_span(
        self, markdown: str, line: int, column: int, length: int
    ) -> tuple[int, int] | None:
        """Return editor positions of the Markdown source span at `line`/`column`."""
        lines = markdown.split("\n")
        if not 1 <= line <= len(lines):
            return None
        source_line = lines[line - 1]
        start = max(0, column - 1)
        source = source_line[start : start + max(1, length)]
        snippet = plain_snippet(source)
        if not snippet.strip():
            return None
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + start
        occurrence = plain_snippet(markdown[:offset]).count(snippet)
        # The n-th match in the editor's text, searched in Python: asking QTextDocument
        # once per earlier match took seconds for a finding late in a long letter.
        # Qt's own search reads a no-break space as a space; so does this one.
        text = self.document().toRawText().replace("\u00a0", " ")
        snippet = snippet.replace("\u00a0", " ")
        index = text.find(snippet)
        if index < 0:
            return None
        first = index
        for _ in range(occurrence):
            following = text.find(snippet, index + len(snippet))
            if following < 0:
                index = first  # fewer matches than in the source: show the first
                break
            index = following
        return _qt_position(text, index), _qt_position(text, index + len(snippet))

    def select_range(self, start: int, end: int, *, focus: bool = True) -> None:
        """Select `start`..`end`, scroll it into view and (with `focus`) focus the editor."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        if focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_first(self, texts: Sequence[str]) -> bool:
        """Select the first of `texts` found in the document and focus the editor."""
        document = self.document()
        found = [document.find(text) for text in texts if text]
        found = [cursor for cursor in found if not cursor.isNull()]
        if not found:
            return False
        first = min(found, key=lambda cursor: cursor.selectionStart())
        self.select_range(first.selectionStart(), first.selectionEnd())
        return True

    def replace_range(self, start: int, end: int, text: str) -> None:
        """Replace `start`..`end` with `text` as one undoable step."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(text)
        self.setTextCursor(cursor)

    def set_marks(self, marks: Sequence[Mark]) -> None:
        """Underline `marks` with a wavy line in their severity's colour."""
        self._marks = list(marks)
        selections = []
        for mark in marks:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(min(mark.start, self.document().characterCount() - 1))
            cursor.setPosition(
                min(mark.end, self.document().characterCount() - 1), QTextCursor.MoveMode.KeepAnchor
            )
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(SEVERITY_COLOURS.get(mark.severity, SEVERITY_COLOURS["info"]))
            selection.format = fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def marks(self) -> list[Mark]:
        """Return the underlined findings."""
        return list(self._marks)


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _qt_position(text: str, index: int) -> int:
    """Return the document position of `text[index]`: Qt counts UTF-16 code units."""
    return index + len(_ASTRAL.findall(text, 0, index))
