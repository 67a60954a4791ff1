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
