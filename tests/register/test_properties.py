"""Properties: any search text is answered (never an error), and every row is accounted for."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kkletter.model import Letter, Recipient
from kkletter.register.addresses import AddressBook
from kkletter.register.database import open_database
from kkletter.register.records import SearchQuery, make_record
from kkletter.register.store import Register, words


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    path = tmp_path_factory.mktemp("prop") / "register.sqlite3"
    opened = open_database(f"sqlite:///{path}")
    register = Register(opened.engine)
    for n, name in enumerate(["Røde Kors København", "Ældresagen", "DOK", "Hus Forbi"]):
        letter = Letter(
            "brev",
            "sof-borgmester",
            subject=f'Svar om tilskud {n} – "citat" og 100% (*) AND OR NEAR',
            body="Tak for jeres brev af 14. september; vi vender tilbage.",
            recipient=Recipient(name=name),
        )
        register.record(make_record(letter, []))
    yield register
    register.close()


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40))
def test_any_search_text_is_answered_and_matches_word_beginnings(
    filled: Register, text: str
) -> None:
    page = filled.search(SearchQuery(text=text))
    typed = words(text)
    for row in page.items:
        entry = filled.get(row.number)
        haystack = words(
            " ".join([entry.summary.subject, entry.summary.recipient, entry.letter().body])
        )
        for word in typed:
            assert any(candidate.startswith(word) for candidate in haystack), (word, row)
    if not typed:
        assert page.total == 4


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
        ),
        max_size=15,
    )
)
def test_every_imported_row_is_added_updated_or_reported(rows: list[tuple[str, str]]) -> None:
    import csv

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "adresser.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["navn", "adresse1"])
            writer.writerows(rows)
        opened = open_database(f"sqlite:///{Path(folder) / 'r.sqlite3'}")
        try:
            book = AddressBook(opened.engine)
            report = book.import_file(source)
            entries = book.entries()
        finally:
            opened.engine.dispose()
    # Rows with any text are either stored (possibly merged as duplicates) or reported.
    non_empty = [r for r in rows if (r[0].strip() or r[1].strip()) and "\n" not in r[0] + r[1]]
    named = {" ".join(r[0].split()).casefold() for r in non_empty if r[0].strip()}
    assert {" ".join(e.name.split()).casefold() for e in entries} == named
    assert len(report.rejected) == sum(1 for r in non_empty if not r[0].strip())
    assert report.added == len(entries)
