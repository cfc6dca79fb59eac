"""Benchmark `check_letter` on a 2-page and a 20-page letter in a warm process.

Run: `python benchmarks/bench_checks.py`. Targets (issue 3): 2 pages <= 5 ms, 20 pages
<= 50 ms. The letters are seed 004's body (about one page of real Danish prose) repeated,
with dates, times, case numbers and phone numbers mixed in so every rule family works.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from kkletter.checks import check_letter
from kkletter.compose import Catalogs
from kkletter.drafts import load_draft
from kkletter.model import Letter

ROOT = Path(__file__).resolve().parent.parent
EXTRA = (
    "Mødet afholdes onsdag den 14. september 2016 kl. 14.30 i Rådhuset, jf. sagsnr. "
    "2016-0318694 og dokumentnr. 2016-0318694-3. Ring på tlf. 33 66 33 66 senest den "
    "1. oktober 2016. Beløbet er 1.234.567,89 kr. for perioden 14.9.2016 til 2016-12-31.\n\n"
)
CHARS_PER_PAGE = 2600  # a typical A4 page of letter prose with the house margins


def letter_of(pages: int) -> Letter:
    """Return seed 004 with its body grown to about `pages` pages."""
    seed = load_draft(ROOT / "seeds" / "drafts" / "004-brev-dok.toml")
    unit = seed.body.strip() + "\n\n" + EXTRA
    body = ""
    while len(body) < pages * CHARS_PER_PAGE:
        body += unit
    return dataclasses.replace(seed, body=body, date=dt.date(2016, 9, 20))


def measure(letter: Letter, catalogs: Catalogs, rounds: int) -> tuple[float, float]:
    """Return the median and the maximum milliseconds of `rounds` warm checks."""
    check_letter(letter, catalogs)  # warm: imports, regex caches, babel data
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        check_letter(letter, catalogs)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    """Print the timings and return 1 when a target is missed."""
    catalogs = Catalogs.shipped()
    failed = False
    for pages, target, rounds in ((2, 5.0, 200), (20, 50.0, 40)):
        letter = letter_of(pages)
        median, worst = measure(letter, catalogs, rounds)
        findings = len(check_letter(letter, catalogs))
        ok = median <= target
        failed |= not ok
        print(
            f"{pages:>2} pages ({len(letter.body):>6} chars, {findings} findings): "
            f"median {median:6.2f} ms, max {worst:6.2f} ms, target {target:.0f} ms "
            f"{'OK' if ok else 'MISSED'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
