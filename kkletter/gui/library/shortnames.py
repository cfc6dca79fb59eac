"""F3: expand the short name before the cursor into its standard paragraph (as in WollMux).

F3 is shared with "find next": when the word before the cursor is a known short name,
F3 inserts the paragraph; otherwise it does whatever F3 did before (find next).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from kkletter.gui.richtext import blocks_to_html
from kkletter.library.paragraphs import Paragraph, find_short_name
from kkletter.markup import parse_markdown

_WORD_BEFORE = re.compile(r"[0-9a-zæøåA-ZÆØÅ_-]{2,30}$")


def word_before_cursor(editor: QTextEdit) -> str:
    """Return the short-name-like word just before the cursor (empty when there is none)."""
    cursor = editor.textCursor()
    if cursor.hasSelection():
        return ""
    before = cursor.block().text()[: cursor.positionInBlock()]
    match = _WORD_BEFORE.search(before)
    return match.group() if match else ""


def short_name_at_cursor(editor: QTextEdit, paragraphs: Iterable[Paragraph]) -> Paragraph | None:
    """Return the paragraph whose short name is the word before the cursor, if any."""
    word = word_before_cursor(editor)
    return find_short_name(paragraphs, word) if word else None


def insert_markdown(editor: QTextEdit, markdown: str, *, replace_word: str = "") -> None:
    """Insert `markdown` at the cursor as rich text, first removing `replace_word` before it."""
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    if replace_word:
        cursor.movePosition(
            QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(replace_word)
        )
        cursor.removeSelectedText()
    if cursor.positionInBlock() > 0:
        # A paragraph is inserted as paragraphs of its own, not glued to the line's text.
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat())
    cursor.insertHtml(blocks_to_html(parse_markdown(markdown)))
    cursor.endEditBlock()
    editor.setTextCursor(cursor)
