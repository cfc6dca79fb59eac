from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter import dates


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("long", "14. september 2016"),
        ("full", "onsdag den 14. september 2016"),
        ("numeric", "14-09-2016"),
        ("stamp", "14 SEP. 2016"),
    ],
)
def test_letter_date_styles(style: str, expected: str) -> None:
    assert dates.format_letter_date(dt.date(2016, 9, 14), style) == expected


def test_stamp_style_of_seed_002() -> None:
    assert dates.format_stamp(dt.date(2007, 1, 12)) == "12 JAN. 2007"


def test_numeric_house_style_of_the_notat() -> None:
    assert dates.format_numeric(dt.date(2023, 4, 12)) == "12-04-2023"


def test_undated_letter_prints_nothing() -> None:
    assert dates.format_letter_date(None, "long") == ""


def test_unknown_style_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown date style"):
        dates.format_letter_date(dt.date(2020, 1, 1), "fancy")


def test_babel_tables_are_danish() -> None:
    assert dates.month_names()[8] == "september"
    assert dates.weekday_names()[2] == "onsdag"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_long_form_always_has_ordinal_period_and_lower_case_month(day: dt.date) -> None:
    text = dates.format_long(day)
    assert text.startswith(f"{day.day}. ")
    assert text.split()[1] == dates.month_names()[day.month - 1]
    assert text.endswith(str(day.year))
