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
from typing import Any

from pydantic import ValidationError

from runstrong.domain.athlete import Running
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.ports import UnitOfWork
from runstrong.domain.running import (
    Activity,
    CalendarEntry,
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
    """The `running` part of a profile, and notes on how it was read (files left out...)."""

    running: dict[str, Any]
    notes: tuple[str, ...] = ()


def read_running(paths: Sequence[Path], today: dt.date) -> RunningImport:
    """The running week and weekly kilometres from the files, with notes for the runner."""
    if not paths:
        raise InvalidInput(
            "FILE", "give at least one file: a calendar (.ics) or runs (.fit, .gpx, .tcx)"
        )
    entries: list[CalendarEntry] = []
    activities: list[Activity] = []
    calendars: list[str] = []
    recorded = 0
    first, end = calendar_window(today)
    for path in dict.fromkeys(paths):  # the same file given twice is read once
        if path.is_dir():
            raise InvalidInput(path.name or str(path), "this is a folder; give the files inside it")
        suffix = path.suffix.lower()
        if suffix in CALENDAR_SUFFIXES:
            from runstrong.adapters.imports.calendar import read_calendar

            entries.extend(read_calendar(path, first, end))
            calendars.append(path.name)
        elif suffix in ACTIVITY_SUFFIXES:
            from runstrong.adapters.imports.activities import read_activities

            activities.extend(read_activities(path))
            recorded += 1
        elif suffix in (".gz", ".zip"):
            raise InvalidInput(
                path.name, "the file is compressed; unpack it and give the file inside"
            )
        else:
            raise InvalidInput(
                path.name,
                f"unknown file type {suffix or '(none)'!r}; give a calendar (.ics) or runs "
                "(.fit, .gpx, .tcx)",
            )
    inferred = combine(
        week_from_calendar(entries, today, calendars) if calendars else None,
        running_from_activities(activities, today) if recorded else None,
    )
    return RunningImport(inferred.running, inferred.notes)


def infer_running(paths: Sequence[Path], today: dt.date) -> dict[str, Any]:
    """`{"weekly_km": n or None, "week": {"mon": "rest", ...}}` from the runner's files."""
    return read_running(paths, today).running


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
    if km is None:  # keep the distance the profile has
        try:
            km = Running.model_validate(document.get("running")).km
        except ValidationError:
            km = None
    document["running"] = {"weekly_km": km, "week": running.get("week")}
    profile = validate_profile(document)
    return init_runner(uow, profile, catalog, today, now)
