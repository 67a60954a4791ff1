"""Field tests, findings, injury profiles and the pain rule, checked through the plans they make."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given, settings

from runstrong.domain.athlete import Profile, Side
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.findings import assess, symmetry
from runstrong.domain.generator import generate_plan
from runstrong.domain.injuries import Step
from runstrong.domain.pain import PainAction, respond_to_pain
from runstrong.domain.plan import ExtraSets, Item, Plan
from runstrong.domain.vocabulary import Imbalance, InjuryArea
from runstrong.library import load_catalog

from . import plan_rules
from .strategies import profiles

CATALOG: Catalog = load_catalog()
START = dt.date(2027, 1, 4)


def runner(**changes: Any) -> Profile:
    data: dict[str, Any] = {
        "name": "Test",
        "start_date": START.isoformat(),
        "experience": "intermediate",
        "running": {
            "weekly_km": 50,
            "week": {"tue": "quality", "thu": "easy", "sat": "easy", "sun": "long"},
        },
        "goal": {"event": "none"},
        "availability": {"sessions_per_week": 2, "minutes_per_session": 45},
        "equipment": ["home", "dumbbell"],
        "weeks": 16,
    }
    data.update(changes)
    return Profile.model_validate(data)


def session_items(plan: Plan) -> list[tuple[int, Item]]:
    return [(w.index, i) for w in plan.weeks for s in w.sessions for i in s.items()]


def rehab_items(plan: Plan) -> list[tuple[int, Item]]:
    return [(w.index, i) for w in plan.weeks for r in w.rehab for i in r.items]


def assert_dose(item: Item, step: Step, experience: str) -> None:
    """An item dosed as its profile's step says (a novice lifts 8 reps or more of loaded
    work, at a moderate effort)."""
    assert (item.sets, item.seconds, item.tempo) == (step.sets, step.seconds, step.tempo)
    loaded = step.load != "bodyweight" and CATALOG.exercise(item.exercise).loadable
    if step.reps is not None and experience == "novice" and loaded:
        assert item.reps == max(step.reps, 8) and item.load == {"rpe": 7}
    else:
        assert item.reps == step.reps


# -- findings ------------------------------------------------------------------------------


def test_symmetry_is_the_weaker_side_as_a_share_of_the_stronger() -> None:
    from runstrong.domain.athlete import LeftRight

    assert symmetry(LeftRight(left=18, right=27)) == (pytest.approx(66.67, abs=0.01), Side.LEFT)
    assert symmetry(LeftRight(left=30, right=30)) == (100.0, None)


@pytest.mark.parametrize(
    ("test", "values", "imbalance", "side", "strong"),
    [
        ("single_leg_calf_raise_reps", {"left": 18, "right": 27}, Imbalance.CALF_STRENGTH, Side.LEFT, True),
        ("single_leg_calf_raise_reps", {"left": 30, "right": 28}, None, None, False),  # 93 %, above the norm
        ("single_leg_calf_raise_reps", {"left": 22, "right": 23}, Imbalance.CALF_STRENGTH, None, False),  # both under 25
        ("single_leg_bridge_reps", {"left": 28, "right": 24}, Imbalance.POSTERIOR_CHAIN, Side.RIGHT, False),  # 86 %
        ("single_leg_bridge_reps", {"left": 15, "right": 16}, Imbalance.POSTERIOR_CHAIN, None, True),  # poor, both
        ("side_plank_seconds", {"left": 60, "right": 70}, Imbalance.LATERAL_CORE, Side.LEFT, False),  # 86 %
        ("side_plank_seconds", {"left": 70, "right": 72}, None, None, False),  # 97 %: even enough
        ("single_leg_squat_reps", {"left": 8, "right": 10}, Imbalance.HIP_STABILITY, Side.LEFT, True),  # 80 %
        ("single_leg_hop_cm", {"left": 130, "right": 140}, None, None, False),  # 93 %
        ("single_leg_hop_cm", {"left": 110, "right": 140}, Imbalance.SINGLE_LEG_POWER, Side.LEFT, True),
    ],
)  # fmt: skip
def test_each_test_becomes_a_finding_by_its_thresholds(
    test: str, values: dict[str, int], imbalance: Imbalance | None, side: Side | None, strong: bool
) -> None:
    found = assess(runner(assessment={test: values}))
    if imbalance is None:
        assert found == []
        return
    (finding,) = found
    assert (finding.imbalance, finding.weak_side, finding.strong) == (imbalance, side, strong)
    assert finding.retest == START + dt.timedelta(weeks=6)


def test_a_poor_single_leg_squat_is_a_hip_stability_finding() -> None:
    (finding,) = assess(
        runner(assessment={"single_leg_squat_quality": {"left": "poor", "right": "good"}})
    )
    assert finding.imbalance is Imbalance.HIP_STABILITY and finding.weak_side is Side.LEFT


def test_the_retest_date_counts_from_the_test_date() -> None:
    profile = runner(
        assessment={"single_leg_calf_raise_reps": {"left": 18, "right": 27}, "date": "2027-02-01"}
    )
    assert assess(profile)[0].retest == dt.date(2027, 3, 15)


def test_a_calf_asymmetry_adds_single_leg_calf_work_with_extra_sets_on_the_weak_side() -> None:
    profile = runner(assessment={"single_leg_calf_raise_reps": {"left": 18, "right": 27}})
    plan = generate_plan(profile, CATALOG)
    calf = [
        (w, i)
        for w, i in session_items(plan)
        if CATALOG.exercise(i.exercise).pattern.value == "calf"
    ]
    loading = [
        i
        for w, i in calf
        if not plan.weeks[w - 1].deload and plan.weeks[w - 1].phase.value == "maintenance"
    ]
    assert loading, "calf work is added"
    assert all(i.unilateral and i.extra_sets.right == 0 for i in loading)
    # The weak side's extra sets are protected: every full loading week carries both.
    assert all(i.extra_sets.left == 2 for i in loading)
    assert all("2 extra sets on your weaker left side" in i.why for i in loading)
    entry = next(a for a in plan.adaptations if a.reason == "single_leg_calf_raise_reps")
    assert (entry.kind, entry.side, entry.extra_sets.left, entry.extra_sets.right) == (
        "finding",
        "left",
        2,
        0,
    )
    assert {i.exercise for i in loading} <= set(entry.exercises_added)
    retest = plan.weeks[entry.retest_week - 1]
    assert retest.start <= dt.date(2027, 2, 15) < retest.start + dt.timedelta(days=7)
    assert "single_leg_calf_raise_reps" in retest.retest
    assert f"Retest in week {entry.retest_week}" in entry.text
    assert "77%" not in entry.text and "67%" in entry.text
    assert not any(w.startswith("Single-leg calf raises") for w in plan.warnings)
    # lighter weeks keep the work, with fewer extra sets but still uneven
    deload = [i for w, i in calf if plan.weeks[w - 1].deload]
    assert deload and all(i.extra_sets.left == 1 and i.extra_sets.right == 0 for i in deload)


def test_a_weak_bridge_adds_posterior_chain_work() -> None:
    plain = generate_plan(runner(), CATALOG)
    weak = generate_plan(
        runner(assessment={"single_leg_bridge_reps": {"left": 14, "right": 15}}), CATALOG
    )

    def hamstring_sets(plan: Plan) -> int:
        return sum(
            i.work_sets
            for _w, i in session_items(plan)
            if CATALOG.exercise(i.exercise).pattern.value in ("knee_flexion", "bridge")
        )

    assert hamstring_sets(weak) > hamstring_sets(plain)
    assert any("posterior-chain emphasis" in a.text for a in weak.adaptations)


def test_a_lopsided_side_plank_gets_extra_sets_on_the_weaker_side() -> None:
    plan = generate_plan(
        runner(assessment={"side_plank_seconds": {"left": 40, "right": 70}}), CATALOG
    )
    side_planks = [
        i
        for _w, i in session_items(plan)
        if CATALOG.exercise(i.exercise).pattern.value == "anti_lateral_flexion"
    ]
    assert any(i.extra_sets.left >= 1 for i in side_planks)
    assert not any(i.extra_sets.right for i in side_planks)


def test_a_weak_single_leg_squat_adds_hip_stability_work() -> None:
    plan = generate_plan(
        runner(assessment={"single_leg_squat_reps": {"left": 10, "right": 6}}), CATALOG
    )
    hips = [
        i
        for _w, i in session_items(plan)
        if CATALOG.exercise(i.exercise).pattern.value == "hip_abduction"
    ]
    assert hips and any(i.extra_sets.right >= 1 for i in hips)


# -- injuries --------------------------------------------------------------------------------

PLYOMETRICS_OUT = {InjuryArea.ACHILLES, InjuryArea.SHIN, InjuryArea.PLANTAR_FASCIA, InjuryArea.KNEE}
STATUSES = ["current", "recovering", "past"]


def test_every_area_has_a_profile_for_every_status() -> None:
    assert {p.area for p in CATALOG.injury_profiles} == set(InjuryArea)
    for profile in CATALOG.injury_profiles:
        assert profile.sources
        for status in STATUSES:
            assert profile.for_status(status).note


@pytest.mark.parametrize("area", list(InjuryArea))
@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("experience", ["novice", "intermediate", "advanced"])
def test_each_injury_profile_shapes_the_plan(
    area: InjuryArea, status: str, experience: str
) -> None:
    profile = runner(
        experience=experience, injuries=[{"area": area.value, "side": "left", "status": status}]
    )
    plan = generate_plan(profile, CATALOG)
    plan_rules.check_all(plan, profile, CATALOG)
    injury = CATALOG.injury_profile(area)
    assert injury is not None
    rules = injury.for_status(status)
    items = [i for _w, i in session_items(plan)]
    rehab_items = [i for w in plan.weeks for r in w.rehab for i in r.items]
    # exclusions
    for item in items + rehab_items:
        exercise = CATALOG.exercise(item.exercise)
        if status == "current":
            assert area not in exercise.avoid_with, item.exercise
        assert item.exercise not in rules.avoid, item.exercise
        if not rules.plyometrics:
            assert not exercise.plyometric, item.exercise
    if status == "current" and area in PLYOMETRICS_OUT:
        assert not rules.plyometrics and all(i.contacts == 0 for i in items)
    # additions in the sessions, dosed as the profile's steps say
    for dosed in rules.session:
        added = [
            (w, i)
            for w, i in session_items(plan)
            if i.exercise in dosed.options() and i.role.startswith("injury_")
        ]
        assert added, f"{area}/{status}: {dosed.exercise} not in any session"
        for week, item in added:
            step = dosed.step_for(week)
            if (
                not plan.weeks[week - 1].deload
                and plan.weeks[week - 1].phase.value == "maintenance"
            ):
                assert item.sets <= step.sets and (
                    item.seconds == step.seconds or item.reps is not None
                )
            assert item.why == dosed.why or item.why.startswith(dosed.why)
    # an injury's extra sets are said to be for the injured side, never a "weaker" one
    for item in items:
        if item.extra_sets.left or item.extra_sets.right:
            assert "weaker" not in item.why, f"{area}/{status}: {item.why}"
            assert "on your injured left side" in item.why, f"{area}/{status}: {item.why}"
    # the rehab routine beside the sessions, on the days its frequency says, and the
    # protocols counted by days a week on as many days as the profile says
    if rules.rehab is not None:
        every = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        fixed = [d for d in rules.rehab.items if not d.weekly()]
        counted = [d for d in rules.rehab.items if d.weekly()]
        for week in plan.weeks:
            routines = list(week.rehab)
            if fixed:
                assert rules.rehab.frequency is not None
                days = {
                    "daily": every,
                    # every other day by the calendar, across week boundaries too
                    "every_other_day": tuple(
                        d
                        for n, d in enumerate(every)
                        if (week.start + dt.timedelta(days=n)).toordinal() % 2 == 0
                    ),
                    "three_per_week": ("mon", "wed", "fri"),
                }[rules.rehab.frequency.value]
                routine = routines.pop(0)
                # a day whose session holds one of the routine's exercises skips it
                busy = {
                    every[s.date.weekday()]
                    for s in week.sessions
                    if {i.exercise for i in s.items()} & {i.exercise for i in routine.items}
                }
                expected = tuple(
                    d
                    for n, d in enumerate(every)
                    if d in days
                    and d not in busy
                    and week.start + dt.timedelta(days=n) >= profile.start_date
                )
                assert routine.days == expected
                assert routine.per_day == rules.rehab.per_day
                assert routine.items and routine.minutes <= 20
                for item in routine.items:
                    dosed = next(d for d in fixed if item.exercise in d.options())
                    assert_dose(item, dosed.step_for(week.index), experience)
            # (a plan without races: every counted day has the step's dose)
            for routine in routines:
                # (two heavy slow heel raises, one leg at a time without a load: about half an hour)
                assert routine.per_day == 1 and routine.items and routine.minutes <= 35
                for item in routine.items:
                    dosed = next(d for d in counted if item.exercise in d.options())
                    assert_dose(item, dosed.step_for(week.index), experience)
            for dosed in counted:
                on = [
                    d
                    for r in routines
                    if any(i.exercise in dosed.options() for i in r.items)
                    for d in r.days
                ]
                wanted = dosed.per_week_for(week.index)
                assert len(on) == len(set(on))
                if week.start >= profile.start_date:
                    assert len(on) == wanted, (week.index, dosed.exercise, on)
                else:
                    assert len(on) <= wanted
    else:
        assert all(not w.rehab for w in plan.weeks)
    entry = next(a for a in plan.adaptations if a.kind == "injury")
    assert entry.text.startswith(rules.note.rstrip("."))


def test_achilles_current_gets_daily_isometric_holds_and_no_jumping() -> None:
    plan = generate_plan(runner(injuries=[{"area": "achilles", "status": "current"}]), CATALOG)
    routine = plan.weeks[0].rehab[0]
    assert routine.days == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    (hold,) = routine.items
    # on one leg at a time, holding a dumbbell: the runner has one
    assert (hold.exercise, hold.sets, hold.seconds, hold.per_side) == (
        "weighted-single-leg-calf-hold",
        5,
        45,
        True,
    )
    assert hold.load == {"rpe": 7} and hold.extra_sets == ExtraSets(0, 0)  # both sides sore
    assert all(i.contacts == 0 for _w, i in session_items(plan))
    # heavy slow resistance three days a week: 3x15RM, then 3x12, 4x10 ... (Beyer 2015)
    (heavy_slow,) = plan.weeks[0].rehab[1:]
    assert len(heavy_slow.days) == 3
    assert [(i.exercise, i.sets, i.reps, i.load, i.tempo) for i in heavy_slow.items] == [
        ("seated-weighted-calf-raise", 3, 15, {"rm": 15}, "3-0-3"),
        ("weighted-calf-raise", 3, 15, {"rm": 15}, "3-0-3"),
    ]


def test_plantar_fascia_gets_the_towel_heel_raise_every_other_day() -> None:
    plan = generate_plan(
        runner(injuries=[{"area": "plantar_fascia", "status": "current"}]), CATALOG
    )
    doses = {}
    for week in plan.weeks:
        (routine,) = week.rehab
        # every other day by the calendar: never two days running, across weeks too
        dates = [
            week.start
            + dt.timedelta(days=("mon", "tue", "wed", "thu", "fri", "sat", "sun").index(d))
            for d in routine.days
        ]
        assert all((b - a).days == 2 for a, b in itertools.pairwise(dates))
        assert len(routine.days) in (3, 4)
        item = next(i for i in routine.items if i.exercise == "towel-heel-raise")
        doses[week.index] = (item.sets, item.reps, item.tempo, item.hold_top)
    # Rathleff et al. 2015: 3x12RM, from week 3 4x10RM, from week 5 5x8RM; 3 s up, 2 s hold
    # at the top, 3 s down (tempo lowering-pause-lifting, then the hold at the top)
    assert (
        doses[1] == (3, 12, "3-0-3", 2)
        and doses[3] == (4, 10, "3-0-3", 2)
        and doses[5] == (5, 8, "3-0-3", 2)
    )


def test_a_current_hamstring_keeps_nordics_out_and_a_past_one_brings_them_in() -> None:
    current = generate_plan(runner(injuries=[{"area": "hamstring", "status": "current"}]), CATALOG)
    assert not any("nordic" in i.exercise for _w, i in session_items(current))
    assert not any("nordic" in i.exercise for _w, i in rehab_items(current))
    past = generate_plan(runner(injuries=[{"area": "hamstring", "status": "past"}]), CATALOG)
    assert any("nordic" in i.exercise for _w, i in rehab_items(past))


def test_knee_pain_gets_hip_and_knee_work_together() -> None:
    plan = generate_plan(runner(injuries=[{"area": "knee", "status": "current"}]), CATALOG)
    patterns = {
        CATALOG.exercise(i.exercise).pattern.value
        for w in plan.weeks
        for i in [
            *(x for r in w.rehab for x in r.items),
            *(x for s in w.sessions for x in s.items() if x.role.startswith("injury_")),
        ]
    }
    assert "hip_abduction" in patterns and patterns & {"squat", "lunge"}


def test_the_more_troubled_status_rules_when_an_area_is_listed_twice() -> None:
    both = runner(injuries=[{"area": "achilles", "side": "left", "status": "past"},
                            {"area": "achilles", "side": "right", "status": "current"}])  # fmt: skip
    plan = generate_plan(both, CATALOG)
    assert all(i.contacts == 0 for _w, i in session_items(plan))
    (hold,) = plan.weeks[0].rehab[0].items
    # the hold on one leg at a time, with the extra set on the sore right side
    assert hold.exercise == "weighted-single-leg-calf-hold" and hold.extra_sets == ExtraSets(0, 1)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(profiles())
def test_no_plan_contains_a_contraindicated_exercise(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    plan = generate_plan(profile, CATALOG)
    current = profile.current_injuries()
    jumping_out = bool(current & PLYOMETRICS_OUT)
    for week in plan.weeks:
        items = [i for s in week.sessions for i in s.items()] + [
            i for r in week.rehab for i in r.items
        ]
        for item in items:
            exercise = CATALOG.exercise(item.exercise)
            assert not set(exercise.avoid_with) & current, (item.exercise, current)
            if jumping_out:
                assert not exercise.plyometric, (item.exercise, current)


# -- the pain rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "settled", "action"),
    [
        (0, True, PainAction.CARRY_ON),
        (3, True, PainAction.CARRY_ON),
        (3, False, PainAction.REGRESS),
        (4, True, PainAction.REGRESS),
        (5, True, PainAction.REGRESS),
        (6, True, PainAction.STOP),
        (10, True, PainAction.STOP),
    ],
)
def test_pain_never_leads_to_more_load(score: int, settled: bool, action: PainAction) -> None:
    response = respond_to_pain(score, settled)
    assert response.action is action
    if action is PainAction.STOP:
        assert (
            "physiotherapist or doctor" in response.message
            and "not medical advice" in response.message
        )


@pytest.mark.parametrize("score", [-1, 11, 12])
def test_a_pain_score_outside_0_to_10_is_refused(score: int) -> None:
    with pytest.raises(InvalidInput, match="pain"):
        respond_to_pain(score)


FINDINGS = {
    "single_leg_calf_raise_reps": {"left": 14, "right": 24},
    "single_leg_bridge_reps": {"left": 12, "right": 22},
    "side_plank_seconds": {"left": 30, "right": 60},
    "single_leg_squat_reps": {"left": 5, "right": 10},
    "single_leg_hop_cm": {"left": 100, "right": 140},
}


@pytest.mark.parametrize("experience", ["novice", "intermediate", "advanced"])
@pytest.mark.parametrize("equipment", [[], ["home"], ["gym"]])
@pytest.mark.parametrize("test", sorted(FINDINGS))
def test_a_finding_is_worked_on_from_the_first_week_when_no_injury_stands_in_the_way(
    experience: str, equipment: list[str], test: str
) -> None:
    profile = runner(
        experience=experience,
        equipment=equipment,
        availability={"sessions_per_week": 2, "minutes_per_session": 20},
        assessment={test: FINDINGS[test]},
    )
    plan = generate_plan(profile, CATALOG)
    (entry,) = plan.adaptations
    assert entry.exercises_added and entry.from_week == 1
    assert entry.sessions_per_week == 2
    # every leg session of every loading week holds it, uneven on the weak left side
    for week in plan.weeks:
        for session in week.sessions:
            if not session.loads_legs:
                continue
            mine = [i for i in session.items() if i.exercise in entry.exercises_added]
            assert mine, f"week {week.index}: {test} work missing"
            assert all(i.extra_sets.left > i.extra_sets.right for i in mine if i.per_side)
