"""Request bodies stop at a stated size before they are read whole (413, in the one error
shape): a session log is a few KB, a profile a few more, a run file a few MB."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_BODY_LIMIT = 1024 * 1024  # profiles, logs: far under a megabyte
UPLOAD_LIMIT = 32 * 1024 * 1024  # run files and calendars, as the command line's ceilings
UPLOAD_PATHS = ("/api/v1/imports/", "/running-files")  # the last: the profile form's files


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: refuses a body over its limit by Content-Length at once, and one
    sent without a length as soon as it has been read past the limit."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)  # no body to count (one sent is never read)
            return
        path = str(scope.get("path", ""))
        limit = UPLOAD_LIMIT if path.startswith(UPLOAD_PATHS) else JSON_BODY_LIMIT
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _refuse(send, 400, "bad_request", "Content-Length is not a number")
                    return
                if declared > limit:
                    await _refuse(send, 413, "too_large", _said(limit))
                    return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await _refuse(send, 413, "too_large", _said(limit))


def _said(limit: int) -> str:
    return f"the request body is over the limit of {limit // (1024 * 1024)} MB"


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
