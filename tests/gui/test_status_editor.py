"""Status tables (bilag): cells with paragraphs and bullets; every edit can be undone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from kkletter.gui.status_editor import StatusTablesEditor

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CELL = "Første afsnit.\n\n- et punkt\n- et andet punkt"
VALUE = [{"overskrift": "Økonomi", "skemaer": [{"titel": "Status", "linjer": [["Budget", CELL]]}]}]
CTRL = Qt.KeyboardModifier.ControlModifier


def editor_with_value(qtbot: QtBot) -> StatusTablesEditor:
    editor = StatusTablesEditor()
    qtbot.addWidget(editor)
    editor.set_value(VALUE)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    return editor


def line_item(editor: StatusTablesEditor) -> object:
    section = editor.tree.topLevelItem(0)
    assert section is not None
    table = section.child(0)
    assert table is not None
    return table.child(0)


def test_a_cell_keeps_its_paragraphs_and_bullets(qtbot: QtBot) -> None:
    editor = editor_with_value(qtbot)
    assert editor.value() == VALUE


def test_a_cell_is_edited_on_several_lines_and_the_edit_undoes(qtbot: QtBot) -> None:
    editor = editor_with_value(qtbot)
    item = line_item(editor)
    editor.tree.setCurrentItem(item, 1)  # type: ignore[call-overload]
    editor.tree.editItem(item, 1)  # type: ignore[arg-type]
    cell = editor.tree.findChild(QPlainTextEdit)
    assert cell is not None
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    qtbot.keyClicks(cell, "- et tredje punkt")  # type: ignore[no-untyped-call]
    assert cell.isVisible()  # Enter made a new line; it did not close the editor
    with qtbot.waitSignal(editor.changed, timeout=2000):
        qtbot.keyClick(cell, Qt.Key.Key_Tab)  # type: ignore[no-untyped-call]
    edited = CELL + "\n- et tredje punkt"
    assert editor.value()[0]["skemaer"][0]["linjer"] == [["Budget", edited]]
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Z, CTRL)  # type: ignore[no-untyped-call]
    assert editor.value() == VALUE
    qtbot.keyClick(editor.tree, Qt.Key.Key_Y, CTRL)  # type: ignore[no-untyped-call]
    assert editor.value()[0]["skemaer"][0]["linjer"] == [["Budget", edited]]


def test_adding_and_deleting_lines_undo(qtbot: QtBot) -> None:
    editor = editor_with_value(qtbot)
    section = editor.tree.topLevelItem(0)
    assert section is not None
    table = section.child(0)
    assert table is not None
    editor.tree.setCurrentItem(table)
    editor._add_line.click()
    assert len(editor.value()[0]["skemaer"][0]["linjer"]) == 2
    editor._remove.click()  # the new line is the current item
    editor.tree.setCurrentItem(section)
    editor._remove.click()
    assert editor.value() == []
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert len(editor.value()[0]["skemaer"][0]["linjer"]) == 2
    editor.undo_stack.undo()
    assert editor.value() == VALUE
