"""Only the named approver may approve or reject; a profile can require approval.

Runs on SQLite and PostgreSQL (the `register` / `database_url` fixtures).
"""

from __future__ import annotations

import dataclasses
import io
import json
import threading
from pathlib import Path

import pytest

from kkletter.cli import main
from kkletter.compose import Catalogs
from kkletter.library import LibraryLocations
from kkletter.model import Letter, Signer
from kkletter.register.approval import (
    ApprovalConflictError,
    ApprovalPermissionError,
    approve,
    approver_login,
    approver_notice,
    check_export_approval,
    may_act,
    needs_approval,
    reject,
    submit_for_approval,
    waiting_for,
)
from kkletter.register.records import make_record
from kkletter.register.store import Register

from .conftest import OpenDatabase

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"


def _draft(register: Register, subject: str = "Tilskud") -> int:
    letter = Letter("brev", "sof-borgmester", subject=subject)
    return register.record(make_record(letter, [], status="kladde", created_by="sekretær"))


def test_only_the_named_login_may_approve(register: Register) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "Jesper Christensen", "sekretær", approver_user="jch")
    with pytest.raises(ApprovalPermissionError) as refused:
        approve(register, number, "sekretær")
    assert str(refused.value).startswith(
        f"Brev nr. {number} kan kun godkendes af Jesper Christensen (brugernavn jch); "
        "du er logget ind som sekretær."
    )
    entry = register.get(number)
    assert entry.summary.status == "til_godkendelse"  # nothing changed
    assert [e.to_status for e in entry.events].count("godkendt") == 0
    approve(register, number, "JCH")  # Windows logins ignore case
    entry = register.get(number)
    assert (entry.summary.status, entry.approved_by) == ("godkendt", "JCH")


def test_only_the_named_login_may_reject(register: Register) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "Jesper Christensen", "sekretær", approver_user="jch")
    with pytest.raises(ApprovalPermissionError, match="kan kun afvises af Jesper Christensen"):
        reject(register, number, "bo", "Nej")
    reject(register, number, "jch", "Ret beløbet")
    assert register.get(number).summary.status == "afvist"


def test_without_a_login_anyone_may_approve_and_the_register_keeps_who(
    register: Register,
) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "Jesper Christensen", "sekretær")
    (summary,) = waiting_for(register, "Jesper Christensen")
    assert summary.approver_user == ""
    assert may_act(summary, "hvemsomhelst")
    assert "intet brugernavn" in approver_notice(summary, "hvemsomhelst")
    approve(register, number, "anne")
    entry = register.get(number)
    assert entry.approved_by == "anne"
    assert entry.events[-1].actor == "anne"


def test_waiting_list_finds_the_approver_by_name_or_login(register: Register) -> None:
    number = _draft(register)
    submit_for_approval(register, number, "Jesper Christensen", "sekretær", approver_user="jch")
    assert [s.number for s in waiting_for(register, "jch")] == [number]
    assert [s.number for s in waiting_for(register, "Jesper Christensen")] == [number]
    assert waiting_for(register, "bo") == []
    (summary,) = waiting_for(register, "jch")
    assert summary.approver_user == "jch"
    assert approver_notice(summary, "jch") == ""
    assert "kan kun godkendes af Jesper Christensen" in approver_notice(summary, "bo")


