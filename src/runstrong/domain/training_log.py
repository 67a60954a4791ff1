"""What the runner did: logged sessions, validated on the way in.

The contract shape (`runstrong log --file`, and the API body for the same):

    {"id": "client-chosen-uuid", "date": "2026-11-24",
     "items": [{"exercise": "goblet-squat",
                "sets": [{"reps": 8, "seconds": null, "load_kg": 12.0, "rpe": 7, "pain": 0,
                          "side": null}]}],
     "note": "felt good"}
"""

from __future__ import annotations

import datetime as dt
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from runstrong.domain.athlete import Side
from runstrong.domain.exercises import ExerciseId
from runstrong.domain.untrusted import plain

# A log may be a day ahead (time zones, logging at midnight) but not more.
MAX_DAYS_AHEAD = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SetLog(_Record):
    reps: int | None = Field(default=None, ge=0, le=200)
    seconds: int | None = Field(default=None, ge=0, le=3600)
    load_kg: float | None = Field(default=None, ge=0, le=500)
    rpe: float | None = Field(default=None, ge=1, le=10)
    pain: int = Field(default=0, ge=0, le=10, description="0 none to 10 worst, during the set")
    side: Side | None = None

    @model_validator(mode="after")
    def _measured(self) -> Self:
        if self.reps is None and self.seconds is None:
            raise ValueError("a set has reps or seconds")
        return self


class ItemLog(_Record):
    exercise: ExerciseId
    sets: tuple[SetLog, ...] = Field(min_length=1, max_length=20)


class SessionLog(_Record):
    id: str = Field(min_length=1, max_length=100)
    date: dt.date
    items: tuple[ItemLog, ...] = Field(min_length=1, max_length=30)
    note: str = Field(default="", max_length=2000)
    pain_settled: bool = Field(
        default=True,
        description="whether any pain had settled by the next morning (may be told later)",
    )

    @field_validator("id", mode="before")
    @classmethod
    def _plain_id(cls, value: object) -> object:
        # shown in messages and tables: no escapes, no line breaks
        return plain(value) if isinstance(value, str) else value

    @field_validator("note", mode="before")
    @classmethod
    def _plain_note(cls, value: object) -> object:
        return plain(value, one_line=False) if isinstance(value, str) else value

    def max_pain(self, exercise: str) -> int:
        return max(
            (s.pain for item in self.items if item.exercise == exercise for s in item.sets),
            default=0,
        )
