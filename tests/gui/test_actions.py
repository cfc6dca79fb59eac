"""Every action has its Danish menu entry and shortcut; Flet opens the merge dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.drafts import load_draft
from kkletter.gui.main_window import MainWindow
from kkletter.gui.merge_dialog import MergeDialog
from kkletter.model import Letter

SEED = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "004-brev-dok.toml"

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

# (menu, entry without "&" and " …", shortcut)
EXPECTED = [
    ("Filer", "Ny", "Ctrl+N"),
    ("Filer", "Åbn", "Ctrl+O"),
    ("Filer", "Gem", "Ctrl+S"),
    ("Filer", "Gem som", "Ctrl+Shift+S"),
    ("Filer", "Eksportér DOCX", "Ctrl+E"),
    ("Filer", "Eksportér PDF", "Ctrl+Shift+E"),
    ("Filer", "Flet til flere modtagere", ""),
    ("Rediger", "Fortryd", "Ctrl+Z"),
    ("Rediger", "Gentag", "Ctrl+Y"),
    ("Kontrol", "Kontrollér", "F7"),
]


def _clean(text: str) -> str:
    return text.replace("&", "").removesuffix(" …").removesuffix("...")


def _menu_entries(window: MainWindow) -> dict[tuple[str, str], QAction]:
    entries = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.text():
                entries[(_clean(top.text()), _clean(action.text()))] = action
    return entries


@pytest.mark.parametrize(("menu", "entry", "shortcut"), EXPECTED)
def test_every_action_has_its_danish_menu_entry_and_shortcut(
    make_window: Callable[..., MainWindow], menu: str, entry: str, shortcut: str
) -> None:
    window = make_window()
    action = _menu_entries(window).get((menu, entry))
    assert action is not None, f"{menu} > {entry} mangler"
    assert action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == shortcut
    assert action in window.actions()  # the shortcut works wherever the focus is


def test_no_two_actions_share_a_shortcut(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    seen: dict[str, str] = {}
    for action in window.actions():
        for key in action.shortcuts():
            name = key.toString(QKeySequence.SequenceFormat.PortableText)
            assert name not in seen, f"{name}: {seen.get(name)} og {action.text()}"
            seen[name] = action.text()


def test_pdf_export_is_on_the_toolbar(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    toolbar = window.findChild(QWidget, "main_toolbar")
    assert toolbar is not None
    assert window.act.export_pdf in toolbar.actions()
    assert window.act.export_docx in toolbar.actions()


def test_flet_opens_the_merge_dialog_with_the_current_letter(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    opened: list[tuple[Letter, Catalogs, QWidget]] = []

    def factory(letter: Letter, catalogs: Catalogs, parent: QWidget) -> QDialog:
        opened.append((letter, catalogs, parent))
        return MergeDialog(letter, catalogs, parent=parent)

    window = make_window(merge_dialog=factory)
    window.show()
    assert window.open_path(SEED)
    window.form.subject.setText("Flettet emne")
    window.act.merge.trigger()
    assert len(opened) == 1
    letter, catalogs, parent = opened[0]
    assert letter == window.current_letter()
    assert letter.subject == "Flettet emne"
    assert letter.body == load_draft(SEED).body
    assert parent is window
    assert "brev" in catalogs.templates
    dialog = window.findChild(MergeDialog)
    assert isinstance(dialog, MergeDialog)
    qtbot.waitExposed(dialog)
    assert dialog.isModal()  # window-modal through open(), which does not block
    dialog.reject()
    assert not dialog.isVisible()
