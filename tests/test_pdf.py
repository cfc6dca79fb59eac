"""PDF export, native (Typst) and through LibreOffice: content, tagging, metadata, failures.

The seed tests run for both engines (the `seed_pdfs` fixture is parametrized); the
LibreOffice half is skipped with a reason where LibreOffice is not installed.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from kkletter.compose import Catalogs, compose_letter
from kkletter.drafts import load_draft
from kkletter.errors import ConversionError
from kkletter.markup import Table, iter_paragraphs
from kkletter.merge import MergeSummary
from kkletter.pdf import convert_many, convert_to_pdf, find_soffice

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds" / "drafts").glob("*.toml"))

needs_soffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) er ikke installeret: PDF-eksporten kan ikke testes her.",
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) er ikke installeret."
)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True
    )
    # Page footers ("Side 2 af 3") interrupt a paragraph that spans a page break.
    return _words(re.sub(r"\n\f?\s*Side \d+ af \d+\s*\n", "\n", result.stdout))


@pytest.fixture(scope="module")
def native_seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render every seed draft to PDF with the native (Typst) renderer."""
    from kkletter.pdf.native import write_pdf

    folder = tmp_path_factory.mktemp("seed-pdfs-native")
    catalogs = Catalogs.shipped()
    pdfs = {}
    for seed in SEEDS:
        pdf = folder / f"{seed.stem}.pdf"
        assert write_pdf(compose_letter(load_draft(seed), catalogs), pdf) == ()
        pdfs[seed.stem] = pdf
    return pdfs


@pytest.fixture(scope="module")
def libreoffice_seed_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render every seed draft to DOCX and convert them all to PDF in one LibreOffice run."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) er ikke installeret: PDF-eksporten kan ikke testes her.")
    from kkletter.docx.writer import write_docx

    folder = tmp_path_factory.mktemp("seed-pdfs")
    catalogs = Catalogs.shipped()
    pairs = []
    for seed in SEEDS:
        docx = folder / f"{seed.stem}.docx"
        write_docx(compose_letter(load_draft(seed), catalogs), docx)
        pairs.append((docx, folder / f"{seed.stem}.pdf"))
    convert_many(pairs)
    return {seed.stem: pdf for seed, (_, pdf) in zip(SEEDS, pairs, strict=True)}


@pytest.fixture(params=["typst", "libreoffice"])
def seed_pdfs(request: pytest.FixtureRequest) -> dict[str, Path]:
    """Return the seed PDFs of one engine (each seed test runs for both)."""
    name = "native_seed_pdfs" if request.param == "typst" else "libreoffice_seed_pdfs"
    pdfs: dict[str, Path] = request.getfixturevalue(name)
    return pdfs


@pytest.fixture
def simple_docx(tmp_path: Path) -> Path:
    """Return a minimal DOCX made with python-docx (independent of kkletter's writer)."""
    import docx

    document = docx.Document()
    document.core_properties.title = "Prøvebrev"
    document.add_paragraph("Hej med jer, æøå.")
    path = tmp_path / "prøve brev.docx"
    document.save(str(path))
    return path


def test_there_is_at_least_one_seed_draft() -> None:
    assert SEEDS


@needs_pdftotext
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_pdf_contains_letterhead_case_numbers_and_body(
    seed: Path, seed_pdfs: dict[str, Path]
) -> None:
    letter = load_draft(seed)
    document = compose_letter(letter, Catalogs.shipped())
    text = _pdf_text(seed_pdfs[seed.stem])
    head = document.letterhead
    for expected in (head.organisation, head.unit, head.subunit):
        assert _words(expected) in text
    for number in (letter.case.number, letter.case.document):
        assert number
        assert number in text
    assert document.signer_name in text
    # Narrow table columns break long words over lines ("Integrati onsindsatser").
    squeezed = text.replace(" ", "")
    for block in document.body:
        for paragraph in iter_paragraphs([block]):
            # The first words of every paragraph: robust against line wrapping. A table
            # row split over two pages interleaves its cells, so there each word alone.
            start = _words(paragraph.text).split()[:6]
            if isinstance(block, Table):
                # A hyphenated word may also break at its hyphen ("2007-" / "11").
                parts = [part for word in start for part in word.split("-") if part]
                assert all(part in squeezed for part in parts), start
            else:
                assert " ".join(start) in text, start


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_pdf_is_tagged_with_title_and_danish_language(
    seed: Path, seed_pdfs: dict[str, Path]
) -> None:
    reader = PdfReader(seed_pdfs[seed.stem])
    root: Any = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "da-DK"
    document = compose_letter(load_draft(seed), Catalogs.shipped())
    assert reader.metadata is not None
    assert reader.metadata.title == document.properties.title
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


