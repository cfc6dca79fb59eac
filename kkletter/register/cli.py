"""`kkletter register ...` and `kkletter addresses ...`, and registering CLI exports.

`kkletter.cli` calls `add_parsers` once and `record_cli_export` after each written
export; everything else about the register's command line lives here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kkletter.compose import Catalogs
from kkletter.model import Letter
from kkletter.register.records import STATUSES

# Only what building the parser needs is imported here: SQLAlchemy and Alembic load when a
# register command or an export runs, so `kkletter --help` and the app start stay fast.
if TYPE_CHECKING:
    from kkletter.checks.context import PastLetter, RegisterLookup
    from kkletter.merge import MergeData, MergeSummary

Command = Callable[[argparse.Namespace, Catalogs, TextIO], int]


def registering_disabled() -> bool:
    """Return whether $KKLETTER_NO_REGISTER turns registering off."""
    return os.environ.get("KKLETTER_NO_REGISTER", "").strip().lower() in ("1", "true", "ja", "yes")


def add_no_register_option(parser: argparse.ArgumentParser, *, exporting: bool = True) -> None:
    """Add `--no-register` (and for exports `--unapproved`) to a command."""
    if not exporting:
        parser.add_argument(
            "--no-register", action="store_true", help="tjek uden at spørge brevregistret"
        )
        return
    parser.add_argument(
        "--unapproved",
        action="store_true",
        help="eksportér et brev, der mangler godkendelse, som udkast uden underskrift",
    )
    parser.add_argument(
        "--no-register",
        action="store_true",
        help="registrér ikke eksporten i brevregistret (også: KKLETTER_NO_REGISTER=1)",
    )


def approved_for_cli_export(args: argparse.Namespace, letter: Letter, catalogs: Catalogs) -> Letter:
    """Return the letter `kkletter render` may write: signed only once approved.

    A letter whose template or profile requires approval and that is not approved is
    refused (a `RegisterError` with what to do) unless --unapproved, which writes it
    without signature and signer as a draft. Remembers the approved entry on `args`.
    """
    from kkletter.register.approval import (
        check_export_approval,
        needs_approval,
        signed_for_export,
    )
    from kkletter.register.errors import RegisterError
    from kkletter.register.service import connect

    if not needs_approval(letter, catalogs):
        return letter
    if getattr(args, "no_register", False) or registering_disabled():
        raise RegisterError(
            "Brevet skal godkendes, før det sendes, og godkendelsen står i brevregistret; "
            "eksportér uden --no-register."
        )
    with connect(getattr(args, "database", None)) as register:
        decision = check_export_approval(register, letter, catalogs)
    if decision.approved:
        args.approved_number = decision.entry.number if decision.entry else None
        return letter
    if not getattr(args, "unapproved", False):
        raise RegisterError(decision.message + " (--unapproved: som udkast uden underskrift)")
    args.export_status = "kladde"
    return signed_for_export(letter, "kladde", requires_approval=True)


class _CheckLookup:
    """The register as `kkletter check` asks it: opened for each question, then closed."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._answers: dict[tuple[str, str], list[PastLetter]] = {}

    def _ask(self, kind: str, value: str) -> list[PastLetter]:
        if (kind, value) not in self._answers:
            from kkletter.register.service import connect

            with connect(self._url) as register:
                if kind == "document":
                    answer = register.letters_with_document_number(value)
                else:
                    answer = register.letters_with_case_number(value)
            self._answers[(kind, value)] = answer
        return self._answers[(kind, value)]

    def letters_with_document_number(self, document_number: str) -> list[PastLetter]:
        return self._ask("document", document_number)

    def letters_with_case_number(self, case_number: str) -> list[PastLetter]:
        return self._ask("case", case_number)


def register_for_check(args: argparse.Namespace) -> RegisterLookup | None:
    """Return the register `kkletter check` compares the letter with, or None.

    None with --no-register, KKLETTER_NO_REGISTER=1, or before the first export made a
    local register; a register that cannot be used is said on stderr and skipped.
    """
    if getattr(args, "no_register", False) or registering_disabled():
        return None
    from kkletter.register.database import database_url
    from kkletter.register.errors import RegisterError
    from kkletter.register.service import connect

    url = database_url(getattr(args, "database", None))
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    try:
        connect(url).close()  # migrated and reachable: ask it
    except RegisterError as exc:
        print(f"kkletter: tjekker uden brevregistret: {exc}", file=sys.stderr)
        return None
    return _CheckLookup(url)


def record_cli_export(
    args: argparse.Namespace, letter: Letter, paths: Sequence[Path], out: TextIO
) -> None:
    """Register one export of the CLI unless --no-register or the setting says not to.

    Quiet when all went well (`kkletter register list` shows the number); a queued
    record or a repaired register is reported on stderr.
    """
    if getattr(args, "no_register", False) or registering_disabled():
        return
    from kkletter.register.service import record_export

    outcome = record_export(
        letter,
        paths,
        url=getattr(args, "database", None),
        approved_number=getattr(args, "approved_number", None),
        status=getattr(args, "export_status", "sendt"),
    )
    if outcome.needs_attention:
        print(f"kkletter: {outcome.message}", file=sys.stderr)


def record_merge_exports(
    args: argparse.Namespace, letter: Letter, data: MergeData, summary: MergeSummary, out: TextIO
) -> None:
    """Register each letter a merge wrote; a queue or a problem is said on stderr."""
    if getattr(args, "no_register", False) or registering_disabled() or not summary.written:
        return
    from kkletter.register.service import describe_merge_outcomes, record_merge

    outcomes = record_merge(letter, data, summary, url=getattr(args, "database", None))
    if any(o.needs_attention for o in outcomes):
        print(f"kkletter: {describe_merge_outcomes(outcomes)}", file=sys.stderr)


