"""Export the letter: DOCX at once, PDF in the background, then offer to open.

The PDF comes from the engine chosen in the settings: the built-in renderer (PDF/A +
PDF/UA, the pages the page view shows) or LibreOffice converting the DOCX.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.errors import KKLetterError, os_reason
from kkletter.filenames import output_stem
from kkletter.gui import settings as keys
from kkletter.gui.dialogs import Dialogs
from kkletter.gui.settings import Preferences
from kkletter.model import Letter

Writer = Callable[[LetterDocument, Path], None]
# (document, docx, pdf, engine) -> notes for the user (or anything else: no notes)
Converter = Callable[[LetterDocument, Path, Path, str], object]


def core_writer(document: LetterDocument, path: Path) -> None:
    """Write `document` as DOCX (python-docx is imported only now)."""
    from kkletter.docx.writer import write_docx

    write_docx(document, path)


def core_converter(document: LetterDocument, docx: Path, pdf: Path, engine: str) -> object:
    """Write `document`'s PDF at `pdf` with `engine` (LibreOffice converts `docx`)."""
    from kkletter.pdf import write_letter_pdf

    return write_letter_pdf(document, pdf, docx=docx, engine=engine)


class ConversionThread(QThread):
    """Run one DOCX -> PDF conversion off the GUI thread; read `error` once finished."""

    def __init__(
        self,
        convert: Converter,
        document: LetterDocument,
        docx: Path,
        pdf: Path,
        engine: str,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._convert = convert
        self._document = document
        self._engine = engine
        self.docx = docx
        self.pdf = pdf
        self.notes: tuple[str, ...] = ()
        # Stays set unless the conversion succeeds, so even a crash reports something.
        self.error: str | None = (
            f"PDF-filen {pdf.name} blev ikke lavet på grund af en intern fejl. "
            "DOCX-filen er gemt; prøv igen, eller gem den som PDF fra Word."
        )

    def run(self) -> None:
        """Convert `docx` to `pdf`; leave a Danish message in `error` if that fails."""
        try:
            result = self._convert(self._document, self.docx, self.pdf, self._engine)
        except KKLetterError as exc:
            self.error = str(exc)
        except OSError as exc:
            self.error = (
                f"PDF-filen {self.pdf.name} kunne ikke laves ({os_reason(exc)}). "
                "DOCX-filen er gemt."
            )
        else:
            self.error = None
            if isinstance(result, tuple):
                self.notes = tuple(str(note) for note in result)


class Exporter(QObject):
    """Ask where, write the DOCX, convert to PDF off the GUI thread, offer to open the file.

    `message` carries status-bar text (and how long to show it, in ms; 0: until replaced),
    `busyChanged` whether a PDF is being made, `pdfFinished` whether the PDF was written.
    """

    message = Signal(str, int)
    busyChanged = Signal(bool)  # noqa: N815 - Qt signal naming
    pdfFinished = Signal(bool)  # noqa: N815
    # (Letter, list[Path]) after every successful export: the letter register records it.
    exported = Signal(object, object)

    def __init__(
        self,
        *,
        window: QWidget,
        catalogs: Catalogs,
        preferences: Preferences,
        dialogs: Dialogs,
        writer: Writer,
        converter: Converter,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._catalogs = catalogs
        self._preferences = preferences
        self._dialogs = dialogs
        self._writer = writer
        self._converter = converter
        self._conversion: ConversionThread | None = None
        # Set by the letter register: the letter to write (e.g. unsigned until approved),
        # or None when the user chose not to export.
        self.prepare: Callable[[Letter, Catalogs], Letter | None] | None = None
        self._pdf_letter: Letter | None = None

    def set_catalogs(self, catalogs: Catalogs) -> None:
        """Compose with `catalogs` from now on (the library changed)."""
        self._catalogs = catalogs

    def export_docx(self, letter: Letter, draft: Path | None) -> bool:
        """Ask for a file name and write `letter` as DOCX; return whether it was written."""
        if self.prepare is not None:
            prepared = self.prepare(letter, self._catalogs)
            if prepared is None:
                return False
            letter = prepared
        proposed = self._folder(draft) / f"{output_stem(letter)}.docx"
        path = self._dialogs.export_path(self._window, proposed)
        if path is None or self._write_docx(letter, path, draft) is None:
            return False
        self.message.emit(f"Eksporterede {path.name}.", 6000)
        self.exported.emit(letter, [path])
        self._after_export(path)
        return True

    def export_pdf(self, letter: Letter, draft: Path | None) -> bool:
        """Write DOCX and start the PDF conversion; return whether it started.

        The DOCX is written next to the PDF (same name) and kept whatever happens to
        the conversion; `pdfFinished` tells when it is over.
        """
        if self._conversion is not None:
            self.message.emit("Der laves allerede en PDF; vent, til den er færdig.", 0)
            return False
        if self.prepare is not None:
            prepared = self.prepare(letter, self._catalogs)
            if prepared is None:
                return False
            letter = prepared
        self._pdf_letter = letter
        proposed = self._folder(draft) / f"{output_stem(letter)}.pdf"
        pdf = self._dialogs.export_pdf_path(self._window, proposed)
        if pdf is None:
            return False
        docx = pdf.with_suffix(".docx")
        document = self._write_docx(letter, docx, draft)
        if document is None:
            return False
        engine = self._preferences.get(keys.PDF_ENGINE)
        thread = ConversionThread(self._converter, document, docx, pdf, engine, self)
        thread.finished.connect(self._on_conversion_finished)
        self._conversion = thread
        self.busyChanged.emit(True)
        self.message.emit(f"Gemte {docx.name}; laver {pdf.name} …", 0)
        thread.start()
        return True

    def is_converting(self) -> bool:
        """Return whether a PDF conversion is running."""
        return self._conversion is not None

    def wait(self) -> None:
        """Let a running conversion finish (it has its own timeout) and report it now."""
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

    def _write_docx(
        self, letter: Letter, path: Path, draft: Path | None = None
    ) -> LetterDocument | None:
        """Write `letter` as DOCX at `path`; return its document (None: the error is shown).

        The letter's own draft and signature image are never overwritten (issue 8).
        """
        from kkletter.safefile import check_target

        inputs = [p for p in (draft, letter.signer.signature) if p is not None]
        try:
            check_target(path, inputs=inputs)
            document = compose_letter(letter, self._catalogs)
            self._writer(document, path)
        except KKLetterError as exc:
            self._dialogs.show_error(self._window, str(exc))
            return None
        self._preferences.set(keys.LAST_EXPORT_FOLDER, str(path.parent))
        return document

    def _after_export(self, path: Path) -> None:
        answer = self._dialogs.after_export(self._window, path)
        if answer == "document":
            self._dialogs.open_url(path)
        elif answer == "folder":
            self._dialogs.open_url(path.parent)

    def _folder(self, draft: Path | None) -> Path:
        for candidate in (
            self._preferences.get(keys.LAST_EXPORT_FOLDER),
            self._preferences.get(keys.OUTPUT_FOLDER),
        ):
            if candidate and Path(candidate).is_dir():
                return Path(candidate)
        return draft.parent if draft is not None else Path.home()

    def _on_conversion_finished(self) -> None:
        thread = self._conversion
        if thread is None:
            return
        self._conversion = None
        thread.wait()  # `finished` comes just before the thread ends; let it end first
        thread.deleteLater()
        self.busyChanged.emit(False)
        if thread.error is not None:
            self.message.emit(f"PDF-filen blev ikke lavet; {thread.docx.name} er gemt.", 8000)
            self._dialogs.show_error(self._window, thread.error)
        else:
            notes = "".join(f" Bemærk: {note}" for note in thread.notes)
            self.message.emit(f"Eksporterede {thread.pdf.name}.{notes}", 12000 if notes else 6000)
            if self._pdf_letter is not None:
                self.exported.emit(self._pdf_letter, [thread.docx, thread.pdf])
            self._after_export(thread.pdf)
        self.pdfFinished.emit(thread.error is None)
