"""The field tests a runner can do at home: validated data, in the order they are asked."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TestId = Literal[
    "single_leg_calf_raise_reps",
    "single_leg_bridge_reps",
    "side_plank_seconds",
    "single_leg_squat_reps",
    "single_leg_hop_cm",
]


class FieldTest(BaseModel):
    """One test: how to do it, what to write down, and what counts as a good result."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: TestId
    name: str = Field(min_length=5, max_length=60)
    unit: Literal["reps", "seconds", "cm"]
    optional: bool = False
    also_quality: bool = Field(default=False, description="also rate the movement good/fair/poor")
    instructions: tuple[str, ...] = Field(min_length=2, max_length=7)
    good_result: str = Field(min_length=10, max_length=200)
    source: str = Field(min_length=5)


class FieldTests(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    tests: tuple[FieldTest, ...] = Field(min_length=4)
