"""Letter rules: missing parts, case numbers, CPR, placeholders, phone numbers and EAN."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.checks import Finding, apply_fixes, check_letter
from kkletter.checks.contact import gs1_check_digit
from kkletter.compose import Catalogs
from kkletter.model import CaseRef, Letter, Profile, Recipient, Signer

CATALOGS = Catalogs.shipped()


def brev(**changes: Any) -> Letter:
    """Return a complete letter from the mayor that has no findings."""
    values: dict[str, Any] = {
        "template": "brev",
        "profile": "sof-borgmester",
        "date": dt.date(2016, 9, 14),
        "subject": "Svar på henvendelse",
        "body": "Tak for jeres brev.",
        "recipient": Recipient(name="DOK", salutation="Kære DOK"),
        "case": CaseRef(number="2016-0318694", document="2016-0318694-3"),
        "signer": Signer(name="Jesper Christensen", title="Borgmester"),
    }
    values.update(changes)
    return Letter(**values)


def rules(letter: Letter, catalogs: Catalogs = CATALOGS) -> list[str]:
    return [f.rule for f in check_letter(letter, catalogs)]


def only(letter: Letter, rule: str) -> Finding:
    [finding] = [f for f in check_letter(letter, CATALOGS) if f.rule == rule]
    return finding


def test_complete_letter_has_no_findings() -> None:
    assert check_letter(brev(), CATALOGS) == []


def test_missing_date_is_an_error() -> None:
    finding = only(brev(date=None), "MISSING_DATE")
    assert (finding.severity, finding.field) == ("error", "date")


def test_missing_recipient_signer_and_salutation_in_a_letter() -> None:
    letter = brev(recipient=Recipient(), signer=Signer())
    found = {(f.rule, f.severity, f.field) for f in check_letter(letter, CATALOGS)}
    assert found == {
        ("MISSING_RECIPIENT", "error", "recipient.name"),
        ("MISSING_SALUTATION", "warning", "recipient.salutation"),
        ("MISSING_SIGNER", "error", "signer.name"),
    }


def test_notat_needs_no_recipient_salutation_or_signer() -> None:
    letter = brev(
        template="notat", recipient=Recipient(), signer=Signer(), fields={"sagsbehandler": "A"}
    )
    assert rules(letter) == []


def test_hearing_reply_needs_no_salutation_but_a_signer() -> None:
    letter = brev(template="hoeringssvar", recipient=Recipient(name="Udvalget"), signer=Signer())
    assert rules(letter) == ["MISSING_SIGNER"]


@pytest.mark.parametrize(
    "number", ["2016-0318694", "2008-64009", "2008-124406", "2006-2405", "2016 - 5975"]
)
def test_known_case_number_forms_pass(number: str) -> None:
    # An F2 document number ("3238865") is never compared with the case number.
    assert rules(brev(case=CaseRef(number=number, document="3238865"))) == []


@pytest.mark.parametrize(
    "number", ["2016/0318694", "16-0318694", "2016-03186945", "2016-12", "sag 12"]
)
def test_unknown_case_number_form_is_a_warning(number: str) -> None:
    finding = only(brev(case=CaseRef(number=number)), "CASE_NUMBER_FORMAT")
    assert (finding.severity, finding.field, finding.column, finding.length) == (
        "warning",
        "case.number",
        1,
        len(number),
    )


def test_document_number_of_another_case_is_a_warning() -> None:
    letter = brev(case=CaseRef(number="2016-0318694", document="2016-0318695-3"))
    finding = only(letter, "DOCUMENT_NUMBER_MISMATCH")
    assert (finding.field, finding.column, finding.length) == ("case.document", 1, 12)


def test_document_number_without_case_prefix_is_not_compared() -> None:
    letter = brev(case=CaseRef(number="2016 - 5975", document="3238865"))
    assert rules(letter) == []


def test_case_year_after_letter_year_is_a_warning() -> None:
    letter = brev(date=dt.date(2015, 12, 1), case=CaseRef(number="2016-0318694"))
    finding = only(letter, "CASE_YEAR_AFTER_DATE")
    assert (finding.field, finding.column, finding.length) == ("case.number", 1, 4)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("CPR-nr. 010203-1234", "body"),
        ("cpr 0102031234.", "body"),
        ("Borger 311299-4321 har klaget", "body"),
        ("Vedr. 290200-1234", "subject"),
    ],
)
def test_cpr_number_is_an_error_anywhere(text: str, field: str) -> None:
    letter = brev(**{field: text})
    finding = only(letter, "CPR_NUMBER")
    assert (finding.severity, finding.field) == ("error", field)


def test_cpr_number_in_recipient_address_is_found_on_its_line() -> None:
    letter = brev(
        recipient=Recipient(name="A", salutation="Kære A", address=("Vej 1", "010203-1234"))
    )
    finding = only(letter, "CPR_NUMBER")
    assert (finding.field, finding.line, finding.column) == ("recipient.address", 2, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Sagsnr. 2016-0318694",
        "Dokumentnr. 2016-0318694-3",
        "tlf. 33 66 33 66",
        "1.234.567,89 kr.",
        "kontonr. 3409-1234567890",
        "EAN 5798009682833",
        "320203-1234",  # day 32
        "011303-1234",  # month 13
        "12345678901",
        "+4533663366",
    ],
)
def test_cpr_rule_never_fires_on_case_numbers_phones_or_amounts(text: str) -> None:
    assert rules(brev(body=text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kære XX",
        "[...]",
        "[…]",
        "[INDSÆT navn]",
        "[NAVN]",
        "TODO",
        "svar ???",
        "{{ navn }}",
        "{% if x %}",
    ],
)
def test_placeholder_is_an_error(text: str) -> None:
    finding = only(brev(body=f"Tekst.\n{text}"), "PLACEHOLDER")
    assert (finding.severity, finding.line) == ("error", 2)


@pytest.mark.parametrize(
    "text",
    ["[Københavns Kommune](https://www.kk.dk)", "XXL", "todo-listen", "Hvorfor?", "m.v. ..."],
)
def test_placeholder_rule_spares_ordinary_text(text: str) -> None:
    assert rules(brev(body=text)) == []


def test_placeholder_in_case_number_and_salutation() -> None:
    letter = brev(
        case=CaseRef(number="2016-XXXXXXX"), recipient=Recipient(name="A", salutation="Kære XX")
    )
    found = {(f.rule, f.field) for f in check_letter(letter, CATALOGS)}
    assert ("PLACEHOLDER", "case.number") in found
    assert ("PLACEHOLDER", "recipient.salutation") in found


def test_template_hint_left_in_the_body_is_a_placeholder() -> None:
    body = "Tak for jeres henvendelse.\n\nSkriv brevets tekst her.\n"
    finding = only(brev(body=body), "PLACEHOLDER")
    assert (finding.line, finding.column, finding.length) == (3, 1, len("Skriv brevets tekst her."))


def test_body_phone_number_not_in_pairs_is_a_warning_with_paired_suggestion() -> None:
    finding = only(brev(body="Ring på tlf. 3317 3214."), "PHONE_FORMAT")
    assert (finding.column, finding.length, finding.suggestion) == (14, 9, "33 17 32 14")
    assert not finding.safe


@pytest.mark.parametrize("text", ["Telefon: 33173214", "mobil +45 3317-3214", "fax 3317 3731"])
def test_phone_cues_find_unpaired_numbers(text: str) -> None:
    assert rules(brev(body=text)) == ["PHONE_FORMAT"]


@pytest.mark.parametrize(
    "text", ["tlf. 33 66 33 66", "tlf. +45 33 66 33 66", "3317 3214 borgere", "akt 3238865"]
)
def test_paired_or_uncued_numbers_are_not_phone_findings(text: str) -> None:
    assert rules(brev(body=text)) == []


def _catalogs_with(profile: Profile) -> Catalogs:
    return Catalogs(CATALOGS.templates, {**CATALOGS.profiles, profile.id: profile})


def test_profile_phone_and_fax_not_in_pairs_are_warnings() -> None:
    letter = brev(profile="sof-misbrug-bolig")
    found = [(f.rule, f.field, f.suggestion) for f in check_letter(letter, CATALOGS)]
    assert found == [
        ("PHONE_FORMAT", "profile.phone", "33 17 32 14"),
        ("PHONE_FORMAT", "profile.fax", "33 17 37 31"),
    ]


def test_signer_direct_phone_not_in_pairs_is_a_warning() -> None:
    letter = brev(signer=Signer(name="A", phone="33662451"))
    finding = only(letter, "PHONE_FORMAT")
    assert (finding.field, finding.suggestion) == ("signer.phone", "33 66 24 51")


def test_gs1_check_digit_of_the_seed_ean() -> None:
    assert gs1_check_digit("579800968283") == 3


@pytest.mark.parametrize("ean", ["5798009682834", "579800968283", "57980096828AB"])
def test_wrong_ean_is_an_error(ean: str) -> None:
    base = CATALOGS.profiles["sof-borgmester"]
    catalogs = _catalogs_with(dataclasses.replace(base, id="test", ean=ean))
    found = [f for f in check_letter(brev(profile="test"), catalogs)]
    assert [(f.rule, f.severity, f.field) for f in found] == [
        ("EAN_CHECKSUM", "error", "profile.ean")
    ]


def test_valid_ean_passes() -> None:
    base = CATALOGS.profiles["sof-borgmester"]
    catalogs = _catalogs_with(dataclasses.replace(base, id="test", ean="5798009682833"))
    assert rules(brev(profile="test"), catalogs) == []


def test_unknown_template_and_profile_are_findings_not_crashes() -> None:
    letter = brev(template="findes-ikke", profile="heller-ikke", body="den 31. juni 2016")
    found = rules(letter)
    assert "UNKNOWN_TEMPLATE" in found
    assert "UNKNOWN_PROFILE" in found
    assert "INVALID_DATE" in found


def test_findings_are_sorted_by_field_line_and_column() -> None:
    letter = brev(date=None, body="kl 9\n\nden 31. juni 2016 og kl 10", subject="TODO")
    found = check_letter(letter, CATALOGS)
    assert [f.field for f in found] == ["date", "subject", "body", "body", "body"]
    body = [(f.line, f.column) for f in found if f.field == "body"]
    assert body == sorted(body)


_TEXT = st.text(max_size=40)
_DIGITISH = st.text(alphabet="0123456789 -+.XxaZ²٣ſ", max_size=20)


@settings(max_examples=200, deadline=None)
@given(
    case_number=st.one_of(_TEXT, _DIGITISH),
    document=st.one_of(_TEXT, _DIGITISH),
    recipient=st.tuples(_TEXT, st.lists(_TEXT, max_size=3), _TEXT),
    signer=st.tuples(_TEXT, _DIGITISH),
    phone=_DIGITISH,
    fax=_TEXT,
    ean=st.one_of(_TEXT, _DIGITISH),
    date=st.one_of(st.none(), st.dates()),
    body=st.text(alphabet="0123456789 .-/:kldenDsaptmbrojuiſJFMASOND,\n", max_size=60),
)
def test_any_letter_and_profile_never_crash_the_checker(
    case_number: str,
    document: str,
    recipient: tuple[str, list[str], str],
    signer: tuple[str, str],
    phone: str,
    fax: str,
    ean: str,
    date: dt.date | None,
    body: str,
) -> None:
    base = CATALOGS.profiles["sof-borgmester"]
    catalogs = _catalogs_with(dataclasses.replace(base, id="test", phone=phone, fax=fax, ean=ean))
    letter = brev(
        profile="test",
        date=date,
        body=body,
        case=CaseRef(number=case_number, document=document),
        recipient=Recipient(
            name=recipient[0], address=tuple(recipient[1]), salutation=recipient[2]
        ),
        signer=Signer(name=signer[0], phone=signer[1]),
        fields={"x": {"y": [body, 3, None]}},
    )
    findings = check_letter(letter, catalogs)
    fixed = apply_fixes(letter, findings)
    assert isinstance(fixed, Letter)


def test_unicode_case_folding_lookalikes_do_not_crash() -> None:
    letter = brev(body="14. ſeptember 2016, ſøndag den 1. maj 2016, Kl. 9, 2²16-0318694")
    check_letter(letter, CATALOGS)
