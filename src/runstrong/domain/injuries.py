"""Injury profiles: what to add, what to avoid and how to dose it, per area and status.

Profiles are data (``runstrong/library/data/injuries/<area>.yaml``), written from the
evidence base and validated here. The generator applies the profile of each injury in the
runner's profile: exclusions (the exercises' own ``avoid_with`` while current, the
profile's ``avoid`` list, plus plyometrics where the profile says so), targeted exercises
inside the strength sessions, and short daily or every-other-day rehab routines that sit
beside the sessions.

What a status leaves out is said twice: in words, in the ``note`` the runner reads, and as
data, in ``excludes`` (one :class:`Exclusion` per thing the note says is left out or
waits). ``excludes`` removes nothing itself; the catalog checks that the exercises it
selects really are left out by ``avoid``, ``avoid_with`` and ``plyometrics``, so a note
can never promise an exclusion the data do not make.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from runstrong.domain.exercises import Exercise, ExerciseId
from runstrong.domain.vocabulary import Equipment, InjuryArea, Pattern

STATUSES = ("current", "recovering", "past")


def check_status(status: str) -> None:
    """Refuse anything but an injury status (``InjuryStatus`` values are these strings)."""
    if status not in STATUSES:
        raise ValueError(f"unknown injury status {status!r}; choose from {list(STATUSES)}")


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


class Exclusion(_Record):
    """One thing a status note says is left out, as a rule that selects exercises.

    ``says`` quotes the note. The filters (``patterns``, ``equipment``, ``loaded``,
    ``plyometric``) select the exercises that match every filter given; ``exercises`` adds
    named ones and ``keep`` takes named ones back out. So "lunges" can be the whole lunge
    pattern but the step-ups, and a new lunge added to the library is covered at once.
    """

    says: str = Field(min_length=3, max_length=160, description="the words of the note")
    patterns: tuple[Pattern, ...] = Field(default=(), description="exercises of these patterns")
    equipment: tuple[Equipment, ...] = Field(
        default=(), description="exercises that need any of this equipment"
    )
    loaded: bool = Field(default=False, description="only exercises that take external load")
    plyometric: bool = Field(default=False, description="only plyometric exercises")
    exercises: tuple[ExerciseId, ...] = Field(default=(), description="named exercises")
    keep: tuple[ExerciseId, ...] = Field(
        default=(), description="named exercises the rule does not cover"
    )

    @model_validator(mode="after")
    def _selects_something(self) -> Self:
        if not (self.filtered or self.exercises):
            raise ValueError("an exclusion names exercises or gives a filter")
        if set(self.keep) & set(self.exercises):
            raise ValueError("an exercise cannot be both named and kept")
        return self

    @property
    def filtered(self) -> bool:
        return bool(self.patterns or self.equipment or self.loaded or self.plyometric)

    def matches(self, exercise: Exercise) -> bool:
        if exercise.id in self.keep:
            return False
        if exercise.id in self.exercises:
            return True
        return (
            self.filtered
            and (not self.patterns or exercise.pattern in self.patterns)
            and (not self.equipment or bool(set(self.equipment) & set(exercise.equipment)))
            and (not self.loaded or exercise.loadable)
            and (not self.plyometric or exercise.plyometric)
        )

    def select(self, exercises: Iterable[Exercise]) -> tuple[str, ...]:
        """The ids of the exercises this rule covers, sorted."""
        return tuple(sorted(e.id for e in exercises if self.matches(e)))


def _words(text: str) -> str:
    return " ".join(text.lower().split())


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
    excludes: tuple[Exclusion, ...] = Field(
        default=(),
        description="what the note says is left out, as rules; checked against the data",
    )

    @model_validator(mode="after")
    def _excludes_quote_the_note(self) -> Self:
        note = _words(self.note)
        for exclusion in self.excludes:
            if _words(exclusion.says) not in note:
                raise ValueError(f"excludes: {exclusion.says!r} is not in the note")
        return self


class InjuryProfile(_Record):
    area: InjuryArea
    name: str = Field(min_length=3, max_length=80)
    summary: str = Field(min_length=20, max_length=400)
    sources: tuple[str, ...] = Field(min_length=1)
    current: StatusPlan
    recovering: StatusPlan
    past: StatusPlan

    def for_status(self, status: str) -> StatusPlan:
        check_status(status)
        plan: StatusPlan = getattr(self, status)
        return plan

    def plans(self) -> tuple[tuple[str, StatusPlan], ...]:
        """Each status with its plan, the most troubled first."""
        return tuple((status, self.for_status(status)) for status in STATUSES)

    def exercise_ids(self) -> set[str]:
        ids: set[str] = set()
        for plan in (self.current, self.recovering, self.past):
            ids.update(plan.avoid)
            for exclusion in plan.excludes:
                ids.update(exclusion.exercises + exclusion.keep)
            for dosed in plan.session + (plan.rehab.items if plan.rehab else ()):
                ids.update(dosed.options())
        return ids
