"""Fixtures for the library tests: a personal folder, a shared folder and its cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkletter.library import LibraryLocations


@pytest.fixture
def locations(tmp_path: Path) -> LibraryLocations:
    """Return empty personal and shared folders and a cache, all under `tmp_path`."""
    (tmp_path / "personal").mkdir()
    (tmp_path / "shared").mkdir()
    return LibraryLocations(tmp_path / "personal", tmp_path / "shared", tmp_path / "cache")
