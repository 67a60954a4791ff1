"""Progression rules: the next target from what was logged, on real library exercises."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from runstrong.domain.athlete import Experience
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.exercises import Exercise
from runstrong.domain.plan import NO_EXTRA, Item
from runstrong.domain.progression import (
    HARDER,
    INCREMENTS_KG,
    LOAD_STEP,
    TOP_INCREMENT_KG,
    Action,
    Decision,
    Performance,
    Target,
    heavier,
    increment,
    lighter,
    load_step,
    next_target,
    resume_after_gap,
    round_load,
    rung_down,
    rung_up,
    step_back_after_gap,
    target_from_item,
)
from runstrong.domain.training_log import ItemLog, SessionLog, SetLog
from runstrong.domain.vocabulary import Equipment
from runstrong.library import load_catalog

CATALOG: Catalog = load_catalog()
MONDAY = dt.date(2027, 1, 4)
NOV, INT, ADV = Experience.NOVICE, Experience.INTERMEDIATE, Experience.ADVANCED


def ex(exercise_id: str) -> Exercise:
    return CATALOG.exercise(exercise_id)


def done(
    target: Target, *amounts: int, rpe: float | None = 7, pain: int = 0, **extra: Any
) -> ItemLog:
    """One logged item: one set per amount, in the target's measure."""
    key = "seconds" if target.timed else "reps"
    sets = [
        SetLog(**{key: a, "rpe": rpe, "pain": pain, "load_kg": target.load_kg}, **extra)
        for a in amounts
    ]
    return ItemLog(exercise=target.exercise, sets=tuple(sets))


def session(
    target: Target, *amounts: int, day: int = 0, settled: bool = True, **kw: Any
) -> Performance:
    return Performance(
        MONDAY + dt.timedelta(days=day), target, done(target, *amounts, **kw), settled
    )


def decide(
    target: Target, *sessions: tuple[int, ...], experience: Experience = INT, **kw: Any
) -> Decision:
    """The decision after sessions of the same target, each given as its amounts per set."""
    history = [session(target, *amounts, day=3 * i, **kw) for i, amounts in enumerate(sessions)]
    return next_target(ex(target.exercise), CATALOG, history, experience)


GOBLET = Target("goblet-squat", sets=3, reps=10, seconds=None, load_kg=12.0, rpe=8)
PUSH_UP = Target("push-up", sets=3, reps=8, seconds=None)
PLANK = Target("plank", sets=3, reps=None, seconds=30)


# -- the 2-for-2 rule ----------------------------------------------------------------------


def test_one_session_two_reps_over_target_keeps_the_load() -> None:
    decision = decide(GOBLET, (10, 10, 12))
    assert decision.action is Action.KEEP
    assert decision.target == GOBLET


def test_two_sessions_running_two_reps_over_target_add_load() -> None:
    decision = decide(GOBLET, (10, 10, 12), (10, 11, 12))
    assert decision.action is Action.ADD_LOAD
    assert decision.target == Target("goblet-squat", 3, 10, None, 14.0, 8)
    assert "12 kg" in decision.reason and "14 kg" in decision.reason


def test_a_last_set_only_one_rep_over_target_does_not_count() -> None:
    assert decide(GOBLET, (10, 10, 12), (10, 10, 11)).action is Action.KEEP


def test_a_qualifying_session_then_an_ordinary_one_keeps_the_load() -> None:
    assert decide(GOBLET, (10, 10, 12), (10, 10, 10)).action is Action.KEEP


def test_an_older_qualifying_session_does_not_count_after_an_ordinary_one() -> None:
    assert decide(GOBLET, (10, 10, 12), (10, 10, 10), (10, 10, 12)).action is Action.KEEP


def test_the_count_starts_again_after_the_load_goes_up() -> None:
    heavier_goblet = Target("goblet-squat", 3, 10, None, 14.0, 8)
    history = [
        session(GOBLET, 10, 10, 12, day=0),
        session(GOBLET, 10, 10, 12, day=3),
        session(heavier_goblet, 10, 10, 12, day=7),
    ]
    assert next_target(ex("goblet-squat"), CATALOG, history, INT).action is Action.KEEP


def test_reaching_the_top_of_the_rep_range_counts_as_double_progression() -> None:
    top = Target("goblet-squat", sets=3, reps=12, seconds=None, load_kg=16.0, rpe=8)
    decision = decide(top, (12, 12, 12), (12, 12, 12))
    assert decision.action is Action.ADD_LOAD
    assert decision.target.reps == 12
    assert decision.target.load_kg == 18.0


