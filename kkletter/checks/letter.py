"""The letter as a whole: date, recipient, salutation, signer and the case references."""

from __future__ import annotations

import re

from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding
from kkletter.model import Letter
from kkletter.templating import TemplateSpec

# eDoc "2016-0318694", older eDoc "2008-64009" / "2008-124406", F2 "2023 - 5975". Older
# eDoc numbers are not zero-padded, so early numbers of a year are shorter: seed 002's
# genuine "2006-2405" has four digits. Three or fewer digits are more likely a typo.
_CASE_NUMBER = re.compile(r"(?:\d{4}-\d{4,7}|\d{4} - \d+)")
_DOCUMENT_NUMBER = re.compile(r"(?P<case>\d{4}-\d{4,7})-\d+")


def check_letter_parts(letter: Letter, spec: TemplateSpec | None) -> list[Finding]:
    """Return the findings about missing parts; `spec` None skips the template's rules."""
    findings: list[Finding] = []
    if letter.date is None:
        findings.append(
            Finding(
                "MISSING_DATE",
                "error",
                "date",
                1,
                1,
                0,
                "Brevet har ingen dato; vælg datoen, før det sendes "
                "(i kladdefilen: date = 2024-05-14)",
            )
        )
    if spec is None:
        return findings
    if spec.needs_recipient and not letter.recipient.name.strip():
        findings.append(
            Finding(
                "MISSING_RECIPIENT",
                "error",
                "recipient.name",
                1,
                1,
                0,
                f"{spec.name} mangler en modtager; udfyld modtagerens navn",
            )
        )
    if spec.needs_salutation and not letter.recipient.salutation.strip():
        findings.append(
            Finding(
                "MISSING_SALUTATION",
                "warning",
                "recipient.salutation",
                1,
                1,
                0,
                f"{spec.name} mangler en hilsen til modtageren, fx 'Kære ...'",
            )
        )
    if spec.needs_signer and not letter.signer.name.strip():
        findings.append(
            Finding(
                "MISSING_SIGNER",
                "error",
                "signer.name",
                1,
                1,
                0,
                f"{spec.name} mangler en underskriver; udfyld underskriverens navn",
            )
        )
    return findings


def check_case_numbers(letter: Letter) -> list[Finding]:
    """Return the findings about the case number and the document number."""
    findings: list[Finding] = []
    number = letter.case.number
    stripped = number.strip()
    number_start = len(number) - len(number.lstrip())
    locate = Locator("case.number", number)
    if stripped and not _CASE_NUMBER.fullmatch(stripped):
        findings.append(
            locate.finding(
                "CASE_NUMBER_FORMAT",
                "warning",
                number_start,
                number_start + len(stripped),
                f"Sagsnummeret {stripped} har ikke en kendt form: eDoc 2016-0318694, "
                "ældre eDoc 2008-64009 eller F2 2023 - 5975; tjek nummeret",
            )
        )
    if (
        stripped[:4].isdecimal()
        and letter.date is not None
        and int(stripped[:4]) > letter.date.year
    ):
        findings.append(
            locate.finding(
                "CASE_YEAR_AFTER_DATE",
                "warning",
                number_start,
                number_start + 4,
                f"Sagsnummeret er fra {stripped[:4]}, men brevet er dateret {letter.date.year}; "
                "tjek sagsnummeret og datoen",
            )
        )
    document = letter.case.document
    match = _DOCUMENT_NUMBER.fullmatch(document.strip())
    if match and _CASE_NUMBER.fullmatch(stripped) and match["case"] != stripped:
        offset = len(document) - len(document.lstrip())
        findings.append(
            Locator("case.document", document).finding(
                "DOCUMENT_NUMBER_MISMATCH",
                "warning",
                offset,
                offset + len(match["case"]),
                f"Dokumentnummeret {document.strip()} hører til sag {match['case']}, "
                f"ikke til brevets sag {stripped}; tjek begge numre",
            )
        )
    return findings
