"""Write a ZIP archive from entries that may have been compressed long before.

A letter's static parts (styles, settings, the headers) are deflated once per
process; `zipfile` cannot take pre-compressed data, so the archive is written here. The
format is plain ZIP (deflate, no ZIP64, no data descriptors), which Word, LibreOffice
and `zipfile` read.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_VERSION = 20  # 2.0: deflate
_DEFLATE = 8
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01; fixed, so output is reproducible
_UTF8_NAMES = 1 << 11


@dataclass(frozen=True)
class Entry:
    """One archive member: its name, CRC-32 and size of the raw data, and the deflated data."""

    name: str
    crc: int
    size: int
    data: bytes


# Per-letter parts are deflated fast (level 1: a third of level 6's time, a few percent
# larger); parts prepared once per process take the default level.
FAST = 1
DEFAULT = 6


def deflate(name: str, raw: bytes, level: int = DEFAULT) -> Entry:
    """Return the entry `name` holding `raw`, deflated at `level`."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(raw) + compressor.flush()
    return Entry(name, zlib.crc32(raw), len(raw), data)


def zip_bytes(entries: Iterable[Entry]) -> bytes:
    """Return a ZIP archive of `entries`, in order."""
    out = bytearray()
    central = bytearray()
    count = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        offset = len(out)
        fields = (_DEFLATE, 0, _DOS_DATE, entry.crc, len(entry.data), entry.size, len(name))
        out += _LOCAL.pack(0x04034B50, _VERSION, _UTF8_NAMES, *fields, 0)
        out += name
        out += entry.data
        central += _CENTRAL.pack(
            0x02014B50, _VERSION, _VERSION, _UTF8_NAMES, *fields, 0, 0, 0, 0, 0, offset
        )
        central += name
        count += 1
    start = len(out)
    out += central
    out += _END.pack(0x06054B50, 0, 0, count, count, len(central), start, 0)
    return bytes(out)
