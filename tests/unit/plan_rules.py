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

from runstrong.domain.athlete import WEEKDAYS, DayKind, Event, Priority, Profile, Race
from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import Item, Plan, Session, Week
from runstrong.domain.vocabulary import Block, Level, Region

PHASE_ORDER = ["base", "build", "peak", "taper", "race", "recovery"]
LOADING = {"base", "build", "maintenance"}
KEY_RUNS = {DayKind.QUALITY, DayKind.LONG, DayKind.RACE}
CONTACT_CAP = {"novice": 40, "intermediate": 70, "advanced": 80}  # evidence.md section 2
# The race rules as the evidence states them (docs/evidence.md, sections 1 and 2b), restated
# here so the checks do not lean on the generator's own tables.
HEAVY_CUTOFF = {"5k": 7, "10k": 7, "half_marathon": 10, "marathon": 14, "ultra": 14}  # A races
LIGHT_CUTOFF = {"B": 5, "C": 3}  # B: a short taper; C: trained through
NO_SESSION_BEFORE = {"A": 2, "B": 2, "C": 1}  # C: nothing the day before or on race day
REST_AFTER = {("A", True): 4, ("A", False): 2, ("B", True): 3, ("B", False): 2,
              ("C", True): 1, ("C", False): 0}  # fmt: skip
LONG_RACES = {"half_marathon", "marathon", "ultra"}
RECOVERY_WEEKS = {"marathon": 2, "ultra": 2}  # after an A race; 1 for shorter ones


def cutoff(race: Race) -> int:
    """Days before the race (race day = 0) with nothing heavy or plyometric."""
    if race.priority is Priority.A:
        return HEAVY_CUTOFF[race.event.value]
    return LIGHT_CUTOFF[race.priority.value]


def rest_after(race: Race) -> int:
    return REST_AFTER[(race.priority.value, race.event.value in LONG_RACES)]


def plan_end(plan: Plan) -> dt.date:
    return plan.weeks[-1].start + dt.timedelta(days=6)


def races_in(plan: Plan, profile: Profile) -> list[Race]:
    """The races of the season that fall inside the plan, by date."""
    return [r for r in profile.season() if r.date <= plan_end(plan)]


def day_kind(profile: Profile, day: dt.date) -> DayKind:
    if any(r.date == day for r in profile.season()):
        return DayKind.RACE
    return profile.running.week.on(day)


def near_race(plan: Plan, profile: Profile, week: Week, before: int, after: int = 7) -> bool:
    """A race less than `before` days after the week starts, or up to `after` days before."""
    return any(-after <= (r.date - week.start).days < before for r in races_in(plan, profile))


def race_touched(plan: Plan, profile: Profile, week: Week, margin: int = 1) -> bool:
    """Some day of the week lies in a race's run-in (its heavy cutoff), on the race, or in
    its rest days (and `margin` days more)."""
    end = week.start + dt.timedelta(days=6)
    return any(
        r.date - dt.timedelta(days=cutoff(r)) <= end
        and week.start <= r.date + dt.timedelta(days=rest_after(r) + margin)
        for r in races_in(plan, profile)
    )


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
    season = profile.season()
    if not season:
        assert set(names) == {"maintenance"} and len(weeks) == profile.weeks
    else:
        check_season_phases(plan, profile)
    phases = plan.phases
    assert phases[0].start == profile.start_date
    for earlier, later in pairwise(phases):
        assert later.start == earlier.end + dt.timedelta(days=1)
        assert earlier.name != later.name
    assert phases[-1].end == weeks[-1].start + dt.timedelta(days=6)


def _week_index(plan: Plan, day: dt.date) -> int:
    return (day - plan.weeks[0].start).days // 7


