"""Make PDF files of letters: natively with Typst, or from the DOCX with LibreOffice.

`kkletter.pdf.native` draws the composed letter (the same `LetterDocument` the DOCX
writer draws) as a PDF/A-2a + PDF/UA-1 file with embedded fonts, in-process, in
milliseconds, on any machine; it is the default engine. `kkletter.pdf.libreoffice`
converts the exact DOCX with headless LibreOffice (`--pdf-engine libreoffice`).
"""

from __future__ import annotations

from pathlib import Path

from kkletter.compose import LetterDocument
from kkletter.errors import ConversionError, KKLetterError
from kkletter.pdf.libreoffice import convert_many, convert_to_pdf, find_soffice, soffice_candidates

TYPST = "typst"
LIBREOFFICE = "libreoffice"
ENGINES = (TYPST, LIBREOFFICE)
DEFAULT_ENGINE = TYPST
ENGINE_NAMES = {TYPST: "Indbygget (PDF/A + PDF/UA)", LIBREOFFICE: "LibreOffice (fra DOCX-filen)"}


def write_letter_pdf(
    document: LetterDocument, pdf: Path, *, docx: Path, engine: str = DEFAULT_ENGINE
) -> tuple[str, ...]:
    """Write `document` as a PDF at `pdf` with `engine`; return notes for the user.

    `docx` is the letter's DOCX, already written: LibreOffice converts it, and every
    error message says it is kept. Raise `ConversionError` (or `ResourceError`) with a
    Danish message when the PDF cannot be made; no half PDF is ever left behind.
    """
    if engine == LIBREOFFICE:
        convert_to_pdf(docx, pdf)
        return ()
    if engine != TYPST:
        raise ConversionError(
            f"Ukendt PDF-motor '{engine}'. Vælg en af: {', '.join(ENGINES)}.", path=pdf
        )
    try:
        from kkletter.pdf.native import write_pdf
    except ImportError as exc:  # a platform without a typst wheel
        raise ConversionError(
            "Den indbyggede PDF-motor (typst) er ikke installeret, så PDF-filen blev ikke "
            f"lavet. DOCX-filen {docx.name} er gemt. Installér kkletter igen, eller vælg "
            "PDF-motoren LibreOffice (--pdf-engine libreoffice).",
            path=pdf,
        ) from exc
    try:
        return write_pdf(document, pdf)
    except KKLetterError as exc:
        raise type(exc)(f"{exc} DOCX-filen {docx.name} er gemt.", path=exc.path) from exc


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "ENGINE_NAMES",
    "LIBREOFFICE",
    "TYPST",
    "convert_many",
    "convert_to_pdf",
    "find_soffice",
    "soffice_candidates",
    "write_letter_pdf",
]
