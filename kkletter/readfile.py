"""Read a file a user or a shared folder supplies without trusting what the path is.

A library folder (personal or shared) or a draft can hold anything under a `.toml` or
`.md` name: a FIFO, which blocks `open` forever, a device such as `/dev/zero`, or a huge
file. `read_regular_file` opens without blocking, checks the opened file is a regular
file, and reads at most `limit` bytes; otherwise it raises `IrregularFileError`, an
`OSError` whose Danish reason `kkletter.errors.os_reason` shows ("... kan ikke læses: er
ikke en almindelig fil (fx en pipe eller en enhed).").
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# A library file (profile, signer, template, standard paragraph) is a few KB.
MAX_LIBRARY_FILE_BYTES = 2 * 1024 * 1024


class IrregularFileError(OSError):
    """The path is not a regular file, or it is larger than allowed."""

    def __init__(self, danish_reason: str) -> None:
        super().__init__(danish_reason)
        self.danish_reason = danish_reason


def read_regular_file(path: Path, limit: int) -> bytes:
    """Return the bytes of the regular file at `path`, which must be at most `limit` bytes.

    Raise `IrregularFileError` for a FIFO, device or folder (without blocking) and for a
    file over `limit`; other `OSError`s (missing, no access) pass through.
    """
    # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IrregularFileError("det er en mappe")
        if not stat.S_ISREG(mode):
            raise IrregularFileError("er ikke en almindelig fil (fx en pipe eller en enhed)")
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise IrregularFileError(f"filen er større end {limit // (1024 * 1024)} MB")
    return data
