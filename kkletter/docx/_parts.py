"""Prepare the fixed parts of a letter's DOCX package and write the package.

`LetterPackage` holds one letter's parts: the document and (when a numbered list
needs it) the numbering are deep copies of base parts parsed once per process; the
static parts (styles with Danish language, numbering definitions, settings, `titlePg`,
an empty first-page header, the default header with PAGE/NUMPAGES fields, content
types, relationships) are deflated once per process. The page geometry and the styles
come from `kkletter.layout`. The element builders the writer uses per letter live in
`kkletter.docx._xml`.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import cast
from xml.sax.saxutils import escape, quoteattr

from docx.image.image import Image
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml.document import CT_Body, CT_Document
from docx.oxml.parser import parse_xml
from docx.oxml.shape import CT_Inline
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length

from kkletter.docx._zip import FAST, Entry, deflate, zip_bytes
from kkletter.layout import LAYOUT, Style, mm_to_twips, pt_to_twips

LANGUAGE = "da-DK"
FONT = LAYOUT.fonts.docx
BULLET_NUM_ID = 1
NUMBER_ABSTRACT_ID = 1

# Page geometry in twentieths of a point (twips), from the one layout: A4 with a wide
# right margin that leaves room for the contact column on page 1.
_PAGE = LAYOUT.page
PAGE_WIDTH = mm_to_twips(_PAGE.width_mm)
PAGE_HEIGHT = mm_to_twips(_PAGE.height_mm)
MARGIN_TOP = mm_to_twips(_PAGE.margin_top_mm)
MARGIN_BOTTOM = mm_to_twips(_PAGE.margin_bottom_mm)
MARGIN_LEFT = mm_to_twips(_PAGE.margin_left_mm)
MARGIN_RIGHT = mm_to_twips(_PAGE.margin_right_mm)
HEADER_DISTANCE = mm_to_twips(_PAGE.header_distance_mm)
COLUMN_X = mm_to_twips(_PAGE.column_x_mm)
COLUMN_Y = mm_to_twips(_PAGE.column_y_mm)
COLUMN_WIDTH = mm_to_twips(_PAGE.column_width_mm)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
_LIST_INDENT = pt_to_twips(LAYOUT.list_indent_pt)
_LIST_AFTER = pt_to_twips(LAYOUT.list_item_after_pt)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_RPR_DEFAULT = (
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    f'<w:sz w:val="{round(LAYOUT.body.size_pt * 2)}"/>'
    f'<w:szCs w:val="{round(LAYOUT.body.size_pt * 2)}"/><w:lang w:val="{LANGUAGE}"'
    f' w:eastAsia="{LANGUAGE}" w:bidi="ar-SA"/>'
)


def _spacing(style: Style, *, before: bool = True, after: bool = True) -> str:
    """Return `w:spacing` for `style`: line spacing as a multiple, space in twips."""
    attrs = f' w:before="{pt_to_twips(style.before_pt)}"' if before else ""
    attrs += f' w:after="{pt_to_twips(style.after_pt)}"' if after else ""
    return f'<w:spacing{attrs} w:line="{round(240 * style.line)}" w:lineRule="auto"/>'


def _rpr(style: Style) -> str:
    """Return the run properties of `style`: bold, capitals and size."""
    half_points = round(style.size_pt * 2)
    return (
        ("<w:b/><w:bCs/>" if style.bold else "")
        + ("<w:caps/>" if style.caps else "")
        + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    )


def _paragraph_style(
    style_id: str,
    name: str,
    *,
    ppr: str = "",
    rpr: str = "",
    based_on: str = "Normal",
    next_id: str = "",
    extra: str = "",
) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    following = f'<w:next w:val="{next_id}"/>' if next_id else ""
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}{following}{extra}<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _heading(level: int) -> str:
    style = LAYOUT.heading(level)
    return _paragraph_style(
        f"Heading{level}",
        f"heading {level}",
        next_id="Normal",
        extra="<w:uiPriority w:val='9'/><w:qFormat/>",
        ppr=f'<w:keepNext/><w:keepLines/>{_spacing(style)}<w:outlineLvl w:val="{level - 1}"/>',
        rpr=_rpr(style),
    )


def _list_style(style_id: str, name: str, num_id: int, level: int) -> str:
    left = _LIST_INDENT * (level + 1)
    return _paragraph_style(
        style_id,
        name,
        extra="<w:uiPriority w:val='99'/>",
        ppr=(
            f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
            f'<w:spacing w:after="{_LIST_AFTER}"/>'
            f'<w:ind w:left="{left}" w:hanging="{_LIST_INDENT}"/>'
        ),
    )


def _continue_style(style_id: str, name: str, level: int) -> str:
    return _paragraph_style(
        style_id,
        name,
        ppr=f'<w:spacing w:after="{_LIST_AFTER}"/><w:ind w:left="{_LIST_INDENT * (level + 1)}"/>',
    )


def _styles_xml() -> str:
    styles = [
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        f"<w:qFormat/><w:rPr>{_RPR_DEFAULT}</w:rPr></w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>",
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        "</w:style>",
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        _paragraph_style(
            "Title",
            "Title",
            next_id="Normal",
            extra="<w:uiPriority w:val='10'/><w:qFormat/>",
            ppr=f'<w:keepNext/>{_spacing(LAYOUT.title)}<w:outlineLvl w:val="0"/>',
            rpr=_rpr(LAYOUT.title),
        ),
        *(_heading(level) for level in range(1, 7)),
        _list_style("ListBullet", "List Bullet", BULLET_NUM_ID, 0),
        _list_style("ListBullet2", "List Bullet 2", BULLET_NUM_ID, 1),
        _list_style("ListBullet3", "List Bullet 3", BULLET_NUM_ID, 2),
        _list_style("ListNumber", "List Number", 2, 0),
        _list_style("ListNumber2", "List Number 2", 2, 1),
        _list_style("ListNumber3", "List Number 3", 2, 2),
        _continue_style("ListContinue", "List Continue", 0),
        _continue_style("ListContinue2", "List Continue 2", 1),
        _continue_style("ListContinue3", "List Continue 3", 2),
        _paragraph_style(
            "Header",
            "header",
            extra="<w:uiPriority w:val='99'/>",
            ppr=_spacing(LAYOUT.page_number),
            rpr=_rpr(LAYOUT.page_number),
        ),
        _paragraph_style(
            "Footer",
            "footer",
            extra="<w:uiPriority w:val='99'/>",
            ppr=_spacing(LAYOUT.page_number),
            rpr=_rpr(LAYOUT.page_number),
        ),
        # Letter-specific styles; their names are what a user sees in Word's style list.
        _paragraph_style(
            "Brevhoved",
            "Brevhoved",
            extra="<w:qFormat/>",
            ppr=_spacing(LAYOUT.letterhead),
            rpr=_rpr(LAYOUT.letterhead),
        ),
        _paragraph_style(
            "Kontaktkolonne",
            "Kontaktkolonne",
            extra="<w:qFormat/>",
            ppr=_spacing(LAYOUT.column),
            rpr=_rpr(LAYOUT.column),
        ),
        _paragraph_style(
            "Modtager",
            "Modtager",
            extra="<w:qFormat/>",
            ppr=_spacing(LAYOUT.recipient, before=False),
        ),
        _paragraph_style(
            "Underskriver",
            "Underskriver",
            extra="<w:qFormat/>",
            ppr=f"<w:keepNext/><w:keepLines/>{_spacing(LAYOUT.signer, before=False)}",
        ),
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:pPr>{_spacing(LAYOUT.table_cell)}</w:pPr><w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="{round(LAYOUT.table_rule_pt * 8)}" w:space="0"'
            ' w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr></w:style>",
    ]
    return (
        f'{_XML_DECL}<w:styles xmlns:w="{_W}"><w:docDefaults><w:rPrDefault><w:rPr>{_RPR_DEFAULT}'
        f"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{_spacing(LAYOUT.body, before=False)}"
        "</w:pPr></w:pPrDefault></w:docDefaults>" + "".join(styles) + "</w:styles>"
    )


_BULLETS = LAYOUT.list_markers
_NUMBER_FORMATS = (("decimal", "%{n}."), ("lowerLetter", "%{n}."), ("lowerRoman", "%{n}."))


def _level(ilvl: int, fmt: str, text: str) -> str:
    left = _LIST_INDENT * (ilvl + 1)
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num"'
        f' w:pos="{left}"/></w:tabs><w:ind w:left="{left}" w:hanging="{_LIST_INDENT}"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:hint="default"/></w:rPr></w:lvl>'
    )


def _numbering_xml() -> str:
    bullet_levels = "".join(_level(i, "bullet", _BULLETS[i % 3]) for i in range(9))
    number_levels = "".join(
        _level(i, _NUMBER_FORMATS[i % 3][0], _NUMBER_FORMATS[i % 3][1].format(n=i + 1))
        for i in range(9)
    )
    return (
        f'{_XML_DECL}<w:numbering xmlns:w="{_W}">'
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        f"{bullet_levels}</w:abstractNum>"
        f'<w:abstractNum w:abstractNumId="{NUMBER_ABSTRACT_ID}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{number_levels}</w:abstractNum>'
        f'<w:num w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="0"/></w:num>'
        f'<w:num w:numId="2"><w:abstractNumId w:val="{NUMBER_ABSTRACT_ID}"/></w:num>'
        "</w:numbering>"
    )


def _settings_xml() -> str:
    return (
        f'{_XML_DECL}<w:settings xmlns:w="{_W}"><w:zoom w:percent="100"/>'
        '<w:defaultTabStop w:val="709"/><w:hyphenationZone w:val="425"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting'
        ' w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        f'</w:compat><w:themeFontLang w:val="{LANGUAGE}"/><w:decimalSymbol w:val=","/>'
        '<w:listSeparator w:val=";"/></w:settings>'
    )


def _field_runs(instruction: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _headers() -> tuple[str, str]:
    # Page 1: empty. Its letterhead and column are body content, because a tagged PDF
    # marks header content as an artifact that screen readers skip.
    first = (
        f'{_XML_DECL}<w:hdr xmlns:w="{_W}" xmlns:r="{_R}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
        "</w:pPr></w:p></w:hdr>"
    )
    # Pages 2+: "Side X af Y" with live fields, aligned with the text column's right edge.
    default = (
        f'{_XML_DECL}<w:hdr xmlns:w="{_W}" xmlns:r="{_R}"><w:p><w:pPr><w:pStyle w:val="Header"/>'
        '<w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">Side </w:t></w:r>'
        + _field_runs("PAGE")
        + '<w:r><w:t xml:space="preserve"> af </w:t></w:r>'
        + _field_runs("NUMPAGES")
        + "</w:p></w:hdr>"
    )
    return first, default


def _document_xml() -> str:
    return (
        f'{_XML_DECL}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body><w:sectPr>'
        '<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}"'
        f' w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}"'
        ' w:gutter="0"/><w:cols w:space="708"/><w:titlePg/></w:sectPr></w:body></w:document>'
    )


_APP_XML = (
    f"{_XML_DECL}<Properties xmlns="
    '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>kkletter</Application></Properties>"
)
_WORD_RELS = (
    ("rIdStyles", RT.STYLES, "styles.xml"),
    ("rIdNumbering", RT.NUMBERING, "numbering.xml"),
    ("rIdSettings", RT.SETTINGS, "settings.xml"),
    ("rIdHeaderFirst", RT.HEADER, "header1.xml"),
    ("rIdHeaderDefault", RT.HEADER, "header2.xml"),
)
_PACKAGE_RELS = (
    ("rId1", RT.OFFICE_DOCUMENT, "word/document.xml"),
    ("rId2", RT.CORE_PROPERTIES, "docProps/core.xml"),
    ("rId3", RT.EXTENDED_PROPERTIES, "docProps/app.xml"),
    ("rId4", RT.CUSTOM_PROPERTIES, "docProps/custom.xml"),
)
_OVERRIDES = (
    ("/word/document.xml", CT.WML_DOCUMENT_MAIN),
    ("/word/styles.xml", CT.WML_STYLES),
    ("/word/numbering.xml", CT.WML_NUMBERING),
    ("/word/settings.xml", CT.WML_SETTINGS),
    ("/word/header1.xml", CT.WML_HEADER),
    ("/word/header2.xml", CT.WML_HEADER),
    ("/docProps/core.xml", CT.OPC_CORE_PROPERTIES),
    ("/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES),
    ("/docProps/custom.xml", CT.OFC_CUSTOM_PROPERTIES),
)


def _content_types(images: Sequence[tuple[str, str]]) -> str:
    """Return `[Content_Types].xml`; `images` are (extension, content type) pairs."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML, **dict(images)}
    return (
        f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults.items())
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in _OVERRIDES)
        + "</Types>"
    )


