"""The page view: real pages from the PDF renderer, zoom, and typing that never waits."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs, compose_letter
from kkletter.drafts import load_draft
from kkletter.gui.main_window import MainWindow
from kkletter.gui.preview import MAX_ZOOM, MIN_ZOOM, PreviewPane
from kkletter.pdf.native import render_pdf

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "drafts"

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _shown(qtbot: QtBot, pane: PreviewPane) -> None:
    qtbot.waitUntil(lambda: pane.is_current() and pane.page_count() > 0, timeout=10_000)


def test_the_view_shows_as_many_pages_as_the_pdf(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.resize(600, 800)
    for name in ("000-brev-udvalg", "003-bilag-integrationsindsats"):
        document = compose_letter(load_draft(SEEDS / f"{name}.toml"), Catalogs.shipped())
        pane.show_document(document)
        _shown(qtbot, pane)
        expected = len(PdfReader(io.BytesIO(render_pdf(document).pdf)).pages)
        assert expected > 1
        assert pane.page_count() == expected
        assert pane.pages_label.text() == f"{expected} sider"


def test_pages_are_white_sheets_of_a4_proportions_on_a_grey_desk(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.fit_button.setChecked(False)
    pane.set_zoom(100)
    pane.show_document(compose_letter(load_draft(SEEDS / "004-brev-dok.toml"), Catalogs.shipped()))
    _shown(qtbot, pane)
    page = pane.pages[0]
    width, height = page.width(), page.height()
    assert abs(width - 794) <= 2  # A4 at 96 dpi
    assert abs(height / width - 297 / 210) < 0.01
    image = page.pixmap().toImage()
    assert image.pixelColor(5, 5).name() == "#ffffff"  # the page's margin is white


def test_zoom_steps_clamp_to_50_and_200_percent(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.set_zoom(100)
    assert not pane.fit_button.isChecked()  # a manual zoom ends "Tilpas bredde"
    for _ in range(20):
        pane.zoom_in()
    assert pane.zoom == MAX_ZOOM
    assert pane.zoom_label.text() == "200 %"
    for _ in range(20):
        pane.zoom_out()
    assert pane.zoom == MIN_ZOOM
    pane.set_zoom(1000)
    assert pane.zoom == MAX_ZOOM


def test_ctrl_wheel_zooms_and_a_plain_wheel_scrolls(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.set_zoom(100)
    viewport = pane.scroll_area.viewport()

    def wheel(delta: int, modifiers: Qt.KeyboardModifier) -> None:
        event = QWheelEvent(
            QPointF(10, 10),
            QPointF(viewport.mapToGlobal(QPoint(10, 10))),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            modifiers,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(viewport, event)

    wheel(120, Qt.KeyboardModifier.ControlModifier)
    assert pane.zoom == 110
    wheel(-120, Qt.KeyboardModifier.ControlModifier)
    wheel(-120, Qt.KeyboardModifier.ControlModifier)
    assert pane.zoom == 90
    wheel(-120, Qt.KeyboardModifier.NoModifier)
    assert pane.zoom == 90


def test_ctrl_plus_and_minus_zoom_the_page_view_when_the_editor_has_no_focus(
    make_window: Callable[..., MainWindow],
) -> None:
    # In the window the Zoom actions (Ctrl+plus/minus, Ctrl+0) zoom the view with the
    # focus; the page view's own window-wide keys are switched off there, so the keys
    # are not ambiguous. Offscreen windows never become active, so the actions are
    # triggered as their shortcuts would.
    window = make_window()
    window.preview.set_zoom(100)
    assert not any(s.isEnabled() for s in window.preview.findChildren(QShortcut))
    assert QKeySequence(QKeySequence.StandardKey.ZoomIn) in window.act.zoom_in.shortcuts()
    window.act.zoom_in.trigger()
    assert window.preview.zoom == 110
    window.act.zoom_out.trigger()
    window.act.zoom_out.trigger()
    assert window.preview.zoom == 90
    window.act.zoom_reset.trigger()
    assert window.preview.zoom == 100


def test_a_pane_on_its_own_has_window_wide_zoom_keys(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.set_zoom(100)
    shortcuts = {
        s.key().toString(QKeySequence.SequenceFormat.PortableText): s
        for s in pane.findChildren(QShortcut)
    }
    assert set(shortcuts) == {"Ctrl++", "Ctrl+=", "Ctrl+-"}
    assert all(s.context() == Qt.ShortcutContext.WindowShortcut for s in shortcuts.values())
    shortcuts["Ctrl++"].activated.emit()
    assert pane.zoom == 110
    shortcuts["Ctrl+-"].activated.emit()
    assert pane.zoom == 100


def test_fit_width_follows_the_pane(qtbot: QtBot) -> None:
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.resize(500, 700)
    pane.show()
    qtbot.waitExposed(pane)
    pane.fit_button.setChecked(False)
    pane.set_zoom(200)
    pane.fit_button.setChecked(True)
    narrow = pane.zoom
    assert MIN_ZOOM <= narrow < 100
    pane.resize(1100, 700)
    qtbot.waitUntil(lambda: pane.zoom > narrow)
    assert pane.fit_button.isChecked()


def test_typing_updates_the_pages_without_waiting_for_them(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.show()
    assert window.open_path(SEEDS / "003-bilag-integrationsindsats.toml")
    window.refresh()
    _shown(qtbot, window.preview)
    before = window.preview.page_count()
    started = time.perf_counter()
    window.editor.set_markdown("Kort brev.\n")
    window.refresh()
    # The refresh hands the rendering to the worker: the GUI thread is back at once.
    assert time.perf_counter() - started < 0.5
    _shown(qtbot, window.preview)
    assert window.preview.page_count() < before
    assert "Kort brev." in window.preview.plain_text()


def test_a_broken_signature_shows_a_danish_message_over_the_last_pages(
    qtbot: QtBot, tmp_path: Path
) -> None:
    import dataclasses

    pane = PreviewPane()
    qtbot.addWidget(pane)
    document = compose_letter(load_draft(SEEDS / "004-brev-dok.toml"), Catalogs.shipped())
    pane.show_document(document)
    _shown(qtbot, pane)
    broken = tmp_path / "underskrift.png"
    broken.write_bytes(b"ikke et billede")
    pane.show_document(dataclasses.replace(document, signature=broken))
    qtbot.waitUntil(lambda: pane.error_text() != "", timeout=10_000)
    assert "underskrift.png" in pane.error_text()
    assert pane.page_count() == 1  # the last good page stays


def test_a_very_long_letter_is_drawn_from_its_beginning_and_the_view_says_so(
    qtbot: QtBot,
) -> None:
    # Issue 8: 250,000 list items were 5,089 pages, over a minute of Typst and 9 GB of
    # page images. The view draws about 50 pages and says that export has them all.
    letter = load_draft(SEEDS / "004-brev-dok.toml")
    items = "\n".join(f"- punkt {i}" for i in range(20_000))
    long = compose_letter(replace(letter, body=items), Catalogs.shipped())
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.show_document(long)
    assert pane.notice.isVisible()
    assert "Eksport og udskrift har hele brevet" in pane.notice.text()
    qtbot.waitUntil(lambda: pane.is_current() and pane.page_count() > 0, timeout=60_000)
    assert 20 <= pane.page_count() <= 80
    assert "punkt 0" in pane.plain_text()
    assert "punkt 19999" not in pane.plain_text()
    pane.show_document(compose_letter(letter, Catalogs.shipped()))
    assert not pane.notice.isVisible()
    _shown(qtbot, pane)


def test_only_the_pages_near_the_view_are_kept_decoded(qtbot: QtBot) -> None:
    # At 200 % on a high-resolution screen a page is a 57 MB image: an 8-page letter
    # kept 1 GB when every page stayed decoded. Pages far from the view keep their size
    # (the scroll bar is right) but not their pixels.
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.resize(600, 500)
    pane.show()
    pane.fit_button.setChecked(False)
    pane.set_zoom(100)
    document = compose_letter(
        load_draft(SEEDS / "003-bilag-integrationsindsats.toml"), Catalogs.shipped()
    )
    pane.show_document(document)
    _shown(qtbot, pane)
    count = pane.page_count()
    assert count >= 6

    def decoded() -> list[int]:
        return [i for i, page in enumerate(pane.pages) if not page.pixmap().isNull()]

    assert decoded()[0] == 0
    assert len(decoded()) < count
    assert all(abs(page.width() - 794) <= 2 for page in pane.pages)  # sized before drawn
    bar = pane.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > (count - 2) * 1000)  # the desk has grown
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: count - 1 in decoded(), timeout=5000)
    assert 0 not in decoded()
    last = pane.pages[-1].pixmap().toImage()
    assert last.pixelColor(5, 5).name() == "#ffffff"  # a real page, drawn
    bar.setValue(0)
    qtbot.waitUntil(lambda: 0 in decoded(), timeout=5000)
