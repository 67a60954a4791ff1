"""The bundled exercise library and learn hub keep the product's promises."""

from __future__ import annotations

import pytest

from runstrong.domain.catalog import Catalog
from runstrong.domain.vocabulary import HOME_EQUIPMENT, Block, InjuryArea, Level, Pattern, Region
from runstrong.library import load_catalog
from runstrong.library.quality import (
    incomplete_citations,
    ladder_gaps,
    overclaims,
    strong_claims,
    unguided,
)

# Every exercise the domain notes and the foundation issue name, by the id that holds it.
SEED_EXERCISES = {
    # domain.md, lower body
    "air squat": "bodyweight-squat",
    "lunge": "lunge",
    "calf raise": "double-leg-calf-raise",
    "single-leg deadlift": "single-leg-deadlift",
    "split squat": "split-squat",
    "step-up": "step-up",
    "glute bridge": "glute-bridge",
    "single-leg bridge": "single-leg-bridge",
    "front squat": "front-squat",
    "back squat": "back-squat",
    "goblet squat": "goblet-squat",
    "weighted calf raise": "weighted-calf-raise",
    "weighted lunge": "weighted-lunge",
    "deadlift": "deadlift",
    "single-leg deadlift with weight": "single-leg-rdl",
    "calf drops on a step": "eccentric-heel-drop",
    "clean and jerk": "clean-and-jerk",
    # upper body
    "push-up": "push-up",
    "triceps dip": "chair-dip",
    "weighted dips": "weighted-bench-dip",
    "triceps extension": "triceps-extension",
    "biceps curl": "biceps-curl",
    "row": "dumbbell-row",
    "inverted fly": "reverse-fly",
    # core
    "plank": "plank",
    "side plank": "side-plank",
    "crunch": "crunch",
    "leg lift": "leg-lift",
    "hollow hold": "hollow-hold",
    "dead bug": "dead-bug",
    "oblique twist": "oblique-twist",
    "ab-wheel hold": "ab-wheel-hold",
    "weighted sit-up": "weighted-sit-up",
    "glute walk-out": "glute-walk-out",
    "bird dog": "bird-dog",
    "Pallof press": "pallof-press",
    # power
    "pogo hops": "pogo-hops",
    "skips": "a-skip",
    "bounds": "bounds",
    "box jump": "box-jump",
    "step jump": "step-jump",
    "single-leg hops": "single-leg-hop",
    "medicine-ball throw": "med-ball-overhead-throw",
    "medicine-ball slam": "med-ball-slam",
    # mobility and posture
    "mountain pose": "mountain-pose",
    "hip flexor mobility": "kneeling-hip-flexor-stretch",
    "adductor mobility": "adductor-rock-back",
    # the runner staples of the foundation issue
    "Nordic curl": "nordic-curl",
    "Nordic regression: hand-assisted": "hand-assisted-nordic",
    "Nordic regression: partial range": "partial-range-nordic",
    "Copenhagen plank": "copenhagen-plank",
    "tibialis raise": "tibialis-raise",
    "bent-knee (soleus) calf raise": "bent-knee-calf-raise",
    "isometric calf hold": "isometric-calf-hold",
    "eccentric heel drop, straight knee": "eccentric-heel-drop",
    "eccentric heel drop, bent knee": "bent-knee-eccentric-heel-drop",
    "towel-under-toes heel raise": "towel-heel-raise",
    "Spanish squat": "spanish-squat",
    "step-down": "step-down",
    "lateral band walk": "lateral-band-walk",
    "clamshell": "clamshell",
    "side-lying hip abduction": "side-lying-hip-abduction",
    "hip hike": "hip-hike",
    "single-leg RDL": "single-leg-rdl",
    "Bulgarian split squat": "bulgarian-split-squat",
    "hip thrust": "hip-thrust",
    "suitcase carry": "suitcase-carry",
    "short-foot": "short-foot",
    "toe drills": "toe-yoga",
    "A-skips": "a-skip",
    "drop jumps": "drop-jump",
    "medicine-ball chest pass": "med-ball-chest-pass",
    "knee-to-wall": "knee-to-wall",
    "90/90": "ninety-ninety",
    "world's greatest stretch": "worlds-greatest-stretch",
    "leg swings": "leg-swings",
    # issue 10, the missing exercises
    "leg-press calf raise": "leg-press-calf-raise",
    "bent-knee (soleus) isometric": "bent-knee-isometric-calf-hold",
    "reverse Nordic": "reverse-nordic",
    "slant-board decline squat": "decline-squat",
    "single-leg wall sit": "single-leg-wall-sit",
    "isometric split-squat hold": "split-squat-hold",
    "jump rope": "jump-rope",
    "hurdle or cone hops": "hurdle-hops",
    "split-squat jumps": "split-squat-jump",
    "straight-leg bounds": "straight-leg-bounds",
    "lateral step-up": "lateral-step-up",
    "step-up with knee drive": "step-up-knee-drive",
    "Askling L-protocol: extender": "askling-extender",
    "Askling L-protocol: diver": "askling-diver",
    "Askling L-protocol: glider": "askling-glider",
    "machine leg curl": "machine-leg-curl",
    "Swiss-ball leg curl": "swiss-ball-leg-curl",
    "trap-bar deadlift": "trap-bar-deadlift",
    "leg extension": "leg-extension",
    "anti-flexion drill (front-loaded carry)": "front-loaded-carry",
    "hip airplane": "hip-airplane",
    "standing band or cable hip abduction": "standing-band-hip-abduction",
    "standing band or cable hip adduction": "standing-band-hip-adduction",
    "big-toe extension strength and mobility": "big-toe-extension",
    "toe walks": "toe-walks",
}

