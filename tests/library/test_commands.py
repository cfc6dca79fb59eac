"""The CLI's library commands: every layer with the origin of each item; `library check`."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from kkletter._data import data_dir
from kkletter.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "faelles"
    (folder / "profiles").mkdir(parents=True)
    (folder / "profiles" / "sof-borgmester.toml").write_text(
        'name = "Borgmesteren (fælles udgave)"\n', encoding="utf-8"
    )
    (folder / "signers").mkdir()
    (folder / "signers" / "jc.toml").write_text(
        'name = "Jesper Christensen"\ntitle = "Borgmester"\nphone = "33 66 24 51"\n',
        encoding="utf-8",
    )
    (folder / "profiles" / "brudt.toml").write_text("name = \n", encoding="utf-8")
    monkeypatch.setenv("KKLETTER_SHARED", str(folder))
    return folder


def test_profiles_show_their_origin_and_skipped_files_go_to_stderr(shared: Path) -> None:
    code, out, err = run("profiles")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("sof-borgmester "))
    assert line.split(None, 1)[1] == "Borgmesteren (fælles udgave)  [fælles (erstatter indbygget)]"
    assert "sof-misbrug-bolig" in out
    assert "[indbygget]" in out
    assert f"kkletter: sprunget over: Afsenderprofilen {shared}/profiles/brudt.toml, linje 1" in err


def test_templates_show_fields_and_origin() -> None:
    code, out, _ = run("templates")
    assert code == 0
    assert "[indbygget]" in out
    assert "sagsbehandler: Sagsbehandler (skal udfyldes)" in out


def test_signers_list_name_title_phone_and_origin(shared: Path) -> None:
    code, out, _ = run("signers")
    assert code == 0
    assert "jc  Jesper Christensen (Borgmester, 33 66 24 51)  [fælles]" in out


def test_no_signers_says_where_to_add_them() -> None:
    code, out, _ = run("signers")
    assert (code, out.strip()) == (
        0,
        "Ingen underskrivere endnu. Opret dem under Bibliotek → Underskrivere.",
    )


def test_paragraphs_list_and_search_the_built_in_ones() -> None:
    code, out, _ = run("paragraphs")
    assert code == 0
    assert "Klagevejledning" in out
    assert "[indbygget]" in out
    code, found, _ = run("paragraphs", "klagevejledning")
    assert code == 0
    assert 0 < len(found.splitlines()) < len(out.splitlines())


def test_an_unreachable_shared_folder_is_reported_and_the_command_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KKLETTER_SHARED", str(tmp_path / "netværk-væk"))
    code, out, err = run("profiles")
    assert code == 0
    assert "sof-borgmester" in out
    assert "kan ikke nås, og der er ingen lokal kopi endnu" in err


def test_library_check_exits_1_with_one_line_per_problem(shared: Path) -> None:
    code, out, _ = run("library", "check", str(shared))
    assert code == 1
    assert out.splitlines() == [
        f"Afsenderprofilen {shared}/profiles/brudt.toml, linje 1: ikke gyldig TOML "
        "(Invalid value). Ret linjen."
    ]


def test_library_check_of_a_good_folder_exits_0(tmp_path: Path) -> None:
    shutil.copytree(data_dir("templates"), tmp_path / "lib" / "templates")
    code, out, _ = run("library", "check", str(tmp_path / "lib"))
    assert (code, out.strip()) == (0, f"{tmp_path / 'lib'}: ingen problemer.")


def test_library_check_without_a_folder_checks_the_shared_one(shared: Path) -> None:
    assert run("library", "check")[0] == 1


def test_library_check_without_any_folder_is_a_user_mistake() -> None:
    code, _, err = run("library", "check")
    assert code == 2
    assert "Angiv mappen" in err
