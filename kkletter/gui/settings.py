"""User preferences and window state over QSettings, each setting declared once.

Preferences (what the user chooses in the settings dialog, plus recent files) live
apart from window state (geometry, splitter layout), as in MusicBrainz Picard: a
reset of the layout never touches a preference.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "Københavns Kommune"
APPLICATION = "kkletter"
MAX_RECENT = 8

T = TypeVar("T", str, int, bool)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One preference: its QSettings key, type and default."""

    key: str
    type: type[T]
    default: T


DEFAULT_PROFILE = Setting("preferences/default_profile", str, "")
DEFAULT_SIGNER_NAME = Setting("preferences/default_signer_name", str, "")
DEFAULT_SIGNER_TITLE = Setting("preferences/default_signer_title", str, "")
OUTPUT_FOLDER = Setting("preferences/output_folder", str, "")
AUTOSAVE_SECONDS = Setting("preferences/autosave_seconds", int, 30)
# "typst" (the built-in PDF/A + PDF/UA renderer) or "libreoffice" (converts the DOCX).
PDF_ENGINE = Setting("preferences/pdf_engine", str, "typst")
LAST_EXPORT_FOLDER = Setting("state/last_export_folder", str, "")
LAST_DRAFT_FOLDER = Setting("state/last_draft_folder", str, "")

_RECENT_KEY = "state/recent_files"


def open_settings(path: Path | None = None) -> QSettings:
    """Return the app's QSettings, or an INI file at `path` (tests use a temporary one)."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


class Preferences:
    """Typed access to the declared settings in a QSettings store."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    def get(self, setting: Setting[T]) -> T:
        """Return the value of `setting`, its default when unset or unreadable."""
        raw: Any = self._store.value(setting.key, setting.default)
        try:
            if setting.type is bool and isinstance(raw, str):
                return setting.type(raw.lower() in ("true", "1"))
            return setting.type(raw)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        """Store `value` for `setting`."""
        self._store.setValue(setting.key, setting.type(value))

    def recent_files(self) -> list[Path]:
        """Return the recently used draft files, newest first."""
        raw: Any = self._store.value(_RECENT_KEY, [])
        if isinstance(raw, str):
            raw = [raw] if raw else []
        return [Path(str(item)) for item in raw or []][:MAX_RECENT]

    def add_recent_file(self, path: Path) -> None:
        """Put `path` first in the recent files."""
        files = [p for p in self.recent_files() if p != path]
        self._store.setValue(_RECENT_KEY, [str(p) for p in [path, *files][:MAX_RECENT]])

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._store.sync()


class WindowState:
    """Geometry and layout of the main window, kept apart from preferences."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    def load(self, name: str) -> QByteArray | None:
        """Return the saved state `name` ("geometry", "splitter", ...) or None."""
        value: Any = self._store.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save(self, name: str, value: QByteArray) -> None:
        """Remember state `name`."""
        self._store.setValue(f"window/{name}", value)
