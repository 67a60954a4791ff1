"""Where runstrong keeps its data. Read when asked; nothing connects at import time."""

from __future__ import annotations

import os
from pathlib import Path

DATABASE_ENV = "RUNSTRONG_DATABASE_URL"


def data_dir() -> Path:
    """The user's data directory: $XDG_DATA_HOME/runstrong or ~/.local/share/runstrong."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "runstrong"


def database_url() -> str:
    """RUNSTRONG_DATABASE_URL when set (SQLite or PostgreSQL), else a SQLite file of the user's."""
    url = os.environ.get(DATABASE_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{data_dir() / 'runstrong.db'}"
