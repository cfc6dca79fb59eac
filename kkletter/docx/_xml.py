"""Build the raw OOXML elements of a letter that python-docx has no fast API for.

The writer speaks in layout terms and python-docx's element classes; whatever
python-docx has no API for, or builds too slowly for a 5 ms letter, lives here:
paragraphs and runs built from parsed prototypes, the page-anchored text box of the
right-hand column with its `mc:Fallback`, tables parsed from one string with
repeat-as-header rows, the paragraph that keeps adjacent tables apart, restarted
numbered lists and picture alt text. The package and its fixed parts are in
`kkletter.docx._parts` (re-exported here for the writer).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from functools import lru_cache
from typing import cast
from xml.sax.saxutils import escape

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.shape import CT_Inline
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement

from kkletter.docx._parts import (
    _W,
    BULLET_NUM_ID,
    COLUMN_WIDTH,
    COLUMN_X,
    COLUMN_Y,
    NUMBER_ABSTRACT_ID,
    TEXT_WIDTH,
    LetterPackage,
    core_properties_xml,
)
from kkletter.layout import LAYOUT

__all__ = [
    "BULLET_NUM_ID",
    "TEXT_WIDTH",
    "LetterPackage",
    "core_properties_xml",
]

# Style ids of the base package by UI name.
STYLE_IDS = {
    "Normal": "Normal",
    "Title": "Title",
    **{f"Heading {n}": f"Heading{n}" for n in range(1, 7)},
    **{
        name: name.replace(" ", "")
        for name in (
            "List Bullet",
            "List Bullet 2",
            "List Bullet 3",
            "List Number",
            "List Number 2",
            "List Number 3",
            "List Continue",
            "List Continue 2",
            "List Continue 3",
        )
    },
    "Brevhoved": "Brevhoved",
    "Kontaktkolonne": "Kontaktkolonne",
    "Modtager": "Modtager",
    "Underskriver": "Underskriver",
}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_EMU_PER_TWIP = 635
_COLUMN_HEIGHT = 7938  # 14 cm; the box grows to fit its text (spAutoFit) and has no fill
_TEXT_BOX_ID = 4000  # docPr ids must be unique; python-docx numbers pictures from 1
_TEXT_BOX = (
    '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    f' xmlns:w="{_W}"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0"'
    ' simplePos="0" relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1"'
    ' allowOverlap="1"><wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="page"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="page"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="{id}" name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
    'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0"'
    ' y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
    "</a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr><wps:txbx><w:txbxContent/>"
    '</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0"'
    ' bIns="0" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp></a:graphicData>'
    "</a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent>"
)


_SECT_PR = qn("w:sectPr")
_P = qn("w:p")
_TBL = qn("w:tbl")


def _append(parent: BaseOxmlElement, element: BaseOxmlElement) -> None:
    """Append `element` to `parent`'s content: before the body's final `sectPr`, if any."""
    last = _last_child(parent)
    if last is not None and last.tag == _SECT_PR:
        last.addprevious(element)
    else:
        parent.append(element)


def _last_child(parent: BaseOxmlElement) -> BaseOxmlElement | None:
    """Return `parent`'s last child, or None.

    lxml's `len()` counts the children one by one, so `len(parent)` before every append
    made a body of n paragraphs cost n² (100,000 paragraphs took minutes); `parent[-1]`
    looks at the end only.
    """
    try:
        return cast(BaseOxmlElement, parent[-1])
    except IndexError:
        return None


def _last_content(parent: BaseOxmlElement) -> BaseOxmlElement | None:
    """Return `parent`'s last child that is not the body's `sectPr`."""
    last = _last_child(parent)
    if last is None:
        return None
    if last.tag == _SECT_PR:
        previous = last.getprevious()
        return cast(BaseOxmlElement, previous) if previous is not None else None
    return last


@lru_cache(maxsize=256)
def _paragraph_prototype(
    style: str,
    keep_next: bool,
    numbering: tuple[int, int] | None,
    space_before: int | None,
    space_after: int | None,
    bidi: bool,
) -> CT_P:
    # Never mutated: `add_paragraph` hands out deep copies. Building paragraphs from
    # parsed prototypes is ten times faster than python-docx's generic element API.
    ppr = f'<w:pStyle w:val="{STYLE_IDS[style]}"/>' if style and style != "Normal" else ""
    ppr += "<w:keepNext/>" if keep_next else ""
    if numbering is not None:
        num_id, level = numbering
        ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ppr += "<w:bidi/>" if bidi else ""
    if space_before is not None or space_after is not None:
        before = "" if space_before is None else f' w:before="{space_before}"'
        after = "" if space_after is None else f' w:after="{space_after}"'
        ppr += f"<w:spacing{before}{after}/>"
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    element = parse_xml(f'<w:p xmlns:w="{_W}">{ppr}</w:p>')
    assert isinstance(element, CT_P)
    return element


def add_paragraph(
    parent: BaseOxmlElement,
    style: str = "",
    *,
    keep_next: bool = False,
    numbering: tuple[int, int] | None = None,
    space_before: int | None = None,
    space_after: int | None = None,
    bidi: bool = False,
) -> CT_P:
    """Append a paragraph with `style` and the given formats to `parent`; return it.

    `numbering` is (numId, level); spacing is in twips; `bidi` marks a right-to-left
    paragraph. In a document body the paragraph goes before the `sectPr`.
    """
    # lxml's __copy__ copies the whole subtree, without copy.deepcopy's dispatch.
    p: CT_P = _paragraph_prototype(
        style, keep_next, numbering, space_before, space_after, bidi
    ).__copy__()
    _append(parent, p)
    return p


@lru_cache(maxsize=16)
def _run_prototype(bold: bool, italic: bool, underline: bool, with_text: bool) -> CT_R:
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr += '<w:u w:val="single"/>' if underline else ""
    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    text = '<w:t xml:space="preserve"/>' if with_text else ""
    element = parse_xml(f'<w:r xmlns:w="{_W}">{rpr}{text}</w:r>')
    assert isinstance(element, CT_R)
    return element


def add_run(
    p: CT_P, text: str, *, bold: bool = False, italic: bool = False, underline: bool = False
) -> CT_R:
    """Append a run of `text` to paragraph `p`; "\n" becomes a line break, "\t" a tab."""
    if "\n" not in text and "\t" not in text:
        # The common case: one copied run whose w:t takes the text.
        r: CT_R = _run_prototype(bold, italic, underline, True).__copy__()
        r[-1].text = text
        p.append(r)
        return r
    r = _run_prototype(bold, italic, underline, False).__copy__()
    for index, line in enumerate(text.split("\n")):
        if index:
            r.append(OxmlElement("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                r.append(OxmlElement("w:tab"))
            if part:
                t = OxmlElement("w:t", attrs={_XML_SPACE: "preserve"})
                t.text = part
                r.append(t)
    p.append(r)
    return r


def add_text_box(
    p: CT_P,
    name: str,
    description: str,
    *,
    x: int = COLUMN_X,
    y: int = COLUMN_Y,
    width: int = COLUMN_WIDTH,
    height: int = _COLUMN_HEIGHT,
) -> BaseOxmlElement:
    """Anchor a borderless text box to the page at (`x`, `y`) twips in paragraph `p`.

    Return its `w:txbxContent`, to which paragraphs are added. `description` is the
    box's alternative text (PDF export turns the box into a figure that needs one).
    The box floats (no text wraps around it) and grows to fit its text. Anchored in a
    body paragraph, the box's paragraphs are read (and tagged in LibreOffice's PDF
    export) right after that paragraph's text. A `w:framePr` frame would avoid the
    figure, but LibreOffice 7.4 anchors a frame to the paragraph after it, so its text
    would be read inside the recipient's first line; in a header it is not placed
    right either.
    """
    xml = _TEXT_BOX.format(
        x=x * _EMU_PER_TWIP,
        y=y * _EMU_PER_TWIP,
        cx=width * _EMU_PER_TWIP,
        cy=height * _EMU_PER_TWIP,
        id=_TEXT_BOX_ID,
        name=escape(name, {'"': "&quot;"}),
        descr=escape(description, {'"': "&quot;", "\n": "&#10;"}),
    )
    r = OxmlElement("w:r")
    r.append(parse_xml(xml))
    p.append(r)
    # python-docx has no element class for w:txbxContent; it is a plain lxml element
    # with the same tree API.
    return cast(BaseOxmlElement, r.find(f".//{qn('w:txbxContent')}"))


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_VML = "urn:schemas-microsoft-com:vml"
_TWIPS_PER_PT = 20


def add_text_box_fallback(content: BaseOxmlElement) -> None:
    """Give the text box holding `content` an `mc:Fallback`: the same text in a VML box.

    Readers that do not understand `wps` shapes (Word 2007, mammoth, archive
    converters) use the fallback, so they keep the date and the case numbers. Call it
    once the box's paragraphs are written: the fallback is a copy of them.
    """
    choice = content
    while choice.tag != f"{{{_MC}}}Choice":
        parent = choice.getparent()
        if parent is None:
            raise ValueError("content is not inside an mc:Choice")
        choice = parent
    x, y = COLUMN_X / _TWIPS_PER_PT, COLUMN_Y / _TWIPS_PER_PT
    width, height = COLUMN_WIDTH / _TWIPS_PER_PT, _COLUMN_HEIGHT / _TWIPS_PER_PT
    style = (
        f"position:absolute;margin-left:{x}pt;margin-top:{y}pt;width:{width}pt;height:{height}pt;"
        "z-index:251659264;mso-position-horizontal-relative:page;"
        "mso-position-vertical-relative:page;mso-wrap-style:square"
    )
    fallback = parse_xml(
        f'<mc:Fallback xmlns:mc="{_MC}" xmlns:w="{_W}" xmlns:v="{_VML}"><w:pict>'
        f'<v:shape id="Kontaktkolonne" style="{style}" stroked="f" filled="f"'
        ' o:spid="_x0000_s4000" xmlns:o="urn:schemas-microsoft-com:office:office">'
        '<v:textbox style="mso-fit-shape-to-text:t" inset="0,0,0,0"/></v:shape></w:pict>'
        "</mc:Fallback>"
    )
    textbox = fallback.find(f".//{{{_VML}}}textbox")
    assert textbox is not None
    textbox.append(copy.deepcopy(content))
    choice.addnext(fallback)


def ends_with_table(parent: BaseOxmlElement) -> bool:
    """Return whether `parent`'s content (before any `sectPr`) ends with a table."""
    last = _last_content(parent)
    return last is not None and last.tag == _TBL


