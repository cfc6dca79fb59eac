"""Pre-send checks of a letter (Qt-free).

Public API (stable; the GUI and the CLI build on it):

- `check_letter(letter, catalogs, *, today=None) -> list[Finding]`: every finding, sorted
  by field, line, column; never raises on user text.
- `apply_fixes(letter, findings) -> Letter`: apply the given findings' suggestions
  (each replaces its span in its field); the caller chooses which (e.g. only `safe`).

One module per family: `dates` (Danish dates), `times` (clock times), `letter` (missing parts, case
numbers), `personal` (CPR), `completeness` (placeholders), `contact` (phone, EAN),
`accessibility` (Digital Post accessibility of the composed letter).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from kkletter.checks.accessibility import check_accessibility
from kkletter.checks.completeness import check_placeholders
from kkletter.checks.contact import check_phones, check_profile
from kkletter.checks.dates import check_dates
from kkletter.checks.fields import Locator, field_text, letter_texts, replace_text
from kkletter.checks.findings import SEVERITIES, Finding, Severity
from kkletter.checks.letter import check_case_numbers, check_letter_parts
from kkletter.checks.personal import check_cpr
from kkletter.checks.times import check_times
from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.errors import KKLetterError, TemplateError
from kkletter.fields import sort_key as field_sort_key
from kkletter.model import Letter

__all__ = ["SEVERITIES", "Finding", "Severity", "apply_fixes", "check_letter", "has_errors"]


def check_letter(
    letter: Letter,
    catalogs: Catalogs,
    *,
    today: dt.date | None = None,
    document: LetterDocument | None = None,
) -> list[Finding]:
    """Return every finding in `letter`, sorted by field, line and column.

    `today` supplies the year of year-less dates in an undated letter (default: today).
    An unknown template or profile is reported as a finding, and the rules that need it
    are skipped. `document` is the letter already composed (the GUI has it for the
    preview); without it the letter is composed here for the accessibility rules, and a
    letter that cannot be composed (e.g. a required template field is empty) is a finding.
    """
    findings: list[Finding] = []
    spec = catalogs.templates.get(letter.template)
    if spec is None:
        known = ", ".join(sorted(catalogs.templates)) or "(ingen)"
        findings.append(
            Finding(
                "UNKNOWN_TEMPLATE",
                "error",
                "template",
                1,
                1,
                len(letter.template),
                f"Skabelonen '{letter.template}' findes ikke; vælg en af: {known}",
            )
        )
    profile = catalogs.profiles.get(letter.profile)
    if profile is None:
        known = ", ".join(sorted(catalogs.profiles)) or "(ingen)"
        findings.append(
            Finding(
                "UNKNOWN_PROFILE",
                "error",
                "profile",
                1,
                1,
                len(letter.profile),
                f"Afsenderprofilen '{letter.profile}' findes ikke; vælg en af: {known}",
            )
        )
    else:
        findings.extend(check_profile(profile))
    texts = letter_texts(letter)
    year = letter.date.year if letter.date else (today or dt.date.today()).year
    findings.extend(check_letter_parts(letter, spec))
    findings.extend(check_case_numbers(letter))
    findings.extend(check_dates(texts, letter.date, year))
    findings.extend(check_times(texts))
    findings.extend(check_cpr(texts))
    findings.extend(check_placeholders(texts, spec))
    findings.extend(check_phones(texts))
    if spec is not None and profile is not None:
        findings.extend(_check_composed(letter, catalogs, document))
    return sorted(set(findings), key=_sort_key)


def _check_composed(
    letter: Letter, catalogs: Catalogs, document: LetterDocument | None
) -> list[Finding]:
    """Return the accessibility findings, or why the letter cannot be composed."""
    if document is None:
        try:
            document = compose_letter(letter, catalogs)
        except TemplateError as exc:
            spec = catalogs.templates[letter.template]
            field = "template"
            if exc.field in {f.id for f in spec.fields}:
                field = f"fields.{exc.field}"
            elif exc.field in ("date_style", "subject", "body"):
                field = exc.field
            return [Finding("TEMPLATE_ERROR", "error", field, 1, 1, 0, str(exc))]
        except KKLetterError as exc:
            return [Finding("TEMPLATE_ERROR", "error", "template", 1, 1, 0, str(exc))]
    return check_accessibility(letter, document)


def _sort_key(finding: Finding) -> tuple[int, str, int, int, str]:
    return (
        field_sort_key(finding.field),
        finding.field,
        finding.line,
        finding.column,
        finding.rule,
    )


def has_errors(findings: Sequence[Finding]) -> bool:
    """Return whether any of `findings` is an error."""
    return any(f.severity == "error" for f in findings)


def apply_fixes(letter: Letter, findings: Sequence[Finding]) -> Letter:
    """Return `letter` with the suggestions of `findings` applied.

    Per field, suggestions apply right to left so earlier positions stay valid; a
    suggestion overlapping one already applied, or pointing outside its field (e.g. at the
    profile, which the letter does not hold), is skipped.
    """
    by_field: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.suggestion is not None:
            by_field[finding.field].append(finding)
    for name, group in by_field.items():
        text = field_text(letter, name)
        if text is None:
            continue
        locate = Locator(name, text)
        spans: list[tuple[int, int, str]] = []
        for finding in group:
            start = locate.offset(finding.line, finding.column)
            if start is None or start + finding.length > len(text) or finding.suggestion is None:
                continue
            spans.append((start, start + finding.length, finding.suggestion))
        applied_from = len(text) + 1
        for start, end, suggestion in sorted(spans, key=lambda s: (s[0], s[1]), reverse=True):
            if end > applied_from or (end == applied_from and start == end):
                continue
            text = text[:start] + suggestion + text[end:]
            applied_from = start
        letter = replace_text(letter, name, text)
    return letter
