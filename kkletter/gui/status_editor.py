"""Editor for a bilag's status tables: sections, tables, and two-column lines.

A cell may hold several paragraphs (separated by an empty line) and bullet lists
("- ..."): it is edited in a multi-line editor where Enter starts a new line and Tab
(or leaving the cell) keeps the text. Every edit, addition and deletion is one step
on the editor's own undo stack (Ctrl+Z / Ctrl+Y while the list has the focus).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

_ROLE = Qt.ItemDataRole.UserRole  # the original dict, so keys the editor does not show survive
_KIND = Qt.ItemDataRole.UserRole + 1
_HAS_CHILDREN = Qt.ItemDataRole.UserRole + 2  # whether "skemaer"/"linjer" was there
_CHILD_KEYS = {"section": "skemaer", "table": "linjer"}


class StatusTablesEditor(QWidget):
    """Edit `[[fields.statusskemaer]]`: afsnit (overskrift) > skema (titel) > linjer."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.tree = QTreeWidget()
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_CellDelegate(self._on_cell_edited, self.tree))
        self.tree.setEditTriggers(
            QTreeWidget.EditTrigger.DoubleClicked
            | QTreeWidget.EditTrigger.EditKeyPressed
            | QTreeWidget.EditTrigger.AnyKeyPressed
        )
        self.tree.installEventFilter(self)
        self.tree.setHeaderLabels(["Afsnit / skema / emne", "Status"])
        self.tree.setColumnWidth(0, 170)
        self.tree.setMinimumHeight(160)
        buttons = QHBoxLayout()
        self._add_section = QPushButton("Nyt afsnit")
        self._add_table = QPushButton("Nyt skema")
        self._add_line = QPushButton("Ny linje")
        self._remove = QPushButton("Slet")
        for button in (self._add_section, self._add_table, self._add_line, self._remove):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        layout.addLayout(buttons)
        self._add_section.clicked.connect(self._on_add_section_clicked)
        self._add_table.clicked.connect(self._on_add_table_clicked)
        self._add_line.clicked.connect(self._on_add_line_clicked)
        self._remove.clicked.connect(self._on_remove_clicked)
        self.undo_stack.indexChanged.connect(self._on_undo_stack_index_changed)

    def set_value(self, value: Any) -> None:
        """Show the sections of `value` (a list of tables as the draft holds them)."""
        self.tree.blockSignals(True)
        self.tree.clear()
        for section in value if isinstance(value, list) else []:
            if not isinstance(section, dict):
                continue
            item = self._item(None, "section", str(section.get("overskrift", "")), "", section)
            for table in section.get("skemaer", []) or []:
                if not isinstance(table, dict):
                    continue
                table_item = self._item(item, "table", str(table.get("titel", "")), "", table)
                for line in table.get("linjer", []) or []:
                    cells = [str(c) for c in line] if isinstance(line, list) else [str(line)]
                    cells += [""] * (2 - len(cells))
                    self._item(table_item, "line", cells[0], cells[1], None)
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self.undo_stack.clear()

    def value(self) -> list[dict[str, Any]]:
        """Return the sections as draft data."""
        sections: list[dict[str, Any]] = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            assert item is not None
            section = dict(item.data(0, _ROLE) or {})
            section["overskrift"] = item.text(0)
            tables = []
            for j in range(item.childCount()):
                table_item = item.child(j)
                assert table_item is not None
                table = dict(table_item.data(0, _ROLE) or {})
                table["titel"] = table_item.text(0)
                lines = [table_item.child(k) for k in range(table_item.childCount())]
                rows = [[x.text(0), x.text(1)] for x in lines if x is not None]
                if rows or table_item.data(0, _HAS_CHILDREN):
                    table["linjer"] = rows
                tables.append(table)
            # A section without tables keeps its shape: no empty list is added.
            if tables or item.data(0, _HAS_CHILDREN):
                section["skemaer"] = tables
            sections.append(section)
        return sections

    def _item(
        self,
        parent: QTreeWidgetItem | None,
        kind: str,
        first: str,
        second: str,
        original: dict[str, Any] | None,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([first, second])
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        item.setData(0, _KIND, kind)
        if original is not None:
            item.setData(
                0, _ROLE, {k: v for k, v in original.items() if k not in ("skemaer", "linjer")}
            )
            item.setData(0, _HAS_CHILDREN, _CHILD_KEYS.get(kind, "") in original)
        if kind != "line":
            font = item.font(0)
            font.setBold(kind == "section")
            item.setFont(0, font)
        if parent is None:
            self.tree.addTopLevelItem(item)
        else:
            parent.addChild(item)
            parent.setExpanded(True)
        return item

    def _selected(self, kind: str) -> QTreeWidgetItem | None:
        item = self.tree.currentItem()
        while item is not None and item.data(0, _KIND) != kind:
            item = item.parent()
        return item

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Claim Ctrl+Z / Ctrl+Y in the list for this editor's own undo stack."""
        if watched is self.tree and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo)
            redo = event.matches(QKeySequence.StandardKey.Redo)
            if undo or redo:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()  # not the window's Fortryd (that is the body's)
                    return True
                if event.type() == QEvent.Type.KeyPress:
                    (self.undo_stack.undo if undo else self.undo_stack.redo)()
                    return True
        return super().eventFilter(watched, event)

    def _on_cell_edited(self, item: QTreeWidgetItem, column: int, text: str) -> None:
        if item.text(column) != text:
            self.undo_stack.push(_SetText(item, column, text))

    def _add(self, parent: QTreeWidgetItem | None, kind: str, first: str, second: str) -> None:
        original: dict[str, Any] | None = (
            {"linjer": []} if kind == "table" else ({} if kind == "section" else None)
        )
        item = self._item(parent, kind, first, second, original)
        # Take it out again: the command puts it in (and takes it out on undo).
        _detach(self.tree, item)
        self.undo_stack.push(_Insert(self.tree, parent, item, f"Tilføj {first}"))
        self.tree.setCurrentItem(item)

    def _on_add_section_clicked(self) -> None:
        self._add(None, "section", "Ny overskrift", "")

    def _on_add_table_clicked(self) -> None:
        section = self._selected("section")
        self.undo_stack.beginMacro("Nyt skema")
        if section is None:
            self._add(None, "section", "Ny overskrift", "")
            section = self._selected("section")
        self._add(section, "table", "Nyt skema", "")
        self.undo_stack.endMacro()

    def _on_add_line_clicked(self) -> None:
        table = self._selected("table")
        if table is not None:
            self._add(table, "line", "Emne", "Status")

    def _on_remove_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.undo_stack.push(_Remove(self.tree, item))

    def _on_undo_stack_index_changed(self, _index: int) -> None:
        self.changed.emit()


