"""What the last change of profile did to the plan: the answers that changed, and the
plan's shape before and after (weeks, sessions a week, minutes, the changes made for the
runner's tests and injuries).

Both the profile and the plan are stored as versions, so the comparison reads the last
two of each: nothing is kept aside for it, and it stays true after a restart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from runstrong.domain.ports import UnitOfWork
from runstrong.services.training import NoRunner


@dataclass(frozen=True, slots=True)
class Change:
    what: str  # in words: "Strength sessions a week"
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Replan:
    version: int  # the new profile's version
    answers: list[Change] = field(default_factory=list)
    plan: list[Change] = field(default_factory=list)
    # Adaptations (one a finding or an injury, and its side) by their texts: new in the
    # plan, still there but changed (their new text), and no longer there (their old one).
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    changed_by: str | None = None  # the coach who changed the profile; None: the runner


# Profile fields in the words of the form that asks them.
_ANSWERS = (
    ("name", "Name"),
    ("experience", "Strength training so far"),
    ("running.week", "Running week"),
    ("running.weekly_km", "Running a week (km)"),
    ("goal.event", "Race"),
    ("goal.date", "Race date"),
    ("availability.sessions_per_week", "Strength sessions a week"),
    ("availability.minutes_per_session", "Minutes a session"),
    ("equipment", "Equipment"),
    ("injuries", "Injuries"),
    ("assessment", "Field tests"),
    ("units", "Units"),
)


def last_replan(uow: UnitOfWork) -> Replan | None:
    """The last profile change and what it did to the plan; None with a single version."""
    with uow:
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        profiles = uow.repo.profiles(runner.id)
        plans = uow.repo.plans(runner.id)
    if len(profiles) < 2 or len(plans) < 2:
        return None
    old, new = profiles[-2].document, profiles[-1].document
    answers = [
        Change(label, _said(_at(old, path)), _said(_at(new, path)))
        for path, label in _ANSWERS
        if _at(old, path) != _at(new, path)
    ]
    before, after = plans[-2].document, plans[-1].document
    shape = [
        ("Weeks in the plan", len(before["weeks"]), len(after["weeks"])),
        ("Strength sessions in most weeks", _usual_sessions(before), _usual_sessions(after)),
        ("Minutes of a usual session", _usual_minutes(before), _usual_minutes(after)),
        ("Phases", _phases(before), _phases(after)),
    ]
    plan = [Change(what, str(b), str(a)) for what, b, a in shape if b != a]
    was, now = _adaptations(before), _adaptations(after)
    return Replan(
        profiles[-1].version,
        answers,
        plan,
        added=[text for key, text in now.items() if key not in was],
        changed=[text for key, text in now.items() if key in was and was[key] != text],
        dropped=[text for key, text in was.items() if key not in now],
        changed_by=profiles[-1].changed_by,
    )


def _at(document: dict[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _said(value: Any) -> str:
    """A profile value as a person reads it."""
    if value is None or value == [] or value == {}:
        return "none"
    if isinstance(value, dict) and set(value) <= {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}:
        days = [f"{day} {kind}" for day, kind in value.items() if kind != "rest"]
        return ", ".join(days) or "no running"
    if isinstance(value, list):
        return "; ".join(_said(v) for v in value)
    if isinstance(value, dict) and "area" in value:  # an injury
        return f"{_said(value['area'])} ({value.get('side')}, {value.get('status')})"
    if isinstance(value, dict):
        return ", ".join(f"{_said(k)} {_said(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("_", " ")


def _usual(values: list[int]) -> int:
    """The most common value (the larger on a tie); 0 when there is none."""
    if not values:
        return 0
    counted = Counter(values)
    return max(counted, key=lambda v: (counted[v], v))


def _usual_sessions(plan: dict[str, Any]) -> int:
    return _usual([len(w["sessions"]) for w in plan["weeks"]])


def _usual_minutes(plan: dict[str, Any]) -> int:
    return _usual([int(s["minutes"]) for w in plan["weeks"] for s in w["sessions"]])


def _phases(plan: dict[str, Any]) -> str:
    return ", ".join(dict.fromkeys(p["name"] for p in plan["phases"]))


def _adaptations(plan: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """Each adaptation's text by what it is for: its kind, its reason and its side."""
    return {
        (str(a.get("kind")), str(a.get("reason")), str(a.get("side"))): a["text"]
        for a in plan.get("adaptations", [])
        if a.get("text", "").strip()
    }
