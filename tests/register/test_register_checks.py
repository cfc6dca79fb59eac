"""Checks against the register: a reused Dok.nr. and a case's earlier recipients."""

from __future__ import annotations

import datetime as dt

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.register.records import make_record
from kkletter.register.store import Register

CATALOGS = Catalogs.shipped()


def _letter(subject: str, recipient: str, case: str, document: str) -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 11, 30),
        subject=subject,
        body="Tak for jeres brev.",
        recipient=Recipient(name=recipient, salutation="Kære modtager"),
        case=CaseRef(number=case, document=document),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def _rules(letter: Letter, register: Register) -> dict[str, str]:
    return {
        f.rule: f.message
        for f in check_letter(letter, CATALOGS, register=register)
        if f.rule in ("DOCUMENT_NUMBER_REUSED", "CASE_OTHER_RECIPIENT")
    }


def test_reused_document_number_is_an_error_naming_the_other_letter(register: Register) -> None:
    first = _letter("Tilskud 2027", "Røde Kors København", "2026-0318694", "2026-0318694-3")
    number = register.record(make_record(first, []))
    second = _letter("Lokaler", "Røde Kors København", "2026-0318694", "2026-0318694-3")
    findings = [
        f for f in check_letter(second, CATALOGS, register=register) if f.rule.startswith("DOC")
    ]
    (finding,) = findings
    assert (finding.rule, finding.severity, finding.field) == (
        "DOCUMENT_NUMBER_REUSED",
        "error",
        "case.document",
    )
    assert f"brev nr. {number}" in finding.message
    assert "Tilskud 2027" in finding.message


def test_the_same_letter_exported_again_is_not_another_letter(register: Register) -> None:
    letter = _letter("Tilskud 2027", "Røde Kors København", "2026-0318694", "2026-0318694-3")
    register.record(make_record(letter, []))
    assert _rules(letter, register) == {}


def test_case_whose_letters_went_elsewhere_is_a_warning(register: Register) -> None:
    earlier = _letter("Tilskud", "Røde Kors København", "2026-0318694", "2026-0318694-1")
    number = register.record(make_record(earlier, []))
    new = _letter("Svar", "Dansk Flygtningehjælp", "2026-0318694", "2026-0318694-2")
    rules = _rules(new, register)
    assert list(rules) == ["CASE_OTHER_RECIPIENT"]
    assert "Røde Kors København" in rules["CASE_OTHER_RECIPIENT"]
    assert f"brev nr. {number}" in rules["CASE_OTHER_RECIPIENT"]
    same = _letter("Svar 2", "røde kors  københavn", "2026-0318694", "2026-0318694-4")
    assert _rules(same, register) == {}


def test_without_a_register_the_register_rules_are_silent() -> None:
    letter = _letter("Svar", "Dansk Flygtningehjælp", "2026-0318694", "2026-0318694-2")
    assert not [f for f in check_letter(letter, CATALOGS) if f.rule.startswith(("DOC", "CASE_O"))]
