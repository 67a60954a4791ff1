"""The calendar feed's secrets, kept as SHA-256 hashes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from runstrong.adapters.db.tables import FeedTokenRow


class SqlFeedTokens:
    def __init__(self, session: Session) -> None:
        self.session = session

    def replace(self, runner_id: int, token_hash: str, now: dt.datetime) -> None:
        """The runner's one feed secret: a new one ends the old link."""
        self.session.execute(delete(FeedTokenRow).where(FeedTokenRow.runner_id == runner_id))
        self.session.add(FeedTokenRow(runner_id=runner_id, token_hash=token_hash, created_at=now))

    def runner_for(self, token_hash: str) -> int | None:
        found = self.session.execute(
            select(FeedTokenRow.runner_id).where(FeedTokenRow.token_hash == token_hash)
        ).scalar()
        return None if found is None else int(found)
