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
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import datetime as dt
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from kkletter.checks.findings import Finding
from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.errors import KKLetterError, OutputError, TemplateError
from kkletter.filenames import safe_stem, unique_path
from kkletter.merge_journal import (
    JOURNAL_NAME,
    FolderLock,
    Journal,
    fingerprint,
    is_disk_full,
    summary_csv,
    write_summary,
)
from kkletter.merge_journal import (
    SUMMARY_NAME as SUMMARY_NAME,  # re-exported: callers find the name here
)
from kkletter.mergedata import DataRow
from kkletter.model import Letter
from kkletter.safefile import check_target, describe_os_error
from kkletter.sandbox import render_merge_text
from kkletter.templating import merge_text_variables

Status = Literal["written", "skipped", "cancelled"]
STATUS_TEXT: dict[Status, str] = {
    "written": "skrevet",
    "skipped": "ikke skrevet",
    "cancelled": "afbrudt",
}

# (letter, catalogs, today, the letter already composed) -> findings
Checker = Callable[[Letter, Catalogs, dt.date | None, LetterDocument], Sequence[Finding]]
Writer = Callable[[LetterDocument, Path], None]

_NAME = ("navn", "name")
_SALUTATION = ("hilsen", "salutation")
_ADDRESS = re.compile(r"^(?:adresse|address)[\s_-]*(\d*)$")


class MergeData(Protocol):
    """Rows to merge: column names and a stream of rows (e.g. `mergedata.DataSource`)."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    def rows(self) -> Iterator[DataRow]: ...


@dataclass(frozen=True)
class ColumnMapping:
    """How data columns fill a letter; reported to the user before rendering."""

    columns: tuple[str, ...]
    name: str | None
    address: tuple[str, ...]
    salutation: str | None
    fields: tuple[tuple[str, str], ...]  # (merge field as written in the draft, column)
    missing: tuple[str, ...]  # merge fields the draft uses that no column provides
    unused: tuple[str, ...]  # columns neither recipient nor merge field

    def describe(self) -> list[str]:
        """Return the mapping as Danish lines for the user."""
        lines = [
            "Modtagerens navn: "
            + (f"kolonnen '{self.name}'" if self.name else "mangler (kladdens modtager bruges)"),
            "Adresse: "
            + (
                ", ".join(f"'{c}'" for c in self.address)
                if self.address
                else ("mangler (ingen adresse)" if self.name else "kladdens adresse")
            ),
            "Hilsen: "
            + (
                f"kolonnen '{self.salutation}'"
                if self.salutation
                else "mangler (kladdens hilsen, eller 'Kære <navn>')"
            ),
        ]
        if self.fields:
            lines.append(
                "Flettefelter: " + ", ".join(f"{{{{ {f} }}}} ← '{c}'" for f, c in self.fields)
            )
        if self.missing:
            lines.append(
                "Mangler kolonner til flettefelterne: "
                + ", ".join(f"{{{{ {f} }}}}" for f in self.missing)
            )
        if self.unused:
            lines.append("Ubrugte kolonner: " + ", ".join(f"'{c}'" for c in self.unused))
        return lines


@dataclass(frozen=True)
class RowResult:
    """What happened to one data row."""

    row: int
    name: str
    status: Status
    files: tuple[Path, ...] = ()
    reason: str = ""
    disk_full: bool = False  # the row could not be written because the disk is full


@dataclass(frozen=True)
class MergeProgress:
    """Progress of a running merge; `remaining` is the estimated seconds left."""

    done: int
    total: int
    written: int
    skipped: int
    elapsed: float
    remaining: float | None


@dataclass(frozen=True)
class MergeSummary:
    """The outcome of a merge, row by row."""

    mapping: ColumnMapping
    results: tuple[RowResult, ...]
    summary_path: Path | None
    cancelled: bool = False
    stop_reason: str = ""  # why a merge stopped early: Ctrl+C, SIGTERM, a full disk
    summary_error: str = ""  # why the summary CSV could not be written (then print it)

    @property
    def written(self) -> tuple[RowResult, ...]:
        """Return the rows written."""
        return tuple(r for r in self.results if r.status == "written")

    @property
    def skipped(self) -> tuple[RowResult, ...]:
        """Return the rows not written (errors) or not reached (cancelled)."""
        return tuple(r for r in self.results if r.status != "written")

    def describe(self) -> list[str]:
        """Return the summary as Danish lines for the user."""
        stopped = ""
        if self.cancelled:
            why = f" ({self.stop_reason})" if self.stop_reason else ""
            stopped = (
                f" – fletningen blev afbrudt{why}; rækker markeret 'afbrudt' er ikke gjort. "
                "Fortsæt med --resume"
            )
        lines = [f"{len(self.written)} breve skrevet, {len(self.skipped)} ikke skrevet{stopped}."]
        for result in self.skipped:
            lines.append(
                f"  Række {result.row} ({result.name or 'uden navn'}): "
                f"{STATUS_TEXT[result.status]} – {result.reason}"
            )
        if self.summary_path:
            lines.append(f"Oversigt: {self.summary_path}")
        elif self.summary_error:
            lines.append(f"Oversigten kunne ikke gemmes ({self.summary_error}). Her er den:")
            lines.extend(
                summary_csv(
                    (r.row, r.name, STATUS_TEXT[r.status], r.files, r.reason) for r in self.results
                ).splitlines()
            )
        return lines


# --- mapping -------------------------------------------------------------------


def plan_merge(letter: Letter, columns: Sequence[str]) -> ColumnMapping:
    """Map `columns` onto `letter`'s recipient and merge fields."""
    by_key = {_key(column): column for column in columns}
    name = next((by_key[k] for k in _NAME if k in by_key), None)
    salutation = next((by_key[k] for k in _SALUTATION if k in by_key), None)
    numbered: list[tuple[int, str]] = []
    for column in columns:
        match = _ADDRESS.match(_key(column))
        if match:
            numbered.append((int(match.group(1) or 0), column))
    address = tuple(column for _, column in sorted(numbered))

    aliases = dict(by_key)
    for roles, role_column in ((_NAME, name), (_SALUTATION, salutation)):
        for role in roles:
            if role_column:
                aliases.setdefault(role, role_column)
    fields: list[tuple[str, str]] = []
    missing: list[str] = []
    for variable in sorted(_merge_variables(letter)):
        source = aliases.get(_key(variable))
        if source:
            fields.append((variable, source))
        else:
            missing.append(variable)
    used = {name, salutation, *address} | {c for _, c in fields}
    unused = tuple(c for c in columns if c not in used)
    return ColumnMapping(
        tuple(columns), name, address, salutation, tuple(fields), tuple(missing), unused
    )


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().casefold())


