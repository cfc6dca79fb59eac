"""Draw a composed letter as a PDF/A-2a + PDF/UA-1 file (or page images) with Typst.

The letter goes to Typst as data: `letter_inputs` turns the `LetterDocument` into JSON
that a fixed layout file (`resources/typst/letter.typ`) reads through `sys.inputs`, with
the numbers of `kkletter.layout`. User text is never spliced into Typst markup, so
nothing a user types can change the layout or reach Typst as code.

The PDF is tagged (structure tree, headings, lists, tables with repeated header rows,
the signature's alternative text), `/Lang da-DK`, titled with the letter's title, and
embeds the fonts shipped with kkletter (Liberation Sans, DejaVu Sans as fallback). A
character those fonts lack is drawn as U+FFFD and reported in `notes`, never left as
an empty box. Typst's own messages never reach the user: a failure is a Danish
`ConversionError` (or a `ResourceError` naming a broken signature image).

The page view renders the same input to PNG pages (`render_pages`), so it shows
exactly the pages "Eksportér PDF" writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import typst

from kkletter._data import data_dir
from kkletter.compose import LetterDocument
from kkletter.errors import ConversionError, ResourceError
from kkletter.layout import (
    DESCENT,
    LAYOUT,
    LINE_HEIGHT,
    MM_PER_PT,
    column_widths,
    is_right_to_left,
)
from kkletter.markup import (
    Block,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Span,
    Table,
    iter_paragraphs,
)
from kkletter.pdf.fonts import REPLACEMENT, font_folder, missing_characters
from kkletter.safefile import write_file as write_atomic

PDF_STANDARDS: list[typst.PDFStandard] = ["a-2a", "ua-1"]
_TEXT_WIDTH_PT = LAYOUT.page.text_width_mm / MM_PER_PT
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendered:
    """A rendered letter: the PDF bytes (or PNG pages) and notes for the user."""

    pdf: bytes = b""
    pages: tuple[bytes, ...] = ()
    notes: tuple[str, ...] = ()


def layout_file() -> Path:
    """Return the Typst layout file shipped with kkletter."""
    return data_dir("resources") / "typst" / "letter.typ"


@cache
def _layout_json() -> str:
    data: dict[str, Any] = dataclasses.asdict(LAYOUT)
    data["line_height"] = LINE_HEIGHT
    data["descent"] = DESCENT
    return json.dumps(data)


class _Typst:
    """One Typst compiler per process: the fonts are loaded once, calls are serialised."""

    def __init__(self) -> None:
        self.source = layout_file().read_bytes()
        # The layout source is passed to each compilation, with that letter's root.
        self.compiler = typst.Compiler(font_paths=[font_folder()], ignore_system_fonts=True)
        self.lock = threading.Lock()


@cache
def _typst() -> _Typst:
    return _Typst()


def render_pdf(document: LetterDocument) -> Rendered:
    """Return `document` as PDF/A-2a + PDF/UA-1 bytes, with notes about replaced characters.

    Raise `ResourceError` for a missing or broken signature image and
    `ConversionError` when Typst fails.
    """
    inputs, root, notes = letter_inputs(document)
    timestamp = _timestamp(document.properties.created)
    data = _compile(document, inputs, root, fmt="pdf", timestamp=timestamp)
    assert isinstance(data, bytes)
    return Rendered(pdf=data, notes=notes)


def render_pages(document: LetterDocument, *, ppi: float = 96.0) -> Rendered:
    """Return `document`'s pages as PNG images at `ppi`: the pages `render_pdf` writes."""
    inputs, root, notes = letter_inputs(document)
    data = _compile(document, inputs, root, fmt="png", ppi=ppi)
    pages = tuple(data) if isinstance(data, list) else (data,)
    return Rendered(pages=pages, notes=notes)


def write_pdf(document: LetterDocument, path: Path) -> tuple[str, ...]:
    """Write `document` as a PDF to `path` atomically; return the notes for the user."""
    rendered = render_pdf(document)
    write_atomic(path, rendered.pdf)
    return rendered.notes


def _timestamp(created: dt.datetime) -> int:
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return int(created.timestamp())


