"""Accounts on a server many runners share: making them, signing in and out, passwords,
tokens for scripts, squads, invites and coaches' notes. Free of web concerns: the web
layer hands over what the person typed and the address they came from, and gets back
records and secrets.

Every secret handed out (a session cookie, a reset link, an invite, an API token) is
random and shown once; only its SHA-256 hash is stored, so a copy of the database opens
nothing. Sign-in failures are counted in the database, so every worker of a server
counts the same ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, replace

from runstrong.domain.accounts import (
    FAILURES_PER_ADDRESS,
    FAILURES_PER_NAME,
    INVITE_DAYS,
    LOGIN_WINDOW,
    RESET_LINK_HOURS,
    SESSION_DAYS,
    Actor,
    Need,
    Role,
    Scope,
    allowed,
    check_password,
    username,
)
from runstrong.domain.errors import InvalidInput, RunstrongError, UnknownChoice
from runstrong.domain.ports import AccountsUnitOfWork, PasswordHasher, StoredToken, StoredUser

TOKEN_PREFIX = "rs_"  # says what a token is where it turns up (a script, a log)


class SignInRefused(RunstrongError):
    """A wrong name or a wrong password: the same words for both, so neither is learnt."""

    def __init__(self) -> None:
        super().__init__("That username and password do not match an account.")


class TooManyAttempts(RunstrongError):
    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        super().__init__(
            f"Too many failed sign-ins; try again in {minutes} minute{'s' if minutes != 1 else ''}."
        )


class NotAllowed(RunstrongError):
    """Signed in, but this is not theirs to see or change."""

    def __init__(self, what: str = "This is not yours to see or change.") -> None:
        super().__init__(what)


class LinkUnusable(RunstrongError):
    def __init__(self, what: str) -> None:
        super().__init__(f"This {what} link is unknown, used or out of date; ask for a new one.")


@dataclass(frozen=True, slots=True)
class SignedIn:
    token: str  # the cookie's secret, shown once
    expires: dt.datetime
    actor: Actor


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _secret() -> str:
    return secrets.token_urlsafe(32)


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        raise UnknownChoice("role", text, [r.value for r in Role]) from None


# A hash to check against when the name is unknown, so that an unknown name takes as long
# to refuse as a wrong password (the time would otherwise tell which names exist).
_NOBODY: dict[int, str] = {}


def _nobody(hasher: PasswordHasher) -> str:
    key = id(hasher)
    if key not in _NOBODY:
        _NOBODY[key] = hasher.hash(_secret())
    return _NOBODY[key]


# -- accounts -------------------------------------------------------------------------------


def create_user(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    name: str,
    password: str,
    role: str,
    now: dt.datetime,
) -> StoredUser:
    """A new account. A runner's account comes with its own (empty) training: a profile
    made at /start makes the plan. A coach or an admin has none."""
    chosen = _role(role)
    name = username(name)
    check_password(password, name)
    password_hash = hasher.hash(password)
    with uow:
        uow.lock()
        if uow.accounts.user_named(name) is not None:
            raise InvalidInput("username", f"{name!r} is taken; choose another")
        runner_id = uow.repo.add_runner(name, now).id if chosen is Role.RUNNER else None
        user = uow.accounts.add_user(name, password_hash, chosen.value, runner_id, now)
        uow.commit()
    return user


def users(uow: AccountsUnitOfWork) -> list[StoredUser]:
    with uow:
        return uow.accounts.users()


def delete_account(uow: AccountsUnitOfWork, user_id: int) -> None:
    """The account, and with a runner's account all of their training (the web offers the
    export first). Squads a coach leaves behind stay, for their other coaches."""
    with uow:
        uow.lock()
        user = uow.accounts.user(user_id)
        if user is None:
            raise InvalidInput("user", "there is no such account")
        uow.accounts.delete_user(user_id)
        if user.runner_id is not None:
            uow.repo.delete_runner(user.runner_id)  # its rows go with it (ON DELETE CASCADE)
        uow.commit()


# -- signing in and out ------------------------------------------------------------------------


def sign_in(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    name: str,
    password: str,
    address: str,
    now: dt.datetime,
) -> SignedIn:
    """A new signed-in session, or `SignInRefused`; after too many failures for the name
    or from the address within the window, `TooManyAttempts` without checking."""
    typed = _storable(name.strip().lower()[:60])
    address = _storable(address)[:64]
    # A password that is not text (a lone surrogate) cannot be hashed, nor be anyone's.
    usable = _storable(password) == password
    with uow:
        uow.lock()
        by_name, by_address = uow.accounts.failures(typed, address, now - LOGIN_WINDOW)
        if by_name >= FAILURES_PER_NAME or by_address >= FAILURES_PER_ADDRESS:
            raise TooManyAttempts(int(LOGIN_WINDOW.total_seconds() // 60))
        user = uow.accounts.user_named(typed)
        good = usable and hasher.verify(user.password_hash if user else _nobody(hasher), password)
        if user is None or not good:
            uow.accounts.add_failure(typed, address, now)
            uow.accounts.forget_failures(now - LOGIN_WINDOW)
            uow.commit()
            raise SignInRefused()
        if hasher.needs_rehash(user.password_hash):
            uow.accounts.set_password(user.id, hasher.hash(password), now)
        uow.accounts.clear_failures(typed)
        uow.accounts.end_expired(now)
        token = _secret()
        expires = now + dt.timedelta(days=SESSION_DAYS)
        uow.accounts.add_web_session(_hash(token), user.id, now, expires)
        actor = _actor(uow, user, Scope.WRITE)
        uow.commit()
    return SignedIn(token, expires, actor)


def _storable(text: str) -> str:
    """Typed text as a database keeps it: no NUL (PostgreSQL refuses it) and no lone
    surrogate (it is not UTF-8); neither is in a username, so the name stays unknown."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


