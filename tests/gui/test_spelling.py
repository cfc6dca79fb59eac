"""Spelling as you type: wavy underline in the editor and the fields, Danish suggestions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor
from pytestqt.qtbot import QtBot

from kkletter.gui.main_window import MainWindow
from kkletter.gui.spelling import LineEditSpelling, spelling_menu
from kkletter.spelling import Speller

SEED = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "004-brev-dok.toml"
WAVE = QTextCharFormat.UnderlineStyle.SpellCheckUnderline

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def underlined_words(window: MainWindow) -> list[str]:
    """Return the words the editor shows with a spelling underline."""
    words: list[str] = []
    block = window.editor.document().begin()
    while block.isValid():
        layout = block.layout()
        for fmt in layout.formats() if layout is not None else []:
            if fmt.format.underlineStyle() == WAVE:
                words.append(block.text()[fmt.start : fmt.start + fmt.length])
        block = block.next()
    return words


def ready_window(make_window: Callable[..., MainWindow], qtbot: QtBot) -> MainWindow:
    window = make_window()
    window.show()  # text is laid out, so points in it mean something
    qtbot.waitExposed(window)
    assert window.spelling.wait_until_ready()
    return window


def cursor_point(window: MainWindow, word: str) -> object:
    """Return the viewport point in the middle of `word` in the editor."""
    found = window.editor.document().find(word)
    assert not found.isNull()
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 2)
    return window.editor.cursorRect(cursor).center()


def test_typing_a_misspelt_word_underlines_it_in_the_editor(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = ready_window(make_window, qtbot)
    window.editor.selectAll()
    qtbot.keyClicks(window.editor, "Vi har modtagt din ansøgnig om en bollig.")  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: len(underlined_words(window)) == 3, timeout=3000)
    assert underlined_words(window) == ["modtagt", "ansøgnig", "bollig"]
    # The underline is only drawn: the stored text carries no trace of it.
    assert "Vi har modtagt din ansøgnig om en bollig." in window.editor.markdown()


def test_a_correct_letter_has_no_underlines_and_stays_unmodified(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = ready_window(make_window, qtbot)
    assert window.open_path(SEED)
    qtbot.wait(200)
    assert underlined_words(window) == ["Bikubenfondens"]
    assert not window.isWindowModified()


def test_the_right_click_menu_offers_suggestions_first_and_replaces_the_word(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = ready_window(make_window, qtbot)
    window.editor.set_markdown("Vi har modtagt brevet.\n")
    qtbot.waitUntil(lambda: underlined_words(window) == ["modtagt"], timeout=3000)
    menu = window.editor.context_menu(cursor_point(window, "modtagt"))  # type: ignore[arg-type]
    texts = [action.text() for action in menu.actions()]
    assert texts[:4] == ["modtag", "modtaget", "modtage", "modsagt"]
    assert "Tilføj til ordbog" in texts
    # Below the suggestions: Qt's own entries, in Danish (qtbase_da.qm).
    assert any(text.replace("&", "").startswith("Sæt ind") for text in texts)
    next(a for a in menu.actions() if a.text() == "modtaget").trigger()
    assert window.editor.markdown() == "Vi har modtaget brevet.\n"
    qtbot.waitUntil(lambda: underlined_words(window) == [], timeout=3000)
    window.editor.undo()
    assert window.editor.markdown() == "Vi har modtagt brevet.\n"


def test_add_to_dictionary_accepts_the_word_and_remembers_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow], speller: Speller
) -> None:
    window = ready_window(make_window, qtbot)
    window.editor.set_markdown("Mødet i Xqvbyhuset.\n")
    qtbot.waitUntil(lambda: underlined_words(window) == ["Xqvbyhuset"], timeout=3000)
    menu = window.editor.context_menu(cursor_point(window, "Xqvbyhuset"))  # type: ignore[arg-type]
    next(a for a in menu.actions() if a.text() == "Tilføj til ordbog").trigger()
    qtbot.waitUntil(lambda: underlined_words(window) == [], timeout=3000)
    assert speller.personal is not None
    assert "Xqvbyhuset" in speller.personal.read_text(encoding="utf-8").split()


def test_a_form_field_underlines_and_corrects_its_words(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = ready_window(make_window, qtbot)
    subject = window.form.subject
    subject.setFocus()
    qtbot.keyClicks(subject, "Svar på din ansøgnig")  # type: ignore[no-untyped-call]
    spelling = subject.findChild(LineEditSpelling)
    assert spelling is not None
    qtbot.waitUntil(lambda: [w.text for w in spelling.underlined] == ["ansøgnig"], timeout=3000)
    assert subject.text() == "Svar på din ansøgnig"
    point = subject.cursorRect().center()
    point.setX(subject.cursorRect().center().x() - 20)
    menu = spelling_menu(subject, window.spelling, point)
    assert menu.actions()[0].text() == "ansøgning"
    menu.actions()[0].trigger()
    assert subject.text() == "Svar på din ansøgning"
    assert window.current_letter().subject == "Svar på din ansøgning"
    qtbot.waitUntil(lambda: spelling.underlined == [], timeout=3000)


def test_words_are_looked_up_off_the_gui_thread(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = ready_window(make_window, qtbot)
    assert window.spelling.status("ukendtxqord") is None
    window.spelling.request(["ukendtxqord"])
    # Asking returns at once; the answer arrives later, from the worker thread.
    assert window.spelling.status("ukendtxqord") is None
    qtbot.waitUntil(lambda: window.spelling.status("ukendtxqord") is False, timeout=3000)


def test_the_app_speller_runs_in_its_own_process(
    qtbot: QtBot, make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    from kkletter.spelling_server import SpellerProcess

    window = make_window(speller=lambda: SpellerProcess(personal=tmp_path / "ordbog.txt"))
    window.show()
    qtbot.waitExposed(window)
    assert window.spelling.wait_until_ready()
    window.editor.set_markdown("Vi har modtagt brevet.\n")
    qtbot.waitUntil(lambda: underlined_words(window) == ["modtagt"], timeout=5000)
    assert "modtaget" in window.spelling.suggest("modtagt")
    window.spelling.stop()


def test_without_a_speller_process_the_app_spells_in_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import shutil
    import sys

    from kkletter.gui import spelling as gui_spelling

    echo = shutil.which("echo")
    if echo is None:
        pytest.skip("no 'echo' program to stand in for a broken speller process")
    monkeypatch.setattr(sys, "executable", echo)  # answers with its arguments, not JSON
    monkeypatch.setattr(gui_spelling, "personal_wordlist", lambda: tmp_path / "ordbog.txt")
    monkeypatch.delenv("KKLETTER_SHARED", raising=False)
    speller = gui_spelling.default_speller()
    assert isinstance(speller, Speller)
    assert speller.check_words(["modtagt"]) == {"modtagt": False}
