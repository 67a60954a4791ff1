"""What the log shows over time: weekly volume, key lifts and holds, adherence, tests."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from runstrong.domain.ports import ReadUnitOfWork
from runstrong.services.training import _Plans, _readiness_inputs, _runner_id

if TYPE_CHECKING:
    from runstrong.domain.catalog import Catalog


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


# What the terminal shows (`render_log.progress`): the report holds no more than this.
WEEKS_SHOWN = 16
POINTS_SHOWN = 12


KEY_WORK_WEEKS = 52


def progress(
    uow: ReadUnitOfWork,
    today: dt.date,
    most: int = 4,
    catalog: Catalog | None = None,
    weeks: int | None = WEEKS_SHOWN,
    points: int | None = POINTS_SHOWN,
) -> ProgressReport:
    """The log over time; with the library at hand, also where each current injury stands
    against its criteria to move on to recovering.

    `weeks` keeps the newest weeks with something planned or logged, `points` the newest
    days of each trend (None: all of them). The totals are summed by the database and only
    the plans in force in those weeks are read, so the report costs the same after years.
    """
    with uow:
        runner = _runner_id(uow)
        assessments = uow.repo.assessments(runner)
        moving_on: list[str] = []
        if catalog is not None:
            profile, logs, _tests = _readiness_inputs(uow, runner, catalog, today)
            if profile is not None:
                from runstrong.services.coaching import moving_on as lines
                from runstrong.services.coaching import readiness

                found = readiness(profile, logs, assessments, catalog, today)
                moving_on = lines(found, not_yet=True)
        planned, planned_from = _planned_weeks(uow, runner, today, weeks)
        days = uow.repo.day_totals(runner, None if weeks is None else 7 * weeks)
        # The key lifts and holds are the ones of the last year: what the runner does now,
        # found without reading every set of a long history.
        since = None if weeks is None else today - dt.timedelta(weeks=KEY_WORK_WEEKS)
        ranked = {e.exercise: e for e in uow.repo.exercise_days(runner, points, since)}
    lifted = _top([(e.exercise, e.loaded_days) for e in ranked.values()], most)
    held = _top([(e.exercise, e.held_days) for e in ranked.values()], most)
    logged: dict[dt.date, int] = defaultdict(int)
    work: dict[dt.date, int] = defaultdict(int)
    for totals in days:
        monday = _monday(totals.date)
        logged[monday] += totals.sessions
        work[monday] += totals.work
    shown = sorted(set(planned) | set(logged))
    if weeks is not None:
        # Older weeks than the newest `weeks` planned ones, or than the newest `weeks` logged
        # ones, cannot be among the newest `weeks` of both; within those the counts are whole.
        logged_weeks = sorted(logged)
        if len(days) == 7 * weeks and len(logged_weeks) >= weeks:
            shown = [m for m in shown if m >= logged_weeks[-weeks]]
        if planned_from is not None:
            shown = [m for m in shown if m >= planned_from]
        shown = shown[-weeks:]
    report_weeks = [
        WeekSummary(monday, planned.get(monday, 0), logged.get(monday, 0), work.get(monday, 0))
        for monday in shown
    ]
    tests = [
        (a.tested_on, test, float(values["left"]), float(values["right"]))
        for a in assessments
        for test, values in sorted(a.document.items())
        if isinstance(values, dict)
        and {"left", "right"} <= values.keys()
        and not isinstance(values["left"], str)
    ]
    return ProgressReport(
        report_weeks,
        [Trend(name, "kg", list(ranked[name].best_loads)) for name in lifted],
        [Trend(name, "s", list(ranked[name].best_holds)) for name in held],
        tests,
        moving_on,
    )


def _top(counts: list[tuple[str, int]], most: int) -> list[str]:
    """The exercises logged on the most days (ties by name), those logged at all."""
    return [name for name, days in sorted(counts, key=lambda c: (-c[1], c[0])) if days][:most]


def _planned_weeks(
    uow: ReadUnitOfWork, runner: int, today: dt.date, weeks: int | None
) -> tuple[dict[dt.date, int], dt.date | None]:
    """Sessions planned up to today, by week, from the plans in force: newest plan first,
    until `weeks` whole weeks are counted (None: every plan). Also the first Monday from
    which the counts are whole (None: all of them are)."""
    plans = _Plans(uow, runner)
    started = [i for i, span in enumerate(plans.spans) if span.valid_from <= today]
    if weeks is None:
        plans.load(started)
    planned: dict[dt.date, int] = defaultdict(int)
    whole_from: dt.date | None = None
    oldest = len(started)
    while oldest > 0:
        # the current plan and the one before it at once: most reports need no more
        newer, oldest = oldest, max(0, oldest - (2 if oldest == len(started) else 1))
        plans.load(range(oldest, newer))
        planned.clear()
        for session in plans.sessions():
            day = dt.date.fromisoformat(session["date"])
            if day <= today:
                planned[_monday(day)] += 1
        if oldest == 0:
            whole_from = None
            break
        # a week from the oldest plan's start on holds no session of an older plan
        whole_from = plans.spans[oldest].valid_from
        whole = sorted(m for m in planned if m >= whole_from)
        if weeks is not None and len(whole) >= weeks:
            whole_from = whole[-weeks]
            break
    return planned, whole_from
