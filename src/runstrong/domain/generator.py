"""The plan generator: from a profile and the library, a periodised plan fitted to the week.

    generate_plan(profile, catalog) -> Plan

Pure and deterministic: the same profile and library give the same plan, item for item.
The steps, week by week:
1. the phase calendar (``phases``) says what the week is for;
2. the placement search (``schedule``) picks the days and how hard each may load the legs;
3. each session takes a template (``templates``) and fills its slots with exercises that
   the runner's equipment, injuries and level allow, keeping them for a block of weeks
   and moving one rung up a ladder (or to a sibling, for variety) between blocks;
4. dosing (``dosing``) sets sets, reps, load and rest; the session is trimmed to fit the
   runner's minutes, lowest-priority slots first.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import groupby

from runstrong.domain.athlete import WEEKDAYS, DayKind, Experience, Profile
from runstrong.domain.catalog import Catalog, protocol_block
from runstrong.domain.dosing import (
    CONTACTS_CAP,
    CONTACTS_START,
    CONTACTS_WEEKLY_RISE,
    NOVICE_MIN_REPS,
    Prescription,
    WeekContext,
    estimate_seconds,
    least_amount,
    lighter,
    plyometric,
    prescribe,
)
from runstrong.domain.exercises import Exercise
from runstrong.domain.findings import Finding, assess, describe
from runstrong.domain.injuries import Dosed, Frequency, StatusPlan, Step
from runstrong.domain.phases import WeekFrame, phase_ranges, week_frames
from runstrong.domain.plan import (
    NO_EXTRA,
    PLAN_SCHEMA,
    BlockPlan,
    ExtraSets,
    Item,
    PhaseName,
    Plan,
    RehabRoutine,
    Session,
    Week,
)
from runstrong.domain.schedule import LegLoad, Placement, make_days, place_week
from runstrong.domain.season import Season
from runstrong.domain.templates import (
    LEG_TEMPLATES,
    PHASE_NOTE,
    UPPER_AND_CORE_DAY,
    WHY,
    Slot,
    Template,
)
from runstrong.domain.vocabulary import Block, Equipment, InjuryArea, Level, Pattern

_LEVELS = list(Level)
LOADING = (PhaseName.BASE, PhaseName.BUILD, PhaseName.MAINTENANCE)

# The highest level a runner meets in each block of loading weeks (index = block, last repeats).
# Novices learn the basics first and never meet advanced exercises in one plan.
LEVEL_CAPS = {
    Experience.NOVICE: (Level.BASICS, Level.FOUNDATIONAL, Level.FOUNDATIONAL, Level.INTERMEDIATE),
    Experience.INTERMEDIATE: (Level.FOUNDATIONAL, Level.INTERMEDIATE),
    Experience.ADVANCED: (Level.INTERMEDIATE, Level.ADVANCED),
}
EASY_BLOCKS = (Block.WARMUP, Block.MOBILITY)
BLOCK_HEADROOM = 0.9
_EXTRA_SET_PHASES = frozenset({*LOADING, PhaseName.PEAK})
DELOAD_MAX_SHARE = 0.75  # a lighter week does at most three quarters of the work
# Days after a long race before any session, and before leg work comes back.
RECOVERY_REST_DAYS = {True: 4, False: 2}


def level_cap(experience: Experience, block: int) -> Level:
    caps = LEVEL_CAPS[experience]
    return caps[min(block, len(caps) - 1)]


@dataclass
class _State:
    """What carries from week to week while the plan is built."""

    picks: dict[tuple[str, int], str] = field(default_factory=dict)  # (template, slot) -> id
    picked_in_block: int = -1
    loading_block: int = -1  # loading blocks started so far
    last_leg_day: dt.date | None = None
    contacts_last_week: int = 0
    single_template_turn: int = 0
    used: set[tuple[str, int]] = field(default_factory=set)  # slots done since the last pick
    done: set[str] = field(default_factory=set)  # templates done with the current picks
    seen: set[str] = field(default_factory=set)  # every exercise the runner has done so far
    # per template: the block and the doses of its last loading week, slot by slot
    last_fit: dict[str, tuple[int, dict[int, Prescription]]] = field(default_factory=dict)


class _Generator:
    def __init__(self, profile: Profile, catalog: Catalog) -> None:
        self.profile = profile
        self.catalog = catalog
        self.available = profile.available_equipment()
        self.avoid = profile.current_injuries()
        self.experience = profile.experience
        self.minutes = profile.availability.minutes_per_session
        self.warnings: list[str] = []
        self.state = _State()
        self._reasons: dict[tuple[str, Block, PhaseName, bool], str] = {}
        self.findings = assess(profile)
        self.injury_plans: list[tuple[InjuryArea, StatusPlan]] = []
        # One plan per area: a runner may list both sides; the more troubled status rules.
        severity = ["current", "recovering", "past"]
        statuses: dict[InjuryArea, str] = {}
        for injury in profile.injuries:
            known = statuses.get(injury.area, "past")
            if injury.area not in statuses or severity.index(injury.status.value) < severity.index(
                known
            ):
                statuses[injury.area] = injury.status.value
        for area, status in statuses.items():
            injury_profile = catalog.injury_profile(area)
            if injury_profile is not None:
                self.injury_plans.append((area, injury_profile.for_status(status)))
        self.banned = frozenset(i for _area, plan in self.injury_plans for i in plan.avoid)
        # Plyometrics wait while a tendon, shin, foot or knee problem says so (its profile).
        self.no_jumping = any(not plan.plyometrics for _area, plan in self.injury_plans)
        self.leg_templates = self._personalised(LEG_TEMPLATES)
        self.upper_template = UPPER_AND_CORE_DAY

    # -- the plan ----------------------------------------------------------------------
    def plan(self) -> Plan:
        frames = week_frames(self.profile)
        weeks = [self._week(frame) for frame in frames]
        self._general_warnings()
        return Plan(
            schema=PLAN_SCHEMA,
            profile=self.profile.model_dump(mode="json"),
            equipment_available=tuple(sorted(self.available, key=list(Equipment).index)),
            phases=tuple(phase_ranges(self.profile, frames)),
            weeks=tuple(weeks),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )

    def _week(self, frame: WeekFrame) -> Week:
        dates = [frame.start + dt.timedelta(days=i) for i in range(7)]
        kinds = [self._day_kind(d) for d in dates]
        next_kind = self._day_kind(dates[-1] + dt.timedelta(days=1))
        caps = [self._leg_cap(frame, d) for d in dates]
        opens = [self._open(frame, d) for d in dates]
        days = make_days(dates, kinds, next_kind, caps, opens)
        wanted = self._sessions_wanted(frame)
        placements = place_week(days, wanted, self.state.last_leg_day)
        self._explain_placement(frame, placements, wanted)
        if frame.phase in LOADING and frame.block != self.state.picked_in_block:
            self.state.loading_block += 1
        ctx = WeekContext(
            phase=frame.phase,
            experience=self.experience,
            deload=frame.deload,
            block_week=frame.block_week,
            block=max(0, self.state.loading_block),
            short_session=self.minutes <= 25,
        )
        self._refresh_picks(frame)
        budget = self._contacts_budget(frame, placements)
        plan_of_week = self._templates_for(frame, placements)
        # The week's foot contacts go to the sessions whose power drill is plyometric, in
        # equal shares; a drill whose smallest dose would not fit its share gets none and its
        # share goes to the others; what one session leaves passes to the next.
        jumpers = [
            i
            for i, (t, p) in enumerate(plan_of_week)
            if p.legs is LegLoad.FULL and self._jumps(t) and self._kept_power(t, frame)
        ]
        least = {i: self._least_contacts(plan_of_week[i][0]) for i in jumpers}
        while jumpers and any(least[i] > budget // len(jumpers) for i in jumpers):
            jumpers.remove(max(jumpers, key=lambda i: (least[i], i)))
        sessions = []
        for position, (template, placement) in enumerate(plan_of_week):
            share = 0
            if position in jumpers:
                share = min(
                    CONTACTS_CAP[self.experience],
                    budget // (len(jumpers) - jumpers.index(position)),
                )
            session = self._session(template, placement, ctx, frame, share)
            budget -= session.contacts
            sessions.append(session)
        week_contacts = sum(s.contacts for s in sessions)
        self.state.contacts_last_week = week_contacts
        leg_days = [p.date for p in placements if p.legs > LegLoad.NONE]
        if leg_days:
            self.state.last_leg_day = leg_days[-1]
        return Week(
            index=frame.index,
            start=frame.start,
            phase=frame.phase,
            deload=frame.deload,
            running={
                name: DayKind.RACE.value if self._season.race_on(date) else kind.value
                for name, kind, date in zip(
                    WEEKDAYS, self.profile.running.week.as_list(), dates, strict=True
                )
            },
            sessions=tuple(sessions),
            rehab=self._rehab(frame),
        )

    def _personalised(self, templates: tuple[Template, ...]) -> tuple[Template, ...]:
        """The leg sessions with the runner's own additions.

        A field-test finding first reuses any slot that already trains its pattern, made
        single-leg so the weaker side can get its extra sets; sessions without such a slot
        get a targeted slot, two sessions at most, spread so no session carries them all.
        Each injury profile's session exercises go into every leg session, as the
        protocols ask for two or three sessions a week.
        """
        injury_slots = tuple(
            _injury_slot(area, dosed, self.catalog, number)
            for area, plan in self.injury_plans
            for number, dosed in enumerate(plan.session, start=1)
        )
        slots = [list(t.slots) for t in templates]
        added: list[list[Slot]] = [[] for _ in templates]
        for turn, finding in enumerate(self.findings):
            target = _target_slot(finding)
            lacking = []
            for index, template_slots in enumerate(slots):
                matching = [
                    k
                    for k, slot in enumerate(template_slots)
                    if finding.patterns[0] in slot.patterns
                ]
                for k in matching:
                    if finding.weak_side is not None:
                        template_slots[k] = replace(
                            template_slots[k], unilateral=True, reason=target.reason
                        )
                if not matching:
                    lacking.append(index)
            order = sorted(lacking, key=lambda i: ((i - turn) % len(templates), i))
            for index in order[:2]:
                added[index].append(target)
        return tuple(
            Template(t.key, t.focus, tuple(slots[i])).with_slots((*added[i], *injury_slots))
            for i, t in enumerate(templates)
        )

    def _templates_for(
        self, frame: WeekFrame, placements: list[Placement]
    ) -> list[tuple[Template, Placement]]:
        """Which session each placed day holds.

        Days that spare the legs hold the upper-body and core session. Leg days take the
        squat, single-leg and posterior-chain days in turn (one a week alternates the first
        two). From the peak on, and in deload weeks, only session types already done with
        the current exercises are repeated, and a day whose type would be new is left as
        rest.
        """
        late = frame.phase in (PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE)
        legs = sum(1 for p in placements if p.legs > LegLoad.NONE)
        pool: tuple[Template, ...] = self.leg_templates[:2] if legs == 1 else self.leg_templates
        # A deload week repeats familiar work rather than introducing a new session.
        familiar_only = late or frame.deload
        if familiar_only or frame.phase is PhaseName.RECOVERY:
            pool = tuple(t for t in self.leg_templates if t.key in self.state.done) or pool
        chosen = []
        turn = self.state.single_template_turn if legs == 1 else 0
        for placement in placements:
            if placement.legs is LegLoad.NONE:
                if familiar_only and self.upper_template.key not in self.state.done:
                    continue
                chosen.append((self.upper_template, placement))
                continue
            chosen.append((pool[turn % len(pool)], placement))
            turn += 1
        if legs == 1:
            self.state.single_template_turn = turn
        return chosen

    # -- the days ----------------------------------------------------------------------
    def _day_kind(self, day: dt.date) -> DayKind:
        if self._season.race_on(day) is not None:
            return DayKind.RACE
        return self.profile.running.week.on(day)

    def _days_to_race(self, day: dt.date) -> int | None:
        """Days to the next race the plan trains for (0 on race day), or None."""
        upcoming = self._season.days_to_next_race(day)
        return None if upcoming is None else upcoming[0]

    def _open(self, frame: WeekFrame, day: dt.date) -> bool:
        """Not before the start, and not on a day a race closes (race day, the days just
        before it, the rest days after it; see `season`)."""
        return day >= self.profile.start_date and not self._season.closed(day)

    def _leg_cap(self, frame: WeekFrame, day: dt.date) -> LegLoad:
        """Light in race and recovery weeks and inside each race's heavy cutoff (by its
        priority); none in the week after an A marathon or ultra (see `season`).

        A week that brings nothing new (a lighter week, the peak, the taper, race week)
        repeats leg sessions done with the current exercises; where races took every leg
        session since the exercises last changed, there is none to repeat, so it spares
        the legs rather than open with new ones.
        """
        familiar_only = frame.deload or frame.phase in (
            PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE,
        )  # fmt: skip
        if familiar_only and not any(t.key in self.state.done for t in self.leg_templates):
            return LegLoad.NONE
        cap = self._season.leg_cap(day)
        if frame.deload and self._season.cut_short(frame.index - 1):
            # A lighter week repeats the block's doses, jumps included; after a week the
            # race rules cut short, that would jump more than last week allows: no jumps.
            cap = min(cap, LegLoad.LIGHT)
        return cap

    def _sessions_wanted(self, frame: WeekFrame) -> int:
        asked = self.profile.availability.sessions_per_week
        if frame.phase in LOADING:
            return asked  # a B or C race's days are closed or light, not the week's count
        if frame.phase is PhaseName.PEAK:
            return min(asked, 2)
        if frame.phase is PhaseName.RECOVERY and frame.weeks_after_race >= 2:
            return min(asked, 2)
        return 1  # taper, race week, first recovery week

    @cached_property
    def _season(self) -> Season:
        """The races and the rules they set for the days (worked out once per plan)."""
        return Season(self.profile)

    def _explain_placement(
        self, frame: WeekFrame, placements: list[Placement], wanted: int
    ) -> None:
        if frame.phase not in LOADING or frame.index == 1:
            return
        full = sum(1 for p in placements if p.legs is LegLoad.FULL)
        if len(placements) < wanted:
            self.warnings.append(
                f"Week {frame.index}: only {len(placements)} of the {wanted} sessions you asked for "
                "fit; the other days are taken by the race rules."
            )
        elif full < wanted:
            self.warnings.append(
                f"Your running week leaves room for {full} leg session(s) a week: leg work needs 48 "
                "hours between sessions and none the day before a quality run, long run or race. "
                "The other session(s) train upper body, core and mobility."
            )

    # -- exercises ---------------------------------------------------------------------
    def _refresh_picks(self, frame: WeekFrame) -> None:
        """Choose (or move on) the exercise of every slot when a new block starts."""
        new_block = frame.phase in LOADING and frame.block != self.state.picked_in_block
        if not new_block and self.state.picks:
            return
        cap = level_cap(self.experience, max(0, self.state.loading_block))
        taken: set[str] = set()
        for template in (*self.leg_templates, self.upper_template):
            for index, slot in enumerate(template.slots):
                key = (template.key, index)
                previous = self.state.picks.get(key)
                if previous is not None and key not in self.state.used:
                    # Not done since it was chosen: the runner has not earned the next rung.
                    taken.add(previous)
                    continue
                chosen = self._choose(slot, cap, previous, taken)
                if chosen is None:
                    self.state.picks.pop(key, None)
                    continue
                self.state.picks[key] = chosen.id
                taken.add(chosen.id)
        self.state.picked_in_block = frame.block
        self.state.used = set()
        self.state.done = set()

    def _candidates_for(self, slot: Slot, cap: Level) -> tuple[Exercise, ...]:
        novice = self.experience is Experience.NOVICE
        rules = _Rules(self.available, self.avoid, self.banned, self.no_jumping, novice)
        return _candidates(self.catalog, slot, cap, rules)

    def _protocol_exercise(
        self, dosed: Dosed, floor: Level = Level.FOUNDATIONAL
    ) -> Exercise | None:
        """An injury protocol's exercise: the first option this runner can do and has the
        level for: the runner's own level, or `floor` if that is higher (rehab exercises
        are simple movements, so a routine outside the sessions opens up to intermediate)."""
        cap = level_cap(self.experience, max(0, self.state.loading_block))
        ceiling = max(cap.rank, floor.rank)
        for option in dosed.options():
            exercise = self.catalog.exercise(option)
            if self._allowed(exercise) and exercise.level.rank <= ceiling:
                return exercise
        return None

    def _allowed(self, exercise: Exercise) -> bool:
        return (
            exercise.doable_with(self.available)
            and not self.avoid.intersection(exercise.avoid_with)
            and exercise.id not in self.banned
            and not (self.no_jumping and exercise.plyometric)
        )

    def _choose(
        self, slot: Slot, cap: Level, previous_id: str | None, taken: set[str]
    ) -> Exercise | None:
        if slot.dosed is not None:
            # An injury profile's exercise: its first option this runner can do, any level.
            return self._protocol_exercise(slot.dosed)
        candidates = self._candidates_for(slot, cap)
        if not candidates:
            return None
        by_id = {e.id: e for e in candidates}
        fresh = [e for e in candidates if e.id not in taken] or candidates
        previous = by_id.get(previous_id) if previous_id else None
        if previous is None and previous_id is not None:
            # The old exercise no longer fits (e.g. a session type changed): stay near its rung.
            old = self.catalog.exercise(previous_id)
            near = [
                e
                for e in fresh
                if abs(e.level.rank - old.level.rank) <= 1 and e.level.rank <= old.level.rank + 1
            ]
            fresh = near or fresh
        if previous is None:
            easy = slot.block in EASY_BLOCKS

            # Warm-ups start easy; work starts as high as the level allows, and strength work
            # prefers what can carry load, since strength grows with load where load exists.
            def rank(e: Exercise) -> tuple[int, bool, str]:
                loaded = slot.block is Block.STRENGTH and e.loadable
                return (e.level.rank if easy else -e.level.rank, not loaded, e.id)

            return min(fresh, key=rank)
        # A new block: one rung up the ladder if the level allows, else a sibling for variety.
        ups = [
            by_id[i]
            for i in previous.progressions
            if i in by_id and i not in taken and by_id[i].level.rank <= previous.level.rank + 1
        ]  # never skip a rung, even where the data's ladder does
        if ups and slot.block not in EASY_BLOCKS:
            return min(ups, key=lambda e: (e.level.rank, e.id))
        siblings = sorted(e.id for e in fresh if e.level is previous.level and e.id != previous.id)
        if siblings:
            later = [i for i in siblings if i > previous.id]
            return by_id[(later or siblings)[0]]
        return previous

    # -- sessions ----------------------------------------------------------------------
    def _power_pick(self, template: Template) -> Exercise | None:
        for index, slot in enumerate(template.slots):
            if slot.block is Block.POWER and (pick := self.state.picks.get((template.key, index))):
                return self.catalog.exercise(pick)
        return None

    def _kept_power(self, template: Template, frame: WeekFrame) -> bool:
        """False when this session lost its power drill to the clock earlier in the block
        (it will again, so it should not hold back contacts the other sessions can use)."""
        memory = self.state.last_fit.get(template.key)
        if memory is None or memory[0] != frame.block:
            return True
        return any(template.slots[i].block is Block.POWER for i in memory[1])

    def _jumps(self, template: Template) -> bool:
        pick = self._power_pick(template)
        return pick is not None and pick.plyometric and pick.dose.contacts_per_rep > 0

    def _least_contacts(self, template: Template) -> int:
        """The smallest dose of the session's drill: one set at the bottom of its range."""
        pick = self._power_pick(template)
        if pick is None or not pick.dose.reps:
            return 0
        sides = 2 if pick.dose.per_side else 1
        return least_amount(pick, Block.POWER, self.experience) * pick.dose.contacts_per_rep * sides

    def _session(
        self,
        template: Template,
        placement: Placement,
        ctx: WeekContext,
        frame: WeekFrame,
        contacts: int,
    ) -> Session:
        legs = placement.legs
        chosen: list[_Entry] = []
        for index, slot in enumerate(template.slots):
            if (slot.block is Block.POWER or slot.dosed is not None) and legs is not LegLoad.FULL:
                continue  # no explosive work and no heavy rehab loading on a light day
            if slot.from_training_week > max(frame.training_week, 0) and frame.phase in LOADING:
                continue
            if slot.from_training_week > 1 and frame.phase not in LOADING:
                continue
            exercise_id = self.state.picks.get((template.key, index))
            if exercise_id is None:
                continue
            exercise = self.catalog.exercise(exercise_id)
            last = self._last_dose(template, index, frame.block) if frame.deload else None
            if last is not None:
                least = least_amount(exercise, slot.block, self.experience)
                rx = lighter(last, least)  # the same session as last week, with less work
                contacts -= rx.contacts
            elif slot.dosed is not None:
                rx = _from_step(slot.dosed.step_for(frame.index), exercise, self.experience)
            elif slot.block is Block.POWER and exercise.plyometric:
                jumps = plyometric(exercise, ctx, contacts)
                if jumps is None:
                    continue
                rx = jumps
                contacts -= rx.contacts
            else:
                rx = prescribe(exercise, slot.block, ctx, legs)
            chosen.append(_Entry(index, slot, exercise, rx, self._extra_sets(exercise, frame)))
        if frame.deload and self.state.seen:
            # A lighter week brings nothing new, even in a session it did not have before.
            chosen = [e for e in chosen if e.exercise.id in self.state.seen] or chosen
        chosen = self._fit_like_last_week(template, frame, chosen)
        self.state.seen.update(e.exercise.id for e in chosen)
        self.state.used.update((template.key, e.index) for e in chosen)
        self.state.done.add(template.key)
        # Templates list their slots in block order, so grouping keeps the session's order.
        blocks = tuple(
            BlockPlan(kind, tuple(self._item(e, frame) for e in group))
            for kind, group in groupby(chosen, key=lambda e: e.slot.block)
        )
        level = _LEVELS[max((e.exercise.level.rank for e in chosen), default=0)]
        return Session(
            date=placement.date,
            minutes=math.ceil(_seconds(chosen) / 60),
            level=level,
            focus=template.focus if legs is not LegLoad.LIGHT else f"light {template.focus}",
            loads_legs=legs > LegLoad.NONE,
            blocks=blocks,
        )

    def _last_dose(self, template: Template, index: int, block: int) -> Prescription | None:
        """This slot's dose in its session's last loading week, if that was in this block."""
        memory = self.state.last_fit.get(template.key)
        if memory is None or memory[0] != block:
            return None
        return memory[1].get(index)

    def _fit_like_last_week(
        self, template: Template, frame: WeekFrame, chosen: list[_Entry]
    ) -> list[_Entry]:
        """Keep a block's sessions comparable from week to week.

        Inside a block the session keeps last week's exercises and grows; if the growth
        would overrun the runner's minutes, items go back to last week's dose, least
        important first, rather than losing an exercise. A lighter week keeps the same
        exercises with less work (a quarter less at least) and adds nothing back. A new
        block is fitted afresh, with room to grow.
        """
        memory = self.state.last_fit.get(template.key)
        loading = frame.phase in LOADING
        budget = self.minutes * 60
        if memory is not None and not loading:
            # Peak, taper, race and recovery weeks bring nothing new: last block's exercises.
            chosen = [e for e in chosen if e.index in memory[1]]
        elif memory is None or memory[0] != frame.block:
            # A block's first week leaves a tenth of the time free for the block to grow into.
            budget = int(budget * BLOCK_HEADROOM)
        else:
            previous = memory[1]
            chosen = [e for e in chosen if e.index in previous]
            if not frame.deload:
                total = _seconds(chosen)
                for entry in sorted(chosen, key=lambda e: (-e.slot.priority, -e.index)):
                    if total <= self.minutes * 60:
                        break
                    before = previous[entry.index]
                    if before.contacts > entry.rx.contacts:
                        continue  # never more jumping than this week's contact budget allows
                    reverted = replace(entry, rx=before)
                    chosen[chosen.index(entry)] = reverted
                    total += reverted.seconds - entry.seconds
        chosen = self._fit(chosen, budget)
        if frame.deload and memory is not None and memory[0] == frame.block:
            chosen = _lighter_enough(chosen, memory[1])
        if not frame.deload:
            self.state.last_fit[template.key] = (frame.block, {e.index: e.rx for e in chosen})
        return chosen

    def _fit(self, entries: list[_Entry], budget: int) -> list[_Entry]:
        """Shorten to the runner's minutes.

        First a weak side's extra sets give way, then the optional slots go (mobility,
        power, lower-body accessories, targeted extras), then sets are trimmed (strength
        keeps two while anything else can give), and only then do the main lift and, last,
        the upper-body slot go. Single-leg strength, core and the
        warm-up always stay.
        """
        kept = list(entries)
        # Extra sets for a weak side are the most flexible part of a session: they go first.
        while _seconds(kept) > budget:
            extra = [e for e in kept if e.extra != NO_EXTRA]
            if not extra:
                break
            entry = max(extra, key=lambda e: (e.slot.priority, e.index))
            kept[kept.index(entry)] = entry.with_one_extra_set_less()
        _drop_until(kept, budget, lowest_priority=3)
        for strength_floor in (2, 1):
            while _seconds(kept) > budget:
                trimmable = [
                    e
                    for e in kept
                    if e.slot.dosed is None  # injury protocols keep their sets
                    and e.rx.sets > (strength_floor if e.slot.block is Block.STRENGTH else 1)
                ]  # fmt: skip
                if not trimmable:
                    break
                entry = max(trimmable, key=lambda e: (e.slot.priority, e.rx.sets, e.index))
                kept[kept.index(entry)] = entry.with_one_set_less()
        _drop_until(kept, budget, lowest_priority=2)
        _drop_until(kept, budget, lowest_priority=1)
        # Last resort for very short sessions: injury protocols give up sets too.
        while _seconds(kept) > budget:
            trimmable = [e for e in kept if e.rx.sets > 1]
            if not trimmable:
                break
            entry = max(trimmable, key=lambda e: (e.rx.sets, e.index))
            kept[kept.index(entry)] = entry.with_one_set_less()
        # Dropping went by priority alone; put back what still fits, most important first.
        kept_slots = {e.index for e in kept}  # by slot: a trimmed entry is not its original
        dropped = [e for e in entries if e.index not in kept_slots]
        used = _seconds(kept)
        for entry in sorted(dropped, key=lambda e: (e.slot.priority, e.index)):
            # Fewer sets rather than none at all; jumps come whole or not at all, since a
            # token set would set next week's contact budget (which grows from this one).
            while entry.seconds + used > budget and entry.rx.sets > 1 and not entry.rx.contacts:
                entry = entry.with_one_set_less()
            if entry.seconds + used <= budget:
                kept.append(entry)
                used += entry.seconds
        kept.sort(key=lambda e: e.index)
        return kept

    def _why(self, slot: Slot, phase: PhaseName, deload: bool) -> str:
        key = (slot.role, slot.block, phase, deload)
        if key not in self._reasons:
            why = slot.reason or WHY[slot.role]
            note = PHASE_NOTE.get(phase.value)
            novice_build = phase is PhaseName.BUILD and self.experience is Experience.NOVICE
            if note and slot.block is Block.STRENGTH and not novice_build:
                why = f"{why} {note}"
            if deload and slot.block not in EASY_BLOCKS:
                why = f"{why} Lighter week: fewer sets to absorb the training."
            self._reasons[key] = why
        return self._reasons[key]

    def _item(self, entry: _Entry, frame: WeekFrame) -> Item:
        slot, exercise, rx, extra = entry.slot, entry.exercise, entry.rx, entry.extra
        why = self._why(slot, frame.phase, frame.deload)
        if extra != NO_EXTRA:
            side, count = ("left", extra.left) if extra.left else ("right", extra.right)
            why = f"{why} {'One extra set' if count == 1 else f'{count} extra sets'} on your weaker {side} side."
        # Positional arguments, in Item's field order: this runs for every item of a plan.
        return Item(
            exercise.id,
            exercise.name,
            rx.sets,
            rx.reps,
            rx.seconds,
            exercise.dose.per_side,
            extra,
            rx.contacts,
            rx.load,
            rx.rest_seconds,
            rx.tempo,
            exercise.equipment,
            exercise.level,
            exercise.unilateral,
            why,
            slot.role,
        )

    def _extra_sets(self, exercise: Exercise, frame: WeekFrame) -> ExtraSets:
        """Extra sets on the weaker side, for one-sided work on what the tests found weak.

        Only in full training weeks: lighter weeks and the run-in to a race stay even.
        """
        if (
            not self.findings
            or not exercise.dose.per_side
            or frame.deload
            or frame.phase not in _EXTRA_SET_PHASES
        ):
            return NO_EXTRA
        left = right = 0
        for finding in self.findings:
            if finding.weak_side is None or not finding.extra_sets:
                continue
            if finding.imbalance.value in exercise.targets or exercise.pattern in finding.patterns:
                if finding.weak_side.value == "left":
                    left = max(left, finding.extra_sets)
                else:
                    right = max(right, finding.extra_sets)
        if left == right:
            return NO_EXTRA  # both sides weak: no side gets more
        return ExtraSets(left - min(left, right), right - min(left, right))

    # -- rehab -------------------------------------------------------------------------
    def _rehab(self, frame: WeekFrame) -> tuple[RehabRoutine, ...]:
        """The week's short rehab routines, beside (never instead of) the sessions."""
        routines = []
        for area, plan in self.injury_plans:
            if plan.rehab is None:
                continue
            days = [name for name, date in self._rehab_days(plan.rehab.frequency, frame)]
            items = []
            seconds = 0
            for dosed in plan.rehab.items:
                exercise = self._protocol_exercise(dosed, floor=Level.INTERMEDIATE)
                if exercise is None:
                    continue
                rx = _from_step(dosed.step_for(frame.index), exercise, self.experience)
                seconds += estimate_seconds(rx, exercise)
                slot = Slot(
                    Block.ACCESSORY, (exercise.pattern,), f"rehab_{area.value}", 0, reason=dosed.why
                )
                items.append(self._item(_Entry(0, slot, exercise, rx), frame))
            if days and items:
                routines.append(
                    RehabRoutine(
                        tuple(days), plan.rehab.per_day, math.ceil(seconds / 60), tuple(items)
                    )
                )
        return tuple(routines)

    def _rehab_days(self, frequency: Frequency, frame: WeekFrame) -> list[tuple[str, dt.date]]:
        pattern = {
            Frequency.DAILY: WEEKDAYS,
            Frequency.EVERY_OTHER_DAY: ("mon", "wed", "fri", "sun"),
            Frequency.THREE_PER_WEEK: ("mon", "wed", "fri"),
        }[frequency]
        days = []
        for offset, name in enumerate(WEEKDAYS):
            date = frame.start + dt.timedelta(days=offset)
            if (
                name in pattern
                and date >= self.profile.start_date
                and self._season.race_on(date) is None
            ):
                days.append((name, date))
        return days

    # -- foot contacts -----------------------------------------------------------------
    def _contacts_budget(self, frame: WeekFrame, placements: list[Placement]) -> int:
        """This week's foot contacts: grown from what was actually done last week.

        Growth is at most 20 % a week from last week's real total (the evidence allows
        20-30 %); a lighter week keeps 80 %; the peak 70 % and the taper half. After a week
        without jumps the runner starts again from the starting dose.
        """
        sessions = sum(1 for p in placements if p.legs is LegLoad.FULL)
        if not sessions:
            return 0
        cap = CONTACTS_CAP[self.experience] * sessions
        last = self.state.contacts_last_week
        if last <= 0:
            return min(cap, CONTACTS_START[self.experience] * sessions)
        if frame.deload:
            factor = 0.8
        elif frame.phase in LOADING:
            factor = CONTACTS_WEEKLY_RISE
        elif frame.phase is PhaseName.PEAK:
            factor = 0.7
        else:
            factor = 0.5
        return int(min(cap, last * factor))

    # -- warnings ----------------------------------------------------------------------
    def _general_warnings(self) -> None:
        profile = self.profile
        goal = profile.goal
        if profile.availability.sessions_per_week == 1:
            self.warnings.append(
                "One session a week keeps strength but builds little; two or three are what "
                "the studies used."
            )
        if goal.date is None:
            self.warnings.append(
                f"No race: this is a rolling {profile.weeks}-week plan; make a new one when it ends."
            )
        else:
            # One line per race (and per race left out), the same words `profile check` shows.
            self.warnings.extend(self._season.explain())
        if not (self.available - {Equipment.FLOOR, Equipment.WALL}):
            self.warnings.append(
                "Body weight only: exercises get harder by moving up their ladders rather than by load."
            )
        self.warnings.extend(describe(finding) for finding in self.findings)
        self.warnings.extend(plan.note for _area, plan in self.injury_plans)
        if self.avoid:
            areas = ", ".join(sorted(a.value.replace("_", " ") for a in self.avoid))
            self.warnings.append(
                f"Exercises that would aggravate your current {areas} problem are left out. "
                "runstrong is not medical advice: see a professional if pain persists or grows."
            )


