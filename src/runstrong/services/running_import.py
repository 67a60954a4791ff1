"""`runstrong import runs FILE...`: the runner's running, read from their own files.

Calendars (.ics) give the usual week; recorded activities (.fit, .gpx, .tcx) give the
weekly kilometres, and the week too when no calendar comes with them. Every file is read
and checked before anything is stored, and `apply_running` stores the new profile and its
plan in one transaction: a bad file, or a profile the new figures would break, leaves the
database as it was. The rules are in `runstrong.domain.running`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from pydantic import ValidationError

from runstrong.domain.athlete import WEEKDAYS, Running
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.ports import UnitOfWork
from runstrong.domain.running import (
    Activity,
    CalendarEntry,
    Inferred,
    NotARun,
    calendar_window,
    combine,
    running_from_activities,
    week_from_calendar,
)
from runstrong.services.planning import validate_profile
from runstrong.services.training import NoRunner, Started, init_runner

CALENDAR_SUFFIXES = (".ics", ".ical", ".icalendar")
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")


@dataclass(frozen=True, slots=True)
class RunningImport:
    """The `running` part of a profile, and notes on how it was read (files left out...).

    `unread` names each file that could not be read, with why: the others were read
    without it. `not_runs` names the files that were read and hold no run (a ride, a
    swim): left out, as the events of a calendar that are not runs are.
    """

    running: dict[str, Any]
    notes: tuple[str, ...] = ()
    unread: tuple[tuple[str, str], ...] = ()
    not_runs: tuple[tuple[str, str], ...] = ()


def _read_one(
    path: Path, first: dt.date, end: dt.date
) -> tuple[list[CalendarEntry] | None, list[Activity] | None]:
    """The calendar entries or the activities of one file, or InvalidInput naming it."""
    if path.is_dir():
        raise InvalidInput(path.name or str(path), "this is a folder; give the files inside it")
    suffix = path.suffix.lower()
    if suffix in CALENDAR_SUFFIXES:
        from runstrong.adapters.imports.calendar import read_calendar

        return read_calendar(path, first, end), None
    if suffix in ACTIVITY_SUFFIXES:
        from runstrong.adapters.imports.activities import read_activities

        return None, read_activities(path)
    if suffix in (".gz", ".zip"):
        raise InvalidInput(path.name, "the file is compressed; unpack it and give the file inside")
    raise InvalidInput(
        path.name,
        f"unknown file type {suffix or '(none)'!r}; give a calendar (.ics) or runs "
        "(.fit, .gpx, .tcx)",
    )


def read_running(paths: Sequence[Path], today: dt.date) -> RunningImport:
    """The running week and weekly kilometres from the files, with notes for the runner.

    One bad file in a batch does not stop the others: it is named in `unread` and in the
    notes, and the figures come from the rest. Only when no file gives anything is the
    import refused: with the file's own problem when there is one file, else with each.
    """
    if not paths:
        raise InvalidInput(
            "FILE", "give at least one file: a calendar (.ics) or runs (.fit, .gpx, .tcx)"
        )
    entries: list[CalendarEntry] = []
    activities: list[Activity] = []
    calendars: list[str] = []
    recorded: list[str] = []
    unread: list[InvalidInput] = []
    not_runs: list[InvalidInput] = []
    first, end = calendar_window(today)
    for path in dict.fromkeys(paths):  # the same file given twice is read once
        try:
            found_entries, found_activities = _read_one(path, first, end)
        except NotARun as skipped:
            not_runs.append(skipped)
            continue
        except InvalidInput as problem:
            unread.append(problem)
            continue
        if found_entries is not None:
            entries.extend(found_entries)
            calendars.append(path.name)
        if found_activities is not None:
            activities.extend(found_activities)
            recorded.append(path.name)
    failed = [*unread, *not_runs]
    calendar: Inferred | None = None
    runs: Inferred | None = None
    if calendars:
        try:
            calendar = week_from_calendar(entries, today, calendars)
        except InvalidInput as problem:
            if not recorded:
                _refuse([*failed, problem])
            unread.append(problem)
    if recorded:
        try:
            runs = running_from_activities(activities, today)
        except InvalidInput as problem:
            if calendar is None:
                _refuse([*failed, problem])
            unread.append(problem)
    if calendar is None and runs is None:
        _refuse(failed)
    inferred = combine(calendar, runs)
    left_out = [f"Not read: {p.field}: {p.problem}." for p in unread]
    left_out += [f"Left out {p.field}: {p.problem}." for p in not_runs]
    return RunningImport(
        inferred.running,
        (*left_out, *inferred.notes),
        tuple((p.field, p.problem) for p in unread),
        tuple((p.field, p.problem) for p in not_runs),
    )


def _refuse(problems: Sequence[InvalidInput]) -> NoReturn:
    """Nothing could be read: one problem as it is, several together, each by its file."""
    if len(problems) == 1:
        raise problems[0]
    raise InvalidInput(
        "files",
        "none of the files gave any running: "
        + "; ".join(f"{p.field}: {p.problem}" for p in problems),
    )


def infer_running(paths: Sequence[Path], today: dt.date) -> dict[str, Any]:
    """`{"weekly_km": n or None, "week": {"mon": "rest", ...}}` from the runner's files."""
    return read_running(paths, today).running


