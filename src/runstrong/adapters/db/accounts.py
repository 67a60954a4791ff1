"""Accounts, signed-in sessions, tokens and squads on SQLAlchemy: rows in, records out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from runstrong.adapters.db.tables import (
    ApiTokenRow,
    InviteRow,
    LoginFailureRow,
    OneTimeLinkRow,
    SessionNoteRow,
    SquadCoachRow,
    SquadMemberRow,
    SquadRow,
    UserRow,
    WebSessionRow,
)
from runstrong.domain.ports import StoredToken, StoredUser


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _user(row: UserRow) -> StoredUser:
    return StoredUser(
        row.id, row.username, row.password_hash, row.role, row.runner_id, _utc(row.created_at)
    )


class SqlAccounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- users ----------------------------------------------------------------------------
    def add_user(
        self, username: str, password_hash: str, role: str, runner_id: int | None, now: dt.datetime
    ) -> StoredUser:
        row = UserRow(
            username=username,
            password_hash=password_hash,
            role=role,
            runner_id=runner_id,
            created_at=_utc(now),
            password_changed_at=_utc(now),
        )
        self.session.add(row)
        self.session.flush()
        return _user(row)

    def user(self, user_id: int) -> StoredUser | None:
        row = self.session.get(UserRow, user_id)
        return None if row is None else _user(row)

    def user_named(self, username: str) -> StoredUser | None:
        row = self.session.scalars(select(UserRow).where(UserRow.username == username)).first()
        return None if row is None else _user(row)

    def users(self) -> list[StoredUser]:
        return [_user(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.username))]

    def set_password(self, user_id: int, password_hash: str, now: dt.datetime) -> None:
        self.session.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(password_hash=password_hash, password_changed_at=_utc(now))
        )

    def delete_user(self, user_id: int) -> None:
        self.session.execute(delete(UserRow).where(UserRow.id == user_id))

    # -- signed-in sessions and one-time links ------------------------------------------
    def add_web_session(
        self, token_hash: str, user_id: int, now: dt.datetime, expires: dt.datetime
    ) -> None:
        self.session.add(
            WebSessionRow(
                token_hash=token_hash,
                user_id=user_id,
                created_at=_utc(now),
                expires_at=_utc(expires),
            )
        )

    def web_session(self, token_hash: str) -> tuple[int, dt.datetime] | None:
        row = self.session.get(WebSessionRow, token_hash)
        return None if row is None else (row.user_id, _utc(row.expires_at))

    def end_web_sessions(self, user_id: int, keep: str | None = None) -> None:
        query = delete(WebSessionRow).where(WebSessionRow.user_id == user_id)
        if keep is not None:
            query = query.where(WebSessionRow.token_hash != keep)
        self.session.execute(query)

    def end_web_session(self, token_hash: str) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == token_hash))

    def end_expired(self, now: dt.datetime) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.expires_at <= _utc(now)))

    def add_link(self, token_hash: str, user_id: int, purpose: str, expires: dt.datetime) -> None:
        self.session.add(
            OneTimeLinkRow(
                token_hash=token_hash, user_id=user_id, purpose=purpose, expires_at=_utc(expires)
            )
        )

    def use_link(self, token_hash: str, purpose: str, now: dt.datetime) -> int | None:
        """The user of an unused, unexpired link, which is used up by asking."""
        row = self.session.get(OneTimeLinkRow, token_hash)
        if row is None or row.purpose != purpose or row.used_at is not None:
            return None
        if _utc(row.expires_at) <= _utc(now):
            return None
        row.used_at = _utc(now)
        return row.user_id

    # -- the sign-in rate limit ------------------------------------------------------------
    def add_failure(self, username: str, address: str, now: dt.datetime) -> None:
        self.session.add(
            LoginFailureRow(username=username[:60], address=address[:64], at=_utc(now))
        )

    def failures(self, username: str, address: str, since: dt.datetime) -> tuple[int, int]:
        """Failed sign-ins since `since`: for the name, and from the address."""
        moment = _utc(since)
        by_name = self.session.scalar(
            select(func.count())
            .select_from(LoginFailureRow)
            .where(LoginFailureRow.username == username[:60], LoginFailureRow.at > moment)
        )
        by_address = self.session.scalar(
            select(func.count())
            .select_from(LoginFailureRow)
            .where(LoginFailureRow.address == address[:64], LoginFailureRow.at > moment)
        )
        return int(by_name or 0), int(by_address or 0)

    def clear_failures(self, username: str) -> None:
        self.session.execute(
            delete(LoginFailureRow).where(LoginFailureRow.username == username[:60])
        )

    def forget_failures(self, before: dt.datetime) -> None:
        self.session.execute(delete(LoginFailureRow).where(LoginFailureRow.at <= _utc(before)))

    # -- API tokens --------------------------------------------------------------------------
    def add_token(
        self, user_id: int, name: str, token_hash: str, scope: str, now: dt.datetime
    ) -> StoredToken:
        row = ApiTokenRow(
            user_id=user_id, name=name, token_hash=token_hash, scope=scope, created_at=_utc(now)
        )
        self.session.add(row)
        self.session.flush()
        return StoredToken(row.id, row.user_id, row.name, row.scope, _utc(row.created_at), None)

    def token(self, token_hash: str) -> StoredToken | None:
        row = self.session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)
        ).first()
        return None if row is None else _token(row)

    def tokens(self, user_id: int) -> list[StoredToken]:
        rows = self.session.scalars(
            select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id)
        )
        return [_token(r) for r in rows]

    def revoke_token(self, user_id: int, token_id: int, now: dt.datetime) -> bool:
        done = self.session.execute(
            update(ApiTokenRow)
            .where(
                ApiTokenRow.id == token_id,
                ApiTokenRow.user_id == user_id,
                ApiTokenRow.revoked_at.is_(None),
            )
            .values(revoked_at=_utc(now))
        )
        return bool(getattr(done, "rowcount", 0))

    # -- squads ------------------------------------------------------------------------------
    def coaches_runner(self, user_id: int, runner_id: int) -> bool:
        found = self.session.execute(
            select(SquadMemberRow.runner_id)
            .join(SquadCoachRow, SquadCoachRow.squad_id == SquadMemberRow.squad_id)
            .where(SquadCoachRow.user_id == user_id, SquadMemberRow.runner_id == runner_id)
            .limit(1)
        ).first()
        return found is not None

    def add_squad(self, name: str, coach_id: int, now: dt.datetime) -> int:
        row = SquadRow(name=name, created_at=_utc(now))
        self.session.add(row)
        self.session.flush()
        self.session.add(SquadCoachRow(squad_id=row.id, user_id=coach_id))
        return row.id

    def squads_coached(self, user_id: int) -> list[tuple[int, str]]:
        rows = self.session.execute(
            select(SquadRow.id, SquadRow.name)
            .join(SquadCoachRow, SquadCoachRow.squad_id == SquadRow.id)
            .where(SquadCoachRow.user_id == user_id)
            .order_by(SquadRow.name, SquadRow.id)
        )
        return [(int(i), str(n)) for i, n in rows]

    def squads_joined(self, runner_id: int) -> list[tuple[int, str]]:
        rows = self.session.execute(
            select(SquadRow.id, SquadRow.name)
            .join(SquadMemberRow, SquadMemberRow.squad_id == SquadRow.id)
            .where(SquadMemberRow.runner_id == runner_id)
            .order_by(SquadRow.name, SquadRow.id)
        )
        return [(int(i), str(n)) for i, n in rows]

    def coaches_squad(self, user_id: int, squad_id: int) -> bool:
        return self.session.get(SquadCoachRow, (squad_id, user_id)) is not None

    def add_coach(self, squad_id: int, user_id: int) -> None:
        if self.session.get(SquadCoachRow, (squad_id, user_id)) is None:
            self.session.add(SquadCoachRow(squad_id=squad_id, user_id=user_id))

    def members(self, squad_id: int) -> list[int]:
        rows = self.session.execute(
            select(SquadMemberRow.runner_id)
            .where(SquadMemberRow.squad_id == squad_id)
            .order_by(SquadMemberRow.runner_id)
        ).scalars()
        return [int(r) for r in rows]

    def join(self, squad_id: int, runner_id: int, now: dt.datetime) -> bool:
        if self.session.get(SquadMemberRow, (squad_id, runner_id)) is not None:
            return False
        self.session.add(
            SquadMemberRow(squad_id=squad_id, runner_id=runner_id, joined_at=_utc(now))
        )
        return True

    def leave(self, squad_id: int, runner_id: int) -> bool:
        done = self.session.execute(
            delete(SquadMemberRow).where(
                SquadMemberRow.squad_id == squad_id, SquadMemberRow.runner_id == runner_id
            )
        )
        return bool(getattr(done, "rowcount", 0))

    def add_invite(
        self, token_hash: str, squad_id: int, now: dt.datetime, expires: dt.datetime
    ) -> None:
        self.session.add(
            InviteRow(
                token_hash=token_hash,
                squad_id=squad_id,
                created_at=_utc(now),
                expires_at=_utc(expires),
            )
        )

    def invite(self, token_hash: str, now: dt.datetime) -> tuple[int, str] | None:
        """The squad an unexpired invite opens: its id and name."""
        row = self.session.get(InviteRow, token_hash)
        if row is None or _utc(row.expires_at) <= _utc(now):
            return None
        squad = self.session.get(SquadRow, row.squad_id)
        return None if squad is None else (squad.id, squad.name)

    def add_note(
        self, runner_id: int, session_id: str, author: str, text: str, now: dt.datetime
    ) -> None:
        self.session.add(
            SessionNoteRow(
                runner_id=runner_id, session_id=session_id, author=author, text=text,
                created_at=_utc(now),
            )
        )  # fmt: skip

    def notes(self, runner_id: int, session_id: str) -> list[tuple[str, str, dt.datetime]]:
        rows = self.session.execute(
            select(SessionNoteRow.author, SessionNoteRow.text, SessionNoteRow.created_at)
            .where(SessionNoteRow.runner_id == runner_id, SessionNoteRow.session_id == session_id)
            .order_by(SessionNoteRow.created_at, SessionNoteRow.id)
        )
        return [(str(a), str(t), _utc(c)) for a, t, c in rows]


def _token(row: ApiTokenRow) -> StoredToken:
    return StoredToken(
        row.id,
        row.user_id,
        row.name,
        row.scope,
        _utc(row.created_at),
        None if row.revoked_at is None else _utc(row.revoked_at),
    )
