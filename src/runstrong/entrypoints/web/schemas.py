"""The shapes of the API's main answers, as pydantic models for the OpenAPI document.

The routes answer with bytes made by orjson (quicker than validating every answer on the
way out); these models say what those bytes hold, and the API's schemathesis tests check
every answer against them. Bodies sent to the API are checked by the domain's own models
(`SessionLog`, `Profile`) in the services, with the command line's words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from runstrong.domain.training_log import SessionLog


class LoggedSession(SessionLog):
    """A logged session as stored, with when it was logged (UTC)."""

    logged_at: dt.datetime


class Recorded(BaseModel):
    """A session sent: whether it was recorded now (False: already, with this content),
    the session, and what the plan says about it (pain above 3, say)."""

    model_config = ConfigDict(extra="forbid")

    recorded: bool
    session: SessionLog
    messages: list[str]


class HistoryPage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    total: int
    page: int
    pages: int
    sessions: list[LoggedSession]


class TodayAnswer(BaseModel):
    """The session due on the day (a session of runstrong.plan/1, adjusted by the log), or
    null, and the next session's date, or null."""

    model_config = ConfigDict(extra="forbid")

    session: dict[str, Any] | None
    next: dt.date | None


class Started(BaseModel):
    """A profile stored: its version, and the plan made from it."""

    model_config = ConfigDict(extra="forbid")

    runner: str
    profile_version: int
    valid_from: dt.date
    weeks: int
    first_session: dt.date | None


SESSION_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SessionLog"}}},
    }
}