@needs_soffice
def test_convert_keeps_docx_and_writes_pdf_under_any_name(
    simple_docx: Path, tmp_path: Path
) -> None:
    before = simple_docx.read_bytes()
    target = tmp_path / "ud" / "Sag 2016-0318694 – svar.pdf"
    target.parent.mkdir()
    assert convert_to_pdf(simple_docx, target) == target
    assert target.read_bytes().startswith(b"%PDF")
    assert simple_docx.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary files left


def test_missing_soffice_is_a_danish_conversion_error(simple_docx: Path, tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match="LibreOffice blev ikke fundet"):
        convert_to_pdf(simple_docx, tmp_path / "brev.pdf", finder=lambda: None)
    assert simple_docx.exists()
    assert not (tmp_path / "brev.pdf").exists()


def test_find_soffice_ignores_a_path_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "kkletter.pdf.libreoffice.soffice_candidates", lambda: [tmp_path / "soffice"]
    )
    assert find_soffice(path=str(tmp_path)) is None


def test_missing_docx_is_a_conversion_error(tmp_path: Path) -> None:
    with pytest.raises(ConversionError, match="findes ikke"):
        convert_to_pdf(tmp_path / "mangler.docx", tmp_path / "brev.pdf", finder=lambda: None)


def _fake_soffice(tmp_path: Path, script: str) -> Path:
    fake = tmp_path / "fake-soffice"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    return fake


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as soffice")


@posix_only
def test_soffice_that_hangs_times_out_with_a_danish_message(
    simple_docx: Path, tmp_path: Path
) -> None:
    fake = _fake_soffice(tmp_path, "sleep 30")
    with pytest.raises(ConversionError, match=r"inden for 0\.5 sekunder"):
        convert_to_pdf(simple_docx, tmp_path / "brev.pdf", timeout=0.5, finder=lambda: fake)
    assert not (tmp_path / "brev.pdf").exists()
    assert simple_docx.exists()


@posix_only
def test_soffice_that_fails_reports_its_exit_code(simple_docx: Path, tmp_path: Path) -> None:
    fake = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'; exit 3")
    with pytest.raises(ConversionError, match=r"fejlkode 3.*could not be loaded"):
        convert_to_pdf(simple_docx, tmp_path / "brev.pdf", finder=lambda: fake)


@posix_only
def test_soffice_that_writes_nothing_is_a_conversion_error(
    simple_docx: Path, tmp_path: Path
) -> None:
    fake = _fake_soffice(tmp_path, "exit 0")
    with pytest.raises(ConversionError, match="kunne ikke lave en PDF"):
        convert_to_pdf(simple_docx, tmp_path / "brev.pdf", finder=lambda: fake)
    assert not (tmp_path / "brev.pdf").exists()


@needs_soffice
def test_cli_render_pdf_writes_docx_and_pdf(tmp_path: Path) -> None:
    from kkletter.cli import main

    stdout = io.StringIO()
    target = tmp_path / "brev.docx"
    argv = ["render", str(SEEDS[-1]), "-o", str(target), "--pdf", "--pdf-engine", "libreoffice"]
    assert main(argv, stdout=stdout) == 0
    assert target.is_file()
    assert target.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert stdout.getvalue().splitlines() == [
        f"Gemt: {target}",
        f"Gemt: {target.with_suffix('.pdf')}",
    ]


def test_cli_render_pdf_without_libreoffice_keeps_docx_and_explains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkletter.cli import main

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("kkletter.pdf.libreoffice.soffice_candidates", lambda: [])
    stdout, stderr = io.StringIO(), io.StringIO()
    target = tmp_path / "brev.docx"
    argv = ["render", str(SEEDS[-1]), "-o", str(target), "--pdf", "--pdf-engine", "libreoffice"]
    code = main(argv, stdout=stdout, stderr=stderr)
    assert code == 2
    assert target.is_file()
    assert not target.with_suffix(".pdf").exists()
    assert "LibreOffice blev ikke fundet" in stderr.getvalue()
    assert "DOCX-filen er gemt" in stderr.getvalue()


def _merge_last_seed(tmp_path: Path, csv: str, **options: Any) -> MergeSummary:
    """Merge the last seed draft with `csv` into `tmp_path`/ud, with PDFs; return the summary."""
    from kkletter.merge import merge
    from kkletter.mergedata import open_data

    data = tmp_path / "modtagere.csv"
    data.write_text(csv, "utf-8")
    return merge(
        load_draft(SEEDS[-1]),
        open_data(data),
        tmp_path / "ud",
        catalogs=Catalogs.shipped(),
        pdf=True,
        **options,
    )


