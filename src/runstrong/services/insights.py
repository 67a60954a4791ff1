"""What the log shows over time: weekly volume, key lifts and holds, adherence, tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from runstrong.domain.athlete import Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.ports import UnitOfWork
from runstrong.services.training import NoRunner, _sessions_in_force


@dataclass(frozen=True, slots=True)
class WeekSummary:
    start: dt.date
    planned: int
    logged: int
    work: int  # sets x reps, plus sets x seconds / 3 for holds (a rough common unit)


@dataclass(frozen=True, slots=True)
class Trend:
    exercise: str
    unit: str  # "kg" or "s"
    points: list[tuple[dt.date, float]]


@dataclass(frozen=True, slots=True)
class ProgressReport:
    weeks: list[WeekSummary] = field(default_factory=list)
    lifts: list[Trend] = field(default_factory=list)
    holds: list[Trend] = field(default_factory=list)
    tests: list[tuple[dt.date, str, float, float]] = field(default_factory=list)
    # each current injury: whether the log meets its criteria to move on, and what is missing
    moving_on: list[str] = field(default_factory=list)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def progress(
    uow: UnitOfWork, today: dt.date, most: int = 4, catalog: Catalog | None = None
) -> ProgressReport:
    """The log over time; with the library at hand, also where each current injury stands
    against its criteria to move on to recovering."""
    with uow:
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        logs = uow.repo.session_logs(runner.id)
        plans = uow.repo.plans(runner.id)
        assessments = uow.repo.assessments(runner.id)
        profiles = uow.repo.profiles(runner.id) if catalog is not None else []
    moving_on: list[str] = []
    if catalog is not None and profiles:
        from runstrong.services.coaching import moving_on as lines
        from runstrong.services.coaching import readiness

        profile = Profile.model_validate(profiles[-1].document)
        found = readiness(profile, logs, assessments, catalog, today)
        moving_on = lines(found, not_yet=True)
    planned: dict[dt.date, int] = defaultdict(int)
    for session in _sessions_in_force(plans):
        day = dt.date.fromisoformat(session["date"])
        if day <= today:
            planned[_monday(day)] += 1
    logged: dict[dt.date, int] = defaultdict(int)
    work: dict[dt.date, int] = defaultdict(int)
    best_load: dict[str, dict[dt.date, float]] = defaultdict(dict)
    best_hold: dict[str, dict[dt.date, float]] = defaultdict(dict)
    for stored in logs:
        log = stored.log
        monday = _monday(log.date)
        logged[monday] += 1
        for item in log.items:
            for done in item.sets:
                work[monday] += (done.reps or 0) + (done.seconds or 0) // 3
                if done.load_kg:
                    day_best = best_load[item.exercise].get(log.date, 0.0)
                    best_load[item.exercise][log.date] = max(day_best, done.load_kg)
                if done.seconds:
                    day_best = best_hold[item.exercise].get(log.date, 0.0)
                    best_hold[item.exercise][log.date] = max(day_best, float(done.seconds))
    weeks = [
        WeekSummary(monday, planned.get(monday, 0), logged.get(monday, 0), work.get(monday, 0))
        for monday in sorted(set(planned) | set(logged))
    ]

    def trends(found: dict[str, dict[dt.date, float]], unit: str) -> list[Trend]:
        ranked = sorted(found, key=lambda name: (-len(found[name]), name))[:most]
        return [Trend(name, unit, sorted(found[name].items())) for name in ranked]

    tests = [
        (a.tested_on, test, float(values["left"]), float(values["right"]))
        for a in assessments
        for test, values in sorted(a.document.items())
        if isinstance(values, dict)
        and {"left", "right"} <= values.keys()
        and not isinstance(values["left"], str)
    ]
    return ProgressReport(weeks, trends(best_load, "kg"), trends(best_hold, "s"), tests, moving_on)
