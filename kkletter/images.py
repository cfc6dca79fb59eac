"""Read an image a letter refers to (signature, logo) without trusting the path.

A path in a draft can point anywhere: `/dev/zero`, a FIFO that blocks forever, a huge
file, or a text file renamed `.png`. `read_image` accepts only a regular file under
`MAX_IMAGE_BYTES` whose bytes really are PNG, JPEG or SVG, and says in Danish what is
wrong otherwise (`ResourceError`, naming the path).
"""

from __future__ import annotations

import stat
from pathlib import Path

from kkletter.errors import ResourceError
from kkletter.readfile import IrregularFileError, read_regular_file

MAX_IMAGE_BYTES = 5 * 1024 * 1024  # a scanned signature is 20-500 KB

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def image_kind(data: bytes) -> str | None:
    """Return "png", "jpeg" or "svg" from the bytes of `data`, or None."""
    if data.startswith(_PNG):
        return "png"
    if data.startswith(_JPEG):
        return "jpeg"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg"))) and b"<svg" in head:
        return "svg"
    return None


def read_image(path: Path, *, what: str = "Billedet") -> bytes:
    """Return the bytes of the image at `path` after checking it is a real, small image."""
    hint = "Ret stien under [signer] signature i kladden, eller fjern linjen."
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ResourceError(f"{what} {path} findes ikke. {hint}", path=path) from None
    except OSError as exc:
        from kkletter.safefile import describe_os_error

        raise ResourceError(f"{what}: {describe_os_error(exc, path)}", path=path) from exc
    if not stat.S_ISREG(info.st_mode):
        raise ResourceError(
            f"{what} {path} er ikke en almindelig fil (fx en mappe, pipe eller enhed). {hint}",
            path=path,
        )
    if info.st_size > MAX_IMAGE_BYTES:
        raise ResourceError(
            f"{what} {path} fylder {info.st_size // 1024} KB; højst "
            f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB. Gem det mindre (fx som PNG i 300 dpi).",
            path=path,
        )
    try:
        # Checked again on the opened file: it may have been swapped for a FIFO since stat.
        data = read_regular_file(path, MAX_IMAGE_BYTES)
    except IrregularFileError as exc:
        raise ResourceError(f"{what} {path}: {exc.danish_reason}. {hint}", path=path) from exc
    except OSError as exc:
        from kkletter.safefile import describe_os_error

        raise ResourceError(f"{what}: {describe_os_error(exc, path)}", path=path) from exc
    if image_kind(data) is None:
        raise ResourceError(
            f"{what} {path} er ikke et PNG-, JPEG- eller SVG-billede. Gem underskriften som "
            "PNG eller JPEG.",
            path=path,
        )
    return data
