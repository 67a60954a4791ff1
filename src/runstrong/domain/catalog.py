"""The catalog: every exercise and guide, cross-checked, with the queries the product needs.

Built from already-parsed records (the loader in ``runstrong.library`` does the reading), so
it is pure and testable with hand-made records. Building it checks every reference, makes
ladders symmetric (a progression of A lists A as its regression) and links each exercise
back to the guides that mention it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from runstrong.domain.errors import LibraryError, UnknownExercise, UnknownGuide
from runstrong.domain.exercises import Exercise
from runstrong.domain.guides import Guide
from runstrong.domain.injuries import InjuryProfile, StatusPlan, check_status
from runstrong.domain.vocabulary import (
    HOME_EQUIPMENT,
    Block,
    Equipment,
    InjuryArea,
    Level,
    Pattern,
    Region,
)


@dataclass(frozen=True)
class ExerciseQuery:
    """Filters for browsing the library; every field left as None matches everything."""

    blocks: frozenset[Block] | None = None
    levels: frozenset[Level] | None = None
    available: frozenset[Equipment] | None = None  # exercises doable with this equipment
    regions: frozenset[Region] | None = None
    targets: frozenset[str] | None = None
    patterns: frozenset[Pattern] | None = None
    text: str | None = None

    def matches(self, exercise: Exercise) -> bool:
        if self.blocks is not None and not self.blocks & set(exercise.blocks):
            return False
        if self.levels is not None and exercise.level not in self.levels:
            return False
        if self.available is not None and not exercise.doable_with(self.available):
            return False
        if self.regions is not None and not self.regions & set(exercise.regions):
            return False
        if self.targets is not None and not self.targets & set(exercise.targets):
            return False
        if self.patterns is not None and exercise.pattern not in self.patterns:
            return False
        if self.text:
            haystack = exercise.search_text()
            words = self.text.lower().replace("-", " ").split()
            if not all(word in haystack for word in words):
                return False
        return True


class Catalog:
    """The exercise library and the learn hub, consistent with each other."""

    def __init__(
        self,
        exercises: Iterable[Exercise],
        guides: Iterable[Guide],
        injuries: Iterable[InjuryProfile] = (),
    ) -> None:
        exercise_list = list(exercises)
        guide_list = list(guides)
        injury_list = list(injuries)
        problems = _check_ids(exercise_list, guide_list)
        if problems:
            raise LibraryError(problems)
        by_id = {e.id: e for e in exercise_list}
        problems = _check_references(by_id, {g.id: g for g in guide_list})
        if problems:
            raise LibraryError(problems)
        linked = _link(by_id, guide_list)
        problems = _check_ladders(linked)
        if problems:
            raise LibraryError(problems)
        problems = _check_injuries(linked, injury_list)
        if problems:
            raise LibraryError(problems)
        self._injuries = {p.area: p for p in injury_list}
        self._exercises = dict(sorted(linked.items()))
        self._guides = {g.id: g for g in sorted(guide_list, key=lambda g: g.id)}
        self._by_pattern: dict[Pattern, tuple[Exercise, ...]] = {
            pattern: tuple(e for e in self._exercises.values() if e.pattern is pattern)
            for pattern in Pattern
        }

    # -- exercises -------------------------------------------------------------------
    @property
    def exercises(self) -> Sequence[Exercise]:
        return tuple(self._exercises.values())

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self._exercises[exercise_id]
        except KeyError:
            close = difflib.get_close_matches(exercise_id, self._exercises, n=3, cutoff=0.6)
            raise UnknownExercise(exercise_id, close) from None

    def in_pattern(self, pattern: Pattern) -> Sequence[Exercise]:
        """The exercises of one movement pattern, by id."""
        return self._by_pattern[pattern]

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._exercises

    def find(self, query: ExerciseQuery) -> list[Exercise]:
        found = [e for e in self._exercises.values() if query.matches(e)]
        return sorted(found, key=lambda e: (e.pattern.value, e.level.rank, e.id))

    def ladder(self, exercise_id: str) -> list[Exercise]:
        """The chain through this exercise: easiest regression first, hardest progression last.

        Where a rung branches, the branch nearest in level is followed, then the first by id,
        so the answer is stable.
        """
        start = self.exercise(exercise_id)
        below: list[Exercise] = []
        current = start
        while current.regressions:
            current = self._nearest(current, current.regressions)
            below.append(current)
        above: list[Exercise] = []
        current = start
        while current.progressions:
            current = self._nearest(current, current.progressions)
            above.append(current)
        return [*reversed(below), start, *above]

    def _nearest(self, origin: Exercise, ids: Sequence[str]) -> Exercise:
        options = [self._exercises[i] for i in ids]
        return min(options, key=lambda e: (abs(e.level.rank - origin.level.rank), e.id))

    # -- injuries --------------------------------------------------------------------
    @property
    def injury_profiles(self) -> Sequence[InjuryProfile]:
        return tuple(self._injuries.values())

    def injury_profile(self, area: InjuryArea) -> InjuryProfile | None:
        return self._injuries.get(area)

    def left_out_by(self, area: InjuryArea, status: str) -> tuple[str, ...]:
        """Every exercise an injury of this area and status leaves out of a plan, sorted.

        That is the profile's ``avoid`` list, the exercises whose ``avoid_with`` names the
        area while it is current (with or without a profile), and every plyometric exercise
        where the profile says no plyometrics.
        """
        area = InjuryArea(area)
        check_status(status)
        profile = self._injuries.get(area)
        plan = profile.for_status(status) if profile is not None else None
        return _left_out(self._exercises.values(), area, status, plan)

    def stated_left_out(self, area: InjuryArea, status: str) -> tuple[str, ...]:
        """Every exercise the note of this area and status says is left out (its
        ``excludes``), sorted; always within :meth:`left_out_by`, the catalog checks it."""
        area = InjuryArea(area)
        check_status(status)
        profile = self._injuries.get(area)
        if profile is None:
            return ()
        exercises = tuple(self._exercises.values())
        plan = profile.for_status(status)
        return tuple(sorted({i for x in plan.excludes for i in x.select(exercises)}))

    # -- guides ----------------------------------------------------------------------
    @property
    def guides(self) -> Sequence[Guide]:
        return tuple(self._guides.values())

    def guide(self, guide_id: str) -> Guide:
        try:
            return self._guides[guide_id]
        except KeyError:
            raise UnknownGuide(guide_id, self._guides) from None


def _check_ids(exercises: list[Exercise], guides: list[Guide]) -> list[str]:
    problems = []
    for kind, ids in (("exercise", [e.id for e in exercises]), ("guide", [g.id for g in guides])):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append(f"duplicate {kind} ids: {duplicates}")
    return problems


def _check_references(exercises: dict[str, Exercise], guides: dict[str, Guide]) -> list[str]:
    problems = []
    for e in exercises.values():
        for field in ("progressions", "regressions", "substitutes"):
            for ref in getattr(e, field):
                if ref not in exercises:
                    problems.append(f"exercise {e.id}: {field} names unknown exercise {ref!r}")
        if e.guides:
            problems.append(f"exercise {e.id}: guides are derived from the guides; leave it out")
        needs_gym = not e.needs <= HOME_EQUIPMENT
        if needs_gym and not e.substitutes:
            problems.append(
                f"exercise {e.id}: needs {sorted(e.needs - HOME_EQUIPMENT)}"
                " but names no home substitute"
            )
        for ref in e.substitutes:
            sub = exercises.get(ref)
            if needs_gym and sub is not None and not sub.needs <= HOME_EQUIPMENT:
                problems.append(f"exercise {e.id}: substitute {ref} is not doable at home")
    for g in guides.values():
        for ref in g.exercises:
            if ref not in exercises:
                problems.append(f"guide {g.id}: names unknown exercise {ref!r}")
        for ref in g.related:
            if ref not in guides:
                problems.append(f"guide {g.id}: related names unknown guide {ref!r}")
            elif ref == g.id:
                problems.append(f"guide {g.id}: lists itself as related")
        missing = [i for i in g.linked("exercise") if i not in g.exercises]
        if missing:
            problems.append(
                f"guide {g.id}: body links exercises not in its front matter: {missing}"
            )
        missing = [i for i in g.linked("guide") if i not in g.related]
        if missing:
            problems.append(f"guide {g.id}: body links guides not in `related`: {missing}")
    return problems


def _left_out(
    exercises: Iterable[Exercise], area: InjuryArea, status: str, plan: StatusPlan | None
) -> tuple[str, ...]:
    current = status == "current"
    avoid = set(plan.avoid) if plan is not None else set()
    jumping_out = plan is not None and not plan.plyometrics
    return tuple(
        sorted(
            e.id
            for e in exercises
            if e.id in avoid or (current and area in e.avoid_with) or (jumping_out and e.plyometric)
        )
    )


def _check_injuries(exercises: dict[str, Exercise], injuries: list[InjuryProfile]) -> list[str]:
    problems = []
    areas = [p.area for p in injuries]
    duplicates = sorted({a.value for a in areas if areas.count(a) > 1})
    if duplicates:
        problems.append(f"more than one injury profile for {duplicates}")
    for profile in injuries:
        unknown = sorted(ref for ref in profile.exercise_ids() if ref not in exercises)
        problems += [f"injury {profile.area}: names unknown exercise {ref!r}" for ref in unknown]
        if unknown:
            continue
        for status, plan in profile.plans():
            for dosed in plan.session:
                options = [exercises[i] for i in dosed.options()]
                if protocol_block(options) is None:
                    problems.append(
                        f"injury {profile.area}: {dosed.exercise} and its alternatives share no "
                        "block (accessory, strength or core) to sit in"
                    )
            left_out = set(_left_out(exercises.values(), profile.area, status, plan))
            for dosed in plan.session + (plan.rehab.items if plan.rehab else ()):
                if set(dosed.options()) <= left_out:
                    problems.append(
                        f"injury {profile.area}/{status}: prescribes {dosed.exercise} but leaves"
                        " it and all its alternatives out"
                    )
            for exclusion in plan.excludes:
                allowed = [i for i in exclusion.select(exercises.values()) if i not in left_out]
                if allowed:
                    problems.append(
                        f"injury {profile.area}/{status}: the note says {exclusion.says!r} are"
                        f" left out, but the data allow {allowed}"
                    )
    return problems


def protocol_block(options: Sequence[Exercise]) -> Block | None:
    """The block an injury protocol's exercise sits in: one that every option can serve."""
    for block in (Block.ACCESSORY, Block.STRENGTH, Block.CORE):
        if all(block in e.blocks for e in options):
            return block
    return None


