"""Tables as in Word: chosen size, Tab between cells, rows, columns, header row, undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from kkletter.gui import tables
from kkletter.gui.main_window import MainWindow
from kkletter.markup import Table

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def the_table(window: MainWindow) -> Table:
    (table,) = [b for b in window.editor.blocks() if isinstance(b, Table)]
    return table


def cells(window: MainWindow) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in the_table(window).rows]


def window_with_table(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs, size: tuple[int, int, bool]
) -> MainWindow:
    window = make_window()
    window.editor.set_markdown("Før tabellen.\n")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    dialogs.table = size
    window.insert_table()
    return window


def test_a_table_is_inserted_with_the_chosen_size_and_header_row(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = window_with_table(make_window, dialogs, (4, 3, True))
    assert "table" in dialogs.asked
    table = the_table(window)
    assert (len(table.rows), table.columns, table.header_rows) == (4, 3, 1)
    assert window.act.header_row.isEnabled()
    assert window.act.header_row.isChecked()


def test_tab_moves_between_cells_and_adds_a_row_in_the_last(
    qtbot: QtBot, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = window_with_table(make_window, dialogs, (2, 2, True))
    editor = window.editor
    for text in ("Emne", "Status", "Økonomi", "6,0 mio."):
        qtbot.keyClicks(editor, text)  # type: ignore[no-untyped-call]
        qtbot.keyClick(editor, Qt.Key.Key_Tab)  # type: ignore[no-untyped-call]
    qtbot.keyClicks(editor, "Personale")  # type: ignore[no-untyped-call]
    assert cells(window) == [["Emne", "Status"], ["Økonomi", "6,0 mio."], ["Personale", ""]]
    assert "\t" not in editor.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_Backtab)  # type: ignore[no-untyped-call]
    # Shift+Tab selects the previous cell's text: typing replaces it.
    assert editor.textCursor().selectedText() == "6,0 mio."
    qtbot.keyClicks(editor, "7,5 mio.")  # type: ignore[no-untyped-call]
    assert cells(window)[1] == ["Økonomi", "7,5 mio."]
    assert window.editor.markdown().endswith(
        "| Emne | Status |\n|---|---|\n| Økonomi | 7,5 mio. |\n| Personale |  |\n"
    )


@pytest.mark.parametrize(
    ("change", "shape"),
    [
        (lambda e: tables.insert_rows(e, below=False), (3, 2)),
        (lambda e: tables.insert_rows(e, below=True), (3, 2)),
        (lambda e: tables.insert_columns(e, right=False), (2, 3)),
        (lambda e: tables.insert_columns(e, right=True), (2, 3)),
        (tables.delete_row, (1, 2)),
        (tables.delete_column, (2, 1)),
    ],
)
def test_rows_and_columns_change_in_one_undo_step(
    make_window: Callable[..., MainWindow],
    dialogs: FakeDialogs,
    change: Callable[..., bool],
    shape: tuple[int, int],
) -> None:
    window = window_with_table(make_window, dialogs, (2, 2, True))
    before = window.editor.markdown()
    assert change(window.editor)
    table = the_table(window)
    assert (len(table.rows), table.columns) == shape
    window.editor.undo()
    assert window.editor.markdown() == before


def test_deleting_the_table_and_undoing_it(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = window_with_table(make_window, dialogs, (2, 2, True))
    before = window.editor.markdown()
    window.act.delete_table.trigger()
    assert not [b for b in window.editor.blocks() if isinstance(b, Table)]
    assert "Før tabellen." in window.editor.markdown()
    window.editor.undo()
    assert window.editor.markdown() == before


def test_the_header_row_toggles_survives_saving_and_undoes(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = window_with_table(make_window, dialogs, (2, 2, True))
    window.act.header_row.trigger()  # off
    assert the_table(window).header_rows == 0
    markdown = window.editor.markdown()
    window.editor.set_markdown(markdown)
    assert the_table(window).header_rows == 0
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.moveCursor(QTextCursor.MoveOperation.PreviousBlock)
    window.act.header_row.trigger()  # on again
    assert the_table(window).header_rows == 1
    window.editor.undo()
    assert the_table(window).header_rows == 0


def test_the_right_click_menu_in_a_table_is_danish(
    qtbot: QtBot, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = window_with_table(make_window, dialogs, (2, 2, True))
    window.show()
    qtbot.waitExposed(window)
    point = window.editor.cursorRect().center()
    menu = window.editor.context_menu(point)
    submenu = next(a.menu() for a in menu.actions() if a.text() == "&Tabel")
    assert isinstance(submenu, QMenu)
    texts = [a.text().replace("&", "") for a in submenu.actions() if a.text()]
    assert texts == [
        "Indsæt række over",
        "Indsæt række under",
        "Indsæt kolonne til venstre",
        "Indsæt kolonne til højre",
        "Slet række",
        "Slet kolonne",
        "Slet tabel",
        "Overskriftsrække",
    ]


def test_table_actions_are_off_outside_a_table(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    window.editor.set_markdown("Ingen tabel.\n")
    assert not window.act.delete_row.isEnabled()
    assert not tables.delete_row(window.editor)
