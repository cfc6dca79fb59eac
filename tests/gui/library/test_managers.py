"""The Bibliotek managers: create, duplicate, edit, delete; saves land in the right layer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kkletter.gui.library.paragraphs_manager import ParagraphsManager
from kkletter.gui.library.profiles_manager import ProfilesManager
from kkletter.gui.library.signers_manager import SignersManager
from kkletter.gui.library.state import LibraryState
from kkletter.library import LibraryLocations, load_library

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000104944"
    "4154789c63f8cfc000470cc81c006faa07f980dc00280000000049454e44ae426082"
)

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def yes(_parent: QWidget, _question: str) -> bool:
    return True


@pytest.fixture
def locations(tmp_path: Path) -> LibraryLocations:
    (tmp_path / "shared").mkdir()
    return LibraryLocations(tmp_path / "personal", tmp_path / "shared", tmp_path / "cache")


@pytest.fixture
def state(locations: LibraryLocations) -> LibraryState:
    return LibraryState(load_library(locations), locations)


def test_a_new_unit_with_a_logo_is_saved_to_the_shared_folder_and_a_colleague_sees_it(
    qtbot: QtBot, state: LibraryState, locations: LibraryLocations, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    assert "det fælles bibliotek" in manager.place.text()
    manager.new_item()
    manager.edits["name"].setText("Socialforvaltningen – Borgercenter Handicap")
    manager.edits["unit"].setText("Socialforvaltningen")
    manager.edits["contact_heading"].setText("Borgercenter Handicap")
    manager.address.setPlainText("Bernstorffsgade 17\n1592 København V")
    manager.edits["ean"].setText("5798009682833")
    assert manager.ean_status.text() == "Kontrolcifferet passer."
    manager.logo.set_path(logo)
    manager.logo_alt.setText("Københavns Kommunes logo")
    assert manager.save()
    assert "Gemt i det fælles bibliotek" in manager.message.text()
    colleague = load_library(
        LibraryLocations(tmp_path / "kollega", locations.shared, tmp_path / "kollega-cache")
    )
    entry = colleague.profiles["socialforvaltningen-borgercenter-handicap"]
    assert entry.origin == "shared"
    assert entry.value.address == ("Bernstorffsgade 17", "1592 København V")
    assert entry.value.logo is not None
    assert entry.value.logo.alt == "Københavns Kommunes logo"


def test_a_wrong_ean_check_digit_is_refused_with_the_right_digit(
    qtbot: QtBot, state: LibraryState
) -> None:
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.new_item()
    manager.edits["name"].setText("Enhed")
    manager.edits["ean"].setText("5798009682834")
    assert "skulle være 3" in manager.ean_status.text()
    assert not manager.save()
    assert manager.message.text().startswith("Ikke gemt: EAN-nummeret 5798009682834")
    assert "enhed" not in state.library.profiles


def test_a_logo_without_alt_text_is_refused(
    qtbot: QtBot, state: LibraryState, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.new_item()
    manager.edits["name"].setText("Enhed")
    manager.logo.set_path(logo)
    assert not manager.save()
    assert "alternative tekst" in manager.message.text()


def test_editing_a_built_in_profile_saves_an_override_and_deleting_it_restores_the_original(
    qtbot: QtBot, state: LibraryState
) -> None:
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.select("sof-borgmester")
    assert manager.origin.text() == "indbygget"
    assert not manager.delete_current()  # a built-in item cannot be deleted
    manager.edits["direct_phone"].setText("33 66 99 99")
    assert manager.save()
    assert state.library.profiles["sof-borgmester"].origin_label == "fælles (erstatter indbygget)"
    assert manager.origin.text() == "fælles (erstatter indbygget)"
    assert manager.delete_current()
    assert state.library.profiles["sof-borgmester"].origin == "builtin"
    assert manager.edits["direct_phone"].text() == "33 66 24 51"


def test_duplicate_makes_a_new_id_and_keeps_the_values(qtbot: QtBot, state: LibraryState) -> None:
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.show()
    qtbot.waitExposed(manager)
    manager.select("sof-center-for-politik")
    duplicate = manager.shortcut_actions["duplicate"]
    assert duplicate.shortcut().toString() == "Ctrl+D"
    duplicate.trigger()
    assert manager.id_edit.text() == "sof-center-for-politik-kopi"
    assert manager.save()
    copy = state.library.profiles["sof-center-for-politik-kopi"].value
    assert copy.contact_heading == "Center for Politik"


def test_the_filter_narrows_the_list(qtbot: QtBot, state: LibraryState) -> None:
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    assert manager.items.count() == 3
    qtbot.keyClicks(manager.filter, "misbrug")  # type: ignore[no-untyped-call]
    assert manager.items.count() == 1


def test_two_signers_are_saved_with_phone_email_and_signature(
    qtbot: QtBot, state: LibraryState, tmp_path: Path
) -> None:
    signature = tmp_path / "underskrift.png"
    signature.write_bytes(PNG)
    manager = SignersManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.show()
    qtbot.waitExposed(manager)
    for name, phone in (("Anne Berg", "33 17 32 14"), ("Bo Holm", "33 17 32 15")):
        manager.shortcut_actions["new"].trigger()
        manager.name.setText(name)
        manager.signer_title.setText("Kontorchef")
        manager.phone.setText(phone)
        manager.email.setText(f"{name.split()[0].lower()}@sof.kk.dk")
        manager.signature.set_path(signature)
        manager.shortcut_actions["save"].trigger()
    signers = state.library.signers
    assert sorted(signers) == ["anne-berg", "bo-holm"]
    assert signers["bo-holm"].value.phone == "33 17 32 15"
    assert signers["anne-berg"].value.email == "anne@sof.kk.dk"
    assert signers["anne-berg"].value.signature is not None
    assert manager.items.count() == 2
    shortcuts = {k: a.shortcut().toString() for k, a in manager.shortcut_actions.items()}
    assert shortcuts == {"new": "Ctrl+N", "save": "Ctrl+S", "duplicate": "Ctrl+D", "delete": "Del"}


def test_three_standard_paragraphs_with_short_names(qtbot: QtBot, state: LibraryState) -> None:
    manager = ParagraphsManager(state, confirm=yes)
    qtbot.addWidget(manager)
    built_in = manager.items.count()
    for title, short in (("Mødeindkaldelse", "moede"), ("Kvittering", "kvit"), ("Afslutning", "")):
        manager.new_item()
        manager.paragraph_title.setText(title)
        manager.category.setText("Brev")
        manager.keywords.setText("eksempel, test")
        manager.short.setText(short)
        manager.body.setPlainText(f"{title}: Kære {{{{ recipient.name }}}}.")
        assert manager.save(), manager.message.text()
    assert manager.items.count() == built_in + 3
    paragraphs = state.library.paragraphs
    assert paragraphs["kvittering"].value.short_name == "kvit"
    assert paragraphs["afslutning"].value.short_name == "afslutning"
    assert paragraphs["moedeindkaldelse"].value.keywords == ("eksempel", "test")


def test_a_bad_short_name_is_refused(qtbot: QtBot, state: LibraryState) -> None:
    manager = ParagraphsManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.new_item()
    manager.paragraph_title.setText("X")
    manager.short.setText("to ord")
    manager.body.setPlainText("Tekst")
    assert not manager.save()
    assert "Kortnavnet 'to ord'" in manager.message.text()


def test_without_a_writable_shared_folder_managers_save_personally(
    qtbot: QtBot, tmp_path: Path
) -> None:
    locations = LibraryLocations(tmp_path / "personal", None, tmp_path / "cache")
    state = LibraryState(load_library(locations), locations)
    manager = SignersManager(state, confirm=yes)
    qtbot.addWidget(manager)
    assert manager.place.text() == "Gemmes i dit personlige bibliotek."
    manager.name.setText("Anne Berg")
    assert manager.save()
    assert state.library.signers["anne-berg"].origin == "personal"
    assert (tmp_path / "personal" / "signers" / "anne-berg.toml").is_file()


def test_images_show_where_users_keep_them_not_in_the_cache(
    qtbot: QtBot, state: LibraryState, locations: LibraryLocations, tmp_path: Path
) -> None:
    signature = tmp_path / "underskrift.png"
    signature.write_bytes(PNG)
    manager = SignersManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.name.setText("Anne Berg")
    manager.signature.set_path(signature)
    assert manager.save()
    assert locations.shared is not None
    assert manager.signature.path() == locations.shared / "images" / "underskrift.png"
    assert manager.save()  # saving again keeps the one image
    assert sorted(p.name for p in (locations.shared / "images").iterdir()) == ["underskrift.png"]


def test_a_profile_can_require_approval_and_a_signer_has_a_login(
    qtbot: QtBot, state: LibraryState, locations: LibraryLocations
) -> None:
    manager = ProfilesManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.new_item()
    assert manager.requires_approval.text() == "Kræver &godkendelse før afsendelse"
    assert not manager.requires_approval.isChecked()
    manager.edits["name"].setText("Borgmesterens sekretariat")
    manager.requires_approval.setChecked(True)
    assert manager.save()
    saved = load_library(locations).profiles["borgmesterens-sekretariat"]
    assert saved.value.requires_approval
    assert "requires_approval = true" in saved.path.read_text(encoding="utf-8")
    manager.show_value(saved.value)
    assert manager.requires_approval.isChecked()

    signers = SignersManager(state, confirm=yes)
    qtbot.addWidget(signers)
    signers.new_item()
    signers.name.setText("Jesper Christensen")
    signers.user.setText(" jch ")
    assert signers.save()
    (entry,) = [e for e in load_library(locations).signers.values() if e.value.user]
    assert (entry.value.name, entry.value.user) == ("Jesper Christensen", "jch")
