"""Danish dates through babel, locale da_DK fixed (never strftime or setlocale)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Literal

from babel.dates import format_date, get_day_names, get_month_names

LOCALE = "da_DK"

DATE_STYLES: dict[str, str] = {
    "long": "14. september 2016",
    "full": "onsdag den 14. september 2016",
    "numeric": "14-09-2016",
    "stamp": "14 SEP. 2016",
}


def format_long(day: dt.date) -> str:
    """Return `day` as "14. september 2016"."""
    return format_date(day, "d. MMMM y", locale=LOCALE)


def format_full(day: dt.date) -> str:
    """Return `day` as "onsdag den 14. september 2016"."""
    return format_date(day, "EEEE 'den' d. MMMM y", locale=LOCALE)


def format_numeric(day: dt.date) -> str:
    """Return `day` in the numeric house style "14-09-2016"."""
    return format_date(day, "dd-MM-y", locale=LOCALE)


def format_stamp(day: dt.date) -> str:
    """Return `day` in the date-stamp style "12 JAN. 2007" used in older letterheads."""
    abbreviation = month_names("abbreviated")[day.month - 1].upper()
    return f"{day.day} {abbreviation} {day.year}"


def format_letter_date(day: dt.date | None, style: str) -> str:
    """Return `day` written in `style` (see `DATE_STYLES`), or "" for an undated letter."""
    if day is None:
        return ""
    formatter = {
        "long": format_long,
        "full": format_full,
        "numeric": format_numeric,
        "stamp": format_stamp,
    }.get(style)
    if formatter is None:
        raise ValueError(f"unknown date style {style!r}")
    return formatter(day)


@cache
def month_names(width: Literal["wide", "abbreviated"] = "wide") -> tuple[str, ...]:
    """Return the Danish month names January..December ("wide" or "abbreviated")."""
    names = get_month_names(width, context="format", locale=LOCALE)
    return tuple(str(names[i]) for i in range(1, 13))


@cache
def weekday_names(width: Literal["wide", "abbreviated"] = "wide") -> tuple[str, ...]:
    """Return the Danish weekday names Monday..Sunday ("wide" or "abbreviated")."""
    names = get_day_names(width, context="format", locale=LOCALE)
    return tuple(str(names[i]) for i in range(7))
