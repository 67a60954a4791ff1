"""One error shape for every answer that is not a success: `{"error": {"code", "message",
"field"}}`. What a client sends is never a 500: bad input is 422, a missing thing 404, a
conflict 409, a body over its limit 413. A page asked for by a browser gets the same
words as a page (a fragment for htmx), not JSON."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from runstrong.domain.errors import (
    InvalidInput,
    RunstrongError,
    StorageUnavailable,
    UnknownExercise,
    UnknownGuide,
)


def problem(status: int, code: str, message: str, field: str | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "field": field}}, status_code=status
    )


HEADINGS = {
    403: "Not yours",
    404: "Not found",
    405: "Not here",
    409: "Already there",
    413: "Too large",
    422: "That did not work",
    503: "The database is not answering",
}


def _for_a_page(request: Request) -> bool:
    """A page of the app, not the API or a file (the calendar feed, the worker)."""
    path = request.url.path
    return not path.startswith(("/api/", "/static/", "/calendar/")) and path not in {
        "/sw.js",
        "/manifest.webmanifest",
    }


def answer(
    request: Request, status: int, code: str, message: str, field: str | None = None
) -> Response:
    if not _for_a_page(request):
        return problem(status, code, message, field)
    if status == 401:  # a page asked for before signing in: sign in, then come back
        from urllib.parse import quote

        from fastapi.responses import RedirectResponse

        return RedirectResponse(f"/signin?next={quote(request.url.path)}", status_code=303)
    from html import escape

    if request.headers.get("HX-Request") == "true":  # swapped into a page: a line will do
        said = f"{escape(field)}: {escape(message)}" if field else escape(message)
        return HTMLResponse(f'<p class="field-error" role="alert">{said}</p>', status_code=status)
    from runstrong.entrypoints.web.pages import templates

    return templates.TemplateResponse(
        request,
        "error.html",
        {"active": "", "status": status, "heading": HEADINGS.get(status, "Something is wrong"),
         "message": message, "field": field},
        status_code=status,
    )  # fmt: skip


def _status_of(error: RunstrongError) -> tuple[int, str]:
    from runstrong.services.training import NoRunner

    if isinstance(error, NoRunner):
        return 404, "no_runner"
    name = type(error).__name__
    if name == "NotAllowed":
        return 403, "forbidden"
    if name == "TooManyAttempts":
        return 429, "too_many_attempts"
    if name == "SignInRefused":
        return 401, "not_signed_in"
    if name == "LinkUnusable":
        return 404, "not_found"
    if isinstance(error, UnknownExercise | UnknownGuide):
        return 404, "not_found"
    if type(error).__name__ == "SessionConflict":
        return 409, "conflict"
    if type(error).__name__ == "UnknownSession":
        return 404, "not_found"
    if isinstance(error, StorageUnavailable):
        return 503, "database_unavailable"
    if isinstance(error, InvalidInput):
        return 422, "invalid"
    return 500 if error.exit_code == 1 else 422, "error"


def _field_of(location: tuple[Any, ...]) -> str:
    parts = [str(p) for p in location if p not in ("body", "query", "path")]
    return ".".join(parts) or "body"


def _plain(error: Any) -> str:
    """A request parameter's problem in the words the command line uses for the same."""
    from runstrong.domain.validation import plain_message

    return plain_message(
        str(error.get("type", "")),
        error.get("ctx") or {},
        error.get("input"),
        str(error.get("msg", "")),
    )


async def _refused_first(request: Request) -> HTTPException | None:
    """On a server with accounts, the access table's refusal of a request whose body
    could not be read: FastAPI reads the body before the table is asked (`access.guard`),
    and someone signed out is told to sign in, not what is wrong with what they sent.
    A signed-in browser's form secret is not looked for again (the body is gone): its
    request changes nothing anyway."""
    if not getattr(request.app.state, "multi_user", False):
        return None
    if getattr(request.state, "auth", None) == "cookie":
        return None
    from runstrong.entrypoints.web.access import guard

    try:
        await guard(request)
    except HTTPException as refused:
        return refused
    return None


def install(app: FastAPI) -> None:
    @app.exception_handler(RunstrongError)
    async def _runstrong(request: Request, error: RunstrongError) -> Response:
        status, code = _status_of(error)
        field = getattr(error, "field", None)
        if isinstance(field, str):
            field = field.removeprefix("--")  # the command line's option is the API's parameter
        message = getattr(error, "problem", None) or str(error)
        if code == "no_runner" and getattr(request.app.state, "multi_user", False):
            # A server's runner is made with their account: what is missing is a profile,
            # made on a page, not with the command line the message otherwise names.
            if request.url.path.startswith("/runners/"):
                message = "This runner has not made their profile yet."
            elif _for_a_page(request) and request.headers.get("HX-Request") != "true":
                from fastapi.responses import RedirectResponse

                return RedirectResponse("/start", status_code=303)  # as / sends them
            else:
                message = "No profile yet: make one at /start, or send one to PUT /api/v1/profile."
        return answer(request, status, code, message, field)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> Response:
        refused = await _refused_first(request)
        if refused is not None:
            return await _http(request, refused)
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        if first.get("type") == "json_invalid":  # pydantic's words name its parser's state
            return answer(request, 422, "invalid", "The body is not valid JSON.", "body")
        field = _field_of(tuple(first.get("loc", ())))
        return answer(request, 422, "invalid", _plain(first), field)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, error: HTTPException) -> Response:
        code = {
            401: "not_signed_in",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
        }.get(error.status_code, "error")
        message = str(error.detail)
        if error.status_code == 404 and message == "Not Found":  # Starlette's, for no route
            message = f"There is nothing at {request.url.path}."
        elif error.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not how {request.url.path} is used."
        status = error.status_code
        if status == 400:  # FastAPI's or Starlette's: a body it could not parse
            refused = await _refused_first(request)
            if refused is not None:
                return await _http(request, refused)
            # Bad input, as everywhere else: a 422, in our words.
            status, code = 422, "invalid"
            message = (
                "The body could not be read: send JSON, or form fields and files, as the "
                "route takes them, in UTF-8."
            )
        response = answer(request, status, code, message)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response
