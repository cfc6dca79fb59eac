"""`kkletter render` registers; `kkletter register ...` and `kkletter addresses ...` read it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kkletter.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def office(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point the CLI at the test database (as an office's KKLETTER_DATABASE_URL would)."""
    monkeypatch.setenv("KKLETTER_DATABASE_URL", database_url)
    return database_url


def test_render_registers_the_export_and_list_shows_it(office: str, tmp_path: Path) -> None:
    target = tmp_path / "brev.docx"
    assert run("render", str(SEED_004), "-o", str(target))[0] == 0
    code, out, _ = run("register", "list", "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert row["number"] >= 1
    assert row["case_number"] == "2016-0318694"
    assert row["status"] == "sendt"
    code, out, _ = run("register", "show", str(row["number"]), "--format", "json")
    shown = json.loads(out)
    assert shown["outputs"][0]["path"] == str(target.resolve())
    assert len(shown["outputs"][0]["sha256"]) == 64
    assert 'template = "brev"' in shown["draft"]
    code, out, _ = run("register", "show", str(row["number"]))
    assert f"Brev nr. {row['number']}" in out
    assert "Sagsnr.: 2016-0318694" in out


def test_no_register_option_and_setting_turn_it_off(
    office: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("render", str(SEED_004), "-o", str(tmp_path / "a.docx"), "--no-register")
    monkeypatch.setenv("KKLETTER_NO_REGISTER", "1")
    run("render", str(SEED_004), "-o", str(tmp_path / "b.docx"))
    monkeypatch.delenv("KKLETTER_NO_REGISTER")
    _, out, _ = run("register", "list", "--format", "json")
    assert json.loads(out) == []


def test_search_and_export_as_csv_and_json(office: str, tmp_path: Path) -> None:
    for name in ("a", "b"):
        run("render", str(SEED_004), "-o", str(tmp_path / f"{name}.docx"))
    code, out, _ = run("register", "search", "dok", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert len(rows) == 2
    assert rows[0]["case_number"] == "2016-0318694"
    code, out, _ = run("register", "search", "findes-ikke-noget-sted")
    assert "0 breve" in out
    target = tmp_path / "register.json"
    code, out, _ = run("register", "export", "--format", "json", "-o", str(target))
    assert code == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 2
    code, out, _ = run("register", "list", "--status", "godkendt")
    assert "0 breve" in out


def test_bad_register_input_exits_2_with_one_danish_line(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run("register", "show", "999")
    assert code == 2
    assert err == "kkletter: Der er intet brev nr. 999 i registeret.\n"
    code, _, _ = run("register", "list", "--from", "31-12-2026")
    assert code == 2
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err  # argparse writes to sys.stderr


def test_approval_from_the_command_line(office: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("register", "submit", str(SEED_004), "--approver", "borgmester")
    assert code == 0
    number = int(out.split("nr. ")[1].split()[0])
    code, out, _ = run("register", "waiting", "--approver", "borgmester", "--format", "json")
    assert [row["number"] for row in json.loads(out)] == [number]
    assert run("register", "approve", str(number))[0] == 0
    code, _, err = run("register", "approve", str(number))
    assert code == 2
    assert "allerede godkendt" in err
    assert run("register", "sent", str(number))[0] == 0


def test_addresses_import_list_export(office: str, tmp_path: Path) -> None:
    source = tmp_path / "adresser.csv"
    text = "navn;adresse1;hilsen\r\nÆldresagen;Nørregade 49;Kære Ældresagen\r\n;;\r\n;Vej 1;\r\n"
    source.write_bytes(text.encode("cp1252"))
    code, out, _ = run("addresses", "import", str(source))
    assert code == 1  # a row was rejected
    assert "1 nye" in out
    assert "Række 4 er sprunget over" in out
    code, out, _ = run("addresses", "list", "--search", "æld", "--format", "json")
    assert json.loads(out)[0]["address"] == ["Nørregade 49"]
    target = tmp_path / "ud.xlsx"
    assert run("addresses", "export", str(target))[0] == 0
    assert target.read_bytes().startswith(b"PK")


def test_merge_registers_each_letter(office: str, tmp_path: Path) -> None:
    data = tmp_path / "modtagere.csv"
    data.write_bytes(
        (
            "navn;adresse1;hilsen\r\n"
            "Røde Kors København;Blegdamsvej 27;Kære Røde Kors\r\n"
            "Ældresagen;Nørregade 49;Kære Ældresagen\r\n"
            "Dansk Flygtningehjælp;Borgergade 10;Kære DFH\r\n"
        ).encode("cp1252")
    )
    code, _, err = run("merge", str(SEED_004), "--data", str(data), "--out", str(tmp_path / "ud"))
    assert code == 0, err
    _, out, _ = run("register", "list", "--format", "json")
    rows = json.loads(out)
    assert sorted(row["recipient"] for row in rows) == [
        "Dansk Flygtningehjælp",
        "Røde Kors København",
        "Ældresagen",
    ]
    shown = json.loads(run("register", "show", str(rows[0]["number"]), "--format", "json")[1])
    assert Path(shown["outputs"][0]["path"]).parent == (tmp_path / "ud").resolve()
    # The merge also filled the address book.
    _, out, _ = run("addresses", "list", "--format", "json")
    assert len(json.loads(out)) == 3


def test_two_programs_see_each_others_letters_and_approvals(office: str, tmp_path: Path) -> None:
    """Two separate kkletter processes on one database (the issue's "done when")."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "KKLETTER_DATABASE_URL": office}

    def kkletter(*argv: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "kkletter", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    out = kkletter("register", "submit", str(SEED_004), "--approver", "borgmester")
    number = out.split("nr. ")[1].split()[0]
    waiting = json.loads(
        kkletter("register", "waiting", "--approver", "borgmester", "--format", "json")
    )
    assert [str(row["number"]) for row in waiting] == [number]
    kkletter("register", "approve", number)
    shown = json.loads(kkletter("register", "show", number, "--format", "json"))
    assert shown["status"] == "godkendt"
    assert shown["approved_by"]


def test_check_compares_with_the_register(office: str, tmp_path: Path) -> None:
    import shutil

    assert run("render", str(SEED_004), "-o", str(tmp_path / "brev.docx"))[0] == 0
    other = tmp_path / "andet.toml"
    shutil.copy(SEED_004, other)
    text = other.read_text(encoding="utf-8").replace(
        "date = 2016-09-14\n", 'date = 2016-09-14\nsubject = "Et andet brev"\n', 1
    )
    assert "Et andet brev" in text
    other.write_text(text, encoding="utf-8")
    code, out, _ = run("check", str(other), "--format", "json")
    rules = [f["rule"] for f in json.loads(out)]
    assert "DOCUMENT_NUMBER_REUSED" in rules
    assert code == 1
    code, out, _ = run("check", str(other), "--format", "json", "--no-register")
    assert "DOCUMENT_NUMBER_REUSED" not in [f["rule"] for f in json.loads(out)]
    # The letter that was exported is itself, not another letter.
    code, out, _ = run("check", str(SEED_004), "--format", "json")
    assert "DOCUMENT_NUMBER_REUSED" not in [f["rule"] for f in json.loads(out)]


def test_check_without_a_register_yet_creates_none(tmp_path: Path) -> None:
    import os

    _, _, err = run("check", str(SEED_004))
    assert err == ""
    assert not any(Path(os.environ["XDG_DATA_HOME"]).rglob("register.sqlite3"))
