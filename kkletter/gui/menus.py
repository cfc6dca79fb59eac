"""The main window's menu bar and tool bars, built from its actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMainWindow, QMenu, QToolBar

from kkletter.gui.actions import Actions


def build_menus(window: QMainWindow, actions: Actions) -> QMenu:
    """Fill the menu bar of `window`; return the (still empty) recent-files menu."""
    bar = window.menuBar()
    recent = QMenu("&Seneste filer", window)
    file_menu = bar.addMenu("&Filer")
    file_menu.addActions([actions.new, actions.open])
    file_menu.addMenu(recent)
    file_menu.addSeparator()
    file_menu.addActions([actions.save, actions.save_as])
    file_menu.addSeparator()
    file_menu.addActions([actions.export_docx, actions.export_pdf, actions.merge])
    file_menu.addSeparator()
    file_menu.addAction(actions.print)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    edit_menu = bar.addMenu("&Rediger")
    edit_menu.addActions([actions.undo, actions.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([actions.find, actions.replace, actions.find_next, actions.find_previous])
    edit_menu.addSeparator()
    edit_menu.addAction(actions.settings)
    view_menu = bar.addMenu("&Vis")
    view_menu.addActions([actions.zoom_in, actions.zoom_out, actions.zoom_reset])
    format_menu = bar.addMenu("F&ormat")
    format_menu.addActions([actions.bold, actions.italic, actions.underline])
    format_menu.addSeparator()
    format_menu.addActions([actions.bullets, actions.numbers, actions.indent, actions.outdent])
    insert_menu = bar.addMenu("&Indsæt")
    insert_menu.addActions([actions.table, actions.page_break])
    table_menu = bar.addMenu("T&abel")
    table_menu.addAction(actions.table)
    table_menu.addSeparator()
    add_table_actions(table_menu, actions)
    check_menu = bar.addMenu("&Kontrol")
    check_menu.addAction(actions.check)
    help_menu = bar.addMenu("&Hjælp")
    help_menu.addAction(actions.about)
    return recent


def build_toolbars(
    window: QMainWindow, actions: Actions, format_bar: QToolBar, heading_box: QComboBox
) -> None:
    """Add the main tool bar to `window` and fill `format_bar` above the editor."""
    main = window.addToolBar("Filer")
    main.setObjectName("main_toolbar")
    main.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    main.addActions([actions.new, actions.open, actions.save, actions.save_as])
    main.addSeparator()
    main.addActions([actions.export_docx, actions.export_pdf])
    main.addSeparator()
    main.addActions([actions.undo, actions.redo])
    main.addSeparator()
    main.addAction(actions.check)
    format_bar.addWidget(heading_box)
    format_bar.addActions([actions.bold, actions.italic, actions.underline])
    format_bar.addSeparator()
    format_bar.addActions([actions.bullets, actions.numbers, actions.outdent, actions.indent])
    format_bar.addSeparator()
    format_bar.addActions([actions.table, actions.page_break])


def add_table_actions(menu: QMenu, actions: Actions) -> None:
    """Add the actions that change a table to `menu` (menu bar and right-click menu)."""
    menu.addActions([actions.row_above, actions.row_below])
    menu.addActions([actions.column_left, actions.column_right])
    menu.addSeparator()
    menu.addActions([actions.delete_row, actions.delete_column, actions.delete_table])
    menu.addSeparator()
    menu.addAction(actions.header_row)