def check_season_phases(plan: Plan, profile: Profile) -> None:
    """A races drive the calendar (or the last race, without one); each block fits its lead time.

    Evidence 2b: with 6 or more weeks before the race week, two thirds or more of them build
    strength, the peak is 1-2 weeks, the taper leads into the race week and the heavy
    cutoff; closer to the race the runner starts with base and never with a peak week.
    """
    weeks = plan.weeks
    names = [w.phase.value for w in weeks]
    season = profile.season()
    a_races = [r for r in season if r.priority is Priority.A]
    drivers = a_races or [season[-1]]
    last = drivers[-1]
    last_week = _week_index(plan, last.date)
    if a_races:
        recovery = max(  # two A races in one week: the longer recovery
            RECOVERY_WEEKS.get(r.event.value, 1)
            for r in a_races
            if _week_index(plan, r.date) == last_week
        )
        assert len(weeks) == last_week + 1 + recovery, f"plan ends off its last A race: {names}"
        assert names[-1] == "recovery"
    else:
        assert len(weeks) == last_week + 1 and names[-1] == "race", f"{names}"
    for race in season:
        if race.date > plan_end(plan):
            assert race.priority is not Priority.A
            assert any(str(race.date) in w and "left out" in w for w in plan.warnings), (
                f"{race.date}: a race after the plan, and no word about it"
            )
    race_weeks = sorted({_week_index(plan, r.date) for r in drivers})
    assert [i for i, n in enumerate(names) if n == "race"] == race_weeks, f"race weeks: {names}"
    previous = -1
    for race_week in race_weeks:
        race = next(r for r in drivers if _week_index(plan, r.date) == race_week)
        segment = list(weeks[previous + 1 : race_week])
        recovery_after = 0
        while segment and segment[0].phase.value == "recovery":
            segment.pop(0)
            recovery_after += 1
        if previous >= 0:
            assert recovery_after <= max(
                RECOVERY_WEEKS.get(r.event.value, 1)
                for r in drivers
                if _week_index(plan, r.date) == previous
            )
        check_block(plan, segment, race, first=previous < 0)
        previous = race_week
    # The week around a B race is lighter (evidence 2b), as is any week a race cuts short,
    # once its block has had two full weeks to repeat.
    full = 0  # full weeks since the phase began or since the last lighter week
    for index, week in enumerate(weeks):
        if index and week.phase != weeks[index - 1].phase:
            full = 0
        if week.phase.value not in LOADING:
            continue
        if full >= 2 and race_touched(plan, profile, week, margin=0):
            assert week.deload, f"week {week.index}: a race's week at full load"
        full = 0 if week.deload else full + 1


def check_block(plan: Plan, segment: list[Week], race: Race, first: bool) -> None:
    """The weeks between a recovery (or the start) and the race week they lead to."""
    names = [w.phase.value for w in segment]
    lead = len(segment)
    assert all(n in ("base", "build", "peak", "taper") for n in names), f"{race.date}: {names}"
    ranks = [PHASE_ORDER.index(n) for n in names]
    assert ranks == sorted(ranks), f"phases out of order before {race.date}: {names}"
    if not names:
        return
    assert names[0] in ("base", "build"), f"{race.date}: a block opens with {names[0]}"
    if first:
        assert names[0] == "base", f"{race.date}: the plan opens with {names[0]}, not base"
    loading = sum(1 for n in names if n in LOADING)
    peak = names.count("peak")
    taper = names.count("taper")
    if race.priority is not Priority.A:
        assert peak == taper == 0, f"{race.date}: a {race.priority} race peaks or tapers"
        return
    if lead >= 6:
        assert 3 * loading >= 2 * lead, f"{race.date}: {loading} of {lead} weeks build strength"
        assert 1 <= peak <= 2, f"{race.date}: {peak} peak weeks"
        assert 1 <= taper <= 2, f"{race.date}: {taper} taper weeks"
    else:
        assert peak == 0, f"{race.date}: a peak {lead} weeks out"
    if taper:
        start = segment[names.index("taper")].start
        days = (race.date - start).days
        assert days <= cutoff(race) + 6, f"{race.date}: a {days}-day taper"
        if lead >= 9:
            assert days >= cutoff(race) - 3, f"{race.date}: a {days}-day taper"


def check_session_counts(plan: Plan, profile: Profile) -> None:
    asked = profile.availability.sessions_per_week
    for week in plan.weeks:
        count = len(week.sessions)
        phase = week.phase.value
        if phase in LOADING:
            assert count <= asked
            near = near_race(plan, profile, week, before=14) or race_touched(plan, profile, week)
            open_days = sum(
                1 for i in range(7) if week.start + dt.timedelta(days=i) >= profile.start_date
            )
            if not near:
                assert count == min(asked, open_days), f"week {week.index}: {count} of {asked}"
        elif phase == "peak":
            assert 1 <= count <= min(2, asked) or count == 0, f"week {week.index}: {count} in peak"
        elif phase in ("race", "taper"):
            assert count <= 1, f"week {week.index}: {count} sessions in {phase}"
        for session in week.sessions:
            assert session.date >= profile.start_date
            assert week.start <= session.date < week.start + dt.timedelta(days=7)


