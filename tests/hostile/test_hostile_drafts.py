"""Hypothesis-generated drafts: any content, any types, any nesting keeps the contract.

The contract of the command line: exit 0, 1 or 2; a user mistake is one Danish line on
stderr (never a traceback); nothing is written half.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkletter.cli import main

_TEXT = st.text(max_size=40)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_TEXT.filter(bool), inner, max_size=4)
    ),
    max_leaves=12,
)
_MARKDOWN = st.lists(
    st.sampled_from(
        [
            "# ",
            "## ",
            "- ",
            "1. ",
            "> ",
            "    ",
            "| a | b |\n|---|---|\n",
            "---\n",
            "**",
            "*",
            "<u>",
            "</u>",
            "<br>",
            "{{ x }}",
            "\n",
            "\n\n",
            "kl 14.30",
            "31. juni",
            "010190-1234",
            "æøå",
            "\u202e",
            "\x00",
            "\t",
            "[ ]",
            "TODO",
            "`",
        ]
    )
    | _TEXT,
    max_size=30,
).map("".join)


_LINE = st.one_of(st.tuples(_MARKDOWN, _MARKDOWN).map(list), _VALUE)
_TABLE = st.fixed_dictionaries(
    {"titel": st.one_of(_MARKDOWN, _VALUE), "linjer": st.lists(_LINE, max_size=4)}
)
_STATUS = st.lists(
    st.fixed_dictionaries(
        {"overskrift": st.one_of(_MARKDOWN, _VALUE)},
        optional={"skemaer": st.lists(_TABLE, max_size=3), "tekst": _MARKDOWN},
    ),
    max_size=3,
)


@st.composite
def _drafts(draw: st.DrawFn) -> dict[str, Any]:
    draft: dict[str, Any] = {
        "template": draw(st.sampled_from(["brev", "notat", "hoeringssvar", "bilag", "bilag"])),
        "profile": draw(st.sampled_from(["sof-borgmester", "sof-misbrug-bolig"])),
        "body": draw(_MARKDOWN),
        "date": draw(st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), _VALUE)),
    }
    for key in ("subject", "closing", "date_style", "format", "note"):
        if draw(st.integers(0, 7)) == 0:
            draft[key] = draw(_VALUE)
    if draw(st.booleans()):
        draft["subject"] = draw(_MARKDOWN)
    draft["fields"] = {
        "sagsbehandler": "Jonas",
        "statusskemaer": draw(st.one_of(_STATUS, _VALUE)),
        "overskrift": draw(_VALUE),
    }
    for table in ("recipient", "case", "signer", "fields"):
        if draw(st.integers(0, 3)) == 0:
            draft[table] = draw(
                st.one_of(
                    st.dictionaries(
                        st.sampled_from(
                            [
                                "name",
                                "address",
                                "salutation",
                                "number",
                                "document",
                                "title",
                                "sagsbehandler",
                                "statusskemaer",
                                "signature",
                                "email",
                            ]
                        ),
                        _VALUE,
                        max_size=5,
                    ),
                    _VALUE,
                )
            )
    return draft


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, err.getvalue()


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(draft=_drafts())
def test_any_draft_checks_and_renders_within_the_contract(
    tmp_path: Path, draft: dict[str, Any]
) -> None:
    path = tmp_path / "kladde.toml"
    path.write_text(tomli_w.dumps(draft), encoding="utf-8")
    target = tmp_path / "ud.docx"
    target.unlink(missing_ok=True)
    for argv in (["check", str(path)], ["render", str(path), "-o", str(target)]):
        code, err = _run(*argv)
        assert code in (0, 1, 2)
        if code == 2:
            assert err.startswith("kkletter: "), err
            assert err.count("\n") == 1, err
            assert "Traceback" not in err
    if code == 2:
        assert not target.exists()  # nothing written half
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
