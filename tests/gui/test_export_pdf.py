"""Eksportér PDF: DOCX first, then the conversion off the GUI thread with a busy bar."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kkletter.compose import LetterDocument
from kkletter.errors import ConversionError
from kkletter.gui import settings as keys
from kkletter.gui.main_window import MainWindow
from kkletter.gui.settings import Preferences
from kkletter.pdf import find_soffice

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

SEED = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "004-brev-dok.toml"

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class FakeConverter:
    """Write a tiny PDF (or fail) once `release` is set; record the threads it ran on."""

    def __init__(self, error: str | None = None, *, wait: bool = False) -> None:
        self.error = error
        self.release = threading.Event()
        if not wait:
            self.release.set()
        self.calls: list[tuple[Path, Path]] = []
        self.threads: list[threading.Thread] = []
        self.engines: list[str] = []

    def __call__(self, document: LetterDocument, docx: Path, pdf: Path, engine: str) -> Path:
        self.calls.append((docx, pdf))
        self.engines.append(engine)
        self.threads.append(threading.current_thread())
        assert docx.is_file()
        if not self.release.wait(10):
            raise ConversionError("Testen glemte at slippe konverteringen.")
        if self.error is not None:
            raise ConversionError(self.error)
        pdf.write_bytes(b"%PDF-1.7\n%fake\n")
        return pdf


def test_pdf_export_writes_the_docx_then_converts_off_the_gui_thread(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    converter = FakeConverter(wait=True)
    window = make_window(converter=converter)
    window.show()
    assert window.open_path(SEED)
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    assert window.export_pdf()
    assert "export-pdf-as:2016-0318694.pdf" in dialogs.asked
    assert (tmp_path / "brev.docx").is_file()
    # While LibreOffice works the window answers: the busy bar shows, typing still works.
    assert window.is_converting()
    assert window.busy_bar.isVisible()
    assert not window.act.export_pdf.isEnabled()
    assert not window.act.export_docx.isEnabled()
    window.editor.set_markdown("Skrevet mens PDF-filen laves.\n")
    window.refresh()
    assert "Skrevet mens PDF-filen laves." in window.preview.plain_text()
    with qtbot.waitSignal(window.pdfExportFinished, timeout=10_000) as finished:
        converter.release.set()
    assert finished.args == [True]
    assert converter.calls == [(tmp_path / "brev.docx", tmp_path / "brev.pdf")]
    assert converter.threads[0] is not threading.main_thread()
    assert converter.engines == ["typst"]  # the built-in renderer by default
    assert (tmp_path / "brev.pdf").read_bytes().startswith(b"%PDF")
    assert dialogs.exported == [tmp_path / "brev.pdf"]
    assert dialogs.errors == []
    assert not window.is_converting()
    assert not window.busy_bar.isVisible()
    assert window.act.export_pdf.isEnabled()


def test_a_failed_conversion_shows_the_danish_message_and_keeps_the_docx(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    message = "LibreOffice blev ikke fundet, så PDF-filen kunne ikke laves."
    window = make_window(converter=FakeConverter(message))
    assert window.open_path(SEED)
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    with qtbot.waitSignal(window.pdfExportFinished, timeout=10_000) as finished:
        assert window.export_pdf()
    assert finished.args == [False]
    assert dialogs.errors == [message]
    assert dialogs.exported == []
    assert (tmp_path / "brev.docx").is_file()
    assert not (tmp_path / "brev.pdf").exists()
    assert not window.is_converting()
    assert window.act.export_pdf.isEnabled()


def test_missing_libreoffice_gives_the_core_message(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    from kkletter.pdf import convert_to_pdf

    def without_soffice(document: LetterDocument, docx: Path, pdf: Path, engine: str) -> Path:
        return convert_to_pdf(docx, pdf, finder=lambda: None)

    window = make_window(converter=without_soffice)
    assert window.open_path(SEED)
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    with qtbot.waitSignal(window.pdfExportFinished, timeout=10_000):
        assert window.export_pdf()
    assert len(dialogs.errors) == 1
    assert dialogs.errors[0].startswith("LibreOffice blev ikke fundet")
    assert "DOCX-filen er gemt" in dialogs.errors[0]
    assert (tmp_path / "brev.docx").is_file()


def test_pdf_export_with_open_errors_asks_first(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    converter = FakeConverter()
    window = make_window(converter=converter)
    window.editor.set_markdown("Et fejlord.\n")
    dialogs.export_anyway = False
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    assert not window.export_pdf()
    assert "export-anyway:1" in dialogs.asked
    assert not any(a.startswith("export-pdf-as") for a in dialogs.asked)
    assert converter.calls == []
    assert not (tmp_path / "brev.docx").exists()


def test_pdf_export_with_errors_goes_on_when_the_user_says_so(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window(converter=FakeConverter())
    window.editor.set_markdown("Et fejlord.\n")
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    with qtbot.waitSignal(window.pdfExportFinished, timeout=10_000):
        assert window.export_pdf()
    assert "export-anyway:1" in dialogs.asked
    assert (tmp_path / "brev.pdf").is_file()


def test_cancelling_the_pdf_file_dialog_writes_nothing(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    converter = FakeConverter()
    window = make_window(converter=converter)
    dialogs.export_pdf_to = None
    assert not window.export_pdf()
    assert converter.calls == []
    assert not window.is_converting()


def test_closing_the_window_waits_for_a_running_conversion(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    converter = FakeConverter(wait=True)
    window = make_window(converter=converter)
    assert window.open_path(SEED)
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    assert window.export_pdf()
    threading.Timer(0.2, converter.release.set).start()
    assert window.close()
    assert not window.is_converting()
    assert (tmp_path / "brev.pdf").is_file()
    assert dialogs.exported == [tmp_path / "brev.pdf"]


@pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) not found: the real PDF conversion is not tested",
)
def test_real_pdf_export_with_libreoffice(
    qtbot: QtBot,
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
    dialogs: FakeDialogs,
    settings_store: QSettings,
) -> None:
    from pypdf import PdfReader

    Preferences(settings_store).set(keys.PDF_ENGINE, "libreoffice")
    window = make_window()
    assert window.open_path(SEED)
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    with qtbot.waitSignal(window.pdfExportFinished, timeout=180_000) as finished:
        assert window.export_pdf()
    assert finished.args == [True], dialogs.errors
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "brev.pdf").pages)
    words = " ".join(text.split())
    assert "Tak for invitationen til dialog og samarbejde." in words, words[:600]
    assert (tmp_path / "brev.docx").is_file()


def test_real_pdf_export_with_the_built_in_engine_needs_no_libreoffice(
    qtbot: QtBot,
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
    dialogs: FakeDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("kkletter.pdf.libreoffice.soffice_candidates", lambda: [])
    window = make_window()
    assert window.open_path(SEED)
    dialogs.export_pdf_to = tmp_path / "brev.pdf"
    with qtbot.waitSignal(window.pdfExportFinished, timeout=30_000) as finished:
        assert window.export_pdf()
    assert finished.args == [True], dialogs.errors
    reader = PdfReader(tmp_path / "brev.pdf")
    root: Any = reader.trailer["/Root"]
    xmp = bytes(root["/Metadata"].get_object().get_data()).decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    words = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Tak for invitationen til dialog og samarbejde." in words
    # The page view shows the same pages the export wrote.
    qtbot.waitUntil(lambda: window.preview.is_current() and window.preview.page_count() > 0)
    assert window.preview.page_count() == len(reader.pages)
