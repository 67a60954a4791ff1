"""The guided session's page as the server renders it: the day's session embedded as JSON
for the script, with the cues, easier options and pain rule it needs, under a strict
content policy; no inline code (the browser tests in test_browser.py run it)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runstrong.domain.pain import ACCEPTABLE, STOP_ABOVE
from runstrong.entrypoints.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
FIRST = MONDAY - dt.timedelta(weeks=2)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'runstrong.db'}")) as client:
        yield client


def _store(client: TestClient) -> None:
    data: dict[str, Any] = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
    data["start_date"] = FIRST.isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
    assert client.put("/api/v1/profile", json=data).status_code == 200


def _embedded(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script type="application/json" id="session-data">(.*?)</script>', html, re.S
    )
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_without_a_runner_the_session_page_sends_to_the_start(client: TestClient) -> None:
    answer = client.get(f"/session/{FIRST.isoformat()}", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/start"


def test_the_page_embeds_the_days_session_with_what_the_script_needs(
    client: TestClient,
) -> None:
    _store(client)
    day = client.get("/api/v1/week", params={"date": FIRST.isoformat()}).json()["sessions"][0]
    due = client.get("/api/v1/today", params={"date": day["date"]}).json()
    answer = client.get(f"/session/{day['date']}")
    assert answer.status_code == 200
    data = _embedded(answer.text)
    assert data["date"] == day["date"] and data["next"] == due["next"] and data["logged"] == 0
    squat = next(
        i for b in data["session"]["blocks"] for i in b["items"] if i["exercise"] == "goblet-squat"
    )
    assert squat["amount"] == "3 × 10 reps" and squat["effort"] == "RPE 7"
    calf = next(
        i
        for b in data["session"]["blocks"]
        for i in b["items"]
        if i["exercise"] == "single-leg-calf-raise"
    )
    assert calf["amount"].endswith("(+2 on the left)")
    stripped = [
        {k: v for k, v in i.items() if k not in {"amount", "effort"}}
        for b in data["session"]["blocks"]
        for i in b["items"]
    ]
    assert stripped == [i for b in due["session"]["blocks"] for i in b["items"]]
    assert data["exercises"]["goblet-squat"]["easier"] == [
        {"exercise": "bodyweight-squat", "name": "Body-weight squat"}
    ]
    assert data["exercises"]["goblet-squat"]["cues"]
    assert (data["pain"]["acceptable"], data["pain"]["stop_above"]) == (ACCEPTABLE, STOP_ABOVE)
    assert "{pain}" in data["pain"]["stop"] and "{easier}" in data["pain"]["lighter"]


def test_the_page_runs_only_our_own_files(client: TestClient) -> None:
    _store(client)
    answer = client.get(f"/session/{(FIRST + dt.timedelta(days=1)).isoformat()}")
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy
    for tag in re.findall(r"<script[^>]*>", answer.text):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag
    assert "/static/guided.js" in answer.text
    assert not re.search(r"\son[a-z]+=", answer.text)  # no inline event handlers either


def test_a_day_without_a_session_says_so_and_points_to_the_next(client: TestClient) -> None:
    _store(client)
    week = client.get("/api/v1/week", params={"date": FIRST.isoformat()}).json()
    dates = {s["date"] for s in week["sessions"]}
    quiet = next(
        d for d in (FIRST + dt.timedelta(days=n) for n in range(7)) if d.isoformat() not in dates
    )
    html = client.get(f"/session/{quiet.isoformat()}").text
    assert "No strength session on this day" in html and 'id="session-data"' not in html
    assert re.search(r'href="/session/\d{4}-\d{2}-\d{2}"', html)


def test_a_day_already_logged_is_counted_for_the_page(client: TestClient) -> None:
    _store(client)
    day = (FIRST + dt.timedelta(days=1)).isoformat()
    log = {
        "id": "a-log",
        "date": day,
        "items": [{"exercise": "goblet-squat", "sets": [{"reps": 8}]}],
    }
    assert client.post("/api/v1/sessions", json=log).status_code == 201
    assert _embedded(client.get(f"/session/{day}").text)["logged"] == 1
