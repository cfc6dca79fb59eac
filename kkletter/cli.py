"""Command-line front end: `kkletter render|check|merge|new` and the library's listings.

Every command returns an exit code: 0 success, 1 the letter has errors (check),
2 a user mistake, reported as one Danish line on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from kkletter import __version__
from kkletter.compose import Catalogs, compose_letter
from kkletter.drafts import load_draft, save_draft
from kkletter.errors import KKLetterError
from kkletter.filenames import output_stem
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.profiles import get_profile
from kkletter.safefile import check_target
from kkletter.templating import get_template

if TYPE_CHECKING:
    from kkletter.checks.findings import Finding
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
    except SystemExit as exc:  # argparse has printed its one Danish line (or --help)
        return EXIT_USER_ERROR if exc.code else EXIT_OK
    command: Command = args.command
    try:
        # The personal, shared and built-in layers; skipped files are reported on stderr.
        from kkletter.library.commands import load_for_cli

        args.library = load_for_cli(err)
        return command(args, args.library.catalogs(), out)
    except KKLetterError as exc:
        # One line, whatever a value quoted in the message holds (a newline, a tab).
        print(f"kkletter: {' '.join(str(exc).split())}", file=err)
        return EXIT_USER_ERROR


# argparse's own messages (Python 3.11-3.13), in Danish; %s parts are kept as written.
_ARGPARSE_DANISH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), danish)
    for pattern, danish in (
        (r"the following arguments are required: (.*)", r"mangler \1"),
        (r"unrecognized arguments: (.*)", r"ukendte argumenter: \1"),
        (
            r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
            r"\1: ugyldigt valg \2 (vælg mellem \3)",
        ),
        (r"argument (.*?): invalid (\w+) value: (.*)", r"\1: ugyldig værdi \3"),
        (r"argument (.*?): expected one argument", r"\1 skal have en værdi"),
        (r"argument (.*?): expected at least one argument", r"\1 skal have mindst én værdi"),
        (r"argument (.*?): expected at most one argument", r"\1 må højst have én værdi"),
        (r"argument (.*?): not allowed with argument (.*)", r"\1 kan ikke bruges sammen med \2"),
        (r"argument (.*?): ignored explicit argument (.*)", r"\1 tager ingen værdi (fik \2)"),
        (r"argument (.*?): (.*)", r"\1: \2"),
        (r"ambiguous option: (.*?) could match (.*)", r"\1 er tvetydig; mente du \2?"),
        (r"one of the arguments (.*) is required", r"et af argumenterne \1 skal angives"),
        (r"unexpected option string: (.*)", r"uventet tilvalg \1"),
    )
)


def danish_argparse_message(message: str) -> str:
    """Return argparse's English error `message` as one Danish line."""
    for pattern, danish in _ARGPARSE_DANISH:
        match = pattern.fullmatch(message.strip())
        if match:
            message = match.expand(danish)
            break
    return " ".join(message.split())


