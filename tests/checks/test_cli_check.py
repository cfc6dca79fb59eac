"""`kkletter check DRAFT [--format text|json] [--fix]`: output, exit codes, rewriting."""

from __future__ import annotations

import io
import json
from pathlib import Path

from kkletter.cli import main
from kkletter.drafts import load_draft

DRAFT = '''format = 1
template = "brev"
profile = "sof-borgmester"
date = 2016-09-20
subject = "Møde"
body = """
Tak for brevet.
Vi ses tirsdag den 14. september 2016 kl 14.30.
Mødet er den 5. Oktober 2016.
"""

[recipient]
name = "DOK"
address = ["Vej 1", "1000 København K"]
salutation = "Kære DOK"

[case]
number = "2016-0318694"
document = "2016-0318694-3"

[signer]
name = "Jesper Christensen"
title = "Borgmester"
'''

WEEKDAY_LINE = (
    "brev.toml:body:2:8: error WEEKDAY_MISMATCH 14. september 2016 er en onsdag, ikke en tirsdag"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write(tmp_path: Path, text: str = DRAFT, name: str = "brev.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_text_output_has_the_issue_format_and_exit_code_one_on_errors(tmp_path: Path) -> None:
    code, out, _ = run("check", str(write(tmp_path)))
    assert code == 1
    assert out.splitlines() == [
        WEEKDAY_LINE,
        "brev.toml:body:2:39: warning KL_NO_PERIOD Forkortelsen 'kl.' skrives med punktum",
        "brev.toml:body:3:17: warning MONTH_CAPITALIZED "
        "Måneder skrives med lille forbogstav på dansk: oktober",
    ]


def test_json_output_has_exactly_the_agreed_keys(tmp_path: Path) -> None:
    code, out, _ = run("check", str(write(tmp_path)), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [item["rule"] for item in data] == [
        "WEEKDAY_MISMATCH",
        "KL_NO_PERIOD",
        "MONTH_CAPITALIZED",
    ]
    for item in data:
        assert set(item) == {
            "rule",
            "severity",
            "field",
            "line",
            "column",
            "length",
            "message",
            "suggestion",
        }
    assert data[0]["suggestion"] == "onsdag den 14. september 2016"


def test_warnings_only_exit_zero(tmp_path: Path) -> None:
    draft = write(tmp_path, DRAFT.replace("tirsdag", "onsdag"))
    code, out, _ = run("check", str(draft))
    assert code == 0
    assert [line.split()[2] for line in out.splitlines()] == ["KL_NO_PERIOD", "MONTH_CAPITALIZED"]


def test_clean_draft_prints_nothing_and_exits_zero(tmp_path: Path) -> None:
    clean = DRAFT.replace("tirsdag", "onsdag").replace("kl 14", "kl. 14")
    code, out, _ = run("check", str(write(tmp_path, clean.replace("Oktober", "oktober"))))
    assert (code, out) == (0, "")
    code, out, _ = run("check", str(tmp_path / "brev.toml"), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_unreadable_draft_is_a_user_error(tmp_path: Path) -> None:
    code, out, err = run("check", str(tmp_path / "findes-ikke.toml"))
    assert code == 2
    assert out == ""
    assert err.startswith("kkletter: Kladden")
    code, _, err = run("check", str(write(tmp_path, "format = [", name="ødelagt.toml")))
    assert code == 2
    assert "ikke gyldig TOML" in err


def test_fix_rewrites_the_draft_keeps_the_rest_and_reports_remaining(tmp_path: Path) -> None:
    draft = write(tmp_path)
    before = load_draft(draft)
    code, out, _ = run("check", str(draft), "--fix")
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == [
        "brev.toml:body:2:39: rettet KL_NO_PERIOD: 'kl' -> 'kl.'",
        "brev.toml:body:3:17: rettet MONTH_CAPITALIZED: 'Oktober' -> 'oktober'",
    ]
    assert lines[2:] == [WEEKDAY_LINE]
    after = load_draft(draft)
    assert after.body == before.body.replace("kl 14", "kl. 14").replace("Oktober", "oktober")
    assert after.recipient == before.recipient
    assert after.case == before.case
    assert after.signer == before.signer
    assert (after.date, after.subject, after.template, after.profile) == (
        before.date,
        before.subject,
        before.template,
        before.profile,
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_fix_without_safe_fixes_leaves_the_file_untouched(tmp_path: Path) -> None:
    text = DRAFT.replace("kl 14", "kl. 14").replace("Oktober", "oktober")
    draft = write(tmp_path, text)
    code, out, _ = run("check", str(draft), "--fix")
    assert code == 1
    assert out.splitlines()[0] == "brev.toml: ingen sikre rettelser."
    assert draft.read_text(encoding="utf-8") == text


def test_fix_with_json_keeps_stdout_a_json_array(tmp_path: Path) -> None:
    code, out, _ = run("check", str(write(tmp_path)), "--fix", "--format", "json")
    assert code == 1
    assert [item["rule"] for item in json.loads(out)] == ["WEEKDAY_MISMATCH"]


def test_seed_000_reports_missing_date_on_the_command_line() -> None:
    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds" / "drafts").glob("000-*.toml"))
    code, out, _ = run("check", str(seeds[0]))
    assert code == 1
    assert "error MISSING_DATE" in out
