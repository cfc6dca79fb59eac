"""Standard paragraphs: the file format, the picker's filter, short names, letter fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.errors import LibraryError
from kkletter.library.paragraphs import (
    Paragraph,
    expand_paragraph,
    filter_paragraphs,
    find_short_name,
    paragraph_to_text,
    parse_paragraph,
)
from kkletter.model import CaseRef, Letter, Recipient

_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(
    title=_TEXT.filter(lambda t: t.strip() != "" and t == t.strip()),
    category=_TEXT.map(str.strip),
    keywords=st.lists(_TEXT.filter(lambda t: t != ""), max_size=4),
    body=st.text(max_size=200).filter(lambda b: "\r" not in b),
)
def test_a_paragraph_survives_saving_and_reading(
    title: str, category: str, keywords: list[str], body: str
) -> None:
    body = body.strip("\n") + "\n"
    lines = body.split("\n")
    if any(line.strip() == "+++" for line in lines):  # the fence is reserved at the start only
        body = body.replace("+++", "++ +")
    paragraph = Paragraph("p", title, body, category, tuple(keywords))
    assert parse_paragraph(paragraph_to_text(paragraph), Path("p.md")) == paragraph


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Ingen hoved\n", 1, "skal begynde med en linje '+++'"),
        ("+++\ntitle = 'A'\nTekst\n", 3, "afsluttes ikke"),
        ("+++\ncategory = 'A'\n+++\nTekst\n", 2, "'title' mangler"),
        ("+++\ntitle = 'A'\nshort = 'Ét ord'\n+++\nTekst\n", 3, "kortnavnet"),
        ("+++\ntitle = 'A'\n\ncategory = [\n+++\nTekst\n", 4, "ikke gyldig TOML"),
    ],
)
def test_a_broken_paragraph_names_its_line(text: str, line: int, words: str) -> None:
    with pytest.raises(LibraryError) as caught:
        parse_paragraph(text, Path("bad.md"))
    assert caught.value.line == line
    assert words in str(caught.value)
    assert "bad.md" in str(caught.value)


def _paragraphs() -> list[Paragraph]:
    return [
        Paragraph("oplys", "Oplysningspligt", "Du skal oplyse ...", "Afgørelse", ("pligt",)),
        Paragraph(
            "klage-sel",
            "Klagevejledning – serviceloven",
            "Du kan klage ...",
            "Afgørelse",
            ("Ankestyrelsen", "frist"),
            short="klag",
        ),
        Paragraph("tak", "Tak for henvendelsen", "Tak. Hvis du vil klage, så ...", "Brev"),
    ]


def test_the_filter_needs_every_word_and_ranks_title_matches_first() -> None:
    items = _paragraphs()
    assert [p.id for p in filter_paragraphs(items, "klage")] == ["klage-sel", "tak"]
    assert [p.id for p in filter_paragraphs(items, "ankestyrelsen FRIST")] == ["klage-sel"]
    assert [p.id for p in filter_paragraphs(items, "afgørelse")] == ["oplys", "klage-sel"]
    assert filter_paragraphs(items, "  ") == items
    assert filter_paragraphs(items, "findes ikke") == []


def test_a_short_name_finds_its_paragraph_and_the_id_is_the_default() -> None:
    items = _paragraphs()
    assert find_short_name(items, "KLAG") == items[1]
    assert find_short_name(items, "tak") == items[2]
    assert find_short_name(items, "klage-sel") is None


def test_fields_are_filled_from_the_letter_and_empty_ones_stay_to_be_checked() -> None:
    paragraph = Paragraph(
        "p",
        "P",
        "Kære {{ recipient.name }}. Sag {{ case.number }} af {{ date }}; "
        "klag senest {{ deadline(4) }}. {{ fields.sagsbehandler }} {{ ukendt }}\n",
    )
    letter = Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        recipient=Recipient(name="Anna Hansen"),
    )
    text = expand_paragraph(paragraph, letter)
    assert text.startswith("Kære Anna Hansen. Sag {{ case.number }} af 2. marts 2026;")
    assert "klag senest 30. marts 2026." in text
    assert "{{ fields.sagsbehandler }} {{ ukendt }}" in text
    checked = Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        case=CaseRef("2026-0000001"),
        body=text,
    )
    rules = [f.rule for f in check_letter(checked, Catalogs.shipped()) if f.field == "body"]
    assert rules.count("PLACEHOLDER") == 3


def test_a_paragraph_cannot_reach_python_internals() -> None:
    evil = Paragraph("p", "P", "{{ recipient.__class__.__mro__ }}\n")
    with pytest.raises(LibraryError, match="kunne ikke udfyldes: access to attribute"):
        expand_paragraph(evil, Letter(template="brev", profile="x"))


def test_a_syntax_error_in_a_paragraph_is_a_danish_error() -> None:
    with pytest.raises(LibraryError, match="linje 1"):
        expand_paragraph(Paragraph("p", "P", "{{ recipient.name \n"), Letter("brev", "x"))
