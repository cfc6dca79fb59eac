"""Accessibility rules: they fire on crafted bad letters and never on the seeds."""

from __future__ import annotations

import dataclasses
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.checks.accessibility import check_accessibility
from kkletter.checks.context import CheckContext
from kkletter.checks.findings import Finding
from kkletter.compose import Catalogs, compose_letter
from kkletter.drafts import load_draft
from kkletter.model import Letter, Signer

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds" / "drafts").glob("*.toml"))
CATALOGS = Catalogs.shipped()


def _letter(body: str, *, subject: str = "Høring om budget 2027", **changes: object) -> Letter:
    letter = Letter(
        template="brev",
        profile="sof-borgmester",
        subject=subject,
        body=body,
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )
    return dataclasses.replace(letter, **changes)  # type: ignore[arg-type]


def _check(letter: Letter) -> list[Finding]:
    return check_accessibility(CheckContext(letter, CATALOGS))


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_drafts_have_no_accessibility_findings(seed: Path) -> None:
    assert _check(load_draft(seed)) == []


def test_plain_letter_with_headings_in_order_passes() -> None:
    body = "Tak.\n\n## Baggrund\n\nTekst.\n\n### Detaljer\n\nMere.\n\n## Økonomi\n\nSlut.\n"
    assert _check(_letter(body)) == []


def test_untitled_document_is_an_error_on_the_subject() -> None:
    letter = _letter("Tak.", subject="")
    document = compose_letter(letter, CATALOGS)
    untitled = dataclasses.replace(
        document, properties=dataclasses.replace(document.properties, title=" ")
    )
    (finding,) = check_accessibility(CheckContext(letter, CATALOGS, document=untitled))
    assert (finding.rule, finding.severity, finding.field) == ("A11Y_TITLE", "error", "subject")


def test_subheading_as_first_heading_without_subject_skips_a_level() -> None:
    (finding,) = _check(_letter("## Baggrund\n\nTekst.", subject=""))
    assert finding.rule == "A11Y_HEADING_SKIP"
    assert (finding.field, finding.line, finding.column, finding.length) == ("body", 1, 1, 2)
    assert finding.suggestion == "#"
    assert "niveau 1" in finding.message


def test_level_four_after_level_two_is_a_skip_with_position() -> None:
    body = "Tak.\n\n## Baggrund\n\nTekst.\n\n  #### Detaljer\n"
    (finding,) = _check(_letter(body))
    assert finding.rule == "A11Y_HEADING_SKIP"
    assert (finding.line, finding.column, finding.length) == (7, 3, 4)
    assert finding.suggestion == "###"
    assert finding.severity == "warning"


def test_table_with_empty_header_row_is_reported() -> None:
    body = "Oversigt:\n\n|  |  |\n|---|---|\n| Husleje | 4.500 kr. |\n"
    (finding,) = _check(_letter(body))
    assert (finding.rule, finding.line, finding.column) == ("A11Y_TABLE_HEADER", 3, 1)


def test_table_with_header_row_passes() -> None:
    body = "| Post | Beløb |\n|---|---|\n| Husleje | 4.500 kr. |\n"
    assert _check(_letter(body)) == []


@pytest.mark.parametrize("spacer", ["\u00a0", "&nbsp;", "<br>", "<br/> <br />", "\\"])
def test_spacer_only_paragraph_is_reported_with_a_safe_fix(spacer: str) -> None:
    body = f"Første afsnit.\n\n{spacer}\n\nAndet afsnit.\n"
    (finding,) = _check(_letter(body))
    assert finding.rule == "A11Y_EMPTY_PARAGRAPHS"
    assert (finding.line, finding.column, finding.length) == (3, 1, len(spacer))
    assert finding.suggestion == ""
    assert finding.safe


def test_run_of_blank_lines_is_an_info() -> None:
    (finding,) = _check(_letter("Første afsnit.\n\n\n\nAndet afsnit.\n"))
    assert (finding.rule, finding.severity, finding.line) == ("A11Y_EMPTY_PARAGRAPHS", "info", 3)


