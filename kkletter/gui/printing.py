"""Print the letter's exact pages: the page images the PDF export and the page view use."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from kkletter.compose import LetterDocument
from kkletter.errors import ConversionError

PRINT_PPI = 300.0
# The page renderer: document, ppi -> PNG pages. The default is the native PDF renderer.
PageRender = Callable[[LetterDocument, float], Sequence[bytes]]


def render_print_pages(document: LetterDocument, ppi: float = PRINT_PPI) -> Sequence[bytes]:
    """Return `document`'s pages as PNG images at `ppi` (Typst, as for the PDF)."""
    from kkletter.pdf.native import render_pages

    return render_pages(document, ppi=ppi).pages


def a4_printer() -> QPrinter:
    """Return a high-resolution printer set to A4 portrait without margins of its own."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the page images carry the letter's own margins
    printer.setDocName("Brev")
    return printer


def print_pages(printer: QPrinter, pages: Sequence[bytes]) -> int:
    """Print `pages` (PNG images of whole A4 pages) on `printer`; return pages printed.

    The printer's page range (from the print dialog) is honoured; each image fills
    the paper, keeping its proportions.
    """
    first, last = printer.fromPage(), printer.toPage()
    chosen = [
        (number, png)
        for number, png in enumerate(pages, start=1)
        if not first or first <= number <= (last or len(pages))
    ]
    if not chosen:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise ConversionError(
            "Printeren kunne ikke startes. Tjek, at den er tændt og valgt rigtigt, og prøv igen."
        )
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for index, (_number, png) in enumerate(chosen):
            if index and not printer.newPage():
                raise ConversionError("Printeren stoppede midt i brevet. Prøv igen.")
            image = QImage.fromData(png)
            size = QSizeF(image.size()).scaled(
                QSizeF(paper.size()), Qt.AspectRatioMode.KeepAspectRatio
            )
            target = QRectF(0, 0, size.width(), size.height())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(chosen)
