"""Compose a letter into the one layout every renderer draws.

`compose_letter` resolves the template and the profile, renders the body, and returns a
`LetterDocument`: the letterhead, the case block, the recipient, the body blocks, the
closing and the signature, plus the document properties. The DOCX writer and the GUI
preview draw exactly this; the checks read it too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kkletter.dates import DATE_STYLES, format_letter_date
from kkletter.errors import TemplateError
from kkletter.markup import Block, number_sections, parse_markdown
from kkletter.model import Letter, Profile
from kkletter.profiles import get_profile, load_profiles
from kkletter.templating import (
    TemplateSpec,
    get_template,
    load_catalog,
    render_body,
    template_fields,
)
from kkletter.text import clean_text

LANGUAGE = "da-DK"


@dataclass(frozen=True)
class Labelled:
    """A line of the case block or contact column; `label` may be empty."""

    label: str
    value: str


@dataclass(frozen=True)
class Letterhead:
    """Everything printed in the first page's letterhead and right-hand column."""

    organisation: str
    unit: str
    subunit: str
    case_block: tuple[Labelled, ...]
    contact_heading: str
    contact: tuple[Labelled, ...]


@dataclass(frozen=True)
class DocumentProperties:
    """Core and custom document properties for records systems."""

    title: str
    author: str
    created: dt.datetime
    subject: str = ""
    keywords: str = ""
    language: str = LANGUAGE
    custom: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LetterDocument:
    """A composed letter, ready to draw."""

    template_id: str
    letterhead: Letterhead
    recipient: tuple[str, ...]
    document_type: str
    subject: str
    salutation: str
    body: tuple[Block, ...]
    closing: str
    signer_name: str
    signer_title: str
    signature: Path | None
    signature_alt: str
    properties: DocumentProperties
    date_text: str = ""
    fields: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogs:
    """The templates and profiles a letter is composed with."""

    templates: Mapping[str, TemplateSpec]
    profiles: Mapping[str, Profile]

    @classmethod
    def shipped(cls) -> Catalogs:
        """Return the templates and profiles shipped with kkletter."""
        return cls(load_catalog(), load_profiles())


def compose_letter(
    letter: Letter, catalogs: Catalogs, *, now: dt.datetime | None = None
) -> LetterDocument:
    """Resolve template and profile for `letter` and return its `LetterDocument`."""
    spec = get_template(letter.template, catalogs.templates)
    profile = get_profile(letter.profile, catalogs.profiles)
    style = letter.date_style or spec.date_style
    if style not in DATE_STYLES:
        raise TemplateError(
            f"Ukendt datoformat '{style}'. Gyldige: {', '.join(DATE_STYLES)}.", field="date_style"
        )
    date_text = format_letter_date(letter.date, style)
    blocks = parse_markdown(render_body(spec, letter))
    if spec.number_sections:
        blocks = number_sections(blocks)
    recipient = _recipient_lines(letter, spec)
    closing = spec.closing if letter.closing is None else letter.closing
    created = (
        dt.datetime.combine(letter.date, dt.time(12, 0))
        if letter.date
        else (now or dt.datetime.now().replace(microsecond=0))
    )
    subject = clean_text(letter.subject).strip()
    properties = DocumentProperties(
        title=subject or spec.name,
        author=letter.signer.name or profile.unit or profile.organisation,
        created=created,
        subject=spec.name,
        keywords=", ".join(v for v in (letter.case.number, letter.case.document) if v),
        custom=(
            ("Sagsnummer", letter.case.number),
            ("Dokumentnummer", letter.case.document),
            ("Skabelon", spec.id),
            ("Afsenderprofil", profile.id),
        ),
    )
    return LetterDocument(
        template_id=spec.id,
        letterhead=_letterhead(letter, spec, profile, date_text),
        recipient=recipient,
        document_type=spec.document_type,
        subject=subject,
        salutation=clean_text(letter.recipient.salutation).strip() if spec.needs_salutation else "",
        body=blocks,
        closing=closing,
        signer_name=clean_text(letter.signer.name).strip(),
        signer_title=clean_text(letter.signer.title).strip(),
        signature=letter.signer.signature,
        signature_alt=f"Underskrift: {letter.signer.name}".strip()
        if letter.signer.name
        else "Underskrift",
        properties=properties,
        date_text=date_text,
        fields=template_fields(spec, letter),
    )


def _recipient_lines(letter: Letter, spec: TemplateSpec) -> tuple[str, ...]:
    recipient = letter.recipient
    name = clean_text(recipient.name).strip()
    prefix = (recipient.prefix or spec.recipient_prefix).strip()
    lines = [f"{prefix} {name}" if prefix and name else name]
    lines.extend(clean_text(line).strip() for line in recipient.address)
    return tuple(line for line in lines if line)


def _case_value(source: str, letter: Letter, spec: TemplateSpec, date_text: str) -> str:
    if source == "date":
        return date_text
    if source == "case.number":
        return letter.case.number
    if source == "case.document":
        return letter.case.document
    if source.startswith("fields."):
        return str(template_fields(spec, letter).get(source.removeprefix("fields."), "") or "")
    raise TemplateError(
        f"Skabelonen '{spec.id}' har en ukendt kilde '{source}' i sagsblokken.", path=spec.folder
    )


def _letterhead(letter: Letter, spec: TemplateSpec, profile: Profile, date_text: str) -> Letterhead:
    lines: list[Labelled] = []
    for case_line in spec.case_block:
        label = case_line.label
        if case_line.source == "case.number" and letter.case.number_label:
            label = letter.case.number_label
        if case_line.source == "case.document" and letter.case.document_label:
            label = letter.case.document_label
        value = clean_text(_case_value(case_line.source, letter, spec, date_text)).strip()
        # The date line always shows, so an undated letter visibly lacks its date.
        if value or case_line.source == "date":
            lines.append(Labelled(label, value))
    direct_phone = letter.signer.phone or profile.direct_phone
    email = letter.signer.email or profile.email
    contact = [Labelled("", line) for line in profile.address]
    for label, value in (
        ("Telefon", profile.phone),
        ("Direkte telefon", direct_phone),
        ("Telefax", profile.fax),
        ("E-mail", email),
        ("", profile.web),
        ("EAN nummer", profile.ean),
    ):
        if value:
            contact.append(Labelled(label, value))
    return Letterhead(
        organisation=profile.organisation,
        unit=profile.unit,
        subunit=profile.subunit,
        case_block=tuple(lines),
        contact_heading=profile.contact_heading,
        contact=tuple(contact),
    )
