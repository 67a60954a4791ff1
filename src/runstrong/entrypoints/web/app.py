"""The web application: the REST API and the pages, over one database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, FastAPI
from fastapi import Path as PathParameter

from runstrong import __version__
from runstrong.domain.ports import PasswordHasher

# The routes are short pieces of Python that read a local database: with the usual 40
# threads they spend their time taking the interpreter from each other (the GIL), and one
# process answers fewer requests at 64 connections than at one. A few threads answer more,
# and still leave room beside a long export. Computed `GET /api/v1/today` at 64
# connections (wrk, one process): 40 threads 270 requests a second, 4 threads 630, 1 735.
THREADS = 4


def _lifespan(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def create_app(
    database_url: str | None = None,
    threads: int = THREADS,
    multi_user: bool = False,
    hasher: PasswordHasher | None = None,
) -> FastAPI:
    """The app over the configured database (RUNSTRONG_DATABASE_URL, else the runner's
    SQLite file), or over `database_url`, answering from `threads` threads at most. The
    library is loaded once, at start.

    `multi_user`: a server with accounts (`serve --multi-user`): everyone signs in, each
    route is checked against the access table, coaches reach their runners under
    /runners/{id}/. Otherwise the runner's own machine: no sign-in, one runner."""
    from fastapi import Depends
    from fastapi.staticfiles import StaticFiles

    from runstrong.adapters.db import connect
    from runstrong.config import database_url as configured
    from runstrong.entrypoints.web import api, errors, pages
    from runstrong.entrypoints.web.access import guard
    from runstrong.entrypoints.web.answers import Answers, KeptAnswers
    from runstrong.entrypoints.web.limits import BodyLimit
    from runstrong.entrypoints.web.security import Identify, SecurityHeaders
    from runstrong.library import load_catalog

    app = FastAPI(
        title="runstrong",
        version=__version__,
        description="A strength-training coach for distance runners. runstrong is a training "
        "tool, not a medical device.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # its page loads its scripts from a CDN; the document is enough
        redoc_url=None,
        lifespan=_lifespan(threads),
        dependencies=[Depends(guard)],
    )
    app.state.database_url = database_url or configured()
    app.state.multi_user = multi_user
    connect(app.state.database_url)  # created and migrated now, not on a runner's first tap
    app.state.catalog = load_catalog()
    if multi_user:
        from runstrong.adapters.passwords import Argon2idHasher

        app.state.hasher = hasher or Argon2idHasher()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    from runstrong.entrypoints.web import runner_pages  # its own router: start, profile, ...

    app.include_router(runner_pages.router)
    from runstrong.entrypoints.web import session_pages  # its own router: the guided session

    app.include_router(session_pages.router)
    if multi_user:
        from runstrong.entrypoints.web import account_pages, coach_pages

        app.include_router(account_pages.router)
        app.include_router(coach_pages.router)
        app.include_router(_for_runners())
    app.mount(
        "/static", StaticFiles(directory=Path(pages.__file__).parent / "static"), name="static"
    )
    app.add_middleware(BodyLimit)
    if multi_user:
        # Answers are not kept between requests: each depends on who asks.
        app.add_middleware(Identify, database_url=app.state.database_url)
    else:
        # Outermost: a kept answer goes out before any routing (see answers.py).
        app.add_middleware(KeptAnswers, answers=Answers(app.state.database_url), today=api._today)
    app.add_middleware(SecurityHeaders)
    app.openapi = _documented(app)  # type: ignore[method-assign]
    return app


# The one error shape (errors.py), as the document tells clients.
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "field": {"type": ["string", "null"]},
            },
        }
    },
}


