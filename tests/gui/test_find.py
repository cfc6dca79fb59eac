"""Søg og erstat: body and form fields, whole words, case, Erstat alle as one undo step."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from kkletter.gui.find import Options, find_spans
from kkletter.gui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CTRL = Qt.KeyboardModifier.ControlModifier
BODY = "Boligen er god.\n\nVi har set boligen og BOLIGEN igen; boligerne er nye.\n"


def shown(window: MainWindow, qtbot: QtBot) -> MainWindow:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def test_whole_word_and_match_case_narrow_the_matches() -> None:
    text = "Boligen, boligen, BOLIGEN og boligerne"
    assert len(find_spans(text, Options("boligen"))) == 3
    assert len(find_spans(text, Options("bolig"))) == 4
    assert len(find_spans(text, Options("bolig", whole_word=True))) == 0
    assert find_spans(text, Options("boligen", whole_word=True, match_case=True)) == [(9, 16)]


@given(st.text(max_size=60), st.text(min_size=1, max_size=5), st.booleans(), st.booleans())
def test_every_span_is_the_search_text_and_spans_do_not_overlap(
    text: str, needle: str, whole: bool, case: bool
) -> None:
    previous = 0
    for start, end in find_spans(text, Options(needle, whole, case)):
        assert start >= previous
        previous = end
        assert re.fullmatch(re.escape(needle), text[start:end], 0 if case else re.IGNORECASE)
        if whole:
            assert start == 0 or not text[start - 1].isalnum() or not needle[0].isalnum()


def test_ctrl_b_opens_search_and_enter_walks_through_fields_and_body(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.form.subject.setText("Om boligen")
    window.editor.set_markdown(BODY)
    window.editor.setFocus()
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(window.editor, Qt.Key.Key_B, CTRL)  # type: ignore[no-untyped-call]
    bar = window.find_bar
    assert bar.isVisible()
    assert bar.find_text.hasFocus()
    assert not bar.replace_row.isVisible()
    bar.whole_word.setChecked(True)
    qtbot.keyClicks(bar.find_text, "boligen")  # type: ignore[no-untyped-call]
    # From the body's cursor (its start): the body's three, then round to the subject.
    qtbot.keyClick(bar.find_text, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert window.editor.textCursor().selectedText() == "Boligen"
    assert bar.find_text.hasFocus()  # Enter again finds the next
    assert bar.status.text() == "4 fundet"
    qtbot.keyClick(bar.find_text, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    qtbot.keyClick(bar.find_text, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert window.editor.textCursor().selectedText() == "BOLIGEN"
    qtbot.keyClick(bar.find_text, Qt.Key.Key_F3)  # type: ignore[no-untyped-call]
    assert window.form.subject.hasFocus()
    assert window.form.subject.selectedText() == "boligen"
    bar.find_previous()
    assert window.editor.textCursor().selectedText() == "BOLIGEN"


def test_erstat_replaces_the_current_match_and_moves_on(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.editor.set_markdown(BODY)
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_H, CTRL)  # type: ignore[no-untyped-call]
    bar = window.find_bar
    assert bar.replace_row.isVisible()
    bar.find_text.setText("boligen")
    bar.match_case.setChecked(True)
    bar.replace_text.setText("lejligheden")
    assert bar.find_next()
    assert window.editor.textCursor().selectedText() == "boligen"
    bar.replace()  # no lower-case "boligen" is left to move on to
    assert "Vi har set lejligheden og BOLIGEN igen" in window.editor.markdown()
    assert bar.status.text() == "Ikke fundet"


def test_erstat_alle_covers_body_and_fields_in_one_undo_step(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.form.subject.setText("Om boligen")
    window.form.subject.textEdited.emit("Om boligen")
    window.editor.set_markdown(BODY)
    window.refresh()
    bar = window.find_bar
    bar.open_find(replace=True)
    bar.find_text.setText("boligen")
    bar.whole_word.setChecked(True)
    bar.replace_text.setText("lejligheden")
    assert bar.replace_all() == 4
    assert window.current_letter().subject == "Om lejligheden"
    assert "boligen" not in window.editor.markdown().lower().replace("boligerne", "")
    assert "boligerne" in window.editor.markdown()
    qtbot.waitUntil(lambda: "Om lejligheden" in window.preview.plain_text(), timeout=2000)
    window.act.undo.trigger()
    assert window.editor.markdown() == BODY
    assert window.form.subject.text() == "Om boligen"
    window.act.redo.trigger()
    assert window.form.subject.text() == "Om lejligheden"


def test_erstat_alle_in_fields_only_still_undoes_in_one_step(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    window.form.subject.setText("Svar til XQ")
    window.editor.set_markdown("Intet at erstatte.\n")
    bar = window.find_bar
    bar.find_text.setText("XQ")
    bar.replace_text.setText("DOK")
    assert bar.replace_all() == 1
    assert window.form.subject.text() == "Svar til DOK"
    window.editor.undo()
    assert window.form.subject.text() == "Svar til XQ"
    assert window.editor.markdown() == "Intet at erstatte.\n"


def test_f3_is_free_while_the_bar_is_closed(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = shown(make_window(), qtbot)
    assert not window.act.find_next.isEnabled()
    window.act.find.trigger()
    assert window.act.find_next.isEnabled()
    qtbot.keyClick(window.find_bar.find_text, Qt.Key.Key_Escape)  # type: ignore[no-untyped-call]
    assert not window.find_bar.isVisible()
    assert not window.act.find_next.isEnabled()
    assert window.editor.hasFocus()
