"""Output file names that are safe on Windows and Linux."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from kkletter.model import Letter

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Unicode categories that are invisible or reorder text: bidi controls (U+202E can
# disguise "fcod.exe" as "exe.docx"), zero-width characters, soft hyphen, private use,
# unassigned code points and lone surrogates. They never belong in a file name.
_INVISIBLE = {"Cc", "Cf", "Co", "Cn", "Cs"}
# Hangul fillers and the like are letters that render as nothing.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
MAX_STEM = 80
# Bytes, not characters: file systems limit a name to 255 bytes, and an emoji or CJK
# character takes 3-4 bytes in UTF-8. Room is left for " (123)", ".docx" and the
# temporary name `kkletter.safefile` adds while writing.
MAX_STEM_BYTES = 150


def safe_stem(text: str, *, fallback: str = "brev") -> str:
    """Return `text` as a file-name stem that Windows and Linux both accept."""
    text = unicodedata.normalize("NFC", text)
    text = _FORBIDDEN.sub(" ", text)
    text = "".join(
        " " if unicodedata.category(c) in ("Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) not in _INVISIBLE and c not in _BLANK_LETTERS
    )
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_STEM:
        text = text[:MAX_STEM].rsplit(" ", 1)[0] or text[:MAX_STEM]
    if len(text.encode("utf-8")) > MAX_STEM_BYTES:
        cut = text.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore")
        text = cut.rsplit(" ", 1)[0] if " " in cut[len(cut) // 2 :] else cut
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
