"""CLI commands over the library: `profiles`, `templates`, `signers`, `paragraphs`, `library check`.

`add_parsers` adds them to `kkletter`'s sub-parsers; every listing shows the layer each
item comes from, and every skipped file and an unreachable shared folder are reported on
stderr, so a broken file never stops the command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from kkletter.compose import Catalogs
from kkletter.library.catalog import Library, load_library

EXIT_OK = 0
EXIT_PROBLEMS = 1


def load_for_cli(err: TextIO | None = None) -> Library:
    """Return the user's library; report skipped files and the shared folder's state on `err`."""
    library = load_library()
    stream = err or sys.stderr
    if library.shared.message:
        print(f"kkletter: {library.shared.message}", file=stream)
    for problem in library.problems:
        print(f"kkletter: sprunget over: {problem}", file=stream)
    return library


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the library's commands to `sub` (the `kkletter` sub-parsers)."""
    templates = sub.add_parser("templates", help="vis skabelonerne, og hvor hver kommer fra")
    templates.set_defaults(command=cmd_templates)
    profiles = sub.add_parser("profiles", help="vis afsenderprofilerne, og hvor hver kommer fra")
    profiles.set_defaults(command=cmd_profiles)
    signers = sub.add_parser("signers", help="vis underskriverne, og hvor hver kommer fra")
    signers.set_defaults(command=cmd_signers)
    paragraphs = sub.add_parser("paragraphs", help="vis standardteksterne")
    paragraphs.add_argument("search", nargs="*", metavar="ORD", help="vis kun tekster med ordene")
    paragraphs.set_defaults(command=cmd_paragraphs)
    library = sub.add_parser("library", help="biblioteket: tjek en mappe med skabeloner m.m.")
    library_sub = library.add_subparsers(metavar="HANDLING", required=True)
    check = library_sub.add_parser(
        "check", help="tjek hver skabelon, profil, underskriver, standardtekst og hvert billede"
    )
    check.add_argument(
        "folder",
        type=Path,
        nargs="?",
        metavar="MAPPE",
        help="bibliotekets mappe (standard: den fælles mappe)",
    )
    check.set_defaults(command=cmd_library_check)


def _library(args: argparse.Namespace) -> Library:
    library: Library | None = getattr(args, "library", None)
    return library if library is not None else load_for_cli()


def cmd_templates(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the templates with their fields and origin."""
    library = _library(args)
    width = max((len(t) for t in library.templates), default=0)
    for entry in library.templates.values():
        spec = entry.value
        print(
            f"{spec.id:<{width}}  {spec.name} – {spec.description}  [{entry.origin_label}]",
            file=out,
        )
        for field_spec in spec.fields:
            need = "skal udfyldes" if field_spec.required else "valgfri"
            print(
                f"{'':<{width}}    [fields] {field_spec.id}: {field_spec.label} ({need})", file=out
            )
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the sender profiles with their origin."""
    library = _library(args)
    width = max((len(p) for p in library.profiles), default=0)
    for entry in library.profiles.values():
        print(f"{entry.id:<{width}}  {entry.value.name}  [{entry.origin_label}]", file=out)
    return EXIT_OK


def cmd_signers(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the signers with title, phone, e-mail and origin."""
    library = _library(args)
    if not library.signers:
        print("Ingen underskrivere endnu. Opret dem under Bibliotek → Underskrivere.", file=out)
    width = max((len(s) for s in library.signers), default=0)
    for entry in library.signers.values():
        signer = entry.value
        details = ", ".join(v for v in (signer.title, signer.phone, signer.email) if v)
        print(f"{entry.id:<{width}}  {signer.name} ({details})  [{entry.origin_label}]", file=out)
    return EXIT_OK


def cmd_paragraphs(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the standard paragraphs (those matching the search words) with their origin."""
    from kkletter.library.paragraphs import filter_paragraphs

    library = _library(args)
    by_id = {e.value.id: e for e in library.paragraphs.values()}
    shown = filter_paragraphs([e.value for e in library.paragraphs.values()], " ".join(args.search))
    width = max((len(p.short_name) for p in shown), default=0)
    for paragraph in shown:
        entry = by_id[paragraph.id]
        category = f"{paragraph.category}: " if paragraph.category else ""
        print(
            f"{paragraph.short_name:<{width}}  {category}{paragraph.title}  [{entry.origin_label}]",
            file=out,
        )
    return EXIT_OK


def cmd_library_check(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Check a library folder; exit 1 with one line per problem."""
    from kkletter.errors import KKLetterError
    from kkletter.library.layers import LibraryLocations

    folder: Path | None = args.folder or LibraryLocations.default().shared
    if folder is None:
        raise KKLetterError(
            "Angiv mappen, der skal tjekkes (kkletter library check MAPPE), eller sæt "
            "KKLETTER_SHARED til den fælles mappe."
        )
    lines = _check_within(folder)
    for line in lines:
        print(line, file=out)
    if lines:
        return EXIT_PROBLEMS
    print(f"{folder}: ingen problemer.", file=out)
    return EXIT_OK


def _check_within(folder: Path) -> list[str]:
    """Return `check_library_folder(folder)`, or fail in Danish when the folder hangs."""
    from kkletter.errors import KKLetterError
    from kkletter.library import deadline, validate

    timeout = deadline.CHECK_TIMEOUT
    try:
        return deadline.run_within(
            lambda: validate.check_library_folder(folder), timeout, "kkletter-share-check"
        )
    except deadline.ShareTimeoutError:
        raise KKLetterError(
            f"Mappen {folder} svarer ikke (ventede {timeout:g} sekunder). Tjek forbindelsen "
            "til netværksdrevet, og prøv igen."
        ) from None
