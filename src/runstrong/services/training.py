"""Use cases of the training log: init, today, week, log, history, backup and restore.

Each use case runs in one unit of work, so every write is one transaction. The clock comes
in as arguments (`today`, `now`): nothing here reads it, which keeps the rules testable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from runstrong.domain.athlete import InjuryStatus, Profile
from runstrong.domain.errors import InvalidInput, RunstrongError, UnknownExercise
from runstrong.domain.pain import PainAction, respond_to_pain
from runstrong.domain.ports import (
    LogUnitOfWork,
    PlanSpan,
    ReadUnitOfWork,
    StoredAssessment,
    StoredLog,
    StoredPlan,
    StoredProfile,
    UnitOfWork,
)
from runstrong.domain.training_log import MAX_DAYS_AHEAD, SessionLog

if TYPE_CHECKING:
    from runstrong.domain.catalog import Catalog

BACKUP_SCHEMA = "runstrong.backup/1"


class NoRunner(RunstrongError):
    def __init__(self) -> None:
        super().__init__(
            "no runner yet: run `runstrong init --profile FILE` (or `runstrong init`) first"
        )


def stamp(moment: dt.datetime) -> str:
    """A stored moment as runstrong writes it everywhere: ISO 8601 in UTC, with a Z."""
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def said_in_utc(moment: dt.datetime) -> str:
    """A stored moment for people: "2027-02-03 18:30 UTC"."""
    return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"


RESEND = "runstrong log --file FILE --replace"


class SessionConflict(InvalidInput):
    """A session id already logged with other content: neither kept silently nor dropped."""

    def __init__(self, stored: StoredLog, resend: str = RESEND) -> None:
        self.stored = stored
        log = stored.log
        super().__init__(
            "id",
            f"session {log.id!r} is already logged, with other content (date {log.date}, "
            f"logged {said_in_utc(stored.logged_at)}); to keep the new one instead, run "
            f"`{resend}`, or give it a new id",
        )


class UnknownSession(InvalidInput):
    def __init__(self, log_id: str) -> None:
        self.log_id = log_id
        super().__init__(
            "id",
            f"no session with id {log_id!r} is logged; `runstrong history --format json` "
            "lists the ids",
        )


def _document(value: object) -> dict[str, Any]:
    """Plain JSON data (dates as ISO strings), as stored and as exported."""
    data: dict[str, Any] = orjson.loads(orjson.dumps(value))
    return data


# -- init ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Started:
    runner: str
    profile_version: int
    valid_from: dt.date
    weeks: int
    first_session: dt.date | None


def stamped(document: dict[str, Any], library: str, profile_version: int) -> dict[str, Any]:
    """A plan document as stored: with what it was made from (`made_with`: the library's
    fingerprint and the profile's version), which `runstrong replan --all` compares."""
    return {**document, "made_with": {"library": library, "profile_version": profile_version}}


def init_runner(
    uow: UnitOfWork,
    profile: Profile,
    catalog: Catalog,
    today: dt.date,
    now: dt.datetime,
    library: str | None = None,
    changed_by: str | None = None,
) -> Started:
    """Store the runner's profile (a new version) and the plan made from it; `changed_by`
    names the coach who made the change, when it was not the runner.

    A first plan runs from the profile's start date. A later one (a changed profile)
    takes over from today: what was planned and logged before stays as it was.
    `library` is the fingerprint of the library the catalog came from (by default the
    bundled one's).
    """
    from runstrong.domain.generator import generate_plan  # the log's reads never need it
    from runstrong.library.fingerprint import library_fingerprint

    plan = generate_plan(profile, catalog)
    with uow:
        uow.lock()  # two inits at once: the second finds the first's runner
        runner = uow.repo.runner()
        if runner is None and uow.repo.runner_scope is not None:
            raise NoRunner()  # a server's runner is made with its account (`add_runner`)
        runner = runner or uow.repo.add_runner(profile.name, now)
        if runner.name != profile.name:
            uow.repo.rename_runner(runner.id, profile.name)
        stored = uow.repo.add_profile(runner.id, profile.model_dump(mode="json"), now, changed_by)
        if profile.assessment is not None:
            tested_on = profile.assessment.date or profile.start_date
            known = {
                (a.tested_on, orjson.dumps(a.document)) for a in uow.repo.assessments(runner.id)
            }
            document = profile.assessment.model_dump(mode="json")
            if (tested_on, orjson.dumps(document)) not in known:
                uow.repo.add_assessment(runner.id, tested_on, document)
        earlier = uow.repo.plans(runner.id)
        valid_from = profile.start_date if not earlier else max(today, profile.start_date)
        document = stamped(_document(plan), library or library_fingerprint(), stored.version)
        uow.repo.add_plan(runner.id, stored.version, valid_from, document, now)
        uow.commit()
    first = next((s.date for s in plan.sessions() if s.date >= valid_from), None)
    return Started(profile.name, stored.version, valid_from, len(plan.weeks), first)


def add_runner(uow: UnitOfWork, name: str, now: dt.datetime) -> int:
    """A new runner beside the others, without a profile yet (a server's new account);
    its id is what `connect(url, runner=...)` serves."""
    with uow:
        uow.lock()
        runner = uow.repo.add_runner(name, now)
        uow.commit()
    return runner.id


# -- the plan in force ----------------------------------------------------------------------


def _sessions_in_force(plans: list[StoredPlan]) -> list[dict[str, Any]]:
    """Every planned session, each from the plan in force on its date."""
    return _sessions_of([PlanSpan(p.id, p.valid_from) for p in plans], plans)


def _sessions_of(spans: Sequence[PlanSpan], plans: Sequence[StoredPlan]) -> list[dict[str, Any]]:
    """The sessions in force from `plans`, some of the runner's plans (`spans`, all of them,
    say until when each is in force: until the next one begins), sorted by date."""
    position = {span.id: index for index, span in enumerate(spans)}
    sessions: list[dict[str, Any]] = []
    for plan in sorted(plans, key=lambda p: position[p.id]):
        index = position[plan.id]
        until = spans[index + 1].valid_from.isoformat() if index + 1 < len(spans) else None
        start = plan.valid_from.isoformat()
        for week in plan.document["weeks"]:
            for session in week["sessions"]:
                day = session["date"]  # ISO dates compare as text
                if day >= start and (until is None or day < until):
                    sessions.append({**session, "week": week["index"], "phase": week["phase"]})
    return sorted(sessions, key=lambda s: s["date"])


def _in_force_on(spans: Sequence[PlanSpan], day: dt.date) -> int | None:
    """The position of the plan in force on the day: the last to begin on or before it."""
    found = None
    for index, span in enumerate(spans):
        if span.valid_from > day:
            break
        found = index
    return found


def _runner_id(uow: ReadUnitOfWork) -> int:
    runner = uow.repo.runner()
    if runner is None:
        raise NoRunner()
    return runner.id


class _Plans:
    """The runner's plans, each document read from storage only when first needed (a
    plan's document is a few hundred kilobytes, and years of use make dozens of them)."""

    def __init__(self, uow: ReadUnitOfWork, runner: int) -> None:
        self._uow = uow
        self.spans = uow.repo.plan_spans(runner)
        self._loaded: dict[int, StoredPlan] = {}

    def load(self, positions: Iterable[int]) -> None:
        wanted = sorted({self.spans[i].id for i in positions} - self._loaded.keys())
        for plan in self._uow.repo.plans_by_id(wanted):
            self._loaded[plan.id] = plan

    def covering(self, days: Iterable[dt.date]) -> None:
        """Load the plans in force on these days."""
        found = (_in_force_on(self.spans, day) for day in days)
        self.load(i for i in found if i is not None)

    def sessions(self) -> list[dict[str, Any]]:
        """The sessions in force from the plans loaded so far, by date."""
        return _sessions_of(self.spans, list(self._loaded.values()))

    def loaded(self, position: int) -> bool:
        return self.spans[position].id in self._loaded


def today(uow: ReadUnitOfWork, day: dt.date, catalog: Catalog | None = None) -> dict[str, Any]:
    """`{"session": the session due on the day or None, "next": the next session's date or None}`.

    With the library at hand, a session still to come is adjusted by what the log shows
    (loads, reps, holds, rungs; see `coaching`); one on or before the last logged day is
    shown as it was planned.

    Only the plan in force on the day (and the next, for the next date) is read, and of the
    log only what the rules look at: the last sessions of each exercise due, the last one
    with a load, and the last session of all.
    """
    iso = day.isoformat()
    with uow:
        runner = _runner_id(uow)
        plans = _Plans(uow, runner)
        current = _in_force_on(plans.spans, day)
        following = 0 if current is None else current + 1
        plans.load(i for i in (current, following) if i is not None and i < len(plans.spans))
        sessions = plans.sessions()
        later = next((s["date"] for s in sessions if s["date"] > iso), None)
        while later is None and following + 1 < len(plans.spans):
            following += 1  # a plan with nothing after the day in force: look further on
            plans.load([following])
            sessions = plans.sessions()
            later = next((s["date"] for s in sessions if s["date"] > iso), None)
        due = next((s for s in sessions if s["date"] == iso), None)
        logs: list[StoredLog] = []
        profile: StoredProfile | None = None
        if due is not None and catalog is not None:
            last_day = uow.repo.latest_log_date(runner)
            if last_day is not None and last_day < day:
                from runstrong.domain.progression import SESSIONS_RUNNING
                from runstrong.services.coaching import COACHED_BLOCKS

                coached = sorted(
                    {
                        item["exercise"]
                        for block in due["blocks"]
                        if block["kind"] in COACHED_BLOCKS
                        for item in block["items"]
                    }
                )
                logs = uow.repo.recent_logs_of(runner, coached, day, SESSIONS_RUNNING)
                plans.covering(s.log.date for s in logs)  # what was planned on those days
                profile = uow.repo.latest_profile(runner)
    if due is not None and catalog is not None and logs and profile is not None:
        from runstrong.services.coaching import adjust

        runner_profile = Profile.model_validate(profile.document)
        by_date = {s["date"]: s for s in plans.sessions()}
        due = adjust(
            due,
            by_date,
            logs,
            catalog,
            runner_profile.experience,
            runner_profile.available_equipment(),
        )
    return {"session": due, "next": later}


def _readiness_inputs(
    uow: ReadUnitOfWork, runner: int, catalog: Catalog, day: dt.date
) -> tuple[Profile | None, list[StoredLog], list[StoredAssessment]]:
    """What `coaching.readiness` reads: the latest profile, the logs of the longest window
    any of its current injuries' criteria look back over (not the whole history), and
    the stored field tests."""
    stored = uow.repo.latest_profile(runner)
    if stored is None:
        return None, [], []
    profile = Profile.model_validate(stored.document)
    weeks = 0
    for injury in profile.injuries:
        injury_profile = catalog.injury_profile(injury.area)
        criteria = injury_profile.current.moves_on if injury_profile is not None else None
        if injury.status is InjuryStatus.CURRENT and criteria is not None:
            weeks = max(weeks, criteria.weeks)
    if not weeks:
        return profile, [], []
    since = day - dt.timedelta(days=7 * weeks - 1)
    logs = uow.repo.session_logs_between(runner, since, day)
    return profile, logs, uow.repo.assessments(runner)


def moving_on(uow: ReadUnitOfWork, day: dt.date, catalog: Catalog) -> list[str]:
    """One line for each current injury whose criteria the log meets on the day (its
    profile's ``moves_on``): "your Achilles meets the criteria to move to recovering"."""
    from runstrong.services.coaching import moving_on as lines
    from runstrong.services.coaching import readiness

    with uow:
        profile, logs, assessments = _readiness_inputs(uow, _runner_id(uow), catalog, day)
    if profile is None:
        return []
    return lines(readiness(profile, logs, assessments, catalog, day))


def week(uow: ReadUnitOfWork, day: dt.date) -> dict[str, Any]:
    """The Monday-to-Sunday week holding the day: its sessions, and its logs so far."""
    monday = day - dt.timedelta(days=day.weekday())
    sunday = monday + dt.timedelta(days=6)
    with uow:
        runner = _runner_id(uow)
        plans = _Plans(uow, runner)
        first = _in_force_on(plans.spans, monday)
        plans.load(
            index
            for index, span in enumerate(plans.spans)
            if index == first or monday < span.valid_from <= sunday
        )
        logs = uow.repo.session_logs_between(runner, monday, sunday)
    sessions = [
        s for s in plans.sessions() if monday.isoformat() <= s["date"] <= sunday.isoformat()
    ]
    return {
        "start": monday.isoformat(),
        "sessions": sessions,
        "logged": [_document(s.log.model_dump(mode="json")) for s in logs],
    }


# -- logging --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Logged:
    recorded: bool  # False when a session with this id was already recorded
    log: SessionLog
    messages: list[str] = field(default_factory=list)


def parse_log(data: object, catalog: Catalog, today: dt.date) -> SessionLog:
    """A checked session log: every problem named by its field, nothing stored yet."""
    if not isinstance(data, dict):
        raise InvalidInput("log", "a session log is a mapping with id, date, items and note")
    try:
        log = SessionLog.model_validate(data)
    except ValidationError as exc:
        from runstrong.services.planning import describe_errors

        raise describe_errors(exc, "log") from None
    if log.date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput("date", f"{log.date} is in the future; log a session once it is done")
    for number, item in enumerate(log.items):
        if item.exercise not in catalog:
            raise InvalidInput(
                f"items.{number}.exercise", str(UnknownExercise(item.exercise)).split(": ", 1)[1]
            )
    return log


def log_session(uow: LogUnitOfWork, log: SessionLog, now: dt.datetime) -> Logged:
    """Record a done session once.

    The same id sent again with the same content changes nothing (a retry, or the same
    file twice). With other content it is refused (`SessionConflict`, naming the stored
    session): `replace_session_log` is how a runner says the new one should win.
    """
    with uow:
        uow.lock()  # the same id sent twice at once: the second finds the first
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        stored = uow.repo.session_log(runner.id, log.id)
        if stored is not None:
            if stored.log != log:
                raise SessionConflict(stored)
            return Logged(
                False,
                log,
                [
                    f"Session {log.id} was already logged on {said_in_utc(stored.logged_at)}; "
                    "nothing changed."
                ],
            )
        uow.repo.add_session_log(runner.id, log, now)
        uow.commit()
    return Logged(True, log, _pain_messages(log))


def replace_session_log(uow: UnitOfWork, log: SessionLog, now: dt.datetime) -> Logged:
    """Record the session, in place of the one logged with the same id if there is one
    (it is then logged at `now`). One transaction: the old one goes only if the new one
    is stored."""
    with uow:
        uow.lock()
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        stored = uow.repo.session_log(runner.id, log.id)
        if stored is not None:
            uow.repo.delete_session_log(runner.id, log.id)
        uow.repo.add_session_log(runner.id, log, now)
        uow.commit()
    replaced = (
        []
        if stored is None
        else [f"It replaces the one of {stored.log.date} logged {said_in_utc(stored.logged_at)}."]
    )
    return Logged(True, log, replaced + _pain_messages(log))


def logged_session(uow: UnitOfWork, log_id: str) -> StoredLog:
    """One logged session, by its id (`UnknownSession` when there is none)."""
    with uow:
        stored = uow.repo.session_log(_runner_id(uow), log_id)
    if stored is None:
        raise UnknownSession(log_id)
    return stored


def delete_session_log(uow: UnitOfWork, log_id: str) -> StoredLog:
    """Remove a logged session and its sets; returns what was removed."""
    with uow:
        uow.lock()
        runner = _runner_id(uow)
        stored = uow.repo.session_log(runner, log_id)
        if stored is None:
            raise UnknownSession(log_id)
        uow.repo.delete_session_log(runner, log_id)
        uow.commit()
    return stored


def _pain_messages(log: SessionLog) -> list[str]:
    messages = []
    for item in log.items:
        worst = max(s.pain for s in item.sets)
        if worst == 0 and log.pain_settled:
            continue
        response = respond_to_pain(worst, log.pain_settled)
        if response.action is not PainAction.CARRY_ON:
            messages.append(f"{item.exercise}: {response.message}")
    return messages


def history(uow: ReadUnitOfWork) -> list[StoredLog]:
    """Every logged session, oldest first."""
    with uow:
        return uow.repo.every_log(_runner_id(uow))


@dataclass(frozen=True, slots=True)
class HistoryPage:
    logs: list[StoredLog]  # oldest first
    total: int  # sessions logged in all
    page: int
    pages: int
    limit: int | None  # None: every session on one page


def history_page(uow: ReadUnitOfWork, limit: int | None, page: int = 1) -> HistoryPage:
    """The newest `limit` logged sessions (page 1), or the `limit` before those (page 2),
    and so on; `limit` None gives every one. Pages are counted from the newest."""
    if limit is not None and limit < 1:
        raise InvalidInput("--limit", f"show at least 1 session a page; got {limit}")
    if page < 1:
        raise InvalidInput("--page", f"pages are counted from 1 (the newest); got {page}")
    with uow:
        runner = _runner_id(uow)
        total = uow.repo.log_count(runner)
        pages = 1 if limit is None else max(1, -(-total // limit))
        if page > pages:
            raise InvalidInput(
                "--page", f"there are {pages} pages of {limit} sessions; got page {page}"
            )
        offset = 0 if limit is None else (page - 1) * limit
        logs = uow.repo.log_page(runner, limit, offset)
    return HistoryPage(logs, total, page, pages, limit)


# -- backup and restore ------------------------------------------------------------------------


def export_all(uow: UnitOfWork) -> dict[str, Any]:
    """Everything stored, as one JSON document (`runstrong.backup/1`), in a stable order."""
    with uow:
        runner = uow.repo.runner()
        runners = []
        if runner is not None:
            runners.append(
                {
                    "name": runner.name,
                    "created_at": stamp(runner.created_at),
                    "profiles": [
                        {
                            "version": p.version,
                            "created_at": stamp(p.created_at),
                            "document": p.document,
                        }
                        for p in uow.repo.profiles(runner.id)
                    ],
                    "assessments": [
                        {"tested_on": a.tested_on.isoformat(), "document": a.document}
                        for a in uow.repo.assessments(runner.id)
                    ],
                    "plans": [
                        {
                            "profile_version": p.profile_version,
                            "valid_from": p.valid_from.isoformat(),
                            "created_at": stamp(p.created_at),
                            "document": p.document,
                        }
                        for p in uow.repo.plans(runner.id)
                    ],
                    "sessions": [
                        {
                            **_document(s.log.model_dump(mode="json")),
                            "logged_at": stamp(s.logged_at),
                        }
                        for s in uow.repo.session_logs(runner.id)
                    ],
                }
            )
    return {"schema": BACKUP_SCHEMA, "runners": runners}


def import_all(uow: UnitOfWork, document: object, catalog: Catalog) -> int:
    """Restore a backup into an empty database; returns the number of sessions restored.

    Everything is checked before the first row is written, and all of it is written in
    one transaction: a bad backup leaves the database as it was.
    """
    from runstrong.services.backup import parse_backup

    backup = parse_backup(document, catalog)
    with uow:
        uow.lock()  # two restores at once: the second finds the database no longer empty
        if not uow.repo.is_empty():
            raise InvalidInput(
                "database",
                "a backup is restored into an empty database; this one holds data already",
            )
        restored = 0
        for runner in backup.runners:
            stored = uow.repo.add_runner(runner.name, runner.created_at)
            for profile in runner.profiles:
                uow.repo.add_profile(stored.id, profile.document, profile.created_at)
            for assessment in runner.assessments:
                uow.repo.add_assessment(stored.id, assessment.tested_on, assessment.document)
            for plan in runner.plans:
                uow.repo.add_plan(
                    stored.id, plan.profile_version, plan.valid_from, plan.document, plan.created_at
                )
            for session in runner.sessions:
                uow.repo.add_session_log(stored.id, session.log(), session.logged_at)
                restored += 1
        uow.commit()
    return restored
