"""`runstrong export ics|fit|pdf` without `--profile`: the stored runner's plan, coached by
the log, so the calendar, the watch, the paper and `runstrong today` agree."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import orjson
import pytest

from runstrong.adapters.db import connect
from runstrong.adapters.exports import pdf
from runstrong.domain.generator import generate_plan
from runstrong.domain.training_log import SessionLog
from runstrong.library import load_catalog
from runstrong.services import exporting, training
from runstrong.services.planning import example_profile, plan_json, validate_profile
from tests.e2e.process import EXAMPLES, run_runstrong
from tests.integration.test_exports import decode

pytestmark = pytest.mark.integration

CATALOG = load_catalog()
TODAY = dt.datetime.now().astimezone().date()  # the local day the commands use
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
NOW = dt.datetime.now(dt.UTC)


def runstrong(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, env={"RUNSTRONG_DATABASE_URL": url})


def profile_file(folder: Path) -> Path:
    """The bundled gym runner, started two weeks ago so that today is inside the plan."""
    data = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
    data.pop("assessment")
    path = folder / "priya.json"
    path.write_text(json.dumps(data))
    return path


def coached_items(session: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        i
        for b in session["blocks"]
        if b["kind"] in ("power", "strength", "accessory", "core")
        for i in b["items"]
    ]


def dose(item: dict[str, Any]) -> tuple[Any, ...]:
    return (item["exercise"], item["sets"], item["reps"], item["seconds"], item.get("load_kg"))


def the_next_session(url: str) -> dict[str, Any]:
    due = json.loads(runstrong(url, "today", "-f", "json").stdout)
    if due["session"] is not None:
        return dict(due["session"])
    day = due["next"]
    later = json.loads(runstrong(url, "today", "--date", day, "-f", "json").stdout)
    return dict(later["session"])


@pytest.fixture
def coached(tmp_path: Path) -> tuple[str, dict[str, Any]]:
    """A stored runner whose last session went badly (reps missed, an effort of 10, pain):
    the database, and the next session as `runstrong today` prescribes it now."""
    url = f"sqlite:///{tmp_path / 'runstrong.db'}"
    assert runstrong(url, "init", "--profile", str(profile_file(tmp_path))).returncode == 0
    planned = the_next_session(url)
    day = dt.date.fromisoformat(planned["date"])
    assert day - TODAY < dt.timedelta(days=7)  # two or more sessions a week
    items = []
    for item in coached_items(planned)[:3]:
        amount = {"reps": max(1, (item["reps"] or 0) - 3)} if item["reps"] else {"seconds": 5}
        done = {**amount, "load_kg": 20.0, "rpe": 10, "pain": 5}
        items.append({"exercise": item["exercise"], "sets": [done] * item["sets"]})
    entry = {"id": "hard-day", "date": (TODAY - dt.timedelta(days=1)).isoformat(), "items": items}
    (tmp_path / "done.json").write_text(json.dumps(entry))
    assert runstrong(url, "log", "--file", str(tmp_path / "done.json")).returncode == 0
    due = json.loads(runstrong(url, "today", "--date", planned["date"], "-f", "json").stdout)
    session = due["session"]
    assert [dose(i) for i in coached_items(session)] != [dose(i) for i in coached_items(planned)]
    return url, session


def test_the_calendar_gives_the_next_session_as_today_prescribes_it(
    coached: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, session = coached
    done = runstrong(url, "export", "ics", "--out", str(tmp_path / "plan.ics"))
    assert done.returncode == 0, done.stderr
    events = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")
    (event,) = [e for e in events if e["dtstart"].dt.isoformat() == session["date"]]
    lines = str(event["description"]).splitlines()
    for item in coached_items(session):
        named = re.compile(rf"^- (?:[A-Z]\d )?{re.escape(item['name'])}: ")  # "A1 " in a pair
        (line,) = [line for line in lines if named.match(line)]
        amount = f"{item['reps']} reps" if item["reps"] is not None else f"{item['seconds']} s"
        assert f": {item['sets']} x {amount}" in line
        if item.get("load_kg"):
            assert f"{item['load_kg']:g} kg" in line


def test_the_watch_gives_the_next_session_as_today_prescribes_it(
    coached: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, session = coached
    done = runstrong(url, "export", "fit", "--out", str(tmp_path / "garmin"))
    assert done.returncode == 0, done.stderr
    (path,) = (tmp_path / "garmin").glob(f"{session['date']}-*.fit")
    messages = decode(path.read_bytes())
    steps = messages["workout_step_mesgs"]
    for item in coached_items(session):
        index, step = next(
            (n, s)
            for n, s in enumerate(steps)
            if str(s.get("wkt_step_name", "")).startswith(item["name"])
        )
        if item["reps"] is not None:
            assert step["duration_reps"] == item["reps"]
        else:
            assert step["duration_time"] == item["seconds"]
        if item.get("load_kg"):
            assert step["exercise_weight"] == pytest.approx(item["load_kg"])
        repeats = [
            s
            for s in steps[index:]
            if s.get("duration_type") == "repeat_until_steps_cmplt"
            and s.get("duration_step") == index
        ]
        assert [r["repeat_steps"] for r in repeats] == ([item["sets"]] if item["sets"] > 1 else [])


def test_the_printed_plan_gives_the_next_session_as_today_prescribes_it(
    coached: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, session = coached
    plan = exporting.stored_plan(connect(url), TODAY, CATALOG)
    (printed,) = [s for s in plan.sessions() if s.date.isoformat() == session["date"]]
    by_name = {i.name: i for i in printed.items()}
    for item in coached_items(session):
        shown = by_name[item["name"]]
        assert (shown.exercise, shown.sets, shown.reps, shown.seconds) == dose(item)[:4]
        assert shown.load.get("load_kg") == item.get("load_kg")
    page = pdf.html(plan, CATALOG)
    for item in coached_items(session):
        if item.get("load_kg"):
            assert f"{item['load_kg']:g} kg" in page
    done = runstrong(url, "export", "pdf", "--out", str(tmp_path / "plan.pdf"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("kind", ["ics", "fit", "pdf"])
def test_exporting_before_there_is_a_runner_says_what_to_do(tmp_path: Path, kind: str) -> None:
    url = f"sqlite:///{tmp_path / 'runstrong.db'}"
    done = runstrong(url, "export", kind, "--out", str(tmp_path / f"out.{kind}"))
    assert done.returncode == 2
    assert "no runner yet: run `runstrong init" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / f"out.{kind}").exists()


def test_with_a_profile_the_export_is_the_profiles_plan_as_before(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"  # no runner stored: the profile is enough
    done = runstrong(
        url, "export", "fit", "--profile", str(profile_file(tmp_path)), "--out", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("*.fit"))) > 20


# -- the rules over the stored plan -------------------------------------------------------------


def test_a_stored_plan_document_reads_back_into_the_same_plan() -> None:
    for name in ("achilles-10k", "intermediate-marathon-gym", "advanced-ultra-trail"):
        plan = generate_plan(example_profile(name), CATALOG)
        document = orjson.loads(plan_json(plan))
        assert plan_json(exporting.plan_from_document(document)) == plan_json(plan)


def test_after_a_break_only_the_coming_week_steps_back(database_url: str) -> None:
    data = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
    start = MONDAY - dt.timedelta(weeks=5)
    data.update(start_date=start.isoformat())
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
    data.pop("assessment")
    training.init_runner(connect(database_url), validate_profile(data), CATALOG, start, NOW)
    first = training.today(connect(database_url), start, CATALOG)
    day = start if first["session"] is not None else dt.date.fromisoformat(first["next"])
    lift = coached_items(training.today(connect(database_url), day, CATALOG)["session"])[0]
    log = SessionLog.model_validate(
        {
            "id": "long-ago",
            "date": day.isoformat(),
            "items": [{"exercise": lift["exercise"], "sets": [{"reps": 8, "rpe": 7}]}],
        }
    )
    training.log_session(connect(database_url), log, NOW)  # then three weeks and more away
    plan = exporting.stored_plan(connect(database_url), TODAY, CATALOG)
    steps = {
        s.date: any("weeks away" in i.why for i in s.items())
        for s in plan.sessions()
        if s.date >= TODAY
    }
    soon = [d for d in steps if d < TODAY + dt.timedelta(days=7)]
    later = [d for d in steps if d >= TODAY + dt.timedelta(days=7)]
    assert soon and later
    assert all(steps[d] for d in soon)
    assert not any(steps[d] for d in later)
    for d in soon:  # and the coming week is what `today` says for each of its days
        due = training.today(connect(database_url), d, CATALOG)["session"]
        (shown,) = [s for s in plan.sessions() if s.date == d]
        assert [(i.exercise, i.sets, i.reps, i.seconds) for i in shown.items()] == [
            (i["exercise"], i["sets"], i["reps"], i["seconds"])
            for b in due["blocks"]
            for i in b["items"]
        ]


def test_after_a_re_plan_each_day_has_the_session_of_the_plan_in_force_on_it(
    database_url: str, tmp_path: Path
) -> None:
    data = json.loads(profile_file(tmp_path).read_text())
    start = dt.date.fromisoformat(data["start_date"])
    training.init_runner(connect(database_url), validate_profile(data), CATALOG, start, NOW)
    week = {**data["running"]["week"], "mon": "quality", "tue": "easy", "wed": "quality"}
    moved = {**data["running"], "week": {**week, "thu": "easy"}}
    changed = validate_profile({**data, "running": moved})
    training.init_runner(connect(database_url), changed, CATALOG, TODAY, NOW)
    before, after = generate_plan(validate_profile(data), CATALOG), generate_plan(changed, CATALOG)
    plan = exporting.stored_plan(connect(database_url), TODAY, CATALOG)
    dates = [s.date for s in plan.sessions()]
    assert dates == sorted(
        [s.date for s in before.sessions() if s.date < TODAY]
        + [s.date for s in after.sessions() if s.date >= TODAY]
    )
    assert dates != [s.date for s in after.sessions()]  # the re-plan moved some sessions
    assert [w.running for w in plan.weeks] == [w.running for w in after.weeks]
