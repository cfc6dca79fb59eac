"""Read mail-merge data: CSV (as Danish Excel writes it) or XLSX, one dict per row.

CSV encodings are detected by byte-order mark first (UTF-8, UTF-16 LE/BE as Excel's
"Unicode text" writes it), then UTF-8, then Windows-1252; a byte that fits none is
reported with its row. The delimiter (`;` as Danish Excel writes it, `,` or tab) is
detected. XLSX is read from the sheet that was active when it was saved, or the one
named. Inputs are held to limits before they are read in full (file size, unpacked
size and packing ratio of an XLSX, cell length), and every read error is one Danish
line naming file, row and column. Rows are streamed, never loaded all at once, so a
merge over many thousand rows keeps memory flat.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkletter.errors import KKLetterError

SAMPLE_BYTES = 64 * 1024
MAX_DATA_BYTES = 50 * 1024 * 1024  # a CSV or XLSX file (a million addresses fit)
MAX_XLSX_UNPACKED = 400 * 1024 * 1024  # all parts of an XLSX, unpacked
MAX_XLSX_RATIO = 100  # unpacked / packed: real sheets pack 5-20 times, zip bombs 1000+
MAX_CELL = 32_767  # characters in one cell: Excel's own limit
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16 (Excels Unicode-tekst)",
    "cp1252": "Windows-1252",
}


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
    sheet: str = ""  # XLSX only: the sheet read

    def rows(self) -> Iterator[DataRow]:
        """Yield the non-empty data rows in file order."""
        if self.path.suffix.lower() in (".xlsx", ".xlsm"):
            yield from _xlsx_rows(self.path, self.columns, self.sheet)
        else:
            yield from _csv_rows(self.path, self.columns, self.encoding, self.delimiter)

    def count(self) -> int:
        """Return the number of non-empty data rows (one streaming pass)."""
        return sum(1 for _ in self.rows())


def open_data(path: Path, *, sheet: str | None = None) -> DataSource:
    """Return the `DataSource` of the CSV or XLSX file at `path`.

    An XLSX is read from `sheet`, or from the sheet that was active when it was saved.
    """
    if not path.is_file():
        what = "findes ikke" if not path.exists() else "er ikke en almindelig fil"
        raise MergeDataError(
            f"Datafilen {path} {what}. Angiv en CSV- eller Excel-fil (.xlsx).", path=path
        )
    size = path.stat().st_size
    if size > MAX_DATA_BYTES:
        raise MergeDataError(
            f"Datafilen {path.name} er {size // (1024 * 1024)} MB; højst "
            f"{MAX_DATA_BYTES // (1024 * 1024)} MB kan flettes. Del den i flere filer.",
            path=path,
        )
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        _check_xlsx_package(path)
        name = _xlsx_sheet_name(path, sheet)
        return DataSource(path, _xlsx_header(path, name), sheet=name)
    if suffix == ".xls":
        raise MergeDataError(
            f"{path.name} er i det gamle Excel-format (.xls). Gem den som .xlsx eller CSV "
            "i Excel, og prøv igen.",
            path=path,
        )
    encoding = detect_encoding(path)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, exc) from exc
    if not sample.strip():
        raise MergeDataError(f"Datafilen {path} er tom. Første række skal være kolonnenavne.")
    delimiter = detect_delimiter(sample)
    header = next(csv.reader(sample.splitlines(), delimiter=delimiter), [])
    return DataSource(path, _columns(header, path), encoding, delimiter)


def detect_encoding(path: Path) -> str:
    """Return the encoding of the CSV file at `path`.

    A byte-order mark decides (UTF-8, UTF-16 LE/BE); then UTF-16 without a mark (a NUL in
    every other byte), then "utf-8-sig" if the whole file is valid UTF-8, else "cp1252".
    A byte that is not Windows-1252 either is reported with its row and position.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
            for bom, name in _BOMS:
                if head.startswith(bom):
                    return name
            handle.seek(0)
            sample = handle.read(SAMPLE_BYTES)
            if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
                return "utf-16-le"
            if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4:
                return "utf-16-be"
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            try:
                while chunk := handle.read(SAMPLE_BYTES):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                pass
            handle.seek(0)
            data = handle.read()
    except OSError as exc:
        from kkletter.safefile import describe_os_error

        raise MergeDataError(describe_os_error(exc, path), path=path) from exc
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise _decode_error(path, "cp1252", exc, data) from exc
    return "cp1252"


def _decode_error(
    path: Path, encoding: str, exc: UnicodeDecodeError, data: bytes | None = None
) -> MergeDataError:
    """Return the Danish error for an undecodable byte, naming its row and column."""
    if data is None:
        # A streaming decoder reports positions within its chunk: decode the whole file
        # once more to find the byte's real position.
        try:
            data = path.read_bytes()
            data.decode(encoding)
        except UnicodeDecodeError as whole:
            exc = whole
        except OSError:
            data = b""
    start = exc.start
    where = ""
    if data:
        # Count rows and delimiters in the text before the byte (UTF-16 has 2-byte units).
        before = data[:start].decode(encoding, "replace").lstrip("\ufeff")
        row = before.count("\n") + 1
        line = before[before.rfind("\n") + 1 :]
        header = before.split("\n", 1)[0] if row > 1 else ""
        delimiter = max((";", ",", "\t"), key=(header or line).count)
        column = line.count(delimiter) + 1
        names = header.split(delimiter) if header else []
        name = names[column - 1].strip() if column <= len(names) else ""
        where = f"række {row}, kolonne {column}" + (f" ('{name}')" if name else "") + ", "
    byte = exc.object[exc.start : exc.start + 1].hex().upper()
    return MergeDataError(
        f"Datafilen {path.name} kan ikke læses som {ENCODING_NAMES.get(encoding, encoding)}: "
        f"{where}byte {start + 1} (0x{byte}) er ikke et gyldigt tegn. Gem filen som "
        '"CSV UTF-8" i Excel og prøv igen.',
        path=path,
    )


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