@needs_soffice
def test_merge_with_pdf_writes_a_tagged_pdf_per_letter(tmp_path: Path) -> None:
    summary = _merge_last_seed(
        tmp_path,
        "navn;adresse1\nÆldresagen;Nytorv 3\nRøde Kors;Blegdamsvej 27\n",
        pdf_engine="libreoffice",
    )
    assert [r.reason for r in summary.results] == ["", ""]
    for name in ("Ældresagen", "Røde Kors"):
        pdf = tmp_path / "ud" / f"{name}.pdf"
        root: Any = PdfReader(pdf).trailer["/Root"]
        assert bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == "da-DK"
        if shutil.which("pdftotext"):
            assert f"Kære {name}" in _pdf_text(pdf)


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


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_pdf_figures_have_alternative_text(seed: Path, seed_pdfs: dict[str, Path]) -> None:
    root: Any = PdfReader(seed_pdfs[seed.stem]).trailer["/Root"]
    figures = _figures(root["/StructTreeRoot"])
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def _page_marked_text(reader: PdfReader, index: int) -> tuple[dict[int, str], str]:
    """Return page `index`'s text by marked-content id, and its text in /Artifact blocks."""
    by_mcid: dict[int, list[str]] = {}
    artifact: list[str] = []
    stack: list[tuple[str, int | None]] = []

    def before(operator: bytes, operands: Any, cm: Any, tm: Any) -> None:
        if operator == b"BMC":
            stack.append((str(operands[0]), None))
        elif operator == b"BDC":
            properties: Any = operands[1]
            mcid = None
            if hasattr(properties, "keys") and "/MCID" in properties:
                mcid = int(properties["/MCID"])
            stack.append((str(operands[0]), mcid))
        elif operator == b"EMC" and stack:
            stack.pop()

    def text(value: str, *_: Any) -> None:
        if any(tag == "/Artifact" for tag, _ in stack):
            artifact.append(value)
            return
        mcid = next((m for _, m in reversed(stack) if m is not None), None)
        if mcid is not None:
            by_mcid.setdefault(mcid, []).append(value)

    reader.pages[index].extract_text(visitor_operand_before=before, visitor_text=text)
    return {m: "".join(parts) for m, parts in by_mcid.items()}, _words(" ".join(artifact))


def _structure_texts(reader: PdfReader, index: int) -> list[str]:
    """Return the texts of page `index`'s structure elements in structure-tree order."""
    page_id = reader.pages[index].indirect_reference
    assert page_id is not None
    by_mcid, _ = _page_marked_text(reader, index)
    found: list[str] = []

    def walk(node: Any, page: int | None) -> None:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, int):
            if page == page_id.idnum and node in by_mcid:
                found.append(_words(by_mcid[node]))
            return
        if not hasattr(node, "keys"):
            return
        if node.get("/Type") == "/MCR":
            on = node.raw_get("/Pg").idnum if "/Pg" in node else page
            mcid = int(node["/MCID"])
            if on == page_id.idnum and mcid in by_mcid:
                found.append(_words(by_mcid[mcid]))
            return
        if "/Pg" in node:
            page = node.raw_get("/Pg").idnum
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
            for kid in kids if isinstance(kids, list) else [kids]:
                walk(kid, page)

    root: Any = reader.trailer["/Root"]
    walk(root["/StructTreeRoot"], None)
    return [text for text in found if text]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_pdf_page_one_tags_letterhead_date_and_case_numbers_in_reading_order(
    seed: Path, seed_pdfs: dict[str, Path]
) -> None:
    # Screen readers skip artifacts (LibreOffice makes header content one), so the
    # sender, the date and the case numbers must be tagged content, read before the
    # recipient and the body.
    letter = load_draft(seed)
    document = compose_letter(letter, Catalogs.shipped())
    reader = PdfReader(seed_pdfs[seed.stem])
    tagged = _structure_texts(reader, 0)
    _, artifact = _page_marked_text(reader, 0)

    def position(text: str) -> int:
        hits = [index for index, element in enumerate(tagged) if text in element]
        assert hits, f"{text!r} is not tagged on page 1: {tagged}"
        return hits[0]

    head = document.letterhead
    organisation = position(_words(head.organisation).upper())
    case_lines = [line for line in head.case_block if line.value.strip()]
    assert letter.case.number
    assert any(letter.case.number in line.value for line in case_lines)
    if document.date_text:
        assert any(line.value == document.date_text for line in case_lines)
    case_positions = [position(_words(line.value)) for line in case_lines]
    first_body_line = document.recipient[0] if document.recipient else None
    assert organisation < min(case_positions)
    if first_body_line:
        assert max(case_positions) < position(_words(first_body_line))
    for text in (_words(head.organisation).upper(), letter.case.number, document.date_text):
        assert not text or text not in artifact
    assert artifact == ""  # page 1 has no running header


