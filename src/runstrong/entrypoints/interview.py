"""The questions a coach would ask a new runner, asked in the terminal (Rich prompts).

Twelve short questions at most, each with a sensible default; a wrong answer is explained
and asked again. The answers become a profile like any profile file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    r"^\s*(\d{1,6}(?:\.\d{1,6})?)\s*(km|k|kilometres|kilometers|mi|mile|miles)?\s*$", re.I
)


# What to use instead when the questions cannot be answered (set by each flow).
_INSTEAD = {"hint": "use --profile FILE"}


def _ask(question: str, default: str, parse: Callable[[str], T]) -> T:
    while True:
        try:
            answer = Prompt.ask(
                question, default=default, console=console, show_default=bool(default)
            )
        except EOFError:
            raise InvalidInput(
                "answers",
                f"standard input ended before every question was answered; {_INSTEAD['hint']}",
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


_WHOLE = re.compile(r"[0-9]{1,6}")


def _int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(answer: str) -> int:
        # ASCII digits, and few of them: "²" is a digit to isdigit() but not to int()
        if not _WHOLE.fullmatch(answer) or not low <= int(answer) <= high:
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
    """Areas as runners name them: "plantar fascia, knee", "shin splints and low back"."""
    if answer.lower().strip() in ("", "none", "no", "-"):
        return []
    known = {a.value for a in InjuryArea}
    areas: list[str] = []
    wrong: list[str] = []
    for part in re.split(r"[,;/]+|\s+and\s+", answer.lower()):
        words = part.replace("'", "").replace("-", " ").replace("_", " ").split()
        if not words:
            continue
        joined = " ".join(words)
        if joined in _AREA_WORDS or joined.replace(" ", "_") in known:
            areas.append(_AREA_WORDS.get(joined, joined.replace(" ", "_")))
            continue
        for word in words:  # "knee hamstring": several areas in one part
            found = _AREA_WORDS.get(word, word)
            (areas if found in known else wrong).append(found)
    if wrong:
        raise ValueError(
            f"Unknown area {', '.join(wrong)}; choose from: {', '.join(sorted(known))}."
        )
    return list(dict.fromkeys(areas))


_AREA_WORDS = {
    "achilles tendon": "achilles", "itb": "it_band", "it band": "it_band",
    "shin splints": "shin", "shins": "shin", "back": "low_back", "lower back": "low_back",
    "low back": "low_back", "stress fracture": "bone_stress", "stress reaction": "bone_stress",
    "jumpers knee": "patellar_tendon", "runners knee": "knee", "groin": "adductor",
    "plantar fasciitis": "plantar_fascia", "high hamstring": "proximal_hamstring",
}  # fmt: skip


# Distances as runners say them, to the profile's event names.
_EVENT_WORDS = {
    "5k": "5k", "5km": "5k", "5": "5k", "parkrun": "5k",
    "10k": "10k", "10km": "10k", "10": "10k",
    "half": "half_marathon", "halfmarathon": "half_marathon", "hm": "half_marathon",
    "21k": "half_marathon", "21.1k": "half_marathon", "21km": "half_marathon",
    "marathon": "marathon", "full": "marathon", "fullmarathon": "marathon",
    "42k": "marathon", "42.2k": "marathon", "42km": "marathon",
    "ultra": "ultra", "ultramarathon": "ultra", "50k": "ultra", "50km": "ultra",
    "100k": "ultra", "100km": "ultra",
    "none": "none", "no": "none", "nothing": "none", "-": "none",
}  # fmt: skip


def _event(answer: str) -> str:
    word = re.sub(r"[\s_-]+", "", answer.lower())
    if word in _EVENT_WORDS:
        return _EVENT_WORDS[word]
    raise ValueError(
        "Choose 5k, 10k, half marathon, marathon, ultra or none (for example: half marathon)."
    )


_CLOCK = re.compile(r"^(\d{1,2}):([0-5]\d)$")
_SPOKEN = re.compile(
    r"^(?:(\d{1,6}(?:\.\d{1,6})?)\s*(?:h|hr|hrs|hour|hours))?\s*"
    r"(?:(\d{1,6})\s*(?:m|min|mins|minute|minutes)?)?$",
    re.I,
)


def _minutes(low: int, high: int) -> Callable[[str], int]:
    """Minutes as people write them: 45, 45 min, 1:05, 1h, 1 h 10 min."""

    def parse(answer: str) -> int:
        text = answer.strip().lower()
        clock = _CLOCK.match(text)
        spoken = _SPOKEN.match(text)
        if clock:
            total = int(clock.group(1)) * 60 + int(clock.group(2))
        elif text and spoken and (spoken.group(1) or spoken.group(2)):
            total = round(float(spoken.group(1) or 0) * 60) + int(spoken.group(2) or 0)
        else:
            raise ValueError(f"Give the minutes, for example 40, 45 min or 1:05 ({low} to {high}).")
        if not low <= total <= high:
            raise ValueError(f"Give from {low} to {high} minutes; {answer!r} is {total}.")
        return total

    return parse


def _count(low: int, high: int, unit: str) -> Callable[[str], int]:
    """A whole number, with or without its unit ("2", "2 sessions", "2x")."""
    pattern = re.compile(rf"^(\d{{1,6}})\s*(?:x|times|{unit}s?)?$", re.I)

    def parse(answer: str) -> int:
        match = pattern.match(answer.strip())
        if not match or not low <= int(match.group(1)) <= high:
            raise ValueError(f"Give a whole number from {low} to {high}.")
        return int(match.group(1))

    return parse


# The run days offered when a runner gives only how many: spread over the week, the long
# run at the weekend.
_USUAL_DAYS = {
    1: "sun", 2: "wed,sun", 3: "tue,thu,sun", 4: "tue,thu,sat,sun", 5: "mon,tue,thu,sat,sun",
    6: "mon,tue,wed,thu,sat,sun", 7: "mon,tue,wed,thu,fri,sat,sun",
}  # fmt: skip


def _run_days(count: int) -> Callable[[str], list[str]]:
    def parse(answer: str) -> list[str]:
        days = _days(answer)
        if len(days) != count:
            shown = ", ".join(days) or "none"
            raise ValueError(
                f"You said you run {count} days a week; name {count} days "
                f"(you named {len(days)}: {shown})."
            )
        return days

    return parse


def _among(
    run_days: list[str], most: int | None, taken: tuple[str, ...] = ()
) -> Callable[[str], list[str]]:
    def parse(answer: str) -> list[str]:
        days = _days(answer)
        outside = [d for d in days if d not in run_days]
        if outside:
            raise ValueError(
                f"{', '.join(outside)} is not one of your run days ({', '.join(run_days)})."
            )
        twice = [d for d in days if d in taken]
        if twice:
            raise ValueError(
                f"{', '.join(twice)} is your long run; a day is one or the other here."
            )
        if most is not None and len(days) > most:
            raise ValueError(f"Give one day (or none), not {len(days)}.")
        return days

    return parse


def _sides(area: str) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        word = answer.lower().strip() or "both"
        word = {"l": "left", "r": "right", "b": "both", "-": "both", "none": "both"}.get(word, word)
        if word not in ("left", "right", "both"):
            raise ValueError(f"Which side is the {area} injury on: left, right or both?")
        return word

    return parse


def _status(answer: str) -> str:
    word = answer.lower().strip()
    word = {"c": "current", "now": "current", "r": "recovering", "p": "past", "old": "past"}.get(
        word, word
    )
    if word not in ("current", "recovering", "past"):
        raise ValueError(
            "current (it hurts now), recovering (getting better, back to some running) or "
            "past (healed, you want to keep it away)."
        )
    return word


def ask_profile(today: dt.date | None = None) -> Profile:
    """The interview, validated as a whole at the end (each answer already was)."""
    return validate_profile(ask_profile_answers(today))


def ask_profile_answers(today: dt.date | None = None) -> dict[str, Any]:
    """The interview's answers as a profile mapping, each checked when it is given."""
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
    count = _ask("How many days a week do you run? (1-7)", "4", _count(1, 7, "day"))
    run_days = _ask(
        f"Which {count} days do you run? (e.g. {_USUAL_DAYS[count]})",
        _USUAL_DAYS[count],
        _run_days(count),
    )
    long_run = _ask(
        "Which of them is your long run? (a day, or none)",
        "sun" if "sun" in run_days else run_days[-1],
        _among(run_days, most=1),
    )
    quality = _ask(
        "Which are hard sessions: intervals, tempo, hills? (days, or none)",
        "none",
        _among(run_days, most=None, taken=tuple(long_run)),
    )
    km, in_miles = _ask(
        "How far do you run in a usual week? (e.g. 40 km or 25 mi)", "30 km", _distance
    )
    event = _ask(
        "What are you training for? 5k, 10k, half marathon, marathon, ultra or none",
        "none",
        _event,
    )
    race_date = None
    if event != Event.NONE.value:
        race_date = _ask(
            "Race date (YYYY-MM-DD)", str(start + dt.timedelta(weeks=16)), _date(start)
        )
    sessions = _ask("Strength sessions a week you can do (1-3)", "2", _count(1, 3, "session"))
    minutes = _ask("Minutes per session (15-90, e.g. 30 or 45 min)", "30", _minutes(15, 90))
    equipment = _ask(
        "Equipment: none (body weight only), home, gym, or names like dumbbell,kettlebell",
        "none",
        _equipment,
    )
    areas = _ask(
        "Any injury, now or in the past? (achilles, plantar_fascia, knee, patellar_tendon, "
        "it_band, hamstring, calf, ankle, ... or none)",
        "none",
        _injuries,
    )
    injuries = []
    for area in areas:
        side = _ask(f"  {area}: which side? left, right or both", "both", _sides(area))
        status = _ask(f"  {area}: current, recovering or past", "current", _status)
        injuries.append({"area": area, "side": side, "status": status})

    week: dict[str, str] = {}
    for day in run_days:
        week[day] = "easy"
    for day in quality:
        week[day] = "quality"
    for day in long_run[:1]:
        week[day] = "long"
    return {
        "name": name or "Runner",
        "start_date": start.isoformat(),
        "experience": experience,
        "running": {"week": week, ("weekly_miles" if in_miles else "weekly_km"): km},
        "goal": {"event": event, "date": race_date.isoformat() if race_date else None},
        "availability": {"sessions_per_week": sessions, "minutes_per_session": minutes},
        "equipment": equipment,
        "injuries": injuries,
        "units": "imperial" if in_miles else "metric",
    }


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


