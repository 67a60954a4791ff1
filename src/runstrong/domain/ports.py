"""What the use cases need from storage, as protocols: adapters/db implements them, tests fake them.

Records here are plain data: the services never see a table or a session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol, Self

from runstrong.domain.training_log import SessionLog


@dataclass(frozen=True, slots=True)
class StoredRunner:
    id: int
    name: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredProfile:
    version: int
    document: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    tested_on: dt.date
    document: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredPlan:
    id: int
    profile_version: int
    valid_from: dt.date
    document: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredLog:
    log: SessionLog
    logged_at: dt.datetime


class TrainingRepository(Protocol):
    def runner(self) -> StoredRunner | None: ...
    def add_runner(self, name: str, now: dt.datetime) -> StoredRunner: ...
    def rename_runner(self, runner_id: int, name: str) -> None: ...
    def profiles(self, runner_id: int) -> list[StoredProfile]: ...
    def add_profile(
        self, runner_id: int, document: dict[str, Any], now: dt.datetime
    ) -> StoredProfile: ...
    def assessments(self, runner_id: int) -> list[StoredAssessment]: ...
    def add_assessment(
        self, runner_id: int, tested_on: dt.date, document: dict[str, Any]
    ) -> None: ...
    def plans(self, runner_id: int) -> list[StoredPlan]: ...
    def add_plan(
        self,
        runner_id: int,
        profile_version: int,
        valid_from: dt.date,
        document: dict[str, Any],
        now: dt.datetime,
    ) -> StoredPlan: ...
    def session_log(self, log_id: str) -> StoredLog | None: ...
    def add_session_log(self, runner_id: int, log: SessionLog, now: dt.datetime) -> None: ...
    def delete_session_log(self, log_id: str) -> None: ...
    def session_logs(self, runner_id: int) -> list[StoredLog]: ...
    def is_empty(self) -> bool: ...


class FeedTokens(Protocol):
    """The calendar feed's secret of each runner, kept only as a hash."""

    def replace(self, runner_id: int, token_hash: str, now: dt.datetime) -> None: ...
    def runner_for(self, token_hash: str) -> int | None: ...


class FeedUnitOfWork(Protocol):
    """A unit of work that also holds the feed secrets."""

    repo: TrainingRepository
    feeds: FeedTokens

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...
    def lock(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: everything inside commits together or not at all."""

    repo: TrainingRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...
    def lock(self) -> None:
        """Make this unit of work the only writer until it ends (other writers wait,
        readers do not). Called first in a use case that reads and then writes, so that
        two at once cannot both find "nothing there yet" and both add it."""
        ...

    def commit(self) -> None: ...
    def rollback(self) -> None: ...
