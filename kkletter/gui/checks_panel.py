"""The checks panel: findings grouped by severity, with a one-click fix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypeGuard

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkletter.fields import field_label
from kkletter.gui.editor import SEVERITY_COLOURS

if TYPE_CHECKING:
    # Importing the checks package loads every check; the panel only shows results.
    from kkletter.checks.findings import Finding

GROUPS = (("error", "Fejl"), ("warning", "Advarsler"), ("info", "Oplysninger"))
_ROLE = Qt.ItemDataRole.UserRole


class ChecksPanel(QWidget):
    """List findings; show, go to and fix them from the keyboard or the mouse.

    Selecting a finding (click, arrow keys) emits `findingSelected`: the window shows
    the spot but keeps the focus here, so the next Enter cannot overwrite text.
    Enter or a double click emits `findingActivated` (go there); "Ret" or Ctrl+Enter
    emits `fixRequested`, after which the next finding is selected.
    """

    findingSelected = Signal(object)  # noqa: N815 - Qt signal naming
    findingActivated = Signal(object)  # noqa: N815
    fixRequested = Signal(object)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("Ingen kontrol endnu.")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Fund", "Sted"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setWordWrap(True)
        self.fix_button = QPushButton("Ret")
        self.fix_button.setToolTip("Erstat med forslaget (Ctrl+Enter)")
        self.fix_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        self._labels: Mapping[str, str] = {}
        self._findings: list[Finding] = []
        self._checked = False
        # The row of the finding just fixed: the next findings list selects the row there.
        self._fixed_row: int | None = None
        self.fix_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self.tree)
        self.fix_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.tree.setAccessibleName("Fund")
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.fix_button.clicked.connect(self._on_fix_button_clicked)
        self.fix_shortcut.activated.connect(self._on_fix_button_clicked)

    def set_field_labels(self, labels: Mapping[str, str]) -> None:
        """Use `labels` for the template's fields (field id -> label)."""
        self._labels = dict(labels)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show `findings`, grouped by severity; the selection survives when it can."""
        findings = list(findings)
        if self._checked and findings == self._findings:
            return
        self._checked = True
        selected = self.current_finding()
        self._findings = findings
        self.tree.clear()
        counts: dict[str, int] = {}
        restore: QTreeWidgetItem | None = None
        for severity, title in GROUPS:
            group = [f for f in findings if f.severity == severity]
            counts[severity] = len(group)
            if not group:
                continue
            parent = QTreeWidgetItem([f"{title} ({len(group)})"])
            parent.setForeground(0, QBrush(SEVERITY_COLOURS[severity]))
            font = parent.font(0)
            font.setBold(True)
            parent.setFont(0, font)
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(parent)
            for finding in group:
                item = QTreeWidgetItem([_describe(finding), self._where(finding)])
                item.setData(0, _ROLE, finding)
                item.setToolTip(0, _describe(finding))
                parent.addChild(item)
                if finding == selected:
                    restore = item
            parent.setExpanded(True)
        rows = self.items()
        if self._fixed_row is not None and rows and restore is None:
            restore = rows[min(self._fixed_row, len(rows) - 1)]
        self._fixed_row = None
        if restore is not None:
            blocked = self.tree.blockSignals(True)  # the same finding: nothing to show again
            self.tree.setCurrentItem(restore)
            self.tree.blockSignals(blocked)
            if restore.data(0, _ROLE) != selected:
                self.findingSelected.emit(restore.data(0, _ROLE))
        self.summary.setText(_summary(counts))
        self._update_fix_button()

    def findings(self) -> list[Finding]:
        """Return the shown findings."""
        return list(self._findings)

    def current_finding(self) -> Finding | None:
        """Return the selected finding, if any."""
        item = self.tree.currentItem()
        value = item.data(0, _ROLE) if item is not None else None
        return value if _is_finding(value) else None

    def items(self) -> list[QTreeWidgetItem]:
        """Return the finding rows, in display order."""
        rows: list[QTreeWidgetItem] = []
        for index in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(index)
            if parent is None:
                continue
            for i in range(parent.childCount()):
                child = parent.child(i)
                if child is not None:
                    rows.append(child)
        return rows

    def _where(self, finding: Finding) -> str:
        label = field_label(finding.field, self._labels)
        if finding.field == "body":
            return f"{label}, linje {finding.line}"
        return label

    def _update_fix_button(self) -> None:
        finding = self.current_finding()
        self.detail.setText(_describe(finding, "\nForslag: ") if finding is not None else "")
        self.fix_button.setEnabled(finding is not None and finding.suggestion is not None)

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = item.data(0, _ROLE)
        if _is_finding(finding):
            self.findingSelected.emit(finding)

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        finding = item.data(0, _ROLE)
        if _is_finding(finding):
            self.findingActivated.emit(finding)

    def _on_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, *_args: object
    ) -> None:
        self._update_fix_button()
        finding = current.data(0, _ROLE) if current is not None else None
        if _is_finding(finding):
            self.findingSelected.emit(finding)

    def _on_fix_button_clicked(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.suggestion is not None:
            rows = self.items()
            current = self.tree.currentItem()
            self._fixed_row = rows.index(current) if current in rows else None
            self.fixRequested.emit(finding)


def _is_finding(value: object) -> TypeGuard[Finding]:
    return value is not None and hasattr(value, "severity") and hasattr(value, "suggestion")


def _describe(finding: Finding, separator: str = " → ") -> str:
    if finding.suggestion is not None:
        shown = finding.suggestion if finding.suggestion else "(slet)"
        return f"{finding.message}{separator}{shown}"
    return finding.message


def _summary(counts: Mapping[str, int]) -> str:
    if not any(counts.values()):
        return "Ingen fund – brevet ser klar ud."
    words = {
        "error": ("fejl", "fejl"),
        "warning": ("advarsel", "advarsler"),
        "info": ("oplysning", "oplysninger"),
    }
    parts = [
        f"{counts[s]} {words[s][0] if counts[s] == 1 else words[s][1]}"
        for s, _title in GROUPS
        if counts.get(s)
    ]
    return "Fund: " + ", ".join(parts)
