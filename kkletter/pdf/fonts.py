"""Know which characters the fonts shipped for the PDF can draw.

The PDF embeds Liberation Sans (Arial's metrics) and falls back to DejaVu Sans for
what it lacks (Arabic, Hebrew, many symbols). A character neither has (an emoji, CJK)
would be an empty box in the PDF, and PDF/A forbids it; the renderer replaces it with
U+FFFD and reports it (see `kkletter.pdf.native`). The coverage is read from each
font's `cmap` table (formats 4 and 12, what TrueType fonts use).
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

from kkletter._data import data_dir

REPLACEMENT = "\ufffd"


def font_folder() -> Path:
    """Return the folder of the fonts shipped for the PDF."""
    return data_dir("resources") / "fonts"


def font_files() -> list[Path]:
    """Return the shipped font files."""
    return sorted(font_folder().glob("*.ttf"))


@cache
def covered() -> frozenset[int]:
    """Return the code points some shipped font has a glyph for."""
    points: set[int] = set()
    for path in font_files():
        points |= cmap_code_points(path.read_bytes())
    return frozenset(points)


def missing_characters(text: str) -> list[str]:
    """Return the distinct characters of `text` no shipped font can draw, in order.

    Whitespace and format controls (zero-width joiners, direction marks) draw nothing
    and never count as missing.
    """
    have = covered()
    missing: dict[str, None] = {}
    for char in text:
        point = ord(char)
        if point not in have and not char.isspace() and not _invisible(point):
            missing[char] = None
    return list(missing)


def _invisible(point: int) -> bool:
    return 0x200B <= point <= 0x200F or 0x2060 <= point <= 0x206F or point in (0xFE0F, 0xFE0E)


def cmap_code_points(font: bytes) -> set[int]:
    """Return the code points mapped to a glyph by the Unicode `cmap` subtables of `font`."""
    tables = _table_directory(font)
    if "cmap" not in tables:
        return set()
    base = tables["cmap"]
    _, count = struct.unpack_from(">HH", font, base)
    points: set[int] = set()
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", font, base + 4 + 8 * index)
        if (platform, encoding) not in ((3, 1), (3, 10), (0, 3), (0, 4)):
            continue
        start = base + offset
        (fmt,) = struct.unpack_from(">H", font, start)
        if fmt == 4:
            points |= _format4(font, start)
        elif fmt == 12:
            points |= _format12(font, start)
    return points


def _table_directory(font: bytes) -> dict[str, int]:
    (count,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        tables[tag.decode("latin-1")] = offset
    return tables


def _format4(font: bytes, start: int) -> set[int]:
    (seg_x2,) = struct.unpack_from(">H", font, start + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", font, start + 14)
    starts = struct.unpack_from(f">{segments}H", font, start + 16 + seg_x2)
    deltas = struct.unpack_from(f">{segments}h", font, start + 16 + 2 * seg_x2)
    range_base = start + 16 + 3 * seg_x2
    offsets = struct.unpack_from(f">{segments}H", font, range_base)
    points: set[int] = set()
    for index, (first, last, delta, offset) in enumerate(
        zip(starts, ends, deltas, offsets, strict=True)
    ):
        if first == 0xFFFF:
            continue
        for point in range(first, last + 1):
            if offset == 0:
                glyph = (point + delta) & 0xFFFF
            else:
                at = range_base + 2 * index + offset + 2 * (point - first)
                (glyph,) = struct.unpack_from(">H", font, at)
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                points.add(point)
    return points


def _format12(font: bytes, start: int) -> set[int]:
    (groups,) = struct.unpack_from(">I", font, start + 12)
    points: set[int] = set()
    for index in range(groups):
        first, last, glyph = struct.unpack_from(">III", font, start + 16 + 12 * index)
        points.update(range(first + (glyph == 0), last + 1))
    return points
