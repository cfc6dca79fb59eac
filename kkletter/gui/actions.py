"""The main window's actions: text, shortcut, icon, tip and what each one does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
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
    *,
    icon_text: str = "",
) -> QAction:
    """Return an action named `text` in words; a tool bar shows `icon_text` if given."""
    action = QAction(text, window)
    if isinstance(shortcut, QKeySequence | str | QKeySequence.StandardKey):
        action.setShortcut(QKeySequence(shortcut))
    elif shortcut:
        action.setShortcuts([QKeySequence(s) for s in shortcut])
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    if tip:
        action.setStatusTip(tip)
    if icon_text:
        action.setIconText(icon_text)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    name = text.replace("&", "").rstrip(" …")
    action.setToolTip(f"{name} ({keys})" if keys else name)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def _format_action(
    window: MainWindow,
    text: str,
    icon_text: str,
    shortcut: Shortcut,
    toggle: Callable[[bool], None],
    font: QFont,
) -> QAction:
    """Return a checkable character-format action (Fed, Kursiv, Understreget)."""
    action = _action(window, text, lambda: None, shortcut, icon_text=icon_text)
    action.setCheckable(True)
    action.setFont(font)
    action.triggered.connect(toggle)
    return action


def _font(*, bold: bool = False, italic: bool = False, underline: bool = False) -> QFont:
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    font.setUnderline(underline)
    return font


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
            "Gem brevet som Word-dokument og tilgængelig PDF (PDF/A + PDF/UA)",
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
        # Danish Word's keys: Ctrl+F fed, Ctrl+K kursiv, Ctrl+U understreget (docs: README).
        bold=_format_action(
            window,
            "&Fed",
            "F",
            "Ctrl+F",
            lambda on: window.editor.toggle_bold(on),
            _font(bold=True),
        ),
        italic=_format_action(
            window,
            "&Kursiv",
            "K",
            ("Ctrl+K", "Ctrl+I"),
            lambda on: window.editor.toggle_italic(on),
            _font(italic=True),
        ),
        underline=_format_action(
            window,
            "&Understreget",
            "U",
            "Ctrl+U",
            lambda on: window.editor.toggle_underline(on),
            _font(underline=True),
        ),
        bullets=_action(
            window,
            "&Punktliste",
            lambda: window.editor.toggle_list(QTextListFormat.Style.ListDisc),
            (),
            None,
            "Punktopstilling",
            icon_text="•",
        ),
        numbers=_action(
            window,
            "&Nummereret liste",
            lambda: window.editor.toggle_list(QTextListFormat.Style.ListDecimal),
            (),
            None,
            "Nummereret liste",
            icon_text="1.",
        ),
        outdent=_action(
            window,
            "Formindsk &indrykning",
            lambda: window.editor.change_indent(-1),
            "Shift+Alt+Left",
            None,
            "Flyt punktet et niveau ud",
            icon_text="⇤",
        ),
        indent=_action(
            window,
            "Forøg in&drykning",
            lambda: window.editor.change_indent(1),
            "Shift+Alt+Right",
            None,
            "Flyt punktet et niveau ind",
            icon_text="⇥",
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
    # Only where the text is: the window moves it onto the editor.
    actions.page_break.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return actions
