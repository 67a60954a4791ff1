"""The runner's own pages over a real SQLite file: the first profile (/start), its edit
(/profile), the field tests, the logged sessions and the progress charts. Each test
drives the pages as a browser without JavaScript would (plain form posts) and checks the
result through the REST API, the same store the pages write to."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runstrong.entrypoints.web.app import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
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
    del data["assessment"]
    assert client.put("/api/v1/profile", json=data).status_code == 200
    return data


def _answers(**changed: Any) -> dict[str, Any]:
    """A full, valid start form, as a browser sends it; `changed` replaces fields."""
    race = MONDAY + dt.timedelta(weeks=18, days=6)
    form: dict[str, Any] = {
        "name": "Sam",
        "experience": "intermediate",
        "run_days": ["tue", "thu", "sat", "sun"],
        "long_run": "sun",
        "quality_days": ["tue"],
        "weekly": "25 mi",
        "event": "half marathon",
        "race_date": race.isoformat(),
        "sessions": "2",
        "minutes": "1:05",
        "equipment": "home, dumbbell",
        "injury-0-area": "achilles tendon",
        "injury-0-side": "left",
        "injury-0-status": "recovering",
        "injury-1-area": "",
        "injury-1-side": "both",
        "injury-1-status": "current",
    }
    form.update(changed)
    return form


def _error_beside(page: str, field: str) -> str:
    """The text of a field's error line, after checking the field points to it."""
    control = re.search(rf'<(?:input|select|fieldset)[^>]*\bid="{field}"[^>]*>|'
                        rf'<fieldset[^>]*aria-describedby="{field}-help {field}-error"[^>]*>',
                        page)  # fmt: skip
    assert control, field
    assert f'aria-describedby="{field}-help {field}-error"' in control.group(0)
    assert 'aria-invalid="true"' in control.group(0)
    line = re.search(rf'<p id="{field}-error"[^>]*>(.*?)</p>', page, re.S)
    assert line, field
    return html.unescape(line.group(1)).strip()


def _log(client: TestClient, day: dt.date, kg: float, pain: int = 0, note: str = "") -> str:
    log_id = str(uuid.uuid4())
    body = {"id": log_id, "date": day.isoformat(), "note": note,
            "items": [{"exercise": "goblet-squat",
                       "sets": [{"reps": 8, "load_kg": kg, "rpe": 7, "pain": pain},
                                {"reps": 8, "load_kg": kg, "rpe": 8, "pain": 0}]}]}  # fmt: skip
    assert client.post("/api/v1/sessions", json=body).status_code == 201
    return log_id


# -- without a runner ---------------------------------------------------------------------


def test_without_a_runner_the_start_form_asks_and_the_runner_pages_send_you_there(
    client: TestClient,
) -> None:
    page = client.get("/start")
    assert page.status_code == 200
    for field in ("name", "experience", "long_run", "weekly", "event", "race_date",
                  "sessions", "minutes", "equipment", "injury-0-area"):  # fmt: skip
        assert f'id="{field}"' in page.text and f'id="{field}-error"' in page.text
    assert page.text.count('name="run_days"') == 7
    assert 'hx-post="/profile/check/minutes"' in page.text
    assert "<script>" not in page.text  # code only in /static files
    for path in ("/profile", "/assessment", "/history", "/progress", "/profile/changes"):
        moved = client.get(path, follow_redirects=False)
        assert moved.status_code == 303 and moved.headers["location"] == "/start", path


# -- start --------------------------------------------------------------------------------


