"""Output file names that are safe on Windows and Linux."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kkletter.model import Letter

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
MAX_STEM = 80


def safe_stem(text: str, *, fallback: str = "brev") -> str:
    """Return `text` as a file-name stem that Windows and Linux both accept."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rsplit(" ", 1)[0] or text[:MAX_STEM]
    text = text.rstrip(". ")
    if not text:
        return fallback
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text


def output_stem(letter: Letter) -> str:
    """Return the proposed file stem for `letter`: case number and subject."""
    parts = [
        letter.case.number,
        letter.subject.strip().splitlines()[0] if letter.subject.strip() else "",
    ]
    return safe_stem(" ".join(p for p in parts if p), fallback=letter.template or "brev")


def unique_path(path: Path, taken: set[Path] | None = None) -> Path:
    """Return `path`, or `path` with " (2)", " (3)", ... when it exists or is in `taken`."""
    taken = taken or set()
    candidate = path
    counter = 2
    while candidate.exists() or candidate in taken:
        candidate = path.with_name(f"{path.stem} ({counter}){path.suffix}")
        counter += 1
    return candidate