# Equipment that takes a load in kilograms; work with none of it is logged without one.
_LOADABLE = frozenset({"dumbbell", "kettlebell", "barbell", "weight_vest", "cable", "machine"})
_NO_EFFORT_BLOCKS = frozenset({"warmup", "mobility"})  # stretches and drills: no RPE asked


@dataclass(frozen=True, slots=True)
class SetFields:
    """What one set of an item is logged with, in the order a line gives them."""

    measure: str  # "reps" or "seconds"
    load: bool  # kilograms asked
    effort: bool  # RPE asked

    def names(self) -> list[str]:
        return [
            self.measure,
            *(["kg"] if self.load else []),
            *(["RPE"] if self.effort else []),
            "pain",
        ]


def set_fields(item: dict[str, Any], block: str) -> SetFields:
    measure = "reps" if item.get("reps") is not None else "seconds"
    loaded = bool(item.get("load_kg")) or (
        not item.get("load", {}).get("bodyweight")
        and bool(_LOADABLE & set(item.get("equipment", ())))
    )
    return SetFields(measure, loaded, block not in _NO_EFFORT_BLOCKS)


_LIMITS = {"reps": (0, 200), "seconds": (0, 3600), "kg": (0, 500), "RPE": (1, 10), "pain": (0, 10)}
_UNITS = re.compile(r"(kg|kgs|s|sec|secs|reps?|x)$", re.I)


