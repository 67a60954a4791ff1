"""The unit of work: one database transaction around a use case."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from runstrong.adapters.db.repository import SqlTrainingRepository
from runstrong.domain.ports import TrainingRepository


class SqlUnitOfWork:
    """`with uow: ...; uow.commit()`. Leaving the block without a commit rolls back."""

    repo: TrainingRepository

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._session: Session | None = None

    def __enter__(self) -> Self:
        self._session = self._sessions()
        self.repo = SqlTrainingRepository(self._session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._session is not None
        self._session.rollback()  # a no-op after a commit; undoes anything uncommitted
        self._session.close()
        self._session = None

    def commit(self) -> None:
        assert self._session is not None
        self._session.commit()

    def rollback(self) -> None:
        assert self._session is not None
        self._session.rollback()
