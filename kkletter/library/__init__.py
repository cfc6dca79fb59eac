"""The secretariat's own library: profiles, templates, signers and standard paragraphs.

Three layers are searched in order – personal (the user's data folder), shared (a folder
the office points everyone to, read through a local cache) and built-in – and an item in
a higher layer overrides one with the same id below it. Qt-free; the GUI's managers and
the CLI's listings build on `load_library`.
"""

from __future__ import annotations

from kkletter.library.catalog import Entry, Library, Problem, load_library
from kkletter.library.layers import ORIGIN_LABELS, Layer, LibraryLocations

__all__ = [
    "ORIGIN_LABELS",
    "Entry",
    "Layer",
    "Library",
    "LibraryLocations",
    "Problem",
    "load_library",
]
