"""The library the running app uses, reloaded after each save."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kkletter.library import Library, LibraryLocations, load_library


class LibraryState(QObject):
    """Hold the current `Library`; `changed` is emitted after every reload."""

    changed = Signal()

    def __init__(
        self,
        library: Library,
        locations: LibraryLocations | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._locations = locations

    def reload(self) -> Library:
        """Read the layers again (after a save) and tell every listener."""
        self.library = load_library(self._locations)
        self.changed.emit()
        return self.library

    def save_place(self) -> str:
        """Return, in Danish, where a manager saves ("det fælles bibliotek (...)")."""
        layer = self.library.save_layer()
        if layer.name == "shared":
            return f"det fælles bibliotek ({layer.write_root})"
        return "dit personlige bibliotek"
