"""Every question the app asks the user, behind one object tests replace with a fake."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal, Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from kkletter.compose import Catalogs
from kkletter.gui import settings as keys
from kkletter.gui.new_letter_dialog import NewLetterDialog
from kkletter.gui.settings import Preferences

SaveAnswer = Literal["save", "discard", "cancel"]
ExportAnswer = Literal["document", "folder", "close"]
DRAFT_FILTER = "kkletter-kladder (*.toml);;Alle filer (*)"


class Dialogs(Protocol):
    """The questions the main window asks."""

    def ask_save_changes(self, parent: QWidget, name: str) -> SaveAnswer: ...
    def ask_export_anyway(self, parent: QWidget, errors: int) -> bool: ...
    def ask_restore_autosave(self, parent: QWidget, saved: str) -> bool: ...
    def show_error(self, parent: QWidget, message: str) -> None: ...
    def open_draft_path(self, parent: QWidget, folder: Path) -> Path | None: ...
    def save_draft_path(self, parent: QWidget, proposed: Path) -> Path | None: ...
    def export_path(self, parent: QWidget, proposed: Path) -> Path | None: ...
    def export_pdf_path(self, parent: QWidget, proposed: Path) -> Path | None: ...
    def after_export(self, parent: QWidget, path: Path) -> ExportAnswer: ...
    def choose_template(
        self, parent: QWidget, catalogs: Catalogs, default_profile: str
    ) -> tuple[str, str] | None: ...
    def choose_image(self, parent: QWidget) -> Path | None: ...
    def choose_table(self, parent: QWidget) -> TableChoice | None: ...
    def ask_print(self, parent: QWidget, printer: QPrinter, pages: int) -> bool: ...
    def edit_settings(
        self, parent: QWidget, preferences: Preferences, catalogs: Catalogs
    ) -> bool: ...
    def open_url(self, path: Path) -> None: ...


# Rows, columns and whether the first row is a header row.
TableChoice = tuple[int, int, bool]


class TableDialog(QDialog):
    """Ask for the size of a new table, as Word's "Indsæt tabel"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Indsæt tabel")
        self.rows = QSpinBox()
        self.rows.setRange(1, 200)
        self.rows.setValue(3)
        self.columns = QSpinBox()
        self.columns.setRange(1, 20)
        self.columns.setValue(2)
        self.header = QCheckBox("Første række er &overskriftsrække")
        self.header.setChecked(True)
        self.header.setToolTip("Skærmlæsere og Digital Post bruger overskriftsrækken")
        form = QFormLayout(self)
        form.addRow("&Kolonner:", self.columns)
        form.addRow("&Rækker:", self.rows)
        form.addRow("", self.header)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText("Indsæt")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> TableChoice:
        """Return the chosen rows, columns and header row."""
        return self.rows.value(), self.columns.value(), self.header.isChecked()


