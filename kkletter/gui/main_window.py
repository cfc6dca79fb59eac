"""The main window: form, body editor, checks and live preview of one letter."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QWidget,
)

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.drafts import load_draft, save_draft
from kkletter.errors import KKLetterError, TemplateError, os_reason
from kkletter.filenames import output_stem
from kkletter.gui import settings as keys
from kkletter.gui.actions import create_actions
from kkletter.gui.autosave import Autosave
from kkletter.gui.checks_panel import ChecksPanel
from kkletter.gui.dialogs import Dialogs
from kkletter.gui.editor import Mark
from kkletter.gui.editor_column import EditorColumn
from kkletter.gui.export import Converter, Exporter, Writer, core_converter, core_writer
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
from kkletter.model import Letter, Signer
from kkletter.templating import TemplateSpec, get_template

if TYPE_CHECKING:
    from kkletter.checks.findings import Finding

    # The third argument is the letter already composed for the preview, or None.
    Checker = Callable[[Letter, Catalogs, LetterDocument | None], list[Finding]]
    Fixer = Callable[[Letter, Sequence[Finding]], Letter]
    MergeDialogFactory = Callable[[Letter, Catalogs, QWidget], QDialog]

REFRESH_MS = 70
UNTITLED = "Unavngivet brev"


def core_checker(
    letter: Letter, catalogs: Catalogs, document: LetterDocument | None = None
) -> list[Finding]:
    """Run the core checks (imported on first use, to keep start-up fast)."""
    from kkletter.checks import check_letter

    return check_letter(letter, catalogs, document=document)


def core_fixer(letter: Letter, findings: Sequence[Finding]) -> Letter:
    """Apply `findings`' suggestions with the core checks."""
    from kkletter.checks import apply_fixes

    return apply_fixes(letter, findings)


def core_merge_dialog(letter: Letter, catalogs: Catalogs, parent: QWidget) -> QDialog:
    """Return the mail-merge dialog for `letter` (the merge code is imported only now)."""
    from kkletter.gui.merge_dialog import MergeDialog

    return MergeDialog(letter, catalogs, parent=parent)


