"""One manager dialog for every kind of library item: a filtered list and a form.

Keyboard: type to filter the list, ↓ into it, Ctrl+N new, Ctrl+D duplicate, Ctrl+S save,
Delete delete, Esc close. Each item shows the layer it comes from; a save goes to the
shared layer when it is writable, else to the personal one (`Library.save_layer`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kkletter.errors import KKLetterError
from kkletter.gui.library.state import LibraryState
from kkletter.library import Entry, Layer
from kkletter.library.deadline import SAVE_TIMEOUT
from kkletter.library.layers import Kind
from kkletter.library.store import delete_item, make_id, on_layer

Confirm = Callable[[QWidget, str], bool]


def ask_yes_no(parent: QWidget, question: str) -> bool:
    """Ask `question` with Ja/Nej buttons; Nej is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Bibliotek")
    box.setText(question)
    yes = box.addButton("Ja", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("Nej", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


class ManagerDialog(QDialog):
    """The shared frame; a subclass builds the form and reads and saves its values."""

    kind: Kind = "profiles"
    title = ""
    noun = ""  # "afsenderen", used in messages

    def __init__(
        self, state: LibraryState, parent: QWidget | None = None, confirm: Confirm = ask_yes_no
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{self.title} – kkletter")
        self.resize(900, 620)
        self._state = state
        self._confirm = confirm
        self.share_timeout = SAVE_TIMEOUT  # seconds a save waits for a shared folder
        self._current: str | None = None  # id of the item in the form; None: a new one
        self._build()
        self._connect()
        self._fill_list()
        if self.items.count():
            self.items.setCurrentRow(0)
        else:
            self.new_item()

    # --- for subclasses -------------------------------------------------------------
    def entries(self) -> Mapping[str, Entry[Any]]:
        """Return the items this manager lists."""
        raise NotImplementedError

    def build_form(self, form: QFormLayout) -> None:
        """Add the item's widgets to `form`."""
        raise NotImplementedError

    def show_value(self, value: Any) -> None:
        """Fill the form with `value` (None: empty it for a new item)."""
        raise NotImplementedError

    def read_value(self, item_id: str) -> Any:
        """Return the form's value as an item `item_id`; raise `KKLetterError` when invalid."""
        raise NotImplementedError

    def save_value(self, layer: Layer, item_id: str, value: Any) -> Path:
        """Save `value` in `layer` and return its file."""
        raise NotImplementedError

    def display_name(self, value: Any) -> str:
        """Return the list's text for `value`."""
        return str(getattr(value, "name", getattr(value, "title", "")))

    def title_text(self) -> str:
        """Return the name typed in the form, from which a new id is made."""
        return ""

    # --- the frame ------------------------------------------------------------------
    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Søg …")
        self.filter.setClearButtonEnabled(True)
        self.items = QListWidget()
        self.new_button = QPushButton("&Ny")
        self.duplicate_button = QPushButton("&Dupliker")
        self.delete_button = QPushButton("S&let")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            row.addWidget(button)
        left_layout.addLayout(row)
        self.id_edit = QLineEdit()
        self.id_edit.setToolTip("Filnavnet i biblioteket; små bogstaver, tal, - og _.")
        self.origin = QLabel()
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        form.addRow("&Id:", self.id_edit)
        form.addRow("Kommer fra:", self.origin)
        self.build_form(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton("&Gem")
        self.save_button.setDefault(True)
        self.close_button = QPushButton("Luk")
        self.place = QLabel()
        bottom = QHBoxLayout()
        bottom.addWidget(self.place, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(form_widget, 1)
        right_layout.addWidget(self.message)
        right_layout.addLayout(bottom)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([340, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_place()

    def _connect(self) -> None:
        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.items.currentItemChanged.connect(self._on_items_current_item_changed)
        self.new_button.clicked.connect(self.new_item)
        self.duplicate_button.clicked.connect(self.duplicate_item)
        self.delete_button.clicked.connect(self.delete_current)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.shortcut_actions: dict[str, QAction] = {}
        for name, keys, slot in (
            ("new", QKeySequence(QKeySequence.StandardKey.New), self.new_item),
            ("save", QKeySequence(QKeySequence.StandardKey.Save), self.save),
            ("duplicate", QKeySequence("Ctrl+D"), self.duplicate_item),
            ("delete", QKeySequence(QKeySequence.StandardKey.Delete), self.delete_current),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            # Delete acts on the list only, so it never deletes an item while typing.
            (self.items if name == "delete" else self).addAction(action)
            if name == "delete":
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.shortcut_actions[name] = action

    def _update_place(self) -> None:
        self.place.setText(f"Gemmes i {self._state.save_place()}.")

    def _fill_list(self, select: str | None = None) -> None:
        words = self.filter.text().casefold().split()
        self.items.blockSignals(True)
        self.items.clear()
        for item_id, entry in self.entries().items():
            text = f"{self.display_name(entry.value)}  ({item_id})"
            if words and not all(w in text.casefold() for w in words):
                continue
            item = QListWidgetItem(f"{text}\n{entry.origin_label}")
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setToolTip(str(entry.path))
            self.items.addItem(item)
            if item_id == select:
                self.items.setCurrentItem(item)
        self.items.blockSignals(False)

    def show_item(self, item_id: str) -> None:
        """Show item `item_id` in the form."""
        entry = self.entries()[item_id]
        layer = self._state.library.layer(entry.origin)
        self._layer_of_current = layer
        self._current = item_id
        self.id_edit.setText(item_id)
        self.id_edit.setReadOnly(True)
        self.origin.setText(entry.origin_label)
        self.show_value(entry.value)
        self.message.clear()

    def shown_path(self, path: Path | None) -> Path | None:
        """Return `path` of the shown item as users know it (the share, not the cache)."""
        layer = getattr(self, "_layer_of_current", None)
        return layer.shown(path) if layer is not None and path is not None else path

    def new_item(self) -> None:
        """Empty the form for a new item."""
        self._layer_of_current = None
        self._current = None
        self.items.clearSelection()
        self.id_edit.clear()
        self.id_edit.setReadOnly(False)
        self.origin.setText("(ny – ikke gemt endnu)")
        self.show_value(None)
        self.message.setText(f"Ny {self.noun}: udfyld felterne, og tryk Gem (Ctrl+S).")

    def duplicate_item(self) -> None:
        """Keep the form's values as a new item with a new id."""
        if self._current is None:
            return
        taken = set(self.entries())
        self.id_edit.setText(make_id(f"{self._current}-kopi", taken))
        self.id_edit.setReadOnly(False)
        self._current = None
        self.items.clearSelection()
        self.origin.setText("(kopi – ikke gemt endnu)")
        self.message.setText("Kopien gemmes med et nyt id, når du trykker Gem.")

    def save(self) -> bool:
        """Save the form's item; show what happened below the form."""
        item_id = self.id_edit.text().strip() or make_id(self.title_text(), set(self.entries()))
        if self._current is None and item_id in self.entries():
            entry = self.entries()[item_id]
            if not self._confirm(
                self,
                f"Der findes allerede {self.noun} '{item_id}' ({entry.origin_label}). "
                "Vil du erstatte den?",
            ):
                return False
        try:
            layer = self._state.library.save_layer()
            value = self.read_value(item_id)  # reads the form: in the GUI thread
            path = on_layer(
                layer, lambda: self.save_value(layer, item_id, value), self.share_timeout
            )
        except KKLetterError as exc:
            self.message.setText(f"Ikke gemt: {exc}")
            self.message.setStyleSheet("color: #b00020;")
            return False
        self._state.reload()
        self._fill_list(select=item_id)
        self.show_item(item_id)
        self.message.setStyleSheet("")
        self.message.setText(f"Gemt i {self._state.save_place()}: {path.name}.")
        self._update_place()
        return True

    def delete_current(self) -> bool:
        """Delete the selected item from its layer, after asking."""
        if self._current is None:
            return False
        entry = self.entries()[self._current]
        layer = self._state.library.layer(entry.origin)
        if layer is None or layer.write_root is None:
            self.message.setText(
                f"{self.noun.capitalize()} '{entry.id}' er {entry.origin_label} og kan ikke "
                "slettes herfra. Gem i stedet din egen udgave."
            )
            return False
        if not self._confirm(self, f"Vil du slette {self.noun} '{entry.id}' ({layer.label})?"):
            return False
        try:
            on_layer(layer, lambda: delete_item(layer, self.kind, entry.id), self.share_timeout)
        except KKLetterError as exc:
            self.message.setText(f"Ikke slettet: {exc}")
            return False
        self._state.reload()
        deleted = entry.id
        self._fill_list(select=deleted if deleted in self.entries() else None)
        if deleted in self.entries():
            self.show_item(deleted)  # a lower layer's item shows again
        elif self.items.count():
            self.items.setCurrentRow(0)
        else:
            self.new_item()
        self.message.setText(f"'{deleted}' er slettet fra det {layer.label}e bibliotek.")
        return True

    def select(self, item_id: str) -> None:
        """Select item `item_id` in the list (tests and callers)."""
        for row in range(self.items.count()):
            if self.items.item(row).data(Qt.ItemDataRole.UserRole) == item_id:
                self.items.setCurrentRow(row)
                return
        raise KeyError(item_id)

    def _on_filter_text_changed(self, _text: str) -> None:
        self._fill_list(select=self._current)

    def _on_items_current_item_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.show_item(str(item.data(Qt.ItemDataRole.UserRole)))
