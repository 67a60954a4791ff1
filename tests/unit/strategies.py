"""Hypothesis strategies for runner profiles, shared by the plan property tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from runstrong.domain.athlete import WEEKDAYS
from runstrong.domain.vocabulary import Equipment, InjuryArea

RUN_KINDS = ["rest", "easy", "quality", "long"]
EVENTS = ["5k", "10k", "half_marathon", "marathon", "ultra"]


@st.composite
def running_weeks(draw: st.DrawFn) -> dict[str, str]:
    week = {}
    for day in WEEKDAYS:
        kind = draw(st.sampled_from([*RUN_KINDS, "omit"]))
        if kind != "omit":
            week[day] = kind
    return week


@st.composite
def seasons(draw: st.DrawFn, start: dt.date, max_days: int = 366) -> list[dict[str, Any]]:
    """1-4 races on different days, spread over up to a year, of mixed priorities."""
    offsets = draw(
        st.lists(st.integers(1, max_days), min_size=1, max_size=4, unique=True).map(sorted)
    )
    return [
        {
            "event": draw(st.sampled_from(EVENTS)),
            "date": (start + dt.timedelta(days=days)).isoformat(),
            "priority": draw(st.sampled_from(["A", "B", "C"])),
        }
        for days in offsets
    ]


@st.composite
def profiles(draw: st.DrawFn, event: str | None = None, max_weeks: int = 52) -> dict[str, Any]:
    start = draw(st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)))
    experience = draw(st.sampled_from(["novice", "intermediate", "advanced"]))
    running: dict[str, Any] = {"week": draw(running_weeks())}
    if draw(st.booleans()):
        running["weekly_km"] = draw(st.integers(10, 160))
    else:
        running["weekly_miles"] = draw(st.integers(6, 100))
    chosen_event = event or draw(st.sampled_from([*EVENTS, "none"]))
    if chosen_event == "none":
        goal: dict[str, Any] = {"event": "none"}
    else:
        days = draw(st.integers(1, min(366, max_weeks * 7)))
        goal = {
            "event": chosen_event,
            "date": (start + dt.timedelta(days=days)).isoformat(),
            "priority": draw(st.sampled_from(["A", "A", "B", "C"])),
        }
    equipment = draw(
        st.one_of(
            st.just([]),
            st.just(["home"]),
            st.just(["gym"]),
            st.lists(st.sampled_from([e.value for e in Equipment] + ["home"]), max_size=5),
        )
    )
    injuries = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "area": st.sampled_from([a.value for a in InjuryArea]),
                    "side": st.sampled_from(["left", "right", "both"]),
                    "status": st.sampled_from(["current", "recovering", "past"]),
                }
            ),
            max_size=2,
        )
    )
    assessment: dict[str, Any] = {}
    for test, high in (
        ("single_leg_calf_raise_reps", 40),
        ("single_leg_bridge_reps", 40),
        ("side_plank_seconds", 120),
        ("single_leg_squat_reps", 20),
        ("single_leg_hop_cm", 200),
    ):
        if draw(st.booleans()):
            assessment[test] = {
                "left": draw(st.integers(0, high)),
                "right": draw(st.integers(0, high)),
            }
    if draw(st.booleans()):
        quality = st.sampled_from(["good", "fair", "poor"])
        assessment["single_leg_squat_quality"] = {"left": draw(quality), "right": draw(quality)}
    profile: dict[str, Any] = {
        "name": "Test runner",
        "start_date": start.isoformat(),
        "experience": experience,
        "running": running,
        "goal": goal,
        "availability": {
            "sessions_per_week": draw(st.integers(1, 3)),
            "minutes_per_session": draw(st.sampled_from([15, 20, 25, 30, 40, 45, 60, 90])),
        },
        "equipment": equipment,
        "injuries": injuries,
        "units": draw(st.sampled_from(["metric", "imperial"])),
    }
    if assessment:
        profile["assessment"] = assessment
    if chosen_event == "none":
        profile["weeks"] = draw(st.integers(4, 24))
    if draw(st.booleans()):
        profile["age"] = draw(st.integers(12, 100))
    if event is None and draw(st.integers(0, 2)) == 0:
        # A season of races instead of one goal; sometimes with the goal it stands for.
        races = draw(seasons(start, min(366, max_weeks * 7)))
        if draw(st.booleans()):
            random_order = draw(st.permutations(races))
            races = list(random_order)
        profile["races"] = races
        profile.pop("weeks", None)
        a_races = sorted((r for r in races if r["priority"] == "A"), key=lambda r: r["date"])
        target = (a_races or sorted(races, key=lambda r: r["date"]))[-1]
        if draw(st.booleans()):
            profile["goal"] = dict(target)
        else:
            del profile["goal"]
    return profile