class MainWindow(QMainWindow):
    """Compose, check, preview, save and export one letter."""

    pdfExportFinished = Signal(bool)  # noqa: N815 - Qt signal naming; True: PDF written
    settingsChanged = Signal()  # noqa: N815 - the settings dialog was accepted
    mergeDialogOpened = Signal(object)  # noqa: N815 - the merge dialog (the register listens)

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
        self._path: Path | None = None
        self._spec: TemplateSpec | None = None
        self._loading = False
        self._autosave_pending = False
        self._markdown = ""
        self._findings: list[Finding] = []
        self._document: LetterDocument | None = None
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
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setMinimumWidth(300)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.splitter.setSizes([360, 470, 610])
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

    # --- letters -----------------------------------------------------------------

    def _default_choice(self) -> tuple[str, str]:
        templates = self._catalogs.templates
        template = "brev" if "brev" in templates else next(iter(templates), "")
        profile = self._preferences.get(keys.DEFAULT_PROFILE)
        if profile not in self._catalogs.profiles:
            profile = next(iter(self._catalogs.profiles), "")
        return template, profile

    def new_letter(self, template_id: str, profile_id: str) -> None:
        """Start an unsaved letter from template `template_id` and sender `profile_id`."""
        spec = self._catalogs.templates.get(template_id)
        if spec is None:
            return
        signer = Signer()
        if spec.needs_signer:
            signer = Signer(
                name=self._preferences.get(keys.DEFAULT_SIGNER_NAME),
                title=self._preferences.get(keys.DEFAULT_SIGNER_TITLE),
            )
            # The library's signer of that name brings phone, e-mail and signature too.
            signer = self.form.library_signer(signer.name) or signer
        letter = Letter(
            template=spec.id,
            profile=profile_id,
            body=spec.default_body,
            date=self._today(),
            signer=signer,
            fields={f.id: f.default for f in spec.fields},
        )
        if self.load_letter(letter, None):
            # Typing replaces the template's first help text, as in a Word template.
            self.editor.select_first(spec.help_texts)

    def load_letter(self, letter: Letter, path: Path | None, *, modified: bool = False) -> bool:
        """Show `letter` (from `path`, if any); return False when its template is unknown."""
        try:
            spec = get_template(letter.template, self._catalogs.templates)
        except KKLetterError as exc:
            self._dialogs.show_error(self, str(exc))
            return False
        self._loading = True
        try:
            self._spec = spec
            self._path = path
            self.form.set_letter(letter, spec)
            self.editor.set_markdown(letter.body)
            self.preview.clear()
            self.checks.set_field_labels(self.form.field_labels())
        finally:
            self._loading = False
        self._set_modified(modified)
        self._update_title()
        if self._defer_refresh:
            self.schedule_refresh()
        else:
            self.refresh()
        return True

    def current_letter(self) -> Letter:
        """Return the letter as the window shows it."""
        self._markdown = self.editor.markdown()
        return self.form.letter(self._markdown)

    def path(self) -> Path | None:
        """Return the draft file the letter belongs to."""
        return self._path

    # --- preview and checks ----------------------------------------------------

    def schedule_refresh(self) -> None:
        """Update preview and findings once typing pauses."""
        self._refresh_timer.start()

    def refresh(self) -> None:
        """Update the preview and the findings now."""
        self._refresh_timer.stop()
        letter = self.current_letter()
        composed: LetterDocument | None = None
        try:
            document, problem = self._compose_for_preview(letter)
        except KKLetterError as exc:
            self.preview.show_error(str(exc))
        else:
            self._document = document
            self.preview.show_document(document)
            if problem:
                self.preview.show_error(problem)
            else:
                composed = document  # the letter as it is: the checks need not compose it again
        self._show_findings(self._check(letter, composed))

    def _compose_for_preview(self, letter: Letter) -> tuple[LetterDocument, str]:
        """Compose `letter`; a missing required field is drawn as "[label]" and reported."""
        spec = self._spec
        missing: list[str] = []
        while True:
            try:
                document = compose_letter(letter, self._catalogs)
            except TemplateError as exc:
                field = next((f for f in spec.fields if f.id == exc.field), None) if spec else None
                if field is None or field.label in missing:
                    raise
                missing.append(field.label)
                fields = {**letter.fields, field.id: f"[{field.label}]"}
                letter = dataclasses.replace(letter, fields=fields)
                continue
            break
        if not missing:
            return document, ""
        names = ", ".join(f"'{name}'" for name in missing)
        return document, f"Skabelonen kræver {names}. Udfyld det under Skabelonens felter."

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

    def run_checks_now(self) -> None:
        """Check the letter now (F7) and show the result in the status bar."""
        self.refresh()
        self.statusBar().showMessage(self.checks.summary.text(), 5000)
        self.checks.tree.setFocus()

    def _check(self, letter: Letter, document: LetterDocument | None = None) -> list[Finding]:
        try:
            return list(self._checker(letter, self._catalogs, document))
        except KKLetterError as exc:
            self.statusBar().showMessage(f"Kontrollen kunne ikke køre: {exc}", 5000)
            return []

    def _show_findings(self, findings: list[Finding]) -> None:
        self._findings = findings
        self.checks.set_findings(findings)
        marks: list[Mark] = []
        for finding in findings:
            if finding.field != "body":
                continue
            where = self.editor.find_source_span(
                self._markdown, finding.line, finding.column, finding.length
            )
            if where is not None:
                marks.append(Mark(where[0], where[1], finding.severity))
        self.editor.set_marks(marks)

    def findings(self) -> list[Finding]:
        """Return the current findings."""
        return list(self._findings)

    # --- drafts ----------------------------------------------------------------

    def ask_new_letter(self) -> None:
        """Ask for a template and start a new letter."""
        if not self._maybe_save():
            return
        choice = self._dialogs.choose_template(self, self._catalogs, self._default_choice()[1])
        if choice is not None:
            self.new_letter(*choice)

    def ask_open(self) -> None:
        """Ask for a draft file and open it."""
        if not self._maybe_save():
            return
        path = self._dialogs.open_draft_path(self, self._draft_folder())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        """Open the draft at `path`; a problem is shown and the current letter stays."""
        try:
            letter = load_draft(path)
        except KKLetterError as exc:
            self._dialogs.show_error(self, str(exc))
            return False
        if not self.load_letter(letter, path):
            return False
        self._preferences.add_recent_file(path)
        self._preferences.set(keys.LAST_DRAFT_FOLDER, str(path.parent))
        self.statusBar().showMessage(f"Åbnede {path.name}.", 4000)
        return True

    def save(self) -> bool:
        """Save to the current draft file (asking for one the first time)."""
        if self._path is None:
            return self.save_as()
        return self._save_to(self._path)

    def save_as(self) -> bool:
        """Ask for a file name and save the draft there."""
        proposed = self._draft_folder() / f"{output_stem(self.current_letter())}.toml"
        path = self._dialogs.save_draft_path(self, proposed)
        return path is not None and self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            save_draft(self.current_letter(), path)
        except KKLetterError as exc:
            self._dialogs.show_error(self, str(exc))
            return False
        self._path = path
        self._set_modified(False)
        self._autosave.remove()
        self._preferences.add_recent_file(path)
        self._preferences.set(keys.LAST_DRAFT_FOLDER, str(path.parent))
        self._update_title()
        self.statusBar().showMessage(f"Gemt som {path.name}.", 4000)
        return True

    def _draft_folder(self) -> Path:
        if self._path is not None:
            return self._path.parent
        folder = self._preferences.get(keys.LAST_DRAFT_FOLDER)
        return Path(folder) if folder and Path(folder).is_dir() else Path.home()

    def _maybe_save(self) -> bool:
        """Ask about unsaved changes; return whether the caller may go on."""
        if not self.isWindowModified():
            return True
        answer = self._dialogs.ask_save_changes(self, self._display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    # --- export ----------------------------------------------------------------

    def export_docx(self) -> bool:
        """Export the letter as DOCX after the checks; return whether a file was written."""
        letter = self._checked_letter_to_export()
        return letter is not None and self._exporter.export_docx(letter, self._path)

    def export_pdf(self) -> bool:
        """Export DOCX and, in the background, PDF; return whether the conversion started.

        The DOCX is written next to the PDF (same name) and kept whatever happens to
        the conversion; `pdfExportFinished` tells when it is over.
        """
        if self._exporter.is_converting():
            self.statusBar().showMessage("Der laves allerede en PDF; vent, til den er færdig.")
            return False
        letter = self._checked_letter_to_export()
        return letter is not None and self._exporter.export_pdf(letter, self._path)

    def is_converting(self) -> bool:
        """Return whether a PDF conversion is running."""
        return self._exporter.is_converting()

    def _checked_letter_to_export(self) -> Letter | None:
        """Check the letter; return it unless it has errors the user won't export."""
        letter = self.current_letter()
        findings = self._check(letter)
        self._show_findings(findings)
        errors = sum(f.severity == "error" for f in findings)
        if errors and not self._dialogs.ask_export_anyway(self, errors):
            return None
        return letter

    # --- mail merge --------------------------------------------------------------

    def open_merge_dialog(self) -> QDialog:
        """Open the mail-merge dialog for the current letter (window-modal, not blocking)."""
        dialog = self._merge_dialog(self.current_letter(), self._catalogs, self)
        # The merge makes its PDFs with the engine of the settings (issue 9).
        set_engine = getattr(dialog, "set_pdf_engine", None)
        if callable(set_engine):
            set_engine(self._preferences.get(keys.PDF_ENGINE))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.mergeDialogOpened.emit(dialog)
        dialog.open()
        return dialog

    # --- autosave --------------------------------------------------------------

    def autosave_path(self) -> Path:
        """Return the file the autosave writes."""
        return self._autosave.path

    def autosave(self) -> bool:
        """Write the letter to the autosave file if it changed since the last autosave."""
        if not self._autosave_pending:
            return False
        try:
            self._autosave.write(self.current_letter(), self._path)
        except (KKLetterError, OSError) as exc:
            self.statusBar().showMessage(f"Automatisk gemning mislykkedes: {exc}", 8000)
            return False
        self._autosave_pending = False
        return True

    def offer_autosave_restore(self) -> bool:
        """Offer a leftover autosave (from a crash) for restore; return whether restored."""
        # Only a slot whose window is gone (a crash); other open windows keep theirs.
        if not self._autosave.adopt_orphan() or not self._autosave.exists():
            return False
        try:
            letter = self._autosave.read()
        except (KKLetterError, OSError, UnicodeDecodeError, ValueError) as exc:
            if isinstance(exc, KKLetterError):
                reason = str(exc)
            elif isinstance(exc, UnicodeDecodeError):
                reason = "filen er ikke gemt som UTF-8"
            elif isinstance(exc, OSError):
                reason = os_reason(exc)
            else:
                reason = "filen er beskadiget"
            kept = self._autosave.set_aside()
            where = f" Filen er lagt til side som {kept}." if kept else ""
            self._dialogs.show_error(
                self, f"Det automatisk gemte brev kan ikke læses ({reason}).{where}"
            )
            return False
        if not self._dialogs.ask_restore_autosave(self, self._autosave.saved_at()):
            self._autosave.remove()
            return False
        restored = self.load_letter(letter, self._autosave.original(), modified=True)
        if restored:
            self.statusBar().showMessage("Brevet er gendannet. Husk at gemme det.", 8000)
        return restored

    # --- settings, title, close ------------------------------------------------

    def edit_settings(self) -> None:
        """Show the settings dialog and apply what changed."""
        if self._dialogs.edit_settings(self, self._preferences, self._catalogs):
            self._apply_autosave_interval()
            self.settingsChanged.emit()

    def _display_name(self) -> str:
        return self._path.name if self._path is not None else UNTITLED

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._display_name()}[*] – kkletter")

    def _set_modified(self, modified: bool) -> None:
        self.setWindowModified(modified)
        self._autosave_pending = modified

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

    def _on_checks_finding_selected(self, finding: Finding) -> None:
        self._go_to_finding(finding, focus=False)

    def _on_checks_finding_activated(self, finding: Finding) -> None:
        self._go_to_finding(finding, focus=True)

    def _go_to_finding(self, finding: Finding, *, focus: bool) -> None:
        """Show the spot of `finding`; with `focus`, put the keyboard there too."""
        if finding.field == "body":
            where = self.editor.find_source_span(
                self._markdown, finding.line, finding.column, finding.length
            )
            if where is not None:
                self.editor.select_range(*where, focus=focus)
            elif focus:
                self.editor.setFocus()
            return
        if not self.form.show_field(finding.field, focus=focus):
            self.statusBar().showMessage(finding.message, 6000)

    def _on_checks_fix_requested(self, finding: Finding) -> None:
        if finding.suggestion is None:
            return
        if finding.field == "body":
            where = self.editor.find_source_span(
                self._markdown, finding.line, finding.column, finding.length
            )
            if where is None:
                self.statusBar().showMessage(
                    "Stedet i teksten blev ikke fundet; ret det i hånden.", 6000
                )
                return
            self.editor.replace_range(where[0], where[1], finding.suggestion)
            self.refresh()
            return
        assert self._spec is not None
        try:
            fixed = self._fixer(self.current_letter(), [finding])
        except KKLetterError as exc:
            self._dialogs.show_error(self, str(exc))
            return
        self._loading = True
        try:
            self.form.set_letter(dataclasses.replace(fixed, body=self._markdown), self._spec)
        finally:
            self._loading = False
        self._set_modified(True)
        self.refresh()

    def _on_editor_zoom_changed(self, percent: int) -> None:
        self.statusBar().showMessage(f"Zoom: {percent} %", 2000)

    def _on_exporter_message(self, text: str, timeout: int) -> None:
        self.statusBar().showMessage(text, timeout)

    def _on_exporter_busy_changed(self, busy: bool) -> None:
        for action in (self.act.export_docx, self.act.export_pdf):
            action.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        files = self._preferences.recent_files()
        if not files:
            empty = self.recent_menu.addAction("(ingen)")
            empty.setEnabled(False)
            return
        for path in files:
            action = self.recent_menu.addAction(path.name)
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))

    def _open_recent(self, path: Path) -> None:
        if self._maybe_save():
            self.open_path(path)

    def layout_state(self) -> dict[str, QByteArray]:
        """Return the splitter states (for tests and diagnostics)."""
        return {
            "splitter": self.splitter.saveState(),
            "editor_splitter": self.editor_splitter.saveState(),
        }
