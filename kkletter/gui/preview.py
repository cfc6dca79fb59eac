"""The page view: the letter's real pages, drawn by the PDF renderer, page after page.

The pages come from `kkletter.pdf.native.render_pages`, the renderer and input that
"Eksportér PDF" uses, so the view shows exactly the pages the PDF has: page breaks,
"Side X af Y", tables, fonts. Rendering (and decoding the page
images) runs on a worker thread (Typst releases the GIL), never on the GUI thread:
typing never waits for it. While one rendering runs, newer requests replace each
other; only the latest is rendered next. The GUI thread collects finished pages with
a short timer that runs only while a rendering is under way (no signals cross threads).

Zoom: 50-200 % (100 % is the page's real size on a 96 dpi screen), Ctrl+plus/minus,
Ctrl+wheel, and "Tilpas bredde", which follows the pane's width.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkletter.compose import LetterDocument
from kkletter.errors import KKLetterError
from kkletter.layout import LAYOUT
from kkletter.markup import block_text
from kkletter.preview_budget import preview_part

ZOOM_STEPS = (50, 67, 75, 90, 100, 110, 125, 150, 175, 200)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
SCREEN_PPI = 96.0
DESK_COLOUR = "#8d939a"
_PAGE_GAP = 16  # px between pages on the desk
_DESK_MARGIN = 16
_COLLECT_MS = 4  # how often finished pages are collected while a rendering runs


@dataclass(frozen=True)
class _Job:
    generation: int
    document: LetterDocument
    ppi: float


@dataclass(frozen=True)
class _Result:
    generation: int
    pages: tuple[bytes, ...]  # PNG
    error: str
    changed: tuple[bool, ...] = ()  # per page: differs from the previous result


class PageRenderer:
    """Render documents to page images on one worker thread, the latest request first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: _Job | None = None
        self._result: _Result | None = None
        self._wake = threading.Event()
        self._stopped = False
        # The last pages as PNG bytes: a page whose bytes did not change (a keystroke
        # changes one page, rarely all) is not decoded or drawn again.
        self._last: tuple[bytes, ...] = ()
        self._thread = threading.Thread(target=self._run, name="kkletter-pages", daemon=True)
        self._thread.start()

    def request(self, generation: int, document: LetterDocument, ppi: float) -> None:
        """Ask for `document`'s pages at `ppi`; an older request not yet started is dropped."""
        with self._lock:
            self._pending = _Job(generation, document, ppi)
        self._wake.set()

    def take_result(self) -> _Result | None:
        """Return the newest finished rendering once (None: nothing new)."""
        with self._lock:
            result, self._result = self._result, None
        return result

    def stop(self) -> None:
        """Stop the worker thread after the rendering it is doing."""
        self._stopped = True
        self._wake.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._stopped:
                return
            with self._lock:
                job, self._pending = self._pending, None
                self._wake.clear()
            if job is None:
                continue
            try:
                # Imported with the first job, not at start-up: the window shows first.
                from kkletter.pdf.native import render_pages

                pages = render_pages(job.document, ppi=job.ppi).pages
                result = self._compare(job.generation, pages)
            except KKLetterError as exc:
                result = _Result(job.generation, (), str(exc))
            except Exception as exc:  # a renderer bug must not kill the view's thread
                error = f"Siderne kunne ikke tegnes ({type(exc).__name__})."
                result = _Result(job.generation, (), error)
            with self._lock:
                self._result = result

    def _compare(self, generation: int, pages: tuple[bytes, ...]) -> _Result:
        last = self._last
        changed = tuple(
            index >= len(last) or last[index] != data for index, data in enumerate(pages)
        )
        self._last = pages
        return _Result(generation, pages, "", changed)


