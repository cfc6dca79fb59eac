"""Run every benchmark, each in a fresh process: `python -m benchmarks [--quick]`.

Targets (2-core machine): render ≤ 5 ms per letter (draft → DOCX bytes, warm); checks
≤ 5 ms for 2 pages and ≤ 50 ms for 20 pages; GUI cold start ≤ 0.8 s and preview + checks
≤ 30 ms for 3 pages; merge of 1,000 letters ≤ 10 s with peak memory < 200 MB over 10,000;
PDF/A of a 2-page letter ≤ 20 ms, page view after a keystroke ≤ 60 ms for 3 pages,
merge --pdf of 1,000 letters ≤ 10 s; `check` of 1 MB of hostile text ≤ 2 s and 100,000
paragraphs rendered ≤ 10 s (issue 8).
"""

from __future__ import annotations

import os
import subprocess
import sys

_QUICK = {
    "bench_render": ["--repeat", "50", "--letters", "500"],
    "bench_checks": [],
    "bench_gui": ["--runs", "3"],
    "bench_spelling": ["--runs", "9"],
    "bench_merge": ["--letters", "300", "--memory-letters", "1000"],
    "bench_library": ["--runs", "3"],
    "bench_register": ["--letters", "10000"],
    "bench_pdf": ["--repeat", "20", "--letters", "300"],
    "bench_hostile": ["--quick"],
}


def main() -> int:
    """Run the benchmarks one after the other and return the worst exit code."""
    quick = "--quick" in sys.argv[1:]
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    worst = 0
    for name, quick_args in _QUICK.items():
        print(f"\n=== {name}", flush=True)
        args = quick_args if quick else []
        result = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", *args], env=env)
        worst = max(worst, result.returncode)
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
