"""Benchmark rendering: draft file to DOCX bytes, against docxtpl, and memory over many letters.

Run from the repository root: `python -m benchmarks.bench_render` or
`python benchmarks/bench_render.py` (options: `--repeat N` timings per draft,
`--letters N` letters for the memory run, e.g. `--letters 10000`).

1. Every seed draft (`seeds/drafts/*.toml`) is rendered `--repeat` times in a warm
   process: `load_draft` + `compose_letter` + `docx_bytes`. Per-letter median ms.
2. The same drafts through docxtpl (a benchmark-only dependency): a small docxtpl
   template with the same letterhead, case block, contact column and body is built in a
   temporary folder at run time; each letter loads the draft, composes it, renders the
   template and saves to bytes. Per-letter median ms and the ratio to kkletter.
3. `--letters` letters in a row (cycling through the seeds), reporting RSS at
   checkpoints, the process's peak RSS and tracemalloc's current and peak, to show that
   memory stays flat. Memory figures from /proc need Linux; elsewhere only tracemalloc.
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kkletter.compose import Catalogs, LetterDocument, compose_letter  # noqa: E402
from kkletter.docx.writer import docx_bytes  # noqa: E402
from kkletter.drafts import load_draft  # noqa: E402
from kkletter.markup import iter_paragraphs  # noqa: E402

DRAFTS = ROOT / "seeds" / "drafts"
TARGET_MS = 5.0


def render_kkletter(path: Path, catalogs: Catalogs) -> bytes:
    """Render the draft at `path` to DOCX bytes with kkletter."""
    return docx_bytes(compose_letter(load_draft(path), catalogs))


def median_ms(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Return the median wall and CPU time of `function` in ms over `repeat` calls.

    CPU time (of this process) shows the cost when the machine is shared and wall
    times are inflated by other processes.
    """
    function()  # warm caches (base document, templates, parsers)
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


# --- docxtpl comparison ---------------------------------------------------------------


def build_docxtpl_template(folder: Path) -> Path:
    """Write a docxtpl template with kkletter's letter structure; return its path."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(5.8)
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.paragraphs[0].text = "{{ organisation }}"
    header.add_paragraph("{{ unit }}")
    header.add_paragraph("{{ subunit }}")
    header.add_paragraph("{%p for line in column %}")
    header.add_paragraph("{{ line }}")
    header.add_paragraph("{%p endfor %}")
    section.header.paragraphs[0].text = "Side X af Y"
    document.add_paragraph("{%p for line in recipient %}")
    document.add_paragraph("{{ line }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ subject }}", style="Heading 1")
    document.add_paragraph("{{ salutation }}")
    document.add_paragraph("{%p for paragraph in body %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{{ closing }}")
    document.add_paragraph("{{ signer_name }}")
    document.add_paragraph("{{ signer_title }}")
    path = folder / "brev-docxtpl.docx"
    document.save(str(path))
    return path


def docxtpl_context(letter: LetterDocument) -> dict[str, object]:
    """Return the docxtpl context for a composed letter (same text as kkletter draws)."""
    head = letter.letterhead
    column: list[str] = []
    for line in (*head.case_block, *head.contact):
        column.extend(text for text in (line.label, line.value) if text)
    return {
        "organisation": head.organisation,
        "unit": head.unit,
        "subunit": head.subunit,
        "column": column,
        "recipient": list(letter.recipient),
        "subject": letter.subject,
        "salutation": letter.salutation,
        "body": [block.text for block in iter_paragraphs(letter.body)],
        "closing": letter.closing,
        "signer_name": letter.signer_name,
        "signer_title": letter.signer_title,
    }


def render_docxtpl(path: Path, catalogs: Catalogs, template: Path) -> bytes:
    """Render the draft at `path` to DOCX bytes through docxtpl."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render(docxtpl_context(compose_letter(load_draft(path), catalogs)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- memory ---------------------------------------------------------------------------


def rss_mb() -> tuple[float, float]:
    """Return (current RSS, peak RSS) of this process in MB; (nan, nan) off Linux."""
    values = {"VmRSS": float("nan"), "VmHWM": float("nan")}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return values["VmRSS"], values["VmHWM"]


def memory_run(drafts: list[Path], catalogs: Catalogs, letters: int) -> None:
    """Render `letters` letters in a row and print memory at checkpoints."""
    print(f"\nMemory over {letters:,} letters (draft -> DOCX bytes, cycling the seeds)")
    checkpoints = sorted({1, letters // 10, letters // 4, letters // 2, letters} - {0})
    gc.collect()
    tracemalloc.start()
    start = time.perf_counter()
    print(f"  {'letters':>8}  {'RSS MB':>8}  {'tracemalloc now MB':>19}  {'elapsed s':>9}")
    for index in range(1, letters + 1):
        render_kkletter(drafts[index % len(drafts)], catalogs)
        if index in checkpoints:
            current, _ = tracemalloc.get_traced_memory()
            rss, _ = rss_mb()
            elapsed = time.perf_counter() - start
            print(f"  {index:>8,}  {rss:>8.1f}  {current / 2**20:>19.2f}  {elapsed:>9.1f}")
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  tracemalloc: current {current / 2**20:.2f} MB, peak {peak / 2**20:.2f} MB")
    print(f"  process peak RSS (VmHWM): {rss_mb()[1]:.1f} MB")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed renders per draft")
    parser.add_argument("--letters", type=int, default=1000, help="letters for the memory run")
    parser.add_argument("--no-docxtpl", action="store_true", help="skip the docxtpl comparison")
    args = parser.parse_args(argv)

    drafts = sorted(DRAFTS.glob("*.toml"))
    catalogs = Catalogs.shipped()
    print(f"Draft -> DOCX bytes, median of {args.repeat} renders per draft (warm process)")
    print(
        f"  {'draft':<36} {'kkletter ms':>11} {'(cpu ms)':>9} {'docxtpl ms':>11} {'(cpu ms)':>9}"
        f" {'ratio':>6}"
    )
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        template = None if args.no_docxtpl else build_docxtpl_template(Path(folder))
        for path in drafts:
            kk = median_ms(partial(render_kkletter, path, catalogs), args.repeat)
            ours.append(kk)
            line = f"  {path.name:<36} {kk[0]:>11.2f} {kk[1]:>9.2f}"
            if template is not None:
                tpl = median_ms(partial(render_docxtpl, path, catalogs, template), args.repeat)
                theirs.append(tpl)
                line += f" {tpl[0]:>11.2f} {tpl[1]:>9.2f} {tpl[0] / kk[0]:>5.1f}x"
            print(line)
    wall = statistics.median(kk[0] for kk in ours)
    cpu = statistics.median(kk[1] for kk in ours)
    line = f"  {'median over drafts':<36} {wall:>11.2f} {cpu:>9.2f}"
    if theirs:
        tpl_wall = statistics.median(t[0] for t in theirs)
        tpl_cpu = statistics.median(t[1] for t in theirs)
        line += f" {tpl_wall:>11.2f} {tpl_cpu:>9.2f} {tpl_wall / wall:>5.1f}x"
    print(line)
    verdict = "meets" if wall <= TARGET_MS else "misses"
    print(f"  kkletter {verdict} the target of <= {TARGET_MS:.0f} ms per letter (median, wall)")
    memory_run(drafts, catalogs, args.letters)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
