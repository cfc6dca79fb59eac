"""The live preview: the composed letter drawn as an A4 sheet, as it will be exported."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from kkletter.compose import LetterDocument
from kkletter.gui.richtext import blocks_to_html

PAGE_WIDTH = 620  # px: A4 at the preview's scale
_PAGE_BREAK = (
    '<p align="center" style="color:#8a8a8a; font-size:8pt;">'
    "- - - - - - - - - - - - &nbsp;Sideskift&nbsp; - - - - - - - - - - - -</p>"
)
_STYLE = """
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 14pt; } h2 { font-size: 12pt; } h3 { font-size: 11pt; }
p { margin-top: 0; margin-bottom: 8px; }
td { vertical-align: top; }
.small { font-size: 7pt; margin-bottom: 6px; }
.head { font-size: 9pt; }
"""


def _e(text: str) -> str:
    return html.escape(text)


def letter_html(document: LetterDocument) -> str:
    """Return `document` as HTML for a QTextBrowser: a white A4 sheet on grey.

    The layout follows the exported first page: the letterhead top left, below it the
    recipient, salutation and body, and beside them the narrow right-hand column with
    the case block and the sender's contact lines (label above value).
    """
    head = document.letterhead
    letterhead = [f"<b>{_e(head.organisation)}</b>"]
    letterhead.extend(_e(line) for line in (head.unit, head.subunit) if line)
    left: list[str] = []
    if document.recipient:
        left.append("<p>" + "<br/>".join(_e(line) for line in document.recipient) + "</p>")
        left.append("<p>&nbsp;</p>")
    if document.document_type:
        left.append(
            f'<p style="font-size: 15pt; font-weight: bold;">{_e(document.document_type)}</p>'
        )
    if document.subject:
        left.append(f"<p><b>{_e(document.subject)}</b></p>")
    if document.salutation:
        left.append(f"<p>{_e(document.salutation)}</p>")
    left.append(blocks_to_html(document.body, page_break=_PAGE_BREAK))
    if document.closing:
        left.append(f"<p>{_e(document.closing)}</p>")
    # Room for the handwritten signature when no image is chosen, as on paper.
    left.append(_signature_html(document) or "<p>&nbsp;</p>")
    if document.signer_name:
        title = f"<br/>{_e(document.signer_title)}" if document.signer_title else ""
        left.append(f"<p>{_e(document.signer_name)}{title}</p>")

    right: list[str] = []
    for line in head.case_block:
        value = _e(line.value) if line.value else '<span style="color:#d0021b;">(mangler)</span>'
        label = f"{_e(line.label)}<br/>" if line.label else ""
        right.append(f'<p class="small">{label}{value}</p>')
    right.append('<p class="small">&nbsp;</p>')
    if head.contact_heading:
        right.append(f'<p class="small"><b>{_e(head.contact_heading)}</b></p>')
    # Consecutive unlabelled lines (the address) form one paragraph; "Telefon" and
    # the like print their label above the value, as in the exported column.
    group: list[str] = []
    for item in head.contact:
        if not item.label:
            group.append(_e(item.value))
            continue
        if group:
            right.append(f'<p class="small">{"<br/>".join(group)}</p>')
            group = []
        right.append(f'<p class="small">{_e(item.label)}<br/>{_e(item.value)}</p>')
    if group:
        right.append(f'<p class="small">{"<br/>".join(group)}</p>')

    return (
        f"<html><head><style>{_STYLE}</style></head><body>"
        '<table width="100%" cellpadding="14" cellspacing="0" bgcolor="#8d939a">'
        '<tr><td align="center">'
        f'<table width="{PAGE_WIDTH}" cellpadding="44" cellspacing="0" bgcolor="#ffffff"><tr><td>'
        '<table width="100%" cellspacing="0" cellpadding="0">'
        f'<tr><td colspan="3"><p class="head">{"<br/>".join(letterhead)}</p>'
        "<p>&nbsp;</p><p>&nbsp;</p></td></tr>"
        "<tr>"
        f'<td width="68%">{"".join(left)}</td>'
        '<td width="4%"></td>'
        f'<td width="28%">{"".join(right)}</td>'
        "</tr></table>"
        "</td></tr></table>"
        "</td></tr></table></body></html>"
    )


def _signature_html(document: LetterDocument) -> str:
    path = document.signature
    if path is None:
        return ""
    if not Path(path).is_file():
        return f'<p style="color:#d0021b;"><i>Underskriften {_e(str(path))} findes ikke.</i></p>'
    url = QUrl.fromLocalFile(str(path)).toString()
    return f'<p><img src="{_e(url)}" height="56" alt="{_e(document.signature_alt)}"/></p>'


class PreviewPane(QWidget):
    """Show the composed letter; a problem shows as a message above the last good page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(
            "background:#fdecea; color:#8a1c12; border:1px solid #e0a39c; padding:6px;"
        )
        self.message.hide()
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setStyleSheet("QTextBrowser { background: #8d939a; border: none; }")
        self.browser.document().setDocumentMargin(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message)
        layout.addWidget(self.browser)
        self._html = ""

    def show_document(self, document: LetterDocument) -> None:
        """Draw `document`, keeping the scroll position."""
        self.message.hide()
        page = letter_html(document)
        if page == self._html:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(page)
        bar.setValue(position)
        self._html = page

    def clear(self) -> None:
        """Forget the shown page (a different letter is loaded)."""
        self.browser.clear()
        self._html = ""
        self.message.hide()

    def show_error(self, message: str) -> None:
        """Show `message` above the last good preview."""
        self.message.setText(f"Forhåndsvisningen kan ikke opdateres: {message}")
        self.message.show()

    def error_text(self) -> str:
        """Return the shown problem, or "" when the preview is current."""
        return "" if self.message.isHidden() else self.message.text()

    def plain_text(self) -> str:
        """Return the text of the shown page."""
        return self.browser.toPlainText()
