"""Write a library file atomically: readers see the old file or the new one, never half."""

from __future__ import annotations

from pathlib import Path

from kkletter.errors import LibraryError
from kkletter.safefile import describe_os_error, write_file


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through kkletter's one safe write path (`kkletter.safefile`).

    The folder is created first. Two people saving the same item each write their own
    hidden temporary file and rename it over `path`; the last rename wins and neither
    leaves a half-written file (readers skip the hidden temporary files).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(describe_os_error(exc, path.parent), path=path) from exc
    write_file(path, data)


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` atomically."""
    write_atomic(path, text.encode("utf-8"))
