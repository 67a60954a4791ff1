"""The log as a coach: the planned session, adjusted by what the runner has logged.

Only sessions after the last logged day change: what was planned and logged before stays
as it was. For each exercise the progression rules (`domain.progression`) read its
history and decide: carry the runner's own load forward, add load or reps or seconds
after two good sessions running, move a rung up once mastered, or go easier after missed
reps, an effort well above target, or pain (the pain rule). After two weeks or more
without a logged session, everything steps back for a week.

It also tells a runner when a current injury meets its profile's criteria to move on to
recovering (``moving_on``, over ``domain.readiness``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runstrong.domain.athlete import Experience, InjuryStatus, Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.injuries import area_label
from runstrong.domain.ports import StoredAssessment, StoredLog
from runstrong.domain.progression import (
    HARDER,
    Action,
    Decision,
    GapStep,
    Performance,
    Target,
    next_target,
    resume_after_gap,
    step_back_after_gap,
)
from runstrong.domain.readiness import Readiness, SidedResult, ready_to_move_on
from runstrong.domain.vocabulary import Equipment, InjuryArea

# Warm-up and mobility drills are done as written; the rules coach the work.
COACHED_BLOCKS = ("power", "strength", "accessory", "core")


def _target(item: dict[str, Any], load_kg: float | None) -> Target:
    rpe = item["load"].get("rpe")
    return Target(
        exercise=item["exercise"],
        sets=item["sets"],
        reps=item["reps"],
        seconds=item["seconds"],
        load_kg=load_kg,
        rpe=None if rpe is None or isinstance(rpe, bool) else float(rpe),
    )


def adjust(
    session: dict[str, Any],
    planned: dict[str, dict[str, Any]],
    logs: list[StoredLog],
    catalog: Catalog,
    experience: Experience,
    available: frozenset[Equipment],
) -> dict[str, Any]:
    """The session with each coached item adjusted by the runner's log."""
    day = dt.date.fromisoformat(session["date"])
    if any(s.log.date >= day for s in logs):
        return session  # the runner has logged this day or later: it is the past now
    before = [s for s in logs if s.log.date < day]
    gap = step_back_after_gap(before[-1].log.date if before else None, day)
    blocks = []
    for block in session["blocks"]:
        items = []
        for item in block["items"]:
            if block["kind"] in COACHED_BLOCKS:
                item = _adjust_item(item, planned, before, catalog, experience, available, gap)
            items.append(item)
        blocks.append({**block, "items": items})
    return {**session, "blocks": blocks}


def _adjust_item(
    item: dict[str, Any],
    planned: dict[str, dict[str, Any]],
    logs: list[StoredLog],
    catalog: Catalog,
    experience: Experience,
    available: frozenset[Equipment],
    gap: GapStep | None,
) -> dict[str, Any]:
    history = []
    last_load: float | None = None
    for stored in logs:
        done = next((i for i in stored.log.items if i.exercise == item["exercise"]), None)
        if done is None:
            continue
        loads = [s.load_kg for s in done.sets if s.load_kg]
        last_load = loads[-1] if loads else last_load
        then = _planned_item(planned.get(stored.log.date.isoformat()), item["exercise"]) or item
        # the load the runner worked up to (the last loaded set) is the one judged
        history.append(Performance.of(stored.log, _target(then, loads[-1] if loads else None)))
    exercise = catalog.exercise(item["exercise"])
    decision: Decision | None = None
    if history:
        decision = next_target(exercise, catalog, history, experience, available)
    target = _target(item, last_load)
    reason = None
    action = Action.KEEP
    if decision is not None and decision.action is not Action.KEEP:
        target, reason, action = decision.target, decision.reason, decision.action
    elif decision is not None and decision.target.load_kg is not None:
        target = Target(
            target.exercise,
            target.sets,
            target.reps,
            target.seconds,
            decision.target.load_kg,
            target.rpe,
        )
    if gap is not None:
        resumed = resume_after_gap(
            catalog.exercise(target.exercise), catalog, target, gap, available
        )
        target = resumed.target
        reason = resumed.reason if reason is None else f"{reason} {resumed.reason}"
        action = resumed.action if action is Action.KEEP else action
    return _apply(item, target, catalog, action, reason)


def _planned_item(session: dict[str, Any] | None, exercise: str) -> dict[str, Any] | None:
    if session is None:
        return None
    return next(
        (i for b in session["blocks"] for i in b["items"] if i["exercise"] == exercise), None
    )


def _apply(
    item: dict[str, Any], target: Target, catalog: Catalog, action: Action, reason: str | None
) -> dict[str, Any]:
    adjusted = {
        **item,
        "sets": target.sets,
        "reps": target.reps,
        "seconds": target.seconds,
        "load_kg": target.load_kg,
    }
    if target.exercise != item["exercise"]:
        moved = catalog.exercise(target.exercise)
        adjusted.update(
            exercise=moved.id,
            name=moved.name,
            per_side=moved.dose.per_side,
            equipment=[e.value for e in moved.equipment],
            level=moved.level.value,
            unilateral=moved.unilateral,
            tempo=moved.dose.tempo,
            hold_top=moved.dose.hold_top,
        )
    if reason is not None:
        adjusted["progression"] = {
            "action": action.value,
            "harder": action in HARDER,
            "reason": reason,
        }
    return adjusted


# -- moving on from an injury ------------------------------------------------------------------


def readiness(
    profile: Profile,
    logs: list[StoredLog],
    assessments: list[StoredAssessment],
    catalog: Catalog,
    today: dt.date,
) -> list[tuple[InjuryArea, Readiness]]:
    """Each current injury of the profile whose profile has criteria, and whether the log
    meets them on `today` (in the profile's order, each area once)."""
    found: list[tuple[InjuryArea, Readiness]] = []
    for injury in profile.injuries:
        if injury.status is not InjuryStatus.CURRENT or injury.area in dict(found):
            continue
        injury_profile = catalog.injury_profile(injury.area)
        criteria = injury_profile.current.moves_on if injury_profile is not None else None
        if injury_profile is None or criteria is None:
            continue
        tests = []
        if criteria.symmetry is not None:
            tests = _test_results(criteria.symmetry.test, assessments)
        verdict = ready_to_move_on(
            criteria,
            injury_profile.current.work_ids(),
            [s.log for s in logs],
            today,
            tests,
        )
        found.append((injury.area, verdict))
    return found


def moving_on(found: list[tuple[InjuryArea, Readiness]], *, not_yet: bool = False) -> list[str]:
    """What to tell the runner: each injury that meets its criteria (and, with `not_yet`,
    what the others still miss)."""
    lines = []
    for area, verdict in found:
        label = area_label(area)
        if verdict.met:
            lines.append(
                f"Your {label} meets the criteria to move to recovering: update your profile "
                "(set its status to recovering) and run runstrong init --profile again."
            )
        elif not_yet:
            lines.append(
                f"Your {label} is not ready to move to recovering yet: "
                + "; ".join(verdict.missing)
                + "."
            )
    return lines


def _test_results(test: str, assessments: list[StoredAssessment]) -> list[SidedResult]:
    found = []
    for stored in assessments:
        values = stored.document.get(test)
        if isinstance(values, dict) and {"left", "right"} <= values.keys():
            left, right = values["left"], values["right"]
            if isinstance(left, int | float) and isinstance(right, int | float):
                found.append(SidedResult(stored.tested_on, float(left), float(right)))
    return found
