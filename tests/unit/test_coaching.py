"""The next session, adjusted by the log: checked on plain records, without a database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from runstrong.domain.athlete import Experience
from runstrong.domain.ports import StoredLog
from runstrong.domain.training_log import SessionLog
from runstrong.domain.vocabulary import HOME_EQUIPMENT, Equipment
from runstrong.library import load_catalog
from runstrong.services.coaching import adjust

CATALOG = load_catalog()
GYM = frozenset(Equipment)
LOGGED_AT = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


def item(
    exercise: str, sets: int = 3, reps: int | None = 10, seconds: int | None = None, rpe: int = 7
) -> dict[str, Any]:
    return {
        "exercise": exercise, "name": exercise, "sets": sets, "reps": reps, "seconds": seconds, "per_side": False,
        "extra_sets": {"left": 0, "right": 0}, "contacts": 0, "load": {"rpe": rpe}, "rest_seconds": 90,
        "tempo": "3-1-1", "equipment": ["dumbbell"], "level": "foundational", "unilateral": False, "why": "x",
        "role": "main_lift",
    }  # fmt: skip


def session(day: str, *items: dict[str, Any]) -> dict[str, Any]:
    return {"date": day, "minutes": 30, "blocks": [{"kind": "strength", "items": list(items)}]}


def logged(
    log_id: str, day: str, exercise: str, sets: list[dict[str, Any]], settled: bool = True
) -> StoredLog:
    log = SessionLog.model_validate(
        {
            "id": log_id,
            "date": day,
            "items": [{"exercise": exercise, "sets": sets}],
            "pain_settled": settled,
        }
    )
    return StoredLog(log, LOGGED_AT)


def squat_sets(reps: int, kg: float, rpe: float = 7, pain: int = 0) -> list[dict[str, Any]]:
    return [{"reps": reps, "load_kg": kg, "rpe": rpe, "pain": pain}] * 3


def adjusted(
    due: dict[str, Any], logs: list[StoredLog], experience: Experience = Experience.INTERMEDIATE
) -> dict[str, Any]:
    planned = {
        s["date"]: s
        for s in [due, *(session(s.log.date.isoformat(), item("goblet-squat")) for s in logs)]
    }
    result: dict[str, Any] = adjust(due, planned, logs, CATALOG, experience, GYM)["blocks"][0][
        "items"
    ][0]
    return result


def test_the_runners_own_load_is_carried_forward() -> None:
    result = adjusted(
        session("2027-01-19", item("goblet-squat")),
        [logged("a", "2027-01-12", "goblet-squat", squat_sets(10, 14))],
    )
    assert result["load_kg"] == 14 and "progression" not in result


def test_two_good_sessions_at_the_top_of_the_range_add_load() -> None:
    logs = [
        logged("a", "2027-01-12", "goblet-squat", squat_sets(12, 14)),
        logged("b", "2027-01-14", "goblet-squat", squat_sets(12, 14)),
    ]
    result = adjusted(session("2027-01-19", item("goblet-squat")), logs)
    assert result["progression"]["action"] == "add_load" and result["progression"]["harder"]
    assert result["load_kg"] > 14


def test_one_good_session_is_not_enough() -> None:
    logs = [logged("b", "2027-01-14", "goblet-squat", squat_sets(12, 14))]
    result = adjusted(session("2027-01-19", item("goblet-squat")), logs)
    assert result["load_kg"] == 14 and "progression" not in result


def test_pain_above_5_stops_the_exercise_and_never_adds_load() -> None:
    logs = [
        logged("a", "2027-01-12", "goblet-squat", squat_sets(12, 14)),
        logged("b", "2027-01-14", "goblet-squat", squat_sets(12, 14, pain=6)),
    ]
    result = adjusted(session("2027-01-19", item("goblet-squat")), logs)
    assert result["progression"]["action"] == "stop"
    assert "physiotherapist or doctor" in result["progression"]["reason"]
    assert (result["load_kg"] or 0) <= 14 and not result["progression"]["harder"]


def test_missed_reps_lighten_the_load() -> None:
    logs = [
        logged(
            "a",
            "2027-01-14",
            "goblet-squat",
            [{"reps": 10, "load_kg": 20}, {"reps": 7, "load_kg": 20}],
        )
    ]
    result = adjusted(session("2027-01-19", item("goblet-squat")), logs)
    assert result["progression"]["action"] == "less_load" and result["load_kg"] < 20


def test_the_load_worked_up_to_is_the_one_judged() -> None:
    # 12 kg felt light, so the runner went up to 14 kg and missed reps there: the next
    # session drops from 14 kg, not from the 12 kg of the first set.
    logs = [
        logged(
            "a",
            "2027-01-14",
            "goblet-squat",
            [{"reps": 10, "load_kg": 12}, {"reps": 10, "load_kg": 14}, {"reps": 6, "load_kg": 14}],
        )
    ]
    result = adjusted(session("2027-01-19", item("goblet-squat")), logs)
    assert result["progression"]["action"] == "less_load"
    assert "from 14 kg" in result["progression"]["reason"]
    assert 12 <= result["load_kg"] < 14


def test_a_long_gap_steps_the_runner_back() -> None:
    logs = [logged("a", "2027-01-01", "goblet-squat", squat_sets(10, 14))]
    result = adjusted(session("2027-01-19", item("goblet-squat")), logs)
    assert result["sets"] == 2 and result["load_kg"] < 14
    assert "progression" in result and not result["progression"]["harder"]


def test_mastered_body_weight_work_moves_up_one_rung() -> None:
    due = session("2027-01-19", item("bodyweight-squat", reps=15, rpe=6))
    sets = [{"reps": 15, "rpe": 5}] * 3
    logs = [
        logged("a", "2027-01-12", "bodyweight-squat", sets),
        logged("b", "2027-01-14", "bodyweight-squat", sets),
    ]
    planned = {
        "2027-01-12": due | {"date": "2027-01-12"},
        "2027-01-14": due | {"date": "2027-01-14"},
    }
    result = adjust(due, planned, logs, CATALOG, Experience.NOVICE, HOME_EQUIPMENT)["blocks"][0][
        "items"
    ][0]
    moved = CATALOG.exercise(result["exercise"])
    assert result["progression"]["action"] in ("move_up", "add_set", "add_reps")
    if result["progression"]["action"] == "move_up":
        assert moved.id in CATALOG.exercise("bodyweight-squat").progressions
        assert moved.level.rank <= CATALOG.exercise("bodyweight-squat").level.rank + 1


def test_the_past_stays_as_it_was_planned() -> None:
    due = session("2027-01-14", item("goblet-squat"))
    logs = [logged("b", "2027-01-14", "goblet-squat", squat_sets(5, 14, rpe=10))]
    assert adjust(due, {}, logs, CATALOG, Experience.INTERMEDIATE, GYM) == due


def test_warm_up_drills_are_not_coached() -> None:
    due = {"date": "2027-01-19", "blocks": [{"kind": "warmup", "items": [item("leg-swings")]}]}
    logs = [logged("a", "2027-01-14", "leg-swings", [{"reps": 2, "rpe": 10, "pain": 4}])]
    assert adjust(due, {}, logs, CATALOG, Experience.INTERMEDIATE, GYM) == due
