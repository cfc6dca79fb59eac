"""The "Bibliotek" menu: the managers, the paragraph picker (Ctrl+T) and F3 short names.

`install_library_menu` is the one hook the app calls after building the main window; the
window itself only offers `set_catalogs`, `current_letter`, `editor`, `form` and
`settingsChanged`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kkletter.errors import KKLetterError
from kkletter.gui.library.shortnames import (
    insert_markdown,
    short_name_at_cursor,
    word_before_cursor,
)
from kkletter.gui.library.state import LibraryState
from kkletter.library.paragraphs import Paragraph, expand_paragraph

if TYPE_CHECKING:
    from kkletter.gui.library.manager import ManagerDialog
    from kkletter.gui.library.picker import ParagraphPicker
    from kkletter.gui.main_window import MainWindow

# The managers and the picker are imported when first opened: a fast start.
Confirm = Callable[[QWidget, str], bool]


def _ask_yes_no(parent: QWidget, question: str) -> bool:
    from kkletter.gui.library.manager import ask_yes_no

    return ask_yes_no(parent, question)


F3 = QKeySequence("F3")


class LibraryMenu(QObject):
    """The library's actions in `window`, kept in step with `state`."""

    def __init__(
        self, window: MainWindow, state: LibraryState, confirm: Confirm = _ask_yes_no
    ) -> None:
        super().__init__(window)
        self._window = window
        self._state = state
        self._confirm = confirm
        self.last_dialog: QDialog | None = None  # the manager or picker shown last (tests)
        self._init_actions()
        self._init_menu()
        self._connect_signals()
        # The window was built with this library's catalogs: only the signers are new to it.
        self._offer_library(set_catalogs=False)
        self._show_status()

    # --- table of contents -----------------------------------------------------

    def _init_actions(self) -> None:
        window = self._window
        # F3 is shared: a short name before the cursor expands, otherwise the action
        # that had F3 (find next) runs.
        self._f3_fallback = next(
            (a for a in window.findChildren(QAction) if F3 in a.shortcuts()), None
        )
        if self._f3_fallback is not None:
            self._f3_fallback.setShortcuts([s for s in self._f3_fallback.shortcuts() if s != F3])

        def action(
            text: str, slot: Callable[[], object], shortcut: str = "", tip: str = ""
        ) -> QAction:
            new = QAction(text, window)
            if shortcut:
                new.setShortcut(QKeySequence(shortcut))
            if tip:
                new.setStatusTip(tip)
            new.triggered.connect(lambda _checked=False: slot())
            window.addAction(new)
            return new

        self.profiles = action("&Afsendere …", self.open_profiles, tip="Enheder og brevhoveder")
        self.signers = action("&Underskrivere …", self.open_signers)
        self.paragraphs = action("&Standardtekster …", self.open_paragraphs)
        self.templates = action("S&kabeloner …", self.open_templates, tip="Gem som skabelon")
        self.insert = action(
            "&Indsæt standardtekst …",
            self.pick_paragraph,
            "Ctrl+T",
            "Søg en standardtekst frem og indsæt den, hvor markøren står",
        )
        self.expand = action(
            "&Udvid kortnavn",
            self.expand_short_name,
            "F3",
            "Skriv en standardteksts kortnavn og tryk F3",
        )
        self.problems = action("&Problemer i biblioteket …", self.show_problems)

    def _init_menu(self) -> None:
        bar = self._window.menuBar()
        self.menu = QMenu("&Bibliotek", self._window)
        self.menu.addActions([self.insert, self.expand])
        self.menu.addSeparator()
        self.menu.addActions([self.profiles, self.signers, self.paragraphs, self.templates])
        self.menu.addSeparator()
        self.menu.addAction(self.problems)
        before = next((a for a in bar.actions() if a.text() == "&Kontrol"), None)
        if before is None:
            bar.addMenu(self.menu)
        else:
            bar.insertMenu(before, self.menu)

    def _connect_signals(self) -> None:
        self._state.changed.connect(self._on_state_changed)
        self._window.settingsChanged.connect(self._on_window_settings_changed)

    # --- actions ---------------------------------------------------------------

    def open_profiles(self) -> ManagerDialog:
        """Show Bibliotek → Afsendere."""
        from kkletter.gui.library.profiles_manager import ProfilesManager

        return self._show(ProfilesManager(self._state, self._window, self._confirm))

    def open_signers(self) -> ManagerDialog:
        """Show Bibliotek → Underskrivere."""
        from kkletter.gui.library.signers_manager import SignersManager

        return self._show(SignersManager(self._state, self._window, self._confirm))

    def open_paragraphs(self) -> ManagerDialog:
        """Show Bibliotek → Standardtekster."""
        from kkletter.gui.library.paragraphs_manager import ParagraphsManager

        return self._show(ParagraphsManager(self._state, self._window, self._confirm))

    def open_templates(self) -> ManagerDialog:
        """Show Bibliotek → Skabeloner."""
        from kkletter.gui.library.templates_manager import TemplatesManager

        manager = TemplatesManager(
            self._state, self._window.current_letter, self._window, self._confirm
        )
        return self._show(manager)

    def _show(self, dialog: ManagerDialog) -> ManagerDialog:
        self.last_dialog = dialog
        dialog.setModal(True)
        dialog.open()
        return dialog

    def pick_paragraph(self) -> ParagraphPicker:
        """Open the picker; the chosen paragraph is inserted at the cursor."""
        from kkletter.gui.library.picker import ParagraphPicker

        paragraphs = [e.value for e in self._state.library.paragraphs.values()]
        picker = ParagraphPicker(paragraphs, self._window)
        self.last_dialog = picker
        picker.accepted.connect(lambda: self._insert_chosen(picker))
        picker.open()
        return picker

    def _insert_chosen(self, picker: ParagraphPicker) -> None:
        paragraph = picker.chosen()
        if paragraph is not None:
            self.insert_paragraph(paragraph)

    def insert_paragraph(self, paragraph: Paragraph, *, replace_word: str = "") -> bool:
        """Insert `paragraph`, with the letter's fields filled in, at the editor's cursor."""
        window = self._window
        try:
            markdown = expand_paragraph(paragraph, window.current_letter())
        except KKLetterError as exc:
            window.statusBar().showMessage(str(exc), 8000)
            return False
        insert_markdown(window.editor, markdown, replace_word=replace_word)
        window.editor.setFocus()
        window.statusBar().showMessage(f"Indsatte standardteksten «{paragraph.title}».", 4000)
        return True

    def expand_short_name(self) -> bool:
        """F3: expand the short name before the cursor; otherwise run the old F3 action."""
        editor = self._window.editor
        paragraphs = [e.value for e in self._state.library.paragraphs.values()]
        paragraph = short_name_at_cursor(editor, paragraphs)
        if paragraph is not None:
            return self.insert_paragraph(paragraph, replace_word=word_before_cursor(editor))
        if self._f3_fallback is not None:
            self._f3_fallback.trigger()
            return False
        word = word_before_cursor(editor)
        self._window.statusBar().showMessage(
            f"'{word}' er ikke et kortnavn. Se kortnavnene under Bibliotek → Standardtekster."
            if word
            else "Skriv en standardteksts kortnavn, og tryk F3.",
            6000,
        )
        return False

    def show_problems(self) -> QDialog:
        """List the library's skipped files with file, line and reason."""
        library = self._state.library
        lines = [str(p) for p in library.problems]
        if library.shared.message:
            lines.insert(0, library.shared.message)
        dialog = QDialog(self._window)
        dialog.setWindowTitle("Problemer i biblioteket – kkletter")
        dialog.resize(820, 360)
        text = QPlainTextEdit("\n\n".join(lines) or "Ingen problemer: alle filer kunne læses.")
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    # --- slots -----------------------------------------------------------------

    def _show_status(self) -> None:
        library = self._state.library
        parts = [library.shared.message] if library.shared.message else []
        if library.problems:
            count = len(library.problems)
            parts.append(
                f"{count} {'fil' if count == 1 else 'filer'} i biblioteket er sprunget over "
                "(se Bibliotek → Problemer i biblioteket)."
            )
        if parts:
            self._window.statusBar().showMessage(" ".join(parts))

    def _on_state_changed(self) -> None:
        self._offer_library(set_catalogs=True)

    def _offer_library(self, *, set_catalogs: bool) -> None:
        library = self._state.library
        if set_catalogs:
            self._window.set_catalogs(library.catalogs())
        self._window.form.set_signers({k: e.value for k, e in library.signers.items()})
        self._show_profile_origins()
        self.problems.setText(
            f"&Problemer i biblioteket ({len(library.problems)}) …"
            if library.problems
            else "&Problemer i biblioteket …"
        )

    def _show_profile_origins(self) -> None:
        """Mark the form's senders from the personal or shared layer, e.g. "(fælles)"."""
        combo = self._window.form.profile
        profiles = self._state.library.profiles
        for row in range(combo.count()):
            entry = profiles.get(str(combo.itemData(row)))
            if entry is None:
                continue
            combo.setItemData(row, f"Kommer fra: {entry.origin_label}", Qt.ItemDataRole.ToolTipRole)
            if entry.origin != "builtin":
                combo.setItemText(row, f"{entry.value.name} ({entry.origin_label})")

    def _on_window_settings_changed(self) -> None:
        self._state.reload()
        self._show_status()


def install_library_menu(
    window: MainWindow, state: LibraryState, confirm: Confirm = _ask_yes_no
) -> LibraryMenu:
    """Add the Bibliotek menu, Ctrl+T and F3 to `window`, backed by `state`."""
    return LibraryMenu(window, state, confirm)