# The only demonstration videos known from the sources; nothing else may appear.
KNOWN_VIDEOS = {
    "https://www.youtube.com/watch?v=5IajJyMbOyo",  # mountain pose
    "https://www.youtube.com/watch?v=yIa7PGJRTi0",  # body-weight squat
    "https://vimeo.com/143363985",  # core set
    "https://vimeo.com/134393784",  # goblet squat set
}

REQUIRED_GUIDES = {
    "why-strength", "getting-started", "session-template", "technique-before-load",
    "training-at-home", "imbalances-and-posture", "hips", "feet-and-achilles",
    "knees-and-it-band", "low-back-and-core", "plyometrics", "racing-season-and-taper",
    "warm-up", "reading-your-plan", "trail-and-downhill", "running-form", "return-to-running",
    "bone-health-women-and-masters", "for-coaches",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_the_library_holds_at_least_150_exercises(catalog: Catalog) -> None:
    assert len(catalog.exercises) >= 150


@pytest.mark.parametrize(("seed", "exercise_id"), sorted(SEED_EXERCISES.items()))
def test_every_seed_exercise_is_present(catalog: Catalog, seed: str, exercise_id: str) -> None:
    assert exercise_id in catalog, f"{seed!r} should be in the library as {exercise_id}"


def test_drop_jumps_are_advanced_only(catalog: Catalog) -> None:
    assert catalog.exercise("drop-jump").level is Level.ADVANCED


def test_every_pattern_has_a_ladder_from_a_home_basic_to_advanced(catalog: Catalog) -> None:
    assert ladder_gaps(catalog) == []
    assert {e.pattern for e in catalog.exercises} == set(Pattern)


def test_ladders_only_climb(catalog: Catalog) -> None:
    for e in catalog.exercises:
        for up in e.progressions:
            assert catalog.exercise(up).level.rank >= e.level.rank, (e.id, up)
        for down in e.regressions:
            assert catalog.exercise(down).level.rank <= e.level.rank, (e.id, down)
            assert e.id in catalog.exercise(down).progressions


def test_gym_exercises_name_home_substitutes(catalog: Catalog) -> None:
    for e in catalog.exercises:
        if not e.needs <= HOME_EQUIPMENT:
            assert e.substitutes, e.id
            for sub in e.substitutes:
                assert catalog.exercise(sub).needs <= HOME_EQUIPMENT, (e.id, sub)


def test_videos_are_only_known_demonstrations(catalog: Catalog) -> None:
    videos = {e.id: e.video for e in catalog.exercises if e.video}
    assert set(videos.values()) <= KNOWN_VIDEOS
    assert videos["mountain-pose"] == "https://www.youtube.com/watch?v=5IajJyMbOyo"
    assert videos["bodyweight-squat"] == "https://www.youtube.com/watch?v=yIa7PGJRTi0"
    assert videos["goblet-squat"] == "https://vimeo.com/134393784"


def test_plyometrics_are_power_work_and_avoid_irritated_tendons(catalog: Catalog) -> None:
    for e in catalog.exercises:
        if e.plyometric and Region.LOWER in e.regions:
            assert Block.POWER in e.blocks, e.id
            assert {"achilles", "shin", "plantar_fascia"} <= set(e.avoid_with), e.id


def test_rehab_staples_do_not_avoid_the_injury_they_treat(catalog: Catalog) -> None:
    treats = {
        "isometric-calf-hold": "achilles",
        "eccentric-heel-drop": "achilles",
        "towel-heel-raise": "plantar_fascia",
        "spanish-squat": "knee",
        "short-lever-copenhagen": "adductor",
        "adductor-squeeze": "adductor",
        "side-lying-hip-abduction": "it_band",
        "tibialis-raise": "shin",
    }
    for exercise_id, area in treats.items():
        exercise = catalog.exercise(exercise_id)
        assert area in exercise.targets, exercise_id
        assert area not in exercise.avoid_with, exercise_id


def test_the_nordic_curl_is_out_while_a_hamstring_is_hurt(catalog: Catalog) -> None:
    assert "hamstring" in catalog.exercise("nordic-curl").avoid_with


def test_cues_are_distinct_sentences(catalog: Catalog) -> None:
    seen: dict[str, str] = {}
    for e in catalog.exercises:
        for cue in e.cues:
            assert cue not in seen, f"{e.id} repeats a cue of {seen.get(cue)}"
            seen[cue] = e.id


def test_the_learn_hub_covers_the_required_topics(catalog: Catalog) -> None:
    ids = {g.id for g in catalog.guides}
    assert len(ids) >= 12
    assert REQUIRED_GUIDES <= ids


def test_guides_link_exercises_and_related_guides_both_ways(catalog: Catalog) -> None:
    for g in catalog.guides:
        assert len(g.related) >= 2, g.id
        assert set(g.linked("exercise")) == set(g.exercises), g.id
        assert set(g.linked("guide")) == set(g.related), g.id
        for exercise_id in g.exercises:
            assert g.id in catalog.exercise(exercise_id).guides


def test_every_exercise_is_reached_from_some_guide(catalog: Catalog) -> None:
    assert unguided(catalog) == []


def test_the_why_guide_gives_the_evidence_figures(catalog: Catalog) -> None:
    why = catalog.guide("why-strength")
    assert why.sources
    body = why.body.replace("–", "-")
    assert "2-3" in body or "2 to 3" in body
    assert "8%" in body or "8 %" in body


def test_the_safety_guide_states_the_pain_rule(catalog: Catalog) -> None:
    body = catalog.guide("pain-and-safety").body.lower()
    assert "not a medical device" in body
    assert "0 to 3" in body and "next morning" in body
    assert "above 3:** regress" in body and "above 5:** stop" in body


def test_every_block_and_level_is_served(catalog: Catalog) -> None:
    assert {b for e in catalog.exercises for b in e.blocks} == set(Block)
    assert {e.level for e in catalog.exercises} == set(Level)


def test_no_guide_or_injury_text_claims_more_than_its_evidence(catalog: Catalog) -> None:
    assert strong_claims(catalog) == []


def test_a_strong_claim_needs_its_study_or_the_words_of_experience() -> None:
    sources = ["Smith et al. 2020, J Run Sci 1:1-9"]
    assert overclaims("guide g", "Calf raises prevent Achilles pain.", sources)
    assert overclaims("guide g", "This drill halves injuries.", [])
    assert overclaims("guide g", "It is the single best exercise.", sources)
    assert overclaims("guide g", "A hold eases the pain for hours.", sources)
    assert not overclaims("guide g", "In Smith's trial the drill halved injuries.", sources)
    assert not overclaims("guide g", "Many runners find a hold eases the pain.", [])
    assert not overclaims("guide g", "Calf raises build the calf.", [])


def test_every_citation_names_its_journal_volume_and_pages(catalog: Catalog) -> None:
    assert incomplete_citations(catalog) == []


def test_the_new_injury_areas_have_honest_profiles(catalog: Catalog) -> None:
    bone = catalog.injury_profile(InjuryArea.BONE_STRESS)
    assert bone is not None
    for status in ("current", "recovering"):
        plan = bone.for_status(status)
        assert not plan.plyometrics
        assert "clinician" in plan.note
    # While current, nothing that loads the legs standing: no rehab, and the work it adds
    # carries no weight through the legs.
    assert bone.current.rehab is None
    for dosed in bone.current.session:
        for option in dosed.options():
            assert Region.LOWER not in catalog.exercise(option).regions, option
    for area in (InjuryArea.CALF, InjuryArea.PATELLAR_TENDON, InjuryArea.ANKLE):
        profile = catalog.injury_profile(area)
        assert profile is not None and not profile.current.plyometrics, area
    patellar = catalog.injury_profile(InjuryArea.PATELLAR_TENDON)
    assert patellar is not None
    assert any(d.weekly() == ((1, 3),) for d in patellar.current.protocol_items())
