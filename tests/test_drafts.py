from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkletter.drafts import dump_draft, load_draft, parse_draft, save_draft
from kkletter.errors import DraftError, OutputError
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.safefile import write_file as write_atomic

MINIMAL = 'template = "brev"\nprofile = "sof-borgmester"\n'


def test_minimal_draft_loads_undated() -> None:
    letter = parse_draft(MINIMAL)
    assert letter.template == "brev"
    assert letter.date is None
    assert letter.recipient == Recipient()


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    letter = Letter(
        template="notat",
        profile="sof-borgmester",
        date=dt.date(2023, 4, 12),
        subject="Emne",
        body="# Overskrift\n\nTekst med **fed**.\n",
        recipient=Recipient("Navn", ("Linje 1", "1599 København V"), "Kære Navn", "Til"),
        case=CaseRef("2023-0142055", "2023-0142055-2", document_label="Dokumentnr."),
        signer=Signer("Ida Hansen", "Kontorchef", tmp_path / "sig.png", "33 66 00 00", "i@kk.dk"),
        fields={"sagsbehandler": "Jonas", "liste": [{"a": "b"}]},
        closing="Med venlig hilsen",
        date_style="full",
    )
    path = tmp_path / "kladde.toml"
    save_draft(letter, path)
    assert 'signature = "sig.png"' in path.read_text(encoding="utf-8")
    assert load_draft(path) == letter


def test_invalid_toml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "brev.toml"
    path.write_text(MINIMAL + 'subject = "uafsluttet\n', encoding="utf-8")
    with pytest.raises(DraftError, match="linje 3") as info:
        load_draft(path)
    assert info.value.line == 3
    assert info.value.column is not None


def test_missing_draft_says_so(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="findes ikke"):
        load_draft(tmp_path / "nej.toml")


def test_non_utf8_draft_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "brev.toml"
    path.write_bytes((MINIMAL + 'subject = "Kære Søren"\n').encode("cp1252"))
    with pytest.raises(DraftError, match="UTF-8"):
        load_draft(path)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('date = "14. september 2016"', "'date' skal være en dato"),
        ("subject = 3", "'subject' skal være tekst"),
        ("recipient = 3", r"\[recipient\] skal være en tabel"),
        ("[recipient]\naddress = [1, 2]", "recipient.address"),
        ("format = 99", "nyere udgave"),
    ],
)
def test_wrong_types_get_a_danish_message(extra: str, message: str) -> None:
    with pytest.raises(DraftError, match=message):
        parse_draft(MINIMAL + extra + "\n")


def test_missing_template_key_points_to_the_listing() -> None:
    with pytest.raises(DraftError, match="kkletter templates"):
        parse_draft('profile = "x"\n')


def test_control_characters_are_cleaned_on_load() -> None:
    letter = parse_draft(MINIMAL + 'body = "a\\u000cb\\u0000c"\n')
    assert letter.body == "a\nbc"


def test_atomic_write_keeps_existing_file_when_replace_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "brev.docx"
    path.write_text("gammel", encoding="utf-8")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="åben i et andet program"):
        write_atomic(path, b"ny")
    assert path.read_text(encoding="utf-8") == "gammel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brev.docx"]


def test_atomic_write_into_missing_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="findes ikke"):
        write_atomic(tmp_path / "nej" / "brev.docx", b"x")


def test_atomic_write_onto_a_directory_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "mappe"
    target.mkdir()
    with pytest.raises(OutputError):
        write_atomic(target, b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mappe"]


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


@given(subject=_text, body=_text, name=_text)
def test_dump_then_parse_is_identity_on_clean_text(subject: str, body: str, name: str) -> None:
    letter = parse_draft(MINIMAL)
    from dataclasses import replace

    from kkletter.text import clean_text

    letter = replace(
        letter,
        subject=clean_text(subject),
        body=clean_text(body),
        recipient=Recipient(name=clean_text(name)),
    )
    assert parse_draft(dump_draft(letter)) == letter
