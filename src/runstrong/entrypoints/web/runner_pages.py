"""The runner's own pages: start (a first profile), profile, field tests, history, progress.

Forms post to the server, which is the judge: the same checks run with and without
JavaScript, an error is shown beside its field with every value kept, and a success
redirects (303) so that reloading does not send the form twice. htmx adds checks as each
field is left, through /profile/check/{field}.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import escape

from runstrong.adapters.db.uow import SqlUnitOfWork
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.entrypoints.web import profile_form
from runstrong.entrypoints.web.api import _catalog, _now, _today, _uow
from runstrong.entrypoints.web.pages import page

router = APIRouter(include_in_schema=False)

UnitOfWork = Annotated[SqlUnitOfWork, Depends(_uow)]
Library = Annotated[Catalog, Depends(_catalog)]
Form = dict[str, list[str]]
PER_PAGE = 20


async def _read_form(request: Request) -> Form:
    form = await request.form()
    return {key: [str(v) for v in form.getlist(key)] for key in form}


Posted = Annotated[Form, Depends(_read_form)]


def _stored(uow: SqlUnitOfWork) -> bool:
    """Whether the runner has a profile. On a server the runner is stored with their
    account, before any profile: that runner still starts at /start."""
    with uow:
        stored = uow.repo.runner()
        return stored is not None and uow.repo.latest_profile(stored.id) is not None


def _to(path: str) -> Response:
    return RedirectResponse(path, status_code=303)


# -- start and profile --------------------------------------------------------------------


@router.get("/start")
def start(request: Request, uow: UnitOfWork) -> Response:
    if _stored(uow):
        return _to("/profile")
    return _profile_page(request, "start.html", profile_form.defaults(), {})


@router.post("/start")
def start_save(request: Request, uow: UnitOfWork, catalog: Library, form: Posted) -> Response:
    if _stored(uow):
        return _to("/profile")
    checked = profile_form.check(
        profile_form.read(form), profile_form.next_monday(_today()), base={}
    )
    if checked.profile is not None:
        try:
            _replan(uow, catalog, checked.profile)
        except InvalidInput as exc:  # the plan's own rules, past the profile's
            checked.errors[profile_form.field_of(exc.field)] = profile_form.sentence(exc.problem)
        else:
            return _to("/plan")
    return _profile_page(request, "start.html", checked.values, checked.errors, 422)


@router.post("/profile/check/{field}")
def check_field(field: str, uow: UnitOfWork, form: Posted) -> Response:
    """The problem with one field, as text for the place beside it; empty when it is fine.

    The whole form is checked (the long run must be one of the run days), and only the
    named field's problem is returned, so a field is never blamed for another's.
    """
    if field not in profile_form.FIELDS:
        return HTMLResponse("", status_code=404)
    base, start_day = _base(uow)
    checked = profile_form.check(profile_form.read(form), start_day, base)
    return HTMLResponse(str(escape(checked.errors.get(field, ""))))


@router.get("/profile")
def profile(request: Request, uow: UnitOfWork) -> Response:
    if not _stored(uow):
        return _to("/start")
    base, _start = _base(uow)
    return _profile_page(request, "profile.html", profile_form.values_of(base), {})


@router.post("/profile")
def profile_save(request: Request, uow: UnitOfWork, catalog: Library, form: Posted) -> Response:
    if not _stored(uow):
        return _to("/start")
    base, start_day = _base(uow)
    checked = profile_form.check(profile_form.read(form), start_day, base)
    if checked.profile is not None:
        try:
            _replan(uow, catalog, checked.profile, _coach_of(request))
        except InvalidInput as exc:
            checked.errors[profile_form.field_of(exc.field)] = profile_form.sentence(exc.problem)
        else:
            return _to(f"{_pages_of(request)}/profile/changes")
    return _profile_page(request, "profile.html", checked.values, checked.errors, 422)


def _pages_of(request: Request) -> str:
    """Where the served runner's pages are: "" for one's own, /runners/ID for a coach."""
    named = request.path_params.get("runner_id")
    return "" if named is None else f"/runners/{int(named)}"


def _coach_of(request: Request) -> str | None:
    """The coach's username when a coach changes a runner's profile; None for the runner."""
    actor = getattr(request.state, "actor", None)
    served = getattr(request.state, "runner", None)
    return actor.username if actor is not None and actor.runner_id != served else None


# The files a runner may send to fill the running week: a calendar and some runs, a few
# of each; the body's ceiling (32 MB) is set for this path in `limits`.
RUNNING_FILES_PATH = "/running-files"
MAX_RUNNING_FILES = 20


async def _uploaded(request: Request) -> AsyncIterator[tuple[Form, list[Path]]]:
    """The form's fields, and its files saved in a folder of their own (removed after
    the answer): the readers take paths, as the command line's import does."""
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    form = await request.form(max_files=MAX_RUNNING_FILES, max_fields=200)
    values: Form = {}
    paths: list[Path] = []
    try:
        with tempfile.TemporaryDirectory(prefix="runstrong-upload-") as folder:
            for key, item in form.multi_items():
                if not isinstance(item, UploadFile):
                    values.setdefault(key, []).append(item)
                elif key == "running_files" and item.filename:
                    # One folder a file keeps its own name (the notes name it) without
                    # letting two files, or a name like ../x, meet.
                    place = Path(folder) / str(len(paths))
                    place.mkdir()
                    path = place / (_safe_name(item.filename) or "file")
                    with path.open("wb") as out:  # up to 32 MB: off the event loop
                        await run_in_threadpool(shutil.copyfileobj, item.file, out)
                    paths.append(path)
            yield values, paths
    finally:
        await form.close()


