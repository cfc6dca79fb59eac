"""A merge can be interrupted, resumed and stopped by a full disk without losing a row.

The signal tests run the real command line in a subprocess (its own session, like a
terminal) and send real signals.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from kkletter.cli import main
from kkletter.compose import Catalogs
from kkletter.drafts import save_draft
from kkletter.errors import OutputError
from kkletter.merge import merge
from kkletter.merge_journal import JOURNAL_NAME, SUMMARY_NAME, FolderLock
from kkletter.mergedata import open_data
from kkletter.model import CaseRef, Letter, Recipient, Signer

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = Catalogs.shipped()
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="sends POSIX signals")


def _letter(body: str = "Tak for sidst, {{ navn }}.") -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Høring",
        body=body,
        recipient=Recipient(name="x"),
        case=CaseRef(number="2026-0012345", document="2026-0012345-7"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def _data(folder: Path, count: int, name: str = "Forening {i}") -> Path:
    path = folder / "modtagere.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["navn", "adresse1"])
        writer.writerows([name.format(i=i), f"Gade {i}"] for i in range(count))
    return path


def _summary(out: Path) -> list[dict[str, str]]:
    text = (out / SUMMARY_NAME).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _start(draft: Path, data: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "kkletter", "merge", str(draft), "--data", str(data)]
    return subprocess.Popen(
        [*command, "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )


def _wait_for_letters(out: Path, count: int) -> None:
    deadline = time.monotonic() + 90
    while len(list(out.glob("*.docx"))) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def _group_is_gone(pgid: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@POSIX_ONLY
@pytest.mark.parametrize(
    ("sig", "to_group", "workers"),
    [
        (signal.SIGTERM, False, "2"),
        (signal.SIGTERM, True, "2"),
        (signal.SIGINT, True, "2"),
        (signal.SIGTERM, False, "1"),
    ],
)
def test_a_signal_writes_the_summary_stops_workers_and_exits_1(
    tmp_path: Path, sig: signal.Signals, to_group: bool, workers: str
) -> None:
    rows = 600
    data = _data(tmp_path, rows)
    draft = tmp_path / "brev.toml"
    save_draft(_letter(), draft)
    out = tmp_path / "ud"
    process = _start(draft, data, out, "--workers", workers)
    _wait_for_letters(out, 10)
    if to_group:
        os.killpg(process.pid, sig)
    else:
        os.kill(process.pid, sig)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr.decode()
    assert "fletningen blev afbrudt" in stdout.decode()
    assert "Traceback" not in stderr.decode()
    assert _group_is_gone(process.pid), "a worker is still running"
    summary = _summary(out)
    assert [int(r["række"]) for r in summary] == list(range(2, rows + 2))  # every row
    statuses = {r["status"] for r in summary}
    assert statuses <= {"skrevet", "afbrudt"}
    written = sorted(p.name for p in out.glob("*.docx"))
    assert len(written) == sum(r["status"] == "skrevet" for r in summary)
    assert 10 <= len(written) < rows
    for path in out.glob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
    assert not list(out.glob(".*"))  # no temporary files
    assert not (out / "fletning.lock").exists()

    # --resume finishes the rest without writing any letter twice.
    again = _start(draft, data, out, "--workers", workers, "--resume")
    stdout, stderr = again.communicate(timeout=300)
    assert again.returncode == 0, stderr.decode() + stdout.decode()
    names = sorted(p.name for p in out.glob("*.docx"))
    assert len(names) == rows
    assert not [n for n in names if "(2)" in n]
    assert {r["status"] for r in _summary(out)} == {"skrevet"}


def test_a_second_merge_into_a_folder_in_use_is_refused(tmp_path: Path) -> None:
    data = open_data(_data(tmp_path, 3))
    out = tmp_path / "ud"
    out.mkdir()
    with FolderLock(out), pytest.raises(OutputError, match="kører allerede"):
        merge(_letter(), data, out, catalogs=CATALOGS, workers=1)
    assert not list(out.glob("*.docx"))


def test_a_plain_rerun_into_a_merged_folder_is_refused_not_duplicated(tmp_path: Path) -> None:
    data = open_data(_data(tmp_path, 3))
    out = tmp_path / "ud"
    merge(_letter(), data, out, catalogs=CATALOGS, workers=1)
    with pytest.raises(OutputError, match="--resume"):
        merge(_letter(), data, out, catalogs=CATALOGS, workers=1)
    summary = merge(_letter(), data, out, catalogs=CATALOGS, workers=1, resume=True)
    assert len(summary.written) == 3
    assert sorted(p.name for p in out.glob("*.docx")) == [f"Forening {i}.docx" for i in range(3)]


def test_resume_with_another_draft_is_refused(tmp_path: Path) -> None:
    data = open_data(_data(tmp_path, 2))
    out = tmp_path / "ud"
    merge(_letter(), data, out, catalogs=CATALOGS, workers=1)
    with pytest.raises(OutputError, match="anden kladde"):
        merge(_letter("Andet {{ navn }}"), data, out, catalogs=CATALOGS, resume=True)


def test_the_data_file_where_the_summary_goes_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "ud"
    out.mkdir()
    data_path = _data(out, 2).rename(out / SUMMARY_NAME)
    before = data_path.read_bytes()
    with pytest.raises(OutputError, match="inddata"):
        merge(_letter(), open_data(data_path), out, catalogs=CATALOGS, workers=1)
    assert data_path.read_bytes() == before
    assert not list(out.glob("*.docx"))


def test_summary_cells_are_neutralised_against_formula_injection(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "Almindelig"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["navn", "adresse1"])
        writer.writerows([n, "Gade 1"] for n in names)
    out = tmp_path / "ud"
    merge(_letter(), open_data(path), out, catalogs=CATALOGS, workers=1)
    cells = [r["navn"] for r in _summary(out)]
    assert cells == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "Almindelig"]
    for row in _summary(out):
        assert not any(v[:1] in "=+-@\t\r" for v in row.values() if v)


def test_one_row_whose_template_fails_is_skipped_the_rest_written(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("navn;antal\nA;2\nB;0\nC;5\n", encoding="utf-8")
    letter = _letter("Hver får {{ 10 // antal|int }} stk., {{ navn }}.")
    summary = merge(letter, open_data(path), tmp_path / "ud", catalogs=CATALOGS, workers=1)
    assert [(r.row, r.status) for r in summary.results] == [
        (2, "written"),
        (3, "skipped"),
        (4, "written"),
    ]
    assert "regnefejl" in summary.results[1].reason


@POSIX_ONLY
def test_a_full_disk_stops_the_merge_cleanly_and_keeps_the_outcome(tmp_path: Path) -> None:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("kræver root og mount til en lille tmpfs / needs root to mount a tmpfs")
    disk = tmp_path / "lille"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs kan ikke monteres her / cannot mount a tmpfs: {mounted.stderr!r}")
    try:
        draft = tmp_path / "brev.toml"
        save_draft(_letter(), draft)
        data = _data(tmp_path, 200)
        out = disk / "ud"
        stdout, stderr = io.StringIO(), io.StringIO()
        code = main(
            ["merge", str(draft), "--data", str(data), "--out", str(out), "--workers", "1"],
            stdout=stdout,
            stderr=stderr,
        )
        text = stdout.getvalue()
        assert code == 1, stderr.getvalue()
        assert "disken er fuld" in text
        written = sorted(p.name for p in out.glob("*.docx"))
        assert 0 < len(written) < 200
        assert not list(out.glob(".*"))  # no temporary files left on the full disk
        # The per-row outcome survives: in the summary file, or printed in full.
        if (out / SUMMARY_NAME).is_file():
            summary = _summary(out)
            assert len(summary) == 200
        else:
            assert "Oversigten kunne ikke gemmes" in text
            assert text.count(";skrevet;") == len(written)
        journal = (out / JOURNAL_NAME).read_text(encoding="utf-8")
        assert journal.count('"status": "written"') <= len(written)  # the disk was full
        # With room again, --resume finishes the merge without a duplicate letter.
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        code = main(
            ["merge", str(draft), "--data", str(data), "--out", str(out), "--resume"],
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        assert code == 0
        names = sorted(p.name for p in out.glob("*.docx"))
        assert names == sorted(f"Forening {i}.docx" for i in range(200))
        assert {r["status"] for r in _summary(out)} == {"skrevet"}
    finally:
        subprocess.run(["umount", str(disk)], check=False)
