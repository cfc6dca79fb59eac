"""Item 4: the unit's logo in the letterhead of the DOCX, the PDF and the page view."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from kkletter.compose import Catalogs, compose_letter
from kkletter.docx.writer import docx_bytes
from kkletter.errors import ResourceError
from kkletter.model import Letter, Logo, Recipient, Signer
from kkletter.pdf.native import render_pages, render_pdf
from kkletter.profiles import load_profile

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "faelles-bibliotek"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000104944"
    "4154789c63f8cfc000470cc81c006faa07f980dc00280000000049454e44ae426082"
)
EMU_PER_MM = 36000


def _catalogs(logo: Logo | None) -> Catalogs:
    shipped = Catalogs.shipped()
    profile = load_profile(EXAMPLE / "profiles" / "borgercenter-handicap.toml", images=EXAMPLE)
    profile = dataclasses.replace(profile, logo=logo)
    return Catalogs(shipped.templates, {**shipped.profiles, profile.id: profile})


def _letter(signature: Path | None = None) -> Letter:
    return Letter(
        template="brev",
        profile="borgercenter-handicap",
        subject="Din ansøgning",
        body="Tak for din ansøgning.",
        recipient=Recipient(name="Anna Hansen"),
        signer=Signer(name="Anne Berg", signature=signature),
    )


def _example_logo(**changes: Any) -> Logo:
    logo = Logo(EXAMPLE / "images" / "kk-logo.svg", "Københavns Kommunes logo", 40.0, "left")
    return dataclasses.replace(logo, **changes)


def _figures(node: Any) -> list[Any]:
    node = node.get_object()
    found = []
    if hasattr(node, "keys"):
        if node.get("/S") == "/Figure":
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                found.extend(_figures(kid))
    return found


def test_the_example_profile_names_its_svg_logo() -> None:
    profile = load_profile(EXAMPLE / "profiles" / "borgercenter-handicap.toml", images=EXAMPLE)
    assert profile.logo == _example_logo(path=(EXAMPLE / "images" / "kk-logo.svg").resolve())


@pytest.mark.parametrize("place", ["left", "right"])
def test_an_svg_logo_opens_the_docx_as_a_png_picture_with_alt_text_size_and_place(
    place: str,
) -> None:
    document = compose_letter(_letter(), _catalogs(_example_logo(place=place)))
    word = docx.Document(io.BytesIO(docx_bytes(document)))
    first = word.paragraphs[0]
    assert first.alignment == (2 if place == "right" else 0)  # WD_ALIGN_PARAGRAPH
    inline = first._p.find(".//" + qn("wp:inline"))
    assert inline is not None
    assert inline.find(qn("wp:docPr")).get("descr") == "Københavns Kommunes logo"
    assert abs(int(inline.find(qn("wp:extent")).get("cx")) - 40 * EMU_PER_MM) < EMU_PER_MM
    assert word.paragraphs[1].text == "KØBENHAVNS KOMMUNE"  # then the letterhead
    images = [r.target_part for r in word.part.rels.values() if "image" in r.reltype]
    assert [part.content_type for part in images] == ["image/png"]
    assert images[0].blob.startswith(b"\x89PNG")


def test_a_png_logo_is_embedded_as_it_is(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    document = compose_letter(_letter(), _catalogs(_example_logo(path=logo, width_mm=25.0)))
    word = docx.Document(io.BytesIO(docx_bytes(document)))
    images = [r.target_part.blob for r in word.part.rels.values() if "image" in r.reltype]
    assert images == [PNG]


def test_the_pdf_has_the_logo_as_a_figure_with_its_alt_text_before_the_letterhead(
    tmp_path: Path,
) -> None:
    signature = tmp_path / "underskrift.png"
    signature.write_bytes(PNG)  # in another folder than the logo: both must be found
    document = compose_letter(_letter(signature), _catalogs(_example_logo()))
    reader = PdfReader(io.BytesIO(render_pdf(document).pdf))
    root: Any = reader.trailer["/Root"]
    alts = [str(figure.get("/Alt", "")) for figure in _figures(root["/StructTreeRoot"])]
    assert alts == ["Københavns Kommunes logo", "Underskrift: Anne Berg"]


def test_the_page_view_draws_the_logo() -> None:
    from PySide6.QtGui import QImage  # noqa: TID251 - only to read the page's pixels

    with_logo = compose_letter(_letter(), _catalogs(_example_logo()))
    without = compose_letter(_letter(), _catalogs(None))

    def dark_pixels_at_top(document: Any) -> int:
        image = QImage.fromData(render_pages(document, ppi=40).pages[0])
        return sum(
            1
            for y in range(image.height() // 8)  # the top 37 mm: where the logo goes
            for x in range(image.width() // 2)
            if image.pixelColor(x, y).lightness() < 128
        )

    assert dark_pixels_at_top(with_logo) > dark_pixels_at_top(without) + 20


def test_the_page_view_draws_the_signature_image_too() -> None:
    from PySide6.QtGui import QImage  # noqa: TID251 - only to read the page's pixels

    signature = EXAMPLE / "images" / "underskrift-anne-berg.png"

    def dark_pixels(document: Any) -> int:
        image = QImage.fromData(render_pages(document, ppi=60).pages[0])
        return sum(
            1
            for y in range(image.height())
            for x in range(image.width() // 2)
            if image.pixelColor(x, y).lightness() < 160
        )

    with_image = compose_letter(_letter(signature), _catalogs(None))
    without = compose_letter(_letter(), _catalogs(None))
    assert dark_pixels(with_image) > dark_pixels(without) + 30


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "findes ikke"),
        (b"GIF89a not a logo", "hverken en PNG- eller en SVG-fil"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><rect width=", "SVG-filen er ugyldig"),
    ],
)
def test_a_missing_or_wrong_logo_is_a_danish_error_in_docx_and_pdf(
    tmp_path: Path, content: bytes | None, words: str
) -> None:
    path = tmp_path / ("logo.svg" if content and content.startswith(b"<svg") else "logo.png")
    if content is not None:
        path.write_bytes(content)
    document = compose_letter(_letter(), _catalogs(_example_logo(path=path)))
    for render in (docx_bytes, render_pdf):
        with pytest.raises(ResourceError, match=words) as caught:
            render(document)
        assert str(path) in str(caught.value)
