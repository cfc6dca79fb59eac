"""Wiring of the main window: editor, preview, checks, drafts, autosave and export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from kkletter.drafts import load_draft
from kkletter.gui.main_window import MainWindow

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

SEED = Path(__file__).resolve().parents[2] / "seeds" / "drafts" / "004-brev-dok.toml"

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_typing_in_the_body_updates_preview_and_findings(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.editor.selectAll()
    qtbot.keyClicks(window.editor, "Et fejlord her")  # type: ignore[no-untyped-call]
    qtbot.waitUntil(lambda: "Et fejlord her" in window.preview.plain_text(), timeout=2000)
    qtbot.waitUntil(lambda: any(f.rule == "test" for f in window.findings()), timeout=2000)
    assert window.isWindowModified()
    assert window.editor.marks()[0].severity == "error"


def test_clicking_a_finding_selects_its_text_and_ret_fixes_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.editor.set_markdown("Første afsnit.\n\nHer står et **fejlord** midt i.\n")
    window.refresh()
    row = next(item for item in window.checks.items() if "Forkert ord" in item.text(0))
    window.checks.tree.setCurrentItem(row)
    window.checks.tree.itemClicked.emit(row, 0)
    assert window.editor.textCursor().selectedText() == "fejlord"
    qtbot.mouseClick(window.checks.fix_button, qtbot_button())  # type: ignore[no-untyped-call]
    assert "Her står et **rettet** midt i." in window.editor.markdown()
    window.editor.undo()
    assert "**fejlord**" in window.editor.markdown()


def qtbot_button() -> object:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_clicking_a_form_finding_shows_the_field_and_enter_focuses_it(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.refresh()
    row = next(item for item in window.checks.items() if "Sagsnummer" in item.text(0))
    window.checks.tree.setFocus()
    window.checks.tree.itemClicked.emit(row, 0)
    assert not window.form.case_number.hasFocus()
    window.checks.tree.itemActivated.emit(row, 0)
    qtbot.waitUntil(window.form.case_number.hasFocus, timeout=2000)


def test_save_then_open_gives_the_same_letter(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    assert window.open_path(SEED)
    original = window.current_letter()
    assert original == load_draft(SEED)
    dialogs.save_path = tmp_path / "kopi.toml"
    assert window.save_as()
    assert not window.isWindowModified()
    assert window.windowTitle() == "kopi.toml[*] – kkletter"
    again = make_window()
    assert again.open_path(tmp_path / "kopi.toml")
    assert again.current_letter() == original


def test_export_writes_a_docx_whose_text_matches_the_form(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    import docx

    window = make_window()
    window.open_path(SEED)
    window.form.subject.setText("Svar på invitation")
    dialogs.export_to = tmp_path / "brev.docx"
    assert window.export_docx()
    assert "export-as:2016-0318694 Svar på invitation.docx" in dialogs.asked
    text = "\n".join(p.text for p in docx.Document(str(dialogs.export_to)).paragraphs)
    assert "Svar på invitation" in text
    assert "Kære DOK - Diakonale Organisationer i København" in text
    assert "Tak for invitationen til dialog og samarbejde." in text
    assert "Jesper Christensen" in text


def test_export_with_open_errors_asks_first(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    window.editor.set_markdown("Et fejlord.\n")
    dialogs.export_anyway = False
    dialogs.export_to = tmp_path / "brev.docx"
    assert not window.export_docx()
    assert "export-anyway:1" in dialogs.asked
    assert not dialogs.export_to.exists()


def test_an_unwritable_export_shows_a_danish_error_and_keeps_the_letter(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    window.open_path(SEED)
    before = window.current_letter()
    dialogs.export_to = tmp_path / "findes-ikke" / "brev.docx"
    assert not window.export_docx()
    assert dialogs.errors
    assert "findes ikke" in dialogs.errors[0]
    assert window.current_letter() == before


def test_a_leftover_autosave_is_offered_for_recovery(
    qtbot: QtBot, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    crashed = make_window()
    crashed.open_path(SEED)
    crashed.form.subject.setText("Ikke gemt emne")
    crashed.form.subject.textEdited.emit("Ikke gemt emne")
    assert crashed.autosave()
    lost = crashed.current_letter()
    # The crash: the window disappears without a clean close; the OS drops its lock.
    crashed._autosave.remove = lambda: None  # type: ignore[method-assign]
    crashed._autosave.release()
    restarted = make_window()
    assert restarted.offer_autosave_restore()
    assert "restore" in dialogs.asked
    assert restarted.current_letter() == lost
    assert restarted.isWindowModified()
    assert restarted.path() == SEED


def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    window.show()
    qtbot.keyClicks(window.editor, "x")  # type: ignore[no-untyped-call]
    dialogs.save_answer = "cancel"
    assert not window.close()
    assert dialogs.asked == ["save:Unavngivet brev"]
    dialogs.save_answer = "discard"
    assert window.close()
    assert not window.autosave_path().exists()


def test_a_missing_required_field_is_drawn_as_its_label_and_reported(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    window.new_letter("notat", "sof-center-for-politik")
    assert "'Sagsbehandler'" in window.preview.error_text()
    assert "[Sagsbehandler]" in window.preview.plain_text()
    field = window.form._field_widgets["sagsbehandler"]
    field.setText("Anne Andersen")  # type: ignore[union-attr]
    window.refresh()
    assert window.preview.error_text() == ""
    assert "Anne Andersen" in window.preview.plain_text()


def test_a_broken_template_shows_in_the_preview_and_keeps_the_last_page(
    tmp_path: Path, make_window: Callable[..., MainWindow]
) -> None:
    import shutil

    from kkletter.compose import Catalogs
    from kkletter.templating import load_catalog

    shutil.copytree(SEED.parents[2] / "templates" / "brev", tmp_path / "brev")
    catalogs = Catalogs(load_catalog(tmp_path), Catalogs.shipped().profiles)
    window = make_window(catalogs=catalogs)
    window.open_path(SEED)
    assert "Tak for invitationen" in window.preview.plain_text()
    (tmp_path / "brev" / "body.md.j2").write_text("{{ body }\n", encoding="utf-8")
    window.refresh()
    assert "Fejl i skabelonen" in window.preview.error_text()
    assert "Tak for invitationen" in window.preview.plain_text()


def test_opening_a_broken_draft_shows_the_danish_error_and_keeps_the_letter(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    window.open_path(SEED)
    before = window.current_letter()
    broken = tmp_path / "i-stykker.toml"
    broken.write_text('template = "brev"\nbody = """uafsluttet\n', encoding="utf-8")
    assert not window.open_path(broken)
    assert "ikke gyldig TOML" in dialogs.errors[0]
    assert window.current_letter() == before
    assert window.path() == SEED


