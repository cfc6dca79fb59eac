"""Bibliotek → Underskrivere: name, title, direct phone, e-mail and signature image."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit

from kkletter.errors import LibraryError
from kkletter.gui.library.images import ImageField
from kkletter.gui.library.manager import ManagerDialog
from kkletter.library import Entry, Layer
from kkletter.library.signers import SIGNATURE_SUFFIXES
from kkletter.library.store import save_signer
from kkletter.model import Signer


class SignersManager(ManagerDialog):
    """Create, duplicate, edit and delete signers (underskrivere)."""

    kind = "signers"
    title = "Underskrivere"
    noun = "underskriveren"

    def entries(self) -> Mapping[str, Entry[Any]]:
        """Return the signers of every layer."""
        return self._state.library.signers

    def build_form(self, form: QFormLayout) -> None:
        """Add name, title, phone, e-mail and the signature image."""
        self.name = QLineEdit()
        self.signer_title = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("fx 33 66 24 51 – står i kontaktspalten")
        self.email = QLineEdit()
        self.email.setPlaceholderText("står i kontaktspalten i stedet for afsenderens")
        self.signature = ImageField("Billeder (*.png *.jpg *.jpeg)")
        self.user = QLineEdit()
        self.user.setPlaceholderText("login på pc'en – kun denne bruger kan godkende breve")
        form.addRow("&Navn:", self.name)
        form.addRow("&Titel:", self.signer_title)
        form.addRow("&Direkte telefon:", self.phone)
        form.addRow("&E-mail:", self.email)
        form.addRow("&Underskrift (billede):", self.signature)
        form.addRow("&Brugernavn (godkender):", self.user)

    def show_value(self, value: Any) -> None:
        """Fill the form with the signer `value` (None: empty)."""
        signer = value if isinstance(value, Signer) else Signer()
        self.name.setText(signer.name)
        self.signer_title.setText(signer.title)
        self.phone.setText(signer.phone)
        self.email.setText(signer.email)
        self.signature.set_path(self.shown_path(signer.signature))
        self.user.setText(signer.user)

    def title_text(self) -> str:
        """Return the signer's name."""
        return self.name.text()

    def read_value(self, item_id: str) -> Signer:
        """Return the form as a signer."""
        name = self.name.text().strip()
        if not name:
            raise LibraryError("Skriv underskriverens navn.")
        signature = self.signature.path()
        if signature is not None and signature.suffix.lower() not in SIGNATURE_SUFFIXES:
            raise LibraryError(f"Underskriften {signature.name} skal være PNG eller JPEG.")
        return Signer(
            name=name,
            title=self.signer_title.text().strip(),
            signature=signature,
            phone=self.phone.text().strip(),
            email=self.email.text().strip(),
            user=self.user.text().strip(),
        )

    def save_value(self, layer: Layer, item_id: str, value: Any) -> Path:
        """Save the signer."""
        assert isinstance(value, Signer)
        return save_signer(layer, item_id, value)
