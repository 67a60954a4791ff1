"""Injury profiles: what to add, what to avoid and how to dose it, per area and status.

Profiles are data (``runstrong/library/data/injuries/<area>.yaml``), written from the
evidence base and validated here. The generator applies the profile of each injury in the
runner's profile: exclusions (the exercises' own ``avoid_with`` while current, the
profile's ``avoid`` list, plus plyometrics where the profile says so), targeted exercises
inside the strength sessions, and short daily or every-other-day rehab routines that sit
beside the sessions.

A protocol that a trial doses by days a week says so as data: ``per_week`` on the
exercise (:class:`Dosed`) or on one of its steps (:class:`Step`, from that week on) counts
the days a week it is done, strength sessions and rehab days together. Heavy slow heel
raises are 3 (Beyer 2015); the Nordic programme builds from 1 to 3 and then keeps 1
(Petersen 2011); the Copenhagen programme keeps 3 for its first weeks and then 1 (Harøy
2019). The generator fills the days the sessions leave with rehab days, and the plan's
promises check the count (``promises.check``).

When a current injury is ready for its recovering profile is data too (``moves_on``, a
:class:`MoveOn`): the runner reads it with the plan, and the log applies it
(``readiness.ready_to_move_on``).

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
from runstrong.domain.fieldtests import TestId
from runstrong.domain.vocabulary import Equipment, InjuryArea, Pattern

STATUSES = ("current", "recovering", "past")


def area_label(area: InjuryArea) -> str:
    """An injury area as a runner says it: "Achilles", "plantar fascia", "IT band",
    "high hamstring"."""
    proper = {
        InjuryArea.IT_BAND: "IT band",
        InjuryArea.ACHILLES: "Achilles",
        InjuryArea.PROXIMAL_HAMSTRING: "high hamstring",
        InjuryArea.BONE_STRESS: "bone stress injury",
    }
    return proper.get(area) or area.value.replace("_", " ")


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
    hold_top: int = Field(
        default=0, ge=0, le=10, description="seconds held at the top of each rep (see Dose)"
    )
    load: Literal["bodyweight", "rpe6", "rpe7", "rpe8", "rm"] = Field(
        default="bodyweight",
        description="body weight, an effort (RPE 6-8), or 'rm': the most you can lift for the reps",
    )
    per_week: int | None = Field(
        default=None,
        ge=1,
        le=7,
        description="from this step on, days a week (sessions and rehab days together)",
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
    per_week: int | None = Field(
        default=None,
        ge=1,
        le=7,
        description="days a week, sessions and rehab days together (a step may change it)",
    )
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_in_order(self) -> Self:
        weeks = [s.from_week for s in self.steps]
        if weeks[0] != 1 or weeks != sorted(set(weeks)):
            raise ValueError("steps start at week 1 and go up in from_week")
        counted = any(s.per_week is not None for s in self.steps)
        if counted and self.per_week is None and self.steps[0].per_week is None:
            raise ValueError("a protocol counted by days a week says how many from week 1")
        return self

    def options(self) -> tuple[str, ...]:
        return (self.exercise, *self.alternatives)

    def step_for(self, week: int) -> Step:
        current = self.steps[0]
        for step in self.steps:
            if step.from_week <= week:
                current = step
        return current

    def per_week_for(self, week: int) -> int | None:
        """Days a week in this week of the plan: the last step that names a count, or the
        exercise's own; None when the protocol is not counted by days a week."""
        days = self.per_week
        for step in self.steps:
            if step.from_week <= week and step.per_week is not None:
                days = step.per_week
        return days

    def weekly(self) -> tuple[tuple[int, int], ...]:
        """(from week, days a week) at every change of the count, in order; empty when the
        protocol is not counted by days a week."""
        changes: list[tuple[int, int]] = []
        for step in self.steps:
            days = self.per_week_for(step.from_week)
            if days is not None and (not changes or changes[-1][1] != days):
                changes.append((step.from_week, days))
        return tuple(changes)


