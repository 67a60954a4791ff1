"""Reading a SQLite file with the standard library alone, for the commands that only read.

Loading SQLAlchemy takes about a third of a second on a slow machine, more than the rest of
`runstrong today` together; Python's own sqlite3 module loads in a millisecond. Commands
that only read (`today`, `week`, `history`, `progress`) on a plain SQLite file that is
already at the newest schema run the same SQL (`reads.py`) through sqlite3. Anything else
(PostgreSQL, a URL with options, a file that needs migrating) goes through `connect`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from runstrong.adapters.db.errors import sqlite_error
from runstrong.adapters.db.reads import LogQueries
from runstrong.adapters.db.revision import HEAD_REVISION

if TYPE_CHECKING:
    from runstrong.domain.ports import LogUnitOfWork, ReadUnitOfWork, StoredLog, TrainingReader
    from runstrong.domain.training_log import SessionLog

# Files already seen at the newest revision in this process.
_checked: set[Path] = set()


def plain_sqlite_file(url: str) -> Path | None:
    """The file of a URL of the plain form `sqlite:///PATH`, or None for anything else
    (another database, a driver or query option, escapes): those take the full path."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            path = url.removeprefix(prefix)
            if not path or "?" in path or "%" in path or path.startswith((":memory:", "file:")):
                return None
            return Path(path)
    return None


def _quick_path(url: str) -> Path | None:
    """The file of a plain SQLite URL already at the newest schema, which sqlite3 may use;
    None when the SQLAlchemy unit of work must (another database, or a migration due)."""
    path = plain_sqlite_file(url)
    if path is not None and (path in _checked or _at_head(path, url)):
        _checked.add(path)
        return path
    return None


def reader(url: str, runner: int | None = None) -> ReadUnitOfWork:
    """A read-only unit of work on the database at `url`, serving `runner` (None: the
    database's one runner): sqlite3 for a plain SQLite file at the newest schema,
    otherwise the SQLAlchemy one (which migrates first)."""
    path = _quick_path(url)
    if path is not None:
        return SqliteReadUnitOfWork(path, url, runner)
    from runstrong.adapters.db import connect

    return connect(url, runner)


def _at_head(path: Path, url: str) -> bool:
    """Whether the file's schema is the newest, read without Alembic (which costs more
    than the whole command)."""
    try:
        connection = _open(path)
        try:
            found = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            row = None
            if found is not None:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise sqlite_error(exc, str(path)) from None
    return row is not None and row[0] == HEAD_REVISION


def _open(path: Path) -> sqlite3.Connection:
    # mode=rw: a reader never creates a database. Autocommit, so that the transaction is
    # the one begun by the unit of work. The timeout is the SQLAlchemy engine's.
    uri = path.absolute().as_uri() + "?mode=rw"
    return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)


class SqliteReader(LogQueries):
    def __init__(self, connection: sqlite3.Connection, url: str) -> None:
        self._connection = connection
        self._url = url

    def _rows(self, sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}
        try:
            return self._connection.execute(sql, values).fetchall()
        except sqlite3.DatabaseError as exc:  # locked past the timeout, a damaged file, a bad disk
            raise sqlite_error(exc, self._url) from None


class _SqliteUnitOfWork:
    """One connection for the length of a `with` block; leaving the block rolls back what
    was not committed and closes it. `_opening` is what the block starts with."""

    _opening = "BEGIN"

    def __init__(self, path: Path, url: str, runner: int | None = None) -> None:
        self._path = path
        self._url = url
        self._runner = runner  # the runner served (None: the database's one runner)
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = _open(self._path)
            connection.execute(self._opening)
        except sqlite3.Error as exc:
            raise sqlite_error(exc, self._url) from None
        self._connection = connection
        return connection

    def rollback(self) -> None:
        assert self._connection is not None
        if self._connection.in_transaction:
            self._connection.execute("ROLLBACK")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        try:
            self.rollback()  # a no-op after a commit; ends a read transaction
        finally:
            self._connection.close()
            self._connection = None


