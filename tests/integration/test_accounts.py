"""Accounts on SQLite and PostgreSQL: making them, signing in with a rate limit, sessions
that expire, passwords changed and reset once, scoped and revocable tokens, squads and
invites, notes, and an account's removal with its training. No secret is stored as it is."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import text

from runstrong.adapters.db import _engine, connect
from runstrong.adapters.passwords import fast_hasher
from runstrong.domain.accounts import FAILURES_PER_NAME, Need, Role, Scope, allowed
from runstrong.domain.athlete import Profile
from runstrong.domain.errors import InvalidInput
from runstrong.library import load_catalog
from runstrong.services import accounts, training

pytestmark = pytest.mark.integration

HASHER = fast_hasher()
NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)
EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
PASSWORD = "a long walk to the track"


def _make(url: str, name: str, role: str = "runner") -> int:
    return accounts.create_user(connect(url), HASHER, name, PASSWORD, role, NOW).id


def test_accounts_are_made_with_their_rules(database_url: str) -> None:
    url = database_url
    robin = accounts.create_user(connect(url), HASHER, " Robin ", PASSWORD, "runner", NOW)
    assert robin.username == "robin" and robin.runner_id is not None
    coach = accounts.create_user(connect(url), HASHER, "alex", PASSWORD, "coach", NOW)
    assert coach.runner_id is None and coach.role == "coach"
    with pytest.raises(InvalidInput) as taken:
        accounts.create_user(connect(url), HASHER, "ROBIN", PASSWORD, "runner", NOW)
    assert taken.value.field == "username" and "taken" in taken.value.problem
    for name, password, field in (
        ("x", PASSWORD, "username"),
        ("robin two", PASSWORD, "username"),
        ("sam", "short", "password"),
        ("sam", "aaaaaaaaaaaa", "password"),
    ):
        with pytest.raises(InvalidInput) as refused:
            accounts.create_user(connect(url), HASHER, name, password, "runner", NOW)
        assert refused.value.field == field
    with pytest.raises(InvalidInput) as role:
        accounts.create_user(connect(url), HASHER, "sam", PASSWORD, "boss", NOW)
    assert role.value.field == "role" and "coach" in role.value.problem
    assert [u.username for u in accounts.users(connect(url))] == ["alex", "robin"]


def test_signing_in_is_limited_and_sessions_end(database_url: str) -> None:
    url = database_url
    _make(url, "robin")
    with pytest.raises(accounts.SignInRefused) as wrong:
        accounts.sign_in(connect(url), HASHER, "robin", "not it at all", "10.0.0.1", NOW)
    with pytest.raises(accounts.SignInRefused) as nobody:
        accounts.sign_in(connect(url), HASHER, "nobody", PASSWORD, "10.0.0.1", NOW)
    assert str(wrong.value) == str(nobody.value)  # which names exist is not told
    signed = accounts.sign_in(connect(url), HASHER, "Robin", PASSWORD, "10.0.0.1", NOW)
    assert signed.actor.username == "robin" and signed.actor.role is Role.RUNNER
    assert accounts.session_actor(connect(url), signed.token, NOW) == signed.actor
    later = NOW + dt.timedelta(days=15)
    assert accounts.session_actor(connect(url), signed.token, later) is None  # expired
    assert accounts.session_actor(connect(url), "made-up", NOW) is None
    # Too many failures for the name: refused even with the right password, for a while.
    for _ in range(FAILURES_PER_NAME):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(connect(url), HASHER, "robin", "wrong again!!", "10.0.0.2", NOW)
    with pytest.raises(accounts.TooManyAttempts):
        accounts.sign_in(connect(url), HASHER, "robin", PASSWORD, "10.0.0.3", NOW)
    after = NOW + dt.timedelta(minutes=16)
    assert accounts.sign_in(connect(url), HASHER, "robin", PASSWORD, "10.0.0.3", after).token
    accounts.sign_out(connect(url), signed.token)
    assert accounts.session_actor(connect(url), signed.token, NOW) is None


def test_passwords_change_and_reset_once(database_url: str) -> None:
    url = database_url
    _make(url, "robin")
    phone = accounts.sign_in(connect(url), HASHER, "robin", PASSWORD, "a", NOW)
    laptop = accounts.sign_in(connect(url), HASHER, "robin", PASSWORD, "a", NOW)
    with pytest.raises(InvalidInput) as wrong:
        accounts.change_password(
            connect(url), HASHER, phone.actor, "not mine", "another long phrase", NOW
        )
    assert wrong.value.field == "current_password"
    accounts.change_password(
        connect(url), HASHER, phone.actor, PASSWORD, "another long phrase", NOW, phone.token
    )
    assert accounts.session_actor(connect(url), phone.token, NOW) is not None  # this one stays
    assert accounts.session_actor(connect(url), laptop.token, NOW) is None  # the others end
    link, expires = accounts.reset_link(connect(url), "robin", NOW)
    assert expires == NOW + dt.timedelta(hours=24)
    accounts.reset_password(connect(url), HASHER, link, "a third long phrase", NOW)
    assert accounts.session_actor(connect(url), phone.token, NOW) is None
    with pytest.raises(accounts.LinkUnusable):
        accounts.reset_password(connect(url), HASHER, link, "a fourth long phrase", NOW)
    old, _ = accounts.reset_link(connect(url), "robin", NOW)
    with pytest.raises(accounts.LinkUnusable):
        accounts.reset_password(
            connect(url), HASHER, old, "a fifth long phrase", NOW + dt.timedelta(hours=25)
        )
    assert accounts.sign_in(connect(url), HASHER, "robin", "a third long phrase", "a", NOW).token


def test_tokens_are_scoped_and_revocable_and_no_secret_is_stored(database_url: str) -> None:
    url = database_url
    _make(url, "robin")
    signed = accounts.sign_in(connect(url), HASHER, "robin", PASSWORD, "a", NOW)
    reader, stored = accounts.new_api_token(connect(url), signed.actor, "watch", "read", NOW)
    writer, _ = accounts.new_api_token(connect(url), signed.actor, "sync", "write", NOW)
    seen = accounts.token_actor(connect(url), reader)
    assert seen is not None and seen.scope is Scope.READ and seen.user_id == signed.actor.user_id
    assert not allowed(seen, Need.OWN, seen.runner_id, write=True)
    assert allowed(seen, Need.OWN, seen.runner_id, write=False)
    with pytest.raises(accounts.NotAllowed):
        accounts.new_api_token(connect(url), seen, "escalate", "write", NOW)
    accounts.revoke_api_token(connect(url), signed.actor, stored.id, NOW)
    assert accounts.token_actor(connect(url), reader) is None
    assert accounts.token_actor(connect(url), writer) is not None
    link, _ = accounts.reset_link(connect(url), "robin", NOW)
    with _engine(url).connect() as connection:
        everything = " ".join(
            str(row)
            for table in ("users", "web_sessions", "api_tokens", "one_time_links")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        )
    for secret in (signed.token, reader, writer, link, PASSWORD):
        assert secret not in everything
    assert "$argon2id$" in everything


def test_squads_invites_notes_and_leaving(database_url: str) -> None:
    url = database_url
    runner_user = _make(url, "robin")
    _make(url, "alex", "coach")
    _make(url, "joan", "coach")
    robin = accounts.sign_in(connect(url), HASHER, "robin", PASSWORD, "a", NOW).actor
    alex = accounts.sign_in(connect(url), HASHER, "alex", PASSWORD, "a", NOW).actor
    joan = accounts.sign_in(connect(url), HASHER, "joan", PASSWORD, "a", NOW).actor
    with pytest.raises(accounts.NotAllowed):
        accounts.create_squad(connect(url), robin, "Tuesday group", NOW)
    squad = accounts.create_squad(connect(url), alex, "Tuesday group", NOW)
    with pytest.raises(accounts.NotAllowed):
        accounts.invite(connect(url), joan, squad, NOW)  # not Joan's squad
    link, _ = accounts.invite(connect(url), alex, squad, NOW)
    assert accounts.join(connect(url), robin, link, NOW) == "Tuesday group"
    assert robin.runner_id is not None
    signed_alex = accounts.sign_in(connect(url), HASHER, "alex", PASSWORD, "a", NOW).actor
    assert not allowed(signed_alex, Need.READ, robin.runner_id)  # not looked up: refused
    signed_alex = accounts.coaching(connect(url), signed_alex, robin.runner_id)
    assert robin.runner_id in signed_alex.coached
    assert allowed(signed_alex, Need.READ, robin.runner_id)
    assert not allowed(signed_alex, Need.OWN, robin.runner_id)  # a coach never logs for them
    assert not allowed(
        accounts.coaching(connect(url), joan, robin.runner_id), Need.READ, robin.runner_id
    )
    assert accounts.coaching(connect(url), robin, robin.runner_id).coached == frozenset()
    for no_such in (0, 2**31, 2**63):  # found by the API fuzzing: an id past SQLite's integers
        assert accounts.coaching(connect(url), signed_alex, no_such).coached == {robin.runner_id}
    # A note on a logged session, by the squad's coach only.
    profile = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    profile["start_date"] = "2027-01-04"
    assert robin.runner_id is not None
    training.init_runner(
        connect(url, robin.runner_id),
        Profile.model_validate(profile),
        load_catalog(),
        NOW.date(),
        NOW,
    )
    log = training.parse_log(
        {"id": "s1", "date": "2027-01-05", "items": [{"exercise": "goblet-squat",
                                                      "sets": [{"reps": 10}]}]},
        load_catalog(), NOW.date(),
    )  # fmt: skip
    training.log_session(connect(url, robin.runner_id), log, NOW)
    accounts.note_session(connect(url), signed_alex, robin.runner_id, "s1", "Good depth.", NOW)
    with pytest.raises(accounts.NotAllowed):
        accounts.note_session(connect(url), joan, robin.runner_id, "s1", "Hello", NOW)
    with connect(url) as uow:
        assert [n[:2] for n in uow.accounts.notes(robin.runner_id, "s1")] == [
            ("alex", "Good depth.")
        ]
    # Leaving: the coach sees the runner no more.
    accounts.leave(connect(url), robin, squad)
    again = accounts.sign_in(connect(url), HASHER, "alex", PASSWORD, "a", NOW).actor
    assert robin.runner_id not in accounts.coaching(connect(url), again, robin.runner_id).coached
    # Removing the account removes the training with it, and only it.
    accounts.delete_account(connect(url), runner_user)
    with _engine(url).connect() as connection:
        for table in ("runners", "profiles", "plans", "session_logs", "set_logs", "session_notes"):
            count = connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar()
            assert count == 0, table
        left = connection.execute(text("SELECT username FROM users ORDER BY username")).scalars()
        assert list(left) == ["alex", "joan"]
