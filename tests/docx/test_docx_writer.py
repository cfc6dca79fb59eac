"""The DOCX writer: read the files back with python-docx and compare text, styles, properties."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import os
import string
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]

from kkletter.compose import LetterDocument
from kkletter.docx import _xml
from kkletter.docx.writer import docx_bytes, write_docx
from kkletter.errors import OutputError, ResourceError
from kkletter.layout import column_widths
from kkletter.markup import Paragraph, Span, Table, TableCell, TableRow, parse_markdown
from kkletter.model import Signer

ComposeFn = Callable[..., LetterDocument]
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def open_docx(data: bytes) -> DocxDocument:
    """Open DOCX `data` with python-docx."""
    return docx.Document(io.BytesIO(data))


def render(document: LetterDocument) -> DocxDocument:
    """Draw `document` and open the result."""
    return open_docx(docx_bytes(document))


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def in_fallback(element: Any) -> bool:
    """Return whether `element` is inside an `mc:Fallback` (a copy for older readers)."""
    return any(ancestor.tag == _FALLBACK for ancestor in element.iterancestors())


def paragraph_texts(element: Any) -> list[str]:
    """Return the text of every `w:p` under `element`, nested ones (text boxes) included.

    Paragraphs in an `mc:Fallback` are skipped, as a reader that understands the
    `mc:Choice` does.
    """
    texts = []
    for p in element.iter(qn("w:p")):
        if in_fallback(p):
            continue
        own = [t.text or "" for t in p.iter(qn("w:t")) if _owner(t) is p]
        texts.append("".join(own))
    return texts


def _owner(t: Any) -> Any:
    parent = t.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        parent = parent.getparent()
    return parent


def body_paragraphs(document: DocxDocument) -> list[DocxParagraph]:
    """Return every paragraph of the body, those in table cells included, in order."""
    return [
        DocxParagraph(p, document)
        for p in document.element.body.iter(qn("w:p"))
        if not in_fallback(p)
    ]


def find(document: DocxDocument, text: str) -> DocxParagraph:
    """Return the first body paragraph whose text is `text`."""
    for paragraph in body_paragraphs(document):
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r} in {[p.text for p in body_paragraphs(document)]}")


def num_pr(paragraph: DocxParagraph) -> tuple[int, int]:
    """Return (numId, ilvl) of a list paragraph."""
    num_ids = paragraph._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")
    levels = paragraph._p.xpath("./w:pPr/w:numPr/w:ilvl/@w:val")
    assert num_ids, f"{paragraph.text!r} is not numbered"
    return int(num_ids[0]), int(levels[0])


def style(item: Any) -> str:
    """Return the style name of a paragraph or table."""
    assert item.style is not None
    return str(item.style.name)


def start_of(document: DocxDocument, num_id: int) -> int:
    """Return the level-0 start override of numbering instance `num_id`."""
    numbering = document.part.numbering_part.element
    values = numbering.xpath(
        f'./w:num[@w:numId="{num_id}"]/w:lvlOverride[@w:ilvl="0"]/w:startOverride/@w:val'
    )
    assert values, f"numbering instance {num_id} has no start override"
    return int(values[0])


# --- structure ------------------------------------------------------------------------


def test_subject_and_markdown_headings_use_heading_styles(compose: ComposeFn) -> None:
    document = render(compose("# Baggrund\n\nTekst.\n\n## Detaljer\n\n### Mere"))
    assert style(find(document, "Svar på henvendelse")) == "Heading 1"
    assert style(find(document, "Baggrund")) == "Heading 1"
    assert style(find(document, "Detaljer")) == "Heading 2"
    assert style(find(document, "Mere")) == "Heading 3"


def test_numbered_section_heading_keeps_its_number(compose: ComposeFn, catalogs: Any) -> None:
    letter = compose("## Indledning\n\nTekst.\n\n## Økonomi\n\nMere.", template="hoeringssvar")
    document = render(letter)
    assert style(find(document, "1. Indledning")) == "Heading 2"
    assert style(find(document, "2. Økonomi")) == "Heading 2"


def test_bold_italic_and_underline_become_run_formats(compose: ComposeFn) -> None:
    document = render(compose("Dette er **fed**, *kursiv* og <u>understreget</u> tekst."))
    paragraph = find(document, "Dette er fed, kursiv og understreget tekst.")
    formats = {run.text: (run.bold, run.italic, run.underline) for run in paragraph.runs}
    assert formats["fed"] == (True, None, None)
    assert formats["kursiv"] == (None, True, None)
    assert formats["understreget"] == (None, None, True)
    assert formats["Dette er "] == (None, None, None)


def test_no_markdown_marks_reach_the_document(compose: ComposeFn) -> None:
    data = docx_bytes(compose("# Overskrift\n\n**fed** og *kursiv*\n\n- punkt\n\n1. nummer"))
    text = "\n".join(paragraph_texts(open_docx(data).element.body))
    assert "**" not in text
    assert "#" not in text
    assert "- punkt" not in text
    assert "1. nummer" not in text


def test_hard_line_break_inside_a_paragraph_is_a_line_break(compose: ComposeFn) -> None:
    document = render(compose("Første linje  \nanden linje"))
    paragraph = find(document, "Første linje\nanden linje")
    assert paragraph._p.xpath(".//w:br[not(@w:type)]")


def test_nested_bullets_use_deeper_list_styles_and_levels(compose: ComposeFn) -> None:
    document = render(compose("- en\n  - to\n    - tre\n- fire"))
    for text, expected, level in (
        ("en", "List Bullet", 0),
        ("to", "List Bullet 2", 1),
        ("tre", "List Bullet 3", 2),
        ("fire", "List Bullet", 0),
    ):
        paragraph = find(document, text)
        assert style(paragraph) == expected
        assert num_pr(paragraph)[1] == level


def test_each_numbered_list_restarts_at_its_own_start(compose: ComposeFn) -> None:
    document = render(compose("1. a\n2. b\n\nMellemtekst.\n\n1. c\n2. d\n\nTekst.\n\n4. e"))
    first, second, third = (num_pr(find(document, text))[0] for text in ("a", "c", "e"))
    assert len({first, second, third}) == 3
    assert num_pr(find(document, "b"))[0] == first
    assert [start_of(document, n) for n in (first, second, third)] == [1, 1, 4]
    assert style(find(document, "a")) == "List Number"


def test_bullets_nested_in_a_numbered_list_keep_their_own_kind(compose: ComposeFn) -> None:
    document = render(compose("1. punkt\n   - under\n2. næste"))
    assert style(find(document, "under")) == "List Bullet 2"
    assert num_pr(find(document, "under"))[1] == 1
    assert num_pr(find(document, "punkt"))[0] == num_pr(find(document, "næste"))[0]


def test_second_paragraph_of_a_list_item_continues_without_a_number(compose: ComposeFn) -> None:
    document = render(compose("- første\n\n  fortsat\n- anden"))
    continued = find(document, "fortsat")
    assert style(continued) == "List Continue"
    assert not continued._p.xpath("./w:pPr/w:numPr")


TABLE = """\
| Emne | Status |
|------|--------|
| Økonomi | Første afsnit<br>Andet afsnit<br>- punkt et<br>- punkt to |
| Mål | Nået |
"""


def test_table_has_grid_style_and_a_bold_repeated_header_row(compose: ComposeFn) -> None:
    document = render(compose(TABLE))
    (table,) = document.tables
    assert style(table) == "Table Grid"
    header = table.rows[0]
    assert header._tr.trPr is not None
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert [cell.text for cell in header.cells] == ["Emne", "Status"]
    assert all(run.bold for cell in header.cells for p in cell.paragraphs for run in p.runs)


def test_cell_holds_two_paragraphs_and_a_bullet_list(compose: ComposeFn) -> None:
    document = render(compose(TABLE))
    cell = document.tables[0].cell(1, 1)
    assert [(p.text, style(p)) for p in cell.paragraphs] == [
        ("Første afsnit", "Normal"),
        ("Andet afsnit", "Normal"),
        ("punkt et", "List Bullet"),
        ("punkt to", "List Bullet"),
    ]
    assert num_pr(cell.paragraphs[2]) == num_pr(cell.paragraphs[3])


def test_thematic_break_is_a_page_break(compose: ComposeFn) -> None:
    document = render(compose("Side et.\n\n---\n\nSide to."))
    breaks = document.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(breaks) == 1
    texts = [p.text for p in body_paragraphs(document)]
    assert texts.index("Side et.") < texts.index("Side to.")


LETTERHEAD_AND_COLUMN = [
    "KØBENHAVNS KOMMUNE",
    "Socialudvalget",
    "Borgmesteren",
    "Dato",
    "14. september 2016",
    "Sagsnr.",
    "2016-0318694",
    "Dok.nr.",
    "2016-0318694-3",
    "Rådhuset",
    "1599 København V",
    "Telefon",
    "33 66 33 66",
    "Direkte telefon",
    "33 66 24 51",
    "Telefax",
    "33 66 70 75",
    "E-mail",
    "Borgmester@sof.kk.dk",
    "www.kk.dk",
]


def test_body_reads_letterhead_column_recipient_subject_salutation_text_closing_signer(
    compose: ComposeFn,
) -> None:
    document = render(compose("Tak for brevet."))
    texts = [p.text for p in body_paragraphs(document) if p.text]
    assert texts == [
        *LETTERHEAD_AND_COLUMN,
        "DOK - Diakonale Organisationer i København",
        "Nørregade 11",
        "1165 København K",
        "Svar på henvendelse",
        "Kære DOK",
        "Tak for brevet.",
        "Venlig hilsen",
        "Jesper Christensen",
        "Borgmester",
    ]


def test_document_type_is_a_title(compose: ComposeFn) -> None:
    letter = compose("Tekst.", template="notat", fields={"sagsbehandler": "Jonas Magelund"})
    assert letter.document_type
    paragraph = find(render(letter), letter.document_type)
    assert style(paragraph) == "Title"


# --- page layout ----------------------------------------------------------------------


def test_page_is_a4_with_a_wide_right_margin(compose: ComposeFn) -> None:
    section = render(compose()).sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    assert section.left_margin is not None
    assert section.right_margin is not None
    assert section.left_margin.cm >= 2.0
    assert section.right_margin.cm >= 5.0


def test_first_page_header_is_empty_so_pdf_export_tags_the_letterhead(
    compose: ComposeFn,
) -> None:
    # A tagged PDF marks header content as an artifact that screen readers skip, so
    # the letterhead and the column are body content and page 1's header is empty.
    section = render(compose()).sections[0]
    assert section.different_first_page_header_footer  # w:titlePg
    assert not section.first_page_header.is_linked_to_previous
    assert [t for t in paragraph_texts(section.first_page_header._element) if t] == []
    assert not list(section.first_page_header._element.iter(qn("w:drawing")))


def test_letterhead_opens_the_body_in_its_own_style_with_a_bold_organisation(
    compose: ComposeFn,
) -> None:
    document = render(compose())
    top = body_paragraphs(document)[:3]
    assert [p.text for p in top] == LETTERHEAD_AND_COLUMN[:3]
    assert [style(p) for p in top] == ["Brevhoved"] * 3
    assert top[0].runs[0].bold
    assert not top[1].runs[0].bold


def test_contact_column_is_a_text_box_in_the_last_letterhead_paragraph(
    compose: ComposeFn,
) -> None:
    document = render(compose())
    (anchor,) = document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
    )
    positions = [
        child.get("relativeFrom")
        for child in anchor
        if child.tag.endswith(("positionH", "positionV"))
    ]
    assert positions == ["page", "page"]
    holder = _owner(anchor)
    assert DocxParagraph(holder, document).text == "Borgmesteren"
    box = anchor.find(".//" + qn("w:txbxContent"))
    assert box is not None
    texts = [t for t in paragraph_texts(box) if t]
    assert texts == LETTERHEAD_AND_COLUMN[3:]
    assert all(style(DocxParagraph(p, document)) == "Kontaktkolonne" for p in box.iter(qn("w:p")))
    doc_pr = anchor.find(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    )
    # PDF export turns the box into a figure that needs alternative text; the text
    # itself is tagged, so the alternative text only names the group.
    assert doc_pr.get("descr") == "Sagsoplysninger og kontaktoplysninger"


def test_undated_letter_still_shows_the_date_label(compose: ComposeFn) -> None:
    texts = paragraph_texts(render(compose(date=None)).element.body)
    assert "Dato" in texts
    assert texts[texts.index("Dato") + 1] == ""


def test_pages_after_the_first_show_page_x_of_y_fields(compose: ComposeFn) -> None:
    header = render(compose()).sections[0].header
    assert not header.is_linked_to_previous
    instructions = [i.text.strip() for i in header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    text = "".join(t.text for t in header._element.iter(qn("w:t")))
    assert text.startswith("Side ")
    assert " af " in text


def test_styles_are_danish_for_spell_checking(compose: ComposeFn) -> None:
    document = render(compose())
    styles = document.styles.element
    default_lang = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert default_lang == ["da-DK"]
    normal = document.styles["Normal"].element
    assert normal.xpath("./w:rPr/w:lang/@w:val") == ["da-DK"]


def test_body_font_is_a_clean_sans_around_eleven_points(compose: ComposeFn) -> None:
    styles = render(compose()).styles.element
    fonts = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:rFonts/@w:ascii")
    sizes = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val")
    assert fonts == ["Arial"]
    assert sizes == ["22"]


# --- properties -----------------------------------------------------------------------


def test_core_properties_name_subject_signer_and_date(compose: ComposeFn) -> None:
    core = render(compose()).core_properties
    assert core.title == "Svar på henvendelse"
    assert core.author == "Jesper Christensen"
    assert core.created == dt.datetime(2016, 9, 14, 12, 0, tzinfo=dt.UTC)
    assert core.language == "da-DK"
    assert core.subject == "Brev"
    assert "2016-0318694" in core.keywords


def test_custom_properties_carry_case_and_document_numbers(compose: ComposeFn) -> None:
    data = docx_bytes(compose())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("docProps/custom.xml"))
        content_types = archive.read("[Content_Types].xml").decode()
        package_rels = archive.read("_rels/.rels").decode()
    ns = {
        "c": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    }
    values = {
        prop.get("name"): prop.findtext("vt:lpwstr", namespaces=ns)
        for prop in root.findall("c:property", ns)
    }
    assert values == {
        "Sagsnummer": "2016-0318694",
        "Dokumentnummer": "2016-0318694-3",
        "Skabelon": "brev",
        "Afsenderprofil": "sof-borgmester",
    }
    pids = [int(prop.get("pid")) for prop in root.findall("c:property", ns)]
    assert pids == [2, 3, 4, 5]
    assert "custom-properties+xml" in content_types
    assert "relationships/custom-properties" in package_rels


# --- signature ------------------------------------------------------------------------


def test_signature_image_sits_above_the_name_with_alt_text(
    compose: ComposeFn, signature_png: Path
) -> None:
    signer = Signer(name="Jesper Christensen", title="Borgmester", signature=signature_png)
    document = render(compose(signer=signer))
    (shape,) = document.inline_shapes
    assert round(shape.width.cm, 1) == 4.0
    doc_pr = shape._inline.docPr
    assert doc_pr.get("descr") == "Underskrift: Jesper Christensen"
    paragraphs = body_paragraphs(document)
    holder = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic"))
    assert paragraphs[holder - 1].text == "Venlig hilsen"
    assert paragraphs[holder + 1].text == "Jesper Christensen"


def test_missing_signature_image_is_named_in_a_resource_error(
    compose: ComposeFn, tmp_path: Path
) -> None:
    missing = tmp_path / "findes-ikke.png"
    letter = compose(signer=Signer(name="A", signature=missing))
    with pytest.raises(ResourceError, match=r"findes-ikke\.png"):
        docx_bytes(letter)


def test_signature_that_is_not_an_image_is_a_resource_error(
    compose: ComposeFn, tmp_path: Path
) -> None:
    fake = tmp_path / "underskrift.png"
    fake.write_text("ikke et billede", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"underskrift\.png"):
        docx_bytes(compose(signer=Signer(name="A", signature=fake)))


# --- bad input ------------------------------------------------------------------------


def test_control_characters_are_removed_and_the_file_opens(compose: ComposeFn) -> None:
    letter = compose(
        "Før\x0cefter og\x0bså\x00 slut.",
        subject="Emne\x00 med\x07 styretegn",
        signer=Signer(name="Jesper\x0b Christensen", title="Borg\x00mester"),
    )
    data = docx_bytes(letter)
    document = open_docx(data)
    text = "\n".join(paragraph_texts(document.element.body))
    for bad in ("\x00", "\x07", "\x0b", "\x0c"):
        assert bad not in text
    for kept in ("Før", "efter og", "så slut."):
        assert kept in text
    assert "Emne med styretegn" in text
    assert "Borgmester" in text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(archive.read(name))


def test_write_docx_writes_a_file_that_opens(compose: ComposeFn, tmp_path: Path) -> None:
    target = tmp_path / "brev.docx"
    write_docx(compose(), target)
    assert docx.Document(str(target)).core_properties.title == "Svar på henvendelse"
    assert [p.name for p in tmp_path.iterdir()] == ["brev.docx"]


def test_unwritable_output_raises_output_error_and_keeps_existing_file(
    compose: ComposeFn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brev.docx"
    target.write_bytes(b"gammel version")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    # Running as root ignores file modes, so simulate a file locked by Word.
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=r"brev\.docx"):
        write_docx(compose(), target)
    assert target.read_bytes() == b"gammel version"
    assert [p.name for p in tmp_path.iterdir()] == ["brev.docx"]


def test_output_in_a_missing_folder_raises_output_error(compose: ComposeFn, tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_docx(compose(), tmp_path / "mangler" / "brev.docx")


def test_letters_do_not_share_state(compose: ComposeFn) -> None:
    first = render(compose("1. a\n\ntekst\n\n1. b"))
    second = render(compose("Ingen lister."))
    numbering = second.part.numbering_part.element
    assert len(numbering.findall(qn("w:num"))) == 2  # only the base bullet and number
    assert len(first.part.numbering_part.element.findall(qn("w:num"))) == 4


# --- property: any Markdown-ish text gives a DOCX that opens and keeps the words -------

_WORDS = st.text(alphabet=string.ascii_letters + "æøåÆØÅ", min_size=1, max_size=8)
# No lone "|": GFM drops table cells beyond the header row's count (a markup matter).
_MARKS = st.sampled_from(
    [
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "**",
        "*",
        "_",
        "# ",
        "## ",
        "- ",
        "1. ",
        "  - ",
        "---",
        "\n| a | b |\n|---|---|\n| ",
        "<u>",
        "</u>",
        "<br>",
        "\x0c",
        "\x0b",
        "\x00",
        "\t",
    ]
)


def _texts(words: list[str], marks: list[str]) -> str:
    parts: list[str] = []
    for index, word in enumerate(words):
        parts.append(word)
        parts.append(marks[index % len(marks)] if marks else " ")
    return "".join(parts)


def _all_text(data: bytes) -> Iterator[str]:
    document = open_docx(data)
    yield from paragraph_texts(document.element.body)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(words=st.lists(_WORDS, min_size=1, max_size=25), marks=st.lists(_MARKS, max_size=25))
def test_any_markdown_text_gives_a_docx_that_opens_with_all_words(
    compose: ComposeFn, words: list[str], marks: list[str]
) -> None:
    data = docx_bytes(compose(_texts(words, marks)))
    text = "\n".join(_all_text(data))
    for word in words:
        assert word in text


def test_text_after_a_list_or_a_table_is_spaced_like_a_paragraph(compose: ComposeFn) -> None:
    document = render(compose("- a\n- b\n\nEfter listen.\n\n" + TABLE + "\nEfter tabellen."))
    last_item = find(document, "b")
    assert last_item.paragraph_format.space_after is not None
    assert last_item.paragraph_format.space_after.pt == 10
    assert find(document, "a").paragraph_format.space_after is None
    after_table = find(document, "Efter tabellen.")
    assert after_table.paragraph_format.space_before is not None
    assert after_table.paragraph_format.space_before.pt == 10


def test_body_ending_with_a_table_still_ends_with_a_paragraph(compose: ComposeFn) -> None:
    document = render(compose(TABLE, closing="", signer=Signer()))
    body = [child for child in document.element.body if child.tag != qn("w:sectPr")]
    assert body[-1].tag == qn("w:p")
    assert body[-2].tag == qn("w:tbl")


def test_letterhead_without_case_block_or_contact_has_no_text_box(compose: ComposeFn) -> None:
    letter = compose()
    bare = dataclasses.replace(
        letter,
        letterhead=dataclasses.replace(
            letter.letterhead, case_block=(), contact=(), contact_heading="", column=()
        ),
    )
    document = render(bare)
    assert not list(document.element.body.iter(qn("w:txbxContent")))
    assert [p.text for p in body_paragraphs(document)[:4]] == [
        "KØBENHAVNS KOMMUNE",
        "Socialudvalget",
        "Borgmesteren",
        "DOK - Diakonale Organisationer i København",
    ]


def test_a_long_label_column_gets_room_for_its_longest_word() -> None:
    (table,) = parse_markdown(
        "| Integrationsindsatser i relation til mål i integrationspolitikken "
        "| 2008 | 2009 | 2010 | 2011 | I alt |\n|---|---|---|---|---|---|\n"
        "| Aftalen om nye udlejningsmodeller | 6,0 mio. | 6,0 mio. | 6,0 mio. | 6,0 mio. "
        "| 24 mio. |\n"
    )
    assert isinstance(table, Table)
    widths = column_widths(table, 360)
    assert sum(widths) == pytest.approx(360)
    assert widths[0] > 2 * widths[1]
    assert widths[0] >= len("integrationspolitikken") * 5.75


@given(
    st.lists(
        st.lists(st.text(alphabet="ab cæø-", max_size=60), min_size=3, max_size=3),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=150, max_value=600),
)
def test_column_widths_always_fill_the_text_width(cells: list[list[str]], total: int) -> None:
    rows = tuple(
        TableRow(tuple(TableCell((Paragraph((Span(text),)),)) for text in row)) for row in cells
    )
    widths = column_widths(Table(rows), total)
    assert sum(widths) == pytest.approx(total)
    # No column collapses: each keeps 1.5 cm or an equal share, whichever is less.
    assert min(widths) >= min(42.5, total / 3) - 1e-6


def test_a_very_long_word_does_not_squeeze_the_other_columns(compose: ComposeFn) -> None:
    word = "Integrationsindsatsbeskrivelsesoversigtstabelkolonneoverskrift" * 4
    document = render(compose(f"| {word} | Kort |\n|---|---|\n| x | y |\n"))
    (table,) = document.tables
    widths = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    assert sum(widths) == _xml.TEXT_WIDTH
    assert min(widths) >= 850  # 1.5 cm, never a 0.02 cm column
    cell_widths = [int(w) for w in table._tbl.xpath(".//w:tcW/@w:w")]
    assert min(cell_widths) >= 850


def test_adjacent_tables_are_kept_apart_by_a_paragraph(compose: ComposeFn) -> None:
    body = "| A | B |\n|---|---|\n| 1 | 2 |\n\n| C | D |\n|---|---|\n| 3 | 4 |\n"
    document = render(compose(body))
    children = [child.tag for child in document.element.body]
    first = children.index(qn("w:tbl"))
    assert children[first + 1] == qn("w:p")
    assert children[first + 2] == qn("w:tbl")
    assert len(document.tables) == 2
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.xpath("./w:trPr/w:tblHeader")


def test_adjacent_tables_inside_a_list_item_or_cell_stay_apart_too(compose: ComposeFn) -> None:
    body = "- punkt\n\n  | A |\n  |---|\n  | 1 |\n\n  | B |\n  |---|\n  | 2 |\n"
    document = render(compose(body))
    for parent in document.element.body.iter():
        tags = [child.tag for child in parent]
        for a, b in itertools.pairwise(tags):
            assert not (a == qn("w:tbl") and b == qn("w:tbl"))


def test_contact_column_has_a_fallback_with_the_same_text(compose: ComposeFn) -> None:
    document = render(compose())
    body = document.element.body
    (alternate,) = body.iter(
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
    )
    choice, fallback = list(alternate)
    assert fallback.tag == _FALLBACK
    choice_text = paragraph_texts(choice)
    fallback_text = [
        "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in fallback.iter(qn("w:p"))
    ]
    assert fallback_text == choice_text
    assert "2016-0318694" in fallback_text
    assert "Dato" in fallback_text
    assert fallback.xpath(".//v:textbox", namespaces={"v": "urn:schemas-microsoft-com:vml"})


def test_right_to_left_paragraphs_are_marked_bidi(compose: ComposeFn) -> None:
    document = render(compose("مرحبا بكم في كوبنهاغن\n\nDansk tekst.\n\n- שלום עולם\n"))
    assert find(document, "مرحبا بكم في كوبنهاغن")._p.xpath("./w:pPr/w:bidi")
    assert find(document, "שלום עולם")._p.xpath("./w:pPr/w:bidi")
    assert not find(document, "Dansk tekst.")._p.xpath("./w:pPr/w:bidi")


def test_the_case_block_survives_a_reader_that_uses_the_fallback(compose: ComposeFn) -> None:
    # mammoth, like Word 2007 and many archive converters, reads mc:Fallback, not the
    # wps text box: without the fallback it loses the date and the case numbers.
    import mammoth

    text = mammoth.extract_raw_text(io.BytesIO(docx_bytes(compose()))).value
    for expected in ("Dato", "14. september 2016", "Sagsnr.", "2016-0318694", "2016-0318694-3"):
        assert expected in text
    assert text.index("KØBENHAVNS KOMMUNE") < text.index("2016-0318694") < text.index("Kære DOK")
