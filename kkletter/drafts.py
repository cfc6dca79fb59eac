"""Draft files: a letter as UTF-8 TOML (see docs/draft-format.md).

Read with `tomllib`. Saving edits the existing file in place with `tomlkit`, so comments,
order, layout and keys kkletter does not know survive; a new file is written with
`tomli-w`. Every write goes through `kkletter.safefile.write_file` (atomic, keeps mode
and symlinks, respects read-only files). Keys kkletter does not know are reported by
`unknown_keys` ("ukendt nøgle 'reciever' – mente du 'recipient'?"), never dropped.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import difflib
import re
import stat
import tomllib
from collections.abc import Collection, Mapping, MutableMapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomli_w
import tomlkit
import tomlkit.exceptions
import tomlkit.items

from kkletter.errors import DraftError, os_reason
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.readfile import read_regular_file
from kkletter.safefile import check_target, write_file
from kkletter.text import clean_text

FORMAT_VERSION = 1
SUFFIX = ".toml"
MAX_DRAFT_BYTES = 20 * 1024 * 1024  # a 10,000-page letter; anything bigger is not a draft


def load_draft(path: Path) -> Letter:
    """Read the draft at `path`; a relative signature path is resolved against its folder.

    Only a regular file under `MAX_DRAFT_BYTES` is read: a FIFO would block forever and
    `/dev/zero` would fill the memory.
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise DraftError(
                f"{path} er ikke en almindelig fil (fx en pipe eller en enhed). Angiv en kladde "
                "(.toml).",
                path=path,
            )
        if info.st_size > MAX_DRAFT_BYTES:
            raise DraftError(
                f"Kladden {path} fylder {info.st_size // (1024 * 1024)} MB; højst "
                f"{MAX_DRAFT_BYTES // (1024 * 1024)} MB kan læses. Del brevet op.",
                path=path,
            )
        # Checked again on the opened file: it may have been swapped for a FIFO since stat.
        data = read_regular_file(path, MAX_DRAFT_BYTES)
    except FileNotFoundError:
        raise DraftError(f"Kladden {path} findes ikke. Tjek stien.", path=path) from None
    except IsADirectoryError:
        raise DraftError(f"{path} er en mappe, ikke en kladde.", path=path) from None
    except OSError as exc:
        raise DraftError(f"Kladden {path} kan ikke læses: {os_reason(exc)}.", path=path) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftError(
            f"Kladden {path} er ikke gemt som UTF-8 (fejl ved byte {exc.start}). "
            "Gem den som UTF-8 og prøv igen.",
            path=path,
        ) from exc
    return parse_draft(text, path=path)


def parse_draft(text: str, *, path: Path | None = None) -> Letter:
    """Parse draft TOML `text`; `path` names the file in messages and anchors relative paths."""
    where = str(path) if path else "kladden"
    try:
        raw = _toml(text)
    except tomllib.TOMLDecodeError as exc:
        line, column, reason = _toml_error_position(exc)
        position = f" i linje {line}, kolonne {column}" if line else ""
        raise DraftError(
            f"{where} er ikke gyldig TOML{position}. Tjek anførselstegn, = og [tabeller] "
            f"på den linje (teknisk: {reason}).",
            path=path,
            line=line,
            column=column,
        ) from exc
    return letter_from_mapping(raw, base_dir=path.parent if path else None, where=where)


@lru_cache(maxsize=2)
def _toml(text: str) -> Mapping[str, Any]:
    """Parse draft TOML `text` once for loading it and for its unknown keys (read-only).

    A megabyte body written with "\\n" escapes takes tomllib 0.2 s; `check` needs both.
    """
    return tomllib.loads(text)


def _toml_error_position(exc: tomllib.TOMLDecodeError) -> tuple[int | None, int | None, str]:
    """Return line, column and reason of a TOML error (Python < 3.14 has them only in text)."""
    message = str(exc)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    if match:
        return int(match.group(1)), int(match.group(2)), message[: match.start()]
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    return line, column, message


