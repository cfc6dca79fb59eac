"""Pre-send checks of a letter (Qt-free).

Public API (stable; the GUI and the CLI build on it):

- `check_letter(letter, catalogs, *, today=None) -> list[Finding]`: every finding, sorted
  by field, line, column; never raises on user text.
- `apply_fixes(letter, findings) -> Letter`: apply the given findings' suggestions
  (each replaces its span in its field); the caller chooses which (e.g. only `safe`).

One module per family: `dates` (Danish dates), `times` (clock times), `letter` (template,
profile, missing parts, case numbers), `personal` (CPR), `completeness` (placeholders),
`contact` (phone, EAN), `accessibility` (Digital Post accessibility of the composed letter),
`decision` (forvaltningsloven's begrundelse and klagevejledning in an afgørelse).
Every family is a function `check(context: CheckContext) -> Iterable[Finding]`, listed in
`FAMILY_CHECKS`; every rule's id, family, severity and message is in `catalogue.RULES`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from kkletter.checks.accessibility import check_accessibility
from kkletter.checks.catalogue import FAMILIES, RULES, Rule, rule
from kkletter.checks.completeness import check_placeholders
from kkletter.checks.contact import check_contact
from kkletter.checks.context import CheckContext, RegisterLookup
from kkletter.checks.dates import check_dates
from kkletter.checks.decision import check_decision
from kkletter.checks.fields import Locator, field_text, replace_text
from kkletter.checks.findings import SEVERITIES, Finding, Severity
from kkletter.checks.glyphs import check_glyphs
from kkletter.checks.letter import check_letter_parts
from kkletter.checks.personal import check_cpr
from kkletter.checks.register import check_register
from kkletter.checks.times import check_times
from kkletter.compose import Catalogs, LetterDocument
from kkletter.fields import sort_key as field_sort_key
from kkletter.model import Letter

__all__ = [
    "FAMILIES",
    "FAMILY_CHECKS",
    "RULES",
    "SEVERITIES",
    "CheckContext",
    "FamilyCheck",
    "Finding",
    "Rule",
    "Severity",
    "apply_fixes",
    "check_letter",
    "has_errors",
    "rule",
]

FamilyCheck = Callable[[CheckContext], Iterable[Finding]]

# One check function per family of the catalogue; every one takes the same context.
FAMILY_CHECKS: Mapping[str, FamilyCheck] = {
    "letter": check_letter_parts,
    "dates": check_dates,
    "times": check_times,
    "personal": check_cpr,
    "completeness": check_placeholders,
    "contact": check_contact,
    "accessibility": check_accessibility,
    "decision": check_decision,
    "register": check_register,
    "pdf": check_glyphs,
}


def check_letter(
    letter: Letter,
    catalogs: Catalogs,
    *,
    today: dt.date | None = None,
    document: LetterDocument | None = None,
    register: RegisterLookup | None = None,
) -> list[Finding]:
    """Return every finding in `letter`, sorted by field, line and column.

    `today` supplies the year of year-less dates in an undated letter (default: today).
    An unknown template or profile is reported as a finding, and the rules that need it
    are skipped. `document` is the letter already composed (the GUI has it for the
    preview); without it the letter is composed here for the accessibility rules, and a
    letter that cannot be composed (e.g. a required template field is empty) is a finding.
    `register` (e.g. `kkletter.register.Register`) adds the checks against earlier letters.
    """
    context = CheckContext(letter, catalogs, today=today, document=document, register=register)
    return check_context(context)


def check_context(context: CheckContext) -> list[Finding]:
    """Return the findings of every family for `context`, sorted by field, line, column."""
    findings: set[Finding] = set()
    for check in FAMILY_CHECKS.values():
        findings.update(check(context))
    return sorted(findings, key=_sort_key)


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
