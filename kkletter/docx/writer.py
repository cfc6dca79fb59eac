"""Draw a composed letter as a DOCX file with the Københavns Kommune layout.

Page 1 opens the body with the letterhead (top left); the case block and contact column
sit in a page-anchored text box right of the text, anchored in the letterhead's last
paragraph. Both are body content, not header content, because a tagged PDF treats
header content as an artifact that screen readers skip: this way the sender, the date
and the case numbers are read first, in the order letterhead, case block, contact,
recipient, body. Page 1's header is empty; pages 2+ show "Side X af Y" in their header
(a pagination artifact). The body is real Word structure: Heading styles, list styles
with restarted numbering, tables with repeated header rows (a small paragraph keeps
adjacent tables apart), right-to-left paragraphs marked `w:bidi`. Every size, spacing
and length comes from `kkletter.layout`, the layout the PDF renderer draws too. This
module decides what goes where; the OOXML that python-docx has no API for (or builds
slowly) lives in `kkletter.docx._xml` (elements) and `kkletter.docx._parts` (the
package and its fixed parts).

Speed: the base parts (styles, numbering, headers) are prepared once per process and
each letter draws on deep copies of them (`_xml.LetterPackage`), so letters never share
state; a letter takes a few milliseconds (`python -m benchmarks.bench_render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Twips
from docx.text.parfmt import ParagraphFormat

from kkletter.compose import LetterDocument, Letterhead
from kkletter.docx import _xml
from kkletter.errors import ResourceError
from kkletter.images import read_image
from kkletter.layout import LAYOUT, MM_PER_PT, column_widths, is_right_to_left, pt_to_twips
from kkletter.logos import logo_png
from kkletter.markup import Block, Heading, ListBlock, PageBreak, Paragraph, Span, Table
from kkletter.model import Logo
from kkletter.safefile import write_file as write_atomic

SIGNATURE_WIDTH = Mm(LAYOUT.signature_width_mm)
# The text box's alternative text. A PDF export turns the box into a figure that needs
# one; the column's text itself follows as tagged paragraphs, so the alternative text
# only names the group instead of repeating it to a screen reader.
COLUMN_ALT_TEXT = "Sagsoplysninger og kontaktoplysninger"
_MAX_LIST_STYLE_LEVEL = 3  # "List Bullet 3" is the deepest list style; deeper lists indent more
_MAX_LIST_LEVEL = 8
# Spacing in twips (twentieths of a point), from the one layout.
_LETTERHEAD_GAP = pt_to_twips(LAYOUT.letterhead_gap_pt)
_RECIPIENT_GAP = pt_to_twips(LAYOUT.recipient_gap_pt)
_SIGNATURE_GAP = pt_to_twips(LAYOUT.signature_gap_pt)
_BLOCK_GAP = pt_to_twips(LAYOUT.body.after_pt)
_TEXT_WIDTH_PT = LAYOUT.page.text_width_mm / MM_PER_PT


def write_docx(document: LetterDocument, path: Path) -> None:
    """Write `document` to `path` atomically; an existing file stays intact on error."""
    write_atomic(path, docx_bytes(document))


def docx_bytes(document: LetterDocument) -> bytes:
    """Return `document` drawn as the bytes of a DOCX file.

    Raise `ResourceError` when the signature image is missing or not an image.
    """
    signature = _read_signature(document.signature)
    package = _xml.LetterPackage()
    _write_logo(package, document.letterhead.logo)
    _write_letterhead(package.body, document.letterhead)
    body = _Flow(package, package.body)
    _write_opening(body, document)
    _write_blocks(body, document.body, depth=0)
    _write_closing(body, document, signature)
    _xml.ensure_final_paragraph(package.body)
    props = document.properties
    core = _xml.core_properties_xml(
        title=props.title,
        author=props.author,
        subject=props.subject,
        keywords=props.keywords,
        language=props.language,
        created=props.created,
    )
    return package.to_bytes(core, props.custom)


def _read_signature(path: Path | None) -> bytes | None:
    # kkletter.images refuses devices, FIFOs, huge files and non-images (issue 8).
    return None if path is None else read_image(path, what="Underskriftsbilledet")


# --- page 1: letterhead and right-hand column -----------------------------------------


def _write_logo(package: _xml.LetterPackage, logo: Logo | None) -> None:
    """Open the body with the unit's logo (a picture with alternative text), if any."""
    if logo is None:
        return
    data = logo_png(logo)  # an SVG logo arrives rendered to PNG
    try:
        inline = package.add_picture(data, Mm(logo.width_mm))
    except Exception as exc:  # any image parser failure means: not a usable image
        raise ResourceError(
            f"Logoet {logo.path} er ikke et billede, Word kan vise. Brug en PNG- eller SVG-fil.",
            path=logo.path,
        ) from exc
    _xml.set_alt_text(inline, logo.alt)
    p = _xml.add_paragraph(package.body, "Brevhoved", space_after=pt_to_twips(LAYOUT.logo_gap_pt))
    ParagraphFormat(p).alignment = (
        WD_ALIGN_PARAGRAPH.RIGHT if logo.place == "right" else WD_ALIGN_PARAGRAPH.LEFT
    )
    _xml.add_drawing(p, inline)


