"""Logging a session by answering questions: a line a set, sides, pain answered at once,
and nothing typed lost when the session cannot be stored."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.process import EXAMPLES, run_runstrong

pytestmark = pytest.mark.e2e

TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
FIRST = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)  # the plan's first Tuesday


def runstrong(
    database: str, *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, stdin=stdin, cwd=cwd, env={"RUNSTRONG_DATABASE_URL": database})


@pytest.fixture
def stored(tmp_path: Path) -> str:
    """A runner with dumbbells and a calf finding, started two weeks ago."""
    data = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
    (tmp_path / "priya.json").write_text(json.dumps(data))
    database = f"sqlite:///{tmp_path / 'runstrong.db'}"
    assert runstrong(database, "init", "--profile", str(tmp_path / "priya.json")).returncode == 0
    return database


def _due(database: str, day: dt.date) -> list[dict[str, Any]]:
    found = json.loads(runstrong(database, "today", "--date", day.isoformat(), "-f", "json").stdout)
    assert found["session"] is not None
    return [i for b in found["session"]["blocks"] if b["kind"] != "warmup" for i in b["items"]]


def _logged(database: str) -> dict[str, Any]:
    (logged,) = json.loads(runstrong(database, "history", "-f", "json").stdout)
    return logged  # type: ignore[no-any-return]


def test_a_line_a_set_with_the_last_answer_as_the_next_default(stored: str) -> None:
    worked = _due(stored, FIRST)
    lift = next(i for i in worked if i["load"].get("rpe") and not i["per_side"])
    answers = []
    for item in worked:
        if item is lift:
            answers += ["e", "8 40 7"] + [""] * (item["sets"] - 1)  # later sets: the same again
        else:
            answers.append("s")  # skipped
    done = runstrong(stored, "log", "--date", FIRST.isoformat(), stdin="\n".join(answers) + "\n\n")
    assert done.returncode == 0, done.stderr
    (item,) = _logged(stored)["items"]
    assert item["exercise"] == lift["exercise"]
    assert [(s["reps"], s["load_kg"], s["rpe"], s["pain"]) for s in item["sets"]] == [
        (8, 40.0, 7.0, 0)
    ] * lift["sets"]


def test_one_sided_work_is_logged_per_side_with_the_weak_side_extras(stored: str) -> None:
    worked = _due(stored, FIRST)
    calf = next(i for i in worked if i["per_side"] and (i["extra_sets"]["left"] or 0) > 0)
    answers = ["" if item is calf else "s" for item in worked]
    done = runstrong(stored, "log", "--date", FIRST.isoformat(), stdin="\n".join(answers) + "\n\n")
    assert done.returncode == 0, done.stderr
    (item,) = _logged(stored)["items"]
    sides = [s["side"] for s in item["sets"]]
    assert sides.count("right") == calf["sets"]
    assert sides.count("left") == calf["sets"] + calf["extra_sets"]["left"]
    assert all(s["load_kg"] is None for s in item["sets"] if "wall" in calf["equipment"])


def test_pain_above_5_stops_the_exercise_at_once(stored: str) -> None:
    worked = _due(stored, FIRST)
    lift = next(i for i in worked if i["load"].get("rpe") and i["sets"] >= 2 and not i["per_side"])
    answers = []
    for item in worked:
        answers += ["e", "8 40 7 6"] if item is lift else ["s"]  # no more sets asked after it
    done = runstrong(stored, "log", "--date", FIRST.isoformat(), stdin="\n".join(answers) + "\n\n")
    assert done.returncode == 0, done.stderr
    assert "stop this exercise for today" in done.stderr
    (item,) = _logged(stored)["items"]
    assert len(item["sets"]) == 1 and item["sets"][0]["pain"] == 6


def test_a_bad_line_is_asked_again_and_unknown_exercises_too(stored: str) -> None:
    worked = _due(stored, FIRST)
    lift = next(i for i in worked if i["load"].get("rpe") and not i["per_side"])
    answers = []
    for item in worked:
        if item is lift:
            answers += ["e", "8 40 12", "eight", "8 40 7"] + [""] * (item["sets"] - 1)
        else:
            answers.append("s")
    done = runstrong(stored, "log", "--date", FIRST.isoformat(), stdin="\n".join(answers) + "\n\n")
    assert done.returncode == 0, done.stderr
    assert "RPE goes from 1 to 10" in done.stderr and "'eight' is not a number" in done.stderr
    rest_day = FIRST + dt.timedelta(days=1)
    free = "\n".join(["goblet-squatt", "goblet-squat", "2", "", ""]) + "\n\n"
    done = runstrong(stored, "log", "--date", rest_day.isoformat(), stdin=free)
    assert done.returncode == 0, done.stderr
    assert "did you mean: goblet-squat" in done.stderr


def test_a_future_date_is_refused_before_any_question(stored: str) -> None:
    later = TODAY + dt.timedelta(days=3)
    done = runstrong(stored, "log", "--date", later.isoformat(), stdin="")
    assert done.returncode == 2 and "--date" in done.stderr and "future" in done.stderr
    assert "Enter" not in done.stdout


def test_answers_are_kept_when_the_session_cannot_be_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from runstrong.domain.errors import InvalidInput
    from runstrong.entrypoints.cli import _keep_answers_if_refused

    monkeypatch.chdir(tmp_path)
    typed = {"id": "4f1c2b9a-answers", "date": "2026-11-24", "items": [{"exercise": "plank"}]}

    def refused() -> Any:
        raise InvalidInput("database", "the database is busy")

    with pytest.raises(InvalidInput, match="busy"):
        _keep_answers_if_refused(typed, refused)
    (kept,) = tmp_path.glob("runstrong-log-2026-11-24-4f1c2b9a.json")
    assert json.loads(kept.read_text()) == typed


def test_a_logged_session_is_edited_with_its_own_numbers_as_defaults(stored: str) -> None:
    worked = _due(stored, FIRST)
    lift = next(i for i in worked if i["load"].get("rpe") and not i["per_side"])
    answers = []
    for item in worked:
        answers += ["e", "8 40 7"] + [""] * (item["sets"] - 1) if item is lift else [""]
    done = runstrong(
        stored, "log", "--date", FIRST.isoformat(), stdin="\n".join(answers) + "\nfirst\n"
    )
    assert done.returncode == 0, done.stderr
    before = _logged(stored)
    # Keep everything but the lift (Enter), which is entered again: the second set heavier;
    # drop the last exercise; keep the note.
    edits = []
    for number, item in enumerate(before["items"]):
        if item["exercise"] == lift["exercise"]:
            edits += ["e", "", "8 42.5 8"] + [""] * (len(item["sets"]) - 2)
        elif number == len(before["items"]) - 1:
            edits.append("d")
        else:
            edits.append("")
    edited = runstrong(stored, "log", "--edit", before["id"], stdin="\n".join(edits) + "\n\n")
    assert edited.returncode == 0, edited.stderr
    assert "replaces" in edited.stdout
    after = _logged(stored)
    assert after["id"] == before["id"] and after["note"] == "first"
    assert len(after["items"]) == len(before["items"]) - 1
    sets = next(i for i in after["items"] if i["exercise"] == lift["exercise"])["sets"]
    assert (sets[0]["load_kg"], sets[1]["load_kg"], sets[1]["rpe"]) == (40.0, 42.5, 8.0)
    unknown = runstrong(stored, "log", "--edit", "nope", stdin="")
    assert unknown.returncode == 2 and "nope" in unknown.stderr


def test_history_shows_each_id_for_edit_and_delete(stored: str, tmp_path: Path) -> None:
    long_id = "a-very-long-session-id-from-a-phone-0123456789"
    path = tmp_path / "done.json"
    path.write_text(json.dumps({"id": long_id, "date": FIRST.isoformat(),
                                "items": [{"exercise": "plank", "sets": [{"seconds": 30}]}]}))  # fmt: skip
    assert runstrong(stored, "log", "--file", str(path)).returncode == 0
    wide = runstrong(stored, "history").stdout
    assert long_id in wide and "runstrong log --edit ID" in wide
    narrow = run_runstrong("history", env={"RUNSTRONG_DATABASE_URL": stored, "COLUMNS": "50"})
    assert "…" not in narrow.stdout and long_id in narrow.stdout
