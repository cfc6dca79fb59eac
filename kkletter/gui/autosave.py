"""Autosave: each window's letter in its own side file, offered back after a crash.

Every window has its own slot in the autosave folder: `autosave-<id>.toml` (the letter),
`autosave-<id>.json` (where it came from, when) and `autosave-<id>.lock`, which the
window holds locked while it is open. So two windows (or two running copies of the
app) never write or delete each other's work. At start-up a window adopts a slot whose
lock nobody holds (its window crashed) and offers that letter back. A slot that cannot
be read (damaged TOML, bad bytes, malformed metadata) is moved aside as
`*.defekt-<time>` and the app starts normally. The single `autosave.toml` of older
versions is adopted the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import weakref
from pathlib import Path
from typing import IO, Any

from kkletter.drafts import dump_draft, parse_draft
from kkletter.filelock import is_locked, try_lock, unlock
from kkletter.model import Letter
from kkletter.safefile import write_file

LEGACY_NAME = "autosave.toml"
LEGACY_META = "autosave.json"
_PREFIX = "autosave-"


class Autosave:
    """This window's autosave slot in `folder`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._slot = f"{_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
        self._lock: IO[bytes] | None = None
        self._finalizer: weakref.finalize[Any, Any] | None = None
        self._legacy = False

    @property
    def path(self) -> Path:
        """Return the file this window's autosave writes."""
        return self.folder / (LEGACY_NAME if self._legacy else f"{self._slot}.toml")

    @property
    def _meta_path(self) -> Path:
        return self.folder / (LEGACY_META if self._legacy else f"{self._slot}.json")

    @property
    def _lock_path(self) -> Path:
        return self.folder / f"{self._slot}.lock"

    def exists(self) -> bool:
        """Return whether this slot holds an autosaved letter."""
        return self.path.is_file()

    def adopt_orphan(self) -> bool:
        """Take over a slot whose window is gone (crashed); return whether one was found.

        Slots of windows still open (their lock is held) are never touched.
        """
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
        candidates = sorted(self.folder.glob(f"{_PREFIX}*.toml")) if self.folder.is_dir() else []
        for draft in candidates:
            slot = draft.stem
            lock = self.folder / f"{slot}.lock"
            if is_locked(lock):
                continue
            self.release()
            self._slot, self._legacy = slot, False
            if self._take_lock():
                return True
        if (self.folder / LEGACY_NAME).is_file() and not is_locked(self.folder / "autosave.lock"):
            self.release()
            self._legacy = True
            self._slot = "autosave"
            self._take_lock()
            return True
        return False

    def write(self, letter: Letter, original: Path | None) -> None:
        """Save `letter` (whose draft file is `original`); raise OSError or KKLetterError."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        write_file(self.path, dump_draft(letter).encode("utf-8"))
        meta = {
            "path": str(original) if original else "",
            "saved": dt.datetime.now().isoformat(timespec="seconds"),
        }
        write_file(self._meta_path, json.dumps(meta).encode("utf-8"))

    def saved_at(self) -> str:
        """Return when the autosave was written, in words ("før" when unknown)."""
        saved = self._meta().get("saved", "")
        if not isinstance(saved, str):
            return "før"
        return saved.replace("T", " kl. ") or "før"

    def original(self) -> Path | None:
        """Return the draft file the autosaved letter belongs to, if any."""
        path = self._meta().get("path")
        return Path(path) if isinstance(path, str) and path and "\0" not in path else None

    def read(self) -> Letter:
        """Return the autosaved letter; raise OSError, UnicodeDecodeError or KKLetterError."""
        return parse_draft(self.path.read_text(encoding="utf-8"))

    def set_aside(self) -> Path | None:
        """Move an unreadable autosave out of the way; return where the letter went."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept: Path | None = None
        for path in (self.path, self._meta_path):
            if path.exists():
                target = path.with_name(f"{path.name}.defekt-{stamp}")
                with contextlib.suppress(OSError):
                    os.replace(path, target)
                    kept = kept or target
        return kept

    def remove(self) -> None:
        """Delete this slot's autosave files (the window keeps its lock)."""
        for path in (self.path, self._meta_path):
            path.unlink(missing_ok=True)

    def release(self) -> None:
        """Release the slot's lock and remove the lock file (the window is closing)."""
        if self._lock is not None:
            if self._finalizer is not None:
                self._finalizer.detach()
                self._finalizer = None
            unlock(self._lock)
            self._lock = None
            self._lock_path.unlink(missing_ok=True)

    def _take_lock(self) -> bool:
        if self._lock is not None:
            return True
        try:
            self._lock = try_lock(self._lock_path)
        except OSError:
            return False
        if self._lock is None:
            return False
        # A window that is never closed (a test, a crash in Python) still lets go.
        self._finalizer = weakref.finalize(self, unlock, self._lock)
        return True

    def _meta(self) -> dict[str, Any]:
        try:
            meta = json.loads(self._meta_path.read_bytes().decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        return meta if isinstance(meta, dict) else {}