class SqliteReadUnitOfWork(_SqliteUnitOfWork):
    """`with uow: ...`: one read transaction, so every query sees the same data."""

    _repo: SqliteReader | None = None

    @property
    def repo(self) -> TrainingReader:
        assert self._repo is not None, "use the unit of work in a with block"
        return self._repo

    def __enter__(self) -> Self:
        self._repo = SqliteReader(self._connect(), self._url)
        self._repo.runner_scope = self._runner
        return self


# -- recording a session: `runstrong log --file` ------------------------------------------


def log_writer(url: str, runner: int | None = None) -> LogUnitOfWork:
    """A unit of work that records sessions: sqlite3 for a plain SQLite file at the newest
    schema (the command a runner types after every session starts in a fraction of the
    time), otherwise the SQLAlchemy one. Both write the same rows; a test holds them to it."""
    path = _quick_path(url)
    if path is not None:
        return SqliteLogUnitOfWork(path, url, runner)
    from runstrong.adapters.db import connect

    return connect(url, runner)


def _stored_moment(moment: dt.datetime) -> str:
    """A moment as SQLAlchemy keeps it in SQLite: UTC, without its zone, to the microsecond."""
    utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f")


class SqliteLogWriter(SqliteReader):
    def session_log(self, runner_id: int, log_id: str) -> StoredLog | None:
        from runstrong.adapters.db.reads import _logs_where, _stored_logs

        found = _stored_logs(
            self._rows(
                _logs_where("l.runner_id = :runner AND l.id = :id"),
                {"runner": runner_id, "id": log_id},
            )
        )
        return found[0] if found else None

    def add_session_log(self, runner_id: int, log: SessionLog, now: dt.datetime) -> None:
        self._write(
            "INSERT INTO session_logs (id, runner_id, date, note, pain_settled, logged_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(log.id, runner_id, log.date.isoformat(), log.note, int(log.pain_settled),
              _stored_moment(now))],
        )  # fmt: skip
        self._write(
            "INSERT INTO set_logs (runner_id, session_id, item_index, exercise, set_index, reps, "
            "seconds, load_kg, rpe, pain, side) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (runner_id, log.id, i, item.exercise, s, done.reps, done.seconds, done.load_kg, done.rpe,
                 done.pain, done.side.value if done.side else None)
                for i, item in enumerate(log.items)
                for s, done in enumerate(item.sets)
            ],
        )  # fmt: skip

    def _write(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            self._connection.executemany(sql, rows)
        except sqlite3.DatabaseError as exc:
            raise sqlite_error(exc, self._url) from None


class SqliteLogUnitOfWork(_SqliteUnitOfWork):
    """`with uow: uow.lock(); ...; uow.commit()`, as the SQLAlchemy unit of work: the
    write lock is taken at BEGIN IMMEDIATE (waiting up to the busy timeout), and leaving
    the block without a commit rolls back."""

    _opening = "PRAGMA foreign_keys=ON"  # the transaction begins at lock()
    _repo: SqliteLogWriter | None = None

    @property
    def repo(self) -> SqliteLogWriter:
        assert self._repo is not None, "use the unit of work in a with block"
        return self._repo

    def __enter__(self) -> Self:
        self._repo = SqliteLogWriter(self._connect(), self._url)
        self._repo.runner_scope = self._runner
        return self

    def lock(self) -> None:
        assert self._connection is not None
        if self._connection.in_transaction:
            raise RuntimeError("lock() must come before the unit of work's first query")
        try:
            self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise sqlite_error(exc, self._url) from None

    def commit(self) -> None:
        assert self._connection is not None
        try:
            self._connection.execute("COMMIT")
        except sqlite3.Error as exc:
            raise sqlite_error(exc, self._url) from None
