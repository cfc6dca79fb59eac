"""Clock times in running text: "kl. 14.30" is the Danish house style."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kkletter.checks.fields import Locator, TextField
from kkletter.checks.findings import Finding

# "kl. 14.30", "kl 9", "kl. 2.30 pm"; the lookbehind sits after the first letter so `re`
# can skip ahead quickly.
_TIME = re.compile(
    r"(?P<kl>[Kk](?<!\w[Kk])[Ll])(?P<kdot>\.)?[ \t\u00a0]*(?P<hour>\d{1,2})"
    r"(?:(?P<sep>[.:])(?P<minute>\d{1,2}))?(?!\d|[.:]\d)"
    r"(?:[ \t\u00a0]*(?P<ampm>[ap]\.?[ ]?m\.?)(?!\w))?",
    re.IGNORECASE,
)


@dataclass
class _SeparatorState:
    """The first separator seen ("." or ":"), and whether mixing was reported."""

    time_sep: str | None = None
    time_sep_reported: bool = False


def check_times(fields: Sequence[TextField]) -> list[Finding]:
    """Return the clock-time findings in the prose `fields`; TIME_SEP_MIXED once per letter."""
    state = _SeparatorState()
    findings: list[Finding] = []
    for field in fields:
        if not field.is_prose:
            continue
        locate = Locator(field.name, field.text)
        for match in _TIME.finditer(field.text):
            findings.extend(_time(match, locate, state))
    return findings


def _time(match: re.Match[str], locate: Locator, state: _SeparatorState) -> list[Finding]:
    findings: list[Finding] = []
    hour = int(match["hour"])
    minute_text = match["minute"]
    minute = int(minute_text) if minute_text else 0
    start, end = match.start(), match.end()
    shown = match.group()
    if match["kdot"] is None:
        findings.append(
            locate.finding(
                "KL_NO_PERIOD",
                "warning",
                start,
                match.end("kl"),
                "Forkortelsen 'kl.' skrives med punktum",
                match["kl"] + ".",
                safe=True,
            )
        )
    if hour > 24 or minute > 59 or (hour == 24 and minute > 0):
        findings.append(
            locate.finding(
                "INVALID_TIME",
                "error",
                start,
                end,
                f"{shown} er ikke et gyldigt klokkeslæt: timer går fra 0 til 24, "
                "minutter fra 0 til 59",
            )
        )
    elif minute_text is not None and len(minute_text) == 1:
        findings.append(
            locate.finding(
                "TIME_MINUTES",
                "warning",
                start,
                end,
                f"Minutterne i {shown} skal have to cifre, fx kl. {hour}.{minute_text}0 "
                f"eller kl. {hour}.0{minute_text}",
            )
        )
    if match["ampm"]:
        afternoon = match["ampm"].lower().startswith("p")
        hour24 = (
            hour + 12 if afternoon and hour < 12 else (0 if not afternoon and hour == 12 else hour)
        )
        suggestion = f"kl. {hour24:02d}.{minute:02d}" if hour24 <= 24 else None
        findings.append(
            locate.finding(
                "TWELVE_HOUR",
                "warning",
                start,
                end,
                "Klokkeslæt skrives med 24 timer på dansk"
                + (f": {suggestion}" if suggestion else ""),
                suggestion,
            )
        )
    sep = match["sep"]
    if sep:
        if state.time_sep is None:
            state.time_sep = sep
        elif sep != state.time_sep and not state.time_sep_reported:
            state.time_sep_reported = True
            findings.append(
                locate.finding(
                    "TIME_SEP_MIXED",
                    "info",
                    start,
                    end,
                    f"Brevet skriver klokkeslæt med både '{state.time_sep}' og '{sep}'; "
                    "brug punktum overalt (kl. 10.00)",
                )
            )
    return findings
