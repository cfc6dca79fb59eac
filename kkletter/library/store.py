"""Save and delete library items in a layer; every write is atomic."""

from __future__ import annotations

import dataclasses
import re
import shutil
import unicodedata
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TypeVar

from kkletter.errors import LibraryError, os_reason
from kkletter.library.atomic import write_atomic, write_text_atomic
from kkletter.library.deadline import SAVE_TIMEOUT, ShareTimeoutError, run_within
from kkletter.library.layers import Kind, Layer
from kkletter.library.paragraphs import Paragraph, paragraph_to_text
from kkletter.library.signers import signer_to_toml
from kkletter.model import Profile, Signer
from kkletter.profiles import profile_to_toml

T = TypeVar("T")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
_SUFFIX: dict[Kind, str] = {"profiles": ".toml", "signers": ".toml", "paragraphs": ".md"}


def make_id(title: str, taken: Collection[str] = ()) -> str:
    """Return a file-safe id for `title` ("Center for Politik" -> "center-for-politik")."""
    text = title.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50] or "uden-navn"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def check_id(item_id: str) -> str:
    """Return `item_id` if it is a safe file name, else raise a Danish `LibraryError`."""
    if not _ID.fullmatch(item_id):
        raise LibraryError(
            f"Id'et '{item_id}' kan ikke bruges som filnavn: brug små bogstaver a-z, tal, - og _."
        )
    return item_id


def _write_root(layer: Layer) -> Path:
    if layer.write_root is None:
        raise LibraryError(
            f"Det {layer.label}e lag kan ikke skrives i lige nu. Gem i dit personlige bibliotek."
        )
    return layer.write_root


def item_path(layer: Layer, kind: Kind, item_id: str) -> Path:
    """Return where item `item_id` of `kind` is saved in `layer`."""
    root = _write_root(layer)
    if kind == "templates":
        return root / "templates" / check_id(item_id) / "template.toml"
    return root / kind / f"{check_id(item_id)}{_SUFFIX[kind]}"


def import_image(layer: Layer, image: Path) -> Path:
    """Return `image` as a file inside `layer`'s images folder, copying it there if needed."""
    root = _write_root(layer)
    image = image.resolve()
    if not image.is_file():
        raise LibraryError(
            f"Billedet {image} kan ikke læses: filen findes ikke. Vælg et andet billede.",
            path=image,
        )
    for base in (root, layer.root):
        try:
            relative = image.relative_to(base.resolve())
        except ValueError:
            continue
        return root / relative
    target = root / "images" / image.name
    from kkletter.errors import ResourceError
    from kkletter.images import read_image

    try:  # a regular file under the size limit whose bytes are PNG, JPEG or SVG (issue 8)
        data = read_image(image, what="Billedet")
    except ResourceError as exc:
        raise LibraryError(f"{exc} Vælg et andet billede.", path=image) from exc
    if not target.exists() or target.read_bytes() != data:
        if target.exists():
            target = target.with_stem(f"{target.stem}-{make_id(layer.name)}")
        write_atomic(target, data)
    return target


def save_profile(layer: Layer, profile: Profile) -> Path:
    """Save `profile` in `layer` (its logo copied into the layer's images) and return the file."""
    path = item_path(layer, "profiles", profile.id)
    root = _write_root(layer)
    if profile.logo is not None:
        logo = dataclasses.replace(profile.logo, path=import_image(layer, profile.logo.path))
        profile = dataclasses.replace(profile, logo=logo)
    write_text_atomic(path, profile_to_toml(profile, root))
    return path


def save_signer(layer: Layer, signer_id: str, signer: Signer) -> Path:
    """Save `signer` as `signer_id` in `layer` and return the file."""
    path = item_path(layer, "signers", signer_id)
    if signer.signature is not None:
        signer = dataclasses.replace(signer, signature=import_image(layer, signer.signature))
    write_text_atomic(path, signer_to_toml(signer, _write_root(layer)))
    return path


def save_paragraph(layer: Layer, paragraph: Paragraph) -> Path:
    """Save `paragraph` in `layer` and return the file."""
    path = item_path(layer, "paragraphs", paragraph.id)
    write_text_atomic(path, paragraph_to_text(paragraph))
    return path


def delete_item(layer: Layer, kind: Kind, item_id: str) -> None:
    """Delete item `item_id` of `kind` from `layer` (a lower layer's item shows again)."""
    path = item_path(layer, kind, item_id)
    try:
        if kind == "templates":
            shutil.rmtree(path.parent)
        else:
            path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LibraryError(f"Kan ikke slette {path}: {os_reason(exc)}.", path=path) from exc


def on_layer(layer: Layer, change: Callable[[], T], timeout: float = SAVE_TIMEOUT) -> T:
    """Return `change()` – a save to or delete from `layer` – waiting at most `timeout` s.

    Only the shared layer (a network share that may hang) gets the deadline; the change
    then runs in a daemon thread, and a share that does not answer in time raises a Danish
    `LibraryError` instead of freezing the window. Each write is atomic, so if the share
    answers later the item is either saved whole or not at all.
    """
    if layer.name != "shared":
        return change()
    try:
        return run_within(change, timeout, "kkletter-share-save")
    except ShareTimeoutError:
        raise LibraryError(
            f"Det fælles bibliotek {layer.write_root} svarer ikke (ventede {timeout:g} s). "
            "Tjek netværket, og prøv igen. Svarer det senere, kan ændringen alligevel være "
            "nået frem – se efter, når du åbner biblioteket igen."
        ) from None