class Rehab(_Record):
    """A short routine beside the sessions: on the days its ``frequency`` says, or, for an
    item counted by days a week (``per_week``), on that many days the generator picks."""

    frequency: Frequency | None = None
    per_day: int = Field(default=1, ge=1, le=3)
    items: tuple[Dosed, ...] = Field(min_length=1, max_length=4)

    @model_validator(mode="after")
    def _days_known(self) -> Self:
        if self.frequency is None and any(not d.weekly() for d in self.items):
            raise ValueError("a routine item without per_week needs the routine's frequency")
        return self


class Symmetry(_Record):
    """A left/right test whose weaker side must come near the other side's."""

    test: TestId = Field(description="the field test, as stored with the profile")
    exercise: ExerciseId | None = Field(
        default=None,
        description="the same test logged as sets with a side, where an exercise is that test",
    )
    percent: int = Field(ge=50, le=100, description="weaker side as a share of the stronger")


class MoveOn(_Record):
    """When a current injury is ready for its recovering profile, as the log can tell.

    Over the last ``weeks`` weeks the runner logged at least ``sessions`` sessions holding
    the area's work, in every one of those weeks; in every session logged then, no set hurt
    more than ``pain_at_most`` out of 10 and any pain had settled by the next morning; and,
    where ``symmetry`` is given, the latest result of that test (logged or stored) has its
    weaker side at ``percent`` % of the stronger or more.
    """

    pain_at_most: int = Field(ge=0, le=5, description="worst pain allowed, during and after")
    weeks: int = Field(ge=1, le=6)
    sessions: int = Field(ge=1, le=30)
    symmetry: Symmetry | None = None
    clearance: bool = Field(
        default=False,
        description="a clinician must clear the runner too (the log cannot show it)",
    )

    def text(self, test_name: str | None = None) -> str:
        """The criteria as the runner reads them, with the plan."""
        weeks = "a week" if self.weeks == 1 else f"{self.weeks} weeks"
        pain = (
            "you stay pain-free (0/10) during the work and the next morning"
            if self.pain_at_most == 0
            else f"pain stays at {self.pain_at_most}/10 or less during the work and has "
            "settled by the next morning"
        )
        parts = [
            f"Ready for the recovering plan when, over {weeks} with at least "
            f"{self.sessions} logged sessions, {pain}"
        ]
        if self.clearance:
            parts.append(
                ", and your clinician has cleared you to load it (runstrong cannot see that:"
                " change the injury to recovering in your profile once you have it)"
            )
        if self.symmetry is not None:
            name = (test_name or self.symmetry.test.replace("_", " ")).lower()
            how = (
                "log a set to failure on each side, or retest"
                if self.symmetry.exercise is not None
                else "retest and add the result to your profile"
            )
            parts.append(
                f", and your {name} result on each side comes to {self.symmetry.percent}% of "
                f"the other side's or more ({how})"
            )
        return "".join(parts) + "; runstrong today and progress tell you when."


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
        min_length=20, max_length=700, description="shown to the runner with the plan"
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
    moves_on: MoveOn | None = Field(
        default=None, description="current only: when the log says it is ready to move on"
    )

    def protocol_items(self) -> tuple[Dosed, ...]:
        """Everything the status prescribes: session exercises, then the routine's."""
        return self.session + (self.rehab.items if self.rehab else ())

    def work_ids(self) -> frozenset[str]:
        """Every exercise that can carry the status's work (each item's options)."""
        return frozenset(i for d in self.protocol_items() for i in d.options())

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
    # Whether one-sided work gets an extra set on the injured side while it is current or
    # recovering (a back has no sides to even out; a healing bone takes no extra load).
    side_extra_sets: bool = True
    # What the plan calls the work it adds, where "work for your <area>" would be untrue.
    adds: str | None = Field(default=None, min_length=3, max_length=80)
    current: StatusPlan
    recovering: StatusPlan
    past: StatusPlan

    @model_validator(mode="after")
    def _moves_on_from_current(self) -> Self:
        if self.recovering.moves_on is not None or self.past.moves_on is not None:
            raise ValueError("only the current status has moves_on")
        return self

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
            for dosed in plan.protocol_items():
                ids.update(dosed.options())
            if plan.moves_on is not None and plan.moves_on.symmetry is not None:
                if plan.moves_on.symmetry.exercise is not None:
                    ids.add(plan.moves_on.symmetry.exercise)
        return ids
