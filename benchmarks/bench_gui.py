"""Benchmark the desktop app: cold start to a shown window, and one preview+checks update.

Run: `python benchmarks/bench_gui.py [--runs N]` (offscreen unless a display is set).
Targets (issue 4): start <= 0.8 s; preview + checks update <= 30 ms for a 3-page letter.
Not a timed test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
APP = "from kkletter.gui.app import run_app; raise SystemExit(run_app())"
BARE = (
    "from PySide6.QtCore import QTimer; from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.show()\n"
    "QTimer.singleShot(0, lambda: (print('shown', flush=True), app.quit())); app.exec()"
)


def time_to_shown(code: str, env: dict[str, str]) -> float:
    """Return seconds from spawning `code` until it prints "shown"."""
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("shown"):
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError("the app quit without showing its window")
        process.wait(timeout=30)
    return elapsed


def bench_start(runs: int) -> tuple[float, float]:
    """Return the median start time of the app and of a bare QMainWindow."""
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen" if "DISPLAY" not in env else "xcb")
        # Never touch the real user's settings or autosave.
        env.update(
            KKLETTER_QUIT_AFTER_SHOW="1",
            XDG_CONFIG_HOME=str(Path(home) / "config"),
            XDG_DATA_HOME=str(Path(home) / "data"),
            PYTHONPATH=str(ROOT),
        )
        time_to_shown(APP, env)  # warm the OS file cache once
        app = [time_to_shown(APP, env) for _ in range(runs)]
        bare = [time_to_shown(BARE, env) for _ in range(runs)]
    return statistics.median(app), statistics.median(bare)


def three_page_body() -> str:
    """Return a realistic body of about three pages (seed text, paragraphs and a list)."""
    from kkletter.drafts import load_draft

    body = load_draft(ROOT / "seeds" / "drafts" / "004-brev-dok.toml").body
    parts = [body, "## Opfølgning", body, "- et punkt\n- et andet punkt", body, body]
    return "\n\n".join(parts)


def bench_update(runs: int) -> dict[str, float]:
    """Return median milliseconds of one refresh and of its parts."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # noqa: TID251 - benchmarks the Qt front end

    from kkletter.checks import check_letter
    from kkletter.compose import Catalogs, compose_letter
    from kkletter.drafts import load_draft
    from kkletter.gui.dialogs import QtDialogs
    from kkletter.gui.main_window import MainWindow
    from kkletter.gui.settings import Preferences, WindowState, open_settings

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = open_settings(Path(folder) / "settings.ini")
        window = MainWindow(
            catalogs=Catalogs.shipped(),
            preferences=Preferences(store),
            window_state=WindowState(store),
            dialogs=QtDialogs(),
            autosave_dir=Path(folder) / "autosave",
        )
        letter = load_draft(ROOT / "seeds" / "drafts" / "004-brev-dok.toml")
        window.load_letter(letter, None)
        window.editor.set_markdown(three_page_body())
        words = len(window.editor.toPlainText().split())
        results: dict[str, list[float]] = {"refresh": [], "editor": [], "compose": [], "checks": []}
        for index in range(runs):
            # Each round changes the text, as typing does, so nothing is cached.
            window.editor.textCursor().insertText("x" if index % 2 else " ")
            start = time.perf_counter()
            window.refresh()
            results["refresh"].append(time.perf_counter() - start)
            start = time.perf_counter()
            current = window.current_letter()
            results["editor"].append(time.perf_counter() - start)
            start = time.perf_counter()
            compose_letter(current, window._catalogs)
            results["compose"].append(time.perf_counter() - start)
            start = time.perf_counter()
            check_letter(current, window._catalogs)
            results["checks"].append(time.perf_counter() - start)
        window.setWindowModified(False)
        window.close()
        window.deleteLater()
        del window
        app.processEvents()
    medians = {k: statistics.median(v) * 1000 for k, v in results.items()}
    medians["words"] = float(words)
    return medians


def main() -> int:
    """Run both benchmarks and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app, bare = bench_start(args.runs)
    print(
        f"cold start to shown window: {app:.3f} s median of {args.runs} "
        f"(bare QMainWindow {bare:.3f} s)"
    )
    update = bench_update(max(20, args.runs))
    print(
        f"update for a {update['words']:.0f}-word letter: {update['refresh']:.1f} ms median "
        f"(editor->Markdown {update['editor']:.1f}, compose {update['compose']:.1f}, "
        f"checks {update['checks']:.1f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