def _merge_texts(letter: Letter) -> Iterator[tuple[str, str]]:
    yield "emnet", letter.subject
    yield "brevteksten", letter.body
    yield "hilsenen", letter.recipient.salutation


def _has_merge_syntax(text: str) -> bool:
    return "{{" in text or "{%" in text


def _merge_variables(letter: Letter) -> set[str]:
    variables: set[str] = set()
    for where, text in _merge_texts(letter):
        if _has_merge_syntax(text):
            variables |= merge_text_variables(text, where=where)
    return variables


def merge_letter(letter: Letter, mapping: ColumnMapping, row: DataRow) -> Letter:
    """Return `letter` filled from data `row` as `mapping` says."""
    values = {variable: row.values.get(column, "") for variable, column in mapping.fields}
    recipient = letter.recipient
    if mapping.name:
        name = row.values.get(mapping.name, "")
        address = tuple(v for c in mapping.address if (v := row.values.get(c, "")))
        recipient = dataclasses.replace(recipient, name=name, address=address)
    elif mapping.address:
        address = tuple(v for c in mapping.address if (v := row.values.get(c, "")))
        recipient = dataclasses.replace(recipient, address=address)
    salutation = row.values.get(mapping.salutation, "") if mapping.salutation else ""
    if not salutation:
        if _has_merge_syntax(letter.recipient.salutation):
            salutation = render_merge_text(letter.recipient.salutation, values, where="hilsenen")
        elif mapping.name and recipient.name:
            salutation = f"Kære {recipient.name}"
        else:
            salutation = letter.recipient.salutation
    recipient = dataclasses.replace(recipient, salutation=salutation)
    subject, body = letter.subject, letter.body
    if _has_merge_syntax(subject):
        subject = render_merge_text(subject, values, where="emnet")
    if _has_merge_syntax(body):
        body = render_merge_text(body, values, where="brevteksten", markdown=True)
    return dataclasses.replace(letter, recipient=recipient, subject=subject, body=body)


