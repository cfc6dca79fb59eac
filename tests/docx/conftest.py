"""Fixtures for the DOCX writer tests: letters to draw and a signature image."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kkletter.compose import Catalogs, LetterDocument, compose_letter
from kkletter.model import CaseRef, Letter, Recipient, Signer

ComposeFn = Callable[..., LetterDocument]


def png_bytes(width: int = 40, height: int = 12) -> bytes:
    """Return a valid grey RGB PNG image of `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def compose(catalogs: Catalogs) -> ComposeFn:
    """Return a function composing a `brev` letter; keyword arguments override fields."""

    def make(body: str = "Tak for brevet.", **changes: Any) -> LetterDocument:
        values: dict[str, Any] = {
            "template": "brev",
            "profile": "sof-borgmester",
            "body": body,
            "subject": "Svar på henvendelse",
            "date": dt.date(2016, 9, 14),
            "recipient": Recipient(
                name="DOK - Diakonale Organisationer i København",
                address=("Nørregade 11", "1165 København K"),
                salutation="Kære DOK",
            ),
            "case": CaseRef(number="2016-0318694", document="2016-0318694-3"),
            "signer": Signer(name="Jesper Christensen", title="Borgmester"),
        }
        values.update(changes)
        return compose_letter(Letter(**values), catalogs)

    return make


@pytest.fixture
def signature_png(tmp_path: Path) -> Path:
    """Return the path of a small signature PNG."""
    path = tmp_path / "underskrift.png"
    path.write_bytes(png_bytes())
    return path
