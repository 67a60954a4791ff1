"""Use cases for browsing the exercise library and the learn hub.

Inputs arrive as plain strings (from a command line or a query string) and leave as plain
data; nothing here knows about terminals or HTTP, so the CLI and the web share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from runstrong.domain.catalog import Catalog, ExerciseQuery
from runstrong.domain.errors import UnknownChoice
from runstrong.domain.exercises import Exercise
from runstrong.domain.guides import Guide
from runstrong.domain.vocabulary import (
    BODYWEIGHT_EQUIPMENT,
    EQUIPMENT_PRESETS,
    TARGET_VALUES,
    Block,
    Equipment,
    Level,
    Pattern,
    Region,
)

EXERCISES_SCHEMA = "runstrong.exercises/1"
GUIDES_SCHEMA = "runstrong.guides/1"

E = TypeVar("E", Block, Level, Region, Pattern)


def _split(values: Iterable[str] | None) -> list[str]:
    """Accept repeated options and comma-separated lists alike."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _choices(field: str, values: Iterable[str] | None, enum: type[E]) -> frozenset[E] | None:
    parts = _split(values)
    if not parts:
        return None
    known = {member.value: member for member in enum}
    chosen = set()
    for part in parts:
        if part not in known:
            raise UnknownChoice(field, part, known)
        chosen.add(known[part])
    return frozenset(chosen)


def expand_equipment(field: str, names: Iterable[str]) -> frozenset[Equipment]:
    """Equipment names and presets (`home`, `gym`) to the set a runner has.

    Body weight (floor and wall) is always available: everyone has a floor and a wall.
    """
    available = set(BODYWEIGHT_EQUIPMENT)
    choices = [*EQUIPMENT_PRESETS, *(e.value for e in Equipment)]
    for name in names:
        if name in EQUIPMENT_PRESETS:
            available |= EQUIPMENT_PRESETS[name]
        elif name in Equipment.__members__.values():
            available.add(Equipment(name))
        else:
            raise UnknownChoice(field, name, choices)
    return frozenset(available)


def build_query(
    *,
    block: Sequence[str] | None = None,
    level: Sequence[str] | None = None,
    equipment: Sequence[str] | None = None,
    region: Sequence[str] | None = None,
    target: Sequence[str] | None = None,
    pattern: Sequence[str] | None = None,
    search: str | None = None,
) -> ExerciseQuery:
    """A validated query from user-supplied filter values; unknown values name the choices."""
    targets = _split(target)
    for value in targets:
        if value not in TARGET_VALUES:
            raise UnknownChoice("--target", value, sorted(TARGET_VALUES))
    equipment_names = _split(equipment)
    return ExerciseQuery(
        blocks=_choices("--block", block, Block),
        levels=_choices("--level", level, Level),
        available=expand_equipment("--equipment", equipment_names) if equipment_names else None,
        regions=_choices("--region", region, Region),
        targets=frozenset(targets) or None,
        patterns=_choices("--pattern", pattern, Pattern),
        text=(search or "").strip() or None,
    )


def exercise_record(exercise: Exercise) -> dict[str, Any]:
    return exercise.model_dump(mode="json")


def exercises_document(exercises: Iterable[Exercise]) -> dict[str, Any]:
    """The library as the `runstrong.exercises/1` contract."""
    return {"schema": EXERCISES_SCHEMA, "exercises": [exercise_record(e) for e in exercises]}


def guides_document(guides: Iterable[Guide]) -> dict[str, Any]:
    """The learn hub as the `runstrong.guides/1` contract."""
    return {"schema": GUIDES_SCHEMA, "guides": [g.model_dump(mode="json") for g in guides]}


@dataclass(frozen=True)
class ExerciseDetail:
    """One exercise with everything a runner needs to find their way around it."""

    exercise: Exercise
    ladder: list[Exercise]
    substitutes: list[Exercise]
    substitute_for: list[Exercise]  # exercises that name this one as their home option
    guides: list[Guide]

    def as_record(self) -> dict[str, Any]:
        return {
            **exercise_record(self.exercise),
            "ladder": [e.id for e in self.ladder],
            "substitute_for": [e.id for e in self.substitute_for],
        }


def exercise_detail(catalog: Catalog, exercise_id: str) -> ExerciseDetail:
    exercise = catalog.exercise(exercise_id.strip())
    return ExerciseDetail(
        exercise=exercise,
        ladder=catalog.ladder(exercise.id),
        substitutes=[catalog.exercise(i) for i in exercise.substitutes],
        substitute_for=[e for e in catalog.exercises if exercise.id in e.substitutes],
        guides=[catalog.guide(g) for g in exercise.guides],
    )