@dataclass(slots=True)  # not frozen: made by the thousand per plan, replaced rather than changed
class _Entry:
    """An exercise placed in a slot of a session, with its dose, before it becomes an item."""

    index: int
    slot: Slot
    exercise: Exercise
    rx: Prescription
    extra: ExtraSets = NO_EXTRA
    seconds: int = field(init=False)  # worked out once: fitting asks for it many times

    def __post_init__(self) -> None:
        extra = self.extra.left + self.extra.right
        self.seconds = estimate_seconds(self.rx, self.exercise, extra)

    def with_one_extra_set_less(self) -> _Entry:
        left, right = self.extra.left, self.extra.right
        fewer = ExtraSets(left - 1, right) if left else ExtraSets(0, right - 1)
        return replace(self, extra=fewer)

    def with_one_set_less(self) -> _Entry:
        per_set = self.rx.contacts // self.rx.sets
        rx = replace(self.rx, sets=self.rx.sets - 1, contacts=self.rx.contacts - per_set)
        return replace(self, rx=rx)


def _seconds(entries: list[_Entry]) -> int:
    return sum(e.seconds for e in entries)


def _lighter_enough(entries: list[_Entry], last: dict[int, Prescription]) -> list[_Entry]:
    """A lighter week does at least a quarter less work than the same session last week.

    Work is sets (on each side) times reps or seconds, warm-up and mobility aside; injury
    protocols follow their own progressions and are left out of the count. Fewer sets
    usually do it; where a short session was already down to single sets, optional items
    and then the main lift go until it does.
    """

    def work(entry: _Entry, rx: Prescription) -> int:
        if entry.slot.dosed is not None or entry.slot.block in EASY_BLOCKS:
            return 0
        sides = 2 if entry.exercise.dose.per_side else 1
        return rx.sets * sides * (rx.reps or rx.seconds or 0)

    before = sum(work(e, last[e.index]) for e in entries if e.index in last)
    kept = list(entries)
    while sum(work(e, e.rx) for e in kept) > DELOAD_MAX_SHARE * before:
        # never the warm-up, the single-leg lift, the core or the upper-body work
        droppable = [e for e in kept if e.slot.priority >= 2 and e.slot.dosed is None]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda e: (e.slot.priority, e.index)))
    return kept


