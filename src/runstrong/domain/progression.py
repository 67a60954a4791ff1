"""Progression: what the next session asks of one exercise, given what was logged.

Pure rules, no I/O. The caller hands over one exercise, the catalog (for its ladder) and the
recent sessions of that exercise, oldest first; the answer is one `Decision`: what to do
next time and one sentence saying why.

The rules, in the order they are checked:

1. Pain (the pain rule of `runstrong.domain.pain`, reused as it is): above 5/10 stops the
   exercise; above 3/10, or pain that had not settled by the next morning, regresses; any
   pain at all holds the dose. Pain never leads to more load.
2. Missed reps (a set short of its target) or effort well above target (RPE at target + 2 or
   more) regress: about 10 % less load when the exercise is loaded, otherwise fewer reps or
   seconds, and one rung down the ladder once already at the bottom of the range.
3. Mastery (body weight and timed work): `Exercise.mastery_rule()` met two sessions running
   moves up the ladder, to the easiest progression and never more than one level up.
4. Double progression and the 2-for-2 rule: two sessions running at the same prescription,
   every set done at or under the target effort, and (loaded work) the last set 2 reps past
   the target or at the top of the range: add load. Body-weight work adds reps and timed
   holds add seconds up to the top of the range, then sets up to the mastery rule.
5. Otherwise: the same again.

Missed sessions are never made up: nothing here doubles a session. A long gap steps the
runner back instead (`step_back_after_gap`, `resume_after_gap`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

from runstrong.domain.athlete import Experience, Side
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.exercises import Exercise
from runstrong.domain.pain import PainAction, respond_to_pain
from runstrong.domain.plan import Item
from runstrong.domain.training_log import ItemLog, SessionLog
from runstrong.domain.vocabulary import Equipment

# -- constants, with their sources (../shared/docs/evidence.md, section 1) ----------------------

# Load step as a share of the current load. Evidence: "+2-10 %" once 1-2 reps over target
# (ACSM 2009 [V]); 2-for-2 rule steps of 5-10 % for novices and 2-5 % for the advanced (NSCA
# Essentials via summaries [S]). We take the middle of each band; intermediate sits between
# the two [U].
LOAD_STEP: dict[Experience, float] = {
    Experience.NOVICE: 0.075,
    Experience.INTERMEDIATE: 0.05,
    Experience.ADVANCED: 0.025,
}
# Loads snap to what small dumbbells and plates offer: 1 kg steps under 10 kg, 2 kg under
# 20 kg, 2.5 kg from there on (issue #5 [U]). A step is never less than one increment, so
# light dumbbells can step by more than 10 %: there is nothing smaller to pick up.
INCREMENTS_KG: tuple[tuple[float, float], ...] = ((10.0, 1.0), (20.0, 2.0))
TOP_INCREMENT_KG = 2.5
# 2-for-2 rule (NSCA via summaries [S]): 2 reps over target in the last set, two sessions in a
# row. Timed work uses 5 s over target, the same step holds progress by [U].
REPS_OVER = 2
SECONDS_OVER = 5
SESSIONS_RUNNING = 2
# Body-weight work adds reps in the same 1-2 rep steps the load rule counts in (ACSM 2009 [V]);
# holds add 5 s up to the top of their range (issue #5 [U]). Regressions step back the same.
REP_STEP = 2
SECONDS_STEP = 5
# Regressing loaded work takes about 10 % off, rounded to the increments above [U].
LOAD_CUT = 0.10
# "Effort well above target": RPE at target + 2 or more [U].
WELL_ABOVE_RPE = 2.0
# The effort target when the plan gives none (body weight, %1RM, RM): heavy sets sit at RPE
# 7-9 (evidence.md section 1 [U]); we take the middle.
DEFAULT_TARGET_RPE = 8.0
# A long gap steps the runner back (issue #5): two weeks or more without a logged session
# means less load and one set fewer for a week; four weeks or more also one rung down [U].
GAP_DAYS = 14
LONG_GAP_DAYS = 28
GAP_LOAD_CUT = 0.10
GAP_FEWER_SETS = 1
GAP_LASTS_DAYS = 7


class Action(StrEnum):
    KEEP = "keep"
    ADD_LOAD = "add_load"
    ADD_REPS = "add_reps"
    ADD_SECONDS = "add_seconds"
    ADD_SET = "add_set"  # holds and body-weight work at the top of the range, up to mastery
    MOVE_UP = "move_up"
    LESS_LOAD = "less_load"
    FEWER_REPS = "fewer_reps"
    FEWER_SECONDS = "fewer_seconds"
    FEWER_SETS = "fewer_sets"  # nothing easier left, or back after a break
    MOVE_DOWN = "move_down"
    STOP = "stop"  # pain above 5/10: stop the exercise and see a professional


# Actions that ask for more; pain never leads to one of these.
HARDER = frozenset(
    {Action.ADD_LOAD, Action.ADD_REPS, Action.ADD_SECONDS, Action.ADD_SET, Action.MOVE_UP}
)


@dataclass(frozen=True, slots=True)
class Target:
    """What to do next time for one exercise: sets (per side for per-side work), reps or
    seconds, the load in kg when known, and the effort aimed at."""

    exercise: str
    sets: int
    reps: int | None
    seconds: int | None
    load_kg: float | None = None
    rpe: float | None = None

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.seconds is None):
            raise InvalidInput("target", "a target has either reps or seconds")
        if self.sets < 1 or (self.reps or self.seconds or 0) < 1:
            raise InvalidInput("target", "a target has at least one set of at least 1 rep or 1 s")
        if self.load_kg is not None and self.load_kg < 0:
            raise InvalidInput("target", f"load cannot be negative; got {self.load_kg} kg")

    @property
    def amount(self) -> int:
        """The reps or the seconds, whichever this target counts."""
        value = self.reps if self.reps is not None else self.seconds
        assert value is not None
        return value

    @property
    def timed(self) -> bool:
        return self.seconds is not None


@dataclass(frozen=True, slots=True)
class Performance:
    """One past session of one exercise: what was asked and what was done."""

    date: dt.date
    target: Target
    done: ItemLog
    pain_settled: bool = True

    @classmethod
    def of(cls, session: SessionLog, target: Target) -> Performance:
        """The performance of `target`'s exercise in a logged session."""
        for item in session.items:
            if item.exercise == target.exercise:
                return cls(session.date, target, item, session.pain_settled)
        raise InvalidInput("session", f"session {session.id} has no sets of {target.exercise}")


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    target: Target
    reason: str  # one plain sentence for the runner


