"""Print the exact pages (Ctrl+P) and zoom the editor (Ctrl+plus/minus, Ctrl+wheel)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.drafts import load_draft
from kkletter.gui.main_window import MainWindow
from kkletter.gui.printing import a4_printer, print_pages, render_print_pages

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) reads the printed PDF")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SEED = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "004-brev-dok.toml"
CTRL = Qt.KeyboardModifier.ControlModifier
A4 = (595.0, 842.0)


def quick_pages(document: LetterDocument, _ppi: float) -> Sequence[bytes]:
    """Return the real pages at a low resolution (the same pages, printed faster)."""
    return render_print_pages(document, 60)


def pdf_pages(path: Path) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def test_ctrl_p_prints_as_many_a4_pages_as_the_pdf_has(
    qtbot: QtBot, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    from kkletter.pdf.native import render_pdf

    window = make_window(page_render=quick_pages)
    assert window.open_path(SEED)
    body = window.editor.markdown()
    window.editor.set_markdown("\n\n".join([body] * 4))  # three pages or more
    dialogs.print_to = tmp_path / "udskrift.pdf"
    assert window.print_letter()
    document = compose_letter(window.current_letter(), Catalogs.shipped())
    expected = len(pypdf.PdfReader(io.BytesIO(render_pdf(document).pdf)).pages)
    assert expected >= 3
    printed = pdf_pages(dialogs.print_to)
    assert len(printed) == expected
    assert f"print:{expected}" in dialogs.asked
    for width, height in printed:
        assert width == pytest.approx(A4[0], abs=2)
        assert height == pytest.approx(A4[1], abs=2)


def test_the_page_range_of_the_print_dialog_is_kept(qtbot: QtBot, tmp_path: Path) -> None:
    document = compose_letter(load_draft(SEED), Catalogs.shipped())
    pages = list(render_print_pages(document, 60)) * 3  # three pages
    printer = a4_printer()
    printer.setOutputFormat(printer.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "side2.pdf"))
    printer.setFromTo(2, 2)
    assert print_pages(printer, pages) == 1
    assert len(pdf_pages(tmp_path / "side2.pdf")) == 1


def test_cancelling_the_print_dialog_prints_nothing(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window(page_render=quick_pages)
    dialogs.print_to = None
    assert not window.print_letter()
    assert dialogs.errors == []


def test_ctrl_plus_and_the_wheel_zoom_the_editor_not_the_letter(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    assert window.open_path(SEED)
    before = window.editor.markdown()
    size = window.editor.document().defaultFont().pointSizeF()
    window.editor.setFocus()
    preview_zoom = window.preview.zoom
    qtbot.keyClick(window.editor, Qt.Key.Key_Plus, CTRL)  # type: ignore[no-untyped-call]
    assert window.editor.zoom() == 110
    assert window.editor.document().defaultFont().pointSizeF() == pytest.approx(size * 1.1)
    assert window.preview.zoom == preview_zoom  # the page view keeps its own zoom
    wheel = QWheelEvent(
        QPointF(20, 20),
        QPointF(window.editor.mapToGlobal(QPoint(20, 20))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(window.editor.viewport(), wheel)
    assert window.editor.zoom() == 100
    qtbot.keyClick(window.editor, Qt.Key.Key_Minus, CTRL)  # type: ignore[no-untyped-call]
    assert window.editor.zoom() == 90
    assert window.editor.markdown() == before
    assert not window.isWindowModified()
    window.act.zoom_reset.trigger()
    assert window.editor.zoom() == 100
    # Elsewhere in the window, the same keys zoom the page view.
    window.checks.tree.setFocus()
    qtbot.waitUntil(window.checks.tree.hasFocus, timeout=2000)
    window.preview.set_zoom(100)
    qtbot.keyClick(window.checks.tree, Qt.Key.Key_Plus, CTRL)  # type: ignore[no-untyped-call]
    assert window.preview.zoom == 110
    assert window.editor.zoom() == 100
