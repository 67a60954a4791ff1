"""The running week from calendar titles and recorded runs: the rules, on records made here."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.domain.athlete import WEEKDAYS, DayKind
from runstrong.domain.errors import InvalidInput
from runstrong.domain.running import (
    HARD_HR_SHARE,
    Activity,
    CalendarEntry,
    Inferred,
    Sport,
    calendar_window,
    classify_title,
    combine,
    minutes_in_title,
    no_run_problem,
    running_from_activities,
    week_from_calendar,
)

MONDAY = dt.date(2026, 3, 2)
TODAY = dt.date(2026, 3, 29)  # the Sunday four weeks on
UTC = dt.UTC


def run(
    day: dt.date,
    km: float,
    minutes: float,
    avg_hr: float | None = None,
    max_hr: float | None = None,
    sport: Sport = Sport.RUN,
    source: str = "",
    hour: int = 7,
) -> Activity:
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=UTC)
    return Activity(start, sport, km, minutes * 60, avg_hr, max_hr, source, str(sport))


def four_weeks() -> list[Activity]:
    """Tuesday 8 km at 5:00/km, Thursday 8 km at 6:00/km, Sunday 20 km at 6:00/km."""
    runs = []
    for week in range(4):
        monday = MONDAY + dt.timedelta(weeks=week)
        runs += [
            run(monday + dt.timedelta(days=1), 8, 40),
            run(monday + dt.timedelta(days=3), 8, 48),
            run(monday + dt.timedelta(days=6), 20, 120),
        ]
    return runs


# -- calendar titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "minutes", "kind"),
    [
        ("Tempo run", 50, DayKind.QUALITY),
        ("6x800m @ 5k pace", None, DayKind.QUALITY),
        ("5 × 1 km", None, DayKind.QUALITY),
        ("Hill repeats", 45, DayKind.QUALITY),
        ("Intervals with 2 min rest", 60, DayKind.QUALITY),
        ("VO2max session", 60, DayKind.QUALITY),
        ("Long run with 10 km at marathon pace", 150, DayKind.QUALITY),
        ("Fractionné 10x400", None, DayKind.QUALITY),
        ("Long run", 40, DayKind.LONG),
        ("LSD", None, DayKind.LONG),
        ("Sortie longue", None, DayKind.LONG),
        ("Recovery jog", 30, DayKind.EASY),
        ("Shake-out", 20, DayKind.EASY),
        ("Marathon training: easy 8 km", 50, DayKind.EASY),
        ("Footing de récupération", None, DayKind.EASY),
        ("parkrun", 30, DayKind.RACE),
        ("Berlin Marathon", None, DayKind.RACE),
        ("Rest day", None, DayKind.REST),
        ("Ruhetag", None, DayKind.REST),
        ("Swim, no run", 45, DayKind.REST),
        ("Run", 95, DayKind.LONG),
        ("Run", 89, DayKind.EASY),
        ("Run 1h45", None, DayKind.LONG),
        ("Morning run", None, DayKind.EASY),
        ("Off-road run", 40, DayKind.EASY),
        ("Bike + run brick", 100, DayKind.LONG),
        ("Swim", 60, None),
        ("Strength: lower body (30 min)", 30, None),
        ("Yoga", 60, None),
        ("Track session", 60, DayKind.QUALITY),
        ("Strides", 30, DayKind.EASY),
        ("10k", 45, DayKind.RACE),
        ("Dauerlauf", 50, DayKind.EASY),
        ("Hardlopen", 40, DayKind.EASY),
        # not running: a meeting, an errand, a bare effort word, a day off from work
        ("Daily Sync", 15, None),
        ("Dentist", 60, None),
        ("Easy 45'", 45, None),
        ("Récupération", None, None),
        ("Day off", None, None),
        ("Long lunch", 90, None),
        ("Runway review", 60, None),
        ("Brunch with Sam", 90, None),
    ],
)
def test_a_calendar_title_names_the_kind_of_running_day(
    title: str, minutes: float | None, kind: DayKind | None
) -> None:
    assert classify_title(title, minutes) is kind


@pytest.mark.parametrize(
    ("title", "minutes"),
    [
        ("Run 1h30", 90),
        ("Easy 45 min", 45),
        ("Steady 60'", 60),
        ("Long run 1.5 h", 90),
        ("Lauf 2 Std", 120),
        ("6x800m", None),
        ("1 hill, 10 reps", None),
    ],
)
def test_a_duration_written_in_a_title_is_read_and_metres_are_not(
    title: str, minutes: float | None
) -> None:
    assert minutes_in_title(title) == minutes


# -- the week from a calendar ------------------------------------------------------------


def plan_entries(weeks: int = 4, skip_thursday_in: int | None = None) -> list[CalendarEntry]:
    entries = []
    for week in range(weeks):
        monday = MONDAY + dt.timedelta(weeks=week)
        entries += [
            CalendarEntry(monday + dt.timedelta(days=1), "Intervals 5x1000", 60, False, "plan.ics"),
            CalendarEntry(monday + dt.timedelta(days=5), "parkrun", 30, False, "plan.ics"),
            CalendarEntry(monday + dt.timedelta(days=6), "Long run", None, True, "plan.ics"),
            CalendarEntry(monday + dt.timedelta(days=2), "Strength: upper body", 30, False),
        ]
        if week != skip_thursday_in:
            entries.append(CalendarEntry(monday + dt.timedelta(days=3), "Easy run 40'", None, True))
    return entries


def test_the_calendar_week_takes_each_days_usual_kind_and_leaves_the_gym_out() -> None:
    result = week_from_calendar(plan_entries(skip_thursday_in=2), TODAY)
    assert result.running == {
        "weekly_km": None,
        "week": {
            "mon": "rest",
            "tue": "quality",
            "wed": "rest",
            "thu": "easy",  # three weeks of four
            "fri": "rest",
            "sat": "race",
            "sun": "long",
        },
    }
    assert "Read 15 sessions in 4 weeks" in result.notes[0]
    assert result.notes[1] == "4 events skipped: another sport (Strength: upper body x4)."


def test_a_tie_goes_to_the_harder_kind_and_a_double_day_counts_as_its_harder_session() -> None:
    entries = [
        CalendarEntry(MONDAY, "Easy run", 30),
        CalendarEntry(MONDAY + dt.timedelta(weeks=1), "Tempo", 45),
        CalendarEntry(MONDAY + dt.timedelta(days=2), "Easy jog", 30),
        CalendarEntry(MONDAY + dt.timedelta(days=2), "Long run", 100),
        CalendarEntry(MONDAY + dt.timedelta(days=9), "Rest", None, True),
    ]
    week = week_from_calendar(entries, TODAY).running["week"]
    assert week["mon"] == "quality"  # easy once, tempo once
    assert week["wed"] == "long"  # easy and long the same day, then a rest day: a tie


def test_events_outside_the_eight_weeks_around_today_do_not_count() -> None:
    first, end = calendar_window(TODAY)
    assert (first, end) == (dt.date(2026, 2, 23), dt.date(2026, 4, 20))
    entries = [
        *plan_entries(),
        CalendarEntry(first - dt.timedelta(days=1), "Tempo", 40),  # a Sunday, too early
        CalendarEntry(end, "Tempo", 40),  # a Monday, too late
    ]
    week = week_from_calendar(entries, TODAY).running["week"]
    assert week["sun"] == "long" and week["mon"] == "rest"


def test_a_calendar_with_no_run_in_the_window_is_refused_naming_the_file_and_dates() -> None:
    entries = [
        CalendarEntry(dt.date(2019, 5, 6), "Long run", 120, False, "old.ics"),
        CalendarEntry(TODAY, "Swim", 45, False, "old.ics"),
    ]
    with pytest.raises(InvalidInput) as refused:
        week_from_calendar(entries, TODAY)
    assert refused.value.field == "old.ics"
    assert "no running sessions from 2026-02-23 to 2026-04-19" in refused.value.problem
    assert "1 event skipped: another sport (Swim)" in refused.value.problem
    assert "--date" in refused.value.problem


# -- the week from recorded runs ---------------------------------------------------------


def test_four_weeks_of_runs_give_the_weekly_km_the_long_run_day_and_the_hard_day() -> None:
    result = running_from_activities(four_weeks(), TODAY)
    assert result.running == {
        "weekly_km": 36.0,  # 144 km in the four weeks from Monday 2 March
        "week": {
            "mon": "rest",
            "tue": "quality",  # 5:00/km against a median of 6:00/km
            "wed": "rest",
            "thu": "easy",
            "fri": "rest",
            "sat": "rest",
            "sun": "long",
        },
    }
    assert result.notes == (
        "Read 12 runs, 144.0 km from 2026-03-02 to 2026-03-29 (4.0 weeks); "
        "4 hard efforts among them.",
    )


def test_a_high_average_heart_rate_makes_a_run_hard_at_an_easy_pace() -> None:
    runs = [
        run(r.day, r.distance_km, r.duration_s / 60, avg_hr=140, max_hr=185) for r in four_weeks()
    ]
    # Thursday's runs at the same pace as before, but near the top of the heart rate
    runs = [
        run(r.day, 8, 48, avg_hr=HARD_HR_SHARE * 185 + 1, max_hr=185) if r.day.weekday() == 3 else r
        for r in runs
    ]
    assert running_from_activities(runs, TODAY).running["week"]["thu"] == "quality"


def test_a_day_run_on_less_than_half_of_its_dates_is_a_rest_day() -> None:
    runs = [*four_weeks(), run(MONDAY + dt.timedelta(days=4), 5, 30)]  # one Friday in four
    assert running_from_activities(runs, TODAY).running["week"]["fri"] == "rest"
    runs.append(run(MONDAY + dt.timedelta(days=11), 5, 30))  # two Fridays in four
    assert running_from_activities(runs, TODAY).running["week"]["fri"] == "easy"


def test_with_fewer_than_three_runs_no_run_is_called_hard() -> None:
    runs = [run(MONDAY + dt.timedelta(days=1), 5, 20), run(MONDAY + dt.timedelta(days=3), 8, 48)]
    result = running_from_activities(runs, dt.date(2026, 3, 8))
    assert result.running == {
        "weekly_km": 13.0,
        "week": {
            "mon": "rest",
            "tue": "easy",
            "wed": "rest",
            "thu": "easy",
            "fri": "rest",
            "sat": "rest",
            "sun": "rest",
        },
    }


def test_rides_and_swims_are_left_out_and_said_so() -> None:
    others = [
        run(MONDAY + dt.timedelta(days=2), 60, 120, sport=Sport.RIDE, source="ride.fit"),
        run(MONDAY + dt.timedelta(days=4), 2, 45, sport=Sport.SWIM, source="pool.fit"),
    ]
    result = running_from_activities([*four_weeks(), *others], TODAY)
    assert result.running["weekly_km"] == 36.0
    assert result.running["week"]["wed"] == "rest" and result.running["week"]["fri"] == "rest"
    assert (
        "Left out 2 activities that are not runs: ride.fit: a ride (ride); pool.fit: a swim (swim)."
        in result.notes
    )


def test_an_unlabelled_activity_too_fast_for_a_runner_is_not_a_run() -> None:
    fast = run(MONDAY, 30, 60, sport=Sport.UNKNOWN)  # 30 km/h
    slow = run(MONDAY, 10, 60, sport=Sport.UNKNOWN)
    assert not fast.is_run and slow.is_run
    assert no_run_problem([fast]) == (
        "this is an activity at 30 km/h on average, too fast for a run; "
        "only runs count, so leave it out"
    )


def test_the_same_run_in_two_files_counts_once() -> None:
    runs = four_weeks()
    again = runs[0]
    copy = Activity(
        again.start + dt.timedelta(seconds=20), Sport.RUN, 8.1, 2405, source="same-run.gpx"
    )
    result = running_from_activities([*runs, copy], TODAY)
    assert result.running["weekly_km"] == 36.0
    assert "Counted 1 run once that came in two files." in result.notes


def test_runs_older_than_six_weeks_are_left_out_and_said_so() -> None:
    old = run(dt.date(2026, 1, 5), 30, 180)
    result = running_from_activities([old, *four_weeks()], TODAY)
    assert result.running["weekly_km"] == 36.0
    assert any(n.startswith("Left out 1 run from before 2026-02-16") for n in result.notes)


def test_the_weeks_count_from_the_monday_of_the_first_run_and_never_before_the_window() -> None:
    late = [r for r in four_weeks() if r.day >= MONDAY + dt.timedelta(weeks=2)]
    assert running_from_activities(late, TODAY).running["weekly_km"] == 36.0  # two weeks
    early = [run(dt.date(2026, 2, 17), 12, 72), *four_weeks()]  # a Tuesday, window from Monday 16
    result = running_from_activities(early, TODAY)
    assert result.running["weekly_km"] == 26.0  # 156 km over the six weeks of the window


def test_files_with_no_recent_run_are_read_as_of_their_newest_run_with_a_note() -> None:
    old = [
        run(dt.date(2021, 3, 13), 7.9, 51, source="slither-running.fit"),  # a Saturday
        run(dt.date(2021, 3, 6), 8.1, 52, source="older.fit"),
    ]
    result = running_from_activities(old, TODAY)
    assert result.running == {
        "weekly_km": 8.6,  # 16 km over the 13 days from Monday 1 March to the 13th
        "week": {**dict.fromkeys(WEEKDAYS, "rest"), "sat": "easy"},
    }
    (note,) = [n for n in result.notes if n.startswith("None of the runs")]
    assert "read as of 2021-03-13, the day of the newest run" in note
    assert "--date" in note


def test_the_calendar_gives_the_week_and_the_runs_the_kilometres() -> None:
    calendar = week_from_calendar(plan_entries(), TODAY)
    runs = running_from_activities(four_weeks(), TODAY)
    both = combine(calendar, runs)
    assert both.running == {"weekly_km": 36.0, "week": calendar.running["week"]}
    alone = combine(calendar, None)
    assert alone.running["weekly_km"] is None
    assert "gives no distances" in alone.notes[-1]


def test_a_weekly_distance_beyond_what_a_profile_takes_is_refused() -> None:
    too_far = Inferred({"weekly_km": 450.0, "week": {"mon": "easy"}})
    with pytest.raises(InvalidInput, match=r"450\.0 km a week"):
        combine(None, too_far)