def _actor(uow: AccountsUnitOfWork, user: StoredUser, scope: Scope) -> Actor:
    # Whom they coach is looked up when a runner is asked about (`coaching`).
    return Actor(user.id, user.username, Role(user.role), user.runner_id, frozenset(), scope)


LARGEST_ID = 2**31 - 1  # ids are PostgreSQL's INTEGER (SQLite's are wider)


def coaching(uow: AccountsUnitOfWork, actor: Actor, runner_id: int) -> Actor:
    """The actor, knowing whether they coach `runner_id` (one indexed lookup, whatever the
    size of their squads)."""
    if actor.role is not Role.COACH or runner_id in actor.coached or runner_id == actor.runner_id:
        return actor
    if not 1 <= runner_id <= LARGEST_ID:
        return actor  # no such runner: ids are the databases' 32-bit integers
    with uow:
        coaches = uow.accounts.coaches_runner(actor.user_id, runner_id)
    return replace(actor, coached=actor.coached | {runner_id}) if coaches else actor


def session_actor(uow: AccountsUnitOfWork, token: str, now: dt.datetime) -> Actor | None:
    """Who a session cookie belongs to, while it has not expired."""
    if not token or len(token) > 100:
        return None
    with uow:
        found = uow.accounts.web_session(_hash(token))
        if found is None or found[1] <= now:
            return None
        user = uow.accounts.user(found[0])
        return None if user is None else _actor(uow, user, Scope.WRITE)


