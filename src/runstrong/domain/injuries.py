"""Injury profiles: what to add, what to avoid and how to dose it, per area and status.

Profiles are data (``runstrong/library/data/injuries/<area>.yaml``), written from the
evidence base and validated here. The generator applies the profile of each injury in the
runner's profile: exclusions (the exercises' own ``avoid_with`` while current, plus
plyometrics where the profile says so), targeted exercises inside the strength sessions,
and short daily or every-other-day rehab routines that sit beside the sessions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from runstrong.domain.exercises import ExerciseId
from runstrong.domain.vocabulary import InjuryArea


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Frequency(StrEnum):
    DAILY = "daily"
    EVERY_OTHER_DAY = "every_other_day"
    THREE_PER_WEEK = "three_per_week"


class Step(_Record):
    """The dose from a given week of the plan on (the last step that has begun applies)."""

    from_week: int = Field(ge=1, le=52)
    sets: int = Field(ge=1, le=6)
    reps: int | None = Field(default=None, ge=1, le=30)
    seconds: int | None = Field(default=None, ge=5, le=120)
    rest_seconds: int = Field(default=60, ge=0, le=300)
    tempo: str | None = Field(default=None, pattern=r"^\d-\d-\d$")
    load: Literal["bodyweight", "rpe6", "rpe7", "rpe8", "rm"] = Field(
        default="bodyweight",
        description="body weight, an effort (RPE 6-8), or 'rm': the most you can lift for the reps",
    )

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("a step has either reps or seconds")
        return self


class Dosed(_Record):
    """One exercise and its dose over the weeks; the first doable option is used."""

    exercise: ExerciseId
    alternatives: tuple[ExerciseId, ...] = Field(
        default=(), description="used in order when the first cannot be done with the runner's kit"
    )
    why: str = Field(min_length=10, max_length=200)
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_in_order(self) -> Self:
        weeks = [s.from_week for s in self.steps]
        if weeks[0] != 1 or weeks != sorted(set(weeks)):
            raise ValueError("steps start at week 1 and go up in from_week")
        return self

    def options(self) -> tuple[str, ...]:
        return (self.exercise, *self.alternatives)

    def step_for(self, week: int) -> Step:
        current = self.steps[0]
        for step in self.steps:
            if step.from_week <= week:
                current = step
        return current


class Rehab(_Record):
    frequency: Frequency
    per_day: int = Field(default=1, ge=1, le=3)
    items: tuple[Dosed, ...] = Field(min_length=1, max_length=4)


class StatusPlan(_Record):
    """What the plan does for one injury area in one status."""

    note: str = Field(
        min_length=20, max_length=400, description="shown to the runner with the plan"
    )
    plyometrics: bool = True
    avoid: tuple[ExerciseId, ...] = Field(default=(), description="left out beyond avoid_with")
    session: tuple[Dosed, ...] = Field(
        default=(), max_length=2, description="added to strength sessions"
    )
    rehab: Rehab | None = None


class InjuryProfile(_Record):
    area: InjuryArea
    name: str = Field(min_length=3, max_length=80)
    summary: str = Field(min_length=20, max_length=400)
    sources: tuple[str, ...] = Field(min_length=1)
    current: StatusPlan
    recovering: StatusPlan
    past: StatusPlan

    def for_status(self, status: str) -> StatusPlan:
        plan: StatusPlan = getattr(self, status)
        return plan

    def exercise_ids(self) -> set[str]:
        ids: set[str] = set()
        for plan in (self.current, self.recovering, self.past):
            ids.update(plan.avoid)
            for dosed in plan.session + (plan.rehab.items if plan.rehab else ()):
                ids.update(dosed.options())
        return ids
