"""Accounts, squads and tokens, for a server many runners share (`serve --multi-user`).

Every secret (a signed-in browser's cookie, a reset link, an invite, an API token) is kept
as its SHA-256 hash only; passwords as argon2id hashes. A runner's own machine never fills
these tables.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _moment(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _user(name: str = "user_id", primary_key: bool = False) -> sa.Column[object]:
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        index=not primary_key,
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="SET NULL"),
            nullable=True,
            unique=True,
        ),
        _moment("created_at"),
        _moment("password_changed_at"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user(),
        _moment("created_at"),
        _moment("expires_at"),
    )
    op.create_table(
        "one_time_links",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _user(),
        sa.Column("purpose", sa.String(16), nullable=False),
        _moment("expires_at"),
        _moment("used_at", nullable=True),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(60), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        _moment("at"),
    )
    op.create_index("ix_login_failures_username", "login_failures", ["username", "at"])
    op.create_index("ix_login_failures_address", "login_failures", ["address", "at"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        _user(),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scope", sa.String(10), nullable=False),
        _moment("created_at"),
        _moment("revoked_at", nullable=True),
    )
    op.create_table(
        "squads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        _moment("created_at"),
    )
    op.create_table(
        "squad_coaches",
        sa.Column(
            "squad_id",
            sa.Integer,
            sa.ForeignKey("squads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _user(primary_key=True),
    )
    op.create_index("ix_squad_coaches_user_id", "squad_coaches", ["user_id"])
    op.create_table(
        "squad_members",
        sa.Column(
            "squad_id",
            sa.Integer,
            sa.ForeignKey("squads.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "runner_id",
            sa.Integer,
            sa.ForeignKey("runners.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        _moment("joined_at"),
    )
    op.create_index("ix_squad_members_runner_id", "squad_members", ["runner_id"])
    op.create_table(
        "invites",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "squad_id",
            sa.Integer,
            sa.ForeignKey("squads.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        _moment("created_at"),
        _moment("expires_at"),
    )
    op.create_table(
        "session_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("runner_id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.String(100), nullable=False),
        sa.Column("author", sa.String(40), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _moment("created_at"),
        sa.ForeignKeyConstraint(
            ["runner_id", "session_id"],
            ["session_logs.runner_id", "session_logs.id"],
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_session_notes_session", "session_notes", ["runner_id", "session_id"])
    op.add_column("profiles", sa.Column("changed_by", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("changed_by")
    for table in (
        "session_notes", "invites", "squad_members", "squad_coaches", "squads", "api_tokens",
        "login_failures", "one_time_links", "web_sessions", "users",
    ):  # fmt: skip
        op.drop_table(table)
