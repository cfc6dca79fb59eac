"""Gem som skabelon: turn the current letter into a template of its own."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from kkletter.dates import DATE_STYLES, format_letter_date
from kkletter.errors import LibraryError, os_reason
from kkletter.library.atomic import write_text_atomic
from kkletter.library.layers import Layer
from kkletter.library.store import item_path
from kkletter.model import Letter
from kkletter.templating import TemplateSpec

_MIN_LENGTH = 3  # shorter values ("1", "A") would replace ordinary text


def letter_placeholders(letter: Letter, spec: TemplateSpec) -> list[tuple[str, str]]:
    """Return (value, placeholder) for each filled value of `letter`, longest value first."""
    pairs: dict[str, str] = {}

    def add(value: object, what: str) -> None:
        if isinstance(value, str) and len(value.strip()) >= _MIN_LENGTH:
            pairs.setdefault(value.strip(), f"[Indsæt {what}]")

    add(letter.recipient.salutation, "starthilsen")
    add(letter.recipient.name, "modtagerens navn")
    for line in letter.recipient.address:
        add(line, "modtagerens adresse")
    add(letter.case.document, "dokumentnummer")
    add(letter.case.number, "sagsnummer")
    add(letter.subject, "emne")
    if letter.date:
        for style in DATE_STYLES:
            add(format_letter_date(letter.date, style), "dato")
    labels = {f.id: f.label.casefold() for f in spec.fields}
    for key, value in letter.fields.items():
        add(value, labels.get(key, key))
    return sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)


def body_as_template_text(letter: Letter, spec: TemplateSpec) -> str:
    """Return the letter's body with every filled value replaced by a placeholder to fill."""
    body = letter.body
    for value, placeholder in letter_placeholders(letter, spec):
        body = body.replace(value, placeholder)
    return body


def save_as_template(
    layer: Layer,
    template_id: str,
    name: str,
    letter: Letter,
    spec: TemplateSpec,
    *,
    description: str = "",
) -> Path:
    """Save `letter` as template `template_id` in `layer`, based on its template `spec`.

    The new template keeps the base template's layout (case block, fields, date style)
    and takes the letter's body as its default body, with the letter's own values
    (recipient, case numbers, subject, date, template fields) turned into placeholders
    that the checks flag until they are filled.
    """
    if not name.strip():
        raise LibraryError("Skriv et navn til skabelonen.")
    target = item_path(layer, "templates", template_id)
    try:
        raw: dict[str, Any] = tomllib.loads(
            (spec.folder / "template.toml").read_text(encoding="utf-8")
        )
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LibraryError(f"Grundskabelonen {spec.folder} kan ikke læses: {exc}.") from exc
    raw["name"] = name.strip()
    raw["description"] = description.strip() or f"Egen skabelon på grundlag af «{spec.name}»."
    raw["default_body"] = body_as_template_text(letter, spec)
    raw["order"] = max(int(raw.get("order", 100)), 10)
    if letter.closing is not None:
        raw["closing"] = letter.closing
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for item in spec.folder.iterdir():
            if item.is_file() and item.name != "template.toml":
                shutil.copy2(item, folder / item.name)
    except OSError as exc:
        raise LibraryError(f"Kan ikke gemme skabelonen i {folder}: {os_reason(exc)}.") from exc
    text = "# Saved with 'Gem som skabelon'; keys: see docs/draft-format.md.\n" + tomli_w.dumps(
        raw, multiline_strings=True
    )
    write_text_atomic(target, text)
    return target
