"""Turn the Markdown body of a letter into blocks every renderer shares.

The blocks are the one rendering model: the DOCX writer, the GUI preview and the checks
all read them, so what the user sees is what is exported and what was checked.

Markdown dialect (CommonMark + GFM tables):
- `# .. ######` headings; `**bold**`, `*italic*`, `<u>underline</u>`;
- `-`/`*` bullet and `1.` numbered lists, nested by indentation;
- pipe tables, the first row is the header row; inside a cell `<br>` breaks the cell
  into paragraphs, and a paragraph starting with "- " or "• " is a bullet item;
- a line `---` / `***` (thematic break) is a page break;
- a hard line break (two trailing spaces or a backslash) stays a line break.
Any other HTML is kept as literal text, never interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from markdown_it.token import Token

from kkletter import markdown_limits
from kkletter.gcpause import allocating
from kkletter.markdown_limits import PreparedSource, parser_for, prepare_source
from kkletter.text import clean_text


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one set of character formats. `text` may contain "\\n"."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of spans; `line` is its 1-based first line in the Markdown source."""

    spans: tuple[Span, ...]
    line: int | None = None

    @property
    def text(self) -> str:
        """Return the plain text of the paragraph."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of `level` 1..6; `number` is a section number the template added ("1.")."""

    level: int
    spans: tuple[Span, ...]
    line: int | None = None
    number: str = ""

    @property
    def text(self) -> str:
        """Return the plain text of the heading, its section number included."""
        body = "".join(span.text for span in self.spans)
        return f"{self.number} {body}" if self.number else body


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list; it holds paragraphs and nested lists."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A bullet (`ordered=False`) or numbered list."""

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    line: int | None = None


@dataclass(frozen=True, slots=True)
class TableCell:
    """One table cell; it holds paragraphs and lists."""

    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """Return the cell's text, one line per paragraph or list item."""
        return "\n".join(block_text(block) for block in self.blocks)


