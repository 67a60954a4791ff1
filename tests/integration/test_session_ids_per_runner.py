"""Two runners who gave their sessions the same ids (ids are per runner): the queries that
pick sessions by id (the today answer's recent sessions, a page of history) return the
asked runner's sessions only, on SQLite (both readers) and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from runstrong.adapters.db import connect, lite
from runstrong.domain.training_log import SessionLog

pytestmark = pytest.mark.integration

NOW = dt.datetime(2027, 2, 3, 18, 30, tzinfo=dt.UTC)
DAY = dt.date(2027, 2, 1)


def _log(log_id: str, load_kg: float) -> SessionLog:
    return SessionLog.model_validate(
        {
            "id": log_id,
            "date": DAY.isoformat(),
            "items": [
                {
                    "exercise": "goblet-squat",
                    "sets": [{"reps": 8, "load_kg": load_kg, "rpe": 7}] * 3,
                }
            ],
        }
    )


def test_sessions_picked_by_id_are_the_asked_runners_only(database_url: str) -> None:
    url = database_url
    with connect(url) as uow:
        robin = uow.repo.add_runner("Robin", NOW).id
        sam = uow.repo.add_runner("Sam", NOW).id
        for runner, load in ((robin, 20.0), (sam, 40.0)):
            uow.repo.add_session_log(runner, _log("s1", load), NOW)
        uow.commit()
    for open_reader in (lambda: connect(url, robin), lambda: lite.reader(url, robin)):
        with open_reader() as uow:
            recent = uow.repo.recent_logs_of(robin, ["goblet-squat"], DAY + dt.timedelta(days=1), 3)
            page = uow.repo.log_page(robin, 10, 0)
        for found in (recent, page):
            assert [s.log for s in found] == [_log("s1", 20.0)]
