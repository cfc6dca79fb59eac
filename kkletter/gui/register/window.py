"""The Register window (Ctrl+Shift+R): find past letters, reuse them, answer them, approve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kkletter.errors import KKLetterError
from kkletter.gui.register.model import DATE_COLUMN, LetterTableModel
from kkletter.register.approval import approve, approver_notice, may_act, reject
from kkletter.register.letters import copy_for_new, reply_to
from kkletter.register.records import (
    STATUS_LABELS,
    LetterSummary,
    RegisteredLetter,
    SearchQuery,
    current_user,
)
from kkletter.register.store import Register

PAGE_SIZE = 50
AskComment = Callable[[QWidget, int], str | None]


def ask_comment(parent: QWidget, number: int) -> str | None:
    """Ask why letter `number` is rejected; None when the user cancels."""
    text, ok = QInputDialog.getText(
        parent, "Afvis brev", f"Hvorfor afvises brev nr. {number}? (afsenderen ser kommentaren)"
    )
    return text if ok else None


def _date(edit: QDateEdit) -> dt.date:
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


class RegisterWindow(QDialog):
    """Search the register and act on the chosen letter."""

    letter_opened = Signal(object)  # Letter: open as it was registered
    new_letter_requested = Signal(object)  # Letter: "Nyt brev ud fra dette"
    reply_requested = Signal(object)  # Letter: "Besvar"
    address_book_requested = Signal()

    def __init__(
        self,
        register: Register,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
        user: str | None = None,
        ask_for_comment: AskComment = ask_comment,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Brevregister")
        self.setWindowFlag(Qt.WindowType.Window)
        self.resize(1100, 620)
        self.register = register
        self._today = today
        self._user = user or current_user()
        self._ask_comment = ask_for_comment
        self._page = 0
        self._newest_first = True
        self._add_widgets()
        self._connect_signals()
        self.search()

    # --- construction ---------------------------------------------------------------
    def _add_widgets(self) -> None:
        self.text_edit = QLineEdit(placeholderText="Søg i emne, modtager, sagsnr., tekst ...")
        self.recipient_edit = QLineEdit(placeholderText="Modtager")
        self.case_edit = QLineEdit(placeholderText="Sagsnr.")
        self.from_check, self.from_edit = QCheckBox("Fra"), self._date_edit()
        self.to_check, self.to_edit = QCheckBox("Til"), self._date_edit()
        self.mine_check = QCheckBox("Venter på min godkendelse")
        self.status_combo = QComboBox()
        self.status_combo.addItem("Alle", "")
        for value, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, value)
        filters = QGridLayout()
        search_label = QLabel("&Søg:")
        search_label.setBuddy(self.text_edit)
        filters.addWidget(search_label, 0, 0)
        filters.addWidget(self.text_edit, 0, 1, 1, 3)
        filters.addWidget(QLabel("Status:"), 0, 4)
        filters.addWidget(self.status_combo, 0, 5)
        filters.addWidget(self.mine_check, 0, 6)
        filters.addWidget(QLabel("Modtager:"), 1, 0)
        filters.addWidget(self.recipient_edit, 1, 1)
        filters.addWidget(QLabel("Sagsnr.:"), 1, 2)
        filters.addWidget(self.case_edit, 1, 3)
        dates = QHBoxLayout()
        for widget in (self.from_check, self.from_edit, self.to_check, self.to_edit):
            dates.addWidget(widget)
        filters.addLayout(dates, 1, 4, 1, 2)

        self.model = LetterTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(DATE_COLUMN, Qt.SortOrder.DescendingOrder)

        self.previous_button = QPushButton("◀ Forrige")
        self.next_button = QPushButton("Næste ▶")
        self.page_label = QLabel()
        self.open_button = QPushButton("Åbn")
        self.new_button = QPushButton("Nyt brev ud fra dette")
        self.reply_button = QPushButton("Besvar")
        self.approve_button = QPushButton("Godkend")
        self.reject_button = QPushButton("Afvis ...")
        self.address_book_button = QPushButton("Adressebog ...")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.approver_label = QLabel()
        self.approver_label.setWordWrap(True)

        paging = QHBoxLayout()
        paging.addWidget(self.previous_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.next_button)
        paging.addStretch(1)
        for button in (
            self.open_button,
            self.new_button,
            self.reply_button,
            self.approve_button,
            self.reject_button,
            self.address_book_button,
        ):
            paging.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.approver_label)
        layout.addWidget(self.message_label)
        layout.addLayout(paging)
        self._search_timer = QTimer(self, singleShot=True, interval=250)

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd-MM-yyyy")
        edit.setEnabled(False)
        return edit

    def _connect_signals(self) -> None:
        for edit in (self.text_edit, self.recipient_edit, self.case_edit):
            edit.textChanged.connect(self._on_filter_changed)
            edit.returnPressed.connect(self.search)
        for check, date_edit in ((self.from_check, self.from_edit), (self.to_check, self.to_edit)):
            check.toggled.connect(date_edit.setEnabled)
            check.toggled.connect(self._on_filter_changed)
            date_edit.dateChanged.connect(self._on_filter_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.mine_check.toggled.connect(self._on_filter_changed)
        # "Venter på min godkendelse" sets the status itself.
        self.mine_check.toggled.connect(lambda mine: self.status_combo.setEnabled(not mine))
        self._search_timer.timeout.connect(self.search)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_section_clicked)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.previous_button.clicked.connect(self._on_previous_button_clicked)
        self.next_button.clicked.connect(self._on_next_button_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.new_button.clicked.connect(self.new_from_selected)
        self.reply_button.clicked.connect(self.reply_to_selected)
        self.approve_button.clicked.connect(self.approve_selected)
        self.reject_button.clicked.connect(self.reject_selected)
        self.address_book_button.clicked.connect(self.address_book_requested)

    # --- searching --------------------------------------------------------------------
    def query(self) -> SearchQuery:
        """Return the search the filters describe, for the current page and order."""
        return SearchQuery(
            text=self.text_edit.text(),
            recipient=self.recipient_edit.text(),
            case_number=self.case_edit.text(),
            date_from=_date(self.from_edit) if self.from_check.isChecked() else None,
            date_to=_date(self.to_edit) if self.to_check.isChecked() else None,
            status="til_godkendelse"
            if self.mine_check.isChecked()
            else str(self.status_combo.currentData() or ""),
            approver=self._user if self.mine_check.isChecked() else "",
            page=self._page,
            page_size=PAGE_SIZE,
            newest_first=self._newest_first,
        )

    def search(self) -> None:
        """Run the search now and show the current page."""
        self._search_timer.stop()
        try:
            page = self.register.search(self.query())
        except KKLetterError as exc:
            self._show_message(str(exc))
            return
        except Exception as exc:  # the database went away while the window was open
            self._show_message(f"Registret kan ikke læses lige nu: {exc}")
            return
        self.model.set_rows(page.items)
        pages = f"{page.pages}+" if page.more else str(page.pages)
        self.page_label.setText(f"Side {page.page + 1} af {pages} ({page.total_text})")
        self.previous_button.setEnabled(page.page > 0)
        self.next_button.setEnabled(len(page.items) == page.page_size)
        if page.items:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> LetterSummary | None:
        """Return the selected letter."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.summary(rows[0].row()) if rows else None

    # --- acting on the selected letter ------------------------------------------------
    def open_selected(self) -> None:
        """Open the selected letter as it was registered."""
        entry = self._selected_entry()
        if entry is not None:
            self.letter_opened.emit(entry.letter())

    def new_from_selected(self) -> None:
        """Start a new letter from the selected one (today's date, no Dok.nr.)."""
        entry = self._selected_entry()
        if entry is not None:
            self.new_letter_requested.emit(copy_for_new(entry.letter(), self._today()))

    def reply_to_selected(self) -> None:
        """Start an answer to the selected letter's recipient."""
        entry = self._selected_entry()
        if entry is not None:
            self.reply_requested.emit(reply_to(entry, self._today()))

    def approve_selected(self) -> None:
        """Approve the selected letter as the current user."""
        summary = self.selected()
        if summary is None:
            return
        if self._act(lambda: approve(self.register, summary.number, self._user)):
            self._show_message(f"Brev nr. {summary.number} er godkendt.")

    def reject_selected(self) -> None:
        """Reject the selected letter with a comment."""
        summary = self.selected()
        if summary is None:
            return
        comment = self._ask_comment(self, summary.number)
        if comment is None:
            return
        if self._act(lambda: reject(self.register, summary.number, self._user, comment)):
            self._show_message(f"Brev nr. {summary.number} er afvist.")

    def _act(self, step: Callable[[], None]) -> bool:
        try:
            step()
        except KKLetterError as exc:
            self._show_message(str(exc))
            self.search()
            return False
        selected = self.table.currentIndex().row()
        self.search()
        if selected >= 0:
            self.table.selectRow(selected)
        return True

    def _selected_entry(self) -> RegisteredLetter | None:
        summary = self.selected()
        if summary is None:
            return None
        try:
            return self.register.get(summary.number)
        except KKLetterError as exc:
            self._show_message(str(exc))
            return None

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)

    def _update_buttons(self) -> None:
        summary = self.selected()
        for button in (self.open_button, self.new_button, self.reply_button):
            button.setEnabled(summary is not None)
        waiting = summary is not None and summary.status == "til_godkendelse"
        allowed = waiting and summary is not None and may_act(summary, self._user)
        self.approve_button.setEnabled(allowed)
        self.reject_button.setEnabled(allowed)
        # Who may approve: a refusal, or a warning when the approver has no login name.
        self.approver_label.setText(approver_notice(summary, self._user) if summary else "")

    # --- slots ------------------------------------------------------------------------
    def _on_filter_changed(self) -> None:
        self._page = 0
        self._search_timer.start()

    def _on_header_section_clicked(self, section: int) -> None:
        if section == DATE_COLUMN:
            self._newest_first = not self._newest_first
        order = Qt.SortOrder.DescendingOrder if self._newest_first else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(DATE_COLUMN, order)
        self._page = 0
        self.search()

    def _on_table_double_clicked(self) -> None:
        self.open_selected()

    def _on_previous_button_clicked(self) -> None:
        self._page = max(0, self._page - 1)
        self.search()

    def _on_next_button_clicked(self) -> None:
        self._page += 1
        self.search()
