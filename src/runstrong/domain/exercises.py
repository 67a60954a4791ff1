"""The exercise: one validated record per movement, and the library that holds them all.

Exercises are data (one YAML file each under ``runstrong/library/data/exercises``); this
module only says what a valid record is and how the records relate. It does no I/O.
"""

from __future__ import annotations

import re
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from runstrong.domain.media import MEDIA_HOSTS, media_host
from runstrong.domain.vocabulary import (
    TARGET_VALUES,
    Block,
    Equipment,
    InjuryArea,
    Level,
    Muscle,
    Pattern,
    Region,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ExerciseId = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
_TEMPO = re.compile(r"^\d-\d-\d$")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Dose(_Record):
    """The range an exercise is usually prescribed in. The plan picks within it."""

    reps: tuple[int, int] | None = None
    seconds: tuple[int, int] | None = None
    per_side: bool = False
    tempo: str | None = Field(
        default=None,
        description="seconds lowering-pause-lifting, e.g. '3-1-1'; the pause is at the bottom;"
        " null for fast or timed work",
    )
    hold_top: int = Field(
        default=0,
        ge=0,
        le=10,
        description="seconds held at the top of each rep, the end of the lift (e.g. hips up in a"
        " bridge); the tempo string stays three digits, so a top hold is said here",
    )
    contacts_per_rep: int = Field(
        default=0, ge=0, le=4, description="foot contacts per rep (per side), plyometrics only"
    )

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("a dose has either reps or seconds, not both and not neither")
        low, high = self.reps or self.seconds or (0, 0)
        if not 1 <= low <= high:
            raise ValueError(f"range must be 1 <= low <= high, got {low}-{high}")
        return self

    @field_validator("tempo")
    @classmethod
    def _tempo_shape(cls, value: str | None) -> str | None:
        if value is not None and not _TEMPO.match(value):
            raise ValueError("tempo is three digits like '3-1-1' (lowering-pause-lifting)")
        return value


class Mastery(_Record):
    """When a runner has mastered an exercise and may move up its ladder."""

    sets: int = Field(ge=1, le=6)
    reps: int | None = Field(default=None, ge=1)
    seconds: int | None = Field(default=None, ge=1)
    max_rpe: int = Field(default=7, ge=1, le=10)

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("mastery has either reps or seconds, not both and not neither")
        return self


class Exercise(_Record):
    """One exercise as the library file states it (schema ``runstrong.exercises/1``)."""

    id: ExerciseId
    name: str = Field(min_length=3, max_length=80)
    aliases: tuple[str, ...] = ()
    summary: str = Field(min_length=20, max_length=300)
    pattern: Pattern
    level: Level
    blocks: tuple[Block, ...] = Field(min_length=1)
    equipment: tuple[Equipment, ...] = ()
    unilateral: bool
    plyometric: bool = False
    loadable: bool = Field(
        default=False, description="external load can be added and progressed (%1RM, RPE)"
    )
    regions: tuple[Region, ...] = Field(min_length=1)
    muscles: tuple[Muscle, ...] = Field(min_length=1)
    dose: Dose
    mastery: Mastery | None = None
    cues: tuple[str, ...] = Field(min_length=2, max_length=5)
    video: str | None = Field(
        default=None, description="a demonstration on an allowed host (domain.media), or null"
    )
    video_start: int | None = Field(
        default=None,
        ge=0,
        description="seconds into the video where this exercise starts, for a compilation",
    )
    progressions: tuple[ExerciseId, ...] = ()
    regressions: tuple[ExerciseId, ...] = ()
    substitutes: tuple[ExerciseId, ...] = ()
    targets: tuple[str, ...] = ()
    avoid_with: tuple[InjuryArea, ...] = ()
    guides: tuple[str, ...] = Field(
        default=(), description="filled in from the guides that mention this exercise"
    )
    sources: tuple[str, ...] = Field(
        default=(),
        description="the studies the summary or cues name, in full:"
        " 'Authors Year, Journal Volume:Pages'",
    )

    @field_validator("cues")
    @classmethod
    def _cue_sentences(cls, cues: tuple[str, ...]) -> tuple[str, ...]:
        for cue in cues:
            if not 8 <= len(cue) <= 200:
                raise ValueError(f"each cue is a short sentence (8-200 characters): {cue!r}")
        return cues

    @field_validator("targets")
    @classmethod
    def _known_targets(cls, targets: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(targets) - TARGET_VALUES)
        if unknown:
            raise ValueError(f"unknown targets {unknown}; choose from {sorted(TARGET_VALUES)}")
        return targets

    @field_validator("video")
    @classmethod
    def _video_host(cls, video: str | None) -> str | None:
        if video is not None and media_host(video) is None:
            hosts = ", ".join(sorted(set(MEDIA_HOSTS.values())))
            raise ValueError(f"video must be an https URL from {hosts}: {video!r}")
        return video

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.id in self.progressions + self.regressions + self.substitutes:
            raise ValueError(
                "an exercise cannot list itself as a progression, regression or substitute"
            )
        if self.plyometric and self.dose.contacts_per_rep == 0 and Region.LOWER in self.regions:
            raise ValueError(
                "a lower-body plyometric must count foot contacts (dose.contacts_per_rep)"
            )
        if not self.plyometric and self.dose.contacts_per_rep:
            raise ValueError("only plyometric exercises count foot contacts")
        if self.video_start is not None and self.video is None:
            raise ValueError("video_start needs a video")
        return self

    @property
    def needs(self) -> frozenset[Equipment]:
        return frozenset(self.equipment)

    def doable_with(self, available: frozenset[Equipment]) -> bool:
        return self.needs <= available

    def mastery_rule(self) -> Mastery:
        """The stated mastery, or by default: three sets at the top of the range at RPE 7."""
        if self.mastery is not None:
            return self.mastery
        if self.dose.reps is not None:
            return Mastery(sets=3, reps=self.dose.reps[1])
        assert self.dose.seconds is not None
        return Mastery(sets=3, seconds=self.dose.seconds[1])

    def search_text(self) -> str:
        parts = [self.id, self.name, self.summary, self.pattern.value, *self.aliases]
        parts += [m.value for m in self.muscles] + list(self.targets) + list(self.cues)
        return " ".join(parts).lower().replace("_", " ").replace("-", " ")
