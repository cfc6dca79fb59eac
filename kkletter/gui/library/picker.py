"""The standard paragraph picker (Ctrl+T): type to filter, ↑/↓ to choose, Enter to insert."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kkletter.gui.richtext import blocks_to_html
from kkletter.library.paragraphs import Paragraph, matching_paragraphs, rank_paragraphs
from kkletter.markup import parse_markdown

_Index = QModelIndex | QPersistentModelIndex


class ParagraphListModel(QAbstractListModel):
    """The paragraphs the filter lets through, shown as "Kategori: Titel  [kortnavn]"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[Paragraph] = []

    def set_items(self, items: list[Paragraph]) -> None:
        """Show `items`."""
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def paragraph(self, row: int) -> Paragraph:
        """Return the paragraph in `row`."""
        return self._items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Return the number of paragraphs shown."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Return the text of a row."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        paragraph = self._items[index.row()]
        category = f"{paragraph.category}: " if paragraph.category else ""
        return f"{category}{paragraph.title}   [{paragraph.short_name}]"


class ParagraphPicker(QDialog):
    """Choose a standard paragraph; `chosen()` is it after `exec()` returns Accepted."""

    def __init__(self, paragraphs: Sequence[Paragraph], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Indsæt standardtekst – kkletter")
        self.resize(860, 520)
        self._all = list(paragraphs)
        self._previewed: Paragraph | None = None
        self._query = ""  # the last query (case-folded) and its matches, in library order
        self._hits: list[Paragraph] = self._all
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Søg i titel, kategori, nøgleord og tekst …")
        self.filter.setClearButtonEnabled(True)
        self.model = ParagraphListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.preview = QTextBrowser()
        self.count = QLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Indsæt")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        self.insert_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.filter.installEventFilter(self)
        self.list.selectionModel().currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.doubleClicked.connect(self.accept)
        self.apply_filter("")
        self.filter.setFocus()

    def apply_filter(self, query: str) -> None:
        """Show the paragraphs matching `query` and select the first."""
        narrowing = bool(self._query.strip()) and query.casefold().startswith(self._query)
        hits = matching_paragraphs(self._hits if narrowing else self._all, query)
        self._query, self._hits = query.casefold(), hits
        shown = rank_paragraphs(hits, query)
        self.model.set_items(shown)
        self.count.setText(f"{len(shown)} af {len(self._all)} standardtekster")
        self.insert_button.setEnabled(bool(shown))
        if shown:
            self.list.setCurrentIndex(self.model.index(0))
        else:
            self._previewed = None
            self.preview.clear()

    def chosen(self) -> Paragraph | None:
        """Return the selected paragraph."""
        index = self.list.currentIndex()
        return self.model.paragraph(index.row()) if index.isValid() else None

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802 - Qt override
        """Let ↑/↓ in the search field move the selection, so hands stay on the keys."""
        if (
            watched is self.filter
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = self.list.currentIndex().row() + step
            if 0 <= row < self.model.rowCount():
                self.list.setCurrentIndex(self.model.index(row))
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _on_filter_return_pressed(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def _on_filter_text_changed(self, text: str) -> None:
        self.apply_filter(text)

    def _on_list_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            paragraph = self.model.paragraph(current.row())
            if paragraph is not self._previewed:  # typing often keeps the same first hit
                self._previewed = paragraph
                self.preview.setHtml(blocks_to_html(parse_markdown(paragraph.body)))
