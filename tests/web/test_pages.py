"""The pages, rendered by the server: each route answers HTML a runner can read without
JavaScript, links where it says, and the vendored assets are the files listed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runstrong.entrypoints.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "runstrong" / "entrypoints" / "web"
EXAMPLES = ROOT / "src" / "runstrong" / "examples"
TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(f"sqlite:///{tmp_path / 'runstrong.db'}")) as client:
        yield client


def _store(client: TestClient) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "intermediate-marathon-gym.json").read_text())
    data["start_date"] = (MONDAY - dt.timedelta(weeks=2)).isoformat()
    data["goal"]["date"] = (MONDAY + dt.timedelta(weeks=20, days=6)).isoformat()
    assert client.put("/api/v1/profile", json=data).status_code == 200
    return data


def test_every_vendored_file_is_the_one_listed() -> None:
    listing = (WEB / "static" / "vendor" / "VENDORED.md").read_text()
    rows = re.findall(r"^\| (\S+\.js) \|.*\| ([0-9a-f]{64}) \|$", listing, re.M)
    assert rows
    for name, digest in rows:
        path = WEB / "static" / "vendor" / name
        if not path.exists():
            path = ROOT / "tests" / "web" / "vendor" / name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, name
    served = {p.name for p in (WEB / "static" / "vendor").glob("*.js")}
    assert served <= {name for name, _digest in rows}  # nothing served that is not listed


def test_without_a_runner_the_app_starts_at_the_profile(client: TestClient) -> None:
    first = client.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/start"
    assert client.get("/today", follow_redirects=False).headers["location"] == "/start"


def test_today_shows_the_session_with_cues_options_and_the_guided_link(
    client: TestClient,
) -> None:
    _store(client)
    first = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)
    due = client.get("/api/v1/today", params={"date": first.isoformat()}).json()["session"]
    html = client.get("/today", params={"date": first.isoformat()}).text
    assert f'href="/session/{first.isoformat()}"' in html
    for block in due["blocks"]:
        for item in block["items"]:
            assert item["name"] in html and item["why"] in html
    assert "How to do it" in html and "not a medical device" in html
    assert re.search(r'<a href="/library/[a-z0-9-]+">', html)  # easier / harder / home links
    rest_day = first + dt.timedelta(days=1)
    quiet = client.get("/today", params={"date": rest_day.isoformat()}).text
    assert "No strength session today" in quiet and "/today?date=" in quiet


def test_the_plan_page_shows_every_week_and_running_day(client: TestClient) -> None:
    _store(client)
    plan = client.get("/api/v1/plan").json()
    html = client.get("/plan").text
    for week in plan["weeks"]:
        assert f'id="week-{week["index"]}"' in html
    assert html.count('<tr><th scope="row">') == 7 * len(plan["weeks"])


def test_the_library_filters_and_its_pages(client: TestClient) -> None:
    everything = client.get("/library").text
    power = client.get("/library", params={"block": "power", "equipment": "floor"}).text
    count = lambda html: int(re.search(r"(\d+) exercises", html).group(1))  # noqa: E731
    assert 0 < count(power) < count(everything)
    partial = client.get("/library", params={"search": "nordic"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "Nordic" in partial.text
    page = client.get("/library/goblet-squat").text
    assert "Goblet squat" in page and "Ladder" in page
    guide = client.get("/learn").text
    first = re.search(r'href="/learn/([a-z0-9-]+)"', guide).group(1)  # type: ignore[union-attr]
    assert client.get(f"/learn/{first}").status_code == 200


def test_installable_and_offline_ready(client: TestClient) -> None:
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/today" and manifest["display"] == "standalone"
    worker = client.get("/sw.js")
    assert worker.status_code == 200 and "javascript" in worker.headers["content-type"]
    for asset in re.findall(r'"(/static/[^"]+)"', worker.text):
        assert client.get(asset).status_code == 200, asset


def test_today_says_last_time_only_of_a_load_carried_forward(client: TestClient) -> None:
    _store(client)
    first = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=1)
    due = client.get("/api/v1/today", params={"date": first.isoformat()}).json()["session"]
    loaded = [i for b in due["blocks"] if b["kind"] == "strength" for i in b["items"] if i["reps"]]
    kept, dropped = loaded[0], loaded[1]
    log = {"id": "s1", "date": first.isoformat(), "items": [
        {"exercise": kept["exercise"], "sets": [{"reps": kept["reps"], "load_kg": 20, "rpe": 7}] * kept["sets"]},
        {"exercise": dropped["exercise"], "sets": [{"reps": 1, "load_kg": 20, "rpe": 9}] * dropped["sets"]},
    ]}  # fmt: skip
    assert client.post("/api/v1/sessions", json=log).status_code == 201
    seen = set()
    for offset in range(1, 21):
        day = (first + dt.timedelta(days=offset)).isoformat()
        session = client.get("/api/v1/today", params={"date": day}).json()["session"]
        if session is None:
            continue
        html = client.get("/today", params={"date": day}).text
        for item in (i for b in session["blocks"] for i in b["items"]):
            if item["exercise"] == kept["exercise"] and kept["exercise"] not in seen:
                assert "progression" not in item and item["load_kg"] == 20
                assert "last time 20 kg" in html
                seen.add(item["exercise"])
            if item["exercise"] == dropped["exercise"] and dropped["exercise"] not in seen:
                assert item["progression"]["action"] == "less_load" and item["load_kg"] < 20
                assert f"{item['load_kg']:g} kg this time" in html
                assert item["progression"]["reason"] in html
                seen.add(item["exercise"])
    assert seen == {kept["exercise"], dropped["exercise"]}


def test_a_page_says_what_went_wrong_as_a_page(client: TestClient) -> None:
    _store(client)
    wrong = client.get("/library", params={"block": "nap"})
    assert wrong.status_code == 422 and wrong.headers["content-type"].startswith("text/html")
    assert "<h1>That did not work</h1>" in wrong.text and "block" in wrong.text
    assert "nap" in wrong.text and '"error"' not in wrong.text
    missing = client.get("/library/goblet-squatt")
    assert missing.status_code == 404 and "<h1>Not found</h1>" in missing.text
    assert "goblet-squat" in missing.text  # the close match is named, as the API names it
    nowhere = client.get("/nowhere")
    assert nowhere.status_code == 404 and "There is nothing at /nowhere." in nowhere.text
    assert 'href="/today"' in nowhere.text
    swapped = client.get("/library", params={"level": "heroic"}, headers={"HX-Request": "true"})
    assert swapped.status_code == 422 and swapped.text.startswith('<p class="field-error"')
    assert "<html" not in swapped.text and "level" in swapped.text
    # The API and the files keep the one JSON error shape.
    for path in ("/api/v1/nowhere", "/api/v1/exercises/goblet-squatt", "/calendar/nope.ics"):
        body = client.get(path).json()
        assert set(body["error"]) == {"code", "message", "field"}, path
