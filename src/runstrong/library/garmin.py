"""Garmin's FIT exercise for each library exercise, from ``data/garmin-exercises.yaml``.

The table names Garmin's exercise category and exercise name by their FIT profile values
(``squat``, ``goblet_squat``). An exercise maps to a category and name, to a category
only (name ``None``), or to nothing (``None``). The FIT exporter turns the names into
Garmin's numbers (`runstrong.adapters.exports.garmin_map`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from runstrong.domain.errors import LibraryError
from runstrong.library.load import DATA, _yaml

FILE = "garmin-exercises.yaml"

GarminExercise = tuple[str, str | None]


def load_garmin_map() -> dict[str, GarminExercise | None]:
    """Every mapped exercise id to its (category, name or None), or None where none fits."""
    return dict(_table())


@cache  # read once per process
def _table() -> dict[str, GarminExercise | None]:
    where = f"library/data/{FILE}"
    document = _yaml((DATA / FILE).read_text(encoding="utf-8"), where, "a mapping of exercise ids")
    table: dict[str, GarminExercise | None] = {}
    problems: list[str] = []
    for exercise_id, entry in document.items():
        try:
            table[str(exercise_id)] = _entry(entry)
        except ValueError:
            problems.append(
                f"{where}: {exercise_id}: expected null or {{category: <str>, name: <str or null>}}"
            )
    if problems:
        raise LibraryError(problems)
    return table


def _entry(entry: Any) -> GarminExercise | None:
    """One entry of the file; ValueError when it has the wrong shape."""
    if entry is None:
        return None
    if not isinstance(entry, dict) or set(entry) != {"category", "name"}:
        raise ValueError(entry)
    category, name = entry["category"], entry["name"]
    if not isinstance(category, str) or not (name is None or isinstance(name, str)):
        raise ValueError(entry)
    return category, name
