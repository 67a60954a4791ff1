"""What the use cases need from storage, as protocols: adapters/db implements them, tests fake them.

Records here are plain data: the services never see a table or a session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    changed_by: str | None = None  # a coach's username when a coach made this version


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


@dataclass(frozen=True, slots=True)
class PlanSpan:
    """A stored plan without its document: enough to tell which plans are in force when."""

    id: int
    valid_from: dt.date


@dataclass(frozen=True, slots=True)
class PlanStamp:
    """What a runner's newest stored plan was made from, beside their latest profile
    version: enough to tell whether a re-plan would change anything."""

    runner_id: int
    latest_profile: int | None  # the newest profile version; None: no profile yet
    plan_profile: int | None  # the profile version of the newest plan; None: no plan
    library: str | None  # the newest plan's `made_with.library`; None: not recorded


@dataclass(frozen=True, slots=True)
class DayTotals:
    """What was logged on one day, summed in the database (`progress`)."""

    date: dt.date
    sessions: int
    work: int  # sets x reps, plus sets x seconds / 3 for holds


@dataclass(frozen=True, slots=True)
class ExerciseDays:
    """On how many days an exercise was logged with a load, and with a hold, and its best
    of each of its newest such days (oldest first)."""

    exercise: str
    loaded_days: int
    held_days: int
    best_loads: tuple[tuple[dt.date, float], ...]  # the heaviest load of the day, kg
    best_holds: tuple[tuple[dt.date, float], ...]  # the longest hold of the day, s


class TrainingReader(Protocol):
    """The queries of the log commands: each one loads only what its command needs, in a
    number of statements that does not grow with the history.

    A repository serves one runner: `runner_scope` (a server with accounts), or the
    database's one runner when it is None (a runner's own machine)."""

    runner_scope: int | None

    def runner(self) -> StoredRunner | None: ...
    def latest_profile(self, runner_id: int) -> StoredProfile | None: ...
    def assessments(self, runner_id: int) -> list[StoredAssessment]: ...
    def plan_spans(self, runner_id: int) -> list[PlanSpan]:
        """Every plan's id and start, in the order they take over from each other."""
        ...

    def plans_by_id(self, ids: Sequence[int]) -> list[StoredPlan]: ...
    def session_logs_between(
        self, runner_id: int, first: dt.date, last: dt.date
    ) -> list[StoredLog]: ...
    def latest_log_date(self, runner_id: int) -> dt.date | None: ...
    def recent_logs_of(
        self, runner_id: int, exercises: Sequence[str], before: dt.date, most: int
    ) -> list[StoredLog]:
        """The last `most` sessions before the day holding each exercise, the last one
        with a load on each, and the last session of all; oldest first."""
        ...

    def log_count(self, runner_id: int) -> int: ...
    def every_log(self, runner_id: int) -> list[StoredLog]:
        """Every logged session, oldest first, in one statement."""
        ...

    def log_page(self, runner_id: int, limit: int | None, offset: int) -> list[StoredLog]:
        """The newest `limit` sessions after the newest `offset` (None: every one), in
        history order, oldest first."""
        ...

    def runner_names(self, runner_ids: Sequence[int]) -> dict[int, str]: ...
    def latest_profiles(self, runner_ids: Sequence[int]) -> dict[int, dict[str, Any]]: ...
    def logged_dates(
        self, runner_ids: Sequence[int], first: dt.date, last: dt.date
    ) -> list[tuple[int, dt.date]]: ...
    def worst_pains(
        self, runner_ids: Sequence[int], first: dt.date, last: dt.date
    ) -> dict[int, int]: ...
    def plan_calendars(
        self, runner_ids: Sequence[int]
    ) -> list[tuple[int, PlanSpan, dict[str, Any]]]: ...
    def day_totals(self, runner_id: int, most_days: int | None) -> list[DayTotals]:
        """What was logged on each day, the newest `most_days` days (None: all), oldest first."""
        ...

    def exercise_days(
        self, runner_id: int, most: int | None, since: dt.date | None = None
    ) -> list[ExerciseDays]:
        """Every exercise logged with a load or a hold, by id, with its newest `most` best
        days of each (None: all)."""
        ...


class LogWriter(Protocol):
    """What recording a session needs: the runner, a session by id, and adding one."""

    def runner(self) -> StoredRunner | None: ...
    def session_log(self, runner_id: int, log_id: str) -> StoredLog | None: ...
    def add_session_log(self, runner_id: int, log: SessionLog, now: dt.datetime) -> None: ...


class LogUnitOfWork(Protocol):
    """One write transaction that records a session (`training.log_session`)."""

    @property
    def repo(self) -> LogWriter: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...
    def lock(self) -> None: ...
    def commit(self) -> None: ...


class ReadUnitOfWork(Protocol):
    """One read-only transaction: every query inside sees the same data."""

    @property
    def repo(self) -> TrainingReader: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


