"""The address book: Danish Excel CSV and XLSX in and out, rejected rows, autocomplete."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkletter.model import Recipient
from kkletter.register.addresses import Address, AddressBook, AddressBookError, AddressIndex
from kkletter.register.store import Register

EXCEL_CSV = (
    "navn;adresse1;adresse2;hilsen\r\n"
    "Røde Kors København;Blegdamsvej 27;2100 København Ø;Kære Røde Kors\r\n"
    ";Gade 1;;\r\n"  # line 3: no name
    "Ældresagen;Nørregade 49;1165 København K;Kære Ældresagen\r\n"
    f"{'X' * 600};;;\r\n"  # line 5: name too long
    "Børne- og Ungdomsudvalget;Rådhuset;1599 København V;Kære udvalg\r\n"
)


def test_danish_excel_csv_imports_and_reports_rejected_rows_by_line(
    register: Register, tmp_path: Path
) -> None:
    source = tmp_path / "adresser.csv"
    source.write_bytes(EXCEL_CSV.encode("cp1252"))
    report = AddressBook(register.engine).import_file(source)
    assert (report.added, report.updated) == (3, 0)
    assert [(r.line, r.reason.split(";")[0]) for r in report.rejected] == [
        (3, "rækken har intet navn"),
        (5, "navnet er 600 tegn langt (højst 500)."),
    ]
    assert "Række 3 er sprunget over" in report.describe()[1]
    entries = AddressBook(register.engine).entries()
    assert [e.name for e in entries] == [
        "Børne- og Ungdomsudvalget",
        "Røde Kors København",
        "Ældresagen",
    ]
    assert entries[1] == Address(
        "Røde Kors København", ("Blegdamsvej 27", "2100 København Ø"), "Kære Røde Kors"
    )
    # Importing again changes nothing; a changed salutation updates the entry.
    again = AddressBook(register.engine).import_file(source)
    assert (again.added, again.updated) == (0, 0)


def test_csv_export_is_danish_excel_and_reads_back(register: Register, tmp_path: Path) -> None:
    book = AddressBook(register.engine)
    book.save([Address("Ældresagen", ("Nørregade 49", "1165 København K"), "Kære Ældresagen")])
    target = tmp_path / "ud.csv"
    assert book.export_file(target) == 1
    raw = target.read_bytes()
    assert raw.decode("cp1252").startswith("navn;adresse1;adresse2;hilsen;foran\r\n")
    assert "Ældresagen;Nørregade 49;1165 København K;Kære Ældresagen;" in raw.decode("cp1252")


def test_xlsx_round_trip_keeps_every_character(register: Register, tmp_path: Path) -> None:
    book = AddressBook(register.engine)
    original = [
        Address("Łukasz Żółw", ("ul. Długa 5", "00-001 Warszawa"), "Kære Łukasz", "Til"),
        Address("Røde Kors København", ("Blegdamsvej 27",), "Kære Røde Kors"),
    ]
    book.save(original)
    target = tmp_path / "adressebog.xlsx"
    book.export_file(target)
    csv_target = tmp_path / "adressebog.csv"
    book.export_file(csv_target)
    # Outside Windows-1252: UTF-8 with BOM, which Excel opens, rather than lost letters.
    assert csv_target.read_bytes().startswith(b"\xef\xbb\xbf")
    for source in (target, csv_target):
        other = tmp_path / f"andet-{source.suffix[1:]}.sqlite3"
        from kkletter.register.database import open_database

        opened = open_database(f"sqlite:///{other}")
        try:
            report = AddressBook(opened.engine).import_file(source)
            assert report.rejected == ()
            assert sorted(AddressBook(opened.engine).entries(), key=lambda a: a.name) == sorted(
                original, key=lambda a: a.name
            )
        finally:
            opened.engine.dispose()


def test_file_without_name_column_is_refused(register: Register, tmp_path: Path) -> None:
    source = tmp_path / "forkert.csv"
    source.write_text("firma;vej\nA;B\n", encoding="utf-8")
    with pytest.raises(AddressBookError, match="ingen kolonne 'navn'"):
        AddressBook(register.engine).import_file(source)


def test_recipients_of_letters_are_remembered(register: Register) -> None:
    book = AddressBook(register.engine)
    book.remember(Recipient(name="Ældresagen", address=("Nørregade 49",), salutation="Kære"))
    book.remember(Recipient(name="  "))
    book.remember(Recipient(name="Ældresagen", address=("Nørregade 49",), salutation="Kære alle"))
    (entry,) = book.entries()
    assert entry.salutation == "Kære alle"


def test_autocomplete_finds_names_and_words_in_them() -> None:
    index = AddressIndex(
        [
            Address("Røde Kors København"),
            Address("Rødovre Kommune"),
            Address("Dansk Røde Kors"),
            Address("Ældresagen"),
        ]
    )
    assert [a.name for a in index.complete("rød")] == [
        "Røde Kors København",
        "Rødovre Kommune",
        "Dansk Røde Kors",
    ]
    assert [a.name for a in index.complete("KORS")] == ["Dansk Røde Kors", "Røde Kors København"]
    assert [a.name for a in index.complete("æld")] == ["Ældresagen"]
    assert index.complete("") == []
    assert index.complete("zzz") == []
    assert len(index.complete("r", limit=1)) == 1


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.text(min_size=1, max_size=20).filter(str.strip), max_size=30),
    typed=st.text(max_size=5),
)
def test_autocomplete_returns_only_entries_with_a_word_starting_with_the_text(
    names: list[str], typed: str
) -> None:
    index = AddressIndex([Address(name) for name in names])
    folded = " ".join(typed.casefold().split())
    found = index.complete(typed, limit=1000)
    for entry in found:
        words = " ".join(entry.name.casefold().split()).split()
        assert any(" ".join(words[i:]).startswith(folded) for i in range(len(words)))
    expected = {
        n
        for n in names
        if folded
        and any(
            " ".join(" ".join(n.casefold().split()).split()[i:]).startswith(folded)
            for i in range(len(n.split()))
        )
    }
    assert {e.name for e in found} == expected
