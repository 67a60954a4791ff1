"""Fitting a session to the runner's minutes: a draft with priorities and floors in, a
fitted session out.

What may never be trimmed is data, here, in one place: every draft item carries a
``Floor`` (its protected minimum), set by the generator from ``protected_floor``. The
fitter finds time in this order, and stops as soon as the session fits:

1. pairs: items done as supersets share their rests (``PAIRINGS``: single-leg work with
   calf raises, the main lift with core or upper-body work, jumps between the sets of
   the second lift); the pairs a session had last week come first, so that a session
   that fitted keeps fitting the same way as it grows;
2. fewer sets of upper-body, core and accessory work that no promise protects;
3. optional items leave, least important first (mobility, extra drills, accessories);
4. protected items lose sets down to their floor, never below it;
5. what was dropped comes back if it still fits, most important first; a second lift
   that does not fit may take sets from the jumps (``JUMP_SETS_FOR_A_LIFT``).

If the floors alone overrun the minutes, the session keeps them and the result says how
long it needs (``Fitted.needed_seconds``): the plan then says so in a warning instead of
silently dropping the work that matters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from runstrong.domain.plan import NO_EXTRA, ExtraSets

TRANSITION_SECONDS = 15  # moving from one item of a pair to the other
SETUP_SECONDS = 30  # setting up an exercise
SIDE_SWITCH_SECONDS = 10
RAMP_SET_REST = 45  # rest after a warm-up (ramp) set
PAIR_LETTERS = "ABCDEFGH"


class Group(StrEnum):
    """What an item is for, as far as fitting goes."""

    WARMUP = "warmup"
    DRILL = "drill"
    MOBILITY = "mobility"
    POWER = "power"
    MAIN = "main"  # the session's main lift
    STRENGTH = "strength"  # the other strength lifts
    ADAPTATION = "adaptation"  # serves a field-test finding or an injury profile
    ACCESSORY = "accessory"
    UPPER = "upper"
    CORE = "core"


# Which groups may be done as a superset, first choice first. Each pair is one item of
# the first group with one of the second: a lower-body set rests while the partner works.
PAIRINGS: tuple[tuple[frozenset[Group], frozenset[Group]], ...] = (
    (frozenset({Group.STRENGTH, Group.MAIN}), frozenset({Group.ADAPTATION})),
    (frozenset({Group.MAIN}), frozenset({Group.CORE, Group.UPPER})),
    (frozenset({Group.STRENGTH}), frozenset({Group.UPPER, Group.CORE})),
    (frozenset({Group.STRENGTH}), frozenset({Group.POWER})),
    (frozenset({Group.ADAPTATION}), frozenset({Group.UPPER, Group.CORE})),
    (frozenset({Group.ACCESSORY}), frozenset({Group.CORE, Group.UPPER})),
)
# Reduced first, down to one set, when no promise protects them.
TRIM_FIRST = frozenset({Group.UPPER, Group.CORE, Group.ACCESSORY})


class Floor(NamedTuple):
    """The protected minimum of an item: fewer sets than this, or dropping it, never.

    Tuples, as ``Draft`` is: the fitter's answers are kept by their drafts, and a tuple
    hashes and compares in C."""

    sets: int = 0  # 0: the item may be dropped whole
    keep_extra: bool = False  # a weak side's extra sets stay as they are
    whole: bool = False  # nothing may be trimmed (a jump dose, a protocol's sets)


OPTIONAL = Floor()


class Protection(StrEnum):
    """Why an item may not be trimmed freely; `protected_floor` turns it into a Floor."""

    NONE = "none"
    WARMUP = "warmup"  # the session's opening warm-up drill
    MAIN = "main"  # the main lift of a leg session
    KEPT = "kept"  # one of the five movements of the full-body week
    JUMPS = "jumps"  # the power block of a runner allowed to jump
    ADAPTATION = "adaptation"  # work a finding or an injury profile adds
    PROTOCOL = "protocol"  # an injury protocol's published dose


# The protected minimums (issue: "what may never be trimmed", in one place).
MAIN_LIFT_SETS = 2  # every leg session of a loading week keeps two working sets of its main lift
MAIN_LIFT_SETS_TRAINED = 3  # three for intermediate and advanced runners...
TRAINED_FROM_MINUTES = 30  # ...with 30 minutes or more
ADAPTATION_SETS = 2  # work a finding adds keeps two sets and all its weak-side extras
# At a tight cap, a session's jumps give sets, down to three, before its second lift
# leaves: heavy lifting is the better-evidenced half of the work for running economy,
# and the sessions keep their gains only with their heavy lifts (evidence.md sections 1
# and 2). Three sets still make a power block (about half a trained runner's dose).
JUMP_SETS_FOR_A_LIFT = 3


class FloorContext(NamedTuple):  # a tuple: `protected_floor` keeps answers by it
    full_legs: bool  # a session with full leg work (not a light day before a race)
    loading: bool  # a base, build or maintenance week that is not a lighter week
    trained: bool  # an intermediate or advanced runner
    minutes: int


@lru_cache(maxsize=1024)
def protected_floor(protections: frozenset[Protection], sets: int, ctx: FloorContext) -> Floor:
    """The floor of an item from what protects it (the strongest protection wins)."""
    if Protection.PROTOCOL in protections:
        return Floor(sets=sets, keep_extra=True, whole=True)
    if Protection.JUMPS in protections and ctx.full_legs:
        return Floor(sets=sets, whole=True)
    floor = 0
    keep_extra = False
    if Protection.ADAPTATION in protections:
        floor, keep_extra = min(sets, ADAPTATION_SETS), True
    if Protection.MAIN in protections and ctx.full_legs:
        wanted = MAIN_LIFT_SETS
        if ctx.loading and ctx.trained and ctx.minutes >= TRAINED_FROM_MINUTES:
            wanted = MAIN_LIFT_SETS_TRAINED
        floor = max(floor, min(sets, wanted))
    if protections & {Protection.KEPT, Protection.WARMUP}:
        floor = max(floor, 1)
    return Floor(sets=floor, keep_extra=keep_extra)


class Draft(NamedTuple):
    """One item of a session as the fitter sees it.

    A named tuple: one is made for every item of every session a plan fits, and ``fit``
    keeps its answers by them, so they must be cheap to make, hash and compare."""

    key: int  # its place in the session, which fitting keeps
    group: Group
    priority: int  # among optional items, the highest number leaves first
    sets: int
    extra: ExtraSets
    per_side: bool
    set_seconds: int  # one side's work in one set
    rest_seconds: int
    warmup_sets: int
    floor: Floor

    @property
    def protected(self) -> bool:
        return self.floor.sets > 0 or self.floor.whole


@dataclass(frozen=True, slots=True)
class Fitted:
    items: tuple[Draft, ...]  # the kept items, in session order, with their final sets
    pairs: Mapping[int, str]  # key -> pair letter (read-only: fitted sessions are shared)
    seconds: int
    budget: int

    @property
    def needed_seconds(self) -> int:
        """0 when the session fits its budget; else what its floors take."""
        return self.seconds if self.seconds > self.budget else 0


def _rounds(d: Draft) -> list[int]:
    """Work seconds of each round of sets: both sides first, then a weak side's extras."""
    sides = 2 if d.per_side else 1
    both = d.set_seconds * sides + SIDE_SWITCH_SECONDS * (sides - 1)
    return [both] * d.sets + [d.set_seconds] * (d.extra.left + d.extra.right)


