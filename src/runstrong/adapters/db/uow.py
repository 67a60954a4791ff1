"""The unit of work: one database transaction around a use case."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from runstrong.adapters.db.accounts import SqlAccounts
from runstrong.adapters.db.engine import WRITER, database_name, lock_for_writing
from runstrong.adapters.db.errors import storage_error
from runstrong.adapters.db.feeds import SqlFeedTokens
from runstrong.adapters.db.repository import SqlTrainingRepository
from runstrong.domain.ports import Accounts, FeedTokens, TrainingRepository


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()`. Leaving the block without a commit rolls back.

    A database error about the file itself (busy, damaged) leaves the block as the
    one-line error that says so, never as the driver's traceback.
    """

    repo: TrainingRepository
    feeds: FeedTokens
    accounts: Accounts

    def __init__(self, engine: Engine, runner: int | None = None) -> None:
        self._engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._where = database_name(engine)
        self._session: Session | None = None
        self._runner = runner  # the runner served (None: the database's one runner)

    def __enter__(self) -> Self:
        self._session = self._sessions()
        self.repo = SqlTrainingRepository(self._session)
        self.repo.runner_scope = self._runner
        self.feeds = SqlFeedTokens(self._session)
        self.accounts = SqlAccounts(self._session)
        return self

    def for_runner(self, runner_id: int) -> SqlUnitOfWork:
        """A new unit of work on the same database, serving that runner."""
        return SqlUnitOfWork(self._engine, runner_id)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._session is not None
        session, self._session = self._session, None
        try:
            try:
                session.rollback()  # a no-op after a commit; undoes anything uncommitted
            finally:
                session.close()
        except Exception as cleanup:
            # The server went away after the block's last statement: the rollback meets
            # the cut connection, which SQLAlchemy then drops from the pool. What the block
            # read or committed stands; the block's own error, when there is one, is what
            # to say.
            if error is None and storage_error(cleanup, self._where) is None:
                raise
        if error is not None:
            said = storage_error(error, self._where)
            if said is not None:
                raise said from None

    def lock(self) -> None:
        """Be the only writer until the block ends: another writer waits for this one
        (SQLite up to its busy timeout), readers do not. It comes first in the block, so
        what the use case reads is what it writes over."""
        assert self._session is not None
        if self._session.in_transaction():
            raise RuntimeError("lock() must come before the unit of work's first query")
        lock_for_writing(self._session.connection(execution_options={WRITER: True}), self._runner)

    def commit(self) -> None:
        assert self._session is not None
        self._session.commit()

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()
