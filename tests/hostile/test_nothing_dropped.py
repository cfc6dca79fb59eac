"""Nothing silently dropped: every word of any body reaches the DOCX (and the PDF)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkletter.compose import Catalogs, compose_letter
from kkletter.docx.writer import docx_bytes, write_docx
from kkletter.markdown_limits import (
    MAX_CONTAINER_MARKERS,
    MAX_INDENT,
    MAX_LIST_MARKERS,
    deep_nesting_lines,
)
from kkletter.markup import iter_paragraphs, parse_markdown
from kkletter.pdf import convert_to_pdf, find_soffice
from tests.letters import letter_with_body

CATALOGS = Catalogs.shipped()
_WORD = st.from_regex(r"[a-zæøå]{3,8}[0-9]{0,2}", fullmatch=True)
_PHRASE = st.lists(_WORD, min_size=1, max_size=4).map(" ".join)


def _inline(words: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        words,
        words.map(lambda w: f"**{w}**"),
        words.map(lambda w: f"*{w}*"),
        words.map(lambda w: f"<u>{w}</u>"),
        words.map(lambda w: f"[{w}](https://kk.dk)"),
        words.map(lambda w: f"`{w}`"),
    )


_LINE = st.lists(_inline(_PHRASE), min_size=1, max_size=3).map(" ".join)


@st.composite
def _block(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["para", "heading", "list", "quote", "table", "deep"]))
    if kind == "para" or depth > 3:
        return draw(_LINE)
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + draw(_LINE)
    if kind == "list":
        marker = draw(st.sampled_from(["- ", "* ", "1. "]))
        items = draw(st.lists(_block(depth + 1), min_size=1, max_size=3))
        lines = []
        for item in items:
            first, *rest = item.split("\n")
            lines.append(marker + first)
            lines.extend(" " * len(marker) + r if r else "" for r in rest)
        return "\n".join(lines)
    if kind == "quote":
        inner = draw(_block(depth + 1))
        return "\n".join("> " + line for line in inner.split("\n"))
    if kind == "table":
        columns = draw(st.integers(1, 3))
        rows = draw(st.lists(st.lists(_LINE, min_size=columns, max_size=columns + 1), max_size=3))
        header = draw(st.lists(_PHRASE, min_size=columns, max_size=columns))
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * columns]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    # Deep: nesting far past what markdown-it follows by default.
    levels = draw(st.integers(10, 60))
    text = draw(_PHRASE)
    style = draw(st.sampled_from(["quote", "list", "indent", "mixed"]))
    if style == "quote":
        return ">" * levels + " " + text
    if style == "list":
        return "- " * levels + text
    if style == "mixed":
        return "- > " * levels + text
    return "\n".join("  " * i + f"- {text}{i}" for i in range(levels))


_BODY = st.lists(_block(), min_size=1, max_size=6).map("\n\n".join)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def tables(items: list[docx.table.Table]) -> None:
        for table in items:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    tables(cell.tables)

    tables(document.tables)
    return "\n".join(parts)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_BODY)
def test_every_word_of_any_body_reaches_the_docx(body: str) -> None:
    words = set(re.findall(r"[a-zæøå]{3,8}[0-9]*", re.sub(r"\]\([^)]*\)", "]", body)))
    words -= {"https"}
    blocks = parse_markdown(body)
    block_words = set(re.findall(r"\w+", " ".join(p.text for p in iter_paragraphs(blocks))))
    assert words <= block_words, f"lost in the blocks: {sorted(words - block_words)}"
    text = _docx_text(docx_bytes(compose_letter(letter_with_body(body), CATALOGS)))
    docx_words = set(re.findall(r"\w+", text))
    assert words <= docx_words, f"lost in the DOCX: {sorted(words - docx_words)}"


@pytest.mark.parametrize(
    ("body", "deep"),
    [
        ("\n".join("  " * i + f"- niveau{i}" for i in range(12)), ()),
        (">" * MAX_CONTAINER_MARKERS + " citat", ()),
        (">" * (MAX_CONTAINER_MARKERS + 1) + " dybere citat", (1,)),
        (">" * 20 + " tyvefoldigt citat", (1,)),
        ("- " * 40 + "fyrre", (1,)),
        ("- " * MAX_LIST_MARKERS + "liste", ()),
        ("\n".join(["- " * (MAX_LIST_MARKERS + 1) + "dybere liste"] * 3), (1, 2, 3)),
        ("> " + "- " * MAX_LIST_MARKERS + "citeret liste", ()),
        ("> " + "+ " * (MAX_LIST_MARKERS + 1) + "citeret dybere", (1,)),
        (">" * 150 + " dybt", (1,)),
        (
            "Tekst\n\n" + "\n".join("  " * i + f"- lag{i}" for i in range(30)),
            tuple(range(3 + MAX_INDENT // 2 + 1, 33)),
        ),
    ],
)
def test_deep_nesting_is_rendered_and_what_was_flattened_is_reported(
    body: str, deep: tuple[int, ...]
) -> None:
    words = set(re.findall(r"\w+", body))
    text = _docx_text(docx_bytes(compose_letter(letter_with_body(body), CATALOGS)))
    assert words <= set(re.findall(r"\w+", text))
    assert deep_nesting_lines(body) == deep


@pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice og pdftotext er ikke installeret: PDF'en kan ikke læses her.",
)
def test_deep_nesting_reaches_the_pdf(tmp_path: Path) -> None:
    body = (
        "\n".join("  " * i + f"- niveau{i}" for i in range(12))
        + "\n\n"
        + ">" * 25
        + " citatbund\n\n"
        + "- " * 30
        + "listebund"
    )
    target = tmp_path / "dyb.docx"
    write_docx(compose_letter(letter_with_body(body), CATALOGS), target)
    pdf = convert_to_pdf(target, tmp_path / "dyb.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for word in [f"niveau{i}" for i in range(12)] + ["citatbund", "listebund"]:
        assert word in text


@pytest.mark.parametrize("unit", ["*a*", "_b_ ", "[c](d) ", "![e](f) ", "[[g]] "])
def test_text_dense_with_markup_keeps_every_character(unit: str) -> None:
    body = unit * 12000  # past the limits where markup is shown as written (linear time)
    text = "".join(p.text for p in iter_paragraphs(parse_markdown(body)))
    assert text.replace(" ", "") == body.replace(" ", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_BODY)
def test_every_word_of_any_body_reaches_the_native_pdf(body: str) -> None:
    from pypdf import PdfReader

    from kkletter.pdf.native import render_pdf

    words = set(re.findall(r"[a-zæøå]{3,8}[0-9]*", re.sub(r"\]\([^)]*\)", "]", body)))
    words -= {"https"}
    pdf = render_pdf(compose_letter(letter_with_body(body), CATALOGS)).pdf
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    # Text extraction splits a word at a line break with a hyphen-less wrap; join lines.
    found = set(re.findall(r"\w+", text)) | set(re.findall(r"\w+", text.replace("\n", "")))
    assert words <= found, f"lost in the PDF: {sorted(words - found)}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_BODY, budget=st.integers(1, 8))
def test_every_word_reaches_the_docx_past_any_line_budget(body: str, budget: int) -> None:
    """Past the formatted-line budget (lowered here) the plain tail loses nothing either."""
    from kkletter import markdown_limits

    words = set(re.findall(r"[a-zæøå]{3,8}[0-9]*", re.sub(r"\]\([^)]*\)", "]", body)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_limits, "MAX_FORMATTED_LINES", budget)
        text = _docx_text(docx_bytes(compose_letter(letter_with_body(body), CATALOGS)))
    assert words <= set(re.findall(r"\w+", text)), sorted(words - set(re.findall(r"\w+", text)))