def _documented(app: FastAPI) -> Callable[[], dict[str, object]]:
    """The OpenAPI document with the answers the app really gives besides each route's
    own: every refusal in the one error shape (not FastAPI's), and on a server with
    accounts the refusals of the access table (401 signed out, 403 not allowed, 404 a
    runner not among yours)."""
    from typing import Any

    from fastapi.openapi.utils import get_openapi

    from runstrong.entrypoints.web.access import ACCESS, FOR_RUNNER

    def error(description: str) -> dict[str, Any]:
        return {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        document = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas["Error"] = ERROR
        for path, operations in document.get("paths", {}).items():
            for method, operation in operations.items():
                answers = operation.setdefault("responses", {})
                for status in [s for s in answers if s.startswith(("4", "5"))]:
                    answers[status] = error(answers[status].get("description") or "Refused")
                answers["422"] = error("What was sent is not valid")
                answers.setdefault("503", error("The database is not answering"))
                if "requestBody" in operation:
                    answers.setdefault("413", error("The body is over its limit"))
                rule = ACCESS.get((method.upper(), path))
                if "{" in path or rule is None or rule.need is not None:  # or no runner yet
                    answers.setdefault("404", error("Not found"))
                if app.state.multi_user and rule is not None and rule.need is not None:
                    answers["401"] = error("Not signed in: no token, or one unknown or revoked")
                    answers["403"] = error(
                        "Not allowed: the runner's own to do, a token that reads only, "
                        "or a browser's change without the form secret"
                    )
                    if path.startswith(FOR_RUNNER):
                        answers["404"] = error("No such runner among yours, or not found")
        for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's, not ours
            schemas.pop(unused, None)
        app.openapi_schema = document
        return document

    return openapi


def _for_runners() -> APIRouter:
    """The routes about a runner again, under /api/v1/runners/{id}/ and /runners/{id}/:
    the same handlers, serving the runner named (`access.guard` checks who asks)."""
    from fastapi import Depends
    from fastapi.routing import APIRoute

    from runstrong.entrypoints.web import api, pages, runner_pages
    from runstrong.entrypoints.web.access import (
        API,
        FOR_RUNNER,
        PAGES_FOR_RUNNER,
        RUNNER_API,
        RUNNER_PAGES,
    )

    async def runner_named(runner_id: Annotated[int, PathParameter(ge=1)]) -> None:
        return None

    router = APIRouter()
    sources = [
        (api.router.routes, API, FOR_RUNNER, RUNNER_API, True),
        (pages.router.routes, "", PAGES_FOR_RUNNER, RUNNER_PAGES, False),
        (runner_pages.router.routes, "", PAGES_FOR_RUNNER, RUNNER_PAGES, False),
    ]
    for routes, prefix, mount, table, listed in sources:
        for route in routes:
            if not isinstance(route, APIRoute):
                continue
            for method in sorted((route.methods or set()) - {"HEAD"}):
                tail = route.path.removeprefix(prefix)
                if (method, tail) not in table:
                    continue
                router.add_api_route(
                    mount + tail,
                    route.endpoint,
                    methods=[method],
                    summary=f"{route.summary} (a coach's runner)" if route.summary else None,
                    status_code=route.status_code,
                    responses=route.responses,
                    response_class=route.response_class,
                    dependencies=[Depends(runner_named)],
                    name=f"{route.name}_for_runner",
                    include_in_schema=listed,
                )
    return router


# `serve --workers N`: uvicorn starts each worker from an import string, so the settings
# travel in the environment, which the workers inherit.
_WORKER_SETTINGS = "RUNSTRONG_WORKER_SETTINGS"


def settings_for_workers(threads: int, multi_user: bool) -> None:
    import json
    import os

    os.environ[_WORKER_SETTINGS] = json.dumps({"threads": threads, "multi_user": multi_user})


def app_for_a_worker() -> FastAPI:
    """The app of one of several workers (`serve --workers N`), over the configured database."""
    import json
    import os

    settings = json.loads(os.environ.get(_WORKER_SETTINGS, "{}"))
    app = create_app(
        threads=int(settings.get("threads", THREADS)),
        multi_user=bool(settings.get("multi_user", False)),
    )
    keep_out_of_collections()
    return app


def keep_out_of_collections() -> None:
    """For a server process, once its app is made: what start-up made (the library above
    all) lives as long as the process, so it is kept out of the collector's full passes,
    which otherwise walk it again and again (benchmarks/scale.py: the today answer's p99
    126 ms to 34 ms at 1,000 runners)."""
    import gc

    gc.collect()
    gc.freeze()
