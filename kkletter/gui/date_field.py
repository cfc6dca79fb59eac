"""The letter form's date: a Danish picker, "I dag", "Ingen dato" and how the date prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, QObject, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QLabel, QPushButton

from kkletter.dates import format_letter_date

DANISH = QLocale(QLocale.Language.Danish, QLocale.Country.Denmark)
# The picker's range; a draft's date outside it is kept until the user picks another.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


class DateField(QObject):
    """Keep the letter's date and its widgets in step; emit `changed` on every user edit.

    The widgets (`date_edit`, `today_button`, `no_date`, `date_print`) are laid out by the
    form; the date itself lives here, the picker only shows it (None: the letter has no date).
    """

    changed = Signal()

    def __init__(self, *, today: Callable[[], dt.date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self._date: dt.date | None = None
        self._style = "long"
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
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.no_date.toggled.connect(self._on_no_date_toggled)
        self.today_button.clicked.connect(self._on_today_button_clicked)

    def date(self) -> dt.date | None:
        """Return the letter's date (None: no date)."""
        return self._date

    def set_date(self, day: dt.date | None) -> None:
        """Give the letter date `day` (None: no date) as if the user had picked it."""
        self.show_date(day)
        self.changed.emit()

    def show_date(self, day: dt.date | None) -> None:
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

    def set_style(self, style: str) -> None:
        """Print the date in `style` (see `kkletter.dates.format_letter_date`)."""
        self._style = style
        self._update_date_print()

    def _update_date_print(self) -> None:
        day = self._date
        if day is None:
            self.date_print.setText("Brevet får ingen dato.")
            return
        try:
            printed = format_letter_date(day, self._style)
        except ValueError:
            printed = format_letter_date(day, "long")
        self.date_print.setText(f"Trykkes som: {printed}")

    def _on_date_edit_date_changed(self, qdate: QDate) -> None:
        self._date = _pydate(qdate)
        self._update_date_print()
        self.changed.emit()

    def _on_no_date_toggled(self, checked: bool) -> None:
        self._date = None if checked else _pydate(self.date_edit.date())
        self.date_edit.setEnabled(not checked)
        self._update_date_print()
        self.changed.emit()

    def _on_today_button_clicked(self) -> None:
        self.set_date(self._today())