@dataclass(frozen=True, slots=True)
class GapStep:
    """How far to step back after a long break, for how long, and why."""

    days: int  # days since the last logged session
    load_cut: float  # share of the load to take off
    fewer_sets: int
    lasts_days: int  # how long the lighter dose lasts before normal progression resumes
    rungs_down: int
    reason: str


def target_from_item(item: Item, load_kg: float | None = None) -> Target:
    """The target a plan item sets; the plan prescribes effort, so the load comes from the
    runner (their last logged load) when known."""
    rpe = item.load.get("rpe")
    return Target(
        exercise=item.exercise,
        sets=item.sets,
        reps=item.reps,
        seconds=item.seconds,
        load_kg=load_kg,
        rpe=None if rpe is None or isinstance(rpe, bool) else float(rpe),
    )


# -- loads ---------------------------------------------------------------------------------


def increment(load_kg: float) -> float:
    """The smallest sensible change at this load (see INCREMENTS_KG)."""
    for below, step in INCREMENTS_KG:
        if load_kg < below:
            return step
    return TOP_INCREMENT_KG


def round_load(load_kg: float) -> float:
    """The nearest load on the grid of increments (halves round up)."""
    step = increment(load_kg)
    return round(math.floor(load_kg / step + 0.5) * step, 2)


def load_step(load_kg: float, experience: Experience) -> float:
    """How much load to add: LOAD_STEP of the load (evidence.md section 1: 2-10 %, 5-10 %
    novice, 2-5 % advanced), rounded to the increment and never less than one increment."""
    if load_kg < 0:
        raise InvalidInput("load_kg", f"load cannot be negative; got {load_kg}")
    step = increment(load_kg)
    return round(max(step, math.floor(load_kg * LOAD_STEP[experience] / step + 0.5) * step), 2)


def heavier(load_kg: float, experience: Experience) -> float:
    """The next load up, on the grid of increments and always above the current one."""
    new = round_load(load_kg + load_step(load_kg, experience))
    while new <= load_kg:
        new = round(new + increment(new), 2)
    return new


