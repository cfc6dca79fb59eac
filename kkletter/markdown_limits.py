"""How hostile Markdown is made safe before it is parsed, without losing any text.

markdown-it-py is correct but not built for hostile input: it drops text nested deeper
than `maxNesting`, is quadratic on thousands of "[" or emphasis markers, and spends
25-40 µs on every block, so a megabyte of one-line list items, paragraphs or table rows
takes ten seconds. `prepare_source` bounds all of that before the parse:

- nesting deeper than a letter can show is flattened (`flatten_deep_nesting`);
- links and emphasis are read as written past a count no letter reaches (`parser_for`);
- past `MAX_FORMATTED_LINES` lines the rest of the body is not parsed as Markdown but
  kept as plain paragraphs, one per run of non-blank lines, every character included.

The checks report each of these where it happened (`DEEP_NESTING`, `BODY_PLAIN_TAIL`),
so nothing is changed without a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt

from kkletter.text import clean_text

# markdown-it stops following nested blocks past `maxNesting` levels and drops their
# text without a word. The limit is raised well above any real letter, and deeper
# nesting is flattened first (`flatten_deep_nesting`), so no text is ever lost; the
# checks report the flattened lines (`deep_nesting_lines`).
MAX_NESTING = 100
MAX_CONTAINER_MARKERS = 4  # ">" and list markers opening one line ("- - - > x")
# List items opened on one line ("- - x"). markdown-it-py spends tens of µs per list
# level opened, so 1 MB of "- - - … x" lines cost 2.3 s CPU with 4 levels kept and
# 0.9 s with 2. Nested lists are written with indentation (not limited here); a line
# opening three list items at once is not something a letter needs.
MAX_LIST_MARKERS = 2
MAX_INDENT = 32  # columns of indentation (16 list levels of two spaces)
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)*")
_CONTAINER_PREFIX = re.compile(r"^[ \t]*(?:(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$|(?<=>)))+")
_CONTAINER_MARKER = re.compile(r"(?:>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$|(?<=>))")


# markdown-it-py scans to the end of the paragraph for every "[" that might open a link
# label, so text with thousands of "[" takes quadratic time (100 KB of "![": a minute).
# Past this many, links are not parsed at all: "[tekst](url)" then shows as written,
# which loses nothing. Real letters have a handful.
MAX_LINK_BRACKETS = 500
# Likewise emphasis: markdown-it-py spends ~11 µs per character on a megabyte of "*a*a"
# (ten times plain text). Past this many "*" and "_", they are shown as written. A
# 20-page letter has a few hundred.
MAX_EMPHASIS_MARKS = 20_000


@cache
def _parser(links: bool = True, emphasis: bool = True) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable("table")
    off = [*([] if links else ["link", "image"]), *([] if emphasis else ["emphasis"])]
    return parser.disable(off) if off else parser


def parser_for(source: str) -> MarkdownIt:
    """Return the parser for `source`: all rules, or without the ones hostile text abuses."""
    emphasis = source.count("*") + source.count("_") <= MAX_EMPHASIS_MARKS
    return _parser(source.count("[") <= MAX_LINK_BRACKETS, emphasis)


_CONTAINER_STARTS = frozenset(" \t>-*+0123456789")


def _flatten_line(line: str) -> str:
    if not line or line[0] not in _CONTAINER_STARTS:
        return line  # most lines: nothing that nests
    # Indentation, also after quote markers ("> " then 60 spaces of nested list).
    quotes = _QUOTE_MARKERS.match(line)
    head = quotes.group(0) if quotes else ""
    rest = line[len(head) :]
    stripped = rest.lstrip(" \t")
    indent = len(rest[: len(rest) - len(stripped)].expandtabs(4))
    if indent > MAX_INDENT:
        line = head + " " * MAX_INDENT + stripped
    # Quotes and list items opened on one line.
    prefix = _CONTAINER_PREFIX.match(line)
    if prefix:
        markers = _CONTAINER_MARKER.findall(prefix.group(0))
        kept = _kept_markers(markers)
        if len(kept) < len(markers):
            text = prefix.group(0)
            lead = text[: len(text) - len(text.lstrip())]
            line = (
                lead + "".join(m if m.strip() != ">" else "> " for m in kept) + line[prefix.end() :]
            )
    return line


def _kept_markers(markers: list[str]) -> list[str]:
    """Return the innermost `markers` within both caps (all of them when they fit)."""
    kept: list[str] = []
    lists = 0
    for marker in reversed(markers):
        lists += marker.strip() != ">"
        if len(kept) == MAX_CONTAINER_MARKERS or lists > MAX_LIST_MARKERS:
            break
        kept.append(marker)
    return kept[::-1]


def flatten_deep_nesting(source: str) -> tuple[str, tuple[int, ...]]:
    """Return `source` with nesting too deep to render made shallower, and those lines.

    Indentation over `MAX_INDENT` columns (after any quote markers) becomes `MAX_INDENT`;
    a line opening more than `MAX_CONTAINER_MARKERS` quotes and list items, or more than
    `MAX_LIST_MARKERS` list items, keeps the innermost ones within both limits.
    The text itself is never touched, so it is rendered at the deepest level shown.
    """
    lines = source.split("\n")
    changed: list[int] = []
    for number, line in enumerate(lines, start=1):
        flat = _flatten_line(line)
        if flat != line:
            lines[number - 1] = flat
            changed.append(number)
    return "\n".join(lines), tuple(changed)


# Past this many lines of body, the rest is kept as plain paragraphs (see the module
# docstring). A line is a paragraph (the editor writes one per line, with a blank line
# between), a list item or a table row, so 5,000 lines are some 100 pages of list or
# table and several hundred of prose: beyond any letter or bilag. The bound is set by
# what comes after the parse as much as by the parse itself (~40 µs a list item):
# the editor's QTextDocument imports a list in superlinear time (5,000 items 0.3 s,
# 10,000 items 2 s, 20,000 items 9 s).
MAX_FORMATTED_LINES = 5_000


@dataclass(frozen=True)
class PreparedSource:
    """Cleaned Markdown split into what is parsed and what is kept as plain text.

    `markdown` is the head to parse, deep nesting flattened; `plain` holds the lines
    after it, as written; `plain_line` is the 1-based line `plain` starts at (None when
    the whole source is parsed); `flattened` are the 1-based lines whose nesting was
    made shallower.
    """

    markdown: str
    plain: tuple[str, ...]
    plain_line: int | None
    flattened: tuple[int, ...]


def formatted_line_count(lines: list[str], budget: int) -> int:
    """Return how many of `lines` are parsed as Markdown: all, or up to `budget`.

    Past the budget the cut falls on the last blank line in the budget's second half,
    so a paragraph, list or table is not split; without one it falls on the budget.
    """
    if len(lines) <= budget:
        return len(lines)
    for index in range(budget, budget // 2, -1):
        if not lines[index].strip():
            return index
    return budget


@lru_cache(maxsize=8)
def prepare_source(source: str, budget: int) -> PreparedSource:
    """Return cleaned `source` made safe to parse, Markdown for `budget` lines at most.

    Cached for the parse and the checks, which ask with `MAX_FORMATTED_LINES`.
    """
    lines = source.split("\n")
    count = formatted_line_count(lines, budget)
    markdown, flattened = flatten_deep_nesting("\n".join(lines[:count]))
    start = count  # the plain tail starts at its first line with text
    while start < len(lines) and not lines[start].strip():
        start += 1
    plain_line = start + 1 if start < len(lines) else None
    return PreparedSource(markdown, tuple(lines[start:]), plain_line, flattened)


def _prepared(source: str) -> PreparedSource:
    return _prepared_with(source, MAX_FORMATTED_LINES)


@lru_cache(maxsize=8)
def _prepared_with(source: str, budget: int) -> PreparedSource:
    # Trailing line ends change nothing; without them this shares the parse's work.
    # Cached too: `check` asks for the deep lines and the plain tail of one body, and
    # cleaning a megabyte each time is work done twice.
    return prepare_source(clean_text(source).rstrip("\n"), budget)


def deep_nesting_lines(source: str) -> tuple[int, ...]:
    """Return the 1-based lines of `source` nested too deep to render as written."""
    return _prepared(source).flattened


def plain_tail_line(source: str) -> int | None:
    """Return the 1-based line of `source` from which it is kept as plain text, if any."""
    return _prepared(source).plain_line
