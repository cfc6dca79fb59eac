"""Open drafts from outside: `kkletter KLADDE.toml` and the Linux desktop entry."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

import kkletter.gui.app
from kkletter.__main__ import is_draft_argument, main
from kkletter.cli import main as cli_main
from kkletter.desktop import desktop_entry, install_desktop


@pytest.mark.parametrize(
    ("arg", "draft"),
    [("brev.toml", True), ("C:\\Breve\\Svar.TOML", True), ("check", False), ("--help", False)],
)
def test_a_toml_file_alone_is_a_draft_to_open(arg: str, draft: bool) -> None:
    assert is_draft_argument(arg) is draft


def test_kkletter_with_a_draft_starts_the_app_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []

    def run_app(argv: list[str]) -> int:
        started.append(argv)
        return 0

    monkeypatch.setattr(kkletter.gui.app, "run_app", run_app)
    assert main(["brev.toml"]) == 0
    assert started[0][1:] == ["brev.toml"]


def test_a_command_still_goes_to_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kkletter.gui.app, "run_app", lambda argv: pytest.fail("no app"))
    assert main(["check", "findes-ikke.toml"]) == 2


def test_the_desktop_entry_starts_this_python_on_the_file() -> None:
    entry = desktop_entry("/opt/kk letter/bin/python")
    assert 'Exec="/opt/kk letter/bin/python" -m kkletter %f' in entry.splitlines()
    assert "MimeType=application/toml;" in entry.splitlines()


def test_install_desktop_writes_a_valid_entry(tmp_path: Path) -> None:
    out = io.StringIO()
    assert cli_main(["install-desktop", "--dir", str(tmp_path / "apps")], stdout=out) == 0
    path = tmp_path / "apps" / "kkletter.desktop"
    assert path.read_text(encoding="utf-8") == desktop_entry()
    assert "xdg-mime default kkletter.desktop application/toml" in out.getvalue()
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate mangler (apt-get install desktop-file-utils)")
    result = subprocess.run([validate, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unwritable_folder_is_a_danish_error(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("", encoding="utf-8")
    err = io.StringIO()
    assert cli_main(["install-desktop", "--dir", str(blocker / "apps")], stderr=err) == 2
    assert "kan ikke oprettes" in err.getvalue()


def test_install_desktop_replaces_an_older_entry(tmp_path: Path) -> None:
    old = tmp_path / "kkletter.desktop"
    old.write_text("[Desktop Entry]\nExec=gammel\n", encoding="utf-8")
    assert install_desktop(tmp_path, "/usr/bin/python3") == old
    assert "Exec=/usr/bin/python3 -m kkletter %f" in old.read_text(encoding="utf-8")
