"""The profile form of /start and /profile: what the fields hold, read and checked.

The questions are the command line interview's, and so are the rules: each answer is
read by the interview's own parsers (minutes as "45 min" or "1:05", races as "half
marathon", injuries as runners name them), so the web and the terminal accept the same
answers with the same reasons. What passes field by field is then checked as a whole by
`validate_profile`, and its complaint is put beside the field it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from runstrong.domain.athlete import KM_PER_MILE, WEEKDAYS, Experience
from runstrong.domain.errors import InvalidInput

# The interview's parsers are module-private there; they are the one place the answers'
# rules live, so the form imports them rather than writing them a second time.
from runstrong.entrypoints.interview import (
    _among,
    _choice,
    _count,
    _date,
    _distance,
    _equipment,
    _event,
    _injuries,
    _minutes,
    _sides,
    _status,
)
from runstrong.services.planning import validate_profile

MAX_INJURY_ROWS = 6
SPARE_INJURY_ROWS = 2  # blank rows offered, so that an injury can be added without JavaScript

# The form's fields in the order they are asked; a field the check route accepts.
FIELDS = (
    "name",
    "experience",
    "run_days",
    "long_run",
    "quality_days",
    "weekly",
    "event",
    "race_date",
    "sessions",
    "minutes",
    "equipment",
    *(f"injury-{n}-{part}" for n in range(MAX_INJURY_ROWS) for part in ("area", "side", "status")),
)

# A profile field path (as `validate_profile` names it) to the form field that sets it,
# longest prefix first.
_PATHS = (
    ("running.week", "run_days"),
    ("running", "weekly"),
    ("goal.date", "race_date"),
    ("goal", "event"),
    ("races", "event"),
    ("availability.sessions_per_week", "sessions"),
    ("availability.minutes_per_session", "minutes"),
    ("availability", "sessions"),
    ("experience", "experience"),
    ("equipment", "equipment"),
    ("injuries", "injury-0-area"),
    ("name", "name"),
    ("start_date", "race_date"),
)

EVENT_WORDS = {
    "none": "none",
    "5k": "5k",
    "10k": "10k",
    "half_marathon": "half marathon",
    "marathon": "marathon",
    "ultra": "ultra",
}


@dataclass
class Checked:
    """The form's values as typed (to show them again), the errors by field, and the
    profile document when there is none."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    profile: dict[str, Any] | None = None


def defaults() -> dict[str, Any]:
    """The interview's defaults: a new runner can take most of them as they are."""
    return {
        "name": "",
        "experience": "novice",
        "run_days": ["tue", "thu", "sat", "sun"],
        "long_run": "sun",
        "quality_days": [],
        "weekly": "30 km",
        "event": "none",
        "race_date": "",
        "sessions": "2",
        "minutes": "30",
        "equipment": "none",
        "injuries": _rows([]),
    }


