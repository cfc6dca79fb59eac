"""The Bibliotek menu in the main window: managers, Ctrl+T, F3, the form's signer list."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from kkletter.compose import Labelled, compose_letter
from kkletter.gui.library.menu import LibraryMenu, install_library_menu
from kkletter.gui.library.profiles_manager import ProfilesManager
from kkletter.gui.library.state import LibraryState
from kkletter.gui.library.templates_manager import SaveAsTemplateDialog
from kkletter.gui.main_window import MainWindow, core_checker
from kkletter.library import Layer, LibraryLocations, load_library
from kkletter.library.store import save_signer
from kkletter.model import Signer

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MakeWindow = Callable[..., MainWindow]


def yes(_parent: QWidget, _question: str) -> bool:
    return True


@pytest.fixture
def locations(tmp_path: Path) -> LibraryLocations:
    shared = tmp_path / "shared"
    shared.mkdir()
    layer = Layer("shared", shared, shared)
    save_signer(
        layer, "anne-berg", Signer("Anne Berg", "Kontorchef", None, "33 17 32 14", "ab@kk.dk")
    )
    save_signer(layer, "bo-holm", Signer("Bo Holm", "Fuldmægtig", None, "33 17 32 15", "bh@kk.dk"))
    return LibraryLocations(tmp_path / "personal", shared, tmp_path / "cache")


@pytest.fixture
def state(locations: LibraryLocations) -> LibraryState:
    return LibraryState(load_library(locations), locations)


@pytest.fixture
def installed(make_window: MakeWindow, state: LibraryState) -> tuple[MainWindow, LibraryMenu]:
    window = make_window(catalogs=state.library.catalogs(), checker=core_checker)
    return window, install_library_menu(window, state, confirm=yes)


def test_the_bibliotek_menu_sits_before_kontrol_with_its_shortcuts(
    installed: tuple[MainWindow, LibraryMenu],
) -> None:
    window, menu = installed
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Bibliotek") == titles.index("&Kontrol") - 1
    entries = [a.text() for a in menu.menu.actions() if a.text()]
    assert entries == [
        "&Indsæt standardtekst …",
        "&Udvid kortnavn",
        "&Afsendere …",
        "&Underskrivere …",
        "&Standardtekster …",
        "S&kabeloner …",
        "&Problemer i biblioteket …",
    ]
    assert menu.insert.shortcut().toString() == "Ctrl+T"
    assert menu.expand.shortcut().toString() == "F3"
    shortcuts = [s.toString() for a in window.findChildren(QAction) for s in a.shortcuts()]
    assert shortcuts.count("Ctrl+T") == 1
    assert shortcuts.count("F3") == 1


def test_a_signer_chosen_from_the_list_reaches_the_contact_column(
    installed: tuple[MainWindow, LibraryMenu], state: LibraryState
) -> None:
    window, _ = installed
    form = window.form
    assert [form.signer_pick.itemText(i) for i in range(form.signer_pick.count())] == [
        "Anne Berg – Kontorchef",
        "Bo Holm – Fuldmægtig",
    ]
    completer = form.signer_pick.completer()
    assert completer is not None
    completer.setCompletionPrefix("holm")  # typing filters the list
    assert completer.completionCount() == 1
    form.signer_pick.activated.emit(1)
    assert (form.signer_name.text(), form.signer_phone.text()) == ("Bo Holm", "33 17 32 15")
    letter = window.current_letter()
    assert (letter.signer.title, letter.signer.email) == ("Fuldmægtig", "bh@kk.dk")
    document = compose_letter(letter, state.library.catalogs())
    assert Labelled("Direkte telefon", "33 17 32 15") in document.letterhead.contact
    assert Labelled("E-mail", "bh@kk.dk") in document.letterhead.contact


def test_ctrl_t_inserts_the_chosen_paragraph_with_the_letters_fields_and_it_is_checked(
    qtbot: QtBot, installed: tuple[MainWindow, LibraryMenu]
) -> None:
    window, menu = installed
    window.form.recipient_name.setText("Anna Hansen")
    window.form.subject.setText("din ansøgning om ledsagelse")
    window.editor.setPlainText("")
    picker = menu.pick_paragraph()
    qtbot.keyClicks(picker.filter, "tak for henvendelsen")  # type: ignore[no-untyped-call]
    picker.accept()
    assert "Tak for din henvendelse om din ansøgning om ledsagelse." in window.editor.toPlainText()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    menu.insert_paragraph(load_library().paragraphs["aktindsigt-frist"].value)
    window.run_checks_now()
    placeholders = [f for f in window.findings() if f.rule == "PLACEHOLDER" and f.field == "body"]
    assert any("case.number" in f.message for f in placeholders)  # no case number yet


def test_f3_expands_a_short_name_and_otherwise_runs_the_old_f3_action(
    make_window: MakeWindow, state: LibraryState
) -> None:
    window = make_window(catalogs=state.library.catalogs())
    found: list[str] = []
    find_next = window.act.find_next  # the window's own F3: find the next match
    find_next.setEnabled(True)  # as while the find bar is open
    find_next.triggered.connect(lambda: found.append("find"))
    menu = install_library_menu(window, state, confirm=yes)
    assert find_next.shortcut().isEmpty()  # F3 now goes through the library first
    window.editor.setPlainText("Med venlig hilsen klagesel")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    assert menu.expand_short_name()
    text = window.editor.toPlainText()
    assert "klagesel" not in text
    assert "Klagevejledning" in text
    assert "Ankestyrelsen" in text
    window.editor.setPlainText("Vi ses")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    assert not menu.expand_short_name()
    assert found == ["find"]


def test_a_profile_saved_in_the_manager_is_offered_in_the_form_at_once(
    installed: tuple[MainWindow, LibraryMenu],
) -> None:
    window, menu = installed
    manager = menu.open_profiles()
    assert isinstance(manager, ProfilesManager)
    manager.new_item()
    manager.edits["name"].setText("Borgercenter Handicap")
    assert manager.save()
    manager.close()
    profiles = [window.form.profile.itemData(i) for i in range(window.form.profile.count())]
    assert "borgercenter-handicap" in profiles


def test_gem_som_skabelon_adds_a_template_new_letters_can_use(
    installed: tuple[MainWindow, LibraryMenu], state: LibraryState
) -> None:
    window, _ = installed
    window.form.recipient_name.setText("Foreningen Ledsagerne")
    window.editor.setPlainText("Kære Foreningen Ledsagerne\n\nTak for jeres brev.")
    dialog = SaveAsTemplateDialog(state, window.current_letter(), window)
    dialog.name.setText("Svar til foreninger")
    dialog.name.textEdited.emit("Svar til foreninger")
    assert dialog.template_id.text() == "svar-til-foreninger"
    assert dialog.layer.count() == 2  # personal and the writable shared folder
    dialog.layer.setCurrentIndex(1)
    assert dialog.save()
    library = state.reload()
    entry = library.templates["svar-til-foreninger"]
    assert entry.origin == "shared"
    assert "Kære [Indsæt modtagerens navn]" in entry.value.default_body
    window.new_letter("svar-til-foreninger", "sof-borgmester")
    assert "[Indsæt modtagerens navn]" in window.editor.toPlainText()


def test_an_unreachable_shared_folder_and_broken_files_show_in_the_status_bar(
    make_window: MakeWindow, locations: LibraryLocations, tmp_path: Path
) -> None:
    assert locations.shared is not None
    (locations.shared / "profiles").mkdir()
    (locations.shared / "profiles" / "brudt.toml").write_text("name = [\n", encoding="utf-8")
    load_library(locations)  # fills the cache
    shutil.move(locations.shared, tmp_path / "væk")
    state = LibraryState(load_library(locations), locations)
    window = make_window(catalogs=state.library.catalogs())
    menu = install_library_menu(window, state, confirm=yes)
    message = window.statusBar().currentMessage()
    assert "kan ikke nås; bruger den lokale kopi fra" in message
    assert "1 fil i biblioteket er sprunget over" in message
    assert menu.problems.text() == "&Problemer i biblioteket (1) …"
    dialog = menu.show_problems()
    shown = dialog.findChild(QPlainTextEdit)
    assert isinstance(shown, QPlainTextEdit)
    assert "kan ikke nås" in shown.toPlainText()
    assert (
        f"{locations.shared}/profiles/brudt.toml, linje 1: ikke gyldig TOML" in shown.toPlainText()
    )


def test_an_own_template_can_be_deleted_but_a_built_in_one_cannot(
    installed: tuple[MainWindow, LibraryMenu], state: LibraryState
) -> None:
    from kkletter.gui.library.templates_manager import TemplatesManager
    from kkletter.library.new_template import save_as_template

    window, menu = installed
    personal = state.library.layer("personal")
    assert personal is not None
    spec = state.library.templates["brev"].value
    save_as_template(personal, "mit-brev", "Mit brev", window.current_letter(), spec)
    state.reload()
    manager = menu.open_templates()
    assert isinstance(manager, TemplatesManager)
    manager.select("brev")
    assert not manager.delete_current()
    assert "kan ikke slettes" in manager.message.text()
    manager.select("mit-brev")
    assert manager.origin.text() == "personlig"
    assert manager.delete_current()
    assert "mit-brev" not in state.library.templates
    assert not (personal.root / "templates" / "mit-brev").exists()


def test_pickers_show_where_templates_and_senders_come_from(
    qtbot: QtBot, installed: tuple[MainWindow, LibraryMenu], state: LibraryState
) -> None:
    from PySide6.QtCore import Qt

    from kkletter.gui.new_letter_dialog import NewLetterDialog
    from kkletter.library.store import save_profile
    from kkletter.model import Profile

    window, _ = installed
    shared = state.library.save_layer()
    save_profile(shared, Profile(id="enhed", name="Min enhed"))
    state.reload()
    combo = window.form.profile
    texts = [combo.itemText(row) for row in range(combo.count())]
    assert "Min enhed (fælles)" in texts
    row = combo.findData("sof-borgmester")
    assert combo.itemData(row, Qt.ItemDataRole.ToolTipRole) == "Kommer fra: indbygget"
    catalogs = state.library.catalogs()
    assert catalogs.origins["profiles/enhed"] == "fælles"
    dialog = NewLetterDialog(catalogs.templates, catalogs.profiles, origins=catalogs.origins)
    qtbot.addWidget(dialog)
    assert dialog.profile.itemText(dialog.profile.findData("enhed")) == "Min enhed (fælles)"


def test_the_default_signer_from_the_settings_comes_with_the_librarys_phone_and_email(
    installed: tuple[MainWindow, LibraryMenu], settings_store: QSettings
) -> None:
    from kkletter.gui import settings as keys
    from kkletter.gui.settings import Preferences

    window, _ = installed
    Preferences(settings_store).set(keys.DEFAULT_SIGNER_NAME, "bo holm")
    window.new_letter("brev", "sof-borgmester")
    signer = window.current_letter().signer
    assert (signer.name, signer.phone, signer.email) == ("Bo Holm", "33 17 32 15", "bh@kk.dk")
