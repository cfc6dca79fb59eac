"""The main window's files: drafts, export, mail merge, autosave and recent files.

`FileWindowBase` is the second layer of `MainWindow` (kkletter.gui.main_window).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMenu

from kkletter.drafts import load_draft, save_draft
from kkletter.errors import KKLetterError, os_reason
from kkletter.filenames import output_stem
from kkletter.gui import settings as keys
from kkletter.gui.autosave import Autosave
from kkletter.gui.export import Exporter
from kkletter.gui.window_letter import LetterWindowBase
from kkletter.model import Letter

if TYPE_CHECKING:
    from kkletter.gui.window_hooks import MergeDialogFactory


class FileWindowBase(LetterWindowBase):
    """Open, save, export, merge and autosave the window's letter."""

    mergeDialogOpened = Signal(object)  # noqa: N815 - the merge dialog (the register listens)

    # Set up by MainWindow.__init__.
    _autosave: Autosave
    _exporter: Exporter
    _merge_dialog: MergeDialogFactory
    recent_menu: QMenu

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

    # --- recent files ----------------------------------------------------------

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
