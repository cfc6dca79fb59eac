"""An exclusive, non-blocking lock on a file, released by the OS when its holder dies.

Used for a merge folder (`kkletter.merge_journal.FolderLock`) and for each window's
autosave (`kkletter.gui.autosave`). Because the kernel drops the lock with the process,
a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import IO


def try_lock(path: Path) -> IO[bytes] | None:
    """Open `path` and lock it; return the open handle, or None if another holds it.

    Raise OSError when the file cannot be opened at all.
    """
    handle = path.open("a+b")
    try:
        _lock(handle)
    except OSError:
        handle.close()
        return None
    return handle


def is_locked(path: Path) -> bool:
    """Return whether another process (or handle) holds the lock on `path`."""
    try:
        handle = try_lock(path)
    except OSError:
        return False
    if handle is None:
        return True
    unlock(handle)
    return False


def unlock(handle: IO[bytes]) -> None:
    """Release the lock held through `handle` and close it."""
    with contextlib.suppress(OSError):
        _unlock(handle)
    with contextlib.suppress(OSError):
        handle.close()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
