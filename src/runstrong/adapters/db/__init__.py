"""Storage: SQLAlchemy 2 tables, Alembic migrations, the repository and the unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from runstrong.adapters.db.uow import SqlUnitOfWork

# One engine (and its connection pool) per database per process, migrated once.
_engines: dict[str, Engine] = {}


def connect(url: str | None = None, runner: int | None = None) -> SqlUnitOfWork:
    """A unit of work on the configured database, migrated to the newest schema first,
    serving `runner` (None: the database's one runner, on a runner's own machine)."""
    from runstrong.adapters.db.uow import SqlUnitOfWork
    from runstrong.config import database_url

    return SqlUnitOfWork(_engine(url or database_url()), runner)


def _engine(url: str) -> Engine:
    from sqlalchemy.exc import DBAPIError

    from runstrong.adapters.db.engine import make_engine
    from runstrong.adapters.db.errors import storage_error
    from runstrong.config import sqlite_file
    from runstrong.domain.errors import StorageUnavailable

    if url not in _engines:
        try:
            _engines[url] = make_engine(url)
        except DBAPIError as exc:
            file = sqlite_file(url)
            said = storage_error(exc, str(file) if file is not None else _safe(url))
            if said is not None:
                raise said from None
            lines = str(exc.orig).strip().splitlines() or [type(exc.orig).__name__]
            raise StorageUnavailable(_safe(url), lines[0][:300]) from None
    return _engines[url]


def dispose(url: str | None = None) -> None:
    """Close the pooled connections of one database, or of all of them."""
    for key in [url] if url else list(_engines):
        engine = _engines.pop(key, None) if key else None
        if engine is not None:
            engine.dispose()


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