def check_applicable(found: RunningImport) -> None:
    """Refuse to store figures that cannot be trusted, before anything is asked or stored.

    A file that could not be read may hold runs the figures miss, so nothing is stored
    until it is fixed or left out (a file that is simply not a run, like a swim, does not
    count against it). A weekly distance of 0 km is never stored: it comes from runs
    recorded without distances, and would plan for a runner who does not run.
    """
    if found.unread:
        names = ", ".join(name for name, _problem in found.unread)
        raise InvalidInput(
            "--apply",
            f"nothing was stored: {names} could not be read, so the figures may miss runs; "
            "fix the file or leave it out, then run the import again",
        )
    if found.running.get("weekly_km") == 0:
        raise InvalidInput(
            "weekly_km",
            "the files give 0 km a week (their runs have no distances), so nothing was "
            "stored; give runs recorded with distances, or set weekly_km in your profile",
        )


def stored_running(uow: UnitOfWork) -> dict[str, Any]:
    """The `running` part of the stored runner's latest profile, as `import runs` prints it."""
    with uow:
        runner = uow.repo.runner()
        profiles = uow.repo.profiles(runner.id) if runner is not None else []
    if not profiles:
        raise NoRunner()
    return _running_of(dict(profiles[-1].document))


def _running_of(document: dict[str, Any]) -> dict[str, Any]:
    try:
        running = Running.model_validate(document.get("running"))
    except ValidationError:
        return {"weekly_km": None, "week": {}}
    return {
        "weekly_km": running.km,
        "week": {
            day: kind.value for day, kind in zip(WEEKDAYS, running.week.as_list(), strict=True)
        },
    }


def applied_running(before: dict[str, Any], running: dict[str, Any]) -> dict[str, Any]:
    """What the stored running becomes: a calendar's unknown distance keeps the stored one."""
    km = running.get("weekly_km")
    return {"weekly_km": before.get("weekly_km") if km is None else km, "week": running.get("week")}


def apply_running(
    uow: UnitOfWork, running: dict[str, Any], catalog: Catalog, today: dt.date, now: dt.datetime
) -> Started:
    """Store the runner's latest profile with this `running`, and re-plan from today.

    A `weekly_km` of None (a calendar gives no distances) keeps the stored one. Nothing is
    stored when the new profile does not validate or the plan cannot be made.
    """
    with uow:
        runner = uow.repo.runner()
        profiles = uow.repo.profiles(runner.id) if runner is not None else []
    if not profiles:
        raise NoRunner()
    document = dict(profiles[-1].document)
    km = running.get("weekly_km")
    if km == 0:
        raise InvalidInput(
            "weekly_km", "0 km a week is never stored; set weekly_km in your profile instead"
        )
    if km is None:  # keep the distance the profile has
        try:
            km = Running.model_validate(document.get("running")).km
        except ValidationError:
            km = None
    document["running"] = {"weekly_km": km, "week": running.get("week")}
    profile = validate_profile(document)
    return init_runner(uow, profile, catalog, today, now)