def _compile(
    document: LetterDocument,
    inputs: dict[str, str],
    root: Path,
    *,
    fmt: typst.OutputFormat,
    ppi: float | None = None,
    timestamp: int | None = None,
) -> bytes | list[bytes]:
    engine = _typst()
    try:
        with engine.lock:
            result = engine.compiler.compile(
                input=engine.source,
                format=fmt,
                ppi=ppi,
                sys_inputs=inputs,
                pdf_standards=PDF_STANDARDS if fmt == "pdf" else [],
                root=root,
                timestamp=timestamp,
            )
    except typst.TypstError as exc:
        # For developers only (logging is silent unless configured): never shown to users.
        _log.debug("Typst failed: %s %s %s", exc.message, exc.hints, exc.trace)
        signature = document.signature
        if signature is not None and ("image" in exc.message or "decode" in exc.message):
            raise ResourceError(
                f"Underskriftsbilledet {signature} kan ikke vises i PDF'en. "
                "Brug en PNG- eller JPEG-fil.",
                path=signature,
            ) from None
        raise ConversionError(
            "PDF'en kunne ikke laves på grund af en fejl i kkletters sidelayout. "
            "Prøv PDF-motoren LibreOffice, og meld fejlen til support."
        ) from None
    if result is None:
        raise ConversionError("PDF'en kunne ikke laves: Typst gav intet resultat.")
    return result


def typst_compile(
    source: bytes,
    *,
    root: Path,
    inputs: dict[str, str],
    fmt: typst.OutputFormat,
    ppi: float | None = None,
) -> bytes | list[bytes]:
    """Compile a small Typst `source` with the shared compiler (the logo's SVG to PNG).

    Raise `ResourceError` when Typst fails: the only files such a source reads are images.
    """
    engine = _typst()
    try:
        with engine.lock:
            result = engine.compiler.compile(
                input=source, format=fmt, ppi=ppi, sys_inputs=inputs, root=root
            )
    except typst.TypstError as exc:
        _log.warning("Typst failed: %s %s", exc.message, exc.hints)
        raise ResourceError(f"Billedet kunne ikke tegnes: {exc.message}", path=root) from None
    if result is None:
        raise ResourceError("Billedet kunne ikke tegnes.", path=root)
    return result


def letter_inputs(document: LetterDocument) -> tuple[dict[str, str], Path, tuple[str, ...]]:
    """Return Typst's `sys.inputs` for `document`, the root folder and notes for the user.

    The root is the signature image's folder (Typst reads files only below its root),
    else the layout file's folder.
    """
    root = layout_file().parent
    signature: dict[str, str] | None = None
    head = document.letterhead
    images: list[Path] = []
    if document.signature is not None:
        images.append(_check_signature(document.signature))
    if head.logo is not None:
        from kkletter.logos import check_logo, logo_png

        images.append(check_logo(head.logo))
        # A broken SVG fails here with a message about the logo, not deep in the layout;
        # the PNG is cached, so the page view pays for it once per version of the file.
        logo_png(head.logo)
    if images:
        # Typst reads files only below its root: the images' common folder.
        root = Path(os.path.commonpath([image.parent for image in images]))
    if document.signature is not None:
        signature = {"path": _below(images[0], root), "alt": document.signature_alt}
    logo: dict[str, Any] | None = None
    if head.logo is not None:
        logo = {
            "path": _below(images[-1], root),
            "alt": head.logo.alt,
            "width_mm": head.logo.width_mm,
            "place": head.logo.place,
        }
    letter: dict[str, Any] = {
        "title": document.properties.title,
        "author": document.properties.author,
        "keywords": [word for word in document.properties.keywords.split(", ") if word],
        "letterhead": {
            "logo": logo,
            "lines": [{"text": text, "bold": bold} for text, bold in head.lines],
            "column": [
                {"lines": list(g.lines), "space_before_pt": g.space_before_pt, "bold": g.bold}
                for g in head.column
            ],
        },
        "recipient": list(document.recipient),
        "document_type": document.document_type,
        "subject": document.subject,
        "subject_rtl": is_right_to_left(document.subject),
        "salutation": document.salutation,
        "salutation_rtl": is_right_to_left(document.salutation),
        "body": _Blocks(first_heading_level=2 if document.subject else 1).convert(document.body),
        "closing": document.closing,
        "signature": signature,
        "signer": [line for line in (document.signer_name, document.signer_title) if line],
    }
    letter, notes = _replace_missing(letter)
    inputs = {"letter": json.dumps(letter, ensure_ascii=False), "layout": _layout_json()}
    return inputs, root, notes


