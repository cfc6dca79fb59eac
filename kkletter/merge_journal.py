"""The bookkeeping that makes a merge safe to interrupt: folder lock, journal, summary CSV.

- `FolderLock` keeps a second merge out of a folder in use (an OS file lock, released by
  the kernel even if the merge is killed, so it never goes stale).
- `Journal` is an append-only log in the output folder (`fletjournal.jsonl`): one line
  when the merge starts (with a fingerprint of draft and data) and one line per finished
  row. It is flushed to disk after every chunk, so after Ctrl+C, SIGTERM, a crash or a
  full disk the folder still says which rows were written or skipped; `--resume` reads
  it and does only the rest. (Appending is the one write that does not go through
  `kkletter.safefile`: a log grows line by line, and a torn last line is ignored.)
- `write_summary` writes `fletteoversigt.csv` through `kkletter.safefile`, with every
  cell neutralised against CSV formula injection as OWASP recommends.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kkletter.errors import OutputError
from kkletter.filelock import try_lock, unlock
from kkletter.safefile import describe_os_error, write_file

JOURNAL_NAME = "fletjournal.jsonl"
LOCK_NAME = "fletning.lock"
SUMMARY_NAME = "fletteoversigt.csv"
SUMMARY_HEADER = ("række", "navn", "status", "filer", "årsag")

# OWASP "CSV injection": a cell starting with one of these is a formula in Excel/Calc.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_cell(value: str) -> str:
    """Return `value` safe to open in a spreadsheet: a formula start gets a leading "'"."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


@dataclass(frozen=True)
class JournalRow:
    """One finished row as the journal recorded it."""

    row: int
    name: str
    status: str
    files: tuple[str, ...]
    reason: str


class FolderLock:
    """An exclusive lock on a merge folder; `acquire` refuses a folder in use."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        """Take the lock or raise `OutputError` naming the folder."""
        try:
            handle = try_lock(self.path)
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.path), path=self.path) from exc
        if handle is None:
            raise OutputError(
                f"Der kører allerede en fletning i mappen {self.path.parent}. Vent til den er "
                "færdig, eller vælg en anden mappe.",
                path=self.path.parent,
            )
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        """Release the lock and remove the lock file."""
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        unlock(self._handle)
        self._handle = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def fingerprint(*parts: str | bytes | Path) -> str:
    """Return a short hash of `parts` (text, bytes, or a file's contents)."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            try:
                with part.open("rb") as handle:
                    while chunk := handle.read(1 << 20):
                        digest.update(chunk)
            except OSError:
                digest.update(str(part).encode())
        else:
            digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class Journal:
    """The append-only journal of one merge folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL_NAME
        self._handle: IO[str] | None = None

    def exists(self) -> bool:
        """Return whether a previous merge left a journal here."""
        return self.path.is_file()

    def read(self) -> tuple[str, dt.datetime | None, dict[int, JournalRow]]:
        """Return the fingerprint, start time and finished rows of the previous merge."""
        print_id, started, rows = "", None, {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise OutputError(
                f"Fletjournalen {self.path} kan ikke læses, så fletningen kan ikke fortsættes. "
                "Vælg en tom mappe og flet forfra.",
                path=self.path,
            ) from exc
        for line in text.splitlines():
            try:
                entry: Any = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line after a crash
            if not isinstance(entry, dict):
                continue
            if entry.get("kind") == "start":
                print_id = str(entry.get("fingerprint", ""))
                with contextlib.suppress(TypeError, ValueError):
                    started = dt.datetime.fromisoformat(str(entry.get("started")))
            elif entry.get("kind") == "row" and isinstance(entry.get("row"), int):
                files = entry.get("files")
                rows[entry["row"]] = JournalRow(
                    entry["row"],
                    str(entry.get("name", "")),
                    str(entry.get("status", "")),
                    tuple(str(f) for f in files) if isinstance(files, list) else (),
                    str(entry.get("reason", "")),
                )
        return print_id, started, rows

    def open(self, fingerprint: str, *, resume: bool) -> None:
        """Open for appending; a new merge records its start line."""
        try:
            self._handle = self.path.open("a", encoding="utf-8")
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.path), path=self.path) from exc
        if not resume:
            started = dt.datetime.now().isoformat(timespec="seconds")
            self._append([{"kind": "start", "fingerprint": fingerprint, "started": started}])

    def record(self, rows: Iterable[tuple[int, str, str, Sequence[Path], str]]) -> None:
        """Append finished rows (row, name, status, files, reason) and flush them to disk."""
        self._append(
            [
                {
                    "kind": "row",
                    "row": row,
                    "name": name,
                    "status": status,
                    "files": [p.name for p in files],
                    "reason": reason,
                }
                for row, name, status, files, reason in rows
            ]
        )

    def _append(self, entries: list[dict[str, Any]]) -> None:
        if self._handle is None or not entries:
            return
        try:
            self._handle.write("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries))
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise OutputError(describe_os_error(exc, self.path), path=self.path) from exc

    def close(self) -> None:
        """Close the journal file."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None


def summary_rows(
    results: Iterable[tuple[int, str, str, Sequence[Path], str]],
) -> Iterator[list[str]]:
    """Yield the summary's rows (header first), every cell neutralised."""
    yield list(SUMMARY_HEADER)
    for row, name, status, files, reason in sorted(results, key=lambda r: r[0]):
        cells = [str(row), name, status, ", ".join(p.name for p in files), reason]
        yield [neutralise_cell(cell) for cell in cells]


def summary_csv(results: Iterable[tuple[int, str, str, Sequence[Path], str]]) -> str:
    """Return the summary as CSV text (";" and CRLF, as Danish Excel writes it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(summary_rows(results))
    return buffer.getvalue()


def write_summary(
    folder: Path,
    results: Iterable[tuple[int, str, str, Sequence[Path], str]],
    *,
    inputs: Iterable[Path] = (),
) -> Path:
    """Write the summary CSV (UTF-8 with BOM, so Danish Excel opens it) and return its path."""
    path = folder / SUMMARY_NAME
    write_file(path, summary_csv(results).encode("utf-8-sig"), inputs=inputs)
    return path


def is_disk_full(exc: BaseException) -> bool:
    """Return whether `exc` (or what caused it) says the disk is full."""
    codes = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in codes:
            return True
        exc = exc.__cause__  # type: ignore[assignment]
    return False
