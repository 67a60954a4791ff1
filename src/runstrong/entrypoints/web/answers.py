"""Answers of the read routes, kept while the database is unchanged.

A phone asks for today's session again and again, and the answer changes only when
something is written: a session logged, a profile changed (by the app, or by the command
line in another process). For a SQLite file, "unchanged" is cheap to tell: the file and
its write-ahead log keep their size and modification time (a write changes the log, a
checkpoint the file). The stamp is taken before the answer is computed, so a write during
the computation leaves an answer that the next request no longer takes. Other databases
are asked every time.
"""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[int, int, int, int]

MOST_KEPT = 256  # answers: a few days and routes for one runner


class Answers:
    def __init__(self, database_url: str) -> None:
        from runstrong.adapters.db.lite import plain_sqlite_file

        self._file = plain_sqlite_file(database_url)
        self._kept: dict[tuple[object, ...], tuple[Stamp, bytes, str]] = {}

    def stamp(self) -> Stamp | None:
        """The database's state now, or None when it cannot be told cheaply."""
        if self._file is None:
            return None
        try:
            main = os.stat(self._file)
        except OSError:
            return None
        try:
            log = os.stat(Path(f"{self._file}-wal"))
            log_state = (log.st_mtime_ns, log.st_size)
        except OSError:
            log_state = (0, 0)
        return (main.st_mtime_ns, main.st_size, *log_state)

    def get(self, key: tuple[object, ...], stamp: Stamp | None) -> tuple[bytes, str] | None:
        if stamp is None:
            return None
        found = self._kept.get(key)
        if found is None or found[0] != stamp:
            return None
        return found[1], found[2]

    def put(self, key: tuple[object, ...], stamp: Stamp | None, body: bytes, media: str) -> None:
        if stamp is None:
            return
        if len(self._kept) >= MOST_KEPT:
            self._kept.clear()  # old days and old states: cheaper to start again than to sort
        self._kept[key] = (stamp, body, media)