def _below(path: Path, root: Path) -> str:
    """Return `path` as Typst names a file below `root` ("/images/logo.svg")."""
    return "/" + path.relative_to(root).as_posix()


def _check_signature(path: Path) -> Path:
    """Return `path` resolved; raise a Danish `ResourceError` if it is not a usable image."""
    from docx.image.image import Image  # the DOCX writer's image check: one rule for both

    from kkletter.images import read_image

    # Devices, FIFOs, huge files and non-images are refused before anything is parsed.
    data = read_image(path, what="Underskriftsbilledet")
    try:
        Image.from_blob(data)
    except Exception as exc:  # any image parser failure means: not a usable image
        raise ResourceError(
            f"Underskriftsbilledet {path} er ikke et billede, der kan vises. "
            "Brug en PNG- eller JPEG-fil.",
            path=path,
        ) from exc
    return path.resolve()


def _spans(spans: Sequence[Span]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = []
    for span in spans:
        item: dict[str, Any] = {"t": span.text}
        if span.bold:
            item["b"] = True
        if span.italic:
            item["i"] = True
        if span.underline:
            item["u"] = True
        result.append(item)
    return result


class _Blocks:
    """Convert blocks to the layout file's data, numbering heading tags as PDF/UA wants.

    PDF/UA-1 requires the first heading to be H1 and no level to be skipped; a body may
    start at "##" or jump from "#" to "###". Each heading keeps the look of its own
    level and is tagged at most one level below the heading before it (the subject is
    H1 when there is one).
    """

    def __init__(self, first_heading_level: int) -> None:
        self.deepest_allowed = first_heading_level

    def convert(self, blocks: Sequence[Block]) -> list[dict[str, Any]]:
        return [self.block(block) for block in blocks]

    def block(self, block: Block) -> dict[str, Any]:
        if isinstance(block, Paragraph):
            return {
                "kind": "p",
                "spans": _spans(block.spans),
                "rtl": is_right_to_left(block.text),
            }
        if isinstance(block, Heading):
            if not block.text.strip():
                # An empty heading ("#" alone) is an empty line of its size: PDF/UA-1
                # forbids a heading without text.
                return {"kind": "heading", "level": block.level, "tag_level": 0, "spans": []}
            tag_level = min(max(block.level, 1), self.deepest_allowed, 6)
            self.deepest_allowed = tag_level + 1
            return {
                "kind": "heading",
                "level": block.level,
                "tag_level": tag_level,
                "number": block.number,
                "spans": _spans(block.spans),
                "rtl": is_right_to_left(block.text),
            }
        if isinstance(block, ListBlock):
            first = (
                next(iter(iter_paragraphs(block.items[0].blocks)), None) if block.items else None
            )
            return {
                "kind": "list",
                "ordered": block.ordered,
                "start": block.start,
                "items": [self.convert(item.blocks) for item in block.items],
                # A list whose first item is right-to-left puts its markers on the right.
                "rtl": first is not None and is_right_to_left(first.text),
            }
        if isinstance(block, Table):
            columns = block.columns
            rows = [
                [self.convert(cell.blocks) for cell in row.cells]
                + [[] for _ in range(columns - len(row.cells))]
                for row in block.rows
            ]
            return {
                "kind": "table",
                "widths": column_widths(block, _TEXT_WIDTH_PT),
                "header_rows": block.header_rows,
                "rows": rows,
            }
        assert isinstance(block, PageBreak)
        return {"kind": "pagebreak"}


def _replace_missing(letter: dict[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Replace characters no shipped font has with U+FFFD; return one note per character."""
    text = json.dumps(letter, ensure_ascii=False)
    missing = missing_characters(text)
    if not missing:
        return letter, ()
    notes = tuple(
        f"Tegnet «{char}» (U+{ord(char):04X}) findes ikke i PDF'ens skrifttyper og er vist "
        f"som «{REPLACEMENT}». Brug et andet tegn, eller lav PDF'en med LibreOffice."
        for char in missing
    )
    return _replace(letter, set(missing)), notes


def _replace(value: Any, missing: set[str]) -> Any:
    if isinstance(value, str):
        return "".join(REPLACEMENT if char in missing else char for char in value)
    if isinstance(value, list):
        return [_replace(item, missing) for item in value]
    if isinstance(value, dict):
        return {
            key: item if key == "path" else _replace(item, missing) for key, item in value.items()
        }
    return value
