"""A real PostgreSQL server and a parametrised register fixture: every test runs twice.

PostgreSQL comes from $KKLETTER_TEST_DATABASE_URL (`.ci/run` starts a server and sets
it: a URL of a database whose user may CREATE DATABASE), else from a temporary cluster
started here with the installed `initdb`/`pg_ctl` (as the `postgres` user when the tests
run as root); when neither is possible the PostgreSQL half is skipped with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kkletter.register.database import OpenedDatabase, open_database
from kkletter.register.store import Register

ENV_TEST_URL = "KKLETTER_TEST_DATABASE_URL"


def _pg_binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class _Cluster:
    """A throw-away PostgreSQL cluster on a Unix socket in a temporary folder."""

    def __init__(self) -> None:
        initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise RuntimeError("PostgreSQL (initdb, pg_ctl) is not installed")
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise RuntimeError("running as root and runuser is missing")
            self.prefix = [runuser, "-u", "postgres", "--"]
        self.dir = Path(tempfile.mkdtemp(prefix="kkletter-pg-"))
        self.dir.chmod(0o777)
        data = self.dir / "data"
        self.pg_ctl, self.data = pg_ctl, data
        self._run(
            [
                initdb,
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "kkletter",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        options = f"-k {self.dir} -c listen_addresses='' -c fsync=off -c max_connections=100"
        self._run(
            [pg_ctl, "-D", str(data), "-o", options, "-w", "-l", str(self.dir / "log"), "start"]
        )
        self.url = f"postgresql://kkletter@/postgres?host={self.dir}"

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(
            [*self.prefix, *command], capture_output=True, text=True, timeout=120, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:300]}")

    def stop(self) -> None:
        try:
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"])
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """Return the URL of a PostgreSQL database whose user may create databases."""
    url = os.environ.get(ENV_TEST_URL, "").strip()
    if url:
        yield url
        return
    try:
        cluster = _Cluster()
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
