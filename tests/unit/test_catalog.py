"""The catalog's rules, checked on small hand-made libraries (no bundled data, no I/O)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from runstrong.domain.catalog import Catalog, ExerciseQuery
from runstrong.domain.errors import LibraryError, UnknownExercise, UnknownGuide
from runstrong.domain.exercises import Exercise
from runstrong.domain.guides import Guide
from runstrong.domain.vocabulary import HOME_EQUIPMENT, Block, Equipment, Level


def make(exercise_id: str, **fields: Any) -> Exercise:
    record: dict[str, Any] = {
        "id": exercise_id,
        "name": f"Exercise {exercise_id}",
        "summary": "A test exercise used to check the catalog rules.",
        "pattern": "squat",
        "level": "basics",
        "blocks": ["strength"],
        "unilateral": False,
        "regions": ["lower"],
        "muscles": ["quadriceps"],
        "dose": {"reps": [8, 12]},
        "cues": ["Stand tall with feet apart.", "Sit back and stand up again."],
    }
    record.update(fields)
    return Exercise.model_validate(record)


def guide(guide_id: str, **fields: Any) -> Guide:
    record: dict[str, Any] = {
        "id": guide_id,
        "title": f"Guide {guide_id}",
        "summary": "A test guide used to check the catalog rules.",
        "topics": ["test"],
        "body": "Some words about training. " * 10,
    }
    record.update(fields)
    return Guide.model_validate(record)


class TestExerciseRecords:
    def test_unknown_fields_are_rejected(self) -> None:
        with pytest.raises(ValidationError, match="colour"):
            make("squat", colour="red")

    def test_a_dose_needs_exactly_one_of_reps_or_seconds(self) -> None:
        with pytest.raises(ValidationError, match="either reps or seconds"):
            make("squat", dose={"reps": [8, 12], "seconds": [20, 30]})
        with pytest.raises(ValidationError, match="either reps or seconds"):
            make("squat", dose={})

    def test_an_upside_down_range_is_rejected(self) -> None:
        with pytest.raises(ValidationError, match="low <= high"):
            make("squat", dose={"reps": [12, 8]})

    def test_a_video_must_come_from_a_known_host(self) -> None:
        with pytest.raises(ValidationError, match="video"):
            make("squat", video="https://example.com/squat.mp4")

    def test_unknown_targets_are_named(self) -> None:
        with pytest.raises(ValidationError, match="elbow"):
            make("squat", targets=["elbow"])

    def test_lower_body_plyometrics_must_count_contacts(self) -> None:
        with pytest.raises(ValidationError, match="contacts"):
            make("hop", plyometric=True, dose={"reps": [10, 20]})
        hop = make("hop", plyometric=True, dose={"reps": [10, 20], "contacts_per_rep": 1})
        assert hop.dose.contacts_per_rep == 1

    def test_one_to_five_cues_is_too_few_or_many_outside_two_to_five(self) -> None:
        with pytest.raises(ValidationError, match="cues"):
            make("squat", cues=["Only one cue here."])
        with pytest.raises(ValidationError, match="cues"):
            make("squat", cues=[f"Cue number {i} is here." for i in range(6)])

    def test_mastery_defaults_to_three_sets_at_the_top_of_the_range(self) -> None:
        rule = make("plank", dose={"seconds": [20, 45]}).mastery_rule()
        assert (rule.sets, rule.seconds, rule.reps, rule.max_rpe) == (3, 45, None, 7)


class TestCatalogReferences:
    def test_an_unknown_progression_is_reported_with_both_ids(self) -> None:
        with pytest.raises(LibraryError, match="squat: progressions names unknown exercise 'nope'"):
            Catalog([make("squat", progressions=["nope"])], [])

    def test_duplicate_ids_are_reported(self) -> None:
        with pytest.raises(LibraryError, match="duplicate exercise ids"):
            Catalog([make("squat"), make("squat")], [])

    def test_gym_exercises_must_name_a_home_substitute(self) -> None:
        barbell = make("back-squat", equipment=["barbell"], level="intermediate")
        with pytest.raises(LibraryError, match="names no home substitute"):
            Catalog([barbell], [])

    def test_a_substitute_for_gym_work_must_itself_be_doable_at_home(self) -> None:
        barbell = make("back-squat", equipment=["barbell"], substitutes=["leg-press"])
        machine = make("leg-press", equipment=["leg_press"], substitutes=["squat"])
        with pytest.raises(LibraryError, match="substitute leg-press is not doable at home"):
            Catalog([barbell, machine, make("squat")], [])

    def test_guides_must_name_existing_exercises_and_guides(self) -> None:
        with pytest.raises(LibraryError, match="unknown exercise 'ghost'"):
            Catalog([make("squat")], [guide("basics", exercises=["ghost"])])
        with pytest.raises(LibraryError, match="unknown guide 'ghost'"):
            Catalog([make("squat")], [guide("basics", related=["ghost"])])

    def test_a_body_link_must_be_listed_in_the_front_matter(self) -> None:
        body = "Start with the [squat](exercise:squat). " * 10
        with pytest.raises(LibraryError, match="not in its front matter"):
            Catalog([make("squat")], [guide("basics", body=body)])


class TestLadders:
    def test_ladders_are_made_symmetric(self) -> None:
        catalog = Catalog(
            [
                make("a", progressions=["b"]),
                make("b", level="foundational"),
                make("c", regressions=["b"], level="advanced"),
            ],
            [],
        )
        assert catalog.exercise("a").progressions == ("b",)
        assert catalog.exercise("b").regressions == ("a",)
        assert catalog.exercise("b").progressions == ("c",)

    def test_a_progression_to_a_lower_level_is_rejected(self) -> None:
        with pytest.raises(LibraryError, match="a lower level"):
            Catalog([make("a", level="advanced", progressions=["b"]), make("b")], [])

    def test_a_cycle_is_rejected(self) -> None:
        with pytest.raises(LibraryError, match="ladder cycle"):
            Catalog([make("a", progressions=["b"]), make("b", progressions=["a"])], [])

    def test_the_ladder_runs_from_the_easiest_to_the_hardest_rung(self) -> None:
        catalog = Catalog(
            [
                make("a", progressions=["b"]),
                make("b", level="foundational", progressions=["c", "d"]),
                make("c", level="intermediate"),
                make("d", level="advanced"),
            ],
            [],
        )
        assert [e.id for e in catalog.ladder("b")] == ["a", "b", "c"]
        assert [e.id for e in catalog.ladder("d")] == ["a", "b", "d"]


class TestQueries:
    @pytest.fixture
    def catalog(self) -> Catalog:
        return Catalog(
            [
                make("squat", muscles=["quadriceps", "glutes"]),
                make(
                    "goblet-squat",
                    level="foundational",
                    equipment=["dumbbell"],
                    substitutes=["squat"],
                ),
                make(
                    "calf-raise",
                    pattern="calf",
                    blocks=["accessory"],
                    muscles=["calves"],
                    targets=["achilles"],
                ),
                make(
                    "plank",
                    pattern="anti_extension",
                    regions=["core"],
                    blocks=["core"],
                    equipment=["mat"],
                    dose={"seconds": [20, 40]},
                ),
            ],
            [guide("feet", exercises=["calf-raise"])],
        )

    def test_equipment_keeps_what_the_runner_can_do_with_it(self, catalog: Catalog) -> None:
        at_home = catalog.find(ExerciseQuery(available=HOME_EQUIPMENT))
        assert "goblet-squat" not in [e.id for e in at_home]
        with_dumbbell = catalog.find(ExerciseQuery(available=HOME_EQUIPMENT | {Equipment.DUMBBELL}))
        assert "goblet-squat" in [e.id for e in with_dumbbell]

    def test_filters_combine(self, catalog: Catalog) -> None:
        found = catalog.find(
            ExerciseQuery(blocks=frozenset({Block.STRENGTH}), levels=frozenset({Level.BASICS}))
        )
        assert [e.id for e in found] == ["squat"]

    def test_text_search_looks_at_names_muscles_and_targets(self, catalog: Catalog) -> None:
        assert [e.id for e in catalog.find(ExerciseQuery(text="glutes"))] == ["squat"]
        assert [e.id for e in catalog.find(ExerciseQuery(text="achilles"))] == ["calf-raise"]
        assert [e.id for e in catalog.find(ExerciseQuery(text="goblet squat"))] == ["goblet-squat"]

    def test_exercises_link_back_to_the_guides_that_mention_them(self, catalog: Catalog) -> None:
        assert catalog.exercise("calf-raise").guides == ("feet",)
        assert catalog.exercise("squat").guides == ()

    def test_an_unknown_id_suggests_close_ones(self, catalog: Catalog) -> None:
        with pytest.raises(UnknownExercise, match="goblet-squat"):
            catalog.exercise("goblet-sqat")
        with pytest.raises(UnknownGuide, match="choose from: feet"):
            catalog.guide("hips")