def _drop_until(entries: list[_Entry], budget: int, lowest_priority: int) -> None:
    """Drop slots, least important first, until the session fits or none may go."""
    while _seconds(entries) > budget:
        droppable = [e for e in entries if e.slot.priority >= lowest_priority]
        if not droppable:
            return
        entries.remove(max(droppable, key=lambda e: (e.slot.priority, e.index)))


def _from_step(step: Step, exercise: Exercise, experience: Experience) -> Prescription:
    """An injury profile's dose step as a prescription for the exercise chosen.

    A load the exercise cannot carry (body-weight work where the runner lacks weights)
    becomes body weight: the reps and tempo still set the dose. Novices never lift heavy
    low reps: a protocol's heavy step becomes 8 or more reps at a moderate effort for them.
    """
    reps = step.reps
    load: dict[str, float | int | bool]
    if step.load == "bodyweight" or not exercise.loadable:
        load = {"bodyweight": True}
    elif experience is Experience.NOVICE:
        load = {"rpe": 7}
    elif step.load == "rm":
        load = {"rm": step.reps or 1}  # e.g. 3 x 15RM: the heaviest load managed 15 times
    else:
        load = {"rpe": int(step.load.removeprefix("rpe"))}
    if experience is Experience.NOVICE and reps is not None:
        reps = max(reps, NOVICE_MIN_REPS)
    return Prescription(step.sets, reps, step.seconds, load, step.rest_seconds, step.tempo, 0)


