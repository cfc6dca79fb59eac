"""Family "letter": template, profile, date, recipient, salutation, signer, case numbers."""

from __future__ import annotations

import re

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding
from kkletter.errors import KKLetterError, TemplateError
from kkletter.fields import BY_NAME, field_label
from kkletter.model import Letter
from kkletter.templating import TemplateSpec

# eDoc "2016-0318694", older eDoc "2008-64009" / "2008-124406", F2 "2023 - 5975". Older
# eDoc numbers are not zero-padded, so early numbers of a year are shorter: seed 002's
# genuine "2006-2405" has four digits. Three or fewer digits are more likely a typo.
_CASE_NUMBER = re.compile(r"(?:\d{4}-\d{4,7}|\d{4} - \d+)")
_DOCUMENT_NUMBER = re.compile(r"(?P<case>\d{4}-\d{4,7})-\d+")


_UNKNOWN_TEMPLATE = rule("UNKNOWN_TEMPLATE")
_UNKNOWN_PROFILE = rule("UNKNOWN_PROFILE")
_TEMPLATE_ERROR = rule("TEMPLATE_ERROR")
_MISSING_DATE = rule("MISSING_DATE")
_MISSING_RECIPIENT = rule("MISSING_RECIPIENT")
_MISSING_SALUTATION = rule("MISSING_SALUTATION")
_MISSING_SIGNER = rule("MISSING_SIGNER")
_MISSING_FIELD = rule("MISSING_FIELD")
_CASE_NUMBER_FORMAT = rule("CASE_NUMBER_FORMAT")
_CASE_YEAR_AFTER_DATE = rule("CASE_YEAR_AFTER_DATE")
_DOCUMENT_NUMBER_MISMATCH = rule("DOCUMENT_NUMBER_MISMATCH")


def check_letter_parts(context: CheckContext) -> list[Finding]:
    """Return the findings about the letter as a whole.

    An unknown template or profile is a finding and the rules that need it are skipped;
    a letter that cannot be composed (e.g. a required template field is empty) is a
    TEMPLATE_ERROR.
    """
    letter, catalogs = context.letter, context.catalogs
    findings: list[Finding] = []
    if context.spec is None:
        known = ", ".join(sorted(catalogs.templates)) or "(ingen)"
        findings.append(
            _UNKNOWN_TEMPLATE.finding(
                "template", 1, 1, len(letter.template), name=letter.template, known=known
            )
        )
    if context.profile is None:
        known = ", ".join(sorted(catalogs.profiles)) or "(ingen)"
        findings.append(
            _UNKNOWN_PROFILE.finding(
                "profile", 1, 1, len(letter.profile), name=letter.profile, known=known
            )
        )
    findings.extend(_missing_parts(letter, context.spec))
    findings.extend(_case_numbers(letter))
    composed = context.composed
    if isinstance(composed, KKLetterError):
        findings.append(_template_error(composed, context.spec))
    return findings


def _template_error(exc: KKLetterError, spec: TemplateSpec | None) -> Finding:
    field = "template"
    if isinstance(exc, TemplateError) and spec is not None:
        if exc.field in {f.id for f in spec.fields}:
            field = f"fields.{exc.field}"
        elif exc.field in ("date_style", "subject", "body"):
            field = exc.field
    return _TEMPLATE_ERROR.finding(field, 1, 1, 0, error=str(exc))


def _missing_parts(letter: Letter, spec: TemplateSpec | None) -> list[Finding]:
    """Return the findings about missing parts; `spec` None skips the template's rules."""
    findings: list[Finding] = []
    if letter.date is None:
        findings.append(_MISSING_DATE.finding("date", 1, 1, 0))
    if spec is None:
        return findings
    if spec.needs_recipient and not letter.recipient.name.strip():
        findings.append(_MISSING_RECIPIENT.finding("recipient.name", 1, 1, 0, template=spec.name))
    if spec.needs_salutation and not letter.recipient.salutation.strip():
        findings.append(
            _MISSING_SALUTATION.finding("recipient.salutation", 1, 1, 0, template=spec.name)
        )
    if spec.needs_signer and not letter.signer.name.strip():
        findings.append(_MISSING_SIGNER.finding("signer.name", 1, 1, 0, template=spec.name))
    findings.extend(_missing_required_fields(letter, spec))
    return findings


def _missing_required_fields(letter: Letter, spec: TemplateSpec) -> list[Finding]:
    """Return a warning for each field the template says a finished letter needs."""
    labels = {f.id: f.label for f in spec.fields}
    findings: list[Finding] = []
    for name in spec.required_fields:
        top, _, field_id = name.partition(".")
        if top == "fields" and field_id in labels:
            value = str(letter.fields.get(field_id) or "")
        elif name in BY_NAME:
            value = BY_NAME[name].read(letter)
        else:
            continue  # the template loader has refused such a name already
        if not value.strip():
            findings.append(
                _MISSING_FIELD.finding(
                    name, 1, 1, 0, label=field_label(name, labels), template=spec.name
                )
            )
    return findings


def _case_numbers(letter: Letter) -> list[Finding]:
    """Return the findings about the case number and the document number."""
    findings: list[Finding] = []
    number = letter.case.number
    stripped = number.strip()
    number_start = len(number) - len(number.lstrip())
    locate = Locator("case.number", number)
    if stripped and not _CASE_NUMBER.fullmatch(stripped):
        findings.append(
            locate.finding(
                _CASE_NUMBER_FORMAT, number_start, number_start + len(stripped), number=stripped
            )
        )
    if (
        stripped[:4].isdecimal()
        and letter.date is not None
        and int(stripped[:4]) > letter.date.year
    ):
        findings.append(
            locate.finding(
                _CASE_YEAR_AFTER_DATE,
                number_start,
                number_start + 4,
                case_year=stripped[:4],
                letter_year=letter.date.year,
            )
        )
    document = letter.case.document
    match = _DOCUMENT_NUMBER.fullmatch(document.strip())
    if match and _CASE_NUMBER.fullmatch(stripped) and match["case"] != stripped:
        offset = len(document) - len(document.lstrip())
        findings.append(
            Locator("case.document", document).finding(
                _DOCUMENT_NUMBER_MISMATCH,
                offset,
                offset + len(match["case"]),
                document=document.strip(),
                document_case=match["case"],
                number=stripped,
            )
        )
    return findings
