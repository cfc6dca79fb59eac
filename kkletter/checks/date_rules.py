"""Judge one recognised date: validity, weekday, house style (the `dates` family's rules)."""

from __future__ import annotations

import datetime as dt
import re

from kkletter.checks.catalogue import rule
from kkletter.checks.date_chronology import check_chronology
from kkletter.checks.date_parsing import (
    CAPITAL_WEEKDAY,
    DATE_PREFIX,
    ENGLISH_ORDINAL_WORD,
    ENGLISH_WEEKDAY_WORD,
    ENGLISH_WEEKDAYS,
    MONTHS,
    WEEKDAYS,
    Joined,
    Spans,
    all_caps_line,
    at_sentence_start,
    invalid_reason,
    long_date,
    match_before,
    month_word,
    valid_date,
    weekday_index,
    word_start,
)
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding

_INVALID_DATE = rule("INVALID_DATE")


_INVALID_MONTH = rule("INVALID_DATE", "month")


_WEEKDAY_MISMATCH = rule("WEEKDAY_MISMATCH")


_US_ORDER = rule("US_ORDER")


_MONTH_CAPITALIZED = rule("MONTH_CAPITALIZED")


_WEEKDAY_CAPITALIZED = rule("WEEKDAY_CAPITALIZED")


_MISSING_ORDINAL_PERIOD = rule("MISSING_ORDINAL_PERIOD")


_TWO_DIGIT_YEAR = rule("TWO_DIGIT_YEAR")


_ENGLISH_MONTH = rule("ENGLISH_MONTH")


_ENGLISH_DATE_ORDER = rule("ENGLISH_DATE_ORDER")


_ENGLISH_WEEKDAY_RULE = rule("ENGLISH_WEEKDAY")


_ENGLISH_ORDINAL_RULE = rule("ENGLISH_ORDINAL")


_STAMP_STYLE_IN_BODY = rule("STAMP_STYLE_IN_BODY")


_MONTH_ABBREV = rule("MONTH_ABBREV")


_MONTH_FULL_NAME_PERIOD = rule("MONTH_ABBREV", "full_name")


_D_NO_PERIOD = rule("D_NO_PERIOD")


_WORD_AFTER = re.compile(r"[ \t\u00a0]+\w")


