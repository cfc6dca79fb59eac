"""The checks panel and the form name fields from the one table in `kkletter.fields`."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from kkletter.checks.findings import Finding
from kkletter.fields import BY_NAME
from kkletter.gui.checks_panel import ChecksPanel
from kkletter.gui.main_window import MainWindow


def test_a_finding_in_closing_is_placed_under_its_danish_label(qtbot: QtBot) -> None:
    panel = ChecksPanel()
    qtbot.addWidget(panel)
    panel.set_field_labels({"statusskemaer": "Statusskemaer"})
    panel.set_findings(
        [
            Finding("X", "warning", "closing", 1, 1, 1, "Hilsenen mangler komma."),
            Finding("Y", "error", "fields.statusskemaer.0.rows.1.0", 1, 1, 1, "CPR-nummer."),
        ]
    )
    places = sorted(item.text(1) for item in panel.items())
    assert places == ["Hilsen", "Statusskemaer"]


def test_every_form_widget_is_a_field_of_the_table(make_window: Callable[..., MainWindow]) -> None:
    window = make_window()
    assert set(window.form.text_widgets) <= set(BY_NAME)
    for name, widget in window.form.text_widgets.items():
        assert widget.accessibleName() == BY_NAME[name].label
        assert window.form.focus_field(name) or widget.isHidden()
