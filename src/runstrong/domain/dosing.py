"""How much: sets, reps or seconds, load, rest and tempo for an exercise in a given week.

The numbers follow the evidence base: novices 8-15 reps at moderate effort and never heavy
low reps; heavy strength in the build (3-6 reps at RPE 8, about 80-85 % 1RM for the
advanced on a barbell, 2-3 min rest or more); power 3-10 reps with foot contacts counted;
accessory 8-20 reps; core holds 10-60 s or slow reps. Within a block of weeks the work
grows (effort, then a set); a lighter week cuts volume by at least a quarter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from runstrong.domain.athlete import Experience
from runstrong.domain.exercises import Exercise
from runstrong.domain.fitting import OPTIONAL, Draft, Group, item_seconds
from runstrong.domain.plan import ExtraSets, PhaseName
from runstrong.domain.schedule import LegLoad
from runstrong.domain.vocabulary import Block, Equipment

NOV, INT, ADV = Experience.NOVICE, Experience.INTERMEDIATE, Experience.ADVANCED

# Loaded strength work: (sets, reps, RPE, rest seconds) by phase and experience.
STRENGTH: dict[tuple[str, Experience], tuple[int, int, float, int]] = {
    ("base", NOV): (2, 12, 6, 75), ("base", INT): (3, 10, 7, 90), ("base", ADV): (3, 8, 7, 120),
    ("build", NOV): (3, 10, 7, 90), ("build", INT): (3, 6, 8, 150), ("build", ADV): (4, 4, 8, 180),
    ("peak", NOV): (2, 10, 7, 90), ("peak", INT): (2, 5, 8, 150), ("peak", ADV): (3, 3, 8, 180),
    ("taper", NOV): (2, 10, 6, 90), ("taper", INT): (2, 5, 8, 150), ("taper", ADV): (2, 3, 8, 180),
    ("maintenance", NOV): (2, 10, 7, 90), ("maintenance", INT): (3, 6, 8, 150),
    ("maintenance", ADV): (3, 5, 8, 150),
    ("light", NOV): (1, 10, 5, 60), ("light", INT): (2, 8, 6, 75), ("light", ADV): (2, 8, 6, 75),
}  # fmt: skip
# Percent of one-repetition maximum for the advanced on barbell lifts, where load is known.
PERCENT_1RM = {"base": 70, "build": 82, "peak": 85, "taper": 80, "maintenance": 80, "light": 60}
# Heavy work needs long rests; never shorter than this, however short the session.
HEAVY_MIN_REST = 120
# Plyometric foot contacts per session: where a runner starts and the ceiling. A power
# block for runners is 20-40 contacts while learning and 40-80 for the trained (evidence.md
# section 2, built on Spurrs 2003: 60 -> 180; the NSCA's 80-140 are for field athletes).
CONTACTS_START = {NOV: 20, INT: 30, ADV: 40}
CONTACTS_CAP = {NOV: 40, INT: 70, ADV: 80}
# Week to week the contact total may rise by at most this much (evidence: 20-30 %).
CONTACTS_WEEKLY_RISE = 1.2
DELOAD_FACTOR = 0.6  # a lighter week keeps 60 % of the sets: volume down by 40 %
ACCESSORY_REPS = (8, 20)
NOVICE_MIN_REPS = 8
POWER_REPS = (3, 10)
MAX_RPE = {NOV: 7.0, INT: 8.5, ADV: 8.5}


class WeekContext(NamedTuple):
    """What dosing needs to know about the week and the runner (a tuple: doses are kept
    by it, see ``prescribe``)."""

    phase: PhaseName
    experience: Experience
    deload: bool
    block_week: int  # 0, 1, 2 inside a block of loading weeks
    block: int  # loading blocks so far, from 0
    short_session: bool  # 25 minutes or less: rests are kept tight


@dataclass(slots=True)  # not frozen: made by the thousand per plan, and never changed after
class Prescription:
    sets: int
    reps: int | None
    seconds: int | None
    load: dict[str, float | int | bool]
    rest_seconds: int
    tempo: str | None
    contacts: int
    hold_top: int  # seconds held at the top of each rep (no default: none is forgotten)


def _phase_key(ctx: WeekContext, legs: LegLoad) -> str:
    if legs is not LegLoad.FULL or ctx.phase in (PhaseName.RACE, PhaseName.RECOVERY):
        return "light"
    if ctx.phase is PhaseName.MAINTENANCE and ctx.block == 0:
        return "base"  # the first block of a rolling plan re-learns technique
    return ctx.phase.value


def least_amount(exercise: Exercise, block: Block, experience: Experience) -> int:
    """The fewest reps (or seconds) a set of this exercise may have in this block."""
    dose = exercise.dose
    if dose.seconds is not None:
        return dose.seconds[0]
    assert dose.reps is not None
    if block is Block.POWER:
        return _power_range(dose.reps)[0]
    if block is Block.ACCESSORY:
        return _accessory_range(dose.reps)[0]
    if block is Block.STRENGTH and experience is NOV and dose.reps[1] >= NOVICE_MIN_REPS:
        return max(dose.reps[0], NOVICE_MIN_REPS)
    return dose.reps[0]


def lighter(last: Prescription, least: int) -> Prescription:
    """A lighter week's dose from the last loading week's: 60 % of the sets (a single set
    keeps 60 % of its reps or seconds instead, never under `least`), one point less
    effort, 10 % less of a 1RM, and foot contacts cut in step with the work."""
    sets = _deload(last.sets)
    reps, seconds = last.reps, last.seconds
    if last.sets == 1:
        reps = None if reps is None else max(min(least, reps), round(reps * DELOAD_FACTOR))
        seconds = (
            None if seconds is None else max(min(least, seconds), round(seconds * DELOAD_FACTOR))
        )
    load = dict(last.load)
    if "rpe" in load:
        load["rpe"] = _effort(float(load["rpe"]) - 1)
    if "percent_1rm" in load:
        load["percent_1rm"] = int(load["percent_1rm"]) - 10
    work_before = last.sets * (last.reps or last.seconds or 1)
    work_after = sets * (reps or seconds or 1)
    contacts = last.contacts * work_after // work_before if work_before else 0
    return Prescription(
        sets, reps, seconds, load, last.rest_seconds, last.tempo, contacts, last.hold_top
    )


def _effort(rpe: float) -> float | int:
    """RPE as the runner reads it: 7, not 7.0; half points kept."""
    return int(rpe) if rpe == int(rpe) else rpe


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], value))


def _within(bounds: tuple[int, int], fraction: float) -> int:
    low, high = bounds
    return low + round((high - low) * fraction)


def _deload(sets: int) -> int:
    return max(1, round(sets * DELOAD_FACTOR))


def _deload_amount(amount: int | None, sets: int) -> int | None:
    """A single set cannot lose a set, so it loses reps or seconds instead."""
    if amount is None or sets > 1:
        return amount
    return max(1, round(amount * DELOAD_FACTOR))


def _progress_fraction(ctx: WeekContext) -> float:
    """How far up an exercise's range this week sits: grows over the block and the plan.

    A lighter week stays where the last loading week was: it cuts sets, not the reps or
    holds the runner has grown into.
    """
    week = max(0, ctx.block_week - 1) if ctx.deload else ctx.block_week
    return min(1.0, 0.25 + 0.15 * min(week, 2) + 0.1 * min(ctx.block, 3))


_PRESCRIBED: dict[tuple[int, Block, WeekContext, LegLoad], tuple[Exercise, Prescription]] = {}
_PRESCRIBED_MOST = 65536  # doses kept; the cache starts again when full


def prescribe(exercise: Exercise, block: Block, ctx: WeekContext, legs: LegLoad) -> Prescription:
    """The dose of one exercise serving one block in this week.

    A pure function of its arguments, so its answers are kept, as the fitter's are: plans
    for many runners ask for the same doses. Known by the exercise's identity (the entry
    keeps it alive, so its id stays its own); doses are never changed once made."""
    key = (id(exercise), block, ctx, legs)
    known = _PRESCRIBED.get(key)
    if known is not None and known[0] is exercise:
        return known[1]
    rx = _prescribe(exercise, block, ctx, legs)
    if len(_PRESCRIBED) >= _PRESCRIBED_MOST:
        _PRESCRIBED.clear()
    _PRESCRIBED[key] = (exercise, rx)
    return rx


def _prescribe(exercise: Exercise, block: Block, ctx: WeekContext, legs: LegLoad) -> Prescription:
    if block in (Block.WARMUP, Block.MOBILITY):
        return _easy(exercise, block, ctx)
    if block is Block.STRENGTH:
        return _strength(exercise, ctx, legs)
    if block is Block.POWER:
        return _power_loaded(exercise, ctx)
    return _accessory_or_core(exercise, block, ctx, legs)


def _easy(exercise: Exercise, block: Block, ctx: WeekContext) -> Prescription:
    dose = exercise.dose
    reps = dose.reps[0] if dose.reps else None
    seconds = dose.seconds[0] if dose.seconds else None
    sets = 2 if block is Block.MOBILITY and not ctx.short_session and not ctx.deload else 1
    return Prescription(sets, reps, seconds, {"bodyweight": True}, 0 if block is Block.WARMUP else 15,
                        dose.tempo, 0, dose.hold_top)  # fmt: skip


def _strength(exercise: Exercise, ctx: WeekContext, legs: LegLoad) -> Prescription:
    key = _phase_key(ctx, legs)
    sets, reps, rpe, rest = STRENGTH[(key, ctx.experience)]
    dose = exercise.dose
    more_reps = 0
    if key not in ("light", "taper", "peak") and not ctx.deload:
        # Progressive overload inside a block: more effort in week 2, one more set in week 3.
        harder = rpe + (0.5 if ctx.block_week >= 1 else 0)
        rpe = min(MAX_RPE[ctx.experience], harder)
        # A set more in the third week, where the session has time for it.
        more_sets = ctx.block_week >= 2 and sets < 4 and not ctx.short_session
        sets += 1 if more_sets else 0
        # Where the effort is already at its ceiling (a novice's RPE 7) and no set is
        # added, a rep more each week instead, within the exercise's range: the lift
        # still grows week to week.
        if harder > rpe:  # the rep gained in week 2 stays when week 3 adds a set
            more_reps = min(ctx.block_week, 1) + (1 if ctx.block_week >= 2 and not more_sets else 0)
        elif not more_sets and ctx.block_week >= 2:
            more_reps = 1
    single = sets == 1
    if ctx.deload:
        sets, rpe = _deload(sets), rpe - 1
    seconds: int | None = None
    rx_reps: int | None = reps
    load: dict[str, float | int | bool]
    if dose.seconds is not None:
        rx_reps = None
        seconds = _within(dose.seconds, _progress_fraction(ctx))
        load = {"rpe": _effort(rpe)} if exercise.loadable else {"bodyweight": True}
        if not exercise.loadable:
            rest = min(rest, 90)  # a body-weight hold needs no heavy lifter's rest
    elif exercise.loadable:
        if ctx.experience is ADV and Equipment.BARBELL in exercise.equipment:
            # the load itself rises 2 % a week: the reps stay
            rx_reps = _clamp(reps, dose.reps or (reps, reps))
            percent = PERCENT_1RM[key] + (0 if ctx.deload else 2 * min(ctx.block_week, 2))
            load = {"percent_1rm": percent - (10 if ctx.deload else 0)}
        else:
            rx_reps = _clamp(reps + more_reps, dose.reps or (reps, reps))
            load = {"rpe": _effort(rpe)}
    else:
        # Body-weight strength is made harder by reps within the range, then by the ladder.
        assert dose.reps is not None
        bounds = dose.reps
        if ctx.experience is NOV and bounds[1] >= NOVICE_MIN_REPS:
            bounds = (max(bounds[0], NOVICE_MIN_REPS), bounds[1])  # novices: 8-15, never fewer
        rx_reps = _within(bounds, _progress_fraction(ctx))
        load = {"bodyweight": True}
        rest = min(rest, 90)  # no heavy load, no need for a heavy lifter's rest
    hard = load.get("rpe", 0) >= 8 or load.get("percent_1rm", 0) >= 75
    if hard:  # near-maximal sets need a full recovery between them
        rest = max(rest, HEAVY_MIN_REST)
    elif ctx.short_session:
        rest = min(rest, 75)
    if ctx.deload and single:
        rx_reps, seconds = _deload_amount(rx_reps, 1), _deload_amount(seconds, 1)
        if ctx.experience is NOV and rx_reps is not None and (dose.reps or (0, 0))[1] >= 8:
            rx_reps = max(rx_reps, NOVICE_MIN_REPS)  # novices never go under 8 reps
    return Prescription(sets, rx_reps, seconds, load, rest, dose.tempo, 0, dose.hold_top)


def _power_loaded(exercise: Exercise, ctx: WeekContext) -> Prescription:
    """Explosive work that is not counted in foot contacts: swings, cleans, throws."""
    dose = exercise.dose
    sets = 3 if ctx.experience is not NOV else 2
    if ctx.deload or ctx.phase in (PhaseName.PEAK, PhaseName.TAPER):
        sets = _deload(sets)
    reps = _clamp(5, _power_range(dose.reps)) if dose.reps else None
    seconds = dose.seconds[0] if dose.seconds else None
    load: dict[str, float | int | bool] = {"rpe": 7} if exercise.loadable else {"bodyweight": True}
    return Prescription(sets, reps, seconds, load, 90, None, 0, 0)  # explosive: no holds


def plyometric(exercise: Exercise, ctx: WeekContext, budget: int) -> Prescription | None:
    """Sets and reps of a plyometric drill using as much of a foot-contact budget as fits.

    Among the set counts allowed for the runner, the one that uses the budget best wins,
    more sets on a tie (shorter sets keep every contact crisp). None if even one set of
    the drill's lowest reps would overrun the budget.
    """
    dose = exercise.dose
    counts = dose.contacts_per_rep > 0
    per_rep = max(1, dose.contacts_per_rep) * (2 if dose.per_side else 1)
    most_sets = {NOV: 3, INT: 4, ADV: 5}[ctx.experience]
    if ctx.deload:
        most_sets = _deload(most_sets)
    low, high = _power_range(dose.reps or (1, 1))
    best: tuple[int, int, int] | None = None
    for sets in range(1, most_sets + 1):
        reps = min(high, budget // (sets * per_rep)) if counts else high
        if reps < low:
            continue
        used = sets * reps * per_rep if counts else 0
        if best is None or (used, sets) > (best[0], best[1]):
            best = (used, sets, reps)
    if best is None:
        return None
    used, sets, reps = best
    return Prescription(sets, reps, None, {"bodyweight": True}, 75, None, used, 0)


def _accessory_or_core(
    exercise: Exercise, block: Block, ctx: WeekContext, legs: LegLoad
) -> Prescription:
    dose = exercise.dose
    light = legs is not LegLoad.FULL and block is not Block.CORE
    sets = 2 if ctx.experience is NOV or light else 3
    if ctx.phase in (PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY):
        sets = 2 if ctx.phase is PhaseName.PEAK else 1
    fraction = _progress_fraction(ctx)
    reps_range = dose.reps
    if reps_range and block is Block.ACCESSORY:
        reps_range = _accessory_range(reps_range)
    reps = _within(reps_range, fraction) if reps_range else None
    seconds = _within(dose.seconds, fraction) if dose.seconds else None
    if ctx.deload:
        reps, seconds = _deload_amount(reps, sets), _deload_amount(seconds, sets)
        sets = _deload(sets)
    load: dict[str, float | int | bool] = (
        {"rpe": 7 if not light else 6} if exercise.loadable else {"bodyweight": True}
    )
    rest = 45 if block is Block.CORE else 60
    return Prescription(sets, reps, seconds, load, rest, dose.tempo, 0, dose.hold_top)


def _power_range(bounds: tuple[int, int]) -> tuple[int, int]:
    """Power work stays at 3-10 reps a set, so every rep is fast and crisp; short sets
    of any drill are fine, which lets the foot-contact dose grow a few contacts at a time."""
    high = max(POWER_REPS[0], min(bounds[1], POWER_REPS[1]))
    return POWER_REPS[0], high


def _accessory_range(bounds: tuple[int, int]) -> tuple[int, int]:
    """Accessory work sits at 8-20 reps, inside what the exercise itself allows."""
    low, high = bounds
    low = max(low, ACCESSORY_REPS[0]) if high >= ACCESSORY_REPS[0] else low
    high = min(high, ACCESSORY_REPS[1]) if low <= ACCESSORY_REPS[1] else high
    return low, max(low, high)


@cache
def _tempo_seconds(tempo: str) -> int:
    return sum(int(part) for part in tempo.split("-"))


def set_seconds(rx: Prescription, exercise: Exercise) -> int:
    """The work of one set on one side, in seconds."""
    if rx.seconds is not None:
        return rx.seconds
    tempo = rx.tempo or exercise.dose.tempo  # a protocol may set its own tempo
    per_rep = _tempo_seconds(tempo) if tempo else 1 if exercise.plyometric else 3
    return (rx.reps or 0) * (per_rep + rx.hold_top)


def estimate_seconds(rx: Prescription, exercise: Exercise, extra_sets: int = 0) -> int:
    """Wall time of an item done on its own: the fitter's clock (``fitting.item_seconds``)."""
    return item_seconds(
        Draft(
            key=0,
            group=Group.ACCESSORY,
            priority=0,
            sets=rx.sets,
            extra=ExtraSets(extra_sets, 0),
            per_side=exercise.dose.per_side,
            set_seconds=set_seconds(rx, exercise),
            rest_seconds=rx.rest_seconds,
            warmup_sets=0,
            floor=OPTIONAL,
        )
    )
