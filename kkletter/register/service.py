"""Record exports from the app and the CLI; queue them locally when the database is away.

An export is never lost to the register: the files are written first, then
`record_export` stores the record, or, when the database cannot be reached, writes it
to a local queue folder and tells the user; the next successful connection sends the
queued records (each once: a record's uid is unique in the register).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from kkletter.errors import KKLetterError, os_reason
from kkletter.model import Letter
from kkletter.register.addresses import AddressBook
from kkletter.register.database import (
    RegisterError,
    RegisterUnavailableError,
    default_sqlite_path,
    open_database,
)
from kkletter.register.records import ExportRecord, make_record
from kkletter.register.store import Register

if TYPE_CHECKING:
    from kkletter.merge import MergeData, MergeSummary


@dataclass(frozen=True)
class RecordOutcome:
    """What happened to one export's record, and the Danish line that says so."""

    number: int | None
    queued: bool
    message: str
    notices: tuple[str, ...] = ()

    @property
    def needs_attention(self) -> bool:
        """Return whether the user must be told (queued, or the register was repaired)."""
        return self.queued or bool(self.notices)


def default_queue_dir() -> Path:
    """Return the local queue folder (next to the SQLite register)."""
    return default_sqlite_path().parent / "register-queue"


def connect(url: str | None = None, *, queue_dir: Path | None = None) -> Register:
    """Return the register at `url` (see `database_url`), with queued records sent."""
    opened = open_database(url)
    register = Register(opened.engine, notices=opened.notices)
    flush_queue(register, queue_dir or default_queue_dir())
    return register


def record_export(
    letter: Letter,
    paths: Sequence[Path],
    *,
    register: Register | None = None,
    url: str | None = None,
    queue_dir: Path | None = None,
    created_by: str | None = None,
    approved_number: int | None = None,
    status: str = "sendt",
) -> RecordOutcome:
    """Record that `letter` was exported to `paths`; queue the record if the db is away.

    Pass an open `register` (the app keeps one); without it one is opened at `url`.
    Raises `RegisterError` only for a register this program cannot use at all (newer
    schema, network share); an unreachable database is queued, not raised.
    `approved_number` is the approved register entry this export sends: its files are
    added to that entry and it is marked sent instead of a new entry being made.
    `status` is the new entry's status ("kladde" for an unsigned draft export).
    """
    queue = queue_dir or default_queue_dir()
    record = make_record(letter, paths, created_by=created_by, status=status)
    own = register is None
    try:
        if register is None:
            register = connect(url, queue_dir=queue)
        else:
            flush_queue(register, queue)
        if approved_number is not None:
            from kkletter.register.approval import mark_sent

            register.add_outputs(approved_number, record.outputs)
            mark_sent(register, approved_number, record.created_by)
            number = approved_number
        else:
            number = register.record(record)
        AddressBook(register.engine).remember(letter.recipient)
    except RegisterUnavailableError as exc:
        return _queued(record, queue, str(exc))
    except sa.exc.OperationalError as exc:
        return _queued(record, queue, _reason(exc))
    finally:
        if own and register is not None:
            register.close()
    notices = " ".join(register.notices)
    message = f"Brevet er registreret som nr. {number}." + (f" {notices}" if notices else "")
    return RecordOutcome(number, False, message, register.notices)


def record_merge(
    letter: Letter,
    data: MergeData,
    summary: MergeSummary,
    *,
    url: str | None = None,
    queue_dir: Path | None = None,
) -> list[RecordOutcome]:
    """Record each letter a merge wrote: the row's merged letter and its files."""
    from kkletter.merge import merge_letter

    files = {result.row: result.files for result in summary.written}
    if not files:
        return []
    outcomes: list[RecordOutcome] = []
    register: Register | None = None
    try:
        try:
            register = connect(url, queue_dir=queue_dir)
        except RegisterUnavailableError:
            register = None  # each record below is queued
        for row in data.rows():
            if row.number not in files:
                continue
            merged = merge_letter(letter, summary.mapping, row)
            if register is None:
                outcomes.append(
                    record_export(merged, files[row.number], url=url, queue_dir=queue_dir)
                )
            else:
                outcomes.append(
                    record_export(merged, files[row.number], register=register, queue_dir=queue_dir)
                )
    finally:
        if register is not None:
            register.close()
    return outcomes


def describe_merge_outcomes(outcomes: Sequence[RecordOutcome]) -> str:
    """Return one Danish line about a merge's records ("" when there were none)."""
    if not outcomes:
        return ""
    queued = sum(o.queued for o in outcomes)
    recorded = len(outcomes) - queued
    if queued:
        reason = next(o.message for o in outcomes if o.queued)
        return f"{recorded} breve registreret, {queued} i kø. {reason}"
    numbers = [o.number for o in outcomes if o.number is not None]
    return f"{recorded} breve registreret (nr. {min(numbers)}–{max(numbers)})."


def _queued(record: ExportRecord, queue: Path, reason: str) -> RecordOutcome:
    enqueue(record, queue)
    waiting = len(list(queue.glob("*.json")))
    return RecordOutcome(
        None,
        True,
        f"Registeret kan ikke nås ({reason}). Brevet er gemt, og registreringen sendes "
        f"automatisk, næste gang registeret kan nås ({waiting} venter).",
    )


def enqueue(record: ExportRecord, queue: Path) -> Path:
    """Write `record` to the local queue folder `queue` (atomically) and return its file."""
    try:
        queue.mkdir(parents=True, exist_ok=True)
        stamp = record.created_at.strftime("%Y%m%dT%H%M%S%f")
        target = queue / f"{stamp}-{record.uid}.json"
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(record.to_json(), ensure_ascii=False), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        raise RegisterError(
            f"Registeret kan ikke nås, og registreringen kan heller ikke gemmes lokalt i "
            f"{queue} ({os_reason(exc)}). Brevet er gemt; skriv dets sagsnummer ned."
        ) from exc
    return target


def flush_queue(register: Register, queue: Path) -> int:
    """Send the queued records in `queue` to `register`; return how many were sent."""
    sent = 0
    for path in sorted(queue.glob("*.json")) if queue.is_dir() else []:
        try:
            record = ExportRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, KKLetterError):
            continue  # another process took it, or it is not ours: leave it
        register.record(record)
        AddressBook(register.engine).remember(record.letter.recipient)
        path.unlink(missing_ok=True)
        sent += 1
    return sent


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
