"""The register: record exports, find letters, answer the register checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kkletter.checks.context import PastLetter
from kkletter.model import Letter
from kkletter.register.errors import RegisterError
from kkletter.register.records import (
    Event,
    ExportRecord,
    LetterSummary,
    OutputFile,
    RegisteredLetter,
    SearchPage,
    SearchQuery,
)
from kkletter.register.schema import (
    STATUSES,
    events,
    letters,
    letters_fts,
    outputs,
    search_vector,
)

_SUMMARY_COLUMNS = (
    letters.c.id,
    letters.c.letter_date,
    letters.c.sort_date,
    letters.c.recipient,
    letters.c.subject,
    letters.c.case_number,
    letters.c.document_number,
    letters.c.status,
    letters.c.created_by,
    letters.c.signer,
    letters.c.approver,
    letters.c.approver_user,
)
_BODY_CHARS = 4000  # how much of the body free-text search reads
COUNT_LIMIT = 1000  # a search counts its matches up to this many
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Return `text` as the register compares it: case-folded, spaces collapsed."""
    return " ".join(text.casefold().split())


def words(text: str) -> list[str]:
    """Return the case-folded words of `text` ("2016-0318694" is two words)."""
    return _WORD.findall(text.casefold())


def search_text(letter: Letter) -> str:
    """Return the words free-text search looks in (metadata first, then the body).

    Only words, separated by single spaces: SQLite's FTS5 and PostgreSQL's text search
    then split them alike.
    """
    parts = [
        letter.subject,
        letter.recipient.name,
        *letter.recipient.address,
        letter.case.number,
        letter.case.document,
        letter.signer.name,
        letter.body[:_BODY_CHARS],
    ]
    return " ".join(words(" ".join(part for part in parts if part)))


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Register:
    """The letter register on one database (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine, *, notices: Iterable[str] = ()) -> None:
        self.engine = engine
        self.notices = tuple(notices)

    def close(self) -> None:
        """Close the database connections (the register can be used again afterwards)."""
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- recording --------------------------------------------------------------------
    def record(self, record: ExportRecord) -> int:
        """Store `record` and return its register number; a record already there is kept.

        The register number is the database's identity value, so concurrent writers
        never share one. Recording the same record twice (a queued record sent again)
        returns the first number.
        """
        if record.status not in STATUSES:
            raise ValueError(f"unknown status {record.status!r}")
        row = _letter_row(record)
        with self.engine.begin() as connection:
            existing = connection.execute(
                sa.select(letters.c.id).where(letters.c.uid == record.uid)
            ).scalar()
            if existing is not None:
                return int(existing)
            try:
                with connection.begin_nested():
                    number = int(
                        connection.execute(
                            letters.insert().values(row).returning(letters.c.id)
                        ).scalar_one()
                    )
            except sa.exc.IntegrityError:
                # The same queued record was sent by another program a moment ago.
                return int(
                    connection.execute(
                        sa.select(letters.c.id).where(letters.c.uid == record.uid)
                    ).scalar_one()
                )
            if connection.dialect.name == "sqlite":
                connection.execute(
                    letters_fts.insert().values(rowid=number, search_text=row["search_text"])
                )
            if record.outputs:
                connection.execute(
                    outputs.insert(),
                    [
                        {"letter_id": number, "kind": o.kind, "path": o.path, "sha256": o.sha256}
                        for o in record.outputs
                    ],
                )
            connection.execute(
                events.insert().values(
                    letter_id=number,
                    at=record.created_at,
                    actor=record.created_by,
                    action="registreret",
                    from_status="",
                    to_status=record.status,
                )
            )
        return number

    def add_outputs(self, number: int, files: Iterable[OutputFile]) -> None:
        """Add the files of a later export (e.g. after approval) to letter `number`."""
        rows = [
            {"letter_id": number, "kind": o.kind, "path": o.path, "sha256": o.sha256} for o in files
        ]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(outputs.insert(), rows)

    # --- reading ----------------------------------------------------------------------
    def get(self, number: int) -> RegisteredLetter:
        """Return letter `number`; `RegisterError` when there is none."""
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(letters).where(letters.c.id == number)).first()
            if row is None:
                raise RegisterError(f"Der er intet brev nr. {number} i registeret.")
            files = connection.execute(
                sa.select(outputs.c.kind, outputs.c.path, outputs.c.sha256)
                .where(outputs.c.letter_id == number)
                .order_by(outputs.c.id)
            ).all()
            history = connection.execute(
                sa.select(
                    events.c.at,
                    events.c.actor,
                    events.c.action,
                    events.c.from_status,
                    events.c.to_status,
                    events.c.comment,
                )
                .where(events.c.letter_id == number)
                .order_by(events.c.id)
            ).all()
        data = row._mapping
        return RegisteredLetter(
            summary=_summary(data),
            uid=data["uid"],
            created_at=_aware(data["created_at"]),
            template=data["template"],
            profile=data["profile"],
            recipient_address=tuple(filter(None, data["recipient_address"].split("\n"))),
            approved_by=data["approved_by"],
            approved_at=_aware(data["approved_at"]) if data["approved_at"] else None,
            comment=data["comment"],
            draft=data["draft"],
            outputs=tuple(OutputFile(*file) for file in files),
            events=tuple(
                Event(_aware(e.at), e.actor, e.action, e.from_status, e.to_status, e.comment)
                for e in history
            ),
        )

    def search(self, query: SearchQuery) -> SearchPage:
        """Return one page of the letters matching `query`, newest first by default.

        Free text matches whole words and word beginnings ("tilsk" finds "tilskud"), in
        any order, in the subject, recipient, case numbers, signer and body.
        """
        conditions = _conditions(query, self.engine.dialect.name)
        order = (
            (letters.c.sort_date.desc(), letters.c.id.desc())
            if query.newest_first
            else (letters.c.sort_date.asc(), letters.c.id.asc())
        )
        page_size = max(1, query.page_size)
        page = max(0, query.page)
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(*_SUMMARY_COLUMNS)
                .where(*conditions)
                .order_by(*order)
                .limit(page_size)
                .offset(page * page_size)
            ).all()
            if page == 0 and len(rows) < page_size:
                total = len(rows)
            else:
                # Count at most COUNT_LIMIT matches: "more than 1,000" is all a person
                # needs, and counting every match of a common word is what is slow.
                limited = sa.select(letters.c.id).where(*conditions).limit(COUNT_LIMIT + 1)
                total = int(
                    connection.execute(
                        sa.select(sa.func.count()).select_from(limited.subquery())
                    ).scalar_one()
                )
                total = max(total, page * page_size + len(rows))
        items = tuple(_summary(r._mapping) for r in rows)
        return SearchPage(items, total, page, page_size, more=total > COUNT_LIMIT)

    def count(self) -> int:
        """Return the number of letters in the register."""
        with self.engine.connect() as connection:
            return int(
                connection.execute(sa.select(sa.func.count()).select_from(letters)).scalar_one()
            )

    # --- what the register checks ask (kkletter.checks.context.RegisterLookup) ----------
    def letters_with_document_number(self, document_number: str) -> list[PastLetter]:
        """Return the registered letters that carry `document_number`."""
        return self._past(letters.c.document_number == document_number.strip())

    def letters_with_case_number(self, case_number: str) -> list[PastLetter]:
        """Return the registered letters of case `case_number`."""
        return self._past(letters.c.case_number == case_number.strip())

    def _past(self, condition: sa.ColumnElement[bool]) -> list[PastLetter]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(
                    letters.c.id,
                    letters.c.uid,
                    letters.c.subject,
                    letters.c.recipient,
                    letters.c.case_number,
                    letters.c.sort_date,
                    letters.c.status,
                )
                .where(condition)
                .order_by(letters.c.id)
                .limit(100)
            ).all()
        return [
            PastLetter(
                r.id,
                r.uid,
                r.subject,
                r.recipient,
                r.case_number,
                r.sort_date.isoformat(),
                r.status,
            )
            for r in rows
        ]


def _full_text(text: str, dialect: str) -> sa.ColumnElement[bool] | None:
    """Return the condition "every word of `text` begins a word of the letter"."""
    typed = words(text)
    if not typed:
        return None
    if dialect == "sqlite":
        # FTS5 query: each word quoted (no operators from user text) and a prefix.
        match = " AND ".join(f'"{word}"*' for word in typed)
        matching = sa.select(letters_fts.c.rowid).where(
            letters_fts.c.search_text.op("MATCH")(match)
        )
        return letters.c.id.in_(matching)
    # PostgreSQL: the same as a tsquery on the stored vector of migration 0002.
    tsquery = " & ".join(f"{word}:*" for word in typed)
    return search_vector.op("@@")(sa.func.to_tsquery(sa.literal_column("'simple'"), tsquery))


def _conditions(query: SearchQuery, dialect: str) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    text_condition = _full_text(query.text, dialect)
    if text_condition is not None:
        conditions.append(text_condition)
    if query.recipient.strip():
        pattern = f"%{_like_escape(fold(query.recipient))}%"
        conditions.append(letters.c.recipient_key.like(pattern, escape="\\"))
    if query.case_number.strip():
        number = query.case_number.strip()
        conditions.append(
            sa.or_(
                letters.c.case_number == number,
                letters.c.case_number.like(f"{_like_escape(number)}%", escape="\\"),
            )
        )
    if query.date_from is not None:
        conditions.append(letters.c.sort_date >= query.date_from)
    if query.date_to is not None:
        conditions.append(letters.c.sort_date <= query.date_to)
    if query.status:
        conditions.append(letters.c.status == query.status)
    if query.approver.strip():
        # The approver's name as typed at submit, or their OS login name.
        who = query.approver.strip()
        conditions.append(
            sa.or_(
                letters.c.approver == who,
                sa.func.lower(letters.c.approver_user) == who.casefold(),
            )
        )
    return conditions


def _letter_row(record: ExportRecord) -> dict[str, Any]:
    letter = record.letter
    recipient = " ".join(part for part in (letter.recipient.name,) if part).strip()
    return {
        "uid": record.uid,
        "created_at": record.created_at,
        "created_by": record.created_by,
        "template": letter.template,
        "profile": letter.profile,
        "signer": letter.signer.name,
        "recipient": recipient,
        "recipient_key": fold(recipient),
        "recipient_address": "\n".join(letter.recipient.address),
        "subject": letter.subject,
        "case_number": letter.case.number.strip(),
        "document_number": letter.case.document.strip(),
        "letter_date": letter.date,
        "sort_date": letter.date or record.created_at.date(),
        "status": record.status,
        "approver": record.approver,
        "draft": record.draft,
        "search_text": search_text(letter),
    }


def _summary(data: Mapping[Any, Any]) -> LetterSummary:
    return LetterSummary(
        number=int(data["id"]),
        letter_date=data["letter_date"],
        sort_date=data["sort_date"],
        recipient=data["recipient"],
        subject=data["subject"],
        case_number=data["case_number"],
        document_number=data["document_number"],
        status=data["status"],
        created_by=data["created_by"],
        signer=data["signer"],
        approver=data["approver"],
        approver_user=data["approver_user"],
    )


def _aware(value: dt.datetime) -> dt.datetime:
    """Return `value` with a time zone (SQLite gives naive UTC datetimes back)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
