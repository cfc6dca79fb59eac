"""Where the library's three layers live: personal, shared (through a cache), built-in."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import tomli_w

from kkletter._data import data_dir
from kkletter.library.atomic import write_text_atomic
from kkletter.library.deadline import SHARE_TIMEOUT
from kkletter.readfile import MAX_LIBRARY_FILE_BYTES, read_regular_file

LayerName = Literal["personal", "shared", "builtin"]
Kind = Literal["profiles", "templates", "signers", "paragraphs", "images"]
KINDS: tuple[Kind, ...] = ("profiles", "templates", "signers", "paragraphs", "images")
ORIGIN_LABELS: dict[LayerName, str] = {
    "personal": "personlig",
    "shared": "fælles",
    "builtin": "indbygget",
}
SHARED_ENV = "KKLETTER_SHARED"
_APP = ("kkletter", "Københavns Kommune")
_SETTINGS_FILE = "indstillinger.toml"


@dataclass(frozen=True)
class Layer:
    """One layer of the library: where its items are read from and written to.

    `root` is read (for the shared layer: the local cache); `write_root` is where a
    manager saves (the shared folder itself), None when the layer is read-only now.
    """

    name: LayerName
    root: Path
    write_root: Path | None = None
    folders: dict[Kind, Path] = field(default_factory=dict)
    source: Path | None = None  # the folder users know, when `root` is a local copy of it

    @property
    def label(self) -> str:
        """Return the Danish name of the layer ("personlig", "fælles", "indbygget")."""
        return ORIGIN_LABELS[self.name]

    def folder(self, kind: Kind) -> Path:
        """Return the folder this layer reads items of `kind` from."""
        return self.folders.get(kind, self.root / kind)

    def shown(self, path: Path) -> Path:
        """Return `path` as users know it: in the shared folder rather than in the cache."""
        if self.source is None:
            return path
        try:
            return self.source / path.relative_to(self.root)
        except ValueError:
            return path

    @property
    def images(self) -> Path:
        """Return the folder image paths in this layer's items are relative to."""
        return self.root


def builtin_layer() -> Layer:
    """Return the layer shipped with kkletter (read-only)."""
    resources = data_dir("resources")
    return Layer(
        "builtin",
        resources,
        None,
        {
            "profiles": resources / "profiles",
            "templates": data_dir("templates"),
            "signers": resources / "signers",
            "paragraphs": resources / "paragraphs",
            "images": resources / "images",
        },
    )


@dataclass(frozen=True)
class LibraryLocations:
    """The folders of the personal layer, the shared folder and its local cache.

    `timeout`: seconds start-up waits for the shared folder before using the cache.
    """

    personal: Path
    shared: Path | None
    cache: Path
    timeout: float = SHARE_TIMEOUT

    @classmethod
    def default(cls) -> LibraryLocations:
        """Return the user's folders; the shared folder from `KKLETTER_SHARED` or the settings."""
        from platformdirs import user_cache_dir, user_data_dir

        personal = Path(user_data_dir(*_APP)) / "bibliotek"
        cache = Path(user_cache_dir(*_APP)) / "faelles-bibliotek"
        return cls(personal, shared_folder_setting(personal), cache)


def shared_folder_setting(personal: Path) -> Path | None:
    """Return the shared folder: `KKLETTER_SHARED` if set, else the personal settings file's."""
    env = os.environ.get(SHARED_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    try:
        data = read_regular_file(personal / _SETTINGS_FILE, MAX_LIBRARY_FILE_BYTES)
        raw = tomllib.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = raw.get("shared")
    return Path(value).expanduser() if isinstance(value, str) and value.strip() else None


def save_shared_folder_setting(personal: Path, shared: Path | None) -> None:
    """Remember `shared` as the office's shared folder (None: no shared library)."""
    raw = {"shared": str(shared) if shared else ""}
    write_text_atomic(personal / _SETTINGS_FILE, tomli_w.dumps(raw))
