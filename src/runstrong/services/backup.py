"""The backup document (`runstrong.backup/1`), checked whole before anything is restored."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runstrong.domain.athlete import Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.training_log import SessionLog


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BackupProfile(_Part):
    version: int = Field(ge=1)
    created_at: dt.datetime
    document: dict[str, Any]


class BackupAssessment(_Part):
    tested_on: dt.date
    document: dict[str, Any]


class BackupPlan(_Part):
    profile_version: int = Field(ge=1)
    valid_from: dt.date
    created_at: dt.datetime
    document: dict[str, Any]


class BackupSession(_Part):
    model_config = ConfigDict(extra="allow", frozen=True)  # the log's own fields ride along

    logged_at: dt.datetime

    def log(self) -> SessionLog:
        return SessionLog.model_validate(self.model_extra or {})


class BackupRunner(_Part):
    name: str
    created_at: dt.datetime
    profiles: tuple[BackupProfile, ...]
    assessments: tuple[BackupAssessment, ...] = ()
    plans: tuple[BackupPlan, ...] = ()
    sessions: tuple[BackupSession, ...] = ()


class Backup(_Part):
    schema_: Literal["runstrong.backup/1"] = Field(alias="schema")
    runners: tuple[BackupRunner, ...]


def parse_backup(document: object, catalog: Catalog) -> Backup:
    """The backup, with every profile, plan and session inside it checked too."""
    from runstrong.services.planning import describe_errors

    if not isinstance(document, dict):
        raise InvalidInput(
            "backup", "not a runstrong backup (a JSON object with schema and runners)"
        )
    try:
        backup = Backup.model_validate(document)
    except ValidationError as exc:
        raise describe_errors(exc, "backup") from None
    for r, runner in enumerate(backup.runners):
        for p, profile in enumerate(runner.profiles):
            try:
                Profile.model_validate(profile.document)
            except ValidationError as exc:
                raise describe_errors(
                    exc, f"runners.{r}.profiles.{p}.document", nested=True
                ) from None
        for s, session in enumerate(runner.sessions):
            try:
                log = session.log()
            except ValidationError as exc:
                raise describe_errors(exc, f"runners.{r}.sessions.{s}", nested=True) from None
            for item in log.items:
                if item.exercise not in catalog:
                    raise InvalidInput(
                        f"runners.{r}.sessions.{s}", f"unknown exercise {item.exercise!r}"
                    )
        for p, plan in enumerate(runner.plans):
            if plan.document.get("schema") != "runstrong.plan/1" or "weeks" not in plan.document:
                raise InvalidInput(
                    f"runners.{r}.plans.{p}.document", "not a runstrong.plan/1 document"
                )
    return backup
