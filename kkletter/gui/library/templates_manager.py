"""Bibliotek → Skabeloner: every template with its origin; "Gem som skabelon"; delete own ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kkletter.errors import LibraryError
from kkletter.gui.library.manager import Confirm, ManagerDialog, ask_yes_no
from kkletter.gui.library.state import LibraryState
from kkletter.library import Entry, Layer
from kkletter.library.new_template import save_as_template
from kkletter.library.store import make_id, on_layer
from kkletter.model import Letter
from kkletter.templating import TemplateSpec

CurrentLetter = Callable[[], Letter | None]


class TemplatesManager(ManagerDialog):
    """List templates; save the current letter as a template; delete personal/shared ones."""

    kind = "templates"
    title = "Skabeloner"
    noun = "skabelonen"

    def __init__(
        self,
        state: LibraryState,
        current_letter: CurrentLetter,
        parent: QWidget | None = None,
        confirm: Confirm = ask_yes_no,
    ) -> None:
        self._current_letter = current_letter
        super().__init__(state, parent, confirm)
        self.new_button.setText("&Gem brevet som skabelon …")
        self.duplicate_button.hide()
        self.save_button.hide()

    def entries(self) -> Mapping[str, Entry[Any]]:
        """Return the templates of every layer."""
        return self._state.library.templates

    def build_form(self, form: QFormLayout) -> None:
        """Show what a template declares (read-only)."""
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        form.addRow("Beskrivelse:", self.description)
        form.addRow("Indhold:", self.details)

    def show_value(self, value: Any) -> None:
        """Show the template `value`."""
        if not isinstance(value, TemplateSpec):
            self.description.clear()
            self.details.clear()
            return
        self.description.setText(f"{value.name} – {value.description}")
        fields = ", ".join(f.label for f in value.fields) or "ingen"
        self.details.setText(
            f"Felter: {fields}. Hilsen: {value.closing or '(ingen)'}. "
            f"Mappe: {self.shown_path(value.folder)}"
        )

    def new_item(self) -> None:
        """Save the letter being written as a new template ("Gem som skabelon")."""
        letter = self._current_letter()
        if letter is None:
            self.message.setText("Åbn eller skriv et brev først; det gemmes som skabelon.")
            return
        dialog = SaveAsTemplateDialog(self._state, letter, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._state.reload()
            self._fill_list(select=dialog.saved)
            self.show_item(dialog.saved)
            self.message.setText(f"Skabelonen '{dialog.saved}' er gemt.")

    def save_value(self, layer: Layer, item_id: str, value: Any) -> Path:
        """Templates are saved through "Gem som skabelon" only."""
        raise LibraryError("Brug 'Gem brevet som skabelon'.")


class SaveAsTemplateDialog(QDialog):
    """Name, id, description and layer of a new template made from `letter`."""

    def __init__(self, state: LibraryState, letter: Letter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Gem som skabelon – kkletter")
        self._state = state
        self._letter = letter
        self.saved: str | None = None
        library = state.library
        self.name = QLineEdit()
        self.name.setPlaceholderText("fx Svar på ansøgning om ledsagelse")
        self.template_id = QLineEdit()
        self.description = QLineEdit()
        self.layer = QComboBox()
        self.layer.addItem("Mit personlige bibliotek", "personal")
        shared = library.layer("shared")
        if shared is not None and shared.write_root is not None:
            self.layer.addItem(f"Det fælles bibliotek ({shared.write_root})", "shared")
        self.message = QLabel(
            "Brevets egne oplysninger (modtager, sagsnumre, emne, dato og felter) bliver til "
            "[Indsæt …]-felter, som skal udfyldes i hvert nyt brev."
        )
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Gem")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        self.save_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Navn:", self.name)
        form.addRow("&Id (mappenavn):", self.template_id)
        form.addRow("&Beskrivelse:", self.description)
        form.addRow("Gem &i:", self.layer)
        form.addRow(self.message)
        form.addRow(buttons)
        self.name.textEdited.connect(self._on_name_text_edited)

    def save(self) -> bool:
        """Save the template; stay open with the reason when it cannot be saved."""
        library = self._state.library
        layer = library.layer("shared" if self.layer.currentData() == "shared" else "personal")
        spec_entry = library.templates.get(self._letter.template)
        template_id = self.template_id.text().strip() or make_id(self.name.text())
        try:
            if layer is None or spec_entry is None:
                raise LibraryError(
                    f"Brevets skabelon '{self._letter.template}' findes ikke; vælg en anden."
                )
            if template_id in library.templates and not ask_yes_no(
                self, f"Skabelonen '{template_id}' findes allerede. Vil du erstatte den?"
            ):
                return False
            name, description, spec = self.name.text(), self.description.text(), spec_entry.value
            on_layer(
                layer,
                lambda: save_as_template(
                    layer, template_id, name, self._letter, spec, description=description
                ),
            )
        except LibraryError as exc:
            self.message.setText(f"Ikke gemt: {exc}")
            return False
        self.saved = template_id
        self.accept()
        return True

    def _on_name_text_edited(self, text: str) -> None:
        self.template_id.setText(make_id(text, set(self._state.library.templates)))
