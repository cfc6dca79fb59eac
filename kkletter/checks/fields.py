"""Address the letter's text fields by name: read them, locate offsets, replace them.

Every check reads text through `letter_texts` and reports positions through `Locator`,
and `apply_fixes` writes back through `replace_text`, so a field name in a finding
always means the same text in all three places.

Names: the text fields of `kkletter.fields.FIELDS` ("body", "subject", "closing",
"recipient.address" with its lines joined by newlines, ...), "fields.<id>" for a
template's text field and "fields.<id>.<key or index>..." for text nested in lists and
tables (statusskemaer).
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kkletter.checks.catalogue import Rule
from kkletter.checks.findings import Finding
from kkletter.fields import BY_NAME, TEXT_FIELDS
from kkletter.model import Letter

# Fields whose text is prose: the date, phone and placeholder rules read them.
PROSE_FIELDS = ("body", "subject")


@dataclass(frozen=True)
class TextField:
    """One named piece of the letter's text."""

    name: str
    text: str

    @property
    def is_prose(self) -> bool:
        """Return whether the date rules apply (body, subject and template fields)."""
        return self.name in PROSE_FIELDS or self.name.startswith("fields.")


_NEWLINE = re.compile("\n")


class Locator:
    """Turn offsets in one field's text into 1-based line and column numbers."""

    def __init__(self, field: str, text: str) -> None:
        self.field = field
        self.text = text
        self._line_starts: list[int] | None = None

    @property
    def _starts(self) -> list[int]:
        # Built on first use: families make a Locator per field, and most never need one;
        # a megabyte of empty lines made building them all the cost of a check (issue 8).
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(self.text))]
        return self._line_starts

    def position(self, offset: int) -> tuple[int, int]:
        """Return the (line, column) of `offset`, both 1-based."""
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def offset(self, line: int, column: int) -> int | None:
        """Return the offset of (`line`, `column`), or None when it lies outside the text."""
        if line < 1 or line > len(self._starts) or column < 1:
            return None
        offset = self._starts[line - 1] + column - 1
        return offset if offset <= len(self.text) else None

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        suggestion: str | None = None,
        *,
        safe: bool = False,
        **params: object,
    ) -> Finding:
        """Return a finding of `rule` covering `start`..`end` of this field."""
        line, column = self.position(start)
        return rule.finding(self.field, line, column, end - start, suggestion, safe=safe, **params)


def letter_texts(letter: Letter) -> list[TextField]:
    """Return every non-empty text of `letter` with its field name."""
    candidates = [TextField(field.name, field.read(letter)) for field in TEXT_FIELDS]
    candidates.extend(_nested_texts("fields", letter.fields))
    return [field for field in candidates if field.text]


def _nested_texts(prefix: str, value: Any) -> Iterator[TextField]:
    if isinstance(value, str):
        yield TextField(prefix, value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _nested_texts(f"{prefix}.{key}", item)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _nested_texts(f"{prefix}.{index}", item)


def field_text(letter: Letter, name: str) -> str | None:
    """Return the text of field `name`, or None when `letter` has no such text field."""
    for field in letter_texts(letter):
        if field.name == name:
            return field.text
    return None


def replace_text(letter: Letter, name: str, text: str) -> Letter:
    """Return `letter` with field `name` set to `text`; unknown names leave it unchanged."""
    field = BY_NAME.get(name)
    if field is not None and field.is_text:
        return field.write(letter, text)
    top, _, rest = name.partition(".")
    if top == "fields" and rest:
        updated = _replace_nested(letter.fields, rest.split("."), text)
        if updated is not None:
            return dataclasses.replace(letter, fields=updated)
    return letter


def _replace_nested(value: Any, path: list[str], text: str) -> Any:
    """Return a copy of `value` with the string at `path` replaced, or None if absent."""
    key, rest = path[0], path[1:]
    if isinstance(value, Mapping):
        if key not in value:
            return None
        copy: Any = dict(value)
    elif isinstance(value, list | tuple) and key.isdecimal() and int(key) < len(value):
        copy = list(value)
        key_index: Any = int(key)
        item = copy[key_index]
        new = text if not rest and isinstance(item, str) else None
        if rest:
            new = _replace_nested(item, rest, text)
        if new is None:
            return None
        copy[key_index] = new
        return copy if isinstance(value, list) else tuple(copy)
    else:
        return None
    item = copy[key]
    if not rest:
        if not isinstance(item, str):
            return None
        copy[key] = text
        return copy
    new = _replace_nested(item, rest, text)
    if new is None:
        return None
    copy[key] = new
    return copy