def add_table_separator(parent: BaseOxmlElement, *, space_before: int | None) -> CT_P:
    """Append the small paragraph that keeps a table apart from the one before it.

    Two `w:tbl` with nothing between them are one table to Word and LibreOffice: the
    second loses its own header row and borders. The paragraph is `table_gap_pt` high.
    """
    height = round(LAYOUT.table_gap_pt * _TWIPS_PER_PT)
    before = f' w:before="{space_before}"' if space_before else ' w:before="0"'
    p = parse_xml(
        f'<w:p xmlns:w="{_W}"><w:pPr><w:spacing{before} w:after="0" w:line="{height}"'
        ' w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>'
    )
    assert isinstance(p, CT_P)
    _append(parent, p)
    return p


def ensure_final_paragraph(parent: BaseOxmlElement) -> None:
    """Add an empty paragraph unless `parent`'s content (before any `sectPr`) ends with one.

    Word requires a table cell, a text box and the document body to end with a paragraph.
    """
    last = _last_content(parent)
    if last is None or last.tag != _P:
        add_paragraph(parent)


def add_drawing(p: CT_P, inline: CT_Inline) -> None:
    """Append a run holding the inline picture `inline` to paragraph `p`."""
    r = OxmlElement("w:r")
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    r.append(drawing)
    p.append(r)


