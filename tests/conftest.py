"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# GUI tests run offscreen; set before any test module imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kkletter.compose import Catalogs

ROOT = Path(__file__).resolve().parent.parent
SEED_DRAFTS = ROOT / "seeds" / "drafts"


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    """Return the shipped templates and profiles."""
    return Catalogs.shipped()


@pytest.fixture(scope="session")
def seed_drafts() -> list[Path]:
    """Return the seed draft files."""
    return sorted(SEED_DRAFTS.glob("*.toml"))
