"""The file readers, sign-in and the backup fuzzed: a result, or a `RunstrongError` in
plain words, within a time bound (see tests/unit/test_parsers_fuzz.py for the checks).

Each reader gets random bytes under each file name it takes, and the real fixtures
mutated (bytes and lines flipped, deleted, inserted, duplicated, swapped, cut off), which
gets past the first check into the parser proper. Sign-in takes any name, password and
address (NUL bytes, lone surrogates, 10,000 characters) and answers SignInRefused or
TooManyAttempts. A backup made by `export_all` is mutated as JSON data and as text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from runstrong.adapters.db import connect, dispose
from runstrong.adapters.imports.activities import read_activities
from runstrong.adapters.imports.calendar import read_calendar
from runstrong.adapters.passwords import fast_hasher
from runstrong.domain.errors import RunstrongError
from runstrong.domain.running import Activity, CalendarEntry
from runstrong.library import load_catalog
from runstrong.services import accounts, planning, training
from runstrong.services.backup import Backup, parse_backup
from runstrong.services.running_import import RunningImport, infer_running, read_running
from tests.unit.test_parsers_fuzz import (
    EXAMPLES,
    JSON_VALUES,
    ODD_TEXT,
    assert_plain,
    mutated_bytes,
    mutated_data,
    refused_or,
    within,
)

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
# The small fixtures: a mutated copy is written for each example.
ACTIVITY_FILES = {
    path.name: path.read_bytes()
    for path in sorted(FIXTURES.glob("*/*"))
    if path.suffix in (".fit", ".gpx", ".tcx") and path.stat().st_size < 50_000
}
CALENDAR_FILES = {path.name: path.read_bytes() for path in sorted(FIXTURES.glob("ics/*.ics"))}
WINDOWS = [
    (dt.date(2020, 10, 5), dt.date(2020, 11, 30)),
    (dt.date(2017, 1, 2), dt.date(2017, 3, 27)),
    (dt.date(2026, 2, 2), dt.date(2026, 3, 30)),
]
CATALOG = load_catalog()
NOW = dt.datetime(2027, 1, 5, 18, 30, tzinfo=dt.UTC)
TODAY = dt.date(2027, 1, 6)

FILES = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 100)),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _real(files: dict[str, bytes]) -> st.SearchStrategy[tuple[str, bytes]]:
    return st.sampled_from(sorted(files)).flatmap(
        lambda name: st.tuples(st.just(name), mutated_bytes(files[name]))
    )


def _random(suffixes: list[str]) -> st.SearchStrategy[tuple[str, bytes]]:
    return st.tuples(st.sampled_from(suffixes).map(lambda s: f"random{s}"), st.binary(max_size=300))


def test_the_fixtures_are_read() -> None:
    """The mutations start from files that are read (or refused as no run, for the swim)."""
    read = []
    for name in ACTIVITY_FILES:  # some hold a swim, a planned workout, only waypoints
        with contextlib.suppress(RunstrongError):
            read.append(read_activities(next(FIXTURES.glob(f"*/{name}"))))
    assert len(read) >= 3
    for name in CALENDAR_FILES:
        read_calendar(FIXTURES / "ics" / name, *WINDOWS[0])


# -- activities and calendars ------------------------------------------------------------------


@FILES
@given(_real(ACTIVITY_FILES) | _random([".fit", ".gpx", ".tcx", ".FIT", ".txt"]))
@example(("deep.gpx", b"<gpx>" + b"<a>" * 5000))
@example(("enc.gpx", b'<?xml version="1.0" encoding="TTF-8"?><gpx/>'))  # was a LookupError
@example(("enc.tcx", b'<?xml version="1.0" encoding="utf-16"?><a/>'))
@example(("entities.gpx", b'<!DOCTYPE g [<!ENTITY a "' + b"x" * 1000 + b'">]><gpx>&a;&a;</gpx>'))
@example(("ok.gpx", b'<gpx><trk><trkseg><trkpt lat="1e999" lon="0"/></trkseg></trk></gpx>'))
def test_activities_are_read_or_refused(tmp_path: Path, file: tuple[str, bytes]) -> None:
    name, content = file
    path = tmp_path / name
    path.write_bytes(content)
    activities = refused_or(lambda: read_activities(path), list)
    for activity in activities or ():
        assert isinstance(activity, Activity)


@FILES
@given(_real(CALENDAR_FILES) | _random([".ics"]), st.sampled_from(WINDOWS))
@example(("daily.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20200101T000000Z\r\n"
          b"RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"), WINDOWS[0])  # fmt: skip
@example(
    (
        "twice.ics",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20201020T100000Z\r\n"
        b"DTEND:20201020T110000Z\r\nDTEND:20201020T120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
    WINDOWS[0],
)  # DTEND twice: was an AttributeError inside recurring-ical-events
@example(
    (
        "zone.ics",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID="
        + b"9" * 400
        + b":20201020T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
    WINDOWS[0],
)  # an OSError
@example(
    (
        "zones.ics",
        b"BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:A\r\nTZID:B\r\n"
        b"END:VTIMEZONE\r\nBEGIN:VEVENT\r\nDTSTART:20201020T100000Z\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n",
    ),
    WINDOWS[0],
)  # two TZIDs: an AttributeError in icalendar
@example(
    (
        "folder.ics",
        b"BEGIN:VCALENDAR\r\nX-WR-TIMEZONE:America\r\nBEGIN:VEVENT\r\n"
        b"DTSTART:20201020T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
    WINDOWS[0],
)
def test_calendars_are_read_or_refused(
    tmp_path: Path, file: tuple[str, bytes], window: tuple[dt.date, dt.date]
) -> None:
    name, content = file
    path = tmp_path / name
    path.write_bytes(content)
    entries = refused_or(lambda: read_calendar(path, *window), list)
    for entry in entries or ():
        assert isinstance(entry, CalendarEntry)


@FILES
@given(
    st.lists(
        _real(ACTIVITY_FILES) | _real(CALENDAR_FILES) | _random([".ics", ".gpx", ".zip", ""]),
        min_size=1,
        max_size=3,
    ),
    st.sampled_from([dt.date(2020, 11, 4), dt.date(2017, 2, 20), TODAY]),
)
def test_several_files_are_read_together_or_refused(
    tmp_path: Path, files: list[tuple[str, bytes]], today: dt.date
) -> None:
    paths = []
    for number, (name, content) in enumerate(files):
        path = tmp_path / f"{number}-{name}"
        path.write_bytes(content)
        paths.append(path)
    found = refused_or(lambda: read_running(paths, today), RunningImport)
    if found is not None:
        for note in found.notes:
            assert_plain(note)
        assert refused_or(lambda: infer_running(paths, today), dict) == found.running


# -- signing in --------------------------------------------------------------------------------

PASSWORD = "a long walk to the track"
TEXTS = (
    st.text(max_size=60)
    | ODD_TEXT
    | st.sampled_from(["robin", " ROBIN ", "robin\x00", PASSWORD, PASSWORD + "\x00"])
)


@pytest.fixture(scope="module")
def accounts_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'runstrong.db'}"
    accounts.create_user(connect(url), fast_hasher(), "robin", PASSWORD, "runner", NOW)
    yield url
    dispose()


HASHER = fast_hasher()


@settings(FILES)
@given(TEXTS, TEXTS, st.text(max_size=20) | ODD_TEXT)
@example("robin\x00", PASSWORD, "10.0.0.1")
@example("\ud800", "\ud800" * 12, "\ud800")  # was a UnicodeEncodeError from the database
@example("robin", PASSWORD + "\ud800", "10.0.0.2")  # and from the hasher
@example("x" * 10_000, "y" * 10_000, "z" * 10_000)
@example("robin", "\x00" * 12, "\x00")
def test_signing_in_is_refused_in_words(
    accounts_url: str, name: str, password: str, address: str
) -> None:
    with within():
        try:
            signed = accounts.sign_in(connect(accounts_url), HASHER, name, password, address, NOW)
        except (accounts.SignInRefused, accounts.TooManyAttempts) as exc:
            assert_plain(str(exc))
            return
    assert signed.actor.username == "robin" and password == PASSWORD


@settings(FILES)
@given(TEXTS, TEXTS)
@example("sam", "\ud800 a long walk to")  # the hasher's UnicodeEncodeError
@example("sam", "a long walk\x00 to the")
def test_accounts_are_made_or_refused_in_words(accounts_url: str, name: str, password: str) -> None:
    made = refused_or(
        lambda: accounts.create_user(connect(accounts_url), HASHER, name, password, "coach", NOW),
        object,
    )
    if made is not None:
        accounts.delete_account(connect(accounts_url), made.id)


# -- backups -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('backup') / 'runstrong.db'}"
    profile = planning.load_profile(EXAMPLES[0])
    training.init_runner(connect(url), profile, CATALOG, profile.start_date, NOW)
    day = profile.start_date + dt.timedelta(days=1)
    log = {
        "id": "s1",
        "date": day.isoformat(),
        "items": [{"exercise": "plank", "sets": [{"seconds": 30, "rpe": 7, "pain": 2}]}],
        "note": "fine",
    }
    training.log_session(connect(url), training.parse_log(log, CATALOG, day), NOW)
    document = training.export_all(connect(url))
    dispose()
    assert isinstance(parse_backup(document, CATALOG), Backup)
    yield json.loads(json.dumps(document))


@settings(FILES)
@given(st.data())
def test_a_backup_is_checked_or_refused(backup: dict[str, Any], data: st.DataObject) -> None:
    document = data.draw(mutated_data(backup) | JSON_VALUES, label="document")
    refused_or(lambda: parse_backup(document, CATALOG), Backup)


@settings(FILES)
@given(st.data())
def test_a_backup_file_is_read_and_checked_or_refused(
    backup: dict[str, Any], data: st.DataObject
) -> None:
    text = json.dumps(backup, indent=1).encode()
    mutated = data.draw(mutated_bytes(text), label="text").decode("utf-8", "replace")
    parsed = refused_or(lambda: planning.parse_json_text(mutated, "backup.json"), object)
    if parsed is not None:
        refused_or(lambda: parse_backup(parsed, CATALOG), Backup)
