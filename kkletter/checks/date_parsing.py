"""Recognise Danish (and English) dates in running text: word tables, patterns, spans.

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

from kkletter.dates import month_names, weekday_names

MONTHS = month_names("wide")


WEEKDAYS = weekday_names("wide")


_ENGLISH_MONTHS = [
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
]


ENGLISH_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


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


def month_word(token: str) -> _MonthWord | None:
    return _MONTHS_FOLDED.get(token.casefold())


def weekday_index(token: str) -> int | None:
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
TEXT_DATE = re.compile(
    rf"(?P<day>\d(?<![\w.,]\d)\d?)(?P<dot>\.)?[ \t\u00a0]+(?P<month>{_MONTH_RE})(?P<mdot>\.)?(?!\w)"
    r"(?:[ \t\u00a0]+(?P<year>\d{4}|\d{2})(?!\w|[.,/-]\d))?",
    re.IGNORECASE,
)


DATE_PREFIX = re.compile(
    rf"(?<![\w.,])(?:(?P<weekday>{_WEEKDAY_RE})[ \t\u00a0]+)?(?:(?P<den>den|d\.|d)[ \t\u00a0]+)?\Z",
    re.IGNORECASE,
)


YEAR = re.compile(r"(?P<year>\d(?<=[ \t\u00a0]\d)\d{3})(?!\w)")


# "September 14, 2016", "january 3rd 2020" (before a year)
ENGLISH_ORDER = re.compile(
    rf"(?<![\w.])(?P<month>{_DANISH_AND_ENGLISH_NAMES})[ \t\u00a0]+(?P<day>\d{{1,2}})"
    r"(?P<suffix>st|nd|rd|th)?,?[ \t\u00a0]+\Z",
    re.IGNORECASE,
)


# "i august 2022", "January 2016" (before a year)
MONTH_YEAR = re.compile(
    rf"(?<![\w.])(?P<month>{_DANISH_AND_ENGLISH_NAMES})[ \t\u00a0]+\Z", re.IGNORECASE
)


_WINDOW = 32  # characters searched before the digits for a weekday, "den" or a month


class Joined:
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


def match_before(pattern: re.Pattern[str], text: str, position: int) -> re.Match[str] | None:
    return pattern.search(text, max(0, position - _WINDOW), position)


# "14.09.2016", "03-03-2008", "14/9/2016", "14.09.16"
NUMERIC = re.compile(
    r"(?P<day>\d(?<![\w.,/-]\d)\d?)(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?!\w|[.,/-]\d)"
)


SLASH_YEAR = re.compile(
    r"(?P<day>\d(?<![\w.,/-]\d)\d?)/(?P<month>\d{1,2})[ \t]+(?P<year>\d{4})(?!\w)"
)


ISO = re.compile(r"(?P<year>\d(?<![\w.,/-]\d)\d{3})-(?P<month>\d{2})-(?P<day>\d{2})(?!\w|[.,/-]\d)")


# Numbers that look like dates but are classification codes or section numbers.
NOT_A_DATE_BEFORE = re.compile(
    r"(?:\bKLE|§|\bpkt\.?|\bpunkt|\bafsnit|\bkapitel|\bversion|\bbilag|\bnr\.?)\s*$", re.IGNORECASE
)


# Word starts are checked in code (`word_start`): a leading lookbehind makes `re` slow.
CAPITAL_WEEKDAY = re.compile(rf"(?:{_alternation(w.capitalize() for w in WEEKDAYS)})(?!\w)")


# One character class, then the rest: far faster than an alternation of whole words.
ENGLISH_WEEKDAY_WORD = re.compile(
    "["
    + "".join(sorted({w[0] + w[0].upper() for w in ENGLISH_WEEKDAYS}))
    + "](?:"
    + "|".join(sorted({w[1:] for w in ENGLISH_WEEKDAYS}, key=len, reverse=True))
    + r")(?!\w)"
)


ENGLISH_ORDINAL_WORD = re.compile(
    r"(?P<number>\d(?<![\w.,]\d)\d?)(?:st|nd|rd|th|ST|ND|RD|TH)(?!\w)"
)


_SENTENCE_START = re.compile(
    r"^[ \t]*(?:(?:#{1,6}|>|[-*+]|\d{1,3}[.)]|\|)[ \t]*)*[\"'„“”»«(*_ \t]*$"
)


class Spans:
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


def numeric_text_at(text: str, start: int) -> str:
    for pattern in (NUMERIC, SLASH_YEAR, ISO):
        match = pattern.match(text, start)
        if match:
            return match.group()
    return ""


def valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def invalid_reason(year: int | None, month: int, day: int) -> str:
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


def long_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def word_start(text: str, position: int) -> bool:
    return position == 0 or (not text[position - 1].isalnum() and text[position - 1] != "_")


def at_sentence_start(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    before = text[line_start:position]
    if _SENTENCE_START.match(before):
        return True
    stripped = before.rstrip(" \t\u00a0\"'„“”»«(*_")
    return stripped.endswith((".", "!", "?", ":", "|"))


def all_caps_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) > 3 and all(ch.isupper() for ch in letters)