def _safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", Path(name.replace("\\", "/")).name)[:100].lstrip(".")


Uploaded = Annotated[tuple[Form, list[Path]], Depends(_uploaded)]


@router.post(RUNNING_FILES_PATH)
def running_files(request: Request, uow: UnitOfWork, sent: Uploaded) -> Response:
    """Fill the running week and the weekly distance from the runner's files, keeping
    every other answer as typed; nothing is stored until the form is saved."""
    from runstrong.services.running_import import read_running

    form, paths = sent
    values = profile_form.read(form)
    stored = _stored(uow)
    template = "profile.html" if stored else "start.html"
    errors: dict[str, str] = {}
    notes: list[str] = []
    if not paths:
        errors["running_files"] = "Choose a calendar (.ics) or recorded runs (.fit, .gpx, .tcx)."
    else:
        try:
            found = read_running(paths, _today())
        except InvalidInput as exc:
            errors["running_files"] = f"{exc.field}: {exc.problem}."
        else:
            values = profile_form.with_running(values, found.running)
            notes = ["Your running week is filled in from the files: check step 2, then save.",
                     *found.notes]  # fmt: skip
    return _profile_page(request, template, values, errors, 422 if errors else 200, notes)


@router.get("/profile/changes")
def profile_changes(request: Request, uow: UnitOfWork) -> Response:
    from runstrong.services import replanning

    if not _stored(uow):
        return _to("/start")
    return page(request, "changes.html", "/profile", replan=replanning.last_replan(uow))


def _base(uow: SqlUnitOfWork) -> tuple[dict[str, Any], dt.date]:
    """The stored profile (or nothing) and the start date the race date is checked from."""
    from runstrong.services import runner

    if not _stored(uow):
        return {}, profile_form.next_monday(_today())
    stored: dict[str, Any] = runner.current_profile(uow)["profile"]
    return stored, dt.date.fromisoformat(stored["start_date"])


def _replan(
    uow: SqlUnitOfWork, catalog: Catalog, document: dict[str, Any], coach: str | None = None
) -> None:
    """The same path as PUT /api/v1/profile: validate, store, plan."""
    from runstrong.services import planning, training

    checked = planning.validate_profile(document)
    training.init_runner(uow, checked, catalog, _today(), _now(), changed_by=coach)


