"""The guided session: one exercise at a time, on a phone in the gym, offline too.

The server renders the page around the day's session, embedded as JSON (the same session
`GET /api/v1/today` answers, adjusted by the log), with what the script cannot know on
its own: each exercise's cues and easier options, and the pain rule's thresholds and
words. `static/guided.js` runs the session from there and keeps its progress on the phone.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from runstrong.adapters.db.uow import SqlUnitOfWork
from runstrong.domain.catalog import Catalog
from runstrong.entrypoints.web.api import _catalog, _uow
from runstrong.entrypoints.web.pages import _amount, page

router = APIRouter(include_in_schema=False)

UnitOfWork = Annotated[SqlUnitOfWork, Depends(_uow)]
Library = Annotated[Catalog, Depends(_catalog)]

# The page holds only our own script, styles and data: a strict policy costs nothing and
# keeps injected markup from running anything. `data:` is the layout's empty favicon.
POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@router.get("/session/{day}")
def guided_session(request: Request, day: dt.date, uow: UnitOfWork, catalog: Library) -> Response:
    from runstrong.services import training

    with uow:
        if uow.repo.runner() is None:
            return RedirectResponse("/start", status_code=303)
    due = training.today(uow, day, catalog)
    session = due["session"]
    logged = [log for log in training.week(uow, day)["logged"] if log["date"] == day.isoformat()]
    data = None
    if session is not None:
        data = {
            "date": day.isoformat(),
            "session": _annotated(session),
            "next": due["next"],
            "exercises": _exercises(catalog, session),
            "pain": _pain_words(),
            "logged": len(logged),
        }
    response = page(
        request, "session.html", "/today", day=day, session=session, next=due["next"], data=data
    )
    response.headers["Content-Security-Policy"] = POLICY
    return response


def _annotated(session: dict[str, Any]) -> dict[str, Any]:
    """The session with each item's dose and effort in words, as the other pages say them."""
    from runstrong.domain.plan import load_text

    blocks = []
    for block in session["blocks"]:
        items = []
        for item in block["items"]:
            amount = _amount(item)
            for side in ("left", "right"):
                if item["extra_sets"][side]:
                    amount += f" (+{item['extra_sets'][side]} on the {side})"
            items.append({**item, "amount": amount, "effort": load_text(item["load"])})
        blocks.append({**block, "items": items})
    return {**session, "blocks": blocks}


def _exercises(catalog: Catalog, session: dict[str, Any]) -> dict[str, Any]:
    """Cues and easier options for each exercise of the session, by id."""
    found: dict[str, Any] = {}
    for block in session["blocks"]:
        for item in block["items"]:
            exercise = catalog.exercise(item["exercise"])
            easier = [
                {"exercise": e, "name": catalog.exercise(e).name}
                for e in exercise.regressions
                if e in catalog
            ]
            found[exercise.id] = {"cues": list(exercise.cues), "easier": easier}
    return found


def _pain_words() -> dict[str, Any]:
    """The pain rule as the page applies it during a set: the thresholds are the domain's,
    so the page and the plan's next prescription never disagree. `{pain}` and `{easier}`
    are filled in by the script."""
    from runstrong.domain.pain import ACCEPTABLE, STOP_ABOVE

    return {
        "acceptable": ACCEPTABLE,
        "stop_above": STOP_ABOVE,
        "lighter": f"Pain of {{pain}}/10: go lighter for the sets left, or switch to the "
        f"easier option ({{easier}}). Build back up only once it stays at {ACCEPTABLE}/10 "
        "or less.",
        "lighter_no_option": f"Pain of {{pain}}/10: go lighter or do fewer reps for the sets "
        f"left. Build back up only once it stays at {ACCEPTABLE}/10 or less.",
        "stop": "Pain of {pain}/10 is too much: stop this exercise for today. Its other sets "
        "are skipped. If the pain does not settle within a day or two, see a physiotherapist "
        "or doctor.",
    }