def parse_set_line(
    answer: str, fields: SetFields, defaults: dict[str, float | None]
) -> dict[str, float | None]:
    """One set from one line: "8 40 7" is reps, kilograms and RPE for a loaded lift.

    Numbers fill the fields from the left; what is left out keeps its default (the last
    set's answer, or the plan's number), so Enter alone repeats the last set. Units after a
    number ("40kg", "30s") are allowed; "bw" or "-" for the load means body weight.
    """
    names = fields.names()
    words = answer.replace(",", " ").split()
    if len(words) > len(names):
        raise ValueError(f"Give at most {len(names)} numbers: {' '.join(names)}.")
    values = dict(defaults)
    for name, word in zip(names, words, strict=False):
        if name == "kg" and word.lower() in ("bw", "-", "0"):
            values["kg"] = None
            continue
        text = _UNITS.sub("", word)
        try:
            value = float(text)
        except ValueError:
            raise ValueError(
                f"{word!r} is not a number for {name}; give {' '.join(names)}, e.g. "
                f"{_example(fields)}."
            ) from None
        low, high = _LIMITS[name]
        if not low <= value <= high:
            raise ValueError(f"{name} goes from {low} to {high}; got {value:g}.")
        if name in ("reps", "seconds", "pain") and not value.is_integer():
            raise ValueError(f"{name} is a whole number; got {value:g}.")
        values[name] = int(value) if value.is_integer() else value
    return values