def check_text_date(
    match: Joined, locate: Locator, letter_date: dt.date | None, year: int
) -> list[Finding]:
    text = locate.text
    findings: list[Finding] = []
    word = month_word(match["month"])
    if word is None:
        return []
    day = int(match["day"])
    month_token = match["month"]
    year_text = match["year"]
    date_end = match.end()
    if year_text and len(year_text) == 2 and _WORD_AFTER.match(text, match.end()):
        # "den 14. september 16 borgere": a count, not a year.
        year_text = None
        date_end = match.end("mdot") if match["mdot"] else match.end("month")
    written_year = int(year_text) if year_text and len(year_text) == 4 else None
    stamp = (
        match["dot"] is None
        and len(month_token) > 2
        and month_token.isupper()
        and written_year is not None
    )
    full_year = written_year if written_year is not None else (None if year_text else year)
    day_start = match.start("day")
    date_text = text[day_start:date_end]

    valid = valid_date(full_year, word.month, day) if full_year is not None else None
    if (full_year is not None and valid is None) or not 1 <= day <= 31:
        shown = date_text if year_text else f"{date_text} {full_year}"
        findings.append(
            locate.finding(
                _INVALID_DATE,
                day_start,
                date_end,
                date=shown,
                reason=invalid_reason(full_year, word.month, day),
            )
        )
    if stamp:
        suggestion = long_date(valid) if valid else None
        findings.append(
            locate.finding(
                _STAMP_STYLE_IN_BODY,
                day_start,
                date_end,
                suggestion,
                safe=suggestion is not None,
                date=date_text,
                replacement=suggestion or "datoen som 12. januar 2007",
            )
        )
    weekday = match["weekday"]
    if weekday and valid is not None:
        written = weekday_index(weekday)
        if written is not None and written != valid.weekday():
            correct = WEEKDAYS[valid.weekday()]
            if weekday[0].isupper():
                correct = correct.capitalize()
            month_name = MONTHS[word.month - 1]
            suggestion = f"{correct} den {day}. {month_name}" + (
                f" {written_year}" if written_year else ""
            )
            findings.append(
                locate.finding(
                    _WEEKDAY_MISMATCH,
                    match.start("weekday"),
                    date_end,
                    suggestion,
                    date=long_date(valid),
                    weekday=WEEKDAYS[valid.weekday()],
                    written=WEEKDAYS[written],
                )
            )
    if (
        weekday
        and weekday[0].isupper()
        and not at_sentence_start(text, match.start())
        and not all_caps_line(text, match.start())
    ):
        findings.append(
            locate.finding(
                _WEEKDAY_CAPITALIZED,
                match.start("weekday"),
                match.end("weekday"),
                weekday.lower(),
                safe=True,
                lower=weekday.lower(),
            )
        )
    if match["den"] and match["den"].lower() == "d":
        findings.append(
            locate.finding(
                _D_NO_PERIOD, match.start("den"), match.end("den"), match["den"] + ".", safe=True
            )
        )
    if year_text and len(year_text) == 2:
        findings.append(locate.finding(_TWO_DIGIT_YEAR, day_start, date_end, date=date_text))
    if stamp:
        return findings
    if match["dot"] is None:
        findings.append(
            locate.finding(
                _MISSING_ORDINAL_PERIOD,
                day_start,
                match.end("day"),
                f"{match['day']}.",
                safe=True,
                day=day,
            )
        )
    danish = MONTHS[word.month - 1]
    if word.kind == "english":
        findings.append(_english_month(match, locate, danish))
    elif word.kind == "abbr" and match["mdot"] is None:
        findings.append(
            locate.finding(
                _MONTH_ABBREV,
                match.start("month"),
                match.end("month"),
                danish,
                safe=True,
                danish=danish,
                abbreviation=month_token.lower(),
            )
        )
    elif word.kind == "wide" and match["mdot"] and written_year is not None:
        findings.append(
            locate.finding(
                _MONTH_FULL_NAME_PERIOD,
                match.start("month"),
                match.end("mdot"),
                danish,
                safe=True,
                month=month_token,
                danish=danish,
            )
        )
    elif month_token != month_token.lower() and not all_caps_line(text, match.start()):
        findings.append(_capitalized_month(match, locate))
    if valid is not None and written_year is not None and letter_date is not None:
        findings.extend(check_chronology(locate, day_start, date_end, valid, letter_date))
    return findings


def check_english_order(match: Joined, locate: Locator) -> list[Finding]:
    word = month_word(match["month"])
    if word is None:
        return []
    day, year = int(match["day"]), int(match["year"])
    valid = valid_date(year, word.month, day)
    if valid is None:
        return [
            locate.finding(
                _INVALID_DATE,
                match.start(),
                match.end(),
                date=match.group(),
                reason=invalid_reason(year, word.month, day),
            )
        ]
    danish = long_date(valid)
    findings = [
        locate.finding(_ENGLISH_DATE_ORDER, match.start(), match.end(), danish, danish=danish)
    ]
    return findings


def _english_month(match: Joined, locate: Locator, danish: str) -> Finding:
    """Return the ENGLISH_MONTH finding on `match`'s month, suggesting `danish`."""
    return locate.finding(
        _ENGLISH_MONTH,
        match.start("month"),
        match.end("month"),
        danish,
        safe=True,
        month=match["month"],
        danish=danish,
    )


def _capitalized_month(match: Joined, locate: Locator) -> Finding:
    """Return the MONTH_CAPITALIZED finding on `match`'s month, suggesting lower case."""
    lower = match["month"].lower()
    return locate.finding(
        _MONTH_CAPITALIZED,
        match.start("month"),
        match.end("month"),
        lower,
        safe=True,
        lower=lower,
    )


def check_month_year(match: Joined, locate: Locator) -> list[Finding]:
    token = match["month"]
    word = month_word(token)
    if word is None:
        return []
    danish = MONTHS[word.month - 1]
    if word.kind == "english":
        return [_english_month(match, locate, danish)]
    text = locate.text
    if (
        token != token.lower()
        and not token.isupper()
        and not at_sentence_start(text, match.start())
    ):
        return [_capitalized_month(match, locate)]
    return []