def _profile_page(
    request: Request,
    name: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    notes: list[str] | None = None,
) -> Response:
    from runstrong.domain.athlete import WEEKDAYS

    pages = _pages_of(request)
    response = page(
        request,
        name,
        "/profile",
        values=values,
        errors=errors,
        notes=notes or [],
        pages=pages,  # a coach's view of a runner: /runners/ID; one's own: ""
        files_action=RUNNING_FILES_PATH if not pages else None,
        weekdays=WEEKDAYS,
        events=list(profile_form.EVENT_WORDS.values()),
    )
    response.status_code = status
    return response


# -- field tests ------------------------------------------------------------------------------


@router.get("/assessment")
def assessment(request: Request, uow: UnitOfWork) -> Response:
    if not _stored(uow):
        return _to("/start")
    return _assessment_page(request, uow, {}, {})


@router.post("/assessment")
def assessment_save(request: Request, uow: UnitOfWork, catalog: Library, form: Posted) -> Response:
    from runstrong.domain.athlete import Quality
    from runstrong.entrypoints.interview import _side_value
    from runstrong.library.load import load_field_tests

    if not _stored(uow):
        return _to("/start")
    values = {key: got[0].strip()[:40] for key, got in form.items() if got}
    errors: dict[str, str] = {}
    results: dict[str, Any] = {"date": _today().isoformat()}
    for test in load_field_tests():
        sides: dict[str, Any] = {}
        for side in ("left", "right"):
            name = f"{test.id}-{side}"
            try:
                sides[side] = _side_value(test.unit)(values.get(name, ""))
            except ValueError as exc:
                errors[name] = str(exc)
        if len([v for v in sides.values() if v is not None]) == 1:
            empty = "left" if sides.get("left") is None else "right"
            errors[f"{test.id}-{empty}"] = "Give both sides, or leave both empty to skip the test."
        elif sides.get("left") is not None and sides.get("right") is not None:
            results[test.id] = sides
        if test.also_quality and test.id in results:
            rated = {side: values.get(f"quality-{side}", "") for side in ("left", "right")}
            if all(rated.values()):
                if not all(r in {q.value for q in Quality} for r in rated.values()):
                    errors["quality-left"] = "Choose good, fair or poor for each side."
                results["single_leg_squat_quality"] = rated
    if len(results) == 1 and not errors:
        errors["form"] = "Give the results of at least one test, both sides."
    if not errors:
        from runstrong.services import runner

        document = {**runner.current_profile(uow)["profile"], "assessment": results}
        try:
            _replan(uow, catalog, document)
        except InvalidInput as exc:
            errors["form"] = f"{exc.field}: {exc.problem}"
        else:
            return _to("/assessment#findings")
    response = _assessment_page(request, uow, values, errors)
    response.status_code = 422
    return response


def _assessment_page(
    request: Request, uow: SqlUnitOfWork, values: dict[str, str], errors: dict[str, str]
) -> HTMLResponse:
    from runstrong.domain.athlete import Profile
    from runstrong.library.load import load_field_tests
    from runstrong.services import assessment as service
    from runstrong.services import runner

    stored = Profile.model_validate(runner.current_profile(uow)["profile"])
    return page(
        request,
        "assessment.html",
        "/profile",
        tests=load_field_tests(),
        values=values,
        errors=errors,
        tested=stored.assessment,
        findings=service.findings(stored),
    )


# -- history ------------------------------------------------------------------------------


PAIN_CHART_SESSIONS = 30  # about ten weeks at three sessions a week


