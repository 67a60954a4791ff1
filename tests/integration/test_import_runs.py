"""`import runs` on real files from real watches, apps and calendars, and on broken ones.

The files in tests/fixtures/imports are byte-for-byte copies of other people's exports
(see the SOURCES.md beside them). Storing runs through `apply_running` uses real
databases, SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import gpxpy
import icalendar
import pytest
import recurring_ical_events

from runstrong.adapters.db import connect
from runstrong.adapters.imports.activities import read_activities
from runstrong.adapters.imports.calendar import read_calendar
from runstrong.domain.athlete import Profile
from runstrong.domain.errors import InvalidInput
from runstrong.domain.running import Sport
from runstrong.library import load_catalog
from runstrong.services import training
from runstrong.services.running_import import (
    RunningImport,
    apply_running,
    check_applicable,
    infer_running,
    read_running,
)

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
FIT, GPX, TCX, ICS = (FIXTURES / kind for kind in ("fit", "gpx", "tcx", "ics"))
CATALOG = load_catalog()
NOW = dt.datetime(2021, 3, 14, 20, 0, tzinfo=dt.UTC)
REST_WEEK = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "rest")


def week(**days: str) -> dict[str, str]:
    return {**REST_WEEK, **days}


# -- recorded runs --------------------------------------------------------------------------


def test_the_garmin_fenix_run_has_the_distance_heart_rate_and_local_start_of_its_records() -> None:
    (run,) = read_activities(FIT / "garmin-fenix-5-run.fit")
    with (FIT / "garmin-fenix-5-run-records.csv").open(newline="") as table:
        records = list(csv.DictReader(table))
    assert run.sport is Sport.RUN
    assert run.distance_km * 1000 == pytest.approx(float(records[-1]["distance"]))  # 157.56 m
    assert run.duration_s == pytest.approx(56.887)
    assert run.max_hr == max(int(r["heart_rate"]) for r in records) == 112
    assert run.avg_hr == 90
    # the records are in Pacific time: the watch's local time, which decides the weekday
    assert run.start.strftime("%a %b %d %H:%M:%S %Y") == "Sun Jun 11 07:34:09 2017"
    assert records[0]["timestamp"] == "Sun Jun 11 07:34:09 PDT 2017"
    assert run.start.utcoffset() == dt.timedelta(hours=-7)


def test_the_forerunner_run_is_7_86_km_on_a_saturday_in_51_minutes() -> None:
    (run,) = read_activities(FIT / "slither-running.fit")
    assert run.distance_km == pytest.approx(7.86422)
    assert run.duration_s == pytest.approx(3087.19)
    assert (run.avg_hr, run.max_hr) == (158, 175)
    assert run.start.isoformat() == "2021-03-13T11:57:29+01:00"
    assert run.day.strftime("%A") == "Saturday"


def test_the_polar_gpx_written_on_one_line_measures_what_gpxpy_measures() -> None:
    path = GPX / "slither-running.gpx"
    (run,) = read_activities(path)
    with path.open(encoding="utf-8") as stream:
        whole = gpxpy.parse(stream)  # the well-kept parser, reading the whole file at once
    assert run.distance_km * 1000 == pytest.approx(whole.length_2d(), rel=1e-12)
    assert run.distance_km == pytest.approx(6.938, abs=0.001)
    assert run.duration_s == pytest.approx(whole.get_duration())  # 3041.019 s
    assert run.start.isoformat() == "2020-10-26T17:07:30+00:00"
    assert run.sport is Sport.UNKNOWN and run.is_run  # Polar writes no <type>
    assert run.avg_hr is None


def test_the_nikeplus_gpx_keeps_its_plus_one_hour_offset_and_milliseconds() -> None:
    (run,) = read_activities(GPX / "track-with-less-sec-time.gpx")
    assert run.sport is Sport.RUN and run.sport_name == "run"
    assert run.start.isoformat() == "2015-12-11T15:43:13+01:00"
    assert run.duration_s == pytest.approx(0.994)
    assert run.distance_km * 1000 == pytest.approx(1.5632, abs=1e-4)


def test_the_runtastic_tcx_with_a_lower_case_sport_gives_its_lap_totals() -> None:
    (run,) = read_activities(TCX / "slither-running.tcx")
    assert run.sport is Sport.RUN and run.sport_name == "running"
    assert (run.distance_km, run.duration_s) == (2.2, 750)
    assert (run.avg_hr, run.max_hr) == (154, 187)
    assert run.start.isoformat() == "2016-12-11T10:54:30+00:00"  # the lap's start, not the
    # first track point's seven minutes later


def test_a_single_recent_run_gives_its_distance_for_the_week_and_its_day_as_easy() -> None:
    result = read_running([FIT / "slither-running.fit"], dt.date(2021, 3, 14))
    assert result.running == {"weekly_km": 7.9, "week": week(sat="easy")}


def test_runs_from_older_years_are_left_out_of_the_weeks_with_a_note() -> None:
    files = [FIT / "slither-running.fit", GPX / "slither-running.gpx", TCX / "slither-running.tcx"]
    result = read_running(files, dt.date(2021, 3, 14))
    assert result.running == {"weekly_km": 7.9, "week": week(sat="easy")}
    assert "Left out 2 runs from before 2021-02-01" in result.notes[1]


def test_file_name_endings_are_matched_in_any_case(tmp_path: Path) -> None:
    upper = tmp_path / "RUN.FIT"
    upper.write_bytes((FIT / "slither-running.fit").read_bytes())
    assert infer_running([upper], dt.date(2021, 3, 14))["weekly_km"] == 7.9


def test_the_same_run_in_two_files_counts_once(tmp_path: Path) -> None:
    copy = tmp_path / "exported-again.fit"
    copy.write_bytes((FIT / "slither-running.fit").read_bytes())
    result = read_running([FIT / "slither-running.fit", copy], dt.date(2021, 3, 14))
    assert result.running["weekly_km"] == 7.9
    assert "Counted 1 run once that came in two files." in result.notes


# -- calendars --------------------------------------------------------------------------------


def retitled(source: Path, folder: Path, title: str) -> Path:
    """The real calendar with every event named `title`: the fixtures' events are
    meetings ("TEST", "Brain Break"), which are not runs."""
    text = source.read_bytes().decode("utf-8")
    lines = [
        f"SUMMARY:{title}" if line.startswith("SUMMARY") else line for line in text.split("\n")
    ]
    path = folder / source.name
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


def test_the_real_calendars_meetings_are_skipped_and_counted_by_title() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_running([ICS / "badRRULE.ics"], dt.date(2020, 12, 16))
    assert refused.value.field == "badRRULE.ics"
    assert (
        "110 events skipped: not running (Brain Break x40, Academic Time x40, "
        "Invalid RRULE property x30)" in refused.value.problem
    )
    assert "--date" in refused.value.problem


def test_the_outlook_calendar_repeats_its_90_minute_event_on_thursdays_and_fridays(
    tmp_path: Path,
) -> None:
    # Windows time-zone names with no VTIMEZONE: the times stay as written
    path = retitled(ICS / "Office-2012-owa.ics", tmp_path, "Run")
    running = infer_running([path], dt.date(2021, 3, 10))
    assert running == {"weekly_km": None, "week": week(thu="long", fri="long")}


def test_the_google_calendar_with_repaired_rules_is_easy_from_monday_to_friday(
    tmp_path: Path,
) -> None:
    # `RRULE:RRULE:AnythingRandom;FREQ=WEEKLY;...` and `RRULE;X-BUSYMAC-REGENERATE=TRASH:...`
    # are taken as icalendar repairs them: weekly on weekdays
    path = retitled(ICS / "badRRULE.ics", tmp_path, "Easy run")
    running = infer_running([path], dt.date(2020, 12, 16))
    assert running["week"] == week(mon="easy", tue="easy", wed="easy", thu="easy", fri="easy")


def test_the_fortnightly_google_series_skips_its_excluded_dates(tmp_path: Path) -> None:
    entries = read_calendar(
        ICS / "biweekly-exdate-until.ics", dt.date(2017, 6, 26), dt.date(2017, 8, 28)
    )
    assert [(e.day.isoformat(), e.duration_min) for e in entries] == [
        ("2017-07-03", 600),  # Thursday 6 July, Monday 17 and Thursday 20, Thursday 3 August
        ("2017-07-31", 600),  # are excluded; the series ends before Monday 14 August,
        ("2017-08-14", 600),  # when the second series starts on Mondays and Tuesdays
        ("2017-08-15", 600),
    ]
    path = retitled(ICS / "biweekly-exdate-until.ics", tmp_path, "Run")
    running = infer_running([path], dt.date(2017, 7, 19))
    assert running["week"] == week(mon="long")  # every Thursday in the window was skipped


def test_the_apple_calendar_skips_the_cancelled_session_and_keeps_the_tentative_one(
    tmp_path: Path,
) -> None:
    entries = read_calendar(
        ICS / "tentative-apple-calendar.ics", dt.date(2022, 7, 4), dt.date(2022, 7, 11)
    )
    assert [(e.title, e.day.strftime("%a"), e.duration_min) for e in entries] == [
        ("Tentative", "Mon", 50),  # 23:00 UTC is 16:00 in Vancouver (X-WR-TIMEZONE)
        ("Confirmed", "Tue", 60),
        ("No Status", "Thu", 60),
    ]
    path = retitled(ICS / "tentative-apple-calendar.ics", tmp_path, "Jog")
    running = infer_running([path], dt.date(2022, 7, 5))
    assert running["week"] == week(mon="easy", tue="easy", thu="easy")


def test_a_training_calendar_is_classified_by_its_titles(tmp_path: Path) -> None:
    path = tmp_path / "plan.ics"
    path.write_text(
        calendar(
            event("20260303T063000", "20260303T073000", "Intervals 6x800m", "FREQ=WEEKLY;COUNT=8"),
            # a bare "Easy 45'" is a run because its category says so
            event("20260305", "20260306", "Easy 45'", "FREQ=WEEKLY;COUNT=8", categories="Run"),
            event("20260302T090000", "20260302T091500", "Daily Sync", "FREQ=DAILY;COUNT=40"),
            event("20260310T150000", "20260310T160000", "Dentist", None),
            event("20260311T150000", "20260311T160000", "Dentist", None),
            event("20260307T090000", "20260307T093000", "parkrun", "FREQ=WEEKLY;COUNT=8"),
            event("20260308T080000", "20260308T100000", "Sunday run", "FREQ=WEEKLY;COUNT=8"),
            event(
                "20260304T180000", "20260304T183000", "Strength: lower body (30 min)", "FREQ=WEEKLY"
            ),
            event("20260312T063000", "20260312T073000", "Easy 45'", None, status="CANCELLED"),
        )
    )
    result = read_running([path], dt.date(2026, 3, 18))
    assert result.running == {
        "weekly_km": None,
        "week": week(tue="quality", thu="easy", sat="race", sun="long"),
    }
    assert (
        "48 events skipped: not running (Daily Sync x40, Dentist x2); "
        "another sport (Strength: lower body (30 min) x6)." in result.notes
    )


def years_of_appointments(path: Path) -> None:
    """A weekly run since 2019 with one moved and one skipped date, among daily one-offs."""
    series = event("20190107T070000Z", "20190107T080000Z", "Tempo", "FREQ=WEEKLY")
    series = series.replace("END:VEVENT", "EXDATE:20210315T070000Z\r\nEND:VEVENT")
    moved = event("20210323T180000Z", "20210323T190000Z", "Tempo (moved)", None).replace(
        "UID:Tempo (moved)-20210323T180000Z@tests", "UID:Tempo-20190107T070000Z@tests"
    )
    moved = moved.replace("END:VEVENT", "RECURRENCE-ID:20210322T070000Z\r\nEND:VEVENT")
    days = [dt.date(2019, 1, 1) + dt.timedelta(days=n) for n in range(3 * 365)]
    one_offs = [
        event(f"{d:%Y%m%d}T120000Z", f"{d:%Y%m%d}T123000Z", f"Lunch {d}", None) for d in days
    ]
    path.write_text(calendar(series, moved, *one_offs), encoding="utf-8", newline="")


def whole_calendar_occurrences(path: Path, first: dt.date, end: dt.date) -> list[Any]:
    """What icalendar and recurring-ical-events give reading the whole file at once."""
    whole = icalendar.Calendar.from_ical(path.read_bytes())
    found = []
    for occurrence in recurring_ical_events.of(whole).between(first, end):
        start = occurrence["DTSTART"].dt
        day = start.date() if isinstance(start, dt.datetime) else start
        cancelled = str(occurrence.get("STATUS", "")).upper() == "CANCELLED"
        if first <= day < end and not cancelled:
            found.append((day, str(occurrence.get("SUMMARY", "")).strip()))
    return sorted(found)


@pytest.mark.parametrize(
    "name", ["Office-2012-owa.ics", "badRRULE.ics", "biweekly-exdate-until.ics", "generated"]
)
def test_reading_past_far_off_events_finds_what_reading_the_whole_calendar_finds(
    tmp_path: Path, name: str
) -> None:
    path = ICS / name
    if name == "generated":
        path = tmp_path / "appointments.ics"
        years_of_appointments(path)
    for year in (2017, 2019, 2020, 2021):
        for month in (1, 3, 7, 11):
            first = dt.date(year, month, 2)
            end = first + dt.timedelta(weeks=8)
            ours = sorted((e.day, e.title) for e in read_calendar(path, first, end))
            assert ours == whole_calendar_occurrences(path, first, end), (first, end)
    if name == "generated":
        march = read_calendar(path, dt.date(2021, 3, 8), dt.date(2021, 3, 29))
        runs = [(e.day.isoformat(), e.title) for e in march if not e.title.startswith("Lunch")]
        assert runs == [("2021-03-08", "Tempo"), ("2021-03-23", "Tempo (moved)")]


def test_the_calendar_gives_the_week_and_the_runs_give_the_kilometres(tmp_path: Path) -> None:
    plan = retitled(ICS / "badRRULE.ics", tmp_path, "Easy run")
    result = read_running([plan, FIT / "slither-running.fit"], dt.date(2021, 3, 14))
    assert result.running == {
        "weekly_km": 7.9,
        "week": week(mon="easy", tue="easy", wed="easy", thu="easy", fri="easy"),
    }


# -- bad input: a clear message naming the file, never a traceback ---------------------------


def calendar(*events: str) -> str:
    body = "".join(events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//runstrong tests//EN\r\n{body}END:VCALENDAR\r\n"


def event(
    start: str,
    end: str,
    title: str,
    rule: str | None,
    status: str = "CONFIRMED",
    categories: str | None = None,
) -> str:
    kind = ";VALUE=DATE" if len(start) == 8 else ""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{title}-{start}@tests",
        f"DTSTART{kind}:{start}",
        f"DTEND{kind}:{end}",
        f"SUMMARY:{title}",
        f"STATUS:{status}",
    ]
    if rule:
        lines.append(f"RRULE:{rule}")
    if categories:
        lines.append(f"CATEGORIES:{categories}")
    return "\r\n".join([*lines, "END:VEVENT"]) + "\r\n"


def cut(source: Path, keep: float) -> Any:
    def make(folder: Path) -> Path:
        data = source.read_bytes()
        path = folder / source.name
        path.write_bytes(data[: int(len(data) * keep)])
        return path

    return make


def damaged(source: Path) -> Any:
    def make(folder: Path) -> Path:
        data = bytearray(source.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 8] = b"\x00" * 8
        path = folder / source.name
        path.write_bytes(bytes(data))
        return path

    return make


def written(name: str, content: str | bytes) -> Any:
    def make(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return make


def existing(path: Path) -> Any:
    return lambda folder: path


def huge(name: str, megabytes: int) -> Any:
    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as out:  # a sparse file: the size without the disk space
            out.truncate(megabytes * 1024 * 1024)
        return path

    return make


RIDE_GPX = (
    '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
    "<trk><type>cycling</type><trkseg>"
    '<trkpt lat="52.0" lon="13.0"><time>2021-03-10T07:00:00Z</time></trkpt>'
    '<trkpt lat="52.1" lon="13.0"><time>2021-03-10T07:20:00Z</time></trkpt>'
    "</trkseg></trk></gpx>"
)
ROUTE_GPX = (
    '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
    '<rte><rtept lat="52.0" lon="13.0"/><rtept lat="52.1" lon="13.0"/></rte></gpx>'
)
UNTIMED_GPX = (
    '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
    '<trk><trkseg><trkpt lat="52.0" lon="13.0"/><trkpt lat="52.1" lon="13.0"/></trkseg></trk>'
    "</gpx>"
)
# Entities that expand a billion times: expat stops it, so it is a refusal, not a hang
ENTITY_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE gpx [\n<!ENTITY a "aaaaaaaaaa">\n'
    + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">\n' for n in range(8))
    + "]>\n<gpx><trk><type>&i;</type></trk></gpx>\n"
)
MARS_CALENDAR = calendar(
    event("20210301T070000Z", "20210301T080000Z", "Easy run", "FREQ=WEEKLY")
).replace("PRODID", "X-WR-TIMEZONE:Mars/Olympus\r\nPRODID")
BAD_RULE = event("20210301T070000Z", "20210301T080000Z", "Easy run", "FREQ=WEEKLY;BYDAY=MO, TU")


@pytest.mark.parametrize(
    ("make", "says"),
    [
        pytest.param(existing(FIT / "nick.fit"), "stops part-way through", id="cut-off-ride-fit"),
        pytest.param(cut(FIT / "slither-running.fit", 0.5), "stops part-way through", id="cut-fit"),
        pytest.param(damaged(FIT / "slither-running.fit"), "damaged", id="damaged-fit"),
        pytest.param(written("noise.fit", bytes(range(256)) * 8), "not a FIT file", id="noise-fit"),
        pytest.param(existing(FIT / "trainerroad_744490.fit"), "FIT workout file", id="workout"),
        pytest.param(
            cut(GPX / "slither-running.gpx", 0.5), "stops part-way through (line 1)", id="cut-gpx"
        ),
        pytest.param(
            cut(TCX / "slither-running.tcx", 0.3), "stops part-way through (line", id="cut-tcx"
        ),
        pytest.param(
            existing(GPX / "gpx_with_garmin_extension.gpx"), "only waypoints", id="waypoints"
        ),
        pytest.param(written("route.gpx", ROUTE_GPX), "planned route", id="route-gpx"),
        pytest.param(written("untimed.gpx", UNTIMED_GPX), "no times", id="untimed-gpx"),
        pytest.param(written("ride.gpx", RIDE_GPX), "this is a ride (cycling)", id="ride-gpx"),
        pytest.param(
            existing(TCX / "pool_swim-activity_1.tcx"), "recorded as 'Other'", id="swim-tcx"
        ),
        pytest.param(
            written("wrong.gpx", (TCX / "slither-running.tcx").read_bytes()),
            "not a GPX file: it starts with <TrainingCenterDatabase>",
            id="tcx-named-gpx",
        ),
        pytest.param(
            written("broken.gpx", "<gpx>\n</trk>"),
            "not well-formed XML (the first fault is at line 2, column 2)",
            id="bad-xml",
        ),
        pytest.param(
            written("laughs.gpx", ENTITY_BOMB), "not well-formed XML", id="entity-expansion"
        ),
        pytest.param(written("empty.ics", calendar()), "holds no events", id="empty-calendar"),
        pytest.param(cut(ICS / "badRRULE.ics", 0.6), "stops part-way through", id="cut-calendar"),
        pytest.param(
            written("bad-rule.ics", calendar(BAD_RULE)), "unreadable RRULE", id="bad-rrule"
        ),
        pytest.param(
            written("nostart.ics", calendar("BEGIN:VEVENT\r\nSUMMARY:Tempo\r\nEND:VEVENT\r\n")),
            "has no start",
            id="event-without-start",
        ),
        pytest.param(
            written("mars.ics", MARS_CALENDAR), "time zone 'Mars/Olympus' is not one", id="tz"
        ),
        pytest.param(written("notes.ics", "Tuesday: tempo\n"), "not an iCalendar file", id="text"),
        pytest.param(written("empty.gpx", b""), "the file is empty", id="empty-file"),
        pytest.param(huge("huge.gpx", 200), "200 MB, more than the 128 MB", id="200-mb-gpx"),
        pytest.param(huge("huge.fit", 200), "200 MB, more than the 32 MB", id="200-mb-fit"),
        pytest.param(huge("huge.ics", 200), "200 MB, more than the 64 MB", id="200-mb-ics"),
        pytest.param(written("runs.csv", "date,km\n"), "unknown file type '.csv'", id="csv"),
        pytest.param(written("runs.gpx.gz", b"\x1f\x8b"), "compressed", id="gzip"),
        pytest.param(lambda folder: folder / "missing.fit", "no such file", id="missing"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_naming_it(
    tmp_path: Path, make: Any, says: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(InvalidInput) as refused:
        read_running([path], dt.date(2021, 3, 14))
    assert refused.value.field == path.name
    assert says in refused.value.problem
    assert "Traceback" not in str(refused.value) and "Error" not in str(refused.value)


def test_a_folder_is_refused_and_so_is_no_file_at_all(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="this is a folder"):
        read_running([tmp_path], dt.date(2021, 3, 14))
    with pytest.raises(InvalidInput, match="give at least one file"):
        read_running([], dt.date(2021, 3, 14))


def test_a_calendar_with_nothing_near_today_says_which_weeks_it_read() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_running([ICS / "Office-2012-owa.ics"], dt.date(2026, 3, 18))
    assert refused.value.field == "Office-2012-owa.ics"
    assert "no running sessions from 2026-02-16 to 2026-04-12" in refused.value.problem


def test_old_runs_alone_are_read_as_of_the_newest_with_a_note() -> None:
    result = read_running([TCX / "slither-running.tcx"], dt.date(2021, 3, 14))
    assert result.running == {"weekly_km": 2.2, "week": week(sun="easy")}  # Sunday 11 Dec
    assert any("read as of 2016-12-11, the day of the newest run" in n for n in result.notes)


@pytest.mark.parametrize(
    "source",
    [
        FIT / "slither-running.fit",
        FIT / "garmin-fenix-5-run.fit",
        GPX / "slither-running.gpx",
        TCX / "slither-running.tcx",
        ICS / "badRRULE.ics",
        ICS / "Office-2012-owa.ics",
        ICS / "tentative-apple-calendar.ics",
    ],
    ids=lambda p: p.name,
)
def test_any_damage_to_a_real_file_gives_figures_or_a_clear_refusal(
    tmp_path: Path, source: Path
) -> None:
    """Cut, overwrite or insert bytes at chance places: the reader never fails otherwise."""
    chance = random.Random(source.name)
    original = source.read_bytes()
    for _ in range(40):
        data = bytearray(original)
        at = chance.randrange(len(data))
        how = chance.choice(("cut", "overwrite", "insert"))
        if how == "cut":
            del data[at:]
        elif how == "overwrite":
            data[at : at + 16] = bytes(chance.randrange(256) for _ in range(16))
        else:
            data[at:at] = bytes(chance.randrange(256) for _ in range(chance.randint(1, 24)))
        path = tmp_path / source.name
        path.write_bytes(bytes(data))
        try:
            read_running([path], dt.date(2021, 3, 14))
        except InvalidInput as refused:
            assert refused.field == source.name


# -- memory stays flat ------------------------------------------------------------------------

PEAK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from runstrong.adapters.imports.activities import read_activities
    (run,) = read_activities(Path(sys.argv[1]))
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(round(run.distance_km, 3), peak // 1024)
    """
)


