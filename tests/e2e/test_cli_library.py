"""The command line as a runner or another program uses it: a real process each time."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.process import run_runstrong

pytestmark = pytest.mark.e2e


def runstrong(*args: str) -> subprocess.CompletedProcess[str]:
    return run_runstrong(*args, env={"COLUMNS": "120"}, timeout=60)


def test_help_does_not_load_heavy_packages() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['runstrong', '--help']\n"
        "from runstrong.entrypoints import main\n"
        "try:\n    main.main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['sqlalchemy', 'fastapi', 'weasyprint', 'matplotlib',\n"
        "         'rich', 'pydantic', 'yaml']\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "exercises" in done.stdout
    assert done.stderr.strip() == "[]"


def test_the_library_as_json_follows_the_contract() -> None:
    done = runstrong("exercises", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["schema"] == "runstrong.exercises/1"
    assert len(document["exercises"]) >= 150
    required = {
        "id", "name", "blocks", "pattern", "level", "equipment", "unilateral", "plyometric",
        "muscles", "regions", "cues", "video", "progressions", "regressions", "substitutes",
        "targets", "avoid_with", "guides",
    }  # fmt: skip
    for exercise in document["exercises"]:
        assert required <= exercise.keys()


def test_the_json_output_is_byte_identical_between_runs() -> None:
    assert (
        runstrong("exercises", "--format", "json").stdout
        == runstrong("exercises", "--format", "json").stdout
    )


def test_filters_narrow_the_list() -> None:
    done = runstrong(
        "exercises", "--format", "json", "--block", "power", "--level", "basics,foundational",
        "--equipment", "home",
    )  # fmt: skip
    found = json.loads(done.stdout)["exercises"]
    assert found
    home = {"floor", "wall", "mat", "chair", "step", "towel", "rucksack"}
    for exercise in found:
        assert "power" in exercise["blocks"]
        assert exercise["level"] in {"basics", "foundational"}
        assert set(exercise["equipment"]) <= home


def test_target_and_search_filters() -> None:
    achilles = json.loads(runstrong("exercises", "-f", "json", "--target", "achilles").stdout)
    ids = {e["id"] for e in achilles["exercises"]}
    assert {"isometric-calf-hold", "eccentric-heel-drop"} <= ids
    found = json.loads(runstrong("exercises", "-f", "json", "--search", "nordic").stdout)
    assert "nordic-curl" in {e["id"] for e in found["exercises"]}


def test_the_table_shows_the_runner_the_exercises() -> None:
    done = runstrong("exercises", "--region", "core", "--level", "basics")
    assert done.returncode == 0
    assert "dead-bug" in done.stdout and "Dead bug" in done.stdout


def test_an_unknown_filter_value_names_the_choices_and_exits_2() -> None:
    done = runstrong("exercises", "--level", "expert")
    assert done.returncode == 2
    assert "--level" in done.stderr and "'expert'" in done.stderr
    assert "basics, foundational, intermediate, advanced" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""

    done = runstrong("exercises", "--equipment", "trampoline")
    assert done.returncode == 2
    assert "--equipment" in done.stderr and "home" in done.stderr and "dumbbell" in done.stderr


def test_one_exercise_shows_cues_ladder_substitutes_and_guides() -> None:
    done = runstrong("exercise", "goblet-squat")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Goblet squat" in out
    assert "Ladder" in out and "bodyweight-squat" in out and "back-squat" in out
    assert "At home instead" in out and "rucksack-squat" in out
    assert "https://vimeo.com/134393784" in out
    assert "Guides:" in out


def test_one_exercise_as_json_includes_its_ladder() -> None:
    record = json.loads(runstrong("exercise", "nordic-curl", "--format", "json").stdout)
    assert record["id"] == "nordic-curl"
    assert record["ladder"][-1] == "nordic-curl"
    assert record["ladder"][0] == "hamstring-bridge-hold"
    assert {"hand-assisted-nordic", "band-assisted-nordic"} <= set(record["regressions"])


def test_an_unknown_exercise_suggests_close_ids_and_exits_2() -> None:
    done = runstrong("exercise", "goblet-sqaut")
    assert done.returncode == 2
    assert "goblet-squat" in done.stderr
    assert "Traceback" not in done.stderr


def test_guides_are_listed_and_readable() -> None:
    listing = runstrong("guides")
    assert listing.returncode == 0 and "plyometrics" in listing.stdout
    document = json.loads(runstrong("guides", "--format", "json").stdout)
    assert document["schema"] == "runstrong.guides/1"
    assert {"id", "title", "summary", "body", "topics", "exercises", "related"} <= document[
        "guides"
    ][0].keys()
    reading = runstrong("guide", "plyometrics")
    assert reading.returncode == 0
    assert "Related guides" in reading.stdout and "runstrong exercise" in reading.stdout


def test_an_unknown_guide_names_the_choices_and_exits_2() -> None:
    done = runstrong("guide", "knitting")
    assert done.returncode == 2
    assert "'knitting'" in done.stderr and "plyometrics" in done.stderr
