"""Issue 11's "done when": a new user sets up a unit, two signers and three paragraphs in
the app, writes a letter with them and exports it; a colleague on the same shared folder
sees the same unit, signers and paragraphs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from kkletter.gui.library.menu import install_library_menu
from kkletter.gui.library.paragraphs_manager import ParagraphsManager
from kkletter.gui.library.profiles_manager import ProfilesManager
from kkletter.gui.library.signers_manager import SignersManager
from kkletter.gui.library.state import LibraryState
from kkletter.gui.main_window import MainWindow, core_checker
from kkletter.library import LibraryLocations, load_library

if TYPE_CHECKING:
    from tests.gui.conftest import FakeDialogs

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000004000000020802000000f0caea34000000104944"
    "4154789c63f8cfc000470cc81c006faa07f980dc00280000000049454e44ae426082"
)


def yes(_parent: QWidget, _question: str) -> bool:
    return True


def _docx_text(path: Path) -> str:
    """Return the text of every paragraph in the DOCX body, frames and text boxes included."""
    body = docx.Document(str(path)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p")))


def _has_alt(pdf: PdfReader, alt: str) -> bool:
    """Return whether the PDF's structure tree has an element with alternative text `alt`."""

    def walk(node: Any) -> bool:
        node = node.get_object()
        if not hasattr(node, "keys"):
            return False
        if str(node.get("/Alt", "")) == alt:
            return True
        kids = node.get("/K")
        if kids is None:
            return False
        return any(walk(kid) for kid in (kids if isinstance(kids, list) else [kids]))

    root: Any = pdf.trailer["/Root"]
    return walk(root["/StructTreeRoot"])


def test_a_new_user_sets_up_the_library_writes_a_letter_and_a_colleague_sees_it(
    make_window: Callable[..., MainWindow], dialogs: FakeDialogs, tmp_path: Path
) -> None:
    shared = tmp_path / "faelles"
    shared.mkdir()
    me = LibraryLocations(tmp_path / "mig", shared, tmp_path / "mig-cache")
    state = LibraryState(load_library(me), me)
    window = make_window(catalogs=state.library.catalogs(), checker=core_checker)
    menu = install_library_menu(window, state, confirm=yes)
    logo = tmp_path / "Skrivebord" / "logo.png"
    logo.parent.mkdir()
    logo.write_bytes(PNG)

    unit = menu.open_profiles()
    assert isinstance(unit, ProfilesManager)
    unit.new_item()
    unit.edits["name"].setText("Borgercenter Handicap")
    unit.edits["unit"].setText("Socialforvaltningen")
    unit.edits["subunit"].setText("Borgercenter Handicap")
    unit.address.setPlainText("Bernstorffsgade 17\n1592 København V")
    unit.edits["phone"].setText("33 66 33 66")
    unit.edits["ean"].setText("5798009682833")
    unit.logo.set_path(logo)
    unit.logo_alt.setText("Københavns Kommunes logo")
    assert unit.save(), unit.message.text()
    unit.close()

    signers = menu.open_signers()
    assert isinstance(signers, SignersManager)
    for name, phone in (("Anne Berg", "33 17 32 14"), ("Bo Holm", "33 17 32 15")):
        signers.new_item()
        signers.name.setText(name)
        signers.signer_title.setText("Socialrådgiver")
        signers.phone.setText(phone)
        signers.email.setText(f"{name.split()[0].lower()}@sof.kk.dk")
        assert signers.save(), signers.message.text()
    signers.close()

    paragraphs = menu.open_paragraphs()
    assert isinstance(paragraphs, ParagraphsManager)
    for title, short, body in (
        ("Kvittering", "kvit", "Vi har modtaget din ansøgning af {{ date }}."),
        ("Samtale", "samtale", "Ring til {{ signer.name }} på {{ signer.phone }}."),
        ("Afslutning", "afslut", "Du er velkommen til at kontakte os."),
    ):
        paragraphs.new_item()
        paragraphs.paragraph_title.setText(title)
        paragraphs.short.setText(short)
        paragraphs.body.setPlainText(body)
        assert paragraphs.save(), paragraphs.message.text()
    paragraphs.close()

    window.new_letter("brev", "borgercenter-handicap")
    form = window.form
    form.recipient_name.setText("Anna Hansen")
    form.recipient_name.textEdited.emit("Anna Hansen")
    form.case_number.setText("2026-0012345")
    form.subject.setText("Din ansøgning om hjælpemidler")
    form.signer_pick.activated.emit(form.signer_pick.findText("Bo Holm – Socialrådgiver"))
    window.editor.setPlainText("kvit")
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    assert menu.expand_short_name()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("\n\nsamtale")
    assert menu.expand_short_name()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    menu.insert_paragraph(state.library.paragraphs["afslutning"].value)
    window.run_checks_now()
    assert [f.message for f in window.findings() if f.severity == "error"] == []

    dialogs.export_to = tmp_path / "brev.docx"
    assert window.export_docx()
    text = _docx_text(tmp_path / "brev.docx")
    for expected in (
        "Borgercenter Handicap",
        "Bernstorffsgade 17",
        "5798009682833",
        "33 17 32 15",  # Bo Holm's direct phone in the contact column
        "bo@sof.kk.dk",
        "Vi har modtaget din ansøgning af",
        "Ring til Bo Holm på 33 17 32 15.",
        "Du er velkommen til at kontakte os.",
        "Bo Holm",
    ):
        assert expected in text, expected

    word = docx.Document(str(tmp_path / "brev.docx"))
    logo_picture = word.paragraphs[0]._p.find(".//" + qn("wp:docPr"))
    assert logo_picture is not None
    assert logo_picture.get("descr") == "Københavns Kommunes logo"

    from kkletter.compose import compose_letter
    from kkletter.pdf.native import write_pdf

    write_pdf(compose_letter(window.current_letter(), state.library.catalogs()), tmp_path / "b.pdf")
    pdf = PdfReader(tmp_path / "b.pdf")
    assert "Borgercenter Handicap" in pdf.pages[0].extract_text()
    assert _has_alt(pdf, "Københavns Kommunes logo")

    colleague = load_library(LibraryLocations(tmp_path / "kollega", shared, tmp_path / "k-cache"))
    assert colleague.profiles["borgercenter-handicap"].origin == "shared"
    assert colleague.profiles["borgercenter-handicap"].value.logo is not None
    assert sorted(colleague.signers) == ["anne-berg", "bo-holm"]
    assert {"kvittering", "samtale", "afslutning"} <= set(colleague.paragraphs)
