"""Judge whether a dated event's tense agrees with the letter's own date (CHRONOLOGY)."""

from __future__ import annotations

import datetime as dt
import re

from kkletter.checks.catalogue import rule
from kkletter.checks.date_parsing import long_date
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding

_CHRONOLOGY_FUTURE = rule("CHRONOLOGY", "future")


_CHRONOLOGY_PAST = rule("CHRONOLOGY", "past")


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


_SENTENCE_END_AFTER = re.compile(r"[.!?](?=\s|$)|\n")


_SENTENCE_END_BEFORE = re.compile(r"[!?]\s|\.\s+(?=[A-ZÆØÅ])|\n")


def check_chronology(
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
    letter_text = long_date(letter_date)
    if future and day < letter_date:
        chronology = _CHRONOLOGY_FUTURE
    elif past and day > letter_date:
        chronology = _CHRONOLOGY_PAST
    else:
        return []
    return [locate.finding(chronology, start, end, date=long_date(day), letter_date=letter_text)]
