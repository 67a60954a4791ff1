"""The web application: the REST API and the pages, over one database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from runstrong import __version__

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


def create_app(database_url: str | None = None, threads: int = THREADS) -> FastAPI:
    """The app over the configured database (RUNSTRONG_DATABASE_URL, else the runner's
    SQLite file), or over `database_url`, answering from `threads` threads at most. The
    library is loaded once, at start."""
    from fastapi.staticfiles import StaticFiles

    from runstrong.adapters.db import connect
    from runstrong.config import database_url as configured
    from runstrong.entrypoints.web import api, errors, pages
    from runstrong.entrypoints.web.answers import Answers, KeptAnswers
    from runstrong.entrypoints.web.limits import BodyLimit
    from runstrong.library import load_catalog

    app = FastAPI(
        title="runstrong",
        version=__version__,
        description="A strength-training coach for distance runners. runstrong is a training "
        "tool, not a medical device.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
        lifespan=_lifespan(threads),
    )
    app.state.database_url = database_url or configured()
    connect(app.state.database_url)  # created and migrated now, not on a runner's first tap
    app.state.catalog = load_catalog()
    errors.install(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    from runstrong.entrypoints.web import runner_pages  # its own router: start, profile, ...

    app.include_router(runner_pages.router)
    from runstrong.entrypoints.web import session_pages  # its own router: the guided session

    app.include_router(session_pages.router)
    app.mount(
        "/static", StaticFiles(directory=Path(pages.__file__).parent / "static"), name="static"
    )
    app.add_middleware(BodyLimit)
    # Outermost: a kept answer goes out before any routing (see answers.py).
    app.add_middleware(KeptAnswers, answers=Answers(app.state.database_url), today=api._today)
    return app
