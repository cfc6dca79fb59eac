"""A realistic municipal letter: clean as written, and each planted mistake is found."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.model import CaseRef, Letter

CATALOGS = Catalogs.shipped()
LETTER = (Path(__file__).parent / "data" / "realistic-letter.md").read_text(encoding="utf-8")


def _rules(body: str) -> list[str]:
    letter = Letter(
        template="notat",
        profile="sof-center-for-politik",
        subject="Opfølgning på dialogmødet",
        body=body,
        date=dt.date(2016, 9, 20),
        fields={"sagsbehandler": "Jonas Søbæk Magelund"},
        case=CaseRef(number="2016-0318694"),
    )
    return [f.rule for f in check_letter(letter, CATALOGS)]


def test_realistic_letter_has_no_findings() -> None:
    assert _rules(LETTER) == []


@pytest.mark.parametrize(
    ("original", "mistake", "rule"),
    [
        ("torsdag den 6. oktober 2016", "onsdag den 6. oktober 2016", "WEEKDAY_MISMATCH"),
        ("fredag den 30. september 2016", "fredag den 31. september 2016", "INVALID_DATE"),
        ("kl. 13.00-15.00", "kl 13.00-15.00", "KL_NO_PERIOD"),
        ("1. november 2016", "1. November 2016", "MONTH_CAPITALIZED"),
        ("tlf. 33 66 33 66", "tlf. 3366 3366", "PHONE_FORMAT"),
        ("sagsnr. 2016-0318694", "sagsnr. 2016-0318694, CPR 010203-1234", "CPR_NUMBER"),
        ("max. 2 sider", "max. XX sider", "PLACEHOLDER"),
        (
            "behandlede sagen på sit møde",
            "behandlede sagen på sit møde den 21. september 2016 og",
            "CHRONOLOGY",
        ),
        ("af 2. september 2016", "af 2 september 2016", "MISSING_ORDINAL_PERIOD"),
        ("kl. 9-15", "kl. 9-15 (eller kl. 16:00)", "TIME_SEP_MIXED"),
    ],
)
def test_each_planted_mistake_is_found(original: str, mistake: str, rule: str) -> None:
    assert original in LETTER
    assert rule in _rules(LETTER.replace(original, mistake, 1))
