"""Mail merge: one letter per data row, checked, written in parallel, summarised.

`plan_merge` maps the data's columns onto the recipient (navn/name, adresse1..N/
address1..N, hilsen/salutation, case-insensitive) and onto the merge fields the draft
uses (`{{ kolonne }}` in subject, body and salutation); the front end shows that
mapping before anything is written. `merge` then streams the rows, builds each
letter, checks it (`kkletter.checks.check_letter`), and writes it (DOCX, optionally
PDF) with a unique, safe file name. Letters with errors are skipped unless `force`.

Work is spread over processes in small chunks with a bounded number in flight, so all
cores are used and memory stays flat however many rows there are. Every file is
written atomically and workers ignore Ctrl+C, so an interrupted or cancelled merge
leaves only whole files; the summary (also written as CSV beside the letters) says
which rows were written, skipped or not reached.

The steps live in small modules, and the names callers need are re-exported here:
`merge_plan` (column mapping, filling a letter from a row), `merge_render` (checking
and writing one row's files), `merge_run` (worker pool, stop signals, bookkeeping),
`merge_results` (row results, progress, summary) and `merge_journal` (journal, lock,
summary CSV). This module runs a merge: folder, resume, file names.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from kkletter.compose import Catalogs
from kkletter.errors import OutputError, TemplateError
from kkletter.filenames import safe_stem, unique_path
from kkletter.merge_journal import JOURNAL_NAME, SUMMARY_NAME, FolderLock, Journal, fingerprint
from kkletter.merge_plan import ColumnMapping, MergeData, merge_letter, plan_merge
from kkletter.merge_render import Checker, Item, Renderer, Writer, default_checker, default_writer
from kkletter.merge_results import (
    STATUS_TEXT,
    MergeProgress,
    MergeSummary,
    ProgressCallback,
    RowResult,
    Status,
    format_progress,
)
from kkletter.merge_run import Run, Stop, run_inline, run_pool, stop_signals, try_write_summary
from kkletter.mergedata import DataRow
from kkletter.model import Letter
from kkletter.safefile import check_target, describe_os_error

# The public API of the merge, used by the CLI, the GUI and the register.
__all__ = [
    "STATUS_TEXT",
    "SUMMARY_NAME",
    "Checker",
    "ColumnMapping",
    "MergeData",
    "MergeProgress",
    "MergeSummary",
    "ProgressCallback",
    "RowResult",
    "Status",
    "Writer",
    "default_checker",
    "default_writer",
    "format_progress",
    "merge",
    "merge_letter",
    "plan_merge",
]


def merge(
    letter: Letter,
    data: MergeData,
    out_dir: Path,
    *,
    catalogs: Catalogs,
    pdf: bool = False,
    pdf_engine: str = "typst",
    force: bool = False,
    workers: int | None = None,
    chunk_size: int | None = None,
    total: int | None = None,
    on_progress: ProgressCallback | None = None,
    today: dt.date | None = None,
    checker: Checker = default_checker,
    writer: Writer = default_writer,
    resume: bool = False,
    inputs: Sequence[Path] = (),
) -> MergeSummary:
    """Write one letter per row of `data` into `out_dir` and return the summary.

    `on_progress` is called after each chunk; returning False cancels the merge (the
    chunks being written finish, nothing new starts). Ctrl+C and SIGTERM do the same
    when the merge runs in the main thread. Every row ends in the summary as written,
    skipped (with the reason) or not done ("afbrudt"); a full disk stops the merge the
    same way. The folder is locked while the merge runs, and a journal in it lets
    `resume=True` continue an interrupted merge without writing any letter twice.
    `inputs` are the files the command reads (draft, data), which are never overwritten.
    `total` (the number of rows, for the time estimate) is counted when not given.
    Raises `TemplateError` before writing anything when the draft uses merge fields
    that no column provides.
    """
    mapping = plan_merge(letter, data.columns)
    if mapping.missing:
        raise TemplateError(
            "Kladden bruger flettefelter, som datafilen ikke har kolonner til: "
            + ", ".join(f"{{{{ {f} }}}}" for f in mapping.missing)
            + f". Datafilens kolonner er: {', '.join(data.columns)}. Ret kladden eller datafilen.",
            field="body",
        )
    data_path = getattr(data, "path", None)
    inputs = (*inputs, *([data_path] if isinstance(data_path, Path) else []))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(describe_os_error(exc, out_dir), path=out_dir) from exc
    check_target(out_dir / SUMMARY_NAME, inputs=inputs)
    with FolderLock(out_dir), stop_signals() as stop:
        journal = Journal(out_dir)
        print_id = fingerprint(repr(letter), repr(data.columns), *inputs[-1:])
        previous, orphans = _previous_rows(journal, print_id, resume=resume, out_dir=out_dir)
        journal.open(print_id, resume=resume and journal.exists())
        try:
            return _merge_rows(
                letter,
                data,
                out_dir,
                mapping,
                previous,
                orphans,
                journal,
                stop,
                catalogs=catalogs,
                pdf=pdf,
                pdf_engine=pdf_engine,
                force=force,
                workers=workers,
                chunk_size=chunk_size,
                total=total,
                on_progress=on_progress,
                today=today,
                checker=checker,
                writer=writer,
                inputs=inputs,
            )
        finally:
            journal.close()


def _previous_rows(
    journal: Journal, print_id: str, *, resume: bool, out_dir: Path
) -> tuple[dict[int, RowResult], set[Path]]:
    """Return the rows a previous run finished and the letters it wrote unrecorded.

    Without `resume` a folder with a journal is refused. Letters the previous run wrote
    but could not record (killed, or the disk full before the journal line) are
    "orphans": their rows are redone into the same file, never into "X (2).docx".
    """
    if not journal.exists():
        return {}, set()
    if not resume:
        raise OutputError(
            f"Mappen {out_dir} indeholder allerede en fletning ({JOURNAL_NAME}). Fortsæt den "
            "med --resume (i programmet: 'Fortsæt en afbrudt fletning'), så intet brev skrives "
            "to gange, eller vælg en tom mappe.",
            path=out_dir,
        )
    previous_id, started, rows = journal.read()
    if previous_id and previous_id != print_id:
        raise OutputError(
            f"Fletningen i {out_dir} blev lavet med en anden kladde eller datafil, så den kan "
            "ikke fortsættes med --resume. Vælg en tom mappe og flet forfra.",
            path=out_dir,
        )
    done: dict[int, RowResult] = {}
    for row in rows.values():
        files = tuple(out_dir / name for name in row.files)
        if row.status == "written" and all(f.is_file() for f in files):
            done[row.row] = RowResult(row.row, row.name, "written", files, row.reason)
        elif row.status == "skipped":
            done[row.row] = RowResult(row.row, row.name, "skipped", (), row.reason)
    claimed = {f for r in done.values() for f in r.files}
    since = started.timestamp() - 1 if started else float("inf")
    orphans = {
        path
        for pattern in ("*.docx", "*.pdf")
        for path in out_dir.glob(pattern)
        if path not in claimed and path.stat().st_mtime >= since
    }
    return done, orphans


def _merge_rows(
    letter: Letter,
    data: MergeData,
    out_dir: Path,
    mapping: ColumnMapping,
    previous: dict[int, RowResult],
    orphans: set[Path],
    journal: Journal,
    stop: Stop,
    *,
    catalogs: Catalogs,
    pdf: bool,
    pdf_engine: str,
    force: bool,
    workers: int | None,
    chunk_size: int | None,
    total: int | None,
    on_progress: ProgressCallback | None,
    today: dt.date | None,
    checker: Checker,
    writer: Writer,
    inputs: Sequence[Path],
) -> MergeSummary:
    if total is None:
        count = getattr(data, "count", None)
        total = count() if callable(count) else 0
    workers = max(1, min(workers or os.cpu_count() or 1, os.cpu_count() or 1))
    if chunk_size is None:
        # Small chunks give smooth progress; PDF chunks are larger because each chunk
        # starts LibreOffice once (1-3 s).
        share = -(-(total or 100) // workers)
        lo_pdf = pdf and pdf_engine == "libreoffice"
        chunk_size = max(1, min(10, share)) if lo_pdf else max(1, min(25, share // 4 or 1))
    renderer = Renderer(letter, mapping, catalogs, pdf, force, today, checker, writer, pdf_engine)
    run = Run(total, on_progress, journal, stop)
    run.results.extend(previous.values())
    taken = {f for r in previous.values() for f in r.files}
    rows = (row for row in data.rows() if row.number not in previous)
    items = _assign_names(rows, mapping, out_dir, taken, inputs, orphans)
    try:
        if workers == 1 or total - len(previous) <= chunk_size:
            run_inline(renderer, items, chunk_size, run)
        else:
            run_pool(renderer, items, chunk_size, workers, run)
    except cf.process.BrokenProcessPool as exc:
        summary_path = try_write_summary(out_dir, run, inputs)
        raise OutputError(
            f"Fletningen stoppede uventet, fordi en arbejdsproces døde. "
            f"{sum(r.status == 'written' for r in run.results)} breve nåede at blive skrevet; "
            f"se {summary_path or out_dir / JOURNAL_NAME}. Fortsæt med --resume --workers 1.",
            path=out_dir,
        ) from exc
    summary_path = try_write_summary(out_dir, run, inputs)
    return MergeSummary(
        mapping,
        tuple(sorted(run.results, key=lambda r: r.row)),
        summary_path,
        run.cancelled,
        stop_reason=run.stop.reason,
        summary_error=run.summary_error,
    )


def _assign_names(
    rows: Iterable[DataRow],
    mapping: ColumnMapping,
    out_dir: Path,
    taken: set[Path],
    inputs: Sequence[Path],
    orphans: set[Path],
) -> Iterator[Item]:
    """Give every row a unique, safe file name (in the parent, so names are stable).

    A name is never one of `inputs`, nor a file `taken` by an earlier (resumed) run;
    an unrecorded letter of the interrupted run (`orphans`) is written again in place.
    """
    taken = set(taken) | {p.resolve() for p in inputs} | set(inputs)
    orphans = set(orphans)
    for row in rows:
        name = row.values.get(mapping.name, "") if mapping.name else ""
        stem = safe_stem(name, fallback=f"række {row.number}")
        first = out_dir / f"{stem}.docx"
        reuse = _orphan_for(stem, first, orphans, taken)
        if reuse is not None:
            orphans.discard(reuse)
            taken.add(reuse)
            yield Item(row, name, reuse)
            continue
        docx = unique_path(first, taken)
        while docx.with_suffix(".pdf").exists() or docx.with_suffix(".pdf") in taken:
            taken.add(docx)
            docx = unique_path(out_dir / f"{stem}.docx", taken)
        taken.add(docx)
        yield Item(row, name, docx)


def _orphan_for(stem: str, first: Path, orphans: set[Path], taken: set[Path]) -> Path | None:
    """Return the unrecorded letter named after `stem` ("X.docx", then "X (2).docx" ...)."""
    candidates = [
        p
        for p in orphans
        if p.suffix == ".docx"
        and p not in taken
        and (p == first or re.fullmatch(rf"{re.escape(stem)} \(\d+\)", p.stem))
    ]
    return min(candidates, key=lambda p: (len(p.name), p.name), default=None)
