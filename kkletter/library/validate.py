"""`kkletter library check`: validate a whole library folder before the office uses it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TypeVar
from xml.etree import ElementTree

from kkletter.compose import compose_letter
from kkletter.errors import KKLetterError
from kkletter.library.cache import SharedStatus
from kkletter.library.catalog import Entry, Library, read_layers
from kkletter.library.layers import Layer, builtin_layer
from kkletter.library.paragraphs import expand_paragraph
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.profiles import ean_problem
from kkletter.templating import TemplateSpec

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
T = TypeVar("T")


def image_problem(path: Path) -> str | None:
    """Return why `path` is not a usable PNG, JPEG or SVG image, or None when it loads."""
    if not path.is_file():
        return f"billedet {path} findes ikke"
    if path.suffix.lower() == ".svg":
        try:
            root = ElementTree.parse(path).getroot()
        except (ElementTree.ParseError, OSError) as exc:
            return f"SVG-billedet {path} kan ikke læses: {exc}"
        if not root.tag.endswith("svg"):
            return f"{path} er ikke et SVG-billede"
        return None
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        image = Image.from_file(str(path))
    except (UnrecognizedImageError, OSError, ValueError, IndexError) as exc:
        return f"billedet {path} kan ikke læses som PNG eller JPEG ({type(exc).__name__})"
    if image.px_width <= 0 or image.px_height <= 0:
        return f"billedet {path} har ingen størrelse"
    return None


def sample_letter(spec: TemplateSpec, profile_id: str) -> Letter:
    """Return a letter with every part filled with sample text, to render `spec` with."""
    fields: dict[str, object] = {}
    for field in spec.fields:
        if field.kind == "statusskemaer":
            fields[field.id] = field.default or []
        else:
            fields[field.id] = field.default or f"Eksempel på {field.label.casefold()}"
    return Letter(
        template=spec.id,
        profile=profile_id,
        body=spec.default_body or "Eksempel på brevets tekst.",
        subject="Eksempel på et emne",
        date=dt.date(2026, 1, 15),
        recipient=Recipient(name="Eksempel Modtager", salutation="Kære Eksempel Modtager"),
        case=CaseRef("2026-0000001", "2026-0000001-1"),
        signer=Signer(name="Eksempel Underskriver", title="Kontorchef"),
        fields=fields,
    )


def check_library_folder(folder: Path) -> list[str]:
    """Return one Danish line per problem in the library `folder` (empty: all is well).

    Every file is read as the app reads it; every template renders with sample data
    (with the folder's profiles and the built-in ones); every profile's EAN and logo and
    every signer's signature image are checked, and every image in the folder loads.
    """
    if not folder.is_dir():
        return [f"{folder}: mappen findes ikke."]
    # The folder is read above the built-in layer, as the app reads it: its templates may
    # use the built-in profiles and standard paragraphs. Only its own items are checked.
    library = read_layers((Layer("shared", folder, folder), builtin_layer()), SharedStatus("none"))
    lines = [str(problem) for problem in library.problems]
    own = _own_items(library)
    profile_id = next(iter(own.profiles), next(iter(library.profiles), ""))
    catalogs = library.catalogs()
    for template_id, entry in own.templates.items():
        try:
            compose_letter(sample_letter(entry.value, profile_id), catalogs)
        except KKLetterError as exc:
            line = getattr(exc, "line", None)
            where = f"{exc.path or entry.path}" + (f":{line}" if line else "")
            lines.append(f"{where}: skabelonen '{template_id}' kan ikke udfyldes: {exc}")
    checked_images: set[Path] = set()
    for profile_id, profile_entry in own.profiles.items():
        profile = profile_entry.value
        problem = ean_problem(profile.ean)
        if problem:
            lines.append(f"{profile_entry.path}: {problem}")
        if profile.logo is not None:
            checked_images.add(profile.logo.path)
            problem = image_problem(profile.logo.path)
            if problem:
                lines.append(f"{profile_entry.path}: logoet i '{profile_id}': {problem}")
    for signer_id, signer_entry in own.signers.items():
        signature = signer_entry.value.signature
        if signature is not None:
            checked_images.add(signature)
            problem = image_problem(signature)
            if problem:
                lines.append(f"{signer_entry.path}: underskriften for '{signer_id}': {problem}")
    empty = Letter(template="", profile="")
    for paragraph_entry in own.paragraphs.values():
        try:
            expand_paragraph(paragraph_entry.value, empty)
        except KKLetterError as exc:
            lines.append(f"{paragraph_entry.path}: {exc}")
    # F3 needs one paragraph per short name, among the folder's and the built-in ones.
    by_short: dict[str, list[str]] = {}
    for any_paragraph in library.paragraphs.values():
        short_name = any_paragraph.value.short_name.casefold()
        by_short.setdefault(short_name, []).append(any_paragraph.id)
    for paragraph_entry in own.paragraphs.values():
        short = paragraph_entry.value.short_name.casefold()
        others = [i for i in by_short[short] if i != paragraph_entry.id]
        if others:
            lines.append(
                f"{paragraph_entry.path}: kortnavnet '{short}' bruges også af "
                f"{', '.join(others)}; giv hver standardtekst sit eget kortnavn, så F3 ved, "
                "hvilken der menes."
            )
    images = folder / "images"
    for path in sorted(images.rglob("*")) if images.is_dir() else []:
        if path.is_file() and path.resolve() not in checked_images:
            problem = image_problem(path) if path.suffix.lower() in IMAGE_SUFFIXES else None
            if path.suffix.lower() not in IMAGE_SUFFIXES:
                problem = f"{path} er ikke et PNG-, JPEG- eller SVG-billede"
            if problem:
                lines.append(f"{path}: {problem}")
    return lines


def _own_items(library: Library) -> Library:
    """Return `library` with only the items of its top layer (the folder being checked)."""

    def own(entries: Mapping[str, Entry[T]]) -> dict[str, Entry[T]]:
        return {k: e for k, e in entries.items() if e.origin == "shared"}

    return dataclasses.replace(
        library,
        profiles=own(library.profiles),
        templates=own(library.templates),
        signers=own(library.signers),
        paragraphs=own(library.paragraphs),
    )