def letter_from_mapping(
    raw: Mapping[str, Any], *, base_dir: Path | None = None, where: str = "kladden"
) -> Letter:
    """Build a `Letter` from parsed draft data, with Danish messages for wrong types."""

    def text(table: Mapping[str, Any], key: str, name: str) -> str:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise DraftError(f"{where}: '{name}' skal være tekst i anførselstegn.")
        return clean_text(value)

    def table(key: str) -> Mapping[str, Any]:
        value = raw.get(key, {})
        if not isinstance(value, dict):
            raise DraftError(f"{where}: [{key}] skal være en tabel.")
        return value

    version = raw.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise DraftError(
            f"{where}: 'format' skal være et helt tal (format = {FORMAT_VERSION}), ikke "
            f"{version!r}."
        )
    if version > FORMAT_VERSION:
        raise DraftError(
            f"{where} er gemt i en nyere udgave af kkletter (format {version!r}). "
            "Opdatér kkletter for at åbne den."
        )
    for key in ("template", "profile"):
        if not raw.get(key):
            raise DraftError(
                f"{where} mangler '{key}'. Se 'kkletter {key}s' for gyldige værdier.",
            )
    date = raw.get("date")
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        raise DraftError(f"{where}: 'date' skal være en dato som 2016-09-14 (uden anførselstegn).")
    recipient_raw = table("recipient")
    address = recipient_raw.get("address", [])
    if isinstance(address, str):
        address = [line for line in address.splitlines() if line.strip()]
    if not isinstance(address, list) or not all(isinstance(a, str) for a in address):
        raise DraftError(f"{where}: 'recipient.address' skal være en liste af linjer.")
    case_raw = table("case")
    signer_raw = table("signer")
    signature_text = text(signer_raw, "signature", "signer.signature").strip()
    signature: Path | None = None
    if signature_text:
        signature = Path(signature_text).expanduser()
        if not signature.is_absolute() and base_dir is not None:
            signature = base_dir / signature
    fields = table("fields")
    closing = raw.get("closing")
    if closing is not None and not isinstance(closing, str):
        raise DraftError(f"{where}: 'closing' skal være tekst.")
    date_style = raw.get("date_style")
    if date_style is not None and not isinstance(date_style, str):
        raise DraftError(f"{where}: 'date_style' skal være tekst.")
    return Letter(
        template=text(raw, "template", "template").strip(),
        profile=text(raw, "profile", "profile").strip(),
        body=text(raw, "body", "body"),
        subject=text(raw, "subject", "subject"),
        date=date,
        recipient=Recipient(
            name=text(recipient_raw, "name", "recipient.name"),
            address=tuple(clean_text(a) for a in address),
            salutation=text(recipient_raw, "salutation", "recipient.salutation"),
            prefix=text(recipient_raw, "prefix", "recipient.prefix"),
        ),
        case=CaseRef(
            number=text(case_raw, "number", "case.number").strip(),
            document=text(case_raw, "document", "case.document").strip(),
            number_label=text(case_raw, "number_label", "case.number_label"),
            document_label=text(case_raw, "document_label", "case.document_label"),
        ),
        signer=Signer(
            name=text(signer_raw, "name", "signer.name"),
            title=text(signer_raw, "title", "signer.title"),
            signature=signature,
            phone=text(signer_raw, "phone", "signer.phone"),
            email=text(signer_raw, "email", "signer.email"),
        ),
        fields=_clean_fields(dict(fields)),
        closing=clean_text(closing) if closing is not None else None,
        date_style=date_style,
    )