def long_gpx(path: Path, points: int) -> None:
    start = dt.datetime(2021, 3, 10, 6, 0, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            "<trk><type>running</type><trkseg>\n"
        )
        for second in range(points):
            time = (start + dt.timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")
            out.write(
                f'<trkpt lat="{52 + second * 0.000027:.7f}" lon="13.0000000"><ele>30.0</ele>'
                f"<time>{time}</time><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>150"
                "</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt>\n"
            )
        out.write("</trkseg></trk></gpx>\n")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the peak from /proc")
def test_memory_stays_flat_from_a_short_run_to_a_file_twenty_times_larger(tmp_path: Path) -> None:
    peaks = {}
    for points in (10_000, 200_000):  # about 2 MB and 40 MB
        path = tmp_path / f"run-{points}.gpx"
        long_gpx(path, points)
        out = subprocess.run(
            [sys.executable, "-c", PEAK, str(path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONWARNINGS": "error"},
        )
        km, peak = out.stdout.split()
        assert float(km) == pytest.approx((points - 1) * 3.0 / 1000, rel=0.01)  # 3 m a second
        peaks[points] = int(peak)
        path.unlink()
    assert peaks[200_000] - peaks[10_000] < 8, peaks  # MB


# -- storing it ---------------------------------------------------------------------------------


def profile() -> Profile:
    return Profile.model_validate(
        {
            "name": "Kim",
            "start_date": "2021-03-01",
            "experience": "intermediate",
            "running": {"weekly_miles": 25, "week": {"tue": "quality", "sun": "long"}},
            "goal": {"event": "half_marathon", "date": "2021-05-30"},
            "equipment": ["home"],
        }
    )


def stored_profiles(url: str) -> list[dict[str, Any]]:
    with connect(url) as uow:
        runner = uow.repo.runner()
        return [p.document for p in uow.repo.profiles(runner.id)] if runner else []


def test_applying_the_runs_stores_a_new_profile_and_replans_from_today(database_url: str) -> None:
    training.init_runner(connect(database_url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    running = infer_running([FIT / "slither-running.fit"], dt.date(2021, 3, 14))
    started = apply_running(connect(database_url), running, CATALOG, dt.date(2021, 3, 15), NOW)
    assert started.profile_version == 2 and started.valid_from == dt.date(2021, 3, 15)
    first, latest = stored_profiles(database_url)
    assert first["running"]["weekly_km"] == 40.2  # 25 miles, as the runner first gave it
    assert latest["running"] == {"weekly_km": 7.9, "weekly_miles": None, "week": week(sat="easy")}
    assert {k: v for k, v in latest.items() if k != "running"} == {
        k: v for k, v in first.items() if k != "running"
    }
    with connect(database_url) as uow:
        runner = uow.repo.runner()
        assert runner is not None
        assert [p.profile_version for p in uow.repo.plans(runner.id)] == [1, 2]


def test_a_calendar_alone_keeps_the_stored_weekly_distance(
    database_url: str, tmp_path: Path
) -> None:
    training.init_runner(connect(database_url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    plan = retitled(ICS / "badRRULE.ics", tmp_path, "Easy run")
    running = infer_running([plan], dt.date(2021, 3, 14))
    apply_running(connect(database_url), running, CATALOG, dt.date(2021, 3, 15), NOW)
    latest = stored_profiles(database_url)[-1]
    assert latest["running"]["weekly_km"] == 40.2
    assert latest["running"]["week"] == week(
        mon="easy", tue="easy", wed="easy", thu="easy", fri="easy"
    )


def test_nothing_is_stored_when_the_new_running_week_breaks_the_profile(database_url: str) -> None:
    training.init_runner(connect(database_url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    broken = {"weekly_km": 30.0, "week": {**REST_WEEK, "mon": "sprint"}}
    with pytest.raises(InvalidInput) as refused:
        apply_running(connect(database_url), broken, CATALOG, dt.date(2021, 3, 15), NOW)
    assert refused.value.field == "running.week.mon"
    assert len(stored_profiles(database_url)) == 1


def test_a_damaged_file_among_good_ones_is_named_and_the_others_are_read(
    tmp_path: Path,
) -> None:
    broken = cut(FIT / "garmin-fenix-5-run.fit", 0.5)(tmp_path)
    files = [FIT / "slither-running.fit", broken, TCX / "pool_swim-activity_1.tcx"]
    result = read_running(files, dt.date(2021, 3, 14))
    assert result.running == {"weekly_km": 7.9, "week": week(sat="easy")}
    assert [name for name, _problem in result.unread] == ["garmin-fenix-5-run.fit"]
    assert [name for name, _problem in result.not_runs] == ["pool_swim-activity_1.tcx"]
    assert result.notes[0].startswith("Not read: garmin-fenix-5-run.fit: ")
    assert "stops part-way through" in result.notes[0]
    assert result.notes[1].startswith("Left out pool_swim-activity_1.tcx: this is")


def test_a_batch_where_no_file_can_be_read_is_refused_naming_each(tmp_path: Path) -> None:
    broken = cut(FIT / "slither-running.fit", 0.5)(tmp_path)
    with pytest.raises(InvalidInput) as refused:
        read_running([broken, TCX / "pool_swim-activity_1.tcx"], dt.date(2021, 3, 14))
    assert refused.value.field == "files"
    assert "slither-running.fit: the file stops part-way through" in refused.value.problem
    assert "pool_swim-activity_1.tcx: this is" in refused.value.problem


def test_a_damaged_file_in_the_batch_stores_nothing(database_url: str, tmp_path: Path) -> None:
    training.init_runner(connect(database_url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    broken = cut(FIT / "garmin-fenix-5-run.fit", 0.5)(tmp_path)
    found = read_running([FIT / "slither-running.fit", broken], dt.date(2021, 3, 14))
    with pytest.raises(InvalidInput, match=r"garmin-fenix-5-run\.fit could not be read"):
        check_applicable(found)
    assert len(stored_profiles(database_url)) == 1


def test_a_swim_among_the_runs_does_not_stop_them_being_stored(database_url: str) -> None:
    training.init_runner(connect(database_url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    files = [FIT / "slither-running.fit", TCX / "pool_swim-activity_1.tcx"]
    found = read_running(files, dt.date(2021, 3, 14))
    check_applicable(found)
    apply_running(connect(database_url), found.running, CATALOG, dt.date(2021, 3, 15), NOW)
    assert stored_profiles(database_url)[-1]["running"]["weekly_km"] == 7.9


def test_a_zero_km_week_is_never_stored(database_url: str) -> None:
    training.init_runner(connect(database_url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    found = RunningImport({"weekly_km": 0.0, "week": week(sat="easy")})
    with pytest.raises(InvalidInput) as refused:
        check_applicable(found)
    assert refused.value.field == "weekly_km" and "0 km" in refused.value.problem
    with pytest.raises(InvalidInput, match="0 km a week is never stored"):
        apply_running(connect(database_url), found.running, CATALOG, dt.date(2021, 3, 15), NOW)
    assert len(stored_profiles(database_url)) == 1


def test_applying_before_there_is_a_runner_says_what_to_do(database_url: str) -> None:
    running = infer_running([FIT / "slither-running.fit"], dt.date(2021, 3, 14))
    with pytest.raises(training.NoRunner, match="runstrong init"):
        apply_running(connect(database_url), running, CATALOG, dt.date(2021, 3, 15), NOW)
    assert stored_profiles(database_url) == []


# -- the command: what --apply shows, asks and refuses -------------------------------------------


def import_runs(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    from tests.e2e.process import run_runstrong

    return run_runstrong("import", "runs", *args, env={"RUNSTRONG_DATABASE_URL": url})


@pytest.fixture
def sqlite_runner(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'runstrong.db'}"
    training.init_runner(connect(url), profile(), CATALOG, dt.date(2021, 3, 1), NOW)
    return url


FIT_RUN = str(FIT / "slither-running.fit")


def test_apply_without_a_terminal_shows_the_change_and_asks_for_yes(sqlite_runner: str) -> None:
    refused = import_runs(sqlite_runner, FIT_RUN, "--apply", "--date", "2021-03-14")
    assert refused.returncode == 2
    assert "Stored now:  40.2 km a week; mon rest, tue quality" in refused.stderr
    assert "Would store: 7.9 km a week; mon rest, tue rest" in refused.stderr
    assert "--yes" in refused.stderr.splitlines()[-1] and "Traceback" not in refused.stderr
    assert len(stored_profiles(sqlite_runner)) == 1
    done = import_runs(sqlite_runner, FIT_RUN, "--apply", "--yes", "--date", "2021-03-14")
    assert done.returncode == 0, done.stderr
    assert "version 2" in done.stdout
    assert stored_profiles(sqlite_runner)[-1]["running"]["weekly_km"] == 7.9
    again = import_runs(sqlite_runner, FIT_RUN, "--apply", "--yes", "--date", "2021-03-14")
    assert again.returncode == 0 and "nothing changed" in again.stderr
    assert len(stored_profiles(sqlite_runner)) == 2


@pytest.mark.parametrize(("answer", "profiles"), [("n\n", 1), ("y\n", 2), ("", 1)])
def test_apply_on_a_terminal_stores_only_what_the_runner_agrees_to(
    sqlite_runner: str, monkeypatch: pytest.MonkeyPatch, answer: str, profiles: int
) -> None:
    from typer.testing import CliRunner

    from runstrong.entrypoints import cli

    monkeypatch.setenv("RUNSTRONG_DATABASE_URL", sqlite_runner)
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    args = ["import", "runs", FIT_RUN, "--apply", "--date", "2021-03-14"]
    result = CliRunner().invoke(cli.app, args, input=answer)
    assert result.exit_code == 0, result.output
    assert "Store it and re-plan from today?" in result.output
    assert len(stored_profiles(sqlite_runner)) == profiles


def test_a_zero_km_import_is_shown_but_never_applied(sqlite_runner: str, tmp_path: Path) -> None:
    still = (  # twenty minutes on one spot: a run recorded without any distance
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        "<trk><type>running</type><trkseg>"
        '<trkpt lat="52.0" lon="13.0"><time>2021-03-10T07:00:00Z</time></trkpt>'
        '<trkpt lat="52.0" lon="13.0"><time>2021-03-10T07:20:00Z</time></trkpt>'
        "</trkseg></trk></gpx>"
    )
    path = tmp_path / "treadmill.gpx"
    path.write_text(still)
    shown = import_runs(sqlite_runner, str(path), "--format", "json", "--date", "2021-03-14")
    assert shown.returncode == 0 and '"weekly_km": 0.0' in shown.stdout
    refused = import_runs(sqlite_runner, str(path), "--apply", "--yes", "--date", "2021-03-14")
    assert refused.returncode == 2 and "0 km a week" in refused.stderr
    assert len(stored_profiles(sqlite_runner)) == 1


def test_a_batch_reads_what_it_can_and_exits_2_only_when_nothing_was_read(
    sqlite_runner: str, tmp_path: Path
) -> None:
    broken = cut(FIT / "garmin-fenix-5-run.fit", 0.5)(tmp_path)
    some = import_runs(sqlite_runner, FIT_RUN, str(broken), "-f", "json", "-d", "2021-03-14")
    assert some.returncode == 0, some.stderr
    assert '"weekly_km": 7.9' in some.stdout
    assert "Not read: garmin-fenix-5-run.fit: " in some.stderr
    refused = import_runs(sqlite_runner, FIT_RUN, str(broken), "--apply", "--yes")
    assert refused.returncode == 2 and "garmin-fenix-5-run.fit could not be read" in refused.stderr
    none = import_runs(sqlite_runner, str(broken), "-f", "json", "-d", "2021-03-14")
    assert none.returncode == 2 and none.stdout == ""
    assert "garmin-fenix-5-run.fit" in none.stderr
