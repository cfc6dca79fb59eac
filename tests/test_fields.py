"""The one table of the letter's fields: names, labels, read and write."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from kkletter.checks.fields import letter_texts, replace_text
from kkletter.fields import (
    FIELDS,
    TEXT_FIELDS,
    LetterField,
    field_label,
    get_field,
    sort_key,
)
from kkletter.model import Letter, Recipient

LETTER = Letter(template="brev", profile="sof-borgmester")


def test_names_are_unique_and_labels_danish_words() -> None:
    names = [field.name for field in FIELDS]
    assert len(names) == len(set(names))
    for field in FIELDS:
        assert field.label
        assert field.label != field.name


@given(st.sampled_from(TEXT_FIELDS), st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
def test_writing_a_text_field_then_reading_it_gives_the_text(field: LetterField, text: str) -> None:
    text = text if field.kind == "text" else text.replace("\r", "")
    written = field.write(LETTER, text)
    assert field.read(written) == text
    # Every other text field is left as it was.
    for other in TEXT_FIELDS:
        if other is not field:
            assert other.read(written) == other.read(LETTER)


def test_an_empty_address_is_no_lines() -> None:
    letter = get_field("recipient.address").write(LETTER, "")
    assert letter.recipient.address == ()


def test_checks_name_fields_from_the_table() -> None:
    letter = dataclasses.replace(
        LETTER,
        subject="Emne",
        closing="Med venlig hilsen",
        recipient=Recipient(name="A", address=("Vej 1", "2300 S")),
        fields={"note": "tekst"},
    )
    names = {text.name for text in letter_texts(letter)}
    assert names == {"subject", "closing", "recipient.name", "recipient.address", "fields.note"}
    assert replace_text(letter, "closing", "Hilsen").closing == "Hilsen"


def test_a_finding_in_closing_shows_a_danish_label() -> None:
    assert field_label("closing") == "Hilsen"
    assert field_label("case.number") == "Sagsnr."
    assert field_label("profile.phone") == "Afsender"


def test_text_inside_a_status_table_takes_the_template_fields_label() -> None:
    labels = {"statusskemaer": "Statusskemaer"}
    assert field_label("fields.statusskemaer.0.rows.2.1", labels) == "Statusskemaer"
    assert field_label("fields.statusskemaer", labels) == "Statusskemaer"
    assert field_label("fields.ukendt") == "ukendt"


def test_reading_order_puts_the_profile_lines_after_the_profile_and_body_before_closing() -> None:
    assert sort_key("template") < sort_key("profile") < sort_key("profile.phone")
    assert sort_key("profile.ean") < sort_key("date") < sort_key("subject")
    assert sort_key("body") < sort_key("closing") < sort_key("fields.x")