# --- the native renderer (Typst): PDF/A-2a + PDF/UA-1 ---------------------------------


def _xmp(reader: PdfReader) -> str:
    root: Any = reader.trailer["/Root"]
    return bytes(root["/Metadata"].get_object().get_data()).decode("utf-8")


def _xmp_value(xmp: str, name: str) -> str:
    match = re.search(rf"<{name}>([^<]*)</{name}>|{name}=\"([^\"]*)\"", xmp)
    assert match, f"{name} missing from the XMP metadata"
    return match.group(1) or match.group(2)


def _fonts(reader: PdfReader) -> list[Any]:
    fonts = []
    for page in reader.pages:
        resources: Any = page.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            fonts.append(font.get_object())
    return fonts


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_native_seed_pdf_claims_pdfa_2a_and_pdfua_1_in_its_xmp(
    seed: Path, native_seed_pdfs: dict[str, Path]
) -> None:
    xmp = _xmp(PdfReader(native_seed_pdfs[seed.stem]))
    assert _xmp_value(xmp, "pdfaid:part") == "2"
    assert _xmp_value(xmp, "pdfaid:conformance") == "A"
    assert _xmp_value(xmp, "pdfuaid:part") == "1"
    title = compose_letter(load_draft(seed), Catalogs.shipped()).properties.title
    assert html_unescape(title) in html_unescape(xmp)


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_native_seed_pdf_embeds_every_font(seed: Path, native_seed_pdfs: dict[str, Path]) -> None:
    fonts = _fonts(PdfReader(native_seed_pdfs[seed.stem]))
    assert fonts
    for font in fonts:
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert "LiberationSans" in str(font["/BaseFont"]) or "DejaVuSans" in str(font["/BaseFont"])


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_native_and_libreoffice_pdfs_have_the_same_number_of_pages(
    seed: Path, native_seed_pdfs: dict[str, Path], libreoffice_seed_pdfs: dict[str, Path]
) -> None:
    native = len(PdfReader(native_seed_pdfs[seed.stem]).pages)
    libreoffice = len(PdfReader(libreoffice_seed_pdfs[seed.stem]).pages)
    assert native == libreoffice


def _page_texts(pdf: Path) -> list[str]:
    reader = PdfReader(pdf)
    return [_words(page.extract_text()) for page in reader.pages]


def test_native_pdf_numbers_pages_from_page_two(native_seed_pdfs: dict[str, Path]) -> None:
    pdf = native_seed_pdfs[SEEDS[3].stem]  # the appendix: several pages
    pages = _page_texts(pdf)
    assert len(pages) > 2
    assert "Side 1 af" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} af {len(pages)}" in text
    reader = PdfReader(pdf)
    _, artifact = _page_marked_text(reader, 1)
    assert f"Side 2 af {len(pages)}" in artifact  # pagination is an artifact, not text


def _native_pdf(**changes: Any) -> tuple[PdfReader, tuple[str, ...]]:
    import datetime as dt

    from kkletter.model import CaseRef, Letter, Recipient, Signer
    from kkletter.pdf.native import render_pdf

    values: dict[str, Any] = {
        "template": "brev",
        "profile": "sof-borgmester",
        "body": "Tak for brevet.",
        "subject": "Svar på henvendelse",
        "date": dt.date(2016, 9, 14),
        "recipient": Recipient(name="DOK", address=("Nørregade 11",), salutation="Kære DOK"),
        "case": CaseRef(number="2016-0318694", document="2016-0318694-3"),
        "signer": Signer(name="Jesper Christensen", title="Borgmester"),
    }
    values.update(changes)
    rendered = render_pdf(compose_letter(Letter(**values), Catalogs.shipped()))
    assert rendered.pdf.startswith(b"%PDF")
    return PdfReader(io.BytesIO(rendered.pdf)), rendered.notes


def _native_pdf_bytes(**changes: Any) -> bytes:
    import datetime as dt

    from kkletter.model import Letter
    from kkletter.pdf.native import render_pdf

    values: dict[str, Any] = {
        "template": "brev",
        "profile": "sof-borgmester",
        "date": dt.date(2016, 9, 14),
    }
    values.update(changes)
    return render_pdf(compose_letter(Letter(**values), Catalogs.shipped())).pdf


