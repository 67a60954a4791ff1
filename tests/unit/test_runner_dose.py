"""Weekly running and age: what they change in the dose, and the words that say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runstrong.domain import runner_dose
from runstrong.domain.athlete import Profile
from runstrong.domain.generator import generate_plan
from runstrong.library import load_catalog

EXAMPLE = (
    Path(__file__).resolve().parents[2] / "src/runstrong/examples/intermediate-marathon-gym.json"
)


def runner(**changes: object) -> Profile:
    data = json.loads(EXAMPLE.read_text())
    km = changes.pop("km", None)
    if km is not None:
        data["running"].pop("weekly_miles", None)
        data["running"]["weekly_km"] = km
    data.update(changes)
    return Profile.model_validate(data)


def most_contacts(profile: Profile) -> int:
    plan = generate_plan(profile, load_catalog())
    return max(s.contacts for w in plan.weeks for s in w.sessions)


def test_an_ordinary_runner_keeps_the_evidence_dose_and_reads_nothing_about_it() -> None:
    profile = runner(km=50, age=35)
    assert runner_dose.contact_limits(profile) == runner_dose.ContactLimits(30, 70, ())
    assert runner_dose.explain(profile) == ()


def test_very_high_mileage_lowers_the_ceiling_of_the_jumps_by_a_quarter() -> None:
    limits = runner_dose.contact_limits(runner(km=120))
    assert (limits.start, limits.cap) == (30, 50)
    assert "about 120 km a week" in limits.reasons[0]
    assert "top out at 50 contacts a session instead of 70" in limits.reasons[0]
    assert most_contacts(runner(km=120)) <= 50


def test_masters_runners_start_from_the_learning_dose_and_keep_their_strength_work() -> None:
    profile = runner(age=58)
    limits = runner_dose.contact_limits(profile)
    assert (limits.start, limits.cap) == (20, 60)
    words = " ".join(runner_dose.explain(profile))
    assert "start at 20 contacts a session and top out at 60" in words
    assert "heavy strength work stays as it is" in words
    # the strength work is a younger runner's: the same lifts, never fewer sets or reps
    # (the minutes fewer jumps leave may let a set grow where a younger runner's could not)
    young = generate_plan(runner(age=30), load_catalog())
    older = generate_plan(profile, load_catalog())

    def lifts(plan: object) -> list[tuple[str, int, int | None]]:
        return [
            (i.exercise, i.sets, i.reps)
            for w in plan.weeks  # type: ignore[attr-defined]
            for s in w.sessions
            for b in s.blocks
            if b.kind.value == "strength"
            for i in b.items
        ]

    pairs = list(zip(lifts(young), lifts(older), strict=True))
    assert all(y[0] == o[0] for y, o in pairs)
    assert all(o[1] >= y[1] and (o[2] or 0) >= (y[2] or 0) for y, o in pairs)


@pytest.mark.parametrize("age", [14, 17])
def test_teenage_runners_are_told_the_dose_is_an_adults_and_to_learn_with_a_coach(age: int) -> None:
    profile = runner(age=age)
    assert runner_dose.contact_limits(profile).reasons == ()
    (line,) = runner_dose.explain(profile)
    assert f"At {age}" in line and "coach" in line