def test_effort_above_target_does_not_count_towards_more_load() -> None:
    assert decide(GOBLET, (10, 10, 12), (10, 10, 12), rpe=9).action is Action.KEEP


def test_unlogged_effort_does_not_block_progression() -> None:
    assert decide(GOBLET, (10, 10, 12), (10, 10, 12), rpe=None).action is Action.ADD_LOAD


def test_a_set_left_out_does_not_count_towards_more_load() -> None:
    assert decide(GOBLET, (10, 12), (10, 10, 12)).action is Action.KEEP


def test_loaded_work_without_a_known_load_asks_for_a_slightly_heavier_weight() -> None:
    unknown = Target("goblet-squat", 3, 10, None, None, 8)
    decision = decide(unknown, (10, 10, 12), (10, 10, 12))
    assert decision.action is Action.ADD_LOAD
    assert decision.target.load_kg is None
    assert "5 % heavier" in decision.reason


def test_loaded_work_never_moves_up_the_ladder_on_mastery() -> None:
    light = Target("goblet-squat", 3, 12, None, 4.0, 8)
    decision = decide(light, (12, 12, 12), (12, 12, 12), rpe=5)
    assert decision.action is Action.ADD_LOAD
    assert decision.target.exercise == "goblet-squat"


# -- step sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("experience", "step"), [(NOV, 7.5), (INT, 5.0), (ADV, 2.5)])
def test_the_load_step_is_smaller_for_more_experienced_runners(
    experience: Experience, step: float
) -> None:
    assert load_step(100.0, experience) == step


@pytest.mark.parametrize(
    ("load", "step"), [(4.0, 1.0), (9.0, 1.0), (10.0, 2.0), (19.0, 2.0), (20.0, 2.5), (30.0, 2.5)]
)
def test_small_loads_step_by_one_increment_of_the_dumbbell_rack(load: float, step: float) -> None:
    for experience in Experience:
        assert load_step(load, experience) == step


@pytest.mark.parametrize(
    ("load", "expected"), [(5.0, 6.0), (9.0, 10.0), (12.0, 14.0), (18.0, 20.0), (20.0, 22.5)]
)
def test_heavier_loads_land_on_sensible_dumbbell_weights(load: float, expected: float) -> None:
    assert heavier(load, ADV) == expected


def test_the_step_stays_between_two_and_ten_percent_once_increments_allow_it() -> None:
    for experience in Experience:
        step = load_step(200.0, experience)
        assert 0.02 * 200 <= step <= 0.10 * 200


def on_grid(load: float) -> bool:
    return round_load(load) == load


grid_loads = st.one_of(
    st.integers(1, 9).map(float),
    st.integers(5, 9).map(lambda n: n * 2.0),
    st.integers(8, 120).map(lambda n: n * TOP_INCREMENT_KG),
)


@settings(max_examples=300, derandomize=True)
@given(grid_loads, st.sampled_from(list(Experience)))
def test_a_load_step_is_never_less_than_one_increment_nor_more_than_ten_percent_or_one_increment(
    load: float, experience: Experience
) -> None:
    step = load_step(load, experience)
    assert step >= increment(load)
    assert step <= max(0.10 * load, increment(load)) + 1e-9
    assert (step / increment(load)) == pytest.approx(round(step / increment(load)))
    new = heavier(load, experience)
    assert new > load and on_grid(new)
    assert new - load <= max(0.10 * load, increment(load)) + 1e-9


@settings(max_examples=300, derandomize=True)
@given(grid_loads)
def test_the_step_never_grows_with_experience(load: float) -> None:
    assert load_step(load, ADV) <= load_step(load, INT) <= load_step(load, NOV)


@settings(max_examples=300, derandomize=True)
@given(st.floats(0.5, 300, allow_nan=False))
def test_a_lighter_load_is_lighter_and_on_the_grid(load: float) -> None:
    less = lighter(load)
    if less is not None:
        assert less < load and on_grid(less)
    else:
        assert load < 2


def test_the_increments_follow_the_dumbbell_rack() -> None:
    assert INCREMENTS_KG == ((10.0, 1.0), (20.0, 2.0))
    assert [increment(x) for x in (9.5, 10.0, 19.9, 20.0)] == [1.0, 2.0, 2.0, 2.5]
    assert LOAD_STEP[NOV] > LOAD_STEP[INT] > LOAD_STEP[ADV]


