"""Exports checked by software no one here wrote: two iCalendar parsers, Garmin's FIT SDK,
and poppler's pdftoppm."""

from __future__ import annotations

import datetime as dt
import itertools
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
from runstrong.services.planning import (
    example_profile,
    field_test_names,
    make_plan,
    validate_profile,
)
from tests.unit.featured import (
    ADAPTATION_TEXT,
    RACE_DAY,
    TIMING,
    cleared,
    featured_plan,
    plain_plan,
    race_week,
)

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


def both_parsers(data: bytes, strength_only: bool = True) -> tuple[list[Any], list[Any]]:
    """The events as two parsers read them: the strength sessions, or every event."""
    by_icalendar = list(icalendar.Calendar.from_ical(data).walk("VEVENT"))
    by_vobject = list(vobject.readOne(data.decode("utf-8")).vevent_list)
    if strength_only:  # race days are events too
        by_icalendar = [e for e in by_icalendar if str(e["summary"]).startswith("Strength")]
        by_vobject = [e for e in by_vobject if e.summary.value.startswith("Strength")]
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


def test_race_days_are_all_day_events_with_stable_uids() -> None:
    plan = featured_plan(CATALOG)
    data = ical.render(plan, CATALOG, STAMP)
    everything, others = both_parsers(data, strength_only=False)
    races = [e for e in everything if str(e["summary"]).startswith("Race day")]
    assert len(everything) == len(others) == len(plan.sessions()) + 1
    (race,) = races
    assert str(race["summary"]) == "Race day: 10k, B race"
    assert race.decoded("dtstart") == RACE_DAY
    assert race.decoded("dtend") == RACE_DAY + dt.timedelta(days=1)
    assert "Race day: Sunday 11 April (10k, B race)" in str(race["description"])
    assert race.get("categories").cats == ["Race"]
    assert str(race["uid"]) == ical.race_uid("Lee", RACE_DAY)
    uids = [str(e["uid"]) for e in everything]
    assert len(set(uids)) == len(uids)  # not the UID of a session
    again = ical.render(
        plan, CATALOG, STAMP + dt.timedelta(days=2), at=dt.time(7), tz="Europe/Berlin"
    )
    (later,) = [
        e for e in icalendar.Calendar.from_ical(again).walk("VEVENT") if "Race" in str(e["summary"])
    ]
    assert str(later["uid"]) == str(race["uid"]) and later.decoded("dtstart") == RACE_DAY  # all-day
    without = icalendar.Calendar.from_ical(ical.render(plain_plan(), CATALOG, STAMP))
    assert [str(e["summary"]) for e in without.walk("VEVENT")] == ["Strength: squat (20 min)"]


def test_session_descriptions_carry_timing_pairs_ramp_up_sets_and_the_retest() -> None:
    plan = featured_plan(CATALOG)
    events, others = both_parsers(ical.render(plan, CATALOG, STAMP, test_names=field_test_names()))
    first, second = (str(e["description"]) for e in events[:2])
    assert others[0].description.value == first
    lines = first.splitlines()
    assert lines[1] == f"When: {TIMING}."
    assert lines[2].startswith(
        "Retest this week: single-leg calf raise to failure and side plank hold"
    )
    assert any(
        line.startswith("- A1 Goblet squat: ") and "after 3 ramp-up sets" in line for line in lines
    )
    assert any(line.startswith("- A2 Dead bug: ") for line in lines)
    assert "Pairs (A1 + A2): do one set of each in turn" in first
    assert "Retest" not in second and "When:" not in second and "Pairs (" not in second


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


def test_steps_note_pairs_and_ramp_up_sets_and_the_workout_its_timing() -> None:
    plan = featured_plan(CATALOG)
    session = plan.sessions()[0]
    messages = decode(fit.render(session, CODES, "Lee", STAMP))
    (workout,) = messages["workout_mesgs"]
    assert workout["wkt_description"].startswith(f"When: {TIMING}. Pairs (A1 + A2)")
    notes = {
        s["wkt_step_name"]: s.get("notes")
        for s in messages["workout_step_mesgs"]
        if "wkt_step_name" in s
    }
    assert notes["Goblet squat"] == "A1: alternate with A2; after 3 ramp-up sets"
    assert notes["Dead bug (left)"] == notes["Dead bug (right)"] == "A2: alternate with A1"
    assert notes["Plank"] is None
    plain = decode(fit.render(plan.sessions()[1], CODES, "Lee", STAMP))
    assert "wkt_description" not in plain["workout_mesgs"][0]
    assert not any(s.get("notes") for s in plain["workout_step_mesgs"])
    # the notes change no step: same count and order as without the new fields
    assert [s.get("wkt_step_name") for s in fit.steps(session, CODES)] == [
        s.get("wkt_step_name") for s in fit.steps(cleared(plan).sessions()[0], CODES)
    ]


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