def _relationships(rels: Sequence[tuple[str, str, str]]) -> str:
    return (
        f'{_XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
        + "</Relationships>"
    )


@dataclass(frozen=True)
class _Base:
    """The parts every letter starts from, parsed or deflated once per process."""

    document: CT_Document
    numbering: BaseOxmlElement
    numbering_entry: Entry
    content_types: Entry
    word_rels: Entry
    package_rels: Entry
    styles: Entry
    settings: Entry
    first_header: Entry
    default_header: Entry
    app: Entry


@cache
def _base() -> _Base:
    first_header, default_header = _headers()
    return _Base(
        document=cast(CT_Document, parse_xml(_document_xml().encode())),
        numbering=parse_xml(_numbering_xml().encode()),
        numbering_entry=deflate("word/numbering.xml", _numbering_xml().encode()),
        content_types=deflate("[Content_Types].xml", _content_types(()).encode()),
        word_rels=deflate("word/_rels/document.xml.rels", _relationships(_WORD_RELS).encode()),
        package_rels=deflate("_rels/.rels", _relationships(_PACKAGE_RELS).encode()),
        styles=deflate("word/styles.xml", _styles_xml().encode()),
        settings=deflate("word/settings.xml", _settings_xml().encode()),
        first_header=deflate("word/header1.xml", first_header.encode()),
        default_header=deflate("word/header2.xml", default_header.encode()),
        app=deflate("docProps/app.xml", _APP_XML.encode()),
    )


