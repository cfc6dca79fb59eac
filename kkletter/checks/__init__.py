"""Pre-send checks of a letter (Qt-free).

Public API (stable; the GUI and the CLI build on it):

- `check_letter(letter, catalogs, *, today=None) -> list[Finding]`: every finding, sorted
  by field, line, column; never raises on user text.
- `apply_fixes(letter, findings) -> Letter`: apply the given findings' suggestions
  (each replaces its span in its field); the caller chooses which (e.g. only `safe`).
"""

from __future__ import annotations

from kkletter.checks.findings import SEVERITIES, Finding, Severity

__all__ = ["SEVERITIES", "Finding", "Severity"]
