"""The calendar feed: a secret link a phone calendar subscribes to once, always current.

The link carries a random secret; only its SHA-256 hash is stored, so the link is shown
when it is made and never again (a new one can be made at any time, and ends the old).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from runstrong.domain.catalog import Catalog
from runstrong.domain.plan import Plan
from runstrong.domain.ports import FeedUnitOfWork
from runstrong.services.training import NoRunner


class UnknownFeed(Exception):
    """No runner has this secret (a wrong, old or made-up link)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_feed_token(uow: FeedUnitOfWork, now: dt.datetime) -> str:
    """A new secret for the runner's feed; the link made before it stops working."""
    token = secrets.token_urlsafe(24)
    with uow:
        uow.lock()
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        uow.feeds.replace(runner.id, _hash(token), now)
        uow.commit()
    return token


def feed_plan(uow: FeedUnitOfWork, token: str, today: dt.date, catalog: Catalog) -> Plan:
    """The plan a valid secret opens: the stored runner's, adjusted by the log."""
    from runstrong.services.exporting import stored_plan

    if len(token) > 100:
        raise UnknownFeed()
    with uow:
        runner_id = uow.feeds.runner_for(_hash(token))
    if runner_id is None:
        raise UnknownFeed()
    return stored_plan(uow.for_runner(runner_id), today, catalog)  # the link's runner's
