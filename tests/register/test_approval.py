"""Approval on both backends: the steps, who did what, and two approvers racing."""

from __future__ import annotations

import threading

import pytest

from kkletter.model import Letter, Signer
from kkletter.register.approval import (
    ApprovalConflictError,
    approve,
    mark_sent,
    reject,
    signed_for_export,
    submit_for_approval,
    waiting_for,
)
from kkletter.register.database import RegisterError
from kkletter.register.records import make_record
from kkletter.register.store import Register

from .conftest import OpenDatabase


def _draft(register: Register, subject: str = "Tilskud") -> int:
    letter = Letter("brev", "sof-borgmester", subject=subject)
    return register.record(make_record(letter, [], status="kladde", created_by="sekretær"))


def test_kladde_to_approval_to_approved_to_sent(register: Register) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "borgmester", "sekretær")
    assert [s.number for s in waiting_for(register, "borgmester")] == [number]
    assert waiting_for(register, "direktør") == []
    approve(register, number, "borgmester")
    mark_sent(register, number, "sekretær")
    entry = register.get(number)
    assert entry.summary.status == "sendt"
    assert entry.approved_by == "borgmester"
    assert entry.approved_at is not None
    assert [(e.actor, e.from_status, e.to_status) for e in entry.events] == [
        ("sekretær", "", "kladde"),
        ("sekretær", "kladde", "til_godkendelse"),
        ("borgmester", "til_godkendelse", "godkendt"),
        ("sekretær", "godkendt", "sendt"),
    ]
    assert waiting_for(register, "borgmester") == []


def test_rejection_needs_a_comment_and_can_be_resubmitted(register: Register) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "borgmester", "sekretær")
    with pytest.raises(RegisterError, match="kommentar"):
        reject(register, number, "borgmester", "  ")
    reject(register, number, "borgmester", "Ret beløbet i afsnit 2")
    entry = register.get(number)
    assert (entry.summary.status, entry.comment) == ("afvist", "Ret beløbet i afsnit 2")
    submit_for_approval(register, number, "borgmester", "sekretær")
    assert register.get(number).summary.status == "til_godkendelse"


def test_steps_out_of_order_are_refused_with_the_status(register: Register) -> None:
    number = _draft(register)
    with pytest.raises(ApprovalConflictError, match=r"kan ikke godkendes.*'kladde'"):
        approve(register, number, "borgmester")
    with pytest.raises(ApprovalConflictError, match="markeres som sendt"):
        mark_sent(register, number, "sekretær")
    with pytest.raises(RegisterError, match="intet brev nr"):
        approve(register, 4242, "borgmester")


def test_second_approval_is_told_who_was_first(register: Register) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "borgmester", "sekretær")
    approve(register, number, "borgmester")
    with pytest.raises(ApprovalConflictError, match="allerede godkendt af borgmester"):
        approve(register, number, "rådmand")


def test_two_approvers_racing_get_one_approval_and_one_message(
    database_url: str, open_db: OpenDatabase
) -> None:
    register = Register(open_db(database_url).engine)
    number = _draft(register)
    submit_for_approval(register, number, "borgmester", "sekretær")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def approve_as(actor: str) -> None:
        own = Register(open_db(database_url).engine)  # its own connections
        barrier.wait()
        try:
            approve(own, number, actor)
            results[actor] = "ok"
        except ApprovalConflictError as exc:
            results[actor] = str(exc)

    threads = [threading.Thread(target=approve_as, args=(a,)) for a in ("anne", "bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results.values())[-1] == "ok"
    winner = next(actor for actor, result in results.items() if result == "ok")
    loser_message = next(result for result in results.values() if result != "ok")
    assert f"allerede godkendt af {winner}" in loser_message
    entry = register.get(number)
    assert entry.approved_by == winner
    assert [e.to_status for e in entry.events].count("godkendt") == 1


def test_signature_and_signer_only_after_approval(tmp_path: object) -> None:
    from pathlib import Path

    signer = Signer(name="Jesper Christensen", title="Borgmester", signature=Path("/s.png"))
    letter = Letter("brev", "sof-borgmester", signer=signer)
    unsigned = signed_for_export(letter, "til_godkendelse", requires_approval=True)
    assert (unsigned.signer.name, unsigned.signer.signature) == ("", None)
    assert unsigned.signer.title == "Borgmester"
    assert signed_for_export(letter, "godkendt", requires_approval=True) == letter
    assert signed_for_export(letter, "kladde", requires_approval=False) == letter
