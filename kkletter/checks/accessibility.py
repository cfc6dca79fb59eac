"""Accessibility rules for letters sent through Digital Post (family "accessibility").

Since 1 July 2023 letters from public authorities must be accessible: a document title
and language, real headings in order, tables with header rows, alt text on images, no
empty paragraphs used as spacing and no meaning carried by colour alone. The rules read
the Markdown body as the user wrote it (positions are 1-based line/column in the field
"body") and the composed `LetterDocument` (title, signature image).

The rules and their messages are in `kkletter.checks.catalogue` (family "accessibility").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kkletter import markdown_limits
from kkletter.checks.catalogue import rule
from kkletter.checks.context import CheckContext
from kkletter.checks.findings import Finding
from kkletter.compose import LetterDocument
from kkletter.markdown_limits import deep_nesting_lines, plain_tail_line
from kkletter.markup import Block, Heading, Table, parse_markdown
from kkletter.model import Letter

_TITLE = rule("A11Y_TITLE")
_HEADING_SKIP = rule("A11Y_HEADING_SKIP")
_TABLE_HEADER = rule("A11Y_TABLE_HEADER")
_SPACING = rule("A11Y_EMPTY_PARAGRAPHS")
_BLANK_LINES = rule("A11Y_EMPTY_PARAGRAPHS", "blank_lines")
_COLOUR_EMPHASIS = rule("A11Y_COLOUR_EMPHASIS")
_IMAGE_ALT = rule("A11Y_IMAGE_ALT")
_SIGNATURE_ALT = rule("A11Y_IMAGE_ALT", "signature")
_TEXT_AS_IMAGE = rule("A11Y_TEXT_AS_IMAGE")

_ATX = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_NBSP_ONLY = re.compile(r"^(?:[ \t]|\u00a0|\u202f|&nbsp;|&#160;|&#xa0;)+$", re.IGNORECASE)
_BREAK_ONLY = re.compile(
    r"^\s*(?:(?:<br\s*/?>|\\|\u00a0|&nbsp;)\s*)+$",
    re.IGNORECASE,
)
_COLOUR_SPAN = re.compile(
    r"<(?P<tag>span|font)\b[^>]*?\b(?:style\s*=\s*[\"'][^\"']*\bcolou?r\s*:|color\s*=)[^>]*>"
    r"(?:(?P<inner>[^<]*)</(?P=tag)\s*>)?",
    re.IGNORECASE,
)
# Linear on hostile text (issue 8): an alt text stops at the next "[" and a tag at the
# next "<", so "![![![..." or "<img <img ..." is not scanned to the line's end from
# every opener.
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\[\]]*)\]\((?P<src>[^()\s]*)(?:\s+\"[^\"\n]*\")?\)")
_HTML_IMAGE = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
# File names and alt texts that betray a picture of text (a screenshot, a scan, a clipping).
_TEXTLIKE = re.compile(
    r"sk(?:æ|ae)rm(?:billede|klip|dump)|screen[\s_-]*shot|\bscan|udklip|clipboard|"
    r"\bimage\d+|\bbillede\d+|\btekst|\btext\b|\btabel|\btable\b|\.pdf\b",
    re.IGNORECASE,
)


def check_accessibility(context: CheckContext) -> list[Finding]:
    """Return the accessibility findings of the composed letter (none if it cannot be)."""
    document = context.composed
    if not isinstance(document, LetterDocument):
        return []
    return accessibility_findings(context.letter, document)


def accessibility_findings(letter: Letter, document: LetterDocument) -> list[Finding]:
    """Return the accessibility findings of `letter`, composed as `document`."""
    lines = letter.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    # Positions refer to the body as written, so parse it (once) rather than reading
    # the composed document's blocks.
    blocks = parse_markdown(letter.body)
    findings = [
        *_check_title(letter, document),
        *_check_headings(blocks, document, lines),
        *_check_tables(blocks, lines),
        *_check_empty_paragraphs(lines),
        *_check_colour(lines),
        *_check_images(lines),
        *_check_signature(document),
        *_check_nesting(letter.body, lines),
        *_check_plain_tail(letter.body, lines),
    ]
    return sorted(findings, key=lambda f: (f.field, f.line, f.column, f.rule))


def _check_title(letter: Letter, document: LetterDocument) -> Iterator[Finding]:
    # compose falls back to the template's name when there is no subject, so only a
    # document that would really leave the PDF untitled is reported.
    if document.properties.title.strip():
        return
    yield _TITLE.finding("subject", 1, 1, len(letter.subject))


def _check_headings(
    blocks: Sequence[Block], document: LetterDocument, lines: list[str]
) -> Iterator[Finding]:
    # The subject is drawn as the document's top heading, so a letter with a subject
    # may start its own headings at level 2.
    previous = 1 if document.subject else 0
    for block in blocks:
        if not isinstance(block, Heading):
            continue
        if block.level > previous + 1:
            expected = previous + 1
            column, length, suggestion = 1, 0, None
            source = lines[block.line - 1] if block.line and block.line <= len(lines) else ""
            match = _ATX.match(source)
            if match:
                column = len(match.group(1)) + 1
                length = len(match.group(2))
                suggestion = "#" * expected
            else:
                length = len(source)
            after = (
                f"efter en overskrift på niveau {previous}"
                if previous
                else "som første overskrift"
                if not document.subject
                else "lige efter emnet"
            )
            yield _HEADING_SKIP.finding(
                "body",
                block.line or 1,
                column,
                length,
                suggestion,
                heading=block.text.strip(),
                level=block.level,
                after=after,
                expected=expected,
                marks="#" * expected,
            )
        previous = block.level


def _check_tables(blocks: Sequence[Block], lines: list[str]) -> Iterator[Finding]:
    for block in blocks:
        if not isinstance(block, Table) or not block.rows:
            continue
        # No header row (an empty one in Markdown, see mdwriter), or one with no text.
        header = block.rows[: block.header_rows]
        if header and any(cell.text.strip() for row in header for cell in row.cells):
            continue
        line = block.line or 1
        source = lines[line - 1] if line <= len(lines) else ""
        yield _TABLE_HEADER.finding("body", line, 1, len(source))


_DEEP_NESTING = rule("DEEP_NESTING")
_PLAIN_TAIL = rule("BODY_PLAIN_TAIL")


def _check_nesting(body: str, lines: list[str]) -> Iterator[Finding]:
    # markup flattens what is nested too deep (nothing is lost); say where it did.
    for number in deep_nesting_lines(body):
        text = lines[number - 1] if number <= len(lines) else ""
        start = len(text) - len(text.lstrip(" \t>"))
        yield _DEEP_NESTING.finding("body", number, start + 1, max(1, len(text) - start))


def _check_plain_tail(body: str, lines: list[str]) -> Iterator[Finding]:
    # markup keeps a body past its line budget as plain paragraphs; say from where.
    number = plain_tail_line(body)
    if number is not None:
        text = lines[number - 1] if number <= len(lines) else ""
        limit = f"{markdown_limits.MAX_FORMATTED_LINES:,}".replace(",", ".")
        yield _PLAIN_TAIL.finding("body", number, 1, len(text), limit=limit)


def _check_empty_paragraphs(lines: list[str]) -> Iterator[Finding]:
    first_text = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    last_text = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    blank_run: list[int] = []
    for index, line in enumerate(lines):
        if _NBSP_ONLY.match(line) and line.strip(" \t"):
            yield _spacing_finding(index, line, "hårde mellemrum")
        elif _BREAK_ONLY.match(line) and line.strip():
            yield _spacing_finding(index, line, "linjeskift (<br>)")
        if not line.strip(" \t") and first_text < index < last_text:
            blank_run.append(index)
            continue
        if len(blank_run) >= 2:
            yield _BLANK_LINES.finding("body", blank_run[1] + 1, 1, 0, count=len(blank_run))
        blank_run = []


def _spacing_finding(index: int, line: str, what: str) -> Finding:
    return _SPACING.finding("body", index + 1, 1, len(line), "", safe=True, what=what)


def _check_colour(lines: list[str]) -> Iterator[Finding]:
    for index, line in enumerate(lines):
        for match in _COLOUR_SPAN.finditer(line):
            inner = match.group("inner")
            yield _COLOUR_EMPHASIS.finding(
                "body",
                index + 1,
                match.start() + 1,
                match.end() - match.start(),
                f"**{inner.strip()}**" if inner and inner.strip() else None,
            )


def _check_images(lines: list[str]) -> Iterator[Finding]:
    for index, line in enumerate(lines):
        if "![" not in line and "<" not in line:
            continue  # the common case, without two regex scans per line
        images: list[tuple[int, int, str, str]] = [
            (m.start(), m.end(), m.group("alt"), m.group("src")) for m in _MD_IMAGE.finditer(line)
        ]
        for m in _HTML_IMAGE.finditer(line):
            tag = m.group(0)
            images.append(
                (m.start(), m.end(), _attribute(_HTML_ALT, tag), _attribute(_HTML_SRC, tag))
            )
        for start, end, alt_text, src in images:
            length = end - start
            if not alt_text.strip():
                yield _IMAGE_ALT.finding("body", index + 1, start + 1, length)
            if _TEXTLIKE.search(src) or _TEXTLIKE.search(alt_text):
                yield _TEXT_AS_IMAGE.finding("body", index + 1, start + 1, length)


def _attribute(pattern: re.Pattern[str], tag: str) -> str:
    match = pattern.search(tag)
    if match is None:
        return ""
    return next((group for group in match.groups() if group is not None), "")


def _check_signature(document: LetterDocument) -> Iterator[Finding]:
    if document.signature is None or document.signature_alt.strip():
        return
    yield _SIGNATURE_ALT.finding("signer.name", 1, 1, 0)
