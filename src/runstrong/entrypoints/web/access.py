"""Who may call each route on a server with accounts: the access table, as data.

Each route (method and path) names what it needs of the one asking (`domain.accounts.Need`,
or nothing: public), and whether it changes something (a read-only token may not, and a
signed-in browser must send the form secret). A route missing from the table is refused
to everyone. `docs/access.md` shows the same table for people; a test holds the two to
each other and calls every route as five kinds of caller.

The routes that concern a runner serve the one signed in; under /api/v1/runners/{id}/ and
/runners/{id}/ the same routes serve that runner, for their coaches.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request

from runstrong.domain.accounts import Actor, Need, Role, allowed


@dataclass(frozen=True, slots=True)
class Rule:
    need: Need | None  # None: anyone, signed in or not
    write: bool = False


PUBLIC = Rule(None)
READ = Rule(Need.READ)
OWN = Rule(Need.OWN)
OWN_WRITE = Rule(Need.OWN, write=True)
ADJUST = Rule(Need.ADJUST, write=True)
SIGNED_IN = Rule(Need.READ)  # pages of one's own account: any signed-in person

API = "/api/v1"
FOR_RUNNER = "/api/v1/runners/{runner_id}"
PAGES_FOR_RUNNER = "/runners/{runner_id}"

# The API routes about a runner, mounted again under FOR_RUNNER for coaches.
RUNNER_API: dict[tuple[str, str], Rule] = {
    ("GET", "/profile"): READ,
    ("PUT", "/profile"): ADJUST,
    ("GET", "/plan"): READ,
    ("GET", "/today"): READ,
    ("GET", "/week"): READ,
    ("GET", "/progress"): READ,
    ("GET", "/sessions"): READ,
    ("GET", "/sessions/{session_id}"): READ,
    ("POST", "/sessions"): OWN_WRITE,
    ("PUT", "/sessions/{session_id}"): OWN_WRITE,
    ("DELETE", "/sessions/{session_id}"): OWN_WRITE,
    ("GET", "/exports/plan.ics"): OWN,
    ("GET", "/exports/workouts.zip"): OWN,
    ("GET", "/exports/plan.pdf"): OWN,
    ("POST", "/calendar-feed"): OWN_WRITE,
    ("POST", "/imports/runs"): OWN_WRITE,
    ("POST", "/imports/runs/apply"): OWN_WRITE,
}

# The pages about a runner that a coach opens too, under PAGES_FOR_RUNNER.
RUNNER_PAGES: dict[tuple[str, str], Rule] = {
    ("GET", "/today"): READ,
    ("GET", "/plan"): READ,
    ("GET", "/progress"): READ,
    ("GET", "/history"): READ,
    ("GET", "/profile/changes"): READ,
    ("GET", "/profile"): READ,
    ("POST", "/profile"): ADJUST,
    ("POST", "/profile/check/{field}"): READ,  # checks an answer, stores nothing
}

ACCESS: dict[tuple[str, str], Rule] = {
    **{("GET", f"{API}{p}"): PUBLIC for p in ("/exercises", "/exercises/{exercise_id}")},
    **{("GET", f"{API}{p}"): PUBLIC for p in ("/guides", "/guides/{guide_id}")},
    ("POST", f"{API}/profile/validate"): PUBLIC,
    **{(m, f"{API}{p}"): rule for (m, p), rule in RUNNER_API.items()},
    **{(m, f"{FOR_RUNNER}{p}"): rule for (m, p), rule in RUNNER_API.items()},
    ("GET", "/"): PUBLIC,  # sends each person where they start
    ("GET", "/today"): OWN,
    ("GET", "/plan"): OWN,
    ("GET", "/progress"): OWN,
    ("GET", "/library"): PUBLIC,
    ("GET", "/library/{exercise_id}"): PUBLIC,
    ("GET", "/learn"): PUBLIC,
    ("GET", "/learn/{guide_id}"): PUBLIC,
    ("GET", "/calendar/{token}.ics"): PUBLIC,  # the secret in the link is the key
    ("GET", "/manifest.webmanifest"): PUBLIC,
    ("GET", "/sw.js"): PUBLIC,
    ("GET", "/start"): OWN,
    ("POST", "/start"): OWN_WRITE,
    ("POST", "/profile/check/{field}"): OWN,
    ("GET", "/profile"): OWN,
    ("POST", "/profile"): OWN_WRITE,
    ("POST", "/running-files"): OWN_WRITE,
    ("GET", "/profile/changes"): OWN,
    ("GET", "/assessment"): OWN,
    ("POST", "/assessment"): OWN_WRITE,
    ("GET", "/history"): OWN,
    ("GET", "/history/{log_id}/delete"): OWN,
    ("POST", "/history/{log_id}/delete"): OWN_WRITE,
    ("GET", "/history/{log_id}/edit"): OWN,
    ("POST", "/history/{log_id}/edit"): OWN_WRITE,
    ("GET", "/session/{day}"): OWN,
    **{(m, f"{PAGES_FOR_RUNNER}{p}"): rule for (m, p), rule in RUNNER_PAGES.items()},
    # accounts
    ("GET", "/signin"): PUBLIC,
    ("POST", "/signin"): PUBLIC,
    ("POST", "/signout"): Rule(None, write=True),
    ("GET", "/reset/{token}"): PUBLIC,
    ("POST", "/reset/{token}"): PUBLIC,
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account/password"): Rule(Need.READ, write=True),
    ("POST", "/account/tokens"): Rule(Need.READ, write=True),
    ("POST", "/account/tokens/{token_id}/revoke"): Rule(Need.READ, write=True),
    ("GET", "/account/delete"): SIGNED_IN,
    ("POST", "/account/delete"): Rule(Need.READ, write=True),
    ("GET", "/join/{token}"): SIGNED_IN,
    ("POST", "/join/{token}"): OWN_WRITE,
    ("POST", "/account/squads/{squad_id}/leave"): OWN_WRITE,
    ("GET", "/account/export"): OWN,
    # coaches
    ("GET", "/coach"): Rule(Need.COACH),
    ("POST", "/coach/squads"): Rule(Need.COACH, write=True),
    ("GET", "/coach/squads/{squad_id}"): Rule(Need.COACH),
    ("POST", "/coach/squads/{squad_id}/invites"): Rule(Need.COACH, write=True),
    ("POST", "/coach/squads/{squad_id}/coaches"): Rule(Need.COACH, write=True),
    ("POST", "/runners/{runner_id}/sessions/{session_id}/notes"): Rule(Need.NOTE, write=True),
}

# Pages of one's account that any signed-in person opens, with or without training.
_ACCOUNT_PAGES = {
    ("GET", "/account"),
    ("POST", "/account/password"),
    ("POST", "/account/tokens"),
    ("POST", "/account/tokens/{token_id}/revoke"),
    ("GET", "/account/delete"),
    ("POST", "/account/delete"),
    ("GET", "/join/{token}"),
}


class NotSignedIn(HTTPException):
    def __init__(self) -> None:
        super().__init__(401, "Sign in first.", headers=REFUSED)


# Marks a refusal by the access table, so that its 404 (a runner not among yours, not told
# to exist) is told apart from a route's own "not found" by the access tests.
REFUSED = {"X-Runstrong-Access": "refused"}


def _refuse(status: int, message: str) -> HTTPException:
    return HTTPException(status, message, headers=REFUSED)


async def guard(request: Request) -> None:
    """The access table's answer for this request (a no-op on a runner's own machine),
    and the runner the route serves (`request.state.runner`)."""
    if not getattr(request.app.state, "multi_user", False):
        return
    route = request.scope.get("route")
    path = getattr(route, "path", "")
    method = "GET" if request.method == "HEAD" else request.method
    rule = ACCESS.get((method, path))
    actor = getattr(request.state, "actor", None)
    if rule is None:
        raise _refuse(404, f"There is nothing at {request.url.path}.")
    writes = rule.write or method not in ("GET", "HEAD", "OPTIONS")
    # A public form (signing in, a reset link) changes nothing of a signed-in person's.
    guarded = rule.write or (writes and rule.need is not None)
    if guarded and getattr(request.state, "auth", None) == "cookie":
        await _check_form_secret(request)
    if rule.need is None:
        return
    if actor is None:
        raise NotSignedIn()
    if (method, path) in _ACCOUNT_PAGES:
        if (
            writes
            and not allowed(actor, Need.READ, actor.runner_id, write=True)
            and actor.runner_id
        ):
            raise _refuse(403, "A read-only token cannot change the account.")
        return
    if rule.need in (Need.COACH, Need.ADMIN):
        if not allowed(actor, rule.need, write=writes):
            raise _refuse(
                403, f"Only {'a coach' if rule.need is Need.COACH else 'an admin'} may do this."
            )
        return
    named = request.path_params.get("runner_id")
    if named is not None:
        try:
            runner = int(named)
        except ValueError:
            raise _refuse(404, "There is no such runner among yours.") from None
        if actor.role is Role.COACH and runner != actor.runner_id:
            actor = await _coaching(request, actor, runner)
        if not allowed(actor, Need.READ, runner):
            raise _refuse(404, "There is no such runner among yours.")  # not told they exist
    else:
        runner = actor.runner_id
        if runner is None:
            raise _refuse(403, "This account has no training of its own.")
    if not allowed(actor, rule.need, runner, write=writes):
        if writes and actor.scope.value == "read":
            raise _refuse(403, "This token reads only.")
        raise _refuse(403, "This is the runner's own to do.")
    request.state.runner = runner


async def _coaching(request: Request, actor: Actor, runner: int) -> Actor:
    """The actor knowing whether they coach `runner`, kept for the handler (a note checks
    it again)."""
    import anyio.to_thread

    from runstrong.adapters.db import connect
    from runstrong.services import accounts

    uow = connect(request.app.state.database_url)
    actor = await anyio.to_thread.run_sync(accounts.coaching, uow, actor, runner)
    request.state.actor = actor
    return actor


async def _check_form_secret(request: Request) -> None:
    expected = getattr(request.state, "csrf", "")
    sent = request.headers.get("x-csrf-token", "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf", "")
        sent = value if isinstance(value, str) else ""
    if not expected or sent != expected:
        raise _refuse(403, "This form is out of date: reload the page and try again.")
