"""Read mail-merge data: CSV (as Danish Excel writes it) or XLSX, one dict per row.

CSV files come in UTF-8 (with or without BOM) or Windows-1252 and use `;` (Danish
Excel) or `,`; both are detected. Rows are streamed, never loaded all at once, so a
merge over many thousand rows keeps memory flat.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kkletter.errors import KKLetterError

SAMPLE_BYTES = 64 * 1024


class MergeDataError(KKLetterError):
    """The merge data file is missing, unreadable or has no header row."""


@dataclass(frozen=True)
class DataRow:
    """One data row; `number` is its row number as a spreadsheet shows it (header = 1)."""

    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class DataSource:
    """A merge data file: its columns and how to stream its rows."""

    path: Path
    columns: tuple[str, ...]
    encoding: str = ""  # CSV only
    delimiter: str = ""  # CSV only

    def rows(self) -> Iterator[DataRow]:
        """Yield the non-empty data rows in file order."""
        if self.path.suffix.lower() in (".xlsx", ".xlsm"):
            yield from _xlsx_rows(self.path, self.columns)
        else:
            yield from _csv_rows(self.path, self.columns, self.encoding, self.delimiter)

    def count(self) -> int:
        """Return the number of non-empty data rows (one streaming pass)."""
        return sum(1 for _ in self.rows())


def open_data(path: Path) -> DataSource:
    """Return the `DataSource` of the CSV or XLSX file at `path`."""
    if not path.is_file():
        raise MergeDataError(
            f"Datafilen {path} findes ikke. Angiv en CSV- eller Excel-fil (.xlsx).", path=path
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return DataSource(path, _xlsx_header(path))
    if suffix == ".xls":
        raise MergeDataError(
            f"{path.name} er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV "
            "i Excel, og prøv igen.",
            path=path,
        )
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if not sample.strip():
        raise MergeDataError(f"Datafilen {path} er tom. Første række skal være kolonnenavne.")
    delimiter = detect_delimiter(sample)
    header = next(csv.reader(sample.splitlines(), delimiter=delimiter), [])
    return DataSource(path, _columns(header, path), encoding, delimiter)


def detect_encoding(path: Path) -> str:
    """Return "utf-8-sig" when `path` is valid UTF-8 (BOM or not), else "cp1252"."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(SAMPLE_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    except OSError as exc:
        raise MergeDataError(f"Datafilen {path} kan ikke læses: {exc.strerror}.") from exc
    return "utf-8-sig"


def detect_delimiter(sample: str) -> str:
    """Return the field delimiter of CSV text `sample`: ";", "," or a tab.

    The header row decides (column names rarely hold a delimiter, while values such
    as addresses often hold commas); `csv.Sniffer` settles a tie, and ";" (Danish
    Excel) is the last resort.
    """
    header = sample.splitlines()[0] if sample else ""
    widths = {d: len(next(csv.reader([header], delimiter=d), [])) for d in (";", ",", "\t")}
    best = max(widths.values())
    winners = [d for d, width in widths.items() if width == best]
    if best <= 1:
        # One column: any delimiter found in the values would wrongly split them.
        return min((";", ",", "\t"), key=sample.count)
    if len(winners) == 1:
        return winners[0]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(winners)).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in winners:
        return sniffed
    return ";" if ";" in winners else winners[0]


def _columns(header: list[str] | tuple[object, ...], path: Path) -> tuple[str, ...]:
    names = [_cell_text(cell).strip().lstrip("\ufeff") for cell in header]
    while names and not names[-1]:
        names.pop()
    if not any(names):
        raise MergeDataError(
            f"Datafilen {path.name} har ingen kolonnenavne i første række. Skriv fx navn; "
            "adresse1; adresse2; hilsen øverst.",
            path=path,
        )
    seen: set[str] = set()
    for index, name in enumerate(names):
        if not name:
            raise MergeDataError(
                f"Kolonne {index + 1} i {path.name} har intet navn. Giv alle kolonner et navn "
                "i første række.",
                path=path,
            )
        if name.casefold() in seen:
            raise MergeDataError(
                f"Kolonnen '{name}' findes to gange i {path.name}. Giv kolonnerne forskellige "
                "navne.",
                path=path,
            )
        seen.add(name.casefold())
    return tuple(names)


def _row(number: int, columns: tuple[str, ...], cells: list[str]) -> DataRow | None:
    values = {
        column: cells[i].strip() if i < len(cells) else "" for i, column in enumerate(columns)
    }
    if not any(values.values()):
        return None
    return DataRow(number, values)


def _csv_rows(
    path: Path, columns: tuple[str, ...], encoding: str, delimiter: str
) -> Iterator[DataRow]:
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        next(reader, None)
        for number, cells in enumerate(reader, start=2):
            row = _row(number, columns, cells)
            if row is not None:
                yield row


def _xlsx_header(path: Path) -> tuple[str, ...]:
    for number, cells in _xlsx_cells(path):
        if number == 1:
            return _columns(cells, path)
    raise MergeDataError(f"Regnearket {path.name} er tomt. Første række skal være kolonnenavne.")


def _xlsx_rows(path: Path, columns: tuple[str, ...]) -> Iterator[DataRow]:
    for number, cells in _xlsx_cells(path):
        if number > 1:
            row = _row(number, columns, [_cell_text(cell) for cell in cells])
            if row is not None:
                yield row


def _xlsx_cells(path: Path) -> Iterator[tuple[int, tuple[object, ...]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise MergeDataError(
            f"Regnearket {path.name} kan ikke læses ({exc}). Gem det igen i Excel som .xlsx.",
            path=path,
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(cells)
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """Return a cell value as the text a user expects to see in the letter."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
