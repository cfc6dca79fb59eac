"""Editor for a bilag's status tables: sections, tables, and two-column lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
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
        self.tree = QTreeWidget()
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
        self.tree.itemChanged.connect(self._on_tree_item_changed)

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

    def _on_add_section_clicked(self) -> None:
        item = self._item(None, "section", "Ny overskrift", "", {})
        self.tree.setCurrentItem(item)
        self.changed.emit()

    def _on_add_table_clicked(self) -> None:
        section = self._selected("section")
        if section is None:
            section = self._item(None, "section", "Ny overskrift", "", {})
        item = self._item(section, "table", "Nyt skema", "", {"linjer": []})
        self.tree.setCurrentItem(item)
        self.changed.emit()

    def _on_add_line_clicked(self) -> None:
        table = self._selected("table")
        if table is None:
            return
        item = self._item(table, "line", "Emne", "Status", None)
        self.tree.setCurrentItem(item)
        self.changed.emit()

    def _on_remove_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            parent.removeChild(item)
        self.changed.emit()

    def _on_tree_item_changed(self, *_args: object) -> None:
        self.changed.emit()