def _example(fields: SetFields) -> str:
    sample = {"reps": "8", "seconds": "30", "kg": "40", "RPE": "7", "pain": "0"}
    return " ".join(sample[n] for n in fields.names()[:-1])


def _shown(values: dict[str, float | None], fields: SetFields) -> str:
    words = []
    for name in fields.names():
        value = values.get(name)
        words.append(
            "bw" if value is None and name == "kg" else f"{value if value is not None else '-'}"
        )
    return " ".join(str(w) for w in words)


def _pain_now(pain: int, exercise: str, catalog: Catalog) -> bool:
    """Say at once what the pain means; True when the exercise stops for today."""
    from runstrong.domain.pain import PainAction, respond_to_pain

    response = respond_to_pain(pain)
    if response.action is PainAction.CARRY_ON:
        return False
    err_console.print(f"[yellow]{response.message}[/]")
    if response.action is PainAction.STOP:
        return True
    easier = [
        catalog.exercise(e).name for e in catalog.exercise(exercise).regressions if e in catalog
    ]
    if easier:
        err_console.print(
            f"[yellow]For the rest of this exercise today, go lighter or switch to "
            f"{' or '.join(easier[:2])}.[/]"
        )
    else:
        err_console.print(
            "[yellow]For the rest of this exercise today, go lighter or do fewer reps.[/]"
        )
    return False


def _planned_sides(item: dict[str, Any]) -> list[tuple[str | None, str]]:
    """Each set to log, with its side and how it is named: per side for one-sided work,
    then the weak side's extra sets as such."""
    sides: list[tuple[str | None, str]] = []
    for number in range(1, int(item["sets"]) + 1):
        if item.get("per_side"):
            sides += [("left", f"set {number}, left"), ("right", f"set {number}, right")]
        else:
            sides.append((None, f"set {number}"))
    extra = item.get("extra_sets") or {}
    if item.get("per_side"):
        for side in ("left", "right"):
            for number in range(1, int(extra.get(side, 0)) + 1):
                sides.append((side, f"extra set {number}, {side} (the side that needs it)"))
    return sides


def _record(values: dict[str, float | None], fields: SetFields, side: str | None) -> dict[str, Any]:
    return {
        "reps": values["reps"] if fields.measure == "reps" else None,
        "seconds": values["seconds"] if fields.measure == "seconds" else None,
        "load_kg": values.get("kg") if fields.load else None,
        "rpe": values.get("RPE") if fields.effort else None,
        "pain": int(values.get("pain") or 0),
        "side": side,
    }


