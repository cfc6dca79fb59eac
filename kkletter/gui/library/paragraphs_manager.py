"""Bibliotek → Standardtekster: title, category, keywords, short name and Markdown body."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit

from kkletter.errors import LibraryError
from kkletter.gui.library.manager import ManagerDialog
from kkletter.library import Entry, Layer
from kkletter.library.paragraphs import SHORT_NAME, Paragraph
from kkletter.library.store import save_paragraph


class ParagraphsManager(ManagerDialog):
    """Create, duplicate, edit and delete standard paragraphs (standardtekster)."""

    kind = "paragraphs"
    title = "Standardtekster"
    noun = "standardteksten"

    def entries(self) -> Mapping[str, Entry[Any]]:
        """Return the standard paragraphs of every layer."""
        return self._state.library.paragraphs

    def build_form(self, form: QFormLayout) -> None:
        """Add title, category, keywords, short name and the body."""
        self.paragraph_title = QLineEdit()
        self.category = QLineEdit()
        self.category.setPlaceholderText("fx Afgørelse, Brev, Sagsbehandling")
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText("ord adskilt af komma – picker'en søger i dem")
        self.short = QLineEdit()
        self.short.setPlaceholderText("skriv kortnavnet i brevet og tryk F3")
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.body.setPlaceholderText(
            "Teksten i Markdown. Felter fra brevet: {{ recipient.name }}, {{ case.number }}, "
            "{{ date }}, {{ subject }}, {{ signer.name }}, {{ deadline(4) }} (datoen om 4 uger)."
        )
        form.addRow("&Titel:", self.paragraph_title)
        form.addRow("&Kategori:", self.category)
        form.addRow("&Nøgleord:", self.keywords)
        form.addRow("K&ortnavn (F3):", self.short)
        form.addRow("Te&kst:", self.body)

    def show_value(self, value: Any) -> None:
        """Fill the form with the paragraph `value` (None: empty)."""
        paragraph = value if isinstance(value, Paragraph) else Paragraph("", "", "")
        self.paragraph_title.setText(paragraph.title)
        self.category.setText(paragraph.category)
        self.keywords.setText(", ".join(paragraph.keywords))
        self.short.setText(paragraph.short)
        self.body.setPlainText(paragraph.body)

    def title_text(self) -> str:
        """Return the paragraph's title."""
        return self.paragraph_title.text()

    def display_name(self, value: Any) -> str:
        """Return the category and the title."""
        category = f"{value.category}: " if value.category else ""
        return f"{category}{value.title}"

    def read_value(self, item_id: str) -> Paragraph:
        """Return the form as a paragraph."""
        title = self.paragraph_title.text().strip()
        if not title:
            raise LibraryError("Skriv en titel til standardteksten.")
        short = self.short.text().strip().casefold()
        if short and not SHORT_NAME.fullmatch(short):
            raise LibraryError(
                f"Kortnavnet '{short}' må kun have små bogstaver, tal, - og _ (2-30 tegn)."
            )
        body = self.body.toPlainText()
        if not body.strip():
            raise LibraryError("Skriv standardtekstens tekst.")
        keywords = tuple(k.strip() for k in self.keywords.text().split(",") if k.strip())
        paragraph = Paragraph(item_id, title, body, self.category.text().strip(), keywords, short)
        return dataclasses.replace(paragraph, body=body.strip("\n") + "\n")

    def save_value(self, layer: Layer, item_id: str, value: Any) -> Path:
        """Save the paragraph."""
        assert isinstance(value, Paragraph)
        return save_paragraph(layer, value)
