"""check_letter runs every family, the accessibility rules of the composed letter included."""

from __future__ import annotations

import datetime as dt

from kkletter.checks import check_letter
from kkletter.compose import Catalogs, compose_letter
from kkletter.model import CaseRef, Letter

CATALOGS = Catalogs.shipped()


def _notat(**changes: object) -> Letter:
    values: dict[str, object] = {
        "template": "notat",
        "profile": "sof-center-for-politik",
        "subject": "Notat",
        "date": dt.date(2023, 4, 12),
        "fields": {"sagsbehandler": "Jonas"},
        "body": "## Baggrund\n\nTekst.\n",
        "case": CaseRef(number="2023 - 5975"),
    }
    values.update(changes)
    return Letter(**values)  # type: ignore[arg-type]


def test_accessibility_rules_run_inside_check_letter() -> None:
    findings = check_letter(_notat(body="## Baggrund\n\n#### For dybt\n"), CATALOGS)
    assert [(f.rule, f.field, f.line) for f in findings] == [("A11Y_HEADING_SKIP", "body", 3)]


def test_a_precomposed_document_gives_the_same_findings() -> None:
    letter = _notat(body="## Baggrund\n\n#### For dybt\n")
    document = compose_letter(letter, CATALOGS)
    assert check_letter(letter, CATALOGS, document=document) == check_letter(letter, CATALOGS)


def test_an_empty_required_field_is_a_finding_on_that_field() -> None:
    findings = check_letter(_notat(fields={}), CATALOGS)
    (finding,) = [f for f in findings if f.rule == "TEMPLATE_ERROR"]
    assert finding.severity == "error"
    assert finding.field == "fields.sagsbehandler"
    assert "Sagsbehandler" in finding.message


def test_a_clean_notat_has_no_findings() -> None:
    assert check_letter(_notat(), CATALOGS) == []
