"""Danish dates and times in running text: validity, weekdays, house style, chronology.

The month and weekday tables come from babel's da_DK data (`kkletter.dates`); detection
uses the patterns below and `datetime.date`, never `babel.dates.parse_date` (which swaps
US order silently, maps two-digit years to 20YY and fails on month names).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator, TextField
from kkletter.checks.findings import Finding
from kkletter.dates import month_names, weekday_names

MONTHS = month_names("wide")
_INVALID_DATE = rule("INVALID_DATE")
_INVALID_MONTH = rule("INVALID_DATE", "month")
_WEEKDAY_MISMATCH = rule("WEEKDAY_MISMATCH")
_US_ORDER = rule("US_ORDER")
_CHRONOLOGY_FUTURE = rule("CHRONOLOGY", "future")
_CHRONOLOGY_PAST = rule("CHRONOLOGY", "past")
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
_MIXED_NUMERIC_FORMATS = rule("MIXED_NUMERIC_FORMATS")
WEEKDAYS = weekday_names("wide")
_ENGLISH_MONTHS = [
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
]
_ENGLISH_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class _MonthWord:
    month: int  # 1..12
    kind: str  # "wide", "abbr" (babel's abbreviation without its period) or "english"


def _month_words() -> dict[str, _MonthWord]:
    words: dict[str, _MonthWord] = {}
    for index, name in enumerate(_ENGLISH_MONTHS, start=1):
        words[name] = _MonthWord(index, "english")
    for index, abbreviation in enumerate(month_names("abbreviated"), start=1):
        words[abbreviation.rstrip(".")] = _MonthWord(index, "abbr")
    words["sept"] = _MonthWord(9, "abbr")
    for index, name in enumerate(MONTHS, start=1):  # Danish wins where the words coincide
        words[name] = _MonthWord(index, "wide")
    return words


_MONTH_WORDS = _month_words()
_WEEKDAY_WORDS: dict[str, int] = {
    **{name: index for index, name in enumerate(WEEKDAYS)},
    **{name.rstrip("."): index for index, name in enumerate(weekday_names("abbreviated"))},
}


# IGNORECASE matches by Unicode case folding ("ſeptember" matches "september"), so the
# tables are looked up by casefold too; a token still not found is no date.
_MONTHS_FOLDED = {word.casefold(): value for word, value in _MONTH_WORDS.items()}
_WEEKDAYS_FOLDED = {word.casefold(): value for word, value in _WEEKDAY_WORDS.items()}


def _month_word(token: str) -> _MonthWord | None:
    return _MONTHS_FOLDED.get(token.casefold())


def _weekday_index(token: str) -> int | None:
    return _WEEKDAYS_FOLDED.get(token.casefold().rstrip("."))


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MONTH_RE = _alternation(_MONTH_WORDS)
_WEEKDAY_RE = "|".join(
    [_alternation(WEEKDAYS)]
    + [re.escape(w) + r"\." for w in sorted(_WEEKDAY_WORDS) if w not in WEEKDAYS]
)
_DANISH_AND_ENGLISH_NAMES = _alternation(list(MONTHS) + _ENGLISH_MONTHS)

# Each pattern starts with a digit, which lets `re` skip ahead quickly; what comes before
# the digits (weekday, "den", an English month) is matched afterwards in a short window.
# "onsdag den 14. september 2016", "d 14 sep 2016", "12 JAN. 2007", "pr. 1. april"
_TEXT_DATE = re.compile(
    rf"(?P<day>\d(?<![\w.,]\d)\d?)(?P<dot>\.)?[ \t\u00a0]+(?P<month>{_MONTH_RE})(?P<mdot>\.)?(?!\w)"
    r"(?:[ \t\u00a0]+(?P<year>\d{4}|\d{2})(?!\w|[.,/-]\d))?",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(
    rf"(?<![\w.,])(?:(?P<weekday>{_WEEKDAY_RE})[ \t\u00a0]+)?(?:(?P<den>den|d\.|d)[ \t\u00a0]+)?\Z",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?P<year>\d(?<=[ \t\u00a0]\d)\d{3})(?!\w)")
# "September 14, 2016", "january 3rd 2020" (before a year)
_ENGLISH_ORDER = re.compile(
    rf"(?<![\w.])(?P<month>{_DANISH_AND_ENGLISH_NAMES})[ \t\u00a0]+(?P<day>\d{{1,2}})"
    r"(?P<suffix>st|nd|rd|th)?,?[ \t\u00a0]+\Z",
    re.IGNORECASE,
)
# "i august 2022", "January 2016" (before a year)
_MONTH_YEAR = re.compile(
    rf"(?<![\w.])(?P<month>{_DANISH_AND_ENGLISH_NAMES})[ \t\u00a0]+\Z", re.IGNORECASE
)
_WINDOW = 32  # characters searched before the digits for a weekday, "den" or a month


class _Joined:
    """A match made of the part before the digits (may be None) and the digits' match."""

    def __init__(self, before: re.Match[str] | None, core: re.Match[str]) -> None:
        self._before = before if before is not None and before.group() else None
        self._core = core

    def _owner(self, name: str) -> re.Match[str] | None:
        if self._before is not None and name in self._before.re.groupindex:
            return self._before
        if name in self._core.re.groupindex:
            return self._core
        return None

    def __getitem__(self, name: str) -> Any:  # like re.Match: str, or None if unmatched
        owner = self._owner(name)
        return owner[name] if owner is not None else None

    def start(self, name: str | None = None) -> int:
        if name is None:
            return (self._before or self._core).start()
        owner = self._owner(name)
        return owner.start(name) if owner is not None else -1

    def end(self, name: str | None = None) -> int:
        if name is None:
            return self._core.end()
        owner = self._owner(name)
        return owner.end(name) if owner is not None else -1

    def span(self) -> tuple[int, int]:
        return self.start(), self.end()

    def group(self) -> str:
        text: str = self._core.string
        return text[self.start() : self.end()]