def check_numeric(match: re.Match[str], locate: Locator, style: str) -> list[Finding] | None:
    """Return the findings of a numeric date, or None when the numbers are no date."""
    day_text, month_text, year_text = match["day"], match["month"], match["year"]
    day, month, year = int(day_text), int(month_text), int(year_text)
    start, end = match.span()
    shown = match.group()
    if len(year_text) == 2:
        if not (1 <= month <= 12 and 1 <= day <= 31) or (len(day_text) < 2 and len(month_text) < 2):
            return None
        if (
            valid_date(2000 + year, month, day) is None
            and valid_date(1900 + year, month, day) is None
        ):
            return [
                locate.finding(
                    _INVALID_DATE, start, end, date=shown, reason=invalid_reason(None, month, day)
                )
            ]
        return [locate.finding(_TWO_DIGIT_YEAR, start, end, date=shown)]
    if 1 <= month <= 12 and 1 <= day <= 31:
        if valid_date(year, month, day) is None:
            return [
                locate.finding(
                    _INVALID_DATE, start, end, date=shown, reason=invalid_reason(year, month, day)
                )
            ]
        return []
    if 13 <= month <= 31 and 1 <= day <= 12 and style != "iso":
        swapped = valid_date(year, day, month)
        if swapped is not None:
            # Swap the two numbers in place, keeping separators and padding as written.
            (day_start, day_end), (month_start, month_end) = match.span("day"), match.span("month")
            suggestion = (
                locate.text[start:day_start]
                + month_text
                + locate.text[day_end:month_start]
                + day_text
                + locate.text[month_end:end]
            )
            return [
                locate.finding(
                    _US_ORDER,
                    start,
                    end,
                    suggestion,
                    date=shown,
                    swapped=suggestion,
                    long=long_date(swapped),
                )
            ]
    if day <= 31 and month <= 31:
        return [locate.finding(_INVALID_MONTH, start, end, date=shown)]
    return None


def check_numeric_weekday(match: re.Match[str], locate: Locator) -> list[Finding]:
    """Return a WEEKDAY_MISMATCH for "tirsdag den 14.9.2016" (a valid 4-digit-year date)."""
    prefix = match_before(DATE_PREFIX, locate.text, match.start())
    if prefix is None or not prefix["weekday"] or len(match["year"]) != 4:
        return []
    day = valid_date(int(match["year"]), int(match["month"]), int(match["day"]))
    if day is None:
        return []
    weekday = prefix["weekday"]
    written = weekday_index(weekday)
    if written is None or written == day.weekday():
        return []
    correct = WEEKDAYS[day.weekday()]
    if weekday[0].isupper():
        correct = correct.capitalize()
    between = locate.text[prefix.end("weekday") : match.start()]
    return [
        locate.finding(
            _WEEKDAY_MISMATCH,
            prefix.start("weekday"),
            match.end(),
            f"{correct}{between}{match.group()}",
            date=long_date(day),
            weekday=WEEKDAYS[day.weekday()],
            written=WEEKDAYS[written],
        )
    ]


def check_words(text: str, locate: Locator, covered: Spans) -> list[Finding]:
    findings: list[Finding] = []
    for match in CAPITAL_WEEKDAY.finditer(text):
        if (
            not word_start(text, match.start())
            or covered.overlaps(match.span())
            or at_sentence_start(text, match.start())
        ):
            continue
        word = match.group()
        findings.append(
            locate.finding(
                _WEEKDAY_CAPITALIZED,
                match.start(),
                match.end(),
                word.lower(),
                safe=True,
                lower=word.lower(),
            )
        )
    for match in ENGLISH_WEEKDAY_WORD.finditer(text):
        word = match.group()
        if word.lower() not in ENGLISH_WEEKDAYS or not word_start(text, match.start()):
            continue
        if not (word.islower() or word[1:].islower()):
            continue
        danish = WEEKDAYS[ENGLISH_WEEKDAYS.index(match.group().lower())]
        findings.append(
            locate.finding(
                _ENGLISH_WEEKDAY_RULE,
                match.start(),
                match.end(),
                danish,
                word=match.group(),
                danish=danish,
            )
        )
    for match in ENGLISH_ORDINAL_WORD.finditer(text):
        if covered.overlaps(match.span()):
            continue
        findings.append(
            locate.finding(
                _ENGLISH_ORDINAL_RULE,
                match.start(),
                match.end(),
                f"{match['number']}.",
                word=match.group(),
                number=match["number"],
            )
        )
    return findings
