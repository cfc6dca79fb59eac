"""The speller in a child process: the same answers, and waiting never holds Python's lock."""

from __future__ import annotations

import io
import itertools
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kkletter.spelling import Speller, SpellingError
from kkletter.spelling_server import SpellerProcess, serve


def test_serve_answers_json_lines() -> None:
    requests = io.StringIO(
        '{"op": "check", "words": ["modtagt", "bolig"]}\n'
        '{"op": "suggest", "word": "bollig"}\n'
        '{"op": "nonsens"}\n'
    )
    replies = io.StringIO()
    serve(Speller.load(), requests, replies)
    first, second, third = (json.loads(line) for line in replies.getvalue().splitlines())
    assert first == {"answers": {"modtagt": False, "bolig": True}}
    assert second["suggestions"][0] == "bolig"
    assert "error" in third


def test_the_process_checks_suggests_and_adds_words(tmp_path: Path) -> None:
    personal = tmp_path / "ordbog.txt"
    speller = SpellerProcess(personal=personal)
    try:
        assert speller.check_words(["ansøgnig", "ansøgning"]) == {
            "ansøgnig": False,
            "ansøgning": True,
        }
        assert speller.suggest("ansøgnig")[0] == "ansøgning"
        speller.add_word("Xqzvrølby")
        assert speller.is_correct("Xqzvrølby")
        assert personal.read_text(encoding="utf-8") == "Xqzvrølby\n"
    finally:
        speller.close()


def test_a_missing_dictionary_is_a_danish_error_from_the_process(tmp_path: Path) -> None:
    with pytest.raises(SpellingError, match="Den danske ordbog kan ikke indlæses"):
        SpellerProcess(folder=tmp_path)


def longest_pause(work: Callable[[], object]) -> float:
    """Return the longest a ticking thread had to wait while `work` ran."""
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
    return max(b - a for a, b in itertools.pairwise(ticks))


def test_other_threads_run_while_the_process_loads_and_suggests() -> None:
    words = ("socialforvaltnigen", "kommunnen", "ansøgnig")

    def in_process() -> None:
        speller = Speller.load()
        for word in words:
            speller.suggest(word)

    def in_child() -> None:
        speller = SpellerProcess()
        for word in words:
            speller.suggest(word)
        speller.close()

    # Hunspell keeps Python's lock while it loads and suggests: in-process, other
    # threads stop for that long; with the child process they only wait for a reply.
    assert longest_pause(in_child) < longest_pause(in_process)
