"""Family "contact": Danish phone numbers in pairs, EAN check digits of the letterhead."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator, TextField
from kkletter.checks.findings import Finding
from kkletter.model import Profile

_PAIRED = re.compile(r"(?:\+45 )?\d\d \d\d \d\d \d\d")
_NUMBER = re.compile(r"(?P<prefix>(?:\+|00)45[ \t]?)?(?P<number>\d[\d \t-]{6,12}\d)(?![\d\w])")
# In prose a number is only a phone number when a cue says so ("tlf. 3317 3214"). The
# number is found first (digit-anchored, fast); the cue is then looked for just before it.
_DIGIT_RUN = re.compile(r"(?P<number>\d(?<![\w+]\d)[\d \t-]{6,12}\d)(?![\d\w])")
_PHONE_CUE = re.compile(
    r"(?<!\w)(?:tlf\.?|telefon(?:nummer|nr\.?)?|mobil(?:nummer|nr\.?)?|telefax|fax|"
    r"direkte(?: telefon)?|ring(?:e)? (?:på|til))[ \t]*:?[ \t]*(?:(?:\+|00)45[ \t]?)?\Z",
    re.IGNORECASE,
)
_PROFILE_PHONES = (("phone", "profile.phone"), ("direct_phone", "profile.direct_phone"))
_PHONE_FORMAT = rule("PHONE_FORMAT")
_EAN_DIGITS = rule("EAN_CHECKSUM")
_EAN_CHECK_DIGIT = rule("EAN_CHECKSUM", "check_digit")


def check_contact(context: CheckContext) -> list[Finding]:
    """Return the findings about the profile's numbers and the phone numbers in the letter."""
    findings = check_profile(context.profile) if context.profile is not None else []
    findings.extend(check_phones(context.texts))
    return findings


def check_profile(profile: Profile) -> list[Finding]:
    """Return the findings about the profile's phone, fax and EAN numbers."""
    findings: list[Finding] = []
    for attribute, field in (*_PROFILE_PHONES, ("fax", "profile.fax")):
        value: str = getattr(profile, attribute)
        match = _NUMBER.fullmatch(value.strip())
        if match:
            offset = len(value) - len(value.lstrip())
            finding = _phone_finding(Locator(field, value), match, offset)
            if finding:
                findings.append(finding)
    if profile.ean.strip():
        finding = _ean_finding(profile.ean)
        if finding:
            findings.append(finding)
    return findings


def check_phones(fields: Sequence[TextField]) -> list[Finding]:
    """Return a finding for each 8-digit phone number in prose not written in pairs."""
    findings: list[Finding] = []
    for field in fields:
        if field.name == "signer.phone":
            match = _NUMBER.fullmatch(field.text.strip())
            offset = len(field.text) - len(field.text.lstrip())
            matches = [(match, offset)] if match else []
        elif field.is_prose:
            text = field.text
            matches = [
                (m, 0)
                for m in _DIGIT_RUN.finditer(text)
                if _PHONE_CUE.search(text, max(0, m.start() - 24), m.start())
            ]
        else:
            continue
        locate = Locator(field.name, field.text)
        for number_match, offset in matches:
            finding = _phone_finding(locate, number_match, offset)
            if finding:
                findings.append(finding)
    return findings


def _phone_finding(locate: Locator, match: re.Match[str], offset: int) -> Finding | None:
    number = match["number"]
    digits = re.sub(r"\D", "", number)
    if len(digits) != 8 or re.fullmatch(r"\d\d \d\d \d\d \d\d", number):
        return None
    paired = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    start, end = offset + match.start("number"), offset + match.end("number")
    return locate.finding(_PHONE_FORMAT, start, end, paired, paired=paired)


def _ean_finding(ean: str) -> Finding | None:
    locate = Locator("profile.ean", ean)
    stripped = ean.strip()
    start = len(ean) - len(ean.lstrip())
    end = start + len(stripped)
    digits = stripped.replace(" ", "")
    if not re.fullmatch(r"\d{13}", digits):
        return locate.finding(_EAN_DIGITS, start, end, ean=stripped)
    expected = gs1_check_digit(digits[:12])
    if int(digits[12]) == expected:
        return None
    return locate.finding(_EAN_CHECK_DIGIT, start, end, ean=stripped, expected=expected)


def gs1_check_digit(digits: str) -> int:
    """Return the GS1 check digit of the 12 digits `digits` (EAN-13)."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return (10 - total % 10) % 10
