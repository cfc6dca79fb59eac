"""Write blocks back as Markdown in the dialect `kkletter.markup` reads.

`blocks_to_markdown` is the inverse of `parse_markdown` for the blocks an editor
produces: `parse_markdown(blocks_to_markdown(blocks))` gives the same blocks (source
line numbers aside). The GUI editor stores its document through this function, so the
body a draft holds is plain, readable Markdown.

Two normalisations keep the Markdown valid where CommonMark cannot express a format
boundary: whitespace at the edge of a bold or italic run moves outside the markers, and
a line break inside a table cell paragraph becomes a space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import replace

from kkletter.markup import (
    Block,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Span,
    Table,
    TableCell,
)

# Escaped wherever they appear: they open emphasis, code, links, HTML or table cells.
_ALWAYS = re.compile(r"([\\`*_\[\]<|])")
# An entity reference would be decoded; escape the ampersand that starts one.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Characters that start a block construct at the beginning of a line.
_LINE_START = re.compile(r"^([ \t]*)([#>+=~-])", re.MULTILINE)
_ORDERED_START = re.compile(r"^([ \t]*\d{1,9})([.)])", re.MULTILINE)

_Format = str  # "u", "b" or "i"
_OPEN = {"u": "<u>", "b": "**", "i": "*"}
_CLOSE = {"u": "</u>", "b": "**", "i": "*"}
_ORDER: tuple[_Format, ...] = ("u", "b", "i")


def blocks_to_markdown(blocks: Sequence[Block]) -> str:
    """Return `blocks` as Markdown text ending in a newline (or "" for no blocks)."""
    parts = list(_blocks(blocks))
    return "\n\n".join(parts) + "\n" if parts else ""


def escape_text(text: str) -> str:
    """Return plain `text` escaped so that Markdown reads it back literally."""
    # Functions, not r"\\\1" templates: CPython imports `re` for every template it
    # expands, and in the GUI each import passes PySide6's import hook (~1 µs) - four
    # per paragraph, seconds for a long letter on every refresh.
    text = _ALWAYS.sub(_escape_group_1, text)
    text = _ENTITY.sub(_escape_group_0, text)
    text = _LINE_START.sub(_escape_group_2, text)
    return _ORDERED_START.sub(_escape_group_2, text)


def _escape_group_0(match: re.Match[str]) -> str:
    return "\\" + match.group(0)


def _escape_group_1(match: re.Match[str]) -> str:
    return "\\" + match.group(1)


def _escape_group_2(match: re.Match[str]) -> str:
    return match.group(1) + "\\" + match.group(2)


def spans_to_markdown(spans: Sequence[Span], *, in_cell: bool = False) -> str:
    """Return `spans` as inline Markdown; a "\\n" becomes a hard line break."""
    out: list[str] = []
    stack: list[_Format] = []
    for span in _normalise(spans):
        wanted = _formats(span)
        # Close down to the deepest format that stays on, then open what is missing.
        keep = 0
        while keep < len(stack) and stack[keep] in wanted:
            keep += 1
        closed_emphasis = False
        while len(stack) > keep:
            fmt = stack.pop()
            out.append(_CLOSE[fmt])
            closed_emphasis = fmt != "u"
        opens = [fmt for fmt in _ORDER if fmt in wanted and fmt not in stack]
        text = span.text.replace("\n", " ") if in_cell else span.text
        escaped = "\\\n".join(escape_text(line) for line in text.split("\n"))
        following = _OPEN[opens[0]] if opens else escaped
        if closed_emphasis and following and (_is_word(following[0]) or following[0] == "*"):
            out.append(_separator(stack))
        for fmt in opens:
            if fmt != "u" and out and out[-1] and _is_word(out[-1][-1]):
                out.append(_separator(stack))
            stack.append(fmt)
            out.append(_OPEN[fmt])
        out.append(escaped)
    while stack:
        out.append(_CLOSE[stack.pop()])
    return "".join(out)


def _is_word(char: str) -> bool:
    """Return whether `char` counts as neither whitespace nor punctuation for CommonMark."""
    return not char.isspace() and not unicodedata.category(char).startswith(("P", "S"))


def _separator(stack: Sequence[_Format]) -> str:
    """Return an empty underline toggle that keeps two emphasis markers from touching.

    CommonMark decides whether `*` opens or closes from its neighbours; inside a word
    (or next to punctuation) a bold/italic boundary needs a neutral neighbour, and an
    empty `<u></u>` pair is one the parser reads as no text at all.
    """
    return "</u><u>" if "u" in stack else "<u></u>"


def _formats(span: Span) -> set[_Format]:
    return {
        fmt for fmt, on in zip(_ORDER, (span.underline, span.bold, span.italic), strict=True) if on
    }


def _normalise(spans: Sequence[Span]) -> list[Span]:
    """Move edge whitespace of bold/italic runs out of the run; merge equal neighbours."""
    pieces: list[Span] = []
    for index, span in enumerate(spans):
        if not span.text:
            continue
        previous = spans[index - 1] if index > 0 else None
        following = spans[index + 1] if index + 1 < len(spans) else None
        core = span.text.strip(" \t")
        lead = span.text[: len(span.text) - len(span.text.lstrip(" \t"))]
        trail = span.text[len(lead) + len(core) :] if core else ""
        if not core:
            pieces.append(_common(span, previous, following))
            continue
        if lead:
            pieces.append(_common(replace(span, text=lead), previous, None))
        pieces.append(replace(span, text=core))
        if trail:
            pieces.append(_common(replace(span, text=trail), None, following))
    merged: list[Span] = []
    for piece in pieces:
        if merged and _formats(merged[-1]) == _formats(piece):
            merged[-1] = replace(merged[-1], text=merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def _common(span: Span, before: Span | None, after: Span | None) -> Span:
    """Return whitespace `span` with bold/italic only where its neighbours share them."""
    bold = span.bold and all(n is None or n.bold for n in (before, after))
    italic = span.italic and all(n is None or n.italic for n in (before, after))
    if before is None and after is None:
        bold = italic = False
    return replace(span, bold=bold, italic=italic)


def _blocks(blocks: Sequence[Block]) -> Iterator[str]:
    alternate = False
    previous: Block | None = None
    for block in blocks:
        # Two lists of a kind in a row would merge; switching the marker keeps them apart.
        if isinstance(block, ListBlock):
            same_kind = isinstance(previous, ListBlock) and previous.ordered == block.ordered
            alternate = not alternate if same_kind else False
        yield _block(block, alternate)
        previous = block


def _block(block: Block, alternate: bool) -> str:
    if isinstance(block, Paragraph):
        return spans_to_markdown(block.spans)
    if isinstance(block, Heading):
        text = spans_to_markdown([replace(s, text=s.text.replace("\n", " ")) for s in block.spans])
        text = re.sub(r"(#+)(\s*)$", lambda m: "\\#" * len(m.group(1)) + m.group(2), text)
        return f"{'#' * max(1, min(6, block.level))} {text}".rstrip()
    if isinstance(block, ListBlock):
        return _list(block, alternate)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, PageBreak):
        return "---"
    raise TypeError(f"unknown block {block!r}")


def _list(block: ListBlock, alternate: bool) -> str:
    lines: list[str] = []
    for offset, item in enumerate(block.items):
        if block.ordered:
            marker = f"{block.start + offset}{')' if alternate else '.'}"
        else:
            marker = "*" if alternate else "-"
        lines.append(_item(item, marker))
    return "\n".join(lines)


def _item(item: ListItem, marker: str) -> str:
    if not item.blocks:
        return marker
    indent = " " * (len(marker) + 1)
    parts = list(_blocks(item.blocks))
    # A nested list may interrupt the item's paragraph only if it is a bullet list or
    # starts at 1 with a non-empty item; anything else needs a blank line before it.
    loose = any(not _interrupts(b) for b in item.blocks[1:])
    separator = "\n\n" if loose else "\n"
    text = separator.join(parts)
    lines = text.split("\n")
    body = [lines[0]] + [indent + line if line else "" for line in lines[1:]]
    return f"{marker} " + "\n".join(body)


def _interrupts(block: Block) -> bool:
    return (
        isinstance(block, ListBlock)
        and (not block.ordered or block.start == 1)
        and bool(block.items)
        and bool(block.items[0].blocks)
    )


def _table(table: Table) -> str:
    columns = max(table.columns, 1)
    rows = [list(row.cells) for row in table.rows] or [[]]
    if table.header_rows == 0 and table.rows:
        # Markdown has no table without a header row: an empty one stands for none.
        rows.insert(0, [])
    lines: list[str] = []
    for index, cells in enumerate(rows):
        cells = cells + [TableCell(())] * (columns - len(cells))
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        if index == 0:
            lines.append("|" + "|".join(["---"] * columns) + "|")
    return "\n".join(lines)


def _cell(cell: TableCell) -> str:
    parts: list[str] = []
    for block in cell.blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                for inner in item.blocks:
                    if isinstance(inner, Paragraph | Heading):
                        parts.append("- " + spans_to_markdown(inner.spans, in_cell=True))
        elif isinstance(block, Paragraph | Heading):
            parts.append(spans_to_markdown(block.spans, in_cell=True))
    return "<br>".join(part for part in parts if part.strip())
