"""The address book: recipients typed once, found again while typing, shared via CSV/XLSX.

Filled automatically from registered letters and by importing a CSV (as Danish Excel
writes it: semicolon, Windows-1252) or an XLSX file with the columns `navn`,
`adresse1`, `adresse2`, ..., `hilsen` and optionally `foran` (e.g. "Til"). Each rejected
row is reported with its row number. Autocomplete runs on an in-memory `AddressIndex`,
so a keystroke never waits for the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kkletter.errors import KKLetterError, os_reason
from kkletter.mergedata import open_data
from kkletter.model import Recipient
from kkletter.register.schema import addresses
from kkletter.safefile import write_file as write_atomic

NAME_COLUMNS = ("navn", "name", "modtager")
SALUTATION_COLUMNS = ("hilsen", "salutation")
PREFIX_COLUMNS = ("foran", "prefix")
_ADDRESS_COLUMN = re.compile(r"^(?:adresse|address|adr)\s*(\d*)$")
_MAX_NAME = 500
_MAX_LINE = 200
_MAX_LINES = 8


@dataclass(frozen=True)
class Address:
    """One entry of the address book."""

    name: str
    address: tuple[str, ...] = ()
    salutation: str = ""
    prefix: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Return what makes an entry unique: the folded name and the address."""
        return (_fold(self.name), "\n".join(self.address))

    def recipient(self) -> Recipient:
        """Return the entry as a letter's recipient."""
        return Recipient(
            name=self.name, address=self.address, salutation=self.salutation, prefix=self.prefix
        )


@dataclass(frozen=True)
class RejectedRow:
    """A row an import left out, and why (Danish)."""

    line: int
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    added: int
    updated: int
    rejected: tuple[RejectedRow, ...]

    def describe(self) -> list[str]:
        """Return the report as Danish lines for the user."""
        lines = [f"{self.added} nye og {self.updated} opdaterede adresser."]
        lines.extend(f"Række {row.line} er sprunget over: {row.reason}" for row in self.rejected)
        return lines


class AddressBookError(KKLetterError):
    """An address file cannot be read or written."""


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class AddressBook:
    """The address book stored in the register's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def remember(self, recipient: Recipient) -> None:
        """Add or refresh the recipient of a registered letter (nothing for no name)."""
        if recipient.name.strip():
            entry = Address(
                recipient.name.strip(),
                tuple(line.strip() for line in recipient.address if line.strip()),
                recipient.salutation.strip(),
                recipient.prefix.strip(),
            )
            self.save([entry], source="brev")

    def save(self, entries: Iterable[Address], *, source: str = "manuel") -> tuple[int, int]:
        """Insert or update `entries` in one transaction; return (added, updated)."""
        added = updated = 0
        now = dt.datetime.now(dt.UTC)
        with self.engine.begin() as connection:
            existing = {
                (row.name_key, row.address): (row.id, row.name, row.salutation, row.prefix)
                for row in connection.execute(
                    sa.select(
                        addresses.c.id,
                        addresses.c.name_key,
                        addresses.c.address,
                        addresses.c.name,
                        addresses.c.salutation,
                        addresses.c.prefix,
                    )
                )
            }
            inserts: list[dict[str, object]] = []
            for entry in entries:
                key = entry.key
                if key in existing:
                    row_id, name, salutation, prefix = existing[key]
                    if (name, salutation, prefix) != (entry.name, entry.salutation, entry.prefix):
                        connection.execute(
                            addresses.update()
                            .where(addresses.c.id == row_id)
                            .values(
                                name=entry.name,
                                salutation=entry.salutation or salutation,
                                prefix=entry.prefix or prefix,
                                updated_at=now,
                            )
                        )
                        updated += 1
                    continue
                existing[key] = (0, entry.name, entry.salutation, entry.prefix)
                inserts.append(
                    {
                        "name": entry.name,
                        "name_key": key[0],
                        "address": key[1],
                        "salutation": entry.salutation,
                        "prefix": entry.prefix,
                        "source": source,
                        "updated_at": now,
                    }
                )
            if inserts:
                try:
                    connection.execute(addresses.insert(), inserts)
                except sa.exc.IntegrityError:
                    # Another program added one of these at the same moment: one by one.
                    connection.rollback()
                    return self._save_one_by_one(inserts)
                added = len(inserts)
        return added, updated

    def _save_one_by_one(self, rows: Sequence[dict[str, object]]) -> tuple[int, int]:
        added = 0
        for row in rows:
            try:
                with self.engine.begin() as connection:
                    connection.execute(addresses.insert().values(row))
                added += 1
            except sa.exc.IntegrityError:
                continue
        return added, 0

    def entries(self) -> list[Address]:
        """Return every entry, sorted by name."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(
                    addresses.c.name,
                    addresses.c.address,
                    addresses.c.salutation,
                    addresses.c.prefix,
                ).order_by(addresses.c.name_key, addresses.c.id)
            ).all()
        return [
            Address(r.name, tuple(filter(None, r.address.split("\n"))), r.salutation, r.prefix)
            for r in rows
        ]

    def index(self) -> AddressIndex:
        """Return an autocomplete index over every entry."""
        return AddressIndex(self.entries())

    def import_file(self, path: Path) -> ImportReport:
        """Import the CSV or XLSX file at `path`; rows that cannot be used are reported."""
        source = open_data(path)
        columns = {column.strip().casefold(): column for column in source.columns}
        name_column = next((columns[c] for c in NAME_COLUMNS if c in columns), None)
        if name_column is None:
            raise AddressBookError(
                f"{path.name} har ingen kolonne 'navn'. Første række skal have kolonnerne "
                "navn; adresse1; adresse2; ...; hilsen.",
                path=path,
            )
        address_columns = sorted(
            (int(m.group(1) or 0), original)
            for folded, original in columns.items()
            if (m := _ADDRESS_COLUMN.match(folded))
        )
        salutation = next((columns[c] for c in SALUTATION_COLUMNS if c in columns), None)
        prefix = next((columns[c] for c in PREFIX_COLUMNS if c in columns), None)
        entries: list[Address] = []
        rejected: list[RejectedRow] = []
        for row in source.rows():
            values = row.values
            name = values.get(name_column, "").strip()
            lines = tuple(
                line.strip()
                for _, column in address_columns
                for line in values.get(column, "").split("\n")
                if line.strip()
            )
            reason = _problem(name, lines)
            if reason:
                rejected.append(RejectedRow(row.number, reason))
                continue
            entries.append(
                Address(
                    name,
                    lines,
                    values.get(salutation, "").strip() if salutation else "",
                    values.get(prefix, "").strip() if prefix else "",
                )
            )
        added, updated = self.save(entries, source="import")
        return ImportReport(added, updated, tuple(rejected))

    def export_file(self, path: Path) -> int:
        """Write every entry to `path` (.csv as Danish Excel, or .xlsx); return the count."""
        entries = self.entries()
        width = max([len(e.address) for e in entries] + [2])
        header = ["navn", *(f"adresse{i}" for i in range(1, width + 1)), "hilsen", "foran"]
        rows = [
            [e.name, *e.address, *([""] * (width - len(e.address))), e.salutation, e.prefix]
            for e in entries
        ]
        suffix = path.suffix.lower()
        try:
            if suffix == ".xlsx":
                write_atomic(path, _xlsx_bytes(header, rows))
            elif suffix == ".csv":
                write_atomic(path, _csv_bytes(header, rows))
            else:
                raise AddressBookError(
                    f"Adressebogen kan gemmes som .csv eller .xlsx, ikke som '{path.suffix}'.",
                    path=path,
                )
        except OSError as exc:
            raise AddressBookError(
                f"{path} kan ikke skrives: {os_reason(exc)}. Vælg en anden mappe.", path=path
            ) from exc
        return len(entries)


