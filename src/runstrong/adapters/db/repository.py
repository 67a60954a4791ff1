"""The training repository on SQLAlchemy: rows in, plain records out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import exists, func, select, text
from sqlalchemy.orm import Session

from runstrong.adapters.db.reads import LogQueries
from runstrong.adapters.db.tables import (
    AssessmentRow,
    PlanRow,
    ProfileRow,
    RunnerRow,
    SessionLogRow,
    SetLogRow,
)
from runstrong.domain.ports import (
    PlanStamp,
    StoredAssessment,
    StoredLog,
    StoredPlan,
    StoredProfile,
    StoredRunner,
)
from runstrong.domain.training_log import ItemLog, SessionLog, SetLog


def _utc(moment: dt.datetime) -> dt.datetime:
    """A moment in UTC, going in and coming out. SQLite keeps no zone (a +02:00 time
    would come back two hours out, and it hands back naive UTC); PostgreSQL hands back
    the session's time zone. In UTC both store and return the same instant."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _text(value: object) -> object:
    """Dates as SQLite stores them (ISO text), not by the sqlite3 module's own adapter."""
    return value.isoformat() if isinstance(value, dt.date) else value


class SqlTrainingRepository(LogQueries):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _rows(self, sql: str, params: Mapping[str, object]) -> Sequence[Sequence[Any]]:
        """The log commands' queries (`reads.py`), run in this session's transaction."""
        values = dict(params)
        if self.session.get_bind().dialect.name == "sqlite":
            values = {k: _text(v) for k, v in values.items()}
        return self.session.execute(text(sql), values).all()

    # -- runners and their profiles ---------------------------------------------------
    def runner(self) -> StoredRunner | None:
        if self.runner_scope is not None:
            row = self.session.get(RunnerRow, self.runner_scope)
        else:
            row = self.session.scalars(select(RunnerRow).order_by(RunnerRow.id).limit(1)).first()
        return None if row is None else StoredRunner(row.id, row.name, _utc(row.created_at))

    def add_runner(self, name: str, now: dt.datetime) -> StoredRunner:
        now = _utc(now)
        row = RunnerRow(name=name, created_at=now)
        self.session.add(row)
        self.session.flush()
        return StoredRunner(row.id, row.name, now)

    def delete_runner(self, runner_id: int) -> None:
        """The runner and all of their training: the database removes the rest with it."""
        row = self.session.get(RunnerRow, runner_id)
        if row is not None:
            self.session.delete(row)
            self.session.flush()

    def rename_runner(self, runner_id: int, name: str) -> None:
        row = self.session.get(RunnerRow, runner_id)
        if row is not None:
            row.name = name

    def profiles(self, runner_id: int) -> list[StoredProfile]:
        rows = self.session.scalars(
            select(ProfileRow).where(ProfileRow.runner_id == runner_id).order_by(ProfileRow.version)
        )
        return [
            StoredProfile(r.version, r.document, _utc(r.created_at), r.changed_by) for r in rows
        ]

    def add_profile(
        self,
        runner_id: int,
        document: dict[str, Any],
        now: dt.datetime,
        changed_by: str | None = None,
    ) -> StoredProfile:
        latest = self.session.scalar(
            select(func.max(ProfileRow.version)).where(ProfileRow.runner_id == runner_id)
        )
        version = (latest or 0) + 1
        now = _utc(now)
        self.session.add(
            ProfileRow(
                runner_id=runner_id,
                version=version,
                document=document,
                created_at=now,
                changed_by=changed_by,
            )
        )
        return StoredProfile(version, document, now, changed_by)

    def assessments(self, runner_id: int) -> list[StoredAssessment]:
        rows = self.session.scalars(
            select(AssessmentRow)
            .where(AssessmentRow.runner_id == runner_id)
            .order_by(AssessmentRow.tested_on, AssessmentRow.id)
        )
        return [StoredAssessment(r.tested_on, r.document) for r in rows]

    def add_assessment(self, runner_id: int, tested_on: dt.date, document: dict[str, Any]) -> None:
        self.session.add(AssessmentRow(runner_id=runner_id, tested_on=tested_on, document=document))

    # -- plans ------------------------------------------------------------------------
    def plans(self, runner_id: int) -> list[StoredPlan]:
        rows = self.session.scalars(
            select(PlanRow)
            .where(PlanRow.runner_id == runner_id)
            .order_by(PlanRow.valid_from, PlanRow.id)
        )
        return [
            StoredPlan(r.id, r.profile_version, r.valid_from, r.document, _utc(r.created_at))
            for r in rows
        ]

    def add_plan(
        self,
        runner_id: int,
        profile_version: int,
        valid_from: dt.date,
        document: dict[str, Any],
        now: dt.datetime,
    ) -> StoredPlan:
        now = _utc(now)
        from runstrong.domain.plan_calendar import calendar_of

        row = PlanRow(
            runner_id=runner_id,
            profile_version=profile_version,
            valid_from=valid_from,
            document=document,
            created_at=now,
            calendar=calendar_of(document),
        )
        self.session.add(row)
        self.session.flush()
        return StoredPlan(row.id, profile_version, valid_from, document, now)

    # -- logged sessions --------------------------------------------------------------
    def session_log(self, runner_id: int, log_id: str) -> StoredLog | None:
        row = self.session.get(SessionLogRow, (runner_id, log_id))
        return None if row is None else self._log(row)

    def add_session_log(self, runner_id: int, log: SessionLog, now: dt.datetime) -> None:
        self.session.add(
            SessionLogRow(
                id=log.id,
                runner_id=runner_id,
                date=log.date,
                note=log.note,
                pain_settled=log.pain_settled,
                logged_at=_utc(now),
            )
        )
        for item_index, item in enumerate(log.items):
            for set_index, done in enumerate(item.sets):
                self.session.add(
                    SetLogRow(
                        runner_id=runner_id,
                        session_id=log.id,
                        item_index=item_index,
                        exercise=item.exercise,
                        set_index=set_index,
                        reps=done.reps,
                        seconds=done.seconds,
                        load_kg=done.load_kg,
                        rpe=done.rpe,
                        pain=done.pain,
                        side=done.side.value if done.side else None,
                    )
                )

    def delete_session_log(self, runner_id: int, log_id: str) -> None:
        # Deleted and flushed here, so a new session with the same id can follow in the
        # same transaction (a replacement) without meeting the old rows.
        for done in self.session.scalars(
            select(SetLogRow).where(
                SetLogRow.runner_id == runner_id, SetLogRow.session_id == log_id
            )
        ):
            self.session.delete(done)
        row = self.session.get(SessionLogRow, (runner_id, log_id))
        if row is not None:
            self.session.delete(row)
        self.session.flush()

    def session_logs(self, runner_id: int) -> list[StoredLog]:
        rows = self.session.scalars(
            select(SessionLogRow)
            .where(SessionLogRow.runner_id == runner_id)
            .order_by(SessionLogRow.date, SessionLogRow.logged_at, SessionLogRow.id)
        )
        return [self._log(row) for row in rows]

    def _log(self, row: SessionLogRow) -> StoredLog:
        sets = self.session.scalars(
            select(SetLogRow)
            .where(SetLogRow.runner_id == row.runner_id, SetLogRow.session_id == row.id)
            .order_by(SetLogRow.item_index, SetLogRow.set_index)
        ).all()
        items: list[ItemLog] = []
        current: int | None = None
        bucket: list[SetLog] = []
        exercise = ""
        for s in sets:
            if s.item_index != current:
                if bucket:
                    items.append(ItemLog(exercise=exercise, sets=tuple(bucket)))
                current, exercise, bucket = s.item_index, s.exercise, []
            bucket.append(
                SetLog(
                    reps=s.reps,
                    seconds=s.seconds,
                    load_kg=s.load_kg,
                    rpe=s.rpe,
                    pain=s.pain,
                    side=s.side,
                )
            )
        if bucket:
            items.append(ItemLog(exercise=exercise, sets=tuple(bucket)))
        log = SessionLog(
            id=row.id,
            date=row.date,
            items=tuple(items),
            note=row.note,
            pain_settled=row.pain_settled,
        )
        return StoredLog(log, _utc(row.logged_at))

    def is_empty(self) -> bool:
        return not self.session.scalar(select(exists().where(RunnerRow.id.is_not(None))))

    # -- all the runners, a page at a time (`runstrong replan --all`) ------------------
    def runner_ids_after(self, after: int, limit: int) -> list[int]:
        return list(
            self.session.scalars(
                select(RunnerRow.id).where(RunnerRow.id > after).order_by(RunnerRow.id).limit(limit)
            )
        )

    def runner_count(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(RunnerRow)) or 0)

    def plan_stamps(self, runner_ids: Sequence[int]) -> list[PlanStamp]:
        if not runner_ids:
            return []
        ids = list(runner_ids)
        latest: dict[int, int] = dict(
            self.session.execute(
                select(ProfileRow.runner_id, func.max(ProfileRow.version))
                .where(ProfileRow.runner_id.in_(ids))
                .group_by(ProfileRow.runner_id)
            ).all()
        )
        newest = (
            select(func.max(PlanRow.id))
            .where(PlanRow.runner_id.in_(ids))
            .group_by(PlanRow.runner_id)
        )
        # Only the stamp is read out of each document (in the database), never the
        # few hundred kilobytes around it.
        library = PlanRow.document[("made_with", "library")].as_string()
        plans = {
            runner: (version, made_with)
            for runner, version, made_with in self.session.execute(
                select(PlanRow.runner_id, PlanRow.profile_version, library).where(
                    PlanRow.id.in_(newest)
                )
            )
        }
        return [
            PlanStamp(runner, latest.get(runner), *plans.get(runner, (None, None)))
            for runner in sorted(ids)
        ]
