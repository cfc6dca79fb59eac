"""The paragraph picker (Ctrl+T) and F3 short names in the editor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot

from kkletter.gui.library.picker import ParagraphPicker
from kkletter.gui.library.shortnames import insert_markdown, short_name_at_cursor
from kkletter.library.paragraphs import Paragraph

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _paragraphs(count: int = 1000) -> list[Paragraph]:
    items = [
        Paragraph(f"p{n}", f"Tekst nummer {n}", f"Brødtekst {n} om bolig og støtte.\n", "Brev")
        for n in range(count)
    ]
    items.append(
        Paragraph(
            "klage",
            "Klagevejledning",
            "## Klagevejledning\n\nDu kan klage.\n",
            "Afgørelse",
            ("Ankestyrelsen",),
            short="klagesel",
        )
    )
    return items


def test_typing_filters_and_enter_chooses(qtbot: QtBot) -> None:
    picker = ParagraphPicker(_paragraphs(20))
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    assert picker.model.rowCount() == 21
    qtbot.keyClicks(picker.filter, "ankestyr")  # type: ignore[no-untyped-call]
    assert picker.model.rowCount() == 1
    assert "Klagevejledning" in picker.preview.toPlainText()
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert picker.result() == ParagraphPicker.DialogCode.Accepted
    chosen = picker.chosen()
    assert chosen is not None
    assert chosen.id == "klage"


def test_arrow_keys_in_the_search_field_move_the_choice(qtbot: QtBot) -> None:
    picker = ParagraphPicker(_paragraphs(3))
    qtbot.addWidget(picker)
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)  # type: ignore[no-untyped-call]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)  # type: ignore[no-untyped-call]
    chosen = picker.chosen()
    assert chosen is not None
    assert chosen.id == "p2"


def test_nothing_found_disables_insert(qtbot: QtBot) -> None:
    picker = ParagraphPicker(_paragraphs(3))
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.filter, "findes ikke")  # type: ignore[no-untyped-call]
    assert picker.model.rowCount() == 0
    assert not picker.insert_button.isEnabled()
    assert picker.count.text() == "0 af 4 standardtekster"


def test_f3_finds_the_short_name_before_the_cursor_and_inserts_its_text(qtbot: QtBot) -> None:
    editor = QTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("Med venlig hilsen\n\nklagesel")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    paragraph = short_name_at_cursor(editor, _paragraphs(3))
    assert paragraph is not None
    insert_markdown(editor, paragraph.body, replace_word="klagesel")
    text = editor.toPlainText()
    assert "klagesel" not in text
    assert text.startswith("Med venlig hilsen\n\nKlagevejledning\nDu kan klage.")
    assert "Klagevejledning" in text
    assert "Du kan klage." in text


def test_an_unknown_word_before_the_cursor_is_no_short_name(qtbot: QtBot) -> None:
    editor = QTextEdit()
    qtbot.addWidget(editor)
    editor.setPlainText("Vi ses")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    assert short_name_at_cursor(editor, _paragraphs(3)) is None


def test_narrowing_and_widening_the_query_shows_what_a_fresh_filter_shows(qtbot: QtBot) -> None:
    from kkletter.library.paragraphs import filter_paragraphs

    items = _paragraphs(30)
    picker = ParagraphPicker(items)
    qtbot.addWidget(picker)
    for query in ("b", "bo", "bolig 1", "bolig 12", "bolig 1", "klage", "", "Tekst nummer 2"):
        picker.filter.setText(query)
        shown = [picker.model.paragraph(row) for row in range(picker.model.rowCount())]
        assert shown == filter_paragraphs(items, query), query
