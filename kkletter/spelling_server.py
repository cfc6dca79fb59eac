"""Run the Danish speller in a child process, so loading and asking it never holds the GUI.

Hunspell (chunspell) keeps Python's global lock while it loads its dictionary (some
0.2 s) and while it makes suggestions, which would freeze a window's thread for that
long even from a worker thread. The app therefore asks a child process
(`python -m kkletter.spelling_server`) over JSON lines on its stdin and stdout;
waiting for an answer lets the other threads run. Qt-free.

Requests, one JSON object a line: {"op": "check", "words": [...]} -> {"answers": {...}};
{"op": "suggest", "word": w} -> {"suggestions": [...]}; {"op": "add", "word": w} ->
{"ok": true}. The child first writes {"ready": true} or {"error": "<Danish message>"}.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from kkletter.errors import KKLetterError
from kkletter.spelling import Speller, SpellingError


def serve(speller: Speller, requests: IO[str], replies: IO[str]) -> None:
    """Answer `requests` (JSON lines) with `speller` on `replies` until the input ends."""
    for line in requests:
        if not line.strip():
            continue
        request = json.loads(line)
        op = request.get("op")
        reply: dict[str, Any]
        try:
            if op == "check":
                reply = {"answers": {w: speller.is_correct(w) for w in request["words"]}}
            elif op == "suggest":
                reply = {"suggestions": list(speller.suggest(request["word"]))}
            elif op == "add":
                speller.add_word(request["word"])
                reply = {"ok": True}
            else:
                reply = {"error": f"ukendt forespørgsel {op!r}"}
        except KKLetterError as exc:
            reply = {"error": str(exc)}
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Load the speller with the given word lists and serve requests on stdin/stdout."""
    parser = argparse.ArgumentParser(prog="python -m kkletter.spelling_server")
    parser.add_argument("--personal", type=Path)
    parser.add_argument("--shared", type=Path)
    parser.add_argument("--folder", type=Path, help="the dictionary folder (default: shipped)")
    args = parser.parse_args(argv)
    requests = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    replies = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", write_through=True)
    try:
        speller = Speller.load(folder=args.folder, personal=args.personal, shared=args.shared)
    except KKLetterError as exc:
        replies.write(json.dumps({"error": str(exc)}, ensure_ascii=False) + "\n")
        replies.flush()
        return 2
    replies.write('{"ready": true}\n')
    replies.flush()
    serve(speller, requests, replies)
    return 0


class SpellerProcess:
    """A speller in a child process, with the methods the app uses of a `Speller`."""

    def __init__(
        self,
        *,
        personal: Path | None = None,
        shared: Path | None = None,
        folder: Path | None = None,
    ) -> None:
        command = [sys.executable, "-m", "kkletter.spelling_server"]
        if folder is not None:
            command += ["--folder", str(folder)]
        if personal is not None:
            command += ["--personal", str(personal)]
        if shared is not None:
            command += ["--shared", str(shared)]
        self._lock = threading.Lock()  # one request and its reply at a time
        try:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0) if os.name == "nt" else 0,
            )
        except OSError as exc:
            raise SpellingError(f"Stavekontrollen kunne ikke startes: {exc}.") from exc
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        self._send = io.TextIOWrapper(self._process.stdin, encoding="utf-8", write_through=True)
        self._receive = io.TextIOWrapper(self._process.stdout, encoding="utf-8")
        try:
            first = self._read()
            if "error" in first:
                raise SpellingError(str(first["error"]))
        except SpellingError:
            self.close()  # never leave a child process or its pipes behind
            raise

    def _read(self) -> dict[str, Any]:
        line = self._receive.readline()  # waiting here lets the other threads run
        if not line:
            raise SpellingError("Stavekontrollen stoppede uventet. Genstart kkletter.")
        try:
            reply: dict[str, Any] = json.loads(line)
        except ValueError as exc:  # not our server talking (e.g. a frozen app's own exe)
            raise SpellingError("Stavekontrollen svarede ikke som ventet.") from exc
        return reply

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            try:
                self._send.write(json.dumps(request, ensure_ascii=False) + "\n")
                self._send.flush()
            except (OSError, ValueError) as exc:
                raise SpellingError("Stavekontrollen stoppede uventet. Genstart kkletter.") from exc
            reply = self._read()
        if "error" in reply:
            raise SpellingError(str(reply["error"]))
        return reply

    def check_words(self, words: Iterable[str]) -> dict[str, bool]:
        """Return whether each of `words` is spelled right."""
        answers: dict[str, bool] = self._ask({"op": "check", "words": list(words)})["answers"]
        return answers

    def is_correct(self, word: str) -> bool:
        """Return whether `word` is spelled right."""
        return self.check_words([word])[word]

    def suggest(self, word: str, limit: int = 6) -> tuple[str, ...]:
        """Return up to `limit` corrections of `word`, best first."""
        return tuple(self._ask({"op": "suggest", "word": word})["suggestions"][:limit])

    def add_word(self, word: str) -> None:
        """Accept `word` from now on and keep it in the personal word list."""
        self._ask({"op": "add", "word": word})

    def close(self) -> None:
        """End the child process (it also ends by itself when the app goes)."""
        with contextlib.suppress(OSError):
            self._send.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._receive.close()


if __name__ == "__main__":
    raise SystemExit(main())