def test_native_pdf_draws_typst_markup_in_user_text_literally() -> None:
    tricky = '#set page(width: 1cm) $x^2$ *fed* _kursiv_ [link] <mærke> @ref \\ `kode` = # "'
    reader, notes = _native_pdf(subject=tricky, body=tricky.replace("*", "\\*"))
    assert notes == ()
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    assert "#set page(width: 1cm) $x^2$" in text
    assert "[link] <mærke> @ref" in text
    assert reader.metadata is not None
    assert reader.metadata.title == tricky


def test_native_pdf_title_without_subject_is_template_and_recipient() -> None:
    reader, _ = _native_pdf(subject="")
    assert reader.metadata is not None
    assert reader.metadata.title == "Brev til DOK"


def test_table_header_row_repeats_on_every_page_of_a_long_table() -> None:
    rows = "\n".join(f"| Række {n} | Værdi {n} |" for n in range(200))
    reader, _ = _native_pdf(body=f"| Emne | Beløb |\n|---|---|\n{rows}\n")
    pages = [_words(page.extract_text()) for page in reader.pages]
    assert len(pages) >= 4
    for text in pages[1:]:
        assert "Emne Beløb" in text
    assert "Række 199 Værdi 199" in pages[-1]


def test_characters_no_font_has_are_replaced_and_reported() -> None:
    reader, notes = _native_pdf(body="Møde i 東京 😀 og مرحبا")
    assert len(notes) == 2  # the two CJK characters; emoji and Arabic have a font
    assert all("findes ikke i PDF'ens skrifttyper" in note for note in notes)
    assert "東" in notes[0]
    text = reader.pages[0].extract_text()
    assert "\ufffd\ufffd" in text


def test_stress_text_never_breaks_the_pdf() -> None:
    body = (
        "Ord" * 120
        + "\n\n"
        + "\n".join("  " * depth + "- niveau" for depth in range(12))
        + "\n\nForm\x0cfeed, NUL\x00 og lodret\x0b tab.\n\nשלום עולם\n"
    )
    reader, _ = _native_pdf(body=body)
    text = _words(" ".join(page.extract_text() for page in reader.pages))
    assert "niveau" in text
    assert "\x00" not in text


def test_broken_signature_image_is_a_danish_error_naming_the_file(tmp_path: Path) -> None:
    from kkletter.errors import ResourceError
    from kkletter.model import Signer

    broken = tmp_path / "underskrift.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n ikke et billede")
    with pytest.raises(ResourceError, match=r"underskrift\.png"):
        _native_pdf(signer=Signer(name="A", signature=broken))
    with pytest.raises(ResourceError, match="findes ikke"):
        _native_pdf(signer=Signer(name="A", signature=tmp_path / "mangler.png"))


def test_signature_image_is_a_figure_with_alternative_text(tmp_path: Path) -> None:
    import struct
    import zlib

    from kkletter.model import Signer

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 4, 2, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * 4 for _ in range(2))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
    image = tmp_path / "underskrift.png"
    image.write_bytes(png + chunk(b"IEND", b""))
    reader, _ = _native_pdf(signer=Signer(name="Jesper Christensen", signature=image))
    root: Any = reader.trailer["/Root"]
    figures = _figures(root["/StructTreeRoot"])
    assert [str(figure["/Alt"]) for figure in figures] == ["Underskrift: Jesper Christensen"]


def test_a_typst_failure_is_a_danish_message_without_typst_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kkletter.pdf import native

    broken = native._Typst()
    broken.source = b"#let x = (\n#unknown-function()"
    monkeypatch.setattr(native, "_typst", lambda: broken)
    with pytest.raises(ConversionError) as caught:
        _native_pdf()
    message = str(caught.value)
    assert "sidelayout" in message
    for typst_text in ("unknown", "unclosed", "Typst"):
        assert typst_text not in message


def test_cli_render_pdf_works_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkletter.cli import main

    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("kkletter.pdf.libreoffice.soffice_candidates", lambda: [])
    stdout = io.StringIO()
    target = tmp_path / "brev.docx"
    assert main(["render", str(SEEDS[-1]), "-o", str(target), "--pdf"], stdout=stdout) == 0
    pdf = target.with_suffix(".pdf")
    assert "pdfaid:part" in _xmp(PdfReader(pdf))
    assert stdout.getvalue().splitlines() == [f"Gemt: {target}", f"Gemt: {pdf}"]