class TrainingRepository(TrainingReader, Protocol):
    def add_runner(self, name: str, now: dt.datetime) -> StoredRunner: ...
    def rename_runner(self, runner_id: int, name: str) -> None: ...
    def delete_runner(self, runner_id: int) -> None: ...
    def profiles(self, runner_id: int) -> list[StoredProfile]: ...
    def add_profile(
        self,
        runner_id: int,
        document: dict[str, Any],
        now: dt.datetime,
        changed_by: str | None = None,
    ) -> StoredProfile: ...
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
    def session_log(self, runner_id: int, log_id: str) -> StoredLog | None: ...
    def add_session_log(self, runner_id: int, log: SessionLog, now: dt.datetime) -> None: ...
    def delete_session_log(self, runner_id: int, log_id: str) -> None: ...
    def session_logs(self, runner_id: int) -> list[StoredLog]: ...
    def is_empty(self) -> bool: ...
    def runner_ids_after(self, after: int, limit: int) -> list[int]:
        """Up to `limit` runner ids above `after`, in order: a page of all the runners,
        however many there are (keyset pagination)."""
        ...

    def runner_count(self) -> int: ...
    def plan_stamps(self, runner_ids: Sequence[int]) -> list[PlanStamp]:
        """The stamp of each of these runners, in the order of their ids."""
        ...


class FeedTokens(Protocol):
    """The calendar feed's secret of each runner, kept only as a hash."""

    def replace(self, runner_id: int, token_hash: str, now: dt.datetime) -> None: ...
    def runner_for(self, token_hash: str) -> int | None: ...


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


class FeedUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also holds the feed secrets."""

    feeds: FeedTokens

    def for_runner(self, runner_id: int) -> FeedUnitOfWork:
        """A new unit of work on the same database, serving that runner."""
        ...


# -- accounts, on a server many runners share ----------------------------------------------


@dataclass(frozen=True, slots=True)
class StoredUser:
    id: int
    username: str
    password_hash: str
    role: str
    runner_id: int | None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredToken:
    id: int
    user_id: int
    name: str
    scope: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class Accounts(Protocol):
    def add_user(
        self, username: str, password_hash: str, role: str, runner_id: int | None, now: dt.datetime
    ) -> StoredUser: ...
    def user(self, user_id: int) -> StoredUser | None: ...
    def user_named(self, username: str) -> StoredUser | None: ...
    def users(self) -> list[StoredUser]: ...
    def set_password(self, user_id: int, password_hash: str, now: dt.datetime) -> None: ...
    def delete_user(self, user_id: int) -> None: ...
    def add_web_session(
        self, token_hash: str, user_id: int, now: dt.datetime, expires: dt.datetime
    ) -> None: ...
    def web_session(self, token_hash: str) -> tuple[int, dt.datetime] | None: ...
    def end_web_sessions(self, user_id: int, keep: str | None = None) -> None: ...
    def end_web_session(self, token_hash: str) -> None: ...
    def end_expired(self, now: dt.datetime) -> None: ...
    def add_link(
        self, token_hash: str, user_id: int, purpose: str, expires: dt.datetime
    ) -> None: ...
    def use_link(self, token_hash: str, purpose: str, now: dt.datetime) -> int | None: ...
    def add_failure(self, username: str, address: str, now: dt.datetime) -> None: ...
    def failures(self, username: str, address: str, since: dt.datetime) -> tuple[int, int]: ...
    def clear_failures(self, username: str) -> None: ...
    def forget_failures(self, before: dt.datetime) -> None: ...
    def add_token(
        self, user_id: int, name: str, token_hash: str, scope: str, now: dt.datetime
    ) -> StoredToken: ...
    def token(self, token_hash: str) -> StoredToken | None: ...
    def tokens(self, user_id: int) -> list[StoredToken]: ...
    def revoke_token(self, user_id: int, token_id: int, now: dt.datetime) -> bool: ...
    def coaches_runner(self, user_id: int, runner_id: int) -> bool: ...
    def add_squad(self, name: str, coach_id: int, now: dt.datetime) -> int: ...
    def squads_coached(self, user_id: int) -> list[tuple[int, str]]: ...
    def squads_joined(self, runner_id: int) -> list[tuple[int, str]]: ...
    def coaches_squad(self, user_id: int, squad_id: int) -> bool: ...
    def add_coach(self, squad_id: int, user_id: int) -> None: ...
    def members(self, squad_id: int) -> list[int]: ...
    def join(self, squad_id: int, runner_id: int, now: dt.datetime) -> bool: ...
    def leave(self, squad_id: int, runner_id: int) -> bool: ...
    def add_invite(
        self, token_hash: str, squad_id: int, now: dt.datetime, expires: dt.datetime
    ) -> None: ...
    def invite(self, token_hash: str, now: dt.datetime) -> tuple[int, str] | None: ...
    def add_note(
        self, runner_id: int, session_id: str, author: str, text: str, now: dt.datetime
    ) -> None: ...
    def notes(self, runner_id: int, session_id: str) -> list[tuple[str, str, dt.datetime]]: ...


class AccountsUnitOfWork(UnitOfWork, Protocol):
    """A unit of work that also holds the accounts."""

    accounts: Accounts

    def for_runner(self, runner_id: int) -> AccountsUnitOfWork:
        """A new unit of work on the same database, serving that runner."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...
    def verify(self, password_hash: str, password: str) -> bool: ...
    def needs_rehash(self, password_hash: str) -> bool: ...
