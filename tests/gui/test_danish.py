"""Danish everywhere: Qt's own texts, menu items in words, Danish Word's shortcuts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from kkletter.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier


def menu_texts(menu: QMenu) -> list[str]:
    return [a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()]


def test_qts_own_context_menu_is_danish(qtbot: QtBot) -> None:
    line = QLineEdit("tekst")
    qtbot.addWidget(line)
    texts = menu_texts(line.createStandardContextMenu())
    assert "Fortryd" in texts
    assert "Sæt ind" in texts
    assert not {"Undo", "Paste", "Cut", "Copy"} & set(texts)


def test_the_file_dialog_is_danish(qtbot: QtBot) -> None:
    dialog = QFileDialog(None, "Åbn kladde")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Filnavn" in labels
    assert "File name" not in labels


def test_the_format_menu_names_its_items_in_words_with_their_shortcuts(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    format_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Format"
    )
    assert isinstance(format_menu, QMenu)
    assert menu_texts(format_menu)[:5] == [
        "Fed",
        "Kursiv",
        "Understreget",
        "Punktliste",
        "Nummereret liste",
    ]
    act = window.act
    assert act.bold.shortcut() == QKeySequence("Ctrl+F")
    assert act.italic.shortcut() == QKeySequence("Ctrl+K")
    assert act.underline.shortcut() == QKeySequence("Ctrl+U")
    # The tool bar's letters are the shortcuts' letters, as on Danish Word's buttons.
    assert [a.iconText() for a in (act.bold, act.italic, act.underline)] == ["F", "K", "U"]
    assert act.bold.toolTip() == "Fed (Ctrl+F)"


def test_ctrl_f_makes_text_bold_and_ctrl_k_italic(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.editor.set_markdown("Vigtigt\n")
    window.editor.setFocus()
    window.editor.selectAll()
    qtbot.keyClick(window.editor, Qt.Key.Key_F, CTRL)  # type: ignore[no-untyped-call]
    assert window.editor.markdown() == "**Vigtigt**\n"
    qtbot.keyClick(window.editor, Qt.Key.Key_K, CTRL)  # type: ignore[no-untyped-call]
    assert window.editor.markdown() == "***Vigtigt***\n"
