"""The main window's actions: text, shortcut, icon, tip and what each one does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QFont, QKeySequence, QTextListFormat
from PySide6.QtWidgets import QStyle

if TYPE_CHECKING:
    from kkletter.gui.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | Sequence[str]


@dataclass(frozen=True)
class Actions:
    """Every action of the main window, shared by its menus, tool bars and shortcuts."""

    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    export_docx: QAction
    export_pdf: QAction
    merge: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    check: QAction
    settings: QAction
    about: QAction
    bold: QAction
    italic: QAction
    underline: QAction
    bullets: QAction
    numbers: QAction
    outdent: QAction
    indent: QAction
    table: QAction
    page_break: QAction


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut = (),
    icon: QStyle.StandardPixmap | None = None,
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence | str | QKeySequence.StandardKey):
        action.setShortcut(QKeySequence(shortcut))
    elif shortcut:
        action.setShortcuts([QKeySequence(s) for s in shortcut])
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def _format_action(
    window: MainWindow,
    text: str,
    tip: str,
    shortcut: QKeySequence.StandardKey,
    toggle: Callable[[bool], None],
) -> QAction:
    action = QAction(text, window)
    action.setCheckable(True)
    action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip)
    action.triggered.connect(toggle)
    window.addAction(action)
    return action


def _styled(action: QAction, *, bold: bool = False, italic: bool = False) -> QAction:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    font.setUnderline(not (bold or italic))
    action.setFont(font)
    return action


def create_actions(window: MainWindow) -> Actions:
    """Return the actions of `window`, each added to it so its shortcut works everywhere."""
    sp = QStyle.StandardPixmap
    key = QKeySequence.StandardKey
    # The editor is created after the actions: look it up when an action fires.
    actions = Actions(
        new=_action(
            window,
            "&Ny …",
            window.ask_new_letter,
            key.New,
            sp.SP_FileIcon,
            "Nyt brev ud fra en skabelon",
        ),
        open=_action(
            window, "Å&bn …", window.ask_open, key.Open, sp.SP_DialogOpenButton, "Åbn en kladde"
        ),
        save=_action(window, "&Gem", window.save, key.Save, sp.SP_DialogSaveButton, "Gem kladden"),
        save_as=_action(
            window,
            "Gem &som …",
            window.save_as,
            "Ctrl+Shift+S",
            None,
            "Gem kladden under et nyt navn",
        ),
        export_docx=_action(
            window,
            "&Eksportér DOCX …",
            window.export_docx,
            "Ctrl+E",
            sp.SP_ArrowRight,
            "Gem brevet som Word-dokument",
        ),
        export_pdf=_action(
            window,
            "Eksportér &PDF …",
            window.export_pdf,
            "Ctrl+Shift+E",
            sp.SP_FileDialogDetailedView,
            "Gem brevet som Word-dokument og PDF (kræver LibreOffice)",
        ),
        merge=_action(
            window,
            "&Flet til flere modtagere …",
            window.open_merge_dialog,
            (),
            None,
            "Lav et brev til hver række i en CSV- eller Excel-fil",
        ),
        quit=_action(window, "&Afslut", window.close, "Ctrl+Q"),
        undo=_action(window, "&Fortryd", lambda: window.editor.undo(), "Ctrl+Z", sp.SP_ArrowBack),
        redo=_action(
            window,
            "&Gentag",
            lambda: window.editor.redo(),
            ("Ctrl+Y", "Ctrl+Shift+Z"),
            sp.SP_ArrowForward,
        ),
        check=_action(
            window,
            "&Kontrollér",
            window.run_checks_now,
            "F7",
            sp.SP_DialogApplyButton,
            "Kontrollér brevet (F7)",
        ),
        settings=_action(window, "&Indstillinger …", window.edit_settings),
        about=_action(window, "&Om kkletter", window.show_about),
        bold=_styled(
            _format_action(
                window, "F", "Fed (Ctrl+B)", key.Bold, lambda on: window.editor.toggle_bold(on)
            ),
            bold=True,
        ),
        italic=_styled(
            _format_action(
                window,
                "K",
                "Kursiv (Ctrl+I)",
                key.Italic,
                lambda on: window.editor.toggle_italic(on),
            ),
            italic=True,
        ),
        underline=_styled(
            _format_action(
                window,
                "U",
                "Understreget (Ctrl+U)",
                key.Underline,
                lambda on: window.editor.toggle_underline(on),
            )
        ),
        bullets=_action(
            window,
            "•",
            lambda: window.editor.toggle_list(QTextListFormat.Style.ListDisc),
            (),
            None,
            "Punktopstilling",
        ),
        numbers=_action(
            window,
            "1.",
            lambda: window.editor.toggle_list(QTextListFormat.Style.ListDecimal),
            (),
            None,
            "Nummereret liste",
        ),
        outdent=_action(
            window,
            "⇤",
            lambda: window.editor.change_indent(-1),
            "Shift+Alt+Left",
            None,
            "Formindsk indrykning",
        ),
        indent=_action(
            window,
            "⇥",
            lambda: window.editor.change_indent(1),
            "Shift+Alt+Right",
            None,
            "Forøg indrykning",
        ),
        table=_action(
            window, "Tabel", lambda: window.editor.insert_table(), (), None, "Indsæt tabel"
        ),
        page_break=_action(
            window,
            "Sideskift",
            lambda: window.editor.insert_page_break(),
            "Ctrl+Return",
            None,
            "Indsæt sideskift",
        ),
    )
    for action in (actions.bullets, actions.numbers):
        action.setCheckable(True)
    return actions