def check_race_rules(plan: Plan, profile: Profile) -> None:
    """Around every race of the plan, by its priority: nothing heavy or plyometric inside
    its cutoff, no session on race day or just before it, rest days after it."""
    races = races_in(plan, profile)
    for week, session in all_sessions(plan):
        if week.phase.value == "race":
            for block in session.blocks:
                for item in block.items:
                    assert not is_heavy_or_jumping(item, block.kind), f"race week: {item.exercise}"
        for race in races:
            to_race = (race.date - session.date).days
            what = f"{session.date}, {race.event} {race.priority} race on {race.date}"
            assert to_race != 0, f"{what}: a session on race day"
            assert not 0 < to_race <= NO_SESSION_BEFORE[race.priority.value], (
                f"{what}: a session {to_race} day(s) before the race"
            )
            if 0 < to_race <= cutoff(race):
                for block in session.blocks:
                    for item in block.items:
                        assert not is_heavy_or_jumping(item, block.kind), (
                            f"{what}: {item.exercise} heavy or plyometric {to_race} days before"
                        )
            after = -to_race
            if 0 < after <= rest_after(race):
                raise AssertionError(f"{what}: a session {after} day(s) after the race")
            if race.priority is Priority.A and 0 < after and race.date.weekday() + after < 7:
                raise AssertionError(f"{what}: a session in the rest of the race week")
            if race.priority is Priority.A and race.event in (Event.MARATHON, Event.ULTRA):
                if 0 < after <= 7:
                    assert not session.loads_legs, f"{what}: leg work within a week after"


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
        if day_kind(profile, session.date) is DayKind.LONG:
            for block in session.blocks:
                for item in block.items:
                    assert not is_heavy_or_jumping(item, block.kind), (
                        f"{session.date}: {item.exercise} heavy or plyometric on a long-run day"
                    )
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
    previous: dt.date | None = None
    for week in plan.weeks:
        legs = [s.date for s in week.sessions if s.loads_legs]
        near = near_race(plan, profile, week, before=21) or race_touched(plan, profile, week)
        if week.phase.value in LOADING and not near:
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


CONTACT_START = {"novice": 20, "intermediate": 30, "advanced": 40}


def check_contacts_progression(plan: Plan, profile: Profile) -> None:
    """Foot contacts a session rise by at most about 30 % a week, or start again from the
    starting dose (evidence.md sections 1 and 2); a lighter week is no new baseline."""
    start = CONTACT_START[profile.experience.value]
    if profile.age is not None and profile.age >= 50:
        start = min(start, 20)  # masters start from the learning dose
    previous = 0.0
    full = 0.0  # the most contacts in a session of the last full (not lighter) week
    for week in plan.weeks:
        most = max((s.contacts for s in week.sessions), default=0)
        if previous:
            assert most <= max(max(previous, full) * 1.3 + 1, start), (
                f"week {week.index}: most contacts in a session {previous:.0f} -> {most}"
            )
        previous = most
        if not week.deload:
            full = most


