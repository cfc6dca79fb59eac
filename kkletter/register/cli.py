"""`kkletter register ...` and `kkletter addresses ...`, and registering CLI exports.

`kkletter.cli` calls `add_parsers` once and `record_cli_export` after each written
export; everything else about the register's command line lives here.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from kkletter.compose import Catalogs
from kkletter.drafts import load_draft, write_atomic
from kkletter.errors import KKLetterError, os_reason
from kkletter.merge import MergeData, MergeSummary
from kkletter.model import Letter
from kkletter.register.addresses import Address, AddressBook
from kkletter.register.approval import (
    approve,
    mark_sent,
    reject,
    submit_for_approval,
    waiting_for,
)
from kkletter.register.records import STATUS_LABELS, LetterSummary, SearchQuery, make_record
from kkletter.register.schema import STATUSES
from kkletter.register.service import connect, record_export, registering_disabled
from kkletter.register.store import Register

EXIT_OK = 0
CSV_COLUMNS = (
    "number",
    "date",
    "recipient",
    "subject",
    "case_number",
    "document_number",
    "status",
    "created_by",
    "signer",
    "approver",
)


def add_no_register_option(parser: argparse.ArgumentParser) -> None:
    """Add `--no-register` to an exporting command (render, merge)."""
    parser.add_argument(
        "--no-register",
        action="store_true",
        help="registrér ikke eksporten i brevregistret (også: KKLETTER_NO_REGISTER=1)",
    )


def record_cli_export(
    args: argparse.Namespace, letter: Letter, paths: Sequence[Path], out: TextIO
) -> None:
    """Register one export of the CLI unless --no-register or the setting says not to.

    Quiet when all went well (`kkletter register list` shows the number); a queued
    record or a repaired register is reported on stderr.
    """
    if getattr(args, "no_register", False) or registering_disabled():
        return
    outcome = record_export(letter, paths, url=getattr(args, "database", None))
    if outcome.needs_attention:
        print(f"kkletter: {outcome.message}", file=sys.stderr)


def record_merge_exports(
    args: argparse.Namespace, letter: Letter, data: MergeData, summary: MergeSummary, out: TextIO
) -> None:
    """Register each letter a merge wrote (the row's merged letter and its files)."""
    if getattr(args, "no_register", False) or registering_disabled() or not summary.written:
        return
    from kkletter.merge import merge_letter

    files = {result.row: result.files for result in summary.written}
    register: Register | None = None
    attention = ""
    for row in data.rows():
        if row.number not in files:
            continue
        merged = merge_letter(letter, summary.mapping, row)
        if register is None:
            outcome = record_export(merged, files[row.number], url=getattr(args, "database", None))
            if outcome.number is not None:
                register = connect(getattr(args, "database", None))
        else:
            outcome = record_export(merged, files[row.number], register=register)
        if outcome.needs_attention:
            attention = outcome.message
    if register is not None:
        register.close()
    if attention:
        print(f"kkletter: {attention}", file=sys.stderr)


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
    listing.set_defaults(command=cmd_register_search)

    search = actions.add_parser("search", help="søg i registret")
    _add_filters(search, with_text=True)
    _add_format(search, ("text", "json", "csv"))
    search.set_defaults(command=cmd_register_search)

    show = actions.add_parser("show", help="vis ét brev med historik og filer")
    show.add_argument("number", type=int, metavar="NR")
    _add_format(show, ("text", "json"))
    show.set_defaults(command=cmd_register_show)

    export = actions.add_parser("export", help="gem registret (eller en søgning) som JSON/CSV")
    _add_filters(export, with_text=True)
    _add_format(export, ("json", "csv"), default="csv")
    export.add_argument("-o", "--output", type=Path, metavar="FIL", help="standard: skærmen")
    export.set_defaults(command=cmd_register_export)

    submit = actions.add_parser("submit", help="send en kladde til godkendelse")
    submit.add_argument("draft", type=Path, metavar="KLADDE")
    submit.add_argument("--approver", required=True, metavar="NAVN", help="hvem der godkender")
    submit.set_defaults(command=cmd_register_submit)

    for name, text in (("approve", "godkend et brev"), ("sent", "markér et brev som sendt")):
        step = actions.add_parser(name, help=text)
        step.add_argument("number", type=int, metavar="NR")
        step.set_defaults(command=cmd_register_step, step=name)
    rejecting = actions.add_parser("reject", help="afvis et brev med en kommentar")
    rejecting.add_argument("number", type=int, metavar="NR")
    rejecting.add_argument("--comment", required=True, metavar="TEKST")
    rejecting.set_defaults(command=cmd_register_step, step="reject")

    waiting = actions.add_parser("waiting", help="breve der venter på din godkendelse")
    waiting.add_argument("--approver", metavar="NAVN", help="standard: dig selv")
    _add_format(waiting, ("text", "json", "csv"))
    waiting.set_defaults(command=cmd_register_waiting)

    book = sub.add_parser("addresses", help="adressebogen: importér, eksportér, vis")
    book.add_argument("--database", metavar="URL", help="registrets database")
    book_actions = book.add_subparsers(metavar="HANDLING", required=True)
    importing = book_actions.add_parser("import", help="læs adresser fra CSV eller .xlsx")
    importing.add_argument("file", type=Path, metavar="FIL")
    importing.set_defaults(command=cmd_addresses_import)
    exporting = book_actions.add_parser("export", help="gem adressebogen som CSV eller .xlsx")
    exporting.add_argument("file", type=Path, metavar="FIL")
    exporting.set_defaults(command=cmd_addresses_export)
    book_list = book_actions.add_parser("list", help="vis adresserne (eller søg: --search)")
    book_list.add_argument("--search", default="", metavar="TEKST", help="navnet begynder med")
    _add_format(book_list, ("text", "json", "csv"))
    book_list.set_defaults(command=cmd_addresses_list)


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


def _query(args: argparse.Namespace, *, everything: bool = False) -> SearchQuery:
    return SearchQuery(
        text=getattr(args, "text", ""),
        recipient=args.recipient,
        case_number=args.case,
        date_from=args.date_from,
        date_to=args.date_to,
        status=args.status or "",
        page=0 if everything else max(0, args.page - 1),
        page_size=10**9 if everything else max(1, args.limit),
    )


def _open(args: argparse.Namespace) -> Register:
    return connect(getattr(args, "database", None))


def _csv_text(rows: Sequence[LetterSummary]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        data = row.to_json()
        writer.writerow(["" if data[c] is None else str(data[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def _print_rows(rows: Sequence[LetterSummary], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([row.to_json() for row in rows], out, ensure_ascii=False, indent=2)
        print(file=out)
    elif fmt == "csv":
        out.write(_csv_text(rows))
    else:
        for row in rows:
            print(
                f"{row.number:>6}  {row.sort_date.isoformat()}  {row.status_label:<15}  "
                f"{row.case_number or '-':<16}  {row.recipient or '-'} – {row.subject or '-'}",
                file=out,
            )


def cmd_register_search(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List or search the register, one page at a time."""
    with _open(args) as register:
        page = register.search(_query(args))
    _print_rows(page.items, args.format, out)
    if args.format == "text":
        pages = f"{page.pages}+" if page.more else str(page.pages)
        print(f"Side {page.page + 1} af {pages} ({page.total_text})", file=out)
    return EXIT_OK


def cmd_register_show(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Show one registered letter: data, files, history."""
    with _open(args) as register:
        entry = register.get(args.number)
    if args.format == "json":
        json.dump(entry.to_json(), out, ensure_ascii=False, indent=2)
        print(file=out)
        return EXIT_OK
    s = entry.summary
    lines = [
        f"Brev nr. {s.number}: {s.subject or '(uden emne)'}",
        f"Status: {s.status_label}" + (f" (godkender: {s.approver})" if s.approver else ""),
        f"Dato: {s.letter_date.isoformat() if s.letter_date else '-'}",
        f"Modtager: {s.recipient or '-'}",
        *(f"          {line}" for line in entry.recipient_address),
        f"Sagsnr.: {s.case_number or '-'}   Dok.nr.: {s.document_number or '-'}",
        f"Skabelon: {entry.template}   Afsender: {entry.profile}   Underskriver: {s.signer or '-'}",
        f"Registreret: {entry.created_at.astimezone():%Y-%m-%d %H:%M} af {s.created_by}",
    ]
    if entry.approved_by:
        when = entry.approved_at.astimezone() if entry.approved_at else None
        lines.append(
            f"Godkendt af {entry.approved_by}" + (f" {when:%Y-%m-%d %H:%M}" if when else "")
        )
    if entry.comment:
        lines.append(f"Kommentar: {entry.comment}")
    lines.extend(f"Fil: {o.path} (SHA-256 {o.sha256})" for o in entry.outputs)
    for event in entry.events:
        lines.append(
            f"  {event.at.astimezone():%Y-%m-%d %H:%M} {event.actor}: "
            f"{STATUS_LABELS.get(event.to_status, event.to_status)}"
            + (f" – {event.comment}" if event.comment else "")
        )
    print("\n".join(lines), file=out)
    return EXIT_OK


def cmd_register_export(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Write the matching letters (default: all) as CSV or JSON."""
    with _open(args) as register:
        rows = register.search(_query(args, everything=True)).items
    if args.format == "json":
        text = json.dumps([row.to_json() for row in rows], ensure_ascii=False, indent=2) + "\n"
    else:
        text = _csv_text(rows)
    if args.output is None:
        out.write(text)
        return EXIT_OK
    data = text.encode("utf-8-sig" if args.format == "csv" else "utf-8")
    try:
        write_atomic(args.output, data)
    except OSError as exc:
        raise KKLetterError(f"{args.output} kan ikke skrives: {os_reason(exc)}.") from exc
    print(f"Gemt: {args.output} ({len(rows)} breve)", file=out)
    return EXIT_OK


def cmd_register_submit(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Register a draft and send it for approval."""
    letter = load_draft(args.draft)
    record = make_record(letter, [], status="kladde")
    with _open(args) as register:
        number = register.record(record)
        submit_for_approval(register, number, args.approver, record.created_by)
    print(f"Brev nr. {number} er sendt til godkendelse hos {args.approver}.", file=out)
    return EXIT_OK


def cmd_register_step(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Approve, reject or mark a letter as sent."""
    from kkletter.register.records import current_user

    actor = current_user()
    with _open(args) as register:
        if args.step == "approve":
            approve(register, args.number, actor)
            print(f"Brev nr. {args.number} er godkendt af {actor}.", file=out)
        elif args.step == "reject":
            reject(register, args.number, actor, args.comment)
            print(f"Brev nr. {args.number} er afvist: {args.comment}", file=out)
        else:
            mark_sent(register, args.number, actor)
            print(f"Brev nr. {args.number} er markeret som sendt.", file=out)
    return EXIT_OK


def cmd_register_waiting(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the letters waiting for an approver (default: the current user)."""
    from kkletter.register.records import current_user

    approver = args.approver or current_user()
    with _open(args) as register:
        rows = waiting_for(register, approver)
    _print_rows(rows, args.format, out)
    if args.format == "text" and not rows:
        print(f"Ingen breve venter på godkendelse hos {approver}.", file=out)
    return EXIT_OK


def cmd_addresses_import(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Import addresses from CSV/XLSX; exit 1 when rows were rejected."""
    with _open(args) as register:
        report = AddressBook(register.engine).import_file(args.file)
    for line in report.describe():
        print(line, file=out)
    return 1 if report.rejected else EXIT_OK


def cmd_addresses_export(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Export the address book to CSV (Danish Excel) or XLSX."""
    with _open(args) as register:
        count = AddressBook(register.engine).export_file(args.file)
    print(f"Gemt: {args.file} ({count} adresser)", file=out)
    return EXIT_OK


def cmd_addresses_list(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """List the address book, or the entries matching --search."""
    with _open(args) as register:
        book = AddressBook(register.engine)
        entries: Sequence[Address] = (
            book.index().complete(args.search, limit=10**6) if args.search else book.entries()
        )
    if args.format == "json":
        data = [
            {
                "name": e.name,
                "address": list(e.address),
                "salutation": e.salutation,
                "prefix": e.prefix,
            }
            for e in entries
        ]
        json.dump(data, out, ensure_ascii=False, indent=2)
        print(file=out)
    elif args.format == "csv":
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(["navn", "adresse", "hilsen", "foran"])
        for e in entries:
            writer.writerow([e.name, " / ".join(e.address), e.salutation, e.prefix])
    else:
        for e in entries:
            print(f"{e.name}" + (f" – {', '.join(e.address)}" if e.address else ""), file=out)
    return EXIT_OK