@dataclass(frozen=True, slots=True)
class TableRow:
    """One table row."""

    cells: tuple[TableCell, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table whose first `header_rows` rows are header rows."""

    rows: tuple[TableRow, ...]
    header_rows: int = 1
    line: int | None = None

    @property
    def columns(self) -> int:
        """Return the number of columns (the widest row)."""
        return max((len(row.cells) for row in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page."""

    line: int | None = None


Block = Paragraph | Heading | ListBlock | Table | PageBreak

_ALLOWED_TAGS = {"<u>": ("underline", True), "</u>": ("underline", False)}
_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_CELL_BULLET = re.compile(r"^\s*(?:[-•*])\s+")


def parse_markdown(source: str) -> tuple[Block, ...]:
    """Parse the Markdown `source` into blocks; nothing in it is dropped.

    Hostile Markdown is bounded first (see `kkletter.markdown_limits`): nesting deeper
    than a letter can show is flattened, and past `MAX_FORMATTED_LINES` lines the rest
    is kept as plain paragraphs.
    """
    # Trailing line ends change nothing in Markdown; without them the composed body
    # ("{{ body }}" plus a newline) and the body as written share one cached parse, so
    # `check` parses a long letter once, not twice.
    return _parse_clean(clean_text(source).rstrip("\n"), markdown_limits.MAX_FORMATTED_LINES)


@lru_cache(maxsize=8)
def _parse_clean(source: str, budget: int) -> tuple[Block, ...]:
    """Parse cleaned `source`; the blocks are frozen, so callers may share them."""
    with allocating():
        return _parse_prepared(prepare_source(source, budget))


def _parse_prepared(prepared: PreparedSource) -> tuple[Block, ...]:
    markdown = prepared.markdown
    tokens = parser_for(markdown).parse(markdown)
    blocks, _ = _parse_blocks(tokens, 0, closing=None, lines=markdown.split("\n"))
    if prepared.plain_line is not None:
        blocks.extend(_plain_paragraphs(prepared.plain, prepared.plain_line))
    return tuple(blocks)


def _plain_paragraphs(lines: Sequence[str], first_line: int) -> Iterator[Paragraph]:
    """Yield each run of non-blank `lines` as one paragraph of the text as written."""
    start: int | None = None
    for index, line in enumerate(lines):
        if line.strip():
            if start is None:
                start = index
        elif start is not None:
            yield Paragraph((Span("\n".join(lines[start:index])),), first_line + start)
            start = None
    if start is not None:
        yield Paragraph((Span("\n".join(lines[start:])),), first_line + start)


def number_sections(blocks: Sequence[Block], level: int = 2) -> tuple[Block, ...]:
    """Return `blocks` with the headings of `level` numbered "1.", "2.", ... in order.

    A heading whose text already starts with a number ("3. Økonomi") keeps it and
    the count continues from there.
    """
    counter = 0
    result: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == level and not block.number:
            match = re.match(r"^\s*(\d+)[.)]\s", block.text)
            if match:
                counter = int(match.group(1))
            else:
                counter += 1
                block = replace(block, number=f"{counter}.")
        result.append(block)
    return tuple(result)


def block_text(block: Block) -> str:
    """Return the plain text of `block`, one line per paragraph, item or cell."""
    if isinstance(block, Paragraph | Heading):
        return block.text
    if isinstance(block, ListBlock):
        return "\n".join(block_text(inner) for item in block.items for inner in item.blocks)
    if isinstance(block, Table):
        return "\n".join(cell.text for row in block.rows for cell in row.cells)
    return ""


def iter_paragraphs(blocks: Sequence[Block]) -> Iterator[Paragraph | Heading]:
    """Yield every paragraph and heading in `blocks`, lists and tables included."""
    for block in blocks:
        if isinstance(block, Paragraph | Heading):
            yield block
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_paragraphs(item.blocks)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from iter_paragraphs(cell.blocks)


# --- token stream -> blocks -------------------------------------------------------


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def _parse_blocks(
    tokens: list[Token], index: int, closing: str | None, lines: list[str]
) -> tuple[list[Block], int]:
    """Parse block tokens from `index` until a token of type `closing`; return blocks, next."""
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if closing is not None and kind == closing:
            return blocks, index + 1
        if kind == "heading_open":
            spans = _inline_spans(tokens[index + 1])
            blocks.append(Heading(int(token.tag[1]), spans, _line(token)))
            index += 3
        elif kind == "paragraph_open":
            spans = _inline_spans(tokens[index + 1])
            if spans:
                blocks.append(Paragraph(spans, _line(token)))
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block, index = _parse_list(tokens, index, lines)
            blocks.append(block)
        elif kind == "table_open":
            table, index = _parse_table(tokens, index, lines)
            blocks.append(table)
        elif kind == "hr":
            blocks.append(PageBreak(_line(token)))
            index += 1
        elif kind in ("fence", "code_block", "html_block"):
            text = token.content.rstrip("\n")
            if text.strip():
                blocks.append(Paragraph((Span(text),), _line(token)))
            index += 1
        elif kind == "blockquote_open":
            inner, index = _parse_blocks(tokens, index + 1, "blockquote_close", lines)
            blocks.extend(inner)
        else:
            index += 1
    return blocks, index


def _parse_list(tokens: list[Token], index: int, lines: list[str]) -> tuple[ListBlock, int]:
    opener = tokens[index]
    ordered = opener.type == "ordered_list_open"
    closing = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(str(opener.attrGet("start") or 1))
    items: list[ListItem] = []
    index += 1
    while tokens[index].type != closing:
        if tokens[index].type == "list_item_open":
            inner, index = _parse_blocks(tokens, index + 1, "list_item_close", lines)
            items.append(ListItem(tuple(inner)))
        else:
            index += 1
    return ListBlock(ordered, tuple(items), start, _line(opener)), index + 1


def _parse_table(tokens: list[Token], index: int, lines: list[str]) -> tuple[Table, int]:
    opener = tokens[index]
    row_line: int | None = None
    rows: list[TableRow] = []
    header_rows = 0
    in_head = False
    cells: list[TableCell] = []
    index += 1
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cells = []
            row_line = token.map[0] if token.map else None
        elif token.type == "tr_close":
            if row_line is not None and row_line < len(lines):
                cells.extend(_dropped_cells(lines[row_line], len(cells)))
            rows.append(TableRow(tuple(cells)))
            header_rows += in_head
        elif token.type in ("th_open", "td_open"):
            cells.append(TableCell(_cell_blocks(tokens[index + 1])))
            index += 2
        index += 1
    if header_rows == 1 and len(rows) > 1 and not any(c.text.strip() for c in rows[0].cells):
        # An empty header row is how a table without one is written (see mdwriter).
        rows, header_rows = rows[1:], 0
    return Table(tuple(rows), header_rows, _line(opener)), index + 1


_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_QUOTE_PREFIX = re.compile(r"^\s*(?:>\s*)*")


def _dropped_cells(line: str, kept: int) -> list[TableCell]:
    """Return the cells of table row `line` beyond the first `kept`.

    GFM drops cells past the header row's width; a letter must never lose text, so
    they are kept as extra cells (the table grows a column).
    """
    text = _QUOTE_PREFIX.sub("", line).strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    parts = _CELL_SPLIT.split(text)
    if len(parts) <= kept:
        return []
    extra: list[TableCell] = []
    for part in parts[kept:]:
        extra.append(TableCell(_cell_blocks(_inline_token(part.strip()))))
    return extra


# Characters that may start inline Markdown; a cell without them is plain text.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]<>&!~]")


def _inline_token(text: str) -> Token:
    """Return the inline token of one line of `text` (plain text skips the parser)."""
    if _INLINE_MARKUP.search(text) is None:
        # What parseInline returns for plain text, without its ~20 µs per call: a
        # megabyte of table rows wider than their header has ~200,000 such cells.
        return Token("inline", "", 0, content=text, children=[Token("text", "", 0, content=text)])
    (inline,) = parser_for(text).parseInline(text)
    return inline


def _cell_blocks(inline: Token) -> tuple[Block, ...]:
    """Split a cell's inline content at `<br>` into paragraphs and bullet lists."""
    segments: list[list[Span]] = [[]]
    for span_or_break in _inline_items(inline):
        if span_or_break is None:
            segments.append([])
        else:
            segments[-1].append(span_or_break)
    blocks: list[Block] = []
    bullets: list[ListItem] = []
    for segment in segments:
        spans = _merge(segment)
        if not spans or not "".join(s.text for s in spans).strip():
            continue
        match = _CELL_BULLET.match(spans[0].text)
        if match:
            first = replace(spans[0], text=spans[0].text[match.end() :])
            bullets.append(ListItem((Paragraph(_merge((first, *spans[1:]))),)))
            continue
        if bullets:
            blocks.append(ListBlock(False, tuple(bullets)))
            bullets = []
        blocks.append(Paragraph(spans))
    if bullets:
        blocks.append(ListBlock(False, tuple(bullets)))
    return tuple(blocks)


def _inline_spans(inline: Token) -> tuple[Span, ...]:
    """Return the spans of an inline token; a `<br>` becomes a line break."""
    spans = [Span("\n") if item is None else item for item in _inline_items(inline)]
    merged = list(_merge(spans))
    # Trailing hard breaks add nothing visible.
    while merged and not merged[-1].text.strip("\n"):
        merged.pop()
    return tuple(merged)


def _inline_items(inline: Token) -> Iterator[Span | None]:
    """Yield spans of `inline`, and None for each explicit `<br>`."""
    bold = italic = underline = False
    for child in inline.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            yield Span(child.content, bold, italic, underline)
        elif kind == "softbreak":
            yield Span(" ", bold, italic, underline)
        elif kind == "hardbreak":
            yield Span("\n", bold, italic, underline)
        elif kind == "strong_open":
            bold = True
        elif kind == "strong_close":
            bold = False
        elif kind == "em_open":
            italic = True
        elif kind == "em_close":
            italic = False
        elif kind == "html_inline":
            tag = child.content.strip().lower()
            if tag in _ALLOWED_TAGS:
                underline = _ALLOWED_TAGS[tag][1]
            elif _BREAK_TAG.match(tag):
                yield None
            else:
                yield Span(child.content, bold, italic, underline)
        elif kind == "image":
            yield Span(child.content, bold, italic, underline)
        # link_open/link_close: the link text arrives as text children.


def _merge(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Join neighbouring spans of equal format and drop empty ones."""
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].underline) == (
            span.bold,
            span.italic,
            span.underline,
        ):
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


def cell_markup(text: str) -> str:
    """Return multi-paragraph Markdown `text` encoded for one table cell.

    Blank lines separate paragraphs, a line starting with "- " or "• " is a bullet item,
    other consecutive lines join into one paragraph; the parts are joined with `<br>`
    and pipes are escaped. This is the inverse of how `parse_markdown` reads a cell and
    is what templates call as the `cell` filter.
    """
    parts: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            parts.append(" ".join(current))
            current.clear()

    for raw in clean_text(str(text)).split("\n"):
        line = raw.strip().replace("|", "\\|")
        if not line:
            flush()
        elif _CELL_BULLET.match(line):
            flush()
            parts.append(line)
        else:
            current.append(line)
    flush()
    return "<br>".join(parts)


# Characters that start inline Markdown anywhere in a line, and block Markdown at its start.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<|])|&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(?:[#>+=~-]|\d{1,9}(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Return `text` escaped so Markdown reads it back as exactly this text.

    Only what Markdown would interpret gets a backslash: emphasis, code, links, HTML,
    entities and table pipes anywhere; headings, quotes, lists, rules and fences at the
    start of a line. Other text (dates, numbers, CPR-like digits) stays as written, so
    the checks still find it. Leading blanks are dropped so no line becomes code, and a
    line break becomes a hard break: a value is never a heading, list, table or page break.
    """
    lines = []
    for raw in clean_text(text).split("\n"):
        line = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), raw.strip())
        match = _BLOCK_START.match(line)
        if match:
            end = match.end()
            # "14." -> "14\." (not a list); "#", "-", ">" ... -> "\#", "\-", "\>"
            line = f"{line[:end]}\\{line[end:]}" if line[0].isdigit() else f"\\{line}"
        if line:
            lines.append(line)
    return "\\\n".join(lines)
