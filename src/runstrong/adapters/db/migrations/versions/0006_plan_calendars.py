"""Each plan keeps its calendar (weeks, sessions' days, retests) beside its document.

A coach's board reads a squad's calendars in one query; the documents they come from are
a few hundred kilobytes each. Plans stored before are given theirs here, a hundred at a
time; a plan stored without one (written by other means) is read from its document.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BATCH = 100


def upgrade() -> None:
    from runstrong.domain.plan_calendar import calendar_of

    op.add_column("plans", sa.Column("calendar", sa.JSON, nullable=True))
    connection = op.get_bind()
    plans = sa.table(
        "plans",
        sa.column("id", sa.Integer),
        sa.column("document", sa.JSON),
        sa.column("calendar", sa.JSON),
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(plans.c.id, plans.c.document)
            .where(plans.c.id > last)
            .order_by(plans.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        for plan_id, document in rows:
            parsed = json.loads(document) if isinstance(document, str | bytes) else document
            connection.execute(
                plans.update().where(plans.c.id == plan_id).values(calendar=calendar_of(parsed))
            )
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("calendar")