def _target_slot(finding: Finding) -> Slot:
    core = finding.patterns[0] is Pattern.ANTI_LATERAL_FLEXION
    return Slot(
        Block.CORE if core else Block.ACCESSORY,
        finding.patterns,
        f"target_{finding.imbalance.value}",
        3,  # optional, like the lower-body accessories: the session's own slots come first
        unilateral=True if finding.weak_side else None,
        reason=f"Targets what your tests showed ({finding.summary.split(':')[0].lower()}); retest around {finding.retest}.",
    )


def _injury_slot(area: InjuryArea, dosed: Dosed, catalog: Catalog, number: int) -> Slot:
    options = [catalog.exercise(i) for i in dosed.options()]
    block = protocol_block(options) or Block.ACCESSORY  # the catalog checked there is one
    role = f"injury_{area.value}" + (f"_{number}" if number > 1 else "")
    return Slot(block, (options[0].pattern,), role, 2, dosed=dosed, reason=dosed.why)


@dataclass(frozen=True, slots=True)
class _Rules:
    """What rules exercises in or out for this runner, whatever the slot."""

    available: frozenset[Equipment]
    avoid: frozenset[InjuryArea]  # current injuries: their avoid_with exercises are out
    banned: frozenset[str]  # left out by an injury profile
    no_jumping: bool  # plyometrics out while an injury profile says so
    novice: bool


