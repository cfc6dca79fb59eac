"""Tab in a multi-line field of the letter form moves on, as in every other field."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit


class TabLeaves(QObject):
    """Make Tab leave a multi-line field, as in every other field; Ctrl+Tab types a tab."""

    def __init__(self, edit: QPlainTextEdit) -> None:
        super().__init__(edit)
        edit.setTabChangesFocus(True)
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Type a tab for Ctrl+Tab."""
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Tab
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            and isinstance(watched, QPlainTextEdit)
        ):
            watched.insertPlainText("\t")
            return True
        return False
