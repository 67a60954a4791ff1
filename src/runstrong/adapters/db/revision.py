"""Every migration's revision, known without loading SQLAlchemy or Alembic (the sqlite3
readers check the schema with it). A test checks the list against Alembic's own view of
the versions folder; a revision not listed here was written by a newer runstrong.
"""

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")
HEAD_REVISION = REVISIONS[-1]
