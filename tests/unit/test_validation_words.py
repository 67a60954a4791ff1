"""Validation problems reach the runner in plain words, one per bad value."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from runstrong.domain.errors import InvalidInput
from runstrong.library import load_catalog
from runstrong.services.planning import validate_profile
from runstrong.services.training import parse_log

EXAMPLE = Path(__file__).resolve().parents[2] / "src/runstrong/examples/novice-5k-home.json"
JARGON = ("after validation", "Input should be", "type=", "For further information",
          "errors.pydantic.dev", "Value error", "Tuple should", "List should", "literal_error")  # fmt: skip
TODAY = dt.date(2027, 1, 10)


def _profile(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text())
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    return data


def _log(**set_changes: Any) -> dict[str, Any]:
    one = {"reps": 8, "seconds": None, "load_kg": 12.0, "rpe": 7, "pain": 0, "side": None}
    one.update(set_changes)
    return {"id": "a", "date": "2027-01-05", "items": [{"exercise": "goblet-squat", "sets": [one]}]}


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (_profile(running__weekly_km=1e308), "running.weekly_km", "must be 400 or less (got 1e+308)"),
        (_profile(running__weekly_km=float("inf")), "running.weekly_km", "not infinity"),
        (_profile(running__weekly_km=-1), "running.weekly_km", "must be 0 or more (got -1)"),
        (_profile(running__weekly_km="lots"), "running.weekly_km", "must be a number (got 'lots')"),
        (_profile(availability__minutes_per_session=10**20), "availability.minutes_per_session",
         "must be 90 or less (got 100000000000000000000)"),
        (_profile(availability__minutes_per_session="x"), "availability.minutes_per_session",
         "must be a whole number (got 'x')"),
        (_profile(experience="guru"), "experience", "unknown value 'guru'; choose from: novice"),
        (_profile(start_date="soon"), "start_date", "must be a date, written YYYY-MM-DD"),
        (_profile(colour="red"), "colour", "unknown field; check its spelling"),
        (_profile(goal__priority="Z"), "goal.priority", "choose from: A, B, C"),
    ],
)  # fmt: skip
def test_a_bad_profile_value_is_named_and_said_plainly(data: Any, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_profile(data)
    assert caught.value.field == field, caught.value
    assert words in caught.value.problem, caught.value
    assert not any(j in str(caught.value) for j in JARGON), caught.value


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (_log(reps=10**30), "items.0.sets.0.reps", f"must be 200 or less (got {10**30})"),
        (_log(load_kg=float("inf")), "items.0.sets.0.load_kg", "not infinity"),
        (_log(rpe=11), "items.0.sets.0.rpe", "must be 10 or less (got 11)"),
        (_log(side="middle"), "items.0.sets.0.side", "unknown value 'middle'"),
        ({"id": "a", "date": "2027-01-05", "items": []}, "items", "needs at least 1 item"),
        ({"id": "a", "date": "2027-01-05"}, "items", "is required"),
    ],
)  # fmt: skip
def test_one_bad_value_in_a_log_is_one_problem(data: Any, field: str, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_log(data, load_catalog(), TODAY)
    assert caught.value.field == field, caught.value  # not "log: 3 problems: ..."
    assert words in caught.value.problem, caught.value
    assert not any(j in str(caught.value) for j in JARGON), caught.value


def test_two_bad_values_are_two_problems() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_profile(_profile(running__weekly_km=-5, experience="guru"))
    assert caught.value.problem.startswith("2 problems: ")