def _problem(name: str, lines: Sequence[str]) -> str:
    if not name:
        return "rækken har intet navn; udfyld kolonnen 'navn'."
    if len(name) > _MAX_NAME:
        return f"navnet er {len(name)} tegn langt (højst {_MAX_NAME})."
    if len(lines) > _MAX_LINES:
        return f"adressen har {len(lines)} linjer (højst {_MAX_LINES})."
    long_line = next((line for line in lines if len(line) > _MAX_LINE), None)
    if long_line is not None:
        return f"en adresselinje er {len(long_line)} tegn lang (højst {_MAX_LINE})."
    return ""


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    try:
        return text.encode("cp1252")  # what Danish Excel opens by double-click
    except UnicodeEncodeError:
        # A name outside Windows-1252 (e.g. "Łukasz"): UTF-8 with BOM, which Excel also
        # opens correctly, rather than losing letters.
        return text.encode("utf-8-sig")


def _xlsx_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Adressebog")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class AddressIndex:
    """Autocomplete over the address book: names whose words start with what is typed."""

    def __init__(self, entries: Sequence[Address]) -> None:
        self.entries = tuple(entries)
        keys: list[tuple[str, int]] = []
        for position, entry in enumerate(self.entries):
            words = _fold(entry.name).split()
            for start in range(len(words)):
                keys.append((" ".join(words[start:]), position))
        keys.sort()
        self._keys = [key for key, _ in keys]
        self._positions = [position for _, position in keys]

    def complete(self, text: str, limit: int = 10) -> list[Address]:
        """Return up to `limit` entries whose name, or a word in it, starts with `text`.

        Full-name matches come first, then word matches, each in name order.
        """
        typed = _fold(text)
        if not typed:
            return []
        start = bisect_left(self._keys, typed)
        whole: list[int] = []
        inner: list[int] = []
        seen: set[int] = set()
        for index in range(start, len(self._keys)):
            if not self._keys[index].startswith(typed):
                break
            position = self._positions[index]
            if position in seen:
                continue
            seen.add(position)
            is_whole = _fold(self.entries[position].name).startswith(typed)
            (whole if is_whole else inner).append(position)
            if len(whole) >= limit:
                break
        chosen = sorted(whole, key=lambda p: _fold(self.entries[p].name))
        chosen += sorted(inner, key=lambda p: _fold(self.entries[p].name))
        return [self.entries[p] for p in chosen[:limit]]
