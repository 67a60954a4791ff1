"""The REST API over a real SQLite file and a real PostgreSQL database: the command line's
use cases as JSON, one error shape, and no 500 for anything a client sends."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runstrong.entrypoints.web.app import create_app
from runstrong.entrypoints.web.limits import JSON_BODY_LIMIT

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(database_url), raise_server_exceptions=False) as client:
        yield client


def _profile() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=10, days=5)).isoformat()
    return data


def _error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "field"}
    assert "Traceback" not in response.text
    error: dict[str, Any] = body["error"]
    return error


def test_the_library_and_the_learn_hub(client: TestClient) -> None:
    everything = client.get("/api/v1/exercises").json()
    assert everything["schema"] == "runstrong.exercises/1" and len(everything["exercises"]) > 200
    home = client.get("/api/v1/exercises", params={"equipment": "home", "block": "power"}).json()
    assert 0 < len(home["exercises"]) < len(everything["exercises"])
    assert client.get("/api/v1/exercises/goblet-squat").json()["id"] == "goblet-squat"
    missing = _error(client.get("/api/v1/exercises/goblet-squatt"), 404)
    assert "goblet-squat" in missing["message"]  # the close match is named
    wrong = _error(client.get("/api/v1/exercises", params={"block": "nap"}), 422)
    assert wrong["field"] == "--block" or "block" in wrong["field"]
    hub = client.get("/api/v1/guides").json()
    assert hub["schema"] == "runstrong.guides/1"
    first = hub["guides"][0]["id"]
    assert client.get(f"/api/v1/guides/{first}").json()["id"] == first


def test_a_new_runner_stores_a_profile_sees_the_plan_and_logs_a_session(
    client: TestClient,
) -> None:
    assert _error(client.get("/api/v1/today"), 404)["code"] == "no_runner"
    checked = client.post("/api/v1/profile/validate", json=_profile())
    assert checked.status_code == 200 and checked.json()["profile"]["name"] == "Sam"
    stored = client.put("/api/v1/profile", json=_profile())
    assert stored.status_code == 200, stored.text
    assert stored.json()["profile_version"] == 1
    plan = client.get("/api/v1/plan").json()
    assert plan["schema"] == "runstrong.plan/1"
    assert client.get("/api/v1/plan", params={"week": 2}).json()["index"] == 2
    _error(client.get("/api/v1/plan", params={"week": 99}), 422)
    first = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)
    due = client.get("/api/v1/today", params={"date": first.isoformat()}).json()
    assert due["session"]["date"] == first.isoformat()
    item = next(i for b in due["session"]["blocks"] if b["kind"] == "strength" for i in b["items"])
    log = {
        "id": "phone-1",
        "date": first.isoformat(),
        "items": [{"exercise": item["exercise"], "sets": [{"reps": 10, "rpe": 6, "pain": 0}]}],
    }
    created = client.post("/api/v1/sessions", json=log)
    assert created.status_code == 201 and created.json()["recorded"] is True
    again = client.post("/api/v1/sessions", json=log)  # the same id: recorded once
    assert again.status_code == 200 and again.json()["recorded"] is False
    listed = client.get("/api/v1/sessions").json()
    assert listed["total"] == 1 and listed["sessions"][0]["id"] == "phone-1"
    week = client.get("/api/v1/week", params={"date": first.isoformat()}).json()
    assert [s["id"] for s in week["logged"]] == ["phone-1"]
    assert client.get("/api/v1/progress").status_code == 200
    assert client.get("/api/v1/profile").json()["version"] == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"experience": "expert"}, "experience"),
        ({"availability": {"sessions_per_week": 9, "minutes_per_session": 30}}, "availability"),
        ({"nonsense": 1}, "nonsense"),
    ],
)
def test_a_bad_profile_is_422_naming_the_field(
    client: TestClient, change: dict[str, Any], field: str
) -> None:
    error = _error(client.post("/api/v1/profile/validate", json={**_profile(), **change}), 422)
    assert field in (error["field"] or "") + error["message"]


def test_what_a_client_sends_is_never_a_500(client: TestClient) -> None:
    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    bad_requests = [
        client.post("/api/v1/sessions", content=b"{not json", headers={"content-type": "application/json"}),
        client.post("/api/v1/sessions", json=[1, 2, 3]),
        client.post("/api/v1/sessions", json={"id": "x", "date": "9999-12-31", "items": []}),
        client.post("/api/v1/sessions", json={"id": "x", "date": TODAY.isoformat(),
                                              "items": [{"exercise": "nope", "sets": [{"reps": 1}]}]}),
        client.get("/api/v1/today", params={"date": "yesterday"}),
        client.get("/api/v1/plan", params={"week": "x"}),
        client.get("/api/v1/sessions", params={"limit": -1}),
        client.post("/api/v1/profile/validate", json={"start_date": "2027-13-45"}),
    ]  # fmt: skip
    for response in bad_requests:
        assert response.status_code == 422, (response.request.url, response.text)
        _error(response, 422)
    assert _error(client.get("/api/v1/nowhere"), 404)["code"] == "not_found"
    assert _error(client.delete("/api/v1/exercises"), 405)["code"] == "method_not_allowed"


def test_oversize_bodies_are_413_before_they_are_read(client: TestClient) -> None:
    big = b'{"id": "' + b"x" * (JSON_BODY_LIMIT + 10) + b'"}'
    error = _error(
        client.post("/api/v1/sessions", content=big, headers={"content-type": "application/json"}),
        413,
    )
    assert "1 MB" in error["message"]


def test_the_openapi_document_lists_every_route(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    paths = set(document["paths"])
    assert {"/api/v1/today", "/api/v1/sessions", "/api/v1/plan", "/api/v1/exercises"} <= paths
    assert document["info"]["title"] == "runstrong"


def test_exports_of_the_stored_runner(client: TestClient, tmp_path: Path) -> None:
    import io
    import subprocess
    import zipfile

    import icalendar
    from garmin_fit_sdk import Decoder, Stream

    _error(client.get("/api/v1/exports/plan.ics"), 404)  # no runner yet
    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    plan = client.get("/api/v1/plan").json()
    sessions = [s for w in plan["weeks"] for s in w["sessions"]]
    calendar = client.get("/api/v1/exports/plan.ics")
    assert calendar.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(calendar.content).walk("VEVENT")
    dates = {e.decoded("DTSTART").isoformat()[:10] for e in events}
    assert {s["date"] for s in sessions} <= dates
    timed = client.get("/api/v1/exports/plan.ics", params={"time": "18:30", "tz": "Europe/Berlin"})
    assert timed.status_code == 200 and b"TZID=Europe/Berlin" in timed.content
    _error(client.get("/api/v1/exports/plan.ics", params={"time": "half six"}), 422)
    _error(client.get("/api/v1/exports/plan.ics", params={"tz": "Mars/Olympus"}), 422)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/v1/exports/workouts.zip").content))
    assert len(archive.namelist()) == len(sessions)
    first = archive.read(sorted(archive.namelist())[0])
    messages, problems = Decoder(Stream.from_byte_array(bytearray(first))).read()
    assert not problems and messages["workout_mesgs"]
    pdf = client.get("/api/v1/exports/plan.pdf")
    assert pdf.content.startswith(b"%PDF")
    (tmp_path / "plan.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "plan.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Sam" in text


def test_run_files_uploaded_previewed_and_applied(client: TestClient) -> None:
    fixtures = Path("/work/shared/fixtures")
    gpx = fixtures / "gpx" / "slither-running.gpx"
    if not gpx.exists():
        pytest.skip("the shared fixtures are not on this machine")
    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    upload = [
        ("files", ("slither-running.gpx", gpx.read_bytes(), "application/gpx+xml")),
        ("files", ("broken.fit", b"not a fit file at all", "application/octet-stream")),
    ]
    preview = client.post("/api/v1/imports/runs", files=upload)
    assert preview.status_code == 200, preview.text
    found = preview.json()
    assert [u["file"] for u in found["unread"]] == ["broken.fit"]  # reported, the other read
    assert found["stored"]["weekly_km"] == _profile()["running"]["weekly_km"]
    assert found["running"]["weekly_km"] and found["would_store"]["week"]
    wrong = client.post(
        "/api/v1/imports/runs", files=[("files", ("notes.txt", b"hi", "text/plain"))]
    )
    assert _error(wrong, 422)["field"] == "files"
    applied = client.post("/api/v1/imports/runs/apply", json={"running": found["running"]})
    assert applied.status_code == 200, applied.text
    assert client.get("/api/v1/profile").json()["version"] == 2
    zero = client.post("/api/v1/imports/runs/apply", json={"running": {"weekly_km": 0, "week": {}}})
    _error(zero, 422)


def test_sessions_are_read_replaced_and_deleted_and_conflicts_are_409(client: TestClient) -> None:
    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    day = (MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)).isoformat()
    log = {"id": "s1", "date": day, "items": [{"exercise": "plank", "sets": [{"seconds": 30}]}]}
    assert client.post("/api/v1/sessions", json=log).status_code == 201
    other = {**log, "items": [{"exercise": "plank", "sets": [{"seconds": 45}]}]}
    conflict = _error(client.post("/api/v1/sessions", json=other), 409)
    assert "PUT /api/v1/sessions/s1" in conflict["message"] and "s1" in conflict["message"]
    assert client.get("/api/v1/sessions/s1").json()["items"][0]["sets"][0]["seconds"] == 30
    replaced = client.put("/api/v1/sessions/s1", json=other)
    assert replaced.status_code == 200, replaced.text
    assert client.get("/api/v1/sessions/s1").json()["items"][0]["sets"][0]["seconds"] == 45
    assert _error(client.put("/api/v1/sessions/s2", json=other), 422)["field"] == "id"
    assert client.delete("/api/v1/sessions/s1").status_code == 204
    assert _error(client.get("/api/v1/sessions/s1"), 404)["code"] == "not_found"
    assert _error(client.delete("/api/v1/sessions/s1"), 404)["code"] == "not_found"
    assert client.get("/api/v1/sessions").json()["total"] == 0


def test_the_calendar_feed_is_a_secret_link_that_can_be_renewed(client: TestClient) -> None:
    import icalendar

    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    made = client.post("/api/v1/calendar-feed")
    assert made.status_code == 201
    path = made.json()["path"]
    assert path.startswith("/calendar/") and path.endswith(".ics") and len(path) > 40
    feed = client.get(path)
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("text/calendar")
    assert icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    renewed = client.post("/api/v1/calendar-feed").json()["path"]
    assert renewed != path
    assert _error(client.get(path), 404)["code"] == "not_found"  # the old link is over
    assert client.get(renewed).status_code == 200
    assert _error(client.get("/calendar/guess.ics"), 404)["code"] == "not_found"


def test_a_kept_answer_is_never_older_than_the_database(
    client: TestClient, database_url: str
) -> None:
    from runstrong.adapters.db import connect
    from runstrong.library import load_catalog
    from runstrong.services import training

    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    day = (MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)).isoformat()
    week = client.get("/api/v1/week", params={"date": day}).json()
    assert week["logged"] == [] and client.get("/api/v1/week", params={"date": day}).json() == week
    log = {"id": "w1", "date": day, "items": [{"exercise": "plank", "sets": [{"seconds": 30}]}]}
    assert client.post("/api/v1/sessions", json=log).status_code == 201
    assert [s["id"] for s in client.get("/api/v1/week", params={"date": day}).json()["logged"]] == [
        "w1"
    ]
    # A write from elsewhere (the command line, another worker) shows at once too.
    other = training.parse_log({**log, "id": "w2"}, load_catalog(), TODAY)
    training.log_session(connect(database_url), other, dt.datetime.now(dt.UTC))
    logged = client.get("/api/v1/week", params={"date": day}).json()["logged"]
    assert sorted(s["id"] for s in logged) == ["w1", "w2"]
    page = client.get("/today", params={"date": day}).text
    assert client.get("/today", params={"date": day}).text == page


def test_progress_kept_between_writes_shows_a_new_session(client: TestClient) -> None:
    assert client.put("/api/v1/profile", json=_profile()).status_code == 200
    day = (MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)).isoformat()
    before = client.get("/api/v1/progress").json()
    assert client.get("/api/v1/progress").json() == before  # the kept answer, unchanged
    log = {"id": "p1", "date": day,
           "items": [{"exercise": "plank", "sets": [{"seconds": 40}, {"seconds": 45}]}]}  # fmt: skip
    assert client.post("/api/v1/sessions", json=log).status_code == 201
    after = client.get("/api/v1/progress").json()
    assert sum(w["logged"] for w in after["weeks"]) == sum(w["logged"] for w in before["weeks"]) + 1
    assert any(h["exercise"] == "plank" for h in after["holds"])
