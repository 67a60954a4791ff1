"""Garmin's numbers for the library's Garmin exercise table.

The table (`runstrong.library.garmin`) names categories and exercises by their FIT
profile values; a FIT workout step carries numbers, which come from the tables of
Garmin's own SDK (``garmin_fit_sdk``).
"""

from __future__ import annotations

from collections.abc import Mapping

from runstrong.domain.errors import LibraryError

GarminCodes = tuple[int, int | None]
GarminTable = Mapping[str, tuple[str, str | None] | None]
ExerciseCodes = Mapping[str, GarminCodes | None]


def garmin_codes(table: GarminTable) -> dict[str, GarminCodes | None]:
    """Each exercise's FIT (exercise_category, exercise_name) numbers, name None where only
    the category fits, None where nothing fits."""
    from garmin_fit_sdk import Profile

    types: dict[str, dict[int, str]] = Profile["types"]
    categories = {value: number for number, value in types["exercise_category"].items()}
    codes: dict[str, GarminCodes | None] = {}
    problems: list[str] = []
    for exercise_id, entry in table.items():
        if entry is None:
            codes[exercise_id] = None
            continue
        category, name = entry
        if category not in categories:
            problems.append(f"{exercise_id}: no Garmin exercise category {category!r}")
            continue
        if name is None:
            codes[exercise_id] = (categories[category], None)
            continue
        names = {
            value: number for number, value in types.get(f"{category}_exercise_name", {}).items()
        }
        if name not in names:
            problems.append(f"{exercise_id}: no Garmin {category} exercise named {name!r}")
            continue
        codes[exercise_id] = (categories[category], names[name])
    if problems:
        raise LibraryError([f"library/data/garmin-exercises.yaml: {p}" for p in problems])
    return codes
