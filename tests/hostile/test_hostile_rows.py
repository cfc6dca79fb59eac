"""Hypothesis-generated merge rows: any Unicode, markup or template syntax stays text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkletter.compose import Catalogs, compose_letter
from kkletter.markup import iter_paragraphs
from kkletter.merge import merge, merge_letter, plan_merge
from kkletter.merge_journal import SUMMARY_NAME
from kkletter.mergedata import DataRow, open_data
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.text import clean_text

CATALOGS = Catalogs.shipped()
_HOSTILE = st.sampled_from(
    [
        "---",
        "# ",
        "* ",
        "1. ",
        "> ",
        "|",
        "**",
        "_",
        "<u>",
        "<br>",
        "{{ 7*7 }}",
        "{% if %}",
        "=HYPERLINK(1)",
        "+",
        "@",
        "\u202e",
        "\u200b",
        "\t",
        "\n",
        "&amp;",
        "![x](y)",
        "[a](b)",
    ]
)
_VALUE = st.lists(st.one_of(_HOSTILE, st.text(max_size=12)), max_size=6).map("".join)


def _letter() -> Letter:
    return Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Høring {{ v }}",
        body="Før {{ v }} efter.\n",
        recipient=Recipient(name="x"),
        case=CaseRef(number="2026-0012345", document="2026-0012345-7"),
        signer=Signer(name="Jesper Christensen", title="Borgmester"),
    )


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_VALUE, name=_VALUE)
def test_a_merge_value_is_always_text_in_the_letter(value: str, name: str) -> None:
    letter = _letter()
    mapping = plan_merge(letter, ["navn", "v"])
    merged = merge_letter(letter, mapping, DataRow(2, {"navn": name.strip(), "v": value.strip()}))
    document = compose_letter(merged, CATALOGS)
    body = " ".join(p.text for p in iter_paragraphs(document.body))
    # Every word of the value reaches the body, in order; no markup was interpreted.
    assert " ".join(_words(clean_text(value))) in " ".join(_words(body))
    assert "49" not in _words(body) or "49" in _words(value)  # "{{ 7*7 }}" never ran


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(st.tuples(_VALUE, _VALUE), min_size=1, max_size=5))
def test_any_rows_end_in_the_summary_each_written_or_skipped(
    rows: list[tuple[str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        data = tmp / "d.csv"
        with data.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["navn", "v"])
            writer.writerows(rows)
        source = open_data(data)
        expected = [row.number for row in source.rows()]
        summary = merge(_letter(), source, tmp / "ud", catalogs=CATALOGS, workers=1)
        assert [r.row for r in summary.results] == expected
        assert all(r.status in ("written", "skipped") for r in summary.results)
        assert all(r.reason for r in summary.results if r.status == "skipped")
        text = (tmp / "ud" / SUMMARY_NAME).read_text(encoding="utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
        assert not any(c[:1] in ("=", "+", "-", "@", "\t", "\r") for c in cells)
        for path in (tmp / "ud").glob("*.docx"):
            assert not re.search(r"[\u202a-\u202e\u2066-\u2069\u200b-\u200f]", path.name)
