"""The words of a plan, explained, and the texts every renderer shows for the plan's fields.

One source for all of them: the Markdown plan, the terminal, the PDF, the calendar and the
watch files take their legend and their wording from here, so they say the same thing.
The legend lists only the terms a plan uses; the guide `reading-your-plan` says the same
at length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from runstrong.domain.athlete import WEEKDAYS
from runstrong.domain.fieldtests import FieldTest
from runstrong.domain.plan import Item, Plan, Session, Week, amount_text
from runstrong.domain.vocabulary import Block

GUIDE = "reading-your-plan"  # the learn-hub guide the legend summarises
LEGEND_TITLE = "How to read this plan"
ADAPTATIONS_TITLE = "What your plan changes for you"
MORE = f"More in the guide Reading your plan: runstrong guide {GUIDE}"


@dataclass(frozen=True, slots=True)
class Term:
    """One legend entry: a stable key, the word as the plan writes it, and what it means."""

    key: str
    term: str
    meaning: str


TERMS: tuple[Term, ...] = (
    Term("rpe", "RPE", "effort from 1 to 10. RPE 10 means nothing left; RPE 8 leaves about "
         "2 reps in reserve, RPE 7 about 3."),
    Term("rm", "RM", "repetition maximum. 10RM is the heaviest weight you can lift 10 times "
         "with good form, and not 11."),
    Term("percent_1rm", "% 1RM", "a share of the most you could lift once. Estimate your 1RM "
         "from a hard set of 3 to 10 reps: weight x (1 + reps / 30)."),
    Term("bodyweight", "Body weight", "no added load; your own body is the weight."),
    Term("tempo", "Tempo 3-1-1", "seconds lowering, pausing at the bottom, lifting; then "
         "any hold at the top."),
    Term("per_side", "Each side", "do the sets on one side, then the same on the other."),
    Term("extra_sets", "+2 on the left", "extra sets for your weaker side, after the "
         "normal ones."),
    Term("contacts", "Foot contacts", "each landing of a jump or hop counts one."),
    Term("pair", "A1, A2", "a pair, or superset: one set of A1, then one set of A2, rest, and "
         "repeat until all sets are done."),
    Term("warmup_sets", "Ramp-up sets", "lighter sets before the working sets, at about "
         "50%, 70% and 85% of the working weight; they do not count as work."),
)  # fmt: skip

_USES: dict[str, Callable[[Item], bool]] = {
    "rpe": lambda i: "rpe" in i.load,
    "rm": lambda i: "rm" in i.load,
    "percent_1rm": lambda i: "percent_1rm" in i.load,
    "bodyweight": lambda i: "bodyweight" in i.load,
    "tempo": lambda i: bool(i.tempo) or i.hold_top > 0,
    "per_side": lambda i: i.per_side,
    "extra_sets": lambda i: bool(i.extra_sets.left or i.extra_sets.right),
    "contacts": lambda i: i.contacts > 0,
    "pair": lambda i: bool(i.pair),
    "warmup_sets": lambda i: i.warmup_sets > 0,
}


def legend(items: Iterable[Item]) -> tuple[Term, ...]:
    """The legend entries these items need, in the legend's own order."""
    listed = list(items)
    return tuple(t for t in TERMS if any(_USES[t.key](i) for i in listed))


def week_items(weeks: Iterable[Week]) -> list[Item]:
    """Every item of these weeks: session items and rehab routines."""
    return [
        item
        for week in weeks
        for item in (
            *(i for s in week.sessions for i in s.items()),
            *(i for r in week.rehab for i in r.items),
        )
    ]


def plan_legend(plan: Plan, weeks: Iterable[Week] | None = None) -> tuple[Term, ...]:
    """The legend for a plan, or for some of its weeks (when only those are shown)."""
    return legend(week_items(plan.weeks if weeks is None else weeks))


# -- items ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """One item of a session with its block and its pair label ("A1"), if it has one."""

    block: Block
    item: Item
    label: str | None


def pair_labels(items: Sequence[Item]) -> tuple[str | None, ...]:
    """Labels A1, A2, ... for the items sharing a pair letter, in order; None for the others."""
    seen: dict[str, int] = {}
    labels: list[str | None] = []
    for item in items:
        if not item.pair:
            labels.append(None)
            continue
        seen[item.pair] = seen.get(item.pair, 0) + 1
        labels.append(f"{item.pair}{seen[item.pair]}")
    return tuple(labels)


def rows(session: Session) -> tuple[Row, ...]:
    """The session's items in order, each with its block and pair label."""
    pairs = [(block.kind, item) for block in session.blocks for item in block.items]
    labels = pair_labels([item for _kind, item in pairs])
    return tuple(Row(kind, item, label) for (kind, item), label in zip(pairs, labels, strict=True))


def pair_groups(session: Session) -> list[list[str]]:
    """The session's pairs as their labels, e.g. [["A1", "A2"], ["B1", "B2"]]."""
    groups: dict[str, list[str]] = {}
    for row in rows(session):
        if row.label is not None and row.item.pair:
            groups.setdefault(row.item.pair, []).append(row.label)
    return list(groups.values())


