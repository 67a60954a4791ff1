"""Placing strength sessions in the running week, by exhaustive search.

A week has seven days and at most three sessions, so every choice of days and of how hard
each session may load the legs is tried (at most 35 day sets x 27 load choices) and the
best one kept. The rules are hard constraints; the preferences rank what remains:

hard   - never on a closed day (race day, the two days before a race, before the start);
       - no leg loading the day before a quality run, a long run or a race;
       - nothing heavy and no jumps on a long-run day (light leg work at most);
       - at least 48 hours between sessions that load the legs, across weeks too;
       - no more leg load than the day allows (light only in a taper window or race week).
ranked - more sessions (up to the wish), then more sessions with full leg work, then more
         with any leg work, then days that suit strength (after a hard run, then easy
         days, then rest days, last a long-run day), then sessions spread out over
         the week and into the next (the same days suit every week), then the
         earliest days, so the answer is always the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from itertools import combinations, pairwise, product

from runstrong.domain.athlete import DayKind


class LegLoad(IntEnum):
    """How much a session may load the legs."""

    NONE = 0  # upper body, core and mobility only
    LIGHT = 1  # leg work, but nothing heavy and no plyometrics
    FULL = 2  # everything the phase prescribes


# Strength fits best after a hard run (hard days hard, easy days easy), then on easy days.
DAY_PREFERENCE = {DayKind.QUALITY: 3, DayKind.EASY: 2, DayKind.REST: 1, DayKind.LONG: 0}
KEY_RUNS = frozenset({DayKind.QUALITY, DayKind.LONG, DayKind.RACE})


@dataclass(frozen=True, slots=True)
class Day:
    date: dt.date
    kind: DayKind
    max_legs: LegLoad  # already lowered for the day before a key run
    open: bool


@dataclass(frozen=True, slots=True)
class Placement:
    date: dt.date
    legs: LegLoad


def make_days(
    dates: list[dt.date],
    kinds: list[DayKind],
    next_kind: DayKind,
    caps: list[LegLoad],
    opens: list[bool],
) -> tuple[Day, ...]:
    """The week's days with the day-before-a-key-run rule applied."""
    days = []
    for i, date in enumerate(dates):
        following = kinds[i + 1] if i + 1 < len(kinds) else next_kind
        cap = caps[i]
        if kinds[i] is DayKind.LONG:
            cap = min(cap, LegLoad.LIGHT)  # after a long run: no heavy and no jump work
        if following in KEY_RUNS:
            cap = LegLoad.NONE
        days.append(Day(date, kinds[i], cap, opens[i] and kinds[i] is not DayKind.RACE))
    return tuple(days)


def place_week(days: tuple[Day, ...], wanted: int, last_leg_day: dt.date | None) -> list[Placement]:
    """The best placement of up to `wanted` sessions in these days."""
    origin = days[0].date
    gap = None if last_leg_day is None else (origin - last_leg_day).days
    shape = tuple((d.kind, d.max_legs, d.open) for d in days)
    chosen = _best(shape, wanted, min(gap, 3) if gap is not None else None)
    return [Placement(days[i].date, legs) for i, legs in chosen]


@lru_cache(maxsize=4096)
def _best(
    shape: tuple[tuple[DayKind, LegLoad, bool], ...], wanted: int, gap_before: int | None
) -> tuple[tuple[int, LegLoad], ...]:
    open_days = [i for i, (_kind, _cap, is_open) in enumerate(shape) if is_open]
    count = min(wanted, len(open_days))
    best: tuple[tuple[int, ...], tuple[tuple[int, LegLoad], ...]] | None = None
    for chosen in combinations(open_days, count):
        options = [range(shape[i][1] + 1) for i in chosen]
        for loads in product(*options):
            if not _legs_spaced(chosen, loads, gap_before):
                continue
            full = sum(1 for load in loads if load == LegLoad.FULL)
            legged = sum(1 for load in loads if load > LegLoad.NONE)
            preference = sum(DAY_PREFERENCE.get(shape[i][0], 0) for i in chosen)
            # counting the gap to the same first day next week, so that days that
            # suit one week suit the next: Mon, Thu, Sun would leave Sun to Mon
            around = (*chosen, chosen[0] + 7) if chosen else ()
            spread = min((b - a for a, b in pairwise(around)), default=7)
            score = (full, legged, preference, spread, *(-i for i in chosen))
            if best is None or score > best[0]:
                best = (
                    score,
                    tuple((i, LegLoad(load)) for i, load in zip(chosen, loads, strict=True)),
                )
    return best[1] if best else ()


def _legs_spaced(chosen: tuple[int, ...], loads: tuple[int, ...], gap_before: int | None) -> bool:
    leg_days = [i for i, load in zip(chosen, loads, strict=True) if load > LegLoad.NONE]
    if leg_days and gap_before is not None and leg_days[0] + gap_before < 2:
        return False
    return all(b - a >= 2 for a, b in pairwise(leg_days))
