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

import asyncio
import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Stamp = tuple[int, int, int, int]

MOST_KEPT = 256  # answers: a few days and routes for one runner


class Answers:
    def __init__(self, database_url: str) -> None:
        from runstrong.adapters.db.lite import plain_sqlite_file

        # RUNSTRONG_KEEP_ANSWERS=0 computes every answer (benchmarks/web.py shows both).
        keep = os.environ.get("RUNSTRONG_KEEP_ANSWERS", "1") != "0"
        self._file = plain_sqlite_file(database_url) if keep else None
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


# -- in front of the app: a kept answer goes out without routing -----------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# The answers a phone asks for over and over; each depends on the database and the day only.
KEPT_PATHS = frozenset({"/api/v1/today", "/api/v1/week", "/api/v1/progress", "/today", "/progress"})


class KeptAnswers:
    """ASGI middleware: a GET of a kept path is answered from `Answers` while the database
    is unchanged, before routing; otherwise the app answers and a 200 is kept. Requests for
    an answer being computed wait for that one computation instead of repeating it."""

    def __init__(self, app: App, answers: Answers, today: Callable[[], object]) -> None:
        self.app = app
        self.answers = answers
        self.today = today
        self.pending: dict[object, asyncio.Future[tuple[bytes, str] | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or scope.get("path") not in KEPT_PATHS
        ):
            await self.app(scope, receive, send)
            return
        # The day is part of the key: "today" without a date is another answer tomorrow.
        key = (scope["path"], bytes(scope.get("query_string", b"")), self.today())
        stamp = self.answers.stamp()
        found = self.answers.get(key, stamp)
        if found is None and stamp is not None and (key, stamp) in self.pending:
            found = await asyncio.shield(self.pending[(key, stamp)])
        if found is not None:
            await _answer(send, *found)
            return
        if stamp is None:
            await self.app(scope, receive, send)
            return
        flight = (key, stamp)
        future: asyncio.Future[tuple[bytes, str] | None] = (
            asyncio.get_running_loop().create_future()
        )
        self.pending[flight] = future
        status, media, parts = 0, "", []

        async def watched(message: Message) -> None:
            nonlocal status, media
            if message["type"] == "http.response.start":
                status = int(message["status"])
                for name, value in message.get("headers", ()):
                    if name.lower() == b"content-type":
                        media = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                parts.append(bytes(message.get("body", b"")))
            await send(message)

        kept: tuple[bytes, str] | None = None
        try:
            await self.app(scope, receive, watched)
            if status == 200:
                kept = (b"".join(parts), media)
                self.answers.put(key, stamp, kept[0], kept[1])
        finally:
            self.pending.pop(flight, None)
            future.set_result(kept)  # None: the waiters ask the app themselves


async def _answer(send: Send, body: bytes, media: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", media.encode("latin-1")),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
