"""Indexes that keep the day's answers as quick after years of training as after a week.

`today` asks for a runner's newest sessions (walked newest first from the first index) and,
for an exercise the newest ones do not settle, the last session with a load (the second,
which holds loaded sets only, so a body-weight exercise is answered at once).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_session_logs_runner_newest",
        "session_logs",
        ["runner_id", "date", "logged_at", "id"],
    )
    op.create_index(
        "ix_set_logs_loaded",
        "set_logs",
        ["exercise", "session_id", "load_kg"],
        sqlite_where=sa.text("load_kg > 0"),
        postgresql_where=sa.text("load_kg > 0"),
    )


def downgrade() -> None:
    op.drop_index("ix_set_logs_loaded", table_name="set_logs")
    op.drop_index("ix_session_logs_runner_newest", table_name="session_logs")
