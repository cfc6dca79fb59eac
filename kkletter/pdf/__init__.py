"""Make PDF files of letters: natively with Typst, or from the DOCX with LibreOffice.

`kkletter.pdf.native` draws the composed letter (the same `LetterDocument` the DOCX
writer draws) as a PDF/A-2a + PDF/UA-1 file with embedded fonts, in-process, in
milliseconds, on any machine. `kkletter.pdf.libreoffice` converts the exact DOCX
with headless LibreOffice, for those who want Word's layout engine's view of it.
"""

from __future__ import annotations

from kkletter.pdf.libreoffice import convert_many, convert_to_pdf, find_soffice, soffice_candidates

ENGINES = ("typst", "libreoffice")
DEFAULT_ENGINE = "typst"

__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "convert_many",
    "convert_to_pdf",
    "find_soffice",
    "soffice_candidates",
]
