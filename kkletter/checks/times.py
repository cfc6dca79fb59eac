"""Family "times": clock times in running text ("kl. 14.30" is the house style)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.fields import Locator
from kkletter.checks.findings import Finding

# "kl. 14.30", "kl 9", "kl. 2.30 pm"; the lookbehind sits after the first letter so `re`
# can skip ahead quickly.
_TIME = re.compile(
    r"(?P<kl>[Kk](?<!\w[Kk])[Ll])(?P<kdot>\.)?[ \t\u00a0]*(?P<hour>\d{1,2})"
    r"(?:(?P<sep>[.:])(?P<minute>\d{1,2}))?(?!\d|[.:]\d)"
    r"(?:[ \t\u00a0]*(?P<ampm>[ap]\.?[ ]?m\.?)(?!\w))?",
    re.IGNORECASE,
)
_KL_NO_PERIOD = rule("KL_NO_PERIOD")
_INVALID_TIME = rule("INVALID_TIME")
_TIME_MINUTES = rule("TIME_MINUTES")
_TWELVE_HOUR = rule("TWELVE_HOUR")
_TWELVE_HOUR_IMPOSSIBLE = rule("TWELVE_HOUR", "impossible")
_TIME_SEP_MIXED = rule("TIME_SEP_MIXED")


@dataclass
class _SeparatorState:
    """The first separator seen ("." or ":"), and whether mixing was reported."""

    time_sep: str | None = None
    time_sep_reported: bool = False


def check_times(context: CheckContext) -> list[Finding]:
    """Return the clock-time findings in the prose fields; TIME_SEP_MIXED once per letter."""
    state = _SeparatorState()
    findings: list[Finding] = []
    for field in context.texts:
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
            locate.finding(_KL_NO_PERIOD, start, match.end("kl"), match["kl"] + ".", safe=True)
        )
    if hour > 24 or minute > 59 or (hour == 24 and minute > 0):
        findings.append(locate.finding(_INVALID_TIME, start, end, time=shown))
    elif minute_text is not None and len(minute_text) == 1:
        findings.append(
            locate.finding(_TIME_MINUTES, start, end, time=shown, hour=hour, minute=minute_text)
        )
    if match["ampm"]:
        afternoon = match["ampm"].lower().startswith("p")
        hour24 = (
            hour + 12 if afternoon and hour < 12 else (0 if not afternoon and hour == 12 else hour)
        )
        suggestion = f"kl. {hour24:02d}.{minute:02d}" if hour24 <= 24 else None
        if suggestion is None:
            findings.append(locate.finding(_TWELVE_HOUR_IMPOSSIBLE, start, end))
        else:
            findings.append(
                locate.finding(_TWELVE_HOUR, start, end, suggestion, replacement=suggestion)
            )
    sep = match["sep"]
    if sep:
        if state.time_sep is None:
            state.time_sep = sep
        elif sep != state.time_sep and not state.time_sep_reported:
            state.time_sep_reported = True
            findings.append(
                locate.finding(_TIME_SEP_MIXED, start, end, first=state.time_sep, second=sep)
            )
    return findings
