"""What can be wrong with the database itself, said in one line with what to do.

RunstrongError
├── ForeignDatabase     the database holds another program's tables: runstrong adds none
├── NewerDatabase       a newer runstrong made it: this one does not know its schema
├── DamagedDatabase     the file is not SQLite, or SQLite finds it damaged
└── DatabaseBusy        another program held the write lock for the whole busy timeout
"""

from __future__ import annotations

from collections.abc import Sequence

from runstrong.domain.errors import RunstrongError

DATABASE_ENV = "RUNSTRONG_DATABASE_URL"


class ForeignDatabase(RunstrongError):
    def __init__(self, where: str, tables: Sequence[str]) -> None:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        super().__init__(
            f"{DATABASE_ENV}: {where} holds tables of another program ({shown}); runstrong "
            "creates nothing in it. Give runstrong a database of its own"
        )


class NewerDatabase(RunstrongError):
    def __init__(self, where: str, revision: str) -> None:
        super().__init__(
            f"{DATABASE_ENV}: {where} was made by a newer runstrong (schema revision "
            f"{revision}); upgrade runstrong to use it (pip install --upgrade runstrong)"
        )


class DamagedDatabase(RunstrongError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            f"{DATABASE_ENV}: {where} {why}. Move it away (runstrong then starts a new one) or "
            "point RUNSTRONG_DATABASE_URL at another file; restore your data with "
            "`runstrong import all BACKUP`"
        )


class DatabaseBusy(RunstrongError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"the database is busy: another program has been writing to {where} for too long; "
            "try again in a moment"
        )


# SQLite's own words for a file it cannot read as a database.
_DAMAGED = ("file is not a database", "database disk image is malformed", "malformed database")
_BUSY = ("database is locked", "database table is locked")


def storage_error(error: BaseException, where: str) -> RunstrongError | None:
    """The message for a driver error about the database file itself, or None."""
    from sqlalchemy.exc import DBAPIError

    if not isinstance(error, DBAPIError):
        return None
    words = str(error.orig).lower()
    if any(w in words for w in _BUSY):
        return DatabaseBusy(where)
    if any(w in words for w in _DAMAGED):
        return DamagedDatabase(where, f"is damaged or not a database (SQLite says: {error.orig})")
    if error.connection_invalidated or type(error.orig).__module__.startswith("psycopg"):
        # The server went away or is restarting: the request is refused whole (its
        # transaction never committed), and the next one finds the server again.
        from runstrong.domain.errors import StorageUnavailable

        lines = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
        return StorageUnavailable(where, lines[0][:300])
    return None


def sqlite_error(error: Exception, where: str) -> RunstrongError:
    """The message for an error of Python's own sqlite3 (the quick readers), said as the
    SQLAlchemy path says it: busy, damaged, or the driver's words."""
    from runstrong.domain.errors import StorageUnavailable

    words = str(error).lower()
    if any(w in words for w in _BUSY):
        return DatabaseBusy(where)
    if any(w in words for w in _DAMAGED):
        return DamagedDatabase(where, f"is damaged or not a database (SQLite says: {error})")
    return StorageUnavailable(where, str(error)[:300])
