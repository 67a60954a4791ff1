"""Alembic environment: runs against the connection runstrong hands it (see engine.migrate)."""

from __future__ import annotations

from alembic import context

from runstrong.adapters.db.tables import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
