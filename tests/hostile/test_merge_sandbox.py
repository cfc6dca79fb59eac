"""Merge text runs in a sandbox with limits; merge values are text, never Markdown or code."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter.errors import TemplateError
from kkletter.markup import block_text, escape_markdown, parse_markdown
from kkletter.templating import render_merge_text
from kkletter.text import clean_text


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{{ 'a' * 10**9 }}", "for lang"),
        ("{{ [1] * 10**8 }}", "for lang"),
        ("{{ range(10**8) | list | length }}", "for stort"),
        ("{% for i in range(10**6) %}x{% endfor %}", "range"),
        ("{{ 'x' | center(10**9) }}", "for stort"),
        ("{{ '%999999999d' % 1 }}", "formatbredden"),
        ("{{ 7 ** 999999 }}", "for stort"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
            "tegn",
        ),
        ("{% set x = 'ab' %}" + "{% set x = x ~ x %}" * 40 + "{{ x | length }}", "tegn"),
        ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "kalder sig selv"),
        ("{{ lipsum(10**6) }}", "lipsum"),
        ("{{ 1 / 0 }}", "regnefejl"),
        ("{{ navn.__class__.__mro__ }}", "Flettefelt-fejl"),
    ],
)
def test_hostile_merge_text_fails_the_row_with_a_reason(template: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateError, match=reason):
        render_merge_text(template, {"navn": "A"}, where="brevteksten")
    assert time.monotonic() - started < 2


def test_a_loop_that_prints_nothing_is_stopped_by_the_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("kkletter.sandbox.MAX_MERGE_SECONDS", 0.3)
    template = (
        "{% set r = range(5000) %}{% for a in r %}{% for b in r %}{% for c in r %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(TemplateError, match="sekunder"):
        render_merge_text(template, {}, where="brevteksten")
    assert time.monotonic() - started < 2


def test_a_value_is_never_template_code() -> None:
    text = render_merge_text("Hej {{ navn }}", {"navn": "{{ 7 * 7 }}{% raw %}"}, where="emnet")
    assert text == "Hej {{ 7 * 7 }}{% raw %}"


@pytest.mark.parametrize(
    "value",
    ["---", "# Overskrift", "* punkt", "1. første", "> citat", "| a | b |", "**fed**", "<u>x</u>"],
)
def test_a_value_in_the_body_is_never_markdown(value: str) -> None:
    body = render_merge_text("Før\n\n{{ v }}\n\nEfter", {"v": value}, where="b", markdown=True)
    blocks = parse_markdown(body)
    assert [type(b).__name__ for b in blocks] == ["Paragraph"] * 3
    assert block_text(blocks[1]) == value
    assert all(not s.bold for b in blocks for s in getattr(b, "spans", ()))


_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x7f"),
    max_size=60,
)


@given(st.lists(_TEXT, min_size=1, max_size=4))
def test_escaped_text_reads_back_as_exactly_the_same_text(lines: list[str]) -> None:
    value = "\n".join(lines)
    blocks = parse_markdown(escape_markdown(value))
    expected = "\n".join(line.strip() for line in clean_text(value).split("\n") if line.strip())
    assert "\n".join(block_text(b) for b in blocks) == expected
    assert len(blocks) == (1 if expected else 0)
