"""Garmin FIT workouts: one file per strength session, written with Garmin's own SDK.

A pure function from a session and Garmin's exercise numbers to bytes. Each exercise
becomes a step (reps, or time in milliseconds) with Garmin's exercise category and name
where the table has one (`library/data/garmin-exercises.yaml`, numbered by
`garmin_map.garmin_codes`); one-sided work becomes a left and a right step;
sets become a rest step and a repeat step (`repeat_until_steps_cmplt`, whose target is
the total number of sets); extra sets for a weaker side follow the repeat. A step's notes
say what the watch cannot show on its own: the pair an item belongs to ("A1: alternate
with A2") and the ramp-up sets before it; the workout's description says when to do it
on a run day.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from typing import Any

from runstrong.adapters.exports.garmin_map import ExerciseCodes
from runstrong.domain import legend
from runstrong.domain.plan import Item, Plan, Session
from runstrong.domain.vocabulary import Block


def file_name(session: Session) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", session.focus.lower()).strip("-")
    return f"{session.date.isoformat()}-{slug}.fit"


def render_all(plan: Plan, codes: ExerciseCodes, stamp: dt.datetime) -> dict[str, bytes]:
    """Every session of the plan, by file name."""
    runner = str(plan.profile["name"])
    return {file_name(s): render(s, codes, runner, stamp) for s in plan.sessions()}


def _step(index: int, **fields: Any) -> dict[str, Any]:
    from garmin_fit_sdk import Profile

    return {"mesg_num": Profile["mesg_num"]["WORKOUT_STEP"], "message_index": index, "target_type": "open",
            "target_value": 0, **fields}  # fmt: skip


def _exercise(item: Item, codes: ExerciseCodes) -> dict[str, Any]:
    found = codes.get(item.exercise)
    if found is None:
        return {}
    category, name = found
    fields: dict[str, Any] = {"exercise_category": category}
    if name is not None:
        fields["exercise_name"] = name
    return fields


NOTES_LIMIT = 100  # characters of a step's notes; watches show a line or two
DESCRIPTION_LIMIT = 200


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def step_notes(session: Session, row: legend.Row) -> str | None:
    """What a step's notes say: the pair it alternates with and its ramp-up sets."""
    parts = [legend.alternate_with(session, row), legend.ramp_text(row.item)]
    text = "; ".join(p for p in parts if p)
    return _clip(text[:1].upper() + text[1:], NOTES_LIMIT) if text else None


def _work(
    item: Item, label: str, intensity: str, codes: ExerciseCodes, notes: str | None = None
) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "wkt_step_name": label[:50],
        "intensity": intensity,
        **_exercise(item, codes),
    }
    if notes:
        fields["notes"] = notes
    if item.reps is not None:
        fields.update(duration_type="reps", duration_value=item.reps)
    else:
        fields.update(duration_type="time", duration_value=(item.seconds or 0) * 1000)
    if "load_kg" in item.load:  # a load in kilograms, where the plan knows one
        fields.update(exercise_weight=float(item.load["load_kg"]), weight_display_unit="kilogram")
    return fields


def steps(session: Session, codes: ExerciseCodes) -> list[dict[str, Any]]:
    """The workout steps, in order, as FIT workout_step fields."""
    out: list[dict[str, Any]] = []

    def add(**fields: Any) -> None:
        out.append(_step(len(out), **fields))

    for row in legend.rows(session):
        item = row.item
        intensity = "warmup" if row.block in (Block.WARMUP, Block.MOBILITY) else "active"
        notes = step_notes(session, row)
        first = len(out)
        sides = [f"{item.name} (left)", f"{item.name} (right)"] if item.per_side else [item.name]
        for label in sides:
            add(**_work(item, label, intensity, codes, notes))
        if item.sets > 1:
            if item.rest_seconds:
                add(wkt_step_name="Rest", intensity="rest", duration_type="time",
                    duration_value=item.rest_seconds * 1000)  # fmt: skip
            add(
                duration_type="repeat_until_steps_cmplt",
                duration_value=first,
                target_value=item.sets,
            )
        for side, extra in (("left", item.extra_sets.left), ("right", item.extra_sets.right)):
            for _ in range(extra):
                add(**_work(item, f"{item.name} ({side}, extra set)", intensity, codes))
    return out


def description_text(session: Session) -> str | None:
    """The workout's description: when to do it, and how to do its pairs."""
    parts = [legend.timing_text(session.timing), legend.pair_note(session)]
    text = " ".join(p for p in parts if p)
    return _clip(text, DESCRIPTION_LIMIT) if text else None


def render(session: Session, codes: ExerciseCodes, runner: str, stamp: dt.datetime) -> bytes:
    from garmin_fit_sdk import Encoder, Profile

    messages = Profile["mesg_num"]
    workout_steps = steps(session, codes)
    workout: dict[str, Any] = {
        "mesg_num": messages["WORKOUT"],
        "wkt_name": f"runstrong {session.date:%d %b}",
        "sport": "training",
        "sub_sport": "strength_training",
        "num_valid_steps": len(workout_steps),
    }
    description = description_text(session)
    if description:
        workout["wkt_description"] = description
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": messages["FILE_ID"],
            "type": "workout",
            "manufacturer": "development",
            "product": 0,
            # a stable serial per runner and session, so a file made twice is the same file
            "serial_number": zlib.crc32(f"{runner}/{session.date}".encode()),
            "time_created": stamp.astimezone(dt.UTC),
        }
    )
    encoder.write_mesg(workout)
    for step in workout_steps:
        encoder.write_mesg(step)
    data: bytes = bytes(encoder.close())
    return data
