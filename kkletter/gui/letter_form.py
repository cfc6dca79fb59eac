"""The letter form: sender, recipient, date, case numbers, subject, signer, template fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kkletter.fields import get_field
from kkletter.gui.date_field import DateField
from kkletter.gui.signer_section import SignerSection
from kkletter.gui.tab_leaves import TabLeaves
from kkletter.gui.template_fields import TemplateFields
from kkletter.model import Letter, Profile, Signer
from kkletter.templating import TemplateSpec


def _tidy(name: str, text: str) -> str:
    """Return `text` of field `name` as the letter keeps it (no stray blanks or lines)."""
    if name == "recipient.address":
        return "\n".join(line.strip() for line in text.split("\n") if line.strip())
    if name.startswith("case."):
        return text.strip()
    return text


def proposed_salutation(name: str) -> str:
    """Return the salutation proposed for recipient `name`."""
    name = name.strip()
    return f"Kære {name}" if name else ""


class LetterForm(QWidget):
    """Gather everything about a letter except its body; emit `changed` on every edit."""

    changed = Signal()
    fieldShown = Signal(QWidget)  # noqa: N815 - Qt signal naming; scroll it into view

    def __init__(
        self,
        profiles: Mapping[str, Profile],
        *,
        choose_image: Callable[[], Path | None],
        today: Callable[[], dt.date],
        spell_check: Callable[[QWidget], None] = lambda _widget: None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._profiles = profiles
        self._spell_check = spell_check
        self._choose_image = choose_image
        self._today = today
        self._spec: TemplateSpec | None = None
        self._base = Letter(template="", profile="")
        self._salutation_edited = False
        self._loading = False
        self._build()
        self._connect()

    # --- construction ----------------------------------------------------------

    def _build(self) -> None:
        self.template_label = QLabel()
        self.template_label.setWordWrap(True)
        self.profile = QComboBox()
        # Long profile names must not widen the form; the full name shows when open.
        self.profile.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.profile.setMinimumContentsLength(16)
        for profile in self._profiles.values():
            self.profile.addItem(profile.name, profile.id)

        self.recipient_name = QLineEdit()
        self.recipient_address = QPlainTextEdit()
        self.recipient_address.setPlaceholderText("Én adresselinje pr. linje")
        self.recipient_address.setFixedHeight(64)
        TabLeaves(self.recipient_address)
        self.salutation = QLineEdit()
        self.salutation.setPlaceholderText("Foreslås ud fra modtagerens navn")

        self._dates = DateField(today=self._today, parent=self)
        self.date_edit = self._dates.date_edit
        self.today_button = self._dates.today_button
        self.no_date = self._dates.no_date
        self.date_print = self._dates.date_print

        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText("fx 2016-0318694")
        self.case_document = QLineEdit()
        self.case_document.setPlaceholderText("fx 2016-0318694-3")
        self.subject = QLineEdit()

        self.signer_box = SignerSection(choose_image=self._choose_image)
        self.signer_pick = self.signer_box.signer_pick
        self.signer_name = self.signer_box.signer_name
        self.signer_title = self.signer_box.signer_title
        self.signer_phone = self.signer_box.signer_phone
        self.signer_email = self.signer_box.signer_email
        self.signature_thumb = self.signer_box.signature_thumb
        self.signature_choose = self.signer_box.signature_choose
        self.signature_clear = self.signer_box.signature_clear

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        # Alt+letter: unique in the window together with the menu bar and the find bar, so
        # a few fields have none (tests/gui/test_mnemonics.py).
        letter_box = QGroupBox("Brev")
        letter_form = QFormLayout(letter_box)
        letter_form.addRow("Skabelon:", self.template_label)
        letter_form.addRow("Afsender:", self.profile)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit, 1)
        date_row.addWidget(self.today_button)
        date_label = QLabel("&Dato:")
        date_label.setBuddy(self.date_edit)
        letter_form.addRow(date_label, date_row)
        # On its own row: beside the picker it would widen the form past its column.
        letter_form.addRow("", self.no_date)
        letter_form.addRow("", self.date_print)
        letter_form.addRow("&Sagsnr.:", self.case_number)
        letter_form.addRow("Dok.nr.:", self.case_document)
        letter_form.addRow("&Emne:", self.subject)
        layout.addWidget(letter_box)

        self.recipient_box = QGroupBox("Modtager")
        recipient_form = QFormLayout(self.recipient_box)
        recipient_form.addRow("&Navn:", self.recipient_name)
        recipient_form.addRow("Adresse:", self.recipient_address)
        self._salutation_label = QLabel("Indledning:")
        self._salutation_label.setBuddy(self.salutation)
        recipient_form.addRow(self._salutation_label, self.salutation)
        layout.addWidget(self.recipient_box)

        layout.addWidget(self.signer_box)

        self.fields_box = TemplateFields(spell_check=self._spell_check)
        # The template fields' widgets by field id (the section's own dict).
        self._field_widgets = self.fields_box.widgets
        layout.addWidget(self.fields_box)
        layout.addStretch(1)

        # The widgets of the letter's own text fields, by their name in `kkletter.fields`.
        self.text_widgets: dict[str, QLineEdit | QPlainTextEdit] = {
            "case.number": self.case_number,
            "case.document": self.case_document,
            "subject": self.subject,
            "recipient.name": self.recipient_name,
            "recipient.address": self.recipient_address,
            "recipient.salutation": self.salutation,
            "signer.name": self.signer_name,
            "signer.title": self.signer_title,
            "signer.phone": self.signer_phone,
            "signer.email": self.signer_email,
        }
        for name, widget in self.text_widgets.items():
            widget.setAccessibleName(get_field(name).label)
        for widget in (self.subject, self.salutation, self.signer_title):
            self._spell_check(widget)

    def _connect(self) -> None:
        for line in (
            self.case_number,
            self.case_document,
            self.subject,
            self.signer_name,
            self.signer_title,
            self.signer_phone,
            self.signer_email,
        ):
            line.textEdited.connect(self._on_any_edited)
        self.signer_box.changed.connect(self._on_any_edited)
        self.fields_box.changed.connect(self._on_any_edited)
        self._dates.changed.connect(self._on_any_edited)
        self.recipient_name.textEdited.connect(self._on_recipient_name_text_edited)
        self.salutation.textEdited.connect(self._on_salutation_text_edited)
        self.recipient_address.textChanged.connect(self._on_any_edited)
        self.profile.currentIndexChanged.connect(self._on_any_edited)

    # --- letter in / out -------------------------------------------------------

    def set_letter(self, letter: Letter, spec: TemplateSpec) -> None:
        """Fill the form from `letter` made with template `spec`."""
        self._loading = True
        try:
            self._spec = spec
            self._base = letter
            self.template_label.setText(f"<b>{spec.name}</b>")
            index = self.profile.findData(letter.profile)
            if index < 0:
                self.profile.addItem(f"{letter.profile} (ukendt)", letter.profile)
                index = self.profile.count() - 1
            self.profile.setCurrentIndex(index)
            for name, widget in self.text_widgets.items():
                text = get_field(name).read(letter)
                if isinstance(widget, QLineEdit):
                    widget.setText(text)
                else:
                    widget.setPlainText(text)
            self._salutation_edited = letter.recipient.salutation != proposed_salutation(
                letter.recipient.name
            )
            self._dates.set_style(letter.date_style or spec.date_style)
            self._dates.show_date(letter.date)
            self.signer_box.set_signature(letter.signer.signature)
            self.recipient_box.setVisible(spec.needs_recipient)
            self._salutation_label.setVisible(spec.needs_salutation)
            self.salutation.setVisible(spec.needs_salutation)
            self.signer_box.setVisible(spec.needs_signer)
            self.fields_box.build(spec, letter)
            for line in self.findChildren(QLineEdit):
                line.setCursorPosition(0)
        finally:
            self._loading = False

    def letter(self, body: str) -> Letter:
        """Return the letter the form describes, with Markdown `body`."""
        base = self._base
        fields: dict[str, Any] = {**base.fields, **self.fields_box.values()}
        letter = dataclasses.replace(
            base,
            profile=str(self.profile.currentData() or base.profile),
            body=body,
            date=self._dates.date(),
            signer=dataclasses.replace(base.signer, signature=self.signer_box.signature()),
            fields=fields,
        )
        for name, widget in self.text_widgets.items():
            text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
            letter = get_field(name).write(letter, _tidy(name, text))
        return letter

    def search_targets(self) -> list[QLineEdit | QPlainTextEdit]:
        """Return the visible text fields, in the form's order (Søg og erstat)."""
        fields = self.fields_box.text_widgets()
        return [w for w in (*self.text_widgets.values(), *fields) if w.isVisibleTo(self)]

    def notify_changed(self) -> None:
        """Tell that a field's text was changed from outside the form (e.g. Erstat alle)."""
        self._emit_changed()

    def set_profiles(self, profiles: Mapping[str, Profile]) -> None:
        """Offer `profiles` in the sender list, keeping the letter's sender chosen."""
        current = self.profile.currentData()
        self._profiles = profiles
        self.profile.blockSignals(True)
        self.profile.clear()
        for profile in profiles.values():
            self.profile.addItem(profile.name, profile.id)
        index = self.profile.findData(current)
        if index < 0 and current:
            self.profile.addItem(f"{current} (ukendt)", current)
            index = self.profile.count() - 1
        self.profile.setCurrentIndex(max(index, 0))
        self.profile.blockSignals(False)

    def set_signers(self, signers: Mapping[str, Signer]) -> None:
        """Offer `signers` (the library's, by id) in the signer list."""
        self.signer_box.set_signers(signers)

    def library_signer(self, name: str) -> Signer | None:
        """Return the library's signer called `name` (case and spaces ignored), if any."""
        return self.signer_box.library_signer(name)

    def choose_signer(self, signer_id: str) -> None:
        """Fill name, title, phone, e-mail and signature from the library's signer."""
        self.signer_box.choose_signer(signer_id)

    def field_labels(self) -> dict[str, str]:
        """Return field id -> label for the current template's fields."""
        spec = self._spec
        return {f.id: f.label for f in spec.fields} if spec else {}

    def focus_field(self, name: str) -> bool:
        """Give keyboard focus to the widget of field `name`; return whether one exists."""
        return self.show_field(name, focus=True)

    def show_field(self, name: str, *, focus: bool) -> bool:
        """Scroll the widget of field `name` into view and (with `focus`) focus it.

        Return whether the field has a visible widget.
        """
        widgets: dict[str, QWidget] = {
            **self.text_widgets,
            "profile": self.profile,
            "date": self.no_date if self._dates.date() is None else self.date_edit,
            "signer.signature": self.signature_choose,
        }
        if name.startswith("profile."):
            name = "profile"
        widget = widgets.get(name)
        if widget is None and name.startswith("fields."):
            # "fields.<id>.<key>..." is text inside a status table: focus the table.
            widget = self._field_widgets.get(name.split(".")[1])
        if widget is None or widget.isHidden():
            return False
        self.fieldShown.emit(widget)
        if not focus:
            return True
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True

    # --- helpers and slots -----------------------------------------------------

    def date(self) -> dt.date | None:
        """Return the letter's date (None: no date)."""
        return self._dates.date()

    def set_date(self, day: dt.date | None) -> None:
        """Give the letter date `day` (None: no date) as if the user had picked it."""
        self._dates.set_date(day)

    def _emit_changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def _on_any_edited(self, *_args: object) -> None:
        self._emit_changed()

    def _on_recipient_name_text_edited(self, text: str) -> None:
        if not self._salutation_edited:
            self.salutation.setText(proposed_salutation(text))
        self._emit_changed()

    def _on_salutation_text_edited(self, text: str) -> None:
        self._salutation_edited = bool(text.strip())
        self._emit_changed()
