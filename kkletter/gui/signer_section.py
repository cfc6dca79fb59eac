"""The letter form's signer section: the library's signers, name, title, contact, signature."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kkletter.model import Signer


class SignerSection(QGroupBox):
    """Show who signs the letter; emit `changed` when the user picks a signer or a signature.

    Typing in the text fields is not reported here: the form listens to those itself.
    """

    changed = Signal()

    def __init__(
        self, *, choose_image: Callable[[], Path | None], parent: QWidget | None = None
    ) -> None:
        super().__init__("Underskriver", parent)
        self._choose_image = choose_image
        self._signers: dict[str, Signer] = {}
        self._signature: Path | None = None
        self._build()
        self._connect()

    def _build(self) -> None:
        self.signer_name = QLineEdit()
        self.signer_title = QLineEdit()
        # The library's signers (issue 11): typing filters the list; a choice fills the box.
        self.signer_pick = QComboBox()
        self.signer_pick.setEditable(True)
        self.signer_pick.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.signer_pick.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.signer_pick.setMinimumContentsLength(16)
        self.signer_pick.setPlaceholderText("Skriv for at søge i underskriverne")
        pick_edit = self.signer_pick.lineEdit()
        if pick_edit is not None:  # editable: the placeholder shows in its line edit
            pick_edit.setPlaceholderText("Skriv for at søge i underskriverne")
        completer = QCompleter(self.signer_pick.model(), self.signer_pick)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.signer_pick.setCompleter(completer)
        self.signer_phone = QLineEdit()
        self.signer_phone.setPlaceholderText("erstatter afsenderens direkte telefon")
        self.signer_email = QLineEdit()
        self.signer_email.setPlaceholderText("erstatter afsenderens e-mail")
        self.signature_thumb = QLabel("Ingen underskrift")
        self.signature_thumb.setFixedSize(120, 44)
        self.signature_thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature_thumb.setStyleSheet("border: 1px dashed #aaa; color: #777;")
        self.signature_choose = QPushButton("Vælg …")
        self.signature_choose.setToolTip("Vælg et billede af underskriften")
        self.signature_clear = QPushButton("Fjern")

        signer_form = QFormLayout(self)
        signer_form.addRow("Fra &listen:", self.signer_pick)
        signer_form.addRow("Navn:", self.signer_name)
        signer_form.addRow("&Titel:", self.signer_title)
        signer_form.addRow("Direkte telefon:", self.signer_phone)
        signer_form.addRow("E-&mail:", self.signer_email)
        signature_row = QHBoxLayout()
        signature_row.addWidget(self.signature_thumb)
        buttons = QVBoxLayout()
        buttons.addWidget(self.signature_choose)
        buttons.addWidget(self.signature_clear)
        signature_row.addLayout(buttons)
        signer_form.addRow("Billede:", signature_row)

    def _connect(self) -> None:
        self.signer_pick.activated.connect(self._on_signer_pick_activated)
        self.signature_choose.clicked.connect(self._on_signature_choose_clicked)
        self.signature_clear.clicked.connect(self._on_signature_clear_clicked)

    def signature(self) -> Path | None:
        """Return the signature image's path (None: no signature)."""
        return self._signature

    def set_signers(self, signers: Mapping[str, Signer]) -> None:
        """Offer `signers` (the library's, by id) in the signer list."""
        self._signers = dict(signers)
        self.signer_pick.blockSignals(True)
        self.signer_pick.clear()
        for signer_id, signer in self._signers.items():
            label = f"{signer.name} – {signer.title}" if signer.title else signer.name
            self.signer_pick.addItem(label, signer_id)
        self.signer_pick.setCurrentIndex(-1)
        self.signer_pick.blockSignals(False)

    def library_signer(self, name: str) -> Signer | None:
        """Return the library's signer called `name` (case and spaces ignored), if any."""
        key = " ".join(name.casefold().split())
        if not key:
            return None
        return next(
            (s for s in self._signers.values() if " ".join(s.name.casefold().split()) == key),
            None,
        )

    def choose_signer(self, signer_id: str) -> None:
        """Fill name, title, phone, e-mail and signature from the library's signer."""
        signer = self._signers[signer_id]
        self.signer_pick.blockSignals(True)
        self.signer_pick.setCurrentIndex(self.signer_pick.findData(signer_id))
        self.signer_pick.blockSignals(False)
        self.signer_name.setText(signer.name)
        self.signer_title.setText(signer.title)
        self.signer_phone.setText(signer.phone)
        self.signer_email.setText(signer.email)
        self.set_signature(signer.signature)
        self.changed.emit()

    def set_signature(self, path: Path | None) -> None:
        """Show the signature image at `path` (None: no signature) without emitting `changed`."""
        self._signature = path
        pixmap = QPixmap(str(path)) if path is not None and path.is_file() else QPixmap()
        if not pixmap.isNull():
            self.signature_thumb.setPixmap(
                pixmap.scaled(
                    self.signature_thumb.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.signature_thumb.setToolTip(str(path))
        else:
            self.signature_thumb.setPixmap(QPixmap())
            self.signature_thumb.setText("Ingen underskrift" if path is None else "Filen mangler")
            self.signature_thumb.setToolTip(str(path) if path else "")

    def _on_signer_pick_activated(self, index: int) -> None:
        signer_id = self.signer_pick.itemData(index)
        if signer_id in self._signers:
            self.choose_signer(str(signer_id))

    def _on_signature_choose_clicked(self) -> None:
        path = self._choose_image()
        if path is not None:
            self.set_signature(path)
            self.changed.emit()

    def _on_signature_clear_clicked(self) -> None:
        self.set_signature(None)
        self.changed.emit()
