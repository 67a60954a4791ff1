"""Headers every answer carries, and who is asking on a server with accounts.

Every page holds only our own scripts, styles and data, so a strict Content Security
Policy costs nothing and keeps injected markup from running anything. Behind TLS the
browser is told to keep to it (HSTS). On a server with accounts, the `Identify`
middleware finds who is asking, from the session cookie or an API token, before routing;
what they may do is decided per route (`access.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# `data:` is the layout's empty favicon.
POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # secret links (a reset, an invite, the calendar feed) never leave in a Referer
    (b"referrer-policy", b"no-referrer"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")

SESSION_COOKIE = "runstrong_session"


class SecurityHeaders:
    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = scope.get("scheme") == "https"

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _value in message.get("headers", [])}
                extra = [h for h in HEADERS if h[0] not in present]
                if secure:
                    extra.append(HSTS)
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, sending)


def csrf_token(session_token: str) -> str:
    """The form secret of a signed-in session: derived from the cookie's secret, which a
    page of another site can neither read (HttpOnly) nor guess, so it cannot send it."""
    return hashlib.sha256(f"runstrong-csrf:{session_token}".encode()).hexdigest()[:32]


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                found, _, said = part.strip().partition("=")
                if found == name:
                    return str(said)
    return None


def _bearer(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            kind, _, token = value.decode("latin-1").partition(" ")
            if kind.lower() == "bearer" and token.strip():
                return str(token.strip())
    return None


class Identify:
    """On a server with accounts: `state.actor` (or None), `state.auth` ("cookie",
    "token" or None) and, for a signed-in browser, `state.csrf` and `state.session`."""

    def __init__(self, app: App, database_url: str) -> None:
        self.app = app
        self.database_url = database_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        import datetime as dt

        import anyio.to_thread

        from runstrong.adapters.db import connect
        from runstrong.services import accounts

        state = scope.setdefault("state", {})
        state.update(actor=None, auth=None, csrf="", session=None)
        bearer = _bearer(scope)
        cookie = _cookie(scope, SESSION_COOKIE)
        now = dt.datetime.now(dt.UTC)
        from runstrong.domain.errors import RunstrongError

        try:
            if bearer is not None:
                actor = await anyio.to_thread.run_sync(
                    accounts.token_actor, connect(self.database_url), bearer
                )
                state.update(actor=actor, auth="token" if actor else None)
            elif cookie:
                actor = await anyio.to_thread.run_sync(
                    accounts.session_actor, connect(self.database_url), cookie, now
                )
                if actor is not None:
                    state.update(
                        actor=actor, auth="cookie", csrf=csrf_token(cookie), session=cookie
                    )
        except RunstrongError as exc:  # the database is away: said, in the one error shape
            await _unavailable(send, str(exc))
            return
        await self.app(scope, receive, send)


async def _unavailable(send: Send, message: str) -> None:
    import orjson

    body = orjson.dumps(
        {"error": {"code": "database_unavailable", "message": message, "field": None}}
    )
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"2"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
