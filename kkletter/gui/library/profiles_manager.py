"""Bibliotek → Afsendere: a unit's letterhead, contact column, EAN and logo."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from kkletter.errors import LibraryError
from kkletter.gui.library.images import ImageField
from kkletter.gui.library.manager import ManagerDialog
from kkletter.library import Entry, Layer
from kkletter.library.store import save_profile
from kkletter.model import LOGO_PLACES, Logo, Profile
from kkletter.profiles import IMAGE_SUFFIXES, ean_problem

_TEXT_FIELDS = (
    ("name", "&Navn i listerne:"),
    ("organisation", "&Organisation:"),
    ("unit", "&Forvaltning/enhed:"),
    ("subunit", "&Underenhed:"),
    ("contact_heading", "Overskrift i &kontaktspalten:"),
    ("phone", "&Telefon:"),
    ("direct_phone", "&Direkte telefon:"),
    ("fax", "Tele&fax:"),
    ("email", "&E-mail:"),
    ("web", "&Web:"),
    ("ean", "E&AN-nummer:"),
)
_PLACE_LABELS = {"left": "Til venstre", "right": "Til højre"}


class ProfilesManager(ManagerDialog):
    """Create, duplicate, edit and delete sender profiles (afsendere)."""

    kind = "profiles"
    title = "Afsendere"
    noun = "afsenderen"

    def entries(self) -> Mapping[str, Entry[Any]]:
        """Return the profiles of every layer."""
        return self._state.library.profiles

    def build_form(self, form: QFormLayout) -> None:
        """Add the letterhead's fields, the address lines and the logo."""
        self.edits: dict[str, QLineEdit] = {}
        for key, label in _TEXT_FIELDS:
            edit = QLineEdit()
            self.edits[key] = edit
            form.addRow(label, edit)
            if key == "fax":
                self.address = QPlainTextEdit()
                self.address.setPlaceholderText("Én linje pr. adresselinje")
                self.address.setTabChangesFocus(True)
                self.address.setFixedHeight(64)
                form.addRow("Ad&resse:", self.address)
        self.ean_status = QLabel()
        form.addRow("", self.ean_status)
        self.edits["ean"].textChanged.connect(self._on_ean_text_changed)
        self.logo = ImageField("Billeder (*.png *.svg)")
        self.logo_alt = QLineEdit()
        self.logo_alt.setPlaceholderText("fx Københavns Kommunes logo")
        self.logo_width = QDoubleSpinBox()
        self.logo_width.setRange(5, 120)
        self.logo_width.setSuffix(" mm")
        self.logo_place = QComboBox()
        for place in LOGO_PLACES:
            self.logo_place.addItem(_PLACE_LABELS[place], place)
        form.addRow("&Logo (PNG/SVG):", self.logo)
        form.addRow("Logoets alternative te&kst:", self.logo_alt)
        form.addRow("Logoets &bredde:", self.logo_width)
        form.addRow("Logoets &placering:", self.logo_place)
        self.requires_approval = QCheckBox("Kræver &godkendelse før afsendelse")
        form.addRow("", self.requires_approval)

    def show_value(self, value: Any) -> None:
        """Fill the form with the profile `value` (None: a new, empty profile)."""
        profile = value if isinstance(value, Profile) else Profile(id="", name="")
        for key, edit in self.edits.items():
            edit.setText(str(getattr(profile, key)))
        self.address.setPlainText("\n".join(profile.address))
        logo = profile.logo
        self.logo.set_path(self.shown_path(logo.path) if logo else None)
        self.logo_alt.setText(logo.alt if logo else "")
        self.logo_width.setValue(logo.width_mm if logo else 30.0)
        self.logo_place.setCurrentIndex(
            max(0, self.logo_place.findData(logo.place if logo else "left"))
        )
        self.requires_approval.setChecked(profile.requires_approval)

    def title_text(self) -> str:
        """Return the profile's name."""
        return self.edits["name"].text()

    def display_name(self, value: Any) -> str:
        """Return the profile's name."""
        return str(value.name)

    def read_value(self, item_id: str) -> Profile:
        """Return the form as a profile; a wrong EAN or a logo without text is refused."""
        values = {key: edit.text().strip() for key, edit in self.edits.items()}
        if not values["name"]:
            raise LibraryError("Skriv afsenderens navn, som det skal stå i listerne.")
        problem = ean_problem(values["ean"])
        if problem:
            raise LibraryError(f"{problem} Ret nummeret, eller lad feltet stå tomt.")
        logo = self._logo()
        name = values.pop("name")
        address = tuple(
            line.strip() for line in self.address.toPlainText().splitlines() if line.strip()
        )
        return Profile(
            id=item_id,
            name=name,
            address=address,
            logo=logo,
            requires_approval=self.requires_approval.isChecked(),
            **values,
        )

    def _logo(self) -> Logo | None:
        path = self.logo.path()
        if path is None:
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise LibraryError(f"Logoet {path.name} skal være en PNG- eller SVG-fil.")
        alt = self.logo_alt.text().strip()
        if not alt:
            raise LibraryError(
                'Skriv logoets alternative tekst (fx "Københavns Kommunes logo"), så brevet '
                "kan læses af skærmlæsere."
            )
        return Logo(path, alt, self.logo_width.value(), str(self.logo_place.currentData()))

    def save_value(self, layer: Layer, item_id: str, value: Any) -> Path:
        """Save the profile."""
        assert isinstance(value, Profile)
        return save_profile(layer, value)

    def _on_ean_text_changed(self, text: str) -> None:
        problem = ean_problem(text)
        self.ean_status.setText(problem or ("Kontrolcifferet passer." if text.strip() else ""))
