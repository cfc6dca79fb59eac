"""Benchmark spelling: check 2 pages, re-check after a keystroke, suggestions, cold start.

Run: `python -m benchmarks.bench_spelling [--runs N]` (offscreen unless a display is set).
Targets (issue 10): 2-page letter checked ≤ 30 ms once the dictionary is loaded;
re-check after a keystroke ≤ 5 ms; suggestions on right-click ≤ 400 ms; cold start of
the app stays ≤ 0.8 s (the dictionary loads in the background after the window shows).
Not a timed test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TYPOS = ("modtagt", "ansøgnig", "bollig", "kommunnen", "socialforvaltnigen")


def two_page_text() -> str:
    """Return about two pages of the seed letters' prose (some 900 words), with typos."""
    from kkletter.drafts import load_draft

    body = load_draft(ROOT / "seeds" / "drafts" / "004-brev-dok.toml").body
    text = f"{body}\n\nVi har modtagt din ansøgnig om en bollig.\n\n"
    while len(text.split()) < 900:
        text += body + "\n\n"
    return text


def bench_core(runs: int) -> dict[str, float]:
    """Return load, 2-page check (fresh cache) and suggestion times in ms."""
    from kkletter.spelling import Speller, load_engine

    start = time.perf_counter()
    engine = load_engine()
    load = time.perf_counter() - start
    text = two_page_text()
    checks = []
    for _ in range(runs):
        speller = Speller(engine)  # a fresh cache: every word goes to Hunspell
        start = time.perf_counter()
        speller.misspellings(text)
        checks.append(time.perf_counter() - start)
    speller = Speller(engine)
    suggestions = []
    for word in TYPOS:
        start = time.perf_counter()
        speller.suggest(word)
        suggestions.append(time.perf_counter() - start)
    return {
        "load": load * 1000,
        "check": statistics.median(checks) * 1000,
        "suggest_max": max(suggestions) * 1000,
        "suggest_median": statistics.median(suggestions) * 1000,
        "words": float(len(text.split())),
    }


def bench_keystroke(runs: int) -> dict[str, float]:
    """Return ms of one keystroke in the editor with and without the spelling highlighter."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QTextCursor  # noqa: TID251 - benchmarks the Qt front end
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from kkletter.gui.editor import BodyEditor
    from kkletter.gui.spelling import SpellHighlighter, SpellService
    from kkletter.spelling import Speller

    app = QApplication.instance() or QApplication([])
    text = two_page_text()
    results: dict[str, float] = {}
    for label, spell in (("plain", False), ("spelling", True)):
        editor = BodyEditor()
        editor.resize(700, 900)
        editor.show()
        editor.set_markdown(text)
        service = SpellService(lambda: Speller.load())
        if spell:
            SpellHighlighter(editor.document(), service)
            service.start()
            service.wait_until_ready()
            deadline = time.monotonic() + 10
            while service.waiting() and time.monotonic() < deadline:
                app.processEvents()
        app.processEvents()
        cursor = editor.textCursor()
        cursor.setPosition(editor.document().characterCount() // 2)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfWord)
        times = []
        for index in range(runs):
            start = time.perf_counter()
            cursor.insertText("x" if index % 2 == 0 else "e")
            times.append(time.perf_counter() - start)
            app.processEvents()
        results[label] = statistics.median(times) * 1000
        service.stop()
        editor.close()
        editor.deleteLater()
        app.processEvents()
    results["added_by_spelling"] = results["spelling"] - results["plain"]
    return results


def bench_lock_pause() -> dict[str, float]:
    """Return how long (ms) another thread is held up while the speller loads and suggests.

    Hunspell keeps Python's lock: in-process, the window's thread would wait that long;
    the app's speller runs in a child process instead (kkletter.spelling_server).
    """
    from kkletter.spelling import Speller
    from kkletter.spelling_server import SpellerProcess

    def pause(work: Callable[[], object]) -> float:
        ticks: list[float] = []
        stop = threading.Event()

        def tick() -> None:
            while not stop.is_set():
                ticks.append(time.perf_counter())
                time.sleep(0.002)

        thread = threading.Thread(target=tick)
        thread.start()
        try:
            work()
        finally:
            stop.set()
            thread.join()
        return max(b - a for a, b in itertools.pairwise(ticks)) * 1000

    def child() -> None:
        speller = SpellerProcess()
        speller.suggest(TYPOS[-1])
        speller.close()

    loaded = Speller.load()
    return {
        "load": pause(Speller.load),
        "suggest": pause(lambda: loaded.suggest(TYPOS[-1])),
        "child": pause(child),
    }


def main() -> int:
    """Print the numbers; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    core = bench_core(args.runs)
    print(f"dictionary load (da_DK, Stavekontrolden): {core['load']:.0f} ms")
    print(f"check 2 pages ({core['words']:.0f} words, empty cache): {core['check']:.1f} ms")
    print(
        f"suggestions for {len(TYPOS)} typos: median {core['suggest_median']:.0f} ms, "
        f"max {core['suggest_max']:.0f} ms"
    )
    keys = bench_keystroke(args.runs)
    print(
        f"keystroke in a 2-page body: {keys['spelling']:.2f} ms with spelling, "
        f"{keys['plain']:.2f} ms without (spelling adds {keys['added_by_spelling']:.2f} ms)"
    )
    pause = bench_lock_pause()
    print(
        f"other threads held up: in-process load {pause['load']:.0f} ms, suggest "
        f"{pause['suggest']:.0f} ms; child process (load + suggest) {pause['child']:.0f} ms"
    )
    from benchmarks.bench_gui import bench_start

    with tempfile.TemporaryDirectory():
        start, bare = bench_start(max(3, args.runs // 4))
    print(f"cold start to shown window: {start:.3f} s (bare QMainWindow {bare:.3f} s)")
    ok = (
        core["check"] <= 30
        and keys["spelling"] <= 5
        and core["suggest_max"] <= 400
        and start <= 0.8
    )
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