def _lazy(name: str) -> Command:
    """Return command `name` of `kkletter.register.commands`, imported when it runs."""

    def run(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
        from kkletter.register import commands

        result: int = getattr(commands, name)(args, catalogs, out)
        return result

    return run


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the `register` and `addresses` commands to `sub`."""
    register = sub.add_parser("register", help="brevregistret: find, vis, eksportér, godkend")
    register.add_argument(
        "--database",
        metavar="URL",
        help="registrets database (standard: KKLETTER_DATABASE_URL eller en lokal fil)",
    )
    actions = register.add_subparsers(metavar="HANDLING", required=True)

    listing = actions.add_parser("list", help="vis de nyeste breve")
    _add_filters(listing, with_text=False)
    _add_format(listing, ("text", "json", "csv"))
    listing.set_defaults(command=_lazy("cmd_register_search"))

    search = actions.add_parser("search", help="søg i registret")
    _add_filters(search, with_text=True)
    _add_format(search, ("text", "json", "csv"))
    search.set_defaults(command=_lazy("cmd_register_search"))

    show = actions.add_parser("show", help="vis ét brev med historik og filer")
    show.add_argument("number", type=int, metavar="NR")
    _add_format(show, ("text", "json"))
    show.set_defaults(command=_lazy("cmd_register_show"))

    export = actions.add_parser("export", help="gem registret (eller en søgning) som JSON/CSV")
    _add_filters(export, with_text=True)
    _add_format(export, ("json", "csv"), default="csv")
    export.add_argument("-o", "--output", type=Path, metavar="FIL", help="standard: skærmen")
    export.set_defaults(command=_lazy("cmd_register_export"))

    submit = actions.add_parser("submit", help="send en kladde til godkendelse")
    submit.add_argument("draft", type=Path, metavar="KLADDE")
    submit.add_argument("--approver", required=True, metavar="NAVN", help="hvem der godkender")
    submit.add_argument(
        "--approver-user",
        metavar="LOGIN",
        help="godkenderens brugernavn (standard: underskriverens 'user' i biblioteket)",
    )
    submit.set_defaults(command=_lazy("cmd_register_submit"))

    for name, text in (("approve", "godkend et brev"), ("sent", "markér et brev som sendt")):
        step = actions.add_parser(name, help=text)
        step.add_argument("number", type=int, metavar="NR")
        step.set_defaults(command=_lazy("cmd_register_step"), step=name)
    rejecting = actions.add_parser("reject", help="afvis et brev med en kommentar")
    rejecting.add_argument("number", type=int, metavar="NR")
    rejecting.add_argument("--comment", required=True, metavar="TEKST")
    rejecting.set_defaults(command=_lazy("cmd_register_step"), step="reject")

    waiting = actions.add_parser("waiting", help="breve der venter på din godkendelse")
    waiting.add_argument("--approver", metavar="NAVN", help="standard: dig selv")
    _add_format(waiting, ("text", "json", "csv"))
    waiting.set_defaults(command=_lazy("cmd_register_waiting"))

    book = sub.add_parser("addresses", help="adressebogen: importér, eksportér, vis")
    book.add_argument("--database", metavar="URL", help="registrets database")
    book_actions = book.add_subparsers(metavar="HANDLING", required=True)
    importing = book_actions.add_parser("import", help="læs adresser fra CSV eller .xlsx")
    importing.add_argument("file", type=Path, metavar="FIL")
    importing.set_defaults(command=_lazy("cmd_addresses_import"))
    exporting = book_actions.add_parser("export", help="gem adressebogen som CSV eller .xlsx")
    exporting.add_argument("file", type=Path, metavar="FIL")
    exporting.set_defaults(command=_lazy("cmd_addresses_export"))
    book_list = book_actions.add_parser("list", help="vis adresserne (eller søg: --search)")
    book_list.add_argument("--search", default="", metavar="TEKST", help="navnet begynder med")
    _add_format(book_list, ("text", "json", "csv"))
    book_list.set_defaults(command=_lazy("cmd_addresses_list"))


def _add_format(
    parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str | None = None
) -> None:
    parser.add_argument(
        "--format", choices=choices, default=default or choices[0], help="udskriftens form"
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, fx 2026-11-30"
        ) from None


def _status(text: str) -> str:
    folded = text.strip().casefold().replace(" ", "_")
    if folded not in STATUSES:
        raise argparse.ArgumentTypeError(
            f"'{text}' er ikke en status; vælg en af: {', '.join(STATUSES)}"
        )
    return folded


def _add_filters(parser: argparse.ArgumentParser, *, with_text: bool) -> None:
    if with_text:
        parser.add_argument("text", nargs="?", default="", metavar="TEKST", help="fritekst")
    parser.add_argument("--recipient", default="", metavar="NAVN", help="modtager indeholder")
    parser.add_argument("--case", default="", metavar="SAGSNR", help="sagsnummer")
    parser.add_argument("--from", dest="date_from", type=_date, metavar="DATO")
    parser.add_argument("--to", dest="date_to", type=_date, metavar="DATO")
    parser.add_argument("--status", type=_status, default=None, metavar="STATUS")
    parser.add_argument("--page", type=int, default=1, metavar="N", help="side (fra 1)")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="breve pr. side")