# -- body-weight work and holds -------------------------------------------------------------


def test_body_weight_work_adds_reps_after_two_full_sessions() -> None:
    decision = decide(PUSH_UP, (8, 8, 9), (8, 8, 8))
    assert decision.action is Action.ADD_REPS
    assert decision.target == Target("push-up", 3, 10, None)


def test_body_weight_reps_stop_at_the_top_of_the_range() -> None:
    eleven = Target("push-up", 3, 11, None)
    assert decide(eleven, (11, 11, 11), (11, 11, 11), rpe=8).target.reps == 12


def test_body_weight_work_climbs_the_range_then_moves_up_at_mastery() -> None:
    target, seen = PUSH_UP, []
    for _ in range(6):
        amount = target.amount
        decision = decide(target, (amount,) * 3, (amount,) * 3, rpe=7)
        seen.append(decision.action)
        if decision.action is Action.MOVE_UP:
            break
        target = decision.target
    assert seen == [Action.ADD_REPS, Action.ADD_REPS, Action.MOVE_UP]
    assert decision.target.exercise in ex("push-up").progressions
    assert decision.target.reps == ex(decision.target.exercise).dose.reps[0]  # type: ignore[index]


def test_the_top_of_the_range_at_more_than_the_mastery_effort_is_not_mastery() -> None:
    top = Target("push-up", 3, 12, None)
    decision = decide(top, (12, 12, 12), (12, 12, 12), rpe=8)
    assert decision.action is Action.KEEP
    assert "RPE 7" in decision.reason


def test_mastery_needs_two_sessions_running() -> None:
    top = Target("push-up", 3, 12, None)
    assert decide(top, (12, 12, 12), rpe=7).action is Action.KEEP


def test_holds_add_five_seconds() -> None:
    decision = decide(PLANK, (30, 30, 32), (30, 31, 30))
    assert decision.action is Action.ADD_SECONDS
    assert decision.target == Target("plank", 3, None, 35)


def test_holds_stop_adding_seconds_at_the_top_of_the_range() -> None:
    near_top = Target("plank", 3, None, 58)
    assert decide(near_top, (58,) * 3, (58,) * 3, rpe=8).target.seconds == 60


def test_holds_add_sets_up_to_the_mastery_rule_then_move_up() -> None:
    hold = Target("isometric-calf-hold", sets=3, reps=None, seconds=45)
    first = decide(hold, (45,) * 3, (45,) * 3)
    assert first.action is Action.ADD_SET and first.target.sets == 4
    second = decide(first.target, (45,) * 4, (45,) * 4)
    assert second.action is Action.ADD_SET and second.target.sets == 5
    third = decide(second.target, (45,) * 5, (45,) * 5)
    assert third.action is Action.MOVE_UP
    assert third.target == Target("single-leg-isometric-calf-hold", 5, None, 30)


def test_per_side_mastery_needs_both_sides() -> None:
    hold = Target("side-plank", sets=3, reps=None, seconds=45)
    one_side = decide(hold, (45,) * 3, (45,) * 3, side="left")
    assert one_side.action is not Action.MOVE_UP
    both = [
        Performance(
            MONDAY + dt.timedelta(days=3 * i),
            hold,
            ItemLog(
                exercise="side-plank",
                sets=tuple(
                    SetLog(seconds=45, rpe=7, side=side)
                    for side in ("left", "right")
                    for _ in range(3)
                ),
            ),
        )
        for i in range(2)
    ]
    decision = next_target(ex("side-plank"), CATALOG, both, INT)
    assert decision.action is Action.MOVE_UP
    assert decision.target.exercise == "side-plank-dip"  # not side-plank-star, two levels up


def test_ladder_moves_respect_the_equipment_the_runner_has() -> None:
    top = Target("plank", 3, None, 60)
    history = [session(top, 60, 60, 60, day=0), session(top, 60, 60, 60, day=3)]
    with_wheel = next_target(ex("plank"), CATALOG, history, INT)
    assert with_wheel.target.exercise == "ab-wheel-hold"
    at_home = next_target(
        ex("plank"), CATALOG, history, INT, available=frozenset({Equipment.FLOOR})
    )
    assert at_home.action is Action.MOVE_UP
    assert at_home.target.exercise == "hollow-hold"


