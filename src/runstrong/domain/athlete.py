"""The runner's profile: who they are, how they run, what they race, what they have.

Validated on the way in; every default is filled in so the plan can echo back exactly what
it understood. Distances are held in km, whatever the runner typed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from runstrong.domain.untrusted import plain
from runstrong.domain.vocabulary import EQUIPMENT_PRESETS, Equipment, InjuryArea

KM_PER_MILE = 1.609344
LB_PER_KG = 2.2046226218
MAX_PLAN_DAYS = 366  # a race up to a year away
MAX_RACES = 20  # a season's races: a C race every other week and then some
AGE_RANGE = (12, 100)  # years


class Experience(StrEnum):
    NOVICE = "novice"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class DayKind(StrEnum):
    REST = "rest"
    EASY = "easy"
    QUALITY = "quality"  # intervals, tempo, hills
    LONG = "long"
    RACE = "race"


class Event(StrEnum):
    FIVE_K = "5k"
    TEN_K = "10k"
    HALF_MARATHON = "half_marathon"
    MARATHON = "marathon"
    ULTRA = "ultra"
    NONE = "none"

    @property
    def is_long(self) -> bool:
        """Half marathon and longer: a longer taper and a longer recovery."""
        return self in (Event.HALF_MARATHON, Event.MARATHON, Event.ULTRA)


class Priority(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class InjuryStatus(StrEnum):
    CURRENT = "current"
    RECOVERING = "recovering"
    PAST = "past"


class Units(StrEnum):
    METRIC = "metric"
    IMPERIAL = "imperial"


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RunningWeek(_Input):
    """The usual running week; days left out are rest days."""

    mon: DayKind = DayKind.REST
    tue: DayKind = DayKind.REST
    wed: DayKind = DayKind.REST
    thu: DayKind = DayKind.REST
    fri: DayKind = DayKind.REST
    sat: DayKind = DayKind.REST
    sun: DayKind = DayKind.REST

    def on(self, day: dt.date) -> DayKind:
        kind: DayKind = getattr(self, WEEKDAYS[day.weekday()])
        return kind

    def as_list(self) -> list[DayKind]:
        return [getattr(self, d) for d in WEEKDAYS]


class Running(_Input):
    weekly_km: float | None = Field(default=None, ge=0, le=400)
    weekly_miles: float | None = Field(default=None, ge=0, le=250)
    week: RunningWeek

    @model_validator(mode="after")
    def _km(self) -> Self:
        if self.weekly_km is not None and self.weekly_miles is not None:
            raise ValueError("weekly_miles: give weekly_km or weekly_miles, not both")
        if self.weekly_km is None:
            km = 0.0 if self.weekly_miles is None else round(self.weekly_miles * KM_PER_MILE, 1)
            object.__setattr__(self, "weekly_km", km)
            object.__setattr__(self, "weekly_miles", None)
        return self

    @property
    def km(self) -> float:
        return self.weekly_km or 0.0


class Goal(_Input):
    event: Event = Event.NONE
    date: dt.date | None = None
    priority: Priority = Priority.A

    @model_validator(mode="after")
    def _date_matches_event(self) -> Self:
        if self.event is Event.NONE and self.date is not None:
            raise ValueError("event: a race date needs an event (5k, 10k, half_marathon, ...)")
        if self.event is not Event.NONE and self.date is None:
            raise ValueError(f"date: the {self.event} needs a race date (YYYY-MM-DD)")
        return self


class Race(_Input):
    """One race of a season: what, when, and how much it matters (A, B or C)."""

    event: Event
    date: dt.date
    priority: Priority = Priority.A

    @model_validator(mode="after")
    def _has_an_event(self) -> Self:
        if self.event is Event.NONE:
            raise ValueError(
                "event: a race needs an event (5k, 10k, half_marathon, marathon or ultra)"
            )
        return self

    def as_goal(self) -> Goal:
        return Goal(event=self.event, date=self.date, priority=self.priority)

    @property
    def label(self) -> str:
        """The race as a runner says it, e.g. "half marathon on 2027-04-25 (A race)"."""
        return f"{self.event.value.replace('_', ' ')} on {self.date} ({self.priority.value} race)"


class Availability(_Input):
    sessions_per_week: int = Field(default=2, ge=1, le=3)
    minutes_per_session: int = Field(default=30, ge=15, le=90)


class Injury(_Input):
    area: InjuryArea
    side: Side = Side.BOTH
    status: InjuryStatus = InjuryStatus.CURRENT


class LeftRight(_Input):
    left: float = Field(ge=0, le=600)
    right: float = Field(ge=0, le=600)


class Quality(StrEnum):
    """How a movement looked: trunk, pelvis, hip and knee control together."""

    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"


class SideQuality(_Input):
    left: Quality
    right: Quality


class Assessment(_Input):
    """Field-test results; every test is optional, every value is left/right."""

    single_leg_calf_raise_reps: LeftRight | None = None
    single_leg_bridge_reps: LeftRight | None = None
    side_plank_seconds: LeftRight | None = None
    single_leg_squat_reps: LeftRight | None = None
    single_leg_squat_quality: SideQuality | None = None
    single_leg_hop_cm: LeftRight | None = None
    date: dt.date | None = Field(default=None, description="when the tests were done")


EquipmentName = Annotated[str, Field(min_length=1)]


class Profile(_Input):
    """A runner as the contract defines them (input of `runstrong plan`).

    A season of races goes in `races`; `goal` then names the race the plan builds to, and
    is filled in from the races when left out: the last A race (the plan runs to it and
    its recovery), or the last race when none is an A race. `season()` gives every race,
    by date, whichever way they were given.
    """

    name: str = Field(default="Runner", max_length=80)
    start_date: dt.date
    experience: Experience
    age: int | None = Field(default=None, description="years")
    running: Running
    goal: Goal = Goal()
    races: tuple[Race, ...] = ()
    availability: Availability = Availability()
    equipment: tuple[EquipmentName, ...] = ()
    injuries: tuple[Injury, ...] = ()
    assessment: Assessment | None = None
    units: Units = Units.METRIC
    weeks: int = Field(
        default=12, ge=4, le=52, description="length of a rolling plan when there is no race"
    )

    @field_validator("name", mode="before")
    @classmethod
    def _plain_name(cls, name: object) -> object:
        # A name is printed in terminals, headings and calendars: no escapes, one line.
        if isinstance(name, str):
            return plain(name) or "Runner"
        return name

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        choices = [*EQUIPMENT_PRESETS, *(e.value for e in Equipment)]
        for name in names:
            if name not in choices:
                raise ValueError(f"unknown equipment {name!r}; choose from: {', '.join(choices)}")
        return tuple(dict.fromkeys(names))

    @field_validator("age", mode="before")
    @classmethod
    def _whole_years(cls, age: object) -> object:
        if age is None or (isinstance(age, int) and not isinstance(age, bool)):
            return age
        if isinstance(age, str) and age.strip().isdigit():
            return int(age)
        if isinstance(age, float) and age.is_integer():
            return int(age)
        low, high = AGE_RANGE
        raise ValueError(f"give your age in whole years, from {low} to {high}")

    @field_validator("age")
    @classmethod
    def _sensible_age(cls, age: int | None) -> int | None:
        low, high = AGE_RANGE
        if age is not None and not low <= age <= high:
            raise ValueError(f"give your age in whole years, from {low} to {high}")
        return age

    @field_validator("races", mode="before")
    @classmethod
    def _a_list(cls, races: object) -> object:
        if races is None:
            return ()  # null: no season list
        if not isinstance(races, list | tuple):
            raise ValueError("give a list of races, each with an event, a date and a priority")
        return races

    @field_validator("races")
    @classmethod
    def _not_too_many(cls, races: tuple[Race, ...]) -> tuple[Race, ...]:
        if len(races) > MAX_RACES:
            raise ValueError(f"at most {MAX_RACES} races in one season (got {len(races)})")
        return races

    @model_validator(mode="after")
    def _race_in_reach(self) -> Self:
        if self.races:
            self._check_season()
            return self
        race = self.goal.date
        if race is not None:
            problem = self._out_of_reach(race)
            if problem:
                raise ValueError(f"goal.date: {problem}")
        return self

    def _out_of_reach(self, day: dt.date) -> str | None:
        if day <= self.start_date:
            return f"the race must be after start_date ({self.start_date})"
        if (day - self.start_date).days > MAX_PLAN_DAYS:
            return f"the race is more than a year after start_date ({self.start_date})"
        return None

    def _check_season(self) -> None:
        """Races in reach and on different days; goal, if given, is the race it stands for."""
        seen: dict[dt.date, int] = {}
        for index, race in enumerate(self.races):
            problem = self._out_of_reach(race.date)
            if problem:
                raise ValueError(f"races.{index}.date: {problem}")
            if race.date in seen:
                raise ValueError(
                    f"races.{index}.date: races.{seen[race.date]} is on the same day "
                    f"({race.date}); keep one race a day"
                )
            seen[race.date] = index
        season = self.season()
        a_races = [r for r in season if r.priority is Priority.A]
        target = (a_races or season)[-1]
        which = "your last A race" if a_races else "your last race (none is an A race)"
        if self.goal.event is not Event.NONE and self.goal != target.as_goal():
            raise ValueError(
                f"goal: with races, leave goal out or make it {which}: "
                f"{target.event.value} on {target.date}, priority {target.priority.value}"
            )
        object.__setattr__(self, "goal", target.as_goal())

    def season(self) -> tuple[Race, ...]:
        """Every race, by date: the `races` given, or the goal as a one-race season."""
        if self.races:
            return tuple(sorted(self.races, key=lambda r: r.date))
        if self.goal.date is None:
            return ()
        return (Race(event=self.goal.event, date=self.goal.date, priority=self.goal.priority),)

    def available_equipment(self) -> frozenset[Equipment]:
        """Presets expanded; body weight (floor and wall) is always there."""
        available = {Equipment.FLOOR, Equipment.WALL}
        for name in self.equipment:
            # Names were validated on the way in: a preset or one piece of equipment.
            available |= EQUIPMENT_PRESETS.get(name) or {Equipment(name)}
        return frozenset(available)

    def current_injuries(self) -> frozenset[InjuryArea]:
        return frozenset(i.area for i in self.injuries if i.status is InjuryStatus.CURRENT)


def distance(km: float, units: Units) -> str:
    """A weekly distance as the runner reads it: km, or miles for imperial units."""
    if units is Units.IMPERIAL:
        return f"{km / KM_PER_MILE:.0f} miles"
    return f"{km:.0f} km"
