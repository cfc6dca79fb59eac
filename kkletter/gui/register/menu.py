"""The "Register" menu and everything the letter register adds to the main window.

`install_register` is the one hook the app calls after building the main window. It
adds the menu (Brevregister Ctrl+Shift+R, Adressebog, Send til godkendelse, the
"Registrér eksporter" setting), records every export, asks before exporting a letter
that needs approval, checks against the register and completes recipient names. The
window only offers `exporter`, `set_checker`, `form`, `load_letter` and `current_letter`.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from kkletter.compose import Catalogs, LetterDocument
from kkletter.errors import KKLetterError
from kkletter.gui.settings import Setting
from kkletter.model import Letter, Recipient

# The database layer (SQLAlchemy, Alembic) loads when the register opens, after the window
# shows, not when the app imports this module: a fast start.
if TYPE_CHECKING:
    from kkletter.checks.context import PastLetter
    from kkletter.checks.findings import Finding
    from kkletter.gui.main_window import MainWindow
    from kkletter.gui.register.address_book import RecipientCompleter
    from kkletter.gui.register.window import RegisterWindow
    from kkletter.merge import MergeData, MergeSummary
    from kkletter.register.store import Register

REGISTER_ENABLED = Setting("preferences/register_exports", bool, True)
# The office database (postgresql://...); empty: the SQLite register on this PC.
# $KKLETTER_DATABASE_URL wins over it (IT can set it for everyone).
REGISTER_URL = Setting("preferences/register_database_url", str, "")
SHORTCUT = QKeySequence("Ctrl+Shift+R")
_OFFLINE_SECONDS = 60  # after a failed lookup, check without the register this long

AskUnapproved = Callable[[QWidget, str], bool]
AskUrl = Callable[[QWidget, str], str | None]
AskApprover = Callable[[QWidget, str], str | None]


def ask_unapproved(parent: QWidget, message: str) -> bool:
    """Ask whether to export a letter that is not approved as an unsigned draft."""
    answer = QMessageBox.question(
        parent,
        "Brevet er ikke godkendt",
        f"{message}\n\nVil du eksportere brevet som udkast uden underskrift?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_database_url(parent: QWidget, current: str) -> str | None:
    """Ask for the register's database address; None when the user cancels."""
    text, ok = QInputDialog.getText(
        parent,
        "Brevregistrets database",
        "Kontorets database, fx postgresql://kkletter@dbserver/kkletter\n"
        "(tom: et register på denne pc):",
        text=current,
    )
    return text.strip() if ok else None


def ask_approver(parent: QWidget, proposed: str) -> str | None:
    """Ask who should approve the letter; None when the user cancels."""
    text, ok = QInputDialog.getText(
        parent,
        "Send til godkendelse",
        "Hvem skal godkende brevet (navn eller brugernavn)?",
        text=proposed,
    )
    return text.strip() if ok and text.strip() else None


class _Lookup:
    """The register as the checks see it; stays quiet for a while when the db is away."""

    def __init__(self, menu: RegisterMenu) -> None:
        self._menu = menu
        self._offline_until = 0.0

    def _ask(self, ask: Callable[[Register], list[PastLetter]]) -> list[PastLetter]:
        register = self._menu.register(open_now=False)
        if register is None or time.monotonic() < self._offline_until:
            return []
        import sqlalchemy as sa

        try:
            return ask(register)
        except sa.exc.SQLAlchemyError:
            self._offline_until = time.monotonic() + _OFFLINE_SECONDS
            return []

    def letters_with_document_number(self, document_number: str) -> list[PastLetter]:
        return self._ask(lambda r: r.letters_with_document_number(document_number))

    def letters_with_case_number(self, case_number: str) -> list[PastLetter]:
        return self._ask(lambda r: r.letters_with_case_number(case_number))


