"""Sender profiles: the letterhead and contact column of a unit, kept as TOML."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from kkletter._data import data_dir
from kkletter.errors import LibraryError, ProfileError
from kkletter.model import LOGO_PLACES, Logo, Profile
from kkletter.tomlsource import key_line, read_toml, text_value

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
_WHAT = "Afsenderprofilen"
IMAGE_SUFFIXES = (".png", ".svg")


def profiles_dir() -> Path:
    """Return the folder of the profiles shipped with kkletter."""
    return data_dir("resources") / "profiles"


def load_profiles(folder: Path | None = None) -> dict[str, Profile]:
    """Return the profiles in `folder` (default: the shipped ones), by id."""
    root = folder or profiles_dir()
    return {path.stem: load_profile(path) for path in sorted(root.glob("*.toml"))}


def load_profile(path: Path, *, images: Path | None = None) -> Profile:
    """Read one profile file; a logo path is relative to `images` (default: the file's folder).

    Raises `ProfileError` whose message names the file and the line.
    """
    try:
        raw, text = read_toml(path, _WHAT)
        return _profile(raw, text, path, images or path.parent)
    except LibraryError as exc:
        raise ProfileError(exc.message, path=path, line=exc.line) from exc


def _profile(raw: dict[str, Any], text: str, path: Path, images: Path) -> Profile:
    address = raw.get("address", [])
    if not isinstance(address, list) or not all(isinstance(a, str) for a in address):
        line = key_line(text, "address")
        raise ProfileError(
            f"{_WHAT} {path}, linje {line}: 'address' skal være en liste af linjer, "
            'fx ["Rådhuset", "1599 København V"].',
            path=path,
            line=line,
        )
    values = {key: text_value(raw, key, text, path, _WHAT) for key in _TEXT_KEYS if key in raw}
    requires_approval = raw.get("requires_approval", False)
    if not isinstance(requires_approval, bool):
        line = key_line(text, "requires_approval")
        raise ProfileError(
            f"{_WHAT} {path}, linje {line}: 'requires_approval' skal være true eller false "
            "(uden anførselstegn).",
            path=path,
            line=line,
        )
    return Profile(
        id=path.stem,
        name=text_value(raw, "name", text, path, _WHAT) or path.stem,
        address=tuple(address),
        logo=_logo(raw.get("logo"), text, path, images),
        requires_approval=requires_approval,
        **values,
    )


def _logo(raw: object, text: str, path: Path, images: Path) -> Logo | None:
    if raw is None:
        return None
    line = _table_line(text) or key_line(text, "logo")

    def fail(reason: str) -> ProfileError:
        return ProfileError(f"{_WHAT} {path}, linje {line}: {reason}", path=path, line=line)

    if not isinstance(raw, dict):
        raise fail("[logo] skal være en tabel med path, alt, width_mm og place.")
    image = raw.get("path")
    alt = raw.get("alt")
    if not isinstance(image, str) or not image.strip():
        raise fail("[logo] mangler 'path' (billedfilen, PNG eller SVG).")
    if not isinstance(alt, str) or not alt.strip():
        raise fail("[logo] mangler 'alt' (alternativ tekst, fx \"Københavns Kommunes logo\").")
    if Path(image).suffix.lower() not in IMAGE_SUFFIXES:
        raise fail(f"logoet '{image}' skal være en PNG- eller SVG-fil.")
    width = raw.get("width_mm", 30)
    if isinstance(width, bool) or not isinstance(width, int | float) or not 5 <= width <= 120:
        raise fail("'width_mm' skal være logoets bredde i mm, et tal mellem 5 og 120.")
    place = raw.get("place", "left")
    if place not in LOGO_PLACES:
        raise fail(f"'place' skal være en af: {', '.join(LOGO_PLACES)}.")
    resolved = (images / image).resolve()
    return Logo(path=resolved, alt=alt.strip(), width_mm=float(width), place=place)


def _table_line(text: str) -> int:
    match = re.search(r"^\s*\[logo\]", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def ean_problem(ean: str) -> str | None:
    """Return why `ean` is not a valid EAN-13 (Danish), or None when it is valid or empty."""
    from kkletter.checks.contact import gs1_check_digit

    digits = ean.replace(" ", "").strip()
    if not digits:
        return None
    if not re.fullmatch(r"\d{13}", digits):
        return f"EAN-nummeret {ean.strip()} skal have 13 cifre."
    expected = gs1_check_digit(digits[:12])
    if int(digits[12]) != expected:
        return (
            f"EAN-nummeret {ean.strip()} har forkert kontrolciffer "
            f"(det sidste ciffer skulle være {expected})."
        )
    return None


def profile_to_toml(profile: Profile, images: Path) -> str:
    """Return `profile` as profile TOML; a logo path is written relative to `images`."""
    defaults = Profile(id=profile.id, name=profile.name)
    raw: dict[str, Any] = {"name": profile.name}
    for key in _TEXT_KEYS:
        value = getattr(profile, key)
        if value != getattr(defaults, key) or key == "organisation":
            raw[key] = value
    raw["address"] = list(profile.address)
    if profile.requires_approval:
        raw["requires_approval"] = True
    if profile.logo is not None:
        logo = profile.logo
        try:
            image = logo.path.resolve().relative_to(images.resolve()).as_posix()
        except ValueError:
            image = str(logo.path)
        raw["logo"] = {
            "path": image,
            "alt": logo.alt,
            "width_mm": logo.width_mm,
            "place": logo.place,
        }
    return "# Sender profile; keys: see docs/library.md.\n" + tomli_w.dumps(raw)


def get_profile(profile_id: str, profiles: Mapping[str, Profile]) -> Profile:
    """Return `profile_id` from `profiles` or explain which ids exist."""
    try:
        return profiles[profile_id]
    except KeyError:
        known = ", ".join(sorted(profiles)) or "(ingen)"
        raise ProfileError(
            f"Ukendt afsenderprofil '{profile_id}'. Gyldige profiler: {known}."
        ) from None
