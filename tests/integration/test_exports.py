"""Exports checked by software no one here wrote: two iCalendar parsers, Garmin's FIT SDK,
and poppler's pdftoppm."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject

from runstrong.adapters.exports import fit, ical, pdf
from runstrong.adapters.exports.garmin_map import garmin_codes
from runstrong.domain.plan import Plan
from runstrong.library import load_catalog
from runstrong.library.garmin import load_garmin_map
from runstrong.services.planning import example_profile, make_plan, validate_profile

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
STAMP = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
CODES = garmin_codes(load_garmin_map())


def plan_for(example: str = "achilles-10k", **changes: Any) -> Plan:
    profile = example_profile(example)
    if changes:
        profile = validate_profile({**profile.model_dump(mode="json"), **changes})
    return make_plan(profile, CATALOG)


# -- iCalendar ------------------------------------------------------------------------------


def both_parsers(data: bytes) -> tuple[list[Any], list[Any]]:
    by_icalendar = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    by_vobject = list(vobject.readOne(data.decode("utf-8")).vevent_list)
    return by_icalendar, by_vobject


def test_every_session_is_an_event_and_two_parsers_agree_on_all_of_it() -> None:
    plan = plan_for()
    data = ical.render(plan, CATALOG, STAMP)
    events, others = both_parsers(data)
    sessions = plan.sessions()
    assert len(events) == len(others) == len(sessions)
    for event, other, session in zip(events, others, sessions, strict=True):
        assert str(event["uid"]) == other.uid.value
        assert event.decoded("dtstart") == other.dtstart.value == session.date  # all-day
        assert (
            event.decoded("dtend") == other.dtend.value == session.date + dt.timedelta(days=1)
        )  # exclusive
        assert str(event["summary"]) == other.summary.value and session.focus in other.summary.value
        description = other.description.value
        assert str(event["description"]) == description
        for item in session.items():
            assert item.name in description
        assert event.decoded("dtstamp") == other.dtstamp.value == STAMP
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["prodid"]) == ical.PRODID and str(calendar["version"]) == "2.0"


def test_uids_are_stable_so_importing_again_updates_instead_of_duplicating() -> None:
    first = ical.render(plan_for(), CATALOG, STAMP)
    later = ical.render(plan_for(), CATALOG, STAMP + dt.timedelta(days=3))
    uids = [str(e["uid"]) for e in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    assert uids == [str(e["uid"]) for e in icalendar.Calendar.from_ical(later).walk("VEVENT")]
    # a re-planned profile keeps the UID of each date's session
    replanned = ical.render(
        plan_for(availability={"sessions_per_week": 2, "minutes_per_session": 40}), CATALOG, STAMP
    )
    again = {str(e["uid"]) for e in icalendar.Calendar.from_ical(replanned).walk("VEVENT")}
    assert again & set(uids)


def test_dtstamp_is_utc_and_lines_are_folded_with_crlf() -> None:
    data = ical.render(
        plan_for(),
        CATALOG,
        dt.datetime(2026, 11, 21, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    )
    text = data.decode("utf-8")
    assert "DTSTAMP:20261121T093000Z" in text
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_sessions_at_a_time_of_day_carry_their_time_zone() -> None:
    plan = plan_for()
    data = ical.render(plan, CATALOG, STAMP, at=dt.time(18, 30), tz="Europe/Berlin")
    events, others = both_parsers(data)
    start = events[0].decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (18, 30, "Europe/Berlin")
    assert others[0].dtstart.value.utcoffset() == start.utcoffset()
    assert events[0].decoded("dtend") - start == dt.timedelta(minutes=plan.sessions()[0].minutes)
    assert "BEGIN:VTIMEZONE" in data.decode() and "TZID:Europe/Berlin" in data.decode()


def test_control_characters_are_stripped() -> None:
    plan = plan_for(name="Alex\x00 \x1b[31mRed\x7f")
    data = ical.render(plan, CATALOG, STAMP)
    assert not any(byte in data for byte in (b"\x00", b"\x1b", b"\x7f"))
    events, others = both_parsers(data)
    assert len(events) == len(others) == len(plan.sessions())


def test_an_unknown_time_zone_is_refused() -> None:
    from runstrong.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="--tz"):
        ical.render(plan_for(), CATALOG, STAMP, at=dt.time(7), tz="Mars/Olympus")


# -- FIT ------------------------------------------------------------------------------------


def decode(data: bytes) -> dict[str, Any]:
    from garmin_fit_sdk import Decoder, Stream

    stream = Stream.from_byte_array(bytearray(data))
    decoder = Decoder(stream)
    assert decoder.is_fit() and decoder.check_integrity()
    stream.reset()  # check_integrity leaves the stream at its end
    messages, errors = decoder.read()
    assert errors == []
    result: dict[str, Any] = messages
    return result


def test_every_session_is_a_valid_garmin_strength_workout_matching_the_plan() -> None:
    plan = plan_for("intermediate-marathon-gym")
    files = fit.render_all(plan, CODES, STAMP)
    assert len(files) == len(plan.sessions())
    for session in plan.sessions():
        messages = decode(files[fit.file_name(session)])
        (workout,) = messages["workout_mesgs"]
        assert workout["sport"] == "training" and workout["sub_sport"] == "strength_training"
        decoded = messages["workout_step_mesgs"]
        assert workout["num_valid_steps"] == len(decoded) == len(fit.steps(session, CODES))
        exercise_steps = [s for s in decoded if s.get("intensity") in ("active", "warmup")]
        expected = sum(
            (2 if i.per_side else 1) + i.extra_sets.left + i.extra_sets.right
            for i in session.items()
        )
        assert len(exercise_steps) == expected
        repeats = [s for s in decoded if s.get("duration_type") == "repeat_until_steps_cmplt"]
        assert [r["repeat_steps"] for r in repeats] == [
            i.sets for i in session.items() if i.sets > 1
        ]
        for item in session.items():
            step = next(s for s in decoded if str(s.get("wkt_step_name", "")).startswith(item.name))
            if item.reps is not None:
                assert step["duration_type"] == "reps" and step["duration_reps"] == item.reps
            else:
                assert step["duration_type"] == "time" and step["duration_time"] == item.seconds
        rests = [s for s in decoded if s.get("intensity") == "rest"]
        assert all(s["duration_time"] > 0 for s in rests)


def test_exercises_carry_garmin_categories_where_the_table_has_them() -> None:
    from garmin_fit_sdk import Profile

    plan = plan_for("intermediate-marathon-gym")
    session = plan.sessions()[0]
    decoded = decode(fit.render(session, CODES, "Priya", STAMP))["workout_step_mesgs"]
    categories = Profile["types"]["exercise_category"]
    named = [s for s in decoded if "exercise_category" in s]
    assert named, "some exercises map to Garmin categories"
    for step in named:
        assert (
            step["exercise_category"] in categories.values()
            or step["exercise_category"] in categories
        )


# -- PDF ------------------------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)
def test_the_printable_plan_renders_pages_that_are_not_blank(tmp_path: Path) -> None:
    plan = plan_for()
    data = pdf.render(plan, CATALOG)
    assert data.startswith(b"%PDF")
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(path), str(tmp_path / "page")],
        check=True,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 2
    from PIL import Image

    for page in pages:
        with Image.open(page) as image:
            gray = image.convert("L")
            dark = sum(gray.histogram()[:128])  # pixels darker than mid-grey: text and rules
            assert dark > 0.005 * gray.width * gray.height, f"{page.name} looks blank"
    text = pdf.html(plan, CATALOG)
    assert "Strength plan for Lee" in text and "not a medical device" in text
