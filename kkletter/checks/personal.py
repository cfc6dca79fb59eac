"""Family "personal": personal data that must never leave the house in a letter (CPR)."""

from __future__ import annotations

import datetime as dt
import re

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding

# DDMMYY-SSSS or ten digits; neighbours that are digits, dashes or decimal marks belong to
# case numbers ("2016-0318694-3"), amounts ("1.234.567,89") or phone numbers.
_CPR = re.compile(r"(?P<date>\d(?<![\w.,/-]\d)\d{5})(?P<dash>-?)(?P<serial>\d{4})(?![\w/-]|[.,]\d)")
_CPR_NUMBER = rule("CPR_NUMBER")


def check_cpr(context: CheckContext) -> list[Finding]:
    """Return a finding for each CPR number in any text of the letter.

    No modulus-11 test: numbers issued since 2007 may fail it. The date part must be a
    real date in the 1900s or 2000s.
    """
    findings: list[Finding] = []
    for field in context.texts:
        locate: Locator | None = None
        for match in _CPR.finditer(field.text):
            if not _is_birth_date(match["date"]):
                continue
            locate = locate or Locator(field.name, field.text)
            findings.append(locate.finding(_CPR_NUMBER, match.start(), match.end()))
    return findings


def _is_birth_date(digits: str) -> bool:
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    for century in (1900, 2000):
        try:
            dt.date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False
