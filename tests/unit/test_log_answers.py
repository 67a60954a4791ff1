"""What a runner types: a set in one line, minutes, races and injuries as people say them."""

from __future__ import annotations

import pytest

from runstrong.entrypoints.interview import (
    SetFields,
    _among,
    _event,
    _injuries,
    _minutes,
    _planned_sides,
    _run_days,
    parse_set_line,
    set_fields,
)

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


# -- the interview's answers, as people write them ----------------------------------------


@pytest.mark.parametrize(
    ("answer", "minutes"),
    [("45", 45), ("45 min", 45), ("45min", 45), ("1:05", 65), ("1h", 60), ("1 h 10 min", 70),
     ("1.5 hours", 90)],
)  # fmt: skip
def test_minutes_as_people_write_them(answer: str, minutes: int) -> None:
    assert _minutes(15, 90)(answer) == minutes


@pytest.mark.parametrize("answer", ["", "abc", "2:75", "100", "10 min"])
def test_minutes_out_of_reach_are_asked_again(answer: str) -> None:
    with pytest.raises(ValueError, match="minutes"):
        _minutes(15, 90)(answer)


@pytest.mark.parametrize(
    ("answer", "event"),
    [("half marathon", "half_marathon"), ("Half", "half_marathon"), ("HM", "half_marathon"),
     ("10 km", "10k"), ("5K", "5k"), ("marathon", "marathon"), ("50k", "ultra"),
     ("half_marathon", "half_marathon"), ("none", "none")],
)  # fmt: skip
def test_races_as_runners_name_them(answer: str, event: str) -> None:
    assert _event(answer) == event


def test_injury_areas_as_runners_name_them() -> None:
    assert _injuries("plantar fascia, shin splints and low back") == [
        "plantar_fascia", "shin", "low_back"
    ]  # fmt: skip
    assert _injuries("knee hamstring") == ["knee", "hamstring"]
    assert _injuries("Achilles tendon") == ["achilles"]
    with pytest.raises(ValueError, match="Unknown area elbow"):
        _injuries("knee, elbow")


def test_run_days_are_checked_against_the_count_and_each_other() -> None:
    assert _run_days(3)("tue thu sun") == ["tue", "thu", "sun"]
    with pytest.raises(ValueError, match="name 4 days"):
        _run_days(4)("tue,thu,sun")
    among = _among(["tue", "thu", "sun"], most=None, taken=("sun",))
    assert among("tue") == ["tue"]
    with pytest.raises(ValueError, match="mon is not one of your run days"):
        among("mon")
    with pytest.raises(ValueError, match="sun is your long run"):
        among("sun")
    with pytest.raises(ValueError, match="one day"):
        _among(["tue", "sun"], most=1)("tue,sun")