# --- rendering -----------------------------------------------------------------


def default_checker(
    letter: Letter, catalogs: Catalogs, today: dt.date | None, document: LetterDocument
) -> list[Finding]:
    """Run `kkletter.checks.check_letter` on the composed `document` of `letter`."""
    from kkletter.checks import check_letter

    return check_letter(letter, catalogs, today=today, document=document)


def default_writer(document: LetterDocument, path: Path) -> None:
    """Write `document` as DOCX with the project's writer."""
    from kkletter.docx.writer import write_docx

    write_docx(document, path)


@dataclass(frozen=True)
class _Item:
    row: DataRow
    name: str
    docx: Path


@dataclass(frozen=True)
class _Renderer:
    """Everything a worker needs to turn data rows into files (pickled once per worker)."""

    letter: Letter
    mapping: ColumnMapping
    catalogs: Catalogs
    pdf: bool
    force: bool
    today: dt.date | None
    checker: Checker
    writer: Writer
    pdf_engine: str = "typst"

    def render(self, items: Sequence[_Item]) -> list[RowResult]:
        """Check and write the letters of `items`; return one result per item."""
        results: list[RowResult] = []
        for item in items:
            results.append(self._render_one(item))
        if self.pdf and self.pdf_engine == "libreoffice":
            results = self._convert(results)
        return results

    # --- PDF (issue 9): the native engine draws each letter's PDF right after its DOCX.
    def _native_pdf(self, document: LetterDocument, result: RowResult) -> RowResult:
        from kkletter.pdf import write_letter_pdf

        docx = result.files[0]
        pdf = docx.with_suffix(".pdf")
        try:
            notes = write_letter_pdf(document, pdf, docx=docx, engine=self.pdf_engine)
        except KKLetterError as exc:
            return dataclasses.replace(
                result, reason=_join(result.reason, f"PDF ikke lavet: {exc}")
            )
        reason = result.reason
        for note in notes:
            reason = _join(reason, note)
        return dataclasses.replace(result, files=(*result.files, pdf), reason=reason)

    def _render_one(self, item: _Item) -> RowResult:
        try:
            letter = merge_letter(self.letter, self.mapping, item.row)
            document = compose_letter(letter, self.catalogs)
            findings = self.checker(letter, self.catalogs, self.today, document)
            errors = [f for f in findings if f.severity == "error"]
            if errors and not self.force:
                reason = "; ".join(f.message for f in errors[:3])
                if len(errors) > 3:
                    reason += f" (og {len(errors) - 3} fejl mere)"
                return RowResult(item.row.number, item.name, "skipped", reason=reason)
            self.writer(document, item.docx)
        except KKLetterError as exc:
            if is_disk_full(exc):
                return RowResult(
                    item.row.number, item.name, "cancelled", reason=str(exc), disk_full=True
                )
            return RowResult(item.row.number, item.name, "skipped", reason=str(exc))
        note = f"skrevet trods {len(errors)} fejl (--force)" if errors else ""
        result = RowResult(item.row.number, item.name, "written", (item.docx,), note)
        if self.pdf and self.pdf_engine != "libreoffice":
            result = self._native_pdf(document, result)
        return result

    def _convert(self, results: list[RowResult]) -> list[RowResult]:
        from kkletter.pdf import convert_many

        pairs = [(r.files[0], r.files[0].with_suffix(".pdf")) for r in results if r.files]
        if not pairs:
            return results
        try:
            convert_many(pairs, timeout=60 + 10 * len(pairs))
        except KKLetterError as exc:
            return [
                dataclasses.replace(r, reason=_join(r.reason, f"PDF ikke lavet: {exc}"))
                if r.files
                else r
                for r in results
            ]
        pdfs = dict(pairs)
        return [
            dataclasses.replace(r, files=(*r.files, pdfs[r.files[0]])) if r.files else r
            for r in results
        ]


def _join(first: str, second: str) -> str:
    return f"{first}; {second}" if first else second


# One renderer per worker process, installed by the pool's initializer; a process-local
# cache, never shared or mutated after start-up.
_WORKER: _Renderer | None = None


