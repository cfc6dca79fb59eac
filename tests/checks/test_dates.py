"""Danish date and time rules: a labelled table of texts, positions, and properties."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.dates import format_full, format_long, format_numeric
from kkletter.model import CaseRef, Letter

CATALOGS = Catalogs.shipped()
LETTER_DATE = dt.date(2016, 9, 20)


def quiet_letter(body: str = "", **changes: Any) -> Letter:
    """Return a notat (it needs no recipient, salutation or signer) with `body`."""
    values: dict[str, Any] = {
        "template": "notat",
        "profile": "sof-center-for-politik",
        "subject": "Notat om mødeplanen",
        "body": body,
        "date": LETTER_DATE,
        "fields": {"sagsbehandler": "Jonas Søbæk Magelund"},
        # A required field; so old that no letter date is before it (CASE_YEAR_AFTER_DATE).
        "case": CaseRef(number="1900-64009"),
    }
    values.update(changes)
    return Letter(**values)


# (label, text in the body, expected rule ids, letter date); () means "must not fire".
CASES: list[tuple[str, str, tuple[str, ...], dt.date | None]] = [
    # The issue's examples of each rule.
    ("invalid: 31 June", "den 31. juni 2008", ("INVALID_DATE",), LETTER_DATE),
    ("invalid: 29 Feb non-leap", "29. februar 2023", ("INVALID_DATE",), LETTER_DATE),
    ("invalid: numeric 30.02", "30.02.2016", ("INVALID_DATE",), LETTER_DATE),
    ("weekday mismatch", "tirsdag den 14. september 2016", ("WEEKDAY_MISMATCH",), LETTER_DATE),
    (
        "weekday mismatch, year-less takes letter year",
        "torsdag den 12. april",
        ("WEEKDAY_MISMATCH",),
        dt.date(2023, 4, 1),
    ),
    ("US order", "09.14.2016", ("US_ORDER",), LETTER_DATE),
    ("invalid time", "kl. 25.00", ("INVALID_TIME",), LETTER_DATE),
    (
        "chronology: deadline before letter",
        "Svar venligst senest den 5. april 2023.",
        ("CHRONOLOGY",),
        dt.date(2023, 4, 12),
    ),
    (
        "chronology: letter of a later date",
        "Tak for dit brev af 20. april 2023.",
        ("CHRONOLOGY",),
        dt.date(2023, 4, 12),
    ),
    ("month capitalised", "den 14. September 2016", ("MONTH_CAPITALIZED",), LETTER_DATE),
    (
        "weekday capitalised mid-sentence",
        "Vi ses på Onsdag den 14. september 2016.",
        ("WEEKDAY_CAPITALIZED",),
        LETTER_DATE,
    ),
    ("missing ordinal period", "den 14 september 2016", ("MISSING_ORDINAL_PERIOD",), LETTER_DATE),
    ("two-digit year numeric", "14.09.16", ("TWO_DIGIT_YEAR",), LETTER_DATE),
    ("two-digit year textual", "den 14. september 16", ("TWO_DIGIT_YEAR",), LETTER_DATE),
    ("English month", "14. January 2016", ("ENGLISH_MONTH",), LETTER_DATE),
    ("English date order", "September 14, 2016", ("ENGLISH_DATE_ORDER",), LETTER_DATE),
    ("English weekday", "Monday", ("ENGLISH_WEEKDAY",), LETTER_DATE),
    ("English ordinal", "the 14th", ("ENGLISH_ORDINAL",), LETTER_DATE),
    (
        "stamp style in body",
        "Modtaget 12 JAN. 2007 i sekretariatet",
        ("STAMP_STYLE_IN_BODY",),
        None,
    ),
    ("full month name with period", "1. maj. 2023", ("MONTH_ABBREV",), LETTER_DATE),
    ("abbreviation without period", "14. sep 2016", ("MONTH_ABBREV",), LETTER_DATE),
    ("d without period", "d 14. september 2016", ("D_NO_PERIOD",), LETTER_DATE),
    ("kl without period", "kl 14.30", ("KL_NO_PERIOD",), LETTER_DATE),
    ("one-digit minutes", "kl. 14.3", ("TIME_MINUTES",), LETTER_DATE),
    ("twelve-hour clock", "kl. 2.30 pm", ("TWELVE_HOUR",), LETTER_DATE),
    (
        "mixed numeric formats",
        "Fra 03-03-2008 til 14.03.2008.",
        ("MIXED_NUMERIC_FORMATS",),
        LETTER_DATE,
    ),
    ("mixed time separators", "kl. 10.00 og kl. 12:00", ("TIME_SEP_MIXED",), LETTER_DATE),
    # The issue's must-not-fire list.
    ("ok: full style", "onsdag den 14. september 2016", (), LETTER_DATE),
    (
        "ok: future cue after letter date",
        "Onsdag den 25. juni 2008 afholdes mødet.",
        (),
        dt.date(2008, 6, 10),
    ),
    ("ok: short numeric", "14.9.2016", (), LETTER_DATE),
    ("ok: dashed numeric alone", "03-03-2008", (), LETTER_DATE),
    ("ok: slash day/month", "14/9 2016", (), LETTER_DATE),
    ("ok: ISO", "2016-09-14", (), LETTER_DATE),
    ("ok: sept.", "14. sept. 2016", (), LETTER_DATE),
    ("ok: maj", "1. maj 2023", (), LETTER_DATE),
    ("ok: leap day", "29. februar 2024", (), LETTER_DATE),
    ("ok: hour only", "kl. 9", (), LETTER_DATE),
    ("ok: month and year", "i august 2022", (), LETTER_DATE),
    ("ok: medio", "medio 2023", (), LETTER_DATE),
    ("ok: year range", "politik 2023-2026", (), LETTER_DATE),
    ("ok: per first of April", "pr. 1. april", (), LETTER_DATE),
    ("ok: case number", "Sagsnr. 2016-0318694", (), LETTER_DATE),
    ("ok: document number", "Dokumentnr. 2016-0318694-3", (), LETTER_DATE),
    ("ok: F2 case", "F2 2023 - 5975", (), LETTER_DATE),
    ("ok: akt", "akt 3238865", (), LETTER_DATE),
    ("ok: phone in pairs", "tlf. 33 66 33 66", (), LETTER_DATE),
    ("ok: amount", "1.234.567,89 kr.", (), LETTER_DATE),
    ("ok: KLE number", "KLE 27.24.00G01", (), LETTER_DATE),
    # More of our own: things that must fire.
    ("invalid: 31 April", "den 31. april 2016", ("INVALID_DATE",), LETTER_DATE),
    ("invalid: day 32", "den 32. januar 2016", ("INVALID_DATE",), LETTER_DATE),
    ("invalid: dashed 31-11", "31-11-2016", ("INVALID_DATE",), LETTER_DATE),
    ("invalid: ISO 2016-02-30", "2016-02-30", ("INVALID_DATE",), LETTER_DATE),
    ("invalid: month 13 both ways", "31.13.2016", ("INVALID_DATE",), LETTER_DATE),
    (
        "invalid: year-less 29 Feb in non-leap letter",
        "29. februar",
        ("INVALID_DATE",),
        dt.date(2023, 1, 5),
    ),
    ("invalid: slash", "31/6 2016", ("INVALID_DATE",), LETTER_DATE),
    ("US order with dashes", "12-31-2016", ("US_ORDER",), LETTER_DATE),
    ("invalid time: minutes", "kl. 10.75", ("INVALID_TIME",), LETTER_DATE),
    ("invalid time: 24.30", "kl. 24.30", ("INVALID_TIME",), LETTER_DATE),
    (
        "weekday mismatch capitalised at start",
        "Mandag den 14. september 2016",
        ("WEEKDAY_MISMATCH",),
        LETTER_DATE,
    ),
    ("weekday mismatch abbreviated", "tirs. d. 14. sep. 2016", ("WEEKDAY_MISMATCH",), LETTER_DATE),
    ("ok: matching weekday with d.", "fredag d. 1. januar 2016", (), LETTER_DATE),
    ("weekday mismatch 2023", "mandag den 12. april 2023", ("WEEKDAY_MISMATCH",), LETTER_DATE),
    ("weekday mismatch numeric", "tirsdag den 14.9.2016", ("WEEKDAY_MISMATCH",), LETTER_DATE),
    ("ok: matching weekday numeric", "Onsdag d. 14-09-2016", (), LETTER_DATE),
    (
        "capitalised weekday without date",
        "Vi mødes på Fredag.",
        ("WEEKDAY_CAPITALIZED",),
        LETTER_DATE,
    ),
    (
        "capitalised month with year only",
        "Vi begyndte i August 2022.",
        ("MONTH_CAPITALIZED",),
        LETTER_DATE,
    ),
    ("capitalised abbreviation", "14. Sep 2016", ("MONTH_ABBREV",), LETTER_DATE),
    ("English month without day", "i October 2016", ("ENGLISH_MONTH",), LETTER_DATE),
    ("English May", "den 3. May 2016", ("ENGLISH_MONTH",), LETTER_DATE),
    ("English order with ordinal", "March 3rd, 2016", ("ENGLISH_DATE_ORDER",), LETTER_DATE),
    ("English weekday lowercase", "on friday", ("ENGLISH_WEEKDAY",), LETTER_DATE),
    ("English ordinal 1st", "the 1st meeting", ("ENGLISH_ORDINAL",), LETTER_DATE),
    ("stamp without period", "16 JAN 2007", ("STAMP_STYLE_IN_BODY",), dt.date(2007, 1, 20)),
    ("full name with period, no year ok", "Mødet er den 14. maj. Derefter", (), LETTER_DATE),
    ("jan without period", "3. jan 2016", ("MONTH_ABBREV",), LETTER_DATE),
    (
        "missing period and capital",
        "den 14 September 2016",
        ("MISSING_ORDINAL_PERIOD", "MONTH_CAPITALIZED"),
        LETTER_DATE,
    ),
    ("capital D without period", "D 14. september 2016 mødes vi", ("D_NO_PERIOD",), LETTER_DATE),
    ("Kl without period at start", "Kl 9 begynder mødet", ("KL_NO_PERIOD",), LETTER_DATE),
    ("am", "kl. 10 am", ("TWELVE_HOUR",), LETTER_DATE),
    ("two-digit year with dashes", "14-09-16", ("TWO_DIGIT_YEAR",), LETTER_DATE),
    (
        "chronology: held after the letter",
        "Mødet blev afholdt den 30. september 2016.",
        ("CHRONOLOGY",),
        LETTER_DATE,
    ),
    (
        "chronology: frist in the past",
        "Fristen er den 1. september 2016.",
        ("CHRONOLOGY",),
        LETTER_DATE,
    ),
    ("mixed ISO and dotted", "2016-09-14 og 14.9.2016", ("MIXED_NUMERIC_FORMATS",), LETTER_DATE),
    # More of our own: things that must not fire.
    ("ok: long style", "14. september 2016", (), LETTER_DATE),
    (
        "ok: sentence-start weekday",
        "Onsdag den 14. september 2016 holder vi møde.",
        (),
        LETTER_DATE,
    ),
    ("ok: weekday after colon", "Mødet: Onsdag den 14. september 2016", (), LETTER_DATE),
    ("ok: weekday in heading", "## Onsdag den 14. september 2016", (), LETTER_DATE),
    ("ok: weekday in list item", "- Fredag: frokost", (), LETTER_DATE),
    ("ok: month at sentence start", "August 2022 blev planen vedtaget.", (), LETTER_DATE),
    ("ok: abbreviated weekday", "ons. d. 14. sep. 2016", (), LETTER_DATE),
    ("ok: d. prefix", "d. 14. september 2016", (), LETTER_DATE),
    ("ok: time with minutes", "kl. 14.30", (), LETTER_DATE),
    ("ok: time with colon only", "kl. 14:30", (), LETTER_DATE),
    ("ok: 24.00", "kl. 24.00", (), LETTER_DATE),
    ("ok: time range", "kl. 10.00-12.00", (), LETTER_DATE),
    ("ok: count after month", "den 14. september 16 borgere", (), LETTER_DATE),
    ("ok: same numeric style twice", "03-03-2008 og 14-03-2008", (), LETTER_DATE),
    ("ok: past cue on past date", "Tak for dit brev af 5. september 2016.", (), LETTER_DATE),
    ("ok: future cue on future date", "Svar senest den 1. oktober 2016.", (), LETTER_DATE),
    ("ok: no cue", "Den 1. januar 2010 trådte loven i kraft.", (), LETTER_DATE),
    (
        "ok: senest meaning most recently",
        "Vi har senest den 5. september 2016 skrevet til jer.",
        (),
        LETTER_DATE,
    ),
    (
        "ok: planned meeting after the letter",
        "Vi har planlagt et møde den 30. september 2016.",
        (),
        LETTER_DATE,
    ),
    (
        "ok: document date next to a future cue",
        "Lov nr. 553 af 1. juni 2016 træder i kraft den 1. oktober 2016.",
        (),
        LETTER_DATE,
    ),
    ("ok: section number", "afsnit 1.2.10", (), LETTER_DATE),
    ("ok: decimal number", "10.1 mio. kr.", (), LETTER_DATE),
    ("ok: thousands", "15.000 kr.", (), LETTER_DATE),
    ("ok: age range", "unge fra 12 - 15 år", (), LETTER_DATE),
    ("ok: period", "i periode 2007-11", (), LETTER_DATE),
    ("ok: percent", "47 pct. (LOKK's årsstatistik 2020)", (), LETTER_DATE),
    ("ok: paragraph sign", "§ 18 midler", (), LETTER_DATE),
    ("ok: goal number", "1. Hvordan task forcen kan bruges", (), LETTER_DATE),
    ("ok: year list", "2008 2009 2010 2011", (), LETTER_DATE),
    ("ok: e-mail", "centerforpolitik@sof.kk.dk", (), LETTER_DATE),
    ("ok: marts", "den 3. marts 2008", (), LETTER_DATE),
    ("ok: all-caps heading", "MØDE DEN 14. SEPTEMBER 2016", (), LETTER_DATE),
    ("ok: uppercase month-year heading", "SEPTEMBER 2016", (), LETTER_DATE),
    ("ok: Danish April (also English)", "den 1. april 2016", (), LETTER_DATE),
    ("ok: November", "i november 2016", (), LETTER_DATE),
    ("ok: English word may in English quote", "Diversity Works", (), LETTER_DATE),
    ("ok: year-less valid", "den 12. april", (), LETTER_DATE),
    ("ok: date range", "14.-16. september 2016", (), LETTER_DATE),
    ("ok: undated letter, year-less valid", "pr. 1. januar", (), None),
]


def _rules(text: str, date: dt.date | None) -> list[str]:
    letter = quiet_letter(text, date=date)
    # MISSING_DATE belongs to the letter rules; the table is about the text.
    return sorted(
        f.rule
        for f in check_letter(letter, CATALOGS, today=dt.date(2016, 9, 20))
        if f.rule != "MISSING_DATE"
    )


def test_table_has_at_least_eighty_labelled_strings() -> None:
    assert len(CASES) >= 80
    assert len({label for label, *_ in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("text", "expected", "date"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_rule_table(text: str, expected: tuple[str, ...], date: dt.date | None) -> None:
    assert _rules(text, date) == sorted(expected)


def test_weekday_mismatch_has_the_issue_message_position_and_full_suggestion() -> None:
    body = "Hej\n\nVi ses tirsdag den 14. september 2016."
    [finding] = check_letter(quiet_letter(body), CATALOGS)
    assert finding.rule == "WEEKDAY_MISMATCH"
    assert finding.severity == "error"
    assert finding.message == "14. september 2016 er en onsdag, ikke en tirsdag"
    assert (finding.field, finding.line, finding.column) == ("body", 3, 8)
    assert finding.length == len("tirsdag den 14. september 2016")
    assert finding.suggestion == "onsdag den 14. september 2016"
    assert not finding.safe


def test_year_less_weekday_uses_the_letter_year_in_its_message() -> None:
    letter = quiet_letter("torsdag den 12. april", date=dt.date(2023, 4, 1))
    [finding] = check_letter(letter, CATALOGS)
    assert finding.message == "12. april 2023 er en onsdag, ikke en torsdag"
    assert finding.suggestion == "onsdag den 12. april"


def test_undated_letter_takes_the_year_of_today_for_year_less_dates() -> None:
    letter = quiet_letter("torsdag den 12. april", date=None)
    rules = [f.rule for f in check_letter(letter, CATALOGS, today=dt.date(2023, 1, 1))]
    assert "WEEKDAY_MISMATCH" in rules
    rules = [f.rule for f in check_letter(letter, CATALOGS, today=dt.date(2018, 1, 1))]
    assert "WEEKDAY_MISMATCH" not in rules  # 12 April 2018 was a Thursday


@pytest.mark.parametrize(
    ("text", "rule", "span", "suggestion"),
    [
        ("den 14. September 2016", "MONTH_CAPITALIZED", "September", "september"),
        ("på Onsdag den 14. september 2016", "WEEKDAY_CAPITALIZED", "Onsdag", "onsdag"),
        ("den 14 september 2016", "MISSING_ORDINAL_PERIOD", "14", "14."),
        ("14. January 2016", "ENGLISH_MONTH", "January", "januar"),
        ("Modtaget 12 JAN. 2007", "STAMP_STYLE_IN_BODY", "12 JAN. 2007", "12. januar 2007"),
        ("1. maj. 2023", "MONTH_ABBREV", "maj.", "maj"),
        ("14. sep 2016", "MONTH_ABBREV", "sep", "september"),
        ("d 14. september 2016", "D_NO_PERIOD", "d", "d."),
        ("kl 14.30", "KL_NO_PERIOD", "kl", "kl."),
    ],
)
def test_safe_fix_covers_exactly_the_span_it_replaces(
    text: str, rule: str, span: str, suggestion: str
) -> None:
    body = f"Indledning.\n{text}"
    [finding] = [f for f in check_letter(quiet_letter(body), CATALOGS) if f.rule == rule]
    assert finding.safe
    assert finding.line == 2
    start = len("Indledning.\n") + finding.column - 1
    assert body[start : start + finding.length] == span
    assert finding.suggestion == suggestion


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("September 14, 2016", "ENGLISH_DATE_ORDER"),
        ("Monday", "ENGLISH_WEEKDAY"),
        ("the 14th", "ENGLISH_ORDINAL"),
        ("09.14.2016", "US_ORDER"),
        ("kl. 2.30 pm", "TWELVE_HOUR"),
        ("tirsdag den 14. september 2016", "WEEKDAY_MISMATCH"),
    ],
)
def test_fixes_the_issue_marks_unsafe_are_suggestions_only(text: str, rule: str) -> None:
    [finding] = [f for f in check_letter(quiet_letter(text), CATALOGS) if f.rule == rule]
    assert finding.suggestion
    assert not finding.safe


def test_once_per_letter_rules_fire_once_across_fields() -> None:
    letter = quiet_letter(
        "03-03-2008, 14.03.2008 og 15.03.2008. kl. 10.00, kl. 12:00 og kl. 13:00.",
        subject="Møde 16.03.2008",
    )
    rules = [f.rule for f in check_letter(letter, CATALOGS)]
    assert rules.count("MIXED_NUMERIC_FORMATS") == 1
    assert rules.count("TIME_SEP_MIXED") == 1


def test_subject_and_template_fields_are_checked_with_their_field_names() -> None:
    letter = quiet_letter(
        "", subject="Møde den 31. juni 2016", fields={"sagsbehandler": "kl 9 i morgen"}
    )
    found = {(f.field, f.rule) for f in check_letter(letter, CATALOGS)}
    assert ("subject", "INVALID_DATE") in found
    assert ("fields.sagsbehandler", "KL_NO_PERIOD") in found


def test_dates_in_nested_table_cells_are_checked() -> None:
    skemaer = [{"overskrift": "1.", "skemaer": [{"titel": "A", "linjer": [["Mål", "31.06.2009"]]}]}]
    letter = quiet_letter(
        "", template="bilag", fields={"sagsbehandler": "X Y", "statusskemaer": skemaer}
    )
    found = {(f.field, f.rule) for f in check_letter(letter, CATALOGS)}
    assert ("fields.statusskemaer.0.skemaer.0.linjer.0.1", "INVALID_DATE") in found


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_never_crashes_the_checker(text: str) -> None:
    letter = quiet_letter(text, subject=text[:40], fields={"sagsbehandler": text[-30:]})
    for finding in check_letter(letter, CATALOGS):
        assert finding.line >= 1
        assert finding.column >= 1
        assert finding.length >= 0


_DATE_ALPHABET = "0123456789 .-/:kldenDsaptmbrojuiJFMASOND,\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_DATE_ALPHABET, max_size=60))
def test_date_like_text_never_crashes_the_checker(text: str) -> None:
    check_letter(quiet_letter(text), CATALOGS)


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["long", "full", "numeric"]),
    st.sampled_from(["Mødet er {}.", "Vi ses {} i Rådhuset.", "{}", "Det skete {}, som aftalt."]),
)
def test_every_date_kkletter_formats_passes_the_checker(
    day: dt.date, style: str, sentence: str
) -> None:
    formatter = {"long": format_long, "full": format_full, "numeric": format_numeric}[style]
    letter = quiet_letter(sentence.format(formatter(day)), date=day)
    assert check_letter(letter, CATALOGS) == []
