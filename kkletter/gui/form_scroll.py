"""The scroll area of the letter form: never narrower than the form's fields need."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget


class FormScrollArea(QScrollArea):
    """Scroll the form up and down only; its minimum width is the form's, so no field is cut.

    The form grows as a template adds fields (a long label widens it); the splitter then
    gets a new minimum at once.
    """

    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(form)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        form.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Return the form's minimum width plus the frame and a vertical scroll bar."""
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is None:
            return hint
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width = form.minimumSizeHint().width() + 2 * self.frameWidth() + scroll_bar
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Pass a change of the form's layout on to the splitter (a new minimum width)."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)
