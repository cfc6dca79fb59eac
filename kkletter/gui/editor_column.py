"""The middle column: format bar, body editor and find bar, with their buttons kept in step.

The column wires what belongs to the editor alone: spelling underlines and suggestions,
the table entries of the right-click menu, the state of the format and table actions,
and "find next" being on only while the find bar is open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont, QTextCharFormat, QTextListFormat
from PySide6.QtWidgets import QComboBox, QMenu, QToolBar, QVBoxLayout, QWidget

from kkletter.gui import tables
from kkletter.gui.actions import Actions
from kkletter.gui.editor import BodyEditor
from kkletter.gui.find import FindBar, Target
from kkletter.gui.menus import add_table_actions
from kkletter.gui.spelling import (
    SpellHighlighter,
    SpellService,
    add_spelling_actions,
    editor_word_at,
    replace_selection,
)

HEADINGS = ("Brødtekst", "Overskrift 1", "Overskrift 2", "Overskrift 3")


class EditorColumn(QWidget):
    """Hold the body editor with its format bar and find bar."""

    def __init__(
        self,
        actions: Actions,
        spelling: SpellService,
        search_targets: Callable[[], Sequence[Target]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._act = actions
        self._spelling = spelling
        self.editor = BodyEditor()
        SpellHighlighter(self.editor.document(), spelling)
        self.editor.menu_extensions.append(self._add_spelling_to_menu)
        self.editor.menu_extensions.append(self._add_table_to_menu)
        self.format_bar = QToolBar("Formatering")
        self.heading_box = QComboBox()
        self.heading_box.addItems(list(HEADINGS))
        self.heading_box.setToolTip("Afsnitstype")
        self.find_bar = FindBar(self.editor, lambda: [*search_targets(), self.editor], self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.format_bar)
        layout.addWidget(self.editor)
        layout.addWidget(self.find_bar)
        self.editor.formatChanged.connect(self._on_editor_format_changed)
        self.editor.currentCharFormatChanged.connect(self._on_editor_current_char_format_changed)
        self.editor.cursorPositionChanged.connect(self._on_editor_cursor_position_changed)
        self.heading_box.activated.connect(self._on_heading_box_activated)
        self.find_bar.shownChanged.connect(self._on_find_bar_shown_changed)
        self._on_editor_cursor_position_changed()
        self._on_find_bar_shown_changed(False)

    def _add_spelling_to_menu(self, menu: QMenu, pos: QPoint) -> None:
        found = editor_word_at(self.editor, pos)
        if found is not None:
            word, cursor = found
            add_spelling_actions(
                menu,
                self._spelling,
                word,
                lambda text: replace_selection(self.editor, cursor, text),
            )

    def _add_table_to_menu(self, menu: QMenu, pos: QPoint) -> None:
        clicked = self.editor.cursorForPosition(pos)
        if tables.table_at(clicked) is None:
            return
        current = self.editor.textCursor()
        if not current.selectionStart() <= clicked.position() <= current.selectionEnd():
            self.editor.setTextCursor(clicked)  # the cell clicked, as in Word
        menu.addSeparator()
        add_table_actions(menu.addMenu("&Tabel"), self._act)

    def _on_editor_format_changed(self) -> None:
        self.heading_box.setCurrentIndex(min(3, self.editor.heading_level()))
        style = self.editor.list_style()
        self._act.bullets.setChecked(
            style is not None and style != QTextListFormat.Style.ListDecimal
        )
        self._act.numbers.setChecked(style == QTextListFormat.Style.ListDecimal)

    def _on_editor_current_char_format_changed(self, fmt: QTextCharFormat) -> None:
        self._act.bold.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self._act.italic.setChecked(fmt.fontItalic())
        self._act.underline.setChecked(fmt.fontUnderline())

    def _on_editor_cursor_position_changed(self) -> None:
        in_table = tables.table_at(self.editor.textCursor()) is not None
        for action in self._act.table_actions():
            action.setEnabled(in_table)
        self._act.header_row.setChecked(in_table and tables.has_header_row(self.editor))

    def _on_heading_box_activated(self, index: int) -> None:
        self.editor.set_heading(index)
        self.editor.setFocus()

    def _on_find_bar_shown_changed(self, shown: bool) -> None:
        # F3 is "find next" while searching; otherwise it is free for other uses.
        for action in (self._act.find_next, self._act.find_previous):
            action.setEnabled(shown)
