"""Mail merge, step one: map data columns onto a draft and fill the draft from one row.

`plan_merge` maps the data's columns onto the recipient (navn/name, adresse1..N/
address1..N, hilsen/salutation, case-insensitive) and onto the merge fields the draft
uses (`{{ kolonne }}` in subject, body and salutation); the front end shows that
mapping before anything is written. `merge_letter` fills the draft from one row.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from kkletter.mergedata import DataRow
from kkletter.model import Letter
from kkletter.sandbox import render_merge_text
from kkletter.templating import merge_text_variables

_NAME = ("navn", "name")
_SALUTATION = ("hilsen", "salutation")
_ADDRESS = re.compile(r"^(?:adresse|address)[\s_-]*(\d*)$")


class MergeData(Protocol):
    """Rows to merge: column names and a stream of rows (e.g. `mergedata.DataSource`)."""

    @property
    def columns(self) -> tuple[str, ...]: ...

    def rows(self) -> Iterator[DataRow]: ...


@dataclass(frozen=True)
class ColumnMapping:
    """How data columns fill a letter; reported to the user before rendering."""

    columns: tuple[str, ...]
    name: str | None
    address: tuple[str, ...]
    salutation: str | None
    fields: tuple[tuple[str, str], ...]  # (merge field as written in the draft, column)
    missing: tuple[str, ...]  # merge fields the draft uses that no column provides
    unused: tuple[str, ...]  # columns neither recipient nor merge field

    def describe(self) -> list[str]:
        """Return the mapping as Danish lines for the user."""
        lines = [
            "Modtagerens navn: "
            + (f"kolonnen '{self.name}'" if self.name else "mangler (kladdens modtager bruges)"),
            "Adresse: "
            + (
                ", ".join(f"'{c}'" for c in self.address)
                if self.address
                else ("mangler (ingen adresse)" if self.name else "kladdens adresse")
            ),
            "Hilsen: "
            + (
                f"kolonnen '{self.salutation}'"
                if self.salutation
                else "mangler (kladdens hilsen, eller 'Kære <navn>')"
            ),
        ]
        if self.fields:
            lines.append(
                "Flettefelter: " + ", ".join(f"{{{{ {f} }}}} ← '{c}'" for f, c in self.fields)
            )
        if self.missing:
            lines.append(
                "Mangler kolonner til flettefelterne: "
                + ", ".join(f"{{{{ {f} }}}}" for f in self.missing)
            )
        if self.unused:
            lines.append("Ubrugte kolonner: " + ", ".join(f"'{c}'" for c in self.unused))
        return lines


def plan_merge(letter: Letter, columns: Sequence[str]) -> ColumnMapping:
    """Map `columns` onto `letter`'s recipient and merge fields."""
    by_key = {_key(column): column for column in columns}
    name = next((by_key[k] for k in _NAME if k in by_key), None)
    salutation = next((by_key[k] for k in _SALUTATION if k in by_key), None)
    numbered: list[tuple[int, str]] = []
    for column in columns:
        match = _ADDRESS.match(_key(column))
        if match:
            numbered.append((int(match.group(1) or 0), column))
    address = tuple(column for _, column in sorted(numbered))

    aliases = dict(by_key)
    for roles, role_column in ((_NAME, name), (_SALUTATION, salutation)):
        for role in roles:
            if role_column:
                aliases.setdefault(role, role_column)
    fields: list[tuple[str, str]] = []
    missing: list[str] = []
    for variable in sorted(_merge_variables(letter)):
        source = aliases.get(_key(variable))
        if source:
            fields.append((variable, source))
        else:
            missing.append(variable)
    used = {name, salutation, *address} | {c for _, c in fields}
    unused = tuple(c for c in columns if c not in used)
    return ColumnMapping(
        tuple(columns), name, address, salutation, tuple(fields), tuple(missing), unused
    )


def _key(text: str) -> str:
    return re.sub(r"[\s-]+", "_", text.strip().casefold())


def _merge_texts(letter: Letter) -> Iterator[tuple[str, str]]:
    yield "emnet", letter.subject
    yield "brevteksten", letter.body
    yield "hilsenen", letter.recipient.salutation


def _has_merge_syntax(text: str) -> bool:
    return "{{" in text or "{%" in text


def _merge_variables(letter: Letter) -> set[str]:
    variables: set[str] = set()
    for where, text in _merge_texts(letter):
        if _has_merge_syntax(text):
            variables |= merge_text_variables(text, where=where)
    return variables


def merge_letter(letter: Letter, mapping: ColumnMapping, row: DataRow) -> Letter:
    """Return `letter` filled from data `row` as `mapping` says."""
    values = {variable: row.values.get(column, "") for variable, column in mapping.fields}
    recipient = letter.recipient
    if mapping.name:
        name = row.values.get(mapping.name, "")
        address = tuple(v for c in mapping.address if (v := row.values.get(c, "")))
        recipient = dataclasses.replace(recipient, name=name, address=address)
    elif mapping.address:
        address = tuple(v for c in mapping.address if (v := row.values.get(c, "")))
        recipient = dataclasses.replace(recipient, address=address)
    salutation = row.values.get(mapping.salutation, "") if mapping.salutation else ""
    if not salutation:
        if _has_merge_syntax(letter.recipient.salutation):
            salutation = render_merge_text(letter.recipient.salutation, values, where="hilsenen")
        elif mapping.name and recipient.name:
            salutation = f"Kære {recipient.name}"
        else:
            salutation = letter.recipient.salutation
    recipient = dataclasses.replace(recipient, salutation=salutation)
    subject, body = letter.subject, letter.body
    if _has_merge_syntax(subject):
        subject = render_merge_text(subject, values, where="emnet")
    if _has_merge_syntax(body):
        body = render_merge_text(body, values, where="brevteksten", markdown=True)
    return dataclasses.replace(letter, recipient=recipient, subject=subject, body=body)
