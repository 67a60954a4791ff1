"""The plan as an iCalendar file: one event per strength session.

A pure function from a plan to bytes, so the web app can serve the same file.
- UIDs come from the runner and the session's date: importing the file again updates the
  same events instead of adding copies, and a re-planned session replaces its old self.
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
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.plan import Plan, RehabRoutine, Session, amount_text, load_text

PRODID = "-//runstrong//strength plan//EN"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NAMESPACE = uuid.UUID("6f1f3b0e-2b8e-5b6c-9a43-7d1c3e0b9a51")  # runstrong's own UUID namespace


def clean(text: str) -> str:
    """TEXT as RFC 5545 allows it: no control characters other than line breaks."""
    return _CONTROL.sub("", text.replace("\r\n", "\n"))


def session_uid(runner: str, day: dt.date) -> str:
    return f"{uuid.uuid5(_NAMESPACE, f'{runner}/{day.isoformat()}')}@runstrong"


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
) -> bytes:
    """The calendar, with events at `at` in zone `tz`, or all-day when `at` is None."""
    runner = str(plan.profile["name"])
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean(f"runstrong: strength plan for {runner}"))
    local = zone(tz) if at is not None else None
    stamp_utc = stamp.astimezone(dt.UTC)
    for week in plan.weeks:
        for session in week.sessions:
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
            event.add("description", clean(describe(session, week.rehab, catalog)))
            event.add("categories", ["Strength training"])
            event.add("transp", "TRANSPARENT")  # a short session should not block the day
            calendar.add_component(event)
    if local is not None:
        calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def describe(session: Session, rehab: Iterable[RehabRoutine], catalog: Catalog) -> str:
    """The whole session in plain text: each exercise, its dose, load, rest and a cue."""
    lines = [f"{session.focus.capitalize()}, about {session.minutes} minutes.", ""]
    for block in session.blocks:
        lines.append(f"{block.kind.value.upper()}")
        for item in block.items:
            rest = f", rest {item.rest_seconds} s" if item.rest_seconds else ""
            tempo = f", tempo {item.tempo}" if item.tempo else ""
            lines.append(f"- {item.name}: {amount_text(item)}, {load_text(item.load)}{rest}{tempo}")
            cue = catalog.exercise(item.exercise).cues[0]
            lines.append(f"  Cue: {cue}")
        lines.append("")
    for routine in rehab:
        names = ", ".join(f"{i.name} {amount_text(i)}" for i in routine.items)
        lines.append(f"Rehab routine ({', '.join(routine.days)}): {names}")
    lines.append("runstrong is a training tool, not medical advice: pain above 5/10 means stop.")
    return "\n".join(lines).strip()