def _row(number: int, columns: tuple[str, ...], cells: list[str], path: Path) -> DataRow | None:
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL:
            column = columns[index] if index < len(columns) else f"nr. {index + 1}"
            raise MergeDataError(
                f"{path.name}, række {number}, kolonne '{column}': cellen har {len(cell)} tegn; "
                f"højst {MAX_CELL} er tilladt. Ret cellen og prøv igen.",
                path=path,
            )
    values = {
        column: cells[i].strip() if i < len(cells) else "" for i, column in enumerate(columns)
    }
    if not any(values.values()):
        return None
    return DataRow(number, values)


def _csv_rows(
    path: Path, columns: tuple[str, ...], encoding: str, delimiter: str
) -> Iterator[DataRow]:
    number = 1
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader, None)
            for number, cells in enumerate(reader, start=2):
                row = _row(number, columns, cells, path)
                if row is not None:
                    yield row
    except UnicodeDecodeError as exc:
        raise _decode_error(path, encoding, exc) from exc
    except csv.Error as exc:
        raise MergeDataError(
            f"{path.name}, række {number + 1}: rækken kan ikke læses som CSV (en celle er for "
            "lang, eller et anførselstegn mangler sin partner). Ret rækken og prøv igen.",
            path=path,
        ) from exc
    except OSError as exc:
        from kkletter.safefile import describe_os_error

        raise MergeDataError(describe_os_error(exc, path), path=path) from exc


def _check_xlsx_package(path: Path) -> None:
    """Refuse an XLSX whose parts unpack to too much (a "zip bomb") before reading it."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise MergeDataError(
            f"Regnearket {path.name} er ikke en gyldig .xlsx-fil (den er beskadiget eller "
            "afkortet). Gem det igen i Excel som .xlsx.",
            path=path,
        ) from exc
    unpacked = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if unpacked > MAX_XLSX_UNPACKED or unpacked > MAX_XLSX_RATIO * packed + 10 * 1024 * 1024:
        raise MergeDataError(
            f"Regnearket {path.name} fylder {unpacked // (1024 * 1024)} MB udpakket og læses "
            "ikke (højst {MAX_XLSX_UNPACKED // (1024 * 1024)} MB). Gem kun de nødvendige "
            "rækker i en ny fil.".replace(
                "{MAX_XLSX_UNPACKED // (1024 * 1024)}", str(MAX_XLSX_UNPACKED // (1024 * 1024))
            ),
            path=path,
        )


def _xlsx_sheet_name(path: Path, wanted: str | None) -> str:
    """Return the name of the sheet to read: `wanted`, else the active one."""
    workbook = _open_workbook(path)
    try:
        names = list(workbook.sheetnames)
        if wanted is not None:
            if wanted in names:
                return wanted
            raise MergeDataError(
                f"Regnearket {path.name} har intet ark '{wanted}'. Arkene hedder: "
                + ", ".join(f"'{n}'" for n in names)
                + ".",
                path=path,
            )
        active = workbook.active
        title = getattr(active, "title", None)
        return str(title) if title in names else names[0]
    finally:
        workbook.close()


def _open_workbook(path: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise MergeDataError(
            f"Regnearket {path.name} kan ikke læses (teknisk: {type(exc).__name__}). "
            "Gem det igen i Excel som .xlsx.",
            path=path,
        ) from exc


def _xlsx_header(path: Path, sheet: str) -> tuple[str, ...]:
    for number, cells in _xlsx_cells(path, sheet):
        if number == 1:
            return _columns(cells, path)
    raise MergeDataError(
        f"Arket '{sheet}' i regnearket {path.name} er tomt. Første række skal være kolonnenavne.",
        path=path,
    )


def _xlsx_rows(path: Path, columns: tuple[str, ...], sheet: str) -> Iterator[DataRow]:
    for number, cells in _xlsx_cells(path, sheet):
        if number > 1:
            row = _row(number, columns, [_cell_text(cell) for cell in cells], path)
            if row is not None:
                yield row


def _xlsx_cells(path: Path, sheet: str) -> Iterator[tuple[int, tuple[object, ...]]]:
    workbook = _open_workbook(path)
    number = 0
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, tuple(cells)
    except MergeDataError:
        raise
    except Exception as exc:  # a truncated or damaged sheet fails while it is read
        raise MergeDataError(
            f"Regnearket {path.name} er beskadiget efter række {number} i arket "
            f"'{sheet}' (teknisk: {type(exc).__name__}). Gem det igen i Excel som .xlsx.",
            path=path,
        ) from exc
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
