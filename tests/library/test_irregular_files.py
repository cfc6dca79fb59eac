"""A FIFO, a device or a huge file in a library folder never blocks or floods kkletter.

Opening a FIFO for reading waits for a writer forever, and `/dev/zero` never ends. Both
can sit in a personal or shared library under a `.toml` or `.md` name. The tests run
real `kkletter` processes with a timeout: a regression shows as a timeout, not a hang.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kkletter.library import deadline, validate
from kkletter.readfile import MAX_LIBRARY_FILE_BYTES, IrregularFileError, read_regular_file
from tests.library.test_commands import run

PROFILE = 'name = "Enheden"\nunit = "E"\naddress = ["Rådhuset", "1599 København V"]\n'
NOT_A_FILE = "er ikke en almindelig fil (fx en pipe eller en enhed)"


def _hostile_library(folder: Path) -> None:
    for sub in ("profiles", "signers", "paragraphs"):
        (folder / sub).mkdir(parents=True)
    os.mkfifo(folder / "profiles" / "pipe.toml")
    os.mkfifo(folder / "signers" / "pipe.toml")
    os.mkfifo(folder / "paragraphs" / "pipe.md")
    (folder / "profiles" / "nul.toml").symlink_to("/dev/zero")
    (folder / "profiles" / "stor.toml").write_text(
        PROFILE + "# " + "x" * MAX_LIBRARY_FILE_BYTES + "\n", encoding="utf-8"
    )
    (folder / "profiles" / "god.toml").write_text(PROFILE, encoding="utf-8")


def _kkletter(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "KKLETTER_NO_REGISTER": "1",
        **env,
    }
    environment.pop("KKLETTER_SHARED", None) if "KKLETTER_SHARED" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "kkletter", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        stdin=subprocess.DEVNULL,
    )


def test_library_check_names_fifos_devices_and_huge_files_without_blocking(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "faelles"
    _hostile_library(folder)
    done = _kkletter("library", "check", str(folder), home=tmp_path)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    for name in ("profiles/pipe.toml", "signers/pipe.toml", "paragraphs/pipe.md"):
        assert any(f"{folder / name} kan ikke læses: {NOT_A_FILE}" in line for line in lines)
    assert any(f"{folder}/profiles/nul.toml kan ikke læses: {NOT_A_FILE}" in x for x in lines)
    assert any(
        f"{folder}/profiles/stor.toml kan ikke læses: filen er større end 2 MB" in x for x in lines
    )
    assert not any("god.toml" in line for line in lines)


def test_a_fifo_in_the_personal_library_does_not_block_start_up(tmp_path: Path) -> None:
    _hostile_library(tmp_path / "data" / "kkletter" / "bibliotek")
    done = _kkletter("profiles", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "god " in done.stdout  # the good profile is listed
    assert NOT_A_FILE in done.stderr  # the others are said to be skipped


def test_a_fifo_in_the_shared_library_does_not_block_start_up(tmp_path: Path) -> None:
    shared = tmp_path / "faelles"
    _hostile_library(shared)
    done = _kkletter("profiles", home=tmp_path, KKLETTER_SHARED=str(shared))
    assert done.returncode == 0, done.stderr
    assert "god " in done.stdout


def test_read_regular_file_refuses_what_is_not_a_small_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(IrregularFileError, match="almindelig fil"):
        read_regular_file(tmp_path / "pipe", 10)
    with pytest.raises(IrregularFileError, match="mappe"):
        read_regular_file(tmp_path, 10)
    (tmp_path / "elleve").write_bytes(b"x" * 11)
    with pytest.raises(IrregularFileError):
        read_regular_file(tmp_path / "elleve", 10)
    assert read_regular_file(tmp_path / "elleve", 11) == b"x" * 11
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "mangler", 10)


def test_library_check_gives_up_on_a_folder_that_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No FUSE here: a blocking read of a FIFO stands in for a dead network mount.
    fifo = tmp_path / "hung-mount"
    os.mkfifo(fifo)

    def hangs(folder: Path) -> list[str]:
        with open(fifo, "rb") as hung:
            hung.read()
        return []

    monkeypatch.setattr(validate, "check_library_folder", hangs)
    monkeypatch.setattr(deadline, "CHECK_TIMEOUT", 0.5)
    start = time.monotonic()
    code, out, err = run("library", "check", str(tmp_path))
    assert time.monotonic() - start < 0.5 + 2.0
    assert code == 2
    assert out == ""
    assert err.strip() == (
        f"kkletter: Mappen {tmp_path} svarer ikke (ventede 0.5 sekunder). Tjek forbindelsen "
        "til netværksdrevet, og prøv igen."
    )
    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let the abandoned read end
    for thread in threading.enumerate():
        if thread.name == "kkletter-share-check":
            thread.join(5)