def values_of(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values for a stored profile (every default filled in)."""
    week = profile["running"]["week"]
    km = float(profile["running"].get("weekly_km") or 0)
    imperial = profile.get("units") == "imperial"
    weekly = f"{round(km / KM_PER_MILE, 1):g} mi" if imperial else f"{km:g} km"
    goal = profile.get("goal") or {}
    equipment = list(profile.get("equipment") or [])
    return {
        "name": profile.get("name", ""),
        "experience": profile["experience"],
        "run_days": [d for d in WEEKDAYS if week.get(d, "rest") != "rest"],
        "long_run": next((d for d in WEEKDAYS if week.get(d) == "long"), ""),
        "quality_days": [d for d in WEEKDAYS if week.get(d) == "quality"],
        "weekly": weekly,
        "event": EVENT_WORDS.get(goal.get("event", "none"), "none"),
        "race_date": goal.get("date") or "",
        "sessions": str(profile["availability"]["sessions_per_week"]),
        "minutes": str(profile["availability"]["minutes_per_session"]),
        "equipment": ", ".join(equipment) if equipment else "none",
        "injuries": _rows(
            [
                {"area": i["area"].replace("_", " "), "side": i["side"], "status": i["status"]}
                for i in profile.get("injuries") or []
            ]
        ),
    }


def _rows(injuries: list[dict[str, str]]) -> list[dict[str, str]]:
    blank = {"area": "", "side": "both", "status": "current"}
    count = min(MAX_INJURY_ROWS, len(injuries) + SPARE_INJURY_ROWS)
    return [*injuries, *[dict(blank) for _ in range(count - len(injuries))]][:MAX_INJURY_ROWS]


def read(form: Mapping[str, Any]) -> dict[str, Any]:
    """The values a browser sent (a mapping of lists), in the shape of `defaults()`."""

    def one(name: str) -> str:
        got = form.get(name) or [""]
        return str(got[0] if isinstance(got, list) else got).strip()[:200]

    def many(name: str) -> list[str]:
        got = form.get(name) or []
        listed = got if isinstance(got, list) else [got]
        return [str(d) for d in listed if str(d) in WEEKDAYS]

    rows = []
    for n in range(MAX_INJURY_ROWS):
        if f"injury-{n}-area" in form:
            rows.append({part: one(f"injury-{n}-{part}") for part in ("area", "side", "status")})
    return {
        "name": one("name"),
        "experience": one("experience"),
        "run_days": many("run_days"),
        "long_run": one("long_run"),
        "quality_days": many("quality_days"),
        "weekly": one("weekly"),
        "event": one("event"),
        "race_date": one("race_date"),
        "sessions": one("sessions"),
        "minutes": one("minutes"),
        "equipment": one("equipment"),
        "injuries": rows or _rows([]),
    }


def with_running(values: dict[str, Any], running: Mapping[str, Any]) -> dict[str, Any]:
    """The values with the running week (and the distance, when the files give one)
    read from the runner's files; race days in a calendar count as run days."""
    week = running.get("week") or {}
    filled = dict(values)
    filled["run_days"] = [d for d in WEEKDAYS if week.get(d, "rest") != "rest"]
    filled["long_run"] = next((d for d in WEEKDAYS if week.get(d) == "long"), "")
    filled["quality_days"] = [d for d in WEEKDAYS if week.get(d) == "quality"]
    km = running.get("weekly_km")
    if km:  # a calendar gives no distance, and 0 km comes from runs without one
        filled["weekly"] = f"{km:g} km"
    return filled


def check(values: dict[str, Any], start: dt.date, base: Mapping[str, Any]) -> Checked:
    """Every field read with the interview's rules, then the whole profile validated.

    `base` is the stored profile when there is one: what the form does not ask (the
    start date, a season of races, the field tests) is kept from it.
    """
    errors: dict[str, str] = {}

    def take(name: str, parse: Callable[[str], Any], answer: str) -> Any:
        try:
            return parse(answer)
        except ValueError as exc:
            errors[name] = sentence(str(exc))
            return None

    name = values["name"] or "Runner"
    if len(name) > 80:
        errors["name"] = "Keep your name to 80 characters or fewer."
    experience = take("experience", _choice([e.value for e in Experience]), values["experience"])
    run_days: list[str] = list(dict.fromkeys(values["run_days"]))
    if not run_days:
        errors["run_days"] = "Tick the days you run: at least one."
    long_run = take("long_run", _among(run_days, most=1), values["long_run"]) or []
    quality = (
        take(
            "quality_days",
            _among(run_days, most=None, taken=tuple(long_run)),
            " ".join(values["quality_days"]),
        )
        or []
    )
    distance = take("weekly", _distance, values["weekly"])
    event = take("event", _event, values["event"] or "none")
    race_date = None
    if event not in (None, "none"):
        race_date = take("race_date", _date(start), values["race_date"])
    sessions = take("sessions", _count(1, 3, "session"), values["sessions"])
    minutes = take("minutes", _minutes(15, 90), values["minutes"])
    equipment = take("equipment", _equipment, values["equipment"])
    injuries = []
    for n, row in enumerate(values["injuries"]):
        if not row["area"]:
            continue
        areas = take(f"injury-{n}-area", _injuries, row["area"]) or []
        for area in areas:
            side = take(f"injury-{n}-side", _sides(area.replace("_", " ")), row["side"])
            status = take(f"injury-{n}-status", _status, row["status"] or "current")
            injuries.append({"area": area, "side": side, "status": status})
    if errors:
        return Checked(values, errors)

    week = dict.fromkeys(run_days, "easy") | dict.fromkeys(quality, "quality")
    week |= dict.fromkeys(long_run[:1], "long")
    km, in_miles = distance
    goal = dict(base.get("goal") or {})
    goal.update(event=event, date=race_date.isoformat() if race_date else None)
    if event == "none":
        goal.pop("priority", None)
    profile = {
        **base,
        "name": name,
        "start_date": str(base.get("start_date") or start.isoformat()),
        "experience": experience,
        "running": {"week": week, ("weekly_miles" if in_miles else "weekly_km"): km},
        "goal": goal,
        "availability": {"sessions_per_week": sessions, "minutes_per_session": minutes},
        "equipment": equipment,
        "injuries": injuries,
        "units": "imperial" if in_miles else "metric",
    }
    try:
        validate_profile(profile)
    except InvalidInput as exc:
        return Checked(values, {field_of(exc.field): sentence(exc.problem)})
    return Checked(values, {}, profile)


def field_of(path: str) -> str:
    """The form field that sets a profile field path ("goal.date" is the race date)."""
    for prefix, name in _PATHS:
        if path == prefix or path.startswith(prefix + "."):
            return name
    return "form"


def sentence(problem: str) -> str:
    text = problem.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def next_monday(today: dt.date) -> dt.date:
    """A new runner's plan starts on the Monday coming, as the interview's does."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)
