"""The training log from the command line: init, today, log, history, export and import."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from tests.e2e.process import EXAMPLES, run_runstrong

pytestmark = pytest.mark.e2e

TODAY = dt.datetime.now().astimezone().date()  # the same local day the commands use
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def runstrong(
    database: str, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, stdin=stdin, env={"RUNSTRONG_DATABASE_URL": database})


@pytest.fixture
def database(database_url: str) -> str:
    """A new SQLite file or PostgreSQL database for each test (see tests/conftest.py)."""
    return database_url


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """The bundled novice, started two weeks ago so that today falls inside the plan."""
    data = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=10, days=5)).isoformat()
    path = tmp_path / "sam.json"
    path.write_text(json.dumps(data))
    return path


def a_log(log_id: str, day: dt.date, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": log_id,
        "date": day.isoformat(),
        "items": [{"exercise": "bodyweight-squat", "sets": [{"reps": 10, "seconds": None, "load_kg": None,
                                                              "rpe": 6, "pain": 0, "side": None}] * 2}],
        "note": "felt good",
    }  # fmt: skip
    data.update(changes)
    return data


def test_init_today_log_history_and_the_today_contract(
    database: str, profile: Path, tmp_path: Path
) -> None:
    done = runstrong(database, "init", "--profile", str(profile))
    assert done.returncode == 0, done.stderr
    assert "Stored Sam's profile" in done.stdout
    first = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)  # the plan's first Tuesday
    due = json.loads(
        runstrong(database, "today", "--date", first.isoformat(), "--format", "json").stdout
    )
    assert list(due) == ["session", "next"]
    assert due["session"]["date"] == first.isoformat() and due["next"] > first.isoformat()
    assert (
        json.loads(runstrong(database, "today", "--date", "2000-01-01", "-f", "json").stdout)[
            "session"
        ]
        is None
    )
    readable = runstrong(database, "today", "--date", first.isoformat())
    assert "Body-weight squat" in readable.stdout and "•" in readable.stdout  # with cues
    path = tmp_path / "done.json"
    path.write_text(json.dumps(a_log("first", first)))
    logged = runstrong(database, "log", "--file", str(path))
    assert logged.returncode == 0 and "Recorded session first" in logged.stdout
    again = runstrong(database, "log", "--file", str(path))
    assert again.returncode == 0 and "already logged" in again.stdout
    history = json.loads(runstrong(database, "history", "--format", "json").stdout)
    assert [h["id"] for h in history] == ["first"]
    assert "bodyweight-squat" in runstrong(database, "history").stdout
    assert "Adherence" in runstrong(database, "progress").stdout
    assert "Week from" in runstrong(database, "week", "--date", first.isoformat()).stdout


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            {"items": [{"exercise": "moon-squat", "sets": [{"reps": 5}]}]},
            ["items.0.exercise", "moon-squat"],
        ),
        ({"items": [{"exercise": "plank", "sets": [{"seconds": -5}]}]}, ["items.0.sets.0.seconds"]),
        ({"items": [{"exercise": "plank", "sets": [{"seconds": 30, "pain": 12}]}]}, ["pain", "10"]),
        ({"date": (TODAY + dt.timedelta(days=40)).isoformat()}, ["date", "future"]),
    ],
)
def test_a_bad_log_exits_2_names_the_field_and_stores_nothing(
    database: str, profile: Path, tmp_path: Path, change: dict[str, object], words: list[str]
) -> None:
    runstrong(database, "init", "--profile", str(profile))
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(a_log("bad", TODAY, **change)))
    done = runstrong(database, "log", "--file", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    assert json.loads(runstrong(database, "history", "-f", "json").stdout) == []


def test_logging_set_by_set_takes_the_plan_as_defaults(database: str, profile: Path) -> None:
    runstrong(database, "init", "--profile", str(profile))
    first = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)
    due = json.loads(
        runstrong(database, "today", "--date", first.isoformat(), "-f", "json").stdout
    )["session"]
    worked = [i for b in due["blocks"] if b["kind"] != "warmup" for i in b["items"]]
    answers = "\n" * (len(worked) + 1)  # Enter everywhere: each exercise as planned, no note
    done = runstrong(database, "log", "--date", first.isoformat(), stdin=answers)
    assert done.returncode == 0, done.stderr
    (logged,) = json.loads(runstrong(database, "history", "-f", "json").stdout)
    assert [i["exercise"] for i in logged["items"]] == [i["exercise"] for i in worked]
    squat = next(i for i in logged["items"] if i["exercise"] == worked[0]["exercise"])
    planned = worked[0]
    assert len(squat["sets"]) == planned["sets"]
    assert (
        squat["sets"][0]["reps"] == planned["reps"]
        and squat["sets"][0]["seconds"] == planned["seconds"]
    )


def test_backup_and_restore_from_the_command_line(
    database: str, profile: Path, tmp_path: Path
) -> None:
    runstrong(database, "init", "--profile", str(profile))
    path = tmp_path / "done.json"
    path.write_text(json.dumps(a_log("one", TODAY - dt.timedelta(days=1))))
    runstrong(database, "log", "--file", str(path))
    backup = tmp_path / "backup.json"
    assert runstrong(database, "export", "all", "--out", str(backup)).returncode == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    restored = runstrong(other, "import", "all", str(backup))
    assert restored.returncode == 0 and "Restored 1 sessions" in restored.stdout
    again = tmp_path / "again.json"
    runstrong(other, "export", "all", "--out", str(again))
    assert again.read_bytes() == backup.read_bytes()
    refused = runstrong(other, "import", "all", str(backup))
    assert refused.returncode == 2 and "empty database" in refused.stderr
    broken = tmp_path / "broken.json"
    broken.write_text(backup.read_text()[:500])
    done = runstrong(f"sqlite:///{tmp_path / 'third.db'}", "import", "all", str(broken))
    assert done.returncode == 2 and "not valid JSON" in done.stderr


def test_an_unreachable_database_is_a_clear_error(profile: Path) -> None:
    done = runstrong("postgresql://nobody:secret@127.0.0.1:9/none", "today")
    assert done.returncode == 2
    assert "cannot use the database at postgresql" in done.stderr and "secret" not in done.stderr
    assert "Traceback" not in done.stderr
    bad = runstrong("mysql://x/y", "today")
    assert bad.returncode == 2 and "RUNSTRONG_DATABASE_URL" in bad.stderr


def test_today_before_init_says_what_to_do(database: str) -> None:
    done = runstrong(database, "today")
    assert done.returncode == 2 and "runstrong init" in done.stderr


def test_the_next_prescription_changes_as_the_rules_say(database: str, tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
    data.pop("assessment")
    (tmp_path / "priya.json").write_text(json.dumps(data))
    runstrong(database, "init", "--profile", str(tmp_path / "priya.json"))
    first = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)
    planned = json.loads(
        runstrong(database, "today", "--date", first.isoformat(), "-f", "json").stdout
    )["session"]
    lift = next(
        i
        for b in planned["blocks"]
        if b["kind"] == "strength"
        for i in b["items"]
        if i["load"].get("rpe")
    )
    top = max(lift["reps"] + 2, 12)
    for number, day in enumerate((first, first + dt.timedelta(days=7))):
        sets = [{"reps": top, "load_kg": 16.0, "rpe": 6, "pain": 0}] * lift["sets"]
        entry = {
            "id": f"good-{number}",
            "date": day.isoformat(),
            "items": [{"exercise": lift["exercise"], "sets": sets}],
        }
        (tmp_path / "done.json").write_text(json.dumps(entry))
        assert runstrong(database, "log", "--file", str(tmp_path / "done.json")).returncode == 0
    coached: list[dict[str, object]] = []
    day = (first + dt.timedelta(days=8)).isoformat()  # the day after the second good session
    for _ in range(12):  # walk forward through the coming sessions until the lift comes back
        found = json.loads(runstrong(database, "today", "--date", day, "-f", "json").stdout)
        session = found["session"]
        if session is not None:
            coached = [
                i
                for b in session["blocks"]
                for i in b["items"]
                if i["exercise"] == lift["exercise"]
            ]
            if coached:
                break
        day = found["next"]
    assert coached, "the lift should come back in a later session"
    assert coached[0]["load_kg"] > 16.0
    assert coached[0]["progression"]["action"] == "add_load"  # type: ignore[index]
    sore = {"id": "sore", "date": TODAY.isoformat(),
            "items": [{"exercise": lift["exercise"], "sets": [{"reps": 5, "load_kg": 16.0, "rpe": 9, "pain": 7}]}]}  # fmt: skip
    (tmp_path / "sore.json").write_text(json.dumps(sore))
    told = runstrong(database, "log", "--file", str(tmp_path / "sore.json"))
    assert told.returncode == 0 and "stop this exercise" in told.stdout


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def test_import_runs_prints_the_running_part_and_applies_it(database: str, profile: Path) -> None:
    calendar = str(FIXTURES / "ics" / "Office-2012-owa.ics")
    run = str(FIXTURES / "gpx" / "slither-running.gpx")
    # the file's run is from 26 October 2020: read it as of the next day
    done = runstrong(database, "import", "runs", run, "--format", "json", "--date", "2020-10-27")
    assert done.returncode == 0, done.stderr
    running = json.loads(done.stdout)
    assert list(running) == ["weekly_km", "week"] and running["weekly_km"] > 0
    assert list(running["week"]) == ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    runstrong(database, "init", "--profile", str(profile))
    skipped = runstrong(database, "import", "runs", calendar, "--apply", "--date", "2021-03-10")
    assert skipped.returncode == 2  # its events are meetings ("TEST"), not runs
    assert "16 events skipped: not running (TEST2 x16)" in " ".join(skipped.stderr.split())
    gpx = str(FIXTURES / "gpx" / "slither-running.gpx")
    applied = runstrong(database, "import", "runs", gpx, "--apply", "--yes", "--date", "2020-10-27")
    assert applied.returncode == 0, applied.stderr
    assert "version 2" in applied.stdout  # a new profile version, and a plan from today
    refused = runstrong(
        database, "import", "runs", str(FIXTURES / "tcx" / "pool_swim-activity_1.tcx")
    )
    assert refused.returncode == 2 and "pool_swim-activity_1.tcx" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_today_and_progress_say_when_an_injury_is_ready_to_move_on(
    database: str, tmp_path: Path
) -> None:
    data = json.loads((EXAMPLES / "achilles-10k.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=3)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=8, days=6)).isoformat()
    (tmp_path / "lee.json").write_text(json.dumps(data))
    assert runstrong(database, "init", "--profile", str(tmp_path / "lee.json")).returncode == 0
    assert "not ready to move to recovering yet" in runstrong(database, "progress").stdout
    for number, days_ago in enumerate((12, 9, 5, 1)):
        entry = {
            "id": f"calf-{number}",
            "date": (TODAY - dt.timedelta(days=days_ago)).isoformat(),
            "items": [
                {"exercise": "rucksack-calf-raise", "sets": [{"reps": 12, "pain": 2}] * 3},
                {"exercise": "single-leg-calf-raise",
                 "sets": [{"reps": 24, "side": "left"}, {"reps": 23, "side": "right"}]},
            ],
        }  # fmt: skip
        (tmp_path / "done.json").write_text(json.dumps(entry))
        assert runstrong(database, "log", "--file", str(tmp_path / "done.json")).returncode == 0
    words = "Your Achilles meets the criteria to move to recovering: update your profile"
    assert words in runstrong(database, "today").stdout.replace("\n", " ")
    assert words in runstrong(database, "progress").stdout.replace("\n", " ")
    due = json.loads(runstrong(database, "today", "-f", "json").stdout)
    assert list(due) == ["session", "next"]  # the contract's document is unchanged


def test_history_shows_the_newest_sessions_a_page_at_a_time(
    database: str, profile: Path, tmp_path: Path
) -> None:
    runstrong(database, "init", "--profile", str(profile))
    for number in range(5):
        path = tmp_path / f"s{number}.json"
        path.write_text(json.dumps(a_log(f"s{number}", TODAY - dt.timedelta(days=10 - number))))
        assert runstrong(database, "log", "--file", str(path)).returncode == 0
    first = runstrong(database, "history", "--limit", "2")
    assert first.returncode == 0, first.stderr
    assert "5 sessions logged; the newest 2 (page 1 of 3)" in first.stdout
    assert "runstrong history --page 2" in first.stdout
    dates = [(TODAY - dt.timedelta(days=10 - n)).isoformat() for n in range(5)]
    assert dates[4] in first.stdout and dates[3] in first.stdout and dates[2] not in first.stdout
    last = runstrong(database, "history", "-n", "2", "--page", "3")
    assert dates[0] in last.stdout and dates[1] not in last.stdout
    assert "--page 4" not in last.stdout
    # JSON keeps the whole list, oldest first, unless a page is asked for
    every = json.loads(runstrong(database, "history", "--format", "json").stdout)
    assert [h["id"] for h in every] == [f"s{n}" for n in range(5)]
    page = json.loads(runstrong(database, "history", "-f", "json", "-n", "2", "--page=2").stdout)
    assert [h["id"] for h in page] == ["s1", "s2"]
    assert "5 sessions logged" in runstrong(database, "history", "--all").stdout
    for wrong, field in (
        (["--page", "9"], "--page"),
        (["--limit", "0"], "--limit"),
        (["--all", "--page", "2"], "--all"),
    ):
        refused = runstrong(database, "history", *wrong)
        assert refused.returncode == 2 and field in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr


def test_the_log_commands_answer_alike_with_and_without_typer(
    database: str, profile: Path, tmp_path: Path
) -> None:
    """Their usual lines skip Typer; a line it does not read (an option given twice: Typer
    takes the last) goes through Typer, to the same answer."""
    runstrong(database, "init", "--profile", str(profile))
    path = tmp_path / "done.json"
    path.write_text(json.dumps(a_log("one", TODAY - dt.timedelta(days=1))))
    assert runstrong(database, "log", "--file", str(path)).returncode == 0
    day = TODAY.isoformat()
    for plain, through_typer in (
        (["today", "-d", day, "-f", "json"], ["today", "-d", day, "-f", "table", "-f", "json"]),
        (["today", "--date=" + day], ["today", "-d", "2000-01-01", "-d", day]),
        (["week", "--date", day], ["week", "-d", "2000-01-01", "--date", day]),
        (["history", "-n", "1"], ["history", "-n", "5", "-n", "1"]),
        (["progress"], ["progress", "--"]),
    ):
        fast, slow = runstrong(database, *plain), runstrong(database, *through_typer)
        assert fast.returncode == slow.returncode == 0, (fast.stderr, slow.stderr)
        assert fast.stdout == slow.stdout and fast.stdout
    assert "The session due today" in runstrong(database, "today", "--help").stdout
    assert "--limit" in runstrong(database, "history", "--help").stdout
    bad = runstrong(database, "today", "--date", "tomorrow")
    assert bad.returncode == 2 and "--date" in bad.stderr and "Traceback" not in bad.stderr
