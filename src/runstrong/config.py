"""Where runstrong keeps its data. Read when asked; nothing connects at import time."""

from __future__ import annotations

import os
from pathlib import Path

from runstrong.domain.errors import InvalidInput

DATABASE_ENV = "RUNSTRONG_DATABASE_URL"


def data_dir() -> Path:
    """The user's data directory: $XDG_DATA_HOME/runstrong or ~/.local/share/runstrong."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "runstrong"


def database_url() -> str:
    """RUNSTRONG_DATABASE_URL when set (SQLite or PostgreSQL), else a SQLite file of the user's.

    A URL whose data would vanish with the process (an in-memory SQLite database, or a
    variable set to nothing) is refused by name: a runner's log must persist.
    """
    if DATABASE_ENV not in os.environ:
        return f"sqlite:///{data_dir() / 'runstrong.db'}"
    url = os.environ[DATABASE_ENV].strip()
    if not url:
        raise InvalidInput(
            DATABASE_ENV,
            "is set but empty; set it to a sqlite:///PATH or postgresql:// URL, "
            "or unset it to use runstrong's own file",
        )
    if not persists(url):
        raise InvalidInput(
            DATABASE_ENV,
            f"{url[:60]!r} is an in-memory database that is lost when runstrong exits; "
            "give a file (sqlite:///PATH/runstrong.db) or a postgresql:// URL",
        )
    return url


def persists(url: str) -> bool:
    """False for SQLite URLs that name no file: `sqlite://`, `sqlite:///`, `:memory:`."""
    scheme, _, rest = url.partition("://")
    if not scheme.lower().startswith("sqlite"):
        return True
    path, _, query = rest.partition("?")
    path = path.removeprefix("/")
    if path in ("", ":memory:") or path.startswith(":memory:"):
        return False
    return "mode=memory" not in query.lower()


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, or None for any other database (or a URL that is not one)."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def database_files() -> list[Path]:
    """The SQLite files runstrong uses here (the configured one and the default one), for
    refusing to write exports over them. Never raises: a bad URL is reported elsewhere."""
    files = [data_dir() / "runstrong.db"]
    try:
        url = database_url()
    except InvalidInput:
        return files
    found = sqlite_file(url)
    if found is not None:
        files.insert(0, found)
    return files
