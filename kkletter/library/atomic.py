"""Write a library file atomically: readers see the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kkletter.errors import LibraryError


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a unique temporary file in the same folder.

    Two people saving the same item each write their own temporary file and rename it
    over `path`; the last rename wins and neither leaves a half-written file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise LibraryError(
            f"Kan ikke gemme {path}: {exc.strerror}. Tjek, at mappen findes, og at du må skrive i "
            "den.",
            path=path,
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise LibraryError(
            f"Kan ikke gemme {path}: {exc.strerror}. Intet er ændret.", path=path
        ) from exc


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` atomically."""
    write_atomic(path, text.encode("utf-8"))