def _before(pattern: re.Pattern[str], text: str, position: int) -> re.Match[str] | None:
    return pattern.search(text, max(0, position - _WINDOW), position)


# "14.09.2016", "03-03-2008", "14/9/2016", "14.09.16"
_NUMERIC = re.compile(
    r"(?P<day>\d(?<![\w.,/-]\d)\d?)(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?!\w|[.,/-]\d)"
)
_SLASH_YEAR = re.compile(
    r"(?P<day>\d(?<![\w.,/-]\d)\d?)/(?P<month>\d{1,2})[ \t]+(?P<year>\d{4})(?!\w)"
)
_ISO = re.compile(
    r"(?P<year>\d(?<![\w.,/-]\d)\d{3})-(?P<month>\d{2})-(?P<day>\d{2})(?!\w|[.,/-]\d)"
)
# Numbers that look like dates but are classification codes or section numbers.
_NOT_A_DATE_BEFORE = re.compile(
    r"(?:\bKLE|§|\bpkt\.?|\bpunkt|\bafsnit|\bkapitel|\bversion|\bbilag|\bnr\.?)\s*$", re.IGNORECASE
)
# Word starts are checked in code (`_word_start`): a leading lookbehind makes `re` slow.
_CAPITAL_WEEKDAY = re.compile(rf"(?:{_alternation(w.capitalize() for w in WEEKDAYS)})(?!\w)")
# One character class, then the rest: far faster than an alternation of whole words.
_ENGLISH_WEEKDAY = re.compile(
    "["
    + "".join(sorted({w[0] + w[0].upper() for w in _ENGLISH_WEEKDAYS}))
    + "](?:"
    + "|".join(sorted({w[1:] for w in _ENGLISH_WEEKDAYS}, key=len, reverse=True))
    + r")(?!\w)"
)
_ENGLISH_ORDINAL = re.compile(r"(?P<number>\d(?<![\w.,]\d)\d?)(?:st|nd|rd|th|ST|ND|RD|TH)(?!\w)")
_SENTENCE_START = re.compile(
    r"^[ \t]*(?:(?:#{1,6}|>|[-*+]|\d{1,3}[.)]|\|)[ \t]*)*[\"'„“”»«(*_ \t]*$"
)
_FUTURE_CUE = re.compile(
    r"(?<!\w)(?:afholdes|afvikles|senest|frist(?:en)?|svarfrist(?:en)?|deadline|forventes|"
    r"planlægges|vil blive|træder i kraft|indkaldes|påbegyndes|skal afholdes)(?!\w)",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"(?<!\w)(?:brev(?:et)? af|brev(?:et)? fra|e?-?mail af|henvendelse af|skrivelse af|"
    r"blev afholdt|afholdtes|modtog|modtaget|vedtog|besluttede|behandlede|drøftede|"
    r"fandt sted)(?!\w)",
    re.IGNORECASE,
)
_PERFECT = re.compile(r"(?<!\w)(?:har|havde|blev|var)(?!\w)", re.IGNORECASE)
_DOCUMENT_DATE_BEFORE = re.compile(r"(?<!\w)(?:af|dateret)[ \t]+(?:den[ \t]+|d\.[ \t]+)?\Z")
_WORD_AFTER = re.compile(r"[ \t\u00a0]+\w")
_SENTENCE_END_AFTER = re.compile(r"[.!?](?=\s|$)|\n")
_SENTENCE_END_BEFORE = re.compile(r"[!?]\s|\.\s+(?=[A-ZÆØÅ])|\n")

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
    covered = _Spans()
    candidates: list[tuple[int, str]] = []  # (start, kind) in text order for numeric styles

    years = list(_YEAR.finditer(text))
    for year_match in years:
        before = _before(_ENGLISH_ORDER, text, year_match.start())
        if before is not None:
            joined = _Joined(before, year_match)
            covered.add(joined.span())
            findings.extend(_english_order(joined, locate))
    for core in _TEXT_DATE.finditer(text):
        date_match = _Joined(_before(_DATE_PREFIX, text, core.start()), core)
        if covered.overlaps(date_match.span()):
            continue
        findings.extend(_text_date(date_match, locate, letter_date, year))
        covered.add(date_match.span())
    for year_match in years:
        before = _before(_MONTH_YEAR, text, year_match.start())
        if before is not None:
            joined = _Joined(before, year_match)
            if not covered.overlaps(joined.span()):
                findings.extend(_month_year(joined, locate))
                covered.add(joined.span())
    for pattern in (_NUMERIC, _SLASH_YEAR, _ISO):
        for match in pattern.finditer(text):
            if covered.overlaps(match.span()) or _NOT_A_DATE_BEFORE.search(
                text, max(0, match.start() - 12), match.start()
            ):
                continue
            style = "iso" if pattern is _ISO else match["sep"] if pattern is _NUMERIC else "/"
            result = _numeric(match, locate, style)
            if result is None:
                continue
            covered.add(match.span())
            findings.extend(result)
            candidates.append((match.start(), style))
            if not result and style != "iso":
                findings.extend(_numeric_weekday(match, locate))
    for start, style in sorted(candidates):
        if state.numeric_style is None:
            state.numeric_style = style
        elif style != state.numeric_style and not state.mixed_reported:
            state.mixed_reported = True
            end = start + len(_numeric_text_at(text, start))
            findings.append(
                locate.finding(
                    _MIXED_NUMERIC_FORMATS,
                    start,
                    end,
                    first=_NUMERIC_STYLE_NAMES[state.numeric_style],
                    second=_NUMERIC_STYLE_NAMES[style],
                )
            )
    findings.extend(_words(text, locate, covered))
    return findings


