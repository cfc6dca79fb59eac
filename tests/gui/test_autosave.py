"""The autosave files: written atomically, read back, and where the letter came from."""

from __future__ import annotations

from pathlib import Path

from kkletter.gui.autosave import Autosave
from kkletter.model import Letter


def test_an_autosaved_letter_reads_back_with_its_draft_path(tmp_path: Path) -> None:
    autosave = Autosave(tmp_path / "autosave")
    letter = Letter(template="brev", profile="sof-borgmester", subject="Ikke gemt", body="Tekst\n")
    assert not autosave.exists()
    autosave.write(letter, tmp_path / "brev.toml")
    assert autosave.exists()
    assert autosave.read() == letter
    assert autosave.original() == tmp_path / "brev.toml"
    assert " kl. " in autosave.saved_at()
    autosave.remove()
    assert not autosave.exists()
    assert not list((tmp_path / "autosave").glob("*.json"))


def test_broken_metadata_still_offers_the_letter(tmp_path: Path) -> None:
    autosave = Autosave(tmp_path)
    autosave.write(Letter(template="brev", profile="p"), None)
    (meta,) = tmp_path.glob("autosave-*.json")
    meta.write_text("[1, 2", encoding="utf-8")
    assert autosave.saved_at() == "før"
    assert autosave.original() is None
    assert autosave.read().template == "brev"
