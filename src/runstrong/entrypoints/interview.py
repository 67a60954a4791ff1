"""The questions a coach would ask a new runner, asked in the terminal (Rich prompts).

Twelve short questions at most, each with a sensible default; a wrong answer is explained
and asked again. The answers become a profile like any profile file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from rich.prompt import Prompt

from runstrong.domain.athlete import MAX_PLAN_DAYS, WEEKDAYS, Event, Experience, Profile, Quality
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.fieldtests import FieldTest
from runstrong.domain.vocabulary import EQUIPMENT_PRESETS, Equipment, InjuryArea
from runstrong.entrypoints.render import console, err_console
from runstrong.services.planning import validate_profile

T = TypeVar("T")
_DISTANCE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(km|k|kilometres|kilometers|mi|mile|miles)?\s*$", re.I
)


def _ask(question: str, default: str, parse: Callable[[str], T]) -> T:
    while True:
        try:
            answer = Prompt.ask(
                question, default=default, console=console, show_default=bool(default)
            )
        except EOFError:
            raise InvalidInput(
                "answers",
                "standard input ended before every question was answered; use --profile FILE",
            ) from None
        try:
            return parse(answer.strip())
        except ValueError as exc:
            err_console.print(f"[red]{exc}[/]")


def _days(answer: str) -> list[str]:
    if answer.lower() in ("", "none", "-"):
        return []
    days = [part.strip().lower()[:3] for part in re.split(r"[,\s]+", answer) if part.strip()]
    wrong = [d for d in days if d not in WEEKDAYS]
    if wrong:
        raise ValueError(f"Use day names like mon, tue, wed (not {', '.join(wrong)}).")
    return list(dict.fromkeys(days))


def _distance(answer: str) -> tuple[float, bool]:
    match = _DISTANCE.match(answer)
    if not match:
        raise ValueError("Give a number with km or mi, for example 40 km or 25 mi.")
    value = float(match.group(1))
    return value, (match.group(2) or "km").lower().startswith("mi")


def _date(after: dt.date) -> Callable[[str], dt.date]:
    def parse(answer: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(answer)
        except ValueError:
            raise ValueError("Write the date as YYYY-MM-DD, for example 2027-04-25.") from None
        if day <= after:
            raise ValueError(f"The race must be after {after}.")
        if (day - after).days > MAX_PLAN_DAYS:
            raise ValueError(
                "Plans reach a race within a year; give a date within a year from now."
            )
        return day

    return parse


def _int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(answer: str) -> int:
        if not answer.isdigit() or not low <= int(answer) <= high:
            raise ValueError(f"Give a whole number from {low} to {high}.")
        return int(answer)

    return parse


def _choice(options: list[str]) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        if answer.lower() not in options:
            raise ValueError(f"Choose one of: {', '.join(options)}.")
        return answer.lower()

    return parse


def _equipment(answer: str) -> list[str]:
    if answer.lower() in ("none", "nothing", "bodyweight", "body weight", ""):
        return []
    names = [part.strip().lower() for part in re.split(r"[,\s]+", answer) if part.strip()]
    known = [*EQUIPMENT_PRESETS, *(e.value for e in Equipment)]
    wrong = [n for n in names if n not in known]
    if wrong:
        raise ValueError(f"Unknown equipment {', '.join(wrong)}; choose from: {', '.join(known)}.")
    return names


def _injuries(answer: str) -> list[str]:
    if answer.lower() in ("", "none", "no"):
        return []
    areas = [part.strip().lower() for part in re.split(r"[,\s]+", answer) if part.strip()]
    known = [a.value for a in InjuryArea]
    wrong = [a for a in areas if a not in known]
    if wrong:
        raise ValueError(f"Unknown area {', '.join(wrong)}; choose from: {', '.join(known)}.")
    return areas


def ask_profile(today: dt.date | None = None) -> Profile:
    today = today or dt.datetime.now().astimezone().date()  # the runner's local day
    start = today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)  # next Monday
    console.print(
        "[bold]A few questions to build your plan.[/] Press Enter to take the answer in brackets.\n"
        "runstrong is a training tool, not a medical device.\n"
    )
    name = _ask("Your name", "Runner", str)
    experience = _ask(
        "Strength training so far: novice (little or none), intermediate (a year or so), advanced",
        "novice",
        _choice([e.value for e in Experience]),
    )
    run_days = _ask("Which days do you run? (e.g. tue,thu,sat,sun)", "tue,thu,sat,sun", _days)
    quality = _ask(
        "Which of those are hard sessions: intervals, tempo, hills? (or none)",
        run_days[0] if run_days else "none",
        _days,
    )
    long_run = _ask(
        "Which day is your long run? (or none)", run_days[-1] if run_days else "none", _days
    )
    km, in_miles = _ask(
        "How far do you run in a usual week? (e.g. 40 km or 25 mi)", "30 km", _distance
    )
    event = _ask(
        "What are you training for? 5k, 10k, half_marathon, marathon, ultra or none",
        "none",
        _choice([e.value for e in Event]),
    )
    race_date = None
    if event != Event.NONE.value:
        race_date = _ask(
            "Race date (YYYY-MM-DD)", str(start + dt.timedelta(weeks=16)), _date(start)
        )
    sessions = _ask("Strength sessions a week you can do (1-3)", "2", _int_between(1, 3))
    minutes = _ask("Minutes per session (15-90)", "30", _int_between(15, 90))
    equipment = _ask(
        "Equipment: home, gym, none, or names like dumbbell,kettlebell", "home", _equipment
    )
    injuries = _ask(
        "Any current injury? (achilles, plantar_fascia, knee, patellar_tendon, it_band, "
        "hamstring, calf, ankle, ... or none)",
        "none",
        _injuries,
    )

    week: dict[str, str] = {}
    for day in run_days:
        week[day] = "easy"
    for day in quality:
        week[day] = "quality"
    for day in long_run[:1]:
        week[day] = "long"
    data: dict[str, Any] = {
        "name": name or "Runner",
        "start_date": start.isoformat(),
        "experience": experience,
        "running": {"week": week, ("weekly_miles" if in_miles else "weekly_km"): km},
        "goal": {"event": event, "date": race_date.isoformat() if race_date else None},
        "availability": {"sessions_per_week": sessions, "minutes_per_session": minutes},
        "equipment": equipment,
        "injuries": [{"area": area, "status": "current"} for area in injuries],
        "units": "imperial" if in_miles else "metric",
    }
    return validate_profile(data)


def _side_value(unit: str) -> Callable[[str], float | None]:
    def parse(answer: str) -> float | None:
        if answer.lower() in ("", "skip", "-"):
            return None
        try:
            value = float(answer)
        except ValueError:
            raise ValueError(f"Give a number of {unit}, or press Enter to skip.") from None
        if not 0 <= value <= 600:
            raise ValueError(f"A result from 0 to 600 {unit}, please.")
        return int(value) if value.is_integer() else value

    return parse


def ask_assessment(tests: Sequence[FieldTest], today: dt.date) -> dict[str, Any]:
    """Walk the runner through the field tests; returns the profile's `assessment`."""
    console.print(
        "[bold]Field tests[/]: a few simple tests, one side at a time. Warm up first. Stop any "
        "test that hurts more than 3/10. runstrong is a training tool, not a medical device.\n"
        "Press Enter to skip a test or a side.\n"
    )
    results: dict[str, Any] = {"date": today.isoformat()}
    for number, test in enumerate(tests, start=1):
        console.print(f"[bold]{number}. {test.name}[/]")
        if test.optional and _ask("Do this test? (y/n)", "n", _choice(["y", "n", "yes", "no"])) in (
            "n",
            "no",
        ):
            console.print()
            continue
        for step, line in enumerate(test.instructions, start=1):
            console.print(f"   {step}. {line}")
        console.print(f"   [dim]Good result: {test.good_result}[/]")
        left = _ask(f"   Left side ({test.unit})", "", _side_value(test.unit))
        right = _ask(f"   Right side ({test.unit})", "", _side_value(test.unit))
        if left is not None and right is not None:
            results[test.id] = {"left": left, "right": right}
        if test.also_quality and left is not None and right is not None:
            rate = _choice([q.value for q in Quality])
            results["single_leg_squat_quality"] = {
                "left": _ask("   How did the left side look? good, fair or poor", "good", rate),
                "right": _ask("   How did the right side look? good, fair or poor", "good", rate),
            }
        console.print()
    return results