def test_the_printable_plan_shows_every_new_field() -> None:
    plan = featured_plan(CATALOG)
    text = pdf.html(plan, CATALOG, field_test_names())
    assert "<h2>Notes</h2>" in text and "<h2>What your plan changes for you</h2>" in text
    assert ADAPTATION_TEXT in text
    assert (
        text.index("<h2>Notes</h2>") < text.index("What your plan changes") < text.index("Week 1 ·")
    )
    assert "<h2>How to read this plan</h2>" in text
    assert "<td>A1, A2</td>" in text and "<td>Ramp-up sets</td>" in text and "<td>RM</td>" in text
    assert f'<p class="timing">When: {TIMING}.</p>' in text
    assert '<span class="pair">A1</span> <strong>Goblet squat</strong>' in text
    assert '<span class="pair">A2</span> <strong>Dead bug</strong>' in text
    assert "3 × 6 reps, after 3 ramp-up sets" in text
    assert "Pairs (A1 + A2): do one set of each in turn" in text
    assert "Retest this week: single-leg calf raise to failure and side plank hold" in text
    week = race_week(plan)
    after = text.find(f"Week {week + 1} ·")  # the race week may be the plan's last
    race = text[text.index(f"Week {week} ·") : after if after >= 0 else len(text)]
    assert '<p class="race">Race day: Sunday 11 April (10k, B race)</p>' in race
    assert text.count("Race day:") == 1


def test_the_printable_plan_leaves_out_what_a_plan_does_not_have() -> None:
    text = pdf.html(plain_plan(), CATALOG)
    for absent in ("What your plan changes", "Retest this week", "Race day", "When:", "Pairs (",
                   "ramp-up", 'class="pair"', "<td>RPE</td>", "% 1RM"):  # fmt: skip
        assert absent not in text, absent
    assert "<td>Body weight</td>" in text


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
def test_the_pdf_prints_the_legend_the_pairs_and_the_race(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf.render(featured_plan(CATALOG), CATALOG, field_test_names()))
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    words = " ".join(done.stdout.split())
    for shown in ("How to read this plan", "What your plan changes for you", "A1 Goblet squat",
                  "3 ramp-up sets", "Race day: Sunday 11 April (10k, B race)", "When: after your run"):  # fmt: skip
        assert shown in words, shown


def pdf_pages(data: bytes, folder: Path, name: str) -> list[str]:
    """Each page's text as poppler reads it, laid out as printed."""
    path = folder / f"{name}.pdf"
    path.write_bytes(data)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    )
    return done.stdout.split("\f")[:-1]


@pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
def test_a_plan_printed_in_parts_reads_page_for_page_as_one_document(tmp_path: Path) -> None:
    from weasyprint import HTML

    plan = plan_for()  # 14 weeks with rehab routines: the cover and four parts
    assert len(plan.weeks) > 3 * pdf.WEEKS_PER_PART
    parts = pdf_pages(pdf.render(plan, CATALOG), tmp_path, "parts")
    whole = pdf_pages(HTML(string=pdf.html(plan, CATALOG)).write_pdf(), tmp_path, "whole")
    assert parts == whole  # the same breaks, masthead, disclaimer and "page 3 of N"
    assert f"runstrong · page {len(parts)} of {len(parts)}" in parts[-1]
    assert "".join(parts).count("strength for runners") == 1
    assert "not a medical device" in parts[-1]


def test_printing_says_how_many_weeks_are_printed_as_it_goes() -> None:
    plan = plan_for()
    told: list[tuple[int, int]] = []
    pdf.render(plan, CATALOG, progress=lambda done, total: told.append((done, total)))
    weeks = len(plan.weeks)
    assert told[0] == (0, weeks) and told[-1] == (weeks, weeks)  # the cover, then the weeks
    steps = [b[0] - a[0] for a, b in itertools.pairwise(told)]
    assert all(0 < step <= pdf.WEEKS_PER_PART for step in steps)


def test_printing_leaves_the_cycle_collector_as_it_found_it() -> None:
    import gc

    plan = plain_plan()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    pdf.render(plan, CATALOG)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        pdf.render(plan, CATALOG)
        assert not gc.isenabled()
    finally:
        gc.enable()
