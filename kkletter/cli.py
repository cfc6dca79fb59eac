"""Command-line front end: `kkletter render|check|merge|templates|profiles|new`.

Every command returns an exit code: 0 success, 1 the letter has errors (check),
2 a user mistake, reported as one Danish line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kkletter import __version__
from kkletter.compose import Catalogs, compose_letter
from kkletter.drafts import load_draft, save_draft
from kkletter.errors import KKLetterError
from kkletter.filenames import output_stem
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.profiles import get_profile
from kkletter.templating import get_template

if TYPE_CHECKING:
    from kkletter.merge import MergeProgress

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
    render.add_argument(
        "--pdf", action="store_true", help="gem også en tilgængelig PDF (kræver LibreOffice)"
    )
    render.set_defaults(command=cmd_render)

    merge = sub.add_parser("merge", help="flet en kladde til et brev pr. række i en datafil")
    merge.add_argument("draft", type=Path, metavar="KLADDE")
    merge.add_argument(
        "--data", type=Path, required=True, metavar="FIL", help="CSV- eller Excel-fil (.xlsx)"
    )
    merge.add_argument(
        "--out", type=Path, required=True, metavar="MAPPE", help="mappen brevene gemmes i"
    )
    merge.add_argument("--pdf", action="store_true", help="gem også hvert brev som PDF")
    merge.add_argument(
        "--force", action="store_true", help="skriv også breve, som tjekket finder fejl i"
    )
    merge.add_argument(
        "--workers", type=int, default=None, metavar="N", help="antal processer (standard: alle)"
    )
    merge.set_defaults(command=cmd_merge)

    check = sub.add_parser("check", help="tjek en kladde, før brevet sendes")
    check.add_argument("draft", type=Path, metavar="KLADDE")
    check.add_argument(
        "--format", choices=("text", "json"), default="text", help="udskrift som tekst eller JSON"
    )
    check.add_argument(
        "--fix", action="store_true", help="ret de sikre fund i kladden og vis, hvad der er rettet"
    )
    check.set_defaults(command=cmd_check)

    templates = sub.add_parser("templates", help="vis skabelonerne")
    templates.set_defaults(command=cmd_templates)

    profiles = sub.add_parser("profiles", help="vis afsenderprofilerne")
    profiles.set_defaults(command=cmd_profiles)

    new = sub.add_parser("new", help="lav en ny kladde ud fra en skabelon")
    new.add_argument("template", metavar="SKABELON")
    new.add_argument("-o", "--output", type=Path, metavar="KLADDE", help="hvor kladden skal gemmes")
    new.add_argument("--profile", default="sof-borgmester", metavar="PROFIL")
    new.set_defaults(command=cmd_new)

    # The letter register (issue 12): its own module; --no-register on the exports.
    from kkletter.register.cli import add_no_register_option, add_parsers

    add_no_register_option(render)
    add_no_register_option(merge)
    add_parsers(sub)
    return parser


def cmd_render(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Render a draft to DOCX."""
    from kkletter.docx.writer import write_docx
    from kkletter.register.cli import approved_for_cli_export, record_cli_export

    draft: Path = args.draft
    letter = load_draft(draft)
    document = compose_letter(approved_for_cli_export(args, letter, catalogs), catalogs)
    target: Path = args.output or draft.parent / f"{output_stem(letter)}.docx"
    if target.is_dir():
        target = target / f"{output_stem(letter)}.docx"
    write_docx(document, target)
    print(f"Gemt: {target}", file=out)
    written = [target]
    if args.pdf:
        from kkletter.pdf import convert_to_pdf

        pdf = convert_to_pdf(target, target.with_suffix(".pdf"))
        print(f"Gemt: {pdf}", file=out)
        written.append(pdf)
    record_cli_export(args, letter, written, out)
    return EXIT_OK


def cmd_merge(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Merge a draft with a data file: one checked letter per row."""
    from kkletter.merge import format_progress, merge, plan_merge
    from kkletter.mergedata import open_data

    letter = load_draft(args.draft)
    data = open_data(args.data)
    print(f"Datafil: {args.data} ({', '.join(data.columns)})", file=out)
    for line in plan_merge(letter, data.columns).describe():
        print(f"  {line}", file=out)
    out.flush()
    err = sys.stderr
    live = err.isatty()
    shown = [-1]

    def show(progress: MergeProgress) -> None:
        step = progress.done * 10 // max(progress.total, 1)
        if live:
            print(f"\r{format_progress(progress)}", end="", file=err, flush=True)
        elif step != shown[0] or progress.done == progress.total:
            shown[0] = step
            print(format_progress(progress), file=err, flush=True)

    summary = merge(
        letter,
        data,
        args.out,
        catalogs=catalogs,
        pdf=args.pdf,
        force=args.force,
        workers=args.workers,
        on_progress=show,
    )
    if live:
        print(file=err)
    for line in summary.describe():
        print(line, file=out)
    from kkletter.register.cli import record_merge_exports

    record_merge_exports(args, letter, data, summary, out)
    # Cancelled rows past the last one read never appear in `skipped`: test both.
    return EXIT_OK if not summary.skipped and not summary.cancelled else EXIT_FINDINGS


def cmd_check(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Check a draft; with --fix apply the safe fixes first; exit 1 if errors remain."""
    import json

    from kkletter.checks import apply_fixes, check_letter, has_errors
    from kkletter.checks.fields import Locator, field_text

    draft: Path = args.draft
    letter = load_draft(draft)
    findings = check_letter(letter, catalogs)
    if args.fix:
        safe = [f for f in findings if f.safe and f.suggestion is not None]
        fixed = apply_fixes(letter, safe)
        # In JSON mode stdout carries only the array, so the changes go to stderr.
        report = out if args.format == "text" else sys.stderr
        if fixed != letter:
            save_draft(fixed, draft)
            for finding in safe:
                text = field_text(letter, finding.field) or ""
                start = Locator(finding.field, text).offset(finding.line, finding.column) or 0
                before = text[start : start + finding.length]
                print(
                    f"{draft.name}:{finding.field}:{finding.line}:{finding.column}: rettet "
                    f"{finding.rule}: '{before}' -> '{finding.suggestion}'",
                    file=report,
                )
            letter = fixed
            findings = check_letter(letter, catalogs)
        else:
            print(f"{draft.name}: ingen sikre rettelser.", file=report)
    if args.format == "json":
        json.dump([f.to_json() for f in findings], out, ensure_ascii=False, indent=2)
        print(file=out)
    else:
        for f in findings:
            print(
                f"{draft.name}:{f.field}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}",
                file=out,
            )
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


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
    get_profile(args.profile, catalogs.profiles)  # an unknown id names the valid ones
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
