"""Signers kept in the library: `signers/<id>.toml` with name, title, phone, e-mail, image."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from kkletter.errors import LibraryError
from kkletter.model import Signer
from kkletter.tomlsource import key_line, read_toml, text_value

_WHAT = "Underskriveren"
_KEYS = ("name", "title", "phone", "email", "user")
SIGNATURE_SUFFIXES = (".png", ".jpg", ".jpeg")


def load_signer(path: Path, images: Path) -> Signer:
    """Read one signer file; `signature` is relative to `images` (the layer's folder)."""
    raw, text = read_toml(path, _WHAT)
    values = {key: text_value(raw, key, text, path, _WHAT).strip() for key in _KEYS}
    if not values["name"]:
        line = key_line(text, "name")
        raise LibraryError(
            f"{_WHAT} {path}, linje {line}: 'name' mangler; skriv underskriverens navn.",
            path=path,
            line=line,
        )
    signature: Path | None = None
    image = text_value(raw, "signature", text, path, _WHAT).strip()
    if image:
        if Path(image).suffix.lower() not in SIGNATURE_SUFFIXES:
            line = key_line(text, "signature")
            raise LibraryError(
                f"{_WHAT} {path}, linje {line}: underskriften '{image}' skal være PNG eller JPEG.",
                path=path,
                line=line,
            )
        signature = (images / image).resolve()
    return Signer(signature=signature, **values)


def signer_to_toml(signer: Signer, images: Path) -> str:
    """Return `signer` as signer TOML; the signature path is written relative to `images`."""
    raw: dict[str, Any] = {key: getattr(signer, key) for key in _KEYS if key != "user"}
    if signer.user:
        raw["user"] = signer.user
    if signer.signature is not None:
        try:
            raw["signature"] = signer.signature.resolve().relative_to(images.resolve()).as_posix()
        except ValueError:
            raw["signature"] = str(signer.signature)
    return "# Signer; keys: see docs/library.md.\n" + tomli_w.dumps(raw)
