"""The letter register in the main window: menu, export records, checks, completion."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.gui.main_window import MainWindow
from kkletter.gui.register.menu import SHORTCUT, RegisterMenu
from kkletter.register.addresses import Address, AddressBook
from kkletter.register.records import SearchQuery

from .conftest import TODAY, FakeDialogs

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"

# The offscreen platform cannot raise a window; it says so.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


def _install(window: MainWindow, tmp_path: Path, **kwargs: object) -> RegisterMenu:
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    menu = RegisterMenu(window, url=url, today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]
    assert menu.register() is not None
    return menu


def test_export_is_registered_and_found_in_the_register_window(
    qtbot: QtBot,
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
    dialogs: FakeDialogs,
) -> None:
    window = make_window()
    menu = _install(window, tmp_path)
    assert menu.register_action.shortcut() == SHORTCUT
    assert "Register" in [a.text().replace("&", "") for a in window.menuBar().actions()]
    window.open_path(SEED)
    dialogs.export_to = tmp_path / "brev.docx"
    assert window.export_docx()
    register = menu.register()
    assert register is not None
    (row,) = register.search(SearchQuery()).items
    assert row.case_number == "2016-0318694"
    assert f"nr. {row.number}" in window.statusBar().currentMessage()
    shown = menu.show_register()
    assert shown is not None
    assert shown.model.rowCount() == 1
    # "Nyt brev ud fra dette" opens a copy in the main window: today, no Dok.nr.
    shown.new_button.click()
    letter = window.current_letter()
    assert (letter.date, letter.case.document) == (TODAY, "")
    assert letter.case.number == "2016-0318694"
    menu.close()


def test_reused_document_number_is_reported_while_writing(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    from kkletter.gui.main_window import core_checker

    window = make_window(checker=core_checker)
    menu = _install(window, tmp_path)
    window.open_path(SEED)
    dialogs.export_to = tmp_path / "brev.docx"
    assert window.export_docx()
    window.form.subject.setText("Et andet brev")
    window.refresh()
    rules = {f.rule for f in window.findings()}
    assert "DOCUMENT_NUMBER_REUSED" in rules
    menu.close()


def test_recipient_completion_fills_address_and_salutation(
    tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    menu = _install(window, tmp_path)
    register = menu.register()
    assert register is not None
    AddressBook(register.engine).save(
        [Address("Ældresagen", ("Nørregade 49", "1165 København K"), "Kære Ældresagen")]
    )
    menu._install_completer()
    assert menu.completer is not None
    assert [a.name for a in menu.completer.suggestions("ældre")] == ["Ældresagen"]
    window.form.recipient_name.setText("Ældresagen")
    menu.completer.activated.emit("Ældresagen – Nørregade 49")
    letter = window.current_letter()
    assert letter.recipient.address == ("Nørregade 49", "1165 København K")
    assert letter.recipient.salutation == "Kære Ældresagen"
    menu.close()


def test_export_of_a_letter_needing_approval_asks_first(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    import docx

    shipped = Catalogs.shipped()
    templates = dict(shipped.templates)
    templates["brev"] = dataclasses.replace(templates["brev"], requires_approval=True)
    window = make_window(catalogs=Catalogs(templates, shipped.profiles))
    answers: list[bool] = [False, True]
    asked: list[str] = []

    def ask(parent: object, message: str) -> bool:
        asked.append(message)
        return answers.pop(0)

    menu = _install(window, tmp_path, ask_for_unapproved=ask)
    window.open_path(SEED)
    dialogs.export_to = tmp_path / "brev.docx"
    assert not window.export_docx()  # the user said no
    assert not dialogs.export_to.exists()
    assert "skal godkendes" in asked[0]
    assert window.export_docx()  # the user said yes: a draft without signature
    text = "\n".join(p.text for p in docx.Document(str(dialogs.export_to)).paragraphs)
    assert "Jesper Christensen" not in text
    register = menu.register()
    assert register is not None
    (row,) = register.search(SearchQuery()).items
    assert row.status == "kladde"
    menu.close()


def test_send_for_approval_from_the_menu(
    tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    menu = _install(window, tmp_path, ask_for_approver=lambda parent, proposed: "borgmester")
    window.open_path(SEED)
    number = menu.submit_current()
    assert number is not None
    register = menu.register()
    assert register is not None
    assert register.get(number).summary.status == "til_godkendelse"
    assert register.get(number).summary.approver == "borgmester"
    menu.close()


def test_the_office_database_is_chosen_in_the_menu(
    tmp_path: Path, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkletter.gui.register.menu import REGISTER_URL

    office = f"sqlite:///{tmp_path / 'kontor.sqlite3'}"
    window = make_window()
    menu = RegisterMenu(window, ask_for_url=lambda parent, current: office, today=lambda: TODAY)
    assert menu.choose_database()
    assert window.preferences.get(REGISTER_URL) == office
    register = menu.register()
    assert register is not None
    assert str(register.engine.url).endswith("kontor.sqlite3")
    # IT's environment variable wins over the setting.
    monkeypatch.setenv("KKLETTER_DATABASE_URL", f"sqlite:///{tmp_path / 'it.sqlite3'}")
    menu.close()
    assert str(menu.register().engine.url).endswith("it.sqlite3")  # type: ignore[union-attr]
    menu.close()


def test_the_register_opens_in_the_background_after_start(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    menu = RegisterMenu(window, url=url, today=lambda: TODAY)
    assert menu.register(open_now=False) is None  # not yet: the window shows first
    qtbot.waitUntil(lambda: menu.register(open_now=False) is not None, timeout=30000)
    assert menu.completer is not None
    menu.close()
