"""Keyboard and safety: findings from the keyboard, Tab in fields, help text, safe default."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kkletter.gui.dialogs import export_anyway_box
from kkletter.gui.main_window import MainWindow
from kkletter.markup import PageBreak

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier


def shown(window: MainWindow, qtbot: QtBot) -> MainWindow:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def test_arrows_show_a_finding_and_enter_goes_there(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.editor.set_markdown("Første afsnit.\n\nHer står et fejlord midt i.\n")
    window.refresh()
    tree = window.checks.tree
    tree.setFocus()
    group = tree.topLevelItem(0)  # "Fejl (1)"
    assert group is not None
    tree.setCurrentItem(group)
    qtbot.keyClick(tree, Qt.Key.Key_Down)  # type: ignore[no-untyped-call]
    # The spot is shown, but the keyboard stays in the list: Enter cannot overwrite it.
    assert window.editor.textCursor().selectedText() == "fejlord"
    assert tree.hasFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    qtbot.waitUntil(window.editor.hasFocus, timeout=2000)
    assert window.editor.textCursor().selectedText() == "fejlord"


def test_ctrl_enter_fixes_the_finding_and_selects_the_next(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.editor.set_markdown("Et fejlord her.\n\nEt fejlord der.\n")
    window.refresh()
    tree = window.checks.tree
    first, _second, _case = window.checks.items()
    tree.setFocus()
    tree.setCurrentItem(first)
    qtbot.keyClick(tree, Qt.Key.Key_Return, CTRL)  # type: ignore[no-untyped-call]
    assert window.editor.markdown() == "Et rettet her.\n\nEt fejlord der.\n"
    current = window.checks.current_finding()
    assert current is not None
    assert (current.rule, current.line) == ("test", 3)
    assert tree.hasFocus()
    assert window.editor.textCursor().selectedText() == "fejlord"
    qtbot.keyClick(tree, Qt.Key.Key_Return, CTRL)  # type: ignore[no-untyped-call]
    assert window.editor.markdown() == "Et rettet her.\n\nEt rettet der.\n"


def test_ctrl_enter_in_the_editor_is_still_a_page_break(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.editor.set_markdown("Side et.\n")
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClick(window.editor, Qt.Key.Key_Return, CTRL)  # type: ignore[no-untyped-call]
    assert any(isinstance(block, PageBreak) for block in window.editor.blocks())


def test_tab_leaves_the_address_and_ctrl_tab_types_a_tab(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    address = window.form.recipient_address
    address.setFocus()
    qtbot.keyClicks(address, "Vej 1")  # type: ignore[no-untyped-call]
    qtbot.keyClick(address, Qt.Key.Key_Tab, CTRL)  # type: ignore[no-untyped-call]
    assert address.toPlainText() == "Vej 1\t"
    qtbot.keyClick(address, Qt.Key.Key_Tab)  # type: ignore[no-untyped-call]
    assert "\t\t" not in address.toPlainText()
    qtbot.waitUntil(lambda: not address.hasFocus(), timeout=2000)


def test_a_new_letter_selects_the_help_text_so_typing_replaces_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = shown(make_window(), qtbot)
    dialogs.template = ("brev", "sof-borgmester")
    window.ask_new_letter()
    assert window.editor.hasFocus()
    assert window.editor.textCursor().selectedText() == "Skriv brevets tekst her."
    qtbot.keyClicks(window.editor, "Vi har modtaget jeres brev.")  # type: ignore[no-untyped-call]
    assert window.editor.markdown() == (
        "Tak for jeres henvendelse.\n\nVi har modtaget jeres brev.\n"
    )


def test_the_safe_choice_is_the_default_when_exporting_a_letter_with_errors(
    qtbot: QtBot,
) -> None:
    box, export = export_anyway_box(None, 1)  # type: ignore[arg-type]
    qtbot.addWidget(box)
    default = box.defaultButton()
    assert default is not None
    assert default.text() == "Annullér"
    assert box.escapeButton() is default

    def press_enter() -> None:
        widget = QApplication.activeModalWidget()
        assert widget is box
        qtbot.keyClick(widget, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]

    QTimer.singleShot(50, press_enter)
    box.exec()
    assert box.clickedButton() is default
    assert box.clickedButton() is not export