def _write_letterhead(body: BaseOxmlElement, letterhead: Letterhead) -> None:
    """Open the `body` with the letterhead lines and the right-hand column."""
    lines = letterhead.lines or (("", False),)
    for index, (text, bold) in enumerate(lines):
        last = index == len(lines) - 1
        p = _xml.add_paragraph(body, "Brevhoved", space_after=_LETTERHEAD_GAP if last else None)
        _xml.add_run(p, text, bold=bold)
    # The column's text box is anchored in the last letterhead paragraph, so the
    # letter reads (in Word and in LibreOffice's PDF structure tree): letterhead, case
    # block, contact column, recipient.
    if letterhead.column:
        box = _xml.add_text_box(p, "Kontaktkolonne", COLUMN_ALT_TEXT)
        for group in letterhead.column:
            for index, text in enumerate(group.lines):
                gap = pt_to_twips(group.space_before_pt) if index == 0 else None
                line = _xml.add_paragraph(box, "Kontaktkolonne", space_before=gap or None)
                _xml.add_run(line, text, bold=group.bold)
        _xml.ensure_final_paragraph(box)
        _xml.add_text_box_fallback(box)


# --- body -----------------------------------------------------------------------------


@dataclass
class _Flow:
    """Where blocks go: the document body or one table cell (`parent`)."""

    package: _xml.LetterPackage
    parent: BaseOxmlElement
    in_body: bool = True
    last: CT_P | None = None  # the paragraph added last
    gap_before_next: int | None = None  # spacing for the next paragraph (after a table)

    def paragraph(
        self,
        style: str = "",
        *,
        keep_next: bool = False,
        numbering: tuple[int, int] | None = None,
        space_before: int | None = None,
        space_after: int | None = None,
        bidi: bool = False,
    ) -> CT_P:
        """Append a paragraph to this flow and return it."""
        if space_before is None:
            space_before = self.gap_before_next
        self.gap_before_next = None
        self.last = _xml.add_paragraph(
            self.parent,
            style,
            keep_next=keep_next,
            numbering=numbering,
            space_before=space_before,
            space_after=space_after,
            bidi=bidi,
        )
        return self.last


def _write_opening(flow: _Flow, document: LetterDocument) -> None:
    recipient = [line for line in document.recipient if line]
    for index, line in enumerate(recipient):
        last = index == len(recipient) - 1
        p = flow.paragraph("Modtager", space_after=_RECIPIENT_GAP if last else None)
        _xml.add_run(p, line)
    if document.document_type:
        _xml.add_run(flow.paragraph("Title"), document.document_type)
    if document.subject:
        p = flow.paragraph("Heading 1", bidi=is_right_to_left(document.subject))
        _xml.add_run(p, document.subject)
    if document.salutation:
        p = flow.paragraph(bidi=is_right_to_left(document.salutation))
        _xml.add_run(p, document.salutation)


def _write_closing(flow: _Flow, document: LetterDocument, signature: bytes | None) -> None:
    closing = document.closing
    if closing:
        _xml.add_run(flow.paragraph(keep_next=True), closing)
    if signature is not None:
        try:
            inline = flow.package.add_picture(signature, SIGNATURE_WIDTH)
        except Exception as exc:  # any image parser failure means: not a usable image
            raise ResourceError(
                f"Underskriftsbilledet {document.signature} er ikke et billede, Word kan vise. "
                "Brug en PNG- eller JPEG-fil.",
                path=document.signature,
            ) from exc
        _xml.set_alt_text(inline, document.signature_alt)
        _xml.add_drawing(flow.paragraph("Underskriver", keep_next=True), inline)
    lines = [line for line in (document.signer_name, document.signer_title) if line]
    for index, text in enumerate(lines):
        gap = _SIGNATURE_GAP if index == 0 and signature is None and closing else None
        last = index == len(lines) - 1
        _xml.add_run(flow.paragraph("Underskriver", keep_next=not last, space_before=gap), text)


