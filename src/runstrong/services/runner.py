"""The stored runner as documents: the current profile and the plan in force."""

from __future__ import annotations

from typing import Any

from runstrong.domain.ports import UnitOfWork
from runstrong.services.training import NoRunner


def current_profile(uow: UnitOfWork) -> dict[str, Any]:
    """`{"version": n, "profile": {...}}` of the newest stored profile."""
    with uow:
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        profiles = uow.repo.profiles(runner.id)
    newest = profiles[-1]
    return {"version": newest.version, "profile": newest.document}


def current_plan(uow: UnitOfWork) -> dict[str, Any]:
    """The newest stored plan document (runstrong.plan/1): the one in force from today."""
    with uow:
        runner = uow.repo.runner()
        if runner is None:
            raise NoRunner()
        plans = uow.repo.plans(runner.id)
    return plans[-1].document
