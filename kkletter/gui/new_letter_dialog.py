"""The "Nyt brev" dialog: choose a template (name and description) and a sender."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkletter.model import Profile
from kkletter.templating import TemplateSpec

_ROLE = Qt.ItemDataRole.UserRole


class NewLetterDialog(QDialog):
    """List the templates with their descriptions; return the chosen template and sender."""

    def __init__(
        self,
        templates: Mapping[str, TemplateSpec],
        profiles: Mapping[str, Profile],
        *,
        default_profile: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nyt brev – kkletter")
        self.resize(560, 440)
        self.templates = QListWidget()
        self.templates.setSpacing(2)
        self.templates.setWordWrap(True)
        for spec in templates.values():
            item = QListWidgetItem(f"{spec.name}\n{spec.description}")
            item.setData(_ROLE, spec.id)
            item.setSizeHint(QSize(0, 52))
            font = item.font()
            item.setFont(font)
            item.setToolTip(spec.description)
            self.templates.addItem(item)
        self.templates.setCurrentRow(0)
        self.profile = QComboBox()
        for profile in profiles.values():
            self.profile.addItem(profile.name, profile.id)
        index = self.profile.findData(default_profile)
        if index >= 0:
            self.profile.setCurrentIndex(index)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Opret")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.templates.itemDoubleClicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Vælg skabelon</b>"))
        layout.addWidget(self.templates, 1)
        form = QFormLayout()
        form.addRow("&Afsender:", self.profile)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, str] | None:
        """Return (template id, profile id) of the current selection."""
        item = self.templates.currentItem()
        if item is None:
            return None
        return str(item.data(_ROLE)), str(self.profile.currentData() or "")