def export_anyway_box(parent: QWidget, errors: int) -> tuple[QMessageBox, QPushButton]:
    """Return the "Eksportér alligevel?" box and its export button.

    The safe choice is the default: Enter (or Esc) cancels, so a letter with errors (a
    CPR number, say) never leaves by a reflex keystroke.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Brevet har fejl")
    box.setText(f"Kontrollen har fundet {errors} fejl i brevet. Eksportér alligevel?")
    box.setInformativeText("Ret fejlene først, eller vælg Eksportér alligevel, hvis du er sikker.")
    yes = box.addButton("&Eksportér alligevel", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Annullér", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, yes


class QtDialogs:
    """The real dialogs, in Danish."""

    def ask_save_changes(self, parent: QWidget, name: str) -> SaveAnswer:
        """Ask whether to save `name` before it is closed."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Ikke gemte ændringer")
        box.setText(f"Vil du gemme ændringerne i {name}?")
        box.setInformativeText("Dine ændringer går tabt, hvis du ikke gemmer dem.")
        save = box.addButton("Gem", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Kassér", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Annullér", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return "save"
        if clicked is discard:
            return "discard"
        return "cancel"

    def ask_export_anyway(self, parent: QWidget, errors: int) -> bool:
        """Ask whether to export a letter with `errors` open errors."""
        box, yes = export_anyway_box(parent, errors)
        box.exec()
        return box.clickedButton() is yes

    def ask_restore_autosave(self, parent: QWidget, saved: str) -> bool:
        """Offer to restore the letter autosaved at `saved`."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Gendan brev")
        box.setText("kkletter blev ikke lukket korrekt sidste gang.")
        box.setInformativeText(f"Vil du gendanne det brev, der blev gemt automatisk {saved}?")
        yes = box.addButton("Gendan", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Kassér", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        return box.clickedButton() is yes

    def show_error(self, parent: QWidget, message: str) -> None:
        """Show `message` (a complete Danish sentence) as an error."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("kkletter")
        box.setText(message)
        box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def open_draft_path(self, parent: QWidget, folder: Path) -> Path | None:
        """Ask for a draft to open."""
        name, _ = QFileDialog.getOpenFileName(parent, "Åbn kladde", str(folder), DRAFT_FILTER)
        return Path(name) if name else None

    def save_draft_path(self, parent: QWidget, proposed: Path) -> Path | None:
        """Ask where to save the draft."""
        name, _ = QFileDialog.getSaveFileName(parent, "Gem kladde som", str(proposed), DRAFT_FILTER)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(".toml")

    def export_path(self, parent: QWidget, proposed: Path) -> Path | None:
        """Ask where to export the DOCX."""
        name, _ = QFileDialog.getSaveFileName(
            parent, "Eksportér som Word-dokument", str(proposed), "Word-dokument (*.docx)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".docx" else path.with_suffix(".docx")

    def export_pdf_path(self, parent: QWidget, proposed: Path) -> Path | None:
        """Ask where to export the PDF (the DOCX goes beside it)."""
        name, _ = QFileDialog.getSaveFileName(
            parent, "Eksportér som PDF", str(proposed), "PDF-dokument (*.pdf)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def after_export(self, parent: QWidget, path: Path) -> ExportAnswer:
        """Tell that `path` was written and offer to open it or its folder."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("Eksporteret")
        box.setText(f"Brevet er gemt som {path.name}.")
        box.setInformativeText(str(path.parent))
        document = box.addButton("Åbn dokument", QMessageBox.ButtonRole.AcceptRole)
        folder = box.addButton("Åbn mappe", QMessageBox.ButtonRole.ActionRole)
        box.addButton("Luk", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if clicked is document:
            return "document"
        if clicked is folder:
            return "folder"
        return "close"

    def choose_template(
        self, parent: QWidget, catalogs: Catalogs, default_profile: str
    ) -> tuple[str, str] | None:
        """Show the new-letter dialog."""
        dialog = NewLetterDialog(
            catalogs.templates,
            catalogs.profiles,
            default_profile=default_profile,
            origins=catalogs.origins,
            parent=parent,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()

    def choose_image(self, parent: QWidget) -> Path | None:
        """Ask for a signature image."""
        name, _ = QFileDialog.getOpenFileName(
            parent, "Vælg underskrift", "", "Billeder (*.png *.jpg *.jpeg *.gif *.bmp)"
        )
        return Path(name) if name else None

    def ask_print(self, parent: QWidget, printer: QPrinter, pages: int) -> bool:
        """Show the system's print dialog for a letter of `pages` pages."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle("Udskriv brev")
        dialog.setMinMax(1, max(1, pages))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def choose_table(self, parent: QWidget) -> TableChoice | None:
        """Ask for the size of a new table."""
        dialog = TableDialog(parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def edit_settings(self, parent: QWidget, preferences: Preferences, catalogs: Catalogs) -> bool:
        """Show the settings dialog; return whether the user saved."""
        dialog = SettingsDialog(preferences, catalogs, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        dialog.store()
        return True

    def open_url(self, path: Path) -> None:
        """Open `path` (document or folder) with the system's program."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class SettingsDialog(QDialog):
    """Default profile and signer, output folder, autosave interval."""

    def __init__(
        self, preferences: Preferences, catalogs: Catalogs, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Indstillinger – kkletter")
        self._preferences = preferences
        self.profile = QComboBox()
        self.profile.addItem("(ingen)", "")
        for profile in catalogs.profiles.values():
            self.profile.addItem(profile.name, profile.id)
        self.profile.setCurrentIndex(
            max(0, self.profile.findData(preferences.get(keys.DEFAULT_PROFILE)))
        )
        self.signer_name = QLineEdit(preferences.get(keys.DEFAULT_SIGNER_NAME))
        self.signer_title = QLineEdit(preferences.get(keys.DEFAULT_SIGNER_TITLE))
        self.output_folder = QLineEdit(preferences.get(keys.OUTPUT_FOLDER))
        browse = QPushButton("Vælg …")
        browse.clicked.connect(self._on_browse_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.output_folder, 1)
        folder_row.addWidget(browse)
        self.autosave = QSpinBox()
        self.autosave.setRange(5, 600)
        self.autosave.setSuffix(" sekunder")
        self.autosave.setValue(preferences.get(keys.AUTOSAVE_SECONDS))
        from kkletter.pdf import DEFAULT_ENGINE, ENGINE_NAMES

        self.pdf_engine = QComboBox()
        for engine, label in ENGINE_NAMES.items():
            self.pdf_engine.addItem(label, engine)
        index = self.pdf_engine.findData(preferences.get(keys.PDF_ENGINE))
        self.pdf_engine.setCurrentIndex(max(0, index, self.pdf_engine.findData(DEFAULT_ENGINE)))
        self.pdf_engine.setToolTip(
            "Indbygget: PDF/A + PDF/UA direkte fra brevet, uden andre programmer. "
            "LibreOffice: konvertér Word-filen (kræver LibreOffice)."
        )
        self._init_shared_folder()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Gem")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Standardafsender:", self.profile)
        form.addRow("Underskriver, navn:", self.signer_name)
        form.addRow("Underskriver, titel:", self.signer_title)
        form.addRow("Mappe til eksport:", folder_row)
        form.addRow("Gem automatisk hvert:", self.autosave)
        form.addRow("PDF-motor:", self.pdf_engine)
        form.addRow("&Fælles bibliotek:", self.shared_row)
        form.addRow("", self.shared_note)
        form.addRow(buttons)

    def store(self) -> None:
        """Write the dialog's values to the preferences."""
        prefs = self._preferences
        prefs.set(keys.DEFAULT_PROFILE, str(self.profile.currentData() or ""))
        prefs.set(keys.DEFAULT_SIGNER_NAME, self.signer_name.text().strip())
        prefs.set(keys.DEFAULT_SIGNER_TITLE, self.signer_title.text().strip())
        prefs.set(keys.OUTPUT_FOLDER, self.output_folder.text().strip())
        prefs.set(keys.AUTOSAVE_SECONDS, self.autosave.value())
        prefs.set(keys.PDF_ENGINE, str(self.pdf_engine.currentData()))
        prefs.sync()
        self._store_shared_folder()

    # --- the library's shared folder (issue 11); kept in the library's own settings file,
    # so the CLI reads it too.
    def _init_shared_folder(self) -> None:
        from kkletter.library.layers import SHARED_ENV, LibraryLocations, shared_folder_setting

        self._personal = LibraryLocations.default().personal
        current = shared_folder_setting(self._personal)
        self.shared_folder = QLineEdit(str(current) if current else "")
        self.shared_folder.setPlaceholderText(r"fx \\sof-fil01\kkletter-bibliotek")
        browse = QPushButton("Vælg …")
        browse.clicked.connect(self._on_shared_browse_clicked)
        self.shared_row = QHBoxLayout()
        self.shared_row.addWidget(self.shared_folder, 1)
        self.shared_row.addWidget(browse)
        self.shared_note = QLabel(
            "Afsendere, underskrivere, standardtekster og skabeloner, som hele kontoret deler."
        )
        self.shared_note.setWordWrap(True)
        self._shared_from_env = bool(os.environ.get(SHARED_ENV, "").strip())
        if self._shared_from_env:
            self.shared_folder.setEnabled(False)
            browse.setEnabled(False)
            self.shared_note.setText(
                f"Sat af IT med miljøvariablen {SHARED_ENV}; kan ikke ændres her."
            )

    def _store_shared_folder(self) -> None:
        from kkletter.library.layers import save_shared_folder_setting

        if self._shared_from_env:
            return
        text = self.shared_folder.text().strip()
        save_shared_folder_setting(self._personal, Path(text) if text else None)

    def _on_shared_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Det fælles bibliotek", self.shared_folder.text()
        )
        if folder:
            self.shared_folder.setText(folder)

    def _on_browse_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Mappe til eksport", self.output_folder.text()
        )
        if folder:
            self.output_folder.setText(folder)