def _log_item(item: dict[str, Any], block: str, catalog: Catalog) -> list[dict[str, Any]]:
    """The sets done of one item: Enter logs it as planned, `s` skips it, `e` asks set by
    set (one line each, the last answer as the next default)."""
    fields = set_fields(item, block)
    sides = _planned_sides(item)
    amount = item[fields.measure]
    defaults: dict[str, float | None] = {
        fields.measure: amount,
        "kg": item.get("load_kg"),
        "RPE": item.get("load", {}).get("rpe", 7) if fields.effort else None,
        "pain": 0,
    }
    each = " each side" if item.get("per_side") else ""
    extras = [f"+{n} {side}" for side, n in (item.get("extra_sets") or {}).items() if n]
    more = f" ({', '.join(extras)})" if extras and item.get("per_side") else ""
    console.print(f"[bold]{item.get('name', item['exercise'])}[/] ({item['exercise']}): "
                  f"{item['sets']} x {amount} {fields.measure}{each}{more}")  # fmt: skip
    how = _ask(
        "  Enter = done as planned, no pain · e = set by set · s = skipped",
        "",
        _choice(["", "e", "s"]),
    )
    if how == "s":
        return []
    if how == "":
        return [_record(defaults, fields, side) for side, _label in sides]
    console.print(f"  One line a set: {' '.join(fields.names())} (e.g. {_example(fields)}); "
                  "Enter repeats the numbers shown; '-' ends the exercise.")  # fmt: skip
    done: list[dict[str, Any]] = []
    for side, label in sides:
        shown = _shown(defaults, fields)
        answer = _ask(f"  {label} [{shown}]", "", _set_line(fields, defaults))
        if answer is None:
            break
        defaults = answer
        done.append(_record(answer, fields, side))
        if _pain_now(int(answer.get("pain") or 0), item["exercise"], catalog):
            break
    return done


def _set_line(
    fields: SetFields, defaults: dict[str, float | None]
) -> Callable[[str], dict[str, float | None] | None]:
    def parse(answer: str) -> dict[str, float | None] | None:
        if answer in ("-", "end", "stop"):
            return None
        return parse_set_line(answer, fields, defaults)

    return parse


def _known_exercise(catalog: Catalog) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        if not answer:
            return ""
        from runstrong.domain.errors import UnknownExercise

        try:
            return catalog.exercise(answer.strip().lower()).id
        except UnknownExercise as exc:
            raise ValueError(str(exc)) from None

    return parse


def ask_session_log(
    planned: dict[str, Any] | None,
    day: dt.date,
    catalog: Catalog,
    *,
    log_id: str | None = None,
) -> dict[str, Any]:
    """Ask what was done, exercise by exercise, with the plan's numbers as the defaults."""
    import uuid

    _INSTEAD["hint"] = "give the session as a file with runstrong log --file FILE"

    items: list[tuple[dict[str, Any], str]]
    if planned is None:
        console.print(f"No session was planned on {day}; log what you did, one exercise at a time.")
        items = []
        while True:
            exercise_id = _ask("Exercise id (Enter when done)", "", _known_exercise(catalog))
            if not exercise_id:
                break
            exercise = catalog.exercise(exercise_id)
            sets = _ask("  Sets done", "3", _int_between(1, 20))
            one_sided = exercise.dose.per_side
            first = exercise.dose.reps
            item = {
                "exercise": exercise.id,
                "name": exercise.name,
                "sets": sets,
                "reps": first[0] if first else None,
                "seconds": None if first else (exercise.dose.seconds or (30, 30))[0],
                "per_side": one_sided,
                "equipment": list(exercise.equipment),
                "load": {},
            }
            items.append((item, exercise.blocks[0].value))
    else:
        console.print(f"Logging {planned['date']}: {planned['focus']}.\n")
        items = [
            (item, block["kind"])
            for block in planned["blocks"]
            if block["kind"] != "warmup"
            for item in block["items"]
        ]
    logged_items = []
    for item, block in items:
        done = _log_item(item, block, catalog)
        if done:
            logged_items.append({"exercise": item["exercise"], "sets": done})
    note = _ask("A note (optional)", "", str)
    return {
        "id": log_id or str(uuid.uuid4()),
        "date": day.isoformat(),
        "items": logged_items,
        "note": note,
    }


