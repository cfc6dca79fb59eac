"""Standard paragraphs (standardtekster): Markdown with a TOML head, found by title or short name.

A paragraph file `paragraphs/<id>.md` starts with a head between `+++` lines:

    +++
    title = "Klagevejledning – serviceloven"
    category = "Afgørelse"
    keywords = ["klage", "Ankestyrelsen"]
    short = "klagesel"
    +++
    Du kan klage over afgørelsen ...  {{ recipient.name }}  {{ date }}
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import tomli_w
from jinja2.sandbox import SandboxedEnvironment

from kkletter.dates import format_letter_date
from kkletter.errors import LibraryError, os_reason
from kkletter.model import Letter
from kkletter.readfile import MAX_LIBRARY_FILE_BYTES, read_regular_file
from kkletter.tomlsource import key_line, parse_toml

_WHAT = "Standardteksten"
_FENCE = "+++"
SHORT_NAME = re.compile(r"[0-9a-zæøå_-]{2,30}")


@dataclass(frozen=True)
class Paragraph:
    """One standard paragraph: what the picker shows and the Markdown it inserts."""

    id: str
    title: str
    body: str
    category: str = ""
    keywords: tuple[str, ...] = ()
    short: str = ""  # typed before F3; empty: the id

    @property
    def short_name(self) -> str:
        """Return the name typed before F3 to insert the paragraph."""
        return self.short or self.id

    @cached_property
    def search_text(self) -> str:
        """Return the lower-case text the picker's filter matches against (computed once)."""
        return " ".join(
            (self.title, self.category, " ".join(self.keywords), self.short_name, self.body)
        ).casefold()


def load_paragraph(path: Path) -> Paragraph:
    """Read `path`; errors name the file and the line."""
    try:
        text = read_regular_file(path, MAX_LIBRARY_FILE_BYTES).decode("utf-8-sig")
    except OSError as exc:
        raise LibraryError(f"{_WHAT} {path} kan ikke læses: {os_reason(exc)}.", path=path) from exc
    except UnicodeDecodeError as exc:
        raise LibraryError(
            f"{_WHAT} {path}, linje 1: filen er ikke gemt som UTF-8. Gem den som UTF-8.",
            path=path,
            line=1,
        ) from exc
    return parse_paragraph(text, path)


