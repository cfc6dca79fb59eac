"""Locate the templates and resources shipped with kkletter.

In a wheel they are installed inside the package (`kkletter/_data/`); in a source
checkout or an editable install they are the top-level `templates/` and `resources/`.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder of shipped data called `name` ("templates" or "resources")."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name
