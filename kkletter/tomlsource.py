"""Read a small TOML file for the library with Danish errors that name the line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from kkletter.errors import LibraryError, os_reason
from kkletter.readfile import MAX_LIBRARY_FILE_BYTES, read_regular_file

_AT_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")
_AT_END = re.compile(r"\s*\(at end of document\)")


def read_toml(path: Path, what: str) -> tuple[dict[str, Any], str]:
    """Return the table in `path` and its text; `what` names the item ("Afsenderprofilen")."""
    try:
        data = read_regular_file(path, MAX_LIBRARY_FILE_BYTES)
    except OSError as exc:
        raise LibraryError(f"{what} {path} kan ikke læses: {os_reason(exc)}.", path=path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LibraryError(
            f"{what} {path}, linje {line}: filen er ikke gemt som UTF-8. Gem den som UTF-8.",
            path=path,
            line=line,
        ) from exc
    return parse_toml(text, path, what), text


def parse_toml(text: str, path: Path, what: str, *, first_line: int = 1) -> dict[str, Any]:
    """Return the table in `text`; errors name `path` and the line, offset by `first_line`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _AT_LINE.search(str(exc))
        if match:
            line = int(match.group(1)) + first_line - 1
        else:  # "at end of document"
            line = len(text.rstrip("\n").split("\n")) + first_line - 1
        reason = _AT_END.sub("", _AT_LINE.sub("", str(exc))).strip()
        raise LibraryError(
            f"{what} {path}, linje {line}: ikke gyldig TOML ({reason}). Ret linjen.",
            path=path,
            line=line,
        ) from exc


def key_line(text: str, key: str, *, first_line: int = 1) -> int:
    """Return the line of `text` where `key` is assigned (`first_line` when not found)."""
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return first_line
    return text.count("\n", 0, match.start()) + first_line


def text_value(raw: dict[str, Any], key: str, text: str, path: Path, what: str) -> str:
    """Return `raw[key]` as a string ("" when missing); a non-string is an error on its line."""
    value = raw.get(key, "")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    line = key_line(text, key)
    raise LibraryError(
        f"{what} {path}, linje {line}: '{key}' skal være tekst i anførselstegn.",
        path=path,
        line=line,
    )