class PreviewPane(QWidget):
    """Show the letter's pages on a grey desk; a problem shows above the last good pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zoom = 100
        self._fit_width = True
        self._generation = 0
        self._shown_generation = 0
        self._document: LetterDocument | None = None
        self._drawn: LetterDocument | None = None  # the part of `_document` drawn
        self._shown_text = ""
        self._init_widgets()
        self._init_shortcuts()
        self.renderer = PageRenderer()
        self._collect = QTimer(self)
        self._collect.setInterval(_COLLECT_MS)
        self._collect.timeout.connect(self._on_collect_timeout)
        self.destroyed.connect(self.renderer.stop)

    # --- construction ----------------------------------------------------------

    def _init_widgets(self) -> None:
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(
            "background:#fdecea; color:#8a1c12; border:1px solid #e0a39c; padding:6px;"
        )
        self.message.hide()
        self.notice = QLabel(
            "Brevet er meget langt, så sidevisningen viser kun de første sider, og »Side x "
            "af y« tæller kun dem. Eksport og udskrift har hele brevet."
        )
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "background:#fff4ce; color:#4d3b00; border:1px solid #e0c46c; padding:6px;"
        )
        self.notice.hide()
        self.zoom_out_button = self._tool_button("−", "Zoom ud (Ctrl+minus)", self.zoom_out)
        self.zoom_in_button = self._tool_button("+", "Zoom ind (Ctrl+plus)", self.zoom_in)
        self.zoom_label = QLabel("100 %")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_button = self._tool_button("Tilpas bredde", "Tilpas siderne til bredden", None)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.toggled.connect(self._on_fit_button_toggled)
        self.pages_label = QLabel("")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            bar.addWidget(widget)
        bar.addWidget(self.fit_button)
        bar.addStretch(1)
        bar.addWidget(self.pages_label)
        self.desk = QWidget()
        self.desk.setObjectName("desk")
        self.desk.setStyleSheet(f"#desk {{ background: {DESK_COLOUR}; }}")
        self.desk_layout = QVBoxLayout(self.desk)
        self.desk_layout.setContentsMargins(*(_DESK_MARGIN,) * 4)
        self.desk_layout.setSpacing(_PAGE_GAP)
        self.desk_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.desk)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setStyleSheet(
            f"QScrollArea {{ background: {DESK_COLOUR}; border: none; }}"
        )
        self.scroll_area.setAccessibleName("Sidevisning")
        self.scroll_area.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        self.pages: list[QLabel] = []
        self._page_data: tuple[bytes, ...] = ()  # the pages as PNG, decoded near the view
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._show_visible)

    def _tool_button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        if callable(slot):
            button.clicked.connect(slot)
        return button

    def _init_shortcuts(self) -> None:
        for keys, slot in (
            ((QKeySequence.StandardKey.ZoomIn, "Ctrl+="), self.zoom_in),
            ((QKeySequence.StandardKey.ZoomOut,), self.zoom_out),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)

    # --- the public face the main window uses ----------------------------------

    def show_document(self, document: LetterDocument) -> None:
        """Render `document`'s pages in the background; keep the scroll position.

        A very long letter is drawn from its beginning only (`preview_part`), and a
        notice above the pages says so; export and printing have the whole letter.
        """
        self.message.hide()
        if document == self._document:
            return
        self._document = document
        part = preview_part(document)
        self._drawn = part.document
        self.notice.setVisible(not part.complete)
        self._shown_text = document_text(part.document)
        self._request()

    def clear(self) -> None:
        """Forget the shown pages (a different letter is loaded)."""
        self._document = None
        self._drawn = None
        self.notice.hide()
        self._generation += 1
        self._set_pages(())
        self._shown_text = ""
        self.message.hide()

    def show_error(self, message: str) -> None:
        """Show `message` above the last good pages."""
        self.message.setText(f"Forhåndsvisningen kan ikke opdateres: {message}")
        self.message.show()

    def error_text(self) -> str:
        """Return the shown problem, or "" when the preview is current."""
        return "" if self.message.isHidden() else self.message.text()

    def plain_text(self) -> str:
        """Return the text of the letter the pane shows (or is drawing right now)."""
        return self._shown_text

    def page_count(self) -> int:
        """Return the number of pages shown."""
        return len(self.pages)

    def is_current(self) -> bool:
        """Return whether the shown pages are those of the last document asked for."""
        return self._shown_generation == self._generation

    # --- zoom ------------------------------------------------------------------

    @property
    def zoom(self) -> int:
        """Return the zoom in percent (100: real size on a 96 dpi screen)."""
        return self._zoom

    def set_zoom(self, percent: int, *, fit_width: bool = False) -> None:
        """Zoom to `percent` (clamped to 50-200 %); a manual zoom ends "Tilpas bredde"."""
        percent = max(MIN_ZOOM, min(MAX_ZOOM, percent))
        self._fit_width = fit_width
        if self.fit_button.isChecked() != fit_width:
            self.fit_button.blockSignals(True)
            self.fit_button.setChecked(fit_width)
            self.fit_button.blockSignals(False)
        if percent == self._zoom:
            return
        self._zoom = percent
        self.zoom_label.setText(f"{percent} %")
        self._scale_shown_pages()
        self._request()

    def zoom_in(self) -> None:
        """Zoom to the next step up."""
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom), MAX_ZOOM))

    def zoom_out(self) -> None:
        """Zoom to the next step down."""
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom), MIN_ZOOM))

    def fit_width(self) -> None:
        """Zoom so a page fills the pane's width, and keep doing so when it resizes."""
        available = self.scroll_area.viewport().width() - 2 * _DESK_MARGIN
        page_px = LAYOUT.page.width_mm / 25.4 * SCREEN_PPI
        self.set_zoom(int(available / page_px * 100), fit_width=True)

    def _on_fit_button_toggled(self, checked: bool) -> None:
        if checked:
            self.fit_width()
        else:
            self._fit_width = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Zoom with Ctrl+wheel; follow the pane's width in "Tilpas bredde"."""
        if event.type() == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if event.angleDelta().y() > 0:
                    self.zoom_in()
                elif event.angleDelta().y() < 0:
                    self.zoom_out()
                return True
        elif event.type() == QEvent.Type.Resize:
            if self._fit_width:
                self.fit_width()
            self._show_visible()
        return super().eventFilter(watched, event)

    # --- rendering ---------------------------------------------------------------

    def _ppi(self) -> float:
        return SCREEN_PPI * self._zoom / 100 * self.devicePixelRatioF()

    def _request(self) -> None:
        if self._drawn is None:
            return
        self._generation += 1
        self.renderer.request(self._generation, self._drawn, self._ppi())
        self._collect.start()

    def _on_collect_timeout(self) -> None:
        result = self.renderer.take_result()
        if result is None:
            return
        if result.generation != self._generation:
            return  # a newer request is on its way
        self._collect.stop()
        if result.error:
            self._shown_generation = result.generation
            self.show_error(result.error)
            return
        self._shown_generation = result.generation
        self._set_pages(result.pages, result.changed)

    def _set_pages(self, pages: tuple[bytes, ...], changed: tuple[bool, ...] = ()) -> None:
        """Show `pages` (PNG); pages marked unchanged keep their pixmap.

        Only the pages on or near the screen are decoded (`_show_visible`): at 200 % on
        a high-resolution screen a page is 57 MB as an image, and an 8-page letter took
        1 GB when every page was kept decoded.
        """
        bar = self.scroll_area.verticalScrollBar()
        position = bar.value()
        while len(self.pages) > len(pages):
            label = self.pages.pop()
            self.desk_layout.removeWidget(label)
            label.hide()  # at once: deleteLater waits for the event loop
            label.deleteLater()
        while len(self.pages) < len(pages):
            label = QLabel()
            label.setStyleSheet("background: white;")
            label.setAccessibleName(f"Side {len(self.pages) + 1}")
            self.desk_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(label)
        ratio = self.devicePixelRatioF()
        for index, (label, data) in enumerate(zip(self.pages, pages, strict=True)):
            width, height = _png_size(data)
            label.setFixedSize(round(width / ratio), round(height / ratio))
            unchanged = index < len(changed) and not changed[index]
            if unchanged and not label.pixmap().isNull() and not label.hasScaledContents():
                continue
            label.clear()  # drawn again by _show_visible when it is on screen
            label.setScaledContents(False)
        self._page_data = pages
        count = len(pages)
        self.pages_label.setText(f"{count} side" if count == 1 else f"{count} sider")
        bar.setValue(position)
        self._show_visible()

    def _show_visible(self) -> None:
        """Decode the pages within a screen of the view; forget the pixmaps of the rest."""
        top = self.scroll_area.verticalScrollBar().value()
        screen = max(1, self.scroll_area.viewport().height())
        low, high = top - screen, top + 2 * screen
        ratio = self.devicePixelRatioF()
        y = _DESK_MARGIN  # the layout's own geometry lags behind a change of sizes
        for label, data in zip(self.pages, self._page_data, strict=False):
            near = y + label.height() >= low and y <= high
            y += label.height() + _PAGE_GAP
            if near and label.pixmap().isNull():
                pixmap = QPixmap()
                pixmap.loadFromData(data, "PNG")
                pixmap.setDevicePixelRatio(ratio)
                label.setPixmap(pixmap)
            elif not near and not label.pixmap().isNull():
                label.clear()

    def _scale_shown_pages(self) -> None:
        """Show the current pages at the new zoom at once; sharp ones follow."""
        for label in self.pages:
            pixmap = label.pixmap()
            if pixmap.isNull():
                continue
            width = LAYOUT.page.width_mm / 25.4 * SCREEN_PPI * self._zoom / 100
            height = LAYOUT.page.height_mm / 25.4 * SCREEN_PPI * self._zoom / 100
            label.setScaledContents(True)
            label.setFixedSize(int(width), int(height))


def document_text(document: LetterDocument) -> str:
    """Return the text of `document`, one line per paragraph, in reading order."""
    head = document.letterhead
    lines = [text for text, _ in head.lines]
    lines += [line for group in head.column for line in group.lines]
    lines += list(document.recipient)
    lines += [document.document_type, document.subject, document.salutation]
    lines += [block_text(block) for block in document.body]
    lines += [document.closing, document.signer_name, document.signer_title]
    return "\n".join(line for line in lines if line)


def _png_size(data: bytes) -> tuple[int, int]:
    """Return the width and height in pixels of PNG `data`, read from its header."""
    if data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    image = QImage.fromData(data)  # not a PNG Typst wrote: ask Qt
    return image.width(), image.height()
