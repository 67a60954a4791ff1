"""Connecting and migrating. Nothing here runs at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from runstrong.adapters.db.revision import HEAD_REVISION as HEAD_REVISION
from runstrong.domain.errors import InvalidInput

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine for a SQLite file or a PostgreSQL server, migrated to the newest schema."""
    try:
        parsed = make_url(url)
    except Exception:
        raise InvalidInput("RUNSTRONG_DATABASE_URL", f"not a database URL: {url!r}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    elif backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we install
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=_postgres_limits(parsed))
    else:
        raise InvalidInput(
            "RUNSTRONG_DATABASE_URL", f"use a sqlite:/// or postgresql:// URL, not {backend}"
        )
    migrate(engine)
    return engine


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
    cursor = connection.cursor()
    # WAL: readers never block the writer, and a killed process never leaves a torn write.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe in WAL mode against a process crash
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# The newest migration is in `revision.py`, which the sqlite3 readers load without SQLAlchemy.


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if revision is None else str(revision)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision: on first use, and after every upgrade.

    Loading Alembic costs a few hundred milliseconds, so a database already at the newest
    revision (every start but the first after an upgrade) is recognised without it.
    """
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
