"""Accessibility rules for letters sent through Digital Post (family "accessibility").

Since 1 July 2023 letters from public authorities must be accessible: a document title
and language, real headings in order, tables with header rows, alt text on images, no
empty paragraphs used as spacing and no meaning carried by colour alone. The rules read
the Markdown body as the user wrote it (positions are 1-based line/column in the field
"body") and the composed `LetterDocument` (title, signature image).

Rule ids: A11Y_TITLE, A11Y_HEADING_SKIP, A11Y_TABLE_HEADER, A11Y_EMPTY_PARAGRAPHS,
A11Y_COLOUR_EMPHASIS, A11Y_IMAGE_ALT, A11Y_TEXT_AS_IMAGE.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from kkletter.checks.findings import Finding
from kkletter.compose import LetterDocument
from kkletter.markup import Block, Heading, Table, parse_markdown
from kkletter.model import Letter

FAMILY = "accessibility"

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
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_HTML_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_HTML_SRC = re.compile(r"\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
# File names and alt texts that betray a picture of text (a screenshot, a scan, a clipping).
_TEXTLIKE = re.compile(
    r"sk(?:æ|ae)rm(?:billede|klip|dump)|screen[\s_-]*shot|\bscan|udklip|clipboard|"
    r"\bimage\d+|\bbillede\d+|\btekst|\btext\b|\btabel|\btable\b|\.pdf\b",
    re.IGNORECASE,
)


def check_accessibility(letter: Letter, document: LetterDocument) -> list[Finding]:
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
    ]
    return sorted(findings, key=lambda f: (f.field, f.line, f.column, f.rule))


def _check_title(letter: Letter, document: LetterDocument) -> Iterator[Finding]:
    # compose falls back to the template's name when there is no subject, so only a
    # document that would really leave the PDF untitled is reported.
    if document.properties.title.strip():
        return
    yield Finding(
        rule="A11Y_TITLE",
        severity="error",
        field="subject",
        line=1,
        column=1,
        length=len(letter.subject),
        message="Brevet har ingen titel, så skærmlæsere og Digital Post kan ikke vise, hvad "
        "det handler om. Skriv et emne (overskrift) til brevet.",
    )


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
            yield Finding(
                rule="A11Y_HEADING_SKIP",
                severity="warning",
                field="body",
                line=block.line or 1,
                column=column,
                length=length,
                message=f"Overskriften '{block.text.strip()}' er på niveau {block.level} "
                f"{after}, så et niveau springes over, og skærmlæsere viser en forkert "
                f"opbygning. Brug niveau {expected} ({'#' * expected}).",
                suggestion=suggestion,
            )
        previous = block.level


def _check_tables(blocks: Sequence[Block], lines: list[str]) -> Iterator[Finding]:
    for block in blocks:
        if not isinstance(block, Table) or not block.rows or block.header_rows < 1:
            continue
        header = block.rows[: block.header_rows]
        if any(cell.text.strip() for row in header for cell in row.cells):
            continue
        line = block.line or 1
        source = lines[line - 1] if line <= len(lines) else ""
        yield Finding(
            rule="A11Y_TABLE_HEADER",
            severity="warning",
            field="body",
            line=line,
            column=1,
            length=len(source),
            message="Tabellen har ingen overskriftsrække (første række er tom), så "
            "skærmlæsere kan ikke sige, hvad kolonnerne indeholder. Skriv kolonnernes "
            "navne i første række.",
        )


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
            yield Finding(
                rule="A11Y_EMPTY_PARAGRAPHS",
                severity="info",
                field="body",
                line=blank_run[1] + 1,
                column=1,
                length=0,
                message=f"{len(blank_run)} tomme linjer i træk: ekstra tomme linjer giver "
                "ikke mere luft i brevet. Brug én tom linje mellem afsnit og en "
                "overskrift eller sideskift (---) til at dele teksten.",
            )
        blank_run = []


def _spacing_finding(index: int, line: str, what: str) -> Finding:
    return Finding(
        rule="A11Y_EMPTY_PARAGRAPHS",
        severity="warning",
        field="body",
        line=index + 1,
        column=1,
        length=len(line),
        message=f"Et afsnit med kun {what} bruges som luft; skærmlæsere læser det op som "
        "et tomt afsnit. Slet linjen, og brug overskrifter eller sideskift (---) til at "
        "dele teksten.",
        suggestion="",
        safe=True,
    )


def _check_colour(lines: list[str]) -> Iterator[Finding]:
    for index, line in enumerate(lines):
        for match in _COLOUR_SPAN.finditer(line):
            inner = match.group("inner")
            yield Finding(
                rule="A11Y_COLOUR_EMPHASIS",
                severity="warning",
                field="body",
                line=index + 1,
                column=match.start() + 1,
                length=match.end() - match.start(),
                message="Tekst fremhæves kun med farve; det ser blinde og farveblinde ikke, "
                "og farven kommer ikke med i brevet. Fremhæv med **fed** i stedet.",
                suggestion=f"**{inner.strip()}**" if inner and inner.strip() else None,
            )


def _check_images(lines: list[str]) -> Iterator[Finding]:
    for index, line in enumerate(lines):
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
                yield Finding(
                    rule="A11Y_IMAGE_ALT",
                    severity="error",
                    field="body",
                    line=index + 1,
                    column=start + 1,
                    length=length,
                    message="Billedet har ingen alternativ tekst, så skærmlæsere kan ikke "
                    "fortælle, hvad det viser. Skriv en kort beskrivelse mellem [ ], "
                    "fx ![Kort over Nørrebro](kort.png).",
                )
            if _TEXTLIKE.search(src) or _TEXTLIKE.search(alt_text):
                yield Finding(
                    rule="A11Y_TEXT_AS_IMAGE",
                    severity="warning",
                    field="body",
                    line=index + 1,
                    column=start + 1,
                    length=length,
                    message="Billedet ser ud til at være tekst (et skærmbillede, en scanning "
                    "eller et udklip). Tekst i billeder kan ikke læses op, forstørres eller "
                    "søges i. Skriv teksten ind i brevet i stedet.",
                )


def _attribute(pattern: re.Pattern[str], tag: str) -> str:
    match = pattern.search(tag)
    if match is None:
        return ""
    return next((group for group in match.groups() if group is not None), "")


def _check_signature(document: LetterDocument) -> Iterator[Finding]:
    if document.signature is None or document.signature_alt.strip():
        return
    yield Finding(
        rule="A11Y_IMAGE_ALT",
        severity="error",
        field="signer.name",
        line=1,
        column=1,
        length=0,
        message="Underskriften er et billede uden alternativ tekst. Skriv underskriverens "
        "navn, så billedet får navnet som beskrivelse.",
    )