def add_page_break(p: CT_P) -> None:
    """Append a run holding a page break to paragraph `p`."""
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br", attrs={qn("w:type"): "page"}))
    p.append(r)


def add_table(
    parent: BaseOxmlElement,
    rows: int,
    columns: int,
    *,
    widths: Sequence[int] | None = None,
    header_rows: int = 0,
    style: str = "Table Grid",
) -> list[tuple[CT_Row, list[CT_Tc]]]:
    """Append a table of `rows` x `columns` spanning the text width to `parent`.

    `widths` are the column widths in twips (default: equal columns); the first
    `header_rows` rows repeat on every page and never split. Return the rows as
    (row, cells); the cells are empty, ready for their paragraphs. The table is
    parsed from one string: python-docx's element API takes ten times as long.
    """
    if widths is None:
        widths = [TEXT_WIDTH // columns] * columns
        widths[-1] += TEXT_WIDTH - sum(widths)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr></w:tc>' for width in widths
    )
    header = f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"
    body = f"<w:tr>{cells}</w:tr>"
    header_count = min(header_rows, rows)
    tbl = parse_xml(
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="{style.replace(" ", "")}"/>'
        f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:tblLook w:firstColumn="1" w:firstRow="1"'
        ' w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        + header * header_count
        + body * (rows - header_count)
        + "</w:tbl>"
    )
    assert isinstance(tbl, CT_Tbl)
    _append(parent, tbl)
    return [(tr, list(tr.tc_lst)) for tr in tbl.tr_lst]


def new_numbering(numbering: BaseOxmlElement, start: int) -> int:
    """Add a numbering instance of the numbered list definition restarting at `start`."""
    num_ids = [int(num.get(qn("w:numId"))) for num in numbering.findall(qn("w:num"))]
    num_id = max(num_ids, default=0) + 1
    num = OxmlElement("w:num", attrs={qn("w:numId"): str(num_id)})
    num.append(OxmlElement("w:abstractNumId", attrs={qn("w:val"): str(NUMBER_ABSTRACT_ID)}))
    # Restarting every level makes each list count from its own start.
    for level in range(9):
        override = OxmlElement("w:lvlOverride", attrs={qn("w:ilvl"): str(level)})
        value = start if level == 0 else 1
        override.append(OxmlElement("w:startOverride", attrs={qn("w:val"): str(value)}))
        num.append(override)
    numbering.append(num)
    return num_id


def set_alt_text(inline: CT_Inline, text: str) -> None:
    """Set the alternative text (`wp:docPr/@descr`) of picture `inline`."""
    inline.docPr.set("descr", text)
    inline.docPr.set("title", text)