def lighter(load_kg: float, cut: float = LOAD_CUT) -> float | None:
    """About `cut` less load, on the grid and at least one increment less; None when that
    leaves nothing to hold."""
    new = round_load(load_kg * (1 - cut))
    if new >= load_kg:
        new = round_load(load_kg - increment(load_kg))
    while new >= load_kg and new > 0:
        new = round(new - increment(new), 2)
    return new if new > 0 else None


# -- reading a session -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Reading:
    groups: dict[str, tuple[int, ...]]  # reps or seconds per set, by side ("both" unsided)
    complete: bool  # every prescribed set was logged (on each side)
    missed: bool  # some set fell short of its target
    effort: float | None  # the hardest RPE logged
    pain: int  # the worst pain logged


def _read(performance: Performance, exercise: Exercise) -> _Reading:
    target = performance.target
    groups: dict[str, list[int]] = {}
    for s in performance.done.sets:
        amount = s.seconds if target.timed else s.reps
        if amount is None:
            continue  # measured the other way: it cannot count towards this target
        side = s.side.value if s.side in (Side.LEFT, Side.RIGHT) else "both"
        groups.setdefault(side, []).append(amount)
    sided = {Side.LEFT.value, Side.RIGHT.value}
    complete = bool(groups) and all(len(v) >= target.sets for v in groups.values())
    if exercise.dose.per_side and sided & groups.keys():
        complete = complete and sided <= groups.keys()
    efforts = [s.rpe for s in performance.done.sets if s.rpe is not None]
    return _Reading(
        groups={k: tuple(v) for k, v in groups.items()},
        complete=complete,
        missed=any(a < target.amount for v in groups.values() for a in v),
        effort=max(efforts, default=None),
        pain=max((s.pain for s in performance.done.sets), default=0),
    )


def _effort_target(target: Target) -> float:
    return target.rpe if target.rpe is not None else DEFAULT_TARGET_RPE


def _range(exercise: Exercise, target: Target) -> tuple[int, int]:
    """The exercise's range in the target's measure (the target alone if they differ)."""
    span = exercise.dose.seconds if target.timed else exercise.dose.reps
    return span if span is not None else (target.amount, target.amount)


def _qualifies(performance: Performance, exercise: Exercise, loaded: bool) -> bool:
    """A session that counts towards progression: pain-free, every set done in full at or
    under the target effort and, for loaded work, the last set past the target (2-for-2) or
    at the top of the range (double progression)."""
    reading = _read(performance, exercise)
    target = performance.target
    if reading.pain or not performance.pain_settled or not reading.complete or reading.missed:
        return False
    if reading.effort is not None and reading.effort > _effort_target(target):
        return False
    if not loaded:
        return True
    top = max(_range(exercise, target)[1], target.amount)
    over = SECONDS_OVER if target.timed else REPS_OVER
    needed = min(target.amount + over, top)
    return all(v[-1] >= needed for v in reading.groups.values())


def _mastered(performance: Performance, exercise: Exercise) -> bool:
    """Exercise.mastery_rule() met: enough sets at the mastery reps or seconds (on each side),
    at or under its effort, without pain."""
    rule = exercise.mastery_rule()
    target = performance.target
    if (rule.seconds is not None) != target.timed:
        return False
    reading = _read(performance, exercise)
    if reading.pain or not performance.pain_settled or not reading.groups:
        return False
    sided = {Side.LEFT.value, Side.RIGHT.value}
    if exercise.dose.per_side and sided & reading.groups.keys() and sided - reading.groups.keys():
        return False  # one side logged, the other not
    if reading.effort is not None and reading.effort > rule.max_rpe:
        return False
    needed = rule.seconds if rule.seconds is not None else rule.reps
    assert needed is not None
    return all(sum(a >= needed for a in v) >= rule.sets for v in reading.groups.values())


# -- the ladder --------------------------------------------------------------------------------


def _usable(candidate: Exercise, available: frozenset[Equipment] | None) -> bool:
    return available is None or candidate.doable_with(available)


def _extra_equipment(origin: Exercise, candidate: Exercise) -> int:
    return len(candidate.needs - origin.needs)


