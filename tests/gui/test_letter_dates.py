"""Every seed draft survives open -> save in the window; dates from 1900 to 2100 and none."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kkletter.drafts import load_draft, save_draft
from kkletter.gui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds" / "drafts").glob("*.toml"))

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_all_five_seed_drafts_are_covered() -> None:
    assert [p.name[:3] for p in SEEDS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem for p in SEEDS])
def test_a_seed_opened_and_saved_in_the_window_is_the_same_letter(
    seed: Path, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    assert window.open_path(seed)
    dialogs.save_path = tmp_path / seed.name
    assert window.save_as()
    assert dialogs.errors == []
    assert load_draft(tmp_path / seed.name) == load_draft(seed)


def test_seed_002_shows_its_2007_date_and_the_old_stamp(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    assert window.open_path(SEEDS[2])
    form = window.form
    assert form.date() == dt.date(2007, 1, 12)
    assert form.date_edit.text() == "12. januar 2007"
    assert form.date_edit.isEnabled()
    assert not form.no_date.isChecked()
    assert form.date_print.text() == "Trykkes som: 12 JAN. 2007"


def test_the_undated_seed_000_has_ingen_dato_ticked(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    assert window.open_path(SEEDS[0])
    assert load_draft(SEEDS[0]).date is None
    assert window.form.no_date.isChecked()
    assert not window.form.date_edit.isEnabled()
    assert window.form.date_print.text() == "Brevet får ingen dato."
    assert window.current_letter().date is None


@pytest.mark.parametrize(
    "day",
    [dt.date(1900, 1, 1), dt.date(1999, 12, 31), dt.date(2000, 1, 1), dt.date(2100, 12, 31)],
)
def test_dates_from_1900_to_2100_survive_the_window(
    day: dt.date, tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    draft = tmp_path / "brev.toml"
    save_draft(dataclasses.replace(load_draft(SEEDS[4]), date=day), draft)
    window = make_window()
    assert window.open_path(draft)
    assert (window.form.date_edit.date().year(), window.form.date_edit.date().month()) == (
        day.year,
        day.month,
    )
    dialogs.save_path = tmp_path / "gemt.toml"
    assert window.save_as()
    assert load_draft(dialogs.save_path).date == day


def test_a_date_outside_the_picker_range_is_kept_until_another_is_picked(
    tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    draft = tmp_path / "gammelt.toml"
    save_draft(dataclasses.replace(load_draft(SEEDS[4]), date=dt.date(1850, 6, 1)), draft)
    window = make_window()
    assert window.open_path(draft)
    assert window.current_letter().date == dt.date(1850, 6, 1)
    window.form.today_button.click()
    assert window.current_letter().date == dt.date(2026, 3, 4)


def test_ticking_ingen_dato_removes_the_date_and_unticking_brings_one_back(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    assert window.open_path(SEEDS[2])
    window.form.no_date.click()
    assert window.current_letter().date is None
    assert not window.form.date_edit.isEnabled()
    assert window.form.date_print.text() == "Brevet får ingen dato."
    assert window.isWindowModified()
    window.form.no_date.click()
    assert window.current_letter().date == dt.date(2007, 1, 12)
    assert window.form.date_print.text() == "Trykkes som: 12 JAN. 2007"


def test_i_dag_dates_an_undated_letter(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert window.open_path(SEEDS[0])
    window.form.today_button.click()
    assert not window.form.no_date.isChecked()
    assert window.form.date_edit.isEnabled()
    assert window.current_letter().date == dt.date(2026, 3, 4)


def test_picking_a_date_in_the_picker_changes_the_letter(
    make_window: Callable[..., MainWindow],
) -> None:
    from PySide6.QtCore import QDate

    window = make_window()
    window.form.date_edit.setDate(QDate(1987, 10, 19))
    assert window.current_letter().date == dt.date(1987, 10, 19)
    assert window.isWindowModified()