def _number(low: float, high: float, allow_blank: bool = False) -> Callable[[str], float | None]:
    def parse(answer: str) -> float | None:
        if allow_blank and answer in ("", "-"):
            return None
        try:
            value = float(answer)
        except ValueError:
            raise ValueError(f"Give a number from {low:g} to {high:g}.") from None
        if not low <= value <= high:
            raise ValueError(f"Give a number from {low:g} to {high:g}.")
        return int(value) if value.is_integer() else value

    return parse


def ask_session_log(
    planned: dict[str, Any] | None, day: dt.date, catalog: Catalog
) -> dict[str, Any]:
    """Ask set by set what was done, with the plan's numbers as the defaults."""
    import uuid

    if planned is None:
        console.print(f"No session was planned on {day}; log what you did, one exercise at a time.")
        items: list[dict[str, Any]] = []
        while True:
            exercise = _ask("Exercise id (Enter when done)", "", str)
            if not exercise:
                break
            catalog.exercise(exercise)  # an unknown id stops here with the close matches
            items.append({"exercise": exercise, "sets": 3, "reps": 10, "seconds": None, "load": {}})
    else:
        console.print(
            f"Logging {planned['date']}: {planned['focus']}. Press Enter to take the planned number.\n"
        )
        items = [
            item
            for block in planned["blocks"]
            if block["kind"] != "warmup"
            for item in block["items"]
        ]
    logged_items = []
    for item in items:
        name = item.get("name", item["exercise"])
        done_sets = _ask(f"{name}: sets done", str(item["sets"]), _number(0, 20))
        target_rpe = item["load"].get("rpe", 7)
        sets = []
        for number in range(1, int(done_sets or 0) + 1):
            measure = "reps" if item["reps"] is not None else "seconds"
            amount = _ask(f"  set {number}: {measure}", str(item[measure]), _number(0, 600))
            last_load = item.get("load_kg")  # the runner's own load, carried forward by the log
            load = _ask(
                f"  set {number}: load in kg (Enter for body weight)",
                f"{last_load:g}" if last_load else "",
                _number(0, 500, allow_blank=True),
            )
            rpe = _ask(f"  set {number}: effort, RPE 1-10", str(target_rpe), _number(1, 10))
            pain = _ask(f"  set {number}: pain 0-10", "0", _number(0, 10))
            sets.append({measure: amount, "load_kg": load, "rpe": rpe, "pain": pain, "side": None})
        if sets:
            logged_items.append({"exercise": item["exercise"], "sets": sets})
    note = _ask("A note (optional)", "", str)
    return {"id": str(uuid.uuid4()), "date": day.isoformat(), "items": logged_items, "note": note}


def saved(path: Path) -> None:
    console.print(
        f"\nSaved your answers to [bold]{path}[/]; next time: runstrong plan --profile {path}\n"
    )
