"""A damaged autosave never stops the app; an export never overwrites the open draft."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kkletter.gui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.mark.parametrize(
    ("toml", "meta"),
    [
        (b"template = \n", b"{}"),
        (b"\xff\xfe\x00garbage", b"{}"),
        (b'template = "brev"\nprofile = "p"\n', b"\xff not json"),
        (b'template = "brev"\nprofile = "p"\ndate = "igaar"\n', b'{"saved": 5, "path": [1]}'),
        (b'template = "brev"\nprofile = "p"\n', b"[" * 100_000),
    ],
)
def test_a_damaged_autosave_never_stops_the_app(
    make_window: Callable[..., MainWindow],
    dialogs: FakeDialogs,
    tmp_path: Path,
    toml: bytes,
    meta: bytes,
) -> None:
    folder = tmp_path / "autosave"
    folder.mkdir(exist_ok=True)
    (folder / "autosave-1-abc.toml").write_bytes(toml)
    (folder / "autosave-1-abc.json").write_bytes(meta)
    window = make_window()
    window.offer_autosave_restore()
    remaining = sorted(p.name for p in folder.iterdir())
    errors = dialogs.errors
    if errors:  # unreadable letter: kept aside, the user is told where
        assert any(".defekt-" in name for name in remaining)
        assert "lagt til side" in errors[0]
        assert "codec" not in errors[0]  # no English technical text
    else:  # readable letter with broken metadata: offered as usual
        assert "restore" in dialogs.asked


def test_export_onto_the_open_draft_is_refused_and_the_draft_survives(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    seed = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "004-brev-dok.toml"
    draft = tmp_path / "brev.toml"
    draft.write_bytes(seed.read_bytes())
    window = make_window()
    assert window.open_path(draft)
    dialogs.export_to = draft  # the user picks the draft itself as the export file
    assert not window.export_docx()
    assert dialogs.errors
    assert "inddata" in dialogs.errors[0]
    assert draft.read_bytes() == seed.read_bytes()
