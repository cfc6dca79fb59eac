"""The body editor stores exactly the Markdown body and cleans what is pasted."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextListFormat
from pytestqt.qtbot import QtBot

from kkletter.drafts import load_draft
from kkletter.gui.editor import BodyEditor, text_to_blocks
from kkletter.markup import ListBlock, Paragraph, block_text, parse_markdown

if TYPE_CHECKING:
    from tests.conftest import StripLines

ROOT = Path(__file__).resolve().parents[2]


RICH = """# Overskrift

Afsnit med **fed**, *kursiv* og <u>understreget</u> tekst\\
og en linjeskift.

- punkt et
- punkt to
  - underpunkt

3. tre
4. fire

---

| Emne | Status |
|---|---|
| Økonomi | 6,0 mio.<br>- bevilget<br>- brugt |
"""


@pytest.fixture
def editor(qtbot: QtBot) -> BodyEditor:
    widget = BodyEditor()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize(
    "body",
    [*(load_draft(p).body for p in sorted((ROOT / "seeds" / "drafts").glob("*.toml"))), RICH],
)
def test_markdown_survives_the_editor_unchanged(
    editor: BodyEditor, body: str, strip_lines: StripLines
) -> None:
    editor.set_markdown(body)
    assert strip_lines(parse_markdown(editor.markdown())) == strip_lines(parse_markdown(body))


def test_pasted_html_keeps_structure_but_not_fonts_colours_or_controls(editor: BodyEditor) -> None:
    mime = QMimeData()
    mime.setHtml(
        '<p style="font-family:Comic Sans MS;color:red"><b>Fed</b> tekst\x0bfra Word</p>'
        "<ul><li>et</li><li>to</li></ul>"
    )
    editor.insertFromMimeData(mime)
    markdown = editor.markdown()
    assert markdown == "**Fed** tekst fra Word\n\n- et\n- to\n"
    assert "Comic" not in editor.toHtml()
    assert "#ff0000" not in editor.toHtml()


def test_pasted_pdf_text_joins_wrapped_lines_and_keeps_bullets() -> None:
    blocks = text_to_blocks("Første linje\nfortsætter her.\n\n• et\n• to\n\fSidste\x00 afsnit")
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "Første linje fortsætter her."
    assert isinstance(blocks[1], ListBlock)
    assert [block_text(b) for b in blocks[2:]] == ["Sidste afsnit"]


def test_format_buttons_write_markdown(editor: BodyEditor, qtbot: QtBot) -> None:
    editor.set_markdown("")
    editor.toggle_bold(True)
    qtbot.keyClicks(editor, "Fed")  # type: ignore[no-untyped-call]
    editor.toggle_bold(False)
    qtbot.keyClicks(editor, " og punkt")  # type: ignore[no-untyped-call]
    editor.toggle_list(QTextListFormat.Style.ListDisc)
    assert editor.markdown() == "- **Fed** og punkt\n"
    editor.set_heading(2)
    editor.toggle_list(QTextListFormat.Style.ListDisc)
    assert editor.markdown() == "## Fed og punkt\n"


def test_pasted_word_html_becomes_clean_headings_and_real_lists(editor: BodyEditor) -> None:
    word = (
        "<h1><span style='font-family:\"Times New Roman\";color:red'>Indledning<o:p></o:p>"
        "</span></h1><p class=MsoNormal><b><span style='font-size:14pt;color:#1F497D'>"
        "Vigtigt:</span></b> mødet er flyttet.</p>"
        "<p class=MsoListParagraph><span style='font-family:Symbol'>·<span>&nbsp;&nbsp; "
        "</span></span>Første punkt</p><p class=MsoListParagraph>·&nbsp; Andet punkt</p>"
    )
    mime = QMimeData()
    mime.setHtml(word)
    editor.insertFromMimeData(mime)
    assert editor.markdown() == (
        "# Indledning\n\n**Vigtigt:** mødet er flyttet.\n\n- Første punkt\n- Andet punkt\n"
    )


def test_an_unchanged_body_is_stored_exactly_as_written(editor: BodyEditor, qtbot: QtBot) -> None:
    written = "## 4. Socialområdet\n\nTekst med 1. orden.\n"
    editor.set_markdown(written)
    assert editor.markdown() == written
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, " Mere")  # type: ignore[no-untyped-call]
    assert editor.markdown() == "## 4\\. Socialområdet\n\nTekst med 1. orden. Mere\n"
    editor.undo()
    assert editor.markdown() == written


@pytest.mark.parametrize(
    ("markdown", "line", "column", "length", "expected_before"),
    [
        # The third "fristen" is on line 5: the editor selects the third, not the first.
        ("fristen\n\nfristen og **fristen**\n\nNy fristen her.", 5, 4, 7, "Ny "),
        # Emoji before the match count twice in Qt's positions (UTF-16).
        ("😀😀 Mødet 😀\n\n- 🚀 Mødet igen", 3, 5, 5, "🚀 "),
        # A no-break space in the text is found as Qt's own search finds it.
        ("kl.\u00a014.00\n\nkl.\u00a014.00 igen", 3, 1, 9, ""),
    ],
)
def test_a_finding_selects_its_own_occurrence_in_the_editor(
    qtbot: QtBot, markdown: str, line: int, column: int, length: int, expected_before: str
) -> None:
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.set_markdown(markdown)
    span = editor.find_source_span(markdown, line, column, length)
    assert span is not None
    start, end = span
    source = markdown.split("\n")[line - 1][column - 1 : column - 1 + length]
    editor.select_range(start, end, focus=False)
    selected = editor.textCursor().selectedText().replace("\u00a0", " ")
    assert selected == source.replace("\u00a0", " ")
    block = editor.textCursor().block()
    units = editor.textCursor().selectionStart() - block.position()  # UTF-16 code units
    before = block.text().encode("utf-16-le")[: 2 * units].decode("utf-16-le")
    assert before == expected_before
