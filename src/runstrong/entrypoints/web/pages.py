"""The pages: server-rendered HTML over the same services as the API, phone first.

Every page works without JavaScript; htmx and the guided session's script add to it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from runstrong.adapters.db.uow import SqlUnitOfWork
from runstrong.domain.catalog import Catalog
from runstrong.domain.ports import ReadUnitOfWork
from runstrong.entrypoints.web.api import _catalog, _reader, _today, _uow

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")

UnitOfWork = Annotated[SqlUnitOfWork, Depends(_uow)]
Reader = Annotated[ReadUnitOfWork, Depends(_reader)]
Library = Annotated[Catalog, Depends(_catalog)]


def _filters() -> None:
    from runstrong.domain import media
    from runstrong.templates import effort

    env = templates.env
    env.filters["video"] = lambda exercise: (
        media.at(exercise.video, exercise.video_start) if exercise.video else None
    )
    env.filters["amount"] = _amount
    env.filters["effort"] = effort  # the printed plan's own words for a load
    env.filters["weekday"] = lambda day: dt.date.fromisoformat(day).strftime("%A %d %B")
    env.filters["markdown"] = _markdown
    env.filters["day_of"] = _day_of
    # On a server with accounts: who is signed in, and the form secret each form sends.
    env.globals["actor_of"] = lambda request: getattr(request.state, "actor", None)
    env.globals["csrf_of"] = lambda request: getattr(request.state, "csrf", "")
    env.globals["csrf_field"] = _csrf_field


def _csrf_field(request: Request) -> Any:
    from markupsafe import Markup, escape

    secret = getattr(request.state, "csrf", "")
    return Markup(f'<input type="hidden" name="csrf" value="{escape(secret)}">') if secret else ""


def _amount(item: dict[str, Any]) -> str:
    each = " each side" if item.get("per_side") else ""
    if item.get("reps") is not None:
        return f"{item['sets']} × {item['reps']} reps{each}"
    return f"{item['sets']} × {item['seconds']} s{each}"


def _day_of(monday: str, weekday: str) -> str:
    from runstrong.domain.athlete import WEEKDAYS

    return (dt.date.fromisoformat(monday) + dt.timedelta(days=WEEKDAYS.index(weekday))).isoformat()


def _markdown(text: str) -> Any:
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    # Guides are our own validated data; raw HTML in them is still not passed through.
    return Markup(MarkdownIt("commonmark", {"html": False}).render(text))


_filters()


def page(request: Request, name: str, active: str, **context: Any) -> HTMLResponse:
    base, served = _served(request)
    whose = f"{served}'s" if served else "Your"
    return templates.TemplateResponse(
        request,
        name,
        {
            "active": active,
            "base": base,  # where this runner's pages are: "" or /runners/ID for a coach
            "served_name": served,  # the runner's name when a coach looks on
            "whose": whose,
            "whose_in": whose if served else "your",
            **context,
        },
    )


def _served(request: Request) -> tuple[str, str | None]:
    """Where the pages of the runner served are, and their name when it is a coach who
    asks (under /runners/ID/): their pages' links and headings name them, not "your"."""
    named = request.path_params.get("runner_id")
    if named is None or not request.url.path.startswith("/runners/"):
        return "", None
    from runstrong.adapters.db.lite import reader

    runner = int(named)
    with reader(request.app.state.database_url, runner) as uow:
        stored = uow.repo.runner()
    return f"/runners/{runner}", stored.name if stored is not None else f"Runner {runner}"


@router.get("/")
def home(request: Request, uow: UnitOfWork) -> Response:
    if getattr(request.app.state, "multi_user", False):  # each person where they start
        actor = request.state.actor
        if actor is None:
            return RedirectResponse("/signin", status_code=303)
        if actor.runner_id is None:
            return RedirectResponse("/coach" if actor.role.value == "coach" else "/account", 303)
        uow = uow.for_runner(actor.runner_id)
    with uow:
        stored = uow.repo.runner()
        started = stored is not None and uow.repo.latest_profile(stored.id) is not None
    return RedirectResponse("/today" if started else "/start", status_code=303)


@router.get("/today")
def today(
    request: Request,
    uow: Reader,
    catalog: Library,
    date: Annotated[dt.date | None, Query()] = None,
) -> Response:
    # Kept between writes by `answers.KeptAnswers`, in front of the app.
    from runstrong.services import training

    with uow:
        if uow.repo.runner() is None:
            return RedirectResponse("/start", status_code=303)
    day = date or _today()
    due = training.today(uow, day, catalog)
    session = due["session"]
    exercises = {}
    if session is not None:
        for block in session["blocks"]:
            for item in block["items"]:
                exercises[item["exercise"]] = _options(catalog, item["exercise"])
    routines = _rehab_for(uow, day)
    return page(
        request, "today.html", "/today", day=day, session=session, next=due["next"],
        options=exercises, rehab=routines, moving_on=training.moving_on(uow, day, catalog),
    )  # fmt: skip


