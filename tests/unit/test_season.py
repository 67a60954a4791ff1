"""A season of races: the profile's `races`, the phase calendar they drive, the day rules
by priority, and the sentences that explain them."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

import pytest
from pydantic import ValidationError

from runstrong.domain.athlete import Event, Priority, Profile, Race
from runstrong.domain.errors import InvalidInput
from runstrong.domain.generator import generate_plan
from runstrong.domain.phases import (
    HEAVY_CUTOFF_DAYS,
    block_phases,
    calendar,
    taper_weeks,
    week_frames,
)
from runstrong.domain.plan import PhaseName
from runstrong.domain.schedule import LegLoad
from runstrong.domain.season import Season, explain
from runstrong.library import load_catalog
from runstrong.services.planning import validate_profile

MONDAY = dt.date(2027, 1, 4)
LOADING = (PhaseName.BASE, PhaseName.BUILD)


def profile(**extra: Any) -> Profile:
    data: dict[str, Any] = {
        "start_date": MONDAY.isoformat(),
        "experience": "intermediate",
        "running": {"week": {"tue": "quality", "thu": "easy", "sun": "long"}},
        **extra,
    }
    return Profile.model_validate(data)


def race(event: str, day: dt.date, priority: str = "A") -> dict[str, str]:
    return {"event": event, "date": day.isoformat(), "priority": priority}


def weeks_after(weeks: int, weekday: int = 6) -> dt.date:
    """A day `weeks` weeks after the first Monday (Sunday by default)."""
    return MONDAY + dt.timedelta(weeks=weeks, days=weekday)


def runs(phases: list[PhaseName] | tuple[PhaseName, ...]) -> list[tuple[str, int]]:
    return [(name.value, len(list(group))) for name, group in groupby(phases)]


# -- the profile ----------------------------------------------------------------------------


def test_races_fill_in_the_goal_with_the_last_a_race() -> None:
    runner = profile(
        races=[
            race("marathon", weeks_after(20)),
            race("10k", weeks_after(5), "B"),
            race("half_marathon", weeks_after(10)),
            race("5k", weeks_after(30), "C"),
        ]
    )
    assert runner.goal.event is Event.MARATHON and runner.goal.date == weeks_after(20)
    assert [r.date for r in runner.season()] == sorted(r.date for r in runner.races)
    assert runner.races[1].priority is Priority.B  # the given order is kept, defaults filled
    # the echo validates again, goal and all
    again = Profile.model_validate(runner.model_dump(mode="json"))
    assert again == runner


def test_without_an_a_race_the_goal_is_the_last_race() -> None:
    runner = profile(races=[race("10k", weeks_after(8), "C"), race("5k", weeks_after(4), "B")])
    assert runner.goal.event is Event.TEN_K and runner.goal.priority is Priority.C


def test_a_goal_alone_is_a_season_of_one_race_and_no_race_is_none() -> None:
    runner = profile(goal=race("10k", weeks_after(8), "B"))
    assert runner.season() == (Race(event=Event.TEN_K, date=weeks_after(8), priority=Priority.B),)
    assert runner.races == ()
    assert profile().season() == ()
    assert profile(races=None).season() == ()


def test_a_goal_that_agrees_with_the_races_is_accepted() -> None:
    races = [race("10k", weeks_after(4), "B"), race("marathon", weeks_after(16))]
    assert profile(races=races, goal=race("marathon", weeks_after(16))).goal.date == weeks_after(16)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"races": [race("10k", MONDAY)]}, "races.0.date", "after start_date"),
        ({"races": [race("5k", weeks_after(3)), race("10k", MONDAY + dt.timedelta(days=400))]},
         "races.1.date", "more than a year"),
        ({"races": [race("5k", weeks_after(3)), race("10k", weeks_after(3), "C")]},
         "races.1.date", "races.0 is on the same day"),
        ({"races": [{"event": "none", "date": weeks_after(3).isoformat()}]}, "races.0.event",
         "needs an event"),
        ({"races": [{"event": "10k"}]}, "races.0.date", "is required"),
        ({"races": [race("10k", weeks_after(3), "D")]}, "races.0.priority", "'D'"),
        ({"races": [race("10k", weeks_after(3))], "goal": race("5k", weeks_after(3))}, "goal",
         "leave goal out or make it your last A race: 10k on"),
        ({"races": [race("10k", weeks_after(3), "B")], "goal": race("10k", weeks_after(3))}, "goal",
         "your last race (none is an A race): 10k on"),
        ({"races": "soon"}, "races", "give a list of races"),
        ({"races": [race("5k", weeks_after(1, d)) for d in range(7)] * 3}, "races", "at most 20"),
        ({"age": 11}, "age", "from 12 to 100 (got 11)"),
        ({"age": 101}, "age", "from 12 to 100"),
        ({"age": "forty"}, "age", "whole years"),
    ],
)  # fmt: skip
def test_bad_seasons_name_the_field(change: dict[str, Any], field: str, words: str) -> None:
    data = {
        "start_date": MONDAY.isoformat(),
        "experience": "novice",
        "running": {"week": {}},
        **change,
    }
    with pytest.raises(InvalidInput) as caught:
        validate_profile(data)
    assert caught.value.field == field, caught.value
    assert words in caught.value.problem, caught.value


def test_age_is_whole_years_and_optional() -> None:
    assert profile(age=41).age == 41
    assert profile(age="41").age == 41
    assert profile().age is None
    with pytest.raises(ValidationError):
        profile(age=True)


# -- the calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize("event", ["5k", "10k", "half_marathon", "marathon", "ultra"])
@pytest.mark.parametrize("weekday", [0, 2, 5, 6])
@pytest.mark.parametrize("lead", range(0, 53))
def test_a_block_fits_its_lead_time(event: str, weekday: int, lead: int) -> None:
    """Evidence 2b: 6+ weeks: two thirds or more load, peak 1-2, taper 1-2; closer: base
    first, no peak."""
    a_race = Race(event=Event(event), date=weeks_after(lead, weekday))
    phases = block_phases(lead, a_race, fresh=True)
    assert len(phases) == lead
    loading = sum(1 for p in phases if p in LOADING)
    peak, taper = phases.count(PhaseName.PEAK), phases.count(PhaseName.TAPER)
    if lead:
        assert phases[0] is PhaseName.BASE
    if lead >= 6:
        assert 3 * loading >= 2 * lead
        assert 1 <= peak <= 2 and 1 <= taper <= 2
    else:
        assert peak == 0 and taper <= lead // 2
    order = [PhaseName.BASE, PhaseName.BUILD, PhaseName.PEAK, PhaseName.TAPER]
    assert [order.index(p) for p in phases] == sorted(order.index(p) for p in phases)


@pytest.mark.parametrize(
    ("event", "weekday", "weeks"),
    [("5k", 6, 1), ("5k", 5, 1), ("5k", 0, 1), ("half_marathon", 6, 1), ("half_marathon", 2, 1),
     ("marathon", 6, 1), ("marathon", 3, 2), ("ultra", 0, 2)],
)  # fmt: skip
def test_the_taper_leads_into_the_heavy_cutoff(event: str, weekday: int, weeks: int) -> None:
    a_race = Race(event=Event(event), date=weeks_after(20, weekday))
    assert taper_weeks(a_race) == weeks
    days = 7 * weeks + weekday  # from the first taper day to the race
    assert HEAVY_CUTOFF_DAYS[Event(event)] - 3 <= days <= HEAVY_CUTOFF_DAYS[Event(event)] + 6


def test_a_b_or_c_race_does_not_peak_or_taper() -> None:
    for priority in (Priority.B, Priority.C):
        phases = block_phases(
            20, Race(event=Event.TEN_K, date=weeks_after(20), priority=priority), True
        )
        assert set(phases) <= set(LOADING)


def test_a_second_a_race_gets_its_own_block_after_the_first_recovery() -> None:
    runner = profile(
        races=[race("half_marathon", weeks_after(10)), race("marathon", weeks_after(22))]
    )
    assert runs(calendar(runner).phases) == [
        ("base", 4), ("build", 3), ("peak", 2), ("taper", 1), ("race", 1), ("recovery", 1),
        ("build", 7), ("peak", 2), ("taper", 1), ("race", 1), ("recovery", 2),
    ]  # fmt: skip


def test_a_long_gap_between_a_races_starts_again_with_base() -> None:
    runner = profile(races=[race("10k", weeks_after(6)), race("marathon", weeks_after(40))])
    names = [name for name, _weeks in runs(calendar(runner).phases)]
    assert names == [
        "base", "build", "peak", "taper", "race", "recovery",
        "base", "build", "peak", "taper", "race", "recovery",
    ]  # fmt: skip


def test_two_a_races_in_one_week_share_it_and_the_longer_recovery() -> None:
    runner = profile(races=[race("5k", weeks_after(12, 5)), race("marathon", weeks_after(12, 6))])
    assert runs(calendar(runner).phases)[-2:] == [("race", 1), ("recovery", 2)]


def test_an_a_race_close_after_another_cuts_its_recovery_short() -> None:
    runner = profile(races=[race("marathon", weeks_after(12)), race("10k", weeks_after(13))])
    assert runs(calendar(runner).phases)[-2:] == [("race", 2), ("recovery", 1)]


def test_races_after_the_last_a_race_and_its_recovery_are_left_out() -> None:
    runner = profile(
        races=[
            race("half_marathon", weeks_after(12)),
            race("5k", weeks_after(13, 2), "C"),  # inside the recovery week: kept
            race("10k", weeks_after(20), "B"),
        ]
    )
    season = calendar(runner)
    assert [r.date for r in season.races] == [weeks_after(12), weeks_after(13, 2)]
    assert [r.date for r in season.dropped] == [weeks_after(20)]
    assert season.phases[-1] is PhaseName.RECOVERY and len(season.phases) == 14
    lines = explain(runner)
    assert "10k on " in lines[-1] and "left out" in lines[-1]


def test_a_season_of_b_and_c_races_runs_to_the_last_race() -> None:
    runner = profile(
        races=[race("10k", weeks_after(6), "C"), race("half_marathon", weeks_after(14), "B")]
    )
    phases = calendar(runner).phases
    assert len(phases) == 15 and phases[-1] is PhaseName.RACE
    assert set(phases[:-1]) <= set(LOADING)


def test_the_week_of_a_b_race_is_lighter_once_its_block_has_two_full_weeks() -> None:
    runner = profile(races=[race("10k", weeks_after(6, 5), "B"), race("marathon", weeks_after(30))])
    frames = week_frames(runner)
    b_week = frames[6]
    assert b_week.phase in LOADING and b_week.deload and b_week.races[0].priority is Priority.B
    # the count of four starts again after it, and the base still ends on a lighter week
    loading = [f for f in frames if f.phase in LOADING]
    run = 0
    for frame in loading:
        run = 0 if frame.deload else run + 1
        assert run <= 3
    base = [f for f in frames if f.phase is PhaseName.BASE]
    assert base[-1].deload


# -- the days -------------------------------------------------------------------------------


def test_day_rules_by_priority() -> None:
    a_day, b_day, c_day = weeks_after(20), weeks_after(8, 5), weeks_after(4, 2)
    runner = profile(
        races=[race("marathon", a_day), race("half_marathon", b_day, "B"), race("10k", c_day, "C")]
    )
    season = Season(runner)
    day = dt.timedelta(days=1)
    assert season.race_on(b_day) is not None and season.race_on(b_day + day) is None
    assert season.days_to_next_race(c_day - 3 * day) == (3, season.races[0])
    assert season.days_to_next_race(a_day + day) is None
    # C: no session the day before or on race day; nothing heavy in the last 3 days
    assert [season.closed(c_day + k * day) for k in (-2, -1, 0, 1)] == [False, True, True, False]
    assert season.leg_cap(c_day - 4 * day) is LegLoad.FULL
    assert season.leg_cap(c_day - 3 * day) < LegLoad.FULL
    # B: no session in the last 2 days or the 3 after a long race; nothing heavy in the last 5
    assert [season.closed(b_day + k * day) for k in (-3, -2, 3, 4)] == [False, True, True, False]
    assert season.leg_cap(b_day - 6 * day) is LegLoad.FULL
    assert season.leg_cap(b_day - 5 * day) < LegLoad.FULL
    # A marathon: nothing heavy in the last 14 days; closed to the end of the race week
    # and 4 days after; no leg work until the week after the race week is over
    assert season.leg_cap(a_day - 15 * day) is LegLoad.FULL
    assert season.leg_cap(a_day - 14 * day) is LegLoad.LIGHT  # the peak week's Sunday
    assert season.closed(a_day - 2 * day) and not season.closed(a_day - 3 * day)
    assert season.closed(a_day + 4 * day) and not season.closed(a_day + 5 * day)
    assert season.leg_cap(a_day + 7 * day) is LegLoad.NONE
    assert season.leg_cap(a_day + 8 * day) is LegLoad.LIGHT  # recovery week 2


def test_inside_a_cutoff_a_training_week_spares_the_legs() -> None:
    c_day = weeks_after(4, 3)
    season = Season(profile(races=[race("10k", c_day, "C"), race("marathon", weeks_after(20))]))
    assert season.calendar.phase_on(c_day) in LOADING
    assert season.leg_cap(c_day - dt.timedelta(days=2)) is LegLoad.NONE


def test_the_explanation_says_what_the_day_rules_do() -> None:
    """Every date in the sentences is one the rules turn on, read back from the rules."""
    a_day, b_day, c_day = weeks_after(20), weeks_after(8, 5), weeks_after(4, 2)
    runner = profile(
        races=[race("marathon", a_day), race("half_marathon", b_day, "B"), race("10k", c_day, "C")]
    )
    season = Season(runner)
    lines = dict(zip((r.date for r in season.races), season.explain(), strict=True))
    for rules in season.rules:
        day = rules.race.date
        first_light = next(
            day - dt.timedelta(days=k)
            for k in range(30, -1, -1)
            if season.leg_cap(day - dt.timedelta(days=k)) < LegLoad.FULL
        )
        first_closed = next(
            day - dt.timedelta(days=k)
            for k in range(5, -1, -1)
            if season.closed(day - dt.timedelta(days=k))
        )
        resumes = next(
            day + dt.timedelta(days=k)
            for k in range(1, 30)
            if not season.closed(day + dt.timedelta(days=k))
        )
        text = lines[day]
        assert f"nothing heavy or plyometric from {first_light}" in text, text
        assert f"{first_closed}" in text and f"{resumes}" in text, text
    assert lines[a_day].startswith("Marathon on 2027-05-30 (A race): full taper from ")
    assert "then 2 recovery weeks to 2027-06-13" in lines[a_day]
    assert lines[b_day].startswith("Half marathon on 2027-03-06 (B race): short taper")
    assert lines[c_day].startswith("10k on 2027-02-03 (C race): trained through")


def test_the_plan_marks_race_days_and_keeps_them_free() -> None:
    days = [weeks_after(20), weeks_after(8, 5), weeks_after(4, 2)]
    runner = profile(
        races=[
            race("marathon", days[0]),
            race("half_marathon", days[1], "B"),
            race("10k", days[2], "C"),
        ],
        availability={"sessions_per_week": 3, "minutes_per_session": 30},
        equipment=["gym"],
    )
    plan = generate_plan(runner, load_catalog())
    marked = {
        week.start + dt.timedelta(days=i)
        for week in plan.weeks
        for i, kind in enumerate(week.running.values())
        if kind == "race"
    }
    assert marked == set(days)
    assert not {s.date for w in plan.weeks for s in w.sessions} & marked
    assert plan.profile["races"][1] == {
        "event": "half_marathon",
        "date": "2027-03-06",
        "priority": "B",
    }
    assert [w for w in plan.warnings if " race): " in w] == list(explain(runner))
