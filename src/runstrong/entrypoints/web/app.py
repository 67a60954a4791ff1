"""The web application: the REST API and (later) the pages, over one database."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from runstrong import __version__


def create_app(database_url: str | None = None) -> FastAPI:
    """The app over the configured database (RUNSTRONG_DATABASE_URL, else the runner's
    SQLite file), or over `database_url`. The library is loaded once, at start."""
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