class LetterPackage:
    """The parts of one letter; `to_bytes` writes them as a DOCX file.

    The document and (once a numbered list needs it) the numbering are deep copies of
    the prepared base; the static parts (the headers too) are deflated once per
    process. This is several times faster than opening and saving a python-docx
    `Document` per letter, and letters never share state.
    """

    def __init__(self) -> None:
        self._base = _base()
        self.document: CT_Document = copy.deepcopy(self._base.document)
        self.body: CT_Body = self.document.body
        self._numbering: BaseOxmlElement | None = None
        self._images: list[tuple[str, str, bytes]] = []  # (file name, content type, data)

    @property
    def numbering(self) -> BaseOxmlElement:
        """Return this letter's own numbering part (`w:numbering`)."""
        if self._numbering is None:
            self._numbering = copy.deepcopy(self._base.numbering)
        return self._numbering

    def add_picture(self, data: bytes, width: Length) -> CT_Inline:
        """Add image `data` as a part; return an inline picture `width` wide.

        Raise python-docx's `UnrecognizedImageError` (or a parser error) for data that
        is not an image Word can show.
        """
        image = Image.from_blob(data)
        cx, cy = image.scaled_dimensions(width, None)
        number = len(self._images) + 1
        name = f"image{number}.{image.ext}"
        self._images.append((name, image.content_type, data))
        return CT_Inline.new_pic_inline(number, f"rIdImage{number}", name, cx, cy)

    def to_bytes(self, core_properties: str, custom_properties: Sequence[tuple[str, str]]) -> bytes:
        """Return the DOCX file: these parts plus `core.xml` and `custom.xml` as given."""
        base = self._base
        content_types, word_rels = base.content_types, base.word_rels
        if self._images:
            images = [(name.rpartition(".")[2], kind) for name, kind, _ in self._images]
            content_types = deflate("[Content_Types].xml", _content_types(images).encode())
            rels = [
                *_WORD_RELS,
                *(
                    (f"rIdImage{n}", RT.IMAGE, f"media/{name}")
                    for n, (name, _, _) in enumerate(self._images, start=1)
                ),
            ]
            word_rels = deflate("word/_rels/document.xml.rels", _relationships(rels).encode())
        numbering = (
            base.numbering_entry
            if self._numbering is None
            else deflate("word/numbering.xml", serialize_part_xml(self._numbering), FAST)
        )
        return zip_bytes(
            [
                content_types,
                base.package_rels,
                deflate("word/document.xml", serialize_part_xml(self.document), FAST),
                word_rels,
                base.styles,
                numbering,
                base.settings,
                base.first_header,
                base.default_header,
                *(deflate(f"word/media/{name}", data, FAST) for name, _, data in self._images),
                deflate("docProps/core.xml", core_properties.encode(), FAST),
                base.app,
                deflate("docProps/custom.xml", custom_properties_xml(custom_properties), FAST),
            ]
        )


def core_properties_xml(
    *,
    title: str,
    author: str,
    subject: str,
    keywords: str,
    language: str,
    created: dt.datetime,
) -> str:
    """Return `docProps/core.xml`; `created` is also the modification time.

    A naive `created` is written as UTC, as python-docx does.
    """
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    stamp = created.replace(microsecond=0).isoformat() + "Z"
    date = 'xsi:type="dcterms:W3CDTF"'
    return (
        f"{_XML_DECL}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator><cp:keywords>{escape(keywords)}</cp:keywords>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dc:language>{escape(language)}</dc:language>"
        f"<dcterms:created {date}>{stamp}</dcterms:created>"
        f"<dcterms:modified {date}>{stamp}</dcterms:modified></cp:coreProperties>"
    )


# --- per-letter helpers ---------------------------------------------------------------


def custom_properties_xml(properties: Sequence[tuple[str, str]]) -> bytes:
    """Return the `docProps/custom.xml` part holding `properties` as text properties."""
    items = "".join(
        f'<property fmtid="{_CUSTOM_FMTID}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties, start=2)
    )
    return (
        f'{_XML_DECL}<Properties xmlns="{_CUSTOM}" xmlns:vt="{_VT}">{items}</Properties>'.encode()
    )
