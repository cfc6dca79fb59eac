"""The Adressebog dialog, and the recipient autocomplete of the letter form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkletter.errors import KKLetterError
from kkletter.model import Recipient
from kkletter.register.addresses import Address, AddressBook, AddressIndex

ChooseFile = Callable[[QWidget, bool], Path | None]


def choose_address_file(parent: QWidget, saving: bool) -> Path | None:
    """Ask for a CSV or XLSX file to import (or to export to, when `saving`)."""
    filters = "Regneark (*.csv *.xlsx)"
    if saving:
        name, _ = QFileDialog.getSaveFileName(parent, "Eksportér adressebog", "", filters)
    else:
        name, _ = QFileDialog.getOpenFileName(parent, "Importér adresser", "", filters)
    return Path(name) if name else None


class AddressBookDialog(QDialog):
    """Show, search, import and export the address book."""

    def __init__(
        self,
        book: AddressBook,
        parent: QWidget | None = None,
        *,
        choose_file: ChooseFile = choose_address_file,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Adressebog")
        self.resize(760, 480)
        self.book = book
        self._choose_file = choose_file
        self.search_edit = QLineEdit(placeholderText="Søg efter navn ...")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Navn", "Adresse", "Hilsen"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.import_button = QPushButton("Importér ...")
        self.export_button = QPushButton("Eksportér ...")
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.report_label)
        layout.addLayout(buttons)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.reload()

    def reload(self) -> None:
        """Read the address book again and show the entries matching the search."""
        self._index = self.book.index()
        self._show()

    def _show(self) -> None:
        typed = self.search_edit.text()
        entries = self._index.complete(typed, limit=10**6) if typed.strip() else self._index.entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate((entry.name, ", ".join(entry.address), entry.salutation)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)

    def import_file(self) -> None:
        """Import a CSV/XLSX file and say what happened (rejected rows with their line)."""
        path = self._choose_file(self, False)
        if path is None:
            return
        try:
            report = self.book.import_file(path)
        except KKLetterError as exc:
            self.report_label.setText(str(exc))
            return
        self.report_label.setText("\n".join(report.describe()))
        self.reload()

    def export_file(self) -> None:
        """Export the address book to CSV (Danish Excel) or XLSX."""
        path = self._choose_file(self, True)
        if path is None:
            return
        try:
            count = self.book.export_file(path)
        except KKLetterError as exc:
            self.report_label.setText(str(exc))
            return
        self.report_label.setText(f"{count} adresser gemt i {path}.")

    def _on_search_edit_text_changed(self) -> None:
        self._show()


class RecipientCompleter(QCompleter):
    """Autocomplete a recipient name from the address book; choosing fills the rest.

    Install on the form's name field: `RecipientCompleter(index, name_edit, on_chosen)`;
    `on_chosen(Recipient)` receives name, address lines, salutation and prefix.
    """

    def __init__(
        self, index: AddressIndex, line_edit: QLineEdit, on_chosen: Callable[[Recipient], None]
    ) -> None:
        super().__init__(line_edit)
        self._index = index
        self._shown: list[Address] = []
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The index already did the matching (word beginnings too): show its list as is.
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._on_chosen = on_chosen
        line_edit.setCompleter(self)
        line_edit.textEdited.connect(self._on_line_edit_text_edited)
        self.activated.connect(self._on_activated)

    def set_index(self, index: AddressIndex) -> None:
        """Use `index` from now on (e.g. after an import)."""
        self._index = index

    def suggestions(self, text: str) -> list[Address]:
        """Return the entries shown for `text` (name, then the first address line)."""
        return self._index.complete(text, limit=12)

    def _on_line_edit_text_edited(self, text: str) -> None:
        self._shown = self.suggestions(text)
        self._model.setStringList([self._label(entry) for entry in self._shown])
        if self._shown:
            self.complete()

    def _on_activated(self, label: str) -> None:
        candidates = [*self._shown, *self.suggestions(label.split(" – ")[0])]
        for entry in candidates:
            if self._label(entry) == label:
                self._on_chosen(entry.recipient())
                widget = self.widget()
                if isinstance(widget, QLineEdit):
                    widget.setText(entry.name)
                return

    @staticmethod
    def _label(entry: Address) -> str:
        return entry.name + (f" – {entry.address[0]}" if entry.address else "")
