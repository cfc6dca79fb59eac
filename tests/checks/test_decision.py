"""Family "decision": begrundelse (§§ 22, 24) and klagevejledning (§ 25) unless fuldt medhold."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kkletter.checks import check_letter
from kkletter.checks.decision import decision_gaps, sections
from kkletter.library import load_library
from kkletter.model import CaseRef, Letter, Recipient, Signer

GOOD = """Du har den 2. marts 2026 søgt om en ledsageordning.

## Afgørelse

Vi giver afslag.

## Begrundelse

Vi har truffet afgørelsen efter serviceloven § 85. Vi har lagt vægt på, at du selv kan klare turen.

## Klagevejledning

Du kan klage til Ankestyrelsen. Send klagen skriftligt til os. Klagen skal være modtaget
senest 4 uger efter, at du har fået afgørelsen.
"""


def _rules(body: str, outcome: str = "afslag") -> list[tuple[str, str]]:
    return [(g.rule.id, g.rule.variant) for g in decision_gaps(body, outcome)]


def test_a_complete_decision_has_no_gaps() -> None:
    assert _rules(GOOD) == []


def test_a_refusal_without_begrundelse_and_klagevejledning_is_flagged() -> None:
    assert _rules("Vi giver afslag.\n") == [
        ("DECISION_NO_REASONS", ""),
        ("DECISION_NO_APPEAL_GUIDANCE", ""),
    ]


def test_fuldt_medhold_needs_neither_block() -> None:
    assert _rules("Du får det, du har søgt om.\n", "fuldt medhold") == []


def test_a_begrundelse_without_legal_basis_or_considerations_is_flagged() -> None:
    reasons = GOOD.split("## Begrundelse\n\n")[1].split("\n\n")[0]
    body = GOOD.replace(reasons, "Det kan vi ikke.")
    gaps = decision_gaps(body, "delvist medhold")
    assert [g.rule.id for g in gaps] == ["DECISION_NO_LEGAL_BASIS", "DECISION_NO_CONSIDERATIONS"]
    assert body[gaps[0].start : gaps[0].end] == "## Begrundelse"


def test_a_klagevejledning_must_say_who_how_and_the_deadline() -> None:
    body = GOOD.split("## Klagevejledning")[0] + "## Klagevejledning\n\nDu kan klage.\n"
    assert _rules(body) == [
        ("DECISION_APPEAL_INCOMPLETE", "who"),
        ("DECISION_APPEAL_INCOMPLETE", "how"),
        ("DECISION_APPEAL_INCOMPLETE", "deadline"),
    ]


def test_bold_and_numbered_headings_count() -> None:
    body = GOOD.replace("## Begrundelse", "**Begrundelse**").replace(
        "## Klagevejledning", "## 3. Klagevejledning"
    )
    assert _rules(body) == []


def test_the_built_in_paragraphs_make_a_complete_decision() -> None:
    library = load_library()
    paragraphs = library.paragraphs
    body = "\n\n".join(
        paragraphs[key].value.body for key in ("begrundelse", "klagevejledning-serviceloven")
    )
    assert _rules(body) == []
    generic = "\n\n".join(
        paragraphs[key].value.body for key in ("begrundelse", "klagevejledning-generel")
    )
    assert _rules(generic) == []
    # The template's default body pulls both in.
    assert _rules(library.templates["afgoerelse"].value.default_body) == []


@given(st.text(max_size=300), st.sampled_from(["afslag", "delvist medhold", "fuldt medhold"]))
def test_gaps_always_point_inside_the_body(body: str, outcome: str) -> None:
    for gap in decision_gaps(body, outcome):
        assert 0 <= gap.start <= gap.end <= len(body)
    for section in sections(body):
        assert body[section.start : section.end].strip().endswith(section.title[-1:])


def _decision(body: str, **fields: object) -> Letter:
    return Letter(
        template="afgoerelse",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Ledsageordning",
        recipient=Recipient(name="Anna Hansen", salutation="Kære Anna Hansen"),
        case=CaseRef("2026-0012345", "2026-0012345-7"),
        signer=Signer(name="Bo Holm"),
        body=body,
        fields={"udfald": "afslag", **fields},
    )


def _decision_rules(letter: Letter) -> list[tuple[str, str, int]]:
    findings = check_letter(letter, load_library().catalogs())
    return [(f.rule, f.field, f.line) for f in findings if f.rule.startswith("DECISION_")]


def test_check_letter_flags_a_decision_without_begrundelse_and_klagevejledning() -> None:
    body = "Vi giver afslag på din ansøgning.\n"
    assert _decision_rules(_decision(body)) == [
        ("DECISION_NO_APPEAL_GUIDANCE", "body", 1),
        ("DECISION_NO_REASONS", "body", 1),
    ]


def test_the_finding_points_at_the_heading_of_the_incomplete_block() -> None:
    body = GOOD.replace("senest 4 uger efter, at du har fået afgørelsen.", "når du vil.")
    assert _decision_rules(_decision(body)) == [("DECISION_APPEAL_INCOMPLETE", "body", 11)]
    assert body.splitlines()[10] == "## Klagevejledning"


def test_fuldt_medhold_and_an_unknown_outcome() -> None:
    assert _decision_rules(_decision("Du får det hele.\n", udfald="Fuldt  Medhold")) == []
    assert ("DECISION_OUTCOME", "fields.udfald", 1) in _decision_rules(_decision(GOOD, udfald="ja"))


def test_a_new_afgoerelse_is_complete_but_for_its_placeholders() -> None:
    library = load_library()
    spec = library.templates["afgoerelse"].value
    letter = _decision(spec.default_body)
    findings = check_letter(letter, library.catalogs())
    assert [f.rule for f in findings if f.rule.startswith("DECISION_")] == []
    assert "PLACEHOLDER" in {f.rule for f in findings}  # [Indsæt lovhenvisning …] and hints


def test_an_ordinary_letter_is_no_decision() -> None:
    letter = dataclasses.replace(_decision("Vi giver afslag.\n"), template="brev")
    assert _decision_rules(letter) == []
