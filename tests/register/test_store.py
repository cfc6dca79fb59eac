"""The register on both backends: recording, reading back, searching, paging."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from kkletter.drafts import parse_draft
from kkletter.model import CaseRef, Letter, Recipient, Signer
from kkletter.register.records import SearchQuery, make_record
from kkletter.register.store import Register


def _letter(n: int, **changes: object) -> Letter:
    values: dict[str, object] = {
        "template": "brev",
        "profile": "sof-borgmester",
        "date": dt.date(2026, 1, 1) + dt.timedelta(days=n),
        "subject": f"Svar om tilskud {n}",
        "body": f"Kære forening\n\nVi har behandlet ansøgning nummer {n}.",
        "recipient": Recipient(
            name="Røde Kors København" if n % 2 else "Dansk Flygtningehjælp",
            address=("Blegdamsvej 27", "2100 København Ø"),
            salutation="Kære Røde Kors",
        ),
        "case": CaseRef(number=f"2026-{n:07d}", document=f"2026-{n:07d}-1"),
        "signer": Signer(name="Jesper Christensen", title="Borgmester"),
    }
    values.update(changes)
    return Letter(**values)  # type: ignore[arg-type]


def test_recording_returns_increasing_numbers_and_keeps_everything(
    register: Register, tmp_path: Path
) -> None:
    docx = tmp_path / "brev.docx"
    docx.write_bytes(b"PK fake docx")
    letter = _letter(1)
    first = register.record(make_record(letter, [docx], created_by="sekretær"))
    second = register.record(make_record(_letter(2), [], created_by="sekretær"))
    assert second > first
    entry = register.get(first)
    assert entry.summary.recipient == "Røde Kors København"
    assert entry.summary.case_number == "2026-0000001"
    assert entry.summary.document_number == "2026-0000001-1"
    assert entry.summary.created_by == "sekretær"
    assert entry.summary.status == "sendt"
    assert entry.recipient_address == ("Blegdamsvej 27", "2100 København Ø")
    assert entry.template == "brev"
    assert entry.profile == "sof-borgmester"
    assert entry.summary.signer == "Jesper Christensen"
    (output,) = entry.outputs
    assert output.kind == "docx"
    assert output.sha256 == hashlib.sha256(b"PK fake docx").hexdigest()
    assert Path(output.path) == docx.resolve()
    assert entry.letter() == letter
    assert parse_draft(entry.draft) == letter
    assert [e.action for e in entry.events] == ["registreret"]


def test_the_same_record_twice_is_stored_once(register: Register) -> None:
    record = make_record(_letter(1), [])
    assert register.record(record) == register.record(record)
    assert register.count() == 1


def test_unknown_number_is_a_danish_error(register: Register) -> None:
    from kkletter.register.database import RegisterError

    with pytest.raises(RegisterError, match=r"intet brev nr\. 999"):
        register.get(999)


def test_search_by_text_recipient_case_dates_and_status(register: Register) -> None:
    for n in range(1, 11):
        register.record(make_record(_letter(n), []))
    assert register.search(SearchQuery()).total == 10
    hits = register.search(SearchQuery(text="TILSKUD 0000007"))
    assert [s.subject for s in hits.items] == ["Svar om tilskud 7"]
    assert register.search(SearchQuery(text="ANSØGNING nummer 3")).total == 1
    assert register.search(SearchQuery(recipient="røde kors")).total == 5
    assert register.search(SearchQuery(case_number="2026-0000004")).total == 1
    dated = register.search(SearchQuery(date_from=dt.date(2026, 1, 3), date_to=dt.date(2026, 1, 5)))
    assert sorted(s.sort_date.day for s in dated.items) == [3, 4, 5]
    assert register.search(SearchQuery(status="godkendt")).total == 0
    assert register.search(SearchQuery(status="sendt")).total == 10
    assert register.search(SearchQuery(text="100%_")).total == 0


def test_search_is_sorted_newest_first_and_paged(register: Register) -> None:
    for n in (3, 1, 2, 5, 4):
        register.record(make_record(_letter(n), []))
    first = register.search(SearchQuery(page_size=2))
    assert [s.sort_date.day for s in first.items] == [6, 5]
    assert (first.total, first.pages) == (5, 3)
    last = register.search(SearchQuery(page=2, page_size=2))
    assert [s.sort_date.day for s in last.items] == [2]
    oldest = register.search(SearchQuery(page_size=2, newest_first=False))
    assert [s.sort_date.day for s in oldest.items] == [2, 3]


def test_undated_letter_sorts_by_its_export_date(register: Register) -> None:
    now = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)
    number = register.record(make_record(_letter(1, date=None), [], now=now))
    assert register.get(number).summary.sort_date == dt.date(2026, 11, 30)
    assert register.get(number).summary.letter_date is None


def test_counting_stops_after_the_limit_and_says_more(
    register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kkletter.register.store as store

    monkeypatch.setattr(store, "COUNT_LIMIT", 3)
    for n in range(1, 7):
        register.record(make_record(_letter(n), []))
    page = register.search(SearchQuery(page_size=2))
    assert (page.total, page.more, page.total_text) == (4, True, "mere end 3 breve")
    exact = register.search(SearchQuery(text="tilskud 0000001", page_size=2))
    assert (exact.total, exact.more, exact.total_text) == (1, False, "1 brev")
