"""The plan as an iCalendar file: one event per strength session, and one per race day.

A pure function from a plan to bytes, so the web app can serve the same file.
- UIDs come from the runner and the session's date: importing the file again updates the
  same events instead of adding copies, and a re-planned session replaces its old self.
  A race day ("race" in the week's running) has its own all-day event and UID.
- DTSTAMP is in UTC, as RFC 5545 requires.
- All-day events by default (DTEND is the next day: it is exclusive), or at a time of
  day in the runner's own time zone, with its VTIMEZONE.
- Text is stripped of control characters, which RFC 5545 forbids in TEXT values and
  which some parsers choke on; icalendar escapes and folds the rest.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from runstrong.domain import legend
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.plan import Plan, RehabRoutine, Session, load_text

PRODID = "-//runstrong//strength plan//EN"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NAMESPACE = uuid.UUID("6f1f3b0e-2b8e-5b6c-9a43-7d1c3e0b9a51")  # runstrong's own UUID namespace


def clean(text: str) -> str:
    """TEXT as RFC 5545 allows it: no control characters other than line breaks."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def session_uid(runner: str, day: dt.date) -> str:
    return f"{uuid.uuid5(_NAMESPACE, f'{runner}/{day.isoformat()}')}@runstrong"


def race_uid(runner: str, day: dt.date) -> str:
    return f"{uuid.uuid5(_NAMESPACE, f'{runner}/race/{day.isoformat()}')}@runstrong"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            "--tz", f"unknown time zone {name!r}; use a name like Europe/Berlin"
        ) from None


def render(
    plan: Plan,
    catalog: Catalog,
    stamp: dt.datetime,
    at: dt.time | None = None,
    tz: str = "UTC",
    test_names: Mapping[str, str] | None = None,
) -> bytes:
    """The calendar, with events at `at` in zone `tz`, or all-day when `at` is None.

    Race days are always all-day events. `test_names` names the field tests of a week's
    retest line, which goes in the description of the week's first session.
    """
    runner = str(plan.profile["name"])
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean(f"runstrong: strength plan for {runner}"))
    local = zone(tz) if at is not None else None
    stamp_utc = stamp.astimezone(dt.UTC)
    for week in plan.weeks:
        retest = legend.retest_text(week.retest, test_names)
        for number, session in enumerate(week.sessions):
            event = Event()
            event.add("uid", session_uid(runner, session.date))
            event.add("dtstamp", stamp_utc)
            if at is None or local is None:
                event.add("dtstart", session.date)
                event.add("dtend", session.date + dt.timedelta(days=1))
            else:
                start = dt.datetime.combine(session.date, at, tzinfo=local)
                event.add("dtstart", start)
                event.add("dtend", start + dt.timedelta(minutes=session.minutes))
            event.add("summary", clean(f"Strength: {session.focus} ({session.minutes} min)"))
            extra = retest if number == 0 else None
            event.add("description", clean(describe(session, week.rehab, catalog, extra)))
            event.add("categories", ["Strength training"])
            event.add("transp", "TRANSPARENT")  # a short session should not block the day
            calendar.add_component(event)
        for day in legend.race_days(week):
            calendar.add_component(_race(runner, day, plan, stamp_utc))
    if local is not None:
        calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def _race(runner: str, day: dt.date, plan: Plan, stamp_utc: dt.datetime) -> Event:
    """A race day as an all-day event."""
    event = Event()
    event.add("uid", race_uid(runner, day))
    event.add("dtstamp", stamp_utc)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", clean(legend.race_title(day, plan.profile)))
    event.add(
        "description",
        clean(
            f"{legend.race_text(day, plan.profile)}. No strength work today; your plan keeps "
            "the days before it light. Good luck!"
        ),
    )
    event.add("categories", ["Race"])
    event.add("transp", "TRANSPARENT")
    return event


def describe(
    session: Session,
    rehab: Iterable[RehabRoutine],
    catalog: Catalog,
    retest: str | None = None,
) -> str:
    """The whole session in plain text: each exercise, its dose, load, rest and a cue."""
    lines = [f"{session.focus.capitalize()}, about {session.minutes} minutes."]
    timing = legend.timing_text(session.timing)
    if timing:
        lines.append(timing)
    if retest:
        lines.append(retest)
    lines.append("")
    block = None
    for row in legend.rows(session):
        if row.block is not block:
            if block is not None:
                lines.append("")
            block = row.block
            lines.append(f"{block.value.upper()}")
        item = row.item
        rest = f", rest {item.rest_seconds} s" if item.rest_seconds else ""
        tempo = f", {t}" if (t := legend.tempo_text(item)) else ""
        lines.append(
            f"- {legend.labelled_name(row)}: {legend.dose_text(item)}, {load_text(item.load)}{rest}{tempo}"
        )
        cue = catalog.exercise(item.exercise).cues[0]
        lines.append(f"  Cue: {cue}")
    if block is not None:
        lines.append("")
    note = legend.pair_note(session)
    if note:
        lines += [note, ""]
    for routine in rehab:
        names = ", ".join(f"{i.name} {legend.dose_text(i)}" for i in routine.items)
        lines.append(f"Rehab routine ({', '.join(routine.days)}): {names}")
    lines.append("runstrong is a training tool, not medical advice: pain above 5/10 means stop.")
    return "\n".join(lines).strip()
