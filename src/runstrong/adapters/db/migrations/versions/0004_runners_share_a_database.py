"""Many runners in one database: a logged session's id is the runner's own.

Before, a session's id was unique across the database: a second runner choosing "s1"
would have met the first runner's session (and learnt that it exists). Now a session is
known by its runner and its id, and each set carries its runner too, so that every
question about a runner's log is answered from that runner's rows by its indexes,
whatever the number of runners. The tables are made anew and the rows copied, in the
migration's one transaction: SQLite cannot change a primary key in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SESSION_COLUMNS = "id, runner_id, date, note, pain_settled, logged_at"
_SET_COLUMNS = (
    "session_id, item_index, exercise, set_index, reps, seconds, load_kg, rpe, pain, side"
)


def _session_logs(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.String(100), nullable=False),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("pain_settled", sa.Boolean, nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("runner_id", "id"),
    )


def _set_logs(name: str, sessions: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("runner_id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.String(100), nullable=False),
        sa.Column("item_index", sa.Integer, nullable=False),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("set_index", sa.Integer, nullable=False),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("seconds", sa.Integer, nullable=True),
        sa.Column("load_kg", sa.Float, nullable=True),
        sa.Column("rpe", sa.Float, nullable=True),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("side", sa.String(5), nullable=True),
        sa.ForeignKeyConstraint(
            ["runner_id", "session_id"], [f"{sessions}.runner_id", f"{sessions}.id"],
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("runner_id", "session_id", "item_index", "set_index"),
    )  # fmt: skip


def _indexes() -> None:
    op.create_index(
        "ix_session_logs_runner_newest", "session_logs", ["runner_id", "date", "logged_at", "id"]
    )
    op.create_index("ix_set_logs_exercise", "set_logs", ["runner_id", "exercise", "set_index"])
    op.create_index(
        "ix_set_logs_loaded",
        "set_logs",
        ["runner_id", "exercise", "session_id", "load_kg"],
        sqlite_where=sa.text("load_kg > 0"),
        postgresql_where=sa.text("load_kg > 0"),
    )


def upgrade() -> None:
    _session_logs("session_logs_0004")
    _set_logs("set_logs_0004", "session_logs_0004")
    op.execute(
        f"INSERT INTO session_logs_0004 ({_SESSION_COLUMNS}) "
        f"SELECT {_SESSION_COLUMNS} FROM session_logs"
    )
    op.execute(
        f"INSERT INTO set_logs_0004 (runner_id, {_SET_COLUMNS}) "
        f"SELECT l.runner_id, {', '.join('s.' + c for c in _SET_COLUMNS.split(', '))} "
        "FROM set_logs s JOIN session_logs l ON l.id = s.session_id ORDER BY s.id"
    )
    op.drop_table("set_logs")  # with their indexes, whose names come back below
    op.drop_table("session_logs")
    op.rename_table("session_logs_0004", "session_logs")
    op.rename_table("set_logs_0004", "set_logs")
    _indexes()


def downgrade() -> None:
    # Back to ids unique across the database: only possible while no two runners share one.
    op.create_table(
        "session_logs_0003",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("pain_settled", sa.Boolean, nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "set_logs_0003",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.String(100),
            sa.ForeignKey("session_logs_0003.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("item_index", sa.Integer, nullable=False),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("set_index", sa.Integer, nullable=False),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("seconds", sa.Integer, nullable=True),
        sa.Column("load_kg", sa.Float, nullable=True),
        sa.Column("rpe", sa.Float, nullable=True),
        sa.Column("pain", sa.Integer, nullable=False),
        sa.Column("side", sa.String(5), nullable=True),
        sa.UniqueConstraint("session_id", "item_index", "set_index"),
    )
    op.execute(
        f"INSERT INTO session_logs_0003 ({_SESSION_COLUMNS}) "
        f"SELECT {_SESSION_COLUMNS} FROM session_logs"
    )
    op.execute(
        f"INSERT INTO set_logs_0003 ({_SET_COLUMNS}) SELECT {_SET_COLUMNS} FROM set_logs ORDER BY id"
    )
    op.drop_table("set_logs")
    op.drop_table("session_logs")
    op.rename_table("session_logs_0003", "session_logs")
    op.rename_table("set_logs_0003", "set_logs")
    op.create_index("ix_session_logs_runner_id", "session_logs", ["runner_id"])
    op.create_index("ix_session_logs_date", "session_logs", ["date"])
    op.create_index("ix_set_logs_session_id", "set_logs", ["session_id"])
    op.create_index("ix_set_logs_exercise", "set_logs", ["exercise"])
    op.create_index(
        "ix_session_logs_runner_newest", "session_logs", ["runner_id", "date", "logged_at", "id"]
    )
    op.create_index(
        "ix_set_logs_loaded",
        "set_logs",
        ["exercise", "session_id", "load_kg"],
        sqlite_where=sa.text("load_kg > 0"),
        postgresql_where=sa.text("load_kg > 0"),
    )
