"""The letter form fits its pane at the default window size: no field runs under the splitter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kkletter.compose import Catalogs
from kkletter.gui.main_window import MainWindow

SEED = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "002-hoeringssvar-task-force.toml"
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
FIELD_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QDateEdit, QAbstractButton)


def cut_off_fields(window: MainWindow) -> list[str]:
    """Return the form's visible fields whose right edge lies outside the left pane."""
    viewport = window.form_scroll.viewport()
    cut: list[str] = []
    for widget in window.form.findChildren(QWidget):
        if not isinstance(widget, FIELD_TYPES) or not widget.isVisibleTo(window.form):
            continue
        if isinstance(widget.parent(), (QComboBox, QDateEdit)):
            continue  # the line edit inside a combo box: the box itself is checked
        right = widget.mapTo(viewport, widget.rect().topRight()).x()
        if right >= viewport.width():
            name = widget.accessibleName() or widget.objectName() or type(widget).__name__
            cut.append(f"{name}: {right} >= {viewport.width()}")
    return cut


def test_the_hoeringssvar_form_fits_the_left_pane_at_the_default_size(
    make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window()
    assert window.open_path(SEED)
    window.show()
    qtbot.waitExposed(window)
    assert window.size().width() == 1400  # the default size (no saved geometry)
    qtbot.waitUntil(lambda: window.form.width() <= window.form_scroll.viewport().width())
    assert cut_off_fields(window) == []


@pytest.mark.parametrize("template", sorted(Catalogs.shipped().templates))
def test_every_shipped_template_fits_even_with_the_pane_dragged_narrow(
    template: str, make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.new_letter(template, next(iter(Catalogs.shipped().profiles)))
    # Drag the splitter as far left as it goes: the pane stops at the form's minimum.
    window.splitter.setSizes([50, 900, 450])
    qtbot.waitUntil(lambda: window.form.width() <= window.form_scroll.viewport().width())
    assert cut_off_fields(window) == []
