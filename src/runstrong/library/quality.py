"""Editorial rules for the bundled library beyond what a single record can check.

These are product promises (every movement pattern has a full ladder with a home option at
the bottom; every exercise is reachable from a guide), checked by the test suite and by
``python -m runstrong.library.quality`` while writing content.
"""

from __future__ import annotations

import re
import sys

from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import LibraryError
from runstrong.domain.exercises import Exercise
from runstrong.domain.media import media_host
from runstrong.domain.vocabulary import HOME_EQUIPMENT, Level, Pattern

# Patterns whose ladder starts above basics on purpose, and the pattern they grow out of:
# single-leg hops come after two-footed landings (the plyometrics guide), so the bottom rung
# of the hop ladder regresses to a basics landing of the jump ladder.
FEEDERS: dict[Pattern, Pattern] = {Pattern.HOP: Pattern.JUMP}


def _lowest_rank(catalog: Catalog, pattern: Pattern) -> int:
    return min(e.level.rank for e in catalog.in_pattern(pattern))


def _fed_from(catalog: Catalog, e: Exercise, down: Exercise) -> bool:
    """Whether `down` below `e` is the allowed step from a feeder pattern into the bottom rung."""
    return (
        FEEDERS.get(e.pattern) is down.pattern
        and e.level.rank == _lowest_rank(catalog, e.pattern)
        and down.level is Level.BASICS
    )


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
        if not starts and pattern in FEEDERS:
            starts = [
                e
                for e in members
                if e.needs <= HOME_EQUIPMENT
                and any(_fed_from(catalog, e, by_id[d]) for d in e.regressions)
            ]
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


def ladder_faults(catalog: Catalog) -> list[str]:
    """Ladder steps that break the promises of the guides.

    Every exercise above basics has an easier rung in its own pattern, and following the
    easier rungs reaches a lower level (the safety guide: "there is always a rung below");
    no step joins levels two apart (basics to intermediate skips a rung); and a step stays
    in its movement pattern, except the bottom rung of a fed pattern (see FEEDERS).
    """
    problems = []
    by_id = {e.id: e for e in catalog.exercises}
    for e in catalog.exercises:
        for up in e.progressions:
            higher = by_id[up]
            if higher.level.rank - e.level.rank > 1:
                problems.append(
                    f"exercise {e.id} ({e.level}) -> {up} ({higher.level}) skips a level"
                )
            if higher.pattern is not e.pattern and not _fed_from(catalog, higher, e):
                problems.append(
                    f"exercise {e.id} ({e.pattern}) -> {up} ({higher.pattern}) leaves its pattern"
                )
        if e.level is Level.BASICS:
            continue
        if not e.regressions:
            problems.append(f"exercise {e.id} ({e.level}): no easier rung (regressions)")
            continue
        seen: set[str] = set()
        frontier = list(e.regressions)
        while frontier:
            current = frontier.pop()
            if current not in seen:
                seen.add(current)
                frontier.extend(by_id[current].regressions)
        if all(by_id[i].level.rank >= e.level.rank for i in seen):
            problems.append(f"exercise {e.id} ({e.level}): its easier rungs never go a level down")
    return problems


# A cue that holds, pauses or squeezes "at the top" (the end of the lift) describes a top
# hold. Tempo strings are lowering-pause-lifting with the pause at the bottom, so a top hold
# lives in `dose.hold_top`, and the two must agree.
_TOP_HOLD = re.compile(
    r"\b(hold|holding|pause|pausing|squeez\w*|balance)\b[^.;]*\bat the top\b"
    r"|\bat the top\b[^.;]*\b(hold|holding|pause|pausing|squeez\w*)\b",
    re.IGNORECASE,
)


def says_top_hold(cue: str) -> bool:
    """Whether a cue tells the runner to hold, pause or squeeze at the top of a rep."""
    return bool(_TOP_HOLD.search(cue))


