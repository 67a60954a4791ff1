"""A plan's calendar: its weeks with their dates, sessions' days and retests, in a few
kilobytes. A plan's whole document is a few hundred kilobytes; a coach's board reads the
calendars of a whole squad at once, so each plan keeps its calendar beside its document."""

from __future__ import annotations

from typing import Any

CALENDAR_SCHEMA = "runstrong.plan-calendar/1"


def calendar_of(document: dict[str, Any]) -> dict[str, Any]:
    """The calendar of a plan document (runstrong.plan/1)."""
    return {
        "schema": CALENDAR_SCHEMA,
        "weeks": [
            {
                "index": week["index"],
                "start": week["start"],
                "phase": week["phase"],
                "deload": bool(week.get("deload")),
                "sessions": [session["date"] for session in week["sessions"]],
                "retest": list(week.get("retest") or []),
            }
            for week in document["weeks"]
        ],
    }