def check_power_blocks(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    """Every full leg session of a loading or peak week holds a power block when the runner
    may jump (novices from their third training week); jumps in the peak keep about half
    the build's contacts, never none."""
    for injury in profile.injuries:
        rules = catalog.injury_profile(injury.area)
        if rules is not None and not rules.for_status(injury.status.value).plyometrics:
            return
    training = 0
    build_contacts = 0
    for week in plan.weeks:
        phase = week.phase.value
        if phase in LOADING:
            training += 1
        full = [s for s in week.sessions if s.loads_legs and not s.focus.startswith("light")]
        total = sum(s.contacts for s in full)
        if phase in LOADING and not week.deload:
            if profile.experience.value != "novice" or training >= 3:
                for session in full:
                    kinds = [b.kind for b in session.blocks]
                    assert Block.POWER in kinds, f"{session.date}: no power block"
            if total:
                build_contacts = total // len(full)
        if phase == "peak" and full and build_contacts:
            assert total >= 0.35 * build_contacts * len(full), (
                f"week {week.index}: peak contacts {total} after {build_contacts} a session"
            )


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
    """Lighter weeks, the peak, the taper and race week bring nothing new; nor does a
    phase's last loading week after a lighter week (a block of new exercises for one
    week, the week before a race, is no block)."""
    seen: set[str] = set()
    legs_done = False  # a plan that opens days before the race has nothing to repeat
    weeks = plan.weeks
    for at, week in enumerate(weeks):
        ids = {i.exercise for s in week.sessions for i in s.items()}
        last_of_phase = at + 1 == len(weeks) or weeks[at + 1].phase != week.phase
        held = (
            at > 0
            and weeks[at - 1].deload
            and weeks[at - 1].phase == week.phase
            and last_of_phase
            and not week.deload
        )
        if legs_done and (week.deload or held or week.phase.value in ("peak", "taper", "race")):
            new = ids - seen
            assert not new, f"week {week.index} ({week.phase}) introduces {sorted(new)}"
        seen |= ids
        legs_done = legs_done or any(s.loads_legs for s in week.sessions)


def _shape(week: Week) -> list[tuple[int, str]]:
    return [(s.date.weekday(), s.focus) for s in week.sessions]


def check_deloads_and_overload(plan: Plan, profile: Profile) -> None:
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
        if race_touched(plan, profile, week):
            # A race interrupts the block like a lighter week: its days are light or closed,
            # and the jumps grow back from what that week really held.
            block = {}
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
    """The running week as given, with each race day (any priority) shown as a race."""
    usual = dict(zip(WEEKDAYS, profile.running.week.as_list(), strict=True))
    race_days = {r.date for r in profile.season()}
    for week in plan.weeks:
        expected = {
            day: "race" if week.start + dt.timedelta(days=i) in race_days else kind.value
            for i, (day, kind) in enumerate(usual.items())
        }
        assert week.running == expected, f"week {week.index}: {week.running}"


def check_mileage_and_age(plan: Plan, profile: Profile) -> None:
    """Very high mileage (100 km a week or more) lowers the jumps' ceiling by a quarter;
    50 and over, the jumps start at 20 contacts a session and top out at 60; each change is
    a note with the numbers the plan keeps. The strength work is the same at any age."""
    km = profile.running.weekly_km or 0
    age = profile.age
    cap = CONTACT_CAP[profile.experience.value]
    start = CONTACT_START[profile.experience.value]
    notes = " ".join(plan.warnings)
    if km >= 100:
        lowered = int(5 * round(cap * 0.75 / 5))
        assert f"the jumps top out at {lowered} contacts a session instead of {cap}" in notes
        cap = lowered
    else:
        assert "km a week: your legs already take" not in notes
    if age is not None and age >= 50 and (cap > 60 or start > 20):
        cap, start = min(cap, 60), min(start, 20)
        assert f"At {age}, tendons adapt more slowly: the jumps start at {start}" in notes
    else:  # nothing to change (a novice's jumps already start at 20 and stay under 60)
        assert "tendons adapt more slowly" not in notes
    jumped = [s.contacts for w in plan.weeks for s in w.sessions if s.contacts]
    assert all(c <= cap for c in jumped), f"contacts over {cap}: {max(jumped)}"
    if jumped:
        assert jumped[0] <= start * 2, f"first jumps {jumped[0]} from a start of {start}"


def check_loaded_in_the_build(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    """Runners with weights past the novice start do loaded single-leg and calf work in
    the build: each full build week holds a loaded one-leg strength lift and loaded calf
    work, where the runner does that movement at all that week."""
    weights = {"dumbbell", "kettlebell", "barbell"}
    if profile.experience.value == "novice" or not weights & set(plan.equipment_available):
        return
    if profile.injuries:
        return  # an injury's exclusions may leave only the body-weight versions
    for week in plan.weeks:
        if week.phase.value != "build" or week.deload:
            continue
        items = [
            (block.kind, item)
            for s in week.sessions
            if s.loads_legs and not s.focus.startswith("light")
            for block in s.blocks
            for item in block.items
        ]
        for pattern in ("lunge", "calf"):
            doing = [
                item
                for kind, item in items
                if kind in (Block.STRENGTH, Block.ACCESSORY)
                and catalog.exercise(item.exercise).pattern.value == pattern
                and item.seconds is None
            ]
            if doing and all("bodyweight" in item.load for item in doing):
                # allowed only where the library has no loaded version at the same rung
                for item in doing:
                    done = catalog.exercise(item.exercise)
                    loaded = [
                        e.id
                        for e in catalog.exercises
                        if e.pattern is done.pattern
                        and e.loadable
                        and e.level is done.level
                        and e.unilateral is done.unilateral
                        and e.doable_with(frozenset(plan.equipment_available))
                        and set(e.blocks) & set(done.blocks)
                        and e.dose.seconds is None
                    ]
                    assert not loaded, (
                        f"week {week.index}: {item.exercise} in body weight, "
                        f"though {loaded} carry load"
                    )


def check_pairs_kept(plan: Plan, profile: Profile) -> None:
    """A session done as pairs is not done unpaired the next week when it holds the same
    exercises (the same phase, neither a lighter week): a runner learns a session's order
    once. Only where pairing would overrun the minutes may the pairs go."""
    minutes = profile.availability.minutes_per_session
    last: dict[str, tuple[str, tuple[str, ...], bool]] = {}
    for week in plan.weeks:
        for session in week.sessions:
            exercises = tuple(i.exercise for i in session.items())
            paired = any(i.pair for i in session.items())
            key = f"{session.template}-{session.focus.startswith('light')}"
            before = last.get(key)
            if (
                before is not None
                and not week.deload
                and before[:2]
                == (
                    week.phase.value,
                    exercises,
                )
            ):
                near_full = session.minutes >= minutes - 1  # pairing could overrun it
                assert paired or not before[2] or near_full, (
                    f"{session.date}: the pairs of last week gone"
                )
            last[key] = (week.phase.value, exercises, paired)
        if week.deload:
            last.clear()


def _load_level(item: Item) -> float:
    load = item.load
    return float(load.get("percent_1rm", 0)) + float(load.get("rpe", 0)) - float(load.get("rm", 0))


def check_main_lifts_progress(plan: Plan, profile: Profile) -> None:
    """Within a block (the same phase, lighter weeks apart) a session type's main lift,
    while the same exercise, never goes back in sets, reps or load from week to week, and
    grows in at least one of them over any three weeks running."""
    minutes = profile.availability.minutes_per_session
    runs: dict[str, list[tuple[str, str, int, int, float]]] = {}
    for week in plan.weeks:
        if week.deload or week.phase.value not in ("base", "build", "maintenance"):
            runs.clear()
            continue
        for session in week.sessions:
            if session.focus.startswith("light"):
                continue
            main = [i for i in session.items() if i.role == "main_lift"]
            if not main:
                continue
            item = main[0]
            now = (week.phase.value, item.exercise, item.sets, item.reps or item.seconds or 0,
                   _load_level(item))  # fmt: skip
            run = runs.setdefault(session.template, [])
            if run and run[-1][:2] != now[:2]:
                run.clear()
            if run:
                _, name, sets, reps, load = run[-1]
                assert (now[2], now[3], now[4]) >= (sets, reps, load) or (
                    now[2] * now[3] >= sets * reps and now[4] >= load
                ), f"{session.date}: {name} went back: {sets}x{reps} @{load} -> {now[2:]}"
            run.append(now)
            if len(run) >= 3 and session.minutes <= 0.8 * minutes:
                # (a session near its minutes may hold its dose: its growth would push out
                # the work the floors protect; the estimate before pairing is cautious)
                assert len({r[2:] for r in run[-3:]}) > 1, (
                    f"{session.date}: {item.exercise} the same three weeks running"
                )


def check_all(plan: Plan, profile: Profile, catalog: Catalog) -> None:
    check_phases(plan, profile)
    check_session_counts(plan, profile)
    check_race_rules(plan, profile)
    check_placement(plan, profile)
    check_placement_is_best(plan, profile)
    check_sessions(plan, profile, catalog)
    check_doses(plan, profile, catalog)
    check_contacts_progression(plan, profile)
    check_levels(plan, profile, catalog)
    check_power_blocks(plan, profile, catalog)
    check_weekly_coverage(plan, catalog)
    check_no_new_exercises_late(plan)
    check_deloads_and_overload(plan, profile)
    check_running_echo(plan, profile)
    check_mileage_and_age(plan, profile)
    check_loaded_in_the_build(plan, profile, catalog)
    check_pairs_kept(plan, profile)
    check_main_lifts_progress(plan, profile)