def test_mastery_at_the_top_of_a_ladder_keeps_the_exercise() -> None:
    top = Target("pike-push-up", 3, 10, None)
    decision = decide(top, (10,) * 3, (10,) * 3)
    assert decision.action is Action.KEEP
    assert decision.target == top


# -- regressions ---------------------------------------------------------------------------


def test_missed_reps_take_load_off_loaded_work() -> None:
    decision = decide(GOBLET, (10, 9, 10))
    assert decision.action is Action.LESS_LOAD
    assert decision.target.load_kg == 10.0
    assert decision.target.reps == 10


def test_missed_reps_cost_reps_on_body_weight_work() -> None:
    ten = Target("push-up", 3, 10, None)
    decision = decide(ten, (10, 10, 7))
    assert decision.action is Action.FEWER_REPS
    assert decision.target.reps == 8


def test_missed_reps_at_the_bottom_of_the_range_move_down_a_rung() -> None:
    bottom = Target("push-up", 3, 6, None)
    decision = decide(bottom, (6, 4, 3))
    assert decision.action is Action.MOVE_DOWN
    assert decision.target.exercise == "incline-push-up"


def test_a_hold_cut_short_loses_seconds_then_a_rung() -> None:
    assert decide(PLANK, (30, 30, 22)).target == Target("plank", 3, None, 25)
    bottom = Target("plank", 3, None, 20)
    decision = decide(bottom, (20, 15, 12))
    assert decision.action is Action.MOVE_DOWN
    assert decision.target.exercise == "dead-bug"


def test_effort_two_points_above_target_regresses() -> None:
    decision = decide(GOBLET, (10, 10, 10), rpe=10)
    assert decision.action is Action.LESS_LOAD
    assert "RPE 10" in decision.reason


def test_effort_one_point_above_target_only_holds_the_dose() -> None:
    decision = decide(GOBLET, (10, 10, 10), rpe=9)
    assert decision.action is Action.KEEP
    assert decision.target == GOBLET


def test_body_weight_effort_is_judged_against_rpe_eight_when_the_plan_gives_none() -> None:
    assert decide(PUSH_UP, (8, 8, 8), rpe=10).action is Action.FEWER_REPS
    assert decide(PUSH_UP, (8, 8, 8), rpe=9).action is Action.KEEP


def test_the_gentlest_version_at_the_bottom_of_its_range_loses_a_set() -> None:
    bottom = Target("wall-push-up", 3, 10, None)
    decision = decide(bottom, (10, 8, 6))
    assert decision.action is Action.FEWER_SETS
    assert decision.target.sets == 2


# -- pain ----------------------------------------------------------------------------------


def test_pain_of_four_regresses() -> None:
    decision = decide(GOBLET, (10, 10, 12), (10, 10, 12), pain=4)
    assert decision.action is Action.LESS_LOAD
    assert decision.target.load_kg == 10.0
    assert "4/10" in decision.reason


def test_pain_that_lasts_into_the_next_morning_regresses() -> None:
    decision = decide(PUSH_UP, (8, 8, 8), pain=2, settled=False)
    assert decision.action is Action.FEWER_REPS
    assert "next morning" in decision.reason


def test_pain_of_six_stops_the_exercise_and_sends_the_runner_to_a_professional() -> None:
    decision = decide(GOBLET, (10, 10, 10), pain=6)
    assert decision.action is Action.STOP
    assert "physiotherapist or doctor" in decision.reason
    assert decision.target.load_kg is not None and decision.target.load_kg < 12.0


def test_mild_settled_pain_holds_the_dose_even_when_it_would_have_progressed() -> None:
    decision = decide(GOBLET, (10, 10, 12), (10, 10, 12), pain=2)
    assert decision.action is Action.KEEP
    assert decision.target == GOBLET


def test_a_painful_session_before_the_last_does_not_count_towards_more_load() -> None:
    history = [session(GOBLET, 10, 10, 12, day=0, pain=3), session(GOBLET, 10, 10, 12, day=3)]
    assert next_target(ex("goblet-squat"), CATALOG, history, NOV).action is Action.KEEP


EXERCISES = ["goblet-squat", "push-up", "plank", "isometric-calf-hold", "side-plank", "back-squat"]


