"""The season's shape: which phase each week is in, counted back from each A race.

Weeks run Monday to Sunday; week 1 is the week holding the start date. A race week is the
one holding the race day. The A races drive the calendar (without one, the last race does):

- the first A race gets base, build, peak and taper before its race week, then recovery;
- each later A race gets a new block after the previous recovery: build (with a base first
  only when the gap is long), peak, taper, race, recovery;
- B and C races leave the calendar alone: their weeks keep their phase, with the day rules
  of `season` (a B race's week is a lighter week);
- the plan ends after the last A race's recovery; a season of B and C races only ends with
  the week of its last race. Races after the end are left out (`season` says so).

How a block shares its lead time (the weeks before its race week), evidence 2b:
- with 6 or more weeks, two thirds or more of them build strength (base + build), the peak
  is 1-2 weeks and the taper holds the last heavy session before the cutoff;
- closer than that, the runner starts with familiarisation (base: technique, moderate
  effort) and there is no peak at all; a block never opens with a peak week.

Without a race the plan is a rolling block of maintenance weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong.domain.athlete import Event, Priority, Profile, Race
from runstrong.domain.plan import Phase, PhaseName

# Most weeks of heavy build a block holds before the peak; more base comes first instead.
MAX_BUILD_WEEKS = 8
MIN_BASE_WEEKS = 3
# A lighter week every fourth training week (evidence 1: every 3-4 weeks, volume down 25-50 %).
DELOAD_EVERY = 4
# Evidence 2b: the week around a B race is lighter. Here any week a race's days touch (its
# run-in or the rest days after it) is the block's lighter week once the block has had two
# full weeks, so the lighter week has a block to repeat and the count of four starts again
# [U, our rule].
RACE_WEEK_LIGHTER_AFTER = 2
# The block week a loading week holds when it is the only one left after a lighter week:
# the block's last full week (its doses stop rising there, see `dosing`).
HELD_BLOCK_WEEK = DELOAD_EVERY - 2
# Evidence 2b: with 6 or more weeks before the race week, two thirds or more of them build
# strength, so peak and taper share at most a third of them.
LEAD_WEEKS_FOR_A_PEAK = 6
LOADING_SHARE = (2, 3)  # numerator, denominator: at least 2/3 of the lead weeks load
# Evidence 2b: the peak (same intensity, less volume) is 1-2 weeks; two when the lead time is
# 10 weeks or more and the third left for peak and taper has room for them [U].
PEAK_WEEKS = (1, 2)
TWO_PEAK_WEEKS_FROM = 10
# Days before an A race with no heavy or plyometric work: evidence 1 (taper timing) and 2b,
# 7-10 days for 5K to half marathon, 10-14 days for marathon and ultra [U, common practice].
# The short races take the low end, the half the top of its range (the longest of the
# group); marathon and ultra the top of theirs.
HEAVY_CUTOFF_DAYS = {Event.FIVE_K: 7, Event.TEN_K: 7, Event.HALF_MARATHON: 10,
                     Event.MARATHON: 14, Event.ULTRA: 14}  # fmt: skip
# The same for B races (a short taper, "no heavy work in the last ~5 days") and C races
# (trained through, "no heavy work in the last ~3 days"): evidence 2b [U].
LIGHT_CUTOFF_DAYS = {Priority.B: 5, Priority.C: 3}
# Days just before a race with no session at all: 2 before A and B races (an A race's
# optional primer comes 3-5 days out, evidence 1 taper timing), the day before a C race
# (trained through, evidence 2b; nothing the day before or on race day) [U, our rule].
NO_SESSION_DAYS_BEFORE_RACE = 2  # A and B races (kept under its old name)
NO_SESSION_DAYS_BEFORE = {Priority.A: 2, Priority.B: 2, Priority.C: 1}
# Days after a race with no session, by priority and by race length (half marathon and
# longer count as long) [U]. A: the old rule (4 after a long race, 2 after a short one), and
# the rest of the race week; B: "training resumes a few days after" (evidence 2b); C: trained
# through, with a day off after a long one.
REST_DAYS_AFTER = {
    (Priority.A, True): 4, (Priority.A, False): 2,
    (Priority.B, True): 3, (Priority.B, False): 2,
    (Priority.C, True): 1, (Priority.C, False): 0,
}  # fmt: skip
# Recovery weeks after an A race: two after a marathon or ultra, one after shorter races [U].
RECOVERY_WEEKS = {Event.MARATHON: 2, Event.ULTRA: 2}


def heavy_cutoff_days(race: Race) -> int:
    """Days before the race (the race day counted as 0) with nothing heavy or plyometric."""
    if race.priority is Priority.A:
        return HEAVY_CUTOFF_DAYS.get(race.event, 7)
    return LIGHT_CUTOFF_DAYS[race.priority]


def no_session_days_before(race: Race) -> int:
    return NO_SESSION_DAYS_BEFORE[race.priority]


def rest_days_after(race: Race) -> int:
    return REST_DAYS_AFTER[(race.priority, race.event.is_long)]


def recovery_weeks(race: Race) -> int:
    return RECOVERY_WEEKS.get(race.event, 1) if race.priority is Priority.A else 0


def taper_weeks(race: Race) -> int:
    """Taper weeks before an A race's week: the weeks the heavy cutoff reaches into by half
    a week or more, and always one, so the last heavy session comes at reduced volume in a
    taper week (a 5K on a Sunday: the taper week holds it 8-13 days out)."""
    reach = heavy_cutoff_days(race) - race.date.weekday()  # cutoff days before race week
    return max(1, (reach + 3) // 7)


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
    weeks_after_race: int  # 1 for the first recovery week, 0 outside recovery
    races: tuple[Race, ...] = ()  # the races of this week that the plan trains for


@dataclass(frozen=True, slots=True)
class Calendar:
    """The season's weeks: the phase of each, and which races the plan covers."""

    first: dt.date  # Monday of week 1
    phases: tuple[PhaseName, ...]
    races: tuple[Race, ...]  # inside the plan, by date
    dropped: tuple[Race, ...]  # after the plan's end (after the last A race's recovery)
    touched: frozenset[int] = frozenset()  # weeks a race's run-in, day or rest days touch

    @property
    def end(self) -> dt.date:
        """The plan's last day (a Sunday)."""
        return self.first + dt.timedelta(weeks=len(self.phases), days=-1)

    def week_of(self, day: dt.date) -> int:
        """0-based index of the week holding the day (may lie outside the plan)."""
        return (day - self.first).days // 7

    def phase_on(self, day: dt.date) -> PhaseName | None:
        index = self.week_of(day)
        return self.phases[index] if 0 <= index < len(self.phases) else None


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def is_lighter(full_weeks: int, race_touched: bool) -> bool:
    """Whether a loading week is lighter, after `full_weeks` full weeks in its block: the
    fourth week, and a week the race rules touch once the block has had two full weeks
    (a block's first weeks bring its new exercises; a lighter week brings nothing new)."""
    return full_weeks == DELOAD_EVERY - 1 or (
        race_touched and full_weeks >= RACE_WEEK_LIGHTER_AFTER
    )


