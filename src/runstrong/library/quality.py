"""Editorial rules for the bundled library beyond what a single record can check.

These are product promises (every movement pattern has a full ladder with a home option at
the bottom; every exercise is reachable from a guide), checked by the test suite and by
``python -m runstrong.library.quality`` while writing content.
"""

from __future__ import annotations

import sys

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import LibraryError
from runstrong.domain.vocabulary import HOME_EQUIPMENT, Level, Pattern


def ladder_gaps(catalog: Catalog) -> list[str]:
    """Patterns lacking a chain from a home exercise at basics to one at advanced."""
    problems = []
    by_id = {e.id: e for e in catalog.exercises}
    for pattern in Pattern:
        members = [e for e in catalog.exercises if e.pattern == pattern]
        if not members:
            problems.append(f"pattern {pattern}: no exercises")
            continue
        starts = [e for e in members if e.level == Level.BASICS and e.needs <= HOME_EQUIPMENT]
        if not starts:
            problems.append(f"pattern {pattern}: no home exercise at basics level")
            continue
        reached: set[str] = set()
        frontier = [e.id for e in starts]
        while frontier:
            current = frontier.pop()
            if current in reached:
                continue
            reached.add(current)
            frontier.extend(p for p in by_id[current].progressions if by_id[p].pattern == pattern)
        if not any(by_id[i].level == Level.ADVANCED for i in reached):
            problems.append(
                f"pattern {pattern}: no progression path from basics to advanced within the pattern"
            )
    return problems


def unguided(catalog: Catalog) -> list[str]:
    return [f"exercise {e.id}: no guide mentions it" for e in catalog.exercises if not e.guides]


def main() -> int:
    from runstrong.library.load import load_catalog

    try:
        catalog = load_catalog()
    except LibraryError as exc:
        print(exc)  # noqa: T201 - a developer tool
        return 1
    problems = ladder_gaps(catalog) + unguided(catalog)
    for problem in problems:
        print(problem)  # noqa: T201
    summary = f"{len(catalog.exercises)} exercises, {len(catalog.guides)} guides"
    print(f"{summary}, {len(problems)} problems")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
