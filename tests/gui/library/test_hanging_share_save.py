"""Saving to a shared folder that hangs does not freeze a manager: a Danish message instead.

The hung SMB/NFS write is stood in for by a real blocking system call (opening a FIFO that
has no writer) at the place the manager writes to the share.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kkletter.gui.library.paragraphs_manager import ParagraphsManager
from kkletter.gui.library.state import LibraryState
from kkletter.library import Layer, LibraryLocations, load_library

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def yes(_parent: QWidget, _question: str) -> bool:
    return True


class HangingShareManager(ParagraphsManager):
    """The paragraphs manager, writing to a share whose server stopped answering."""

    fifo: Path

    def save_value(self, layer: Layer, item_id: str, value: Any) -> Path:
        self.fifo.read_bytes()  # blocks: nobody has the FIFO open for writing
        return super().save_value(layer, item_id, value)


def test_saving_to_a_hanging_share_shows_a_danish_message_instead_of_freezing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    (tmp_path / "shared").mkdir()
    locations = LibraryLocations(tmp_path / "personal", tmp_path / "shared", tmp_path / "cache")
    state = LibraryState(load_library(locations), locations)
    fifo = tmp_path / "hung-mount"
    os.mkfifo(fifo)
    HangingShareManager.fifo = fifo
    manager = HangingShareManager(state, confirm=yes)
    qtbot.addWidget(manager)
    manager.share_timeout = 0.5
    manager.new_item()
    manager.paragraph_title.setText("Kvittering")
    manager.category.setText("Brev")
    manager.body.setPlainText("Tak for din henvendelse.")
    try:
        start = time.monotonic()
        assert not manager.save()
        assert time.monotonic() - start < 0.5 + 1.0
        text = manager.message.text()
        assert text.startswith("Ikke gemt: Det fælles bibliotek")
        assert "svarer ikke (ventede 0.5 s). Tjek netværket, og prøv igen." in text
        assert "kvittering" not in state.library.paragraphs
    finally:  # the server answers again: let the blocked worker finish
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        for thread in threading.enumerate():
            if thread.name == "kkletter-share-save":
                thread.join(5)
