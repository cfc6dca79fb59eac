"""The letter form's template fields: one widget per field the letter's template declares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from kkletter.gui.status_editor import StatusTablesEditor
from kkletter.gui.tab_leaves import TabLeaves
from kkletter.model import Letter
from kkletter.templating import TemplateSpec

FieldWidget = QLineEdit | QPlainTextEdit | StatusTablesEditor


class TemplateFields(QGroupBox):
    """Show the template's own fields; emit `changed` on every edit."""

    changed = Signal()

    def __init__(
        self, *, spell_check: Callable[[QWidget], None], parent: QWidget | None = None
    ) -> None:
        super().__init__("Skabelonens felter", parent)
        self._spell_check = spell_check
        self.fields_form = QFormLayout(self)
        # The widgets by field id; the same dict for the section's lifetime.
        self.widgets: dict[str, FieldWidget] = {}

    def build(self, spec: TemplateSpec, letter: Letter) -> None:
        """Replace the widgets by those of `spec`'s fields, filled from `letter`."""
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self.widgets.clear()
        for field in spec.fields:
            value = letter.fields.get(field.id, field.default)
            widget: FieldWidget
            if field.kind == "multiline":
                widget = QPlainTextEdit(str(value or ""))
                widget.setFixedHeight(80)
                TabLeaves(widget)
                widget.textChanged.connect(self._on_any_edited)
            elif field.kind == "statusskemaer":
                widget = StatusTablesEditor()
                widget.set_value(value)
                widget.changed.connect(self._on_any_edited)
            else:
                widget = QLineEdit(str(value or ""))
                widget.textEdited.connect(self._on_any_edited)
            widget.setToolTip(field.help)
            if not isinstance(widget, StatusTablesEditor):
                self._spell_check(widget)
            label = f"{field.label}{' *' if field.required else ''}:"
            if field.kind == "statusskemaer":
                self.fields_form.addRow(QLabel(label))
                self.fields_form.addRow(widget)
            else:
                self.fields_form.addRow(label, widget)
            self.widgets[field.id] = widget
        self.setVisible(bool(spec.fields))

    def values(self) -> dict[str, Any]:
        """Return field id -> value as the widgets show it."""
        values: dict[str, Any] = {}
        for field_id, widget in self.widgets.items():
            if isinstance(widget, QLineEdit):
                values[field_id] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[field_id] = widget.toPlainText()
            else:
                values[field_id] = widget.value()
        return values

    def text_widgets(self) -> list[QLineEdit | QPlainTextEdit]:
        """Return the fields' text widgets, in the form's order."""
        return [w for w in self.widgets.values() if isinstance(w, QLineEdit | QPlainTextEdit)]

    def _on_any_edited(self, *_args: object) -> None:
        self.changed.emit()
