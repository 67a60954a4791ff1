"""The words of a plan, rendered last, from the fitted session: never from intentions.

An item's `why` says "heavy" only when its dose is heavy, "lighter week" only when its dose
dropped from the last full week, and names a weak side's extra sets only where the item
has them. A session's focus names the movements it holds and says "power" only when it has
a power block. Everything here reads the final dose; nothing decides one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from runstrong.domain.plan import ExtraSets, PhaseName
from runstrong.domain.templates import WHY, WHY_BY_PATTERN
from runstrong.domain.vocabulary import Block, Pattern

HEAVY_NOTE = "Heavy and few reps, stopping short of failure: strength without bulk."
LIGHTER_NOTE = "Lighter week: less work than last week, to absorb the training."
PHASE_NOTES = {
    PhaseName.PEAK: "Fewer sets at the same effort: keeps your strength while you sharpen.",
    PhaseName.TAPER: "Less work than in the build, to arrive fresh.",
    PhaseName.RACE: "A short primer: nothing new and nothing heavy.",
    PhaseName.RECOVERY: "An easy return after the race.",
}

# How the strength patterns read in a session's title.
PATTERN_WORDS = {
    Pattern.SQUAT: "squat",
    Pattern.LUNGE: "single-leg strength",
    Pattern.SINGLE_LEG_HINGE: "single-leg hinge",
    Pattern.HINGE: "hip hinge",
    Pattern.BRIDGE: "glute bridge",
    Pattern.CALF: "calves",
    Pattern.KNEE_FLEXION: "hamstrings",
}


@dataclass(slots=True)  # not frozen: one per item of a plan, read once and dropped
class Dosed:
    """What the words need to know about one final item."""

    block: Block
    pattern: Pattern
    heavy: bool
    lighter: bool  # its dose dropped from the same item's last full week
    light_day: bool  # a session that spares the legs near a race
    extra: ExtraSets
    reason: str | None  # the slot's own reason, e.g. a protocol's or a finding's
    role: str
    extra_for_injury: bool = False  # the extra sets are for an injured side, not a weak one


# The roles with words for some of their movements (looked up only for them: this runs for
# every item of a plan).
_PATTERNED_ROLES = frozenset(role for role, _pattern in WHY_BY_PATTERN)


def why(item: Dosed, phase: PhaseName) -> str:
    reason = item.reason
    if not reason:
        role = item.role
        if role in _PATTERNED_ROLES:
            reason = WHY_BY_PATTERN.get((role, item.pattern)) or WHY[role]
        else:
            reason = WHY[role]
    heavy = item.heavy and item.block is Block.STRENGTH
    if not (heavy or item.lighter or item.extra.left or item.extra.right) and phase not in (
        PhaseName.RACE,
        PhaseName.RECOVERY,
    ):
        return reason  # most items: their reason alone (and this runs for every item)
    parts = [reason]
    if heavy:
        parts.append(HEAVY_NOTE)
    if item.lighter:
        parts.append(PHASE_NOTES.get(phase, LIGHTER_NOTE))
    elif phase in (PhaseName.RACE, PhaseName.RECOVERY) and item.block is not Block.WARMUP:
        parts.append(PHASE_NOTES[phase])
    for side, count in (("left", item.extra.left), ("right", item.extra.right)):
        if count:
            sets = "One extra set" if count == 1 else f"{count} extra sets"
            whose = "injured" if item.extra_for_injury else "weaker"
            parts.append(f"{sets} on your {whose} {side} side.")
    return " ".join(parts)


def focus(items: Sequence[Dosed], loads_legs: bool) -> str:
    """A session's title from what it holds, e.g. "squat, single-leg hinge and power"."""
    parts: list[str] = []
    for item in items:
        if item.block is Block.STRENGTH:
            word = PATTERN_WORDS.get(item.pattern, "strength")
            if word not in parts:
                parts.append(word)
    if any(item.block is Block.POWER for item in items):
        parts.append("power")
    if not parts:
        regions = []
        if any(item.block is Block.ACCESSORY for item in items):
            regions.append("upper body" if not loads_legs else "accessory work")
        if any(item.block is Block.CORE for item in items):
            regions.append("core")
        if any(item.block is Block.MOBILITY for item in items):
            regions.append("mobility")
        parts = regions or ["mobility"]
    title = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    light = loads_legs and any(item.light_day for item in items)
    return f"light {title}" if light else title


def timing(day_kind: str) -> str | None:
    """When to do a session on a run day: run first, lift later (Doma & Deakin 2013)."""
    if day_kind in ("quality", "easy"):
        return "after your run, or at least 6 hours later"
    if day_kind == "long":
        return "after your long run, once you have eaten; keep it easy"
    return None
