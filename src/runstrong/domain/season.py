"""A season of races: what each race does to the days around it, and how to say so.

    season = Season(profile)
    season.race_on(day)            -> the race on that day, or None
    season.days_to_next_race(day)  -> (days, race) for the next race on or after the day
    season.closed(day)             -> True where no session may go
    season.leg_cap(day)            -> how much a session that day may load the legs
    season.cut_short(week)         -> whether the race rules shaped that week (1-based)
    season.frames                  -> the weeks (phases, lighter weeks, races of the week)
    season.explain()               -> one sentence per race: how the plan treats it

The rules by priority (numbers in `phases`, each beside its source):

- A: the full taper (taper weeks before the race week; nothing heavy or plyometric in the
  last 7-14 days by distance; no session in the last 2 days), then recovery weeks with
  light leg work only, rest days first (none at all in the week after a marathon or ultra).
- B: a short taper (nothing heavy or plyometric in the last 5 days, no session in the last
  2), training resumes a few days after; the week of the race is a lighter week.
- Inside any race's cutoff, a training week's sessions spare the legs (upper body and
  core); the peak, taper and race weeks keep light leg work.
- C: trained through (nothing heavy or plyometric in the last 3 days, no session the day
  before or on race day).

Pure: the generator asks these questions day by day, and `runstrong profile check` prints
`explain()`, so what the runner reads is what the plan does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runstrong.domain.athlete import Event, Priority, Profile, Race
from runstrong.domain.phases import (
    Calendar,
    WeekFrame,
    calendar,
    heavy_cutoff_days,
    monday_of,
    no_session_days_before,
    rest_days_after,
    week_frames,
)
from runstrong.domain.plan import PhaseName
from runstrong.domain.schedule import LegLoad

_LIGHT_PHASES = (PhaseName.RACE, PhaseName.RECOVERY)
_TRAINING_PHASES = (PhaseName.BASE, PhaseName.BUILD, PhaseName.MAINTENANCE)
_NO_LEGS_AFTER = (Event.MARATHON, Event.ULTRA)


@dataclass(frozen=True, slots=True)
class RaceRules:
    """The dates one race sets, worked out once; every answer below comes from these."""

    race: Race
    light_from: dt.date  # from this day to the race: nothing heavy or plyometric
    closed_from: dt.date  # from this day to the race: no session
    resumes: dt.date  # the first day after the race a session may come back
    taper_from: dt.date | None = None  # A: the first day of the taper weeks (or race week)
    recovery_weeks: int = 0  # A: recovery weeks in the plan after it
    recovery_to: dt.date | None = None  # A: the last day of those weeks
    legs_back: dt.date | None = None  # A marathon or ultra: no leg work before this day
    lighter_week: dt.date | None = None  # B: Monday of the week it makes lighter


class Season:
    """The races of one profile and the rules they set, day by day."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.calendar: Calendar = calendar(profile)
        self.frames: tuple[WeekFrame, ...] = tuple(week_frames(profile, self.calendar))
        self.rules: tuple[RaceRules, ...] = tuple(self._rules(r) for r in self.calendar.races)
        self._on = {r.date: r for r in (*self.calendar.races, *self.calendar.dropped)}
        self._caps: dict[dt.date, LegLoad] = {}
        self._closed: dict[dt.date, bool] = {}

    @property
    def races(self) -> tuple[Race, ...]:
        """The races the plan trains for, by date."""
        return self.calendar.races

    @property
    def dropped(self) -> tuple[Race, ...]:
        """Races after the plan's end, left out."""
        return self.calendar.dropped

    # -- the days ------------------------------------------------------------------------
    def race_on(self, day: dt.date) -> Race | None:
        return self._on.get(day)

    def days_to_next_race(self, day: dt.date) -> tuple[int, Race] | None:
        for race in self.calendar.races:
            if race.date >= day:
                return (race.date - day).days, race
        return None

    def closed(self, day: dt.date) -> bool:
        """Race day, the days just before a race, and the rest days after one."""
        if day not in self._closed:
            self._closed[day] = any(r.closed_from <= day < r.resumes for r in self.rules)
        return self._closed[day]

    def leg_cap(self, day: dt.date) -> LegLoad:
        """How much a session that day may load the legs.

        Light in race and recovery weeks. Inside a race's heavy cutoff: light in the peak,
        taper and race weeks; in a training week (base, build) the legs rest and the day
        holds upper body and core, since a training week's leg sessions carry the block's
        progressive loads. No leg work at all from an A marathon or ultra to the end of
        the week after it."""
        if day not in self._caps:
            cap = LegLoad.FULL
            phase = self.calendar.phase_on(day)
            if phase in _LIGHT_PHASES:
                cap = LegLoad.LIGHT
            in_cutoff = LegLoad.NONE if phase in _TRAINING_PHASES else LegLoad.LIGHT
            for rules in self.rules:
                if rules.light_from <= day <= rules.race.date:
                    cap = min(cap, in_cutoff)
                if rules.legs_back is not None and rules.race.date < day < rules.legs_back:
                    cap = LegLoad.NONE
            self._caps[day] = cap
        return self._caps[day]

    def cut_short(self, week: int) -> bool:
        """Whether the race rules shaped this week (1-based index): a race's run-in, day or
        rest days fall in it, or in the week before (whose last leg day moves this week's
        first one, 48 hours on)."""
        touched = self.calendar.touched
        return week - 1 in touched or week - 2 in touched

    # -- the words -----------------------------------------------------------------------
    def explain(self) -> tuple[str, ...]:
        """How the plan treats each race, in date order; then the races it leaves out."""
        lines = [self._explain(rules) for rules in self.rules]
        end = self.calendar.end
        for race in self.calendar.dropped:
            lines.append(
                f"{_title(race)}: after the end of this plan ({end}), which runs to your last A "
                "race and its recovery, so it is left out. Make a new plan for it once you have "
                "recovered."
            )
        return tuple(lines)

    def _explain(self, rules: RaceRules) -> str:
        race = rules.race
        light = self._clip(rules.light_from)
        closed = self._clip(rules.closed_from)
        if race.priority is Priority.A:
            taper = min(self._clip(rules.taper_from or race.date), light)
            text = (
                f"{_title(race)}: full taper from {taper}: nothing heavy or plyometric from "
                f"{light}, no session from {closed}"
            )
            if rules.recovery_weeks and rules.recovery_to is not None:
                weeks = (
                    "a recovery week"
                    if rules.recovery_weeks == 1
                    else f"{rules.recovery_weeks} recovery weeks"
                )
                text += (
                    f"; then {weeks} to {rules.recovery_to}, sessions again from {rules.resumes}"
                )
                if rules.legs_back is not None:
                    text += f" (upper body and core only until {rules.legs_back})"
            else:
                text += "; no recovery week, as your next A race follows straight after"
            return text + "."
        if race.priority is Priority.B:
            text = (
                f"{_title(race)}: short taper: nothing heavy or plyometric from {light}, "
                f"no session from {closed}"
            )
            if rules.lighter_week is not None:
                text += f"; the week of {rules.lighter_week} is a lighter week"
        else:
            before = (
                f"no session on {closed} or race day"
                if closed < race.date
                else "no session on race day"
            )
            text = f"{_title(race)}: trained through: nothing heavy or plyometric from {light}, {before}"
        if rules.resumes > self.calendar.end:
            return text + "; the plan ends with it."
        return text + f"; training resumes on {rules.resumes}."

    # -- working the dates out -------------------------------------------------------------
    def _clip(self, day: dt.date) -> dt.date:
        return max(day, self.profile.start_date)

    def _rules(self, race: Race) -> RaceRules:
        day = race.date
        light_from = day - dt.timedelta(days=heavy_cutoff_days(race))
        closed_from = day - dt.timedelta(days=no_session_days_before(race))
        resumes = day + dt.timedelta(days=rest_days_after(race) + 1)
        if race.priority is Priority.B:
            # The lighter week its days fall in: the race's own week, or the one after.
            weeks = range(self.calendar.week_of(light_from), self.calendar.week_of(resumes) + 1)
            lighter = next(
                (
                    self.frames[w].start
                    for w in weeks
                    if 0 <= w < len(self.frames) and self.frames[w].deload
                ),
                None,
            )
            return RaceRules(race, light_from, closed_from, resumes, lighter_week=lighter)
        if race.priority is Priority.C:
            return RaceRules(race, light_from, closed_from, resumes)
        # A race: the rest of its race week is closed too; the taper weeks run up to it.
        race_monday = monday_of(day)
        resumes = max(resumes, race_monday + dt.timedelta(days=7))
        phases = self.calendar.phases
        week = self.calendar.week_of(day)
        first_taper = week
        while first_taper > 0 and phases[first_taper - 1] is PhaseName.TAPER:
            first_taper -= 1
        recovery = 0
        while week + 1 + recovery < len(phases) and phases[week + 1 + recovery] is (
            PhaseName.RECOVERY
        ):
            recovery += 1
        recovery_to = race_monday + dt.timedelta(weeks=recovery + 1, days=-1) if recovery else None
        legs_back = race_monday + dt.timedelta(weeks=2) if race.event in _NO_LEGS_AFTER else None
        return RaceRules(
            race,
            light_from,
            closed_from,
            resumes,
            taper_from=self.calendar.first + dt.timedelta(weeks=first_taper),
            recovery_weeks=recovery,
            recovery_to=recovery_to,
            legs_back=legs_back,
        )


def _title(race: Race) -> str:
    label = race.label
    return label[:1].upper() + label[1:]


def explain(profile: Profile) -> tuple[str, ...]:
    """How the plan for this profile treats each of its races (empty without races)."""
    return Season(profile).explain()
