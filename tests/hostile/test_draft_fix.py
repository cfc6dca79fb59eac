"""`check --fix` changes only the values it fixes; unknown keys are findings, never dropped."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from kkletter.cli import main
from kkletter.drafts import unknown_keys

DRAFT = """\
# Mødeindkaldelse – kommentar øverst bevares
template = "brev"   # skabelonen
profile  = "sof-borgmester"
date     = 2016-09-14
subject  = 'Møde kl 14.30'
body = '''
Vi mødes onsdag kl 14.30 på Rådhuset.
'''
note = "husk kaffe"          # ukendt nøgle, skal bevares

[reciever]                   # stavefejl: skal findes, ikke slettes
name = "DOK"

[recipient]
name    = "DOK - Diakonale Organisationer i København"
address = [ "Rådhuspladsen 1",
            "1599 København V" ]

[signer]
name = "Jesper Christensen"
"""


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_fix_changes_only_the_fixed_values_byte_for_byte(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    draft.chmod(0o640)
    _, out, _ = _run("check", str(draft), "--fix")
    assert "rettet" in out
    after = draft.read_text(encoding="utf-8")
    expected = DRAFT.replace("kl 14.30", "kl. 14.30")
    assert after == expected
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640


def test_fix_through_a_symlink_edits_the_real_draft(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text(DRAFT, encoding="utf-8")
    link = tmp_path / "brev.toml"
    link.symlink_to(real)
    _run("check", str(link), "--fix")
    assert link.is_symlink()
    assert "kl. 14.30" in real.read_text(encoding="utf-8")


def test_fix_leaves_a_read_only_draft_alone_with_a_danish_line(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    draft.chmod(0o444)
    code, _, err = _run("check", str(draft), "--fix")
    assert code == 2
    assert "skrivebeskyttet" in err
    assert err.count("\n") == 1
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert [p.name for p in tmp_path.iterdir()] == ["brev.toml"]


def test_unknown_keys_are_findings_with_a_suggestion(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    _, out, _ = _run("check", str(draft), "--format", "json")
    unknown = [f for f in json.loads(out) if f["rule"] == "UNKNOWN_KEY"]
    messages = {f["message"].split(" (kkletter")[0]: f["line"] for f in unknown}
    assert messages == {
        "ukendt nøgle 'note'": 9,
        "ukendt nøgle 'reciever' – mente du 'recipient'?": 11,
    }


def test_unknown_keys_in_subtables_and_template_fields() -> None:
    text = 'template = "notat"\n[recipient]\nnmae = "x"\n[fields]\nsagsbehandlr = "Jonas"\n'
    keys = {(k.key, k.suggestion, k.line) for k in unknown_keys(text, field_ids=["sagsbehandler"])}
    assert keys == {("recipient.nmae", "name", 3), ("fields.sagsbehandlr", "sagsbehandler", 5)}


def test_render_names_unknown_keys_on_stderr(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err):
        code = main(["render", str(draft), "-o", str(tmp_path / "b.docx")], stdout=out)
    assert code == 0
    assert "mente du 'recipient'" in err.getvalue()


@pytest.mark.parametrize(
    ("argv_tail", "reason"),
    [
        (["-o", "{draft}"], "inddata"),
        (["-o", "{tmp}/x.pdf", "--pdf"], "begge hedde x.pdf"),
    ],
)
def test_render_never_writes_over_its_input(
    tmp_path: Path, argv_tail: list[str], reason: str
) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    argv = ["render", str(draft), *(a.format(draft=draft, tmp=tmp_path) for a in argv_tail)]
    before = sorted(os.listdir(tmp_path))
    code, _, err = _run(*argv)
    assert code == 2
    assert reason in err
    assert draft.read_text(encoding="utf-8") == DRAFT
    assert sorted(os.listdir(tmp_path)) == before  # nothing written at all


@pytest.mark.parametrize(
    ("bom", "newline"), [(b"\xef\xbb\xbf", "\r\n"), (b"", "\r\n"), (b"\xef\xbb\xbf", "\n")]
)
def test_fix_keeps_a_bom_and_windows_line_ends(tmp_path: Path, bom: bytes, newline: str) -> None:
    draft = tmp_path / "brev.toml"
    raw = bom + DRAFT.replace("\n", newline).encode("utf-8")
    draft.write_bytes(raw)
    _run("check", str(draft), "--fix")
    assert draft.read_bytes() == raw.replace(b"kl 14.30", b"kl. 14.30")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_saving_onto_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    from kkletter.drafts import load_draft, save_draft
    from kkletter.errors import OutputError

    draft = tmp_path / "brev.toml"
    draft.write_text(DRAFT, encoding="utf-8")
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="almindelig fil"):
        save_draft(load_draft(draft), fifo)