def test_a_valid_start_stores_the_runner_as_the_api_would_and_opens_the_plan(
    client: TestClient,
) -> None:
    done = client.post("/start", data=_answers(), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/plan"
    stored = client.get("/api/v1/profile").json()["profile"]
    assert stored["name"] == "Sam" and stored["experience"] == "intermediate"
    assert stored["running"]["week"] == {"mon": "rest", "tue": "quality", "wed": "rest",
                                         "thu": "easy", "fri": "rest", "sat": "easy",
                                         "sun": "long"}  # fmt: skip
    assert stored["running"]["weekly_km"] == pytest.approx(40.2, abs=0.1)  # 25 mi
    assert stored["units"] == "imperial"
    assert stored["goal"]["event"] == "half_marathon"
    assert stored["availability"] == {"sessions_per_week": 2, "minutes_per_session": 65}
    assert stored["equipment"] == ["home", "dumbbell"]
    assert stored["injuries"] == [{"area": "achilles", "side": "left", "status": "recovering"}]
    start = dt.date.fromisoformat(stored["start_date"])
    assert start.weekday() == 0 and start > TODAY  # the Monday coming, as the interview
    assert client.get("/plan").status_code == 200
    again = client.get("/start", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/profile"


def test_errors_on_submit_are_beside_their_fields_and_every_value_is_kept(
    client: TestClient,
) -> None:
    wrong = _answers(
        name="Sam <b>",
        weekly="forty",
        long_run="mon",
        minutes="5",
        equipment="anvil",
        **{"injury-0-area": "elbowz"},
    )
    page = client.post("/start", data=wrong, follow_redirects=False)
    assert page.status_code == 422
    text = page.text
    assert "km or mi" in _error_beside(text, "weekly")
    assert "not one of your run days" in _error_beside(text, "long_run")
    assert "15 to 90" in _error_beside(text, "minutes")
    assert "anvil" in _error_beside(text, "equipment")
    assert "elbowz" in _error_beside(text, "injury-0-area")
    assert _error_beside_is_empty(text, "sessions") and _error_beside_is_empty(text, "event")
    # Nothing typed is lost, and what was typed is shown as text, not markup.
    assert 'value="Sam &lt;b&gt;"' in text and 'value="forty"' in text
    assert 'value="5"' in text and 'value="anvil"' in text and 'value="elbowz"' in text
    assert 'value="half marathon"' in text and 'value="1:05"' not in text  # minutes was 5
    assert re.search(r'name="run_days" value="thu" checked', text)
    assert re.search(r'value="mon" selected', text)
    assert client.get("/api/v1/profile").status_code == 404  # nothing stored


def _error_beside_is_empty(page: str, field: str) -> bool:
    line = re.search(rf'<p id="{field}-error"[^>]*>(.*?)</p>', page, re.S)
    return line is not None and line.group(1).strip() == ""


def test_a_race_without_a_date_and_a_hard_day_on_the_long_run_are_refused(
    client: TestClient,
) -> None:
    page = client.post(
        "/start", data=_answers(race_date="", quality_days=["sun"]), follow_redirects=False
    )
    assert page.status_code == 422
    assert "YYYY-MM-DD" in _error_beside(page.text, "race_date")
    assert "long run" in _error_beside(page.text, "quality_days")


def test_the_check_route_answers_a_fields_error_and_nothing_for_a_good_one(
    client: TestClient,
) -> None:
    bad = client.post("/profile/check/minutes", data=_answers(minutes="2 hours"))
    assert bad.status_code == 200 and "15 to 90" in bad.text
    good = client.post("/profile/check/minutes", data=_answers(minutes="45 min"))
    assert good.status_code == 200 and good.text == ""
    # Only the named field's problem: a bad distance is not the minutes' business.
    other = client.post("/profile/check/minutes", data=_answers(weekly="far"))
    assert other.text == ""
    assert "km or mi" in client.post("/profile/check/weekly", data=_answers(weekly="far")).text
    long_run = client.post(
        "/profile/check/long_run", data=_answers(long_run="wed", run_days=["tue", "sun"])
    )
    assert "not one of your run days" in long_run.text
    assert client.post("/profile/check/nonsense", data=_answers()).status_code == 404


# -- profile ------------------------------------------------------------------------------


def test_the_profile_form_is_prefilled_and_saving_replans_and_says_what_changed(
    client: TestClient,
) -> None:
    _store(client)
    before = client.get("/api/v1/profile").json()
    page = client.get("/profile").text
    assert 'value="Priya"' in page and 'value="65 km"' in page and 'value="marathon"' in page
    assert 'value="3"' in page and 'value="45"' in page and 'value="gym"' in page
    assert re.search(r'name="quality_days" value="thu" checked', page)
    form = {
        "name": "Priya", "experience": "intermediate",
        "run_days": ["mon", "tue", "wed", "thu", "sat", "sun"], "long_run": "sun",
        "quality_days": ["tue", "thu"], "weekly": "65 km", "event": "marathon",
        "race_date": before["profile"]["goal"]["date"], "sessions": "2", "minutes": "30",
        "equipment": "gym", "injury-0-area": "achilles", "injury-0-side": "right",
        "injury-0-status": "current",
    }  # fmt: skip
    saved = client.post("/profile", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/profile/changes"
    after = client.get("/api/v1/profile").json()
    assert after["version"] == before["version"] + 1
    assert after["profile"]["availability"] == {"sessions_per_week": 2, "minutes_per_session": 30}
    assert after["profile"]["start_date"] == before["profile"]["start_date"]  # kept
    plan = client.get("/api/v1/plan").json()
    assert plan["profile"]["availability"]["sessions_per_week"] == 2
    changes = html.unescape(client.get("/profile/changes").text)
    assert re.search(r"Strength sessions a week</th><td>3</td><td>2</td>", changes)
    assert re.search(r"Minutes a session</th><td>45</td><td>30</td>", changes)
    assert re.search(r"Strength sessions in most weeks</th><td>3</td><td>2</td>", changes)
    assert re.search(r"Injuries</th><td>none</td><td>achilles \(right, current\)</td>", changes)
    achilles = next(a for a in plan["adaptations"] if a["reason"] == "achilles")
    added = changes.split("New in your plan", 1)[1].split("</ul>", 1)[0]
    assert achilles["text"] in added


def test_a_profile_error_keeps_the_stored_profile_and_the_typed_values(
    client: TestClient,
) -> None:
    _store(client)
    before = client.get("/api/v1/profile").json()
    page = client.get("/profile").text
    assert "Save and re-plan" in page
    form = {"name": "Priya", "experience": "expert", "run_days": ["sun"], "long_run": "sun",
            "weekly": "65 km", "event": "none", "sessions": "4", "minutes": "30",
            "equipment": "gym"}  # fmt: skip
    wrong = client.post("/profile", data=form, follow_redirects=False)
    assert wrong.status_code == 422
    assert "novice" in _error_beside(wrong.text, "experience")
    assert "1 to 3" in _error_beside(wrong.text, "sessions")
    assert 'value="4"' in wrong.text
    assert client.get("/api/v1/profile").json()["version"] == before["version"]


# -- field tests --------------------------------------------------------------------------


def test_the_field_tests_are_stored_and_an_uneven_calf_raise_is_a_finding(
    client: TestClient,
) -> None:
    _store(client)
    started_on = dt.datetime.now().astimezone().date()
    page = client.get("/assessment").text
    assert (
        "Single-leg calf raise to failure" in page
        and 'id="single_leg_calf_raise_reps-left"' in page
    )
    done = client.post(
        "/assessment",
        data={"single_leg_calf_raise_reps-left": "15", "single_leg_calf_raise_reps-right": "25"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"].startswith("/assessment")
    stored = client.get("/api/v1/profile").json()
    assert stored["version"] == 2
    assert stored["profile"]["assessment"]["single_leg_calf_raise_reps"] == {
        "left": 15,
        "right": 25,
    }
    shown = html.unescape(client.get("/assessment").text)
    assert "left 15 reps, right 25 reps" in shown and "the left side is 60% of the other" in shown
    # the day the test was done: today, or tomorrow for a run that crossed midnight
    tested = stored["profile"]["assessment"]["date"]
    assert tested in {started_on.isoformat(), dt.datetime.now().astimezone().date().isoformat()}
    assert f"Last time ({tested}): left 15, right 25." in shown
    assert any(a["reason"] == "single_leg_calf_raise_reps"
               for a in client.get("/api/v1/plan").json()["adaptations"])  # fmt: skip


def test_a_field_test_with_one_side_only_is_refused_beside_the_missing_side(
    client: TestClient,
) -> None:
    _store(client)
    page = client.post(
        "/assessment",
        data={"side_plank_seconds-left": "40", "single_leg_bridge_reps-left": "lots"},
        follow_redirects=False,
    )
    assert page.status_code == 422
    right = re.search(r'<p id="side_plank_seconds-right-error"[^>]*>(.*?)</p>', page.text)
    assert right and "both sides" in right.group(1)
    bridge = re.search(r'<p id="single_leg_bridge_reps-left-error"[^>]*>(.*?)</p>', page.text)
    assert bridge and "number" in bridge.group(1)
    assert 'value="40"' in page.text and 'value="lots"' in page.text
    assert client.get("/api/v1/profile").json()["version"] == 1


# -- history ------------------------------------------------------------------------------


def test_history_lists_sessions_newest_first_twenty_a_page(client: TestClient) -> None:
    _store(client)
    first = MONDAY - dt.timedelta(weeks=2)
    for n in range(21):
        _log(client, first + dt.timedelta(days=n % 14), 10 + n, pain=n % 4, note=f"note {n}")
    page = client.get("/history").text
    assert page.count('class="card session"') == 20
    dates = re.findall(r'<h2 id="s-\d+"><time datetime="([0-9-]+)">', page)
    parsed = [dt.date.fromisoformat(d) for d in dates]
    assert len(parsed) == 20
    assert parsed == sorted(parsed, reverse=True)
    assert "Goblet squat (2 sets)" in page and "worst pain 3/10" in page and "note: note" in page
    second = client.get("/history", params={"page": 2}).text
    assert second.count('class="card session"') == 1 and "page 2 of 2" in second


def _can_change() -> bool:
    from runstrong.services import training

    return hasattr(training, "replace_session_log") and hasattr(training, "delete_session_log")


def test_a_session_is_deleted_after_a_confirmation(client: TestClient) -> None:
    if not _can_change():
        pytest.skip("training.delete_session_log is not in this checkout yet")
    _store(client)
    log_id = _log(client, TODAY, 12)
    keep = _log(client, TODAY - dt.timedelta(days=1), 14)
    ask = client.get(f"/history/{log_id}/delete")
    assert ask.status_code == 200 and "Yes, delete it" in ask.text
    assert len(client.get("/api/v1/sessions").json()["sessions"]) == 2  # asking deletes nothing
    done = client.post(f"/history/{log_id}/delete", follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/history"
    ids = [s["id"] for s in client.get("/api/v1/sessions").json()["sessions"]]
    assert ids == [keep]


def test_a_session_is_edited_set_by_set(client: TestClient) -> None:
    if not _can_change():
        pytest.skip("training.replace_session_log is not in this checkout yet")
    _store(client)
    log_id = _log(client, TODAY, 12)
    page = client.get(f"/history/{log_id}/edit").text
    assert 'name="0-1-kg" inputmode="decimal" value="12"' in page
    form = {"0-0-amount": "10", "0-0-kg": "14", "0-0-rpe": "8", "0-0-pain": "2",
            "0-1-amount": "8", "0-1-kg": "", "0-1-rpe": "", "0-1-pain": "0",
            "note": "heavier"}  # fmt: skip
    wrong = client.post(f"/history/{log_id}/edit", data={**form, "0-0-pain": "11"})
    assert wrong.status_code == 422 and 'value="11"' in wrong.text
    assert re.search(r'<p id="f-0-0-pain-error"[^>]*>[^<]+</p>', wrong.text)
    done = client.post(f"/history/{log_id}/edit", data=form, follow_redirects=False)
    assert done.status_code == 303
    stored = client.get("/api/v1/sessions").json()["sessions"][0]
    assert stored["id"] == log_id and stored["note"] == "heavier"
    first, second = stored["items"][0]["sets"]
    assert (first["reps"], first["load_kg"], first["rpe"], first["pain"]) == (10, 14, 8, 2)
    assert (second["reps"], second["load_kg"], second["rpe"]) == (8, None, None)


# -- progress -----------------------------------------------------------------------------


def test_progress_charts_say_the_true_numbers_of_the_log(client: TestClient) -> None:
    _store(client)
    weeks = [client.get("/api/v1/week", params={"date": (MONDAY - dt.timedelta(weeks=w)).isoformat()}).json()
             for w in range(3)]  # fmt: skip
    planned = [s["date"] for w in weeks for s in w["sessions"] if s["date"] <= TODAY.isoformat()]
    assert len(planned) >= 3
    done = sorted(planned)[:3]
    for day, kg, pain in zip(done, (12, 14, 16), (0, 4, 1), strict=True):
        _log(client, dt.date.fromisoformat(day), kg, pain=pain)
    page = html.unescape(client.get("/progress").text)
    assert f"You logged 3 of {len(planned)} planned sessions in the last 3 weeks." in page
    first, last = (dt.date.fromisoformat(d) for d in (done[0], done[-1]))
    assert (f"Goblet squat: heaviest set from 12 kg on {first:%d %b} to 16 kg on "
            f"{last:%d %b}, over 3 sessions.") in page  # fmt: skip
    worst = dt.date.fromisoformat(done[1])
    assert (f"Across your last 3 logged sessions, the worst pain was 4/10 on {worst:%d %b}; "
            "1 went above 3/10.") in page  # fmt: skip
    assert "your running stays at 65 km a week" in page.lower()
    assert page.count('role="img"') >= 3 and "<title>" in page
    assert page.count("<details>") >= 3 and "<table>" in page


def test_progress_shows_the_field_tests_left_and_right(client: TestClient) -> None:
    _store(client)
    client.post(
        "/assessment",
        data={"single_leg_calf_raise_reps-left": "15", "single_leg_calf_raise_reps-right": "25"},
    )
    page = html.unescape(client.get("/progress").text)
    assert "left 15, right 25 reps; your left side is 60% of the other." in page
    assert "No sessions logged yet." in page  # the pain chart, before anything is logged


# -- running from files -------------------------------------------------------------------


def _calendar(*events: tuple[dt.date, str]) -> bytes:
    """A calendar of weekly runs that started four weeks ago and go on."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//runstrong web tests//EN"]
    for day, title in events:
        start = day - dt.timedelta(weeks=4)
        lines += ["BEGIN:VEVENT", f"UID:{title}@tests", f"DTSTART:{start:%Y%m%d}T070000",
                  f"DTEND:{start:%Y%m%d}T080000", f"SUMMARY:{title}", "RRULE:FREQ=WEEKLY",
                  "END:VEVENT"]  # fmt: skip
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def test_a_calendar_fills_the_running_week_and_keeps_every_other_answer(
    client: TestClient,
) -> None:
    tue, thu, sun = (MONDAY + dt.timedelta(days=n) for n in (1, 3, 6))
    ics = _calendar((tue, "Intervals 6x800m"), (thu, "Easy run"), (sun, "Long run"))
    sent = client.post(
        "/running-files",
        data=_answers(run_days=["mon"], long_run="", quality_days=[], name="Robin"),
        files=[("running_files", ("my runs.ics", ics, "text/calendar"))],
    )
    assert sent.status_code == 200, sent.text
    page = sent.text
    for day in ("tue", "thu", "sun"):
        assert re.search(rf'name="run_days" value="{day}" checked', page), day
    assert not re.search(r'name="run_days" value="mon" checked', page)
    assert re.search(r'name="quality_days" value="tue" checked', page)
    assert re.search(r'<option value="sun" selected>', page)
    assert 'value="Robin"' in page and 'value="25 mi"' in page  # the rest as typed
    assert "check step 2" in page
    assert client.get("/api/v1/profile").status_code == 404  # nothing stored yet


def test_a_file_that_is_not_a_run_is_refused_beside_the_file_field(client: TestClient) -> None:
    sent = client.post(
        "/running-files",
        data=_answers(),
        files=[("running_files", ("notes.txt", b"not a calendar", "text/plain"))],
    )
    assert sent.status_code == 422
    assert "notes.txt" in _error_beside(sent.text, "running_files")
    assert 'value="Sam"' in sent.text
    nothing = client.post("/running-files", data=_answers())
    assert "Choose a calendar" in _error_beside(nothing.text, "running_files")


def test_run_files_may_be_up_to_32_mb_and_no_more(client: TestClient) -> None:
    from runstrong.entrypoints.web.limits import JSON_BODY_LIMIT, UPLOAD_LIMIT

    big = b"x" * (JSON_BODY_LIMIT * 2)  # over the forms' limit, under the files'
    read = client.post(
        "/running-files", data=_answers(), files=[("running_files", ("big.gpx", big))]
    )
    assert read.status_code == 422 and "big.gpx" in html.unescape(read.text)
    huge = b"x" * (UPLOAD_LIMIT + 1)
    refused = client.post(
        "/running-files", data=_answers(), files=[("running_files", ("huge.gpx", huge))]
    )
    assert refused.status_code == 413
    # a page's form is answered with a page, not the API's JSON
    assert refused.headers["content-type"].startswith("text/html")
    assert "<h1>Too large</h1>" in refused.text and "over the limit of 32 MB" in refused.text
    assert refused.headers["x-content-type-options"] == "nosniff"
    swapped = client.post(
        "/running-files",
        data=_answers(),
        files=[("running_files", ("huge.gpx", huge))],
        headers={"HX-Request": "true"},
    )
    assert swapped.status_code == 413 and swapped.text.startswith('<p class="field-error"')