def parse_paragraph(text: str, path: Path) -> Paragraph:
    """Return the paragraph in `text` (read from `path`, whose stem is its id)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise LibraryError(
            f"{_WHAT} {path}, linje 1: filen skal begynde med en linje '+++', så titel, "
            "kategori og nøgleord, så '+++' igen og til sidst teksten.",
            path=path,
            line=1,
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        last = len(text.rstrip("\n").split("\n"))
        raise LibraryError(
            f"{_WHAT} {path}, linje {last}: hovedet afsluttes ikke med en linje '+++'.",
            path=path,
            line=last,
        ) from None
    head_text = "\n".join(lines[1:end])
    head = parse_toml(head_text, path, _WHAT, first_line=2)
    title = head.get("title")
    if not isinstance(title, str) or not title.strip():
        line = key_line(head_text, "title", first_line=2)
        raise LibraryError(
            f"{_WHAT} {path}, linje {line}: 'title' mangler; skriv en titel i anførselstegn.",
            path=path,
            line=line,
        )
    keywords = head.get("keywords", [])
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",")]
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        line = key_line(head_text, "keywords", first_line=2)
        raise LibraryError(
            f"{_WHAT} {path}, linje {line}: 'keywords' skal være en liste af ord, "
            'fx ["klage", "frist"].',
            path=path,
            line=line,
        )
    category = head.get("category", "")
    short = head.get("short", "")
    for key, value in (("category", category), ("short", short)):
        if not isinstance(value, str):
            line = key_line(head_text, key, first_line=2)
            raise LibraryError(
                f"{_WHAT} {path}, linje {line}: '{key}' skal være tekst i anførselstegn.",
                path=path,
                line=line,
            )
    if short and not SHORT_NAME.fullmatch(short):
        line = key_line(head_text, "short", first_line=2)
        raise LibraryError(
            f"{_WHAT} {path}, linje {line}: kortnavnet '{short}' må kun have små bogstaver, "
            "tal, - og _ (2-30 tegn), så det kan skrives før F3.",
            path=path,
            line=line,
        )
    body = "\n".join(lines[end + 1 :]).strip("\n") + "\n"
    return Paragraph(
        id=path.stem,
        title=title.strip(),
        body=body,
        category=category.strip(),
        keywords=tuple(k for k in keywords if k),
        short=short.strip(),
    )


def paragraph_to_text(paragraph: Paragraph) -> str:
    """Return `paragraph` in the file format `parse_paragraph` reads."""
    head: dict[str, Any] = {"title": paragraph.title, "category": paragraph.category}
    head["keywords"] = list(paragraph.keywords)
    if paragraph.short:
        head["short"] = paragraph.short
    return f"{_FENCE}\n{tomli_w.dumps(head)}{_FENCE}\n{paragraph.body.strip(chr(10))}\n"


def filter_paragraphs(paragraphs: Sequence[Paragraph], query: str) -> list[Paragraph]:
    """Return the paragraphs whose title, category, keywords, short name or text hold every word.

    Matches on the title rank first, so "klage" shows "Klagevejledning" before a paragraph
    that only mentions a complaint in its text.
    """
    return rank_paragraphs(matching_paragraphs(paragraphs, query), query)


def matching_paragraphs(paragraphs: Sequence[Paragraph], query: str) -> list[Paragraph]:
    """Return the paragraphs holding every word of `query`, in their given order.

    When `query` extends an earlier query, its matches are among the earlier ones: the
    picker passes those instead of all paragraphs, so typing gets faster as it narrows.
    """
    words = query.casefold().split()
    if not words:
        return list(paragraphs)
    return [p for p in paragraphs if all(w in p.search_text for w in words)]


def rank_paragraphs(hits: Sequence[Paragraph], query: str) -> list[Paragraph]:
    """Return `hits` with those whose title holds every word of `query` first."""
    words = query.casefold().split()
    in_title = [p for p in hits if all(w in p.title.casefold() for w in words)] if words else []
    if not in_title:
        return list(hits)
    chosen = {id(p) for p in in_title}
    return in_title + [p for p in hits if id(p) not in chosen]


def find_short_name(paragraphs: Iterable[Paragraph], word: str) -> Paragraph | None:
    """Return the paragraph whose short name is `word` (case-insensitive), if any."""
    key = word.casefold()
    for paragraph in paragraphs:
        if paragraph.short_name.casefold() == key:
            return paragraph
    return None


class _KeptUndefined(jinja2.Undefined):
    """An unknown or empty field stays in the text as `{{ name }}`, so the checks flag it."""

    def __str__(self) -> str:
        owner = self._undefined_obj
        name = self._undefined_name
        if isinstance(owner, _Fields):
            name = f"{owner.prefix}.{name}"
        return f"{{{{ {name} }}}}"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _KeptUndefined(name=f"{self._undefined_name}.{name}")


_ENV = SandboxedEnvironment(undefined=_KeptUndefined, autoescape=False, keep_trailing_newline=True)
_ENV.filters["dato"] = lambda day, style="long": (
    format_letter_date(day, style) if isinstance(day, dt.date) else str(day)
)


class _Fields(dict[str, Any]):
    """A group of the letter's fields ("recipient", "fields"), named for `_KeptUndefined`."""

    def __init__(self, prefix: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.prefix = prefix


def _filled(prefix: str, values: dict[str, Any]) -> _Fields:
    """Return `values` with each empty value replaced by its own `{{ prefix.key }}` marker."""
    return _Fields(
        prefix,
        {k: v if v not in ("", None, ()) else f"{{{{ {prefix}.{k} }}}}" for k, v in values.items()},
    )


def expand_paragraph(paragraph: Paragraph, letter: Letter, *, today: dt.date | None = None) -> str:
    """Return the paragraph's Markdown with the letter's fields filled in.

    A field the letter leaves empty stays as `{{ field }}`, which the checks report as a
    placeholder, so an inserted paragraph is checked like any other text.
    """
    day = today or dt.date.today()
    context: dict[str, Any] = {
        "recipient": _filled(
            "recipient",
            {
                "name": letter.recipient.name,
                "salutation": letter.recipient.salutation,
                "address": ", ".join(letter.recipient.address),
            },
        ),
        "case": _filled("case", {"number": letter.case.number, "document": letter.case.document}),
        "signer": _filled(
            "signer",
            {
                "name": letter.signer.name,
                "title": letter.signer.title,
                "phone": letter.signer.phone,
                "email": letter.signer.email,
            },
        ),
        "fields": _filled("fields", dict(letter.fields)),
        "subject": letter.subject or "{{ subject }}",
        "date": format_letter_date(letter.date, "long") if letter.date else "{{ date }}",
        "today": format_letter_date(day, "long"),
        "deadline": lambda weeks: format_letter_date(
            (letter.date or day) + dt.timedelta(weeks=int(weeks)), "long"
        ),
    }
    try:
        return _ENV.from_string(paragraph.body).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise LibraryError(
            f"Standardteksten '{paragraph.title}' har en fejl i et felt, linje {exc.lineno}: "
            f"{exc.message}. Ret teksten under Bibliotek → Standardtekster.",
            line=exc.lineno,
        ) from exc
    except (jinja2.TemplateError, TypeError, ValueError) as exc:
        raise LibraryError(
            f"Standardteksten '{paragraph.title}' kunne ikke udfyldes: {str(exc).rstrip('.')}. "
            "Ret teksten under "
            "Bibliotek → Standardtekster."
        ) from exc
