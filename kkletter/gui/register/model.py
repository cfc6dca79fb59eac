"""Table model of one page of register search results."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kkletter.dates import format_numeric
from kkletter.register.records import LetterSummary

COLUMNS = ("Nr.", "Dato", "Modtager", "Emne", "Sagsnr.", "Dok.nr.", "Status", "Oprettet af")
DATE_COLUMN = 1

_Index = QModelIndex | QPersistentModelIndex


class LetterTableModel(QAbstractTableModel):
    """The rows of one search page; the search itself (and its order) is the register's."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[LetterSummary, ...] = ()

    def set_rows(self, rows: Sequence[LetterSummary]) -> None:
        """Show `rows`."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def summary(self, row: int) -> LetterSummary | None:
        """Return the letter shown in `row`."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        row = self._rows[index.row()]
        values = (
            str(row.number),
            format_numeric(row.sort_date),
            row.recipient,
            row.subject,
            row.case_number,
            row.document_number,
            row.status_label + (f" ({row.approver})" if row.status == "til_godkendelse" else ""),
            row.created_by,
        )
        return values[index.column()]

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