@st.composite
def painful_histories(draw: st.DrawFn) -> tuple[Exercise, list[Performance]]:
    exercise = ex(draw(st.sampled_from(EXERCISES)))
    timed = exercise.dose.seconds is not None
    low, high = exercise.dose.seconds or exercise.dose.reps or (1, 1)
    history = []
    count = draw(st.integers(1, 4))
    for i in range(count):
        amount = draw(st.integers(low, high))
        load = draw(grid_loads) if exercise.loadable and draw(st.booleans()) else None
        target = Target(
            exercise.id,
            sets=draw(st.integers(1, 5)),
            reps=None if timed else amount,
            seconds=amount if timed else None,
            load_kg=load,
            rpe=draw(st.none() | st.sampled_from([6.0, 7.0, 8.0])),
        )
        last = i == count - 1
        sets = []
        for _ in range(draw(st.integers(1, 6))):
            value = draw(st.integers(0, high + 10))
            sets.append(
                SetLog(
                    reps=None if timed else value,
                    seconds=value if timed else None,
                    load_kg=load,
                    rpe=draw(st.none() | st.integers(1, 10).map(float)),
                    pain=draw(st.integers(0, 10)),
                    side=draw(st.none() | st.sampled_from(["left", "right"])),
                )
            )
        settled = draw(st.booleans())
        if last and all(s.pain == 0 for s in sets) and settled:
            index = draw(st.integers(0, len(sets) - 1))
            sets[index] = sets[index].model_copy(update={"pain": draw(st.integers(1, 10))})
        history.append(
            Performance(
                MONDAY + dt.timedelta(days=3 * i),
                target,
                ItemLog(exercise=exercise.id, sets=tuple(sets)),
                settled,
            )
        )
    return exercise, history


@settings(max_examples=500, derandomize=True)
@given(painful_histories(), st.sampled_from(list(Experience)))
def test_pain_never_leads_to_more_load_or_more_work(
    case: tuple[Exercise, list[Performance]], experience: Experience
) -> None:
    exercise, history = case
    before = history[-1].target
    decision = next_target(exercise, CATALOG, history, experience)
    assert decision.action not in HARDER
    after = decision.target
    if after.exercise == before.exercise:
        assert after.sets <= before.sets
        assert after.amount <= before.amount
        if before.load_kg is not None:
            assert after.load_kg is not None and after.load_kg <= before.load_kg
    else:
        assert after.exercise in exercise.regressions
    assert decision.reason.endswith(".")


# -- the ladder ----------------------------------------------------------------------------


BODY_WEIGHT_WITH_PROGRESSIONS = [
    e.id for e in CATALOG.exercises if not e.loadable and e.progressions
]


@pytest.mark.parametrize("exercise_id", BODY_WEIGHT_WITH_PROGRESSIONS)
def test_moving_up_at_mastery_never_skips_a_rung(exercise_id: str) -> None:
    exercise = ex(exercise_id)
    rule = exercise.mastery_rule()
    timed = rule.seconds is not None
    amount = rule.seconds if timed else rule.reps
    assert amount is not None
    top = Target(exercise_id, rule.sets, None if timed else amount, amount if timed else None)
    sides = ("left", "right") if exercise.dose.per_side else (None,)

    def mastered(day: int) -> Performance:
        sets = tuple(
            SetLog(
                reps=None if timed else amount,
                seconds=amount if timed else None,
                rpe=rule.max_rpe,
                side=side,
            )
            for side in sides
            for _ in range(rule.sets)
        )
        return Performance(
            MONDAY + dt.timedelta(days=day), top, ItemLog(exercise=exercise_id, sets=sets)
        )

    decision = next_target(exercise, CATALOG, [mastered(0), mastered(3)], INT)
    up = rung_up(exercise, CATALOG)
    if up is None:
        assert decision.action is Action.KEEP
        assert all(ex(p).level.rank > exercise.level.rank + 1 for p in exercise.progressions)
    else:
        assert decision.action is Action.MOVE_UP
        new = ex(decision.target.exercise)
        assert new.id in exercise.progressions
        assert exercise.level.rank <= new.level.rank <= exercise.level.rank + 1
        assert new.level.rank == min(ex(p).level.rank for p in exercise.progressions), (
            "the easiest progression comes first"
        )


@pytest.mark.parametrize(
    "exercise", [e for e in CATALOG.exercises if e.regressions], ids=lambda e: e.id
)
def test_moving_down_goes_to_the_nearest_regression(exercise: Exercise) -> None:
    down = rung_down(exercise, CATALOG)
    assert down is not None and down.id in exercise.regressions
    nearest = min(exercise.level.rank - ex(r).level.rank for r in exercise.regressions)
    assert exercise.level.rank - down.level.rank <= max(1, nearest)