def _clean_fields(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {str(k): _clean_fields(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_fields(v) for v in value]
    return value


def letter_to_mapping(letter: Letter, *, base_dir: Path | None = None) -> dict[str, Any]:
    """Return `letter` as draft data; the signature path is made relative to `base_dir`."""
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "template": letter.template,
        "profile": letter.profile,
    }
    if letter.date is not None:
        data["date"] = letter.date
    if letter.date_style:
        data["date_style"] = letter.date_style
    if letter.subject:
        data["subject"] = letter.subject
    if letter.closing is not None:
        data["closing"] = letter.closing
    data["body"] = letter.body
    recipient = {
        "prefix": letter.recipient.prefix,
        "name": letter.recipient.name,
        "address": list(letter.recipient.address),
        "salutation": letter.recipient.salutation,
    }
    data["recipient"] = {k: v for k, v in recipient.items() if v}
    case = {
        "number": letter.case.number,
        "document": letter.case.document,
        "number_label": letter.case.number_label,
        "document_label": letter.case.document_label,
    }
    data["case"] = {k: v for k, v in case.items() if v}
    signature = ""
    if letter.signer.signature is not None:
        signature = str(letter.signer.signature)
        if base_dir is not None:
            try:
                signature = (
                    letter.signer.signature.resolve().relative_to(base_dir.resolve()).as_posix()
                )
            except ValueError:
                signature = str(letter.signer.signature)
    signer = {
        "name": letter.signer.name,
        "title": letter.signer.title,
        "signature": signature,
        "phone": letter.signer.phone,
        "email": letter.signer.email,
    }
    data["signer"] = {k: v for k, v in signer.items() if v}
    data["fields"] = dict(letter.fields)
    return data


def dump_draft(letter: Letter, *, base_dir: Path | None = None) -> str:
    """Return `letter` as draft TOML text."""
    return tomli_w.dumps(letter_to_mapping(letter, base_dir=base_dir), multiline_strings=True)


def save_draft(
    letter: Letter,
    path: Path,
    *,
    previous: Letter | None = None,
    inputs: Collection[Path] = (),
) -> None:
    """Write `letter` to `path` atomically, editing an existing draft in place.

    When `path` already holds a draft, only the values that changed are rewritten, so
    the user's comments, order, layout and unknown keys survive a save. With `previous`
    (the letter as it was read from `path`, e.g. by `kkletter check --fix`) only the
    values that differ between `previous` and `letter` are touched at all. `inputs`
    are files the same command reads, which must not be overwritten.
    """
    # Refuse a FIFO, a device, a read-only file or an input before reading the old draft.
    check_target(path, inputs=inputs)
    data = letter_to_mapping(letter, base_dir=path.parent)
    before = letter_to_mapping(previous, base_dir=path.parent) if previous else None
    text = _updated_in_place(path, data, before, letter)
    if text is None:
        if previous is not None and path.exists():
            raise DraftError(
                f"Kladden {path} kunne ikke rettes uden at ændre andet end rettelserne, "
                "så den er ikke ændret. Ret fundene i kladden selv.",
                path=path,
            )
        text = tomli_w.dumps(data, multiline_strings=True)
    bom = b""
    with contextlib.suppress(OSError), path.open("rb") as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            bom = codecs.BOM_UTF8  # as Windows Notepad saved it; keep it
    write_file(path, bom + text.encode("utf-8"), inputs=inputs)


def _updated_in_place(
    path: Path, data: dict[str, Any], before: dict[str, Any] | None, letter: Letter
) -> str | None:
    """Return the existing draft at `path` edited to hold `data`, or None if that fails.

    The result is parsed back and must give `letter` exactly; otherwise the caller
    writes a fresh file, so a comment-preserving edit can never change the letter.
    """
    try:
        original = path.read_bytes().decode("utf-8-sig")
        document = tomlkit.parse(original)
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return None
    _merge_into(document, data, before, _DRAFT_KEYS)
    text = tomlkit.dumps(document)
    try:
        again = letter_from_mapping(tomllib.loads(text), base_dir=path.parent)
    except (tomllib.TOMLDecodeError, DraftError):
        return None
    return text if again == letter else None


def _merge_into(
    table: MutableMapping[str, Any],
    data: Mapping[str, Any],
    before: Mapping[str, Any] | None,
    schema: Mapping[str, Any] | None,
) -> None:
    """Make tomlkit `table` hold `data`, touching only keys whose value changed.

    A key `schema` does not know is the user's and is never removed; with `before`, a
    key whose value is the same in `before` and `data` is left exactly as written.
    """
    for key in [k for k in table if k not in data]:
        known = schema is not None and key in schema
        cleared = before is None or key in before
        if known and cleared:
            del table[key]
    for key, value in data.items():
        if before is not None and key in before and before[key] == value:
            continue
        current = table.get(key)
        if isinstance(value, dict) and isinstance(current, MutableMapping):
            inner = before.get(key) if before is not None else None
            sub_schema = schema.get(key) if schema is not None else None
            _merge_into(
                current,
                value,
                inner if isinstance(inner, dict) else ({} if before is not None else None),
                sub_schema if isinstance(sub_schema, dict) else None,
            )
            continue
        plain: Any = current.unwrap() if isinstance(current, tomlkit.items.Item) else current
        if key in table and plain == value and type(plain) is type(value):
            continue
        table[key] = _styled(value, current)


def _styled(value: Any, current: Any) -> Any:
    """Return `value` as a tomlkit item written the way `current` was (multi-line, literal)."""
    if not isinstance(value, str):
        return value
    multiline = "\n" in value
    literal = False
    # TOML drops a newline right after the opening quotes; keep that layout if it was used.
    lead = ""
    newline = "\n"
    if isinstance(current, tomlkit.items.String):
        multiline = multiline or current.type.is_multiline()
        literal = current.type.is_literal()
        raw = current.as_string()
        if "\r\n" in raw:
            newline = "\r\n"  # a draft saved on Windows keeps its line ends
        if multiline and raw[3:4] in ("\n", "\r"):
            lead = newline
    item = None
    if literal:  # a literal string cannot hold every text; a basic string then can
        with contextlib.suppress(tomlkit.exceptions.InvalidStringError):
            item = tomlkit.string(value, literal=True, multiline=multiline)
    if item is None:
        item = tomlkit.string(value, multiline=multiline)
    inner = item.as_string()[3:-3] if multiline else ""
    if multiline and (lead or newline != "\n"):
        inner = inner.removeprefix("\n").replace("\n", newline)
        item = tomlkit.items.String(item.type, value, lead + inner, item.trivia)
    return item


# The keys kkletter reads; None marks a table whose keys are free ([fields]).
_DRAFT_KEYS: dict[str, Any] = {
    "format": int,
    "template": str,
    "profile": str,
    "date": dt.date,
    "date_style": str,
    "subject": str,
    "closing": str,
    "body": str,
    "recipient": {"prefix": str, "name": str, "address": list, "salutation": str},
    "case": {"number": str, "document": str, "number_label": str, "document_label": str},
    "signer": {"name": str, "title": str, "signature": str, "phone": str, "email": str},
    "fields": None,
}


@dataclass(frozen=True)
class UnknownKey:
    """A key in a draft that kkletter does not read; `line` is 1-based (0: unknown)."""

    key: str  # dotted, e.g. "recipient.nmae" or "reciever"
    suggestion: str | None
    line: int
    column: int

    @property
    def hint(self) -> str:
        """Return " – mente du '<suggestion>'?" or ""."""
        return f" – mente du '{self.suggestion}'?" if self.suggestion else ""

    @property
    def message(self) -> str:
        """Return the Danish finding text (the catalogue's rule UNKNOWN_KEY says the same)."""
        return (
            f"ukendt nøgle '{self.key}'{self.hint} (kkletter bruger den ikke, men bevarer den "
            "i kladden)"
        )


def unknown_keys(text: str, *, field_ids: Collection[str] | None = None) -> list[UnknownKey]:
    """Return the keys of draft TOML `text` that kkletter does not read.

    With `field_ids` (the template's fields), keys under `[fields]` are checked too.
    Text that is not valid TOML gives no keys (loading it reports the error).
    """
    try:
        raw = _toml(text)
    except tomllib.TOMLDecodeError:
        return []
    lines = text.split("\n")
    found: list[UnknownKey] = []

    def visit(table: Mapping[str, Any], schema: Mapping[str, Any], prefix: str) -> None:
        for key, value in table.items():
            if key not in schema:
                close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.55)
                line, column = _key_position(lines, key, prefix)
                found.append(UnknownKey(prefix + key, close[0] if close else None, line, column))
                continue
            sub = schema[key]
            if isinstance(sub, dict) and isinstance(value, dict):
                visit(value, sub, f"{prefix}{key}.")
            elif sub is None and field_ids is not None and isinstance(value, dict):
                visit(value, dict.fromkeys(field_ids, str), f"{prefix}{key}.")

    visit(raw, _DRAFT_KEYS, "")
    return found


def _key_position(lines: list[str], key: str, prefix: str) -> tuple[int, int]:
    """Return the 1-based line and column where `key` is written (best effort)."""
    bare = re.escape(key)
    patterns = [
        re.compile(rf"^(\s*)(?:[\"']?{bare}[\"']?)\s*="),
        re.compile(rf"^(\s*)\[\[?\s*(?:{re.escape(prefix)})?[\"']?{bare}[\"']?\s*\]"),
        re.compile(rf"^(\s*){re.escape(prefix)}[\"']?{bare}[\"']?\s*="),
    ]
    for number, line in enumerate(lines, start=1):
        for pattern in patterns:
            match = pattern.match(line)
            if match:
                return number, len(match.group(1)) + 1
    return 1, 1
