"""The merge dialog continues an interrupted merge without writing a letter twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.gui.merge_dialog import MergeDialog
from kkletter.merge import merge
from kkletter.model import CaseRef, Letter, Signer

CATALOGS = Catalogs.shipped()


def _letter() -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Høring",
        body="Tak for samarbejdet.\n",
        case=CaseRef(number="2026-0012345", document="2026-0012345-7"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def test_a_cancelled_merge_is_refused_again_then_resumed(qtbot: QtBot, tmp_path: Path) -> None:
    rows = 60
    data = tmp_path / "modtagere.csv"
    data.write_text(
        "navn;adresse1\n" + "".join(f"Forening {i};Gade {i}\n" for i in range(rows)),
        encoding="utf-8",
    )
    out = tmp_path / "ud"

    def merge_in_small_chunks(*args: object, **kwargs: object) -> object:
        return merge(*args, chunk_size=2, **kwargs)  # type: ignore[arg-type]

    dialog = MergeDialog(
        _letter(),
        CATALOGS,
        data_path=data,
        out_dir=out,
        workers=1,
        merge_function=merge_in_small_chunks,  # type: ignore[arg-type]
    )
    qtbot.addWidget(dialog)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: len(list(out.glob("*.docx"))) >= 2, timeout=30_000)
    dialog.cancel_merge()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    first = len(list(out.glob("*.docx")))
    assert first < rows

    dialog.merge_button.click()  # the same folder again, without "Fortsæt"
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=30_000)
    assert "Fortsæt en afbrudt fletning" in dialog.summary_view.toPlainText()
    assert len(list(out.glob("*.docx"))) == first

    dialog.resume_box.setChecked(True)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=60_000)
    assert dialog.summary is not None
    assert len(dialog.summary.written) == rows
    names = sorted(p.name for p in out.glob("*.docx"))
    assert len(names) == rows
    assert not [n for n in names if "(2)" in n]