def pair_note(session: Session) -> str | None:
    """How to do the session's pairs, or None when it has none."""
    groups = pair_groups(session)
    if not groups:
        return None
    named = "; ".join(" + ".join(group) for group in groups)
    return (
        f"Pairs ({named}): do one set of each in turn, then rest, and repeat until all "
        "sets are done."
    )


def alternate_with(session: Session, row: Row) -> str | None:
    """For a paired item, what it alternates with, e.g. "A1: alternate with A2"."""
    if row.label is None:
        return None
    for group in pair_groups(session):
        if row.label in group:
            others = [label for label in group if label != row.label]
            if others:
                return f"{row.label}: alternate with {' and '.join(others)}"
            return None
    return None


def ramp_text(item: Item) -> str | None:
    if item.warmup_sets <= 0:
        return None
    sets = "set" if item.warmup_sets == 1 else "sets"
    return f"after {item.warmup_sets} ramp-up {sets}"


def tempo_phrase(tempo: str | None, hold_top: int) -> str | None:
    """The tempo as the plan writes it: "tempo 3-0-1, hold 2 s at the top", or None.

    The three digits stay as they are (lowering, pause at the bottom, lifting); a hold at
    the top is said in words after them, since other programs parse the digits.
    """
    parts = [f"tempo {tempo}"] if tempo else []
    if hold_top > 0:
        parts.append(f"hold {hold_top} s at the top")
    return ", ".join(parts) or None


def tempo_text(item: Item) -> str | None:
    """An item's tempo with its hold at the top, e.g. "tempo 2-0-1, hold 1 s at the top"."""
    return tempo_phrase(item.tempo, item.hold_top)


def dose_text(item: Item, times: str = "x") -> str:
    """Sets and reps with everything that goes with them: foot contacts and ramp-up sets."""
    parts = [amount_text(item, times)]
    if item.contacts:
        parts.append(f"{item.contacts} foot contacts")
    ramp = ramp_text(item)
    if ramp:
        parts.append(ramp)
    return ", ".join(parts)


def labelled_name(row: Row) -> str:
    return f"{row.label} {row.item.name}" if row.label else row.item.name


# -- sessions and weeks -----------------------------------------------------------------


def timing_text(timing: str | None) -> str | None:
    """When to do a session on a run day, as the line under its title."""
    if not timing or not timing.strip():
        return None
    text = timing.strip()
    if text[-1] not in ".!?":
        text += "."
    return f"When: {text}"


def field_test_names(tests: Iterable[FieldTest]) -> dict[str, str]:
    """The field tests' names by id, as they read in a sentence."""
    return {t.id: _lower_first(t.name) for t in tests}


def _lower_first(name: str) -> str:
    if len(name) > 1 and name[1].isupper():  # an acronym stays as it is
        return name
    return name[:1].lower() + name[1:]


def _fallback_name(test_id: str) -> str:
    words = test_id.removesuffix("_reps").removesuffix("_seconds").removesuffix("_cm")
    return words.replace("single_leg", "single-leg").replace("_", " ")


def retest_text(ids: Sequence[str], names: Mapping[str, str] | None = None) -> str | None:
    """The week's field tests as one line, or None when none is due."""
    if not ids:
        return None
    known = names or {}
    listed = [known.get(i) or _fallback_name(i) for i in ids]
    joined = listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"
    return f"Retest this week: {joined} (runstrong assess walks you through them)."


def race_days(week: Week) -> tuple[dt.date, ...]:
    """The dates of the week's race days ("race" in its running week), in order."""
    days = []
    for offset in range(7):
        day = week.start + dt.timedelta(days=offset)
        if week.running.get(WEEKDAYS[day.weekday()]) == "race":
            days.append(day)
    return tuple(days)


def day_text(day: dt.date) -> str:
    """A date as a runner says it: Sunday 18 April."""
    return f"{day:%A} {day.day} {day:%B}"


def race_event(day: dt.date, profile: Mapping[str, Any]) -> str | None:
    """The race on that day as the profile names it, e.g. "half marathon, A race"."""
    races = list(profile.get("races") or [])
    goal = profile.get("goal")
    if isinstance(goal, Mapping):
        races.append(goal)
    for race in races:
        if not isinstance(race, Mapping) or str(race.get("date")) != day.isoformat():
            continue
        event = str(race.get("event", "")).replace("_", " ")
        if not event or event == "none":
            return None
        priority = race.get("priority")
        return f"{event}, {priority} race" if priority else event
    return None


def race_text(day: dt.date, profile: Mapping[str, Any]) -> str:
    """The line a week shows for its race: Race day: Sunday 18 April (10k, B race)."""
    event = race_event(day, profile)
    return f"Race day: {day_text(day)}" + (f" ({event})" if event else "")


def race_title(day: dt.date, profile: Mapping[str, Any]) -> str:
    """The calendar title of a race day."""
    event = race_event(day, profile)
    return f"Race day: {event}" if event else "Race day"


def adaptation_texts(plan: Plan) -> tuple[str, ...]:
    """What the plan changes for this runner, one sentence or two each."""
    return tuple(a.text for a in plan.adaptations if a.text.strip())
