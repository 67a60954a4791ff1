"""Golden tests: reference plans pinned as readable text.

A change to the generator that alters one of these plans shows up here as a diff a coach
can read. If the change is intended, regenerate with:

    RUNSTRONG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_plan_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from runstrong.domain.generator import generate_plan
from runstrong.domain.plan import Item, Plan
from runstrong.library import load_catalog
from runstrong.services.planning import example_profile

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def dose(item: Item) -> str:
    amount = f"{item.reps}" if item.reps is not None else f"{item.seconds}s"
    side = "/side" if item.per_side else ""
    load = ",".join(f"{k}={v}" for k, v in item.load.items())
    contacts = f" c{item.contacts}" if item.contacts else ""
    extra = "".join(
        f" +{n}{s[0].upper()}"
        for s, n in (("left", item.extra_sets.left), ("right", item.extra_sets.right))
        if n
    )
    return (
        f"{item.exercise} {item.sets}x{amount}{side}{extra} {load} r{item.rest_seconds}{contacts}"
    )


def summary(plan: Plan) -> str:
    lines = [f"{p.name} {p.start}..{p.end}" for p in plan.phases]
    lines += [f"! {w}" for w in plan.warnings]
    for week in plan.weeks:
        lines.append(
            f"week {week.index} {week.start} {week.phase}{' lighter' if week.deload else ''}"
        )
        for session in week.sessions:
            lines.append(
                f"  {session.date:%a %Y-%m-%d} {session.minutes}min {session.level} | {session.focus}"
            )
            for block in session.blocks:
                lines.append(f"    {block.kind}: " + "; ".join(dose(i) for i in block.items))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "name", ["novice-5k-home", "intermediate-marathon-gym", "maintenance-no-race"]
)
def test_reference_plans_are_unchanged(name: str) -> None:
    text = summary(generate_plan(example_profile(name), load_catalog()))
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("RUNSTRONG_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text(), f"{name} changed; see the module docstring to update"