class _Spans:
    """Non-overlapping spans already claimed by a date, kept sorted for bisection."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, span: tuple[int, int]) -> bool:
        """Return whether `span` overlaps a claimed span."""
        index = bisect_right(self._starts, span[0])
        if index and self._ends[index - 1] > span[0]:
            return True
        return index < len(self._starts) and self._starts[index] < span[1]

    def add(self, span: tuple[int, int]) -> None:
        """Claim `span`."""
        index = bisect_right(self._starts, span[0])
        self._starts.insert(index, span[0])
        self._ends.insert(index, span[1])


def _numeric_text_at(text: str, start: int) -> str:
    for pattern in (_NUMERIC, _SLASH_YEAR, _ISO):
        match = pattern.match(text, start)
        if match:
            return match.group()
    return ""


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _invalid_reason(year: int | None, month: int, day: int) -> str:
    name = MONTHS[month - 1]
    if day < 1 or day > 31:
        return f"ingen måned har en {day}. dag"
    if year is not None and not 1 <= year <= 9999:
        return f"år {year} findes ikke i kalenderen"
    if month == 2 and day == 29:
        return f"{year} er ikke et skudår" if year is not None else "året er ikke et skudår"
    if year is not None:
        return f"{name} {year} har kun {calendar.monthrange(year, month)[1]} dage"
    return f"{name} har kun {calendar.monthrange(2000, month)[1]} dage"


def _long(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def _text_date(
    match: _Joined, locate: Locator, letter_date: dt.date | None, year: int
) -> list[Finding]:
    text = locate.text
    findings: list[Finding] = []
    word = _month_word(match["month"])
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

    valid = _valid(full_year, word.month, day) if full_year is not None else None
    if (full_year is not None and valid is None) or not 1 <= day <= 31:
        shown = date_text if year_text else f"{date_text} {full_year}"
        findings.append(
            locate.finding(
                _INVALID_DATE,
                day_start,
                date_end,
                date=shown,
                reason=_invalid_reason(full_year, word.month, day),
            )
        )
    if stamp:
        suggestion = _long(valid) if valid else None
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
        written = _weekday_index(weekday)
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
                    date=_long(valid),
                    weekday=WEEKDAYS[valid.weekday()],
                    written=WEEKDAYS[written],
                )
            )
    if (
        weekday
        and weekday[0].isupper()
        and not _at_sentence_start(text, match.start())
        and not _all_caps_line(text, match.start())
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
        findings.append(
            locate.finding(
                _ENGLISH_MONTH,
                match.start("month"),
                match.end("month"),
                danish,
                safe=True,
                month=month_token,
                danish=danish,
            )
        )
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
    elif month_token != month_token.lower() and not _all_caps_line(text, match.start()):
        findings.append(
            locate.finding(
                _MONTH_CAPITALIZED,
                match.start("month"),
                match.end("month"),
                month_token.lower(),
                safe=True,
                lower=month_token.lower(),
            )
        )
    if valid is not None and written_year is not None and letter_date is not None:
        findings.extend(_chronology(locate, day_start, date_end, valid, letter_date))
    return findings


def _english_order(match: _Joined, locate: Locator) -> list[Finding]:
    word = _month_word(match["month"])
    if word is None:
        return []
    day, year = int(match["day"]), int(match["year"])
    valid = _valid(year, word.month, day)
    if valid is None:
        return [
            locate.finding(
                _INVALID_DATE,
                match.start(),
                match.end(),
                date=match.group(),
                reason=_invalid_reason(year, word.month, day),
            )
        ]
    danish = _long(valid)
    findings = [
        locate.finding(_ENGLISH_DATE_ORDER, match.start(), match.end(), danish, danish=danish)
    ]
    return findings


def _month_year(match: _Joined, locate: Locator) -> list[Finding]:
    token = match["month"]
    word = _month_word(token)
    if word is None:
        return []
    danish = MONTHS[word.month - 1]
    if word.kind == "english":
        return [
            locate.finding(
                _ENGLISH_MONTH,
                match.start("month"),
                match.end("month"),
                danish,
                safe=True,
                month=token,
                danish=danish,
            )
        ]
    text = locate.text
    if (
        token != token.lower()
        and not token.isupper()
        and not _at_sentence_start(text, match.start())
    ):
        return [
            locate.finding(
                _MONTH_CAPITALIZED,
                match.start("month"),
                match.end("month"),
                token.lower(),
                safe=True,
                lower=token.lower(),
            )
        ]
    return []


def _numeric(match: re.Match[str], locate: Locator, style: str) -> list[Finding] | None:
    """Return the findings of a numeric date, or None when the numbers are no date."""
    day_text, month_text, year_text = match["day"], match["month"], match["year"]
    day, month, year = int(day_text), int(month_text), int(year_text)
    start, end = match.span()
    shown = match.group()
    if len(year_text) == 2:
        if not (1 <= month <= 12 and 1 <= day <= 31) or (len(day_text) < 2 and len(month_text) < 2):
            return None
        if _valid(2000 + year, month, day) is None and _valid(1900 + year, month, day) is None:
            return [
                locate.finding(
                    _INVALID_DATE, start, end, date=shown, reason=_invalid_reason(None, month, day)
                )
            ]
        return [locate.finding(_TWO_DIGIT_YEAR, start, end, date=shown)]
    if 1 <= month <= 12 and 1 <= day <= 31:
        if _valid(year, month, day) is None:
            return [
                locate.finding(
                    _INVALID_DATE, start, end, date=shown, reason=_invalid_reason(year, month, day)
                )
            ]
        return []
    if 13 <= month <= 31 and 1 <= day <= 12 and style != "iso":
        swapped = _valid(year, day, month)
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
                    long=_long(swapped),
                )
            ]
    if day <= 31 and month <= 31:
        return [locate.finding(_INVALID_MONTH, start, end, date=shown)]
    return None


def _numeric_weekday(match: re.Match[str], locate: Locator) -> list[Finding]:
    """Return a WEEKDAY_MISMATCH for "tirsdag den 14.9.2016" (a valid 4-digit-year date)."""
    prefix = _before(_DATE_PREFIX, locate.text, match.start())
    if prefix is None or not prefix["weekday"] or len(match["year"]) != 4:
        return []
    day = _valid(int(match["year"]), int(match["month"]), int(match["day"]))
    if day is None:
        return []
    weekday = prefix["weekday"]
    written = _weekday_index(weekday)
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
            date=_long(day),
            weekday=WEEKDAYS[day.weekday()],
            written=WEEKDAYS[written],
        )
    ]


def _words(text: str, locate: Locator, covered: _Spans) -> list[Finding]:
    findings: list[Finding] = []
    for match in _CAPITAL_WEEKDAY.finditer(text):
        if (
            not _word_start(text, match.start())
            or covered.overlaps(match.span())
            or _at_sentence_start(text, match.start())
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
    for match in _ENGLISH_WEEKDAY.finditer(text):
        word = match.group()
        if word.lower() not in _ENGLISH_WEEKDAYS or not _word_start(text, match.start()):
            continue
        if not (word.islower() or word[1:].islower()):
            continue
        danish = WEEKDAYS[_ENGLISH_WEEKDAYS.index(match.group().lower())]
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
    for match in _ENGLISH_ORDINAL.finditer(text):
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


def _chronology(
    locate: Locator, start: int, end: int, day: dt.date, letter_date: dt.date
) -> list[Finding]:
    if day == letter_date:
        return []
    text = locate.text
    window_start = max(0, start - 120)
    for boundary in _SENTENCE_END_BEFORE.finditer(text, window_start, start):
        window_start = boundary.end()
    after = _SENTENCE_END_AFTER.search(text, end, min(len(text), end + 100))
    window_end = after.start() if after else min(len(text), end + 100)
    before_text, after_text = text[window_start:start], text[end:window_end]
    future = bool(_FUTURE_CUE.search(before_text) or _FUTURE_CUE.search(after_text))
    if _PERFECT.search(before_text) or _PERFECT.search(after_text):
        # "Vi har senest den 5. september skrevet ...": "senest" means "most recently".
        future = False
    if _DOCUMENT_DATE_BEFORE.search(text, max(0, start - 16), start):
        # "lov nr. 553 af 1. juni 2016 træder i kraft ...": the cue is about something
        # else; the date only names a document.
        future = False
    past = bool(_PAST_CUE.search(before_text) or _PAST_CUE.search(after_text))
    if future == past:
        return []
    letter_text = _long(letter_date)
    if future and day < letter_date:
        chronology = _CHRONOLOGY_FUTURE
    elif past and day > letter_date:
        chronology = _CHRONOLOGY_PAST
    else:
        return []
    return [locate.finding(chronology, start, end, date=_long(day), letter_date=letter_text)]


def _word_start(text: str, position: int) -> bool:
    return position == 0 or (not text[position - 1].isalnum() and text[position - 1] != "_")


def _at_sentence_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    before = text[line_start:position]
    if _SENTENCE_START.match(before):
        return True
    stripped = before.rstrip(" \t\u00a0\"'„“”»«(*_")
    return stripped.endswith((".", "!", "?", ":", "|"))


def _all_caps_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)
