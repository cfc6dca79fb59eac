"""Register window, Adressebog and recipient autocomplete: wiring against a real register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from kkletter.gui.register.address_book import AddressBookDialog, RecipientCompleter
from kkletter.gui.register.window import PAGE_SIZE, RegisterWindow
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.register.addresses import Address, AddressBook
from kkletter.register.approval import submit_for_approval
from kkletter.register.database import open_database
from kkletter.register.records import make_record
from kkletter.register.store import Register

TODAY = dt.date(2026, 11, 30)


def _letter(n: int, recipient: str = "Røde Kors København") -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        subject=f"Svar om tilskud {n}",
        body="Tak for ansøgningen.",
        recipient=Recipient(name=recipient, address=("Blegdamsvej 27",), salutation="Kære"),
        case=CaseRef(number=f"2026-{n:07d}", document=f"2026-{n:07d}-1"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


@pytest.fixture
def register(tmp_path: Path) -> Iterator[Register]:
    opened = open_database(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    with Register(opened.engine) as register:
        yield register


def _window(qtbot: QtBot, register: Register, **kwargs: object) -> RegisterWindow:
    window = RegisterWindow(
        register,
        today=lambda: TODAY,
        user="borgmester",
        **kwargs,  # type: ignore[arg-type]
    )
    qtbot.addWidget(window)
    return window


def test_lists_newest_first_and_pages(qtbot: QtBot, register: Register) -> None:
    for n in range(1, PAGE_SIZE + 6):
        register.record(make_record(_letter(n), []))
    window = _window(qtbot, register)
    assert window.model.rowCount() == PAGE_SIZE
    assert window.selected() is not None
    assert window.selected().number == PAGE_SIZE + 5  # type: ignore[union-attr]
    assert window.page_label.text() == f"Side 1 af 2 ({PAGE_SIZE + 5} breve)"
    assert not window.previous_button.isEnabled()
    window.next_button.click()
    assert window.model.rowCount() == 5
    assert window.page_label.text().startswith("Side 2 af 2")
    window.table.horizontalHeader().sectionClicked.emit(1)  # date column: oldest first
    assert window.model.summary(0).number == 1  # type: ignore[union-attr]


def test_typing_in_the_filters_searches(qtbot: QtBot, register: Register) -> None:
    register.record(make_record(_letter(1), []))
    register.record(make_record(_letter(2, "Ældresagen"), []))
    window = _window(qtbot, register)
    qtbot.keyClicks(window.recipient_edit, "ældre")  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.summary(0).recipient == "Ældresagen"  # type: ignore[union-attr]
    window.recipient_edit.clear()
    window.text_edit.setText("tilskud 0000001")
    window.search()
    assert [window.model.summary(0).number] == [1]  # type: ignore[union-attr]
    window.text_edit.clear()
    window.from_check.setChecked(True)
    window.from_edit.setDate(QDate(2026, 1, 3))
    window.search()
    assert window.model.rowCount() == 1
    assert window.model.summary(0).number == 2  # type: ignore[union-attr]


def test_open_new_from_and_reply(qtbot: QtBot, register: Register) -> None:
    register.record(make_record(_letter(1), []))
    window = _window(qtbot, register)
    with qtbot.waitSignal(window.letter_opened) as opened:
        window.table.doubleClicked.emit(window.model.index(0, 0))
    assert opened.args[0] == _letter(1)
    with qtbot.waitSignal(window.new_letter_requested) as new:
        window.new_button.click()
    copy: Letter = new.args[0]
    assert (copy.date, copy.case.document, copy.case.number) == (TODAY, "", "2026-0000001")
    assert copy.body == _letter(1).body
    with qtbot.waitSignal(window.reply_requested) as reply:
        window.reply_button.click()
    answer: Letter = reply.args[0]
    assert answer.recipient == _letter(1).recipient
    assert answer.subject == "Vedr.: Svar om tilskud 1"
    assert answer.body.startswith("Vedr. jeres brev af 2. januar 2026 om svar om tilskud 1.")
    assert (answer.date, answer.case.number, answer.case.document) == (TODAY, "2026-0000001", "")


def test_approve_and_reject_from_the_window(qtbot: QtBot, register: Register) -> None:
    first = register.record(make_record(_letter(1), [], status="kladde"))
    second = register.record(make_record(_letter(2), [], status="kladde"))
    for number in (first, second):
        submit_for_approval(register, number, "borgmester", "sekretær")
    others = register.record(make_record(_letter(3), [], status="kladde"))
    submit_for_approval(register, others, "direktør", "sekretær")
    window = _window(qtbot, register, ask_for_comment=lambda parent, number: "Ret beløbet")
    window.status_combo.setCurrentIndex(window.status_combo.findData("til_godkendelse"))
    window.search()
    assert window.model.rowCount() == 3
    window.status_combo.setCurrentIndex(0)
    window.mine_check.setChecked(True)  # "Venter på min godkendelse" (the user: borgmester)
    assert not window.status_combo.isEnabled()
    window.search()
    assert window.model.rowCount() == 2
    assert window.approve_button.isEnabled()
    window.approve_button.click()
    assert register.get(second).summary.status == "godkendt"
    assert "godkendt" in window.message_label.text()
    window.table.selectRow(0)
    window.reject_button.click()
    assert (register.get(first).summary.status, register.get(first).comment) == (
        "afvist",
        "Ret beløbet",
    )
    assert window.model.rowCount() == 0  # neither waits for borgmester any more


def test_address_book_dialog_imports_and_reports_rows(
    qtbot: QtBot, register: Register, tmp_path: Path
) -> None:
    source = tmp_path / "adresser.csv"
    source.write_bytes("navn;adresse1\r\nÆldresagen;Nørregade 49\r\n;Vej 2\r\n".encode("cp1252"))
    target = tmp_path / "ud.xlsx"
    answers = iter([source, target])
    dialog = AddressBookDialog(
        AddressBook(register.engine), choose_file=lambda parent, saving: next(answers)
    )
    qtbot.addWidget(dialog)
    dialog.import_button.click()
    assert dialog.table.rowCount() == 1
    item = dialog.table.item(0, 0)
    assert item is not None
    assert item.text() == "Ældresagen"
    assert "Række 3 er sprunget over" in dialog.report_label.text()
    dialog.export_button.click()
    assert target.is_file()
    dialog.search_edit.setText("zzz")
    assert dialog.table.rowCount() == 0


# The offscreen platform cannot raise the popup or grab the keyboard; it says so.
@pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard")
def test_recipient_autocomplete_fills_address_and_salutation(
    qtbot: QtBot, register: Register
) -> None:
    from PySide6.QtWidgets import QLineEdit

    book = AddressBook(register.engine)
    book.save([Address("Røde Kors København", ("Blegdamsvej 27",), "Kære Røde Kors")])
    edit = QLineEdit()
    qtbot.addWidget(edit)
    chosen: list[Recipient] = []
    completer = RecipientCompleter(book.index(), edit, chosen.append)
    qtbot.keyClicks(edit, "kors")  # type: ignore[no-untyped-call]
    assert completer.model().rowCount() == 1
    completer.activated.emit("Røde Kors København – Blegdamsvej 27")
    assert chosen == [
        Recipient(
            name="Røde Kors København", address=("Blegdamsvej 27",), salutation="Kære Røde Kors"
        )
    ]
    assert edit.text() == "Røde Kors København"


def test_only_the_named_approver_may_approve_in_the_window(
    qtbot: QtBot, register: Register
) -> None:
    locked = register.record(make_record(_letter(1), [], status="kladde"))
    submit_for_approval(register, locked, "Jesper Christensen", "sekretær", approver_user="jch")
    window = _window(qtbot, register)  # logged in as "borgmester"
    window.search()
    assert window.selected() is not None
    assert not window.approve_button.isEnabled()
    assert not window.reject_button.isEnabled()
    assert "kan kun godkendes af Jesper Christensen (brugernavn jch)" in (
        window.approver_label.text()
    )
    window.approve_selected()  # even when called directly, the register refuses
    assert "kan kun godkendes af Jesper Christensen" in window.message_label.text()
    assert register.get(locked).summary.status == "til_godkendelse"


def test_the_window_warns_when_anyone_may_approve(qtbot: QtBot, register: Register) -> None:
    number = register.record(make_record(_letter(1), [], status="kladde"))
    submit_for_approval(register, number, "Jesper Christensen", "sekretær")
    window = _window(qtbot, register)
    window.search()
    assert window.approve_button.isEnabled()
    assert "intet brugernavn" in window.approver_label.text()
    window.approve_button.click()
    assert register.get(number).approved_by == "borgmester"
    assert window.approver_label.text() == ""  # approved: nothing more to say