@router.get("/history")
def history(
    request: Request,
    uow: UnitOfWork,
    catalog: Library,
    number: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
) -> Response:
    from runstrong.services import training

    if not _stored(uow):
        return _to("/start")
    from runstrong.domain.errors import InvalidInput

    # One page read from the database, newest first: a long history costs the same.
    try:
        found = training.history_page(uow, PER_PAGE, number)
    except InvalidInput:  # a page past the end (an old link): the last page there is
        last = training.history_page(uow, PER_PAGE, 1).pages
        found = training.history_page(uow, PER_PAGE, last)
    from runstrong.services import accounts

    notes = accounts.session_notes(uow, [s.log.id for s in found.logs])
    named = request.path_params.get("runner_id")  # a coach's view of their runner's log
    return page(
        request,
        "history.html",
        "/progress",
        sessions=[_summary(s.log, catalog) for s in reversed(found.logs)],
        notes=notes,
        number=found.page,
        pages=found.pages,
        total=found.total,
        can_change=_can_change() and named is None,
        coach_of=named,
    )


def _summary(log: Any, catalog: Catalog) -> dict[str, Any]:
    return {
        "id": log.id,
        "date": log.date,
        "note": log.note,
        "exercises": [(_name(catalog, item.exercise), len(item.sets)) for item in log.items],
        "sets": sum(len(item.sets) for item in log.items),
        "pain": max(s.pain for item in log.items for s in item.sets),
    }


def _name(catalog: Catalog, exercise_id: str) -> str:
    return catalog.exercise(exercise_id).name if exercise_id in catalog else exercise_id


def _can_change() -> bool:
    """Editing and deleting come with training.replace_session_log and
    delete_session_log, which land from another branch; until then the pages say so."""
    from runstrong.services import training

    return hasattr(training, "replace_session_log") and hasattr(training, "delete_session_log")


def _logged(uow: SqlUnitOfWork, log_id: str) -> Any:
    from runstrong.services import training

    try:
        return training.logged_session(uow, log_id).log
    except training.UnknownSession:
        from starlette.exceptions import HTTPException

        raise HTTPException(404, "no session with this id is logged") from None


@router.get("/history/{log_id}/delete")
def delete_confirm(request: Request, log_id: str, uow: UnitOfWork, catalog: Library) -> Response:
    if not _stored(uow):
        return _to("/start")
    log = _logged(uow, log_id)
    return page(
        request,
        "history_delete.html",
        "/progress",
        session=_summary(log, catalog),
        can_change=_can_change(),
    )


@router.post("/history/{log_id}/delete")
def delete(log_id: str, uow: UnitOfWork) -> Response:
    from runstrong.services import training

    if not _can_change():
        return HTMLResponse("Deleting a session is not available in this version.", 501)
    _logged(uow, log_id)
    getattr(training, "delete_session_log")(uow, log_id)  # noqa: B009 (see _can_change)
    return _to("/history")


@router.get("/history/{log_id}/edit")
def edit(request: Request, log_id: str, uow: UnitOfWork, catalog: Library) -> Response:
    if not _stored(uow):
        return _to("/start")
    log = _logged(uow, log_id)
    return _edit_page(request, log, catalog, _set_values(log), {})


@router.post("/history/{log_id}/edit")
def edit_save(
    request: Request, log_id: str, uow: UnitOfWork, catalog: Library, form: Posted
) -> Response:
    from runstrong.services import training

    if not _can_change():
        return HTMLResponse("Editing a session is not available in this version.", 501)
    log = _logged(uow, log_id)
    values = {key: got[0].strip()[:2000] for key, got in form.items() if got}
    document, errors = _edited(log, values)
    if not errors:
        try:
            entry = training.parse_log(document, catalog, _today())
        except InvalidInput as exc:
            errors[_set_field(exc.field)] = _plain(exc.problem)
        else:
            getattr(training, "replace_session_log")(uow, entry, _now())  # noqa: B009
            return _to("/history")
    response = _edit_page(request, log, catalog, values, errors)
    response.status_code = 422
    return response


# What each set is edited with: the form's name for it, the log's, and its limits.
_SET_FIELDS = (
    ("amount", None, "a whole number"),
    ("kg", "load_kg", "kilograms (empty for body weight)"),
    ("rpe", "rpe", "an effort (or leave it empty)"),
    ("pain", "pain", "a whole number"),
)


