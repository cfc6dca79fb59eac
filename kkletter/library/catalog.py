"""Read the three layers into one library: each item once, with the layer it comes from."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from kkletter.compose import Catalogs
from kkletter.errors import KKLetterError
from kkletter.library.cache import Copy, SharedStatus, refresh_cache
from kkletter.library.index import ParseIndex
from kkletter.library.layers import (
    ORIGIN_LABELS,
    Kind,
    Layer,
    LayerName,
    LibraryLocations,
    builtin_layer,
)
from kkletter.library.paragraphs import Paragraph, load_paragraph
from kkletter.library.signers import load_signer
from kkletter.model import Profile, Signer
from kkletter.profiles import load_profile
from kkletter.templating import TemplateSpec, load_template

T = TypeVar("T")


@dataclass(frozen=True)
class Problem:
    """A file of the library that was skipped, and why (Danish, naming file and line)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        if f"linje {self.line}" in self.message:
            return self.message
        return f"{self.message} (linje {self.line})"


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One item of the library: its id, value, layer and file, and the layers it overrides."""

    id: str
    value: T
    origin: LayerName
    path: Path
    overrides: tuple[LayerName, ...] = ()

    @property
    def origin_label(self) -> str:
        """Return where the item comes from, in Danish, e.g. "personlig (erstatter indbygget)"."""
        label = ORIGIN_LABELS[self.origin]
        if self.overrides:
            label += f" (erstatter {', '.join(ORIGIN_LABELS[o] for o in self.overrides)})"
        return label


@dataclass(frozen=True)
class Library:
    """Every profile, template, signer and standard paragraph, highest layer winning."""

    layers: tuple[Layer, ...]  # highest first: personal, shared, built-in
    profiles: dict[str, Entry[Profile]]
    templates: dict[str, Entry[TemplateSpec]]
    signers: dict[str, Entry[Signer]]
    paragraphs: dict[str, Entry[Paragraph]]
    problems: tuple[Problem, ...] = ()
    shared: SharedStatus = field(default_factory=lambda: SharedStatus("none"))

    def catalogs(self) -> Catalogs:
        """Return the templates and profiles a letter is composed with."""
        origins = {f"templates/{k}": e.origin_label for k, e in self.templates.items()}
        origins.update({f"profiles/{k}": e.origin_label for k, e in self.profiles.items()})
        return Catalogs(
            {k: e.value for k, e in self.templates.items()},
            {k: e.value for k, e in self.profiles.items()},
            origins,
        )

    def layer(self, name: LayerName) -> Layer | None:
        """Return the layer called `name`, if the library has it."""
        return next((layer for layer in self.layers if layer.name == name), None)

    def save_layer(self) -> Layer:
        """Return where a manager saves: the shared layer when it is writable, else personal."""
        shared = self.layer("shared")
        if shared is not None and shared.write_root is not None:
            return shared
        personal = self.layer("personal")
        if personal is None:
            raise KKLetterError("Biblioteket har ikke noget personligt lag at gemme i.")
        return personal


def library_layers(
    locations: LibraryLocations, *, copy: Copy = shutil.copy2
) -> tuple[tuple[Layer, ...], SharedStatus]:
    """Return the layers, highest first, refreshing the shared folder's cache.

    Waits at most `locations.timeout` seconds for the shared folder (`refresh_cache`);
    `copy` copies one file from the share (tests stand in a blocking read for a hung mount).
    """
    layers = [Layer("personal", locations.personal, locations.personal)]
    status = SharedStatus("none")
    if locations.shared is not None:
        status = refresh_cache(
            locations.shared, locations.cache, timeout=locations.timeout, copy=copy
        )
        if status.state in ("online", "cached"):
            writable = locations.shared if status.writable else None
            layers.append(Layer("shared", locations.cache, writable, source=locations.shared))
    layers.append(builtin_layer())
    return tuple(layers), status


def load_library(
    locations: LibraryLocations | None = None, *, copy: Copy = shutil.copy2
) -> Library:
    """Read every layer; a broken file is skipped and listed in `problems`, never raised.

    What each file parsed to is remembered next to the shared folder's cache, so a start
    after which nothing changed reads no file twice (`kkletter.library.index`).
    """
    where = locations or LibraryLocations.default()
    layers, status = library_layers(where, copy=copy)
    index = ParseIndex(where.cache.with_name(where.cache.name + "-index.pickle"))
    library = read_layers(layers, status, index)
    index.save()
    return library


def read_layers(
    layers: tuple[Layer, ...], status: SharedStatus, index: ParseIndex | None = None
) -> Library:
    """Read `layers` (highest first) into a library."""
    problems: list[Problem] = []
    parsed = index or ParseIndex(None)
    profiles = _collect(
        layers,
        "profiles",
        ".toml",
        lambda p, lay: load_profile(p, images=lay.images),
        problems,
        parsed,
    )
    templates = _collect(
        layers,
        "templates",
        "/template.toml",
        lambda p, _l: load_template(p.parent),
        problems,
        parsed,
    )
    signers = _collect(
        layers,
        "signers",
        ".toml",
        lambda p, layer: load_signer(p, layer.images),
        problems,
        parsed,
    )
    paragraphs = _collect(
        layers, "paragraphs", ".md", lambda p, _l: load_paragraph(p), problems, parsed
    )
    templates = {
        key: _with_paragraphs(entry, paragraphs, layers, problems)
        for key, entry in templates.items()
    }
    ordered = dict(sorted(templates.items(), key=lambda kv: (kv[1].value.order, kv[0])))
    return Library(layers, profiles, ordered, signers, paragraphs, tuple(problems), status)


def _collect(
    layers: tuple[Layer, ...],
    kind: Kind,
    suffix: str,
    load: Callable[[Path, Layer], T],
    problems: list[Problem],
    index: ParseIndex,
) -> dict[str, Entry[T]]:
    found: dict[str, Entry[T]] = {}
    for layer in reversed(layers):  # lowest first, so a higher layer replaces it
        for item_id, path in _files(layer.folder(kind), suffix):
            # A template also depends on its body file (it must exist).
            companion = path.with_name("body.md.j2") if kind == "templates" else None
            try:
                value = index.load(path, _bind(load, path, layer), companion)
            except KKLetterError as exc:
                line = getattr(exc, "line", None) or 1
                real = exc.path or path
                shown = layer.shown(real)
                message = exc.message.replace(str(real), str(shown))
                problems.append(Problem(shown, line, message))
                continue
            below = found.get(item_id)
            overrides = (*below.overrides, below.origin)[::-1] if below else ()
            found[item_id] = Entry(item_id, value, layer.name, path, _unique(overrides))
    return dict(sorted(found.items()))


def _bind(load: Callable[[Path, Layer], T], path: Path, layer: Layer) -> Callable[[], T]:
    return lambda: load(path, layer)


def _unique(origins: tuple[LayerName, ...]) -> tuple[LayerName, ...]:
    return tuple(dict.fromkeys(origins))


def _files(folder: Path, suffix: str) -> Iterator[tuple[str, Path]]:
    """Yield (id, file) for `folder`/<id>`suffix` ("/template.toml": <id>/template.toml).

    Hidden names (temporary files of a save in progress) are skipped.
    """
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if not e.name.startswith("."))
    except OSError:
        return
    if suffix.startswith("/"):
        for name in names:
            path = folder / name / suffix[1:]
            if path.is_file():
                yield name, path
        return
    for name in names:
        if name.endswith(suffix) and len(name) > len(suffix):
            yield name[: -len(suffix)], folder / name


_PARAGRAPH_LINE = re.compile(
    r"^[ \t]*\{\{\s*standardtekst\(\s*[\"']([^\"']+)[\"']\s*\)\s*\}\}[ \t]*$", re.M
)


def _with_paragraphs(
    entry: Entry[TemplateSpec],
    paragraphs: dict[str, Entry[Paragraph]],
    layers: tuple[Layer, ...],
    problems: list[Problem],
) -> Entry[TemplateSpec]:
    """Return `entry` with each `{{ standardtekst("id") }}` line of its default body filled in.

    The line is replaced by the paragraph's Markdown as it is (its fields are filled when
    the letter is written); an unknown id is a problem and the line stays, so the checks
    flag it as a placeholder.
    """
    spec = entry.value

    def replace(match: re.Match[str]) -> str:
        found = paragraphs.get(match.group(1))
        if found is None:
            layer = next(layer for layer in layers if layer.name == entry.origin)
            shown = layer.shown(entry.path)
            problems.append(
                Problem(
                    shown,
                    1,
                    f"Skabelonen {shown}: standardteksten '{match.group(1)}' findes ikke; "
                    "opret den under Bibliotek → Standardtekster, eller ret skabelonens "
                    "default_body.",
                )
            )
            return match.group(0)
        return found.value.body.strip("\n")

    if "standardtekst" not in spec.default_body:
        return entry
    body = _PARAGRAPH_LINE.sub(replace, spec.default_body)
    return dataclasses.replace(entry, value=dataclasses.replace(spec, default_body=body))