def _rest(d: Draft) -> int:
    # Working one side rests the other: one-sided sets need less rest on the clock.
    return max(0, d.rest_seconds - d.set_seconds) if d.per_side else d.rest_seconds


def _ramp(d: Draft) -> int:
    return d.warmup_sets * (d.set_seconds // 2 + RAMP_SET_REST)


def item_seconds(d: Draft) -> int:
    """An item done on its own: the sum of ``_rounds`` and the rests between them, in O(1)
    (it runs for every item of every session a plan fits)."""
    extra = d.extra.left + d.extra.right
    sides = 2 if d.per_side else 1
    work = (d.set_seconds * sides + SIDE_SWITCH_SECONDS * (sides - 1)) * d.sets
    rounds = d.sets + extra
    rest = max(0, d.rest_seconds - d.set_seconds) if d.per_side else d.rest_seconds
    ramp = d.warmup_sets * (d.set_seconds // 2 + RAMP_SET_REST)
    return work + d.set_seconds * extra + rest * max(0, rounds - 1) + SETUP_SECONDS + ramp


def pair_seconds(a: Draft, b: Draft) -> int:
    """Two items in turns: between rounds, each rests while the other works."""
    ra, rb = _rounds(a), _rounds(b)
    common = min(len(ra), len(rb))
    total = 2 * SETUP_SECONDS + _ramp(a) + _ramp(b)
    for r in range(common):
        total += ra[r] + rb[r] + TRANSITION_SECONDS
        if r < common - 1:
            total += max(
                0, _rest(a) - rb[r] - TRANSITION_SECONDS, _rest(b) - ra[r] - TRANSITION_SECONDS
            )
    longer, rest = (ra, _rest(a)) if len(ra) > len(rb) else (rb, _rest(b))
    for work in longer[common:]:
        total += rest + work
    return total


def session_seconds(
    items: Mapping[int, Draft],
    pairs: Mapping[int, str],
) -> int:
    if not pairs:
        return sum(item_seconds(d) for d in items.values())
    total = 0
    done: set[int] = set()
    by_letter: dict[str, list[int]] = {}
    for key, letter in pairs.items():
        if key in items:
            by_letter.setdefault(letter, []).append(key)
    for keys in by_letter.values():
        if len(keys) == 2:
            total += pair_seconds(items[keys[0]], items[keys[1]])
            done.update(keys)
    return total + sum(item_seconds(d) for k, d in items.items() if k not in done)


def _trimmed(d: Draft) -> Draft:
    return d._replace(sets=d.sets - 1)


@lru_cache(maxsize=4096)
def fit(
    drafts: tuple[Draft, ...], budget: int, paired_before: tuple[tuple[int, str], ...] = ()
) -> Fitted:
    """The session shortened to `budget` seconds, or to its floors if they need more.

    `paired_before` (key, letter) are the pairs this session had last week: they are
    tried first, since pairing is greedy, and a first choice made on this week's sets
    may fit fewer items than last week's pairs did.

    Pure, so its answers are kept: sessions repeat week after week inside a block, and a
    server fits the same sessions for many runners."""
    items = {d.key: d for d in drafts}
    pairs: dict[int, str] = _both_present(paired_before, items)

    def over() -> bool:
        return session_seconds(items, pairs) > budget

    if over():
        _pair_up(items, pairs, over)
    # Fewer sets of unprotected upper-body, core and accessory work.
    while over():
        trimmable = [
            d for d in items.values() if d.group in TRIM_FIRST and not d.protected and d.sets > 1
        ]
        if not trimmable:
            break
        d = max(trimmable, key=lambda d: (d.sets, d.priority, d.key))
        items[d.key] = _trimmed(d)
    dropped: list[Draft] = []
    original = {d.key: d for d in drafts}

    def drop_down_to(lowest: int) -> None:
        while over():
            optional = [d for d in items.values() if not d.protected and d.priority >= lowest]
            if not optional:
                return
            d = max(optional, key=lambda d: (d.priority, d.key))
            dropped.append(original[d.key])
            del items[d.key]
            pairs.pop(d.key, None)

    # Optional items leave, least important first: mobility, extra drills, accessories.
    drop_down_to(3)
    # A weak side's unprotected extra sets, then sets of everything down to its floor
    # (strength keeps two while anything else can give).
    while over():
        extra = [d for d in items.values() if d.extra != NO_EXTRA and not d.floor.keep_extra]
        if not extra:
            break
        d = max(extra, key=lambda d: (d.priority, d.key))
        left, right = d.extra.left, d.extra.right
        items[d.key] = d._replace(
            extra=ExtraSets(left - 1, right) if left else ExtraSets(0, right - 1)
        )
    for strength_floor in (2, 1):
        while over():
            trimmable = [
                d
                for d in items.values()
                if not d.floor.whole
                and d.sets
                > max(
                    d.floor.sets,
                    strength_floor if d.group in (Group.MAIN, Group.STRENGTH) else 1,
                )
            ]
            if not trimmable:
                break
            d = max(trimmable, key=lambda d: (not d.protected, d.priority, d.sets, d.key))
            items[d.key] = _trimmed(d)
    # Then the second lift, and last the upper-body work.
    drop_down_to(2)
    drop_down_to(1)
    # Put back what still fits, most important first, with as many sets as fit.
    for d in sorted(dropped, key=lambda d: (d.priority, d.key)):
        candidate = d
        while True:
            items[d.key] = candidate
            if over():
                _pair_up(items, pairs, over)  # a new partner may make room for it
            if not over():
                break
            if candidate.sets <= 1 or candidate.group is Group.POWER:
                del items[d.key]  # jumps come whole or not at all
                if d.group is Group.STRENGTH:
                    _lift_before_jumps(items, pairs, d, over)
                break
            candidate = _trimmed(candidate)
    seconds = session_seconds(items, pairs)
    kept = tuple(items[k] for k in sorted(items))
    live = {k: v for k, v in pairs.items() if k in items}
    letters = _letters(live, kept)
    return Fitted(kept, MappingProxyType(letters), seconds, budget)


def _lift_before_jumps(
    items: dict[int, Draft], pairs: dict[int, str], lift: Draft, over: Callable[[], bool]
) -> None:
    """Put back a session's second lift by taking sets from its jumps, down to
    ``JUMP_SETS_FOR_A_LIFT``: the fewest jump sets given, then the most lift sets kept.
    Nothing changes if the lift does not fit even so."""
    if any(d.group is Group.STRENGTH for d in items.values()):
        return  # a second lift is there already
    jumps = [
        d
        for d in items.values()
        if d.group is Group.POWER and d.floor.whole and d.sets > JUMP_SETS_FOR_A_LIFT
    ]
    if not jumps:
        return
    before, paired = dict(items), dict(pairs)
    jump = max(jumps, key=lambda d: (d.sets, d.key))
    while jump.sets > JUMP_SETS_FOR_A_LIFT:
        jump = _trimmed(jump)
        items[jump.key] = jump
        candidate = lift
        while candidate.sets >= 1:
            items[lift.key] = candidate
            if over():
                _pair_up(items, pairs, over)
            if not over():
                return
            candidate = _trimmed(candidate)
        del items[lift.key]
    items.clear()
    items.update(before)
    pairs.clear()  # and the pairs made while trying
    pairs.update(paired)


def _both_present(
    paired: tuple[tuple[int, str], ...], items: Mapping[int, Draft]
) -> dict[int, str]:
    """The pairs whose two items are both in the session."""
    present = [(key, letter) for key, letter in paired if key in items]
    letters = [letter for _key, letter in present]
    return {key: letter for key, letter in present if letters.count(letter) == 2}


def _pair_up(
    items: dict[int, Draft],
    pairs: dict[int, str],
    over: Callable[[], bool],
) -> None:
    """Pair items by `PAIRINGS`, first choice first, until the session fits."""
    counts: dict[str, int] = {}
    for key, letter_of in list(pairs.items()):
        if key not in items:
            del pairs[key]
        else:
            counts[letter_of] = counts.get(letter_of, 0) + 1
    for key in [k for k, v in pairs.items() if counts[v] < 2]:
        del pairs[key]  # its partner left the session: free to pair again
    free = [x for x in PAIR_LETTERS if x not in pairs.values()]
    for first, second in PAIRINGS:
        for a in sorted(items.values(), key=lambda d: d.key):
            if a.key in pairs or a.group not in first:
                continue
            partners = [
                b
                for b in items.values()
                if b.key not in pairs and b.key != a.key and b.group in second
            ]
            if not partners:
                continue
            if not free:
                return
            b = min(partners, key=lambda b: (abs(b.sets - a.sets), b.key))
            before = session_seconds(items, pairs)
            pairs[a.key] = pairs[b.key] = free[0]
            if session_seconds(items, pairs) >= before:
                del pairs[a.key], pairs[b.key]  # pairing these saves nothing
                continue
            free.pop(0)
            if not over():
                return


def _letters(pairs: dict[int, str], kept: tuple[Draft, ...]) -> dict[int, str]:
    """Pair letters in the order the pairs first appear in the session: A, then B."""
    order: dict[str, str] = {}
    result: dict[int, str] = {}
    members: dict[str, int] = {}
    for letter in pairs.values():
        members[letter] = members.get(letter, 0) + 1
    for d in kept:
        old = pairs.get(d.key)
        if old is None or members[old] < 2:
            continue
        if old not in order:
            order[old] = PAIR_LETTERS[len(order)]
        result[d.key] = order[old]
    return result
