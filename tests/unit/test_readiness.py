"""When the log says a current injury is ready for its recovering profile: the criteria are
data in each injury profile (``moves_on``), applied to plain records, without a database."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from runstrong.domain.athlete import Profile
from runstrong.domain.injuries import MoveOn
from runstrong.domain.ports import StoredAssessment, StoredLog
from runstrong.domain.readiness import SidedResult, ready_to_move_on
from runstrong.domain.training_log import SessionLog
from runstrong.domain.vocabulary import InjuryArea
from runstrong.library import load_catalog
from runstrong.services.coaching import moving_on, readiness

CATALOG = load_catalog()
TODAY = dt.date(2027, 2, 14)  # a Sunday
ACHILLES = CATALOG.injury_profile(InjuryArea.ACHILLES)
assert ACHILLES is not None
CRITERIA = ACHILLES.current.moves_on
assert CRITERIA is not None
WORK = ACHILLES.current.work_ids()
LOGGED_AT = dt.datetime(2027, 2, 14, tzinfo=dt.UTC)


def session(
    day: dt.date,
    pain: int = 1,
    settled: bool = True,
    sides: tuple[int, int] | None = None,
    exercise: str = "seated-weighted-calf-raise",
) -> SessionLog:
    items: list[dict[str, Any]] = [
        {"exercise": exercise, "sets": [{"reps": 12, "load_kg": 16, "pain": pain}] * 3}
    ]
    if sides is not None:
        left, right = sides
        items.append(
            {
                "exercise": "single-leg-calf-raise",
                "sets": [{"reps": left, "side": "left"}, {"reps": right, "side": "right"}],
            }
        )
    return SessionLog.model_validate(
        {"id": f"s-{day}", "date": day.isoformat(), "items": items, "pain_settled": settled}
    )


def two_weeks(**last: Any) -> list[SessionLog]:
    """Four sessions over the last two weeks, the last one with the given changes."""
    days = [TODAY - dt.timedelta(days=n) for n in (12, 9, 5, 1)]
    return [session(d) for d in days[:-1]] + [session(days[-1], **last)]


def test_the_achilles_criteria_are_the_profiles_data() -> None:
    assert CRITERIA == MoveOn.model_validate(
        {
            "pain_at_most": 3,
            "weeks": 2,
            "sessions": 4,
            "symmetry": {
                "test": "single_leg_calf_raise_reps",
                "exercise": "single-leg-calf-raise",
                "percent": 90,
            },
        }
    )
    assert "seated-weighted-calf-raise" in WORK and "weighted-single-leg-calf-hold" in WORK


def test_two_weeks_of_low_pain_and_even_calves_meet_the_criteria() -> None:
    verdict = ready_to_move_on(CRITERIA, WORK, two_weeks(sides=(24, 25)), TODAY)
    assert verdict.met and verdict.missing == ()


@pytest.mark.parametrize(
    ("logs", "missing"),
    [
        (two_weeks(sides=(24, 25))[1:], "3 of 4 sessions with its work logged"),
        (
            [session(TODAY - dt.timedelta(days=n), sides=(25, 25)) for n in (0, 1, 2, 3)],
            "a session with its work logged in each of the last 2 weeks",
        ),
        (two_weeks(pain=4, sides=(24, 25)), "pain of 4/10 logged in the last 2 weeks, above 3/10"),
        (two_weeks(settled=False, sides=(24, 25)), "pain that had not settled by the next morning"),
        (two_weeks(sides=(18, 27)), "the weaker side at 67% of the other on 2027-02-13, under 90%"),
        (two_weeks(), "a result on each side of the single leg calf raise reps test"),
    ],
)
def test_each_criterion_the_log_misses_is_named(logs: list[SessionLog], missing: str) -> None:
    verdict = ready_to_move_on(CRITERIA, WORK, logs, TODAY)
    assert not verdict.met
    assert any(m.startswith(missing) for m in verdict.missing), verdict.missing


def test_sessions_without_the_areas_work_do_not_count_but_their_pain_does() -> None:
    others = [session(TODAY - dt.timedelta(days=n), exercise="goblet-squat") for n in (12, 9, 5)]
    verdict = ready_to_move_on(CRITERIA, WORK, [*others, session(TODAY, sides=(25, 25))], TODAY)
    assert verdict.missing == ("1 of 4 sessions with its work logged in the last 2 weeks",)
    sore = session(TODAY - dt.timedelta(days=3), pain=5, exercise="goblet-squat")
    verdict = ready_to_move_on(CRITERIA, WORK, [*two_weeks(sides=(25, 25)), sore], TODAY)
    assert verdict.missing == ("pain of 5/10 logged in the last 2 weeks, above 3/10",)


def test_the_latest_test_result_counts_logged_or_stored_and_only_a_recent_one() -> None:
    logs = two_weeks()  # no sides logged
    old = SidedResult(TODAY - dt.timedelta(days=20), 25, 25)
    assert not ready_to_move_on(CRITERIA, WORK, logs, TODAY, [old]).met
    recent = SidedResult(TODAY - dt.timedelta(days=3), 23, 25)
    assert ready_to_move_on(CRITERIA, WORK, logs, TODAY, [old, recent]).met
    # a later logged test on both sides wins over an earlier stored one
    uneven = two_weeks(sides=(15, 25))
    assert not ready_to_move_on(CRITERIA, WORK, uneven, TODAY, [recent]).met
    # logs after the day asked about are not counted
    assert not ready_to_move_on(
        CRITERIA, WORK, two_weeks(sides=(25, 25)), TODAY - dt.timedelta(days=2)
    ).met


def profile(*injuries: dict[str, str]) -> Profile:
    return Profile.model_validate(
        {
            "start_date": "2027-01-04",
            "experience": "intermediate",
            "running": {"week": {"tue": "quality", "sun": "long"}},
            "injuries": list(injuries),
        }
    )


def test_the_coach_says_which_injury_meets_its_criteria_and_what_the_others_miss() -> None:
    runner = profile(
        {"area": "achilles", "side": "left", "status": "current"},
        {"area": "hamstring", "side": "right", "status": "current"},
        {"area": "knee", "status": "recovering"},
    )
    logs = [StoredLog(log, LOGGED_AT) for log in two_weeks(sides=(24, 25))]
    found = readiness(runner, logs, [], CATALOG, TODAY)
    assert [(area, verdict.met) for area, verdict in found] == [
        (InjuryArea.ACHILLES, True),
        (InjuryArea.HAMSTRING, False),
    ]
    assert moving_on(found) == [
        "Your Achilles meets the criteria to move to recovering: update your profile "
        "(set its status to recovering) and run runstrong init --profile again."
    ]
    (_met, not_yet) = moving_on(found, not_yet=True)
    assert not_yet.startswith("Your hamstring is not ready to move to recovering yet: 0 of 4")


def test_a_stored_field_test_counts_for_the_symmetry() -> None:
    runner = profile({"area": "knee", "side": "left", "status": "current"})
    knee = CATALOG.injury_profile(InjuryArea.KNEE)
    assert knee is not None
    exercise = sorted(knee.current.work_ids())[0]
    days = [TODAY - dt.timedelta(days=n) for n in (12, 9, 5, 1)]
    logs = [StoredLog(session(d, exercise=exercise), LOGGED_AT) for d in days]
    tested = StoredAssessment(
        TODAY - dt.timedelta(days=4), {"single_leg_squat_reps": {"left": 9, "right": 10}}
    )
    ((_area, verdict),) = readiness(runner, logs, [tested], CATALOG, TODAY)
    assert verdict.met
    uneven = StoredAssessment(TODAY, {"single_leg_squat_reps": {"left": 6, "right": 10}})
    ((_area, verdict),) = readiness(runner, logs, [tested, uneven], CATALOG, TODAY)
    assert not verdict.met


def test_a_profile_that_needs_a_clinician_is_never_met_from_the_log_alone() -> None:
    bone = CATALOG.injury_profile(InjuryArea.BONE_STRESS)
    assert bone is not None and bone.current.moves_on is not None
    criteria = bone.current.moves_on
    assert criteria.clearance and criteria.pain_at_most == 0
    work = bone.current.work_ids()
    exercise = sorted(work)[0]
    logs = [session(TODAY - dt.timedelta(days=d), pain=0, exercise=exercise) for d in (0, 3, 7, 10)]
    verdict = ready_to_move_on(criteria, work, logs, TODAY)
    assert not verdict.met
    assert verdict.missing == (
        "your clinician's clearance, which only you can add to your profile",
    )
    text = criteria.text()
    assert "pain-free (0/10)" in text and "clinician has cleared you" in text
