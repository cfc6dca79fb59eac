"""Settings: declared once with type and default; window state kept apart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from kkletter.gui import settings as keys
from kkletter.gui.main_window import MainWindow
from kkletter.gui.settings import Preferences, open_settings


def test_unset_settings_give_their_declared_defaults(settings_store: QSettings) -> None:
    preferences = Preferences(settings_store)
    assert preferences.get(keys.AUTOSAVE_SECONDS) == 30
    assert preferences.get(keys.DEFAULT_PROFILE) == ""
    assert preferences.recent_files() == []


def test_settings_survive_a_new_store_and_keep_their_type(tmp_path: Path) -> None:
    first = Preferences(open_settings(tmp_path / "s.ini"))
    first.set(keys.AUTOSAVE_SECONDS, 45)
    first.add_recent_file(tmp_path / "a.toml")
    first.add_recent_file(tmp_path / "b.toml")
    first.add_recent_file(tmp_path / "a.toml")
    first.sync()
    second = Preferences(open_settings(tmp_path / "s.ini"))
    assert second.get(keys.AUTOSAVE_SECONDS) == 45
    assert second.recent_files() == [tmp_path / "a.toml", tmp_path / "b.toml"]


def test_a_garbled_value_falls_back_to_the_default(settings_store: QSettings) -> None:
    settings_store.setValue(keys.AUTOSAVE_SECONDS.key, "ofte")
    assert Preferences(settings_store).get(keys.AUTOSAVE_SECONDS) == 30


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_splitter_layout_is_remembered_between_runs(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    window.splitter.setSizes([300, 500, 600])
    saved = window.splitter.sizes()
    assert saved[0] > 0
    window.close()
    again = make_window()
    assert again.splitter.sizes() == saved
