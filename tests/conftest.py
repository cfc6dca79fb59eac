"""Fixtures shared by the whole suite."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import pytest

# GUI tests run offscreen; set before any test module imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kkletter.compose import Catalogs

ROOT = Path(__file__).resolve().parent.parent
SEED_DRAFTS = ROOT / "seeds" / "drafts"


StripLines = Callable[[object], object]


def _strip_lines(value: object) -> object:
    """Return `value` with every `line` attribute set to None, recursively."""
    if isinstance(value, tuple):
        return tuple(_strip_lines(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _strip_lines(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if "line" in changes:
            changes["line"] = None
        return dataclasses.replace(value, **changes)
    return value


@pytest.fixture(scope="session")
def strip_lines() -> StripLines:
    """Return a function that drops source line numbers from blocks (compare content only)."""
    return _strip_lines


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    """Return the shipped templates and profiles."""
    return Catalogs.shipped()


@pytest.fixture(scope="session")
def seed_drafts() -> list[Path]:
    """Return the seed draft files."""
    return sorted(SEED_DRAFTS.glob("*.toml"))


@pytest.fixture(autouse=True)
def _isolated_user_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the user's own library, register and any shared folder."""
    home = tmp_path_factory.mktemp("user-home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("KKLETTER_SHARED", raising=False)
    monkeypatch.delenv("KKLETTER_DATABASE_URL", raising=False)
    monkeypatch.delenv("KKLETTER_NO_REGISTER", raising=False)
