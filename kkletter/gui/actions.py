"""The main window's actions: text, shortcut, icon, tip and what each one does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QTextListFormat
from PySide6.QtWidgets import QStyle

from kkletter.gui import tables

if TYPE_CHECKING:
    from kkletter.gui.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str | Sequence[str | QKeySequence.StandardKey]


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
    print: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    replace: QAction
    find_next: QAction
    find_previous: QAction
    check: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
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
    row_above: QAction
    row_below: QAction
    column_left: QAction
    column_right: QAction
    delete_row: QAction
    delete_column: QAction
    delete_table: QAction
    header_row: QAction
    page_break: QAction

    def editor_only(self) -> tuple[QAction, ...]:
        """Return the actions whose keys work only while the body editor has the focus."""
        return (self.page_break,)

    def table_actions(self) -> tuple[QAction, ...]:
        """Return the actions that change the table the cursor is in."""
        return (
            self.row_above,
            self.row_below,
            self.column_left,
            self.column_right,
            self.delete_row,
            self.delete_column,
            self.delete_table,
            self.header_row,
        )


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
        keys: list[QKeySequence] = []
        for one in shortcut:  # a standard key may stand for several sequences
            keys.extend(
                QKeySequence.keyBindings(one)
                if isinstance(one, QKeySequence.StandardKey)
                else [QKeySequence(one)]
            )
        action.setShortcuts(keys)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    if tip:
        action.setStatusTip(tip)
    if icon_text:
        action.setIconText(icon_text)
    named = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    name = text.replace("&", "").rstrip(" …")
    action.setToolTip(f"{name} ({named})" if named else name)
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
        print=_action(
            window,
            "&Udskriv …",
            window.print_letter,
            key.Print,
            None,
            "Udskriv brevets sider, præcis som de ser ud i PDF'en",
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
        # Danish Word: Ctrl+B søg (Ctrl+F is fed), Ctrl+H erstat.
        find=_action(
            window,
            "&Søg …",
            lambda: window.find_bar.open_find(),
            "Ctrl+B",
            None,
            "Søg i brevets tekst og felter",
        ),
        replace=_action(
            window,
            "&Erstat …",
            lambda: window.find_bar.open_find(replace=True),
            "Ctrl+H",
            None,
            "Søg og erstat i brevets tekst og felter",
        ),
        find_next=_action(window, "Find &næste", lambda: window.find_bar.find_next(), "F3"),
        find_previous=_action(
            window, "Find &forrige", lambda: window.find_bar.find_previous(), "Shift+F3"
        ),
        check=_action(
            window,
            "&Kontrollér",
            window.run_checks_now,
            "F7",
            sp.SP_DialogApplyButton,
            "Kontrollér brevet (F7)",
        ),
        # The view with the focus zooms: the editor while typing, else the page view.
        zoom_in=_action(window, "Zoom &ind", lambda: window.zoom(1), (key.ZoomIn, "Ctrl+=")),
        zoom_out=_action(window, "Zoom &ud", lambda: window.zoom(-1), key.ZoomOut),
        zoom_reset=_action(window, "&Normal størrelse (100 %)", lambda: window.zoom(0), "Ctrl+0"),
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
            window,
            "&Tabel …",
            window.insert_table,
            (),
            None,
            "Indsæt en tabel med det antal rækker og kolonner, du vælger",
            icon_text="Tabel",
        ),
        row_above=_action(
            window, "Indsæt række &over", lambda: tables.insert_rows(window.editor, below=False)
        ),
        row_below=_action(
            window, "Indsæt række &under", lambda: tables.insert_rows(window.editor, below=True)
        ),
        column_left=_action(
            window,
            "Indsæt kolonne til &venstre",
            lambda: tables.insert_columns(window.editor, right=False),
        ),
        column_right=_action(
            window,
            "Indsæt kolonne til &højre",
            lambda: tables.insert_columns(window.editor, right=True),
        ),
        delete_row=_action(window, "Slet &række", lambda: tables.delete_row(window.editor)),
        delete_column=_action(window, "Slet &kolonne", lambda: tables.delete_column(window.editor)),
        delete_table=_action(window, "Slet &tabel", lambda: tables.delete_table(window.editor)),
        header_row=_action(
            window,
            "Over&skriftsrække",
            lambda: tables.set_header_row(window.editor, window.act.header_row.isChecked()),
            (),
            None,
            "Første række er tabellens overskrift (læses op af skærmlæsere)",
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
    for action in (actions.bullets, actions.numbers, actions.header_row):
        action.setCheckable(True)
    # Only where the text is: the window moves these onto the editor (the findings
    # list has its own Ctrl+Enter).
    for action in actions.editor_only():
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return actions
