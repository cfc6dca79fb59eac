"""The main window: form, body editor, checks and live preview of one letter.

`MainWindow` builds the widgets and wires them (its `__init__` is the table of contents).
Its behaviour comes in layers, one module each:

- kkletter.gui.window_letter: show the letter, preview, checks and their findings;
- kkletter.gui.window_files: drafts, export, mail merge, autosave, recent files;
- kkletter.gui.window_hooks: the replaceable checker, fixer and merge dialog.

The library (kkletter.gui.library.menu) and the register (kkletter.gui.register.menu)
plug in through `set_catalogs`, `set_checker`, `exporter` and `mergeDialogOpened`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QProgressBar,
    QSplitter,
)

from kkletter.compose import Catalogs, compose_letter
from kkletter.errors import KKLetterError
from kkletter.gui import settings as keys
from kkletter.gui.actions import create_actions
from kkletter.gui.autosave import Autosave
from kkletter.gui.checks_panel import ChecksPanel
from kkletter.gui.dialogs import Dialogs
from kkletter.gui.editor_column import EditorColumn
from kkletter.gui.export import Converter, Exporter, Writer, core_converter, core_writer
from kkletter.gui.form_scroll import FormScrollArea
from kkletter.gui.letter_form import LetterForm
from kkletter.gui.menus import build_menus, build_toolbars
from kkletter.gui.preview import PreviewPane
from kkletter.gui.printing import PRINT_PPI, PageRender, a4_printer, print_pages, render_print_pages
from kkletter.gui.settings import Preferences, WindowState
from kkletter.gui.spelling import (
    FieldSpelling,
    SpellerLoader,
    SpellService,
    default_speller,
)
from kkletter.gui.window_files import FileWindowBase
from kkletter.gui.window_hooks import core_checker, core_fixer, core_merge_dialog
from kkletter.gui.window_letter import REFRESH_MS, UNTITLED

if TYPE_CHECKING:
    from kkletter.gui.window_hooks import Checker, Fixer, MergeDialogFactory

# core_* stay importable from here (tests and callers use them as before the split).
__all__ = ["MainWindow", "core_checker", "core_fixer", "core_merge_dialog"]


class MainWindow(FileWindowBase):
    """Compose, check, preview, save and export one letter."""

    pdfExportFinished = Signal(bool)  # noqa: N815 - Qt signal naming; True: PDF written
    settingsChanged = Signal()  # noqa: N815 - the settings dialog was accepted

    def __init__(
        self,
        *,
        catalogs: Catalogs,
        preferences: Preferences,
        window_state: WindowState,
        dialogs: Dialogs,
        autosave_dir: Path,
        checker: Checker = core_checker,
        fixer: Fixer = core_fixer,
        writer: Writer = core_writer,
        converter: Converter = core_converter,
        merge_dialog: MergeDialogFactory = core_merge_dialog,
        speller: SpellerLoader = default_speller,
        page_render: PageRender = render_print_pages,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self._catalogs = catalogs
        self._preferences = preferences
        self._window_state = window_state
        self._dialogs = dialogs
        self._autosave = Autosave(autosave_dir)
        self._checker = checker
        self._fixer = fixer
        self._merge_dialog = merge_dialog
        self._exporter = Exporter(
            window=self,
            catalogs=catalogs,
            preferences=preferences,
            dialogs=dialogs,
            writer=writer,
            converter=converter,
        )
        self._today = today
        self.spelling = SpellService(speller, self)
        self._page_render = page_render
        self._init_state()
        self._init_actions()
        self._init_menus()
        self._add_widgets()
        self._init_toolbars()
        self._connect_signals()
        self._restore_layout()
        self._start_timers()
        # The dictionary loads in the background once the window shows: a fast start.
        QTimer.singleShot(0, self.spelling.start)
        # The first preview and check run once the window shows: a fast start.
        self._defer_refresh = True
        self.new_letter(*self._default_choice())
        self._defer_refresh = False

    def set_catalogs(self, catalogs: Catalogs) -> None:
        """Use `catalogs` from now on (the library changed); the letter is kept."""
        self._catalogs = catalogs
        self._exporter.set_catalogs(catalogs)
        self.form.set_profiles(catalogs.profiles)
        self.schedule_refresh()

    # Hooks for the letter register (issue 12, kkletter.gui.register.menu).
    def set_checker(self, checker: Checker) -> None:
        """Check with `checker` from now on (e.g. also against the letter register)."""
        self._checker = checker
        self.schedule_refresh()

    @property
    def exporter(self) -> Exporter:
        """Return the export controller (its `exported` signal, its `prepare` hook)."""
        return self._exporter

    @property
    def preferences(self) -> Preferences:
        """Return the user's preferences."""
        return self._preferences

    def ask_to_keep_changes(self) -> bool:
        """Offer to save unsaved changes; return False when the user cancels."""
        return self._maybe_save()

    # --- table of contents -----------------------------------------------------

    def _init_state(self) -> None:
        self._path = None
        self._spec = None
        self._loading = False
        self._autosave_pending = False
        self._markdown = ""
        self._findings = []
        self._document = None
        self._defer_refresh = False
        self.setWindowTitle(f"{UNTITLED}[*] – kkletter")

    def _init_actions(self) -> None:
        self.act = create_actions(self)

    def _init_menus(self) -> None:
        self.recent_menu = build_menus(self, self.act)

    def _add_widgets(self) -> None:
        self.form = LetterForm(
            self._catalogs.profiles,
            choose_image=lambda: self._dialogs.choose_image(self),
            today=self._today,
            spell_check=FieldSpelling(self.spelling, self).attach,
        )
        self.form_scroll = FormScrollArea(self.form)
        self.editor_column = EditorColumn(self.act, self.spelling, self.form.search_targets)
        self.editor = self.editor_column.editor
        self.format_bar = self.editor_column.format_bar
        self.heading_box = self.editor_column.heading_box
        self.find_bar = self.editor_column.find_bar
        # Ctrl+Enter is a page break in the editor (as in Word) and "Ret" in the findings.
        for action in self.act.editor_only():
            self.removeAction(action)
            self.editor.addAction(action)
        self.checks = ChecksPanel()
        self.editor_splitter = QSplitter(Qt.Orientation.Vertical)
        self.editor_splitter.addWidget(self.editor_column)
        self.editor_splitter.addWidget(self.checks)
        self.editor_splitter.setSizes([600, 200])
        self.preview = PreviewPane()
        # The window's Zoom actions zoom the view with the focus (see `zoom`); the page
        # view's own keys would make Ctrl+plus ambiguous.
        for shortcut in self.preview.findChildren(QShortcut):
            shortcut.setEnabled(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.addWidget(self.editor_splitter)
        self.splitter.addWidget(self.preview)
        self.splitter.setSizes([390, 450, 600])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.busy_label = QLabel("Laver PDF …")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # no steps to count: a moving "busy" bar
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setAccessibleName("Laver PDF")
        for widget in (self.busy_label, self.busy_bar):
            self.statusBar().addPermanentWidget(widget)
            widget.hide()
        self.statusBar().showMessage("Klar.")

    def _init_toolbars(self) -> None:
        build_toolbars(self, self.act, self.format_bar, self.heading_box)

    def _connect_signals(self) -> None:
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.form.changed.connect(self._on_form_changed)
        self.editor.zoomChanged.connect(self._on_editor_zoom_changed)
        self.find_bar.fieldsChanged.connect(self.form.notify_changed)
        self.form.fieldShown.connect(self.form_scroll.ensureWidgetVisible)
        self.checks.findingSelected.connect(self._on_checks_finding_selected)
        self.checks.findingActivated.connect(self._on_checks_finding_activated)
        self.checks.fixRequested.connect(self._on_checks_fix_requested)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.editor.document().undoAvailable.connect(self.act.undo.setEnabled)
        self.editor.document().redoAvailable.connect(self.act.redo.setEnabled)
        self.act.undo.setEnabled(False)
        self.act.redo.setEnabled(False)
        self._exporter.message.connect(self._on_exporter_message)
        self._exporter.busyChanged.connect(self._on_exporter_busy_changed)
        self._exporter.pdfFinished.connect(self.pdfExportFinished)

    def _restore_layout(self) -> None:
        geometry = self._window_state.load("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
        for name, splitter in (
            ("splitter", self.splitter),
            ("editor_splitter", self.editor_splitter),
        ):
            state = self._window_state.load(name)
            if state is not None:
                splitter.restoreState(state)

    def _start_timers(self) -> None:
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.timeout.connect(self._on_autosave_timer_timeout)
        self._apply_autosave_interval()

    def _apply_autosave_interval(self) -> None:
        seconds = max(5, self._preferences.get(keys.AUTOSAVE_SECONDS))
        self._autosave_timer.start(seconds * 1000)

    def insert_table(self) -> None:
        """Ask for the size of a table and insert it at the cursor."""
        choice = self._dialogs.choose_table(self)
        if choice is not None:
            rows, columns, header = choice
            self.editor.insert_table(rows, columns, header=header)
            self.editor.setFocus()

    def zoom(self, step: int) -> None:
        """Zoom in (`step` 1), out (-1) or to 100 % (0): the editor if it has the focus,
        else the page view."""
        if self.editor.hasFocus():
            if step:
                (self.editor.zoom_in if step > 0 else self.editor.zoom_out)()
            else:
                self.editor.set_zoom(100)
        elif step:
            (self.preview.zoom_in if step > 0 else self.preview.zoom_out)()
        else:
            self.preview.set_zoom(100)

    def print_letter(self) -> bool:
        """Print the letter's pages through the system's print dialog; return whether printed."""
        try:
            document = compose_letter(self.current_letter(), self._catalogs)
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                pages = self._page_render(document, PRINT_PPI)
            finally:
                QApplication.restoreOverrideCursor()
            printer = a4_printer()
            printer.setDocName(document.properties.title or "Brev")
            if not self._dialogs.ask_print(self, printer, len(pages)):
                return False
            printed = print_pages(printer, pages)
        except KKLetterError as exc:
            self._dialogs.show_error(self, str(exc))
            return False
        self.statusBar().showMessage(f"Sendte {printed} side(r) til printeren.", 6000)
        return printed > 0

    # --- settings, title, close ------------------------------------------------

    def edit_settings(self) -> None:
        """Show the settings dialog and apply what changed."""
        if self._dialogs.edit_settings(self, self._preferences, self._catalogs):
            self._apply_autosave_interval()
            self.settingsChanged.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Ask about unsaved changes, remember the layout, remove the autosave."""
        if not self._maybe_save():
            event.ignore()
            return
        self._exporter.wait()
        self._window_state.save("geometry", self.saveGeometry())
        self._window_state.save("splitter", self.splitter.saveState())
        self._window_state.save("editor_splitter", self.editor_splitter.saveState())
        self._preferences.sync()
        self._autosave_timer.stop()
        self.spelling.stop()
        self._autosave.remove()
        self._autosave.release()
        event.accept()

    def show_about(self) -> None:
        """Show what kkletter is."""
        QMessageBox.about(
            self,
            "Om kkletter",
            "<b>kkletter</b><br/>Breve, notater og høringssvar for Københavns Kommune: "
            "skabeloner, brevhoved, kontrol og Word-dokument.",
        )

    # --- slots -----------------------------------------------------------------

    def _on_editor_text_changed(self) -> None:
        if self._loading:
            return
        self._set_modified(True)
        self.schedule_refresh()

    def _on_form_changed(self) -> None:
        if self._loading:
            return
        self._set_modified(True)
        self.schedule_refresh()

    def _on_refresh_timer_timeout(self) -> None:
        self.refresh()

    def _on_autosave_timer_timeout(self) -> None:
        self.autosave()

    def _on_editor_zoom_changed(self, percent: int) -> None:
        self.statusBar().showMessage(f"Zoom: {percent} %", 2000)

    def _on_exporter_message(self, text: str, timeout: int) -> None:
        self.statusBar().showMessage(text, timeout)

    def _on_exporter_busy_changed(self, busy: bool) -> None:
        for action in (self.act.export_docx, self.act.export_pdf):
            action.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def layout_state(self) -> dict[str, QByteArray]:
        """Return the splitter states (for tests and diagnostics)."""
        return {
            "splitter": self.splitter.saveState(),
            "editor_splitter": self.editor_splitter.saveState(),
        }