class RegisterMenu(QObject):
    """The letter register's part of `window`."""

    def __init__(
        self,
        window: MainWindow,
        *,
        url: str | None = None,
        ask_for_unapproved: AskUnapproved = ask_unapproved,
        ask_for_approver: AskApprover = ask_approver,
        ask_for_url: AskUrl = ask_database_url,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._explicit_url = url
        self._ask_unapproved = ask_for_unapproved
        self._ask_approver = ask_for_approver
        self._ask_url = ask_for_url
        self._today = today
        self._register: Register | None = None
        self._open_failed = False
        self._opener: threading.Thread | None = None
        self._opened: list[Register | KKLetterError] = []
        self._poll = QTimer(self, interval=100)
        self._poll.timeout.connect(self._on_poll_timeout)
        self._approved_number: int | None = None
        self._export_status = "sendt"
        self._lookup = _Lookup(self)
        self.completer: RecipientCompleter | None = None
        self.register_window: RegisterWindow | None = None
        self._init_actions()
        self._init_menu()
        self._connect_signals()
        # Open the database once the window shows: a fast start.
        QTimer.singleShot(0, self._open_in_background)

    # --- table of contents ------------------------------------------------------------
    def _init_actions(self) -> None:
        window = self._window
        self.register_action = QAction("&Brevregister ...", window)
        self.register_action.setShortcut(SHORTCUT)
        self.address_book_action = QAction("&Adressebog ...", window)
        self.submit_action = QAction("&Send til godkendelse ...", window)
        self.database_action = QAction("&Database ...", window)
        self.enabled_action = QAction("&Registrér eksporter", window, checkable=True)
        self.enabled_action.setChecked(window.preferences.get(REGISTER_ENABLED))
        for action in (self.register_action, self.address_book_action, self.submit_action):
            window.addAction(action)

    def _init_menu(self) -> None:
        bar = self._window.menuBar()
        menu = self._window.menuBar().addMenu("Re&gister")
        menu.addAction(self.register_action)
        menu.addAction(self.address_book_action)
        menu.addSeparator()
        menu.addAction(self.submit_action)
        menu.addSeparator()
        menu.addAction(self.enabled_action)
        menu.addAction(self.database_action)
        # Before "Hjælp", which stays last.
        actions = bar.actions()
        help_action = next((a for a in actions if a.text().replace("&", "") == "Hjælp"), None)
        if help_action is not None:
            bar.removeAction(menu.menuAction())
            bar.insertMenu(help_action, menu)
        self.menu = menu

    def _connect_signals(self) -> None:
        self.register_action.triggered.connect(self.show_register)
        self.address_book_action.triggered.connect(self.show_address_book)
        self.submit_action.triggered.connect(self.submit_current)
        self.enabled_action.toggled.connect(self._on_enabled_action_toggled)
        self.database_action.triggered.connect(self.choose_database)
        self._window.mergeDialogOpened.connect(self._on_window_merge_dialog_opened)
        exporter = self._window.exporter
        exporter.prepare = self._prepare_export
        exporter.exported.connect(self._on_exporter_exported)
        self._window.set_checker(self._check)

    # --- the register -----------------------------------------------------------------
    @property
    def _url(self) -> str | None:
        """Return the database to use: given, $KKLETTER_DATABASE_URL, the setting, or SQLite."""
        import os

        return (
            self._explicit_url
            or os.environ.get("KKLETTER_DATABASE_URL", "").strip()
            or self._window.preferences.get(REGISTER_URL)
            or None
        )

    def choose_database(self) -> bool:
        """Ask for the office database and reconnect; return whether it could be opened."""
        answer = self._ask_url(self._window, self._window.preferences.get(REGISTER_URL))
        if answer is None:
            return False
        self._window.preferences.set(REGISTER_URL, answer)
        self.close()
        self._open_failed = False
        register = self.register()
        if register is not None:
            self._status("Brevregistret er åbnet.", 6000)
        return register is not None

    def register(self, *, open_now: bool = True) -> Register | None:
        """Return the open register; open it first when `open_now` (None: unavailable).

        While the start-up opening runs in the background, `open_now` waits for it;
        without `open_now` (the checks while typing) the register is simply not asked yet.
        """
        opener = self._opener
        if self._register is None and opener is not None and (open_now or not opener.is_alive()):
            opener.join()
            self._take_opened()
        if self._register is None and open_now and not self._open_failed:
            from kkletter.register.service import connect

            try:
                self._register = connect(self._url)
            except KKLetterError as exc:
                self._open_failed = True
                self._status(str(exc), 15000)
                return None
            self._on_register_opened()
        return self._register

    def close(self) -> None:
        """Close the database connections (and the Register window, which uses them)."""
        if self._opener is not None:
            self._opener.join()
            self._take_opened()
        if self.register_window is not None:
            self.register_window.close()
            self.register_window = None
        if self._register is not None:
            self._register.close()
            self._register = None

    def _open_in_background(self) -> None:
        """Open (and migrate) the register off the GUI thread: the window stays quick."""
        url = self._url
        result: list[Register | KKLetterError] = []

        def work() -> None:
            from kkletter.register.service import connect

            try:
                register = connect(url)
                # SQLite connections belong to the thread that made them: make them anew
                # on the GUI thread.
                register.engine.dispose()
                result.append(register)
            except KKLetterError as exc:
                result.append(exc)

        self._opened = result
        self._opener = threading.Thread(target=work, name="kkletter-register", daemon=True)
        self._opener.start()
        self._poll.start()

    def _on_poll_timeout(self) -> None:
        if self._opener is not None and not self._opener.is_alive():
            self._take_opened()
            self._window.schedule_refresh()
        if self._opener is None:
            self._poll.stop()

    def _take_opened(self) -> None:
        """Use what the background opening found (once)."""
        self._opener = None
        self._poll.stop()
        result = self._opened.pop() if self._opened else None
        if isinstance(result, KKLetterError):
            self._open_failed = True
            self._status(str(result), 15000)
        elif result is not None and self._register is None:
            self._register = result
            self._on_register_opened()

    def _on_register_opened(self) -> None:
        if self._register is None:
            return
        for notice in self._register.notices:
            self._status(notice, 15000)
        self._install_completer()

    def _status(self, text: str, timeout: int = 8000) -> None:
        self._window.statusBar().showMessage(text, timeout)

    # --- checks, completion -------------------------------------------------------------
    def _check(
        self, letter: Letter, catalogs: Catalogs, document: LetterDocument | None = None
    ) -> list[Finding]:
        from kkletter.checks import check_letter

        return check_letter(letter, catalogs, document=document, register=self._lookup)

    def _install_completer(self) -> None:
        if self._register is None:
            return
        from kkletter.gui.register.address_book import RecipientCompleter
        from kkletter.register.addresses import AddressBook

        index = AddressBook(self._register.engine).index()
        if self.completer is None:
            self.completer = RecipientCompleter(
                index, self._window.form.recipient_name, self._on_recipient_chosen
            )
        else:
            self.completer.set_index(index)

    def _on_recipient_chosen(self, recipient: Recipient) -> None:
        form = self._window.form
        form.recipient_address.setPlainText("\n".join(recipient.address))
        if recipient.salutation:
            form.salutation.setText(recipient.salutation)
        self._window.schedule_refresh()

    # --- exports ------------------------------------------------------------------------
    def _prepare_export(self, letter: Letter, catalogs: Catalogs) -> Letter | None:
        from kkletter.register.approval import check_export_approval, signed_for_export

        self._approved_number, self._export_status = None, "sendt"
        decision = check_export_approval(self.register(), letter, catalogs)
        if decision.approved:
            self._approved_number = decision.entry.number if decision.entry else None
            return letter
        if not self._ask_unapproved(self._window, decision.message):
            return None
        self._export_status = "kladde"
        return signed_for_export(letter, "kladde", requires_approval=True)

    def _on_exporter_exported(self, letter: Letter, paths: Sequence[Path]) -> None:
        if not self.enabled_action.isChecked():
            return
        from kkletter.register.service import record_export

        try:
            outcome = record_export(
                letter,
                list(paths),
                register=self.register(),
                url=self._url,
                approved_number=self._approved_number,
                status=self._export_status,
            )
        except KKLetterError as exc:
            self._status(f"Eksporten blev ikke registreret: {exc}", 15000)
            return
        self._approved_number = None
        if outcome.queued:
            QMessageBox.information(self._window, "Registret kan ikke nås", outcome.message)
        self._status(outcome.message, 15000 if outcome.needs_attention else 6000)
        self._install_completer()

    def _on_window_merge_dialog_opened(self, dialog: QObject) -> None:
        merged = getattr(dialog, "merged", None)
        if merged is not None:
            merged.connect(self._on_merge_dialog_merged)

    def _on_merge_dialog_merged(
        self, letter: Letter, data: MergeData, summary: MergeSummary
    ) -> None:
        if not self.enabled_action.isChecked():
            return
        from kkletter.register.service import describe_merge_outcomes, record_merge

        try:
            outcomes = record_merge(letter, data, summary, url=self._url)
        except KKLetterError as exc:
            self._status(f"Fletningen blev ikke registreret: {exc}", 15000)
            return
        text = describe_merge_outcomes(outcomes)
        if text:
            self._status(text, 15000)
        self._install_completer()

    # --- actions ------------------------------------------------------------------------
    def show_register(self) -> RegisterWindow | None:
        """Show the Register window (one per main window)."""
        register = self.register()
        if register is None:
            self._status("Brevregistret kan ikke åbnes; se beskeden ovenfor.", 8000)
            return None
        if self.register_window is None:
            from kkletter.gui.register.window import RegisterWindow

            self.register_window = RegisterWindow(register, self._window, today=self._today)
            self.register_window.letter_opened.connect(self._on_register_letter_chosen)
            self.register_window.new_letter_requested.connect(self._on_register_letter_chosen)
            self.register_window.reply_requested.connect(self._on_register_letter_chosen)
            self.register_window.address_book_requested.connect(self.show_address_book)
        else:
            self.register_window.search()
        self.register_window.show()
        self.register_window.raise_()
        self.register_window.activateWindow()
        return self.register_window

    def show_address_book(self) -> QDialog | None:
        """Show the Adressebog."""
        register = self.register()
        if register is None:
            return None
        from kkletter.gui.register.address_book import AddressBookDialog
        from kkletter.register.addresses import AddressBook

        dialog = AddressBookDialog(AddressBook(register.engine), self._window)
        dialog.finished.connect(self._install_completer)
        dialog.show()
        return dialog

    def submit_current(self) -> int | None:
        """Register the open letter and send it for approval; return its number."""
        register = self.register()
        if register is None:
            return None
        letter = self._window.current_letter()
        approver = self._ask_approver(self._window, letter.signer.name)
        if approver is None:
            return None
        from kkletter.register.approval import approver_login, submit_for_approval
        from kkletter.register.records import make_record

        signer = self._window.form.library_signer(approver)
        login = approver_login(approver, [signer] if signer is not None else [])
        record = make_record(letter, [], status="kladde")
        try:
            number = register.record(record)
            submit_for_approval(register, number, approver, record.created_by, approver_user=login)
        except KKLetterError as exc:
            self._status(str(exc), 10000)
            return None
        who = f"{approver} (brugernavn {login})" if login else approver
        self._status(f"Brev nr. {number} er sendt til godkendelse hos {who}.", 10000)
        return number

    def _on_register_letter_chosen(self, letter: Letter) -> None:
        if self._window.ask_to_keep_changes():
            self._window.load_letter(letter, None, modified=True)
            self._window.raise_()

    def _on_enabled_action_toggled(self, checked: bool) -> None:
        self._window.preferences.set(REGISTER_ENABLED, checked)


def install_register(window: MainWindow, *, url: str | None = None) -> RegisterMenu:
    """Add the letter register to `window` (menu, export records, checks, completion)."""
    return RegisterMenu(window, url=url)
