"""Danish dates and times in running text: validity, weekdays, house style, chronology.

The family's entry point: `check_dates` finds the dates of each prose field
(`kkletter.checks.date_parsing`), judges each one (`date_rules`, `date_chronology`) and keeps
the once-per-letter rules (mixed numeric formats).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.date_parsing import (
    DATE_PREFIX,
    ENGLISH_ORDER,
    ISO,
    MONTH_YEAR,
    NOT_A_DATE_BEFORE,
    NUMERIC,
    SLASH_YEAR,
    TEXT_DATE,
    YEAR,
    Joined,
    Spans,
    match_before,
    numeric_text_at,
)
from kkletter.checks.date_rules import (
    check_english_order,
    check_month_year,
    check_numeric,
    check_numeric_weekday,
    check_text_date,
    check_words,
)
from kkletter.checks.fields import Locator, TextField
from kkletter.checks.findings import Finding

_MIXED_NUMERIC_FORMATS = rule("MIXED_NUMERIC_FORMATS")


_NUMERIC_STYLE_NAMES = {
    "-": "med bindestreg (03-03-2008)",
    ".": "med punktum (14.03.2008)",
    "/": "med skråstreg (14/3 2008)",
    "iso": "som ISO-dato (2008-03-14)",
}


@dataclass
class _LetterState:
    """What the once-per-letter rules have seen so far."""

    numeric_style: str | None = None
    mixed_reported: bool = False


def check_dates(context: CheckContext) -> list[Finding]:
    """Return the date findings in the prose fields of the letter.

    The context's `year` completes year-less dates ("torsdag den 12. april"); the letter's
    date anchors the chronology rule (skipped in an undated letter).
    """
    letter_date, year = context.letter.date, context.year
    state = _LetterState()
    findings: list[Finding] = []
    for field in context.texts:
        if field.is_prose:
            findings.extend(_check_field(field, letter_date, year, state))
    return findings


def _check_field(
    field: TextField, letter_date: dt.date | None, year: int, state: _LetterState
) -> list[Finding]:
    text = field.text
    locate = Locator(field.name, text)
    findings: list[Finding] = []
    covered = Spans()
    candidates: list[tuple[int, str]] = []  # (start, kind) in text order for numeric styles

    years = list(YEAR.finditer(text))
    for year_match in years:
        before = match_before(ENGLISH_ORDER, text, year_match.start())
        if before is not None:
            joined = Joined(before, year_match)
            covered.add(joined.span())
            findings.extend(check_english_order(joined, locate))
    for core in TEXT_DATE.finditer(text):
        date_match = Joined(match_before(DATE_PREFIX, text, core.start()), core)
        if covered.overlaps(date_match.span()):
            continue
        findings.extend(check_text_date(date_match, locate, letter_date, year))
        covered.add(date_match.span())
    for year_match in years:
        before = match_before(MONTH_YEAR, text, year_match.start())
        if before is not None:
            joined = Joined(before, year_match)
            if not covered.overlaps(joined.span()):
                findings.extend(check_month_year(joined, locate))
                covered.add(joined.span())
    for pattern in (NUMERIC, SLASH_YEAR, ISO):
        for match in pattern.finditer(text):
            if covered.overlaps(match.span()) or NOT_A_DATE_BEFORE.search(
                text, max(0, match.start() - 12), match.start()
            ):
                continue
            style = "iso" if pattern is ISO else match["sep"] if pattern is NUMERIC else "/"
            result = check_numeric(match, locate, style)
            if result is None:
                continue
            covered.add(match.span())
            findings.extend(result)
            candidates.append((match.start(), style))
            if not result and style != "iso":
                findings.extend(check_numeric_weekday(match, locate))
    for start, style in sorted(candidates):
        if state.numeric_style is None:
            state.numeric_style = style
        elif style != state.numeric_style and not state.mixed_reported:
            state.mixed_reported = True
            end = start + len(numeric_text_at(text, start))
            findings.append(
                locate.finding(
                    _MIXED_NUMERIC_FORMATS,
                    start,
                    end,
                    first=_NUMERIC_STYLE_NAMES[state.numeric_style],
                    second=_NUMERIC_STYLE_NAMES[style],
                )
            )
    findings.extend(check_words(text, locate, covered))
    return findings
