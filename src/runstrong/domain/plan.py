"""The plan (schema ``runstrong.plan/1``): what the generator returns and the contract prints.

Plain frozen dataclasses in the contract's field order: cheap to build by the thousand, and
serialised directly by orjson (dates as ISO strings, enums as their values). The profile is
kept as the plain dict it echoes back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from runstrong.domain.vocabulary import Block, Equipment, Level

PLAN_SCHEMA = "runstrong.plan/1"


class PhaseName(StrEnum):
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RACE = "race"
    RECOVERY = "recovery"
    MAINTENANCE = "maintenance"


@dataclass(frozen=True, slots=True)
class ExtraSets:
    left: int = 0
    right: int = 0


NO_EXTRA = ExtraSets()


# Heavy, as the plan's texts, ramp sets and placement mean it: at least 80 % of the one-rep
# maximum, a 6RM or heavier, or sets of 6 reps or fewer at RPE 8 and above (two reps in
# reserve at 6 reps is an 8RM load, about 80 % 1RM). Eight reps at RPE 8 (~75 %) is hard
# work but not heavy, and a body-weight set never is.
HEAVY_PERCENT_1RM = 80
HEAVY_MAX_RM = 6
HEAVY_MAX_REPS_AT_RPE8 = 6


def heavy_load(load: Mapping[str, float | int | bool], reps: int | None) -> bool:
    """Whether a load, done for `reps`, counts as heavy strength work."""
    if "percent_1rm" in load:
        return float(load["percent_1rm"]) >= HEAVY_PERCENT_1RM
    if "rm" in load:
        return float(load["rm"]) <= HEAVY_MAX_RM
    rpe = load.get("rpe", 0)
    return float(rpe) >= 8 and (reps or 99) <= HEAVY_MAX_REPS_AT_RPE8


# Not frozen (its `load` dict makes it unhashable anyway): a plan holds a thousand or more
# items and a frozen dataclass takes twice as long to make. Nothing changes an item once
# made; adjustments make a new one with `dataclasses.replace`.
@dataclass(slots=True)
class Item:
    exercise: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    extra_sets: ExtraSets
    contacts: int
    load: dict[
        str, float | int | bool
    ]  # one of {"rpe": n} {"percent_1rm": n} {"rm": n} {"bodyweight": true}
    rest_seconds: int
    tempo: str | None
    equipment: tuple[Equipment, ...]
    level: Level
    unilateral: bool
    why: str
    role: str  # which slot of the session template the item fills, e.g. "single_leg"
    pair: str | None = None  # items sharing a letter are done as a superset, in turns
    warmup_sets: int = 0  # ramp sets before heavy working sets, counted in the minutes
    # Seconds held at the top of each rep. The tempo keeps its three digits (lowering,
    # pause at the bottom, lifting), which other programs parse; a top hold is said here.
    # Last of the fields, so the contract's fields keep their order in the JSON.
    hold_top: int = 0

    @property
    def heavy(self) -> bool:
        """Heavy strength work: what must stay away from key runs and the race."""
        return heavy_load(self.load, self.reps)

    @property
    def work_sets(self) -> int:
        """Sets counted on every side they are done on, weak-side extras included."""
        sides = 2 if self.per_side else 1
        return self.sets * sides + self.extra_sets.left + self.extra_sets.right


@dataclass(frozen=True, slots=True)
class BlockPlan:
    kind: Block
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Session:
    date: dt.date
    minutes: int
    level: Level
    focus: str
    loads_legs: bool
    blocks: tuple[BlockPlan, ...]
    timing: str | None = None  # when to do it on a run day, e.g. after the run
    template: str = ""  # the session type (A, B, C: leg days; F: full body; U: upper and core)

    def items(self) -> list[Item]:
        return [item for block in self.blocks for item in block.items]

    @property
    def contacts(self) -> int:
        return sum(item.contacts for block in self.blocks for item in block.items)


@dataclass(frozen=True, slots=True)
class RehabRoutine:
    days: tuple[str, ...]
    per_day: int
    minutes: int
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Week:
    index: int
    start: dt.date
    phase: PhaseName
    deload: bool
    running: dict[str, str]
    sessions: tuple[Session, ...]
    rehab: tuple[RehabRoutine, ...] = ()
    retest: tuple[str, ...] = ()  # the field tests due this week


@dataclass(frozen=True, slots=True)
class Phase:
    name: PhaseName
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class DaysPerWeek:
    """How many days a week a protocol takes from a week on, sessions and rehab days
    together (e.g. heavy slow heel raises: 3)."""

    exercises: tuple[str, ...]  # the exercises that carry it in this plan
    from_week: int
    days: int


@dataclass(frozen=True, slots=True)
class Adaptation:
    """One promise the plan makes a runner, as data: what a finding or an injury changes.

    Every note about it is rendered from these fields, and the generator checks them
    against the finished plan before returning it (``promises.check``).
    """

    kind: str  # "finding" (a field test) or "injury"
    reason: str  # the field test, or the injury area
    side: str | None  # "left", "right", "both" or None
    exercises_added: tuple[str, ...]
    exercises_left_out: tuple[str, ...]
    sessions_per_week: int | None  # leg sessions a loading week that carry the added work
    extra_sets: ExtraSets
    retest_week: int | None
    text: str
    # the first week the added work can be in the plan (later than week 1 only where no
    # exercise for it suits the runner's level, kit and injuries before then)
    from_week: int | None = None
    # the protocols an injury profile counts by days a week, with their counts
    days_per_week: tuple[DaysPerWeek, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    schema: str
    profile: dict[str, Any]
    equipment_available: tuple[Equipment, ...]
    phases: tuple[Phase, ...]
    weeks: tuple[Week, ...]
    warnings: tuple[str, ...] = field(default=())
    adaptations: tuple[Adaptation, ...] = field(default=())

    def sessions(self) -> list[Session]:
        return [s for w in self.weeks for s in w.sessions]


def load_text(load: dict[str, float | int | bool]) -> str:
    """A prescribed load as the runner reads it: RPE 7, 80% 1RM, 10RM or body weight;
    with the kilograms first where the training log knows them ("20 kg (RPE 7)")."""
    if "percent_1rm" in load:
        text = f"{load['percent_1rm']}% 1RM"
    elif "rm" in load:
        text = f"{load['rm']}RM"
    elif "rpe" in load:
        text = f"RPE {load['rpe']}"
    else:
        text = "body weight"
    kg = load.get("load_kg")
    if kg and not isinstance(kg, bool):
        return f"{kg:g} kg" if text == "body weight" else f"{kg:g} kg ({text})"
    return text


def amount_text(item: Item, times: str = "x") -> str:
    """Sets and reps (or seconds) as the runner reads them, extra sets for a weak side included."""
    amount = f"{item.reps} reps" if item.reps is not None else f"{item.seconds} s"
    text = f"{item.sets} {times} {amount}"
    if item.per_side:
        text += " each side"
    for side, count in (("left", item.extra_sets.left), ("right", item.extra_sets.right)):
        if count:
            text += f" (+{count} on the {side})"
    return text
