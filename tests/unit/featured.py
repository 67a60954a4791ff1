"""Plans that carry the newer contract fields, built by hand for the renderer tests.

The generator leaves pairs, ramp-up sets, timing, retests, adaptations and race days empty
for now, so these patch a generated plan (or build a tiny one) with `dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import (
    NO_EXTRA,
    PLAN_SCHEMA,
    Adaptation,
    BlockPlan,
    ExtraSets,
    Item,
    Phase,
    PhaseName,
    Plan,
    Session,
    Week,
)
from runstrong.domain.vocabulary import Block, Level
from runstrong.services.planning import example_profile, make_plan

TIMING = "after your run, or at least 6 hours later"
RETEST = ("single_leg_calf_raise_reps", "side_plank_seconds")
ADAPTATION_TEXT = "Your right Achilles is sore: no hops or jumps, and a daily calf hold."
NOTE = "No heavy work in the last 7 days before your race."
RACE_DAY = dt.date(2027, 4, 11)  # achilles-10k's goal: a 10k, B race, on a Sunday


def cleared(plan: Plan) -> Plan:
    """The plan with none of the newer fields filled, whatever the generator does with them."""
    weeks = []
    for week in plan.weeks:
        sessions = tuple(
            replace(
                s,
                timing=None,
                blocks=tuple(
                    replace(b, items=tuple(replace(i, pair=None, warmup_sets=0) for i in b.items))
                    for b in s.blocks
                ),
            )
            for s in week.sessions
        )
        running = {day: "rest" if kind == "race" else kind for day, kind in week.running.items()}
        weeks.append(replace(week, sessions=sessions, retest=(), running=running))
    return replace(plan, weeks=tuple(weeks), adaptations=())


def featured_session(date: dt.date) -> Session:
    """A squat paired with a dead bug, the squat after 3 ramp-up sets, and a plain plank."""
    squat = item("goblet-squat", "Goblet squat", sets=3, reps=6, load={"rm": 8}, tempo="3-1-1",
                 rest_seconds=120, pair="A", warmup_sets=3)  # fmt: skip
    bug = item("dead-bug", "Dead bug", sets=3, reps=8, per_side=True, pair="A", rest_seconds=0)
    plank = item("plank", "Plank", sets=2, reps=None, seconds=30, rest_seconds=45)
    return Session(
        date=date,
        minutes=30,
        level=Level.FOUNDATIONAL,
        focus="squat and core",
        loads_legs=True,
        blocks=(BlockPlan(Block.STRENGTH, (squat,)), BlockPlan(Block.CORE, (bug, plank))),
        timing=TIMING,
    )


def featured_plan(catalog: Catalog) -> Plan:
    """achilles-10k with a pair, ramp-up sets, timing, a retest, an adaptation and its race.

    Week 1's first session is the featured session; the other weeks have none of the new
    fields but the race day.
    """
    plan = cleared(make_plan(example_profile("achilles-10k"), catalog))
    first = plan.weeks[0]
    session = featured_session(first.sessions[0].date)
    first = replace(first, sessions=(session, *first.sessions[1:]), retest=RETEST)
    weeks = [first, *plan.weeks[1:]]
    for number, week in enumerate(weeks):
        if week.start <= RACE_DAY < week.start + dt.timedelta(days=7):
            weeks[number] = replace(week, running={**week.running, "sun": "race"})
    adaptation = Adaptation(
        kind="injury",
        reason="achilles",
        side="right",
        exercises_added=("isometric-calf-hold",),
        exercises_left_out=("pogo-hops",),
        sessions_per_week=None,
        extra_sets=NO_EXTRA,
        retest_week=None,
        text=ADAPTATION_TEXT,
    )
    return replace(plan, weeks=tuple(weeks), warnings=(NOTE,), adaptations=(adaptation,))


def race_week(plan: Plan) -> int:
    """The index of the week holding RACE_DAY."""
    return next(w.index for w in plan.weeks if w.start <= RACE_DAY < w.start + dt.timedelta(days=7))


def item(
    exercise: str = "bodyweight-squat", name: str = "Body-weight squat", **fields: object
) -> Item:
    """A plain body-weight item: no tempo, both legs at once, no pair, no ramp-up sets."""
    values: dict[str, object] = {
        "exercise": exercise, "name": name, "sets": 2, "reps": 10, "seconds": None,
        "per_side": False, "extra_sets": ExtraSets(), "contacts": 0, "load": {"bodyweight": True},
        "rest_seconds": 60, "tempo": None, "equipment": (), "level": Level.BASICS,
        "unilateral": False, "why": "Legs that hold your form.", "role": "main_lift",
    }  # fmt: skip
    values.update(fields)
    return Item(**values)  # type: ignore[arg-type]


def plain_plan(*items: Item) -> Plan:
    """One week, one session of the given items (one plain item by default), nothing else."""
    start = dt.date(2027, 1, 4)
    session = Session(
        date=start + dt.timedelta(days=1),
        minutes=20,
        level=Level.BASICS,
        focus="squat",
        loads_legs=True,
        blocks=(BlockPlan(Block.STRENGTH, items or (item(),)),),
    )
    profile = {
        "name": "Kim", "start_date": "2027-01-04", "experience": "novice",
        "running": {"weekly_km": 20.0, "weekly_miles": None, "week": {"tue": "easy"}},
        "goal": {"event": "none", "date": None, "priority": "A"},
        "availability": {"sessions_per_week": 1, "minutes_per_session": 20},
        "equipment": [], "injuries": [], "assessment": None, "units": "metric", "weeks": 4,
    }  # fmt: skip
    running = {"mon": "rest", "tue": "easy", "wed": "rest", "thu": "rest", "fri": "rest",
               "sat": "rest", "sun": "rest"}  # fmt: skip
    week = Week(1, start, PhaseName.MAINTENANCE, False, running, (session,))
    phase = Phase(PhaseName.MAINTENANCE, start, start + dt.timedelta(days=6))
    return Plan(PLAN_SCHEMA, profile, (), (phase,), (week,))