def _link(exercises: dict[str, Exercise], guides: list[Guide]) -> dict[str, Exercise]:
    """Make ladders symmetric and attach the guides that mention each exercise."""
    progressions: dict[str, set[str]] = {i: set(e.progressions) for i, e in exercises.items()}
    regressions: dict[str, set[str]] = {i: set(e.regressions) for i, e in exercises.items()}
    for i, e in exercises.items():
        for up in e.progressions:
            regressions[up].add(i)
        for down in e.regressions:
            progressions[down].add(i)
    mentioned_in: dict[str, list[str]] = {i: [] for i in exercises}
    for g in sorted(guides, key=lambda g: g.id):
        for ref in g.exercises:
            mentioned_in[ref].append(g.id)
    return {
        i: e.model_copy(
            update={
                "progressions": tuple(sorted(progressions[i])),
                "regressions": tuple(sorted(regressions[i])),
                "guides": tuple(mentioned_in[i]),
            }
        )
        for i, e in exercises.items()
    }


def _check_ladders(exercises: dict[str, Exercise]) -> list[str]:
    problems = []
    for e in exercises.values():
        for up in e.progressions:
            if exercises[up].level.rank < e.level.rank:
                problems.append(
                    f"exercise {e.id} ({e.level}) progresses to {up}"
                    f" ({exercises[up].level}), a lower level"
                )
    # A cycle in the progression graph would make "move up the ladder" loop forever.
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in exercises[node].progressions:
            if state.get(nxt) == 1:
                problems.append(f"ladder cycle: {' -> '.join([*path, node, nxt])}")
            elif nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in exercises:
        if node not in state:
            visit(node, [])
    return problems
