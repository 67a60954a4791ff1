"""The injury protocols a trial doses by days a week, checked through the plans they make.

- heavy slow resistance for the Achilles (Beyer 2015): 3 days a week, 15RM -> 12 -> 10 ->
  8 -> 6RM on the trial's weeks, loaded where the runner has a load and one leg at a time
  where not, two of the trial's three heel raises, lighter through the taper and race week
  and never on the days just before a race; the daily calf hold on one leg at a time, with
  the sore side's extra set;
- Nordic curls (Petersen 2011): 1 day of 2x5, 2 days of 2x6, then 3 days a week, then once
  a week; once a week from the start once the strain is past;
- the Copenhagen plank (Harøy 2019): reps on each side, one set a side, 3 days a week for 8
  weeks and then once a week; once a week once the groin is past;
- the days a week are data (``per_week``), and ``promises.check`` holds every plan to them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runstrong.domain import promises
from runstrong.domain.athlete import WEEKDAYS, Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.generator import generate_plan
from runstrong.domain.injuries import Dosed, InjuryProfile
from runstrong.domain.plan import ExtraSets, Item, Plan, RehabRoutine, Week
from runstrong.domain.vocabulary import InjuryArea
from runstrong.library import load_catalog

from . import plan_rules
from .strategies import profiles
from .test_personalisation import runner

CATALOG: Catalog = load_catalog()
START = dt.date(2027, 1, 4)  # a Monday
KEY_RUNS = ("quality", "long", "race")


def injured(area: str, status: str, side: str = "left", **changes: Any) -> Plan:
    profile = runner(injuries=[{"area": area, "side": side, "status": status}], **changes)
    plan = generate_plan(profile, CATALOG)
    plan_rules.check_all(plan, profile, CATALOG)
    return plan


def protocol(area: str, status: str, exercise: str) -> Dosed:
    injury = CATALOG.injury_profile(InjuryArea(area))
    assert injury is not None
    return next(d for d in injury.for_status(status).protocol_items() if d.exercise == exercise)


def of_area(item: Item, area: str | None) -> bool:
    """Whether the item carries the work of this injury area (any area when None)."""
    if area is None:
        return True
    return (
        item.role == f"rehab_{area}" or re.fullmatch(rf"injury_{area}(_\d)?", item.role) is not None
    )


def days_of(week: Week, options: tuple[str, ...], area: str | None = None) -> list[dt.date]:
    """The days of the week that hold one of the options, sessions and routines together."""

    def holds(item: Item) -> bool:
        return item.exercise in options and of_area(item, area)

    found = {s.date for s in week.sessions for i in s.items() if holds(i)}
    for routine in week.rehab:
        if any(holds(i) for i in routine.items):
            found |= {week.start + dt.timedelta(days=WEEKDAYS.index(d)) for d in routine.days}
    return sorted(found)


def items_of(week: Week, options: tuple[str, ...]) -> list[tuple[RehabRoutine, Item]]:
    return [(r, i) for r in week.rehab for i in r.items if i.exercise in options]


HSR = ("seated-weighted-calf-raise", "leg-press-calf-raise")
BEYER = {1: (3, 15), 2: (3, 12), 3: (3, 12), 4: (4, 10), 5: (4, 10), 6: (4, 8), 7: (4, 8)}
BEYER |= {8: (4, 8), 9: (4, 6), 12: (4, 6), 16: (4, 6)}


# -- heavy slow resistance (Beyer 2015) ------------------------------------------------------


@pytest.mark.parametrize("status", ["current", "recovering"])
def test_heavy_slow_resistance_follows_beyers_steps_in_order_three_days_a_week(
    status: str,
) -> None:
    plan = injured("achilles", status)
    for exercise in HSR:
        options = protocol("achilles", status, exercise).options()
        for week in plan.weeks:
            days = days_of(week, options)
            assert len(days) == 3, (week.index, days)
            assert all((b - a).days >= 2 for a, b in pairwise(days)), days
            held = items_of(week, options)
            assert {(i.sets, i.reps) for _r, i in held} == {BEYER.get(week.index, (4, 6))}
            assert all(i.tempo == "3-0-3" for _r, i in held)
            # loaded: the heaviest load the runner can lift for the reps, e.g. 12RM
            assert all(i.load == {"rm": i.reps} for _r, i in held)


def test_heavy_slow_resistance_goes_after_the_leg_sessions_and_not_before_a_key_run() -> None:
    plan = injured("achilles", "current")
    options = protocol("achilles", "current", HSR[0]).options()
    for week in plan.weeks:
        days = days_of(week, options)
        legs = [s.date for s in week.sessions if s.loads_legs]
        assert set(legs) <= set(days)
        for day in days:
            after = (day.weekday() + 1) % 7
            assert week.running[WEEKDAYS[after]] not in KEY_RUNS or day in legs


@pytest.mark.parametrize(
    ("equipment", "bent_knee", "straight_knee", "loaded"),  # loaded where there is a load
    [
        (["gym"], "seated-weighted-calf-raise", "leg-press-calf-raise", True),
        (["home", "dumbbell"], "seated-weighted-calf-raise", "weighted-calf-raise", True),
        (["home"], "seated-rucksack-calf-raise", "rucksack-calf-raise", True),
        ([], "single-leg-bent-knee-calf-raise", "single-leg-calf-raise", False),
    ],
)
@pytest.mark.parametrize("experience", ["novice", "intermediate", "advanced"])
def test_heavy_slow_resistance_is_loaded_or_one_legged_from_week_1(
    equipment: list[str], bent_knee: str, straight_knee: str, loaded: bool, experience: str
) -> None:
    plan = injured("achilles", "current", equipment=equipment, experience=experience)
    first = {i.exercise: i for _r, i in items_of(plan.weeks[0], (bent_knee, straight_knee))}
    assert set(first) == {bent_knee, straight_knee}
    for item in first.values():
        exercise = CATALOG.exercise(item.exercise)
        # a load where there is one (a rucksack at home), one leg at a time where not
        assert exercise.loadable or exercise.unilateral, item.exercise
        assert exercise.loadable is loaded
        if experience == "novice" and exercise.loadable:
            assert item.load == {"rpe": 7} and item.reps == 15  # a novice's moderate load
        if exercise.unilateral:
            # the sore left side gets its extra set, in loading weeks
            assert item.per_side and item.extra_sets == ExtraSets(1, 0)


def test_a_novice_lifts_8_reps_or_more_and_the_text_says_it_is_an_adaptation() -> None:
    plan = injured("achilles", "current", experience="novice")
    options = sum((protocol("achilles", "current", e).options() for e in HSR), ())
    held = [i for w in plan.weeks[8:] for _r, i in items_of(w, options)]
    assert held and all(i.reps == 8 and i.load == {"rpe": 7} for i in held)  # not 4x6RM
    (entry,) = plan.adaptations
    assert "Adapted for a newer lifter" in entry.text
    assert "Adapted for a newer lifter" not in injured("achilles", "current").adaptations[0].text


@pytest.mark.parametrize(
    ("side", "extra"), [("left", ExtraSets(1, 0)), ("right", ExtraSets(0, 1)), ("both", None)]
)
@pytest.mark.parametrize(
    ("equipment", "hold", "load"),
    [
        (["home", "dumbbell"], "weighted-single-leg-calf-hold", {"rpe": 7}),
        (["home"], "single-leg-isometric-calf-hold", {"bodyweight": True}),
    ],
)
def test_the_calf_hold_is_on_one_leg_with_the_sore_sides_extra_set(
    side: str, extra: ExtraSets | None, equipment: list[str], hold: str, load: dict[str, Any]
) -> None:
    plan = injured("achilles", "current", side=side, equipment=equipment)
    for week in plan.weeks:
        routine = week.rehab[0]
        assert routine.days == WEEKDAYS
        (item,) = routine.items
        assert (item.exercise, item.sets, item.seconds, item.per_side) == (hold, 5, 45, True)
        assert item.load == load  # loaded where the runner has a dumbbell
        assert item.extra_sets == (extra or ExtraSets())  # both sides sore: even


A_HALF = {"event": "half_marathon", "date": "2027-04-25", "priority": "A"}


def test_heavy_slow_resistance_goes_on_lighter_through_the_taper_and_race_week() -> None:
    profile = runner(injuries=[{"area": "achilles", "status": "current"}], goal=A_HALF)
    plan = generate_plan(profile, CATALOG)
    plan_rules.check_all(plan, profile, CATALOG)
    race = dt.date(2027, 4, 25)
    options = protocol("achilles", "current", HSR[0]).options()
    late = [w for w in plan.weeks if w.phase.value in ("taper", "race")]
    assert [w.phase.value for w in late] == ["taper", "race"]
    for week in late:
        held = items_of(week, options)
        assert held, f"week {week.index}: heavy slow resistance stops"
        assert all(i.sets == 2 and i.reps == 6 for _r, i in held)  # half of 4x6
        for day in days_of(week, options):
            to_race = (race - day).days
            assert to_race > 2, f"{day}: heavy heel raises {to_race} days before the race"
            if to_race <= 10:  # inside the heavy cutoff: an easy effort, nothing heavy
                routine = next(r for r, _i in held if WEEKDAYS[day.weekday()] in r.days)
                assert all(i.load == {"rpe": 6} and not i.heavy for i in routine.items)
    (entry,) = plan.adaptations
    assert "none on the days just before a race" in entry.text


# -- Nordic curls (Petersen 2011) ---------------------------------------------------------------

PETERSEN = {1: (1, 2, 5), 2: (2, 2, 6), 3: (3, 3, 6), 4: (3, 3, 8)}
PETERSEN |= dict.fromkeys(range(5, 11), (3, 3, 10)) | dict.fromkeys(range(11, 17), (1, 3, 10))


@pytest.mark.parametrize("experience", ["novice", "intermediate", "advanced"])
def test_nordic_curls_build_as_in_petersens_programme_then_keep_once_a_week(
    experience: str,
) -> None:
    plan = injured("hamstring", "recovering", experience=experience)
    options = protocol("hamstring", "recovering", "partial-range-nordic").options()
    for week in plan.weeks:
        days = days_of(week, options)
        sessions, sets, reps = PETERSEN[week.index]
        assert len(days) == sessions, (week.index, days)
        assert all((b - a).days >= 2 for a, b in pairwise(days))
        # a novice starts where the paper starts too: 2 x 5, not 2 x 8
        assert {(i.sets, i.reps) for _r, i in items_of(week, options)} == {(sets, reps)}
    assert not any(i.exercise in options for s in plan.sessions() for i in s.items())
    (entry,) = plan.adaptations
    assert "Adapted: 3x10 in place of its sets of 12, 10 and 8" in entry.text
    assert "1 day a week in week 1, then 2 in week 2, then 3 from week 3, then 1 from week 11" in (
        entry.text
    )


def test_a_past_hamstring_keeps_nordic_curls_once_a_week_building_its_sets() -> None:
    plan = injured("hamstring", "past")
    options = protocol("hamstring", "past", "hand-assisted-nordic").options()
    doses = {}
    for week in plan.weeks:
        assert len(days_of(week, options)) == 1
        ((_r, item),) = items_of(week, options)
        doses[week.index] = (item.sets, item.reps)
    assert [doses[w] for w in (1, 2, 3, 4, 5, 16)] == [
        (2, 5),
        (2, 6),
        (3, 6),
        (3, 8),
        (3, 10),
        (3, 10),
    ]
    assert "once a week" in plan.adaptations[0].text and "Adapted" in plan.adaptations[0].text


# -- the Copenhagen plank (Harøy 2019) ----------------------------------------------------------


def test_the_copenhagen_plank_is_one_set_a_side_three_days_a_week_then_once() -> None:
    plan = injured("adductor", "recovering")
    options = protocol("adductor", "recovering", "short-lever-copenhagen").options()
    reps = []
    for week in plan.weeks:
        days = days_of(week, options)
        assert len(days) == (3 if week.index <= 8 else 1), (week.index, days)
        ((_r, item),) = {(r.days, i.exercise): (r, i) for r, i in items_of(week, options)}.values()
        # reps on each side, not a timed hold; the sore left side gets a second set
        assert item.per_side and item.seconds is None and item.sets == 1
        assert item.extra_sets == ExtraSets(1, 0)
        reps.append(item.reps)
    assert reps == sorted(reps) and reps[0] == 5 and reps[-1] == 15  # building over the weeks
    text = plan.adaptations[0].text
    assert "footballers" in text and "our adaptation" in text and "prevent" in text


def test_a_past_groin_keeps_the_copenhagen_plank_once_a_week() -> None:
    plan = injured("adductor", "past")
    options = protocol("adductor", "past", "copenhagen-plank").options()
    for week in plan.weeks:
        assert len(days_of(week, options)) == 1
        ((_r, item),) = items_of(week, options)
        assert (item.exercise, item.sets, item.per_side) == ("copenhagen-plank", 1, True)
        assert item.extra_sets == ExtraSets()  # a past injury is even
    assert "once a week" in plan.adaptations[0].text.lower()


# -- a session exercise counted by days a week -------------------------------------------------


def in_sessions(profile: InjuryProfile) -> InjuryProfile:
    """The Achilles profile with its heavy slow heel raises in the strength sessions."""
    data = profile.model_dump(mode="json")
    current = data["current"]
    counted = [d for d in current["rehab"]["items"] if d.get("per_week")]
    current["rehab"]["items"] = [d for d in current["rehab"]["items"] if not d.get("per_week")]
    current["session"] = counted
    return InjuryProfile.model_validate(data)


def catalog_with_heavy_slow_resistance_in_sessions() -> Catalog:
    injuries = [
        in_sessions(p) if p.area is InjuryArea.ACHILLES else p for p in CATALOG.injury_profiles
    ]
    exercises = [e.model_copy(update={"guides": ()}) for e in CATALOG.exercises]
    return Catalog(exercises, CATALOG.guides, injuries)


@pytest.mark.parametrize("sessions", [1, 2, 3])
def test_rehab_days_carry_what_the_leg_sessions_leave_of_a_session_exercise(
    sessions: int,
) -> None:
    catalog = catalog_with_heavy_slow_resistance_in_sessions()
    profile = runner(
        experience="advanced",  # whose sessions reach the heel raises' level from week 1
        injuries=[{"area": "achilles", "status": "current"}],
        availability={"sessions_per_week": sessions, "minutes_per_session": 60},
        running={"weekly_km": 40, "week": {"tue": "quality", "sun": "long"}},
    )
    plan = generate_plan(profile, catalog)
    options = protocol("achilles", "current", HSR[0]).options()
    for week in plan.weeks[1:]:
        held = sorted(
            {
                s.date
                for s in week.sessions
                for i in s.items()
                if i.exercise in options and i.role == "injury_achilles"
            }
        )
        carried = [
            week.start + dt.timedelta(days=WEEKDAYS.index(d))
            for r, _i in items_of(week, options)
            for d in r.days
        ]
        # on days without a full session (a light one after a long run holds no heavy work)
        session_days = {s.date for s in week.sessions if not s.focus.startswith("light")}
        assert len(held) + len(carried) == 3, (week.index, held, carried)
        assert not set(carried) & session_days
        assert all((b - a).days >= 2 for a, b in pairwise(sorted(held + carried)))
        # a rehab day repeats a dose the week's sessions hold (in a loading week)
        doses = {
            (i.sets, i.reps)
            for s in week.sessions
            for i in s.items()
            if i.exercise in options and i.role == "injury_achilles"
        }
        if doses and not week.deload:
            assert {(i.sets, i.reps) for _r, i in items_of(week, options)} <= doses


# -- the promise ----------------------------------------------------------------------------------


def test_promises_check_the_days_a_week_of_each_protocol() -> None:
    profile = runner(injuries=[{"area": "hamstring", "status": "recovering"}])
    plan = generate_plan(profile, CATALOG)
    nordic = protocol("hamstring", "recovering", "partial-range-nordic")
    promise = promises.Promise(
        kind="injury",
        reason="hamstring",
        side="both",
        roles=frozenset({"rehab_hamstring"}),
        full_legs_only=True,
        extra_sets=ExtraSets(),
        left_out=(),
        retest=None,
        summary="A test.",
        action="work",
        protocols=(
            promises.Protocol(
                frozenset({"rehab_hamstring"}), frozenset(nordic.options()), nordic.weekly()
            ),
        ),
    )
    entries = promises.adaptations([promise], plan.weeks, START)
    assert promises.check(entries, [promise], plan.weeks, START) == []
    assert entries[0].days_per_week[0].days == 1 and entries[0].days_per_week[2].from_week == 3

    def with_days(week: Week, days: tuple[str, ...]) -> Week:
        routine = next(r for r in week.rehab if r.items[0].role == "rehab_hamstring")
        rehab = tuple(replace(r, days=days) if r is routine else r for r in week.rehab)
        return replace(week, rehab=rehab)

    too_few = [with_days(w, ("mon",)) if w.index == 6 else w for w in plan.weeks]
    assert promises.check(entries, [promise], too_few, START) == [
        "week 6: hamstring partial-range-nordic on 1 of 3 days"
    ]
    too_many = [with_days(w, ("mon", "wed")) if w.index == 1 else w for w in plan.weeks]
    assert promises.check(entries, [promise], too_many, START) == [
        "week 1: hamstring partial-range-nordic on 2 days, more than 1"
    ]
    running = [with_days(w, ("mon", "tue", "fri")) if w.index == 6 else w for w in plan.weeks]
    assert promises.check(entries, [promise], running, START) == [
        f"{START + dt.timedelta(weeks=5, days=1)}: hamstring partial-range-nordic two days running"
    ]


def test_every_protocol_counted_by_days_a_week_says_how_many_in_its_data() -> None:
    counted = {
        (p.area.value, status, d.exercise): d.weekly()
        for p in CATALOG.injury_profiles
        for status, plan in p.plans()
        for d in plan.protocol_items()
        if d.weekly()
    }
    assert counted == {
        ("achilles", "current", "seated-weighted-calf-raise"): ((1, 3),),
        ("achilles", "current", "leg-press-calf-raise"): ((1, 3),),
        ("achilles", "recovering", "seated-weighted-calf-raise"): ((1, 3),),
        ("achilles", "recovering", "leg-press-calf-raise"): ((1, 3),),
        ("hamstring", "recovering", "partial-range-nordic"): ((1, 1), (2, 2), (3, 3), (11, 1)),
        ("hamstring", "past", "hand-assisted-nordic"): ((1, 1),),
        ("adductor", "recovering", "short-lever-copenhagen"): ((1, 3), (9, 1)),
        ("adductor", "recovering", "side-lying-hip-adduction"): ((1, 3), (9, 1)),
        ("adductor", "past", "copenhagen-plank"): ((1, 1),),
        ("patellar_tendon", "current", "leg-press"): ((1, 3),),
        ("patellar_tendon", "recovering", "decline-squat"): ((1, 3),),
        ("patellar_tendon", "recovering", "leg-extension"): ((1, 3),),
    }


def test_every_current_injury_says_when_it_is_ready_to_move_on() -> None:
    for injury in CATALOG.injury_profiles:
        criteria = injury.current.moves_on
        assert criteria is not None, injury.area
        assert criteria.pain_at_most <= 3 and criteria.weeks >= 2
        plan = generate_plan(
            runner(injuries=[{"area": injury.area.value, "status": "current"}]), CATALOG
        )
        assert "Ready for the recovering plan when" in plan.adaptations[0].text


# -- over many runners ---------------------------------------------------------------------------

COUNTED = [
    ("achilles", "current"),
    ("achilles", "recovering"),
    ("hamstring", "recovering"),
    ("hamstring", "past"),
    ("adductor", "recovering"),
    ("adductor", "past"),
    ("patellar_tendon", "current"),
    ("patellar_tendon", "recovering"),
]


@st.composite
def injured_runners(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = draw(profiles())
    area, status = draw(st.sampled_from(COUNTED))
    side = draw(st.sampled_from(["left", "right", "both"]))
    data["injuries"] = [{"area": area, "side": side, "status": status}, *data["injuries"][:1]]
    return data


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(injured_runners())
def test_every_counted_protocol_keeps_its_days_a_week_over_many_runners(
    data: dict[str, Any],
) -> None:
    profile = Profile.model_validate(data)
    plan = generate_plan(profile, CATALOG)  # promises.check holds it to the days a week
    plan_rules.check_all(plan, profile, CATALOG)
    races = [r.date for r in profile.season()]
    for entry in plan.adaptations:
        for counted in entry.days_per_week:
            later = [c.from_week for c in entry.days_per_week if c.exercises == counted.exercises]
            until = min((w for w in later if w > counted.from_week), default=99)
            for week in plan.weeks:
                if not counted.from_week <= week.index < until:
                    continue
                days = days_of(week, counted.exercises, entry.reason)
                assert len(days) <= counted.days, (week.index, counted)
                assert all((b - a).days >= 2 for a, b in pairwise(days))
                for day in days:  # never on race day or the day before it
                    assert not any(0 <= (r - day).days <= 1 for r in races), day
                whole = (
                    week.phase.value in ("base", "build", "maintenance", "peak")
                    and week.start >= profile.start_date
                    and not any(-7 <= (r - week.start).days <= 20 for r in races)
                )
                if whole:
                    assert len(days) == counted.days, (week.index, counted, days)