def _set_values(log: Any) -> dict[str, str]:
    values = {"note": log.note}
    for i, item in enumerate(log.items):
        for j, done in enumerate(item.sets):
            amount = done.reps if done.reps is not None else done.seconds
            shown = {"amount": amount, "kg": done.load_kg, "rpe": done.rpe, "pain": done.pain}
            for name, value in shown.items():
                values[f"{i}-{j}-{name}"] = "" if value is None else f"{value:g}"
    return values


def _edited(log: Any, values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The session as the form has it: the same exercises and sets, their numbers new,
    each checked against the limits the command line's log uses."""
    from runstrong.entrypoints.interview import _LIMITS

    errors: dict[str, str] = {}
    items = []
    for i, item in enumerate(log.items):
        sets = []
        for j, done in enumerate(item.sets):
            record = done.model_dump(mode="json")
            measure = "reps" if done.reps is not None else "seconds"
            for name, key, words in _SET_FIELDS:
                field = f"{i}-{j}-{name}"
                text = values.get(field, "")
                if not text and name in ("kg", "rpe"):
                    record[key or measure] = None
                    continue
                try:
                    number = float(text or ("0" if name == "pain" else "x"))
                except ValueError:
                    errors[field] = f"Give {words}."
                    continue
                whole = name in ("amount", "pain")
                low, high = _LIMITS[{"amount": measure, "rpe": "RPE"}.get(name, name)]
                if (whole and not number.is_integer()) or not low <= number <= high:
                    errors[field] = f"Give {words}, from {low} to {high}."
                    continue
                record[key or measure] = int(number) if whole else number
            sets.append(record)
        items.append({"exercise": item.exercise, "sets": sets})
    note = values.get("note", "")
    return {**log.model_dump(mode="json"), "items": items, "note": note}, errors


def _set_field(path: str) -> str:
    """A log's field path ("items.0.sets.1.load_kg") as the edit form's field ("0-1-kg")."""
    parts = path.split(".")
    if len(parts) >= 5 and parts[0] == "items" and parts[2] == "sets":
        name = {"load_kg": "kg", "rpe": "rpe", "pain": "pain"}.get(parts[4], "amount")
        return f"{parts[1]}-{parts[3]}-{name}"
    return "note" if path == "note" else "form"


def _plain(problem: str) -> str:
    return problem[:1].upper() + problem[1:].rstrip(".") + "."


def _edit_page(
    request: Request,
    log: Any,
    catalog: Catalog,
    values: dict[str, str],
    errors: dict[str, str],
) -> HTMLResponse:
    rows = [
        {
            "name": _name(catalog, item.exercise),
            "sets": [
                {
                    "index": j,
                    "side": done.side.value if done.side else None,
                    "measure": "reps" if done.reps is not None else "seconds",
                }
                for j, done in enumerate(item.sets)
            ],
        }
        for item in log.items
    ]
    return page(
        request,
        "history_edit.html",
        "/progress",
        log=log,
        rows=rows,
        values=values,
        errors=errors,
        can_change=_can_change(),
    )


# -- progress -----------------------------------------------------------------------------


@router.get("/progress")
def progress(request: Request, uow: UnitOfWork, catalog: Library) -> Response:
    from runstrong.entrypoints.web import progress_view
    from runstrong.services import insights, runner, training

    if not _stored(uow):
        return _to("/start")
    today = _today()
    report = insights.progress(uow, today, catalog=catalog)
    charts = progress_view.charts(
        report,
        # The newest sessions only: a chart of years of sessions is one a runner cannot read.
        [s.log for s in training.history_page(uow, PAIN_CHART_SESSIONS).logs],
        runner.current_profile(uow)["profile"],
        catalog,
        today,
    )
    return page(request, "progress.html", "/progress", charts=charts, moving_on=report.moving_on)