def _init_worker(renderer: _Renderer) -> None:
    global _WORKER
    _WORKER = renderer
    # Ctrl+C (and a SIGTERM to the group) reach every process; the parent decides and
    # workers finish the file they are writing.
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


_STOP_SIGNALS = (signal.SIGINT, *((signal.SIGTERM,) if hasattr(signal, "SIGTERM") else ()))


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    """Block Ctrl+C and SIGTERM in this thread while worker processes may be started.

    Ctrl+C in a terminal reaches the whole process group. A worker interrupted while
    it is still starting (before `_init_worker` ignores SIGINT) would die and break the
    pool; started with the signal blocked, it never sees it. Only the parent reacts,
    once the mask is restored. (Windows has no signal masks and needs none here.)
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(_STOP_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _render_in_worker(items: Sequence[_Item]) -> list[RowResult]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.render(items)


ProgressCallback = Callable[[MergeProgress], "bool | None"]


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
    with FolderLock(out_dir), _stop_signals() as stop:
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


@dataclass
class _Stop:
    """Why a merge should stop early ("" while it should go on)."""

    reason: str = ""


@contextlib.contextmanager
def _stop_signals() -> Iterator[_Stop]:
    """Turn Ctrl+C and SIGTERM into a stop request while a merge runs in the main thread.

    The handler only sets a flag, so no exception can cut a row, the journal or the
    summary in half; the merge loop sees the flag, lets running chunks finish, marks
    the rest not done and writes the summary.
    """
    stop = _Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: object) -> None:
        stop.reason = "afbrudt med Ctrl+C" if signum == signal.SIGINT else "afbrudt (stoppet)"

    wanted = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    previous = {sig: signal.signal(sig, handler) for sig in wanted}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _merge_rows(
    letter: Letter,
    data: MergeData,
    out_dir: Path,
    mapping: ColumnMapping,
    previous: dict[int, RowResult],
    orphans: set[Path],
    journal: Journal,
    stop: _Stop,
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
    renderer = _Renderer(letter, mapping, catalogs, pdf, force, today, checker, writer, pdf_engine)
    run = _Run(total, on_progress, journal, stop)
    run.results.extend(previous.values())
    taken = {f for r in previous.values() for f in r.files}
    rows = (row for row in data.rows() if row.number not in previous)
    items = _assign_names(rows, mapping, out_dir, taken, inputs, orphans)
    try:
        if workers == 1 or total - len(previous) <= chunk_size:
            _run_inline(renderer, items, chunk_size, run)
        else:
            _run_pool(renderer, items, chunk_size, workers, run)
    except cf.process.BrokenProcessPool as exc:
        summary_path = _try_write_summary(out_dir, run, inputs)
        raise OutputError(
            f"Fletningen stoppede uventet, fordi en arbejdsproces døde. "
            f"{sum(r.status == 'written' for r in run.results)} breve nåede at blive skrevet; "
            f"se {summary_path or out_dir / JOURNAL_NAME}. Fortsæt med --resume --workers 1.",
            path=out_dir,
        ) from exc
    summary_path = _try_write_summary(out_dir, run, inputs)
    return MergeSummary(
        mapping,
        tuple(sorted(run.results, key=lambda r: r.row)),
        summary_path,
        run.cancelled,
        stop_reason=run.stop.reason,
        summary_error=run.summary_error,
    )


def _try_write_summary(out_dir: Path, run: _Run, inputs: Sequence[Path]) -> Path | None:
    """Write the summary CSV; on failure (full disk) keep the reason for the caller."""
    try:
        return write_summary(
            out_dir,
            ((r.row, r.name, STATUS_TEXT[r.status], r.files, r.reason) for r in run.results),
            inputs=inputs,
        )
    except KKLetterError as exc:
        run.summary_error = str(exc)
        return None


class _Run:
    """Bookkeeping of a running merge: results, progress, journal, cancellation."""

    def __init__(
        self, total: int, on_progress: ProgressCallback | None, journal: Journal, stop: _Stop
    ) -> None:
        self.total = total
        self.on_progress = on_progress
        self.journal = journal
        self.stop = stop
        self.results: list[RowResult] = []
        self.summary_error = ""
        self.started = time.monotonic()
        self._user_cancelled = False

    @property
    def cancelled(self) -> bool:
        """Return whether the merge should stop (user, signal or a full disk)."""
        return self._user_cancelled or bool(self.stop.reason)

    @cancelled.setter
    def cancelled(self, value: bool) -> None:
        self._user_cancelled = value

    def add(self, results: Iterable[RowResult]) -> None:
        results = list(results)
        for result in results:
            if result.disk_full and not self.stop.reason:
                self.stop.reason = "disken er fuld"
        self.results.extend(results)
        finished = [r for r in results if r.status != "cancelled"]
        try:
            self.journal.record((r.row, r.name, r.status, r.files, r.reason) for r in finished)
        except OutputError as exc:
            self.stop.reason = self.stop.reason or f"journalen kunne ikke skrives: {exc}"
        if self.on_progress is None:
            return
        done = len(self.results)
        elapsed = time.monotonic() - self.started
        total = max(self.total, done)
        remaining = elapsed / done * (total - done) if done else None
        written = sum(1 for r in self.results if r.status == "written")
        progress = MergeProgress(done, total, written, done - written, elapsed, remaining)
        if self.on_progress(progress) is False:
            self.cancelled = True

    def not_reached(self, items: Iterable[_Item]) -> None:
        reason = f"ikke gjort – fletningen blev {self.stop.reason or 'afbrudt'}"
        self.results.extend(
            RowResult(i.row.number, i.name, "cancelled", reason=reason) for i in items
        )


def _assign_names(
    rows: Iterable[DataRow],
    mapping: ColumnMapping,
    out_dir: Path,
    taken: set[Path],
    inputs: Sequence[Path],
    orphans: set[Path],
) -> Iterator[_Item]:
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
            yield _Item(row, name, reuse)
            continue
        docx = unique_path(first, taken)
        while docx.with_suffix(".pdf").exists() or docx.with_suffix(".pdf") in taken:
            taken.add(docx)
            docx = unique_path(out_dir / f"{stem}.docx", taken)
        taken.add(docx)
        yield _Item(row, name, docx)


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


def _chunks(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    chunk: list[_Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_inline(renderer: _Renderer, items: Iterator[_Item], size: int, run: _Run) -> None:
    for chunk in _chunks(items, size):
        if run.cancelled:
            run.not_reached(chunk)
            continue
        results: list[RowResult] = []
        for index, item in enumerate(chunk):  # row by row, so a stop request is seen soon
            if run.cancelled:
                run.add(results)
                run.not_reached(chunk[index:])
                break
            results.extend(renderer.render([item]))
        else:
            run.add(results)


def _run_pool(
    renderer: _Renderer, items: Iterator[_Item], size: int, workers: int, run: _Run
) -> None:
    # spawn: safe with Qt's threads in the GUI and the same on Windows and Linux.
    context = multiprocessing.get_context("spawn")
    pending: dict[cf.Future[list[RowResult]], list[_Item]] = {}
    pool = cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(renderer,)
    )

    def collect() -> None:
        # A short timeout, so a stop request is acted on while chunks are running.
        done, _ = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
        for future in done:
            chunk = pending.pop(future)
            if future.cancelled():
                run.not_reached(chunk)
            else:
                run.add(future.result())

    try:
        for chunk in _chunks(items, size):
            if run.cancelled:
                run.not_reached(chunk)
                continue
            while len(pending) >= workers * 2 and not run.cancelled:  # flat memory
                collect()
            if run.cancelled:
                run.not_reached(chunk)
                continue
            with _signals_blocked():  # a worker started now inherits the blocked signals
                pending[pool.submit(_render_in_worker, chunk)] = chunk
            if run.cancelled:
                break
        if run.cancelled:
            for future in pending:
                future.cancel()
        while pending:  # running chunks finish their files
            collect()
        for chunk in _chunks(items, size):  # rows after a stop: listed as not done
            run.not_reached(chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def format_progress(progress: MergeProgress, *, width: int = 30) -> str:
    """Return a one-line Danish progress bar: rows done and time left."""
    total = max(progress.total, progress.done, 1)
    filled = round(width * progress.done / total)
    bar = "#" * filled + "-" * (width - filled)
    left = ""
    if progress.remaining is not None and progress.done < total:
        seconds = round(progress.remaining)
        left = (
            f", ca. {seconds // 60} min {seconds % 60} s tilbage"
            if seconds >= 60
            else (f", ca. {seconds} s tilbage")
        )
    return f"[{bar}] {progress.done}/{total} rækker{left}"
