"""A coach's view of a squad: for each runner, what a coach looks at on a Monday morning.

Who trained this week and who missed sessions, who reported pain above 3 lately, who is
due a retest, who races soon, and how much of the plan each has done over four weeks.
Everything is read from each runner's own plan and log, as the runner's pages read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

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
    """The squad's runners, by name. A handful of statements for the whole squad, whatever
    its size: each question is asked once for every runner, and plans are read by their
    calendars (`domain.plan_calendar`), not their documents."""
    monday = today - dt.timedelta(days=today.weekday())
    first = monday - dt.timedelta(weeks=ADHERENCE_WEEKS - 1)
    with uow:
        if actor.role is not Role.COACH or not uow.accounts.coaches_squad(actor.user_id, squad_id):
            raise NotAllowed("That is not one of your squads.")
        name = dict(uow.accounts.squads_coached(actor.user_id))[squad_id]
        members = uow.accounts.members(squad_id)
        names = uow.repo.runner_names(members)
        profiles = uow.repo.latest_profiles(members)
        logged = uow.repo.logged_dates(members, first, today)
        pains = uow.repo.worst_pains(members, today - dt.timedelta(days=PAIN_DAYS - 1), today)
        calendars = uow.repo.plan_calendars(members)
    days: dict[int, list[dt.date]] = {r: [] for r in members}
    for runner, day in logged:
        days[runner].append(day)
    plans: dict[int, list[tuple[dt.date, dict[str, Any]]]] = {r: [] for r in members}
    for runner, span, calendar in calendars:
        plans[runner].append((span.valid_from, calendar))
    rows = []
    for runner in members:
        profile = profiles.get(runner)
        planned, retest = _planned(plans[runner], first, today, monday)
        done = days[runner]
        this_week = sum(1 for d in done if d >= monday)
        planned_week = sum(1 for d in planned if d >= monday)
        rows.append(
            RunnerRow(
                runner,
                names.get(runner, f"runner {runner}"),
                this_week,
                planned_week,
                max(0, planned_week - this_week),
                pains.get(runner),
                retest,
                _next_race(profile, today) if profile else None,
                len(done),
                len(planned),
                profile is not None,
            )
        )
    return Board(squad_id, name, sorted(rows, key=lambda r: (r.name.lower(), r.runner_id)))


def _planned(
    plans: list[tuple[dt.date, dict[str, Any]]], first: dt.date, today: dt.date, monday: dt.date
) -> tuple[list[dt.date], list[str]]:
    """The sessions planned from `first` to `today`, each from the plan in force on its
    day (a plan holds until the next begins), and the retests of this week."""
    planned: list[dt.date] = []
    retest: list[str] = []
    for index, (start, calendar) in enumerate(plans):
        until = plans[index + 1][0] if index + 1 < len(plans) else None
        for week in calendar["weeks"]:
            for text in week["sessions"]:
                day = dt.date.fromisoformat(text)
                if start <= day and (until is None or day < until) and first <= day <= today:
                    planned.append(day)
            in_force = start <= monday and (until is None or monday < until)
            if in_force and week["start"] == monday.isoformat():
                retest = list(week["retest"])
    return planned, retest


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
