"""The "Nyt brev" dialog: choose a template (name and description) and a sender."""

from __future__ import annotations

import html
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


def _origin_note(origin: str) -> str:
    """Return a grey " (fælles)" after a library item's name; nothing for a built-in one."""
    if not origin or origin == "indbygget":
        return ""
    return f' <span style="color: #666;">({html.escape(origin)})</span>'


class NewLetterDialog(QDialog):
    """List the templates with their descriptions; return the chosen template and sender."""

    def __init__(
        self,
        templates: Mapping[str, TemplateSpec],
        profiles: Mapping[str, Profile],
        *,
        default_profile: str = "",
        origins: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nyt brev – kkletter")
        self.resize(560, 440)
        self.templates = QListWidget()
        self.templates.setSpacing(2)
        self.templates.setWordWrap(True)
        for spec in templates.values():
            item = QListWidgetItem()
            item.setData(_ROLE, spec.id)
            item.setToolTip(spec.description)
            origin = _origin_note((origins or {}).get(f"templates/{spec.id}", ""))
            label = QLabel(
                f"<b>{html.escape(spec.name)}</b>{origin}<br/>{html.escape(spec.description)}"
            )
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            item.setSizeHint(QSize(0, max(48, label.heightForWidth(480) + 10)))
            self.templates.addItem(item)
            self.templates.setItemWidget(item, label)
        self.templates.setCurrentRow(0)
        self.profile = QComboBox()
        for profile in profiles.values():
            origin = (origins or {}).get(f"profiles/{profile.id}", "")
            shown = origin if origin and origin != "indbygget" else ""
            self.profile.addItem(f"{profile.name} ({shown})" if shown else profile.name, profile.id)
            if origin:
                self.profile.setItemData(
                    self.profile.count() - 1, f"Kommer fra: {origin}", Qt.ItemDataRole.ToolTipRole
                )
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