def rung_up(
    exercise: Exercise, catalog: Catalog, available: frozenset[Equipment] | None = None
) -> Exercise | None:
    """The easiest progression, never more than one level up: lowest level first, then the
    same movement pattern, the same measure (reps or seconds), the least new equipment."""
    options = [
        catalog.exercise(i)
        for i in exercise.progressions
        if catalog.exercise(i).level.rank <= exercise.level.rank + 1
    ]
    options = [e for e in options if _usable(e, available)]
    if not options:
        return None
    return min(
        options,
        key=lambda e: (
            e.level.rank,
            e.pattern is not exercise.pattern,
            (e.dose.seconds is None) != (exercise.dose.seconds is None),
            _extra_equipment(exercise, e),
            e.id,
        ),
    )


def rung_down(
    exercise: Exercise, catalog: Catalog, available: frozenset[Equipment] | None = None
) -> Exercise | None:
    """The regression nearest in level (one rung, not two, when there is a choice), the same
    movement pattern and measure first, then the least new equipment."""
    options = [catalog.exercise(i) for i in exercise.regressions]
    options = [e for e in options if _usable(e, available)]
    if not options:
        return None

    def distance(e: Exercise) -> int:
        return exercise.level.rank - e.level.rank

    return min(
        options,
        key=lambda e: (
            distance(e) > 1,
            e.pattern is not exercise.pattern,
            (e.dose.seconds is None) != (exercise.dose.seconds is None),
            distance(e),
            _extra_equipment(exercise, e),
            e.id,
        ),
    )


def _on_rung(
    new: Exercise, sets: int, rpe: float | None, where: Literal["bottom", "middle"]
) -> Target:
    """A first target on another rung: the bottom of its range going up (it is harder), the
    middle going down (it is easier); the runner picks the load there by effort."""
    low, high = new.dose.reps or new.dose.seconds or (1, 1)
    amount = low if where == "bottom" else (low + high) // 2
    timed = new.dose.seconds is not None
    return Target(
        exercise=new.id,
        sets=sets,
        reps=None if timed else amount,
        seconds=amount if timed else None,
        load_kg=None,
        rpe=rpe,
    )


# -- the decision ------------------------------------------------------------------------------


_OVER_TARGET = (
    "Your last set went past the target, or reached the top of the range, at or under the "
    "planned effort"
)


def _kg(load_kg: float) -> str:
    return f"{load_kg:g} kg"


def _pct(share: float) -> str:
    return f"{share * 100:g} %"


def _dose(target: Target) -> str:
    unit = "s" if target.timed else "reps"
    dose = f"{target.sets} × {target.amount} {unit}"
    return dose if target.load_kg is None else f"{dose} at {_kg(target.load_kg)}"


def _current_load(performance: Performance) -> float | None:
    """The target's load or, when the target gave none, the heaviest load logged."""
    if performance.target.load_kg is not None:
        return performance.target.load_kg
    return max((s.load_kg for s in performance.done.sets if s.load_kg is not None), default=None)


def _regress(
    exercise: Exercise,
    catalog: Catalog,
    performance: Performance,
    cause: str,
    available: frozenset[Equipment] | None,
) -> Decision:
    """One step easier: less load when loaded, else fewer reps or seconds, else a rung down,
    else one set fewer."""
    target = performance.target
    load = _current_load(performance)
    if exercise.loadable and load is None:
        return Decision(
            Action.LESS_LOAD,
            target,
            f"{cause}, so next time pick a weight about {_pct(LOAD_CUT)} lighter.",
        )
    if exercise.loadable and load is not None:
        less = lighter(load)
        if less is not None:
            return Decision(
                Action.LESS_LOAD,
                replace(target, load_kg=less),
                f"{cause}, so next time drop from {_kg(load)} to {_kg(less)}.",
            )
    low = min(_range(exercise, target)[0], target.amount)
    if target.amount > low:
        step = SECONDS_STEP if target.timed else REP_STEP
        amount = max(low, target.amount - step)
        fewer = replace(target, seconds=amount) if target.timed else replace(target, reps=amount)
        return Decision(
            Action.FEWER_SECONDS if target.timed else Action.FEWER_REPS,
            fewer,
            f"{cause}, so next time aim for {_dose(fewer)}.",
        )
    down = rung_down(exercise, catalog, available)
    if down is not None:
        return Decision(
            Action.MOVE_DOWN,
            _on_rung(down, target.sets, target.rpe, "middle"),
            f"{cause} at the bottom of the range, so step back to {down.name} for now.",
        )
    if target.sets > 1:
        fewer = replace(target, sets=target.sets - 1)
        return Decision(Action.FEWER_SETS, fewer, f"{cause}, so next time do one set fewer.")
    return Decision(
        Action.KEEP,
        target,
        f"{cause}; this is already the gentlest version, so repeat it and note how it feels.",
    )


