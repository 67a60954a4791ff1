"""Text from outside is stored and printed without escapes, controls or injected lines."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from runstrong.domain.athlete import Profile
from runstrong.domain.training_log import SessionLog
from runstrong.domain.untrusted import plain
from runstrong.library import load_catalog
from runstrong.services.planning import make_plan, plan_markdown

EXAMPLE = Path(__file__).resolve().parents[2] / "src/runstrong/examples/novice-5k-home.json"


def test_escapes_controls_and_direction_overrides_go() -> None:
    assert plain("Sam\x1b[31m red\x1b[0m\x07") == "Sam red"
    assert plain("\x1b]0;owned\x07Sam") == "Sam"
    assert plain("Sam\u202eevil") == "Samevil"
    assert plain("Sam\n# Week 1\r\nX") == "Sam # Week 1 X"
    assert plain("line one\r\nline two\x00", one_line=False) == "line one\nline two"


def test_a_name_cannot_start_a_heading_in_the_plan() -> None:
    data = json.loads(EXAMPLE.read_text())
    data["name"] = "Sam\n\n## Week 1: nothing to do\x1b[2J"
    profile = Profile.model_validate(data)
    assert profile.name == "Sam ## Week 1: nothing to do"
    text = plan_markdown(make_plan(profile, load_catalog()), load_catalog())
    headings = [line for line in text.splitlines() if line.startswith("## Week 1:")]
    assert len(headings) == 1 and "nothing to do" not in headings[0]
    assert "\x1b" not in text


def test_a_log_keeps_its_note_lines_but_no_escapes() -> None:
    log = SessionLog.model_validate(
        {
            "id": "s1\n\x1b[1m",
            "date": dt.date(2027, 1, 5).isoformat(),
            "items": [{"exercise": "plank", "sets": [{"seconds": 30}]}],
            "note": "felt good\nknee fine\x1b[31m",
        }
    )
    assert log.id == "s1" and log.note == "felt good\nknee fine"


def _hostile_plan(name: str) -> tuple[object, object]:
    data = json.loads(EXAMPLE.read_text())
    data["name"] = name
    catalog = load_catalog()
    return make_plan(Profile.model_validate(data), catalog), catalog


def test_markdown_shows_a_name_as_text_not_as_markup() -> None:
    plan, catalog = _hostile_plan("*Sam* [win](https://evil.example) <img src=x> # `x` _y_")
    title = plan_markdown(plan, catalog).splitlines()[0]  # type: ignore[arg-type]
    assert title.startswith("# Strength plan for ")
    shown = title.removeprefix("# Strength plan for ")
    for mark in ("*", "[", "]", "(", "<", "`", "_", "#"):
        assert all(shown[i - 1] == "\\" for i, c in enumerate(shown) if c == mark), (mark, shown)


def test_a_name_with_line_breaks_cannot_add_an_event_to_the_calendar() -> None:
    from icalendar import Calendar

    from runstrong.adapters.exports import ical

    clean, catalog = _hostile_plan("Sam")
    plan, _ = _hostile_plan("Sam\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned\nBEGIN:VEVENT")
    stamp = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    hostile = ical.render(plan, catalog, stamp).decode()  # type: ignore[arg-type]
    ordinary = ical.render(clean, catalog, stamp).decode()  # type: ignore[arg-type]
    lines = hostile.splitlines()
    assert lines.count("BEGIN:VEVENT") == ordinary.splitlines().count("BEGIN:VEVENT")
    assert not any(line.startswith("SUMMARY:pwned") for line in lines)
    assert len(Calendar.from_ical(hostile).walk("VEVENT")) == ordinary.count("BEGIN:VEVENT")


def test_the_printable_plan_escapes_html_in_a_name() -> None:
    from runstrong.adapters.exports import pdf

    plan, catalog = _hostile_plan("<script>alert(1)</script><b>Sam</b>")
    page = pdf.html(plan, catalog)  # type: ignore[arg-type]
    assert "<script>" not in page and "<b>Sam" not in page
    assert "&lt;script&gt;" in page


def test_titles_and_sport_names_from_imported_files_lose_escapes_and_line_breaks() -> None:
    from runstrong.domain.running import Activity, CalendarEntry, Sport

    entry = CalendarEntry(dt.date(2026, 11, 2), "Easy run\n\x1b[2J# 10 km\u202e")
    assert entry.title == "Easy run # 10 km"
    activity = Activity(dt.datetime(2026, 11, 2, 7, tzinfo=dt.UTC), Sport.OTHER, 5, 1800,
                        sport_name="yoga\x1b]0;owned\x07\nfun")  # fmt: skip
    assert activity.sport_name == "yoga fun"
    assert "\x1b" not in activity.label() and "\n" not in activity.label()


def test_a_calendar_title_reaches_the_notes_of_an_import_as_plain_text(tmp_path: Path) -> None:
    from runstrong.adapters.imports.calendar import read_calendar

    ics = tmp_path / "runs.ics"
    ics.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:t\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        b"DTSTART;VALUE=DATE:20261102\r\nSUMMARY:Swim\\n\x1b[31mBEGIN:VEVENT\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (entry,) = read_calendar(ics, dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    assert entry.title == "Swim BEGIN:VEVENT"
