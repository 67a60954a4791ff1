"""Property tests: every rule of a good plan, over thousands of generated runners."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from runstrong.domain.athlete import Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.fitting import JUMP_SETS_FOR_A_LIFT
from runstrong.domain.generator import generate_plan
from runstrong.domain.plan import Session
from runstrong.library import load_catalog

from . import plan_rules
from .strategies import profiles

CATALOG: Catalog = load_catalog()
SETTINGS = settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


# Found by this test on a fresh clone: a 30-minute session at its cap, with a weak side's
# extra sets, dropped its accessory in the second build week, so the week held less work
# than the week before ("week 6: volume fell inside a block (327 in week 5 -> 313)"). Last
# week's pairs were not tried again, and the greedy pairing fitted fewer items.
AT_THE_MINUTE_CAP = {
    "name": "Test runner",
    "start_date": "2026-01-01",
    "experience": "advanced",
    "running": {
        "week": {
            "mon": "rest",
            "tue": "rest",
            "wed": "rest",
            "thu": "rest",
            "fri": "rest",
            "sat": "rest",
            "sun": "rest",
        },
        "weekly_miles": 6,
    },
    "goal": {"event": "5k", "date": "2026-02-23", "priority": "A"},
    "availability": {"sessions_per_week": 2, "minutes_per_session": 30},
    "equipment": ["gym"],
    "injuries": [],
    "units": "metric",
    "assessment": {
        "single_leg_bridge_reps": {"left": 0, "right": 1},
        "side_plank_seconds": {"left": 0, "right": 0},
    },
}

# Found on a fresh clone too. Three sessions in a week without runs went Mon, Thu, Sun and
# then Tue, Thu, Sat (Sunday to Monday is under 48 hours), so a lighter week was compared
# with two weeks before: the schedule now counts the gap into next week.
ALTERNATING_DAYS = {
    "name": "Test runner",
    "start_date": "2026-01-01",
    "experience": "advanced",
    "running": {"week": dict.fromkeys(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "rest"),
                "weekly_miles": 6},
    "goal": {"event": "5k", "date": "2026-02-16", "priority": "A"},
    "availability": {"sessions_per_week": 3, "minutes_per_session": 25},
    "equipment": [],
    "injuries": [{"area": "plantar_fascia", "side": "left", "status": "past"}],
    "units": "metric",
}  # fmt: skip
# A posterior-chain finding promised in two sessions a week sat in one for the first block:
# the other session's slot looked only at its first pattern (knee flexion), whose one
# exercise was the hamstring protocol's, and never at bridges.
BRIDGE_BEHIND_A_PROTOCOL = {
    "name": "Test runner",
    "start_date": "2027-04-12",
    "experience": "novice",
    "running": {"week": {"mon": "quality", "wed": "quality", "thu": "quality", "fri": "long",
                         "sat": "rest", "sun": "easy"}, "weekly_km": 154},
    "availability": {"sessions_per_week": 3, "minutes_per_session": 20},
    "equipment": ["home"],
    "injuries": [{"side": "left", "status": "recovering", "area": "hamstring"},
                 {"area": "proximal_hamstring", "side": "right", "status": "current"}],
    "units": "imperial",
    "assessment": {"single_leg_calf_raise_reps": {"left": 10, "right": 5},
                   "single_leg_bridge_reps": {"left": 17, "right": 8},
                   "single_leg_squat_reps": {"left": 12, "right": 19},
                   "single_leg_squat_quality": {"left": "poor", "right": "good"}},
    "races": [{"event": "ultra", "date": "2027-07-12", "priority": "A"},
              {"event": "5k", "date": "2027-10-08", "priority": "C"},
              {"event": "marathon", "date": "2027-11-04", "priority": "B"},
              {"event": "ultra", "date": "2027-12-09", "priority": "B"}],
}  # fmt: skip


# Found by CI's run: an Achilles and a plantar fascia, both past, for a novice in a gym.
# Both protocols' first option the runner can do is the single-leg calf raise; a session
# holds it once, under the plantar fascia's role, so the Achilles promise counted none.
BOTH_WANT_THE_CALF_RAISE = {
    "name": "Test runner",
    "start_date": "2026-01-01",
    "experience": "novice",
    "running": {"week": dict.fromkeys(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "rest"),
                "weekly_miles": 6},
    "goal": {"event": "5k", "date": "2026-02-02", "priority": "A"},
    "availability": {"sessions_per_week": 1, "minutes_per_session": 15},
    "equipment": ["gym"],
    "injuries": [{"area": "achilles", "side": "left", "status": "past"},
                 {"area": "plantar_fascia", "side": "left", "status": "past"}],
    "units": "metric",
}  # fmt: skip


# Found by a wider random run: the light session on a long-run day, new to its session
# type in the peak week, brought "nothing new", so the hip work promised in two sessions
# a week sat in one.
PROMISE_IN_A_LIGHT_PEAK_SESSION = {
    "name": "Test runner",
    "start_date": "2026-12-17",
    "experience": "novice",
    "running": {"week": {"tue": "easy", "wed": "long", "thu": "easy", "sat": "easy",
                         "sun": "long"}, "weekly_km": 82},
    "goal": {"event": "5k", "date": "2027-01-27", "priority": "A"},
    "availability": {"sessions_per_week": 3, "minutes_per_session": 30},
    "equipment": ["gym"],
    "injuries": [{"area": "hip", "status": "current", "side": "both"},
                 {"area": "bone_stress", "status": "current", "side": "both"}],
    "units": "metric",
    "assessment": {"single_leg_calf_raise_reps": {"left": 9, "right": 21},
                   "single_leg_squat_reps": {"left": 11, "right": 7},
                   "single_leg_squat_quality": {"left": "good", "right": "fair"}},
    "races": [{"event": "5k", "date": "2027-01-27", "priority": "A"}],
}  # fmt: skip


# Found by a wide random run: an advanced runner with 20-minute sessions, whose second
# build block's jumps (5 sets, protected) left room for one lift only. The jumps now give
# sets, down to three, before the second lift leaves (``fitting.JUMP_SETS_FOR_A_LIFT``).
JUMPS_BEFORE_THE_SECOND_LIFT = {
    "name": "Test runner",
    "start_date": "2026-04-05",
    "experience": "advanced",
    "running": {"week": {"mon": "rest", "thu": "rest", "fri": "quality", "sun": "long"},
                "weekly_miles": 100},
    "goal": {"event": "ultra", "date": "2026-10-18", "priority": "B"},
    "availability": {"sessions_per_week": 2, "minutes_per_session": 20},
    "equipment": ["gym"],
    "injuries": [],
    "units": "imperial",
    "assessment": {"single_leg_hop_cm": {"left": 109, "right": 108}},
}  # fmt: skip


# Found under the whole suite's collection: the peak's first week gave one session's
# jumps to the other, and the week after counted them as new ("nothing new" read the
# peak week, not the build), so the last full session before the taper had no jumps.
PEAK_AFTER_A_PEAK_WEEK_WITHOUT_JUMPS = {
    "name": "Test runner",
    "start_date": "2026-01-01",
    "experience": "advanced",
    "age": 50,
    "running": {
        "weekly_km": 9.7,
        "week": {
            "mon": "rest",
            "tue": "rest",
            "wed": "long",
            "thu": "rest",
            "fri": "rest",
            "sat": "rest",
            "sun": "easy"
        }
    },
    "goal": {
        "event": "half_marathon",
        "date": "2026-09-14",
        "priority": "A"
    },
    "races": [
        {
            "event": "5k",
            "date": "2026-01-02",
            "priority": "A"
        },
        {
            "event": "5k",
            "date": "2026-05-11",
            "priority": "A"
        },
        {
            "event": "half_marathon",
            "date": "2026-09-14",
            "priority": "A"
        }
    ],
    "availability": {
        "sessions_per_week": 3,
        "minutes_per_session": 15
    },
    "equipment": [],
    "injuries": [],
    "units": "metric",
    "weeks": 12
}  # fmt: skip


# Found by the random property: a novice's 15-minute session whose every item is
# promised or kept, already at single sets, did a lighter week 25 % lighter less one rep
# (58 against 77). The accessory and core single sets now give reps when nothing may go.
LIGHTER_WEEK_WITH_NOTHING_TO_DROP = {
    "name": "Test runner",
    "start_date": "2026-01-01",
    "experience": "novice",
    "running": {
        "weekly_km": 9.7,
        "week": {
            "mon": "long",
            "tue": "rest",
            "wed": "quality",
            "thu": "long",
            "fri": "rest",
            "sat": "long",
            "sun": "rest"
        }
    },
    "goal": {
        "event": "5k",
        "date": "2026-02-16",
        "priority": "A"
    },
    "availability": {
        "sessions_per_week": 1,
        "minutes_per_session": 15
    },
    "equipment": [
        "home"
    ],
    "assessment": {
        "single_leg_calf_raise_reps": {
            "left": 0.0,
            "right": 0.0
        },
        "single_leg_bridge_reps": {
            "left": 0.0,
            "right": 0.0
        },
        "single_leg_hop_cm": {
            "left": 0.0,
            "right": 1.0
        }
    },
    "units": "metric",
    "weeks": 12
}  # fmt: skip


FOUND = {
    "at the minute cap": AT_THE_MINUTE_CAP,
    "alternating days": ALTERNATING_DAYS,
    "bridge behind a protocol": BRIDGE_BEHIND_A_PROTOCOL,
    "both want the calf raise": BOTH_WANT_THE_CALF_RAISE,
    "promise in a light peak session": PROMISE_IN_A_LIGHT_PEAK_SESSION,
    "jumps before the second lift": JUMPS_BEFORE_THE_SECOND_LIFT,
    "peak after a peak week without jumps": PEAK_AFTER_A_PEAK_WEEK_WITHOUT_JUMPS,
    "lighter week with nothing to drop": LIGHTER_WEEK_WITH_NOTHING_TO_DROP,
}


@pytest.mark.parametrize("data", FOUND.values(), ids=FOUND.keys())
def test_the_profiles_the_properties_found_keep_every_rule(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    plan_rules.check_all(generate_plan(profile, CATALOG), profile, CATALOG)


@SETTINGS
@given(profiles())
def test_every_plan_keeps_every_rule(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    plan_rules.check_all(generate_plan(profile, CATALOG), profile, CATALOG)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(profiles(event="marathon", max_weeks=52))
def test_long_plans_for_long_races_keep_every_rule(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    plan_rules.check_all(generate_plan(profile, CATALOG), profile, CATALOG)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(profiles())
def test_the_same_profile_gives_the_same_bytes(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    first = orjson.dumps(generate_plan(profile, CATALOG))
    second = orjson.dumps(generate_plan(Profile.model_validate(data), CATALOG))
    assert first == second


@pytest.mark.parametrize(
    "name",
    [
        "novice-5k-home",
        "intermediate-marathon-gym",
        "advanced-ultra-trail",
        "achilles-10k",
        "maintenance-no-race",
    ],
)
def test_the_bundled_examples_keep_every_rule(name: str) -> None:
    from runstrong.services.planning import example_profile

    profile = example_profile(name)
    plan_rules.check_all(generate_plan(profile, CATALOG), profile, CATALOG)


def test_a_blocks_first_week_keeps_a_lift_its_minutes_have_room_for() -> None:
    # A block's first week is fitted to nine tenths of the minutes, to leave room to grow;
    # for this runner (20-minute sessions) that tenth cost the single-leg session its
    # second lift in the first build week, which the full 20 minutes hold.
    profile = Profile.model_validate(JUMPS_BEFORE_THE_SECOND_LIFT)
    plan = generate_plan(profile, CATALOG)
    session = next(s for w in plan.weeks for s in w.sessions if s.date.isoformat() == "2026-08-21")
    lifts = [i for b in session.blocks if b.kind.value == "strength" for i in b.items]
    assert len(lifts) == 2, [i.exercise for i in lifts]
    assert session.minutes <= profile.availability.minutes_per_session


def test_at_a_tight_cap_the_jumps_give_sets_before_the_second_lift_leaves() -> None:
    profile = Profile.model_validate(JUMPS_BEFORE_THE_SECOND_LIFT)
    plan = generate_plan(profile, CATALOG)
    by_date = {s.date.isoformat(): s for w in plan.weeks for s in w.sessions}
    session = by_date["2026-09-18"]

    def jump_sets(s: Session) -> int:
        return sum(i.sets for b in s.blocks if b.kind.value == "power" for i in b.items)

    lifts = [i for b in session.blocks if b.kind.value == "strength" for i in b.items]
    assert len(lifts) == 2, [i.exercise for i in lifts]
    # the block wants five sets of jumps; three stay, so the jumps are still a power block
    assert jump_sets(session) == JUMP_SETS_FOR_A_LIFT < 5
    assert session.minutes <= profile.availability.minutes_per_session


def test_the_peak_keeps_jumps_a_peak_week_gave_to_another_session() -> None:
    profile = Profile.model_validate(PEAK_AFTER_A_PEAK_WEEK_WITHOUT_JUMPS)
    plan = generate_plan(profile, CATALOG)
    (last_full,) = [
        s
        for w in plan.weeks
        if w.phase.value == "peak" and w.index == 36
        for s in w.sessions
        if not s.focus.startswith("light")
    ]
    assert last_full.contacts > 0 and "power" in last_full.focus


def test_one_loading_week_left_after_a_lighter_week_holds_the_block() -> None:
    # The bundled Achilles example: build weeks 9-11, a lighter week 12, then week 13 and
    # the race week. Week 13 opened a block of new exercises for one week; it now repeats
    # week 11, the block's last full week.
    from runstrong.services.planning import example_profile

    profile = example_profile("achilles-10k")
    plan = generate_plan(profile, CATALOG)
    weeks = {w.index: w for w in plan.weeks}
    assert weeks[12].deload and not weeks[13].deload and weeks[14].phase.value == "race"

    def done(index: int) -> list[tuple[str, int, int | None, int | None]]:
        return [
            (i.exercise, i.sets, i.reps, i.seconds)
            for s in weeks[index].sessions
            for i in s.items()
        ]

    assert done(13) == done(11)