def next_target(
    exercise: Exercise,
    catalog: Catalog,
    history: Sequence[Performance],
    experience: Experience,
    available: frozenset[Equipment] | None = None,
) -> Decision:
    """What the next session asks of `exercise`, from its history (oldest first; the last
    element is the session just logged). `available` limits ladder moves to exercises the
    runner has the equipment for; None allows any."""
    if not history:
        raise InvalidInput("history", "needs at least one logged session of the exercise")
    last = history[-1]
    if last.target.exercise != exercise.id:
        raise InvalidInput(
            "history",
            f"the last session is of {last.target.exercise}, not of {exercise.id}",
        )
    run: list[Performance] = []
    for performance in reversed(history):
        if performance.target.exercise != exercise.id:
            break
        run.insert(0, performance)
    target = last.target
    reading = _read(last, exercise)

    # 1. Pain, by the pain rule.
    pain = respond_to_pain(reading.pain, last.pain_settled)
    if pain.action is PainAction.STOP:
        easier = _regress(exercise, catalog, last, "Pain", available)  # where to restart
        return Decision(Action.STOP, easier.target, pain.message)
    if pain.action is PainAction.REGRESS:
        easier = _regress(exercise, catalog, last, "Pain", available)
        return Decision(easier.action, easier.target, pain.message)

    # 2. Missed reps or effort well above target.
    goal = _effort_target(target)
    if reading.missed:
        unit = "seconds" if target.timed else "reps"
        cause = f"At least one set fell short of the {target.amount} {unit} asked for"
        return _regress(exercise, catalog, last, cause, available)
    if reading.effort is not None and reading.effort >= goal + WELL_ABOVE_RPE:
        cause = f"That felt much harder than planned (RPE {reading.effort:g} against {goal:g})"
        return _regress(exercise, catalog, last, cause, available)
    if reading.pain:
        return Decision(Action.KEEP, target, pain.message)

    load = _current_load(last)
    loaded = exercise.loadable
    recent = run[-SESSIONS_RUNNING:]
    enough = len(recent) == SESSIONS_RUNNING

    # 3. Mastery moves body-weight and timed work up the ladder.
    if not loaded and enough and all(_mastered(p, exercise) for p in recent):
        up = rung_up(exercise, catalog, available)
        if up is not None:
            return Decision(
                Action.MOVE_UP,
                _on_rung(up, target.sets, target.rpe, "bottom"),
                f"You have mastered {exercise.name} two sessions running, so move up to "
                f"{up.name}, starting at the bottom of its range.",
            )
        where = (
            "the top of its ladder"
            if not exercise.progressions
            else "and the next step up is more than one level harder or needs equipment you "
            "have not got"
        )
        return Decision(
            Action.KEEP,
            target,
            f"You have mastered {exercise.name}, {where}, so keep it as a solid base.",
        )

    # 4. Double progression and the 2-for-2 rule.
    same = enough and all(
        (p.target.reps, p.target.seconds, p.target.load_kg)
        == (target.reps, target.seconds, target.load_kg)
        for p in recent
    )
    qualified = same and all(_qualifies(p, exercise, loaded) for p in recent)
    if loaded and qualified:
        if load is None:
            return Decision(
                Action.ADD_LOAD,
                target,
                f"{_OVER_TARGET} two sessions running, so next time pick a weight about {_pct(LOAD_STEP[experience])} heavier.",
            )
        more = heavier(load, experience)
        return Decision(
            Action.ADD_LOAD,
            replace(target, load_kg=more),
            f"{_OVER_TARGET} two sessions running, so next time go from {_kg(load)} to {_kg(more)}.",
        )
    if loaded:
        return Decision(
            Action.KEEP,
            target,
            "Keep this weight: it goes up once the last set runs past the target at or under "
            "the planned effort two sessions in a row.",
        )
    rule = exercise.mastery_rule()
    mastery_amount = rule.seconds if target.timed else rule.reps
    ceiling = max(_range(exercise, target)[1], mastery_amount or 0)
    if qualified and target.amount < ceiling:
        step = SECONDS_STEP if target.timed else REP_STEP
        amount = min(ceiling, target.amount + step)
        more_work = (
            replace(target, seconds=amount) if target.timed else replace(target, reps=amount)
        )
        return Decision(
            Action.ADD_SECONDS if target.timed else Action.ADD_REPS,
            more_work,
            f"Two sessions in a row done in full at or under the planned effort, so next time "
            f"aim for {_dose(more_work)}.",
        )
    if qualified and target.sets < rule.sets:
        more_sets = replace(target, sets=target.sets + 1)
        return Decision(
            Action.ADD_SET,
            more_sets,
            f"You are at the top of the range, so add a set: {_dose(more_sets)} next time.",
        )
    if qualified:
        return Decision(
            Action.KEEP,
            target,
            f"You are at the top of the range; move up once {rule.sets} full sets feel no "
            f"harder than RPE {rule.max_rpe} two sessions running.",
        )
    return Decision(
        Action.KEEP,
        target,
        "Same again next time: it grows after two sessions in a row done in full at or under "
        "the planned effort.",
    )