def test_merge_with_native_pdf_writes_a_pdfa_per_letter_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kkletter.pdf.libreoffice.soffice_candidates", lambda: [])
    monkeypatch.setenv("PATH", str(tmp_path))
    summary = _merge_last_seed(
        tmp_path, "navn;adresse1\nÆldresagen;Nytorv 3\nRøde Kors;Blegdamsvej 27\n", workers=1
    )
    assert [r.reason for r in summary.results] == ["", ""]
    for name in ("Ældresagen", "Røde Kors"):
        pdf = tmp_path / "ud" / f"{name}.pdf"
        assert pdf in summary.results[0].files + summary.results[1].files
        reader = PdfReader(pdf)
        assert _xmp_value(_xmp(reader), "pdfuaid:part") == "1"
        assert f"Kære {name}" in _words(reader.pages[0].extract_text())


# Page 1 of the native PDF and of LibreOffice's rendering of the DOCX have the same
# lines, except where LibreOffice breaks a near-full line one word earlier: it places
# glyphs on a grid of whole twips, which adds up to ~1 pt over a line (seed 000, one
# paragraph), and it does not break after "/" where Unicode (and Typst) allows it
# (seed 003, "Personer/husstande" in a table cell). Those paragraphs may differ.
_PAGE_ONE_DIFFERENCES = {"000-brev-udvalg": 8, "003-bilag-integrationsindsats": 4}


def _page_one_lines(pdf: Path) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return sorted(line.strip() for line in result.stdout.splitlines() if line.strip())


@needs_pdftotext
@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_native_and_libreoffice_page_one_have_the_same_lines(
    seed: Path, native_seed_pdfs: dict[str, Path], libreoffice_seed_pdfs: dict[str, Path]
) -> None:
    native = _page_one_lines(native_seed_pdfs[seed.stem])
    libreoffice = _page_one_lines(libreoffice_seed_pdfs[seed.stem])
    only_native = sorted(set(native) - set(libreoffice))
    only_libreoffice = sorted(set(libreoffice) - set(native))
    allowed = _PAGE_ONE_DIFFERENCES.get(seed.stem, 0)
    assert len(only_native) + len(only_libreoffice) <= allowed, (only_native, only_libreoffice)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_a_pdf_and_names_every_character_no_font_has(text: str) -> None:
    from kkletter.pdf.fonts import covered, missing_characters
    from kkletter.text import clean_text

    subject = text[:80]
    reader, notes = _native_pdf(body=text, subject=subject)
    assert len(reader.pages) >= 1
    noted = {re.search(r"U\+([0-9A-F]{4,6})", note).group(1) for note in notes}  # type: ignore[union-attr]
    # Every character the subject needs and no font has is named ...
    for char in missing_characters(clean_text(subject)):
        assert f"{ord(char):04X}" in noted
    # ... and only such characters are.
    assert all(int(point, 16) not in covered() for point in noted)


def _break_typst(monkeypatch: pytest.MonkeyPatch) -> None:
    from kkletter.pdf import native

    broken = native._Typst()
    broken.source = b"#let x = ("
    monkeypatch.setattr(native, "_typst", lambda: broken)


def test_cli_keeps_the_docx_and_says_so_when_the_pdf_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkletter.cli import main

    _break_typst(monkeypatch)
    stdout, stderr = io.StringIO(), io.StringIO()
    target = tmp_path / "brev.docx"
    argv = ["render", str(SEEDS[-1]), "-o", str(target), "--pdf"]
    assert main(argv, stdout=stdout, stderr=stderr) == 2
    assert target.is_file()
    assert not target.with_suffix(".pdf").exists()
    message = stderr.getvalue()
    assert "DOCX-filen brev.docx er gemt" in message
    assert message.count("\n") == 1  # one Danish line, no traceback


def test_a_typst_failure_prints_only_the_danish_line_in_a_real_process(tmp_path: Path) -> None:
    # In a process of its own (pytest captures logging, a terminal does not): Typst's
    # diagnostics must not reach stderr through Python's last-resort log handler.
    script = (
        "import sys\n"
        "from kkletter.pdf import native\n"
        "broken = native._Typst()\n"
        "broken.source = b'#let x = ('\n"
        "native._typst = lambda: broken\n"
        "from kkletter.cli import main\n"
        f"sys.exit(main(['render', {str(SEEDS[-1])!r}, '-o', {str(tmp_path / 'b.docx')!r},"
        " '--pdf']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"Gemt: {tmp_path / 'b.docx'}"]
    (line,) = result.stderr.splitlines()
    assert line.startswith("kkletter: PDF'en kunne ikke laves")


def test_merge_keeps_each_docx_and_reports_when_its_pdf_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _break_typst(monkeypatch)
    summary = _merge_last_seed(tmp_path, "navn;adresse1\nÆldresagen;Nytorv 3\n", workers=1)
    (result,) = summary.results
    assert result.status == "written"
    assert result.files == (tmp_path / "ud" / "Ældresagen.docx",)
    assert result.reason.startswith("PDF ikke lavet:")
    assert not (tmp_path / "ud" / "Ældresagen.pdf").exists()


def _structure_types(node: Any, found: dict[str, int]) -> dict[str, int]:
    node = node.get_object()
    if hasattr(node, "keys"):
        kind = node.get("/S")
        if kind is not None:
            found[str(kind)] = found.get(str(kind), 0) + 1
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, list) else [kids]:
                _structure_types(kid, found)
    return found


