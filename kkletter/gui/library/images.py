"""A path field with a "Vælg …" button for a logo or signature image."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget


class ImageField(QWidget):
    """An image path typed or chosen; empty means no image."""

    def __init__(self, filter_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._filter = filter_text
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("(intet billede)")
        self.choose = QPushButton("Vælg …")
        self.clear = QPushButton("Fjern")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.path_edit, 1)
        layout.addWidget(self.choose)
        layout.addWidget(self.clear)
        self.choose.clicked.connect(self._on_choose_clicked)
        self.clear.clicked.connect(self.path_edit.clear)

    def path(self) -> Path | None:
        """Return the chosen image, or None."""
        text = self.path_edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | None) -> None:
        """Show `path` (None: no image)."""
        self.path_edit.setText(str(path) if path else "")

    def _on_choose_clicked(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Vælg billede", self.path_edit.text(), self._filter
        )
        if chosen:
            self.path_edit.setText(chosen)
