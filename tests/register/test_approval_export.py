"""Export of a letter that must be approved: signed only after approval, else refused."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from docx import Document

from kkletter.cli import main
from kkletter.compose import Catalogs
from kkletter.drafts import load_draft
from kkletter.register.approval import approve, check_export_approval, submit_for_approval
from kkletter.register.records import make_record
from kkletter.register.store import Register

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"


@pytest.fixture
def strict_catalogs(monkeypatch: pytest.MonkeyPatch) -> Catalogs:
    """The shipped catalogues with the letter template requiring approval."""
    shipped = Catalogs.shipped()
    templates = dict(shipped.templates)
    templates["brev"] = dataclasses.replace(templates["brev"], requires_approval=True)
    strict = Catalogs(templates, shipped.profiles)
    from kkletter.library.catalog import Library

    # The CLI composes with the user's library (personal, shared, built-in layers).
    monkeypatch.setattr(Library, "catalogs", lambda self: strict)
    return strict


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def _text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_a_letter_needing_approval_is_refused_until_approved(
    strict_catalogs: Catalogs,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    register: Register,
) -> None:
    monkeypatch.setenv("KKLETTER_DATABASE_URL", database_url)
    letter = load_draft(SEED_004)
    target = tmp_path / "brev.docx"
    code, _, err = run("render", str(SEED_004), "-o", str(target))
    assert code == 2
    assert "skal godkendes" in err
    assert "ikke sendt til godkendelse" in err
    assert not target.exists()
    # As a draft without signature:
    code, _, _ = run("render", str(SEED_004), "-o", str(target), "--unapproved")
    assert code == 0
    assert letter.signer.name not in _text(target)
    # Sent for approval, then approved: now it goes out signed, and the entry is sent.
    code, out, _ = run("register", "submit", str(SEED_004), "--approver", "borgmester")
    number = int(out.split("nr. ")[1].split()[0])
    decision = check_export_approval(register, letter, strict_catalogs)
    assert not decision.approved
    assert "til godkendelse" in decision.message
    approve(register, number, "borgmester")
    signed = tmp_path / "underskrevet.docx"
    assert run("render", str(SEED_004), "-o", str(signed))[0] == 0
    assert letter.signer.name in _text(signed)
    entry = register.get(number)
    assert entry.summary.status == "sendt"
    assert [Path(o.path).name for o in entry.outputs] == ["underskrevet.docx"]
    code, out, _ = run("register", "list", "--format", "json")
    statuses = sorted(row["status"] for row in json.loads(out))
    assert statuses == ["kladde", "sendt"]


def test_templates_without_the_setting_need_no_approval(register: Register) -> None:
    letter = load_draft(SEED_004)
    decision = check_export_approval(register, letter, Catalogs.shipped())
    assert decision.approved
    number = register.record(make_record(letter, [], status="kladde"))
    submit_for_approval(register, number, "borgmester", "sekretær")
    assert check_export_approval(None, letter, Catalogs.shipped()).approved


def test_without_the_register_a_letter_needing_approval_says_why(
    strict_catalogs: Catalogs,
) -> None:
    decision = check_export_approval(None, load_draft(SEED_004), strict_catalogs)
    assert not decision.approved
    assert "brevregistret ikke kan nås" in decision.message


def test_the_setting_is_read_from_the_template_file(tmp_path: Path) -> None:
    from kkletter.register.approval import needs_approval
    from kkletter.templating import load_template

    shipped = Catalogs.shipped()
    folder = tmp_path / "godkendt-brev"
    shutil.copytree(shipped.templates["brev"].folder, folder)
    spec_file = folder / "template.toml"
    spec_file.write_text(
        "requires_approval = true\n" + spec_file.read_text(encoding="utf-8"), encoding="utf-8"
    )
    spec = load_template(folder)
    assert spec.requires_approval
    letter = dataclasses.replace(load_draft(SEED_004), template=spec.id)
    assert needs_approval(letter, Catalogs({spec.id: spec}, shipped.profiles))
    assert not any(s.requires_approval for s in shipped.templates.values())
