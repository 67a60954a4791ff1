"""Real databases for the integration tests: a SQLite file and a PostgreSQL database each.

PostgreSQL comes from RUNSTRONG_TEST_PG_URL (`.ci/run` starts a server and sets it). When
it is unset, the suite starts a throwaway cluster itself with `scripts/postgres` where
Debian's server is installed; otherwise the PostgreSQL cases are skipped, unless
RUNSTRONG_REQUIRE_PG=1 (as in CI), which turns that into a failure.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    url = os.environ.get("RUNSTRONG_TEST_PG_URL")
    if url:
        yield url
        return
    started = None
    if Path("/usr/lib/postgresql").exists() and os.geteuid() == 0:
        env = {**os.environ, "RUNSTRONG_PG_PORT": "54331"}
        out = subprocess.run(
            [str(ROOT / "scripts" / "postgres"), "start"], capture_output=True, text=True, env=env
        )
        if out.returncode == 0:
            values = dict(
                line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines()
            )
            started = values["RUNSTRONG_TEST_PG_DIR"]
            url = values["RUNSTRONG_TEST_PG_URL"]
    yield url
    if started:
        subprocess.run([str(ROOT / "scripts" / "postgres"), "stop", started], check=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of each kind for each test."""
    from runstrong.adapters.db import dispose

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'runstrong.db'}"
        dispose()
        return
    server = request.getfixturevalue("postgres_server")
    if not server:
        if os.environ.get("RUNSTRONG_REQUIRE_PG") == "1":
            pytest.fail("RUNSTRONG_REQUIRE_PG=1 but no PostgreSQL server is available")
        pytest.skip("no PostgreSQL server here (set RUNSTRONG_TEST_PG_URL)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rs_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
