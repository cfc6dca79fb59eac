"""Opening the register: migrations, newer schemas, corrupt files, network shares, bad URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from kkletter.model import Letter
from kkletter.register.database import (
    RegisterError,
    RegisterUnavailableError,
    alembic_config,
    database_url,
    is_network_path,
    open_database,
)
from kkletter.register.records import make_record
from kkletter.register.schema import letters
from kkletter.register.store import Register

from .conftest import OpenDatabase


def test_migrations_create_the_tables_and_record_the_revision(
    database_url: str, open_db: OpenDatabase
) -> None:
    opened = open_db(database_url)
    names = set(sa.inspect(opened.engine).get_table_names())
    assert {"letters", "outputs", "events", "addresses", "alembic_version"} <= names
    with opened.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()
    # Opening again is a no-op migration and keeps the data.
    Register(opened.engine).record(make_record(Letter("brev", "sof-borgmester"), []))
    again = open_db(database_url)
    assert Register(again.engine).count() == 1


def test_a_register_of_the_first_schema_is_upgraded_with_its_letters(
    database_url: str, open_db: OpenDatabase
) -> None:
    from kkletter.register.records import SearchQuery
    from kkletter.register.store import _letter_row

    engine = sa.create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            row = _letter_row(make_record(Letter("brev", "sof-borgmester", subject="Tilskud"), []))
            connection.execute(letters.insert().values(row))
    finally:
        engine.dispose()
    register = Register(open_db(database_url).engine)
    assert register.search(SearchQuery(text="tilsk")).total == 1


def test_newer_schema_than_known_is_refused_with_a_clear_message(database_url: str) -> None:
    opened = open_database(database_url)
    with opened.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    opened.engine.dispose()
    with pytest.raises(RegisterError, match="nyere version af kkletter") as caught:
        open_database(database_url)
    assert "Opdatér kkletter" in str(caught.value)


def test_sqlite_register_is_in_wal_mode(tmp_path: Path, open_db: OpenDatabase) -> None:
    opened = open_db(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with opened.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_corrupt_sqlite_file_is_moved_aside_and_a_fresh_one_made(
    tmp_path: Path, open_db: OpenDatabase
) -> None:
    path = tmp_path / "register.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    opened = open_db(f"sqlite:///{path}")
    (notice,) = opened.notices
    assert "beskadiget" in notice
    moved = [p for p in tmp_path.iterdir() if ".beskadiget-" in p.name]
    assert len(moved) == 1
    assert moved[0].read_bytes() == garbage  # nothing lost: the old file is kept
    assert Register(opened.engine).count() == 0


def test_default_register_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    url = database_url()
    assert url.startswith("sqlite:///")
    assert url.endswith("register.sqlite3")
    assert "kkletter" in url


def test_environment_selects_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KKLETTER_DATABASE_URL", "postgresql://kontor@server/kkletter")
    assert database_url() == "postgresql://kontor@server/kkletter"
    assert database_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/mnt/fælles/register.sqlite3", True),
        ("/home/sekretær/register.sqlite3", False),
        ("/mnt/fælles-lokal/register.sqlite3", False),
        ("/net/sshfs/register.sqlite3", True),
        ("//server/share/register.sqlite3", True),
    ],
)
def test_network_shares_are_recognised(path: str, expected: bool) -> None:
    mounts = [
        ("/", "ext4"),
        ("/mnt/fælles", "cifs"),
        ("/mnt/fælles-lokal", "ext4"),
        ("/net/sshfs", "fuse.sshfs"),
    ]
    assert is_network_path(Path(path), mounts) is expected


def test_sqlite_on_a_network_share_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kkletter.register.database as database

    monkeypatch.setattr(database, "_linux_mounts", lambda: iter([(str(tmp_path), "nfs4")]))
    with pytest.raises(RegisterError, match="netværksdrev"):
        open_database(f"sqlite:///{tmp_path / 'register.sqlite3'}")
    assert not (tmp_path / "register.sqlite3").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@y/z", "SQLite eller PostgreSQL"),
        ("ikke en adresse", "kan ikke læses"),
        ("sqlite://", "skal være en fil"),
    ],
)
def test_unusable_urls_give_a_danish_message(url: str, message: str) -> None:
    with pytest.raises(RegisterError, match=message):
        open_database(url)


def test_unreachable_postgresql_is_reported_as_unavailable(tmp_path: Path) -> None:
    url = f"postgresql://kkletter@/kkletter?host={tmp_path}&port=1"
    with pytest.raises(RegisterUnavailableError, match="kan ikke nås"):
        open_database(url)