def test_native_pdf_tags_headings_lists_and_tables_with_header_cells(
    native_seed_pdfs: dict[str, Path],
) -> None:
    root: Any = PdfReader(native_seed_pdfs["003-bilag-integrationsindsats"]).trailer["/Root"]
    types = _structure_types(root["/StructTreeRoot"], {})
    document = compose_letter(load_draft(SEEDS[3]), Catalogs.shipped())
    tables = sum(isinstance(block, Table) for block in document.body)
    assert types["/H1"] == 1  # the subject
    assert types["/H2"] >= 1
    assert types["/L"] >= 1
    assert types["/LI"] == types["/Lbl"] == types["/LBody"]
    assert types["/Table"] == tables
    assert types["/THead"] == tables  # every table's header row is tagged as its header
    assert types["/TH"] >= tables


@needs_pdftotext
def test_right_to_left_text_is_drawn_right_to_left(tmp_path: Path) -> None:
    from kkletter.model import Recipient

    body = (
        "مرحبا بكم في كوبنهاغن\n\n## שלום עולם\n\nDansk afsnit.\n\n"
        "| عمود | Kolonne |\n|---|---|\n| שלום | a |\n"
    )
    # Without a subject the body's "##" heading is the first: tagged H1 for PDF/UA.
    recipient = Recipient(name="DOK", salutation="مرحبا")
    _, notes = _native_pdf(body=body, subject="", recipient=recipient)
    assert notes == ()
    pdf = tmp_path / "rtl.pdf"
    pdf.write_bytes(_native_pdf_bytes(body=body, subject="", recipient=recipient))
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    boxes = [
        (float(y_min), float(x_max), word)
        for y_min, x_max, word in re.findall(
            r'yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]+)<', result.stdout
        )
    ]
    right_edge = (25 + 127) / 25.4 * 72  # the text column's right edge in pt

    def rtl(word: str) -> bool:
        return any(unicodedata.bidirectional(char) in ("R", "AL") for char in word)

    # Each right-to-left line outside the table ends at the right margin.
    line_ends: dict[float, float] = {}
    for y, x, word in boxes:
        if rtl(word) and x > 300:
            line_ends[round(y)] = max(x, line_ends.get(round(y), 0.0))
    assert len(line_ends) >= 3  # salutation, paragraph, heading
    assert all(abs(x - right_edge) < 1.5 for x in line_ends.values()), line_ends
    assert max(x for _, x, word in boxes if word == "afsnit.") < right_edge - 100


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("", "### Først niveau 3\n\nTekst."),
        ("Emne", "#### Spring\n\n# Op\n\n###### Ned\n"),
        ("Emne", "#\n\nEn tom overskrift ovenfor.\n\n- ##\n"),
    ],
)
def test_any_heading_levels_give_a_pdfua_file(subject: str, body: str) -> None:
    # PDF/UA-1 wants H1 first, no skipped level and no empty heading; the look keeps
    # the Markdown level.
    reader, _ = _native_pdf(subject=subject, body=body)
    root: Any = reader.trailer["/Root"]
    types = _structure_types(root["/StructTreeRoot"], {})
    assert types["/H1"] >= 1
    levels = sorted(int(kind[2:]) for kind in types if re.fullmatch(r"/H\d", kind))
    assert levels == list(range(1, len(levels) + 1))


_MARKDOWN_PIECES = [
    "#",
    "## ",
    "###### x",
    "Tekst med **fed**, *kursiv* og <u>understreget</u>.",
    "| |\n|-|\n| |",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "| # |\n|---|\n| - a<br>- b |",
    "- ",
    "1.",
    "- a\n  - b\n    - c",
    "3. tre\n4. fire",
    "---",
    "> citat",
    "```\nkode\n```",
    "    indrykket",
    "x  \ny",
    "&#x6F22;",
    "<br>",
    "<script>",
    "![alt](bild.png)",
    "מימין",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(_MARKDOWN_PIECES), min_size=1, max_size=7),
    st.sampled_from(["", "Emne", "#", "   "]),
)
def test_any_markdown_gives_a_pdf(pieces: list[str], subject: str) -> None:
    reader, _ = _native_pdf(body="\n\n".join(pieces), subject=subject)
    assert len(reader.pages) >= 1


