"""Autosave per window: two windows never touch each other's work; damaged files are set aside."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kkletter.gui.autosave import Autosave
from kkletter.model import Letter

ROOT = Path(__file__).resolve().parents[2]


def _letter(subject: str) -> Letter:
    return Letter(template="brev", profile="sof-borgmester", subject=subject, body="Tekst\n")


def test_closing_one_window_keeps_the_other_windows_autosave(tmp_path: Path) -> None:
    first, second = Autosave(tmp_path), Autosave(tmp_path)
    first.write(_letter("Første"), None)
    second.write(_letter("Andet"), None)
    assert first.path != second.path
    # A third window starting now finds no orphan: both owners are alive.
    assert not Autosave(tmp_path).adopt_orphan()
    first.remove()
    first.release()  # the first window closes
    assert second.exists()
    assert second.read().subject == "Andet"
    second.release()


@pytest.mark.skipif(sys.platform == "win32", reason="kills a process with SIGKILL")
def test_a_crashed_windows_autosave_is_adopted_by_the_next_start(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from kkletter.gui.autosave import Autosave
        from kkletter.model import Letter
        a = Autosave(Path({str(tmp_path)!r}))
        a.write(Letter(template="brev", profile="p", subject="Reddet"), None)
        print("skrevet", flush=True)
        time.sleep(60)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "skrevet"
    alive = Autosave(tmp_path)
    assert not alive.adopt_orphan()  # the other window is still running
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    process.stdout.close()
    deadline = time.monotonic() + 5
    while not alive.adopt_orphan() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive.read().subject == "Reddet"
    alive.remove()
    alive.release()
    assert not list(tmp_path.iterdir())
