"""Plan documents are kept in memory by their text (`adapters/db/reads.py`) and handed to
every reader as the same object: after every page and answer that reads a plan, each kept
document is still exactly what its stored text says (no reader changed it in place), and
a second look at a plan reads the kept one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import orjson
from fastapi.testclient import TestClient
from sqlalchemy import text

from runstrong.adapters.db import _engine, reads
from runstrong.entrypoints.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


def test_no_reader_changes_a_kept_plan(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'runstrong.db'}"
    profile = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    profile["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    profile["goal"]["date"] = (MONDAY + dt.timedelta(weeks=10, days=5)).isoformat()
    reads._plan_document.cache_clear()
    with TestClient(create_app(url), raise_server_exceptions=False) as client:
        assert client.put("/api/v1/profile", json=profile).status_code == 200
        # a second plan, so that answers read an older one beside the one in force
        profile["availability"]["minutes_per_session"] += 5
        assert client.put("/api/v1/profile", json=profile).status_code == 200
        week = client.get(
            "/api/v1/week", params={"date": (MONDAY - dt.timedelta(weeks=1)).isoformat()}
        )
        done = week.json()["sessions"][0]
        items = [
            {"exercise": i["exercise"], "sets": [{"reps": i["reps"] or 8, "seconds": i["seconds"],
                                                  "load_kg": 10.0, "rpe": 7, "pain": 0}]}
            for b in done["blocks"] if b["kind"] == "strength" for i in b["items"]
        ]  # fmt: skip
        logged = client.post(
            "/api/v1/sessions", json={"id": "s1", "date": done["date"], "items": items}
        )
        assert logged.status_code == 201, logged.text
        paths = [
            "/api/v1/plan", "/api/v1/plan?week=2", "/api/v1/today", "/api/v1/week",
            "/api/v1/progress", "/api/v1/exports/plan.ics", "/api/v1/exports/workouts.zip",
            "/today", "/plan", "/progress", "/history", "/profile/changes", f"/session/{TODAY}",
        ]  # fmt: skip
        for day in range(-14, 14):
            paths.append(f"/api/v1/today?date={TODAY + dt.timedelta(days=day)}")
        for path in paths * 2:
            assert client.get(path).status_code == 200, path
    assert reads._plan_document.cache_info().hits > len(paths)
    with _engine(url).connect() as connection:
        stored = [row[0] for row in connection.execute(text("SELECT document FROM plans"))]
    assert len(stored) == 2
    for document in stored:
        # the kept object (a hit: the same text was read above) against a fresh reading
        assert reads._plan_document(document) == orjson.loads(document)
