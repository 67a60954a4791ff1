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
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import chain, combinations, pairwise
from typing import NamedTuple

from runstrong.domain import promises, runner_dose, texts
from runstrong.domain.athlete import WEEKDAYS, DayKind, Experience, Profile
from runstrong.domain.catalog import Catalog, protocol_block
from runstrong.domain.dosing import (
    CONTACTS_WEEKLY_RISE,
    NOVICE_MIN_REPS,
    Prescription,
    WeekContext,
    estimate_seconds,
    least_amount,
    lighter,
    plyometric,
    prescribe,
    set_seconds,
)
from runstrong.domain.exercises import Exercise
from runstrong.domain.findings import ACTION as FINDING_ACTIONS
from runstrong.domain.findings import Finding, assess
from runstrong.domain.fitting import (
    OPTIONAL,
    Draft,
    Floor,
    FloorContext,
    Group,
    Protection,
    fit,
    protected_floor,
    session_seconds,
)
from runstrong.domain.injuries import Dosed, Frequency, Rehab, StatusPlan, Step, area_label
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
    heavy_load,
)
from runstrong.domain.schedule import LegLoad, Placement, make_days, place_week
from runstrong.domain.season import Season
from runstrong.domain.templates import (
    FULL_BODY_DAY,
    LEG_TEMPLATES,
    UPPER_AND_CORE_DAY,
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
CONTACTS_MOST_RISE = 1.3  # a week's contacts never rise more than this over the last
SHARPEN_CONTACTS = 0.5  # peak and taper: about half the build's contacts (evidence.md 2)
NOVICE_JUMPS_FROM_WEEK = 3  # novices learn to land first: jumps are protected from week 3
DELOAD_MAX_SHARE = 0.75  # a lighter week does at most three quarters of the work


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
    contacts_loading: float = 0  # per session, in the last full loading week with jumps
    contacts_most: int = 0  # the most one session jumped last week
    contacts_most_full: int = 0  # the same in the last week that was not a lighter one
    # what the last full loading week offered: its whole budget and its largest share
    contacts_offered: tuple[int, int] = (0, 0)
    used: set[tuple[str, int]] = field(default_factory=set)  # slots done since the last pick
    done: set[str] = field(default_factory=set)  # templates done with the current picks
    done_full: set[str] = field(default_factory=set)  # ...and done on a day of full leg work
    seen: set[str] = field(default_factory=set)  # every exercise the runner has done so far
    top_level: dict[Pattern, int] = field(default_factory=dict)  # highest rank done, by pattern
    # per template: the block and the doses of its last loading week, slot by slot
    last_fit: dict[str, tuple[int, dict[int, Prescription]]] = field(default_factory=dict)
    last_work: dict[str, int] = field(default_factory=dict)  # the work of that session
    # per template: the block and the pairs (slot -> letter) it was last done with
    last_pairs: dict[str, tuple[int, Mapping[int, str]]] = field(default_factory=dict)


class _Generator:
    def __init__(self, profile: Profile, catalog: Catalog) -> None:
        self.profile = profile
        self.catalog = catalog
        self._either_side_memo: dict[int, tuple[Slot, Slot]] = {}
        self._later_patterns_memo: dict[int, tuple[Slot, tuple[Slot, ...]]] = {}
        # each injury protocol's session exercise this block, by the protocol item's id
        self._protocol_picks: dict[int, tuple[Dosed, Exercise | None]] = {}
        self._day_kinds: dict[dt.date, DayKind] = {}  # asked again and again for each day
        self._season_caps: dict[dt.date, LegLoad] = {}  # the same, for the season's leg caps
        self._open_days: dict[dt.date, bool] = {}  # ...and for the days a session may take
        self.available = profile.available_equipment()
        self.avoid = profile.current_injuries()
        self.experience = profile.experience
        # where the jumps start and their ceiling, for this runner's mileage and age
        self.contacts = runner_dose.contact_limits(profile)
        self.minutes = profile.availability.minutes_per_session
        self.warnings: list[str] = []
        self.state = _State()
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
        sides: dict[InjuryArea, set[str]] = {}
        for injury in profile.injuries:
            if injury.status.value == statuses.get(injury.area):
                sides.setdefault(injury.area, set()).add(injury.side.value)
        self.promised = self._promises(statuses, sides)
        *legs, full_body = self._personalised((*LEG_TEMPLATES, FULL_BODY_DAY))
        self.leg_templates = tuple(legs)
        self.full_body = full_body
        self.upper_template = UPPER_AND_CORE_DAY
        self.short_sessions: list[tuple[int, int]] = []  # (week, minutes the floors need)
        self._last_full_dose: dict[str, Prescription] = {}
        self.reserved: frozenset[str] = frozenset()  # the injury protocols' exercises
        self._drafts: dict[int, tuple[_Entry, Draft]] = {}  # this session's, by entry
        self.available_from: dict[str, int] = {}  # promise reason -> first week with a pick
        self._protection_memo: dict[int, frozenset[Protection]] = {}  # this session's, by slot
        self._floor_ctx: FloorContext | None = None  # this session's
        self._floor_memo: dict[tuple[int, int], Floor] = {}  # this session's, by slot and sets
        self._slot_groups: dict[int, tuple[Slot, Group]] = {}  # by slot, for the generator's life

    def _promises(
        self, statuses: dict[InjuryArea, str], sides: dict[InjuryArea, set[str]]
    ) -> dict[str, promises.Promise]:
        """What each finding and each injury profile should change, keyed as slots name it."""
        found: dict[str, promises.Promise] = {}
        for finding in self.findings:
            weak = finding.weak_side
            extra = NO_EXTRA
            if weak is not None and finding.extra_sets:
                n = finding.extra_sets
                extra = ExtraSets(n, 0) if weak.value == "left" else ExtraSets(0, n)
            found[f"finding:{finding.imbalance.value}"] = promises.Promise(
                kind="finding",
                reason=finding.test,
                side=weak.value if weak is not None else "both",
                roles=frozenset({f"target_{finding.imbalance.value}"}),
                full_legs_only=False,
                extra_sets=extra,
                left_out=(),
                retest=max(finding.retest, self.profile.start_date),
                summary=finding.summary,
                action=FINDING_ACTIONS.get(finding.imbalance, "targeted work"),
                tests=(finding.test,),
            )
        for area, plan in self.injury_plans:
            status = statuses[area]
            side_set = sides.get(area, {"both"})
            side = next(iter(side_set)) if len(side_set) == 1 else "both"
            extra = NO_EXTRA
            rules = self.catalog.injury_profile(area)
            sided = rules is None or rules.side_extra_sets
            if status != "past" and side in ("left", "right") and sided:
                extra = ExtraSets(1, 0) if side == "left" else ExtraSets(0, 1)
            roles = {f"rehab_{area.value}", f"injury_{area.value}"}
            roles |= {f"injury_{area.value}_{n}" for n in range(2, len(plan.session) + 1)}
            found[f"injury:{area.value}"] = promises.Promise(
                kind="injury",
                reason=area.value,
                side=side,
                roles=frozenset(roles),
                full_legs_only=True,
                extra_sets=extra,
                left_out=self._left_out(area, status, plan),
                retest=None,
                summary=self._injury_summary(plan),
                action=(rules.adds if rules is not None and rules.adds else None)
                or f"work for your {area_label(area)}",
                protocols=self._protocol_promises(area, plan),
                shared=frozenset(option for dosed in plan.session for option in dosed.options()),
            )
        return found

    def _injury_summary(self, plan: StatusPlan) -> str:
        """The profile's note, then what this runner's plan adapts and when to move on."""
        parts = [plan.note.rstrip(".") + "."]
        if any(novice_adapted(d, self.experience) for d in plan.protocol_items()):
            parts.append(
                "Adapted for a newer lifter: where the protocol asks for a heavy load (the most "
                "you can lift for its reps), you use a moderate one (about 7/10 effort) for 8 "
                "reps or more, until you have more lifting behind you."
            )
        if any(d.weekly() for d in plan.protocol_items()) and self._season.races:
            parts.append(
                "Around your races its days follow the race rules: none on the days just "
                "before a race, fewer sets in the taper and race week, and an easy effort on "
                "the days kept light."
            )
        if plan.moves_on is not None:
            symmetry = plan.moves_on.symmetry
            name = None
            if symmetry is not None and symmetry.exercise is not None:
                name = self.catalog.exercise(symmetry.exercise).name
            parts.append(plan.moves_on.text(name))
        return " ".join(parts)

    def _protocol_promises(
        self, area: InjuryArea, plan: StatusPlan
    ) -> tuple[promises.Protocol, ...]:
        """Each protocol counted by days a week, as the plan's promise of its days (only
        where the runner can do one of its exercises from the start)."""
        return tuple(
            promises.Protocol(
                roles=frozenset({role}),
                exercises=frozenset(dosed.options()),
                weekly=dosed.weekly(),
            )
            for dosed, role, carried in self._counted_protocols(area, plan)
            if self._protocol_exercise(dosed, Level.FOUNDATIONAL if carried else Level.INTERMEDIATE)
            is not None
        )

    def _left_out(self, area: InjuryArea, status: str, plan: StatusPlan) -> tuple[str, ...]:
        """What this injury's profile leaves out that the runner could otherwise do."""
        return tuple(
            i
            for i in self.catalog.left_out_by(area, status)
            if self.catalog.exercise(i).doable_with(self.available)
        )

    # -- the plan ----------------------------------------------------------------------
    def plan(self) -> Plan:
        frames = week_frames(self.profile)
        weeks = [self._week(frame) for frame in frames]
        promised = list(self.promised.values())
        start = self.profile.start_date
        entries = promises.adaptations(promised, weeks, start, self.available_from)
        retests: dict[int, list[str]] = {}
        for entry, promise in zip(entries, promised, strict=True):
            if entry.retest_week is not None:
                retests.setdefault(entry.retest_week, []).extend(promise.tests)
        weeks = [
            replace(w, retest=tuple(sorted(retests[w.index]))) if w.index in retests else w
            for w in weeks
        ]
        problems = promises.check(entries, promised, weeks, start)
        if problems:
            raise promises.BrokenPromise(problems)
        self._general_warnings()
        return Plan(
            schema=PLAN_SCHEMA,
            profile=self.profile.model_dump(mode="json"),
            equipment_available=tuple(sorted(self.available, key=list(Equipment).index)),
            phases=tuple(phase_ranges(self.profile, frames)),
            weeks=tuple(weeks),
            warnings=tuple(dict.fromkeys(self.warnings)),
            adaptations=entries,
        )

    def _week(self, frame: WeekFrame) -> Week:
        dates = [frame.start + dt.timedelta(days=i) for i in range(7)]
        kinds = [self._day_kind(d) for d in dates]
        next_kind = self._day_kind(dates[-1] + dt.timedelta(days=1))
        caps = self._leg_caps(frame, dates)
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
            if p.legs is LegLoad.FULL
            and self._jumps(t)
            and (self._jumps_protected(frame) or self._kept_power(t, frame))
        ]
        least = {i: self._least_contacts(plan_of_week[i][0]) for i in jumpers}
        if budget and frame.phase in (PhaseName.PEAK, PhaseName.TAPER):
            # About half the build's jumps, but never none for want of a few contacts: a
            # drill's smallest dose is the least a sharpening week keeps.
            budget = max(budget, sum(least.values()))
        while jumpers and any(least[i] > budget // len(jumpers) for i in jumpers):
            jumpers.remove(max(jumpers, key=lambda i: (least[i], i)))
        sessions = []
        contacts: list[int] = []  # each session's foot contacts
        offered_week, offered_most = budget, 0
        per_session = self._per_session_contacts()
        for position, (template, placement) in enumerate(plan_of_week):
            share = 0
            if position in jumpers:
                share = min(
                    self.contacts.cap,
                    budget // (len(jumpers) - jumpers.index(position)),
                    per_session,
                )
                offered_most = max(offered_most, share)
            session = self._session(template, placement, ctx, frame, share)
            jumped = session.contacts
            budget -= jumped
            contacts.append(jumped)
            sessions.append(session)
        if frame.phase in LOADING and not frame.deload:
            self.state.contacts_offered = (offered_week, offered_most)
        week_contacts = sum(contacts)
        self.state.contacts_last_week = week_contacts
        self.state.contacts_most = max(contacts, default=0)
        if not frame.deload:
            self.state.contacts_most_full = self.state.contacts_most
        full = sum(1 for p in placements if p.legs is LegLoad.FULL)
        if frame.phase in LOADING and not frame.deload and week_contacts and full:
            self.state.contacts_loading = week_contacts / full  # per session
        leg_days = [p.date for p in placements if p.legs > LegLoad.NONE]
        if leg_days:
            self.state.last_leg_day = leg_days[-1]
        return Week(
            index=frame.index,
            start=frame.start,
            phase=frame.phase,
            deload=frame.deload,
            # the running week as given, race days shown as races (the kinds worked out above)
            running={name: kind.value for name, kind in zip(WEEKDAYS, kinds, strict=True)},
            sessions=tuple(sessions),
            rehab=self._rehab(frame, sessions),
        )

    def _personalised(self, templates: tuple[Template, ...]) -> tuple[Template, ...]:
        """The leg sessions with the runner's own additions, each slot naming what it serves.

        A field-test finding reuses any slot that already trains its pattern (made
        single-leg so the weaker side can get its extra sets); every leg session without
        such a slot gets a targeted slot, so the work is in every leg session of the week.
        Each injury profile's session exercises go into every leg session, as the
        protocols ask for two or three sessions a week. Where a protocol loads the calves
        (an Achilles or plantar fascia programme), the sessions' own optional calf work
        gives way to it: one calf dose a day, the protocol's.
        """
        injury_slots = tuple(
            _injury_slot(area, dosed, self.catalog, number)
            for area, plan in self.injury_plans
            for number, dosed in enumerate(plan.session, start=1)
        )
        covered = self._protocol_patterns() & {Pattern.CALF}
        slots = [
            [
                slot
                for slot in t.slots
                if not (
                    covered
                    and slot.patterns[0] in covered
                    and slot.serves is None
                    and not (slot.kept or slot.main)
                )
            ]
            for t in templates
        ]
        added: list[list[Slot]] = [[] for _ in templates]
        for finding in self.findings:
            target = _target_slot(finding)
            for index, template_slots in enumerate(slots):
                free = [(k, slot) for k, slot in enumerate(template_slots) if slot.serves is None]
                # a slot of the finding's first pattern, else of any of its patterns
                matching = [k for k, slot in free if finding.patterns[0] in slot.patterns] or [
                    k for k, slot in free if set(finding.patterns) & set(slot.patterns)
                ]
                # ...that this runner can fill at all (kit, injuries); else a targeted slot
                top = level_cap(self.experience, 99)
                matching = [
                    k
                    for k in matching
                    if self._candidates_for(
                        replace(template_slots[k], unilateral=True if finding.weak_side else None),
                        top,
                    )
                    or self._candidates_for(replace(template_slots[k], unilateral=None), top)
                ]
                for k in matching[:1]:
                    template_slots[k] = replace(
                        template_slots[k],
                        # the finding's other movements too, for the weeks the slot's own
                        # has nothing at the runner's level yet
                        patterns=tuple(
                            dict.fromkeys((*template_slots[k].patterns, *finding.patterns))
                        ),
                        unilateral=True if finding.weak_side else template_slots[k].unilateral,
                        reason=target.reason,
                        role=target.role,
                        serves=target.serves,
                    )
                if not matching:
                    added[index].append(target)
        return tuple(
            Template(t.key, t.focus, tuple(slots[i])).with_slots((*added[i], *injury_slots))
            for i, t in enumerate(templates)
        )

    def _protocol_patterns(self) -> set[Pattern]:
        """The movements the injury protocols' own exercises train (sessions and rehab)."""
        found = set()
        for _area, plan in self.injury_plans:
            items = (*plan.session, *(plan.rehab.items if plan.rehab is not None else ()))
            for dosed in items:
                for option in dosed.options():
                    found.add(self.catalog.exercise(option).pattern)
        return found

    def _templates_for(
        self, frame: WeekFrame, placements: list[Placement]
    ) -> list[tuple[Template, Placement]]:
        """Which session each placed day holds.

        Days that spare the legs hold the upper-body and core session. Leg days take the
        squat, single-leg and posterior-chain days in turn; a week with one leg session
        holds the full-body session. From the peak on, and in deload weeks, only session types already done with
        the current exercises are repeated, and a day whose type would be new is left as
        rest.
        """
        late = frame.phase in (PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE)
        legs = sum(1 for p in placements if p.legs > LegLoad.NONE)
        # One leg session a week is the full-body session, every week (Ronnestad 2010).
        pool: tuple[Template, ...] = (self.full_body,) if legs == 1 else self.leg_templates
        # A deload week repeats familiar work rather than introducing a new session.
        familiar_only = late or frame.deload
        if familiar_only or frame.phase is PhaseName.RECOVERY:
            every = (*pool, *self.leg_templates, self.full_body)
            pool = tuple(t for t in pool if t.key in self.state.done) or (
                tuple(dict.fromkeys(t for t in every if t.key in self.state.done)) or pool
            )
        # On a day of full leg work, a familiar-only week repeats a session done in full
        # (a session only ever done light would bring its jumps and heavy sets as new).
        full_pool = tuple(t for t in pool if t.key in self.state.done_full) or pool
        chosen = []
        turn = 0
        for placement in placements:
            if placement.legs is LegLoad.NONE:
                if familiar_only and self.upper_template.key not in self.state.done:
                    continue
                chosen.append((self.upper_template, placement))
                continue
            options = full_pool if familiar_only and placement.legs is LegLoad.FULL else pool
            chosen.append((options[turn % len(options)], placement))
            turn += 1
        return chosen

    # -- the days ----------------------------------------------------------------------
    def _day_kind(self, day: dt.date) -> DayKind:
        kind = self._day_kinds.get(day)
        if kind is None:
            race = self._season.race_on(day) is not None
            kind = self._day_kinds[day] = (
                DayKind.RACE if race else self.profile.running.week.on(day)
            )
        return kind

    def _days_to_race(self, day: dt.date) -> int | None:
        """Days to the next race the plan trains for (0 on race day), or None."""
        upcoming = self._season.days_to_next_race(day)
        return None if upcoming is None else upcoming[0]

    def _open(self, frame: WeekFrame, day: dt.date) -> bool:
        """Not before the start, and not on a day a race closes (race day, the days just
        before it, the rest days after it; see `season`)."""
        opened = self._open_days.get(day)
        if opened is None:
            opened = self._open_days[day] = (
                day >= self.profile.start_date and not self._season.closed(day)
            )
        return opened

    def _leg_caps(self, frame: WeekFrame, dates: Sequence[dt.date]) -> list[LegLoad]:
        """Each day's most leg work: light in race and recovery weeks and inside each race's
        heavy cutoff (by its priority); none in the week after an A marathon or ultra (see
        `season`).

        A week that brings nothing new (a lighter week, the peak, the taper, race week)
        repeats leg sessions done with the current exercises; where races took every leg
        session since the exercises last changed, there is none to repeat, so it spares
        the legs rather than open with new ones.
        """
        familiar_only = frame.deload or frame.phase in (
            PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE,
        )  # fmt: skip
        legs = (*self.leg_templates, self.full_body)
        if familiar_only and not any(t.key in self.state.done for t in legs):
            return [LegLoad.NONE] * len(dates)
        # A lighter week repeats the block's doses, jumps included; after a week the race
        # rules cut short, that would jump more than last week allows: no jumps.
        light_only = frame.deload and self._season.cut_short(frame.index - 1)
        caps = []
        for day in dates:
            cap = self._season_caps.get(day)
            if cap is None:
                cap = self._season_caps[day] = self._season.leg_cap(day)
            caps.append(min(cap, LegLoad.LIGHT) if light_only else cap)
        return caps

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
        # The rehab routines' exercises stay out of the sessions: a day never holds one twice.
        taken: set[str] = {
            e.id
            for _area, plan in self.injury_plans
            if plan.rehab is not None
            for dosed in plan.rehab.items
            if (e := self._protocol_exercise(dosed, floor=Level.INTERMEDIATE)) is not None
        }
        # So do the injury protocols' own: a template slot picks something else. Two
        # protocols whose first choice is the same exercise (a calf raise for the Achilles
        # and for the plantar fascia) take different ones where the kit and the level
        # allow: a session holds an exercise once, and each protocol its own work.
        self._protocol_picks = {}
        for _area, plan in self.injury_plans:
            for dosed in plan.session:
                e = self._protocol_exercise(dosed, avoid=taken) or self._protocol_exercise(dosed)
                self._protocol_picks[id(dosed)] = (dosed, e)
                if e is not None:
                    taken.add(e.id)
        self.reserved = frozenset(taken)
        # The session types the runner did last block choose first: what they move on to
        # matters more than a pick for a session type not yet done.
        every = (*self.leg_templates, self.full_body, self.upper_template)
        for template in sorted(every, key=lambda t: t.key not in self.state.done):
            for index, slot in enumerate(template.slots):
                key = (template.key, index)
                previous = self.state.picks.get(key)
                if previous is not None and key not in self.state.used:
                    # Not done since it was chosen: the runner has not earned the next rung
                    # (but a body-weight pick gives way to a loaded one at its own rung).
                    loaded = self._loaded_instead(slot, cap, previous, taken)
                    self.state.picks[key] = loaded or previous
                    taken.add(loaded or previous)
                    continue
                chosen = self._choose(slot, cap, previous, taken)
                if chosen is None:
                    self.state.picks.pop(key, None)
                    continue
                self.state.picks[key] = chosen.id
                if slot.block not in EASY_BLOCKS:
                    top = self.state.top_level.get(chosen.pattern, -1)
                    self.state.top_level[chosen.pattern] = max(top, chosen.level.rank)
                taken.add(chosen.id)
        self.state.picked_in_block = frame.block
        # From which week the work each promise adds has an exercise at all.
        for template in (*self.leg_templates, self.full_body):
            for index, slot in enumerate(template.slots):
                promise = self.promised.get(slot.serves or "")
                if promise is not None and (template.key, index) in self.state.picks:
                    self.available_from.setdefault(promise.reason, frame.index)
        self.state.used = set()
        self.state.done = set()
        self.state.done_full = set()

    def _candidates_for(self, slot: Slot, cap: Level) -> tuple[Exercise, ...]:
        # Asked for every slot at every new block: answered once per slot and level (a
        # slot hashes slowly, so it is known by identity, kept alive beside its answer).
        return self._candidates_by_id(slot, cap)[0]

    def _candidates_by_id(
        self, slot: Slot, cap: Level
    ) -> tuple[tuple[Exercise, ...], dict[str, Exercise]]:
        # Kept across plans (the templates' slots are shared by every runner's plan), by
        # the identities of slot and catalog, both kept alive beside the answer.
        rules = self._rules
        key = (id(slot), id(self.catalog), cap, rules)
        known = _CANDIDATES.get(key)
        if known is not None and known[0] is slot and known[1] is self.catalog:
            return known[2], known[3]
        found = _candidates(self.catalog, slot, cap, rules)
        by_id = {e.id: e for e in found}
        if len(_CANDIDATES) >= _CANDIDATES_MOST:
            _CANDIDATES.clear()
        _CANDIDATES[key] = (slot, self.catalog, found, by_id)
        return found, by_id

    def _either_side(self, slot: Slot) -> Slot:
        """The slot open to one- and two-legged exercises alike (made once per slot)."""
        known = self._either_side_memo.get(id(slot))
        if known is not None and known[0] is slot:
            return known[1]
        either = replace(slot, unilateral=None)
        self._either_side_memo[id(slot)] = (slot, either)
        return either

    def _later_patterns(self, slot: Slot) -> tuple[Slot, ...]:
        """The slot narrowed to each pattern after its first (made once per slot)."""
        known = self._later_patterns_memo.get(id(slot))
        if known is not None and known[0] is slot:
            return known[1]
        later = tuple(replace(slot, patterns=(pattern,)) for pattern in slot.patterns[1:])
        self._later_patterns_memo[id(slot)] = (slot, later)
        return later

    @cached_property
    def _rules(self) -> _Rules:
        novice = self.experience is Experience.NOVICE
        return _Rules(self.available, self.avoid, self.banned, self.no_jumping, novice)

    def _protocol_exercise(
        self, dosed: Dosed, floor: Level = Level.FOUNDATIONAL, avoid: Set[str] = frozenset()
    ) -> Exercise | None:
        """An injury protocol's exercise: the first option this runner can do and has the
        level for: the runner's own level, or `floor` if that is higher (rehab exercises
        are simple movements, so a routine outside the sessions opens up to intermediate),
        and none of `avoid`."""
        cap = level_cap(self.experience, max(0, self.state.loading_block))
        ceiling = max(cap.rank, floor.rank)
        for option in dosed.options():
            if option in avoid:
                continue
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
            known = self._protocol_picks.get(id(slot.dosed))
            if known is not None and known[0] is slot.dosed:
                return known[1]
            return self._protocol_exercise(slot.dosed)
        candidates, by_id = self._candidates_by_id(slot, cap)
        if slot.serves is not None:
            # Work a promise depends on never takes an injury protocol's exercise (the
            # session would hold it twice), and may reach one level up (a single-leg calf
            # raise is foundational), then a two-legged version, rather than be missing.
            # Last, the slot's later patterns on their own: the first pattern with any
            # exercise wins, and its only ones may be an injury protocol's.
            up = _LEVELS[min(cap.rank + 1, level_cap(self.experience, 99).rank)]
            options = chain(
                (candidates,),
                (self._candidates_for(s, up) for s in (slot, self._either_side(slot))),
                (self._candidates_for(later, up) for later in self._later_patterns(slot)),
            )  # made one by one: the first with a free exercise ends the search
            for option in options:
                free = tuple(e for e in option if e.id not in self.reserved)
                if free:
                    candidates = free
                    break
        if not candidates:
            return None
        if slot.serves is not None:
            by_id = {e.id: e for e in candidates}
        fresh = (
            [e for e in candidates if e.id not in taken]
            or [e for e in candidates if e.id not in self.reserved]
            or list(candidates)
        )
        if self._wants_load(slot) and not any(e.loadable for e in fresh):
            # A loaded version another session already holds beats a body-weight one.
            fresh += [e for e in candidates if e.loadable and e.id not in self.reserved]
        previous = by_id.get(previous_id) if previous_id else None
        if previous is None and previous_id is not None:
            # The old exercise no longer fits (e.g. a session type changed): stay near its rung.
            old = self.catalog.exercise(previous_id)
            near = [
                e
                for e in fresh
                if abs(e.level.rank - old.level.rank) <= 1 and e.level.rank <= old.level.rank + 1
            ]
            if not near and self._allowed(old):
                return old  # nothing within a rung of it fits this slot: stay on it
            fresh = near or fresh
            if slot.main:  # a main lift never steps down its ladder
                fresh = [e for e in fresh if e.level.rank >= old.level.rank] or fresh
        if previous is None:
            easy = slot.block in EASY_BLOCKS
            # A new slot starts at most one rung above what the runner has done in that
            # movement: a third session of the week never skips the rungs of the first two.
            top = self.state.top_level
            fresh = [e for e in fresh if e.level.rank <= top.get(e.pattern, 99) + 1] or fresh

            # Warm-ups start easy; work starts as high as the level allows, and strength work
            # prefers what can carry load, since strength grows with load where load exists.
            # Runners with weights past the novice start begin with loaded versions.
            loads = self._wants_load(slot)

            def rank(e: Exercise) -> tuple[bool, int, bool, str]:
                loaded = slot.block is Block.STRENGTH and e.loadable
                level = e.level.rank if easy else -e.level.rank
                return (loads and not e.loadable, level, not loaded, e.id)

            return min(fresh, key=rank)
        # A new block: one rung up the ladder if the level allows, else a sibling for variety.
        ups = [
            by_id[i]
            for i in previous.progressions
            if i in by_id and i not in taken and by_id[i].level.rank <= previous.level.rank + 1
        ]  # never skip a rung, even where the data's ladder does
        timed = previous.dose.seconds is not None
        loads = self._wants_load(slot)
        if loads and not previous.loadable:
            # Past the novice start, a runner with weights takes the loaded version of the
            # movement (a dumbbell lunge after the body-weight lunge): at the same rung or
            # the next, whether or not the data's ladder names it.
            rung, on_ladder = previous.level.rank, {e.id for e in ups}
            ups += [
                e
                for e in fresh
                if e.loadable and rung <= e.level.rank <= rung + 1 and e.id not in on_ladder
            ]

        named = set(previous.progressions)
        words = set(previous.id.split("-"))

        def closeness(e: Exercise) -> tuple[bool, bool, bool, int, int, str]:
            # The same movement made harder: reps stay reps, and runners with weights get
            # loaded versions of strength and calf work once past the novice start; then
            # the ladder's own next rung, then the nearest name (a single-leg calf raise
            # goes on to a weighted calf raise, not to an eccentric heel drop).
            return ((e.dose.seconds is not None) != timed, loads and not e.loadable,
                    e.id not in named, -len(words & set(e.id.split("-"))), e.level.rank,
                    e.id)  # fmt: skip

        if ups and slot.block not in EASY_BLOCKS:
            best = min(ups, key=closeness)
            if not (slot.main and closeness(best)[0]):
                return best  # a main lift never turns from reps into a hold
        same = [e for e in fresh if e.level is previous.level and e.id != previous.id]
        if loads and previous.loadable:
            same = [e for e in same if e.loadable]
        if slot.main:
            same = [e for e in same if (e.dose.seconds is not None) == timed]
        siblings = sorted(e.id for e in same)
        if siblings:
            later = [i for i in siblings if i > previous.id]
            return by_id[(later or siblings)[0]]
        return previous

    def _loaded_instead(
        self, slot: Slot, cap: Level, previous_id: str, taken: set[str]
    ) -> str | None:
        """A loaded exercise at the same rung as a body-weight pick, for a runner who
        should go loaded (``_wants_load``); None to keep the pick."""
        previous = self.catalog.exercise(previous_id)
        if previous.loadable or not self._wants_load(slot):
            return None
        same = [
            e
            for e in self._candidates_for(slot, cap)
            if e.loadable
            and e.level is previous.level
            and e.id not in self.reserved
            and (e.dose.seconds is None) == (previous.dose.seconds is None)
        ]
        # one no other session holds first
        return min(same, key=lambda e: (e.id in taken, e.id)).id if same else None

    @cached_property
    def _has_weights(self) -> bool:
        return bool(self.available & {Equipment.DUMBBELL, Equipment.KETTLEBELL, Equipment.BARBELL})

    def _wants_load(self, slot: Slot) -> bool:
        """Strength and calf work goes loaded for runners with weights past the novice start."""
        if not self._has_weights:
            return False
        if self.experience is Experience.NOVICE and self.state.loading_block < 1:
            return False
        return slot.block is Block.STRENGTH or Pattern.CALF in slot.patterns

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

    def _jumps_protected(self, frame: WeekFrame) -> bool:
        """A runner allowed to jump keeps a power block (novices from their third week)."""
        if self.no_jumping:
            return False
        if self.experience is Experience.NOVICE and frame.phase in LOADING:
            return frame.training_week >= NOVICE_JUMPS_FROM_WEEK
        return True

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
        in_session: set[str] = set()
        self._drafts = {}
        self._protection_memo = {}
        self._floor_memo = {}
        self._floor_ctx = None
        full_legs = legs is LegLoad.FULL
        # Slots that open later (novices' jumps from week 3): by this training week in
        # loading weeks, and only if already open by week 1 in the others.
        opened_by = max(frame.training_week, 0) if frame.phase in LOADING else 1
        picks = self.state.picks
        key = template.key
        memory_key = _memory_key(template, legs)
        for index, slot in enumerate(template.slots):
            if (slot.block is Block.POWER or slot.dosed is not None) and not full_legs:
                continue  # no explosive work and no heavy rehab loading on a light day
            if slot.from_training_week > opened_by:
                continue
            exercise_id = picks.get((key, index))
            if exercise_id is None:
                continue
            if exercise_id in in_session:
                # Never the same exercise twice in one session: the slot a promise needs
                # keeps it, any other gives it up.
                if slot.serves is None:
                    continue
                chosen = [e for e in chosen if e.exercise.id != exercise_id]
            exercise = self.catalog.exercise(exercise_id)
            last = self._last_dose(memory_key, index, frame.block) if frame.deload else None
            if last is not None and slot.block is Block.POWER and exercise.plyometric:
                last = None  # a lighter week's jumps come from its own contact budget (80 %)
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
            extra = NO_EXTRA if slot.serves is None else self._extra_sets(slot, exercise, frame)
            chosen.append(_Entry(index, slot, exercise, rx, extra))
            in_session.add(exercise_id)
        late = frame.phase in (PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE)
        if (frame.deload or late) and self.state.seen:
            # A lighter week and the run-in to a race bring nothing new, even in a session
            # they did not have before.
            chosen = [e for e in chosen if e.exercise.id in self.state.seen] or chosen
        chosen, pairs, needed, seconds = self._fit_like_last_week(
            template, frame, chosen, placement
        )
        if needed:
            self.short_sessions.append((frame.index, math.ceil(needed / 60)))
        state = self.state
        top_level = state.top_level
        worded: list[texts.Dosed] = []
        blocks: list[BlockPlan] = []
        block_items: list[Item] = []
        kind: Block | None = None
        level_rank = 0
        for e in chosen:
            exercise = e.exercise
            state.seen.add(exercise.id)
            rank = exercise.level.rank
            top_level[exercise.pattern] = max(top_level.get(exercise.pattern, -1), rank)
            level_rank = max(level_rank, rank)
            state.used.add((template.key, e.index))
            words = self._worded(e, frame, legs)
            worded.append(words)
            # Templates list their slots in block order, so a new block kind starts a block.
            if e.slot.block is not kind:
                if block_items:
                    blocks.append(BlockPlan(kind, tuple(block_items)))  # type: ignore[arg-type]
                kind, block_items = e.slot.block, []
            block_items.append(self._item(e, words, frame, pairs.get(e.index)))
        if block_items:
            blocks.append(BlockPlan(kind, tuple(block_items)))  # type: ignore[arg-type]
        state.done.add(template.key)
        if legs is not LegLoad.LIGHT:
            state.done_full.add(template.key)
        return Session(
            date=placement.date,
            minutes=math.ceil(seconds / 60),
            level=_LEVELS[level_rank],
            focus=texts.focus(worded, legs > LegLoad.NONE),
            loads_legs=legs > LegLoad.NONE,
            blocks=tuple(blocks),
            timing=texts.timing(self._day_kind(placement.date).value),
            template=template.key,
        )

    def _last_dose(self, key: str, index: int, block: int) -> Prescription | None:
        """This slot's dose in its session's last loading week, if that was in this block."""
        memory = self.state.last_fit.get(key)
        if memory is None or memory[0] != block:
            return None
        return memory[1].get(index)

    def _protections(self, entry: _Entry, frame: WeekFrame) -> frozenset[Protection]:
        slot = entry.slot
        found = set()
        if slot.dosed is not None:
            found.add(Protection.PROTOCOL)
        if slot.serves is not None:
            found.add(Protection.ADAPTATION)
        if slot.main:
            found.add(Protection.MAIN)
        if slot.kept:
            found.add(Protection.KEPT)
        if slot.block is Block.WARMUP and slot.priority == 0:
            found.add(Protection.WARMUP)
        if slot.block is Block.POWER and self._jumps_protected(frame):
            found.add(Protection.JUMPS)
        return frozenset(found)

    def _draft(self, entry: _Entry, frame: WeekFrame, placement: Placement) -> Draft:
        """The entry as the fitter sees it (worked out once per entry of a session)."""
        hit = self._drafts.get(id(entry))
        if hit is not None and hit[0] is entry:
            return hit[1]
        draft = self._new_draft(entry, frame, placement)
        self._drafts[id(entry)] = (entry, draft)
        return draft

    def _new_draft(self, entry: _Entry, frame: WeekFrame, placement: Placement) -> Draft:
        slot, rx = entry.slot, entry.rx
        floor_ctx = self._floor_ctx
        if floor_ctx is None:
            floor_ctx = self._floor_ctx = FloorContext(
                full_legs=placement.legs is LegLoad.FULL,
                loading=frame.phase in LOADING and not frame.deload,
                trained=self.experience is not Experience.NOVICE,
                minutes=self.minutes,
            )
        known = self._slot_groups.get(id(slot))
        if known is not None and known[0] is slot:
            group = known[1]
        else:
            group = _group(slot)
            self._slot_groups[id(slot)] = (slot, group)  # the slot is kept: its id stays its own
        # Positional arguments, in Draft's field order: this runs for every item of a plan.
        return Draft(
            entry.index,
            group,
            slot.priority,
            rx.sets,
            entry.extra,
            entry.exercise.dose.per_side,
            set_seconds(rx, entry.exercise),
            rx.rest_seconds,
            entry.warmup_sets,
            self._floor_of(entry, frame, floor_ctx),
        )

    def _floor_of(self, entry: _Entry, frame: WeekFrame, floor_ctx: FloorContext) -> Floor:
        """`protected_floor` for the entry, worked out once per slot and set count of a
        session (a session's context is fixed)."""
        key = (entry.index, entry.rx.sets)
        floor = self._floor_memo.get(key)
        if floor is None:
            protections = self._protections_of(entry, frame)
            floor = self._floor_memo[key] = protected_floor(protections, entry.rx.sets, floor_ctx)
        return floor

    def _protections_of(self, entry: _Entry, frame: WeekFrame) -> frozenset[Protection]:
        """`_protections`, worked out once per slot of a session."""
        protections = self._protection_memo.get(entry.index)
        if protections is None:
            protections = self._protection_memo[entry.index] = self._protections(entry, frame)
        return protections

    def _fit_like_last_week(
        self, template: Template, frame: WeekFrame, chosen: list[_Entry], placement: Placement
    ) -> tuple[list[_Entry], Mapping[int, str], int, int]:
        """Keep a block's sessions comparable from week to week.

        Inside a block the session keeps last week's exercises and grows; if the growth
        would overrun the runner's minutes, items go back to last week's dose, least
        important first, rather than losing an exercise. A lighter week keeps the same
        exercises with less work (a quarter less at least) and adds nothing back. A new
        block is fitted afresh, with room to grow.
        """
        key = _memory_key(template, placement.legs)
        memory = self.state.last_fit.get(key)
        loading = frame.phase in LOADING
        budget = self.minutes * 60
        if memory is not None and not loading:
            # Peak, taper, race and recovery weeks bring nothing new: last block's exercises,
            # and the work a promise needs (done in the other sessions already, when this
            # session's last block was before that work began).
            chosen = [
                e for e in chosen if e.index in memory[1] or e.slot.serves is not None
            ] or chosen
        elif memory is None or memory[0] != frame.block:
            # A block's first week leaves a tenth of the time free for the block to grow into.
            budget = int(budget * BLOCK_HEADROOM)
        else:
            previous = memory[1]
            chosen = [e for e in chosen if e.index in previous or self._protections_of(e, frame)]
            # Measured as last week's session was done, in its pairs: growth that fits
            # beside a partner's rests is kept.
            paired_last = _pairs_in(self.state.last_pairs.get(key), frame.block)
            drafts: dict[int, Draft] = {}
            total = 0
            if not frame.deload:
                drafts = {e.index: self._draft(e, frame, placement) for e in chosen}
                total = session_seconds(drafts, paired_last)
            if not frame.deload and total > self.minutes * 60:
                # growth goes back least important first; protected work (the jumps' rising
                # contact target, a promise's sets) keeps its growth longest
                order = sorted(
                    chosen,
                    key=lambda e: (
                        bool(self._protections_of(e, frame)),
                        -e.slot.priority,
                        -e.index,
                    ),
                )
                # Two passes: first only the added sets go back (this week's reps and load
                # stay, so a tight session still grows by a rep), then sets and reps both.
                for whole in (False, True):
                    for entry in order:
                        if total <= self.minutes * 60:
                            break
                        at = next(i for i, e in enumerate(chosen) if e.index == entry.index)
                        current = chosen[at]
                        before = previous.get(entry.index)
                        if before is None or before.contacts > current.rx.contacts:
                            continue  # never more jumping than this week's contact budget
                        rx = current.rx
                        if not whole:
                            if before.sets >= rx.sets or rx.contacts:
                                continue
                            # (never fewer reps or seconds than last week's)
                            reps = max(rx.reps, before.reps or 0) if rx.reps else None
                            held = max(rx.seconds, before.seconds or 0) if rx.seconds else None
                            back = Prescription(before.sets, reps, held, rx.load,
                                                rx.rest_seconds, rx.tempo, rx.contacts,
                                                rx.hold_top)  # fmt: skip
                        else:
                            # back to last week's sets and reps, keeping this week's heavier
                            # load: a heavier load costs no time, so the overload goes on
                            back = Prescription(before.sets, before.reps, before.seconds,
                                                rx.load, before.rest_seconds, before.tempo,
                                                before.contacts, before.hold_top)  # fmt: skip
                        reverted = _Entry(current.index, current.slot, current.exercise, back,
                                          current.extra)  # fmt: skip
                        chosen[at] = reverted
                        drafts[entry.index] = self._draft(reverted, frame, placement)
                        total = session_seconds(drafts, paired_last)
        earlier = self.state.last_pairs.get(key)
        paired_before = tuple(_pairs_in(earlier, frame.block).items())
        drafted = chosen
        chosen, pairs, needed, took = self._fit(chosen, budget, frame, placement, paired_before)
        if budget < self.minutes * 60 and _core_work(chosen) != _core_work(drafted):
            # The tenth left free to grow into never costs a lift, or a jump set, that the
            # minutes have room for; once the full minutes are needed for those anyway,
            # the session takes what else they hold.
            roomier = self._fit(drafted, self.minutes * 60, frame, placement, paired_before)
            if (*_core_work(roomier[0]), len(roomier[0])) > (*_core_work(chosen), len(chosen)):
                chosen, pairs, needed, took = roomier
        if frame.deload and memory is not None and memory[0] == frame.block:
            # measured against the whole of last week's session, not only what is left
            chosen = _lighter_enough(
                chosen, self.state.last_work.get(key, 0), self._jumps_protected(frame)
            )
            kept = {e.index for e in chosen}
            pairs = {k: v for k, v in pairs.items() if k in kept}
            drafts = {e.index: self._draft(e, frame, placement) for e in chosen}
            took = session_seconds(drafts, pairs)
        if not pairs and earlier is not None and earlier[0] == frame.block:
            # The same pairs all block long, even in a week whose minutes would not need
            # them: a runner learns a session's order once (unless pairing now overruns).
            kept = {e.index for e in chosen}
            same = {k: v for k, v in earlier[1].items() if k in kept}
            pairs = {k: v for k, v in same.items() if list(same.values()).count(v) == 2}
            if pairs:
                drafts = {e.index: self._draft(e, frame, placement) for e in chosen}
                paired = session_seconds(drafts, pairs)
                if paired <= max(took, self.minutes * 60):  # within the minutes, or shorter
                    took = paired
                else:
                    pairs = {}
        elif pairs:
            self.state.last_pairs[key] = (frame.block, pairs)
        if not frame.deload:
            self.state.last_work[key] = sum(_work_of(e, e.rx) for e in chosen)
        if loading and not frame.deload:
            # Only a loading week: a peak week that did without a session's jumps (their
            # contacts went to another session) must not make them new the week after.
            self.state.last_fit[key] = (frame.block, {e.index: e.rx for e in chosen})
        return chosen, pairs, needed, took

    def _fit(
        self,
        entries: list[_Entry],
        budget: int,
        frame: WeekFrame,
        placement: Placement,
        paired_before: tuple[tuple[int, str], ...] = (),
    ) -> tuple[list[_Entry], Mapping[int, str], int, int]:
        """Shorten to the runner's minutes with the pure fitter (``fitting.fit``): the
        kept entries, their pairs, the seconds the floors need beyond the minutes (or 0)
        and the seconds the fitted session takes."""
        by_key = {e.index: e for e in entries}
        drafts = tuple(self._draft(e, frame, placement) for e in entries)
        fitted = fit(drafts, budget, paired_before)
        kept = []
        for draft in fitted.items:
            entry = by_key[draft.key]
            while entry.rx.sets > draft.sets:
                entry = entry.with_one_set_less()
            if entry.extra is not draft.extra and entry.extra != draft.extra:
                entry = _Entry(entry.index, entry.slot, entry.exercise, entry.rx, draft.extra)
            kept.append(entry)
        # A tenth of headroom is a wish, not a floor: only overrunning the minutes counts.
        needed = fitted.needed_seconds if fitted.seconds > self.minutes * 60 else 0
        return kept, fitted.pairs, needed, fitted.seconds

    def _worded(self, entry: _Entry, frame: WeekFrame, legs: LegLoad) -> texts.Dosed:
        rx = entry.rx
        exercise, slot = entry.exercise, entry.slot
        loading = frame.phase in LOADING
        before = self._last_full_dose.get(exercise.id)
        lighter = (
            (frame.deload or not loading)
            and before is not None
            and rx.sets * (rx.reps or rx.seconds or 0)
            < before.sets * (before.reps or before.seconds or 0)  # less work (`_work`)
        )
        if loading and not frame.deload:
            self._last_full_dose[exercise.id] = rx
        extra = entry.extra
        injured = (
            extra is not NO_EXTRA
            and slot.serves is not None
            and (promise := self.promised.get(slot.serves)) is not None
            and promise.kind == "injury"
        )
        # Positional arguments, in Dosed's field order: this runs for every item of a plan.
        return texts.Dosed(slot.block, exercise.pattern, _heavy(rx), lighter,
                           legs is LegLoad.LIGHT, extra, slot.reason, slot.role,
                           injured)  # fmt: skip

    def _item(self, entry: _Entry, worded: texts.Dosed, frame: WeekFrame, pair: str | None) -> Item:
        exercise, rx = entry.exercise, entry.rx
        # Positional arguments, in Item's field order: this runs for every item of a plan.
        return Item(
            exercise.id,
            exercise.name,
            rx.sets,
            rx.reps,
            rx.seconds,
            exercise.dose.per_side,
            entry.extra,
            rx.contacts,
            rx.load,
            rx.rest_seconds,
            rx.tempo,
            exercise.equipment,
            exercise.level,
            exercise.unilateral,
            texts.why(worded, frame.phase),
            entry.slot.role,
            pair,
            entry.warmup_sets,
            hold_top=rx.hold_top,
        )

    def _extra_sets(self, slot: Slot, exercise: Exercise, frame: WeekFrame) -> ExtraSets:
        """Extra sets on the weaker side, on the one-sided work that serves a finding, or
        on the injured side for an injury protocol's one-sided work.

        Loading weeks and the peak carry them, lighter weeks too (one set, still uneven);
        the taper and race week stay even.
        """
        if slot.serves is None or not exercise.dose.per_side:
            return NO_EXTRA
        if frame.phase not in _EXTRA_SET_PHASES:
            return NO_EXTRA
        promise = self.promised.get(slot.serves)
        if promise is None:
            return NO_EXTRA
        left, right = promise.extra_sets.left, promise.extra_sets.right
        if frame.deload:
            left, right = min(left, 1), min(right, 1)
        return ExtraSets(left, right) if left or right else NO_EXTRA

    # -- rehab -------------------------------------------------------------------------
    def _rehab(self, frame: WeekFrame, sessions: list[Session]) -> tuple[RehabRoutine, ...]:
        """The week's short rehab routines, beside (never instead of) the sessions.

        A routine with a frequency goes on the days it names; a day whose session already
        holds one of the routine's exercises skips it (the same exercise twice in a day is
        one dose too many). A protocol counted by days a week (``per_week``) gets that many
        days, sessions and rehab days together: what a session exercise's sessions leave
        becomes rehab days between them, and a routine's item gets all its days
        (``_protocol_days``, ``_counted``).
        """
        routines = []
        in_sessions = {
            WEEKDAYS[s.date.weekday()]: {i.exercise for i in s.items()} for s in sessions
        }
        for area, plan in self.injury_plans:
            if plan.rehab is not None and plan.rehab.frequency is not None:
                routine = self._routine(area, plan.rehab, plan.rehab.frequency, frame, in_sessions)
                if routine is not None:
                    routines.append(routine)
        # The counted days come second, around the routines: two injuries may call for the
        # same exercise (single-leg calf raises), and a day holds it once.
        for area, plan in self.injury_plans:
            routines.extend(self._counted(area, plan, frame, sessions, routines))
        return tuple(routines)

    def _routine(
        self,
        area: InjuryArea,
        rehab: Rehab,
        frequency: Frequency,
        frame: WeekFrame,
        in_sessions: dict[str, set[str]],
    ) -> RehabRoutine | None:
        """A profile's routine on the days its frequency names (items counted by days a
        week go to ``_counted`` instead)."""
        items = []
        seconds = 0
        for dosed in rehab.items:
            if dosed.weekly():
                continue
            exercise = self._protocol_exercise(dosed, floor=Level.INTERMEDIATE)
            if exercise is None:
                continue
            rx = _from_step(dosed.step_for(frame.index), exercise, self.experience)
            slot = self._rehab_slot(area, exercise, dosed, f"rehab_{area.value}")
            entry = _Entry(0, slot, exercise, rx, self._extra_sets(slot, exercise, frame))
            seconds += estimate_seconds(rx, exercise, entry.extra.left + entry.extra.right)
            worded = self._worded(entry, frame, LegLoad.LIGHT)
            items.append(self._item(entry, worded, frame, None))
        ids = {i.exercise for i in items}
        days = [
            name
            for name, _date in self._rehab_days(frequency, frame)
            if not in_sessions.get(name, set()) & ids
        ]
        if not (days and items):
            return None
        return RehabRoutine(tuple(days), rehab.per_day, math.ceil(seconds / 60), tuple(items))

    def _rehab_slot(self, area: InjuryArea, exercise: Exercise, dosed: Dosed, role: str) -> Slot:
        return Slot(
            Block.ACCESSORY,
            (exercise.pattern,),
            role,
            0,
            reason=dosed.why,
            serves=f"injury:{area.value}",
        )

    def _counted(
        self,
        area: InjuryArea,
        plan: StatusPlan,
        frame: WeekFrame,
        sessions: list[Session],
        routines: list[RehabRoutine],
    ) -> list[RehabRoutine]:
        """The rehab days of the protocols counted by days a week, as routines.

        A session exercise (heavy slow heel raises) counts the sessions that hold it and
        gets the days they leave; a routine's item (Nordic curls) gets all its days. The
        days of one area that hold the same work make one routine.
        """
        by_day: dict[dt.date, list[tuple[_Entry, texts.Dosed]]] = {}
        for dosed, role, carried in self._counted_protocols(area, plan):
            floor = Level.FOUNDATIONAL if carried else Level.INTERMEDIATE
            wanted = dosed.per_week_for(frame.index)
            exercise = self._protocol_exercise(dosed, floor)
            if not wanted or exercise is None:
                continue
            options = set(dosed.options())
            held = [
                (s.date, i)
                for s in sessions
                for i in s.items()
                if i.role == role and i.exercise in options
            ]
            if held:
                exercise = self.catalog.exercise(held[0][1].exercise)  # the sessions' pick
            busy = {s.date for s in sessions if exercise.id in {i.exercise for i in s.items()}}
            busy |= {
                frame.start + dt.timedelta(days=WEEKDAYS.index(name))
                for routine in routines
                if exercise.id in {i.exercise for i in routine.items}
                for name in routine.days
            }
            key = f"{area.value}:{dosed.exercise}"
            holding = sorted({day for day, _item in held})
            days = self._protocol_days(
                key, wanted - len(holding), frame, holding, busy, sessions, carried
            )
            if holding or days:
                self._protocol_last[key] = max([*holding, *days])
            like = held[0][1] if held else None
            slot = self._rehab_slot(area, exercise, dosed, role)
            for day in days:
                rx, extra = self._protocol_rx(dosed, slot, exercise, frame, day, like, carried)
                entry = _Entry(len(by_day.get(day, [])), slot, exercise, rx, extra)
                light = self._season.leg_cap(day) is not LegLoad.FULL
                worded = self._worded(entry, frame, LegLoad.LIGHT if light else LegLoad.FULL)
                by_day.setdefault(day, []).append((entry, worded))
        grouped: list[tuple[list[Item], list[str], int]] = []
        for day in sorted(by_day):
            entries = by_day[day]
            items = [self._item(e, w, frame, None) for e, w in entries]
            name = WEEKDAYS[day.weekday()]
            same = next((g for g in grouped if g[0] == items), None)
            if same is not None:
                same[1].append(name)
                continue
            drafts = {e.index: _rehab_draft(e) for e, _w in entries}
            grouped.append((items, [name], math.ceil(session_seconds(drafts, {}) / 60)))
        return [
            RehabRoutine(tuple(names), 1, minutes, tuple(items))
            for items, names, minutes in grouped
        ]

    def _counted_protocols(
        self, area: InjuryArea, plan: StatusPlan
    ) -> list[tuple[Dosed, str, bool]]:
        """The status's protocols counted by days a week, each with the role its items
        carry and whether it is a session exercise (its rehab days carry what the sessions
        leave) rather than a routine's."""
        found = [
            (dosed, _injury_role(area, number), True)
            for number, dosed in enumerate(plan.session, start=1)
            if dosed.weekly()
        ]
        if plan.rehab is not None:
            found += [(d, f"rehab_{area.value}", False) for d in plan.rehab.items if d.weekly()]
        return found

    @cached_property
    def _protocol_last(self) -> dict[str, dt.date]:
        """The last day each counted protocol was done (sessions or rehab), so the next
        week's first day keeps 48 hours from it where it can."""
        return {}

    def _protocol_days(
        self,
        key: str,
        need: int,
        frame: WeekFrame,
        holding: list[dt.date],
        busy: set[dt.date],
        sessions: list[Session],
        beside_sessions: bool,
    ) -> list[dt.date]:
        """`need` days for a protocol this week, the days `holding` it already taken.

        Never a day the race rules close or keep free of leg work, nor one whose session
        holds the exercise, and never the day before or after another of its days this week
        (a tendon or muscle loaded heavily wants 48 hours). Among those, in this order: not
        the day after last week's last one, not the day before a quality run, long run or
        race, then (`beside_sessions`, for work the sessions also hold) days without a
        session, or (a routine of its own) the leg-session days, so the easy days stay easy;
        then the days most spread out, then the earliest. Fewer days only where the week
        cannot hold them all.
        """
        if need <= 0:
            return []
        start = self.profile.start_date
        candidates = [
            day
            for day in (frame.start + dt.timedelta(days=i) for i in range(7))
            if day >= start
            and not self._season.closed(day)
            and self._season.leg_cap(day) is not LegLoad.NONE
            and day not in busy
            and day not in holding
        ]
        last = self._protocol_last.get(key)
        session_days = {s.date for s in sessions}
        leg_days = {s.date for s in sessions if s.loads_legs}
        key_runs = (DayKind.QUALITY, DayKind.LONG, DayKind.RACE)

        def spread(days: tuple[dt.date, ...]) -> int:
            ordered = sorted((*days, *holding))
            return min((b - a).days for a, b in pairwise(ordered))

        def score(days: tuple[dt.date, ...]) -> tuple[int, int, int, int, int, tuple[int, ...]]:
            # a long-run day only where nothing else fits (nothing heavy after a long run)
            long_days = sum(1 for d in days if self._day_kind(d) is DayKind.LONG)
            after_last = sum(1 for d in days if last is not None and (d - last).days < 2)
            before_key = sum(
                1 for d in days if self._day_kind(d + dt.timedelta(days=1)) in key_runs
            )
            if beside_sessions:
                placed = sum(1 for d in days if d in session_days)
            else:
                placed = sum(1 for d in days if d not in leg_days)
            gap = spread(days) if len(days) + len(holding) > 1 else 7
            return (
                after_last,
                before_key,
                long_days,
                placed,
                -gap,
                tuple(d.toordinal() for d in days),
            )

        for count in range(min(need, len(candidates)), 0, -1):
            fitting_days: list[tuple[dt.date, ...]] = [
                days
                for days in combinations(candidates, count)
                if len(days) + len(holding) < 2 or spread(days) >= 2
            ]
            if fitting_days:
                best = min(fitting_days, key=score)
                return sorted(best)
        return []

    def _protocol_rx(
        self,
        dosed: Dosed,
        slot: Slot,
        exercise: Exercise,
        frame: WeekFrame,
        day: dt.date,
        like: Item | None,
        carried: bool,
    ) -> tuple[Prescription, ExtraSets]:
        """A counted protocol's dose on one of its rehab days.

        In a loading week a rehab day repeats what the week's sessions hold, so the week is
        one dose; otherwise the step of the week, lighter in a lighter week (as the sessions
        are), with half the sets (the taper's cut in volume, its load kept) in the taper,
        race and recovery weeks, and at a moderate effort on days the race rules keep light.
        """
        light = self._season.leg_cap(day) is not LegLoad.FULL
        loading = frame.phase in _EXTRA_SET_PHASES
        if like is not None and loading and not light:
            rx = Prescription(
                like.sets,
                like.reps,
                like.seconds,
                dict(like.load),
                like.rest_seconds,
                like.tempo,
                0,
                like.hold_top,
            )
            return rx, like.extra_sets
        rx = _from_step(dosed.step_for(frame.index), exercise, self.experience)
        if carried and frame.deload:
            rx = lighter(rx, least_amount(exercise, Block.ACCESSORY, self.experience))
        if light or not loading:
            rx = replace(rx, sets=math.ceil(rx.sets / 2))
        if light and not rx.load.get("bodyweight"):
            rx = replace(rx, load={"rpe": 6})  # an easy effort: nothing heavy near a race
        return rx, self._extra_sets(slot, exercise, frame)

    def _rehab_days(self, frequency: Frequency, frame: WeekFrame) -> list[tuple[str, dt.date]]:
        pattern = {
            Frequency.DAILY: WEEKDAYS,
            Frequency.EVERY_OTHER_DAY: ("mon", "wed", "fri", "sun"),
            Frequency.THREE_PER_WEEK: ("mon", "wed", "fri"),
        }[frequency]
        days = []
        for offset, name in enumerate(WEEKDAYS):
            date = frame.start + dt.timedelta(days=offset)
            if frequency is Frequency.EVERY_OTHER_DAY:
                # Every other day by the calendar, so Sunday and Monday never both hold it.
                pattern = (name,) if date.toordinal() % 2 == 0 else ()
            if (
                name in pattern
                and date >= self.profile.start_date
                and self._season.race_on(date) is None
            ):
                days.append((name, date))
        return days

    # -- foot contacts -----------------------------------------------------------------
    def _per_session_contacts(self) -> int:
        """The most one session may jump this week: a fifth more than any session of the
        last full week, or the starting dose, whichever is more (the week's budget keeps
        the total in step)."""
        before = max(self.state.contacts_most, self.state.contacts_most_full)
        start = self.contacts.start
        if not before:
            return start * 2
        offered = self.state.contacts_offered[1]
        return max(start, int(before * CONTACTS_WEEKLY_RISE), _still_rising(offered, before))

    def _contacts_budget(self, frame: WeekFrame, placements: list[Placement]) -> int:
        """This week's foot contacts: grown from what was actually done last week.

        Growth is at most 20 % a week from last week's real total (the evidence allows
        20-30 %), up to 20-40 contacts a session while learning and 40-80 for trained
        runners (evidence.md section 2); a lighter week keeps 80 %. The peak and the taper
        keep about half of the last full loading week's total, rather than none. After a
        week without jumps the runner starts again from the starting dose.
        """
        sessions = sum(1 for p in placements if p.legs is LegLoad.FULL)
        if not sessions:
            return 0
        cap = self.contacts.cap * sessions
        last = self.state.contacts_last_week
        start = self.contacts.start
        loading = self.state.contacts_loading  # per session, last full loading week
        if frame.phase in (PhaseName.PEAK, PhaseName.TAPER) and loading:
            per_session = max(loading, start) * SHARPEN_CONTACTS
            return int(min(cap, per_session * sessions))
        if last <= 0:
            return min(cap, start * sessions)
        if frame.deload:
            return int(min(cap, max(loading, start) * sessions * 0.8))
        if frame.phase in LOADING:
            # grown from last week, or from the last full week after a lighter one
            grown = max(last, loading * sessions * 0.8) * CONTACTS_WEEKLY_RISE
            grown = max(grown, _still_rising(self.state.contacts_offered[0], last))
            # (never under the starting dose a session: that is where anyone may begin)
            return int(min(cap, max(grown, start * sessions)))
        return int(min(cap, last * 0.5))

    # -- warnings ----------------------------------------------------------------------
    def _general_warnings(self) -> None:
        profile = self.profile
        self.warnings.extend(self.contacts.reasons)  # what mileage and age changed
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
        if self.injury_plans:
            self.warnings.append(
                "runstrong is not medical advice: see a professional if pain persists or grows."
            )
        if self.short_sessions:
            weeks = sorted({week for week, _minutes in self.short_sessions})
            most = max(minutes for _week, minutes in self.short_sessions)
            self.warnings.append(
                f"Some sessions need about {most} minutes, more than your "
                f"{self.minutes}, to hold the work that matters (the main lift, the jumps "
                f"and what your tests and injuries add): {_week_ranges(weeks)}. Give them "
                f"{most} minutes, or ask for fewer things at once."
            )


# Not frozen: made by the thousand per plan, replaced rather than changed. Compared by
# identity (eq=False): comparing fields would compare whole exercise records.
@dataclass(slots=True, eq=False)
class _Entry:
    """An exercise placed in a slot of a session, with its dose, before it becomes an item."""

    index: int
    slot: Slot
    exercise: Exercise
    rx: Prescription
    extra: ExtraSets = NO_EXTRA

    @property
    def warmup_sets(self) -> int:
        """Ramp sets before heavy loaded strength sets (evidence.md section 2: 2-3 ramp
        sets, e.g. 50, 70 and 85 % of the working load, before sets at 80 % 1RM or more)."""
        if self.slot.block is not Block.STRENGTH or not self.exercise.loadable:
            return 0
        if not _heavy(self.rx):
            return 0
        heaviest = self.rx.load.get("percent_1rm", 0) >= 85 or (self.rx.reps or 99) <= 4
        return 3 if heaviest else 2

    def with_one_set_less(self) -> _Entry:
        rx = self.rx
        per_set = rx.contacts // rx.sets
        fewer = Prescription(rx.sets - 1, rx.reps, rx.seconds, rx.load, rx.rest_seconds,
                             rx.tempo, rx.contacts - per_set, rx.hold_top)  # fmt: skip
        return _Entry(self.index, self.slot, self.exercise, fewer, self.extra)


def _still_rising(offered: int, done: int) -> int:
    """A contact target grown from what was offered rather than from what was done.

    Sets and reps come in steps (3 sets of 4 a side is 24 contacts, the next step 30), so
    a small target grown from what was done can stall for weeks below the step it needs.
    Grown from the last offer instead, it reaches the step; never more than 30 % above
    what was done (evidence.md: 20-30 % a week)."""
    return min(int(offered * CONTACTS_WEEKLY_RISE), int(done * CONTACTS_MOST_RISE))


def _lifts(entries: Sequence[_Entry]) -> int:
    """The strength block's exercises among these."""
    return sum(1 for e in entries if e.slot.block is Block.STRENGTH)


def _core_work(entries: Sequence[_Entry]) -> tuple[int, int]:
    """What fitting gives last: the lifts, then the jumps' sets."""
    jump_sets = sum(e.rx.sets for e in entries if e.slot.block is Block.POWER)
    return _lifts(entries), jump_sets


def _pairs_in(remembered: tuple[int, Mapping[int, str]] | None, block: int) -> Mapping[int, str]:
    """A session's pairs from last week, if last week was in the same block."""
    if remembered is None or remembered[0] != block:
        return {}
    return remembered[1]


def _memory_key(template: Template, legs: LegLoad) -> str:
    """Whose last week a session is measured by: the same session type on the same kind
    of day (a light day before a race or after a long run has its own)."""
    return f"{template.key}-light" if legs is LegLoad.LIGHT else template.key


def _week_ranges(weeks: list[int]) -> str:
    """Week numbers as a reader takes them in: "weeks 1-4, 9 and 12-20"."""
    runs: list[list[int]] = []
    for week in weeks:
        if runs and week == runs[-1][-1] + 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    if len(weeks) == 1:
        return f"week {parts[0]}"
    text = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"weeks {text}"


def _heavy(rx: Prescription) -> bool:
    """The same test as ``Item.heavy``."""
    return heavy_load(rx.load, rx.reps)


def _work(rx: Prescription) -> int:
    return rx.sets * (rx.reps or rx.seconds or 0)


def _group(slot: Slot) -> Group:
    if slot.serves is not None and not slot.main:
        return Group.ADAPTATION
    if slot.block is Block.WARMUP:
        return Group.WARMUP if slot.priority == 0 else Group.DRILL
    if slot.block is Block.MOBILITY:
        return Group.MOBILITY
    if slot.block is Block.POWER:
        return Group.POWER
    if slot.block is Block.STRENGTH:
        return Group.MAIN if slot.main else Group.STRENGTH
    if slot.block is Block.CORE:
        return Group.CORE
    return Group.UPPER if slot.role.startswith("upper") else Group.ACCESSORY


def _work_of(entry: _Entry, rx: Prescription) -> int:
    """Work as the lighter-week rule counts it: sets (on each side) times reps or seconds,
    warm-up, mobility and injury protocols aside."""
    if entry.slot.dosed is not None or entry.slot.block in EASY_BLOCKS:
        return 0
    sides = 2 if entry.exercise.dose.per_side else 1
    return rx.sets * sides * (rx.reps or rx.seconds or 0)


def _lighter_enough(entries: list[_Entry], before: int, keep_power: bool) -> list[_Entry]:
    """A lighter week does at least a quarter less work than the same session last week.

    Work is sets (on each side) times reps or seconds, warm-up and mobility aside; injury
    protocols follow their own progressions and are left out of the count. Fewer sets
    usually do it; where a short session was already down to single sets, optional items
    and then the main lift go until it does. When nothing may go (every item is promised
    or kept), the accessory and core single sets lose reps or seconds instead: a lighter
    week keeps every exercise, with less of some.
    """

    kept = list(entries)
    while sum(_work_of(e, e.rx) for e in kept) > DELOAD_MAX_SHARE * before:
        # never the warm-up, the single-leg lift, the core, the upper-body work or what a
        # promise adds; the main lift only when nothing else can go
        droppable = [
            e
            for e in kept
            if e.slot.priority >= 2
            and e.slot.dosed is None
            and e.slot.serves is None
            and not (keep_power and e.slot.block is Block.POWER)  # protected jumps stay
        ]
        if not droppable:
            return _shorter_single_sets(kept, before)
        kept.remove(max(droppable, key=lambda e: (not e.slot.main, e.slot.priority, e.index)))
    return kept


LIGHTER_LEAST_REPS = 5  # a lighter week's single set keeps this many reps...
LIGHTER_LEAST_SECONDS = 10  # ...or seconds


def _shorter_single_sets(entries: list[_Entry], before: int) -> list[_Entry]:
    """`_lighter_enough`'s last resort: a rep (or 5 s) less on the single set that does the
    most work, until the session does a quarter less; accessory and core work only (a
    jump set's contacts come from the week's budget, and a lift's reps from its rules),
    never under `LIGHTER_LEAST_REPS` or `_SECONDS`."""
    kept = list(entries)
    while sum(_work_of(e, e.rx) for e in kept) > DELOAD_MAX_SHARE * before:
        shorter = [
            (at, e)
            for at, e in enumerate(kept)
            if _work_of(e, e.rx)
            and e.rx.sets == 1
            and e.slot.block is not Block.STRENGTH  # a lift keeps its reps (and effort)
            and not e.rx.contacts
            and (
                (e.rx.reps or 0) > LIGHTER_LEAST_REPS
                or (e.rx.seconds or 0) >= LIGHTER_LEAST_SECONDS + 5
            )
        ]
        if not shorter:
            break
        at, e = max(shorter, key=lambda pair: (_work_of(pair[1], pair[1].rx), -pair[0]))
        rx = e.rx
        less = (
            replace(rx, reps=rx.reps - 1) if rx.reps else replace(rx, seconds=(rx.seconds or 0) - 5)
        )
        kept[at] = _Entry(e.index, e.slot, e.exercise, less, e.extra)
    return kept


def _from_step(step: Step, exercise: Exercise, experience: Experience) -> Prescription:
    """An injury profile's dose step as a prescription for the exercise chosen.

    A load the exercise cannot carry (body-weight work where the runner lacks weights)
    becomes body weight: the reps and tempo still set the dose. Novices never lift heavy
    low reps: a protocol's loaded step becomes 8 or more reps at a moderate effort for them
    (``novice_adapted`` says so in the plan). Body-weight steps keep their reps: a Nordic
    curl's 2 x 5 is the gentle start, and more reps would be more, not less, load.
    """
    reps = step.reps
    load: dict[str, float | int | bool]
    if step.load == "bodyweight" or not exercise.loadable:
        load = {"bodyweight": True}
    elif experience is Experience.NOVICE:
        load = {"rpe": 7}
        reps = None if reps is None else max(reps, NOVICE_MIN_REPS)
    elif step.load == "rm":
        load = {"rm": step.reps or 1}  # e.g. 3 x 15RM: the heaviest load managed 15 times
    else:
        load = {"rpe": int(step.load.removeprefix("rpe"))}
    return Prescription(
        step.sets, reps, step.seconds, load, step.rest_seconds, step.tempo, 0, step.hold_top
    )


def novice_adapted(dosed: Dosed, experience: Experience) -> bool:
    """Whether `_from_step` eases this protocol's heavy steps for the runner (a novice's
    cap: a moderate load for 8 reps or more instead of the most they can lift)."""
    if experience is not Experience.NOVICE:
        return False
    return any(
        s.load in ("rm", "rpe8")
        or (s.load != "bodyweight" and s.reps is not None and s.reps < NOVICE_MIN_REPS)
        for s in dosed.steps
    )


def _rehab_draft(entry: _Entry) -> Draft:
    """A rehab item as the fitter's clock sees it: its minutes, nothing to trim."""
    return Draft(
        key=entry.index,
        group=Group.ADAPTATION,
        priority=0,
        sets=entry.rx.sets,
        extra=entry.extra,
        per_side=entry.exercise.dose.per_side,
        set_seconds=set_seconds(entry.rx, entry.exercise),
        rest_seconds=entry.rx.rest_seconds,
        warmup_sets=0,
        floor=OPTIONAL,
    )


def _injury_role(area: InjuryArea, number: int) -> str:
    """The role of an injury profile's session exercise: its slot's, and its rehab days'."""
    return f"injury_{area.value}" + (f"_{number}" if number > 1 else "")


def _target_slot(finding: Finding) -> Slot:
    core = finding.patterns[0] is Pattern.ANTI_LATERAL_FLEXION
    return Slot(
        Block.CORE if core else Block.ACCESSORY,
        finding.patterns,
        f"target_{finding.imbalance.value}",
        3,  # optional, like the lower-body accessories: the session's own slots come first
        unilateral=True if finding.weak_side else None,
        reason=f"Targets what your tests showed ({finding.summary.split(':')[0].lower()}).",
        serves=f"finding:{finding.imbalance.value}",
    )


def _injury_slot(area: InjuryArea, dosed: Dosed, catalog: Catalog, number: int) -> Slot:
    """An injury profile's session exercise as a slot of every leg session.

    Its priority is 0: when a session outgrows the runner's minutes and items go back to
    last week's dose, the protocol's goes back last, so its published steps (15RM, 12RM,
    10RM ...) follow each other as written rather than stalling a week behind.
    """
    options = [catalog.exercise(i) for i in dosed.options()]
    block = protocol_block(options) or Block.ACCESSORY  # the catalog checked there is one
    return Slot(
        block,
        (options[0].pattern,),
        _injury_role(area, number),
        0,
        dosed=dosed,
        reason=dosed.why,
        serves=f"injury:{area.value}",
    )


class _Rules(NamedTuple):
    """What rules exercises in or out for this runner, whatever the slot (a tuple: it is
    part of the key candidates are kept by)."""

    available: frozenset[Equipment]
    avoid: frozenset[InjuryArea]  # current injuries: their avoid_with exercises are out
    banned: frozenset[str]  # left out by an injury profile
    no_jumping: bool  # plyometrics out while an injury profile says so
    novice: bool


_CANDIDATES: dict[
    tuple[int, int, Level, _Rules],
    tuple[Slot, Catalog, tuple[Exercise, ...], dict[str, Exercise]],
] = {}
_CANDIDATES_MOST = 16384  # answers kept; the memo starts again when full


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
