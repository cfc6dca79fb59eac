"""Block-dense Markdown: past the line budget the body is kept as plain paragraphs.

A megabyte of one-line list items, paragraphs or table rows is the slow case for
markdown-it-py (25-40 µs a block). `kkletter.markdown_limits` parses the first
`MAX_FORMATTED_LINES` lines and keeps the rest as plain paragraphs, every character as
written, and `check` says where (BODY_PLAIN_TAIL). Timings live in
`benchmarks/bench_hostile.py`; these tests hold what is kept and what is said.
"""

from __future__ import annotations

import gc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter import markdown_limits
from kkletter.checks import check_letter
from kkletter.checks.findings import Finding
from kkletter.compose import Catalogs
from kkletter.gcpause import allocating
from kkletter.markdown_limits import MAX_FORMATTED_LINES, formatted_line_count
from kkletter.markup import ListBlock, Paragraph, Span, block_text, parse_markdown
from tests.letters import letter_with_body

CATALOGS = Catalogs.shipped()


def _plain_tail_findings(body: str) -> list[Finding]:
    findings = check_letter(letter_with_body(body), CATALOGS)
    return [f for f in findings if f.rule == "BODY_PLAIN_TAIL"]


def test_a_list_past_the_budget_keeps_every_item_and_check_says_from_where() -> None:
    items = [f"- punkt{i}" for i in range(MAX_FORMATTED_LINES + 5000)]
    body = "\n".join(items)
    blocks = parse_markdown(body)
    # No blank line to cut at: the budget's lines are one list, the rest one paragraph.
    head, tail = blocks
    assert isinstance(head, ListBlock)
    assert len(head.items) == MAX_FORMATTED_LINES
    assert tail == Paragraph(
        (Span("\n".join(items[MAX_FORMATTED_LINES:])),), line=MAX_FORMATTED_LINES + 1
    )
    findings = [
        f for f in check_letter(letter_with_body(body), CATALOGS) if f.rule == "BODY_PLAIN_TAIL"
    ]
    assert [(f.field, f.line, f.column, f.length) for f in findings] == [
        ("body", MAX_FORMATTED_LINES + 1, 1, len(items[MAX_FORMATTED_LINES]))
    ]
    assert "over 5.000 linjer" in findings[0].message
    assert findings[0].severity == "warning"


def test_a_letter_within_the_budget_has_no_plain_tail() -> None:
    body = "\n".join(f"- punkt{i}" for i in range(MAX_FORMATTED_LINES))
    (block,) = parse_markdown(body)
    assert isinstance(block, ListBlock)
    assert not [
        f for f in check_letter(letter_with_body(body), CATALOGS) if f.rule == "BODY_PLAIN_TAIL"
    ]


@pytest.mark.parametrize(
    ("lines", "count"),
    [
        (["a"] * 10, 10),  # within the budget: all
        (["a"] * 7 + [""] + ["a"] * 5, 7),  # the last blank line in the second half
        (["a"] * 3 + [""] + ["a"] * 9, 10),  # a blank line only in the first half
        (["a"] * 13, 10),  # no blank line: the budget
        (["a"] * 10 + [""] + ["a"] * 2, 10),  # the line just past the budget is blank
    ],
)
def test_the_cut_falls_on_a_blank_line_in_the_budgets_second_half(
    lines: list[str], count: int
) -> None:
    assert formatted_line_count(lines, 10) == count


_LINE = st.one_of(
    st.just(""),
    st.sampled_from(["- ", "1. ", "> ", "# ", "| ", "    ", "```", "---", "  "]).flatmap(
        lambda lead: st.from_regex(r"[a-zæøå]{1,6}( \*\*[a-z]{1,4}\*\*)?", fullmatch=True).map(
            lambda text: lead + text
        )
    ),
    st.from_regex(r"[a-zæøå ]{1,12}", fullmatch=True),
)


@given(lines=st.lists(_LINE, min_size=1, max_size=40), budget=st.integers(2, 12))
def test_past_any_budget_the_tail_is_kept_character_for_character(
    lines: list[str], budget: int
) -> None:
    body = "\n".join(lines).rstrip("\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(markdown_limits, "MAX_FORMATTED_LINES", budget)
        blocks = parse_markdown(body)
        start = markdown_limits.plain_tail_line(body)
    source = body.split("\n")
    if start is None:
        # All parsed as Markdown, or nothing but blank lines past the cut.
        assert all(not line.strip() for line in source[formatted_line_count(source, budget) :])
        return
    tail = [b for b in blocks if isinstance(b, Paragraph) and b.line and b.line >= start]
    written = "\n".join(line for line in source[start - 1 :] if line.strip())
    assert "\n".join(block_text(b) for b in tail) == written
    assert all(len(b.spans) == 1 and not b.spans[0].bold for b in tail)


def test_allocating_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with allocating():
        assert not gc.isenabled()
        with allocating():  # re-entrant: the inner block leaves it paused
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), allocating():
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with allocating():
            pass
        assert not gc.isenabled()  # the caller's choice is kept
    finally:
        gc.enable()
