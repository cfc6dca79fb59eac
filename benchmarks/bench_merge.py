"""Benchmark mail merge: speed, peak memory, and docxtpl for comparison.

Run: `python benchmarks/bench_merge.py` (from the repository root). It measures

1. 1,000 letters to DOCX with `kkletter.merge.merge` on all cores (target <= 10 s),
   and the same with one process;
2. peak memory (RSS of the parent plus every worker process, sampled every 100 ms)
   while merging 10,000 letters (target < 200 MB);
3. the same 1,000-letter job through docxtpl (one process, as it is normally used),
   with a template made by kkletter's own writer so the output is the same letter.

Every kkletter letter is checked (`check_letter`) before it is written; docxtpl does no
checks. Memory figures are read from /proc and so need Linux.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kkletter.compose import Catalogs, compose_letter  # noqa: E402
from kkletter.drafts import load_draft  # noqa: E402
from kkletter.merge import merge  # noqa: E402
from kkletter.mergedata import open_data  # noqa: E402
from kkletter.model import Letter, Recipient  # noqa: E402

SEED = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"
COLUMNS = ["navn", "adresse1", "adresse2", "hilsen", "afdeling"]


def write_data(path: Path, rows: int) -> Path:
    """Write a CSV of `rows` recipients as Danish Excel would (cp1252, ";")."""
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for index in range(rows):
            name = f"Forening nr. {index} for Ærø og Østerbro"
            writer.writerow(
                [name, f"Nørrebrogade {index}", "2200 København N", f"Kære {name}", "Social"]
            )
    return path


def _letter() -> Letter:
    letter = load_draft(SEED)
    return dataclasses.replace(
        letter,
        subject="Invitation til dialog – {{ afdeling }}",
        recipient=Recipient(),
    )


def _children(pid: int) -> list[int]:
    """Return the child process ids of `pid` (Linux: /proc/<pid>/task/*/children)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_rss(pid: int) -> int:
    """Return the summed RSS in bytes of `pid` and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss(current)
        stack.extend(_children(current))
    return total


class PeakSampler:
    """Sample the RSS of this process tree in a thread; keep the peak."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self._stop.wait(self.interval)


def bench_kkletter(data: Path, out: Path, *, workers: int) -> tuple[float, int, int]:
    """Merge `data` into `out`; return seconds, letters written and peak RSS bytes."""
    catalogs = Catalogs.shipped()
    letter = _letter()
    with PeakSampler() as sampler:
        start = time.perf_counter()
        summary = merge(letter, open_data(data), out, catalogs=catalogs, workers=workers)
        seconds = time.perf_counter() - start
    return seconds, len(summary.written), sampler.peak


def bench_docxtpl(data: Path, out: Path) -> tuple[float, int]:
    """Render the same letters with docxtpl from a template made by kkletter's writer."""
    from docxtpl import DocxTemplate

    from kkletter.docx.writer import write_docx

    letter = dataclasses.replace(
        _letter(),
        recipient=Recipient(
            name="{{ navn }}",
            address=("{{ adresse1 }}", "{{ adresse2 }}"),
            salutation="{{ hilsen }}",
        ),
        subject="Invitation til dialog – {{ afdeling }}",
    )
    template = out / "skabelon.docx"
    write_docx(compose_letter(letter, Catalogs.shipped()), template)
    count = 0
    start = time.perf_counter()
    for row in open_data(data).rows():
        document = DocxTemplate(str(template))
        document.render(row.values)
        document.save(str(out / f"{row.number}.docx"))
        count += 1
    return time.perf_counter() - start, count


def main() -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--memory-letters", type=int, default=10_000)
    parser.add_argument("--skip-docxtpl", action="store_true")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"kkletter merge benchmark – {dt.datetime.now():%Y-%m-%d %H:%M}, {cores} kerner")
    with tempfile.TemporaryDirectory(prefix="kkletter-bench-") as tmp_name:
        tmp = Path(tmp_name)
        # Memory first, while this process holds only what a merge needs (no docxtpl).
        big = write_data(tmp / "big.csv", args.memory_letters)
        seconds_b, written_b, peak_b = bench_kkletter(big, tmp / "big", workers=cores)
        print(
            f"kkletter, {cores} processer: {written_b} breve på {seconds_b:.2f} s "
            f"({written_b / seconds_b:.0f}/s), "
            f"top-RSS (forælder + arbejdere) {peak_b / 2**20:.0f} MB"
        )
        small = write_data(tmp / "small.csv", args.letters)
        seconds, written, peak = bench_kkletter(small, tmp / "all-cores", workers=cores)
        print(
            f"kkletter, {cores} processer: {written} breve på {seconds:.2f} s "
            f"({written / seconds:.0f}/s), top-RSS {peak / 2**20:.0f} MB"
        )
        seconds1, written1, peak1 = bench_kkletter(small, tmp / "one-core", workers=1)
        print(
            f"kkletter, 1 proces:    {written1} breve på {seconds1:.2f} s "
            f"({written1 / seconds1:.0f}/s), top-RSS {peak1 / 2**20:.0f} MB"
        )
        if not args.skip_docxtpl:
            (tmp / "docxtpl").mkdir()
            seconds_t, written_t = bench_docxtpl(small, tmp / "docxtpl")
            print(
                f"docxtpl, 1 proces:     {written_t} breve på {seconds_t:.2f} s "
                f"({written_t / seconds_t:.0f}/s), ingen tjek"
            )
        load = os.getloadavg()[0]
        print(f"Belastning (load average, 1 min) efter kørslen: {load:.2f} på {cores} kerner")
        ok = seconds <= 10 and peak_b < 200 * 2**20
        print("Mål nået (<= 10 s for 1.000, < 200 MB for 10.000)." if ok else "Mål IKKE nået.")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
