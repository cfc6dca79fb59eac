"""The local copy of the shared folder, so the app starts when the network share does not answer.

`refresh_cache` copies what changed (by size and modification time) from the shared
folder into the cache and removes what was deleted there; the library is then always read
from the cache. When the shared folder cannot be reached, the previous copy is used and
`SharedStatus` says so, in Danish, for the status bar and the CLI.

Every access to the shared folder runs in a daemon thread with a deadline
(`kkletter.library.deadline.SHARE_TIMEOUT`, 2 s): a share that hangs is treated like one
that cannot be reached. After the deadline the thread may still be blocked, but it is no
longer allowed to change the cache (`_Gate`), so the caller reads a copy in which each
file is whole – the old one or the new one – and which nothing changes underneath it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import tomli_w

from kkletter.errors import os_reason
from kkletter.library.atomic import write_text_atomic
from kkletter.library.deadline import SHARE_TIMEOUT, ShareTimeoutError, run_within
from kkletter.library.layers import KINDS

SharedState = Literal["none", "online", "cached", "missing"]
_MARKER = ".kkletter-cache.toml"
_LISTING = ".kkletter-cache-files.json"
Copy = Callable[[Path, Path], object]  # copies one file of the share (source, target)


@dataclass(frozen=True)
class SharedStatus:
    """Whether the shared layer was read live, from the cached copy, or not at all."""

    state: SharedState
    message: str = ""
    writable: bool = False


class _AbandonedError(Exception):
    """The caller stopped waiting; the worker must not change the cache any more."""


class _Gate:
    """Lets the worker change the cache only while the caller still waits for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open = True

    @contextmanager
    def change(self) -> Iterator[None]:
        """Hold the gate for one local change of the cache; raise `_AbandonedError` when closed."""
        with self._lock:
            if not self._open:
                raise _AbandonedError
            yield

    def close(self) -> None:
        """Forbid further changes (waits for a change in progress, which is local and quick)."""
        with self._lock:
            self._open = False


def refresh_cache(
    shared: Path, cache: Path, *, timeout: float = SHARE_TIMEOUT, copy: Copy = shutil.copy2
) -> SharedStatus:
    """Bring `cache` up to date with `shared` and return how the shared layer is read.

    Never takes (much) longer than `timeout` seconds: a share that does not answer in
    time is reported like an unreachable one and the cached copy is used. `copy` copies
    one file from the share (injectable so tests can stand in a blocking read).
    """
    gate = _Gate()
    try:
        return run_within(lambda: _refresh(shared, cache, copy, gate), timeout)
    except ShareTimeoutError:
        gate.close()
        return _offline(shared, cache, f"svarer ikke (ventede {timeout:g} s)")


def _refresh(shared: Path, cache: Path, copy: Copy, gate: _Gate) -> SharedStatus:
    try:
        if not shared.is_dir():
            raise FileNotFoundError(str(shared))
        wanted = _listing(shared)
    except OSError:
        return _offline(shared, cache)
    try:
        marker = _marker(cache)
        if marker.get("source") != str(shared):
            with gate.change():
                shutil.rmtree(cache, ignore_errors=True)
            marker = {}
        # The copy's listing as written last time; listed afresh when it is missing.
        have = _stored_listing(cache) if marker else None
        if have is None:
            have = _listing(cache) if cache.is_dir() else {}
        if have == wanted:
            return SharedStatus("online", "", os.access(shared, os.W_OK))
        with gate.change():
            # Until the refresh is complete, the next one lists the copy afresh.
            (cache / _LISTING).unlink(missing_ok=True)
        for relative, (size, mtime) in wanted.items():
            if have.get(relative) != (size, mtime):
                _copy(shared / relative, cache / relative, copy, gate)
        for relative in have.keys() - wanted.keys():
            with gate.change():
                (cache / relative).unlink(missing_ok=True)
        stamp = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        with gate.change():
            write_text_atomic(cache / _LISTING, json.dumps(wanted))
            write_text_atomic(
                cache / _MARKER, tomli_w.dumps({"source": str(shared), "synced": stamp})
            )
    except OSError as exc:
        # The share went away half-way: what was copied is whole (each file is renamed in).
        status = _offline(shared, cache)
        return SharedStatus(status.state, f"{status.message} ({os_reason(exc)})", False)
    return SharedStatus("online", "", os.access(shared, os.W_OK))


def _offline(shared: Path, cache: Path, why: str = "kan ikke nås") -> SharedStatus:
    synced = _cached_at(cache) if _cached_source(cache) == str(shared) else None
    if synced is None:
        return SharedStatus(
            "missing",
            f"Det fælles bibliotek {shared} {why}, og der er ingen lokal kopi endnu. "
            "Tjek netværket eller stien under Rediger → Indstillinger.",
        )
    return SharedStatus(
        "cached",
        f"Det fælles bibliotek {shared} {why}; bruger den lokale kopi fra {synced}.",
    )


def _listing(root: Path) -> dict[str, tuple[int, int]]:
    """Return size and modification time of every library file under `root`, by relative path.

    Plain strings and `os.scandir`, not `Path`: a shared library has thousands of files.
    """
    found: dict[str, tuple[int, int]] = {}
    for kind in KINDS:
        stack: list[str] = [kind]
        while stack:
            relative_dir = stack.pop()
            try:
                entries = os.scandir(os.path.join(root, relative_dir))
            except FileNotFoundError:
                continue
            with entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    relative = f"{relative_dir}/{entry.name}"
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(relative)
                    elif entry.is_file():
                        stat = entry.stat()
                        found[relative] = (stat.st_size, stat.st_mtime_ns)
    return found


def _stored_listing(cache: Path) -> dict[str, tuple[int, int]] | None:
    """Return the listing written with the copy (JSON: fast for thousands of files)."""
    try:
        files = json.loads((cache / _LISTING).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(files, dict):
        return None
    listing: dict[str, tuple[int, int]] = {}
    for relative, value in files.items():
        if not (isinstance(value, list) and len(value) == 2):
            return None
        size, mtime = value
        if not (isinstance(size, int) and isinstance(mtime, int)):
            return None
        listing[str(relative)] = (size, mtime)
    return listing


def _copy(source: Path, target: Path, copy: Copy, gate: _Gate) -> None:
    """Copy `source` to a hidden temporary file next to `target`, then rename it in."""
    with gate.change():
        target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.part")
    try:
        copy(source, temp)  # reads the share: may block; outside the gate
        with gate.change():
            os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)  # hidden, never read as an item; tidy anyway
        raise


def _marker(cache: Path) -> dict[str, object]:
    try:
        return tomllib.loads((cache / _MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _cached_source(cache: Path) -> str | None:
    source = _marker(cache).get("source")
    return source if isinstance(source, str) else None


def _cached_at(cache: Path) -> str | None:
    synced = _marker(cache).get("synced")
    return synced if isinstance(synced, str) else None
