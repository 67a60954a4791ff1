"""The rules a plan must keep, written independently of the generator, as plain checks.

Each check takes a plan (and what it needs to judge it) and fails with a message that
names the week and the date. The property tests run them over thousands of profiles; the
golden tests run them over the bundled examples.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import combinations, pairwise

from runstrong.domain.athlete import WEEKDAYS, DayKind, Event, Priority, Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import Item, Plan, Session, Week
from runstrong.domain.vocabulary import Block, Level, Region

PHASE_ORDER = ["base", "build", "peak", "taper", "race", "recovery"]
LOADING = {"base", "build", "maintenance"}
KEY_RUNS = {DayKind.QUALITY, DayKind.LONG, DayKind.RACE}
CONTACT_CAP = {"novice": 100, "intermediate": 120, "advanced": 140}
HEAVY_CUTOFF = {"5k": 7, "10k": 7, "half_marathon": 10, "marathon": 10, "ultra": 10}


def day_kind(profile: Profile, day: dt.date) -> DayKind:
    if day == profile.goal.date:
        return DayKind.RACE
    return profile.running.week.on(day)


def all_sessions(plan: Plan) -> Iterator[tuple[Week, Session]]:
    for week in plan.weeks:
        for session in week.sessions:
            yield week, session


def is_heavy_or_jumping(item: Item, block: Block) -> bool:
    return item.heavy or item.contacts > 0 or block is Block.POWER


def volume(week: Week) -> int:
    """Work done: sets (on every side) times reps or seconds, warm-up and mobility aside.

    Injury protocols are left out: they follow their own published progressions (heavy
    slow resistance, for one, lowers the reps as the load goes up). So are a weak side's
    extra sets: they sit on top of the block's work and give way first when time is short."""
    return sum(
        item.sets * (2 if item.per_side else 1) * (item.reps or item.seconds or 0)
        for session in week.sessions
        for block in session.blocks
        if block.kind not in (Block.WARMUP, Block.MOBILITY)
        for item in block.items
        if not item.role.startswith("injury_")
    )


def check_phases(plan: Plan, profile: Profile) -> None:
    weeks = plan.weeks
    assert weeks, "a plan has weeks"
    assert weeks[0].start <= profile.start_date < weeks[0].start + dt.timedelta(days=7)
    for earlier, later in pairwise(weeks):
        assert later.start - earlier.start == dt.timedelta(days=7)
        assert later.index == earlier.index + 1
    assert all(w.start.weekday() == 0 for w in weeks)
    names = [w.phase.value for w in weeks]
    race = profile.goal.date
    if race is None:
        assert set(names) == {"maintenance"} and len(weeks) == profile.weeks
    else:
        ranks = [PHASE_ORDER.index(n) for n in names]
        assert ranks == sorted(ranks), f"phases out of order: {names}"
        race_weeks = [w for w in weeks if w.phase.value == "race"]
        assert len(race_weeks) == 1
        assert race_weeks[0].start <= race < race_weeks[0].start + dt.timedelta(days=7)
        assert names[-1] == "recovery"
    phases = plan.phases
    assert phases[0].start == profile.start_date
    for earlier, later in pairwise(phases):
        assert later.start == earlier.end + dt.timedelta(days=1)
        assert earlier.name != later.name
    assert phases[-1].end == weeks[-1].start + dt.timedelta(days=6)


def check_session_counts(plan: Plan, profile: Profile) -> None:
    asked = profile.availability.sessions_per_week
    race = profile.goal.date
    for week in plan.weeks:
        count = len(week.sessions)
        phase = week.phase.value
        if phase in LOADING:
            assert count <= asked
            near_race = race is not None and (race - week.start).days < 14
            open_days = sum(
                1 for i in range(7) if week.start + dt.timedelta(days=i) >= profile.start_date
            )
            if not near_race:
                assert count == min(asked, open_days), f"week {week.index}: {count} of {asked}"
        elif phase == "peak":
            assert 1 <= count <= min(2, asked) or count == 0, f"week {week.index}: {count} in peak"
        elif phase in ("race", "taper"):
            assert count <= 1, f"week {week.index}: {count} sessions in {phase}"
        for session in week.sessions:
            assert session.date >= profile.start_date
            assert week.start <= session.date < week.start + dt.timedelta(days=7)


