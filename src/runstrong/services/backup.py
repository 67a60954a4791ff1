"""The backup document (`runstrong.backup/1`), checked whole before anything is restored.

Each problem is refused by its place in the backup (`runners.0.plans.2.document.weeks.3`)
before one row is written, and nothing the database would refuse half-way through a
restore gets that far: one runner per backup (the model today), profile versions 1, 2, 3
... in order, plans made from one of those versions, session ids once each, every moment
with its UTC offset, names as long as the database keeps, and documents that are a
profile, an assessment and a `runstrong.plan/1` plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
)

from runstrong.domain.athlete import Assessment, Profile
from runstrong.domain.catalog import Catalog
from runstrong.domain.errors import InvalidInput
from runstrong.domain.plan import PhaseName
from runstrong.domain.training_log import SessionLog
from runstrong.domain.untrusted import plain
from runstrong.domain.vocabulary import Block, Level

# As long as the database columns (adapters/db/tables.py): longer would fail mid-restore.
NAME_LIMIT = 80


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BackupProfile(_Part):
    version: int = Field(ge=1, le=100_000)
    created_at: AwareDatetime
    document: dict[str, Any]


class BackupAssessment(_Part):
    tested_on: dt.date
    document: dict[str, Any]


class BackupPlan(_Part):
    profile_version: int = Field(ge=1, le=100_000)
    valid_from: dt.date
    created_at: AwareDatetime
    document: dict[str, Any]


class BackupSession(_Part):
    model_config = ConfigDict(extra="allow", frozen=True)  # the log's own fields ride along

    logged_at: AwareDatetime

    def log(self) -> SessionLog:
        return SessionLog.model_validate(self.model_extra or {})


class BackupRunner(_Part):
    name: str = Field(min_length=1, max_length=NAME_LIMIT)
    created_at: AwareDatetime
    profiles: tuple[BackupProfile, ...]
    assessments: tuple[BackupAssessment, ...] = ()
    plans: tuple[BackupPlan, ...] = ()
    sessions: tuple[BackupSession, ...] = ()


class Backup(_Part):
    schema_: Literal["runstrong.backup/1"] = Field(alias="schema")
    runners: tuple[BackupRunner, ...] = Field(max_length=1)  # one runner per database today


# -- the plan document: the fields runstrong reads back (today, week, the log's coaching);
# others ride along untouched, so a newer plan's extra fields survive a restore.


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class _PlanItem(_Open):
    exercise: StrictStr
    name: StrictStr
    sets: StrictInt = Field(ge=0, le=100)
    reps: StrictInt | None = Field(ge=0, le=1000)
    seconds: StrictInt | None = Field(ge=0, le=3600)
    per_side: StrictBool
    load: dict[str, StrictInt | float | StrictBool]
    rest_seconds: StrictInt = Field(ge=0)
    why: StrictStr


class _PlanBlock(_Open):
    kind: Block
    items: list[_PlanItem]


class _PlanSession(_Open):
    date: dt.date
    minutes: StrictInt = Field(ge=0, le=600)
    level: Level
    focus: StrictStr
    blocks: list[_PlanBlock]


class _PlanWeek(_Open):
    index: StrictInt = Field(ge=1)
    start: dt.date
    phase: PhaseName
    deload: StrictBool
    running: dict[str, StrictStr]
    sessions: list[_PlanSession]


class _PlanDocument(_Open):
    schema_: Literal["runstrong.plan/1"] = Field(alias="schema")
    profile: dict[str, Any]
    weeks: list[_PlanWeek] = Field(min_length=1)


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
        for error in exc.errors():
            if error["type"] == "timezone_aware":  # a moment without it is hours out
                raise InvalidInput(
                    ".".join(str(part) for part in error["loc"]),
                    f"{error['input']!r} has no UTC offset; write it as in an export, "
                    "e.g. 2027-02-03T18:30:00Z",
                ) from None
        raise describe_errors(exc, "backup") from None
    for r, runner in enumerate(backup.runners):
        where = f"runners.{r}"
        if plain(runner.name) != runner.name:
            raise InvalidInput(f"{where}.name", "has control characters or line breaks")
        if not runner.profiles:
            raise InvalidInput(f"{where}.profiles", "a runner has at least one profile")
        versions = [p.version for p in runner.profiles]
        for p, profile in enumerate(runner.profiles):
            if profile.version != p + 1:
                raise InvalidInput(
                    f"{where}.profiles.{p}.version",
                    f"is {profile.version}; the versions run 1, 2, 3 ... in order, so this "
                    f"one is {p + 1}",
                )
            _check(Profile, profile.document, f"{where}.profiles.{p}.document")
        for a, assessment in enumerate(runner.assessments):
            _check(Assessment, assessment.document, f"{where}.assessments.{a}.document")
        for p, plan in enumerate(runner.plans):
            if plan.profile_version not in versions:
                raise InvalidInput(
                    f"{where}.plans.{p}.profile_version",
                    f"is {plan.profile_version}; the backup has profile versions 1 to "
                    f"{len(versions)}",
                )
            _check_plan(plan.document, catalog, f"{where}.plans.{p}.document")
        seen: dict[str, int] = {}
        for s, session in enumerate(runner.sessions):
            try:
                log = session.log()
            except ValidationError as exc:
                raise describe_errors(exc, f"{where}.sessions.{s}", nested=True) from None
            if log.id in seen:
                raise InvalidInput(
                    f"{where}.sessions.{s}.id",
                    f"{log.id!r} is also the id of sessions.{seen[log.id]}; an id is logged once",
                )
            seen[log.id] = s
            for i, item in enumerate(log.items):
                if item.exercise not in catalog:
                    raise InvalidInput(
                        f"{where}.sessions.{s}.items.{i}.exercise",
                        f"unknown exercise {item.exercise!r}",
                    )
    return backup


def _check(model: type[BaseModel], document: dict[str, Any], where: str) -> None:
    from runstrong.services.planning import describe_errors

    try:
        model.model_validate(document)
    except ValidationError as exc:
        error = describe_errors(exc, where)
        field = error.field if error.field.startswith(where) else f"{where}.{error.field}"
        raise InvalidInput(field, error.problem) from None


def _check_plan(document: dict[str, Any], catalog: Catalog, where: str) -> None:
    from runstrong.services.planning import describe_errors

    try:
        plan = _PlanDocument.model_validate(document)
    except ValidationError as exc:
        error = describe_errors(exc, where)
        field = error.field if error.field.startswith(where) else f"{where}.{error.field}"
        raise InvalidInput(field, f"{error.problem} (not a runstrong.plan/1 plan)") from None
    _check(Profile, plan.profile, f"{where}.profile")
    for w, week in enumerate(plan.weeks):
        if week.index != w + 1:
            raise InvalidInput(f"{where}.weeks.{w}.index", f"is {week.index}; it should be {w + 1}")
        for s, session in enumerate(week.sessions):
            if not week.start <= session.date <= week.start + dt.timedelta(days=6):
                raise InvalidInput(
                    f"{where}.weeks.{w}.sessions.{s}.date",
                    f"{session.date} is not in the week from {week.start}",
                )
            for b, block in enumerate(session.blocks):
                for i, item in enumerate(block.items):
                    if item.exercise not in catalog:
                        raise InvalidInput(
                            f"{where}.weeks.{w}.sessions.{s}.blocks.{b}.items.{i}.exercise",
                            f"unknown exercise {item.exercise!r}",
                        )
