"""Autosave: the letter in a side file every few seconds, offered back after a crash."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from kkletter.drafts import dump_draft, parse_draft, write_atomic
from kkletter.model import Letter

AUTOSAVE_NAME = "autosave.toml"
AUTOSAVE_META = "autosave.json"


class Autosave:
    """The autosave files in `folder`: the draft and where it came from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def path(self) -> Path:
        """Return the file the autosave writes."""
        return self.folder / AUTOSAVE_NAME

    def exists(self) -> bool:
        """Return whether an autosave is left (the app was not closed normally)."""
        return self.path.is_file()

    def write(self, letter: Letter, original: Path | None) -> None:
        """Save `letter` (whose draft file is `original`); raise OSError or KKLetterError."""
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, dump_draft(letter).encode("utf-8"))
        meta = {
            "path": str(original) if original else "",
            "saved": dt.datetime.now().isoformat(timespec="seconds"),
        }
        write_atomic(self.folder / AUTOSAVE_META, json.dumps(meta).encode("utf-8"))

    def saved_at(self) -> str:
        """Return when the autosave was written, in words ("før" when unknown)."""
        saved = str(self._meta().get("saved", "")).replace("T", " kl. ")
        return saved or "før"

    def original(self) -> Path | None:
        """Return the draft file the autosaved letter belongs to, if any."""
        path = self._meta().get("path")
        return Path(path) if isinstance(path, str) and path else None

    def read(self) -> Letter:
        """Return the autosaved letter; raise OSError, UnicodeDecodeError or KKLetterError."""
        return parse_draft(self.path.read_text(encoding="utf-8"))

    def remove(self) -> None:
        """Delete the autosave files."""
        for name in (AUTOSAVE_NAME, AUTOSAVE_META):
            (self.folder / name).unlink(missing_ok=True)

    def _meta(self) -> dict[str, Any]:
        try:
            meta = json.loads((self.folder / AUTOSAVE_META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}
