"""Command-line front end: `kkletter render|check|templates|profiles|new`.

Every command returns an exit code: 0 success, 1 the letter has errors (check),
2 a user mistake, reported as one Danish line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from kkletter import __version__
from kkletter.compose import Catalogs, compose_letter
from kkletter.drafts import load_draft, save_draft
from kkletter.errors import KKLetterError
from kkletter.filenames import output_stem
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.templating import get_template

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USER_ERROR = 2

Command = Callable[[argparse.Namespace, Catalogs, TextIO], int]


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line with `argv` and return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its Danish usage message
        return int(exc.code or 0) and EXIT_USER_ERROR
    command: Command = args.command
    try:
        return command(args, Catalogs.shipped(), out)
    except KKLetterError as exc:
        print(f"kkletter: {exc}", file=err)
        return EXIT_USER_ERROR


class _DanishParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USER_ERROR, f"kkletter: fejl i kommandoen: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with all sub-commands."""
    parser = _DanishParser(
        prog="kkletter",
        description="Skriv breve, høringssvar, notater og bilag for Københavns Kommune. "
        "Uden kommando åbnes programmet.",
    )
    parser.add_argument("--version", action="version", version=f"kkletter {__version__}")
    sub = parser.add_subparsers(metavar="KOMMANDO", required=True, parser_class=_DanishParser)

    render = sub.add_parser("render", help="lav en DOCX ud fra en kladde")
    render.add_argument("draft", type=Path, metavar="KLADDE")
    render.add_argument(
        "-o", "--output", type=Path, metavar="UD.docx", help="hvor DOCX-filen skal gemmes"
    )
    render.set_defaults(command=cmd_render)

    templates = sub.add_parser("templates", help="vis skabelonerne")
    templates.set_defaults(command=cmd_templates)

    profiles = sub.add_parser("profiles", help="vis afsenderprofilerne")
    profiles.set_defaults(command=cmd_profiles)

    new = sub.add_parser("new", help="lav en ny kladde ud fra en skabelon")
    new.add_argument("template", metavar="SKABELON")
    new.add_argument("-o", "--output", type=Path, metavar="KLADDE", help="hvor kladden skal gemmes")
    new.add_argument("--profile", default="sof-borgmester", metavar="PROFIL")
    new.set_defaults(command=cmd_new)
    return parser


def cmd_render(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Render a draft to DOCX."""
    from kkletter.docx.writer import write_docx

    draft: Path = args.draft
    letter = load_draft(draft)
    document = compose_letter(letter, catalogs)
    target: Path = args.output or draft.parent / f"{output_stem(letter)}.docx"
    if target.is_dir():
        target = target / f"{output_stem(letter)}.docx"
    write_docx(document, target)
    print(f"Gemt: {target}", file=out)
    return EXIT_OK


def cmd_templates(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the templates."""
    width = max((len(t) for t in catalogs.templates), default=0)
    for spec in catalogs.templates.values():
        print(f"{spec.id:<{width}}  {spec.name} – {spec.description}", file=out)
        for field_spec in spec.fields:
            need = "skal udfyldes" if field_spec.required else "valgfri"
            print(
                f"{'':<{width}}    [fields] {field_spec.id}: {field_spec.label} ({need})", file=out
            )
    return EXIT_OK


def cmd_profiles(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the sender profiles."""
    width = max((len(p) for p in catalogs.profiles), default=0)
    for profile in catalogs.profiles.values():
        print(f"{profile.id:<{width}}  {profile.name}", file=out)
    return EXIT_OK


def cmd_new(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Write a ready-to-fill draft for a template."""
    spec = get_template(args.template, catalogs.templates)
    if args.profile not in catalogs.profiles:
        from kkletter.profiles import get_profile

        get_profile(args.profile, catalogs.profiles)
    letter = new_letter(spec.id, args.profile, catalogs)
    target: Path = args.output or Path(f"{spec.id}.toml")
    if target.exists():
        raise KKLetterError(
            f"{target} findes allerede. Vælg et andet navn med -o, så intet overskrives."
        )
    save_draft(letter, target)
    print(f"Ny kladde: {target}", file=out)
    return EXIT_OK


def new_letter(
    template_id: str, profile_id: str, catalogs: Catalogs, *, today: dt.date | None = None
) -> Letter:
    """Return a new letter for `template_id` with the template's defaults and today's date."""
    spec = get_template(template_id, catalogs.templates)
    fields = {f.id: f.default for f in spec.fields}
    return Letter(
        template=spec.id,
        profile=profile_id,
        date=today or dt.date.today(),
        subject="",
        body=spec.default_body,
        recipient=Recipient(),
        case=CaseRef(),
        signer=Signer(),
        fields=fields,
    )
