"""A shared folder that hangs (an SMB/NFS server that stopped answering) never blocks start-up.

No FUSE here, so the hung mount is stood in for by a real blocking system call: opening a
FIFO for reading that has no writer blocks exactly like `open` on a dead network mount.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kkletter.errors import LibraryError
from kkletter.library import LibraryLocations, load_library
from kkletter.library.cache import refresh_cache
from kkletter.library.deadline import ShareTimeoutError, run_within
from kkletter.library.store import on_layer

PROFILE = 'name = "{name}"\nunit = "E"\naddress = ["Rådhuset", "1599 København V"]\n'
MARGIN = 1.0  # seconds on top of the deadline for a loaded 2-core machine


class HungShare:
    """Copies files like the share does, until it stops answering after `answers` files."""

    def __init__(self, fifo: Path, answers: int) -> None:
        self.fifo = fifo
        self.answers = answers
        self.copied: list[str] = []
        self.blocked = threading.Event()

    def __call__(self, source: Path, target: Path) -> None:
        if len(self.copied) >= self.answers:
            self.blocked.set()
            with open(self.fifo, "rb") as hung:  # blocks: nobody has the FIFO open for writing
                hung.read()
        shutil.copy2(source, target)
        self.copied.append(source.name)

    def wake(self) -> None:
        """Let the blocked read return (the server answers again) and wait for the worker."""
        with contextlib.suppress(OSError):  # nobody is reading: nothing is blocked
            os.close(os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK))
        for thread in threading.enumerate():
            if thread.name == "kkletter-share":
                thread.join(5)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """Return a FIFO with no writer; any read left blocked is released at the end."""
    path = tmp_path / "hung-mount"
    os.mkfifo(path)
    yield path
    HungShare(path, 0).wake()


def _profile(folder: Path, name: str, text: str, mtime: int) -> None:
    path = folder / "profiles" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _cache_files(cache: Path) -> dict[str, str]:
    return {
        str(p.relative_to(cache)): p.read_text(encoding="utf-8")
        for p in sorted(cache.rglob("*"))
        if p.is_file()
    }


def test_run_within_gives_up_on_a_blocking_call_and_passes_errors_on(fifo: Path) -> None:
    start = time.monotonic()
    with pytest.raises(ShareTimeoutError):
        run_within(lambda: fifo.read_bytes(), 0.3)
    assert time.monotonic() - start < 0.3 + MARGIN
    with pytest.raises(FileNotFoundError):
        run_within(lambda: (fifo.parent / "nothing").read_bytes(), 5)
    assert run_within(lambda: 42, 5) == 42


def test_a_share_that_hangs_mid_refresh_leaves_a_whole_copy_nobody_changes_later(
    locations: LibraryLocations, fifo: Path
) -> None:
    assert locations.shared is not None
    shared, cache = locations.shared, locations.cache
    for name in ("a", "b"):
        _profile(shared, name, PROFILE.format(name=f"Gammel {name}"), 1_700_000_000)
    assert refresh_cache(shared, cache).state == "online"
    marker_before = (cache / ".kkletter-cache.toml").read_text(encoding="utf-8")
    for name in ("a", "b"):
        _profile(shared, name, PROFILE.format(name=f"Ny udgave {name}"), 1_800_000_000)
    hung = HungShare(fifo, answers=1)  # one file copies, then the server stops answering

    start = time.monotonic()
    status = refresh_cache(shared, cache, timeout=0.5, copy=hung)
    elapsed = time.monotonic() - start

    assert elapsed < 0.5 + MARGIN
    assert hung.blocked.is_set()
    assert status.state == "cached"
    assert not status.writable
    assert f"Det fælles bibliotek {shared} svarer ikke (ventede 0.5 s)" in status.message
    assert "bruger den lokale kopi fra" in status.message
    snapshot = _cache_files(cache)
    names = sorted(snapshot[f"profiles/{n}.toml"].splitlines()[0] for n in ("a", "b"))
    # Each file is whole, old or new: the one copied before the hang is new.
    assert len([n for n in names if "Ny udgave" in n]) == 1
    assert len([n for n in names if "Gammel" in n]) == 1
    assert snapshot[".kkletter-cache.toml"] == marker_before  # not marked as refreshed
    assert ".kkletter-cache-files.json" not in snapshot  # next start lists the copy afresh

    hung.wake()  # the server answers again after the app has started from the copy
    assert _cache_files(cache) == snapshot  # the abandoned worker changed nothing
    assert not list(cache.rglob(".*.part"))

    library = load_library(locations)  # the next start brings everything up to date
    assert library.shared.state == "online"
    assert {library.profiles[n].value.name for n in ("a", "b")} == {"Ny udgave a", "Ny udgave b"}


def test_start_up_against_a_hanging_share_uses_the_cache_within_the_deadline(
    locations: LibraryLocations, fifo: Path
) -> None:
    assert locations.shared is not None
    _profile(locations.shared, "enhed", PROFILE.format(name="Fælles"), 1_700_000_000)
    assert load_library(locations).shared.state == "online"
    _profile(locations.shared, "enhed", PROFILE.format(name="Ændret"), 1_800_000_000)
    hanging = LibraryLocations(locations.personal, locations.shared, locations.cache, timeout=1.0)

    start = time.monotonic()
    library = load_library(hanging, copy=HungShare(fifo, answers=0))
    elapsed = time.monotonic() - start

    assert elapsed < 1.0 + MARGIN
    assert library.shared.state == "cached"
    assert "svarer ikke (ventede 1 s); bruger den lokale kopi fra" in library.shared.message
    assert library.profiles["enhed"].value.name == "Fælles"  # the cached copy
    assert library.profiles["enhed"].origin == "shared"
    assert library.save_layer().name == "personal"  # nothing is written to a hanging share


def test_a_hanging_share_without_a_cache_starts_without_the_shared_layer(
    locations: LibraryLocations, fifo: Path
) -> None:
    assert locations.shared is not None
    _profile(locations.shared, "enhed", PROFILE.format(name="Fælles"), 1_700_000_000)
    hanging = LibraryLocations(locations.personal, locations.shared, locations.cache, timeout=0.5)
    start = time.monotonic()
    library = load_library(hanging, copy=HungShare(fifo, answers=0))
    assert time.monotonic() - start < 0.5 + MARGIN
    assert library.shared.state == "missing"
    assert "svarer ikke (ventede 0.5 s), og der er ingen lokal kopi endnu" in library.shared.message
    assert [layer.name for layer in library.layers] == ["personal", "builtin"]
    assert "enhed" not in library.profiles


def test_a_save_to_a_hanging_shared_folder_gives_up_with_a_danish_message(
    locations: LibraryLocations, fifo: Path
) -> None:
    library = load_library(locations)
    shared = library.save_layer()
    assert shared.name == "shared"
    start = time.monotonic()
    with pytest.raises(LibraryError) as caught:
        on_layer(shared, fifo.read_bytes, timeout=0.5)  # the write to the share hangs
    assert time.monotonic() - start < 0.5 + MARGIN
    assert f"Det fælles bibliotek {locations.shared} svarer ikke (ventede 0.5 s)" in str(
        caught.value
    )
    assert "Tjek netværket, og prøv igen" in str(caught.value)
    personal = library.layer("personal")
    assert personal is not None
    assert on_layer(personal, lambda: "gemt", timeout=0.0) == "gemt"  # local: no deadline
