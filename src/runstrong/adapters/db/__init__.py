"""Storage: SQLAlchemy 2 tables, Alembic migrations, the repository and the unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runstrong.adapters.db.uow import SqlUnitOfWork


def connect(url: str | None = None) -> SqlUnitOfWork:
    """A unit of work on the configured database, migrated to the newest schema first."""
    from sqlalchemy.exc import OperationalError

    from runstrong.adapters.db.engine import make_engine
    from runstrong.adapters.db.uow import SqlUnitOfWork
    from runstrong.config import database_url
    from runstrong.domain.errors import StorageUnavailable

    target = url or database_url()
    try:
        return SqlUnitOfWork(make_engine(target))
    except OperationalError as exc:
        raise StorageUnavailable(_safe(target), str(exc.orig).strip().splitlines()[0]) from None


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
