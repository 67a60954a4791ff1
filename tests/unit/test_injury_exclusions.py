"""What an injury status leaves out: Catalog.left_out_by and the Exclusion rules."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import LibraryError
from runstrong.domain.exercises import Exercise
from runstrong.domain.guides import Guide
from runstrong.domain.injuries import STATUSES, Exclusion, InjuryProfile, StatusPlan
from runstrong.domain.vocabulary import Equipment, InjuryArea, Pattern
from runstrong.library import load_catalog

CATALOG = load_catalog()

# -- hand-made records -----------------------------------------------------------------------


def make(exercise_id: str, **fields: Any) -> Exercise:
    record: dict[str, Any] = {
        "id": exercise_id,
        "name": f"Exercise {exercise_id}",
        "summary": "A test exercise used to check the injury rules.",
        "pattern": "lunge",
        "level": "basics",
        "blocks": ["strength"],
        "unilateral": True,
        "regions": ["lower"],
        "muscles": ["quadriceps"],
        "dose": {"reps": [8, 12]},
        "cues": ["Stand tall with feet apart.", "Step and come back again."],
    }
    record.update(fields)
    return Exercise.model_validate(record)


def status_plan(note: str = "Knee: lunges are left out for now.", **fields: Any) -> dict[str, Any]:
    return {"note": note, **fields}


def profile(area: str = "knee", **statuses: dict[str, Any]) -> InjuryProfile:
    record: dict[str, Any] = {
        "area": area,
        "name": "Test injury",
        "summary": "A test injury profile used to check the exclusion rules.",
        "sources": ["none, a test"],
        "current": status_plan(),
        "recovering": status_plan("Knee, recovering: everything is back."),
        "past": status_plan("Knee, in the past: everything is back."),
    }
    record.update(statuses)
    return InjuryProfile.model_validate(record)


GUIDE = Guide.model_validate(
    {
        "id": "g",
        "title": "Guide",
        "summary": "A test guide used to check the catalog rules.",
        "topics": ["test"],
        "body": "Some words about training. " * 10,
    }
)

LIBRARY = [
    make("lunge", avoid_with=["knee"]),
    make("split-squat"),
    make("step-up"),
    make("hop", pattern="hop", plyometric=True, dose={"reps": [5, 10], "contacts_per_rep": 1}),
    make("squat", pattern="squat", unilateral=False, avoid_with=["low_back"]),
]


def catalog_with(*profiles: InjuryProfile) -> Catalog:
    return Catalog(LIBRARY, [GUIDE], profiles)


# -- Catalog.left_out_by and Exclusion, on hand-made data --------------------------------------


class TestLeftOutBy:
    def test_a_current_injury_leaves_out_avoid_avoid_with_and_plyometrics(self) -> None:
        catalog = catalog_with(
            profile(current=status_plan(plyometrics=False, avoid=["split-squat"]))
        )
        assert catalog.left_out_by(InjuryArea.KNEE, "current") == ("hop", "lunge", "split-squat")

    def test_avoid_with_counts_only_while_current(self) -> None:
        catalog = catalog_with(
            profile(recovering=status_plan("Knee, recovering: lunges are back.", avoid=["step-up"]))
        )
        assert catalog.left_out_by(InjuryArea.KNEE, "recovering") == ("step-up",)
        assert catalog.left_out_by(InjuryArea.KNEE, "past") == ()

    def test_an_area_without_a_profile_still_leaves_out_its_avoid_with(self) -> None:
        catalog = catalog_with(profile())
        assert catalog.left_out_by(InjuryArea.LOW_BACK, "current") == ("squat",)
        assert catalog.left_out_by(InjuryArea.LOW_BACK, "past") == ()
        assert catalog.stated_left_out(InjuryArea.LOW_BACK, "current") == ()

    def test_an_unknown_status_is_refused(self) -> None:
        with pytest.raises(ValueError, match="status"):
            catalog_with(profile()).left_out_by(InjuryArea.KNEE, "healed")

    def test_the_bundled_answer_is_sorted_and_names_real_exercises(self) -> None:
        for area in InjuryArea:
            for status in STATUSES:
                left_out = CATALOG.left_out_by(area, status)
                assert list(left_out) == sorted(set(left_out))
                assert all(i in CATALOG for i in left_out)
        assert "drop-jump" in CATALOG.left_out_by(InjuryArea.KNEE, "recovering")
        assert "pogo-hops" not in CATALOG.left_out_by(InjuryArea.KNEE, "recovering")
        assert CATALOG.left_out_by(InjuryArea.IT_BAND, "current") == ()


class TestExclusion:
    def test_filters_select_together_and_names_add_and_keep_take_away(self) -> None:
        rule = Exclusion(says="lunges", patterns=[Pattern.LUNGE], keep=["step-up"])
        assert rule.select(LIBRARY) == ("lunge", "split-squat")
        assert Exclusion(says="jumps", plyometric=True).select(LIBRARY) == ("hop",)
        both = Exclusion(says="lunges", patterns=[Pattern.LUNGE], plyometric=True)
        assert both.select(LIBRARY) == ()
        named = Exclusion(says="squats", exercises=["squat"])
        assert named.select(LIBRARY) == ("squat",)
        loaded = Exclusion(says="barbell lifts", equipment=[Equipment.BARBELL], loaded=True)
        assert loaded.select(LIBRARY) == ()

    def test_an_exclusion_must_select_something(self) -> None:
        with pytest.raises(ValidationError, match="names exercises or gives a filter"):
            Exclusion(says="nothing at all")
        with pytest.raises(ValidationError, match="both named and kept"):
            Exclusion(says="lunges", exercises=["lunge"], keep=["lunge"])

    def test_unknown_fields_are_refused(self) -> None:
        with pytest.raises(ValidationError, match="tags"):
            Exclusion.model_validate({"says": "lunges", "tags": ["deep"]})

    def test_an_exclusion_quotes_its_note(self) -> None:
        with pytest.raises(ValidationError, match="not in the note"):
            StatusPlan.model_validate(
                status_plan(excludes=[{"says": "squats", "patterns": ["squat"]}])
            )
        plan = StatusPlan.model_validate(
            status_plan(
                "Knee: lunges are\n  left out for now.",
                excludes=[{"says": "Lunges are left out", "patterns": ["lunge"]}],
            )
        )
        assert plan.excludes[0].patterns == (Pattern.LUNGE,)

    def test_a_note_that_promises_what_the_data_allow_is_a_library_error(self) -> None:
        promise = status_plan(excludes=[{"says": "lunges", "patterns": ["lunge"]}])
        with pytest.raises(
            LibraryError, match=r"knee/current.*'lunges'.*\['split-squat', 'step-up'\]"
        ):
            catalog_with(profile(current=promise))
        kept = status_plan(
            excludes=[{"says": "lunges", "patterns": ["lunge"], "keep": ["step-up"]}],
            avoid=["split-squat"],
        )
        catalog = catalog_with(profile(current=kept))
        assert catalog.stated_left_out(InjuryArea.KNEE, "current") == ("lunge", "split-squat")

    def test_a_profile_cannot_leave_out_what_it_prescribes(self) -> None:
        step = {"from_week": 1, "sets": 2, "reps": 8}
        dosed = {"exercise": "lunge", "why": "A test reason for it.", "steps": [step]}
        rehab = {"frequency": "daily", "items": [dosed]}
        with pytest.raises(LibraryError, match="prescribes lunge"):
            catalog_with(profile(current=status_plan(rehab=rehab)))
