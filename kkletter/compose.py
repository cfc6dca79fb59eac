"""Compose a letter into the one layout every renderer draws.

`compose_letter` resolves the template and the profile, renders the body, and returns a
`LetterDocument`: the letterhead, the case block, the recipient, the body blocks, the
closing and the signature, plus the document properties. The DOCX writer, the PDF
renderer and the page view draw exactly this; the checks read it too.

The contract: every text in a `LetterDocument` is cleaned here, once (`clean_text`,
stripped), and everything a renderer needs is computed here (the letterhead lines,
the groups of the right-hand column with their spacing, the writing direction lives
in `kkletter.layout`). No renderer re-cleans text or re-derives a layout rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kkletter.dates import DATE_STYLES, format_letter_date
from kkletter.errors import TemplateError
from kkletter.layout import LAYOUT
from kkletter.markup import Block, number_sections, parse_markdown
from kkletter.model import Letter, Logo, Profile
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
class ColumnGroup:
    """Lines of the right-hand column printed together, `space_before_pt` below the last."""

    lines: tuple[str, ...]
    space_before_pt: float = 0.0
    bold: bool = False


@dataclass(frozen=True)
class Letterhead:
    """Everything printed in the first page's letterhead and right-hand column.

    `column` is the right-hand column as drawn: the case block (label above value),
    the contact heading, the address lines together, then each contact entry. A new
    letterhead element (a logo, say) is a field here, drawn by the DOCX writer's
    `_write_letterhead` and by the letterhead section of `resources/typst/letter.typ`
    (passed in `kkletter.pdf.native.letter_inputs`).
    """

    organisation: str
    unit: str
    subunit: str
    case_block: tuple[Labelled, ...]
    contact_heading: str
    contact: tuple[Labelled, ...]
    column: tuple[ColumnGroup, ...] = ()
    logo: Logo | None = None  # the unit's logo above the letterhead lines (issue 11)

    @property
    def lines(self) -> tuple[tuple[str, bool], ...]:
        """Return the letterhead's (text, bold) lines: the organisation in capitals first."""
        lines = ((self.organisation.upper(), True), (self.unit, False), (self.subunit, False))
        return tuple(line for line in lines if line[0])


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
    # Where each item comes from, for pickers: "templates/<id>" or "profiles/<id>" -> a
    # Danish label such as "fælles" (issue 11's library layers); empty: all built in.
    origins: Mapping[str, str] = field(default_factory=dict)

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
    case_number, case_document = _clean(letter.case.number), _clean(letter.case.document)
    properties = DocumentProperties(
        title=subject or _default_title(spec.name, _clean(letter.recipient.name)),
        author=_clean(letter.signer.name or profile.unit or profile.organisation),
        created=created,
        subject=_clean(spec.name),
        keywords=", ".join(v for v in (case_number, case_document) if v),
        custom=(
            ("Sagsnummer", case_number),
            ("Dokumentnummer", case_document),
            ("Skabelon", spec.id),
            ("Afsenderprofil", profile.id),
        ),
    )
    return LetterDocument(
        template_id=spec.id,
        letterhead=_letterhead(letter, spec, profile, date_text),
        recipient=recipient,
        document_type=_clean(spec.document_type),
        subject=subject,
        salutation=clean_text(letter.recipient.salutation).strip() if spec.needs_salutation else "",
        body=blocks,
        closing=_clean(closing),
        signer_name=clean_text(letter.signer.name).strip(),
        signer_title=clean_text(letter.signer.title).strip(),
        signature=letter.signer.signature,
        signature_alt=f"Underskrift: {_clean(letter.signer.name)}"
        if _clean(letter.signer.name)
        else "Underskrift",
        properties=properties,
        date_text=date_text,
        fields=template_fields(spec, letter),
    )


def _clean(text: str) -> str:
    return clean_text(text).strip()


def _default_title(template_name: str, recipient: str) -> str:
    """Return the title of a letter without a subject: template name and recipient."""
    name = _clean(template_name)
    return f"{name} til {recipient}" if recipient else name


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
        value = _clean(_case_value(case_line.source, letter, spec, date_text))
        # The date line always shows, so an undated letter visibly lacks its date.
        if value or case_line.source == "date":
            lines.append(Labelled(_clean(label), value))
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
    contact = [Labelled(_clean(item.label), _clean(item.value)) for item in contact]
    return Letterhead(
        organisation=_clean(profile.organisation),
        unit=_clean(profile.unit),
        subunit=_clean(profile.subunit),
        case_block=tuple(lines),
        contact_heading=_clean(profile.contact_heading),
        contact=tuple(contact),
        column=_column_groups(tuple(lines), _clean(profile.contact_heading), contact),
        logo=profile.logo,
    )


def _column_groups(
    case_block: tuple[Labelled, ...], heading: str, contact: list[Labelled]
) -> tuple[ColumnGroup, ...]:
    """Group the right-hand column into what is printed together, with the gaps between."""
    groups: list[ColumnGroup] = []
    for index, line in enumerate(case_block):
        texts = (line.label, line.value) if line.label else (line.value,)
        groups.append(ColumnGroup(texts, LAYOUT.column_gap_pt if index else 0.0))
    section_gap = LAYOUT.column_section_gap_pt if groups else 0.0
    if heading:
        groups.append(ColumnGroup((heading,), section_gap, bold=True))
    previous: Labelled | None = None
    for line in contact:
        if previous is None:
            gap = 0.0 if heading else section_gap
        elif line.label or previous.label:
            gap = LAYOUT.column_gap_pt
        else:  # address lines stay together
            last = groups.pop()
            groups.append(ColumnGroup((*last.lines, line.value), last.space_before_pt))
            previous = line
            continue
        texts = (line.label, line.value) if line.label else (line.value,)
        groups.append(ColumnGroup(texts, gap))
        previous = line
    return tuple(groups)
