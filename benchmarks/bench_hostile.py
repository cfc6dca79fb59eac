"""Benchmark hostile input: `check` of 1 MB of hostile text, rendering 100,000 paragraphs.

Run: `python benchmarks/bench_hostile.py` (add `--quick` for 100 KB texts). Targets
(issue 8): every 1 MB hostile body is checked in <= 2 s; a letter of 100,000 paragraphs
is composed and written as DOCX in <= 10 s. Each line prints the time and whether the
target is met; the exit code is 1 when a target is missed.

"Hostile" means text built to hit a super-linear path: unclosed template tags, brackets
that start link labels, runs of "X", emphasis markers, deep nesting, long lines of
digits and dates, control characters.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from kkletter.checks import check_letter
from kkletter.compose import Catalogs, compose_letter
from kkletter.docx.writer import docx_bytes
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.text import clean_text

HOSTILE_UNITS = {
    "unclosed {{": "{{ ",
    "unclosed {%": "{% ",
    "brackets [": "[",
    "image labels ![": "![",
    "[INDSÆT": "[INDSÆT ",
    "X run": "X",
    "emphasis *a": "*a",
    "underscores _a": "_a",
    "angle <a ": "<a ",
    "<img tags": "<img ",
    "image links ![a](": "![a](",
    "strong **": "**a ",
    "deep lists": "- - - - - - - - - - - - - - - - - - - - - - - - - x\n",
    "pipes |": "| ",
    "quotes >": ">",
    "list - ": "- ",
    "dates 1. ": "1. ",
    "digits": "1234567890",
    "cpr-like": "010190-1234 ",
    "clock kl ": "kl 14.30 ",
    "newlines": "\n",
    "nul/ctrl": "\x00\x0b\x0c",
    "prose": "Vi mødes onsdag den 14. september 2016 kl. 14.30 på Rådhuset. ",
}


def letter_with(body: str) -> Letter:
    """Return a complete letter with `body`, cleaned as a draft file or the editor cleans it."""
    body = clean_text(body)
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2016, 9, 14),
        subject="Hostile",
        body=body,
        recipient=Recipient(name="DOK", salutation="Kære DOK"),
        case=CaseRef(number="2016-0318694", document="2016-0318694-3"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def main() -> int:
    """Print the timings and return 1 when a target is missed."""
    quick = "--quick" in sys.argv
    size = 100_000 if quick else 1_000_000
    catalogs = Catalogs.shipped()
    check_letter(letter_with("Varm op."), catalogs)
    failed = False
    for name, unit in HOSTILE_UNITS.items():
        body = (unit * (size // len(unit) + 1))[:size]
        start = time.perf_counter()
        findings = check_letter(letter_with(body), catalogs)
        seconds = time.perf_counter() - start
        ok = seconds <= 2.0
        failed |= not ok
        print(
            f"check {size // 1000} KB {name:<16} {seconds:6.2f} s  "
            f"{len(findings):>7} fund  {'OK' if ok else 'OVER 2 s'}"
        )
    paragraphs = 10_000 if quick else 100_000
    body = "\n\n".join(f"Afsnit {i} med lidt tekst." for i in range(paragraphs))
    start = time.perf_counter()
    data = docx_bytes(compose_letter(letter_with(body), catalogs))
    seconds = time.perf_counter() - start
    ok = seconds <= 10.0
    failed |= not ok
    print(
        f"render {paragraphs} afsnit          {seconds:6.2f} s  "
        f"{len(data) // 1024:>7} KB   {'OK' if ok else 'OVER 10 s'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
