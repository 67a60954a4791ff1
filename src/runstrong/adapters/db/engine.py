"""Connecting and migrating. Nothing here runs at import time.

Before runstrong creates or changes anything it checks what it was given: a SQLite file
that is not SQLite, a folder that does not exist (only runstrong's own data folder is
created), a database holding another program's tables, or one from a newer runstrong is
refused by name. The migration is one transaction, so a kill half-way leaves the
database as it was and the next command simply runs it again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url

from runstrong.adapters.db.errors import (
    DATABASE_ENV,
    DamagedDatabase,
    ForeignDatabase,
    NewerDatabase,
)
from runstrong.adapters.db.revision import HEAD_REVISION as HEAD_REVISION
from runstrong.adapters.db.revision import REVISIONS as REVISIONS
from runstrong.domain.errors import InvalidInput

MIGRATIONS = Path(__file__).parent / "migrations"

# How long a writer waits for another one to finish before saying the database is busy.
# Writes take milliseconds; a restore of years of logs a few seconds. `?timeout=N` in the
# URL says otherwise.
BUSY_TIMEOUT_SECONDS = 20

# The execution option that makes a transaction a writer's: SQLite takes its write lock
# at BEGIN, PostgreSQL an advisory lock, so writers queue instead of failing half-way.
WRITER = "runstrong_writer"
# Any constant will do: advisory locks belong to one database, and only runstrong takes it.
POSTGRES_WRITE_LOCK = 7_411_326_029

SQLITE_MAGIC = b"SQLite format 3\x00"


def make_engine(url: str) -> Engine:
    """An engine for a SQLite file or a PostgreSQL server, migrated to the newest schema."""
    try:
        parsed = make_url(url)
    except Exception:
        raise InvalidInput(DATABASE_ENV, f"not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            _check_sqlite_file(Path(database))
        limits = {} if "timeout" in parsed.query else {"timeout": BUSY_TIMEOUT_SECONDS}
        engine = create_engine(parsed, connect_args=limits)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we install
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=_postgres_limits(parsed))
    else:
        raise InvalidInput(DATABASE_ENV, f"use a sqlite:/// or postgresql:// URL, not {backend}")
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()  # a refused database keeps no connection open
        raise
    return engine


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite, and a folder that is not there (only runstrong's
    own data folder is made: a typing mistake in the URL must not grow a folder tree)."""
    from runstrong.config import data_dir

    folder = path.parent
    if not folder.exists():
        if folder.absolute() != data_dir().absolute():
            raise InvalidInput(
                DATABASE_ENV,
                f"the folder {folder} does not exist; create it first, or correct the path",
            )
        folder.mkdir(parents=True, exist_ok=True)
    if not path.is_file():
        return  # a new database, or not a file at all (SQLite says so when it opens it)
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise InvalidInput(DATABASE_ENV, f"cannot read {path} ({exc.strerror})") from None
    if head and head != SQLITE_MAGIC:  # an empty file is a new database to SQLite
        raise DamagedDatabase(str(path), "is not a SQLite database file")


def database_name(engine: Engine) -> str:
    """The database for messages: a SQLite file's path, or the URL without its password."""
    if engine.dialect.name == "sqlite":
        return engine.url.database or "the SQLite database"
    return engine.url.render_as_string(hide_password=True)


# A server that is down answers at once; one that is unreachable or silent would make the
# runner wait for the operating system's TCP timeout (minutes). Both limits give way to the
# same setting in the URL (`?connect_timeout=20`, `?options=-c statement_timeout=0`).
CONNECT_TIMEOUT_SECONDS = 5
STATEMENT_TIMEOUT_MS = 60_000  # a restore of years of logs takes seconds; a hang never ends


def _postgres_limits(url: URL) -> dict[str, Any]:
    limits: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        limits["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    if "options" not in url.query:
        limits["options"] = f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
    return limits


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # The driver's own transaction handling leaves CREATE TABLE outside any transaction
    # (a kill mid-migration would leave half a schema); runstrong sends BEGIN itself.
    connection.isolation_level = None
    cursor = connection.cursor()
    # WAL: readers never block the writer, and a killed process never leaves a torn write.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL mode against a process crash
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # A writer takes the write lock at once (waiting up to the busy timeout): taken later,
    # after a read, SQLite would refuse it at once if another writer committed meanwhile.
    writer = connection.get_execution_options().get(WRITER, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")


# A writer for one runner waits only for the other writers of that runner: on a server
# with many runners, one runner's log does not queue behind another's.
POSTGRES_RUNNER_LOCK = 0x72756E73  # "runs", the first of the lock's two keys


def lock_for_writing(connection: Connection, runner: int | None = None) -> None:
    """On PostgreSQL, wait until no other runstrong is writing (SQLite did at BEGIN): for
    `runner`, no other writer of that runner; otherwise no writer of the whole database."""
    if connection.dialect.name != "postgresql":
        return
    if runner is None:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_WRITE_LOCK})
    else:
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:kind, :runner)"),
            {"kind": POSTGRES_RUNNER_LOCK, "runner": runner},
        )


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _state(connection)[0]


def _state(connection: Connection) -> tuple[str | None, set[str]]:
    """The schema revision (None when there is none) and the names of the tables."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" not in tables:
        return None, tables
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return (None if revision is None else str(revision)), tables


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision: on first use, and after every upgrade.

    Loading Alembic costs a few hundred milliseconds, so a database already at the newest
    revision (every start but the first after an upgrade) is recognised without it. Two
    processes starting at once take turns; the second finds the work done.
    """
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    where = database_name(engine)
    with engine.connect() as connection:
        connection.execution_options(**{WRITER: True})
        with connection.begin():
            lock_for_writing(connection)
            revision, tables = _state(connection)  # again: another process may have migrated
            if revision == HEAD_REVISION:
                return
            _check_ours(connection, where, revision, tables)
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")


def _check_ours(connection: Connection, where: str, revision: str | None, tables: set[str]) -> None:
    """Refuse a database that is not runstrong's, or is a newer runstrong's; clear the
    empty tables an older runstrong left when it was killed during its first migration."""
    from runstrong.adapters.db.tables import Base

    own = set(Base.metadata.tables)
    if revision is not None and revision not in REVISIONS:
        if {"runners", "session_logs"} <= tables:
            raise NewerDatabase(where, revision)
        raise ForeignDatabase(where, sorted(tables - own - {"alembic_version"}))
    if revision is not None:
        return  # an older runstrong schema: Alembic upgrades it
    foreign = sorted(tables - own - {"alembic_version"})
    if foreign:
        raise ForeignDatabase(where, foreign)
    left = tables & own
    if not left:
        return
    # Before migrations ran in one transaction, a kill could leave some tables and no
    # revision; every later start then failed on "table already exists". Empty, they
    # carry nothing: drop them and migrate afresh. With rows in them, a person decides.
    for name in sorted(left):
        if connection.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() is not None:
            raise DamagedDatabase(
                where,
                f"has runstrong's tables with data ({name}) but no schema revision, so "
                "runstrong cannot tell how to upgrade it",
            )
    for table in Base.metadata.sorted_tables[::-1]:
        if table.name in left:
            table.drop(connection)
    if "alembic_version" in tables:
        connection.exec_driver_sql("DROP TABLE alembic_version")