def _options(catalog: Catalog, exercise_id: str) -> dict[str, Any]:
    exercise = catalog.exercise(exercise_id)
    known = [*exercise.regressions, *exercise.progressions, *exercise.substitutes]
    names = {e: catalog.exercise(e).name for e in known if e in catalog}
    return {
        "exercise": exercise,
        "easier": [(e, names[e]) for e in exercise.regressions if e in names],
        "harder": [(e, names[e]) for e in exercise.progressions if e in names],
        "home": [(e, names[e]) for e in exercise.substitutes if e in names],
    }


def _rehab_for(uow: ReadUnitOfWork, day: dt.date) -> list[dict[str, Any]]:
    """The day's rehab routines from the plan in force."""
    from runstrong.domain.athlete import WEEKDAYS
    from runstrong.services import runner

    document = runner.current_plan(uow, day)
    weekday = WEEKDAYS[day.weekday()]
    found = []
    for week in document["weeks"]:
        start = dt.date.fromisoformat(week["start"])
        if start <= day < start + dt.timedelta(days=7):
            found = [r for r in week.get("rehab", []) if weekday in r["days"]]
    return found


@router.get("/plan")
def plan(request: Request, uow: UnitOfWork) -> Response:
    from runstrong.services import runner

    with uow:
        if uow.repo.runner() is None:
            return RedirectResponse("/start", status_code=303)
    document = runner.current_plan(uow)
    return page(request, "plan.html", "/plan", plan=document, today=_today().isoformat())


@router.get("/library")
def library(
    request: Request,
    catalog: Library,
    block: Annotated[str | None, Query()] = None,
    level: Annotated[str | None, Query()] = None,
    equipment: Annotated[str | None, Query()] = None,
    region: Annotated[str | None, Query()] = None,
    target: Annotated[str | None, Query()] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    from runstrong.domain.vocabulary import TARGET_VALUES, Block, Level, Region
    from runstrong.services import library as service

    chosen = {"block": block, "level": level, "equipment": equipment, "region": region,
              "target": target, "search": search}  # fmt: skip
    query = service.build_query(
        **{k: [v] if v else None for k, v in chosen.items() if k != "search"}, search=search
    )
    found = catalog.find(query)
    context = {
        "found": found, "chosen": chosen, "blocks": [b.value for b in Block],
        "levels": [lv.value for lv in Level], "regions": [r.value for r in Region],
        "targets": sorted(TARGET_VALUES),
    }  # fmt: skip
    if request.headers.get("HX-Request"):
        return page(request, "library_results.html", "/library", **context)
    return page(request, "library.html", "/library", **context)


@router.get("/library/{exercise_id}")
def exercise(request: Request, exercise_id: str, catalog: Library) -> Response:
    from runstrong.services import library as service

    detail = service.exercise_detail(catalog, exercise_id)
    return page(
        request,
        "exercise.html",
        "/library",
        detail=detail,
        options=_options(catalog, detail.exercise.id),
    )


@router.get("/learn")
def learn(request: Request, catalog: Library) -> Response:
    return page(request, "learn.html", "/learn", guides=catalog.guides)


@router.get("/learn/{guide_id}")
def guide(request: Request, guide_id: str, catalog: Library) -> Response:
    found = catalog.guide(guide_id.strip())
    names = {e.id: e.name for e in catalog.exercises}
    return page(request, "guide.html", "/learn", guide=found, names=names)


@router.get("/calendar/{token}.ics")
def calendar_feed(token: str, uow: UnitOfWork, catalog: Library) -> Response:
    """What a phone calendar fetches now and then: the plan, adjusted by the log."""
    from runstrong.adapters.exports import ical
    from runstrong.entrypoints.web.api import _now
    from runstrong.entrypoints.web.errors import problem
    from runstrong.services import feed
    from runstrong.services.planning import field_test_names

    try:
        plan = feed.feed_plan(uow, token, _today(), catalog)
    except feed.UnknownFeed:
        return problem(404, "not_found", "no calendar at this link; make a new one in the app")
    data = ical.render(plan, catalog, _now(), None, "UTC", test_names=field_test_names())
    return Response(data, media_type="text/calendar", headers={"Cache-Control": "no-cache"})


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    import orjson

    document = {
        "name": "runstrong",
        "short_name": "runstrong",
        "description": "Strength training for distance runners",
        "start_url": "/today",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f5f99",
        "icons": [{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    return Response(orjson.dumps(document), media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> Response:
    # Served from the root so that its scope is the whole app.
    return Response(
        (HERE / "static" / "sw.js").read_bytes(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )
