"""Every Alt+letter of the main window means one thing: menu bar, form and find bar."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.gui.library.menu import install_library_menu
from kkletter.gui.library.state import LibraryState
from kkletter.gui.main_window import MainWindow
from kkletter.gui.register.menu import RegisterMenu
from kkletter.library import LibraryLocations, load_library

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def mnemonic(text: str) -> str | None:
    """Return the (lower-case) letter after a single '&' in `text`, as Qt reads it."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1  # "&&" is a literal ampersand
        i += 1
    return None


def window_mnemonics(window: MainWindow) -> list[tuple[str, str]]:
    """Return (letter, text) of the menu bar's menus and of every visible label and button."""
    found: list[tuple[str, str]] = []
    for action in window.menuBar().actions():
        letter = mnemonic(action.text())
        if letter is not None and action.isVisible():
            found.append((letter, f"menu {action.text()}"))
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue  # a label without a buddy has no shortcut
        letter = mnemonic(widget.text())
        if letter is not None:
            found.append((letter, widget.text()))
    return found


def test_mnemonic_reads_like_qt() -> None:
    assert mnemonic("&Filer") == "f"
    assert mnemonic("Sags&nr.:") == "n"
    assert mnemonic("Tom && Jerry") is None
    assert mnemonic("A && &B") == "b"
    assert mnemonic("Ingen") is None


@pytest.mark.parametrize("template", sorted(Catalogs.shipped().templates))
def test_no_two_things_share_an_alt_letter(
    template: str, make_window: Callable[..., MainWindow], qtbot: QtBot, tmp_path: Path
) -> None:
    locations = LibraryLocations(tmp_path / "personal", tmp_path / "shared", tmp_path / "cache")
    state = LibraryState(load_library(locations), locations)
    window = make_window(catalogs=state.library.catalogs())
    install_library_menu(window, state)
    register = RegisterMenu(window, url=f"sqlite:///{tmp_path / 'register.sqlite3'}")
    assert register.register() is not None  # opened (in the background) before the test ends
    window.show()
    qtbot.waitExposed(window)
    window.new_letter(template, next(iter(state.library.catalogs().profiles)))
    window.find_bar.open_find(replace=True)  # the find bar with its replace row
    found = window_mnemonics(window)
    menus = {text for _letter, text in found if text.startswith("menu ")}
    assert {"menu &Filer", "menu &Bibliotek", "menu Re&gister"} <= menus
    assert any(text == "&Emne:" for _letter, text in found)
    assert any(text == "S&øg:" for _letter, text in found)
    counts = Counter(letter for letter, _text in found)
    clashes = sorted((letter, text) for letter, text in found if counts[letter] > 1)
    assert clashes == []
