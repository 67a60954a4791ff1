"""The season's shape: which phase each week is in, counted back from the race.

Weeks run Monday to Sunday; week 1 is the week holding the start date. The race week is
the one holding the race day. Before it come the taper and the peak, then the build, and
the base takes whatever is left at the front, so a race six weeks away gets a short plan
that still tapers, and a race a year away gets a long base. After the race, recovery.
Without a race the plan is a rolling block of maintenance weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong.domain.athlete import Event, Priority, Profile
from runstrong.domain.plan import Phase, PhaseName

# Most weeks of heavy build a plan holds before the peak; more base comes first instead.
MAX_BUILD_WEEKS = 8
MIN_BASE_WEEKS = 3
# A lighter week every fourth training week (evidence: every 3-4 weeks, volume down 25-50 %).
DELOAD_EVERY = 4
# Days before an A race with no heavy or plyometric work (evidence: 7-10 days; more for long races).
HEAVY_CUTOFF_DAYS = {Event.FIVE_K: 7, Event.TEN_K: 7, Event.HALF_MARATHON: 10,
                     Event.MARATHON: 10, Event.ULTRA: 10}  # fmt: skip
LIGHT_CUTOFF_DAYS = {Priority.A: 0, Priority.B: 5, Priority.C: 3}
NO_SESSION_DAYS_BEFORE_RACE = 2


@dataclass(frozen=True, slots=True)
class WeekFrame:
    """A week's place in the season, before any session is chosen."""

    index: int
    start: dt.date
    phase: PhaseName
    deload: bool
    training_week: int  # 1-based count of base/build/maintenance weeks so far; 0 elsewhere
    block_week: int  # position inside its block of loading weeks (0, 1, 2), deload excluded
    block: int  # which block of weeks (mesocycle) this is; exercises change between blocks
    weeks_after_race: int  # 1 for the first recovery week, 0 before the race


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _lengths(event: Event, priority: Priority) -> tuple[int, int, int]:
    """(peak weeks, taper weeks, recovery weeks) for a race."""
    long_race = event.is_long
    if priority is Priority.A:
        peak, taper = (3, 2) if event in (Event.MARATHON, Event.ULTRA) else (2, 1)
    elif priority is Priority.B:
        peak, taper = 1, 1
    else:
        peak, taper = 0, 0
    recovery = 2 if event in (Event.MARATHON, Event.ULTRA) and priority is not Priority.C else 1
    return peak, taper, recovery if long_race or priority is Priority.A else 1


def week_phases(profile: Profile) -> list[PhaseName]:
    """The phase of each week, first to last."""
    goal = profile.goal
    if goal.date is None:
        return [PhaseName.MAINTENANCE] * profile.weeks
    first = monday_of(profile.start_date)
    before_race = (monday_of(goal.date) - first).days // 7
    peak, taper, recovery = _lengths(goal.event, goal.priority)
    taper = min(taper, before_race)
    peak = min(peak, before_race - taper)
    remaining = before_race - taper - peak
    # A few weeks of base come first whatever the length (technique before load), and the
    # base ends on a lighter week where it can, so the build opens a fresh block.
    base = min(remaining, MIN_BASE_WEEKS)
    if remaining > DELOAD_EVERY:
        base = max(DELOAD_EVERY, remaining - MAX_BUILD_WEEKS)
        base = min(remaining, -(-base // DELOAD_EVERY) * DELOAD_EVERY)
    build = remaining - base
    return (
        [PhaseName.BASE] * base
        + [PhaseName.BUILD] * build
        + [PhaseName.PEAK] * peak
        + [PhaseName.TAPER] * taper
        + [PhaseName.RACE]
        + [PhaseName.RECOVERY] * recovery
    )


_LOADING = (PhaseName.BASE, PhaseName.BUILD, PhaseName.MAINTENANCE)


def week_frames(profile: Profile) -> list[WeekFrame]:
    first = monday_of(profile.start_date)
    frames = []
    training = block = block_week = after_race = in_phase = 0
    previous: PhaseName | None = None
    for index, phase in enumerate(week_phases(profile), start=1):
        if previous is not None and phase != previous:
            block += 1  # a new phase starts a new block of exercises
            block_week = in_phase = 0
        in_phase += 1
        loading = phase in _LOADING
        deload = False
        if loading:
            training += 1
            # Every fourth week of a phase is lighter, so a phase never opens with one.
            deload = in_phase % DELOAD_EVERY == 0
        if phase is PhaseName.RECOVERY:
            after_race += 1
        frames.append(
            WeekFrame(
                index=index,
                start=first + dt.timedelta(weeks=index - 1),
                phase=phase,
                deload=deload,
                training_week=training if loading else 0,
                block_week=block_week,
                block=block,
                weeks_after_race=after_race,
            )
        )
        if deload:
            block += 1
            block_week = 0
        elif loading:
            block_week += 1
        previous = phase
    return frames


def phase_ranges(profile: Profile, frames: list[WeekFrame]) -> list[Phase]:
    """Contiguous phases, the first starting on the start date, each ending on a Sunday."""
    phases: list[Phase] = []
    for frame in frames:
        end = frame.start + dt.timedelta(days=6)
        if phases and phases[-1].name is frame.phase:
            phases[-1] = Phase(frame.phase, phases[-1].start, end)
        else:
            phases.append(Phase(frame.phase, max(frame.start, profile.start_date), end))
    return phases
