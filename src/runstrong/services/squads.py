"""A coach's view of a squad: for each runner, what a coach looks at on a Monday morning.

Who trained this week and who missed sessions, who reported pain above 3 lately, who is
due a retest, who races soon, and how much of the plan each has done over four weeks.
Everything is read from each runner's own plan and log, as the runner's pages read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong.domain.accounts import Actor, Role
from runstrong.domain.ports import AccountsUnitOfWork
from runstrong.services.accounts import NotAllowed

PAIN_WATCHED = 3  # above this, the plan's pain rule changes the next session
PAIN_DAYS = 14
ADHERENCE_WEEKS = 4
RACE_WEEKS = 8  # a race this close is shown


@dataclass(frozen=True, slots=True)
class RunnerRow:
    runner_id: int
    name: str
    logged_this_week: int
    planned_this_week: int  # up to today
    missed_this_week: int
    worst_pain: int | None  # in the last PAIN_DAYS days, None without a logged session
    retest: list[str]  # field tests due this week
    race: tuple[str, dt.date] | None  # the next race within RACE_WEEKS
    logged_four_weeks: int
    planned_four_weeks: int
    has_plan: bool


@dataclass(frozen=True, slots=True)
class Board:
    squad_id: int
    name: str
    rows: list[RunnerRow]


def board(uow: AccountsUnitOfWork, actor: Actor, squad_id: int, today: dt.date) -> Board:
    with uow:
        if actor.role is not Role.COACH or not uow.accounts.coaches_squad(actor.user_id, squad_id):
            raise NotAllowed("That is not one of your squads.")
        name = dict(uow.accounts.squads_coached(actor.user_id))[squad_id]
        members = uow.accounts.members(squad_id)
    return Board(squad_id, name, [_row(uow.for_runner(r), r, today) for r in members])


def _row(uow: AccountsUnitOfWork, runner_id: int, today: dt.date) -> RunnerRow:
    from runstrong.services import insights
    from runstrong.services.runner import current_plan

    monday = today - dt.timedelta(days=today.weekday())
    with uow:
        runner = uow.repo.runner()
        profile = uow.repo.latest_profile(runner_id)
        logs = uow.repo.session_logs_between(
            runner_id, today - dt.timedelta(days=PAIN_DAYS - 1), today
        )
    name = runner.name if runner is not None else f"runner {runner_id}"
    if profile is None:
        return RunnerRow(runner_id, name, 0, 0, 0, None, [], None, 0, 0, False)
    documents = [current_plan(uow, today)]
    report = insights.progress(uow, today, weeks=ADHERENCE_WEEKS, points=0)
    this_week = next((w for w in report.weeks if w.start == monday), None)
    logged = this_week.logged if this_week else 0
    planned = this_week.planned if this_week else 0
    pains = [s.pain for stored in logs for item in stored.log.items for s in item.sets]
    retest: list[str] = []
    for document in documents:
        for week in document["weeks"]:
            if week["start"] == monday.isoformat():
                retest = list(week.get("retest") or [])
    return RunnerRow(
        runner_id,
        name,
        logged,
        planned,
        max(0, planned - logged),
        max(pains) if pains else None,
        retest,
        _next_race(profile.document, today),
        sum(w.logged for w in report.weeks),
        sum(w.planned for w in report.weeks),
        True,
    )


def _next_race(profile: dict[str, object], today: dt.date) -> tuple[str, dt.date] | None:
    races: list[tuple[str, dt.date]] = []
    entries = list(profile.get("races") or [])  # type: ignore[call-overload]
    goal = profile.get("goal")
    if isinstance(goal, dict):
        entries.append(goal)
    for entry in entries:
        if (
            isinstance(entry, dict)
            and entry.get("date")
            and entry.get("event") not in (None, "none")
        ):
            day = dt.date.fromisoformat(str(entry["date"]))
            if today <= day <= today + dt.timedelta(weeks=RACE_WEEKS):
                races.append((str(entry["event"]), day))
    return min(races, key=lambda r: r[1]) if races else None
