"""`runstrong plan`, `demo` and `profile check` as real processes, as a runner or a program uses them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.process import EXAMPLES, run_runstrong

pytestmark = pytest.mark.e2e


def runstrong(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, stdin=stdin, cwd=cwd)


def plan_json(profile: Path) -> dict:
    done = runstrong("plan", "--profile", str(profile), "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_plan_document_follows_the_contract() -> None:
    plan = plan_json(EXAMPLES / "novice-5k-home.json")
    assert plan["schema"] == "runstrong.plan/1"
    assert list(plan) == [
        "schema",
        "profile",
        "equipment_available",
        "phases",
        "weeks",
        "warnings",
        "adaptations",
    ]
    assert plan["equipment_available"] == [
        "floor",
        "wall",
        "mat",
        "chair",
        "step",
        "towel",
        "rucksack",
    ]
    profile = plan["profile"]
    assert profile["availability"] == {"sessions_per_week": 2, "minutes_per_session": 20}
    assert profile["goal"] == {"event": "5k", "date": "2027-03-20", "priority": "A"}
    assert profile["units"] == "metric" and profile["injuries"] == []  # defaults echoed back
    week = plan["weeks"][0]
    assert list(week)[:6] == ["index", "start", "phase", "deload", "running", "sessions"]
    assert week["running"]["tue"] == "easy" and week["running"]["mon"] == "rest"
    session = week["sessions"][0]
    assert {"date", "minutes", "level", "blocks"} <= session.keys()
    item = session["blocks"][0]["items"][0]
    contract = ["exercise", "name", "sets", "reps", "seconds", "per_side", "extra_sets", "contacts",
                "load", "rest_seconds", "tempo", "equipment", "level", "unilateral", "why"]  # fmt: skip
    assert list(item)[: len(contract)] == contract
    assert item["extra_sets"] == {"left": 0, "right": 0}
    assert len(item["load"]) == 1


def test_miles_are_stored_as_km_and_echoed_with_the_units() -> None:
    plan = plan_json(EXAMPLES / "advanced-ultra-trail.json")
    assert plan["profile"]["running"]["weekly_km"] == pytest.approx(70 * 1.609344, abs=0.1)
    assert plan["profile"]["units"] == "imperial"


def test_the_same_profile_gives_byte_identical_json() -> None:
    args = (
        "plan",
        "--profile",
        str(EXAMPLES / "intermediate-marathon-gym.json"),
        "--format",
        "json",
    )
    assert runstrong(*args).stdout == runstrong(*args).stdout
    # the fast path and the full command line agree byte for byte
    assert runstrong(*args).stdout == runstrong("plan", "--format=json", "-p", args[2]).stdout
    assert runstrong(*args).stdout == runstrong(*args[:3], "--format", "json", "--cues").stdout


def test_toml_and_yaml_profiles_give_the_same_plan(tmp_path: Path) -> None:
    profile = json.loads((EXAMPLES / "achilles-10k.json").read_text())
    toml = tmp_path / "runner.toml"
    toml.write_text(
        'name = "Lee"\nstart_date = 2027-01-04\nexperience = "intermediate"\nequipment = ["home"]\n'
        '[running]\nweekly_km = 35\n[running.week]\ntue = "quality"\nthu = "easy"\nsat = "easy"\nsun = "long"\n'
        '[goal]\nevent = "10k"\ndate = 2027-04-11\npriority = "B"\n'
        "[availability]\nsessions_per_week = 2\nminutes_per_session = 25\n"
        '[[injuries]]\narea = "achilles"\nside = "right"\nstatus = "current"\n'
    )
    yaml_file = tmp_path / "runner.yaml"
    yaml_file.write_text(json.dumps(profile))  # JSON is YAML
    from_json = plan_json(EXAMPLES / "achilles-10k.json")
    assert plan_json(toml) == from_json
    assert plan_json(yaml_file) == from_json


def test_the_readable_plan_shows_phases_sessions_and_why() -> None:
    done = runstrong("plan", "--profile", str(EXAMPLES / "novice-5k-home.json"))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Strength plan for Sam" in out and "Phases" in out
    assert "Week 1" in out and "base" in out and "taper" in out
    assert "Calves" in out or "One leg at a time" in out  # the why column
    assert "not a medical device" in out


def test_one_week_with_cues() -> None:
    done = runstrong(
        "plan", "--profile", str(EXAMPLES / "novice-5k-home.json"), "--week", "2", "--cues"
    )
    assert done.returncode == 0, done.stderr
    assert "Week 2" in done.stdout and "Week 3" not in done.stdout
    assert "•" in done.stdout  # cues are bullet points


def test_markdown_is_shareable_text() -> None:
    done = runstrong(
        "plan",
        "--profile",
        str(EXAMPLES / "maintenance-no-race.json"),
        "--format",
        "markdown",
        "--cues",
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("# Strength plan for Alex")
    assert "## Week 12" in text and "## Week 13" not in text  # a 12-week rolling plan
    assert "rolling" in text.lower()
    assert "\x1b[" not in text  # no terminal colour codes


def test_demo_plans_for_a_bundled_runner() -> None:
    done = runstrong("demo", "--runner", "novice-5k-home", "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["profile"]["name"] == "Sam"
    wrong = runstrong("demo", "--runner", "nobody")
    assert wrong.returncode == 2 and "novice-5k-home" in wrong.stderr


@pytest.mark.parametrize(
    ("profile", "field", "problem"),
    [
        ({"experience": "novice", "running": {"week": {}}}, "start_date", "required"),
        ({"start_date": "2027-01-04", "experience": "expert", "running": {"week": {}}}, "experience", "'expert'"),
        ({"start_date": "2027-01-04", "experience": "novice", "running": {"week": {"mon": "hard"}}}, "running.week.mon", "'hard'"),
        ({"start_date": "2027-01-04", "experience": "novice", "running": {"week": {}},
          "goal": {"event": "marathon", "date": "2026-01-01"}}, "goal.date", "after start_date"),
        ({"start_date": "2027-01-04", "experience": "novice", "running": {"week": {}},
          "goal": {"event": "marathon", "date": "2029-01-01"}}, "goal.date", "more than a year"),
        ({"start_date": "2027-01-04", "experience": "novice", "running": {"week": {}},
          "availability": {"sessions_per_week": 5}}, "availability.sessions_per_week", "must be 3 or less (got 5)"),
        ({"start_date": "2027-01-04", "experience": "novice", "running": {"week": {}}, "equipment": ["trampoline"]},
         "equipment", "trampoline"),
        ({"start_date": "2027-01-04", "experience": "novice", "running": {"week": {}}, "shoe": "big"}, "shoe", "unknown field"),
    ],
)  # fmt: skip
def test_an_invalid_profile_names_the_field_and_exits_2(
    tmp_path: Path, profile: dict, field: str, problem: str
) -> None:
    path = tmp_path / "runner.json"
    path.write_text(json.dumps(profile))
    for args in (
        ("plan", "--profile", str(path), "--format", "json"),
        ("profile", "check", str(path)),
    ):
        done = runstrong(*args)
        assert done.returncode == 2, done.stderr
        assert field in done.stderr and problem in done.stderr
        assert "Traceback" not in done.stderr and done.stdout == ""


def test_broken_files_are_explained(tmp_path: Path) -> None:
    broken = tmp_path / "runner.json"
    broken.write_text('{"start_date": ')
    done = runstrong("plan", "--profile", str(broken))
    assert done.returncode == 2 and "not valid JSON" in done.stderr and "line 1" in done.stderr
    done = runstrong("plan", "--profile", str(tmp_path / "missing.json"))
    assert done.returncode == 2 and "no such file" in done.stderr
    done = runstrong("plan", "--profile", str(EXAMPLES / "novice-5k-home.json"), "--week", "99")
    assert done.returncode == 2 and "--week" in done.stderr


def test_profile_check_shows_what_was_understood() -> None:
    done = runstrong("profile", "check", str(EXAMPLES / "advanced-ultra-trail.json"))
    assert done.returncode == 0
    assert "70 miles a week" in done.stdout and "ultra on 2027-08-28" in done.stdout
    as_json = json.loads(
        runstrong(
            "profile", "check", str(EXAMPLES / "advanced-ultra-trail.json"), "-f", "json"
        ).stdout
    )
    assert as_json["availability"] == {"sessions_per_week": 2, "minutes_per_session": 40}


def test_without_a_profile_it_asks_and_saves_the_answers(tmp_path: Path) -> None:
    today = dt.datetime.now().astimezone().date()  # the same local day the command uses
    race = today + dt.timedelta(weeks=20)
    answers = [
        "Robin",  # name
        "intermediate",  # experience
        "4",  # run days a week
        "mon,wed,sun",  # three, not four: asked again
        "mon,wed,fri,sun",  # run days
        "sun",  # long run
        "thu",  # not a run day: asked again
        "wed",  # hard days
        "25 mi",  # weekly distance
        "half marathon",  # goal, as people say it
        (today + dt.timedelta(days=800)).isoformat(),  # too far ahead: asked again
        race.isoformat(),
        "3 sessions",  # sessions
        "abc",  # minutes: not a number, asked again
        "1:45",  # more than 90: asked again
        "30 min",
        "gym",  # equipment
        "knee, shin splints",  # injuries
        "left",  # knee: side
        "recovering",  # knee: status
        "",  # shin: both sides
        "",  # shin: current
    ]
    done = runstrong("plan", "--format", "json", stdin="\n".join(answers) + "\n", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    asked_again = done.stdout + done.stderr
    assert "within a year" in asked_again and "Give the minutes" in asked_again
    assert "name 4 days (you named 3" in asked_again
    assert "thu is not one of your run days" in asked_again
    assert "Give from 15 to 90 minutes; '1:45' is 105" in asked_again
    profile = json.loads((tmp_path / "runstrong-profile.json").read_text())
    assert profile["name"] == "Robin" and profile["experience"] == "intermediate"
    assert profile["running"]["week"] == {"mon": "easy", "tue": "rest", "wed": "quality", "thu": "rest",
                                          "fri": "easy", "sat": "rest", "sun": "long"}  # fmt: skip
    assert profile["units"] == "imperial"
    assert profile["running"]["weekly_km"] == pytest.approx(25 * 1.609344, abs=0.1)
    assert profile["goal"] == {"event": "half_marathon", "date": race.isoformat(), "priority": "A"}
    assert profile["availability"] == {"sessions_per_week": 3, "minutes_per_session": 30}
    assert profile["injuries"] == [
        {"area": "knee", "side": "left", "status": "recovering"},
        {"area": "shin", "side": "both", "status": "current"},
    ]
    start = dt.date.fromisoformat(profile["start_date"])
    assert start.weekday() == 0 and 0 < (start - today).days <= 7  # the coming Monday
    saved_plan = runstrong(
        "plan", "--profile", str(tmp_path / "runstrong-profile.json"), "--format", "json"
    )
    assert json.loads(saved_plan.stdout)["profile"] == profile


def test_the_interview_never_replaces_a_profile_unasked(tmp_path: Path) -> None:
    saved = tmp_path / "runstrong-profile.json"
    saved.write_text((EXAMPLES / "novice-5k-home.json").read_text())
    before = saved.read_bytes()
    done = runstrong("plan", stdin="Robin\n" * 30, cwd=tmp_path)
    assert done.returncode == 2 and "--force" in done.stderr and "--save" in done.stderr
    assert "Your name" not in done.stdout  # refused before the first question
    assert saved.read_bytes() == before


def test_ended_input_is_a_clear_error(tmp_path: Path) -> None:
    done = runstrong("plan", stdin="Robin\n", cwd=tmp_path)
    assert done.returncode == 2
    assert "--profile" in done.stderr and "Traceback" not in done.stderr


def test_assess_walks_through_the_tests_and_records_them(tmp_path: Path) -> None:
    profile = tmp_path / "sam.json"
    profile.write_text((EXAMPLES / "novice-5k-home.json").read_text())
    answers = [
        "18", "27",  # calf raises
        "", "",  # bridge skipped
        "lots", "40", "60",  # side plank: a wrong answer is asked again
        "8", "10", "poor", "good",  # single-leg squat and its quality
        "y", "120", "140",  # the optional hop test
    ]  # fmt: skip
    done = runstrong(
        "assess", "--profile", str(profile), stdin="\n".join(answers) + "\n", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    assert "not a medical device" in out and "Give a number of seconds" in out
    assert "Single-leg calf raises: left 18 reps, right 27 reps" in out and "Retest around" in out
    saved = json.loads(profile.read_text())
    assert (
        saved["name"] == "Sam" and "weeks" not in saved
    )  # the rest of the file is left as written
    assessment = saved["assessment"]
    assert assessment["single_leg_calf_raise_reps"] == {"left": 18, "right": 27}
    assert "single_leg_bridge_reps" not in assessment
    assert assessment["single_leg_squat_quality"] == {"left": "poor", "right": "good"}
    assert assessment["single_leg_hop_cm"] == {"left": 120, "right": 140}
    plan = plan_json(profile)
    assert any(a["text"].startswith("Single-leg calf raises") for a in plan["adaptations"])
    extra = [
        i["extra_sets"]
        for wk in plan["weeks"]
        for s in wk["sessions"]
        for b in s["blocks"]
        for i in b["items"]
    ]
    assert {"left": 2, "right": 0} in extra


def test_assess_puts_a_toml_profile_s_results_in_a_json_copy(tmp_path: Path) -> None:
    profile = tmp_path / "runner.toml"
    text = 'start_date = 2027-01-04\nexperience = "novice"\n[running.week]\ntue = "easy"\n'
    profile.write_text(text)
    done = runstrong("assess", "--profile", str(profile), stdin="20\n21\n" + "\n" * 12,
                     cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "runner.json" in done.stdout and "does not rewrite" in done.stdout
    assert profile.read_text() == text  # the TOML file stays as written
    copy = json.loads((tmp_path / "runner.json").read_text())
    assert copy["experience"] == "novice" and copy["start_date"] == "2027-01-04"
    assert copy["assessment"]["single_leg_calf_raise_reps"] == {"left": 20, "right": 21}
    again = runstrong("assess", "--profile", str(profile), stdin="\n" * 14, cwd=tmp_path)
    assert again.returncode == 2 and "--save" in again.stderr  # the copy is not replaced unasked
    assert "Left side" not in again.stdout  # refused before the tests
    done = runstrong("assess", "--profile", str(profile), "--save", str(tmp_path / "runner.yaml"),
                     stdin="20\n21\n" + "\n" * 12, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "single_leg_calf_raise_reps" in (tmp_path / "runner.yaml").read_text()
    wrong = runstrong("assess", "--profile", str(profile), "--save", str(tmp_path / "x.toml"),
                      stdin="", cwd=tmp_path)  # fmt: skip
    assert wrong.returncode == 2 and "--save" in wrong.stderr and "Left side" not in wrong.stdout


def test_exports_to_calendar_watch_and_paper(tmp_path: Path) -> None:
    profile = str(EXAMPLES / "novice-5k-home.json")
    sessions = sum(len(w["sessions"]) for w in plan_json(EXAMPLES / "novice-5k-home.json")["weeks"])
    done = runstrong(
        "export",
        "ics",
        "--profile",
        profile,
        "--out",
        str(tmp_path / "plan.ics"),
        "--time",
        "07:15",
        "--tz",
        "Europe/London",
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "plan.ics").read_text()
    # one event per session, and the race day as its own all-day event
    assert text.count("BEGIN:VEVENT") == sessions + 1 and "TZID=Europe/London" in text
    assert text.count("CATEGORIES:Race") == 1
    done = runstrong("export", "fit", "--profile", profile, "--out", str(tmp_path / "watch"))
    assert done.returncode == 0, done.stderr
    files = sorted((tmp_path / "watch").glob("*.fit"))
    assert len(files) == sessions and files[0].read_bytes()[8:12] == b".FIT"
    done = runstrong("export", "pdf", "--profile", profile, "--out", str(tmp_path / "plan.pdf"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "field"),
    [(["--time", "25:99"], "--time"), (["--time", "07:00", "--tz", "Mars/Base"], "--tz")],
)
def test_a_bad_export_option_names_itself(tmp_path: Path, args: list[str], field: str) -> None:
    out = tmp_path / "plan.ics"
    done = runstrong(
        "export",
        "ics",
        "--profile",
        str(EXAMPLES / "novice-5k-home.json"),
        "--out",
        str(out),
        *args,
    )
    assert done.returncode == 2 and field in done.stderr and not out.exists()


SEASON = {
    "name": "Kim",
    "start_date": "2027-01-04",
    "experience": "intermediate",
    "age": 41,
    "running": {"weekly_km": 50, "week": {"tue": "quality", "thu": "easy", "sun": "long"}},
    "races": [
        {"event": "half_marathon", "date": "2027-03-14", "priority": "B"},
        {"event": "marathon", "date": "2027-04-25"},
        {"event": "10k", "date": "2027-02-13", "priority": "C"},
        {"event": "5k", "date": "2027-06-05", "priority": "C"},
    ],
}


def test_profile_check_explains_each_race_of_a_season(tmp_path: Path) -> None:
    path = tmp_path / "season.json"
    path.write_text(json.dumps(SEASON))
    done = runstrong("profile", "check", str(path))
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.replace("│", " ").split())  # the panel wraps long lines
    assert "How your plan treats each race" in out and "41 years" in out
    assert "Marathon on 2027-04-25 (A race): full taper from" in out
    assert "Half marathon on 2027-03-14 (B race): short taper" in out
    assert "10k on 2027-02-13 (C race): trained through" in out
    assert "5k on 2027-06-05 (C race): after the end of this plan" in out
    as_json = json.loads(runstrong("profile", "check", str(path), "-f", "json").stdout)
    assert [r["priority"] for r in as_json["races"]] == ["B", "A", "C", "C"]  # defaults filled
    assert as_json["goal"] == {"event": "marathon", "date": "2027-04-25", "priority": "A"}
    assert as_json["age"] == 41


def test_a_season_plan_shows_race_days_and_says_what_it_left_out(tmp_path: Path) -> None:
    path = tmp_path / "season.json"
    path.write_text(json.dumps(SEASON))
    plan = plan_json(path)
    assert plan["profile"]["races"][1] == {
        "event": "marathon",
        "date": "2027-04-25",
        "priority": "A",
    }
    race_days = {
        (dt.date.fromisoformat(w["start"]) + dt.timedelta(days=i)).isoformat()
        for w in plan["weeks"]
        for i, kind in enumerate(w["running"].values())
        if kind == "race"
    }
    assert race_days == {"2027-02-13", "2027-03-14", "2027-04-25"}
    assert plan["weeks"][-1]["phase"] == "recovery"
    assert any("2027-06-05" in w and "left out" in w for w in plan["warnings"])


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"races": [{"event": "10k", "date": "2026-12-01"}]}, "races.0.date", "after start_date"),
        ({"races": [{"event": "10k", "date": "2027-03-01"}, {"event": "5k", "date": "2027-03-01"}]},
         "races.1.date", "same day"),
        ({"races": [{"event": "none", "date": "2027-03-01"}]}, "races.0.event", "needs an event"),
        ({"races": [{"event": "10k", "date": "2027-03-01", "priority": "D"}]}, "races.0.priority", "'D'"),
        ({"races": [{"event": "10k", "date": "2027-03-01"}], "goal": {"event": "5k", "date": "2027-03-01"}},
         "goal", "leave goal out"),
        ({"age": 7}, "age", "from 12 to 100"),
    ],
)  # fmt: skip
def test_an_invalid_season_names_the_field_and_exits_2(
    tmp_path: Path, change: dict, field: str, problem: str
) -> None:
    path = tmp_path / "runner.json"
    profile = {"start_date": "2027-01-04", "experience": "novice", "running": {"week": {}}}
    path.write_text(json.dumps({**profile, **change}))
    done = runstrong("profile", "check", str(path))
    assert done.returncode == 2, done.stderr
    assert f"{field}: " in done.stderr and problem in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
