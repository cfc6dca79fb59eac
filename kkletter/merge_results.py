"""Mail merge outcome: what happened to each row, progress, and the summary shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kkletter.merge_journal import summary_csv
from kkletter.merge_plan import ColumnMapping

Status = Literal["written", "skipped", "cancelled"]
STATUS_TEXT: dict[Status, str] = {
    "written": "skrevet",
    "skipped": "ikke skrevet",
    "cancelled": "afbrudt",
}


@dataclass(frozen=True)
class RowResult:
    """What happened to one data row."""

    row: int
    name: str
    status: Status
    files: tuple[Path, ...] = ()
    reason: str = ""
    disk_full: bool = False  # the row could not be written because the disk is full


@dataclass(frozen=True)
class MergeProgress:
    """Progress of a running merge; `remaining` is the estimated seconds left."""

    done: int
    total: int
    written: int
    skipped: int
    elapsed: float
    remaining: float | None


ProgressCallback = Callable[[MergeProgress], "bool | None"]


@dataclass(frozen=True)
class MergeSummary:
    """The outcome of a merge, row by row."""

    mapping: ColumnMapping
    results: tuple[RowResult, ...]
    summary_path: Path | None
    cancelled: bool = False
    stop_reason: str = ""  # why a merge stopped early: Ctrl+C, SIGTERM, a full disk
    summary_error: str = ""  # why the summary CSV could not be written (then print it)

    @property
    def written(self) -> tuple[RowResult, ...]:
        """Return the rows written."""
        return tuple(r for r in self.results if r.status == "written")

    @property
    def skipped(self) -> tuple[RowResult, ...]:
        """Return the rows not written (errors) or not reached (cancelled)."""
        return tuple(r for r in self.results if r.status != "written")

    def describe(self) -> list[str]:
        """Return the summary as Danish lines for the user."""
        stopped = ""
        if self.cancelled:
            why = f" ({self.stop_reason})" if self.stop_reason else ""
            stopped = (
                f" – fletningen blev afbrudt{why}; rækker markeret 'afbrudt' er ikke gjort. "
                "Fortsæt med --resume"
            )
        lines = [f"{len(self.written)} breve skrevet, {len(self.skipped)} ikke skrevet{stopped}."]
        for result in self.skipped:
            lines.append(
                f"  Række {result.row} ({result.name or 'uden navn'}): "
                f"{STATUS_TEXT[result.status]} – {result.reason}"
            )
        if self.summary_path:
            lines.append(f"Oversigt: {self.summary_path}")
        elif self.summary_error:
            lines.append(f"Oversigten kunne ikke gemmes ({self.summary_error}). Her er den:")
            lines.extend(
                summary_csv(
                    (r.row, r.name, STATUS_TEXT[r.status], r.files, r.reason) for r in self.results
                ).splitlines()
            )
        return lines


def format_progress(progress: MergeProgress, *, width: int = 30) -> str:
    """Return a one-line Danish progress bar: rows done and time left."""
    total = max(progress.total, progress.done, 1)
    filled = round(width * progress.done / total)
    bar = "#" * filled + "-" * (width - filled)
    left = ""
    if progress.remaining is not None and progress.done < total:
        seconds = round(progress.remaining)
        left = (
            f", ca. {seconds // 60} min {seconds % 60} s tilbage"
            if seconds >= 60
            else (f", ca. {seconds} s tilbage")
        )
    return f"[{bar}] {progress.done}/{total} rækker{left}"
