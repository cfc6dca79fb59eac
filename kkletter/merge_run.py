"""Mail merge machinery: worker pool, stop signals, chunks, and the running bookkeeping.

Work is spread over processes in small chunks with a bounded number in flight, so all
cores are used and memory stays flat however many rows there are. Workers ignore
Ctrl+C; the parent turns Ctrl+C and SIGTERM into a stop request, lets running chunks
finish and lists the rest as not done.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kkletter.errors import KKLetterError, OutputError
from kkletter.merge_journal import Journal, write_summary
from kkletter.merge_render import Item, Renderer
from kkletter.merge_results import STATUS_TEXT, MergeProgress, ProgressCallback, RowResult

# One renderer per worker process, installed by the pool's initializer; a process-local
# cache, never shared or mutated after start-up.
_WORKER: Renderer | None = None


def init_worker(renderer: Renderer) -> None:
    global _WORKER
    _WORKER = renderer
    # Ctrl+C (and a SIGTERM to the group) reach every process; the parent decides and
    # workers finish the file they are writing.
    for sig in _STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


_STOP_SIGNALS = (signal.SIGINT, *((signal.SIGTERM,) if hasattr(signal, "SIGTERM") else ()))


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """Block Ctrl+C and SIGTERM in this thread while worker processes may be started.

    Ctrl+C in a terminal reaches the whole process group. A worker interrupted while
    it is still starting (before `init_worker` ignores SIGINT) would die and break the
    pool; started with the signal blocked, it never sees it. Only the parent reacts,
    once the mask is restored. (Windows has no signal masks and needs none here.)
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(_STOP_SIGNALS))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def render_in_worker(items: Sequence[Item]) -> list[RowResult]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.render(items)


@dataclass
class Stop:
    """Why a merge should stop early ("" while it should go on)."""

    reason: str = ""


@contextlib.contextmanager
def stop_signals() -> Iterator[Stop]:
    """Turn Ctrl+C and SIGTERM into a stop request while a merge runs in the main thread.

    The handler only sets a flag, so no exception can cut a row, the journal or the
    summary in half; the merge loop sees the flag, lets running chunks finish, marks
    the rest not done and writes the summary.
    """
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: object) -> None:
        stop.reason = "afbrudt med Ctrl+C" if signum == signal.SIGINT else "afbrudt (stoppet)"

    wanted = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    previous = {sig: signal.signal(sig, handler) for sig in wanted}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def try_write_summary(out_dir: Path, run: Run, inputs: Sequence[Path]) -> Path | None:
    """Write the summary CSV; on failure (full disk) keep the reason for the caller."""
    try:
        return write_summary(
            out_dir,
            ((r.row, r.name, STATUS_TEXT[r.status], r.files, r.reason) for r in run.results),
            inputs=inputs,
        )
    except KKLetterError as exc:
        run.summary_error = str(exc)
        return None


class Run:
    """Bookkeeping of a running merge: results, progress, journal, cancellation."""

    def __init__(
        self, total: int, on_progress: ProgressCallback | None, journal: Journal, stop: Stop
    ) -> None:
        self.total = total
        self.on_progress = on_progress
        self.journal = journal
        self.stop = stop
        self.results: list[RowResult] = []
        self.summary_error = ""
        self.started = time.monotonic()
        self._user_cancelled = False

    @property
    def cancelled(self) -> bool:
        """Return whether the merge should stop (user, signal or a full disk)."""
        return self._user_cancelled or bool(self.stop.reason)

    @cancelled.setter
    def cancelled(self, value: bool) -> None:
        self._user_cancelled = value

    def add(self, results: Iterable[RowResult]) -> None:
        results = list(results)
        for result in results:
            if result.disk_full and not self.stop.reason:
                self.stop.reason = "disken er fuld"
        self.results.extend(results)
        finished = [r for r in results if r.status != "cancelled"]
        try:
            self.journal.record((r.row, r.name, r.status, r.files, r.reason) for r in finished)
        except OutputError as exc:
            self.stop.reason = self.stop.reason or f"journalen kunne ikke skrives: {exc}"
        if self.on_progress is None:
            return
        done = len(self.results)
        elapsed = time.monotonic() - self.started
        total = max(self.total, done)
        remaining = elapsed / done * (total - done) if done else None
        written = sum(1 for r in self.results if r.status == "written")
        progress = MergeProgress(done, total, written, done - written, elapsed, remaining)
        if self.on_progress(progress) is False:
            self.cancelled = True

    def not_reached(self, items: Iterable[Item]) -> None:
        reason = f"ikke gjort – fletningen blev {self.stop.reason or 'afbrudt'}"
        self.results.extend(
            RowResult(i.row.number, i.name, "cancelled", reason=reason) for i in items
        )


def _chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_inline(renderer: Renderer, items: Iterator[Item], size: int, run: Run) -> None:
    for chunk in _chunks(items, size):
        if run.cancelled:
            run.not_reached(chunk)
            continue
        results: list[RowResult] = []
        for index, item in enumerate(chunk):  # row by row, so a stop request is seen soon
            if run.cancelled:
                run.add(results)
                run.not_reached(chunk[index:])
                break
            results.extend(renderer.render([item]))
        else:
            run.add(results)


def run_pool(renderer: Renderer, items: Iterator[Item], size: int, workers: int, run: Run) -> None:
    # spawn: safe with Qt's threads in the GUI and the same on Windows and Linux.
    context = multiprocessing.get_context("spawn")
    pending: dict[cf.Future[list[RowResult]], list[Item]] = {}
    pool = cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=init_worker, initargs=(renderer,)
    )

    def collect() -> None:
        # A short timeout, so a stop request is acted on while chunks are running.
        done, _ = cf.wait(pending, timeout=0.2, return_when=cf.FIRST_COMPLETED)
        for future in done:
            chunk = pending.pop(future)
            if future.cancelled():
                run.not_reached(chunk)
            else:
                run.add(future.result())

    try:
        for chunk in _chunks(items, size):
            if run.cancelled:
                run.not_reached(chunk)
                continue
            while len(pending) >= workers * 2 and not run.cancelled:  # flat memory
                collect()
            if run.cancelled:
                run.not_reached(chunk)
                continue
            with signals_blocked():  # a worker started now inherits the blocked signals
                pending[pool.submit(render_in_worker, chunk)] = chunk
            if run.cancelled:
                break
        if run.cancelled:
            for future in pending:
                future.cancel()
        while pending:  # running chunks finish their files
            collect()
        for chunk in _chunks(items, size):  # rows after a stop: listed as not done
            run.not_reached(chunk)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
