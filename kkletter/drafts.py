"""Draft files: a letter as UTF-8 TOML (see docs/draft-format.md).

Read with `tomllib`, written with `tomli-w`, always atomically (a temporary file in the
same folder, then `os.replace`), so a crash or a full disk never leaves half a draft.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import Any

import tomli_w
import tomlkit
import tomlkit.exceptions
import tomlkit.items

from kkletter.errors import DraftError, OutputError
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.text import clean_text

FORMAT_VERSION = 1
SUFFIX = ".toml"


def load_draft(path: Path) -> Letter:
    """Read the draft at `path`; a relative signature path is resolved against its folder."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError(f"Kladden {path} findes ikke. Tjek stien.", path=path) from None
    except IsADirectoryError:
        raise DraftError(f"{path} er en mappe, ikke en kladde.", path=path) from None
    except OSError as exc:
        raise DraftError(f"Kladden {path} kan ikke læses: {exc.strerror}.", path=path) from exc
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
        raw = tomllib.loads(text)
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
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise DraftError(
            f"{where} er gemt i en nyere udgave af kkletter (format {version}). "
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


def save_draft(letter: Letter, path: Path) -> None:
    """Write `letter` to `path` atomically.

    When `path` already holds a draft, only the values that changed are rewritten, so
    the user's comments and layout survive a save (or `kkletter check --fix`).
    """
    data = letter_to_mapping(letter, base_dir=path.parent)
    text = _updated_in_place(path, data, letter) or tomli_w.dumps(data, multiline_strings=True)
    write_atomic(path, text.encode("utf-8"))


def _updated_in_place(path: Path, data: dict[str, Any], letter: Letter) -> str | None:
    """Return the existing draft at `path` edited to hold `data`, or None if that fails.

    The result is parsed back and must give `letter` exactly; otherwise the caller
    writes a fresh file, so a comment-preserving edit can never change the letter.
    """
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError):
        return None
    _merge_into(document, data)
    text = tomlkit.dumps(document)
    try:
        again = letter_from_mapping(tomllib.loads(text), base_dir=path.parent)
    except (tomllib.TOMLDecodeError, DraftError):
        return None
    return text if again == letter else None


def _merge_into(table: MutableMapping[str, Any], data: Mapping[str, Any]) -> None:
    """Make tomlkit `table` hold `data`, touching only keys whose value changed."""
    for key in [k for k in table if k not in data]:
        del table[key]
    for key, value in data.items():
        current = table.get(key)
        if isinstance(value, dict) and isinstance(current, MutableMapping):
            _merge_into(current, value)
            continue
        plain: Any = current.unwrap() if isinstance(current, tomlkit.items.Item) else current
        if key in table and plain == value and type(plain) is type(value):
            continue
        if isinstance(value, str) and "\n" in value:
            table[key] = tomlkit.string(value, multiline=True)
        else:
            table[key] = value


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file; an existing file stays intact on error."""
    folder = path.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except FileNotFoundError:
        raise OutputError(
            f"Mappen {folder} findes ikke. Vælg en anden placering.", path=path
        ) from None
    except OSError as exc:
        raise OutputError(
            f"Kan ikke skrive i mappen {folder}: {exc.strerror}. Vælg en mappe, du har adgang til.",
            path=path,
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except PermissionError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"Kan ikke overskrive {path}: filen er skrivebeskyttet eller åben i et andet "
            "program (fx Word). Luk den og prøv igen, eller gem under et andet navn.",
            path=path,
        ) from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"Kan ikke skrive {path}: {exc.strerror}.", path=path) from exc
