from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kkletter.compose import Catalogs, Labelled, compose_letter
from kkletter.drafts import load_draft
from kkletter.errors import ProfileError, TemplateError
from kkletter.markup import Heading
from kkletter.model import CaseRef, Letter, Recipient, Signer

SEED_DRAFTS = Path(__file__).resolve().parent.parent / "seeds" / "drafts"


def _letter(**changes: object) -> Letter:
    base: dict[str, object] = {
        "template": "brev",
        "profile": "sof-borgmester",
        "date": dt.date(2016, 9, 14),
        "subject": "Emne",
        "body": "Tekst",
        "recipient": Recipient("DOK", ("Adresse 1",), "Kære DOK"),
        "case": CaseRef("2016-0318694", "2016-0318694-3"),
        "signer": Signer("Jesper Christensen", "Borgmester"),
    }
    base.update(changes)
    return Letter(**base)  # type: ignore[arg-type]


def test_letterhead_and_case_block_of_the_mayor(catalogs: Catalogs) -> None:
    document = compose_letter(_letter(), catalogs)
    head = document.letterhead
    assert (head.organisation, head.unit, head.subunit) == (
        "KØBENHAVNS KOMMUNE",
        "Socialudvalget",
        "Borgmesteren",
    )
    assert head.case_block == (
        Labelled("Dato", "14. september 2016"),
        Labelled("Sagsnr.", "2016-0318694"),
        Labelled("Dok.nr.", "2016-0318694-3"),
    )
    assert Labelled("Telefon", "33 66 33 66") in head.contact
    assert Labelled("", "www.kk.dk") in head.contact


def test_signer_phone_and_email_override_the_profile(catalogs: Catalogs) -> None:
    signer = Signer("Mikkel Warming", phone="33 66 24 99", email="Mikkel.Warming@sof.kk.dk")
    contact = compose_letter(_letter(signer=signer), catalogs).letterhead.contact
    assert Labelled("Direkte telefon", "33 66 24 99") in contact
    assert Labelled("E-mail", "Mikkel.Warming@sof.kk.dk") in contact


def test_undated_letter_keeps_an_empty_date_line(catalogs: Catalogs) -> None:
    document = compose_letter(_letter(date=None), catalogs, now=dt.datetime(2026, 1, 2, 3, 4))
    assert document.letterhead.case_block[0] == Labelled("Dato", "")
    assert document.properties.created == dt.datetime(2026, 1, 2, 3, 4)


def test_notat_prints_the_numeric_date_and_its_own_case_lines(catalogs: Catalogs) -> None:
    letter = _letter(
        template="notat",
        date=dt.date(2023, 4, 12),
        case=CaseRef("2023 - 5975", "3238865"),
        fields={"sagsbehandler": "Jonas Søbæk Magelund"},
    )
    document = compose_letter(letter, catalogs)
    assert document.document_type == "Notat"
    assert document.letterhead.case_block == (
        Labelled("", "12-04-2023"),
        Labelled("Sagsnummer i F2", "2023 - 5975"),
        Labelled("Dokumentnummer i F2", "3238865"),
        Labelled("Sagsbehandler", "Jonas Søbæk Magelund"),
    )
    assert document.closing == ""
    assert document.salutation == ""


def test_hearing_reply_numbers_its_sections(catalogs: Catalogs) -> None:
    letter = _letter(template="hoeringssvar", body="## Vurdering\n\nx\n\n## Samarbejde\n")
    headings = [b.text for b in compose_letter(letter, catalogs).body if isinstance(b, Heading)]
    assert headings == ["1. Vurdering", "2. Samarbejde"]


def test_draft_date_style_overrides_the_template(catalogs: Catalogs) -> None:
    document = compose_letter(_letter(date=dt.date(2007, 1, 12), date_style="stamp"), catalogs)
    assert document.date_text == "12 JAN. 2007"


def test_properties_carry_case_numbers_and_template(catalogs: Catalogs) -> None:
    properties = compose_letter(_letter(), catalogs).properties
    assert properties.title == "Emne"
    assert properties.author == "Jesper Christensen"
    assert properties.language == "da-DK"
    assert dict(properties.custom) == {
        "Sagsnummer": "2016-0318694",
        "Dokumentnummer": "2016-0318694-3",
        "Skabelon": "brev",
        "Afsenderprofil": "sof-borgmester",
    }


def test_unknown_profile_lists_the_valid_ones(catalogs: Catalogs) -> None:
    with pytest.raises(ProfileError, match="Gyldige profiler: sof-borgmester"):
        compose_letter(_letter(profile="borgmester"), catalogs)


def test_unknown_date_style_is_a_template_error(catalogs: Catalogs) -> None:
    with pytest.raises(TemplateError, match="datoformat"):
        compose_letter(_letter(date_style="amerikansk"), catalogs)


@pytest.mark.parametrize("path", sorted(SEED_DRAFTS.glob("*.toml")), ids=lambda p: p.stem)
def test_every_seed_draft_composes(path: Path, catalogs: Catalogs) -> None:
    document = compose_letter(load_draft(path), catalogs)
    assert document.body