def check_race_rules(plan: Plan, profile: Profile) -> None:
    goal = profile.goal
    if goal.date is None:
        return
    cutoff = HEAVY_CUTOFF[goal.event.value] if goal.priority is Priority.A else 0
    for week, session in all_sessions(plan):
        to_race = (goal.date - session.date).days
        assert to_race != 0, "a session on race day"
        assert not 0 < to_race <= 2, f"a session {to_race} day(s) before the race"
        if week.phase.value == "race":
            for block in session.blocks:
                for item in block.items:
                    assert not is_heavy_or_jumping(item, block.kind), f"race week: {item.exercise}"
        if 0 < to_race <= cutoff:
            for block in session.blocks:
                for item in block.items:
                    assert not is_heavy_or_jumping(item, block.kind), (
                        f"{session.date}: {item.exercise} heavy or plyometric {to_race} days before an A race"
                    )
        if to_race < 0 and goal.event in (Event.MARATHON, Event.ULTRA) and -to_race <= 7:
            assert not session.loads_legs, "leg work within a week after a marathon or ultra"


def check_placement(plan: Plan, profile: Profile) -> None:
    leg_days = []
    for _week, session in all_sessions(plan):
        following = day_kind(profile, session.date + dt.timedelta(days=1))
        if following in KEY_RUNS:
            assert not session.loads_legs, f"{session.date}: leg work the day before a {following}"
            for block in session.blocks:
                for item in block.items:
                    assert not is_heavy_or_jumping(item, block.kind), (
                        f"{session.date}: {item.exercise} the day before a {following}"
                    )
        assert day_kind(profile, session.date) is not DayKind.RACE
        if session.loads_legs:
            leg_days.append(session.date)
    for earlier, later in pairwise(leg_days):
        assert (later - earlier).days >= 2, f"leg sessions {earlier} and {later} under 48 h apart"


def best_leg_count(profile: Profile, week: Week, previous_leg_day: dt.date | None) -> int:
    """Brute force, independent of the generator: most leg sessions this week can hold."""
    asked = profile.availability.sessions_per_week
    days = [week.start + dt.timedelta(days=i) for i in range(7)]
    usable = [
        d
        for d in days
        if d >= profile.start_date
        and day_kind(profile, d) is not DayKind.RACE
        and day_kind(profile, d + dt.timedelta(days=1)) not in KEY_RUNS
        and (previous_leg_day is None or (d - previous_leg_day).days >= 2)
    ]
    for size in range(min(asked, len(usable)), 0, -1):
        for chosen in combinations(usable, size):
            if all((b - a).days >= 2 for a, b in pairwise(chosen)):
                return size
    return 0


def check_placement_is_best(plan: Plan, profile: Profile) -> None:
    race = profile.goal.date
    previous: dt.date | None = None
    for week in plan.weeks:
        legs = [s.date for s in week.sessions if s.loads_legs]
        near_race = race is not None and (race - week.start).days < 21
        if week.phase.value in LOADING and not near_race:
            best = best_leg_count(profile, week, previous)
            assert len(legs) == best, (
                f"week {week.index}: {len(legs)} leg sessions, {best} possible"
            )
            if week.index > 1 and best < profile.availability.sessions_per_week:
                assert any("48" in w for w in plan.warnings), (
                    "fewer sessions than asked, no reason given"
                )
        if legs:
            previous = legs[-1]


def warned_weeks(warning: str) -> set[int]:
    """The weeks a "sessions need about N minutes" warning names ("weeks 1-4, 9 and 12")."""
    match = re.search(r"need about \d+ minutes.*?: weeks? ([\d ,and-]+)\.", warning)
    if not match:
        return set()
    weeks: set[int] = set()
    for part in re.split(r", | and ", match.group(1)):
        low, _, high = part.strip().partition("-")
        weeks.update(range(int(low), int(high or low) + 1))
    return weeks


def needed_minutes(warning: str) -> int:
    match = re.search(r"need about (\d+) minutes", warning)
    return int(match.group(1)) if match else 0


