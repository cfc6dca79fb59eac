"""The merge dialog: preview and mapping, merge in the background, summary, cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.gui import settings as keys
from kkletter.gui.main_window import MainWindow
from kkletter.gui.merge_dialog import MergeDialog
from kkletter.gui.settings import Preferences
from kkletter.merge import merge
from kkletter.model import CaseRef, Letter, Signer

CATALOGS = Catalogs.shipped()


def _letter() -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Høring – {{ afdeling }}",
        body="Tak for samarbejdet.\n",
        case=CaseRef(number="2026-0012345", document="2026-0012345-7"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def _csv(tmp_path: Path, rows: int) -> Path:
    lines = ["navn;adresse1;afdeling;telefon"]
    lines += [f"Forening {i};Gade {i};Social;3366" for i in range(rows)]
    path = tmp_path / "modtagere.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


def test_dialog_previews_first_rows_and_names_unused_columns(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = MergeDialog(_letter(), CATALOGS, data_path=_csv(tmp_path, 25), workers=1)
    qtbot.addWidget(dialog)
    assert dialog.preview.rowCount() == 10
    assert dialog.preview.columnCount() == 4
    first = dialog.preview.item(0, 0)
    assert first is not None
    assert first.text() == "Forening 0"
    assert "Ubrugte kolonner: 'telefon'" in dialog.mapping_label.text()
    assert dialog.out_edit.text().endswith("modtagere breve")
    assert dialog.merge_button.isEnabled()


def test_bad_data_file_shows_the_danish_message(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = MergeDialog(_letter(), CATALOGS, data_path=tmp_path / "mangler.csv")
    qtbot.addWidget(dialog)
    assert "findes ikke" in dialog.mapping_label.text()
    assert not dialog.merge_button.isEnabled()


def test_merge_runs_in_background_and_shows_summary(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "ud"
    dialog = MergeDialog(_letter(), CATALOGS, data_path=_csv(tmp_path, 6), out_dir=out, workers=1)
    qtbot.addWidget(dialog)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.summary is not None
    assert len(dialog.summary.written) == 6
    assert "6 breve skrevet, 0 ikke skrevet." in dialog.summary_view.toPlainText()
    assert len(list(out.glob("*.docx"))) == 6


def test_cancel_stops_after_the_letters_being_written(qtbot: QtBot, tmp_path: Path) -> None:
    out = tmp_path / "ud"

    def merge_in_small_chunks(*args: object, **kwargs: object) -> object:
        return merge(*args, chunk_size=2, **kwargs)  # type: ignore[arg-type]

    dialog = MergeDialog(
        _letter(),
        CATALOGS,
        data_path=_csv(tmp_path, 200),
        out_dir=out,
        workers=1,
        merge_function=merge_in_small_chunks,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: len(list(out.glob("*.docx"))) >= 2, timeout=30_000)
    dialog.cancel_merge()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert dialog.summary is not None
    assert dialog.summary.cancelled
    assert len(list(out.glob("*.docx"))) == len(dialog.summary.written) < 200
    assert "afbrudt" in dialog.summary_view.toPlainText()


def test_the_merge_makes_pdfs_with_the_engine_of_the_settings(qtbot: QtBot, tmp_path: Path) -> None:
    calls: list[object] = []

    def recording_merge(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("pdf_engine"))
        return merge(*args, **kwargs)  # type: ignore[arg-type]

    dialog = MergeDialog(
        _letter(),
        CATALOGS,
        data_path=_csv(tmp_path, 2),
        out_dir=tmp_path / "ud",
        workers=1,
        merge_function=recording_merge,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.pdf_box.setChecked(True)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert calls == ["typst"]  # the built-in engine by default: no LibreOffice needed
    assert len(list((tmp_path / "ud").glob("*.pdf"))) == 2


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_window_hands_the_pdf_setting_to_the_merge_dialog(
    qtbot: QtBot,
    tmp_path: Path,
    make_window: Callable[..., MainWindow],
    settings_store: QSettings,
) -> None:
    Preferences(settings_store).set(keys.PDF_ENGINE, "libreoffice")
    calls: list[object] = []

    def recording_merge(*args: object, **kwargs: object) -> object:
        calls.append(kwargs.get("pdf_engine"))
        return merge(*args, **kwargs)  # type: ignore[arg-type]

    def factory(letter: Letter, catalogs: Catalogs, parent: QWidget) -> MergeDialog:
        return MergeDialog(
            _letter(),
            catalogs,
            data_path=_csv(tmp_path, 1),
            out_dir=tmp_path / "ud",
            workers=1,
            merge_function=recording_merge,  # type: ignore[arg-type]
            parent=parent,
        )

    window = make_window(merge_dialog=factory)
    dialog = window.open_merge_dialog()
    assert isinstance(dialog, MergeDialog)
    dialog.merge_button.click()  # without PDFs: LibreOffice is not needed to see the choice
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert calls == ["libreoffice"]