def lighter_weeks(weeks: int, touched: frozenset[int] = frozenset()) -> list[bool]:
    """Which of a run of loading weeks (one phase) are lighter; `touched` holds the
    offsets of the weeks a race touches."""
    lighter = []
    full = 0
    for week in range(weeks):
        lighter.append(is_lighter(full, week in touched))
        full = 0 if lighter[-1] else full + 1
    return lighter


def touched_weeks(first: dt.date, races: tuple[Race, ...]) -> frozenset[int]:
    """0-based weeks (from the Monday `first`) holding a day of a race's run-in (its heavy
    cutoff), the race itself, or the rest days after it."""
    weeks: set[int] = set()
    for race in races:
        begin = race.date - dt.timedelta(days=heavy_cutoff_days(race))
        end = race.date + dt.timedelta(days=rest_days_after(race))
        weeks.update(range((begin - first).days // 7, (end - first).days // 7 + 1))
    return frozenset(weeks)


def _loading(weeks: int, fresh: bool, touched: frozenset[int]) -> list[PhaseName]:
    """Base then build. A few weeks of base come first whatever the length (technique
    before load), and the base ends on a lighter week where it can, so the build opens a
    fresh block: the first lighter week that leaves at most MAX_BUILD_WEEKS of build
    (without B races, a multiple of four weeks of base). A block after a recovery goes
    straight to build, unless the gap is long enough that the build would run past
    MAX_BUILD_WEEKS (then base first, as above)."""
    if not fresh and weeks <= MAX_BUILD_WEEKS + DELOAD_EVERY:
        return [PhaseName.BUILD] * weeks
    base = min(weeks, MIN_BASE_WEEKS)
    if weeks > DELOAD_EVERY:
        wanted = max(DELOAD_EVERY, weeks - MAX_BUILD_WEEKS)
        ends = [
            week + 1
            for week, light in enumerate(lighter_weeks(weeks, touched))
            if light and week + 1 >= MIN_BASE_WEEKS
        ]
        later = [end for end in ends if end >= wanted]
        base = later[0] if later else max(ends, default=min(weeks, DELOAD_EVERY))
    return [PhaseName.BASE] * base + [PhaseName.BUILD] * (weeks - base)


def _lengths(lead: int, race: Race) -> tuple[int, int]:
    """(peak weeks, taper weeks) for a race `lead` weeks after the block starts."""
    if race.priority is not Priority.A:
        return 0, 0  # the short taper of a B or C race fits inside its own week
    taper = taper_weeks(race)
    if lead < LEAD_WEEKS_FOR_A_PEAK:
        # Close to the race: familiarisation first, no peak; the taper takes half at most.
        return 0, min(taper, lead // 2)
    numerator, denominator = LOADING_SHARE
    loading = -(-lead * numerator // denominator)  # two thirds, rounded up
    room = lead - loading  # what peak and taper may share
    taper = min(taper, room - PEAK_WEEKS[0])
    peak = PEAK_WEEKS[1] if lead >= TWO_PEAK_WEEKS_FROM else PEAK_WEEKS[0]
    return min(peak, room - taper), taper


def block_phases(
    lead: int, race: Race, fresh: bool, touched: frozenset[int] = frozenset()
) -> list[PhaseName]:
    """The phases of the `lead` weeks before a race week (the race week not included);
    `touched` holds the offsets, from the block's start, of the weeks a race touches."""
    peak, taper = _lengths(lead, race)
    loading = _loading(lead - peak - taper, fresh, touched)
    return loading + [PhaseName.PEAK] * peak + [PhaseName.TAPER] * taper


def calendar(profile: Profile) -> Calendar:
    first = monday_of(profile.start_date)
    season = profile.season()
    if not season:
        return Calendar(first, (PhaseName.MAINTENANCE,) * profile.weeks, (), ())
    drivers = [r for r in season if r.priority is Priority.A] or [season[-1]]
    touched = touched_weeks(first, season)
    phases: list[PhaseName] = []
    previous_week = recovery = -1
    for race in drivers:
        race_week = (monday_of(race.date) - first).days // 7
        if race_week == previous_week:
            # Two A races in one week share the race week; the longer recovery follows.
            recovery = max(recovery, recovery_weeks(race))
        else:
            del phases[race_week:]  # a recovery gives way to the next A race
            fresh = not any(p in (PhaseName.BASE, PhaseName.BUILD) for p in phases)
            offset = len(phases)
            ahead = frozenset(week - offset for week in touched if week >= offset)
            phases += block_phases(race_week - offset, race, fresh, ahead)
            phases.append(PhaseName.RACE)
            recovery = recovery_weeks(race)
        del phases[race_week + 1 :]
        phases += [PhaseName.RECOVERY] * recovery
        previous_week = race_week
    end = first + dt.timedelta(weeks=len(phases), days=-1)
    return Calendar(
        first,
        tuple(phases),
        tuple(r for r in season if r.date <= end),
        tuple(r for r in season if r.date > end),
        touched,
    )


def week_phases(profile: Profile) -> list[PhaseName]:
    """The phase of each week, first to last."""
    return list(calendar(profile).phases)


_LOADING = (PhaseName.BASE, PhaseName.BUILD, PhaseName.MAINTENANCE)


def week_frames(profile: Profile, season: Calendar | None = None) -> list[WeekFrame]:
    """The weeks with their lighter weeks and blocks.

    Inside each loading phase, `is_lighter` says which weeks are lighter (so a phase never
    opens with one, and the base ends on one where it can, see `_loading`).
    """
    cal = season or calendar(profile)
    frames = []
    training = block = block_week = after_race = 0
    previous: PhaseName | None = None
    for index, phase in enumerate(cal.phases, start=1):
        start = cal.first + dt.timedelta(weeks=index - 1)
        races = tuple(r for r in cal.races if start <= r.date < start + dt.timedelta(days=7))
        if previous is not None and phase != previous:
            block += 1  # a new phase starts a new block of exercises
            block_week = 0
        loading = phase in _LOADING
        deload = False
        if loading:
            training += 1
            deload = is_lighter(block_week, index - 1 in cal.touched)
        after_race = after_race + 1 if phase is PhaseName.RECOVERY else 0
        frames.append(
            WeekFrame(
                index=index,
                start=start,
                phase=phase,
                deload=deload,
                training_week=training if loading else 0,
                block_week=block_week,
                block=block,
                weeks_after_race=after_race,
                races=races,
            )
        )
        if deload and _one_week_left(cal.phases, index, phase):
            # One loading week left before the phase ends: it repeats the block's last
            # full week rather than open a block of new exercises for a week.
            block_week = HELD_BLOCK_WEEK
        elif deload:
            block += 1
            block_week = 0
        elif loading:
            block_week += 1
        previous = phase
    return frames


def _one_week_left(phases: tuple[PhaseName, ...], index: int, phase: PhaseName) -> bool:
    """Whether exactly one week of `phase` follows week `index` (1-based) before another
    phase, or the plan's end."""
    return (
        index < len(phases)
        and phases[index] == phase
        and (index + 1 == len(phases) or phases[index + 1] != phase)
    )


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
