"""The REST API under /api/v1: the command line's use cases, as JSON.

The routes speak of "the runner" without an id: on a runner's own machine the database's
one runner; on a server with accounts the one signed in, and under /api/v1/runners/{id}/
the same routes serve that runner, for their coaches (`access.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Query, Request, Response, UploadFile

from runstrong.adapters.db.uow import SqlUnitOfWork
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import RunstrongError
from runstrong.domain.ports import ReadUnitOfWork
from runstrong.entrypoints.web import schemas

router = APIRouter(prefix="/api/v1")

Document = dict[str, Any]


# The dependencies only hand over objects: as coroutines they run on the event loop,
# without a hop through the thread pool each (the routes that touch the database do).
# On a server with accounts, `access.guard` has named the runner a route serves (the one
# signed in, or the runner of /runners/{id}/ for their coach); on a runner's own machine
# there is none to name, and the database's one runner is served.
async def _uow(request: Request) -> SqlUnitOfWork:
    from runstrong.adapters.db import connect

    return connect(request.app.state.database_url, getattr(request.state, "runner", None))


async def _reader(request: Request) -> ReadUnitOfWork:
    """For the routes that only read: a plain SQLite file through sqlite3 (no ORM on the
    way), anything else through SQLAlchemy. The app migrated the database when it started."""
    from runstrong.adapters.db.lite import reader

    return reader(request.app.state.database_url, getattr(request.state, "runner", None))


async def _catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def _today() -> dt.date:
    return dt.datetime.now().astimezone().date()  # the runner's local day, as the CLI


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


UnitOfWork = Annotated[SqlUnitOfWork, Depends(_uow)]
Reader = Annotated[ReadUnitOfWork, Depends(_reader)]
Library = Annotated[Catalog, Depends(_catalog)]
Day = Annotated[dt.date | None, Query(description="a date as YYYY-MM-DD; default today")]


def _json(document: object, status: int = 200) -> Response:
    import orjson

    return Response(
        orjson.dumps(document, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type="application/json",
    )


# -- library and learn hub ----------------------------------------------------------------


@router.get("/exercises", summary="The exercise library, filtered (runstrong.exercises/1)")
def exercises(
    catalog: Library,
    block: Annotated[list[str] | None, Query()] = None,
    level: Annotated[list[str] | None, Query()] = None,
    equipment: Annotated[list[str] | None, Query()] = None,
    region: Annotated[list[str] | None, Query()] = None,
    target: Annotated[list[str] | None, Query()] = None,
    pattern: Annotated[list[str] | None, Query()] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    from runstrong.services import library

    query = library.build_query(
        block=block,
        level=level,
        equipment=equipment,
        region=region,
        target=target,
        pattern=pattern,
        search=search,
    )
    return _json(library.exercises_document(catalog.find(query)))


@router.get("/exercises/{exercise_id}", summary="One exercise, its ladder and substitutes")
def exercise(exercise_id: str, catalog: Library) -> Response:
    from runstrong.services import library

    return _json(library.exercise_detail(catalog, exercise_id).as_record())


@router.get("/guides", summary="The learn hub (runstrong.guides/1)")
def guides(catalog: Library) -> Response:
    from runstrong.services import library

    return _json(library.guides_document(catalog.guides))


@router.get("/guides/{guide_id}", summary="One guide")
def guide(guide_id: str, catalog: Library) -> Response:
    return _json(catalog.guide(guide_id.strip()).model_dump(mode="json"))


# -- the runner, the profile and the plan -------------------------------------------------


@router.post("/profile/validate", summary="Check a profile; the profile with defaults filled in")
def validate_profile(profile: Annotated[Document, Body()]) -> Response:
    from runstrong.services import planning

    checked = planning.validate_profile(profile)
    return _json({"profile": checked.model_dump(mode="json")})


@router.put(
    "/profile",
    summary="Store the runner's profile and re-plan from today",
    responses={200: {"model": schemas.Started}},
)
def put_profile(
    request: Request, profile: Annotated[Document, Body()], uow: UnitOfWork, catalog: Library
) -> Response:
    from runstrong.services import planning, training

    checked = planning.validate_profile(profile)
    actor = getattr(request.state, "actor", None)
    served = getattr(request.state, "runner", None)
    coach = actor.username if actor and actor.runner_id != served else None
    started = training.init_runner(uow, checked, catalog, _today(), _now(), changed_by=coach)
    return _json(
        {
            "runner": started.runner,
            "profile_version": started.profile_version,
            "valid_from": started.valid_from.isoformat(),
            "weeks": started.weeks,
            "first_session": started.first_session.isoformat() if started.first_session else None,
        }
    )


@router.get("/profile", summary="The runner's current profile")
def get_profile(uow: Reader) -> Response:
    from runstrong.services import runner

    return _json(runner.current_profile(uow))


@router.get("/plan", summary="The plan in force (runstrong.plan/1), or one of its weeks")
def plan(uow: Reader, week: Annotated[int | None, Query(ge=1, le=60)] = None) -> Response:
    from runstrong.domain.errors import InvalidInput
    from runstrong.services import runner

    document = runner.current_plan(uow)
    if week is None:
        return _json(document)
    weeks = document["weeks"]
    if not 1 <= week <= len(weeks):
        raise InvalidInput("week", f"the plan has weeks 1 to {len(weeks)}; got {week}")
    return _json(weeks[week - 1])


# -- the log ------------------------------------------------------------------------------


@router.get(
    "/today",
    summary='The session due: {"session": ... or null, "next": date or null}',
    responses={200: {"model": schemas.TodayAnswer}},
)
def today(uow: Reader, catalog: Library, date: Day = None) -> Response:
    # Kept between writes by `answers.KeptAnswers`, in front of the app.
    from runstrong.services import training

    return _json(training.today(uow, date or _today(), catalog))


@router.get("/week", summary="The week holding the date: its sessions and what is logged")
def week(uow: Reader, date: Day = None) -> Response:
    from runstrong.services import training

    return _json(training.week(uow, date or _today()))


@router.post(
    "/sessions",
    summary="Record a done session; its id is the idempotency key",
    status_code=201,
    responses={
        201: {"model": schemas.Recorded, "description": "recorded"},
        200: {"model": schemas.Recorded, "description": "already recorded with the same content"},
        409: {},
    },
    openapi_extra=schemas.SESSION_BODY,
)
def log_session(body: Annotated[Document, Body()], uow: UnitOfWork, catalog: Library) -> Response:
    from runstrong.services import training

    entry = training.parse_log(body, catalog, _today())
    try:
        done = training.log_session(uow, entry, _now())
    except training.SessionConflict as conflict:
        raise training.SessionConflict(
            conflict.stored, f"PUT /api/v1/sessions/{entry.id}"
        ) from None
    return _json(
        {
            "recorded": done.recorded,
            "session": done.log.model_dump(mode="json"),
            "messages": done.messages,
        },
        status=201 if done.recorded else 200,
    )


@router.get(
    "/sessions",
    summary="Logged sessions, newest first, a page at a time",
    responses={200: {"model": schemas.HistoryPage}},
)
def sessions(
    uow: Reader,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    from runstrong.services import training

    found = training.history_page(uow, limit, page)
    return _json(
        {
            "total": found.total,
            "page": found.page,
            "pages": found.pages,
            "sessions": [
                {**s.log.model_dump(mode="json"), "logged_at": s.logged_at.isoformat()}
                for s in reversed(found.logs)
            ],
        }
    )


@router.get(
    "/sessions/{session_id}",
    summary="One logged session",
    responses={200: {"model": schemas.LoggedSession}},
)
def session(session_id: str, uow: UnitOfWork) -> Response:
    from runstrong.services import training

    stored = training.logged_session(uow, session_id)
    return _json({**stored.log.model_dump(mode="json"), "logged_at": stored.logged_at.isoformat()})


@router.put(
    "/sessions/{session_id}",
    summary="Replace a logged session (or record it)",
    responses={200: {"model": schemas.Recorded}},
    openapi_extra=schemas.SESSION_BODY,
)
def replace_session(
    session_id: str, body: Annotated[Document, Body()], uow: UnitOfWork, catalog: Library
) -> Response:
    from runstrong.domain.errors import InvalidInput
    from runstrong.services import training

    if body.get("id", session_id) != session_id:
        raise InvalidInput("id", "the session's id must be the one in the address")
    entry = training.parse_log({**body, "id": session_id}, catalog, _today())
    done = training.replace_session_log(uow, entry, _now())
    return _json({"recorded": True, "session": done.log.model_dump(mode="json"),
                  "messages": done.messages})  # fmt: skip


@router.delete("/sessions/{session_id}", summary="Delete a logged session", status_code=204)
def delete_session(session_id: str, uow: UnitOfWork) -> Response:
    from runstrong.services import training

    training.delete_session_log(uow, session_id)
    return Response(status_code=204)


@router.get("/progress", summary="Weekly work, key lifts and holds, tests, injuries moving on")
def progress(uow: Reader, catalog: Library) -> Response:
    from dataclasses import asdict

    from runstrong.services import insights

    report = insights.progress(uow, _today(), catalog=catalog)
    return _json(asdict(report))


# -- exports: the stored runner's plan, adjusted by the log, as `runstrong export` ---------


def _stored(uow: SqlUnitOfWork, catalog: Catalog) -> Any:
    from runstrong.services import exporting

    return exporting.stored_plan(uow, _today(), catalog)


@router.get(
    "/exports/plan.ics",
    summary="The plan as an iCalendar file, adjusted by the log",
    response_class=Response,
    responses={
        200: {
            "description": "The plan as an iCalendar file",
            "content": {"text/calendar": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def export_ics(
    uow: UnitOfWork,
    catalog: Library,
    time: Annotated[str | None, Query(description="HH:MM; all-day events without it")] = None,
    tz: Annotated[str, Query(max_length=64)] = "UTC",
) -> Response:
    from runstrong.adapters.exports import ical
    from runstrong.domain.errors import InvalidInput
    from runstrong.services.planning import field_test_names

    at = None
    if time is not None:
        try:
            at = dt.time.fromisoformat(time)
        except ValueError:
            raise InvalidInput("time", f"{time[:20]!r} is not a time of day; use HH:MM") from None
    ical.zone(tz)
    data = ical.render(
        _stored(uow, catalog), catalog, _now(), at, tz, test_names=field_test_names()
    )
    return Response(
        data,
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="runstrong.ics"'},
    )


@router.get(
    "/exports/workouts.zip",
    summary="One Garmin FIT workout per session, zipped",
    response_class=Response,
    responses={
        200: {
            "description": "A zip of FIT workout files",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def export_fit(uow: UnitOfWork, catalog: Library) -> Response:
    import io
    import zipfile

    from runstrong.adapters.exports import fit
    from runstrong.adapters.exports.garmin_map import garmin_codes
    from runstrong.library.garmin import load_garmin_map

    files = fit.render_all(_stored(uow, catalog), garmin_codes(load_garmin_map()), _now())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="runstrong-workouts.zip"'},
    )


@router.get(
    "/exports/plan.pdf",
    summary="The printable plan, adjusted by the log",
    response_class=Response,
    responses={
        200: {
            "description": "The printable plan",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def export_pdf(uow: UnitOfWork, catalog: Library) -> Response:
    from runstrong.adapters.exports import pdf
    from runstrong.services.planning import field_test_names

    data = pdf.render(_stored(uow, catalog), catalog, test_names=field_test_names())
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="runstrong-plan.pdf"'},
    )


@router.post(
    "/calendar-feed",
    summary="A new secret calendar link (the old one stops working); shown once",
    status_code=201,
)
def new_calendar_feed(request: Request, uow: UnitOfWork) -> Response:
    from runstrong.services import feed

    token = feed.new_feed_token(uow, _now())
    path = f"/calendar/{token}.ics"
    return _json({"path": path, "url": str(request.base_url).rstrip("/") + path}, status=201)


# -- imports: the runner's own running, from their files -----------------------------------


@router.post(
    "/imports/runs",
    summary="Read uploaded .ics, .fit, .gpx or .tcx files: the running they show (a preview)",
    responses={413: {"description": "over 32 MB in all"}},
)
def import_runs(
    files: Annotated[list[UploadFile], File(description="calendars and recorded runs")],
    uow: UnitOfWork,
) -> Response:
    import shutil
    import tempfile
    from pathlib import Path

    from runstrong.domain.errors import InvalidInput
    from runstrong.services import running_import

    if not files:
        raise InvalidInput("files", "send at least one file")
    allowed = running_import.CALENDAR_SUFFIXES + running_import.ACTIVITY_SUFFIXES
    with tempfile.TemporaryDirectory(prefix="runstrong-upload-") as folder:
        paths = []
        for number, upload in enumerate(files):
            name = Path(upload.filename or f"file-{number}").name[-80:]
            if Path(name).suffix.lower() not in allowed:
                raise InvalidInput("files", f"{name}: send .ics, .fit, .gpx or .tcx files")
            path = Path(folder) / f"{number:03d}-{name}"
            with path.open("wb") as copy:  # a private folder, gone once the files are read
                shutil.copyfileobj(upload.file, copy)
            paths.append(path)
        found = running_import.read_running(paths, _today())
    try:
        before: dict[str, Any] | None = running_import.stored_running(uow)
    except RunstrongError:
        before = None
    return _json(
        {
            "running": found.running,
            "notes": list(found.notes),
            "unread": [{"file": _shown_name(n), "problem": p} for n, p in found.unread],
            "not_runs": [{"file": _shown_name(n), "problem": p} for n, p in found.not_runs],
            "stored": before,
            "would_store": None
            if before is None
            else running_import.applied_running(before, found.running),
        }
    )


def _shown_name(name: str) -> str:
    """The file's own name, without the upload's numbering."""
    return name[4:] if len(name) > 4 and name[:3].isdigit() and name[3] == "-" else name


@router.post("/imports/runs/apply", summary="Store a previewed running week and re-plan")
def apply_runs(
    running: Annotated[Document, Body(embed=True)], uow: UnitOfWork, catalog: Library
) -> Response:
    from runstrong.services import running_import

    before = running_import.stored_running(uow)
    started = running_import.apply_running(
        uow, running_import.applied_running(before, running), catalog, _today(), _now()
    )
    return _json({"profile_version": started.profile_version, "weeks": started.weeks})
