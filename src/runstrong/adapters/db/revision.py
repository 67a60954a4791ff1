"""The newest migration's revision, known without loading SQLAlchemy or Alembic.

A test checks it against Alembic's own view of the versions folder; a new migration
changes it here.
"""

HEAD_REVISION = "0001"
