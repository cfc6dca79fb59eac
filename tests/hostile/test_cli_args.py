"""Argument mistakes: one Danish line on stderr, exit 2, never argparse's English."""

from __future__ import annotations

import io
import os
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from kkletter.cli import build_parser, main

ENGLISH = ("usage", "error:", "required", "invalid", "unrecognized", "expected", "choose from")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nonsense"],
        ["render"],
        ["render", "a.toml", "--bogus"],
        ["merge", "a.toml"],
        ["merge", "a.toml", "--data", "d.csv", "--out", "ud", "--workers", "mange"],
        ["merge", "a.toml", "--data", "d.csv", "--out", "ud", "--workers", "0"],
        ["check", "a.toml", "--format", "xml"],
        ["check", "a.toml", "--format"],
        ["check", "a.toml", "--fix=ja"],
    ],
)
def test_argument_errors_are_one_danish_line_with_exit_2(argv: list[str]) -> None:
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(argv, stdout=io.StringIO())
    text = err.getvalue()
    assert code == 2
    assert text.count("\n") == 1, text
    assert text.startswith("kkletter: fejl i kommandoen: ")
    assert not any(word in text.lower() for word in ENGLISH), text


def test_help_is_danish_and_exits_0() -> None:
    out = io.StringIO()
    from contextlib import redirect_stdout

    with redirect_stdout(out):
        code = main(["render", "--help"])
    assert code == 0
    assert out.getvalue().startswith("brug: ")
    assert "vis denne hjælp" in out.getvalue()


def test_workers_are_capped_at_the_cpu_count() -> None:
    args = build_parser().parse_args(
        ["merge", "a.toml", "--data", "d.csv", "--out", "ud", "--workers", "100"]
    )
    assert args.workers == (os.cpu_count() or 1)


def test_a_missing_draft_is_one_danish_line(tmp_path: Path) -> None:
    err = io.StringIO()
    code = main(["render", str(tmp_path / "nej.toml")], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert "findes ikke" in err.getvalue()
    assert err.getvalue().count("\n") == 1


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_a_draft_that_is_no_file_is_refused_without_hanging(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "brev.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    err = io.StringIO()
    code = main(["check", str(path)], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert err.getvalue().count("\n") == 1
