"""Sender profiles: the letterhead and contact column of a unit, kept as TOML."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path

from kkletter._data import data_dir
from kkletter.errors import ProfileError
from kkletter.model import Profile

_TEXT_KEYS = (
    "organisation",
    "unit",
    "subunit",
    "contact_heading",
    "phone",
    "direct_phone",
    "fax",
    "email",
    "web",
    "ean",
)


def profiles_dir() -> Path:
    """Return the folder of the profiles shipped with kkletter."""
    return data_dir("resources") / "profiles"


def load_profiles(folder: Path | None = None) -> dict[str, Profile]:
    """Return the profiles in `folder` (default: the shipped ones), by id."""
    root = folder or profiles_dir()
    return {path.stem: load_profile(path) for path in sorted(root.glob("*.toml"))}


def load_profile(path: Path) -> Profile:
    """Read one profile file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"Afsenderprofilen {path} kan ikke læses: {exc.strerror}.") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"Afsenderprofilen {path} er ikke gyldig TOML: {exc}.") from exc
    address = raw.get("address", [])
    if not isinstance(address, list) or not all(isinstance(a, str) for a in address):
        raise ProfileError(f"Afsenderprofilen {path}: 'address' skal være en liste af linjer.")
    values = {key: str(raw[key]) for key in _TEXT_KEYS if key in raw}
    return Profile(
        id=path.stem,
        name=str(raw.get("name", path.stem)),
        address=tuple(address),
        requires_approval=bool(raw.get("requires_approval", False)),
        **values,
    )


def get_profile(profile_id: str, profiles: Mapping[str, Profile]) -> Profile:
    """Return `profile_id` from `profiles` or explain which ids exist."""
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(sorted(profiles)) or "(ingen)"
        raise ProfileError(
            f"Ukendt afsenderprofil '{profile_id}'. Gyldige profiler: {known}."
        ) from None
