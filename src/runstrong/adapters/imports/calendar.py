"""Calendars (.ics) read into `CalendarEntry` records: one per occurrence of each event.

icalendar parses the calendar and recurring-ical-events expands repeating events (RRULE,
RDATE, EXDATE, moved occurrences) over the window asked for, so an endless series costs
no more than its weeks in the window. Times written in UTC are moved into the calendar's
own time zone (X-WR-TIMEZONE) first, so an evening run keeps its weekday. Cancelled
events are left out.

icalendar holds a whole calendar in memory (about 35 times its size), so the file is
first read line by line and only what the window can use is handed over: time zones,
repeating events and their moved occurrences, and the one-off events that start within
two days of the window. Years of one-off appointments cost nothing but the time to read
past them.
"""

from __future__ import annotations

import calendar as months
import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

import recurring_ical_events
from dateutil.rrule import rrulestr  # type: ignore[import-untyped, unused-ignore]
from icalendar import Calendar, Component

from runstrong.adapters.files import shown, size_words
from runstrong.adapters.imports import MAX_CALENDAR_BYTES, checked_size
from runstrong.domain.errors import InvalidInput
from runstrong.domain.running import CalendarEntry
from runstrong.domain.untrusted import plain

_TIMING = {
    "DTSTART": "its start",
    "DTEND": "its end",
    "DURATION": "its length",
    "RRULE": "how it repeats",
    "RDATE": "its extra dates",
    "EXDATE": "its skipped dates",
    "RECURRENCE-ID": "the date of a moved occurrence",
}
_ONCE = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID")  # a property an event has once
_REPEATING = {b"RRULE", b"RDATE", b"EXRULE", b"RECURRENCE-ID"}
_MARGIN = dt.timedelta(days=2)  # a one-off event this close to the window may move into it

# Bounds on what a calendar may cost. icalendar takes about 35 times the text it parses, so
# the events handed to it (the repeating ones and those near the window) are capped at
# 2 MB, some 4,000 repeating events. A repetition is worked out from its first day to the
# end of the window: 50,000 occurrences is a daily event for 137 years, and all of them
# together may take 200,000 occurrences or 2 seconds. Repeating more often than daily is
# refused: no run or training session repeats by the hour.
MAX_KEPT_BYTES = 2 * 1024 * 1024
MAX_OCCURRENCES = 50_000
MAX_ALL_OCCURRENCES = 200_000
MAX_EXPANSION_SECONDS = 2.0
_LINE_KEPT = 4096  # of a property line, enough to see its name and start day
_DAILY_AT_MOST = {"DAILY": "days", "WEEKLY": "weeks", "MONTHLY": "months", "YEARLY": "years"}


def read_calendar(path: Path, first: dt.date, end: dt.date) -> list[CalendarEntry]:
    """The occurrences of the calendar's events on the days [first, end), or InvalidInput."""
    name = path.name
    checked_size(path, MAX_CALENDAR_BYTES, "a calendar")
    try:
        with path.open("rb") as stream:
            kept = _within_reach(stream, first - _MARGIN, end + _MARGIN, name)
    except OSError as exc:
        raise InvalidInput(name, f"cannot be read ({exc.strerror or exc})") from None
    if not kept.events:
        raise InvalidInput(name, "the calendar holds no events")
    calendars = _parse(kept.text, name)
    budget = _Budget()
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            _check_event(event, name)
            _check_repetition(event, name, end + _MARGIN, budget)
    entries: list[CalendarEntry] = []
    for calendar in calendars:
        try:
            occurrences = list(recurring_ical_events.of(calendar).between(first, end))
        except (ZoneInfoNotFoundError, OSError):  # "America" is a folder of zones, not one
            zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
            named = f" {zone!r}" if zone else ""
            raise InvalidInput(
                name, f"the calendar's time zone{named} is not one this computer knows"
            ) from None
        except (ValueError, KeyError, TypeError) as exc:
            # recurring_ical_events.InvalidCalendar is a ValueError; dateutil raises the rest
            rule = getattr(exc, "rule", None)
            quoted = f" (RRULE {shown(rule)})" if isinstance(rule, str) else ""
            raise InvalidInput(
                name,
                f"the dates of a repeating event cannot be worked out{quoted}; check how it repeats",
            ) from None
        entries.extend(e for e in (_entry(o, name) for o in occurrences) if e is not None)
    return entries


# -- reading past what the window cannot use --------------------------------------------------


@dataclass(slots=True)
class _Kept:
    text: bytes
    events: int  # every event in the file, kept or not


@dataclass(slots=True)
class _Event:
    lines: list[bytes]
    repeating: bool = False
    start: dt.date | None = None
    size: int = 0
    title: bytes = b""


def _too_much(name: str, what: str) -> InvalidInput:
    return InvalidInput(
        name,
        f"{what} more than {size_words(MAX_KEPT_BYTES)}, the most runstrong reads of repeating "
        "events and events near the weeks it reads; export only your training calendar",
    )


