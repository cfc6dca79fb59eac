"""Benchmark start-up against a shared folder that hangs (an SMB/NFS server that stopped answering).

Run: `python -m benchmarks.bench_hanging_share [--runs N]`.
Target (issue 11, item 2): the library loads from the cached copy within the deadline
(`kkletter.library.deadline.SHARE_TIMEOUT`, 2 s) plus a little, and the process exits
although the worker thread stays blocked. The hung mount is a real blocking system call:
reading a FIFO that has no writer, standing in for the copy of a changed file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from kkletter.library import LibraryLocations, load_library
from kkletter.library.deadline import SHARE_TIMEOUT


def main() -> int:
    """Print the time of a start-up against a hanging share, `--runs` times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        profile = root / "shared" / "profiles" / "enhed.toml"
        profile.parent.mkdir(parents=True)
        profile.write_text('name = "Fælles"\nunit = "E"\naddress = ["Rådhuset"]\n', "utf-8")
        where = LibraryLocations(root / "personal", root / "shared", root / "cache")
        start = time.monotonic()
        load_library(where)
        print(f"start with the share answering (fills the cache): {time.monotonic() - start:.3f} s")
        profile.write_text('name = "Ændret"\nunit = "E"\naddress = ["Rådhuset"]\n', "utf-8")
        os.utime(profile, (1_800_000_000, 1_800_000_000))
        fifo = root / "hung-mount"
        os.mkfifo(fifo)

        def hung_copy(source: Path, target: Path) -> None:
            fifo.read_bytes()  # blocks: nobody opens the FIFO for writing
            shutil.copy2(source, target)

        for run in range(1, runs + 1):
            start = time.monotonic()
            library = load_library(where, copy=hung_copy)
            elapsed = time.monotonic() - start
            name = library.profiles["enhed"].value.name
            print(
                f"start against the hanging share #{run}: {elapsed:.3f} s "
                f"(deadline {SHARE_TIMEOUT:g} s); {library.shared.state}, profile {name!r}"
            )
        print(library.shared.message)
        with os.fdopen(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)):
            pass  # wake the blocked workers so the temporary folder can be removed
        time.sleep(0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
