"""apply_fixes: suggestions replace exactly their spans, right to left, per field."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.checks import Finding, apply_fixes, check_letter
from kkletter.compose import Catalogs
from kkletter.model import CaseRef, Letter, Recipient

CATALOGS = Catalogs.shipped()


def notat(body: str, **fields: object) -> Letter:
    return Letter(
        template="notat",
        profile="sof-center-for-politik",
        date=dt.date(2016, 9, 20),
        body=body,
        fields={"sagsbehandler": "A B", **fields},
        subject="Notat",
        case=CaseRef(number="2016-0318694"),
    )


def safe_fixes(letter: Letter) -> Letter:
    return apply_fixes(letter, [f for f in check_letter(letter, CATALOGS) if f.safe])


def test_several_fixes_on_one_line_keep_their_positions() -> None:
    letter = notat("Mødet er d 14 September 2016 kl 14.30 og på Onsdag den 5. Oktober 2016.")
    fixed = safe_fixes(letter)
    assert fixed.body == (
        "Mødet er d. 14. september 2016 kl. 14.30 og på onsdag den 5. oktober 2016."
    )
    assert check_letter(fixed, CATALOGS) == []


def test_fixes_across_lines_and_fields() -> None:
    letter = notat(
        "Linje et.\nDen 14. January 2016 og 12 JAN. 2007.\n1. maj. 2023",
        sagsbehandler="kl 9",
    )
    fixed = safe_fixes(letter)
    assert fixed.body == "Linje et.\nDen 14. januar 2016 og 12. januar 2007.\n1. maj 2023"
    assert fixed.fields["sagsbehandler"] == "kl. 9"


def test_unsafe_suggestions_are_left_to_the_user() -> None:
    letter = notat("tirsdag den 14. september 2016 og September 14, 2016")
    assert safe_fixes(letter) == letter


def test_all_suggestions_can_be_applied_on_request() -> None:
    letter = notat("tirsdag den 14. september 2016")
    fixed = apply_fixes(letter, check_letter(letter, CATALOGS))
    assert fixed.body == "onsdag den 14. september 2016"


def test_fix_in_nested_table_cell_and_recipient_address() -> None:
    skemaer = [{"skemaer": [{"linjer": [["Start", "den 1 marts 2008"]]}]}]
    letter = Letter(
        template="bilag",
        profile="sof-center-for-politik",
        date=dt.date(2008, 3, 3),
        recipient=Recipient(name="Udvalget", address=("Rådhuset", "Fra kl 9")),
        fields={"sagsbehandler": "A", "statusskemaer": skemaer},
    )
    address_fix = Finding("X", "warning", "recipient.address", 2, 5, 2, "m", "kl.", safe=True)
    fixed = apply_fixes(letter, [*check_letter(letter, CATALOGS), address_fix])
    assert fixed.fields["statusskemaer"][0]["skemaer"][0]["linjer"][0][1] == "den 1. marts 2008"
    assert fixed.recipient.address == ("Rådhuset", "Fra kl. 9")
    assert letter.fields["statusskemaer"][0]["skemaer"][0]["linjer"][0][1] == "den 1 marts 2008"


def test_overlapping_and_out_of_range_suggestions_are_skipped() -> None:
    letter = notat("abcdef")
    findings = [
        Finding("A", "warning", "body", 1, 2, 3, "m", "X"),
        Finding("B", "warning", "body", 1, 3, 2, "m", "Y"),  # overlaps A
        Finding("C", "warning", "body", 4, 1, 1, "m", "Z"),  # no line 4
        Finding("D", "warning", "profile.phone", 1, 1, 1, "m", "Q"),  # not in the letter
    ]
    fixed = apply_fixes(letter, findings)
    assert fixed.body in ("aXef", "abYef")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789 .dkl\nSeptmbrJanuOnsdag", max_size=50))
def test_applying_safe_fixes_never_crashes_and_is_stable(text: str) -> None:
    once = safe_fixes(notat(text))
    twice = safe_fixes(once)
    assert safe_fixes(twice) == twice