def token_actor(uow: AccountsUnitOfWork, token: str) -> Actor | None:
    """Who an API token belongs to, with its scope, unless it was revoked."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    with uow:
        found = uow.accounts.token(_hash(token))
        if found is None or found.revoked_at is not None:
            return None
        user = uow.accounts.user(found.user_id)
        return None if user is None else _actor(uow, user, Scope(found.scope))


def sign_out(uow: AccountsUnitOfWork, token: str) -> None:
    with uow:
        uow.lock()
        uow.accounts.end_web_session(_hash(token))
        uow.commit()


# -- passwords ---------------------------------------------------------------------------------


def change_password(
    uow: AccountsUnitOfWork,
    hasher: PasswordHasher,
    actor: Actor,
    current: str,
    new: str,
    now: dt.datetime,
    session_token: str | None = None,
) -> None:
    """A new password, given the current one; every other signed-in session ends."""
    check_password(new, actor.username)
    with uow:
        uow.lock()
        user = uow.accounts.user(actor.user_id)
        if (
            user is None
            or _storable(current) != current
            or not hasher.verify(user.password_hash, current)
        ):
            raise InvalidInput("current_password", "that is not your current password")
        uow.accounts.set_password(user.id, hasher.hash(new), now)
        keep = None if session_token is None else _hash(session_token)
        uow.accounts.end_web_sessions(user.id, keep=keep)
        uow.commit()


def reset_link(uow: AccountsUnitOfWork, name: str, now: dt.datetime) -> tuple[str, dt.datetime]:
    """A one-time secret for `/reset/<secret>`, printed by an admin (no mail server)."""
    typed = username(name)
    token = _secret()
    expires = now + dt.timedelta(hours=RESET_LINK_HOURS)
    with uow:
        uow.lock()
        user = uow.accounts.user_named(typed)
        if user is None:
            raise InvalidInput("username", f"there is no account {typed!r}")
        uow.accounts.add_link(_hash(token), user.id, "reset", expires)
        uow.commit()
    return token, expires


def reset_password(
    uow: AccountsUnitOfWork, hasher: PasswordHasher, token: str, new: str, now: dt.datetime
) -> StoredUser:
    """The password a reset link sets; the link is used up, and every session ends."""
    with uow:
        uow.lock()
        user_id = uow.accounts.use_link(_hash(token), "reset", now) if len(token) < 100 else None
        user = None if user_id is None else uow.accounts.user(user_id)
        if user is None:
            raise LinkUnusable("reset")
        check_password(new, user.username)
        uow.accounts.set_password(user.id, hasher.hash(new), now)
        uow.accounts.end_web_sessions(user.id)
        uow.commit()
    return user


# -- API tokens ------------------------------------------------------------------------------


def new_api_token(
    uow: AccountsUnitOfWork, actor: Actor, name: str, scope: str, now: dt.datetime
) -> tuple[str, StoredToken]:
    """A token for scripts (`Authorization: Bearer <token>`), shown once."""
    try:
        chosen = Scope(scope)
    except ValueError:
        raise UnknownChoice("scope", scope, [s.value for s in Scope]) from None
    label = name.strip()
    if not 1 <= len(label) <= 80:
        raise InvalidInput("name", "give the token a name of 1 to 80 characters")
    if chosen is Scope.WRITE and actor.scope is Scope.READ:
        raise NotAllowed("A read-only token cannot make a token that writes.")
    token = TOKEN_PREFIX + _secret()
    with uow:
        uow.lock()
        stored = uow.accounts.add_token(actor.user_id, label, _hash(token), chosen.value, now)
        uow.commit()
    return token, stored


def api_tokens(uow: AccountsUnitOfWork, actor: Actor) -> list[StoredToken]:
    with uow:
        return uow.accounts.tokens(actor.user_id)


def revoke_api_token(
    uow: AccountsUnitOfWork, actor: Actor, token_id: int, now: dt.datetime
) -> None:
    with uow:
        uow.lock()
        if not uow.accounts.revoke_token(actor.user_id, token_id, now):
            raise InvalidInput("token", "you have no such token, or it is already revoked")
        uow.commit()


# -- squads, invites and notes -------------------------------------------------------------


def create_squad(uow: AccountsUnitOfWork, actor: Actor, name: str, now: dt.datetime) -> int:
    if not allowed(actor, Need.COACH, write=True):
        raise NotAllowed("Only a coach makes squads.")
    label = name.strip()
    if not 1 <= len(label) <= 80:
        raise InvalidInput("name", "give the squad a name of 1 to 80 characters")
    with uow:
        uow.lock()
        squad = uow.accounts.add_squad(label, actor.user_id, now)
        uow.commit()
    return squad


def _coached_squad(uow: AccountsUnitOfWork, actor: Actor, squad_id: int) -> None:
    if actor.role is not Role.COACH or not uow.accounts.coaches_squad(actor.user_id, squad_id):
        raise NotAllowed("That is not one of your squads.")


def invite(
    uow: AccountsUnitOfWork, actor: Actor, squad_id: int, now: dt.datetime
) -> tuple[str, dt.datetime]:
    """A link (`/join/<secret>`) that lets a runner join the squad, for INVITE_DAYS."""
    if actor.scope is Scope.READ:
        raise NotAllowed("A read-only token cannot invite.")
    token = _secret()
    expires = now + dt.timedelta(days=INVITE_DAYS)
    with uow:
        uow.lock()
        _coached_squad(uow, actor, squad_id)
        uow.accounts.add_invite(_hash(token), squad_id, now, expires)
        uow.commit()
    return token, expires


def invited_to(uow: AccountsUnitOfWork, token: str, now: dt.datetime) -> str | None:
    """The name of the squad an invite opens, while it is good."""
    if len(token) >= 100:
        return None
    with uow:
        found = uow.accounts.invite(_hash(token), now)
    return None if found is None else found[1]


def join(uow: AccountsUnitOfWork, actor: Actor, token: str, now: dt.datetime) -> str:
    """The runner joins the squad the invite opens; its name is returned."""
    if actor.runner_id is None or actor.scope is Scope.READ:
        raise NotAllowed("Only a runner's own account joins a squad.")
    with uow:
        uow.lock()
        found = uow.accounts.invite(_hash(token), now) if len(token) < 100 else None
        if found is None:
            raise LinkUnusable("invite")
        uow.accounts.join(found[0], actor.runner_id, now)
        uow.commit()
    return found[1]


def leave(uow: AccountsUnitOfWork, actor: Actor, squad_id: int) -> None:
    """The runner leaves a squad: its coaches no longer see their training."""
    if actor.runner_id is None or actor.scope is Scope.READ:
        raise NotAllowed("Only a runner's own account leaves a squad.")
    with uow:
        uow.lock()
        if not uow.accounts.leave(squad_id, actor.runner_id):
            raise InvalidInput("squad", "you are not in that squad")
        uow.commit()


def add_coach(uow: AccountsUnitOfWork, actor: Actor, squad_id: int, coach: str) -> None:
    """Another coach for a squad (a runner may have more than one coach)."""
    with uow:
        uow.lock()
        _coached_squad(uow, actor, squad_id)
        other = uow.accounts.user_named(username(coach))
        if other is None or other.role != Role.COACH:
            raise InvalidInput("coach", f"there is no coach {coach.strip()!r}")
        uow.accounts.add_coach(squad_id, other.id)
        uow.commit()


def note_session(
    uow: AccountsUnitOfWork,
    actor: Actor,
    runner_id: int,
    session_id: str,
    text: str,
    now: dt.datetime,
) -> None:
    """A coach's note on one of their runner's logged sessions."""
    actor = coaching(uow, actor, runner_id)
    if not allowed(actor, Need.NOTE, runner_id, write=True):
        raise NotAllowed("Only a coach of this runner's squad leaves notes.")
    said = text.strip()
    if not 1 <= len(said) <= 2000:
        raise InvalidInput("text", "write a note of 1 to 2,000 characters")
    with uow:
        uow.lock()
        if uow.repo.session_log(runner_id, session_id) is None:
            raise InvalidInput("session", f"the runner has no session {session_id!r}")
        uow.accounts.add_note(runner_id, session_id, actor.username, said, now)
        uow.commit()


def session_notes(
    uow: AccountsUnitOfWork, log_ids: list[str]
) -> dict[str, list[tuple[str, str, dt.datetime]]]:
    """The coaches' notes on some of the served runner's sessions: author, text, when."""
    from runstrong.services.training import _runner_id

    with uow:
        runner = _runner_id(uow)
        found = {log_id: uow.accounts.notes(runner, log_id) for log_id in log_ids}
    return {log_id: notes for log_id, notes in found.items() if notes}
