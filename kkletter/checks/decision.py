"""Family "decision": what forvaltningsloven requires of a written decision (afgørelse).

A template with `decision = true` makes a letter a decision. Unless the citizen gets
everything asked for ("fuldt medhold"), the decision must carry

- a begrundelse that cites the legal rules it is based on and, where the authority used
  discretion, the main considerations (forvaltningsloven §§ 22 and 24), and
- a klagevejledning naming who to complain to, how, and the deadline (§ 25, stk. 1; its
  2. pkt. exempts a decision that gives full medhold, like § 22).

The blocks are found by their headings ("## Begrundelse", "## Klagevejledning" – the
built-in standard paragraphs start with them), so an inserted paragraph counts. Only the
prose under each heading is read, up to the next heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkletter.checks.catalogue import Rule, rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding

OUTCOMES = ("afslag", "delvist medhold", "fuldt medhold")
FULL = "fuldt medhold"
_HEADING = re.compile(
    r"^(?:#{1,6}[ \t]+(?:\d+\.[ \t]*)?(?P<md>.+?)|\*\*(?P<bold>[^*\n]+)\*\*)[ \t]*$", re.M
)
_LEGAL_BASIS = re.compile(
    r"§§?\s*\d+|\b(?:lov(?:en|ens)?|loven|bekendtgørelse[n]?|forordning(?:en)?|"
    r"artikel\s+\d+|kapitel\s+\d+)\b|\w+lov(?:en|ens)?\b",
    re.IGNORECASE,
)
_CONSIDERATIONS = re.compile(
    r"lagt\s+(?:særlig\s+)?vægt|lægger\s+(?:særlig\s+)?vægt|hensyn|vurder|afgørende|"
    r"betydning|begrund",
    re.IGNORECASE,
)
_OUTCOME = rule("DECISION_OUTCOME")
_NO_REASONS = rule("DECISION_NO_REASONS")
_NO_LEGAL_BASIS = rule("DECISION_NO_LEGAL_BASIS")
_NO_CONSIDERATIONS = rule("DECISION_NO_CONSIDERATIONS")
_NO_APPEAL = rule("DECISION_NO_APPEAL_GUIDANCE")
# What § 25 asks the klagevejledning to tell: who, how, and the deadline.
_APPEAL_RULES = {
    "who": rule("DECISION_APPEAL_INCOMPLETE", "who"),
    "how": rule("DECISION_APPEAL_INCOMPLETE", "how"),
    "deadline": rule("DECISION_APPEAL_INCOMPLETE", "deadline"),
}
_APPEAL_PARTS = {
    "who": re.compile(
        r"klage\s+(?:til|hos)\s+\w|klageinstans|ankestyrelsen|nævn(?:et)?\b|"
        r"styrelsen\b|ombudsmand",
        re.IGNORECASE,
    ),
    "how": re.compile(
        r"skriftligt|mundtligt|send(?:e|er)?\b|e-mail|brev\b|digital post|klageportal|"
        r"borger\.dk|indgive",
        re.IGNORECASE,
    ),
    "deadline": re.compile(
        r"frist|senest|inden\s+\d|\d+\s+(?:uger|dage|måneder)|(?:fire|otte|fjorten)\s+"
        r"(?:uger|dage)",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Gap:
    """One thing a decision lacks: its catalogue rule and where in the body."""

    rule: Rule
    start: int  # offsets into the body (a heading, or 0 when the block is missing)
    end: int


@dataclass(frozen=True)
class Section:
    """A heading of the body and the text under it, up to the next heading."""

    title: str
    start: int  # of the heading line
    end: int  # of the heading line
    text: str


def sections(body: str) -> list[Section]:
    """Return the headed sections of the Markdown `body`."""
    matches = list(_HEADING.finditer(body))
    found = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        title = (match.group("md") or match.group("bold") or "").strip()
        found.append(Section(title, match.start(), match.end(), body[match.end() : stop]))
    return found


def _find(parts: list[Section], word: str) -> Section | None:
    return next((s for s in parts if s.title.casefold().startswith(word)), None)


def outcome_of(value: object) -> str:
    """Return the decision's outcome as written in `fields.udfald`, normalised."""
    return " ".join(str(value or "").casefold().split())


def decision_gaps(body: str, outcome: str) -> list[Gap]:
    """Return what the decision with `body` and `outcome` lacks under forvaltningsloven."""
    if outcome == FULL:
        return []
    parts = sections(body)
    gaps: list[Gap] = []
    reasons = _find(parts, "begrundelse")
    if reasons is None:
        gaps.append(Gap(_NO_REASONS, 0, 0))
    else:
        if not _LEGAL_BASIS.search(reasons.text):
            gaps.append(Gap(_NO_LEGAL_BASIS, reasons.start, reasons.end))
        if not _CONSIDERATIONS.search(reasons.text):
            gaps.append(Gap(_NO_CONSIDERATIONS, reasons.start, reasons.end))
    appeal = _find(parts, "klagevejledning") or _find(parts, "klageadgang")
    if appeal is None:
        gaps.append(Gap(_NO_APPEAL, 0, 0))
    else:
        for part, pattern in _APPEAL_PARTS.items():
            if not pattern.search(appeal.text):
                gaps.append(Gap(_APPEAL_RULES[part], appeal.start, appeal.end))
    return gaps


OUTCOME_FIELD = "udfald"


def check_decision(context: CheckContext) -> list[Finding]:
    """Return what a decision lacks (only for templates with `decision = true`)."""
    spec = context.spec
    if spec is None or not spec.decision:
        return []
    letter = context.letter
    raw = letter.fields.get(OUTCOME_FIELD)
    if raw is None:
        raw = next((f.default for f in spec.fields if f.id == OUTCOME_FIELD), "afslag")
    outcome = outcome_of(raw)
    findings: list[Finding] = []
    if outcome not in OUTCOMES:
        value = str(raw)
        findings.append(_OUTCOME.finding(f"fields.{OUTCOME_FIELD}", 1, 1, len(value), value=value))
        outcome = "afslag"  # unknown: check as strictly as a refusal
    locate = Locator("body", letter.body)
    for gap in decision_gaps(letter.body, outcome):
        findings.append(locate.finding(gap.rule, gap.start, gap.end))
    return findings
