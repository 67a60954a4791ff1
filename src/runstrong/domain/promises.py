"""The plan's promises as data: one adaptation per finding and per injury, checked.

The generator states what each finding (field test) and injury profile should change
(``Promise``); once the plan is built, ``adaptations`` reads what the plan really holds
into the contract's entries, and ``check`` holds every entry against every week:

- what is added appears in every loading week (base, build, peak, maintenance, lighter
  weeks too) in as many sessions as the entry says, or in every session that can hold it
  when a week has fewer;
- on a weak side, every one-sided item of that work carries more sets on that side,
  lighter weeks included; extra sets sit only on work that serves a finding or an injury,
  never on warm-up or mobility drills;
- what is left out never appears, in the sessions or in the rehab routines;
- a retest week carries the test, and no text names a retest date before the plan starts;
- no exercise twice in a session, nor in a session and the rehab routine of the same day;
- a protocol counted by days a week (``Protocol``: heavy slow heel raises, Nordic curls,
  the Copenhagen plank) is done on as many days as its profile says in every loading week
  the races leave whole, sessions and rehab days together, never on more in any week, and
  never on two days running (``_check_protocols``).

The generator runs ``check`` before returning a plan: a broken promise is a defect
(``BrokenPromise``), never something a runner reads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from runstrong.domain.athlete import WEEKDAYS
from runstrong.domain.errors import RunstrongError
from runstrong.domain.plan import (
    NO_EXTRA,
    Adaptation,
    DaysPerWeek,
    ExtraSets,
    Item,
    PhaseName,
    Week,
)
from runstrong.domain.vocabulary import Block

LOADING_WEEKS = frozenset({PhaseName.BASE, PhaseName.BUILD, PhaseName.PEAK, PhaseName.MAINTENANCE})


class BrokenPromise(RunstrongError):
    """The generator made a plan that does not keep its own promises (a defect: exit 1)."""

    exit_code = 1

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("the plan breaks its own promises: " + "; ".join(self.problems[:5]))


@dataclass(frozen=True, slots=True)
class Protocol:
    """An injury protocol counted by days a week, as its profile doses it."""

    roles: frozenset[str]  # the roles its items carry, in sessions and rehab routines
    exercises: frozenset[str]  # its exercise and the alternatives: any of them counts
    weekly: tuple[tuple[int, int], ...]  # (from week, days a week), in order

    def days_in(self, week: int) -> int:
        days = 0
        for from_week, count in self.weekly:
            if from_week <= week:
                days = count
        return days

    def holds(self, item: Item) -> bool:
        return item.role in self.roles and item.exercise in self.exercises

    def days(self, week: Week) -> list[dt.date]:
        """The days of the week that hold it: sessions by date, routines by their days."""
        found = {s.date for s in week.sessions if any(self.holds(i) for i in s.items())}
        for routine in week.rehab:
            if any(self.holds(i) for i in routine.items):
                found |= {week.start + dt.timedelta(days=WEEKDAYS.index(d)) for d in routine.days}
        return sorted(found)


@dataclass(frozen=True, slots=True)
class Promise:
    """What a finding or an injury should change, before the plan exists."""

    kind: str  # "finding" | "injury"
    reason: str  # the field test id, or the injury area
    side: str | None
    roles: frozenset[str]  # the template roles that carry it out
    full_legs_only: bool  # injury protocols load heavily: only on full leg days
    extra_sets: ExtraSets
    left_out: tuple[str, ...]
    retest: dt.date | None
    summary: str  # the finding's result, or the injury profile's note
    action: str  # what the work is, e.g. "calf work"
    tests: tuple[str, ...] = ()  # field tests due at the retest
    protocols: tuple[Protocol, ...] = ()  # what is counted by days a week
    # An injury protocol's session exercises, every option of each: when two protocols
    # need the same one (a single-leg calf raise for the Achilles and the plantar fascia)
    # a session holds it once, under the other's role, and it does this one's work too.
    shared: frozenset[str] = frozenset()


def _serves(promise: Promise, item: Item) -> bool:
    """Whether the item does the promise's work: its own role, or another injury
    protocol's item of one of the promise's protocol exercises."""
    if item.role in promise.roles:
        return True
    return item.role.startswith("injury_") and item.exercise in promise.shared


def _names(ids: Sequence[str], names: dict[str, str]) -> str:
    words = [names.get(i, i).lower() for i in ids]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def adaptations(
    promises: Sequence[Promise],
    weeks: Sequence[Week],
    start: dt.date,
    available_from: dict[str, int] | None = None,
) -> tuple[Adaptation, ...]:
    """Each promise as the contract's entry, from what the finished plan holds.

    `available_from` says, by promise reason, from which week an exercise for the work
    suits the runner at all (the generator knows it from its picks)."""
    names: dict[str, str] = {}
    entries = []
    for promise in promises:
        added: dict[str, None] = {}
        per_week: Counter[int] = Counter()
        for week in weeks:
            holding = 0
            for session in week.sessions:
                serving = [i.exercise for i in session.items() if _serves(promise, i)]
                for item in session.items():
                    names[item.exercise] = item.name
                added.update(dict.fromkeys(serving))
                holding += bool(serving)
            for routine in week.rehab:
                for item in routine.items:
                    if item.role in promise.roles:
                        added[item.exercise] = None
                        names[item.exercise] = item.name
            if week.phase in LOADING_WEEKS and holding:
                per_week[holding] += 1
        # The number of sessions a usual loading week holds it in (the most common count).
        sessions = max(per_week, key=lambda n: (per_week[n], n)) if per_week else None
        retest_week = _retest_week(promise.retest, weeks)
        ids = tuple(sorted(added))
        first = weeks[0].index if weeks else None
        from_week = (available_from or {}).get(promise.reason, first) if ids else None
        days_per_week = _per_week(promise, weeks)
        text = _text(promise, ids, sessions, retest_week, weeks, names, from_week)
        entries.append(
            Adaptation(
                kind=promise.kind,
                reason=promise.reason,
                side=promise.side,
                exercises_added=ids,
                exercises_left_out=promise.left_out,
                sessions_per_week=sessions,
                extra_sets=promise.extra_sets,
                retest_week=retest_week,
                text=_with_days(text, days_per_week, names, weeks),
                from_week=from_week,
                days_per_week=days_per_week,
            )
        )
    return tuple(entries)


def _per_week(promise: Promise, weeks: Sequence[Week]) -> tuple[DaysPerWeek, ...]:
    """Each counted protocol the plan holds: its exercises there and its days a week, from
    the weeks its count changes (inside the plan)."""
    found = []
    last = weeks[-1].index if weeks else 0
    for protocol in promise.protocols:
        held = sorted(
            {
                i.exercise
                for w in weeks
                for i in (
                    *(x for s in w.sessions for x in s.items()),
                    *(x for r in w.rehab for x in r.items),
                )
                if protocol.holds(i)
            }
        )
        if not held:
            continue
        for from_week, days in protocol.weekly:
            if from_week <= last:
                found.append(DaysPerWeek(tuple(held), from_week, days))
    return tuple(found)


def _with_days(
    text: str, per_week: tuple[DaysPerWeek, ...], names: dict[str, str], weeks: Sequence[Week]
) -> str:
    """The text, then how many days a week each counted protocol takes."""
    if not per_week:
        return text
    schedules: dict[tuple[str, ...], list[DaysPerWeek]] = {}
    for entry in per_week:
        schedules.setdefault(entry.exercises, []).append(entry)
    by_schedule: dict[tuple[tuple[int, int], ...], list[tuple[str, ...]]] = {}
    for exercises, changes in schedules.items():
        key = tuple((c.from_week, c.days) for c in changes)
        by_schedule.setdefault(key, []).append(exercises)
    first = weeks[0].index if weeks else 1
    parts = [text]
    for schedule, groups in by_schedule.items():
        each = " each" if len(groups) > 1 else ""
        what = _names([i for group in groups for i in group], names)
        what = what[:1].upper() + what[1:]
        steps = []
        for n, (from_week, days) in enumerate(schedule):
            count = f"{days} day{'s' if days > 1 else ''} a week{each}" if n == 0 else str(days)
            if len(schedule) == 1 or from_week <= first:
                steps.append(count)
            elif n + 1 < len(schedule) and schedule[n + 1][0] == from_week + 1:
                steps.append(f"{count} in week {from_week}")
            else:
                steps.append(f"{count} from week {from_week}")
        if len(schedule) > 1 and schedule[0][0] <= first and schedule[1][0] == first + 1:
            steps[0] = f"{steps[0]} in week {first}"
        parts.append(f"{what}: {', then '.join(steps)}, your sessions and rehab days together.")
    return " ".join(parts)


def _retest_week(retest: dt.date | None, weeks: Sequence[Week]) -> int | None:
    if retest is None or not weeks:
        return None
    for week in weeks:
        if week.start <= retest < week.start + dt.timedelta(days=7):
            return week.index
    if retest < weeks[0].start:
        return weeks[0].index  # the retest is due already: in the first week
    return None


def _text(
    promise: Promise,
    ids: tuple[str, ...],
    sessions: int | None,
    retest_week: int | None,
    weeks: Sequence[Week],
    names: dict[str, str],
    from_week: int | None,
) -> str:
    parts = [promise.summary.rstrip(".") + "."]
    if ids:
        often = ""
        if sessions:
            often = " in one session a week" if sessions == 1 else f" in {sessions} sessions a week"
        if from_week is not None and weeks and from_week > weeks[0].index:
            often += (
                f" from week {from_week} (until then no exercise for it suits your level, "
                "equipment and injuries)"
            )
        parts.append(f"Your plan adds {promise.action}: {_names(ids, names)}{often}.")
    elif promise.roles:
        parts.append(
            f"No {promise.action} fits your equipment and injuries yet; "
            "add equipment to your profile to get it."
        )
    for side, count in (("left", promise.extra_sets.left), ("right", promise.extra_sets.right)):
        if count and ids:
            sets = "an extra set" if count == 1 else f"{count} extra sets"
            parts.append(f"One-sided work gets {sets} on your {side} side.")
    if promise.left_out:
        parts.append(
            f"{len(promise.left_out)} exercises that would aggravate it are left out for now."
        )
    if retest_week is not None:
        week = weeks[retest_week - weeks[0].index]
        parts.append(f"Retest in week {retest_week} (from {week.start}).")
    return " ".join(parts)


def check(
    entries: Sequence[Adaptation],
    promises: Sequence[Promise],
    weeks: Sequence[Week],
    start: dt.date,
) -> list[str]:
    """Every way the plan breaks an entry, as sentences; empty when it keeps them all."""
    problems: list[str] = []
    serving = {i for e in entries for i in e.exercises_added}
    for entry, promise in zip(entries, promises, strict=True):
        problems += _check_entry(entry, promise, weeks)
        problems += _check_protocols(promise, weeks, start)
    for week in weeks:
        retests = set(week.retest)
        for entry, promise in zip(entries, promises, strict=True):
            if entry.retest_week == week.index and not set(promise.tests) <= retests:
                problems.append(f"week {week.index}: retest of {entry.reason} missing")
        for session in week.sessions:
            ids: set[str] = set()
            count = 0
            for block in session.blocks:
                for item in block.items:
                    ids.add(item.exercise)
                    count += 1
                    if item.extra_sets is NO_EXTRA or item.extra_sets == NO_EXTRA:
                        continue
                    if block.kind in (Block.WARMUP, Block.MOBILITY) or item.exercise not in serving:
                        problems.append(f"{session.date}: extra sets on {item.exercise}")
            if count != len(ids):
                problems.append(f"{session.date}: an exercise twice in one session")
            if week.rehab:
                day = WEEKDAYS[session.date.weekday()]
                for routine in week.rehab:
                    if day in routine.days and not ids.isdisjoint(
                        i.exercise for i in routine.items
                    ):
                        problems.append(f"{session.date}: an exercise in the session and the rehab")
    for entry in entries:
        if "Retest" in entry.text and entry.retest_week is None:
            problems.append(f"{entry.reason}: a retest named but none planned")
        for token in entry.text.split():
            try:
                named = dt.date.fromisoformat(token.strip("().,"))
            except ValueError:
                continue
            if named < start - dt.timedelta(days=6):
                problems.append(f"{entry.reason}: the text names {named}, before the plan starts")
    return problems


def _check_entry(entry: Adaptation, promise: Promise, weeks: Sequence[Week]) -> list[str]:
    problems = []
    added = set(entry.exercises_added)
    left_out = set(entry.exercises_left_out)
    weak = _weak_side(entry.extra_sets)
    # The session types that carry the work (where kit and injuries leave one without
    # any exercise for it, the others carry it; the unit tests hold plain runners to all).
    carrying = {
        s.template for w in weeks for s in w.sessions if added & {i.exercise for i in s.items()}
    }
    for week in weeks:
        for session in week.sessions:
            for item in session.items():
                if item.exercise in left_out:
                    problems.append(f"{session.date}: {item.exercise} was to be left out")
        for routine in week.rehab:
            for item in routine.items:
                if item.exercise in left_out:
                    problems.append(f"week {week.index}: rehab {item.exercise} was to be left out")
        if week.phase not in LOADING_WEEKS or not added:
            continue
        if entry.from_week is not None and week.index < entry.from_week:
            continue
        eligible = [
            s
            for s in week.sessions
            if s.loads_legs
            and s.template in carrying
            and not (promise.full_legs_only and s.focus.startswith("light"))
        ]
        holding = [s for s in eligible if added & {i.exercise for i in s.items()}]
        wanted = min(entry.sessions_per_week or 0, len(eligible))
        if len(holding) < wanted:
            problems.append(
                f"week {week.index}: {entry.reason} work in {len(holding)} of {wanted} sessions"
            )
        if weak is None:
            continue
        for session in holding:
            for item in session.items():
                if item.role in promise.roles and item.per_side:
                    mine = getattr(item.extra_sets, weak)
                    other = getattr(item.extra_sets, "right" if weak == "left" else "left")
                    if mine <= other:
                        problems.append(
                            f"{session.date}: {item.exercise} even on the weak {weak} side"
                        )
    return problems


def _weak_side(extra: ExtraSets) -> str | None:
    if extra.left > extra.right:
        return "left"
    if extra.right > extra.left:
        return "right"
    return None


# A loading week is whole when no race lies from a week before it (the rest days after a
# race) to two weeks after it (the longest heavy cutoff before one, a marathon's 14 days).
_RACE_REACH_BEFORE = dt.timedelta(days=7)
_RACE_REACH_AFTER = dt.timedelta(days=6 + 14)


def _check_protocols(promise: Promise, weeks: Sequence[Week], start: dt.date) -> list[str]:
    """Each counted protocol's days: as many as its profile says in a whole loading week
    that starts on or after the plan's start, never more in any week, never two running."""
    problems: list[str] = []
    races = [
        week.start + dt.timedelta(days=WEEKDAYS.index(day))
        for week in weeks
        for day, kind in week.running.items()
        if kind == "race"
    ]
    for protocol in promise.protocols:
        name = sorted(protocol.exercises)[0]
        for week in weeks:
            days = protocol.days(week)
            wanted = protocol.days_in(week.index)
            if len(days) > wanted:
                problems.append(
                    f"week {week.index}: {promise.reason} {name} on {len(days)} days, "
                    f"more than {wanted}"
                )
            for a, b in pairwise(days):
                if (b - a).days < 2:
                    problems.append(f"{b}: {promise.reason} {name} two days running")
            whole = (
                week.phase in LOADING_WEEKS
                and week.start >= start
                and not any(
                    week.start - _RACE_REACH_BEFORE <= race <= week.start + _RACE_REACH_AFTER
                    for race in races
                )
            )
            if whole and len(days) < wanted:
                problems.append(
                    f"week {week.index}: {promise.reason} {name} on {len(days)} of {wanted} days"
                )
    return problems
