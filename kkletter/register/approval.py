"""Approval ("til godkendelse"): kladde -> til godkendelse -> godkendt -> sendt, or afvist.

Every step is one conditional UPDATE (`WHERE status IN (...)`), so when two people
approve the same letter at once the database lets exactly one through; the other gets
an `ApprovalConflictError` saying who was first.

Who may approve: a letter sent for approval names an approver (usually the signer) and,
when known, the approver's operating-system login name (`approver_user`: the library
signer's `user` key, or given at submit). Then only that user may approve or reject; the
same UPDATE carries the condition, so the check cannot race. When no login name is
known, anyone may approve, and the register keeps who did (`approved_by`, the history).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
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


class ApprovalPermissionError(RegisterError):
    """Someone other than the named approver tried to approve or reject."""


def approver_login(approver: str, signers: Iterable[Signer]) -> str:
    """Return the OS login name of `approver` from the library's signers ("" if none).

    `approver` matches a signer by name or by login name (case and spacing ignored).
    """
    wanted = " ".join(approver.casefold().split())
    for signer in signers:
        user = signer.user.strip()
        if user and wanted in (" ".join(signer.name.casefold().split()), user.casefold()):
            return user
    return ""


def may_act(summary: LetterSummary, user: str) -> bool:
    """Return whether `user` may approve or reject `summary` (anyone, if no login is known)."""
    return not summary.approver_user or summary.approver_user.casefold() == user.casefold()


def approver_notice(summary: LetterSummary, user: str) -> str:
    """Return the Danish line the Register window shows about who may approve ("" if none)."""
    if summary.status != "til_godkendelse":
        return ""
    if not summary.approver_user:
        return (
            f"Bemærk: {summary.approver} har intet brugernavn i biblioteket, så alle kan "
            f"godkende brev nr. {summary.number}; registret gemmer, hvem der godkender."
        )
    if not may_act(summary, user):
        return _permission_message(summary.number, summary.approver, summary.approver_user, user)
    return ""


def submit_for_approval(
    register: Register, number: int, approver: str, actor: str, *, approver_user: str = ""
) -> None:
    """Send letter `number` to `approver` (OS login `approver_user`, if known) for approval."""
    if not approver.strip():
        raise RegisterError("Vælg, hvem brevet skal godkendes af.")
    _step(
        register,
        number,
        "til_godkendelse",
        actor,
        approver=approver.strip(),
        approver_user=approver_user.strip(),
    )


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
    approver_user: str = "",
    comment: str = "",
) -> None:
    allowed, target = TRANSITIONS[action]
    now = dt.datetime.now(dt.UTC)
    values: dict[str, object] = {"status": target}
    if approver is not None:
        values.update(approver=approver, approver_user=approver_user)
    guarded = action in ("godkendt", "afvist")
    # Only the named approver's login may approve or reject (anyone when none is known).
    who = sa.or_(
        letters.c.approver_user == "",
        sa.func.lower(letters.c.approver_user) == actor.casefold(),
    )
    if action == "godkendt":
        values.update(approved_by=actor, approved_at=now)
    if action in ("afvist", "til_godkendelse"):
        values["comment"] = comment
    with register.engine.begin() as connection:
        # Write first: the UPDATE takes the row (PostgreSQL) or the database (SQLite)
        # lock, so a racing second step sees the first one's result.
        previous = None
        for status in sorted(allowed):
            condition = sa.and_(letters.c.id == number, letters.c.status == status)
            result = connection.execute(
                letters.update()
                .where(sa.and_(condition, who) if guarded else condition)
                .values(values)
            )
            if result.rowcount == 1:
                previous = status
                break
        if previous is None:
            row = connection.execute(
                sa.select(
                    letters.c.status,
                    letters.c.approved_by,
                    letters.c.approver,
                    letters.c.approver_user,
                ).where(letters.c.id == number)
            ).first()
            if row is None:
                raise RegisterError(f"Der er intet brev nr. {number} i registeret.")
            if guarded and row.status in allowed:
                raise ApprovalPermissionError(
                    _permission_message(number, row.approver, row.approver_user, actor, action)
                )
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


def _permission_message(
    number: int, approver: str, login: str, actor: str, action: str = "godkendt"
) -> str:
    verb = "afvises" if action == "afvist" else "godkendes"
    return (
        f"Brev nr. {number} kan kun {verb} af {approver} (brugernavn {login}); du er logget "
        f"ind som {actor}. Bed {approver} om at gøre det."
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
    """Return whether `letter` must be approved first.

    It must when its template or its sender profile says `requires_approval = true`.
    """
    spec = catalogs.templates.get(letter.template)
    profile = catalogs.profiles.get(letter.profile)
    return (spec is not None and spec.requires_approval) or (
        profile is not None and profile.requires_approval
    )


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
