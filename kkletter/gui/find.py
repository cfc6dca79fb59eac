"""Find and replace across the letter: the form's text fields and the body.

Søg (Ctrl+B, as in Danish Word) opens the bar; Erstat (Ctrl+H) opens it with the
replace field; F3 / Shift+F3 find the next / previous match. The search runs through
the visible text fields of the form in their order, then the body, and wraps around.
A match in the body is selected while the keyboard stays in the bar (Enter finds the
next); a match in a field gets the focus, since a field shows its selection only then.
"Erstat alle" is one step on the body's undo history, form fields included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

Target = QLineEdit | QPlainTextEdit | QTextEdit


@dataclass(frozen=True)
class Options:
    """How to match: the text, whole words only, and whether case matters."""

    text: str
    whole_word: bool = False
    match_case: bool = False

    def pattern(self) -> str:
        """Return the regular expression (the same syntax for Python and Qt)."""
        escaped = re.escape(self.text)
        return rf"(?<!\w){escaped}(?!\w)" if self.whole_word else escaped


def find_spans(text: str, options: Options) -> list[tuple[int, int]]:
    """Return every (start, end) of `options.text` in `text`, left to right."""
    if not options.text:
        return []
    flags = 0 if options.match_case else re.IGNORECASE
    return [m.span() for m in re.finditer(options.pattern(), text, flags) if m.end() > m.start()]


def is_match(text: str, options: Options) -> bool:
    """Return whether all of `text` is one match of `options`."""
    flags = 0 if options.match_case else re.IGNORECASE
    return bool(options.text) and re.fullmatch(options.pattern(), text, flags) is not None


def _regex(options: Options) -> QRegularExpression:
    regex = QRegularExpression(options.pattern())
    if not options.match_case:
        regex.setPatternOptions(QRegularExpression.PatternOption.CaseInsensitiveOption)
    return regex


def _flags(options: Options, *, backwards: bool = False) -> QTextDocument.FindFlag:
    # Qt searches case-insensitively unless told, whatever the expression says.
    flags = QTextDocument.FindFlag(0)
    if backwards:
        flags |= QTextDocument.FindFlag.FindBackward
    if options.match_case:
        flags |= QTextDocument.FindFlag.FindCaseSensitively
    return flags


def _text(target: Target) -> str:
    return target.text() if isinstance(target, QLineEdit) else target.toPlainText()


class _FieldsFollowBody:
    """Tie the fields "Erstat alle" changed to its step on the body's undo history.

    Qt for Python cannot put own items on a text document's undo stack, so the step
    is watched instead: when the body's undo count drops below it (Fortryd, from any
    key or menu), the fields get their old text back; when redo brings it back, the
    new text again. A new edit after the undo ends the tie.
    """

    def __init__(
        self,
        document: QTextDocument,
        edits: list[tuple[QLineEdit | QPlainTextEdit, str, str]],
        done: Callable[[], None],
    ) -> None:
        self._document = document
        self._edits = edits
        self._done = done
        self.step = document.availableUndoSteps()
        self._applied = True
        self._redo = document.availableRedoSteps()

    def follow(self) -> bool:
        """React to a change of the body; return False once the tie has ended."""
        steps = self._document.availableUndoSteps()
        redo = self._document.availableRedoSteps()
        try:
            if self._applied and steps < self.step:
                if redo == 0:
                    return False  # the history was cleared (another letter)
                self._set(old=True)
            elif not self._applied and steps >= self.step:
                if redo >= self._redo:
                    return False  # a new edit, not a redo: the step is gone for good
                self._set(old=False)
            return True
        finally:
            self._redo = redo

    def _set(self, *, old: bool) -> None:
        for target, before, after in self._edits:
            _set_text(target, before if old else after)
        self._applied = not old
        self._done()


def _set_text(target: QLineEdit | QPlainTextEdit, text: str) -> None:
    if isinstance(target, QLineEdit):
        target.setText(text)
    else:
        target.setPlainText(text)


class FindBar(QWidget):
    """Søg og erstat: the bar under the editor and the search across the letter.

    `targets` returns the widgets to search, in order (the body last); `body` is the
    editor whose undo history "Erstat alle" uses. `fieldsChanged` tells that a form
    field's text was replaced (the letter must be read again).
    """

    fieldsChanged = Signal()  # noqa: N815 - Qt signal naming
    shownChanged = Signal(bool)  # noqa: N815

    def __init__(
        self,
        body: QTextEdit,
        targets: Callable[[], Sequence[Target]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._body = body
        self._targets = targets
        self._current: tuple[Target, int, int] | None = None
        self._fields_undo: _FieldsFollowBody | None = None
        body.document().contentsChanged.connect(self._on_body_contents_changed)
        self.find_text = QLineEdit()
        self.find_text.setPlaceholderText("Søg efter")
        self.find_text.setClearButtonEnabled(True)
        self.replace_text = QLineEdit()
        self.replace_text.setPlaceholderText("Erstat med")
        self.whole_word = QCheckBox("Hele ord")
        self.match_case = QCheckBox("Forskel på store og sm&å bogstaver")
        self.next_button = QPushButton("N&æste")
        self.next_button.setToolTip("Find næste (F3)")
        self.previous_button = QPushButton("Forrige")
        self.previous_button.setToolTip("Find forrige (Shift+F3)")
        self.replace_button = QPushButton("Erstat")
        self.replace_all_button = QPushButton("Erstat alle")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Luk (Esc)")
        self.status = QLabel()
        # Mnemonics chosen apart from the menu bar's (Filer, Rediger, Vis, Format, Indsæt,
        # Tabel, Kontrol, Hjælp, Register, Bibliotek) and the form's; most letters are
        # taken, so the replace row has none (tests/gui/test_mnemonics.py).
        self._layout()
        self._connect()
        self.hide()

    def _layout(self) -> None:
        find_row = QHBoxLayout()
        find_label = QLabel("S&øg:")
        find_label.setBuddy(self.find_text)
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_text, 1)
        for widget in (self.previous_button, self.next_button, self.close_button):
            find_row.addWidget(widget)
        self.replace_row = QWidget()
        replace_layout = QHBoxLayout(self.replace_row)
        replace_layout.setContentsMargins(0, 0, 0, 0)
        self._replace_label = QLabel("Erstat med:")
        self._replace_label.setBuddy(self.replace_text)
        replace_layout.addWidget(self._replace_label)
        replace_layout.addWidget(self.replace_text, 1)
        replace_layout.addWidget(self.replace_button)
        replace_layout.addWidget(self.replace_all_button)
        options = QHBoxLayout()
        options.addWidget(self.whole_word)
        options.addWidget(self.match_case)
        options.addStretch(1)
        options.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(find_row)
        layout.addWidget(self.replace_row)
        layout.addLayout(options)

    def _connect(self) -> None:
        self.find_text.returnPressed.connect(self.find_next)
        self.replace_text.returnPressed.connect(self.replace)
        self.find_text.textChanged.connect(self._on_options_changed)
        self.whole_word.toggled.connect(self._on_options_changed)
        self.match_case.toggled.connect(self._on_options_changed)
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        self.replace_button.clicked.connect(self.replace)
        self.replace_all_button.clicked.connect(self.replace_all)
        self.close_button.clicked.connect(self.close_bar)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_bar)

    # --- opening and closing --------------------------------------------------------

    def open_find(self, *, replace: bool = False) -> None:
        """Show the bar (with the replace row for Erstat) and focus the search text."""
        selected = self._body.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 100:
            self.find_text.setText(selected)  # as in Word: search for the selection
        self.replace_row.setVisible(replace)
        self.show()
        target = self.replace_text if replace and self.find_text.text() else self.find_text
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        target.selectAll()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Tell that the bar is open (F3 finds the next match only then)."""
        super().showEvent(event)
        self.shownChanged.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Tell that the bar is closed."""
        super().hideEvent(event)
        self.shownChanged.emit(False)

    def close_bar(self) -> None:
        """Hide the bar and give the keyboard back to the body."""
        self.hide()
        self._body.setFocus(Qt.FocusReason.OtherFocusReason)

    def options(self) -> Options:
        """Return what the bar searches for."""
        return Options(
            self.find_text.text(), self.whole_word.isChecked(), self.match_case.isChecked()
        )

    # --- finding -------------------------------------------------------------------

    def find_next(self) -> bool:
        """Select the next match after the current one (wrapping); return whether found."""
        return self._find(backwards=False)

    def find_previous(self) -> bool:
        """Select the match before the current one (wrapping)."""
        return self._find(backwards=True)

    def _find(self, *, backwards: bool) -> bool:
        options = self.options()
        targets = [t for t in self._targets() if t.isVisibleTo(t.window()) or t is self._body]
        if not options.text or not targets:
            self._report("")
            return False
        start_target, start_pos = self._start(targets, backwards)
        order = targets[start_target:] + targets[:start_target]
        if backwards:
            order = [order[0], *reversed(order[1:])]
        # The starting target comes again at the end: its part before the start.
        for index, target in enumerate([*order, order[0]]):
            spans = find_spans(_text(target), options) if target is not self._body else None
            from_pos = start_pos if index == 0 else None
            found = self._find_in(target, options, spans, from_pos, backwards)
            if found is not None:
                self._select(target, *found)
                self._report(f"{self._count(options, targets)} fundet")
                return True
        self._current = None
        self._report("Ikke fundet")
        return False

    def _start(self, targets: list[Target], backwards: bool) -> tuple[int, int]:
        """Return where the search starts: the current match, or the body's cursor."""
        current = self._current
        if current is not None and current[0] in targets:
            target, start, end = current
            return targets.index(target), start if backwards else end
        cursor = self._body.textCursor()
        body = targets.index(self._body) if self._body in targets else 0
        return body, cursor.selectionStart() if backwards else cursor.selectionEnd()

    def _find_in(
        self,
        target: Target,
        options: Options,
        spans: list[tuple[int, int]] | None,
        from_pos: int | None,
        backwards: bool,
    ) -> tuple[int, int] | None:
        """Return the first match in `target` from `from_pos` (None: from the edge)."""
        if spans is None:  # the body: search the document, in document positions
            document = self._body.document()
            cursor = QTextCursor(document)
            if from_pos is None:
                cursor.movePosition(
                    QTextCursor.MoveOperation.End if backwards else QTextCursor.MoveOperation.Start
                )
            else:
                cursor.setPosition(min(from_pos, document.characterCount() - 1))
            found = document.find(_regex(options), cursor, _flags(options, backwards=backwards))
            if found.isNull():
                return None
            span = (found.selectionStart(), found.selectionEnd())
        else:
            if backwards:
                before = [s for s in spans if from_pos is None or s[1] <= from_pos]
                span_or_none = before[-1] if before else None
            else:
                after = [s for s in spans if from_pos is None or s[0] >= from_pos]
                span_or_none = after[0] if after else None
            if span_or_none is None:
                return None
            span = span_or_none
        return span

    def _select(self, target: Target, start: int, end: int) -> None:
        self._current = (target, start, end)
        if isinstance(target, QLineEdit):
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            target.setSelection(start, end - start)
            return
        cursor = QTextCursor(target.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        target.setTextCursor(cursor)
        target.ensureCursorVisible()
        if target is not self._body:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _count(self, options: Options, targets: list[Target]) -> int:
        total = 0
        for target in targets:
            if target is self._body:
                total += len(find_spans(target.toPlainText(), options))
            else:
                total += len(find_spans(_text(target), options))
        return total

    def _report(self, text: str) -> None:
        self.status.setText(text)

    def _on_options_changed(self, *_args: object) -> None:
        self._current = None
        self._report("")

    # --- replacing -----------------------------------------------------------------

    def replace(self) -> bool:
        """Replace the current match (if it still is one) and find the next."""
        current = self._current
        if current is not None and self._replace_one(*current, self.replace_text.text()):
            target, start, _end = current
            self._current = (target, start, start + len(self.replace_text.text()))
        return self.find_next()

    def _replace_one(self, target: Target, start: int, end: int, text: str) -> bool:
        """Replace `start`..`end` of `target` if it is still a match (one undo step)."""
        if isinstance(target, QLineEdit):
            if not is_match(target.text()[start:end], self.options()):
                return False
            target.setSelection(start, end - start)
            target.insert(text)  # one step on the field's own undo history
            return True
        cursor = QTextCursor(target.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        if not is_match(cursor.selectedText(), self.options()):
            return False
        cursor.insertText(text)
        if target is not self._body:
            self.fieldsChanged.emit()
        return True

    def replace_all(self) -> int:
        """Replace every match in the fields and the body as one undo step; return how many."""
        options = self.options()
        replacement = self.replace_text.text()
        if not options.text:
            return 0
        count = body_count = 0
        self._fields_undo = None
        edits: list[tuple[QLineEdit | QPlainTextEdit, str, str]] = []
        document = self._body.document()
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        for target in self._targets():
            if target is self._body:
                body_count = self._replace_all_in_body(cursor, options, replacement)
                count += body_count
                continue
            if not isinstance(target, QLineEdit | QPlainTextEdit):
                continue
            old = _text(target)
            spans = find_spans(old, options)
            if not spans:
                continue
            new = old
            for start, end in reversed(spans):
                new = new[:start] + replacement + new[end:]
            count += len(spans)
            edits.append((target, old, new))
        if edits and body_count == 0:
            # The fields follow the body's undo step, so the body needs one even without
            # a match of its own: a character in and out again.
            marker = QTextCursor(document)
            marker.insertText("\u200b")
            marker.deletePreviousChar()
        cursor.endEditBlock()
        for target, _old, new in edits:
            _set_text(target, new)
        self._fields_undo = (
            _FieldsFollowBody(document, edits, self.fieldsChanged.emit) if edits else None
        )
        if edits:
            self.fieldsChanged.emit()
        self._current = None
        self._report(f"Erstattede {count}" if count else "Ikke fundet")
        return count

    def _on_body_contents_changed(self) -> None:
        if self._fields_undo is not None and not self._fields_undo.follow():
            self._fields_undo = None

    def _replace_all_in_body(self, cursor: QTextCursor, options: Options, text: str) -> int:
        document = self._body.document()
        regex, flags = _regex(options), _flags(options)
        count = 0
        found = document.find(regex, 0, flags)
        while not found.isNull():
            cursor.setPosition(found.selectionStart())
            cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
            count += 1
            found = document.find(regex, cursor.position(), flags)
        return count
