"""Values the register stores and returns: export records, registered letters, searches."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kkletter.drafts import dump_draft, parse_draft
from kkletter.model import Letter

# Status values as stored, in workflow order.
STATUSES = ("kladde", "til_godkendelse", "godkendt", "sendt", "afvist")
# Stored status -> what the user sees.
STATUS_LABELS = {
    "kladde": "Kladde",
    "til_godkendelse": "Til godkendelse",
    "godkendt": "Godkendt",
    "sendt": "Sendt",
    "afvist": "Afvist",
}


@dataclass(frozen=True)
class OutputFile:
    """One written file of an export and the SHA-256 of its bytes."""

    kind: str  # "docx", "pdf"
    path: str
    sha256: str

    @classmethod
    def of(cls, path: Path) -> OutputFile:
        """Return the record of the file at `path` (its kind is its suffix)."""
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
        return cls(path.suffix.lower().lstrip("."), str(path.resolve()), digest.hexdigest())


@dataclass(frozen=True)
class ExportRecord:
    """What the register keeps about one exported letter."""

    letter: Letter
    draft: str  # the draft (TOML) as it was exported
    outputs: tuple[OutputFile, ...]
    created_by: str
    created_at: dt.datetime
    uid: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = "sendt"
    approver: str = ""

    def to_json(self) -> dict[str, object]:
        """Return the record as JSON data (for the local queue)."""
        return {
            "uid": self.uid,
            "draft": self.draft,
            "outputs": [[o.kind, o.path, o.sha256] for o in self.outputs],
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "status": self.status,
            "approver": self.approver,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ExportRecord:
        """Return the record `to_json` wrote."""
        draft = str(data["draft"])
        outputs = data.get("outputs")
        return cls(
            letter=parse_draft(draft),
            draft=draft,
            outputs=tuple(
                OutputFile(str(kind), str(path), str(digest))
                for kind, path, digest in (outputs if isinstance(outputs, list) else [])
            ),
            created_by=str(data["created_by"]),
            created_at=dt.datetime.fromisoformat(str(data["created_at"])),
            uid=str(data["uid"]),
            status=str(data.get("status", "sendt")),
            approver=str(data.get("approver", "")),
        )


def current_user() -> str:
    """Return the operating-system user who exports (never raises)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or password database
        return "ukendt"


def make_record(
    letter: Letter,
    paths: Sequence[Path],
    *,
    created_by: str | None = None,
    now: dt.datetime | None = None,
    status: str = "sendt",
    approver: str = "",
) -> ExportRecord:
    """Return the register record of `letter`, exported to the files `paths`."""
    return ExportRecord(
        letter=letter,
        draft=dump_draft(letter),
        outputs=tuple(OutputFile.of(path) for path in paths),
        created_by=created_by or current_user(),
        created_at=now or dt.datetime.now(dt.UTC),
        status=status,
        approver=approver,
    )


@dataclass(frozen=True)
class LetterSummary:
    """One row of a register search."""

    number: int
    letter_date: dt.date | None
    sort_date: dt.date
    recipient: str
    subject: str
    case_number: str
    document_number: str
    status: str
    created_by: str
    signer: str
    approver: str
    approver_user: str = ""  # the approver's OS login name; "" when none is known

    @property
    def status_label(self) -> str:
        """Return the status as the user reads it."""
        return STATUS_LABELS.get(self.status, self.status)

    def to_json(self) -> dict[str, object]:
        """Return the row as JSON data (`kkletter register list --format json`)."""
        return {
            "number": self.number,
            "date": self.sort_date.isoformat(),
            "letter_date": self.letter_date.isoformat() if self.letter_date else None,
            "recipient": self.recipient,
            "subject": self.subject,
            "case_number": self.case_number,
            "document_number": self.document_number,
            "status": self.status,
            "created_by": self.created_by,
            "signer": self.signer,
            "approver": self.approver,
            "approver_user": self.approver_user,
        }


@dataclass(frozen=True)
class Event:
    """One step in a letter's history: registered, sent for approval, approved, ..."""

    at: dt.datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    comment: str


@dataclass(frozen=True)
class RegisteredLetter:
    """Everything the register holds about one letter."""

    summary: LetterSummary
    uid: str
    created_at: dt.datetime
    template: str
    profile: str
    recipient_address: tuple[str, ...]
    approved_by: str
    approved_at: dt.datetime | None
    comment: str
    draft: str
    outputs: tuple[OutputFile, ...]
    events: tuple[Event, ...]

    @property
    def number(self) -> int:
        """Return the register number."""
        return self.summary.number

    def letter(self) -> Letter:
        """Return the letter as it was registered."""
        return parse_draft(self.draft)

    def to_json(self) -> dict[str, object]:
        """Return the letter as JSON data (`kkletter register show --format json`)."""
        return {
            **self.summary.to_json(),
            "uid": self.uid,
            "created_at": self.created_at.isoformat(),
            "template": self.template,
            "profile": self.profile,
            "recipient_address": list(self.recipient_address),
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
            "comment": self.comment,
            "outputs": [{"kind": o.kind, "path": o.path, "sha256": o.sha256} for o in self.outputs],
            "events": [
                {
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "from": e.from_status,
                    "to": e.to_status,
                    "comment": e.comment,
                }
                for e in self.events
            ],
            "draft": self.draft,
        }


@dataclass(frozen=True)
class SearchQuery:
    """A register search; empty criteria match everything."""

    text: str = ""
    recipient: str = ""
    case_number: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: str = ""
    approver: str = ""
    page: int = 0
    page_size: int = 50
    newest_first: bool = True


@dataclass(frozen=True)
class SearchPage:
    """One page of search results and the total number of matches."""

    items: tuple[LetterSummary, ...]
    total: int  # exact unless `more`: then at least this many
    page: int
    page_size: int
    more: bool = False  # more matches than were counted

    @property
    def total_text(self) -> str:
        """Return the number of matches as the user reads it ("mere end 1000 breve")."""
        if self.more:
            return f"mere end {self.total - 1} breve"
        return "1 brev" if self.total == 1 else f"{self.total} breve"

    @property
    def pages(self) -> int:
        """Return the number of pages (at least 1)."""
        return max(1, -(-self.total // self.page_size))