def _within_reach(stream: Iterable[bytes], first: dt.date, end: dt.date, name: str) -> _Kept:
    """The calendar without the one-off events outside [first, end), read a line at a time.

    Content lines may be folded (a line starting with a space or tab continues the one
    before); BEGIN and END lines never are, so they are recognised as they come.
    """
    out = bytearray()
    event: _Event | None = None
    logical: bytes | None = None  # the property line being unfolded
    events = 0
    began = ended = False
    for number, line in enumerate(stream):
        if number == 0:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if line[:1] in (b" ", b"\t") and logical is not None:
            if len(logical) < _LINE_KEPT:  # a folded line is only read for its name and day
                logical += line[1 : _LINE_KEPT + 1].rstrip(b"\r\n")
        else:
            if event is not None and logical is not None:
                _note(event, logical)
            logical = line[:_LINE_KEPT].rstrip(b"\r\n")
            word = logical.strip().upper()
            if not began:
                if not word:
                    continue
                if word != b"BEGIN:VCALENDAR":
                    raise InvalidInput(
                        name, "not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
                    )
                began = True
            if word == b"BEGIN:VEVENT" and event is None:
                event = _Event([])
            elif word == b"END:VEVENT" and event is not None:
                event.lines.append(line)
                events += 1
                start = event.start
                if event.repeating or start is None or first <= start < end:
                    if event.size > MAX_KEPT_BYTES:
                        title = event.title.decode("utf-8", "replace").strip()
                        raise _too_much(name, f"the event {shown(title)} is")
                    out += b"".join(event.lines)
                    if len(out) > MAX_KEPT_BYTES:
                        raise _too_much(name, "the calendar's repeating events come to")
                event = logical = None
                continue
            elif word == b"END:VCALENDAR":
                ended = True
        if event is not None:
            event.size += len(line)
            if event.size <= MAX_KEPT_BYTES:  # past it, only read on to see if it is kept
                event.lines.append(line)
        else:
            out += line
            if len(out) > MAX_KEPT_BYTES:
                raise _too_much(name, "the calendar's time zones and other parts come to")
    if not began:
        raise InvalidInput(name, "the file holds no calendar (it is blank)")
    if event is not None:
        raise InvalidInput(
            name, "an event has no END:VEVENT: the calendar stops part-way through, or is damaged"
        )
    if not ended:
        raise InvalidInput(
            name, "the calendar stops part-way through (no END:VCALENDAR): it looks cut off"
        )
    return _Kept(bytes(out), events)


def _note(event: _Event, line: bytes) -> None:
    """Remember what decides whether an event is kept: whether it repeats, and its start day."""
    head, value = _split(line)
    key = head.split(b";", 1)[0].strip().upper()
    if key in _REPEATING:
        event.repeating = True
    elif key == b"SUMMARY":
        event.title = value[:200]
    elif key == b"DTSTART":
        digits = value.strip()[:8]
        try:
            event.start = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        except ValueError:
            event.repeating = True  # unreadable: let icalendar have it, and say what is wrong


def _split(line: bytes) -> tuple[bytes, bytes]:
    """Name and parameters, and the value: split at the first colon outside quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == 0x22:  # "
            quoted = not quoted
        elif char == 0x3A and not quoted:  # :
            return line[:index], line[index + 1 :]
    return line, b""


# -- parsing what is left ---------------------------------------------------------------------


def _parse(data: bytes, name: str) -> list[Calendar]:
    try:
        calendars: list[Calendar] = Calendar.from_ical(data, multiple=True)
    # what icalendar raises on lines it cannot make sense of: a VTIMEZONE with two TZIDs
    # is an AttributeError
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        raise InvalidInput(
            name, "the calendar has lines that do not follow the iCalendar format; export it again"
        ) from None
    except OSError:  # a TZID no file name can be: zoneinfo looks the name up on disk
        raise InvalidInput(
            name, "the calendar names a time zone that cannot be looked up; export it again"
        ) from None
    return calendars


def _check_event(event: Component, name: str) -> None:
    title = shown(_title(event))
    if "DTSTART" not in event:
        raise InvalidInput(name, f"the event {title} has no start (DTSTART)")
    for key in _ONCE:  # given twice, icalendar holds a list, and no time can be read from it
        if isinstance(event.get(key), list):
            raise InvalidInput(
                name, f"the event {title} gives its {key} ({_TIMING[key]}) more than once"
            )
    for prop, _problem in getattr(event, "errors", ()):
        key = str(prop).upper()
        if key in _TIMING:
            raise InvalidInput(name, f"the event {title} has an unreadable {key} ({_TIMING[key]})")


@dataclass(slots=True)
class _Budget:
    """What the calendar's repetitions have cost so far."""

    occurrences: int = 0
    started: float = field(default_factory=time.perf_counter)


