"""Spell checking as you type: a background speller, wavy underlines and a Danish menu.

The dictionary is loaded and words are looked up on a worker thread; the GUI thread
only reads answers already known, so typing never waits for Hunspell. Words not yet
known are sent to the worker and underlined when the answer comes back. Suggestions
(right-click) are asked for on the GUI thread: Hunspell needs up to a few hundred ms.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QInputMethodEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget

from kkletter.errors import KKLetterError
from kkletter.spelling import (
    SpellingError,
    Word,
    personal_wordlist,
    shared_wordlist,
    words_to_check,
)

SPELLING_COLOUR = QColor("#d0021b")


class SpellerLike(Protocol):
    """What the service asks of a speller: a `Speller` or a `SpellerProcess`."""

    def check_words(self, words: Iterable[str]) -> dict[str, bool]: ...
    def suggest(self, word: str, limit: int = 6) -> tuple[str, ...]: ...
    def add_word(self, word: str) -> None: ...
    def close(self) -> None: ...


SpellerLoader = Callable[[], SpellerLike]


def default_speller() -> SpellerLike:
    """Start the speller process with the user's and the office's word lists.

    A child process, not a thread: Hunspell keeps Python's lock while it loads and
    suggests, which would freeze the window (see `kkletter.spelling_server`).
    """
    from kkletter.spelling import Speller
    from kkletter.spelling_server import SpellerProcess

    personal, shared = personal_wordlist(), shared_wordlist()
    try:
        return SpellerProcess(personal=personal, shared=shared)
    except SpellingError:
        # No child process possible here: spell in this process (short pauses).
        return Speller.load(personal=personal, shared=shared)


def spelling_format() -> QTextCharFormat:
    """Return the format of an unknown word: a red wavy underline, as in Word."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(SPELLING_COLOUR)
    return fmt


