"""The letter's fields in one table: name, Danish label, and how to read and write each.

The checks name the place of a finding with these names, the checks panel shows their
labels, and the form fills its widgets and builds the letter through `read` and `write`,
so a field is spelled once. Template fields ("fields.<id>", and "fields.<id>.<key>..."
for text nested in lists and tables) take their label from the template.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from kkletter.model import Letter

# "text": one text the checks read; "lines": text kept as lines (joined by newlines, so a
# finding's line is the line); "value": not free text (a date, a choice, a file).
FieldKind = Literal["text", "lines", "value"]

_replace = dataclasses.replace


@dataclass(frozen=True)
class LetterField:
    """One field of a letter: its name in findings and drafts, its label, its accessors."""

    name: str
    label: str
    kind: FieldKind
    read: Callable[[Letter], str]
    write: Callable[[Letter, str], Letter]

    @property
    def is_text(self) -> bool:
        """Return whether the field holds free text (the checks read it)."""
        return self.kind != "value"


def _date_text(letter: Letter) -> str:
    return letter.date.isoformat() if letter.date is not None else ""


def _lines(text: str) -> tuple[str, ...]:
    return tuple(text.split("\n")) if text else ()


def _no_write(letter: Letter, _text: str) -> Letter:
    return letter


# In the order a reader meets them in the letter (findings sort by it).
FIELDS: tuple[LetterField, ...] = (
    LetterField(
        "template",
        "Skabelon",
        "value",
        lambda letter: letter.template,
        lambda letter, text: _replace(letter, template=text),
    ),
    LetterField(
        "profile",
        "Afsender",
        "value",
        lambda letter: letter.profile,
        lambda letter, text: _replace(letter, profile=text),
    ),
    LetterField("date", "Dato", "value", _date_text, _no_write),
    LetterField(
        "case.number",
        "Sagsnr.",
        "text",
        lambda letter: letter.case.number,
        lambda letter, text: _replace(letter, case=_replace(letter.case, number=text)),
    ),
    LetterField(
        "case.document",
        "Dok.nr.",
        "text",
        lambda letter: letter.case.document,
        lambda letter, text: _replace(letter, case=_replace(letter.case, document=text)),
    ),
    LetterField(
        "recipient.prefix",
        "Tekst før modtagerens navn",
        "text",
        lambda letter: letter.recipient.prefix,
        lambda letter, text: _replace(letter, recipient=_replace(letter.recipient, prefix=text)),
    ),
    LetterField(
        "recipient.name",
        "Modtager",
        "text",
        lambda letter: letter.recipient.name,
        lambda letter, text: _replace(letter, recipient=_replace(letter.recipient, name=text)),
    ),
    LetterField(
        "recipient.address",
        "Adresse",
        "lines",
        lambda letter: "\n".join(letter.recipient.address),
        lambda letter, text: _replace(
            letter, recipient=_replace(letter.recipient, address=_lines(text))
        ),
    ),
    LetterField(
        "recipient.salutation",
        "Indledning",
        "text",
        lambda letter: letter.recipient.salutation,
        lambda letter, text: _replace(
            letter, recipient=_replace(letter.recipient, salutation=text)
        ),
    ),
    LetterField(
        "subject",
        "Emne",
        "text",
        lambda letter: letter.subject,
        lambda letter, text: _replace(letter, subject=text),
    ),
    LetterField(
        "body",
        "Brødtekst",
        "text",
        lambda letter: letter.body,
        lambda letter, text: _replace(letter, body=text),
    ),
    LetterField(
        "closing",
        "Hilsen",
        "text",
        lambda letter: letter.closing or "",
        lambda letter, text: _replace(letter, closing=text),
    ),
    LetterField(
        "signer.name",
        "Underskriver",
        "text",
        lambda letter: letter.signer.name,
        lambda letter, text: _replace(letter, signer=_replace(letter.signer, name=text)),
    ),
    LetterField(
        "signer.title",
        "Titel",
        "text",
        lambda letter: letter.signer.title,
        lambda letter, text: _replace(letter, signer=_replace(letter.signer, title=text)),
    ),
    LetterField(
        "signer.phone",
        "Underskriverens telefon",
        "text",
        lambda letter: letter.signer.phone,
        lambda letter, text: _replace(letter, signer=_replace(letter.signer, phone=text)),
    ),
    LetterField(
        "signer.email",
        "Underskriverens e-mail",
        "text",
        lambda letter: letter.signer.email,
        lambda letter, text: _replace(letter, signer=_replace(letter.signer, email=text)),
    ),
    LetterField(
        "signer.signature",
        "Underskrift",
        "value",
        lambda letter: str(letter.signer.signature or ""),
        _no_write,
    ),
)

BY_NAME: Mapping[str, LetterField] = {field.name: field for field in FIELDS}
TEXT_FIELDS: tuple[LetterField, ...] = tuple(field for field in FIELDS if field.is_text)
# The profile's own lines are reported right after the profile, in letterhead order.
_PROFILE_PARTS = ("profile.phone", "profile.direct_phone", "profile.fax", "profile.ean")
_ORDER = {
    name: index
    for index, name in enumerate(
        part
        for field in FIELDS
        for part in ((field.name, *_PROFILE_PARTS) if field.name == "profile" else (field.name,))
    )
}


def get_field(name: str) -> LetterField:
    """Return the field called `name` (a KeyError names a programming mistake)."""
    return BY_NAME[name]


def field_label(name: str, template_labels: Mapping[str, str] | None = None) -> str:
    """Return the Danish label of field `name` as the user knows it.

    `template_labels` maps a template field's id to its label; "fields.<id>.<key>..."
    (text inside a status table) takes the label of "fields.<id>". An unknown name is
    returned as it is.
    """
    field = BY_NAME.get(name)
    if field is not None:
        return field.label
    top, _, rest = name.partition(".")
    if top == "profile":
        return BY_NAME["profile"].label
    if top == "fields" and rest:
        field_id = rest.split(".", 1)[0]
        if template_labels and field_id in template_labels:
            return template_labels[field_id]
        return field_id
    return name


def sort_key(name: str) -> int:
    """Return where field `name` comes in reading order (template fields come last)."""
    if name in _ORDER:
        return _ORDER[name]
    if name.startswith("profile."):
        return _ORDER["profile"]
    return len(_ORDER)
