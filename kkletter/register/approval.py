"""Approval ("til godkendelse"): kladde -> til godkendelse -> godkendt -> sendt, or afvist.

Every step is one conditional UPDATE (`WHERE status IN (...)`), so when two people
approve the same letter at once the database lets exactly one through; the other gets
an `ApprovalConflictError` saying who was first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from kkletter.compose import Catalogs
from kkletter.model import Letter, Signer
from kkletter.register.errors import RegisterError
from kkletter.register.records import STATUS_LABELS, LetterSummary, SearchQuery
from kkletter.register.schema import events, letters
from kkletter.register.store import Register

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: Mapping[str, tuple[frozenset[str], str]] = {
    "til_godkendelse": (frozenset({"kladde", "afvist"}), "til_godkendelse"),
    "godkendt": (frozenset({"til_godkendelse"}), "godkendt"),
    "afvist": (frozenset({"til_godkendelse"}), "afvist"),
    "sendt": (frozenset({"godkendt"}), "sendt"),
}
APPROVED = frozenset({"godkendt", "sendt"})


class ApprovalConflictError(RegisterError):
    """The letter is no longer in a state that allows the step (someone was first)."""


def submit_for_approval(register: Register, number: int, approver: str, actor: str) -> None:
    """Send letter `number` to `approver` for approval."""
    if not approver.strip():
        raise RegisterError("Vælg, hvem brevet skal godkendes af.")
    _step(register, number, "til_godkendelse", actor, approver=approver.strip())


def approve(register: Register, number: int, actor: str) -> None:
    """Approve letter `number` as `actor`; `ApprovalConflictError` if it is not waiting."""
    _step(register, number, "godkendt", actor)


def reject(register: Register, number: int, actor: str, comment: str) -> None:
    """Reject letter `number` with `comment` (required: the writer must know why)."""
    if not comment.strip():
        raise RegisterError("Skriv en kommentar, så afsenderen ved, hvad der skal rettes.")
    _step(register, number, "afvist", actor, comment=comment.strip())


def mark_sent(register: Register, number: int, actor: str) -> None:
    """Mark the approved letter `number` as sent."""
    _step(register, number, "sendt", actor)


def waiting_for(register: Register, approver: str) -> list[LetterSummary]:
    """Return the letters waiting for `approver`'s approval, oldest first."""
    page = register.search(
        SearchQuery(status="til_godkendelse", approver=approver, page_size=500, newest_first=False)
    )
    return list(page.items)


def signed_for_export(letter: Letter, status: str, *, requires_approval: bool) -> Letter:
    """Return `letter` as it may be exported: no signature before approval.

    A letter that requires approval carries the signature image and the signer's name
    only once it is approved (status godkendt or sendt).
    """
    if not requires_approval or status in APPROVED:
        return letter
    return dataclasses.replace(letter, signer=Signer(title=letter.signer.title))


def _step(
    register: Register,
    number: int,
    action: str,
    actor: str,
    *,
    approver: str | None = None,
    comment: str = "",
) -> None:
    allowed, target = TRANSITIONS[action]
    now = dt.datetime.now(dt.UTC)
    values: dict[str, object] = {"status": target}
    if approver is not None:
        values["approver"] = approver
    if action == "godkendt":
        values.update(approved_by=actor, approved_at=now)
    if action in ("afvist", "til_godkendelse"):
        values["comment"] = comment
    with register.engine.begin() as connection:
        # Write first: the UPDATE takes the row (PostgreSQL) or the database (SQLite)
        # lock, so a racing second step sees the first one's result.
        previous = None
        for status in sorted(allowed):
            result = connection.execute(
                letters.update()
                .where(letters.c.id == number, letters.c.status == status)
                .values(values)
            )
            if result.rowcount == 1:
                previous = status
                break
        if previous is None:
            row = connection.execute(
                sa.select(letters.c.status, letters.c.approved_by).where(letters.c.id == number)
            ).first()
            if row is None:
                raise RegisterError(f"Der er intet brev nr. {number} i registeret.")
            raise ApprovalConflictError(
                _conflict_message(number, action, row.status, row.approved_by)
            )
        connection.execute(
            events.insert().values(
                letter_id=number,
                at=now,
                actor=actor,
                action=action,
                from_status=previous,
                to_status=target,
                comment=comment,
            )
        )


def _conflict_message(number: int, action: str, status: str, approved_by: str) -> str:
    if action == "godkendt" and status in APPROVED:
        return f"Brev nr. {number} er allerede godkendt af {approved_by}; der skal ikke mere til."
    label = STATUS_LABELS.get(status, status).lower()
    wanted = {
        "til_godkendelse": "sendes til godkendelse",
        "godkendt": "godkendes",
        "afvist": "afvises",
        "sendt": "markeres som sendt",
    }[action]
    return f"Brev nr. {number} kan ikke {wanted}, fordi det har status '{label}'."


def needs_approval(letter: Letter, catalogs: Catalogs) -> bool:
    """Return whether `letter`'s template says it must be approved first.

    (`requires_approval = true` in template.toml; a profile setting is not there yet.)
    """
    spec = catalogs.templates.get(letter.template)
    return spec is not None and spec.requires_approval


def approval_entry(register: Register, letter: Letter) -> LetterSummary | None:
    """Return the newest register entry of `letter` in the approval workflow, if any.

    The same letter: same Sagsnr., Dok.nr., recipient and subject (a draft does not
    carry its register number).
    """
    page = register.search(
        SearchQuery(case_number=letter.case.number.strip(), page_size=200)
        if letter.case.number.strip()
        else SearchQuery(recipient=letter.recipient.name, page_size=200)
    )
    for summary in page.items:  # newest first
        if (
            summary.status in ("til_godkendelse", "godkendt", "afvist", "kladde")
            and summary.case_number == letter.case.number.strip()
            and summary.document_number == letter.case.document.strip()
            and " ".join(summary.recipient.casefold().split())
            == " ".join(letter.recipient.name.casefold().split())
            and summary.subject == letter.subject
        ):
            return summary
    return None


@dataclass(frozen=True)
class ExportApproval:
    """Whether a letter may be exported signed, and what to tell the user otherwise."""

    approved: bool
    entry: LetterSummary | None
    message: str  # Danish; empty when approved or no approval is needed


def check_export_approval(
    register: Register | None, letter: Letter, catalogs: Catalogs
) -> ExportApproval:
    """Return whether `letter` may go out signed (approved, or no approval needed)."""
    if not needs_approval(letter, catalogs):
        return ExportApproval(True, None, "")
    entry = approval_entry(register, letter) if register is not None else None
    if entry is not None and entry.status == "godkendt":
        return ExportApproval(True, entry, "")
    if register is None:
        state = "godkendelsen kan ikke ses, fordi brevregistret ikke kan nås"
    elif entry is None:
        state = "er ikke sendt til godkendelse"
    else:
        label = STATUS_LABELS[entry.status].lower()
        state = f"har status '{label}' (brev nr. {entry.number})"
    return ExportApproval(
        False,
        entry,
        f"Brevet skal godkendes, før det sendes, og {state}. Send det til godkendelse "
        "(kkletter register submit KLADDE --approver NAVN), eller eksportér det uden "
        "underskrift som udkast.",
    )