class SpellService(QObject):
    """Own a `Speller` on a worker thread; answer `status` from what is already known.

    `checked` carries the words whose answer just arrived; `ready` tells that the
    dictionary is loaded; `failed` carries a Danish message when it cannot be.
    """

    ready = Signal()
    checked = Signal(object)  # frozenset[str]
    failed = Signal(str)
    _answered = Signal(object)  # dict[str, bool], from the worker
    _loaded = Signal(object)  # SpellerLike | str, from the worker

    def __init__(self, loader: SpellerLoader = default_speller, parent: QObject | None = None):
        super().__init__(parent)
        self._loader = loader
        self._speller: SpellerLike | None = None
        self._known: dict[str, bool] = {}
        self._pending: set[str] = set()
        self._tasks: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self.error = ""
        self._answered.connect(self._on_answered)
        self._loaded.connect(self._on_loaded)

    # --- life cycle --------------------------------------------------------------

    def start(self) -> None:
        """Load the dictionary in the background (once)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._work, name="kkletter-stavekontrol")
        self._thread.daemon = True  # never keeps the app from quitting
        self._thread.start()

    def stop(self) -> None:
        """Stop the worker thread and wait for it."""
        thread = self._thread
        if thread is None:
            return
        self._tasks.put(None)
        thread.join(timeout=5)
        self._thread = None

    def is_ready(self) -> bool:
        """Return whether the dictionary is loaded."""
        return self._speller is not None

    def wait_until_ready(self, timeout: float = 10.0) -> bool:
        """Block until the dictionary is loaded (tests, benchmarks); return whether it is."""
        import time

        deadline = time.monotonic() + timeout
        while self._speller is None and not self.error and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        return self._speller is not None

    def _work(self) -> None:
        try:
            speller = self._loader()
        except KKLetterError as exc:
            self._emit(self._loaded, str(exc))
            return
        self._emit(self._loaded, speller)
        try:
            while True:
                words = self._tasks.get()
                if words is None:
                    return
                try:
                    answers = speller.check_words(words)
                except KKLetterError as exc:
                    self._emit(self._loaded, str(exc))
                    return
                self._emit(self._answered, answers)
        finally:
            speller.close()

    @staticmethod
    def _emit(signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window, and this object with it, is gone
            signal.emit(value)

    # --- questions -----------------------------------------------------------------

    def status(self, word: str) -> bool | None:
        """Return whether `word` is spelled right, or None while that is not known yet."""
        return self._known.get(word)

    def request(self, words: Iterable[str]) -> None:
        """Have the worker look up `words` whose answer is not known or asked for yet."""
        new = [w for w in dict.fromkeys(words) if w not in self._known and w not in self._pending]
        if not new:
            return
        self._pending.update(new)
        if self._speller is not None:
            self._tasks.put(new)

    def waiting(self) -> int:
        """Return how many words are asked for and not answered yet."""
        return len(self._pending)

    def suggest(self, word: str) -> tuple[str, ...]:
        """Return corrections of `word`, best first (asked on the calling thread)."""
        if self._speller is None:
            return ()
        try:
            return self._speller.suggest(word)
        except KKLetterError:
            return ()

    def add_word(self, word: str) -> None:
        """Accept `word` from now on and keep it in the personal word list."""
        if self._speller is None:
            return
        try:
            self._speller.add_word(word)
        except KKLetterError as exc:
            self.failed.emit(str(exc))
            return
        self._known[word] = True
        for form in (f"{word}.", f"{word}-"):
            self._known.pop(form, None)
        self.checked.emit(frozenset({word}))

    # --- slots -----------------------------------------------------------------

    def _on_loaded(self, result: SpellerLike | str) -> None:
        if isinstance(result, str):
            self.error = result
            self.failed.emit(result)
            return
        self._speller = result
        self.ready.emit()
        if self._pending:
            self._tasks.put(list(self._pending))

    def _on_answered(self, answers: dict[str, bool]) -> None:
        self._known.update(answers)
        self._pending.difference_update(answers)
        self.checked.emit(frozenset(answers))


class SpellHighlighter(QSyntaxHighlighter):
    """Underline the unknown words of a text document (the body editor, text fields)."""

    def __init__(self, document: QTextDocument, service: SpellService) -> None:
        super().__init__(document)
        self._service = service
        self._format = spelling_format()
        service.checked.connect(self._on_service_checked)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        """Underline the words of one paragraph known to be wrong; ask about new ones."""
        unknown: list[str] = []
        for word in words_to_check(text):
            status = self._service.status(word.text)
            if status is None:
                unknown.append(word.text)
            elif not status:
                self.setFormat(word.start, word.end - word.start, self._format)
        if unknown:
            self._service.request(unknown)

    def _on_service_checked(self, words: frozenset[str]) -> None:
        document = self.document()
        if document is None:
            return
        # Redrawing is no edit: without this the document would report a change of
        # contents, and the letter would count as modified.
        blocked = document.blockSignals(True)
        try:
            block = document.begin()
            while block.isValid():
                text = block.text()
                if any(word.rstrip(".-") in text for word in words):
                    self.rehighlightBlock(block)
                block = block.next()
        finally:
            document.blockSignals(blocked)


class LineEditSpelling(QObject):
    """Underline the unknown words of a one-line field (QLineEdit has no highlighter)."""

    def __init__(self, line_edit: QLineEdit, service: SpellService) -> None:
        super().__init__(line_edit)
        self._line = line_edit
        self._service = service
        self._format = spelling_format()
        self.underlined: list[Word] = []
        line_edit.textChanged.connect(self._on_line_text_changed)
        service.checked.connect(self._on_service_checked)
        self._update()

    def _update(self) -> None:
        text = self._line.text()
        wrong: list[Word] = []
        unknown: list[str] = []
        for word in words_to_check(text):
            status = self._service.status(word.text)
            if status is None:
                unknown.append(word.text)
            elif not status:
                wrong.append(word)
        if unknown:
            self._service.request(unknown)
        if wrong == self.underlined:
            return
        self.underlined = wrong
        # The one public way to format part of a QLineEdit's text: input-method
        # attributes, whose start is relative to the cursor.
        cursor = self._line.cursorPosition()
        attributes = [
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat,
                word.start - cursor,
                word.end - word.start,
                self._format,
            )
            for word in wrong
        ]
        QCoreApplication.sendEvent(self._line, QInputMethodEvent("", attributes))

    def _on_line_text_changed(self, _text: str) -> None:
        self._update()

    def _on_service_checked(self, _words: frozenset[str]) -> None:
        self._update()


def word_at(text: str, index: int) -> Word | None:
    """Return the checked word of `text` that `index` falls in (or touches at its end)."""
    for word in words_to_check(text):
        if word.start <= index <= word.end:
            return word
    return None


def add_spelling_actions(
    menu: QMenu, service: SpellService, word: Word | None, replace: Callable[[str], None]
) -> None:
    """Put suggestions for an unknown `word` and "Tilføj til ordbog" at the top of `menu`."""
    if word is None or service.status(word.text) is not False:
        return
    suggestions = service.suggest(word.text)
    added: list[QAction] = []
    bold = QFont()
    bold.setBold(True)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        action.setFont(bold)
        action.triggered.connect(lambda _checked=False, s=suggestion: replace(s))
        added.append(action)
    if not suggestions:
        none = QAction("(ingen forslag)", menu)
        none.setEnabled(False)
        added.append(none)
    plain = word.text.rstrip(".-")
    add = QAction("Tilføj til ordbog", menu)
    add.setStatusTip(f"Godkend '{plain}' fremover (din personlige ordliste)")
    add.triggered.connect(lambda _checked=False: service.add_word(plain))
    added.append(add)
    first = menu.actions()[0] if menu.actions() else None
    if first is None:
        menu.addActions(added)
        return
    menu.insertActions(first, added)
    menu.insertSeparator(first)


def editor_word_at(
    editor: QTextEdit | QPlainTextEdit, pos: QPoint
) -> tuple[Word, QTextCursor] | None:
    """Return the word at viewport point `pos` of `editor` and a cursor selecting it."""
    cursor = editor.cursorForPosition(pos)
    block = cursor.block()
    word = word_at(block.text(), cursor.positionInBlock())
    if word is None:
        return None
    select = QTextCursor(block)
    select.setPosition(block.position() + word.start)
    select.setPosition(block.position() + word.end, QTextCursor.MoveMode.KeepAnchor)
    return word, select


def replace_selection(editor: QTextEdit | QPlainTextEdit, cursor: QTextCursor, text: str) -> None:
    """Replace what `cursor` selects in `editor` with `text` (one undo step)."""
    cursor.insertText(text)
    editor.setTextCursor(cursor)


def spelling_menu(
    widget: QLineEdit | QPlainTextEdit | QTextEdit, service: SpellService, pos: QPoint
) -> QMenu:
    """Return the Danish right-click menu of `widget` with spelling suggestions on top."""
    if isinstance(widget, QLineEdit):
        menu = widget.createStandardContextMenu()
        word = word_at(widget.text(), widget.cursorPositionAt(pos))

        def replace_in_line(text: str) -> None:
            assert word is not None
            widget.setSelection(word.start, word.end - word.start)
            widget.insert(text)

        add_spelling_actions(menu, service, word, replace_in_line)
        return menu
    menu = widget.createStandardContextMenu(pos)
    found = editor_word_at(widget, pos)
    if found is not None:
        word, cursor = found
        add_spelling_actions(
            menu, service, word, lambda text: replace_selection(widget, cursor, text)
        )
    return menu


class FieldSpelling(QObject):
    """Spell-check text fields of the form: underline and a right-click menu."""

    def __init__(self, service: SpellService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service

    def attach(self, widget: QWidget) -> None:
        """Check the spelling of `widget` (a QLineEdit or QPlainTextEdit) as the user types."""
        if isinstance(widget, QLineEdit):
            LineEditSpelling(widget, self._service)
        elif isinstance(widget, QPlainTextEdit):
            SpellHighlighter(widget.document(), self._service)
        else:
            return
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        widget.customContextMenuRequested.connect(lambda pos, w=widget: self._show_menu(w, pos))

    def _show_menu(self, widget: QLineEdit | QPlainTextEdit, pos: QPoint) -> None:
        menu = spelling_menu(widget, self._service, pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A scroll area reports `pos` in its viewport's coordinates.
        origin = widget.viewport() if isinstance(widget, QPlainTextEdit) else widget
        menu.popup(origin.mapToGlobal(pos))


def misspelt_words(words: Sequence[Word], service: SpellService) -> list[Word]:
    """Return the `words` known to be wrong."""
    return [word for word in words if service.status(word.text) is False]