def test_leading_and_trailing_blank_lines_are_not_spacing() -> None:
    assert _check(_letter("\n\n\nTak.\n\n\n\n")) == []


@pytest.mark.parametrize(
    ("markup", "suggestion"),
    [
        ('<span style="color: red">frist 1. maj</span>', "**frist 1. maj**"),
        ('<font color="#ff0000">frist 1. maj</font>', "**frist 1. maj**"),
        ("<SPAN STYLE='font-weight:bold;color:#c00'>", None),
    ],
)
def test_colour_only_emphasis_is_reported(markup: str, suggestion: str | None) -> None:
    (finding,) = _check(_letter(f"Husk {markup} i år.\n"))
    assert finding.rule == "A11Y_COLOUR_EMPHASIS"
    assert (finding.line, finding.column, finding.length) == (1, 6, len(markup))
    assert finding.suggestion == suggestion


def test_background_colour_word_in_text_is_not_colour_emphasis() -> None:
    assert _check(_letter("Farven rød (color) nævnes blot.\n")) == []


def test_image_without_alt_text_is_an_error() -> None:
    findings = _check(_letter("Se kortet:\n\n![](kort.png)\n"))
    assert _rules(findings) == ["A11Y_IMAGE_ALT"]
    assert (findings[0].severity, findings[0].line, findings[0].column) == ("error", 3, 1)


def test_html_image_without_alt_is_an_error() -> None:
    assert _rules(_check(_letter('Se <img src="kort.png"> her.\n'))) == ["A11Y_IMAGE_ALT"]


def test_image_with_alt_text_passes() -> None:
    assert _check(_letter("![Kort over Nørrebro](kort.png)\n")) == []


def test_screenshot_of_text_is_reported_as_text_as_image() -> None:
    findings = _check(_letter("![Skærmbillede af afgørelsen](skaermbillede-2024.png)\n"))
    assert _rules(findings) == ["A11Y_TEXT_AS_IMAGE"]


def test_signature_without_alt_text_is_an_error(tmp_path: Path) -> None:
    letter = _letter("Tak.", signer=Signer(name="", signature=tmp_path / "sig.png"))
    document = dataclasses.replace(compose_letter(letter, CATALOGS), signature_alt="")
    (finding,) = check_accessibility(CheckContext(letter, CATALOGS, document=document))
    assert (finding.rule, finding.field) == ("A11Y_IMAGE_ALT", "signer.name")


def test_signature_gets_alt_text_from_the_signer_name(tmp_path: Path) -> None:
    letter = _letter("Tak.", signer=Signer(name="Jesper Christensen", signature=tmp_path / "s.png"))
    document = compose_letter(letter, CATALOGS)
    assert "Jesper Christensen" in document.signature_alt
    assert check_accessibility(CheckContext(letter, CATALOGS, document=document)) == []


def _png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00\x00\x00\x00\x00\x00")
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


def test_writer_puts_signer_name_as_alt_text_on_the_signature_image(tmp_path: Path) -> None:
    writer = pytest.importorskip("kkletter.docx.writer", reason="DOCX-skriveren findes ikke endnu")
    signature = _png(tmp_path / "underskrift.png")
    letter = _letter("Tak.", signer=Signer(name="Jesper Christensen", signature=signature))
    target = tmp_path / "brev.docx"
    writer.write_docx(compose_letter(letter, CATALOGS), target)
    with zipfile.ZipFile(target) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<wp:docPr" in xml
    assert 'descr="Underskrift: Jesper Christensen"' in xml


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("#|-! []()<>/\\\n\u00a0abæø:;\"'=spancolrfimg")), max_size=80
    )
)
def test_rules_never_crash_and_positions_are_inside_the_body(body: str) -> None:
    letter = _letter(body)
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in _check(letter):
        assert finding.field == "body"
        assert 1 <= finding.line <= len(lines)
        line = lines[finding.line - 1]
        assert 1 <= finding.column <= len(line) + 1
        assert finding.column - 1 + finding.length <= len(line)
