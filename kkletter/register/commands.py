"""The `kkletter register ...` and `kkletter addresses ...` commands (loaded when run)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from typing import TextIO

from kkletter.compose import Catalogs
from kkletter.dates import format_long, format_numeric
from kkletter.drafts import load_draft
from kkletter.errors import KKLetterError, os_reason
from kkletter.register.addresses import Address, AddressBook
from kkletter.register.approval import (
    approve,
    approver_login,
    mark_sent,
    reject,
    submit_for_approval,
    waiting_for,
)
from kkletter.register.records import (
    STATUS_LABELS,
    LetterSummary,
    SearchQuery,
    current_user,
    make_record,
)
from kkletter.register.service import connect
from kkletter.register.store import Register
from kkletter.safefile import write_file as write_atomic

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
                f"{row.number:>6}  {format_numeric(row.sort_date)}  {row.status_label:<15}  "
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
        f"Dato: {format_long(s.letter_date) if s.letter_date else '-'}",
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
    login = (getattr(args, "approver_user", None) or "").strip() or _library_login(args.approver)
    record = make_record(letter, [], status="kladde")
    with _open(args) as register:
        number = register.record(record)
        submit_for_approval(register, number, args.approver, record.created_by, approver_user=login)
    who = f"{args.approver} (brugernavn {login})" if login else args.approver
    print(f"Brev nr. {number} er sendt til godkendelse hos {who}.", file=out)
    if not login:
        print(
            f"Bemærk: {args.approver} har intet brugernavn i biblioteket, så alle kan godkende "
            "brevet (registret gemmer hvem). Brug --approver-user LOGIN for at låse det.",
            file=out,
        )
    return EXIT_OK


def _library_login(approver: str) -> str:
    """Return the OS login of the library signer `approver` names ("" if none)."""
    from kkletter.library.catalog import load_library

    signers = [entry.value for entry in load_library().signers.values()]
    return approver_login(approver, signers)


def cmd_register_step(args: argparse.Namespace, catalogs: Catalogs, out: TextIO) -> int:
    """Approve, reject or mark a letter as sent."""

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