def _check_repetition(event: Component, name: str, end: dt.date, budget: _Budget) -> None:
    """Refuse a repetition that cannot be worked out within the bounds above.

    Each rule is walked from the event's start to the end of the window (with dateutil's
    own iterator, which keeps nothing), counting occurrences against the budget, before
    recurring-ical-events walks it again to build the occurrences.
    """
    rules = event.get("RRULE")
    if rules is None:
        return
    title = shown(_title(event))
    start = _value(event.get("DTSTART"))
    if not isinstance(start, dt.date):
        return
    first = (
        start.replace(tzinfo=None)
        if isinstance(start, dt.datetime)
        else dt.datetime.combine(start, dt.time())
    )
    stop = dt.datetime.combine(end, dt.time())
    for rule in rules if isinstance(rules, list) else [rules]:
        freq = str((rule.get("FREQ") or [""])[0]).upper()
        if freq not in _DAILY_AT_MOST:
            raise InvalidInput(
                name,
                f"the event {title} repeats more often than daily (FREQ={shown(freq, 12)[1:-1]}); "
                "runstrong reads events that repeat at most once a day",
            )
        interval = (rule.get("INTERVAL") or [1])[0]
        if not isinstance(interval, int) or interval < 1:
            raise InvalidInput(
                name,
                f"the event {title} repeats every {shown(interval, 12)[1:-1]} "
                f"{_DAILY_AT_MOST[freq]} (INTERVAL={shown(interval, 12)[1:-1]}); "
                "an interval is a whole number from 1",
            )
        if _never_matches(rule):
            raise InvalidInput(
                name, f"the event {title} repeats on days that do not exist (BYMONTHDAY)"
            )
        text = ";".join(
            part
            for part in rule.to_ical().decode("ascii", "replace").split(";")
            if not part.upper().startswith("UNTIL=")  # counted to the window's end instead
        )
        try:
            walk = rrulestr(text, dtstart=first, cache=False)
        except (ValueError, TypeError, KeyError):
            continue  # recurring-ical-events says what is wrong
        count = 0
        for moment in walk:
            if moment >= stop:
                break
            count += 1
            budget.occurrences += 1
            if count > MAX_OCCURRENCES:
                raise InvalidInput(
                    name,
                    f"the event {title} has more than {MAX_OCCURRENCES:,} occurrences up to the "
                    "weeks read; give it a later start or an end (UNTIL)",
                )
            if budget.occurrences > MAX_ALL_OCCURRENCES or (
                count % 1024 == 0 and time.perf_counter() - budget.started > MAX_EXPANSION_SECONDS
            ):
                raise InvalidInput(
                    name,
                    f"the calendar's repeating events have more than {MAX_ALL_OCCURRENCES:,} "
                    f"occurrences (or take more than {MAX_EXPANSION_SECONDS:.0f} s to work out) "
                    f"by the event {title}; export only your training calendar",
                )


def _never_matches(rule: Any) -> bool:
    """Whether BYMONTH and BYMONTHDAY name only days no month has (30 February):
    dateutil would look for them day by day until the year 9999."""
    days = [d for d in rule.get("BYMONTHDAY") or [] if isinstance(d, int)]
    month_numbers = [m for m in rule.get("BYMONTH") or [] if isinstance(m, int)]
    if not days or not month_numbers:
        return False
    return not any(
        1 <= m <= 12 and any(abs(d) <= months.monthrange(2024, m)[1] for d in days)
        for m in month_numbers
    )


def _entry(occurrence: Component, name: str) -> CalendarEntry | None:
    if str(occurrence.get("STATUS", "")).strip().upper() == "CANCELLED":
        return None
    start = _value(occurrence.get("DTSTART"))
    if isinstance(start, dt.datetime):
        end = _value(occurrence.get("DTEND"))
        length = _value(occurrence.get("DURATION"))
        minutes: float | None = None
        if isinstance(end, dt.datetime) and (end.tzinfo is None) == (start.tzinfo is None):
            minutes = (end - start).total_seconds() / 60
        elif isinstance(length, dt.timedelta):
            minutes = length.total_seconds() / 60
        if minutes is not None and minutes < 0:
            minutes = None
        return CalendarEntry(
            start.date(), _title(occurrence), minutes, False, name, _categories(occurrence)
        )
    if isinstance(start, dt.date):
        return CalendarEntry(start, _title(occurrence), None, True, name, _categories(occurrence))
    return None


def _categories(event: Component) -> tuple[str, ...]:
    """The event's CATEGORIES ("Run", "Training"): the classification reads them with the
    title. One property or several, each a list of names."""
    found = event.get("CATEGORIES")
    if found is None:
        return ()
    names: list[str] = []
    for prop in found if isinstance(found, list) else [found]:
        names.extend(str(name).strip()[:100] for name in getattr(prop, "cats", ()) or ())
    return tuple(name for name in names[:20] if name)


def _value(prop: Any) -> object:
    return getattr(prop, "dt", None)


def _title(event: Component) -> str:
    """The event's title without escapes, control characters or line breaks: it is the
    calendar's text, and it is quoted in notes and messages."""
    return plain(str(event.get("SUMMARY", "")))
