"""Placing sessions in the week: the same days week after week where the running allows."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.domain.athlete import DayKind
from runstrong.domain.schedule import LegLoad, make_days, place_week

MONDAY = dt.date(2027, 1, 4)


def _weeks_of_days(kinds: list[DayKind], wanted: int, weeks: int) -> list[list[str]]:
    """The weekdays chosen in each of `weeks` weeks of the same running week, each week
    placed after the one before (its last leg day carried across)."""
    chosen: list[list[str]] = []
    last_leg_day: dt.date | None = None
    for week in range(weeks):
        dates = [MONDAY + dt.timedelta(days=7 * week + i) for i in range(7)]
        days = make_days(dates, kinds, kinds[0], [LegLoad.FULL] * 7, [True] * 7)
        placed = place_week(days, wanted, last_leg_day)
        legs = [p.date for p in placed if p.legs > LegLoad.NONE]
        last_leg_day = legs[-1] if legs else last_leg_day
        chosen.append([p.date.strftime("%a") for p in placed])
    return chosen


@pytest.mark.parametrize("wanted", [2, 3])
def test_a_week_without_runs_keeps_the_same_days_every_week(wanted: int) -> None:
    # Before, three sessions went Mon, Thu, Sun in one week and Tue, Thu, Sat in the next
    # (Sunday to Monday is under 48 hours), so no two weeks in a row were alike and a
    # lighter week was compared with a week that was not the one before it.
    weeks = _weeks_of_days([DayKind.REST] * 7, wanted, 6)
    assert all(days == weeks[0] for days in weeks), weeks
    assert len(weeks[0]) == wanted


def test_three_sessions_leave_48_hours_into_the_next_week() -> None:
    (days, *_rest) = _weeks_of_days([DayKind.REST] * 7, 3, 1)
    order = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    index = [order.index(d) for d in days]
    gaps = [b - a for a, b in zip(index, [*index[1:], index[0] + 7], strict=True)]
    assert min(gaps) >= 2, days


def test_an_easy_running_week_keeps_its_days_too() -> None:
    kinds = [DayKind.EASY, DayKind.REST, DayKind.QUALITY, DayKind.REST, DayKind.EASY]
    kinds += [DayKind.LONG, DayKind.REST]
    weeks = _weeks_of_days(kinds, 2, 6)
    assert all(days == weeks[1] for days in weeks[1:]), weeks
