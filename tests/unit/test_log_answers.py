"""What a runner types while logging: one line a set, units, limits, sides."""

from __future__ import annotations

import pytest

from runstrong.entrypoints.interview import SetFields, _planned_sides, parse_set_line, set_fields

LIFT = SetFields("reps", load=True, effort=True)
HOLD = SetFields("seconds", load=False, effort=True)
STRETCH = SetFields("seconds", load=False, effort=False)
START = {"reps": 10, "seconds": 30, "kg": 12.0, "RPE": 7, "pain": 0}


def test_a_whole_set_in_one_line() -> None:
    assert parse_set_line("8 40 7", LIFT, START) == {**START, "reps": 8, "kg": 40, "RPE": 7}
    assert parse_set_line("8 40 7 2", LIFT, START)["pain"] == 2
    assert parse_set_line("8, 42.5kg, 8", LIFT, START)["kg"] == 42.5


def test_what_is_left_out_keeps_the_last_answer() -> None:
    assert parse_set_line("", LIFT, START) == START
    assert parse_set_line("9", LIFT, START) == {**START, "reps": 9}
    assert parse_set_line("9 bw", LIFT, START)["kg"] is None


def test_the_fields_follow_what_the_item_needs() -> None:
    assert LIFT.names() == ["reps", "kg", "RPE", "pain"]
    assert HOLD.names() == ["seconds", "RPE", "pain"]
    assert STRETCH.names() == ["seconds", "pain"]
    assert parse_set_line("45s 8", HOLD, START)["seconds"] == 45
    plank = {"reps": None, "seconds": 30, "load": {"bodyweight": True}, "equipment": []}
    assert set_fields(plank, "core") == HOLD
    stretch = {"reps": None, "seconds": 30, "load": {"bodyweight": True}, "equipment": []}
    assert set_fields(stretch, "mobility") == STRETCH
    squat = {"reps": 8, "seconds": None, "load": {"rpe": 7}, "equipment": ["dumbbell"]}
    assert set_fields(squat, "strength") == LIFT
    banded = {"reps": 12, "seconds": None, "load": {"bodyweight": True}, "equipment": ["wall"]}
    assert not set_fields(banded, "accessory").load


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("8 40 7 2 9", "at most 4 numbers"),
        ("eight", "'eight' is not a number for reps"),
        ("8 40 11", "RPE goes from 1 to 10"),
        ("8 600", "kg goes from 0 to 500"),
        ("8.5", "reps is a whole number"),
        ("8 40 7 11", "pain goes from 0 to 10"),
    ],
)
def test_a_bad_line_says_what_is_wrong(line: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_set_line(line, LIFT, START)


def test_one_sided_work_is_asked_per_side_and_extra_sets_on_their_side() -> None:
    item = {"sets": 2, "per_side": True, "extra_sets": {"left": 1, "right": 0}}
    assert [side for side, _label in _planned_sides(item)] == [
        "left", "right", "left", "right", "left"
    ]  # fmt: skip
    assert "extra set 1, left" in _planned_sides(item)[-1][1]
    both = {"sets": 3, "per_side": False, "extra_sets": {"left": 0, "right": 0}}
    assert [side for side, _label in _planned_sides(both)] == [None, None, None]