_STRESS_ROWS = "\n".join(f"| Række {n} | {n * 1000} kr. | note {n} |" for n in range(200))
STRESS_BODIES = {
    "200-row-table": f"| Emne | Beløb | Note |\n|---|---|---|\n{_STRESS_ROWS}\n",
    "lists": "\n".join("  " * d + f"- punkt på niveau {d} med lidt tekst" for d in range(8))
    + "\n\nTekst.\n\n"
    + "\n".join(f"{i}. nummer {i} " + "ord " * 30 for i in range(1, 30)),
    "headings": "\n\n".join(f"## Afsnit {i}\n\n" + "Tekst i afsnittet. " * 25 for i in range(12)),
    "adjacent-tables": "\n\n".join(
        f"| T{i} | B |\n|---|---|\n" + "\n".join(f"| r{j} | v |" for j in range(8))
        for i in range(10)
    ),
    "long-text": "\n\n".join(
        "Lorem ipsum dolor sit amet, æøå consectetur. " * 8 for _ in range(30)
    ),
}


@pytest.fixture(scope="module")
def stress_page_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, int]]:
    """Return (native, LibreOffice) page counts of each stress letter."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) er ikke installeret: sidetallet kan ikke sammenlignes.")
    import datetime as dt

    from kkletter.docx.writer import write_docx
    from kkletter.model import CaseRef, Letter, Recipient, Signer
    from kkletter.pdf.native import render_pdf

    folder = tmp_path_factory.mktemp("stress")
    native: dict[str, int] = {}
    pairs = []
    for name, body in STRESS_BODIES.items():
        letter = Letter(
            template="brev",
            profile="sof-borgmester",
            body=body,
            subject=f"Stress: {name}",
            date=dt.date(2020, 1, 1),
            recipient=Recipient(name="X", address=("Vej 1", "1000 By"), salutation="Kære X"),
            case=CaseRef(number="2020-0000001"),
            signer=Signer(name="A", title="B"),
        )
        document = compose_letter(letter, Catalogs.shipped())
        native[name] = len(PdfReader(io.BytesIO(render_pdf(document).pdf)).pages)
        write_docx(document, folder / f"{name}.docx")
        pairs.append((folder / f"{name}.docx", folder / f"{name}.pdf"))
    convert_many(pairs)
    return {
        name: (native[name], len(PdfReader(pdf).pages))
        for name, (_, pdf) in zip(STRESS_BODIES, pairs, strict=True)
    }


@pytest.mark.parametrize("name", list(STRESS_BODIES))
def test_stress_letters_have_as_many_native_pages_as_libreoffice_gives_the_docx(
    name: str, stress_page_counts: dict[str, tuple[int, int]]
) -> None:
    native, libreoffice = stress_page_counts[name]
    assert native == libreoffice


def test_without_the_typst_package_the_pdf_fails_in_danish_and_keeps_the_docx(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from kkletter.cli import main

    monkeypatch.delitem(sys.modules, "kkletter.pdf.native", raising=False)
    monkeypatch.setitem(sys.modules, "typst", None)  # import typst now raises ImportError
    stdout, stderr = io.StringIO(), io.StringIO()
    target = tmp_path / "brev.docx"
    argv = ["render", str(SEEDS[-1]), "-o", str(target), "--pdf"]
    assert main(argv, stdout=stdout, stderr=stderr) == 2
    assert target.is_file()
    assert "PDF-motor (typst) er ikke installeret" in stderr.getvalue()
    assert "--pdf-engine libreoffice" in stderr.getvalue()


@needs_pdftotext
def test_a_right_to_left_list_has_its_markers_on_the_right(tmp_path: Path) -> None:
    body = "- مرحبا بكم\n- شكرا\n\nDansk:\n\n- punkt\n- to\n"
    pdf = tmp_path / "liste.pdf"
    pdf.write_bytes(_native_pdf_bytes(body=body, subject="Lister"))
    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    bullets = [float(x) for x in re.findall(r'xMax="([\d.]+)"[^>]*>•<', result.stdout)]
    right_edge = (25 + 127) / 25.4 * 72
    assert len(bullets) == 4
    assert sum(abs(x - right_edge) < 1.5 for x in bullets) == 2  # the Arabic list
    assert sum(x < 100 for x in bullets) == 2  # the Danish list
