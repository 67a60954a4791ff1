"""`runstrong export ics|fit|pdf` without `--profile`: the stored runner's plan, as coached.

The exports render a `Plan`; for the stored runner that plan is the one in force, with
each session still to come adjusted by the log the way `runstrong today` adjusts it
(`coaching.adjust`), so the calendar, the watch, the paper and `today` give the same
sets, reps and loads.

- Weeks, phases and notes come from the latest stored plan. Each session is the one of
  the plan in force on its date (an earlier plan's, before a re-plan took over), as
  `today`, `week` and `history` read them.
- A session before today is shown as it was planned: the log already says what was done.
- A session from today to GAP_LASTS_DAYS ahead is exactly what `runstrong today --date D`
  gives for its day D.
- A session further ahead is adjusted by the log as it stands (loads carried forward,
  progressions, moves up or down the ladder), but without a step back for a break: a
  break steps the runner back for one week only, then they build again
  (`progression.step_back_after_gap`). The export is a forecast: log, and export again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runstrong.domain.athlete import Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import (
    Adaptation,
    BlockPlan,
    DaysPerWeek,
    ExtraSets,
    Item,
    Phase,
    PhaseName,
    Plan,
    RehabRoutine,
    Session,
    Week,
)
from runstrong.domain.ports import StoredLog, StoredPlan, UnitOfWork
from runstrong.domain.progression import GAP_LASTS_DAYS
from runstrong.domain.vocabulary import Block, Equipment, Level
from runstrong.services.coaching import adjust
from runstrong.services.training import NoRunner


def stored_plan(uow: UnitOfWork, today: dt.date, catalog: Catalog) -> Plan:
    """The stored runner's plan in force, each session from `today` on adjusted by the log."""
    with uow:
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        plans = uow.repo.plans(runner.id)
        profiles = uow.repo.profiles(runner.id)
        logs = uow.repo.session_logs(runner.id)
    if not plans or not profiles:
        raise NoRunner()
    profile = Profile.model_validate(profiles[-1].document)
    document = in_force(plans)
    by_date = {s["date"]: s for w in document["weeks"] for s in w["sessions"]}
    for week in document["weeks"]:
        week["sessions"] = [
            coached(s, by_date, logs, catalog, profile, today) for s in week["sessions"]
        ]
    return plan_from_document(document)


def in_force(plans: list[StoredPlan]) -> dict[str, Any]:
    """The latest plan's document, each week holding the sessions in force on its days."""
    latest = plans[-1].document
    sessions: list[dict[str, Any]] = []
    for index, plan in enumerate(plans):
        until = plans[index + 1].valid_from if index + 1 < len(plans) else None
        for week in plan.document["weeks"]:
            for session in week["sessions"]:
                day = dt.date.fromisoformat(session["date"])
                if day >= plan.valid_from and (until is None or day < until):
                    sessions.append(session)
    weeks = []
    for week in latest["weeks"]:
        start = dt.date.fromisoformat(week["start"])
        days = {(start + dt.timedelta(days=n)).isoformat() for n in range(7)}
        held = sorted((s for s in sessions if s["date"] in days), key=lambda s: s["date"])
        weeks.append({**week, "sessions": held})
    return {**latest, "weeks": weeks}


def coached(
    session: dict[str, Any],
    by_date: dict[str, dict[str, Any]],
    logs: list[StoredLog],
    catalog: Catalog,
    profile: Profile,
    today: dt.date,
) -> dict[str, Any]:
    """One session as the log coaches it (see the module's rules)."""
    day = dt.date.fromisoformat(session["date"])
    if day < today or not logs:
        return session
    last = max(s.log.date for s in logs)
    read_on = day
    if day >= today + dt.timedelta(days=GAP_LASTS_DAYS) and last < day:
        # the log read on the day after its last session: every progression, no break
        read_on = last + dt.timedelta(days=1)
    done = adjust(
        {**session, "date": read_on.isoformat()},
        by_date,
        logs,
        catalog,
        profile.experience,
        profile.available_equipment(),
    )
    return {**done, "date": session["date"]}


# -- the stored document, back into the plan the exports render ---------------------------------


def plan_from_document(document: dict[str, Any]) -> Plan:
    """A `runstrong.plan/1` document (as stored, or adjusted by the log) as a `Plan`."""
    return Plan(
        schema=document["schema"],
        profile=document["profile"],
        equipment_available=tuple(Equipment(e) for e in document["equipment_available"]),
        phases=tuple(
            Phase(PhaseName(p["name"]), _day(p["start"]), _day(p["end"]))
            for p in document["phases"]
        ),
        weeks=tuple(_week(w) for w in document["weeks"]),
        warnings=tuple(document.get("warnings", ())),
        adaptations=tuple(_adaptation(a) for a in document.get("adaptations", ())),
    )


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _week(week: dict[str, Any]) -> Week:
    return Week(
        index=week["index"],
        start=_day(week["start"]),
        phase=PhaseName(week["phase"]),
        deload=week["deload"],
        running=dict(week["running"]),
        sessions=tuple(_session(s) for s in week["sessions"]),
        rehab=tuple(
            RehabRoutine(
                tuple(r["days"]), r["per_day"], r["minutes"], tuple(_item(i) for i in r["items"])
            )
            for r in week.get("rehab", ())
        ),
        retest=tuple(week.get("retest", ())),
    )


def _session(session: dict[str, Any]) -> Session:
    return Session(
        date=_day(session["date"]),
        minutes=session["minutes"],
        level=Level(session["level"]),
        focus=session["focus"],
        loads_legs=session["loads_legs"],
        blocks=tuple(
            BlockPlan(Block(b["kind"]), tuple(_item(i) for i in b["items"]))
            for b in session["blocks"]
        ),
        timing=session.get("timing"),
        template=session.get("template", ""),
    )


def _item(item: dict[str, Any]) -> Item:
    load = dict(item["load"])
    if item.get("load_kg"):  # the runner's own load, carried forward or raised by the log
        load["load_kg"] = float(item["load_kg"])
    progression = item.get("progression")  # why the log changed the dose, said first
    why = f"{progression['reason']} {item['why']}" if isinstance(progression, dict) else item["why"]
    return Item(
        exercise=item["exercise"],
        name=item["name"],
        sets=item["sets"],
        reps=item["reps"],
        seconds=item["seconds"],
        per_side=item["per_side"],
        extra_sets=ExtraSets(**item["extra_sets"]),
        contacts=item["contacts"],
        load=load,
        rest_seconds=item["rest_seconds"],
        tempo=item["tempo"],
        equipment=tuple(Equipment(e) for e in item["equipment"]),
        level=Level(item["level"]),
        unilateral=item["unilateral"],
        why=why,
        role=item.get("role", ""),
        pair=item.get("pair"),
        warmup_sets=item.get("warmup_sets", 0),
        hold_top=item.get("hold_top", 0),
    )


def _adaptation(adaptation: dict[str, Any]) -> Adaptation:
    return Adaptation(
        kind=adaptation["kind"],
        reason=adaptation["reason"],
        side=adaptation["side"],
        exercises_added=tuple(adaptation["exercises_added"]),
        exercises_left_out=tuple(adaptation["exercises_left_out"]),
        sessions_per_week=adaptation["sessions_per_week"],
        extra_sets=ExtraSets(**adaptation["extra_sets"]),
        retest_week=adaptation["retest_week"],
        text=adaptation["text"],
        from_week=adaptation.get("from_week"),
        days_per_week=tuple(
            DaysPerWeek(tuple(d["exercises"]), d["from_week"], d["days"])
            for d in adaptation.get("days_per_week", ())
        ),
    )