class _DanishParser(argparse.ArgumentParser):
    """An argument parser that speaks Danish and reports a mistake as one line, exit 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjælp og afslut")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "brug: ", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", "brug: ", 1)

    def error(self, message: str) -> NoReturn:
        self.exit(
            EXIT_USER_ERROR,
            f"kkletter: fejl i kommandoen: {danish_argparse_message(message)}. "
            f"Se '{self.prog} --help'.\n",
        )


def _worker_count(text: str) -> int:
    """Parse `--workers`: a whole number from 1, capped at the number of CPUs."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke et helt tal") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"skal være mindst 1 (fik {value})")
    return min(value, os.cpu_count() or 1)


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
        "--pdf", action="store_true", help="gem også en tilgængelig PDF (PDF/A + PDF/UA)"
    )
    _add_pdf_engine(render)
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
    _add_pdf_engine(merge)
    merge.add_argument(
        "--force", action="store_true", help="skriv også breve, som tjekket finder fejl i"
    )
    merge.add_argument(
        "--workers",
        type=_worker_count,
        default=None,
        metavar="N",
        help="antal processer (standard og højst: antal CPU-kerner)",
    )
    merge.add_argument(
        "--sheet", metavar="ARK", help="arket i en .xlsx-fil (standard: det aktive ark)"
    )
    merge.add_argument(
        "--resume",
        action="store_true",
        help="fortsæt en afbrudt fletning i samme mappe uden at skrive breve to gange",
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
    check.add_argument(
        "--spelling",
        action="store_true",
        help="vis også ukendte ord med forslag (oplysninger; ændrer ikke afslutningskoden)",
    )
    check.set_defaults(command=cmd_check)

    # Listings of the library's layers and `library check` (issue 11).
    from kkletter.library.commands import add_parsers as add_library_parsers

    add_library_parsers(sub)

    desktop = sub.add_parser(
        "install-desktop",
        help="gør det muligt at åbne kladder (.toml) med et dobbeltklik (Linux)",
    )
    desktop.add_argument("--dir", type=Path, metavar="MAPPE", help="hvor .desktop-filen gemmes")
    desktop.set_defaults(command=cmd_install_desktop)

    new = sub.add_parser("new", help="lav en ny kladde ud fra en skabelon")
    new.add_argument("template", metavar="SKABELON")
    new.add_argument("-o", "--output", type=Path, metavar="KLADDE", help="hvor kladden skal gemmes")
    new.add_argument("--profile", default="sof-borgmester", metavar="PROFIL")
    new.set_defaults(command=cmd_new)

    # The letter register (issue 12): its own module; --no-register on the exports.
    from kkletter.register.cli import add_no_register_option, add_parsers

    add_no_register_option(render)
    add_no_register_option(merge)
    add_no_register_option(check, exporting=False)
    add_parsers(sub)
    return parser


def _add_pdf_engine(parser: argparse.ArgumentParser) -> None:
    from kkletter.pdf import DEFAULT_ENGINE, ENGINES

    parser.add_argument(
        "--pdf-engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help="typst: indbygget PDF/A + PDF/UA (standard); libreoffice: konvertér DOCX-filen",
    )


def cmd_render(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Render a draft to DOCX."""
    from kkletter.docx.writer import write_docx
    from kkletter.register.cli import approved_for_cli_export, record_cli_export

    draft: Path = args.draft
    letter = load_draft(draft)
    document = compose_letter(approved_for_cli_export(args, letter, catalogs), catalogs)
    target: Path = args.output or draft.parent / f"{output_stem(letter)}.docx"
    if _is_dir(target):
        target = target / f"{output_stem(letter)}.docx"
    inputs = [draft, *([letter.signer.signature] if letter.signer.signature else [])]
    check_target(target, inputs=inputs)
    pdf_target = target.with_suffix(".pdf")
    if args.pdf:  # checked before anything is written, so a bad PDF path writes nothing
        if pdf_target.name == target.name:
            raise KKLetterError(
                f"DOCX-filen og PDF-filen ville begge hedde {target.name}. Giv DOCX-filen "
                "endelsen .docx med -o; PDF-filen får samme navn med .pdf."
            )
        check_target(pdf_target, inputs=[*inputs, target])
    _warn_unknown_keys(draft, letter, catalogs)
    write_docx(document, target)
    print(f"Gemt: {target}", file=out)
    written = [target]
    if args.pdf:
        from kkletter.pdf import write_letter_pdf

        pdf = pdf_target
        notes = write_letter_pdf(document, pdf, docx=target, engine=args.pdf_engine)
        print(f"Gemt: {pdf}", file=out)
        for note in notes:
            print(f"Bemærk: {note}", file=out)
        written.append(pdf)
    record_cli_export(args, letter, written, out)
    return EXIT_OK


def _is_dir(path: Path) -> bool:
    """Return whether `path` is a folder; a name too long or unreadable is not."""
    try:
        return path.is_dir()
    except OSError:
        return False  # check_target then says what is wrong with the name


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def cmd_merge(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Merge a draft with a data file: one checked letter per row."""
    from kkletter.merge import format_progress, merge, plan_merge
    from kkletter.mergedata import open_data

    letter = load_draft(args.draft)
    from kkletter.mergedata import ENCODING_NAMES

    if _same_file(args.data, args.draft):
        raise KKLetterError(
            f"--data {args.data} er kladden selv. Angiv datafilen (CSV eller .xlsx) med modtagerne."
        )
    if args.sheet is not None and args.data.suffix.lower() not in (".xlsx", ".xlsm"):
        raise KKLetterError(
            f"--sheet gælder kun regneark (.xlsx); {args.data.name} er ikke et regneark."
        )
    data = open_data(args.data, sheet=args.sheet)
    kind = f"ark '{data.sheet}'" if data.sheet else ENCODING_NAMES.get(data.encoding, "")
    print(f"Datafil: {args.data} [{kind}] ({', '.join(data.columns)})", file=out)
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
        pdf_engine=args.pdf_engine,
        force=args.force,
        workers=args.workers,
        on_progress=show,
        resume=args.resume,
        inputs=[args.draft],
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
    from kkletter.register.cli import register_for_check

    draft: Path = args.draft
    letter = load_draft(draft)
    unknown = _unknown_key_findings(draft, letter, catalogs)
    register = register_for_check(args)  # the letters already sent (issue 12), or None
    findings = check_letter(letter, catalogs, register=register) + unknown
    if args.fix:
        safe = [f for f in findings if f.safe and f.suggestion is not None]
        fixed = apply_fixes(letter, safe)
        # In JSON mode stdout carries only the array, so the changes go to stderr.
        report = out if args.format == "text" else sys.stderr
        if fixed != letter:
            save_draft(fixed, draft, previous=letter)
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
            findings = check_letter(letter, catalogs, register=register) + unknown
        else:
            print(f"{draft.name}: ingen sikre rettelser.", file=report)
    if args.spelling:
        from kkletter.checks.spelling import spelling_findings

        findings = spelling_findings(letter, findings)
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


def _unknown_key_findings(draft: Path, letter: Letter, catalogs: Catalogs) -> list[Finding]:
    """Return a warning per key in `draft` that kkletter does not read (it is kept)."""
    from kkletter.checks.completeness import unknown_key_findings

    spec = catalogs.templates.get(letter.template)
    try:
        text = draft.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # load_draft read it a moment ago; nothing more to say
    return unknown_key_findings(text, [f.id for f in spec.fields] if spec else None)


def _warn_unknown_keys(draft: Path, letter: Letter, catalogs: Catalogs) -> None:
    for finding in _unknown_key_findings(draft, letter, catalogs):
        print(f"{draft.name}:{finding.line}:{finding.column}: {finding.message}", file=sys.stderr)


def cmd_install_desktop(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Install the Linux desktop entry so a double-click opens a draft in kkletter."""
    from kkletter.desktop import MIME_TYPE, install_desktop

    path = install_desktop(args.dir)
    print(f"Installeret: {path}", file=out)
    print(
        "kkletter står nu under 'Åbn med' for .toml-kladder. Gør den til standard med:\n"
        f"  xdg-mime default {path.name} {MIME_TYPE}",
        file=out,
    )
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
