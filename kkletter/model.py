"""The letter as the user describes it: frozen values shared by every front end.

Glossary: sagsnummer -> `case.number`, dokumentnummer -> `case.document`,
afsender/brevhoved -> `profile`/`letterhead`, underskriver -> `signer`,
modtager -> `recipient`, høringssvar -> `hearing_reply`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A template field's value as TOML can express it (str, int, float, bool, date, list, table).
FieldValue = Any


@dataclass(frozen=True)
class Recipient:
    """Who the letter is addressed to."""

    name: str = ""
    address: tuple[str, ...] = ()
    salutation: str = ""
    prefix: str = ""  # e.g. "Til", printed before the name


@dataclass(frozen=True)
class CaseRef:
    """The records-system references printed in the case block."""

    number: str = ""  # Sagsnr.
    document: str = ""  # Dok.nr.
    number_label: str = ""  # overrides the template's label when set
    document_label: str = ""


@dataclass(frozen=True)
class Signer:
    """Who signs the letter; `phone` and `email` override the profile's direct lines."""

    name: str = ""
    title: str = ""
    signature: Path | None = None  # absolute path once loaded from a draft
    phone: str = ""
    email: str = ""
    # The signer's OS login name (library only, never in a draft): who may approve.
    user: str = ""


@dataclass(frozen=True)
class Letter:
    """One letter: what a draft file holds and what the GUI edits."""

    template: str
    profile: str
    body: str = ""
    subject: str = ""
    date: dt.date | None = None
    recipient: Recipient = field(default_factory=Recipient)
    case: CaseRef = field(default_factory=CaseRef)
    signer: Signer = field(default_factory=Signer)
    fields: Mapping[str, FieldValue] = field(default_factory=dict)
    closing: str | None = None  # None: the template's closing
    date_style: str | None = None  # None: the template's date style


@dataclass(frozen=True)
class Logo:
    """The unit's logo in the letterhead: a PNG or SVG with alternative text."""

    path: Path  # absolute once loaded from a profile
    alt: str
    width_mm: float = 30.0
    place: str = "left"  # one of LOGO_PLACES


LOGO_PLACES = ("left", "right")


@dataclass(frozen=True)
class Profile:
    """A sender: the letterhead and contact column of one unit."""

    id: str
    name: str  # shown in pickers, e.g. "Socialudvalget – Borgmesteren"
    organisation: str = "KØBENHAVNS KOMMUNE"
    unit: str = ""
    subunit: str = ""
    contact_heading: str = ""  # bold first line of the contact column
    address: tuple[str, ...] = ()
    phone: str = ""
    direct_phone: str = ""
    fax: str = ""
    email: str = ""
    web: str = "www.kk.dk"
    ean: str = ""
    logo: Logo | None = None
    requires_approval: bool = False  # its letters must be approved before they are sent
