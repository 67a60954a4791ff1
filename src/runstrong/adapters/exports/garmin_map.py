"""Garmin's FIT exercise for each library exercise, from ``library/data/garmin-exercises.yaml``.

The table names Garmin's exercise category and exercise name by their FIT profile values
(``squat``, ``goblet_squat``); ``garmin_codes`` turns them into the numbers a FIT
workout step carries, using the tables of Garmin's own SDK (``garmin_fit_sdk``).
An exercise maps to a category and name, to a category only (name ``None``), or to
nothing (``None``). Both lookups read the file once per process.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from runstrong.domain.errors import LibraryError

FILE = "garmin-exercises.yaml"

GarminExercise = tuple[str, str | None]
GarminCodes = tuple[int, int | None]


def load_garmin_map() -> dict[str, GarminExercise | None]:
    """Every mapped exercise id to its (category, name or None), or None where none fits."""
    return dict(_table())


def garmin_codes(exercise_id: str) -> GarminCodes | None:
    """The FIT (exercise_category, exercise_name) numbers of an exercise, name None where only
    the category fits; None where nothing fits or the exercise is not in the table."""
    return _codes().get(exercise_id)


@cache
def _table() -> dict[str, GarminExercise | None]:
    import yaml

    where = f"library/data/{FILE}"
    text = (resources.files("runstrong.library") / "data" / FILE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise LibraryError([f"{where}: not valid YAML: {exc}"]) from None
    if not isinstance(document, dict):
        raise LibraryError([f"{where}: expected a mapping of exercise ids"])
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


@cache
def _codes() -> dict[str, GarminCodes | None]:
    from garmin_fit_sdk import Profile

    types: dict[str, dict[int, str]] = Profile["types"]
    categories = {value: number for number, value in types["exercise_category"].items()}
    codes: dict[str, GarminCodes | None] = {}
    problems: list[str] = []
    for exercise_id, entry in _table().items():
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
        table = types.get(f"{category}_exercise_name", {})
        names = {value: number for number, value in table.items()}
        if name not in names:
            problems.append(f"{exercise_id}: no Garmin {category} exercise named {name!r}")
            continue
        codes[exercise_id] = (categories[category], names[name])
    if problems:
        raise LibraryError([f"library/data/{FILE}: {p}" for p in problems])
    return codes
