"""Open the register's database: SQLite on this PC or PostgreSQL for an office.

`KKLETTER_DATABASE_URL=postgresql://user@host/db` (or the setting in Indstillinger) selects
PostgreSQL (driver: psycopg 3); otherwise the register is a SQLite file in the user data
folder, in WAL mode, refused on a network share (SQLite's own documentation warns that
its locking is unreliable there). The schema is migrated with Alembic on every open.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from kkletter.errors import os_reason
from kkletter.register.errors import RegisterError, RegisterUnavailableError

ENV_URL = "KKLETTER_DATABASE_URL"
MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_NAME = "register.sqlite3"
# File systems on which SQLite's locking cannot be trusted.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afs", "ncpfs", "fuse.sshfs", "davfs", "ceph"}
)
_MIGRATION_LOCK = 7_242_031  # any constant: PostgreSQL advisory lock for migrations
_CONNECT_TIMEOUT = 5  # seconds before an office database counts as unreachable
__all__ = ["OpenedDatabase", "RegisterError", "RegisterUnavailableError", "open_database"]


@dataclass(frozen=True)
class OpenedDatabase:
    """An engine on a migrated register and what the user should be told about it."""

    engine: Engine
    url: str
    notices: tuple[str, ...] = ()

    @property
    def backend(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return self.engine.dialect.name


def default_sqlite_path() -> Path:
    """Return the SQLite register's path in the user data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("kkletter", "Københavns Kommune")) / SQLITE_NAME


def database_url(configured: str | None = None) -> str:
    """Return the register URL: `configured`, else $KKLETTER_DATABASE_URL, else SQLite."""
    url = (configured or os.environ.get(ENV_URL, "")).strip()
    if url:
        return url
    return f"sqlite:///{default_sqlite_path()}"


def open_database(url: str | None = None) -> OpenedDatabase:
    """Return the migrated register database at `url` (see `database_url`).

    Raises `RegisterUnavailableError` when the server cannot be reached and `RegisterError`
    for a database this program cannot use (network share, newer schema, bad URL).
    """
    url = database_url(url)
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise RegisterError(
            f"Registerets adresse '{url}' kan ikke læses. Brug fx "
            "postgresql://bruger@server/kkletter eller lad feltet stå tomt for et lokalt "
            "register."
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _open_sqlite(parsed)
    if backend in ("postgresql", "postgres"):
        return _open_postgresql(parsed)
    raise RegisterError(
        f"Registeret kan ligge i SQLite eller PostgreSQL, ikke i '{backend}'. "
        "Ret KKLETTER_DATABASE_URL (fx postgresql://bruger@server/kkletter)."
    )


def _open_postgresql(url: sa.engine.URL) -> OpenedDatabase:
    url = url.set(drivername="postgresql+psycopg")
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": _CONNECT_TIMEOUT},
    )
    try:
        _migrate(engine)
    except RegisterError:
        engine.dispose()
        raise
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise RegisterUnavailableError(
            f"Registerdatabasen på {url.host or 'den lokale server'} kan ikke nås: "
            f"{_first_line(exc)}"
        ) from exc
    return OpenedDatabase(engine, url.render_as_string(hide_password=True))


def _open_sqlite(url: sa.engine.URL) -> OpenedDatabase:
    if not url.database or url.database == ":memory:":
        raise RegisterError("Registeret skal være en fil; angiv sqlite:///sti/til/register.sqlite3")
    path = Path(url.database).expanduser().resolve()
    if is_network_path(path):
        raise RegisterError(
            f"Registeret {path} ligger på et netværksdrev. SQLite kan ødelægge filen, når "
            "flere bruger den over netværket. Læg registeret på din egen disk, eller brug "
            "kontorets PostgreSQL-database (KKLETTER_DATABASE_URL=postgresql://...)."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RegisterError(
            f"Mappen til registeret ({path.parent}) kan ikke oprettes: {os_reason(exc)}. "
            "Vælg en anden placering i Indstillinger."
        ) from exc
    notices: list[str] = []
    if path.exists() and not _sqlite_readable(path):
        notices.append(_move_aside(path))
    engine = _sqlite_engine(path)
    try:
        _migrate(engine)
    except RegisterError:
        engine.dispose()
        raise
    except sa.exc.DatabaseError as exc:
        engine.dispose()
        if "malformed" not in str(exc) and "not a database" not in str(exc):
            raise RegisterError(f"Registeret {path} kan ikke åbnes: {_first_line(exc)}") from exc
        notices.append(_move_aside(path))
        engine = _sqlite_engine(path)
        _migrate(engine)
    return OpenedDatabase(engine, f"sqlite:///{path}", tuple(notices))


def _sqlite_engine(path: Path) -> Engine:
    engine = sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        # Let SQLAlchemy's BEGIN below start transactions (pysqlite's own handling
        # would commit DDL implicitly), and wait for a busy writer instead of failing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a
        # transaction that reads and then writes never fails on a snapshot another
        # process has just changed. Register transactions are short; readers wait ms.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _sqlite_readable(path: Path) -> bool:
    """Return whether `path` opens as an SQLite database (header and schema)."""
    try:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlite3.DatabaseError:
        return False


def _move_aside(path: Path) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.beskadiget-{stamp}")
    path.replace(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return (
        f"Registeret {path} var beskadiget og er flyttet til {target.name}; et nyt, tomt "
        "register er oprettet. Kontakt IT, hvis de gamle oplysninger skal reddes."
    )


def alembic_config() -> Config:
    """Return the Alembic configuration of the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _migrate(engine: Engine) -> None:
    """Bring the schema up to date; refuse a schema newer than this program knows."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    known = {revision.revision for revision in script.walk_revisions()}
    head = script.get_current_head()
    for attempt in range(20):
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # Two programs starting at once must not both create the tables.
                    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
                current = MigrationContext.configure(connection).get_current_revision()
                if current is not None and current not in known:
                    raise RegisterError(
                        f"Registeret er lavet af en nyere version af kkletter (skema {current}; "
                        f"denne version kender til og med {head}). Opdatér kkletter, før du "
                        "bruger registeret."
                    )
                if current != head:
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
            return
        except sa.exc.OperationalError as exc:
            # SQLite: another process migrated (or wrote) first; look again.
            if engine.dialect.name != "sqlite" or "locked" not in str(exc) or attempt == 19:
                raise
            time.sleep(0.05 * (attempt + 1))


def is_network_path(path: Path, mounts: list[tuple[str, str]] | None = None) -> bool:
    """Return whether `path` lies on a network file system.

    `mounts` is (mount point, file system type) pairs; by default this machine's
    (Linux: /proc/self/mountinfo). On Windows a UNC path or a mapped network drive counts.
    """
    text = str(path)
    if sys.platform == "win32" and mounts is None:
        return text.startswith("\\\\") or _windows_remote_drive(text)
    if text.startswith(("//", "\\\\")):
        return True
    table = mounts if mounts is not None else list(_linux_mounts())
    best, best_type = "", ""
    for point, fstype in table:
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fstype
    return best_type in NETWORK_FILESYSTEMS or best_type.startswith("fuse.sshfs")


def _linux_mounts() -> Iterator[tuple[str, str]]:
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return
    for line in lines:
        left, _, right = line.partition(" - ")
        fields = left.split()
        if len(fields) > 4 and right:
            point = fields[4].replace("\\040", " ")
            yield point, right.split()[0]


def _windows_remote_drive(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return False
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return False
    drive_remote = 4
    return bool(windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
