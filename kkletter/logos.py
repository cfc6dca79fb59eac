"""The unit's logo as the renderers need it: checked, and as PNG for the DOCX.

Profiles name a PNG or an SVG (`kkletter.model.Logo`). The Typst PDF renderer draws
either directly; the DOCX gets a PNG, because Word before 2016 and many viewers cannot
show SVG: an SVG logo is rendered to PNG by Typst, at print resolution and with a
transparent background. Every failure is a Danish `ResourceError` naming the file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kkletter.errors import ResourceError, os_reason
from kkletter.model import Logo

PRINT_PPI = 300.0
# The SVG is passed as data (sys.inputs), never spliced into the Typst source.
_SVG_TO_PNG = b"""#set page(width: auto, height: auto, margin: 0pt, fill: none)
#image(sys.inputs.path, width: float(sys.inputs.width) * 1mm, alt: sys.inputs.alt)
"""


def check_logo(logo: Logo) -> Path:
    """Return the logo's file; raise `ResourceError` when it is missing or not PNG/SVG."""
    path = logo.path
    try:
        head = path.read_bytes()[:4096]
    except FileNotFoundError:
        raise ResourceError(
            f"Logoet {path} findes ikke. Vælg logoet igen under Bibliotek → Afsendere, "
            "eller ret [logo] path i afsenderprofilen.",
            path=path,
        ) from None
    except OSError as exc:
        raise ResourceError(
            f"Logoet {path} kan ikke læses ({os_reason(exc)}). Kontrollér filen.", path=path
        ) from exc
    is_png = head.startswith(b"\x89PNG\r\n\x1a\n")
    is_svg = b"<svg" in head.lower()
    if not (is_png or is_svg):
        raise ResourceError(
            f"Logoet {path} er hverken en PNG- eller en SVG-fil. Gem logoet som PNG eller SVG.",
            path=path,
        )
    return path.resolve()


def logo_png(logo: Logo) -> bytes:
    """Return the logo as PNG bytes (an SVG is rendered at print resolution)."""
    path = check_logo(logo)
    data = path.read_bytes()
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return data
    stat = path.stat()
    return _svg_png(path, stat.st_size, stat.st_mtime_ns, logo.width_mm, logo.alt)


@lru_cache(maxsize=16)
def _svg_png(path: Path, _size: int, _mtime: int, width_mm: float, alt: str) -> bytes:
    """Render the SVG at `path` to PNG (cached by file size and time: the preview asks often)."""
    from kkletter.pdf.native import typst_compile

    try:
        result = typst_compile(
            _SVG_TO_PNG,
            root=path.parent,
            inputs={"path": "/" + path.name, "width": str(width_mm), "alt": alt},
            fmt="png",
            ppi=PRINT_PPI,
        )
    except ResourceError as exc:
        raise ResourceError(
            f"Logoet {path} kan ikke tegnes: SVG-filen er ugyldig eller bruger noget, der "
            "ikke understøttes. Gem logoet som PNG.",
            path=path,
        ) from exc
    return result[0] if isinstance(result, list) else result
