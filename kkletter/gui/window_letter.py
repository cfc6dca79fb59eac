"""The main window's letter: showing it, composing the preview, checks and their findings.

`LetterWindowBase` is the first layer of `MainWindow` (kkletter.gui.main_window), which
builds the widgets and state declared here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.errors import KKLetterError, TemplateError
from kkletter.gui import settings as keys
from kkletter.gui.checks_panel import ChecksPanel
from kkletter.gui.dialogs import Dialogs
from kkletter.gui.editor import BodyEditor, Mark
from kkletter.gui.letter_form import LetterForm
from kkletter.gui.preview import PreviewPane
from kkletter.gui.settings import Preferences
from kkletter.model import Letter, Signer
from kkletter.templating import TemplateSpec, get_template

if TYPE_CHECKING:
    from kkletter.checks.findings import Finding
    from kkletter.gui.window_hooks import Checker, Fixer

UNTITLED = "Unavngivet brev"
# The preview and the checks follow the text once typing pauses this long...
REFRESH_MS = 70
# ...or twice as long as the last refresh took, up to this: a refresh of a very long
# letter takes seconds on the GUI thread, and typing must not stall after every key.
MAX_REFRESH_MS = 3000


def refresh_interval(last_refresh_seconds: float) -> int:
    """Return the pause (ms) after which the next refresh runs, given the last one's time."""
    return max(REFRESH_MS, min(MAX_REFRESH_MS, int(2000 * last_refresh_seconds)))


class LetterWindowBase(QMainWindow):
    """Show one letter in the form and the editor; preview and check it."""

    # Set up by MainWindow.__init__.
    _catalogs: Catalogs
    _preferences: Preferences
    _dialogs: Dialogs
    _checker: Checker
    _fixer: Fixer
    _today: Callable[[], dt.date]
    _path: Path | None
    _spec: TemplateSpec | None
    _loading: bool
    _autosave_pending: bool
    _markdown: str
    _findings: list[Finding]
    _document: LetterDocument | None
    _defer_refresh: bool
    _refresh_timer: QTimer
    form: LetterForm
    editor: BodyEditor
    checks: ChecksPanel
    preview: PreviewPane

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
        started = time.perf_counter()
        self._refresh_now()
        self._refresh_timer.setInterval(refresh_interval(time.perf_counter() - started))

    def _refresh_now(self) -> None:
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

    def _display_name(self) -> str:
        return self._path.name if self._path is not None else UNTITLED

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._display_name()}[*] – kkletter")

    def _set_modified(self, modified: bool) -> None:
        self.setWindowModified(modified)
        self._autosave_pending = modified

    # --- findings ----------------------------------------------------------------

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