# -- long gaps ---------------------------------------------------------------------------------


def step_back_after_gap(last_logged: dt.date | None, today: dt.date) -> GapStep | None:
    """How far to step back after a break, or None when no step back is needed (no history
    yet, or fewer than GAP_DAYS since the last logged session). Missed sessions are never
    made up: the plan carries on from today, just lighter for a while."""
    if last_logged is None:
        return None
    days = (today - last_logged).days
    if days < GAP_DAYS:
        return None
    weeks = days // 7
    if days >= LONG_GAP_DAYS:
        return GapStep(
            days=days,
            load_cut=GAP_LOAD_CUT,
            fewer_sets=GAP_FEWER_SETS,
            lasts_days=GAP_LASTS_DAYS,
            rungs_down=1,
            reason=(
                f"After {weeks} weeks away, ease back in for a week: one step down the ladder, "
                f"about {_pct(GAP_LOAD_CUT)} less load and one set fewer, then build again."
            ),
        )
    return GapStep(
        days=days,
        load_cut=GAP_LOAD_CUT,
        fewer_sets=GAP_FEWER_SETS,
        lasts_days=GAP_LASTS_DAYS,
        rungs_down=0,
        reason=(
            f"After {weeks} weeks away, ease back in for a week with about {_pct(GAP_LOAD_CUT)} "
            "less load and one set fewer, then build again."
        ),
    )


def resume_after_gap(
    exercise: Exercise,
    catalog: Catalog,
    target: Target,
    gap: GapStep,
    available: frozenset[Equipment] | None = None,
) -> Decision:
    """The first week's target after a long break: one set fewer, less load, and a rung down
    when the gap asks for it (a single set of body-weight work loses reps or seconds
    instead of a set)."""
    sets = max(1, target.sets - gap.fewer_sets)
    if gap.rungs_down:
        down = rung_down(exercise, catalog, available)
        if down is not None:
            return Decision(
                Action.MOVE_DOWN, _on_rung(down, sets, target.rpe, "middle"), gap.reason
            )
    if exercise.loadable:
        load = target.load_kg
        less = None if load is None else lighter(load, gap.load_cut)
        return Decision(
            Action.LESS_LOAD, replace(target, sets=sets, load_kg=less or load), gap.reason
        )
    if sets < target.sets:
        return Decision(Action.FEWER_SETS, replace(target, sets=sets), gap.reason)
    low = min(_range(exercise, target)[0], target.amount)
    step = SECONDS_STEP if target.timed else REP_STEP
    amount = max(low, target.amount - step)
    fewer = replace(target, seconds=amount) if target.timed else replace(target, reps=amount)
    if amount == target.amount:
        return Decision(Action.KEEP, target, gap.reason)
    return Decision(Action.FEWER_SECONDS if target.timed else Action.FEWER_REPS, fewer, gap.reason)