# -- long gaps -----------------------------------------------------------------------------


@pytest.mark.parametrize("days", [14, 15, 20, 27])
def test_a_gap_of_two_weeks_or_more_steps_back(days: int) -> None:
    step = step_back_after_gap(MONDAY, MONDAY + dt.timedelta(days=days))
    assert step is not None
    assert step.days == days
    assert step.load_cut == pytest.approx(0.10)
    assert step.fewer_sets == 1 and step.lasts_days == 7
    assert step.rungs_down == 0
    assert "less load" in step.reason


@pytest.mark.parametrize("days", [0, 1, 7, 13])
def test_shorter_gaps_do_not_step_back(days: int) -> None:
    assert step_back_after_gap(MONDAY, MONDAY + dt.timedelta(days=days)) is None


def test_no_history_means_no_step_back() -> None:
    assert step_back_after_gap(None, MONDAY) is None


@pytest.mark.parametrize("days", [28, 40, 365])
def test_four_weeks_or_more_also_steps_down_a_rung(days: int) -> None:
    step = step_back_after_gap(MONDAY, MONDAY + dt.timedelta(days=days))
    assert step is not None and step.rungs_down == 1
    assert "ladder" in step.reason


def test_after_a_gap_loaded_work_is_lighter_with_a_set_fewer() -> None:
    step = step_back_after_gap(MONDAY, MONDAY + dt.timedelta(days=15))
    assert step is not None
    decision = resume_after_gap(ex("goblet-squat"), CATALOG, GOBLET, step)
    assert decision.action is Action.LESS_LOAD
    assert decision.target == Target("goblet-squat", 2, 10, None, 10.0, 8)
    assert decision.reason == step.reason


def test_after_a_long_gap_the_runner_steps_down_a_rung_with_a_set_fewer() -> None:
    step = step_back_after_gap(MONDAY, MONDAY + dt.timedelta(days=30))
    assert step is not None
    decision = resume_after_gap(ex("push-up"), CATALOG, Target("push-up", 3, 12, None), step)
    assert decision.action is Action.MOVE_DOWN
    assert decision.target.exercise == "incline-push-up"
    assert decision.target.sets == 2


def test_after_a_gap_a_single_set_of_a_hold_loses_seconds() -> None:
    step = step_back_after_gap(MONDAY, MONDAY + dt.timedelta(days=14))
    assert step is not None
    decision = resume_after_gap(ex("plank"), CATALOG, Target("plank", 1, None, 40), step)
    assert decision.action is Action.FEWER_SECONDS
    assert decision.target.seconds == 35


# -- inputs --------------------------------------------------------------------------------


def test_an_empty_history_is_refused() -> None:
    with pytest.raises(InvalidInput):
        next_target(ex("push-up"), CATALOG, [], INT)


def test_a_history_of_another_exercise_is_refused() -> None:
    with pytest.raises(InvalidInput):
        next_target(ex("plank"), CATALOG, [session(PUSH_UP, 8, 8, 8)], INT)


def test_a_target_counts_reps_or_seconds_not_both() -> None:
    with pytest.raises(InvalidInput):
        Target("plank", 3, 10, 30)
    with pytest.raises(InvalidInput):
        Target("plank", 0, None, 30)


def test_a_target_comes_from_a_plan_item_with_its_effort() -> None:
    item = Item(
        exercise="goblet-squat",
        name="Goblet squat",
        sets=3,
        reps=10,
        seconds=None,
        per_side=False,
        extra_sets=NO_EXTRA,
        contacts=0,
        load={"rpe": 8},
        rest_seconds=90,
        tempo="3-1-1",
        equipment=(Equipment.DUMBBELL,),
        level=ex("goblet-squat").level,
        unilateral=False,
        why="",
        role="squat",
    )
    assert target_from_item(item, load_kg=12.0) == GOBLET
    body_weight = target_from_item(
        Item(**{**{f: getattr(item, f) for f in item.__slots__}, "load": {"bodyweight": True}})
    )
    assert body_weight.rpe is None and body_weight.load_kg is None


def test_a_performance_comes_from_a_logged_session() -> None:
    log = SessionLog(
        id="s1",
        date=MONDAY,
        items=(done(GOBLET, 10, 10, 12),),
        pain_settled=False,
    )
    performance = Performance.of(log, GOBLET)
    assert performance.date == MONDAY and not performance.pain_settled
    with pytest.raises(InvalidInput):
        Performance.of(log, PUSH_UP)
