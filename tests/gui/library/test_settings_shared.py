"""Rediger → Indstillinger → Fælles bibliotek: the setting the CLI reads too."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.gui.dialogs import SettingsDialog
from kkletter.gui.settings import Preferences
from kkletter.library import LibraryLocations


def test_the_shared_folder_is_stored_where_the_cli_reads_it(
    qtbot: QtBot, settings_store: QSettings, tmp_path: Path
) -> None:
    dialog = SettingsDialog(Preferences(settings_store), Catalogs.shipped())
    qtbot.addWidget(dialog)
    assert dialog.shared_folder.text() == ""
    dialog.shared_folder.setText(str(tmp_path / "faelles"))
    dialog.store()
    assert LibraryLocations.default().shared == tmp_path / "faelles"
    again = SettingsDialog(Preferences(settings_store), Catalogs.shipped())
    qtbot.addWidget(again)
    assert again.shared_folder.text() == str(tmp_path / "faelles")
    again.shared_folder.setText("")
    again.store()
    assert LibraryLocations.default().shared is None


def test_a_folder_set_by_it_cannot_be_changed_here(
    qtbot: QtBot, settings_store: QSettings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KKLETTER_SHARED", str(tmp_path / "it"))
    dialog = SettingsDialog(Preferences(settings_store), Catalogs.shipped())
    qtbot.addWidget(dialog)
    assert not dialog.shared_folder.isEnabled()
    assert "KKLETTER_SHARED" in dialog.shared_note.text()
    assert dialog.shared_folder.text() == str(tmp_path / "it")
