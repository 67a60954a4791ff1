"""The Garmin exercise table covers the library and names only what Garmin's FIT profile has."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from itertools import pairwise
from typing import Any

import pytest

from runstrong.adapters.exports.garmin_map import garmin_codes as codes_for
from runstrong.library import load_catalog
from runstrong.library.garmin import load_garmin_map

MIN_NAMED_SHARE = 0.85


@pytest.fixture(scope="module")
def table() -> dict[str, tuple[str, str | None] | None]:
    return load_garmin_map()


@cache
def all_codes() -> dict[str, tuple[int, int | None] | None]:
    return codes_for(load_garmin_map())


def garmin_codes(exercise_id: str) -> tuple[int, int | None] | None:
    return all_codes().get(exercise_id)


@pytest.fixture(scope="module")
def library_ids() -> set[str]:
    return {exercise.id for exercise in load_catalog().exercises}


@pytest.fixture(scope="module")
def fit_types() -> dict[str, Any]:
    from garmin_fit_sdk import Profile  # a declared dependency: missing it is a failure

    types: dict[str, Any] = Profile["types"]
    return types


def test_every_library_exercise_is_in_the_table(table, library_ids):
    missing = sorted(library_ids - set(table))
    assert not missing, f"add these exercises to garmin-exercises.yaml: {missing}"


def test_the_table_names_no_unknown_exercise(table, library_ids):
    unknown = sorted(set(table) - library_ids)
    assert not unknown, f"not exercises of the library: {unknown}"


def test_every_category_and_name_is_in_garmins_profile(table, fit_types):
    categories = set(fit_types["exercise_category"].values())
    wrong = []
    for exercise_id, entry in table.items():
        if entry is None:
            continue
        category, name = entry
        if category not in categories:
            wrong.append(f"{exercise_id}: category {category!r}")
        elif name is not None and name not in fit_types[f"{category}_exercise_name"].values():
            wrong.append(f"{exercise_id}: {category} name {name!r}")
    assert not wrong


def test_codes_are_garmins_numbers_for_the_names(table, fit_types):
    for exercise_id, entry in table.items():
        codes = garmin_codes(exercise_id)
        if entry is None:
            assert codes is None, exercise_id
            continue
        assert codes is not None, exercise_id
        category, name = entry
        assert fit_types["exercise_category"][codes[0]] == category, exercise_id
        if name is None:
            assert codes[1] is None, exercise_id
        else:
            assert codes[1] is not None, exercise_id
            assert fit_types[f"{category}_exercise_name"][codes[1]] == name, exercise_id


def test_most_exercises_have_a_garmin_name_not_just_a_category(table):
    named = sum(1 for entry in table.values() if entry is not None and entry[1] is not None)
    category_only = sum(1 for entry in table.values() if entry is not None and entry[1] is None)
    unmapped = sum(1 for entry in table.values() if entry is None)
    share = named / len(table)
    print(
        f"Garmin names: {named} named, {category_only} category only, {unmapped} unmapped "
        f"of {len(table)} ({share:.1%} named)"
    )
    assert share >= MIN_NAMED_SHARE, f"only {share:.1%} of exercises have a Garmin name"


def test_every_missing_name_is_explained_in_a_comment():
    text = (resources.files("runstrong.library") / "data" / "garmin-exercises.yaml").read_text(
        encoding="utf-8"
    )
    lines = text.splitlines()
    unexplained = [
        line.split(":", 1)[0]
        for before, line in pairwise(lines)
        if re.match(r"[a-z0-9-]+: (null|\{.*name: null\})", line) and not before.startswith("#")
    ]
    assert not unexplained, f"say why these have no Garmin name: {unexplained}"


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("goblet-squat", ("squat", "goblet_squat")),
        ("back-squat", ("squat", "barbell_back_squat")),
        ("plank", ("plank", "plank")),
        ("side-plank", ("plank", "side_plank")),
        ("nordic-curl", ("leg_curl", "leg_curl")),
        ("single-leg-rdl", ("deadlift", "single_leg_romanian_deadlift_with_dumbbell")),
        ("glute-bridge", ("hip_raise", "hip_raise")),
        ("box-jump", ("plyo", "box_jump")),
        ("pogo-hops", ("cardio", "jump_rope")),
        ("single-leg-calf-raise", ("calf_raise", "single_leg_standing_calf_raise")),
        ("weighted-tibialis-raise", ("calf_raise", "seated_dumbbell_toe_raise")),
        ("pallof-press", ("core", "cable_core_press")),
        ("ankle-circles", ("warm_up", "ankle_circles")),
        ("a-skip", ("warm_up", None)),
        ("short-foot", None),
    ],
)
def test_spot_checks(table, exercise_id, expected):
    assert table[exercise_id] == expected


def test_codes_spot_checks(fit_types):
    # FIT numbers are fixed by Garmin's profile: squat is category 28, goblet_squat name 37.
    assert garmin_codes("goblet-squat") == (28, 37)
    assert garmin_codes("nordic-curl") == (15, 0)
    assert garmin_codes("a-skip") == (31, None)
    assert garmin_codes("short-foot") is None
    assert garmin_codes("no-such-exercise") is None


def test_the_loaded_table_is_a_copy(table):
    copy = load_garmin_map()
    copy["goblet-squat"] = None
    assert load_garmin_map()["goblet-squat"] == ("squat", "goblet_squat")