def test_the_approver_and_an_intruder_racing_give_one_approval_and_one_message(
    database_url: str, open_db: OpenDatabase
) -> None:
    register = Register(open_db(database_url).engine)
    number = _draft(register)
    submit_for_approval(register, number, "Anne Holm", "sekretær", approver_user="anne")
    barrier = threading.Barrier(3)
    results: dict[str, str] = {}

    def approve_as(key: str, actor: str) -> None:
        own = Register(open_db(database_url).engine)
        barrier.wait()
        try:
            approve(own, number, actor)
            results[key] = "ok"
        except (ApprovalConflictError, ApprovalPermissionError) as exc:
            results[key] = str(exc)

    # Anne at two desks, and Bo, at once.
    jobs = (("anne-1", "anne"), ("anne-2", "anne"), ("bo", "bo"))
    threads = [threading.Thread(target=approve_as, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(results) == ["anne-1", "anne-2", "bo"]
    assert list(results.values()).count("ok") == 1
    # Bo is refused: not his letter (or, if Anne was already done, already approved).
    assert any(
        text in results["bo"] for text in ("kan kun godkendes af Anne Holm", "allerede godkendt")
    )
    loser = next(v for k, v in results.items() if k != "bo" and v != "ok")
    assert "allerede godkendt af anne" in loser
    entry = register.get(number)
    assert entry.approved_by == "anne"
    assert [e.to_status for e in entry.events].count("godkendt") == 1


def test_approver_login_comes_from_the_library_signers() -> None:
    signers = [
        Signer(name="Jesper  Christensen", user="jch"),
        Signer(name="Anne Holm"),  # no login
    ]
    assert approver_login("jesper christensen", signers) == "jch"
    assert approver_login("JCH", signers) == "jch"
    assert approver_login("Anne Holm", signers) == ""
    assert approver_login("Bo", signers) == ""


def test_a_profile_can_require_approval() -> None:
    shipped = Catalogs.shipped()
    letter = Letter("brev", "sof-borgmester", subject="Tilskud")
    assert not needs_approval(letter, shipped)
    profiles = dict(shipped.profiles)
    profiles["sof-borgmester"] = dataclasses.replace(
        profiles["sof-borgmester"], requires_approval=True
    )
    catalogs = Catalogs(shipped.templates, profiles)
    assert needs_approval(letter, catalogs)
    decision = check_export_approval(None, letter, catalogs)
    assert not decision.approved
    assert "skal godkendes" in decision.message


def test_profile_approval_gates_the_export_until_approved(register: Register) -> None:
    shipped = Catalogs.shipped()
    profiles = dict(shipped.profiles)
    profiles["sof-borgmester"] = dataclasses.replace(
        profiles["sof-borgmester"], requires_approval=True
    )
    catalogs = Catalogs(shipped.templates, profiles)
    letter = Letter("brev", "sof-borgmester", subject="Tilskud")
    number = register.record(make_record(letter, [], status="kladde"))
    submit_for_approval(register, number, "Jesper", "sekretær", approver_user="jch")
    assert not check_export_approval(register, letter, catalogs).approved
    approve(register, number, "jch")
    decision = check_export_approval(register, letter, catalogs)
    assert decision.approved
    assert decision.entry is not None
    assert decision.entry.number == number


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_refuses_another_user_and_takes_the_login_from_the_library(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KKLETTER_DATABASE_URL", database_url)
    signers = LibraryLocations.default().personal / "signers"
    signers.mkdir(parents=True)
    (signers / "borgmester.toml").write_text(
        'name = "Jesper Christensen"\ntitle = "Borgmester"\nuser = "jch"\n', encoding="utf-8"
    )
    code, out, _ = _run("register", "submit", str(SEED_004), "--approver", "Jesper Christensen")
    assert code == 0
    assert "brugernavn jch" in out
    number = int(out.split("nr. ")[1].split()[0])
    monkeypatch.setenv("LOGNAME", "sekretaer")
    code, _, err = _run("register", "approve", str(number))
    assert code == 2
    assert "kan kun godkendes af Jesper Christensen (brugernavn jch)" in err
    assert "logget ind som sekretaer" in err
    code, _, err = _run("register", "reject", str(number), "--comment", "Nej")
    assert code == 2
    assert "kan kun afvises af Jesper Christensen" in err
    code, out, _ = _run("register", "waiting", "--format", "json")
    assert json.loads(out) == []  # not waiting for the secretary
    monkeypatch.setenv("LOGNAME", "jch")
    code, out, _ = _run("register", "waiting", "--format", "json")
    assert [row["number"] for row in json.loads(out)] == [number]
    assert _run("register", "approve", str(number))[0] == 0
    code, out, _ = _run("register", "show", str(number), "--format", "json")
    assert json.loads(out)["approved_by"] == "jch"


def test_cli_without_a_login_warns_that_anyone_may_approve(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KKLETTER_DATABASE_URL", database_url)
    code, out, _ = _run("register", "submit", str(SEED_004), "--approver", "borgmester")
    assert code == 0
    assert "alle kan godkende" in out
    number = int(out.split("nr. ")[1].split()[0])
    code, out, _ = _run(
        "register", "submit", str(SEED_004), "--approver", "Bo", "--approver-user", "bo"
    )
    assert "brugernavn bo" in out
    monkeypatch.setenv("LOGNAME", "anne")
    assert _run("register", "approve", str(number))[0] == 0
    code, out, _ = _run("register", "show", str(number), "--format", "json")
    assert json.loads(out)["approved_by"] == "anne"
