"""Tables in the body editor as in Word: Tab between cells, rows, columns, header row.

Every change is one undo step. A header row is the table format's header-row count
and is shaded; the Markdown body keeps it (a table without one is written with an
empty header row, see `kkletter.mdwriter`).
"""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QTextCursor,
    QTextLength,
    QTextTable,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextEdit

HEADER_SHADE = QColor("#e6ecf2")
MAX_ROWS = 200
MAX_COLUMNS = 20


def table_at(cursor: QTextCursor) -> tuple[QTextTable, int, int] | None:
    """Return the table `cursor` is in, with the cursor's row and column."""
    table = cursor.currentTable()
    if table is None:
        return None
    cell = table.cellAt(cursor)
    return table, cell.row(), cell.column()


def insert_table(editor: QTextEdit, rows: int, columns: int, *, header: bool = True) -> None:
    """Insert a `rows` x `columns` table at the cursor and put the cursor in its first cell."""
    rows = max(1, min(rows, MAX_ROWS))
    columns = max(1, min(columns, MAX_COLUMNS))
    cursor = editor.textCursor()
    cursor.beginEditBlock()
    fmt = QTextTableFormat()
    fmt.setBorder(1)
    fmt.setCellPadding(4)
    fmt.setCellSpacing(0)
    fmt.setBorderCollapse(True)
    fmt.setHeaderRowCount(1 if header else 0)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    table = cursor.insertTable(rows, columns, fmt)
    _shade(table)
    cursor.endEditBlock()
    editor.setTextCursor(table.cellAt(0, 0).firstCursorPosition())


def move_to_cell(editor: QTextEdit, *, backwards: bool = False) -> bool:
    """Move to the next (previous) cell and select its text, as Tab does in Word.

    Tab in the last cell adds a row. Return False when the cursor is not in a table.
    """
    cursor = editor.textCursor()
    found = table_at(cursor)
    if found is None:
        return False
    table, row, column = found
    index = row * table.columns() + column + (-1 if backwards else 1)
    if index < 0:
        return True  # Shift+Tab in the first cell stays there, as in Word
    if index >= table.rows() * table.columns():
        cursor.beginEditBlock()
        table.appendRows(1)
        _shade(table)
        cursor.endEditBlock()
    cell = table.cellAt(index // table.columns(), index % table.columns())
    select = cell.firstCursorPosition()
    select.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(select)
    return True


def insert_rows(editor: QTextEdit, *, below: bool) -> bool:
    """Insert a row above or below the cursor's row; return whether it is in a table."""
    return _change(editor, lambda t, r, _c: t.insertRows(r + 1 if below else r, 1))


def insert_columns(editor: QTextEdit, *, right: bool) -> bool:
    """Insert a column left or right of the cursor's column."""
    return _change(editor, lambda t, _r, c: t.insertColumns(c + 1 if right else c, 1))


def delete_row(editor: QTextEdit) -> bool:
    """Delete the cursor's row (the last row deletes the table)."""
    found = table_at(editor.textCursor())
    if found is not None and found[0].rows() == 1:
        return delete_table(editor)
    return _change(editor, lambda t, r, _c: t.removeRows(r, 1))


def delete_column(editor: QTextEdit) -> bool:
    """Delete the cursor's column (the last column deletes the table)."""
    found = table_at(editor.textCursor())
    if found is not None and found[0].columns() == 1:
        return delete_table(editor)
    return _change(editor, lambda t, _r, c: t.removeColumns(c, 1))


def delete_table(editor: QTextEdit) -> bool:
    """Delete the table the cursor is in."""
    cursor = editor.textCursor()
    found = table_at(cursor)
    if found is None:
        return False
    table = found[0]
    select = QTextCursor(editor.document())
    select.setPosition(table.firstPosition() - 1)
    select.setPosition(table.lastPosition() + 1, QTextCursor.MoveMode.KeepAnchor)
    select.removeSelectedText()
    editor.setTextCursor(select)
    return True


def has_header_row(editor: QTextEdit) -> bool:
    """Return whether the cursor's table has a header row."""
    found = table_at(editor.textCursor())
    return found is not None and found[0].format().headerRowCount() > 0


def set_header_row(editor: QTextEdit, on: bool) -> bool:
    """Make the first row of the cursor's table a header row (or not)."""

    def change(table: QTextTable, _row: int, _column: int) -> None:
        fmt = table.format()
        fmt.setHeaderRowCount(1 if on else 0)
        table.setFormat(fmt)

    return _change(editor, change)


def _change(editor: QTextEdit, change: object) -> bool:
    cursor = editor.textCursor()
    found = table_at(cursor)
    if found is None:
        return False
    table, row, column = found
    cursor.beginEditBlock()
    change(table, row, column)  # type: ignore[operator]
    _shade(table)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)
    return True


def _shade(table: QTextTable) -> None:
    """Shade the header row's cells and no others."""
    header = table.format().headerRowCount()
    for row in range(table.rows()):
        for column in range(table.columns()):
            cell = table.cellAt(row, column)
            fmt = cell.format()
            shaded = fmt.background().color() == HEADER_SHADE
            if row < header and not shaded:
                fmt.setBackground(HEADER_SHADE)
                cell.setFormat(fmt)
            elif row >= header and fmt.hasProperty(fmt.Property.BackgroundBrush):
                fmt.clearBackground()
                cell.setFormat(fmt)