def check_sessions(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    minutes = profile.availability.minutes_per_session
    available = set(plan.equipment_available)
    avoid = profile.current_injuries()
    order = list(Block)
    for week, session in all_sessions(plan):
        slots = [(item.role, block.kind) for block in session.blocks for item in block.items]
        assert len(slots) == len(set(slots)), f"{session.date}: a slot filled twice"
        kinds = [block.kind for block in session.blocks]
        assert [order.index(k) for k in kinds] == sorted(order.index(k) for k in kinds)
        assert len(set(kinds)) == len(kinds), "a block kind twice"
        assert 0 < session.minutes
        if session.minutes > minutes:
            # Only to hold protected work, and never silently: a warning names the week
            # and at least these minutes.
            assert any(
                week.index in warned_weeks(w) and needed_minutes(w) >= session.minutes
                for w in plan.warnings
            ), f"{session.date}: {session.minutes} min > {minutes}, no warning"
        assert session.contacts <= CONTACT_CAP[profile.experience.value]
        if minutes >= 20 and session.loads_legs and week.phase.value in LOADING and not week.deload:
            assert Block.WARMUP in kinds and Block.CORE in kinds, f"{session.date}: {kinds}"
            strength = [b for b in session.blocks if b.kind is Block.STRENGTH]
            assert strength, f"{session.date}: no strength block"
            # A second lift gives way only to an injury protocol's published dose.
            protocol = any(i.role.startswith(("injury_", "target_")) for i in session.items())
            assert protocol or len(strength[0].items) >= 2, f"{session.date}: thin strength block"
        for block in session.blocks:
            assert block.items
            for item in block.items:
                exercise = catalog.exercise(item.exercise)
                assert block.kind in exercise.blocks, f"{item.exercise} cannot serve {block.kind}"
                assert set(item.equipment) <= available, f"{item.exercise} needs {item.equipment}"
                assert not set(exercise.avoid_with) & avoid, f"{item.exercise} with {avoid}"
                assert item.why.strip()
                assert (item.reps is None) != (item.seconds is None)
                assert len(item.load) == 1 and next(iter(item.load)) in (
                    "rpe",
                    "percent_1rm",
                    "rm",
                    "bodyweight",
                )
                assert item.sets >= 1
                assert item.per_side == exercise.dose.per_side
                assert (item.contacts > 0) == (
                    exercise.plyometric and exercise.dose.contacts_per_rep > 0
                )


def check_doses(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    experience = profile.experience.value
    for week, session in all_sessions(plan):
        for block in session.blocks:
            for item in block.items:
                exercise = catalog.exercise(item.exercise)
                if experience == "novice":
                    assert not item.heavy, f"novice given heavy {item.exercise}"
                    if block.kind is Block.STRENGTH and item.reps is not None:
                        assert item.reps >= 8, f"novice {item.exercise} at {item.reps} reps"
                if block.kind is Block.POWER:
                    assert item.reps is None or 3 <= item.reps <= 10, (
                        f"power {item.exercise} x{item.reps}"
                    )
                protocol = item.role.startswith("injury_")  # reps set by a published protocol
                if block.kind is Block.ACCESSORY and item.reps is not None and not protocol:
                    low, high = exercise.dose.reps or (8, 20)
                    assert min(8, low) <= item.reps <= max(20, high)
                if block.kind is Block.CORE and item.seconds is not None:
                    assert 10 <= item.seconds <= 60, f"core hold {item.seconds} s"
                build_heavy = (
                    week.phase.value == "build"
                    and experience != "novice"
                    and not week.deload
                    and block.kind is Block.STRENGTH
                    and exercise.loadable
                    and item.reps is not None
                    and session.loads_legs
                    and not session.focus.startswith("light")
                )
                if build_heavy and ("rpe" in item.load or "percent_1rm" in item.load):
                    assert item.reps <= 8 and item.rest_seconds >= 120, f"build {item.exercise}"
                    assert item.load.get("rpe", 8) >= 8 or item.load.get("percent_1rm", 80) >= 80


def check_contacts_progression(plan: Plan) -> None:
    previous = None
    for week in plan.weeks:
        total = sum(s.contacts for s in week.sessions)
        if previous:
            assert total <= previous * 1.3 + 1, f"week {week.index}: contacts {previous} -> {total}"
        previous = total


def check_levels(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    experience = profile.experience.value
    by_slot: dict[tuple[str, str], list[Item]] = {}
    for week, session in all_sessions(plan):
        for block in session.blocks:
            for item in block.items:
                if experience == "novice":
                    assert item.level is not Level.ADVANCED, f"novice given {item.exercise}"
                    if week.index <= 3 and week.phase.value in LOADING:
                        assert item.level.rank <= Level.FOUNDATIONAL.rank, (
                            f"novice week {week.index}: {item.exercise}"
                        )
                if experience == "intermediate":
                    assert item.level is not Level.ADVANCED
                if item.role.startswith("injury_"):
                    continue  # an injury protocol's exercise is chosen by the protocol, not a ladder
                # a ladder is a movement pattern's: the same slot, the same pattern
                pattern = catalog.exercise(item.exercise).pattern.value
                # (the same slot of the same session type)
                where = f"{pattern} in session type {session.template}"
                by_slot.setdefault((where, item.role), []).append(item)
    for (pattern, role), items in by_slot.items():
        top = items[0].level.rank
        for earlier, later in pairwise(items):
            # never more than a rung above the best done so far in this movement
            assert later.level.rank <= top + 1, (
                f"{pattern}/{role}: {earlier.exercise} ({earlier.level}) to {later.exercise} ({later.level})"
            )
            top = max(top, later.level.rank)


def check_weekly_coverage(plan: Plan, catalog: Catalog) -> None:
    for week in plan.weeks:
        if not week.sessions:
            continue
        exercises = [catalog.exercise(i.exercise) for s in week.sessions for i in s.items()]
        worked = [
            catalog.exercise(i.exercise)
            for s in week.sessions
            for b in s.blocks
            if b.kind not in (Block.WARMUP, Block.MOBILITY)
            for i in b.items
        ]
        assert any(Region.CORE in e.regions for e in worked), f"week {week.index}: no core"
        if any(s.loads_legs for s in week.sessions):
            assert any(e.unilateral and Region.LOWER in e.regions for e in exercises), (
                f"week {week.index}: no single-leg work"
            )
        protocol = any(
            i.role.startswith(("injury_", "target_")) for s in week.sessions for i in s.items()
        )
        # Short sessions trim upper-body work first; so does a week's one full-body session
        # under 30 minutes, which must hold squat, hinge, single leg, calf and jumps.
        minutes = plan.profile["availability"]["minutes_per_session"]
        short = minutes < 20 or (len(week.sessions) == 1 and minutes < 30)
        if week.phase.value in LOADING and not protocol and not short:
            # (an injury protocol's dose may take the upper-body work's minutes)
            assert any(Region.UPPER in e.regions for e in worked), (
                f"week {week.index}: no upper body"
            )


def check_no_new_exercises_late(plan: Plan) -> None:
    """Lighter weeks, the peak, the taper and race week bring nothing new."""
    seen: set[str] = set()
    legs_done = False  # a plan that opens days before the race has nothing to repeat
    for week in plan.weeks:
        ids = {i.exercise for s in week.sessions for i in s.items()}
        if legs_done and (week.deload or week.phase.value in ("peak", "taper", "race")):
            new = ids - seen
            assert not new, f"week {week.index} ({week.phase}) introduces {sorted(new)}"
        seen |= ids
        legs_done = legs_done or any(s.loads_legs for s in week.sessions)


def _shape(week: Week) -> list[tuple[int, str]]:
    return [(s.date.weekday(), s.focus) for s in week.sessions]


def check_deloads_and_overload(plan: Plan) -> None:
    """Inside a block (same phase, no lighter week between) the work never shrinks from one
    like-for-like week to the next; a lighter week cuts it by a quarter or more."""
    block: dict[str, Week] = {}  # last week of the current block, by its sessions
    phase = None
    for week in plan.weeks:
        if week.phase.value not in LOADING or week.phase != phase:
            block = {}
        phase = week.phase
        if week.phase.value not in LOADING:
            continue
        shape = repr([(s.date.weekday(), s.focus) for s in week.sessions])
        before = block.get(shape)
        if week.deload:
            if before is not None:
                assert volume(week) <= 0.75 * volume(before), (
                    f"week {week.index}: lighter week volume {volume(week)} vs {volume(before)} in week {before.index}"
                )
            block = {}
            continue
        if before is not None and before.index > 1:
            assert volume(week) >= volume(before), (
                f"week {week.index}: volume fell inside a block ({volume(before)} in week {before.index} -> {volume(week)})"
            )
        block[shape] = week
    run = 0
    for week in plan.weeks:
        if week.phase.value in LOADING:
            run = 0 if week.deload else run + 1
            assert run <= 4, f"week {week.index}: {run} loading weeks without a lighter one"
        else:
            run = 0


def check_running_echo(plan: Plan, profile: Profile) -> None:
    expected = {
        day: kind.value for day, kind in zip(WEEKDAYS, profile.running.week.as_list(), strict=True)
    }
    for week in plan.weeks:
        assert week.running == expected


def check_all(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    check_phases(plan, profile)
    check_session_counts(plan, profile)
    check_race_rules(plan, profile)
    check_placement(plan, profile)
    check_placement_is_best(plan, profile)
    check_sessions(plan, profile, catalog)
    check_doses(plan, profile, catalog)
    check_contacts_progression(plan)
    check_levels(plan, profile, catalog)
    check_weekly_coverage(plan, catalog)
    check_no_new_exercises_late(plan)
    check_deloads_and_overload(plan)
    check_running_echo(plan, profile)
