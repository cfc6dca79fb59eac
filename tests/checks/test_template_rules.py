"""What a template declares: required fields (warnings) and help texts (never left in)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter.checks import check_letter
from kkletter.checks.completeness import find_help_texts
from kkletter.compose import Catalogs
from kkletter.errors import TemplateError
from kkletter.model import Letter, Recipient, Signer
from kkletter.templating import load_template

CATALOGS = Catalogs.shipped()
BREV_HINT = "Skriv brevets tekst her."
HOERING_HINTS = CATALOGS.templates["hoeringssvar"].help_texts


def new_brev(body: str) -> Letter:
    """Return a brev as Ctrl+N leaves it once recipient, salutation and signer are filled."""
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 4),
        body=body,
        recipient=Recipient(name="DOK", salutation="Kære DOK"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def test_the_issues_letter_is_not_reported_as_ready() -> None:
    letter = new_brev(f"Tak for jeres henvendelse.\n\n{BREV_HINT}Vi har modtaget ...\n")
    found = {(f.rule, f.field, f.severity) for f in check_letter(letter, CATALOGS)}
    assert found == {
        ("PLACEHOLDER", "body", "error"),
        ("MISSING_FIELD", "subject", "warning"),
        ("MISSING_FIELD", "case.number", "warning"),
        ("MISSING_FIELD", "case.document", "warning"),
    }


def test_a_missing_required_field_names_its_label_and_the_template() -> None:
    letter = dataclasses.replace(new_brev("Tekst."), subject="Svar")
    messages = {f.field: f.message for f in check_letter(letter, CATALOGS)}
    assert messages["case.document"] == (
        "Dok.nr. er ikke udfyldt; skabelonen Brev kræver det, før brevet sendes"
    )
    assert "subject" not in messages


@pytest.mark.parametrize(
    ("body", "flagged"),
    [
        (BREV_HINT, BREV_HINT),
        (f"{BREV_HINT}Vi har modtaget din ansøgning.", BREV_HINT),
        ("Vi har modtaget din ansøgning. skriv brevets tekst her.", "skriv brevets tekst her."),
        ("Skriv brevets tekst her om boligen.", "Skriv brevets tekst her om boligen."),
        ("Skriv brevets tekst hér!", "Skriv brevets tekst hér!"),
    ],
)
def test_the_help_text_is_found_as_written_or_edited(body: str, flagged: str) -> None:
    spans = find_help_texts(body, [BREV_HINT])
    assert [body[a:b] for a, b in spans] == [flagged]


@pytest.mark.parametrize(
    "body",
    [
        "Skriv til os her.",
        "Vi har modtaget din ansøgning om en bolig.",
        "Du kan skrive til borgerrådgiveren, hvis du er uenig.",
    ],
)
def test_the_writers_own_sentences_are_not_help_texts(body: str) -> None:
    assert find_help_texts(body, [BREV_HINT]) == []


def test_a_help_text_with_gaps_is_found_until_the_gaps_are_filled() -> None:
    left = "Socialudvalget har på sit møde den ... behandlet høringen om budgettet."
    assert [left[a:b] for a, b in find_help_texts(left, HOERING_HINTS)] == [left]
    filled = "Socialudvalget har på sit møde den 5. maj 2024 behandlet høringen om budgettet."
    assert find_help_texts(filled, HOERING_HINTS) == []


@given(st.text(max_size=200))
def test_help_text_spans_lie_inside_the_text_in_order(text: str) -> None:
    spans = find_help_texts(text, [BREV_HINT, *HOERING_HINTS])
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(text)


def test_every_shipped_template_declares_help_texts_found_in_its_default_body() -> None:
    for spec in CATALOGS.templates.values():
        assert spec.help_texts, spec.id
        assert "subject" in spec.required_fields, spec.id
        for hint in spec.help_texts:
            assert hint in spec.default_body, (spec.id, hint)


def test_a_template_requiring_an_unknown_field_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "min"
    folder.mkdir()
    (folder / "body.md.j2").write_text("{{ body }}", encoding="utf-8")
    (folder / "template.toml").write_text(
        'name = "Min"\nrequired_fields = ["emne"]\n', encoding="utf-8"
    )
    with pytest.raises(TemplateError, match="required_fields nævner 'emne'"):
        load_template(folder)