def _write_blocks(flow: _Flow, blocks: Sequence[Block], depth: int) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _add_spans(flow.paragraph(bidi=is_right_to_left(block.text)), block.spans)
        elif isinstance(block, Heading):
            level = min(max(block.level, 1), 6)
            p = flow.paragraph(f"Heading {level}", bidi=is_right_to_left(block.text))
            if block.number:
                _xml.add_run(p, f"{block.number} ")
            _add_spans(p, block.spans)
        elif isinstance(block, ListBlock):
            _write_list(flow, block, depth)
            if depth == 0 and flow.in_body and flow.last is not None:
                # List items sit close together; the list as a whole is spaced like a
                # paragraph from what follows.
                ParagraphFormat(flow.last).space_after = Twips(_BLOCK_GAP)
        elif isinstance(block, Table):
            _write_table(flow, block)
            if flow.in_body:
                flow.gap_before_next = _BLOCK_GAP
        elif isinstance(block, PageBreak):
            _xml.add_page_break(flow.paragraph())


def _list_style(kind: str, depth: int) -> str:
    level = min(depth, _MAX_LIST_STYLE_LEVEL - 1)
    return f"{kind} {level + 1}" if level else kind


def _write_list(flow: _Flow, block: ListBlock, depth: int) -> None:
    """Write `block` as list paragraphs; a numbered list restarts at its own start."""
    if block.ordered:
        num_id = _xml.new_numbering(flow.package.numbering, block.start)
        style = _list_style("List Number", depth)
    else:
        num_id = _xml.BULLET_NUM_ID
        style = _list_style("List Bullet", depth)
    level = min(depth, _MAX_LIST_LEVEL)
    for item in block.items:
        numbered = False
        for inner in item.blocks:
            if isinstance(inner, Paragraph | Heading):
                bidi = is_right_to_left(inner.text)
                if numbered:
                    p = flow.paragraph(_list_style("List Continue", depth), bidi=bidi)
                else:
                    p = flow.paragraph(style, numbering=(num_id, level), bidi=bidi)
                    numbered = True
                if isinstance(inner, Heading) and inner.number:
                    _xml.add_run(p, f"{inner.number} ")
                _add_spans(p, inner.spans)
            elif isinstance(inner, ListBlock):
                _write_list(flow, inner, depth + 1)
            else:
                _write_blocks(flow, (inner,), depth + 1)


def _write_table(flow: _Flow, block: Table) -> None:
    """Write `block` as a bordered table whose header rows repeat on each page.

    A table that directly follows another gets a small paragraph in between: without
    it Word and LibreOffice join the two into one table.
    """
    columns = block.columns
    if not block.rows or not columns:
        return
    if _xml.ends_with_table(flow.parent):
        _xml.add_table_separator(flow.parent, space_before=flow.gap_before_next)
        flow.gap_before_next = None
    widths = [pt_to_twips(width) for width in column_widths(block, _TEXT_WIDTH_PT)]
    widths[-1] += _xml.TEXT_WIDTH - sum(widths)
    rows = _xml.add_table(
        flow.parent, len(block.rows), columns, widths=widths, header_rows=block.header_rows
    )
    for index, (row, (_, cells)) in enumerate(zip(block.rows, rows, strict=True)):
        header = index < block.header_rows
        for cell, tc in zip(row.cells, cells, strict=False):
            blocks = _bold_blocks(cell.blocks) if header else cell.blocks
            _write_blocks(_Flow(flow.package, tc, in_body=False), blocks, depth=0)
        for tc in cells:
            _xml.ensure_final_paragraph(tc)


def _bold_blocks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Return `blocks` with every paragraph's spans bold (header cells)."""
    return tuple(
        Paragraph(tuple(_bold(span) for span in block.spans), block.line)
        if isinstance(block, Paragraph)
        else block
        for block in blocks
    )


def _bold(span: Span) -> Span:
    return Span(span.text, True, span.italic, span.underline)


def _add_spans(p: CT_P, spans: Sequence[Span]) -> None:
    for span in spans:
        if span.text:
            _xml.add_run(p, span.text, bold=span.bold, italic=span.italic, underline=span.underline)
