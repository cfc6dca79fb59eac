"""The letter form: sender, recipient, date, case numbers, subject, signer, template fields."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kkletter.dates import format_letter_date
from kkletter.fields import get_field
from kkletter.gui.status_editor import StatusTablesEditor
from kkletter.model import Letter, Profile, Signer
from kkletter.templating import TemplateSpec

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)
# The picker's range; a draft's date outside it is kept until the user picks another.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class _TabLeaves(QObject):
    """Make Tab leave a multi-line field, as in every other field; Ctrl+Tab types a tab."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        edit.setTabChangesFocus(True)
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Type a tab for Ctrl+Tab."""
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit)
        ):
            watched.insertPlainText("\t")
            return True
        return False


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
        self._field_widgets: dict[str, QLineEdit | QPlainTextEdit | StatusTablesEditor] = {}
        self._signature: Path | None = None
        # The letter's date; the picker only shows it (None: the letter has no date).
        self._date: dt.date | None = None
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
        _TabLeaves(self.recipient_address)
        self.salutation = QLineEdit()
        self.salutation.setPlaceholderText("Foreslås ud fra modtagerens navn")

        self.date_edit = QDateEdit()
        self.date_edit.setLocale(DANISH)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d. MMMM yyyy")
        self.date_edit.setDateRange(_qdate(FIRST_DATE), _qdate(LAST_DATE))
        self.date_edit.calendarWidget().setLocale(DANISH)
        self.today_button = QPushButton("I dag")
        self.no_date = QCheckBox("Ingen dato")
        self.no_date.setToolTip("Brevet trykkes uden dato")
        self.date_print = QLabel()
        self.date_print.setWordWrap(True)
        self.date_print.setStyleSheet("color: #555;")

        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText("fx 2016-0318694")
        self.case_document = QLineEdit()
        self.case_document.setPlaceholderText("fx 2016-0318694-3")
        self.subject = QLineEdit()

        self.signer_name = QLineEdit()
        self.signer_title = QLineEdit()
        # The library's signers (issue 11): typing filters the list; a choice fills the box.
        self.signer_pick = QComboBox()
        self.signer_pick.setEditable(True)
        self.signer_pick.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.signer_pick.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.signer_pick.setMinimumContentsLength(16)
        self.signer_pick.setPlaceholderText("Skriv for at søge i underskriverne")
        pick_edit = self.signer_pick.lineEdit()
        if pick_edit is not None:  # editable: the placeholder shows in its line edit
            pick_edit.setPlaceholderText("Skriv for at søge i underskriverne")
        completer = QCompleter(self.signer_pick.model(), self.signer_pick)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.signer_pick.setCompleter(completer)
        self._signers: dict[str, Signer] = {}
        self.signer_phone = QLineEdit()
        self.signer_phone.setPlaceholderText("erstatter afsenderens direkte telefon")
        self.signer_email = QLineEdit()
        self.signer_email.setPlaceholderText("erstatter afsenderens e-mail")
        self.signature_thumb = QLabel("Ingen underskrift")
        self.signature_thumb.setFixedSize(120, 44)
        self.signature_thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature_thumb.setStyleSheet("border: 1px dashed #aaa; color: #777;")
        self.signature_choose = QPushButton("Vælg …")
        self.signature_choose.setToolTip("Vælg et billede af underskriften")
        self.signature_clear = QPushButton("Fjern")

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

        self.signer_box = QGroupBox("Underskriver")
        signer_form = QFormLayout(self.signer_box)
        signer_form.addRow("Fra &listen:", self.signer_pick)
        signer_form.addRow("Navn:", self.signer_name)
        signer_form.addRow("&Titel:", self.signer_title)
        signer_form.addRow("Direkte telefon:", self.signer_phone)
        signer_form.addRow("E-&mail:", self.signer_email)
        signature_row = QHBoxLayout()
        signature_row.addWidget(self.signature_thumb)
        buttons = QVBoxLayout()
        buttons.addWidget(self.signature_choose)
        buttons.addWidget(self.signature_clear)
        signature_row.addLayout(buttons)
        signer_form.addRow("Billede:", signature_row)
        layout.addWidget(self.signer_box)

        self.fields_box = QGroupBox("Skabelonens felter")
        self.fields_form = QFormLayout(self.fields_box)
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
        self.signer_pick.activated.connect(self._on_signer_pick_activated)
        self.recipient_name.textEdited.connect(self._on_recipient_name_text_edited)
        self.salutation.textEdited.connect(self._on_salutation_text_edited)
        self.recipient_address.textChanged.connect(self._on_any_edited)
        self.profile.currentIndexChanged.connect(self._on_any_edited)
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.no_date.toggled.connect(self._on_no_date_toggled)
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.signature_choose.clicked.connect(self._on_signature_choose_clicked)
        self.signature_clear.clicked.connect(self._on_signature_clear_clicked)

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
            self._show_date(letter.date)
            self._set_signature(letter.signer.signature)
            self.recipient_box.setVisible(spec.needs_recipient)
            self._salutation_label.setVisible(spec.needs_salutation)
            self.salutation.setVisible(spec.needs_salutation)
            self.signer_box.setVisible(spec.needs_signer)
            self._build_fields(spec, letter)
            self._update_date_print()
            for line in self.findChildren(QLineEdit):
                line.setCursorPosition(0)
        finally:
            self._loading = False

    def _build_fields(self, spec: TemplateSpec, letter: Letter) -> None:
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self._field_widgets.clear()
        for field in spec.fields:
            value = letter.fields.get(field.id, field.default)
            widget: QLineEdit | QPlainTextEdit | StatusTablesEditor
            if field.kind == "multiline":
                widget = QPlainTextEdit(str(value or ""))
                widget.setFixedHeight(80)
                _TabLeaves(widget)
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
            self._field_widgets[field.id] = widget
        self.fields_box.setVisible(bool(spec.fields))

    def letter(self, body: str) -> Letter:
        """Return the letter the form describes, with Markdown `body`."""
        base = self._base
        date = self._date
        fields: dict[str, Any] = dict(base.fields)
        for field_id, widget in self._field_widgets.items():
            if isinstance(widget, QLineEdit):
                fields[field_id] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                fields[field_id] = widget.toPlainText()
            else:
                fields[field_id] = widget.value()
        letter = dataclasses.replace(
            base,
            profile=str(self.profile.currentData() or base.profile),
            body=body,
            date=date,
            signer=dataclasses.replace(base.signer, signature=self._signature),
            fields=fields,
        )
        for name, widget in self.text_widgets.items():
            text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
            letter = get_field(name).write(letter, _tidy(name, text))
        return letter

    def search_targets(self) -> list[QLineEdit | QPlainTextEdit]:
        """Return the visible text fields, in the form's order (Søg og erstat)."""
        fields = [
            w for w in self._field_widgets.values() if isinstance(w, QLineEdit | QPlainTextEdit)
        ]
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
        self._signers = dict(signers)
        self.signer_pick.blockSignals(True)
        self.signer_pick.clear()
        for signer_id, signer in self._signers.items():
            label = f"{signer.name} – {signer.title}" if signer.title else signer.name
            self.signer_pick.addItem(label, signer_id)
        self.signer_pick.setCurrentIndex(-1)
        self.signer_pick.blockSignals(False)

    def library_signer(self, name: str) -> Signer | None:
        """Return the library's signer called `name` (case and spaces ignored), if any."""
        key = " ".join(name.casefold().split())
        if not key:
            return None
        return next(
            (s for s in self._signers.values() if " ".join(s.name.casefold().split()) == key),
            None,
        )

    def choose_signer(self, signer_id: str) -> None:
        """Fill name, title, phone, e-mail and signature from the library's signer."""
        signer = self._signers[signer_id]
        self.signer_pick.blockSignals(True)
        self.signer_pick.setCurrentIndex(self.signer_pick.findData(signer_id))
        self.signer_pick.blockSignals(False)
        self.signer_name.setText(signer.name)
        self.signer_title.setText(signer.title)
        self.signer_phone.setText(signer.phone)
        self.signer_email.setText(signer.email)
        self._set_signature(signer.signature)
        self._emit_changed()

    def _on_signer_pick_activated(self, index: int) -> None:
        signer_id = self.signer_pick.itemData(index)
        if signer_id in self._signers:
            self.choose_signer(str(signer_id))

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
            "date": self.no_date if self._date is None else self.date_edit,
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

    def _set_signature(self, path: Path | None) -> None:
        self._signature = path
        pixmap = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if not pixmap.isNull():
            self.signature_thumb.setPixmap(
                pixmap.scaled(
                    self.signature_thumb.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.signature_thumb.setToolTip(str(path))
        else:
            self.signature_thumb.setPixmap(QPixmap())
            self.signature_thumb.setText("Ingen underskrift" if path is None else "Filen mangler")
            self.signature_thumb.setToolTip(str(path) if path else "")

    def date(self) -> dt.date | None:
        """Return the letter's date (None: no date)."""
        return self._date

    def set_date(self, day: dt.date | None) -> None:
        """Give the letter date `day` (None: no date) as if the user had picked it."""
        self._show_date(day)
        self._emit_changed()

    def _show_date(self, day: dt.date | None) -> None:
        """Show `day` in the picker and the check box without emitting `changed`."""
        self._date = day
        shown = self._today() if day is None else min(max(day, FIRST_DATE), LAST_DATE)
        for widget in (self.date_edit, self.no_date):
            widget.blockSignals(True)
        try:
            self.date_edit.setDate(_qdate(shown))
            self.no_date.setChecked(day is None)
        finally:
            for widget in (self.date_edit, self.no_date):
                widget.blockSignals(False)
        self.date_edit.setEnabled(day is not None)
        self._update_date_print()

    def _update_date_print(self) -> None:
        day = self._date
        if day is None:
            self.date_print.setText("Brevet får ingen dato.")
            return
        style = self._base.date_style or (self._spec.date_style if self._spec else "long")
        try:
            printed = format_letter_date(day, style)
        except ValueError:
            printed = format_letter_date(day, "long")
        self.date_print.setText(f"Trykkes som: {printed}")

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

    def _on_date_edit_date_changed(self, qdate: QDate) -> None:
        self._date = _pydate(qdate)
        self._update_date_print()
        self._emit_changed()

    def _on_no_date_toggled(self, checked: bool) -> None:
        self._date = None if checked else _pydate(self.date_edit.date())
        self.date_edit.setEnabled(not checked)
        self._update_date_print()
        self._emit_changed()

    def _on_today_button_clicked(self) -> None:
        self.set_date(self._today())

    def _on_signature_choose_clicked(self) -> None:
        path = self._choose_image()
        if path is not None:
            self._set_signature(path)
            self._emit_changed()

    def _on_signature_clear_clicked(self) -> None:
        self._set_signature(None)
        self._emit_changed()
