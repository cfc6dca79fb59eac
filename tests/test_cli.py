from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from kkletter.cli import main
from kkletter.drafts import load_draft

ROOT = Path(__file__).resolve().parent.parent
SEED_004 = ROOT / "seeds" / "drafts" / "004-brev-dok.toml"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_templates_lists_ids_names_and_fields() -> None:
    code, out, _ = run("templates")
    assert code == 0
    for template_id in ("brev", "hoeringssvar", "notat", "bilag"):
        assert template_id in out
    assert "sagsbehandler: Sagsbehandler (skal udfyldes)" in out


def test_profiles_lists_the_shipped_profiles() -> None:
    code, out, _ = run("profiles")
    assert code == 0
    assert "sof-borgmester" in out
    assert "sof-misbrug-bolig" in out


def test_new_writes_a_draft_that_loads(tmp_path: Path) -> None:
    target = tmp_path / "notat.toml"
    code, out, _ = run("new", "notat", "-o", str(target))
    assert code == 0
    assert str(target) in out
    letter = load_draft(target)
    assert letter.template == "notat"
    assert "sagsbehandler" in letter.fields


def test_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "brev.toml"
    target.write_text("mit arbejde", encoding="utf-8")
    code, _, err = run("new", "brev", "-o", str(target))
    assert code == 2
    assert "findes allerede" in err
    assert target.read_text(encoding="utf-8") == "mit arbejde"


def test_new_with_unknown_template_lists_valid_ids() -> None:
    code, _, err = run("new", "brv")
    assert code == 2
    assert "Gyldige skabeloner" in err
    assert err.count("\n") == 1


def test_render_writes_docx_named_from_case_and_subject(tmp_path: Path) -> None:
    draft = tmp_path / "brev.toml"
    shutil.copy(SEED_004, draft)
    code, out, err = run("render", str(draft))
    assert (code, err) == (0, "")
    (docx,) = tmp_path.glob("*.docx")
    assert docx.name.startswith("2016-0318694")
    assert str(docx) in out


def test_render_to_explicit_output(tmp_path: Path) -> None:
    target = tmp_path / "ud.docx"
    code, _, _ = run("render", str(SEED_004), "-o", str(target))
    assert code == 0
    assert target.stat().st_size > 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('template = "brev"\nprofile = \n', "linje 2"),
        ('template = "xx"\nprofile = "sof-borgmester"\n', "Gyldige skabeloner"),
        ('template = "brev"\nprofile = "xx"\n', "Gyldige profiler"),
        ('template = "notat"\nprofile = "sof-borgmester"\n', "Sagsbehandler"),
        (
            'template = "brev"\nprofile = "sof-borgmester"\n[signer]\nsignature = "mangler.png"\n',
            "mangler.png",
        ),
    ],
)
def test_user_mistakes_exit_2_with_one_danish_line(
    tmp_path: Path, content: str, message: str
) -> None:
    draft = tmp_path / "brev.toml"
    draft.write_text(content, encoding="utf-8")
    code, _, err = run("render", str(draft), "-o", str(tmp_path / "ud.docx"))
    assert code == 2
    assert message in err
    assert err.startswith("kkletter: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_draft_exits_2() -> None:
    code, _, err = run("render", "findes-ikke.toml")
    assert code == 2
    assert "findes ikke" in err


def test_render_into_a_missing_folder_is_explained(tmp_path: Path) -> None:
    target = tmp_path / "mappe" / "ud.docx"
    code, _, err = run("render", str(SEED_004), "-o", str(target))
    assert code == 2
    assert "findes ikke" in err


def test_bad_arguments_exit_2() -> None:
    code, _, _ = run("render")
    assert code == 2


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--help")[0] == 0
    assert "kkletter" in capsys.readouterr().out


def test_new_with_unknown_profile_lists_valid_ids(tmp_path: Path) -> None:
    code, _, err = run("new", "brev", "--profile", "borgmester", "-o", str(tmp_path / "b.toml"))
    assert code == 2
    assert "Gyldige profiler" in err
    assert not (tmp_path / "b.toml").exists()
