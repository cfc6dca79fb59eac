"""Recording exports: the local queue keeps a record when the database is away."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kkletter.model import Letter, Recipient
from kkletter.register.addresses import AddressBook
from kkletter.register.records import SearchQuery
from kkletter.register.service import connect, record_export

from .conftest import OpenDatabase


def _letter() -> Letter:
    recipient = Recipient(name="Røde Kors København", address=("Blegdamsvej 27",))
    return Letter("brev", "sof-borgmester", subject="Tilskud", recipient=recipient)


def test_export_is_recorded_and_its_recipient_remembered(
    database_url: str, tmp_path: Path, open_db: OpenDatabase
) -> None:
    docx = tmp_path / "brev.docx"
    docx.write_bytes(b"docx")
    outcome = record_export(_letter(), [docx], url=database_url, queue_dir=tmp_path / "q")
    assert outcome.number is not None
    assert not outcome.queued
    assert f"nr. {outcome.number}" in outcome.message
    engine = open_db(database_url).engine
    (entry,) = AddressBook(engine).entries()
    assert (entry.name, entry.address) == ("Røde Kors København", ("Blegdamsvej 27",))


def test_unreachable_database_queues_the_record_and_sends_it_later(
    database_url: str, tmp_path: Path
) -> None:
    queue = tmp_path / "kø"
    docx = tmp_path / "brev.docx"
    docx.write_bytes(b"docx")
    away = f"postgresql://kkletter@/kkletter?host={tmp_path}&port=1"
    outcome = record_export(_letter(), [docx], url=away, queue_dir=queue)
    assert outcome.queued
    assert outcome.number is None
    assert "kan ikke nås" in outcome.message
    assert "sendes automatisk" in outcome.message
    assert len(list(queue.glob("*.json"))) == 1
    # The database is back: the next connection sends the queued record, once.
    with connect(database_url, queue_dir=queue) as register:
        assert register.count() == 1
        (summary,) = register.search(SearchQuery()).items
        assert summary.subject == "Tilskud"
        entry = register.get(summary.number)
        assert entry.outputs[0].sha256 == hashlib.sha256(b"docx").hexdigest()
        assert entry.summary.created_by  # the OS user who exported, kept through the queue
    assert list(queue.glob("*.json")) == []
    with connect(database_url, queue_dir=queue) as register:
        assert register.count() == 1