def confirm_replace(path: Path) -> bool:
    """Whether the runner wants the file replaced; never asked without a person there."""
    import sys

    if not sys.stdin.isatty():
        return False
    from rich.prompt import Confirm

    return Confirm.ask(f"{path} already exists. Replace it with your new answers?", default=False,
                       console=console)  # fmt: skip


def agree_copy(source: Path, copy: Path) -> bool:
    """Offer a JSON copy for the results of a profile runstrong does not rewrite."""
    import sys

    message = (
        f"{source.name} is TOML, which runstrong does not rewrite: the results will go into "
        f"{copy}, a copy of your profile with them added."
    )
    if not sys.stdin.isatty():
        console.print(message)
        return True
    from rich.prompt import Confirm

    return Confirm.ask(f"{message} Go ahead?", default=True, console=console)


def results_kept(path: Path) -> None:
    err_console.print(
        f"Your test results are kept in {path}; put them under `assessment` in your profile "
        "once the problem below is solved."
    )


def answers_kept_profile(path: Path) -> None:
    err_console.print(
        f"Your answers are saved in {path}; fix what the message below names there, then run: "
        f"runstrong plan --profile {path}"
    )


def ask_session_edit(logged: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """Go through a logged session again, its own numbers as the defaults: each exercise
    kept as it is (Enter), entered again a line a set (e) or dropped (d)."""
    _INSTEAD["hint"] = "edit the session as a file and use runstrong log --file FILE --replace"
    console.print(f"Editing session {logged['id']} of {logged['date']}.\n")
    items = []
    for item in logged["items"]:
        exercise = catalog.exercise(item["exercise"]) if item["exercise"] in catalog else None
        name = exercise.name if exercise is not None else item["exercise"]
        first = item["sets"][0]
        fields = SetFields(
            "reps" if first.get("reps") is not None else "seconds",
            load=any(s.get("load_kg") is not None for s in item["sets"]),
            effort=any(s.get("rpe") is not None for s in item["sets"]),
        )
        shown = "; ".join(_shown(_values(s, fields), fields) for s in item["sets"])
        console.print(f"[bold]{name}[/] ({item['exercise']}): {len(item['sets'])} sets: {shown}")
        how = _ask("  Enter = keep · e = enter again · d = drop", "", _choice(["", "e", "d"]))
        if how == "d":
            continue
        if how == "":
            items.append(item)
            continue
        console.print(f"  One line a set: {' '.join(fields.names())}; Enter keeps the numbers "
                      "shown; '-' ends the exercise.")  # fmt: skip
        sets = []
        for number, stored in enumerate(item["sets"], start=1):
            side = stored.get("side")
            label = f"set {number}" + (f", {side}" if side else "")
            defaults = _values(stored, fields)
            answer = _ask(
                f"  {label} [{_shown(defaults, fields)}]", "", _set_line(fields, defaults)
            )
            if answer is None:
                break
            sets.append(_record(answer, fields, side))
        if sets:
            items.append({"exercise": item["exercise"], "sets": sets})
    note = _ask("A note ('-' for none)", logged.get("note") or "", lambda a: "" if a == "-" else a)
    return {**logged, "items": items, "note": note}


def _values(stored: dict[str, Any], fields: SetFields) -> dict[str, float | None]:
    return {
        fields.measure: stored.get(fields.measure),
        "kg": stored.get("load_kg"),
        "RPE": stored.get("rpe"),
        "pain": stored.get("pain", 0),
    }


def nothing_left(log_id: str) -> None:
    console.print(
        f"Nothing changed: every exercise was dropped. To remove the session: "
        f"runstrong log --delete {log_id}"
    )


def nothing_to_log() -> None:
    console.print("Nothing recorded: every exercise was skipped.")


def answers_kept(path: Path) -> None:
    err_console.print(
        f"Your answers are kept in {path}; once the problem below is solved, record them "
        f"with: runstrong log --file {path}"
    )


def saved(path: Path) -> None:
    console.print(
        f"\nSaved your answers to [bold]{path}[/]; next time: runstrong plan --profile {path}\n"
    )