def test_a_clean_letter_says_so_in_the_checks_panel(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    window.open_path(SEED)
    assert window.findings() == []
    assert window.checks.summary.text() == "Ingen fund – brevet ser klar ud."


def test_a_new_notat_has_sagsbehandler_and_no_recipient_or_signer(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    window = make_window()
    dialogs.template = ("notat", "sof-center-for-politik")
    window.ask_new_letter()
    letter = window.current_letter()
    assert (letter.template, letter.profile) == ("notat", "sof-center-for-politik")
    assert window.form.recipient_box.isHidden()
    assert window.form.signer_box.isHidden()
    assert "sagsbehandler" in window.form._field_widgets
    assert window.windowTitle() == "Unavngivet brev[*] – kkletter"


def test_a_chosen_signature_shows_as_a_thumbnail_and_goes_into_the_letter(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    from PySide6.QtGui import QColor, QPixmap

    image = tmp_path / "underskrift.png"
    pixmap = QPixmap(120, 40)
    pixmap.fill(QColor("navy"))
    assert pixmap.save(str(image))
    dialogs.choose_image = lambda parent: image  # type: ignore[method-assign]
    window = make_window()
    window.form.signature_choose.click()
    assert window.current_letter().signer.signature == image
    thumb = window.form.signature_thumb.pixmap()
    assert thumb is not None
    assert not thumb.isNull()
    assert window.isWindowModified()


def test_the_checks_get_the_letter_the_preview_already_composed(
    make_window: Callable[..., MainWindow],
) -> None:
    from kkletter.checks import check_letter
    from kkletter.checks.findings import Finding
    from kkletter.compose import Catalogs, LetterDocument, compose_letter
    from kkletter.model import Letter

    seen: list[LetterDocument | None] = []

    def recording(
        letter: Letter, catalogs: Catalogs, document: LetterDocument | None
    ) -> list[Finding]:
        seen.append(document)
        return check_letter(letter, catalogs, document=document)

    window = make_window(checker=recording)
    window.open_path(SEED)
    assert seen
    assert seen[-1] == compose_letter(window.current_letter(), Catalogs.shipped())
    # Seed 004's only finding: like the original, it has no subject line.
    assert [(f.rule, f.field) for f in window.findings()] == [("MISSING_FIELD", "subject")]


def test_a_draft_named_on_the_command_line_opens(make_window: Callable[..., MainWindow]) -> None:
    from kkletter.gui.app import open_arguments

    window = make_window()
    assert open_arguments(window, [str(SEED)])
    assert window.path() == SEED
    assert window.current_letter() == load_draft(SEED)


def test_a_missing_draft_on_the_command_line_is_a_danish_error(
    tmp_path: Path, make_window: Callable[..., MainWindow], dialogs: FakeDialogs
) -> None:
    from kkletter.gui.app import open_arguments

    window = make_window()
    assert not open_arguments(window, [str(tmp_path / "væk.toml")])
    assert dialogs.errors
    assert "findes ikke" in dialogs.errors[-1]
    broken = tmp_path / "i-stykker.toml"
    broken.write_text('template = "brev\n', encoding="utf-8")
    assert not open_arguments(window, [str(broken)])
    assert "ikke gyldig TOML" in dialogs.errors[-1]
    assert window.path() is None


def test_the_pause_before_a_refresh_follows_how_long_the_last_one_took(
    make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A very long letter takes seconds to refresh on the GUI thread: typing must not
    # stall after every key, so the next refresh waits twice the last one's time.
    from types import SimpleNamespace

    from kkletter.gui import window_letter
    from kkletter.gui.window_letter import MAX_REFRESH_MS, REFRESH_MS, refresh_interval

    assert refresh_interval(0.001) == REFRESH_MS
    assert refresh_interval(0.4) == 800
    assert refresh_interval(30.0) == MAX_REFRESH_MS
    window = make_window()
    ticks = iter([10.0, 11.25, 20.0, 20.01])
    monkeypatch.setattr(window_letter, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    window.refresh()  # "took" 1.25 s
    assert window._refresh_timer.interval() == 2500
    window.refresh()  # "took" 10 ms: back to the short pause
    assert window._refresh_timer.interval() == REFRESH_MS
