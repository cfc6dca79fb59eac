"""The result of checking a letter: findings with exact positions and optional fixes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One problem in a letter.

    `field` names where it is: "body", "subject", "date", "case.number", "case.document",
    "recipient.name", "recipient.salutation", "signer.name", "profile.phone",
    "fields.<id>", ... `line` and `column` are 1-based within that field's text as the
    user wrote it (the Markdown body, not the rendered output); `length` is the number
    of characters the finding covers. `suggestion` replaces exactly that span; `safe`
    marks a suggestion that `--fix` may apply without asking.
    """

    rule: str
    severity: Severity
    field: str
    line: int
    column: int
    length: int
    message: str
    suggestion: str | None = None
    safe: bool = False

    def to_json(self) -> dict[str, object]:
        """Return the finding with exactly the keys of `kkletter check --format json`."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "field": self.field,
            "line": self.line,
            "column": self.column,
            "length": self.length,
            "message": self.message,
            "suggestion": self.suggestion,
        }
