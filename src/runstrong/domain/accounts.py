"""Accounts on a server that many runners share: who someone is, and what they may do.

A runner sees and changes their own training and nothing else. A coach reads the runners
of their squads, may adjust a runner's profile (the runner sees who changed what) and
leave a note on a session, but never logs or deletes a runner's sessions. An admin looks
after accounts (makes them, prints a reset link, removes them) and reads no runner's
training unless they also coach them. These rules are data for every route: the web
layer asks `allowed` with the route's `Need`, and the access table in the repository
(docs/access.md) is checked against it by the tests.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from runstrong.domain.errors import InvalidInput


class Role(StrEnum):
    RUNNER = "runner"
    COACH = "coach"
    ADMIN = "admin"


class Scope(StrEnum):
    """What an API token may do: read only, or everything its owner may."""

    READ = "read"
    WRITE = "write"


class Need(StrEnum):
    """What a route needs of the one asking, about the runner it concerns."""

    OWN = "own"  # the runner themself: logging, deleting, exports, their own settings
    READ = "read"  # the runner, or a coach of one of the runner's squads
    ADJUST = "adjust"  # the runner, or their coach: the profile (and so the plan)
    NOTE = "note"  # a coach of the runner's squad: a note on a session
    COACH = "coach"  # any coach: squads, invites, the dashboard
    ADMIN = "admin"  # accounts


# A signed-in session lasts this long from sign-in, then the person signs in again.
SESSION_DAYS = 14
RESET_LINK_HOURS = 24
INVITE_DAYS = 14
# Failed sign-ins counted over this window: more than the limit and the next waits.
LOGIN_WINDOW = dt.timedelta(minutes=15)
FAILURES_PER_NAME = 5
FAILURES_PER_ADDRESS = 20

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
PASSWORD_MIN = 10
PASSWORD_MAX = 200


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone signed in (or a script with their token), as the rules see them."""

    user_id: int
    username: str
    role: Role
    runner_id: int | None  # their own training, if they have any
    # The runners they are known to coach: looked up runner by runner as they are asked
    # about (`services.accounts.coaching`), so that a coach of thousands never loads them
    # all; a runner not looked up is not theirs, so a forgotten lookup refuses.
    coached: frozenset[int]
    scope: Scope = Scope.WRITE  # what this way in allows: a read-only token reads


def allowed(
    actor: Actor | None, need: Need, runner_id: int | None = None, write: bool = False
) -> bool:
    """Whether `actor` may do what a route with `need` does, about `runner_id`; `write`
    when the route changes something (a read-only token may not)."""
    if actor is None:
        return False
    if write and actor.scope is Scope.READ:
        return False
    own = runner_id is not None and runner_id == actor.runner_id
    coaches = runner_id is not None and runner_id in actor.coached
    if need is Need.OWN:
        return own
    if need in (Need.READ, Need.ADJUST):
        return own or coaches
    if need is Need.NOTE:
        return coaches
    if need is Need.COACH:
        return actor.role is Role.COACH
    if need is Need.ADMIN:
        return actor.role is Role.ADMIN
    return False


def username(text: str) -> str:
    """A username as stored: trimmed and lower-cased, 3 to 40 letters, digits, . _ -."""
    name = text.strip().lower()
    if not USERNAME.fullmatch(name):
        raise InvalidInput(
            "username",
            "use 3 to 40 letters, digits, dots, dashes or underscores, starting with a letter "
            f"or digit; got {text.strip()[:60]!r}",
        )
    return name


def check_password(password: str, name: str) -> None:
    """Long enough to resist guessing; anything else a person likes (a phrase is good)."""
    if len(password) < PASSWORD_MIN:
        raise InvalidInput(
            "password", f"use at least {PASSWORD_MIN} characters; a few words make a good one"
        )
    if len(password) > PASSWORD_MAX:
        raise InvalidInput("password", f"use at most {PASSWORD_MAX} characters")
    if "\x00" in password or password.encode("utf-8", "replace").decode("utf-8") != password:
        raise InvalidInput("password", "use letters, digits, spaces and punctuation only")
    if len(set(password)) < 4 or password.lower() == name:
        raise InvalidInput("password", "pick something harder to guess than that")
