"""A real PostgreSQL server and a parametrised register fixture: every test runs twice.

PostgreSQL comes from $KKLETTER_TEST_DATABASE_URL (`.ci/run` starts a server and sets
it: a URL of a database whose user may CREATE DATABASE), else from a temporary cluster
started here with the installed `initdb`/`pg_ctl` (as the `postgres` user when the tests
run as root); when neither is possible the PostgreSQL half is skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kkletter.register.database import OpenedDatabase, open_database
from kkletter.register.store import Register

from .pgcluster import TemporaryCluster

ENV_TEST_URL = "KKLETTER_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """Return the URL of a PostgreSQL database whose user may create databases."""
    url = os.environ.get(ENV_TEST_URL, "").strip()
    if url:
        yield url
        return
    try:
        cluster = TemporaryCluster()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(
            f"Ingen PostgreSQL-server til testene / no PostgreSQL server for the tests: {exc}. "
            f"Set {ENV_TEST_URL} or install postgresql."
        )
    try:
        yield cluster.url
    finally:
        cluster.stop()


def _psycopg(url: str) -> sa.engine.URL:
    return sa.engine.make_url(url).set(drivername="postgresql+psycopg")


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """Return the URL of a fresh, empty PostgreSQL database (dropped afterwards)."""
    name = f"kkletter_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(_psycopg(postgres_admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(postgres_admin_url).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return an empty register database URL: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def register(database_url: str) -> Iterator[Register]:
    """Return an open register on an empty database (both backends)."""
    opened = open_database(database_url)
    yield Register(opened.engine, notices=opened.notices)
    opened.engine.dispose()


OpenDatabase = Callable[[str], OpenedDatabase]


@pytest.fixture
def open_db() -> Iterator[OpenDatabase]:
    """Return `open_database` whose engines are closed when the test ends."""
    engines: list[OpenedDatabase] = []

    def opener(url: str) -> OpenedDatabase:
        opened = open_database(url)
        engines.append(opened)
        return opened

    yield opener
    for opened in engines:
        opened.engine.dispose()
