"""Gem som skabelon: the letter's own values become placeholders the checks flag."""

from __future__ import annotations

import datetime as dt

from kkletter.checks import check_letter
from kkletter.cli import new_letter
from kkletter.library import Layer, LibraryLocations, load_library
from kkletter.library.new_template import save_as_template
from kkletter.model import CaseRef, Letter, Recipient


def test_a_letter_saved_as_a_template_starts_new_letters_with_placeholders(
    locations: LibraryLocations,
) -> None:
    library = load_library(locations)
    letter = Letter(
        template="brev",
        profile="sof-borgmester",
        date=dt.date(2026, 3, 2),
        subject="Tilskud til foreningen",
        recipient=Recipient(name="DOK - Diakonale Organisationer"),
        case=CaseRef("2026-0012345", "2026-0012345-7"),
        body="Kære DOK - Diakonale Organisationer\n\nTak for brevet af 2. marts 2026 i sag "
        "2026-0012345 om Tilskud til foreningen. Vi svarer snart.\n",
    )
    personal = Layer("personal", locations.personal, locations.personal)
    save_as_template(
        personal, "tilskud", "Svar om tilskud", letter, library.templates["brev"].value
    )
    library = load_library(locations)
    entry = library.templates["tilskud"]
    assert (entry.origin, entry.value.name) == ("personal", "Svar om tilskud")
    assert entry.value.case_block == library.templates["brev"].value.case_block
    body = entry.value.default_body
    assert body == (
        "Kære [Indsæt modtagerens navn]\n\nTak for brevet af [Indsæt dato] i sag "
        "[Indsæt sagsnummer] om [Indsæt emne]. Vi svarer snart.\n"
    )
    fresh = new_letter("tilskud", "sof-borgmester", library.catalogs())
    findings = check_letter(fresh, library.catalogs())
    placeholders = [f for f in findings if f.rule == "PLACEHOLDER" and f.field == "body"]
    assert len(placeholders) == 4
