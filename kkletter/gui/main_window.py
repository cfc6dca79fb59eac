"""The main window: form, body editor, checks and live preview of one letter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QThread, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QKeySequence,
    QTextCharFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.drafts import dump_draft, load_draft, parse_draft, save_draft, write_atomic
from kkletter.errors import KKLetterError, TemplateError
from kkletter.filenames import output_stem
from kkletter.gui import settings as keys
from kkletter.gui.checks_panel import ChecksPanel
from kkletter.gui.dialogs import Dialogs
from kkletter.gui.editor import BodyEditor, Mark
from kkletter.gui.letter_form import LetterForm
from kkletter.gui.preview import PreviewPane
from kkletter.gui.settings import Preferences, WindowState
from kkletter.model import Letter, Signer
from kkletter.templating import TemplateSpec, get_template

if TYPE_CHECKING:
    from kkletter.checks.findings import Finding

    # The third argument is the letter already composed for the preview, or None.
    Checker = Callable[[Letter, Catalogs, LetterDocument | None], list[Finding]]
    Fixer = Callable[[Letter, Sequence[Finding]], Letter]
    Writer = Callable[[LetterDocument, Path], None]
    Converter = Callable[[Path, Path], object]
    MergeDialogFactory = Callable[[Letter, Catalogs, QWidget], QDialog]

AUTOSAVE_NAME = "autosave.toml"
AUTOSAVE_META = "autosave.json"
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


def core_writer(document: LetterDocument, path: Path) -> None:
    """Write `document` as DOCX (python-docx is imported only now)."""
    from kkletter.docx.writer import write_docx

    write_docx(document, path)


def core_converter(docx: Path, pdf: Path) -> Path:
    """Convert `docx` to a tagged PDF at `pdf` with LibreOffice."""
    from kkletter.pdf import convert_to_pdf

    return convert_to_pdf(docx, pdf)


def core_merge_dialog(letter: Letter, catalogs: Catalogs, parent: QWidget) -> QDialog:
    """Return the mail-merge dialog for `letter` (the merge code is imported only now)."""
    from kkletter.gui.merge_dialog import MergeDialog

    return MergeDialog(letter, catalogs, parent=parent)


class ConversionThread(QThread):
    """Run one DOCX -> PDF conversion off the GUI thread; read `error` once finished."""

    def __init__(self, convert: Converter, docx: Path, pdf: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self._convert = convert
        self.docx = docx
        self.pdf = pdf
        # Stays set unless the conversion succeeds, so even a crash reports something.
        self.error: str | None = (
            f"PDF-filen {pdf.name} blev ikke lavet på grund af en intern fejl. "
            "DOCX-filen er gemt; prøv igen, eller gem den som PDF fra Word."
        )

    def run(self) -> None:
        """Convert `docx` to `pdf`; leave a Danish message in `error` if that fails."""
        try:
            self._convert(self.docx, self.pdf)
        except KKLetterError as exc:
            self.error = str(exc)
        except OSError as exc:
            self.error = (
                f"PDF-filen {self.pdf.name} kunne ikke laves ({exc.strerror or exc}). "
                "DOCX-filen er gemt."
            )
        else:
            self.error = None


class MainWindow(QMainWindow):
    """Compose, check, preview, save and export one letter."""

    pdfExportFinished = Signal(bool)  # noqa: N815 - Qt signal naming; True: PDF written

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
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self._catalogs = catalogs
        self._preferences = preferences
        self._window_state = window_state
        self._dialogs = dialogs
        self._autosave_dir = autosave_dir
        self._checker = checker
        self._fixer = fixer
        self._writer = writer
        self._converter = converter
        self._merge_dialog = merge_dialog
        self._today = today
        self._init_state()
        self._init_actions()
        self._init_menus()
        self._add_widgets()
        self._init_toolbars()
        self._connect_signals()
        self._restore_layout()
        self._start_timers()
        # The first preview and check run once the window shows: a fast start.
        self._defer_refresh = True
        self.new_letter(*self._default_choice())
        self._defer_refresh = False

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
        self._conversion: ConversionThread | None = None
        self.setWindowTitle(f"{UNTITLED}[*] – kkletter")

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | Sequence[str] = (),
        icon: QStyle.StandardPixmap | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence | str | QKeySequence.StandardKey):
            action.setShortcut(QKeySequence(shortcut))
        elif shortcut:
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _init_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.new_action = self._action(
            "&Ny …",
            self.ask_new_letter,
            QKeySequence.StandardKey.New,
            sp.SP_FileIcon,
            "Nyt brev ud fra en skabelon",
        )
        self.open_action = self._action(
            "Å&bn …",
            self.ask_open,
            QKeySequence.StandardKey.Open,
            sp.SP_DialogOpenButton,
            "Åbn en kladde",
        )
        self.save_action = self._action(
            "&Gem", self.save, QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton, "Gem kladden"
        )
        self.save_as_action = self._action(
            "Gem &som …", self.save_as, "Ctrl+Shift+S", None, "Gem kladden under et nyt navn"
        )
        self.export_action = self._action(
            "&Eksportér DOCX …",
            self.export_docx,
            "Ctrl+E",
            sp.SP_ArrowRight,
            "Gem brevet som Word-dokument",
        )
        self.export_pdf_action = self._action(
            "Eksportér &PDF …",
            self.export_pdf,
            "Ctrl+Shift+E",
            sp.SP_FileDialogDetailedView,
            "Gem brevet som Word-dokument og PDF (kræver LibreOffice)",
        )
        self.merge_action = self._action(
            "&Flet til flere modtagere …",
            self.open_merge_dialog,
            (),
            None,
            "Lav et brev til hver række i en CSV- eller Excel-fil",
        )
        self.quit_action = self._action("&Afslut", self.close, "Ctrl+Q")
        self.undo_action = self._action(
            "&Fortryd", lambda: self.editor.undo(), "Ctrl+Z", sp.SP_ArrowBack
        )
        self.redo_action = self._action(
            "&Gentag", lambda: self.editor.redo(), ("Ctrl+Y", "Ctrl+Shift+Z"), sp.SP_ArrowForward
        )
        self.check_action = self._action(
            "&Kontrollér",
            self.run_checks_now,
            "F7",
            sp.SP_DialogApplyButton,
            "Kontrollér brevet (F7)",
        )
        self.settings_action = self._action("&Indstillinger …", self.edit_settings)
        self.about_action = self._action("&Om kkletter", self._show_about)
        # Formatting
        self.bold_action = self._format_action(
            "F", "Fed (Ctrl+B)", QKeySequence.StandardKey.Bold, "bold"
        )
        self.italic_action = self._format_action(
            "K", "Kursiv (Ctrl+I)", QKeySequence.StandardKey.Italic, "italic"
        )
        self.underline_action = self._format_action(
            "U", "Understreget (Ctrl+U)", QKeySequence.StandardKey.Underline, "underline"
        )
        self.bullet_action = self._action(
            "•",
            lambda: self.editor.toggle_list(QTextListFormat.Style.ListDisc),
            (),
            None,
            "Punktopstilling",
        )
        self.number_action = self._action(
            "1.",
            lambda: self.editor.toggle_list(QTextListFormat.Style.ListDecimal),
            (),
            None,
            "Nummereret liste",
        )
        self.outdent_action = self._action(
            "⇤",
            lambda: self.editor.change_indent(-1),
            "Shift+Alt+Left",
            None,
            "Formindsk indrykning",
        )
        self.indent_action = self._action(
            "⇥",
            lambda: self.editor.change_indent(1),
            "Shift+Alt+Right",
            None,
            "Forøg indrykning",
        )
        self.table_action = self._action(
            "Tabel", lambda: self.editor.insert_table(), (), None, "Indsæt tabel"
        )
        self.page_break_action = self._action(
            "Sideskift",
            lambda: self.editor.insert_page_break(),
            "Ctrl+Return",
            None,
            "Indsæt sideskift",
        )
        for action in (self.bullet_action, self.number_action):
            action.setCheckable(True)
        self.recent_menu = QMenu("&Seneste filer", self)

    def _format_action(
        self, text: str, tip: str, shortcut: QKeySequence.StandardKey, kind: str
    ) -> QAction:
        action = QAction(text, self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip)
        font = QFont()
        font.setBold(kind == "bold")
        font.setItalic(kind == "italic")
        font.setUnderline(kind == "underline")
        action.setFont(font)
        handler = {
            "bold": self._on_bold_triggered,
            "italic": self._on_italic_triggered,
            "underline": self._on_underline_triggered,
        }[kind]
        action.triggered.connect(handler)
        self.addAction(action)
        return action

    def _init_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Filer")
        for action in (self.new_action, self.open_action):
            file_menu.addAction(action)
        file_menu.addMenu(self.recent_menu)
        file_menu.addSeparator()
        for action in (self.save_action, self.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.export_pdf_action)
        file_menu.addAction(self.merge_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = bar.addMenu("&Rediger")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        format_menu = bar.addMenu("F&ormat")
        for action in (self.bold_action, self.italic_action, self.underline_action):
            format_menu.addAction(action)
        format_menu.addSeparator()
        for action in (
            self.bullet_action,
            self.number_action,
            self.indent_action,
            self.outdent_action,
        ):
            format_menu.addAction(action)
        insert_menu = bar.addMenu("&Indsæt")
        insert_menu.addAction(self.table_action)
        insert_menu.addAction(self.page_break_action)
        check_menu = bar.addMenu("&Kontrol")
        check_menu.addAction(self.check_action)
        help_menu = bar.addMenu("&Hjælp")
        help_menu.addAction(self.about_action)

    def _add_widgets(self) -> None:
        self.form = LetterForm(
            self._catalogs.profiles,
            choose_image=lambda: self._dialogs.choose_image(self),
            today=self._today,
        )
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setMinimumWidth(300)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor = BodyEditor()
        self.format_bar = QToolBar("Formatering")
        self.heading_box = QComboBox()
        self.heading_box.addItems(["Brødtekst", "Overskrift 1", "Overskrift 2", "Overskrift 3"])
        self.heading_box.setToolTip("Afsnitstype")
        editor_column = QWidget()
        column_layout = QVBoxLayout(editor_column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(0)
        column_layout.addWidget(self.format_bar)
        column_layout.addWidget(self.editor)
        self.checks = ChecksPanel()
        self.editor_splitter = QSplitter(Qt.Orientation.Vertical)
        self.editor_splitter.addWidget(editor_column)
        self.editor_splitter.addWidget(self.checks)
        self.editor_splitter.setSizes([600, 200])
        self.preview = PreviewPane()
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
        main = self.addToolBar("Filer")
        main.setObjectName("main_toolbar")
        main.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.new_action, self.open_action, self.save_action, self.save_as_action):
            main.addAction(action)
        main.addSeparator()
        main.addAction(self.export_action)
        main.addAction(self.export_pdf_action)
        main.addSeparator()
        main.addAction(self.undo_action)
        main.addAction(self.redo_action)
        main.addSeparator()
        main.addAction(self.check_action)
        bar = self.format_bar
        bar.addWidget(self.heading_box)
        for action in (self.bold_action, self.italic_action, self.underline_action):
            bar.addAction(action)
        bar.addSeparator()
        for action in (
            self.bullet_action,
            self.number_action,
            self.outdent_action,
            self.indent_action,
        ):
            bar.addAction(action)
        bar.addSeparator()
        bar.addAction(self.table_action)
        bar.addAction(self.page_break_action)

    def _connect_signals(self) -> None:
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.formatChanged.connect(self._on_editor_format_changed)
        self.editor.currentCharFormatChanged.connect(self._on_editor_current_char_format_changed)
        self.heading_box.activated.connect(self._on_heading_box_activated)
        self.form.changed.connect(self._on_form_changed)
        self.checks.findingActivated.connect(self._on_checks_finding_activated)
        self.checks.fixRequested.connect(self._on_checks_fix_requested)
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        self.editor.document().undoAvailable.connect(self.undo_action.setEnabled)
        self.editor.document().redoAvailable.connect(self.redo_action.setEnabled)
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

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
        letter = Letter(
            template=spec.id,
            profile=profile_id,
            body=spec.default_body,
            date=self._today(),
            signer=signer,
            fields={f.id: f.default for f in spec.fields},
        )
        self.load_letter(letter, None)

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
        self._remove_autosave()
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
        if letter is None:
            return False
        proposed = self._export_folder() / f"{output_stem(letter)}.docx"
        path = self._dialogs.export_path(self, proposed)
        if path is None or not self._write_docx(letter, path):
            return False
        self.statusBar().showMessage(f"Eksporterede {path.name}.", 6000)
        self._after_export(path)
        return True

    def export_pdf(self) -> bool:
        """Export DOCX and, in the background, PDF; return whether the conversion started.

        The DOCX is written next to the PDF (same name) and kept whatever happens to
        the conversion; `pdfExportFinished` tells when it is over.
        """
        if self._conversion is not None:
            self.statusBar().showMessage("Der laves allerede en PDF; vent, til den er færdig.")
            return False
        letter = self._checked_letter_to_export()
        if letter is None:
            return False
        proposed = self._export_folder() / f"{output_stem(letter)}.pdf"
        pdf = self._dialogs.export_pdf_path(self, proposed)
        if pdf is None:
            return False
        docx = pdf.with_suffix(".docx")
        if not self._write_docx(letter, docx):
            return False
        thread = ConversionThread(self._converter, docx, pdf, self)
        thread.finished.connect(self._on_conversion_finished)
        self._conversion = thread
        self._set_busy(True)
        self.statusBar().showMessage(f"Gemte {docx.name}; laver {pdf.name} …")
        thread.start()
        return True

    def is_converting(self) -> bool:
        """Return whether a PDF conversion is running."""
        return self._conversion is not None

    def _checked_letter_to_export(self) -> Letter | None:
        """Check the letter; return it unless it has errors the user won't export."""
        letter = self.current_letter()
        findings = self._check(letter)
        self._show_findings(findings)
        errors = sum(f.severity == "error" for f in findings)
        if errors and not self._dialogs.ask_export_anyway(self, errors):
            return None
        return letter

    def _write_docx(self, letter: Letter, path: Path) -> bool:
        try:
            document = compose_letter(letter, self._catalogs)
            self._writer(document, path)
        except KKLetterError as exc:
            self._dialogs.show_error(self, str(exc))
            return False
        self._preferences.set(keys.LAST_EXPORT_FOLDER, str(path.parent))
        return True

    def _after_export(self, path: Path) -> None:
        answer = self._dialogs.after_export(self, path)
        if answer == "document":
            self._dialogs.open_url(path)
        elif answer == "folder":
            self._dialogs.open_url(path.parent)

    def _set_busy(self, busy: bool) -> None:
        for action in (self.export_action, self.export_pdf_action):
            action.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def _wait_for_conversion(self) -> None:
        """Let a running conversion finish (it has its own timeout) before the window goes."""
        thread = self._conversion
        if thread is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            thread.wait()
        finally:
            QApplication.restoreOverrideCursor()
        # Report now, while the window is alive; the queued `finished` then finds nothing.
        self._on_conversion_finished()

    # --- mail merge --------------------------------------------------------------

    def open_merge_dialog(self) -> QDialog:
        """Open the mail-merge dialog for the current letter (window-modal, not blocking)."""
        dialog = self._merge_dialog(self.current_letter(), self._catalogs, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _export_folder(self) -> Path:
        for candidate in (
            self._preferences.get(keys.LAST_EXPORT_FOLDER),
            self._preferences.get(keys.OUTPUT_FOLDER),
        ):
            if candidate and Path(candidate).is_dir():
                return Path(candidate)
        return self._path.parent if self._path is not None else Path.home()

    # --- autosave --------------------------------------------------------------

    def autosave_path(self) -> Path:
        """Return the file the autosave writes."""
        return self._autosave_dir / AUTOSAVE_NAME

    def autosave(self) -> bool:
        """Write the letter to the autosave file if it changed since the last autosave."""
        if not self._autosave_pending:
            return False
        try:
            self._autosave_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(self.autosave_path(), dump_draft(self.current_letter()).encode("utf-8"))
            meta = {
                "path": str(self._path) if self._path else "",
                "saved": dt.datetime.now().isoformat(timespec="seconds"),
            }
            write_atomic(self._autosave_dir / AUTOSAVE_META, json.dumps(meta).encode("utf-8"))
        except (KKLetterError, OSError) as exc:
            self.statusBar().showMessage(f"Automatisk gemning mislykkedes: {exc}", 8000)
            return False
        self._autosave_pending = False
        return True

    def offer_autosave_restore(self) -> bool:
        """Offer a leftover autosave (from a crash) for restore; return whether restored."""
        path = self.autosave_path()
        if not path.is_file():
            return False
        meta: dict[str, Any] = {}
        try:
            meta = json.loads((self._autosave_dir / AUTOSAVE_META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        saved = str(meta.get("saved", "")).replace("T", " kl. ")
        if not self._dialogs.ask_restore_autosave(self, saved or "før"):
            self._remove_autosave()
            return False
        try:
            letter = parse_draft(path.read_text(encoding="utf-8"))
        except (KKLetterError, OSError, UnicodeDecodeError) as exc:
            self._dialogs.show_error(self, f"Det automatisk gemte brev kan ikke læses: {exc}")
            return False
        original = Path(meta["path"]) if meta.get("path") else None
        restored = self.load_letter(letter, original, modified=True)
        if restored:
            self.statusBar().showMessage("Brevet er gendannet. Husk at gemme det.", 8000)
        return restored

    def _remove_autosave(self) -> None:
        for name in (AUTOSAVE_NAME, AUTOSAVE_META):
            (self._autosave_dir / name).unlink(missing_ok=True)

    # --- settings, title, close ------------------------------------------------

    def edit_settings(self) -> None:
        """Show the settings dialog and apply what changed."""
        if self._dialogs.edit_settings(self, self._preferences, self._catalogs):
            self._apply_autosave_interval()

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
        self._wait_for_conversion()
        self._window_state.save("geometry", self.saveGeometry())
        self._window_state.save("splitter", self.splitter.saveState())
        self._window_state.save("editor_splitter", self.editor_splitter.saveState())
        self._preferences.sync()
        self._autosave_timer.stop()
        self._remove_autosave()
        event.accept()

    def _show_about(self) -> None:
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

    def _on_editor_format_changed(self) -> None:
        self.heading_box.setCurrentIndex(min(3, self.editor.heading_level()))
        style = self.editor.list_style()
        self.bullet_action.setChecked(
            style is not None and style != QTextListFormat.Style.ListDecimal
        )
        self.number_action.setChecked(style == QTextListFormat.Style.ListDecimal)

    def _on_editor_current_char_format_changed(self, fmt: QTextCharFormat) -> None:
        self.bold_action.setChecked(fmt.fontWeight() >= QFont.Weight.DemiBold)
        self.italic_action.setChecked(fmt.fontItalic())
        self.underline_action.setChecked(fmt.fontUnderline())

    def _on_bold_triggered(self, checked: bool) -> None:
        self.editor.toggle_bold(checked)

    def _on_italic_triggered(self, checked: bool) -> None:
        self.editor.toggle_italic(checked)

    def _on_underline_triggered(self, checked: bool) -> None:
        self.editor.toggle_underline(checked)

    def _on_heading_box_activated(self, index: int) -> None:
        self.editor.set_heading(index)
        self.editor.setFocus()

    def _on_checks_finding_activated(self, finding: Finding) -> None:
        if finding.field == "body":
            where = self.editor.find_source_span(
                self._markdown, finding.line, finding.column, finding.length
            )
            if where is not None:
                self.editor.select_range(*where)
                return
            self.editor.setFocus()
            return
        if not self.form.focus_field(finding.field):
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

    def _on_conversion_finished(self) -> None:
        thread = self._conversion
        if thread is None:
            return
        self._conversion = None
        thread.wait()  # `finished` comes just before the thread ends; let it end first
        thread.deleteLater()
        self._set_busy(False)
        if thread.error is not None:
            self.statusBar().showMessage(
                f"PDF-filen blev ikke lavet; {thread.docx.name} er gemt.", 8000
            )
            self._dialogs.show_error(self, thread.error)
        else:
            self.statusBar().showMessage(f"Eksporterede {thread.pdf.name}.", 6000)
            self._after_export(thread.pdf)
        self.pdfExportFinished.emit(thread.error is None)

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