def _detach(tree: QTreeWidget, item: QTreeWidgetItem) -> tuple[QTreeWidgetItem | None, int]:
    """Take `item` out of `tree`; return its parent and index there."""
    parent = item.parent()
    if parent is None:
        index = tree.indexOfTopLevelItem(item)
        tree.takeTopLevelItem(index)
    else:
        index = parent.indexOfChild(item)
        parent.takeChild(index)
    return parent, index


def _attach(
    tree: QTreeWidget, parent: QTreeWidgetItem | None, index: int, item: QTreeWidgetItem
) -> None:
    if parent is None:
        tree.insertTopLevelItem(index, item)
    else:
        parent.insertChild(index, item)
        parent.setExpanded(True)
    item.setExpanded(True)


class _SetText(QUndoCommand):
    """Change the text of one cell."""

    def __init__(self, item: QTreeWidgetItem, column: int, text: str) -> None:
        super().__init__("Ret tekst")
        self._item, self._column = item, column
        self._old, self._new = item.text(column), text

    def redo(self) -> None:
        self._item.setText(self._column, self._new)

    def undo(self) -> None:
        self._item.setText(self._column, self._old)


class _Insert(QUndoCommand):
    """Insert an item (with its children) at the end of `parent`."""

    def __init__(
        self, tree: QTreeWidget, parent: QTreeWidgetItem | None, item: QTreeWidgetItem, text: str
    ) -> None:
        super().__init__(text)
        self._tree, self._parent, self._item = tree, parent, item
        count = parent.childCount() if parent is not None else tree.topLevelItemCount()
        self._index = count

    def redo(self) -> None:
        _attach(self._tree, self._parent, self._index, self._item)

    def undo(self) -> None:
        _detach(self._tree, self._item)


class _Remove(QUndoCommand):
    """Remove an item (with its children)."""

    def __init__(self, tree: QTreeWidget, item: QTreeWidgetItem) -> None:
        super().__init__(f"Slet {item.text(0)}")
        self._tree, self._item = tree, item
        self._parent: QTreeWidgetItem | None = None
        self._index = 0

    def redo(self) -> None:
        self._parent, self._index = _detach(self._tree, self._item)

    def undo(self) -> None:
        _attach(self._tree, self._parent, self._index, self._item)


class _CellDelegate(QStyledItemDelegate):
    """Edit a cell in a multi-line editor; hand the result to `edited` (for undo)."""

    def __init__(
        self, edited: Callable[[QTreeWidgetItem, int, str], None], tree: QTreeWidget
    ) -> None:
        super().__init__(tree)
        self._edited = edited
        self._tree = tree

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        """Return a multi-line editor: Enter is a new line, Tab keeps the text."""
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.setToolTip(
            "Enter: ny linje. Tom linje: nyt afsnit. '- ' først i linjen: punkt. "
            "Tab eller klik udenfor: gem."
        )
        return editor

    def setEditorData(  # noqa: N802 - Qt override
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Put the cell's text in `editor`, cursor at the end."""
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data() or ""))
            editor.moveCursor(editor.textCursor().MoveOperation.End)

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Hand the edited text to the undo stack instead of writing it directly."""
        if not isinstance(editor, QPlainTextEdit):
            return
        plain = model.index(index.row(), index.column(), index.parent())
        item = self._tree.itemFromIndex(plain)
        if item is not None:
            self._edited(item, index.column(), editor.toPlainText().strip("\n"))

    def updateEditorGeometry(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """Give the editor room for a few lines."""
        rect = option.rect
        rect.setHeight(max(rect.height(), 72))
        editor.setGeometry(rect)