@lru_cache(maxsize=8192)
def _candidates(catalog: Catalog, slot: Slot, cap: Level, rules: _Rules) -> tuple[Exercise, ...]:
    """The exercises that may fill a slot, from its first pattern that has any.

    A pure function of its arguments, kept across plans: a server making plans for many
    runners asks the same questions of the same library again and again.
    """
    easy = slot.block in EASY_BLOCKS
    ceiling = min(cap.rank, Level.FOUNDATIONAL.rank) if slot.block is Block.WARMUP else cap.rank
    for pattern in slot.patterns:
        found = tuple(
            e
            for e in catalog.in_pattern(pattern)
            if slot.block in e.blocks
            and e.doable_with(rules.available)
            and not rules.avoid.intersection(e.avoid_with)
            and e.id not in rules.banned
            and not (e.plyometric and (rules.no_jumping or slot.block is not Block.POWER))
            and e.level.rank <= ceiling
            and (slot.unilateral is None or e.unilateral is slot.unilateral)
            and (easy or not rules.novice or _novice_friendly(e))
        )
        if found:
            return found
    return ()


def _novice_friendly(exercise: Exercise) -> bool:
    """Novices lift 8-15 reps: leave out exercises whose range tops out below 8."""
    return exercise.dose.reps is None or exercise.dose.reps[1] >= 8


def generate_plan(profile: Profile, catalog: Catalog) -> Plan:
    """The plan for this runner (deterministic; pure)."""
    return _Generator(profile, catalog).plan()
