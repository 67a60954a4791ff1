"""The stored runner as documents: the current profile and the plan in force.

Each reads one profile or one plan, whatever the history holds (a runner of many seasons
has dozens of plans): the pages and routes that ask for them answer in the same time.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from runstrong.domain.ports import ReadUnitOfWork
from runstrong.services.training import NoRunner


def current_profile(uow: ReadUnitOfWork) -> dict[str, Any]:
    """`{"version": n, "profile": {...}}` of the newest stored profile."""
    with uow:
        runner = uow.repo.runner()
        newest = None if runner is None else uow.repo.latest_profile(runner.id)
    if newest is None:
        raise NoRunner()
    return {"version": newest.version, "profile": newest.document}


def current_plan(uow: ReadUnitOfWork, day: dt.date | None = None) -> dict[str, Any]:
    """The plan document (runstrong.plan/1) in force on `day`: the newest one that starts
    on or before it; without a day, the newest of all (the one in force from today on)."""
    with uow:
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        spans = uow.repo.plan_spans(runner.id)
        if not spans:
            raise NoRunner()
        chosen = spans[-1]
        if day is not None:
            chosen = next((s for s in reversed(spans) if s.valid_from <= day), spans[0])
        (plan,) = uow.repo.plans_by_id([chosen.id])
    return plan.document
