"""The database tables. Tables are storage, not API schemas: rows map to plain records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class RunnerRow(Base):
    __tablename__ = "runners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ProfileRow(Base):
    """Every version of a runner's profile, oldest first: the history is never rewritten."""

    __tablename__ = "profiles"
    __table_args__ = (UniqueConstraint("runner_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # who made this version when it was not the runner: a coach's username (migration 0005)
    changed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    tested_on: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class PlanRow(Base):
    """A plan, in force from `valid_from` until a later plan of the same runner begins."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(ForeignKey("runners.id", ondelete="CASCADE"), index=True)
    profile_version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # its weeks, sessions' days and retests (domain.plan_calendar; migration 0006)
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class SessionLogRow(Base):
    """A logged session, known by its runner and the id its runner gave it (migration 0004)."""

    __tablename__ = "session_logs"
    # a runner's sessions, newest first, without a sort
    __table_args__ = (
        Index("ix_session_logs_runner_newest", "runner_id", "date", "logged_at", "id"),
    )

    runner_id: Mapped[int] = mapped_column(
        ForeignKey("runners.id", ondelete="CASCADE"), primary_key=True
    )
    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # chosen by the client
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    pain_settled: Mapped[bool] = mapped_column(Boolean, default=True)
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SetLogRow(Base):
    """One set of a logged session; it carries the runner, so that each question about a
    runner's log is answered by that runner's rows in the indexes."""

    __tablename__ = "set_logs"
    __table_args__ = (
        ForeignKeyConstraint(
            ["runner_id", "session_id"],
            ["session_logs.runner_id", "session_logs.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("runner_id", "session_id", "item_index", "set_index"),
        Index("ix_set_logs_exercise", "runner_id", "exercise", "set_index"),
        # the loaded sets only: the last load of an exercise without reading its other sets
        Index(
            "ix_set_logs_loaded",
            "runner_id",
            "exercise",
            "session_id",
            "load_kg",
            sqlite_where=text("load_kg > 0"),
            postgresql_where=text("load_kg > 0"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[str] = mapped_column(String(100))
    item_index: Mapped[int] = mapped_column(Integer)
    exercise: Mapped[str] = mapped_column(String(64))
    set_index: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)
    load_kg: Mapped[float | None] = mapped_column(Float, nullable=True)
    rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    pain: Mapped[int] = mapped_column(Integer, default=0)
    side: Mapped[str | None] = mapped_column(String(5), nullable=True)


class FeedTokenRow(Base):
    """The calendar feed's secret, as a hash: the link is shown once, never stored."""

    __tablename__ = "feed_tokens"

    runner_id: Mapped[int] = mapped_column(
        ForeignKey("runners.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# -- accounts, on a server many runners share (migration 0005) ---------------------------------


class UserRow(Base):
    """Someone who signs in: a runner (with their training), a coach, or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)  # argon2id, with its parameters
    role: Mapped[str] = mapped_column(String(10))
    runner_id: Mapped[int | None] = mapped_column(
        ForeignKey("runners.id", ondelete="SET NULL"), unique=True, nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class WebSessionRow(Base):
    """A signed-in browser: the cookie's secret, as a hash, until it expires."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class OneTimeLinkRow(Base):
    """A password reset link an admin printed: its secret as a hash, used at most once."""

    __tablename__ = "one_time_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LoginFailureRow(Base):
    """A failed sign-in, kept for the rate limit's window (any worker sees them all)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_username", "username", "at"),
        Index("ix_login_failures_address", "address", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """A token for scripts: scoped (read or write), revocable, stored as a hash."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SquadRow(Base):
    __tablename__ = "squads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SquadCoachRow(Base):
    """A coach of a squad: a squad may have several, a coach several squads."""

    __tablename__ = "squad_coaches"

    squad_id: Mapped[int] = mapped_column(
        ForeignKey("squads.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SquadMemberRow(Base):
    """A runner in a squad: a runner may be in several (and so have several coaches)."""

    __tablename__ = "squad_members"

    squad_id: Mapped[int] = mapped_column(
        ForeignKey("squads.id", ondelete="CASCADE"), primary_key=True
    )
    runner_id: Mapped[int] = mapped_column(
        ForeignKey("runners.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class InviteRow(Base):
    """An invite link to a squad, its secret as a hash; a runner who opens it joins."""

    __tablename__ = "invites"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SessionNoteRow(Base):
    """A coach's note on a logged session."""

    __tablename__ = "session_notes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["runner_id", "session_id"],
            ["session_logs.runner_id", "session_logs.id"],
            ondelete="CASCADE",
        ),
        Index("ix_session_notes_session", "runner_id", "session_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    runner_id: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[str] = mapped_column(String(100))
    author: Mapped[str] = mapped_column(String(40))  # the username, kept if the account goes
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