def tempo_mismatches(catalog: Catalog) -> list[str]:
    """Exercises whose cues and dose disagree about a hold at the top."""
    problems = []
    for e in catalog.exercises:
        cued = any(says_top_hold(cue) for cue in e.cues)
        if cued and e.dose.hold_top == 0:
            problems.append(f"exercise {e.id}: a cue holds at the top but dose.hold_top is 0")
        if e.dose.hold_top > 0 and not cued:
            problems.append(
                f"exercise {e.id}: dose.hold_top is {e.dose.hold_top} s but no cue says to"
                " hold at the top"
            )
    return problems


def protocol_tempo_notes(catalog: Catalog) -> list[str]:
    """Injury-protocol steps that still write a top hold as a pause at the bottom.

    A step's tempo overrides the exercise's; where the exercise holds at the top and the
    step has a middle (bottom) pause but no `hold_top`, the step reads the old way.
    """
    notes = []
    for profile in catalog.injury_profiles:
        for status, plan in profile.plans():
            for dosed in plan.session + (plan.rehab.items if plan.rehab else ()):
                for option in dosed.options():
                    held = catalog.exercise(option).dose.hold_top
                    old = sorted(
                        {
                            s.tempo
                            for s in dosed.steps
                            if s.tempo and s.tempo.split("-")[1] != "0" and not s.hold_top
                        }
                    )
                    if held and old:
                        notes.append(
                            f"injury {profile.area}/{status}: {option} holds {held} s at the top,"
                            f" but the protocol's tempo {', '.join(old)} pauses at the bottom"
                        )
    return notes


# Any Markdown link target or bare web address in a guide; exercise: and guide: links are
# the hub's own and are checked by the catalog.
_WEB_LINK = re.compile(r"\]\(([^)\s]+)\)|(?<![(\w])(https?://[^\s)>\]]+)")


def media_faults(catalog: Catalog) -> list[str]:
    """Videos and guide links off the media allow-list, and clashing compilation starts."""
    problems = []
    for e in catalog.exercises:
        if e.video is not None and media_host(e.video) is None:
            problems.append(f"exercise {e.id}: video {e.video} is not on an allowed host")
    for g in catalog.guides:
        texts = [g.body, *g.sources]
        for text in texts:
            for target, bare in _WEB_LINK.findall(text):
                url = target or bare
                if url.startswith(("exercise:", "guide:")):
                    continue
                if media_host(url) is None:
                    problems.append(f"guide {g.id}: link {url} is not on an allowed host")
    for url, sharing in sorted(compilations(catalog).items()):
        starts = [e.video_start for e in sharing if e.video_start is not None]
        if len(starts) != len(set(starts)):
            names = ", ".join(e.id for e in sharing)
            problems.append(f"video {url}: two of {names} start at the same second")
    return problems


def compilations(catalog: Catalog) -> dict[str, list[Exercise]]:
    """Videos shared by several exercises, each with the exercises that use it."""
    shared: dict[str, list[Exercise]] = {}
    for e in catalog.exercises:
        if e.video is not None:
            shared.setdefault(e.video, []).append(e)
    return {url: users for url, users in shared.items() if len(users) > 1}


def compilation_notes(catalog: Catalog) -> list[str]:
    """Compilations whose exercises still lack a start time (to be checked by watching)."""
    notes = []
    for url, sharing in sorted(compilations(catalog).items()):
        missing = [e.id for e in sharing if e.video_start is None]
        if missing:
            notes.append(
                f"video {url} shows {len(sharing)} exercises; no start time yet for"
                f" {', '.join(missing)}"
            )
    return notes


def unguided(catalog: Catalog) -> list[str]:
    return [f"exercise {e.id}: no guide mentions it" for e in catalog.exercises if not e.guides]


def main() -> int:
    from runstrong.library.load import load_catalog

    try:
        catalog = load_catalog()
    except LibraryError as exc:
        print(exc)  # noqa: T201 - a developer tool
        return 1
    problems = (
        ladder_gaps(catalog)
        + ladder_faults(catalog)
        + unguided(catalog)
        + tempo_mismatches(catalog)
        + media_faults(catalog)
    )
    for problem in problems:
        print(problem)  # noqa: T201
    summary = f"{len(catalog.exercises)} exercises, {len(catalog.guides)} guides"
    print(f"{summary}, {len(problems)} problems")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
