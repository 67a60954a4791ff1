"""Each item's reason fits the exercise that fills its slot, whatever movement it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runstrong.domain.athlete import Profile
from runstrong.domain.generator import generate_plan
from runstrong.domain.plan import heavy_load
from runstrong.domain.templates import (
    FULL_BODY_DAY,
    LEG_TEMPLATES,
    ROLE_FITS_PATTERN,
    UPPER_AND_CORE_DAY,
    WHY,
    WHY_BY_PATTERN,
)
from runstrong.domain.texts import HEAVY_NOTE
from runstrong.domain.vocabulary import Block, Pattern
from runstrong.library import load_catalog

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "src/runstrong/examples").glob("*.json"))


def test_every_movement_a_slot_may_hold_has_words_that_fit_it() -> None:
    for template in (*LEG_TEMPLATES, FULL_BODY_DAY, UPPER_AND_CORE_DAY):
        for slot in template.slots:
            assert slot.role in WHY, slot.role
            for pattern in slot.patterns[1:]:
                key = (slot.role, pattern)
                assert key in WHY_BY_PATTERN or key in ROLE_FITS_PATTERN, (
                    f"{template.key}: a {pattern} exercise in the {slot.role} slot has no words"
                )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_reason_names_what_its_exercise_does_not_train(example: Path) -> None:
    catalog = load_catalog()
    plan = generate_plan(Profile.model_validate(json.loads(example.read_text())), catalog)
    for session in plan.sessions():
        for item in session.items():
            pattern = catalog.exercise(item.exercise).pattern
            if pattern is Pattern.SHIN:
                assert "inner thigh" not in item.why.lower(), item
            if pattern is Pattern.THROW:
                assert "contacts" not in item.why, item
            if pattern is Pattern.PUSH:
                assert "upper back" not in item.why.lower(), item


@pytest.mark.parametrize(
    ("load", "reps", "heavy"),
    [
        ({"percent_1rm": 80}, 5, True),
        ({"percent_1rm": 78}, 5, False),
        ({"rm": 6}, 6, True),
        ({"rm": 8}, 8, False),
        ({"rpe": 8}, 6, True),
        ({"rpe": 8.5}, 5, True),
        ({"rpe": 8}, 8, False),  # about 75 % of the maximum: hard, not heavy
        ({"rpe": 7}, 5, False),
        ({"bodyweight": True}, 3, False),
    ],
)
def test_heavy_means_80_percent_or_6rm(
    load: dict[str, float | int | bool], reps: int, heavy: bool
) -> None:
    assert heavy_load(load, reps) is heavy


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_heavy_note_sits_only_on_heavy_strength_sets(example: Path) -> None:
    plan = generate_plan(Profile.model_validate(json.loads(example.read_text())), load_catalog())
    for session in plan.sessions():
        for block in session.blocks:
            for item in block.items:
                said = HEAVY_NOTE in item.why
                assert said == (item.heavy and block.kind is Block.STRENGTH), item
                if said:
                    assert item.reps is not None and item.reps <= 6, item
