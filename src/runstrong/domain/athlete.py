"""The runner's profile: who they are, how they run, what they race, what they have.

Validated on the way in; every default is filled in so the plan can echo back exactly what
it understood. Distances are held in km, whatever the runner typed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from runstrong.domain.vocabulary import EQUIPMENT_PRESETS, Equipment, InjuryArea

KM_PER_MILE = 1.609344
LB_PER_KG = 2.2046226218
MAX_PLAN_DAYS = 366  # a race up to a year away


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
    """A runner as the contract defines them (input of `runstrong plan`)."""

    name: str = Field(default="Runner", max_length=80)
    start_date: dt.date
    experience: Experience
    running: Running
    goal: Goal = Goal()
    availability: Availability = Availability()
    equipment: tuple[EquipmentName, ...] = ()
    injuries: tuple[Injury, ...] = ()
    assessment: Assessment | None = None
    units: Units = Units.METRIC
    weeks: int = Field(
        default=12, ge=4, le=52, description="length of a rolling plan when there is no race"
    )

    @field_validator("equipment")
    @classmethod
    def _known_equipment(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        choices = [*EQUIPMENT_PRESETS, *(e.value for e in Equipment)]
        for name in names:
            if name not in choices:
                raise ValueError(f"unknown equipment {name!r}; choose from: {', '.join(choices)}")
        return tuple(dict.fromkeys(names))

    @model_validator(mode="after")
    def _race_in_reach(self) -> Self:
        race = self.goal.date
        if race is not None:
            if race <= self.start_date:
                raise ValueError("goal.date: the race must be after start_date")
            if (race - self.start_date).days > MAX_PLAN_DAYS:
                raise ValueError("goal.date: the race is more than a year after start_date")
        return self

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
