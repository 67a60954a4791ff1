"""Request bodies stop at a stated size before they are read whole (413, in the one error
shape): a session log is a few KB, a profile a few more, a run file a few MB. A page's
form (the profile form's files) is answered as a page, as every other error of a page is."""

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
        headers = dict(scope.get("headers", ()))
        shown = (
            "json" if path.startswith("/api/") else "line" if b"hx-request" in headers else "page"
        )
        declared_text = headers.get(b"content-length")
        if declared_text is not None:
            try:
                declared = int(declared_text)
            except ValueError:
                await _refuse(send, 400, "bad_request", "Content-Length is not a number", shown)
                return
            if declared > limit:
                await _refuse(send, 413, "too_large", _said(limit), shown)
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
                await _refuse(send, 413, "too_large", _said(limit), shown)


def _said(limit: int) -> str:
    return f"the request body is over the limit of {limit // (1024 * 1024)} MB"


# A page's answer made here, outside the app (no templates, no signed-in person): short,
# with the app's stylesheet and a way back.
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/app.css"><title>Too large · runstrong</title></head>
<body><main id="main"><h1>Too large</h1>
<p class="field-error" role="alert">{message}.</p>
<p>Go back to the form and send fewer or smaller files, or go to <a href="/">runstrong</a>.</p>
</main></body></html>"""


async def _refuse(send: Send, status: int, code: str, message: str, shown: str = "json") -> None:
    if shown == "json":
        body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
        kind = b"application/json"
    else:
        said = message[0].upper() + message[1:]
        text = (
            f'<p class="field-error" role="alert">{said}.</p>'
            if shown == "line"
            else _PAGE.format(message=said)
        )
        body, kind = text.encode(), b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
