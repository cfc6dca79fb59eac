"""Remember what each library file parsed to, so a later start reads only what changed.

A file is known by its path, size and modification time (and, for a template, its body's);
when they match, the stored value (or the stored problem) is used instead of parsing the
file again. The index is a pickle in the user's own cache folder, written atomically after
a start that parsed something new; a missing, old or unreadable index is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kkletter import __version__
from kkletter.errors import KKLetterError, LibraryError

T = TypeVar("T")
_FORMAT = 1
Stamp = tuple[int, int, int, int]  # size, mtime_ns of the file and of its companion


@dataclass(frozen=True)
class Failure:
    """A file that did not parse: its problem, as `load_library` lists it."""

    path: Path
    line: int | None
    message: str


def file_stamp(path: Path, companion: Path | None = None) -> Stamp | None:
    """Return size and modification time of `path` (and `companion`), None if unreadable."""
    try:
        stat = os.stat(path)
        other = os.stat(companion) if companion is not None else None
    except OSError:
        return None
    if other is None:
        return (stat.st_size, stat.st_mtime_ns, -1, -1)
    return (stat.st_size, stat.st_mtime_ns, other.st_size, other.st_mtime_ns)


class ParseIndex:
    """The parsed library files of the last start, by path."""

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self._old: dict[str, tuple[Stamp, Any]] = self._read(path)
        self._new: dict[str, tuple[Stamp, Any]] = {}
        self.parsed = 0  # files parsed this time (tests and benchmarks)

    @staticmethod
    def _read(path: Path | None) -> dict[str, tuple[Stamp, Any]]:
        if path is None:
            return {}
        try:
            with path.open("rb") as handle:
                stored = pickle.load(handle)
        except (
            OSError,
            pickle.UnpicklingError,
            EOFError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
            IndexError,
        ):
            return {}
        if not isinstance(stored, dict) or stored.get("format") != (_FORMAT, __version__):
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def load(self, path: Path, parse: Callable[[], T], companion: Path | None = None) -> T:
        """Return `parse()` for `path`, or what it returned last time the file was the same.

        A `KKLetterError` is remembered as a `Failure` and raised again as a `LibraryError`.
        """
        key = str(path)
        stamp = file_stamp(path, companion)
        known = self._old.get(key)
        if stamp is not None and known is not None and known[0] == stamp:
            self._new[key] = known
            value = known[1]
        else:
            self.parsed += 1
            try:
                value = parse()
            except KKLetterError as exc:
                value = Failure(exc.path or path, getattr(exc, "line", None), exc.message)
            if stamp is not None:
                self._new[key] = (stamp, value)
        if isinstance(value, Failure):
            raise LibraryError(value.message, path=value.path, line=value.line)
        return value  # type: ignore[no-any-return]

    def save(self) -> None:
        """Write the index if anything was parsed or dropped since it was read."""
        if self._path is None or (not self.parsed and self._new.keys() == self._old.keys()):
            return
        from kkletter.library.atomic import write_atomic

        data = pickle.dumps({"format": (_FORMAT, __version__), "entries": self._new})
        with contextlib.suppress(KKLetterError):  # only a shortcut: the next start parses again
            write_atomic(self._path, data)
