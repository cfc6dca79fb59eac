"""The one safe file-writing path: nothing lost, nothing half written."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from kkletter.errors import OutputError
from kkletter.safefile import check_target, describe_os_error, write_file


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_writing_over_an_input_is_refused_and_the_input_survives(tmp_path: Path) -> None:
    draft = tmp_path / "d.toml"
    draft.write_text("template = 'brev'\n")
    with pytest.raises(OutputError, match="inddata"):
        write_file(draft, b"PK\x03\x04", inputs=[draft])
    assert draft.read_text() == "template = 'brev'\n"


def test_an_input_reached_through_a_symlink_or_hard_link_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_text("navn\nA\n")
    link = tmp_path / "link.csv"
    link.symlink_to(data)
    hard = tmp_path / "hard.csv"
    os.link(data, hard)
    for target in (link, hard, tmp_path / "sub" / ".." / "data.csv"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        with pytest.raises(OutputError):
            write_file(target, b"x", inputs=[data])
    assert data.read_text() == "navn\nA\n"


def test_a_symlink_stays_a_link_and_the_real_file_is_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text("old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_file(link, b"new")
    assert link.is_symlink()
    assert real.read_text() == "new"


def test_the_mode_of_the_replaced_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "brev.toml"
    target.write_text("old")
    target.chmod(0o640)
    write_file(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_file(tmp_path / "ny.docx", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "ny.docx").stat().st_mode) == 0o644


def test_a_read_only_file_is_not_written(tmp_path: Path) -> None:
    target = tmp_path / "brev.toml"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="skrivebeskyttet"):
        write_file(target, b"new")
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["fifo", "dir"])
def test_a_target_that_is_not_a_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x.docx"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    with pytest.raises(OutputError):
        write_file(target, b"x")
    assert _leftovers(tmp_path) == []


def test_a_name_too_long_in_bytes_blames_the_name_not_the_folder(tmp_path: Path) -> None:
    target = tmp_path / ("🙂" * 70 + ".docx")  # 70 characters, 285 bytes
    with pytest.raises(OutputError, match="Filnavnet er for langt") as info:
        write_file(target, b"x")
    assert "mappe" not in str(info.value).lower()


def test_a_name_near_the_limit_still_gets_a_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("æ" * 125 + ".docx")  # 255 bytes exactly
    write_file(target, b"x")
    assert target.read_bytes() == b"x"
    assert _leftovers(tmp_path) == []


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="findes ikke"):
        check_target(tmp_path / "nej" / "brev.docx")


class _Boom(BaseException):
    pass


def test_the_temporary_file_goes_on_any_failure_ctrl_c_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brev.docx"
    target.write_bytes(b"old")
    for error in (OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt(), _Boom()):

        def fail(*args: object, error: BaseException = error) -> None:
            raise error

        monkeypatch.setattr(os, "fsync", fail)
        with pytest.raises((OutputError, KeyboardInterrupt, _Boom)) as info:
            write_file(target, b"new")
        if isinstance(error, OSError):
            assert "ikke plads på disken" in str(info.value)
        assert target.read_bytes() == b"old"
        assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "Ingen adgang"),
        (errno.EPERM, "Ingen adgang"),
        (errno.ENOSPC, "ikke plads"),
        (errno.ENAMETOOLONG, "for lang"),
        (errno.EROFS, "skrivebeskyttet"),
        (errno.ENOENT, "findes ikke"),
        (errno.EIO, "fejl på disken"),
        (errno.EBUSY, "systemfejl"),
    ],
)
def test_os_errors_are_danish_and_name_the_path(code: int, words: str) -> None:
    path = Path("/srv/breve/brev.docx")
    text = describe_os_error(OSError(code, os.strerror(code)), path)
    assert words in text
    assert ("brev.docx" in text) or ("/srv/breve" in text)
    assert os.strerror(code) not in text  # no English system text


def test_no_english_os_error_text_reaches_a_danish_message() -> None:
    root = Path(__file__).resolve().parents[2] / "kkletter"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".strerror" in path.read_text(encoding="utf-8")
    ]
    assert offenders == [], "use kkletter.errors.os_reason or safefile.describe_os_error"


def test_os_reason_is_danish_for_the_common_errors() -> None:
    from kkletter.errors import os_reason

    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "ingen adgang"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "disken er fuld"
    assert os_reason(OSError(errno.ENAMETOOLONG, "File name too long")) == "navnet er for langt"
    assert os_reason(OSError(12345, "Weird")) == "systemfejl 12345"


def test_a_draft_that_cannot_be_read_names_the_reason_in_danish(tmp_path: Path) -> None:
    from kkletter.drafts import load_draft
    from kkletter.errors import DraftError

    folder = tmp_path / "mappe.toml"
    folder.mkdir()
    with pytest.raises(DraftError, match="er en mappe"):
        load_draft(folder)
    with pytest.raises(DraftError, match="navnet er for langt"):
        load_draft(tmp_path / ("a" * 300 + ".toml"))


def test_a_folder_name_too_long_blames_the_folder(tmp_path: Path) -> None:
    target = tmp_path / ("ø" * 200) / "brev.docx"
    with pytest.raises(OutputError, match="Navnet på mappen"):
        write_file(target, b"x")
