"""A server with accounts through HTTP: signing in (cookie flags, where it sends you, the
rate limit), the form secret on every change a browser sends, security headers, tokens
for scripts, a coach's whole path with a runner, and an account removed after its export."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from runstrong.adapters.db import connect, dispose
from runstrong.adapters.passwords import fast_hasher
from runstrong.entrypoints.web.app import create_app
from runstrong.services import accounts

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"
PASSWORD = "a long walk to the track"
TODAY = dt.datetime.now().astimezone().date()
MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    hasher = fast_hasher()
    for name, role in (("robin", "runner"), ("alex", "coach")):
        accounts.create_user(connect(url), hasher, name, PASSWORD, role, NOW)
    with TestClient(create_app(url, multi_user=True, hasher=hasher)) as client:
        yield client, url
    dispose()


def _sign_in(client: TestClient, name: str, next: str = "/") -> Any:
    return client.post(
        "/signin",
        data={"username": name, "password": PASSWORD, "next": next},
        follow_redirects=False,
    )


def _csrf(client: TestClient, path: str = "/account") -> str:
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', client.get(path).text)
    assert found, "a signed-in page carries its form secret"
    return found.group(1)


def _profile() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    data["name"] = "Robin"
    data["start_date"] = (MONDAY - dt.timedelta(weeks=1)).isoformat()
    data["goal"] = {"event": "10k", "date": (MONDAY + dt.timedelta(weeks=6, days=5)).isoformat()}
    return data


def test_signing_in_sets_a_safe_cookie_and_goes_back_where_asked(
    server: tuple[TestClient, str],
) -> None:
    client, _url = server
    first = client.get("/today", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/signin?next=/today"
    wrong = client.post("/signin", data={"username": "robin", "password": "nope nope nope"})
    assert wrong.status_code == 401 and "do not match an account" in wrong.text
    assert 'value="robin"' in wrong.text  # the name typed stays
    signed = _sign_in(client, "robin", next="/plan")
    assert signed.status_code == 303 and signed.headers["location"] == "/plan"
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert _sign_in(client, "robin", next="//elsewhere.example").headers["location"] == "/"
    secure = TestClient(client.app, base_url="https://testserver")
    over_tls = _sign_in(secure, "robin")
    assert "secure" in over_tls.headers["set-cookie"].lower()
    assert secure.get("/library").headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in client.get("/library").headers


def test_too_many_failures_wait_whatever_the_password(server: tuple[TestClient, str]) -> None:
    client, _url = server
    for _ in range(5):
        assert (
            client.post("/signin", data={"username": "robin", "password": "x" * 12}).status_code
            == 401
        )
    blocked = client.post("/signin", data={"username": "robin", "password": PASSWORD})
    assert blocked.status_code == 429 and "try again in 15 minutes" in blocked.text


def test_every_answer_carries_the_security_headers(server: tuple[TestClient, str]) -> None:
    client, _url = server
    for path in ("/signin", "/library", "/api/v1/exercises", "/nowhere"):
        headers = client.get(path).headers
        assert "script-src" not in headers["content-security-policy"]  # default-src 'self'
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"


def test_a_change_from_a_browser_needs_the_form_secret(server: tuple[TestClient, str]) -> None:
    client, _url = server
    _sign_in(client, "robin")
    secret = _csrf(client)
    refused = client.post("/account/tokens", data={"name": "watch", "scope": "read"})
    assert refused.status_code == 403 and "reload the page" in refused.text
    made = client.post("/account/tokens", data={"name": "watch", "scope": "read", "csrf": secret})
    assert made.status_code == 200 and re.search(r'id="new-token">rs_', made.text)
    api = client.put("/api/v1/profile", json=_profile())
    assert api.status_code == 403  # the API too, when the browser's cookie is the key
    api = client.put("/api/v1/profile", json=_profile(), headers={"X-CSRF-Token": secret})
    assert api.status_code == 200, api.text


def test_a_read_token_reads_and_a_revoked_one_opens_nothing(
    server: tuple[TestClient, str],
) -> None:
    client, url = server
    robin = accounts.sign_in(connect(url), fast_hasher(), "robin", PASSWORD, "t", NOW).actor
    reader, stored = accounts.new_api_token(connect(url), robin, "watch", "read", NOW)
    writer, _ = accounts.new_api_token(connect(url), robin, "sync", "write", NOW)
    script = TestClient(client.app)
    assert (
        script.put(
            "/api/v1/profile", json=_profile(), headers={"Authorization": f"Bearer {writer}"}
        ).status_code
        == 200
    )
    bearer = {"Authorization": f"Bearer {reader}"}
    assert script.get("/api/v1/today", headers=bearer).status_code == 200
    log = {"id": "t1", "date": TODAY.isoformat(), "items": []}
    assert script.post("/api/v1/sessions", json=log, headers=bearer).status_code == 403
    accounts.revoke_api_token(connect(url), robin, stored.id, NOW)
    assert script.get("/api/v1/today", headers=bearer).status_code == 401


def test_a_coach_and_a_runner_from_invite_to_note(server: tuple[TestClient, str]) -> None:
    client, url = server
    coach = TestClient(client.app)
    runner = TestClient(client.app)
    _sign_in(coach, "alex")
    _sign_in(runner, "robin")
    assert runner.get("/", follow_redirects=False).headers["location"] == "/start"
    assert coach.get("/", follow_redirects=False).headers["location"] == "/coach"
    secret = _csrf(runner)
    assert (
        runner.put("/api/v1/profile", json=_profile(), headers={"X-CSRF-Token": secret}).status_code
        == 200
    )
    made = coach.post(
        "/coach/squads",
        data={"name": "Tuesday group", "csrf": _csrf(coach, "/coach")},
        follow_redirects=False,
    )
    board_path = made.headers["location"]
    invited = coach.post(f"{board_path}/invites", data={"csrf": _csrf(coach, board_path)})
    link = re.search(r'id="invite-link">[^<]*(/join/[^<]+)</code>', invited.text)
    assert link, invited.text[-500:]
    page = runner.get(link.group(1))
    assert "Join Tuesday group?" in page.text
    joined = runner.post(link.group(1), data={"csrf": secret}, follow_redirects=False)
    assert joined.status_code == 303
    board = coach.get(board_path).text
    assert ">Robin</a>" in board and "10k" in board
    robin_id = accounts.users(connect(url))[1].runner_id
    assert accounts.users(connect(url))[1].username == "robin"
    assert coach.get(f"/runners/{robin_id}/plan").status_code == 200
    assert coach.get(f"/api/v1/runners/{robin_id}/today").status_code == 200
    assert coach.get("/today").status_code == 403  # a coach without training of their own
    # The coach adjusts the profile; the runner sees who did.
    changed = _profile()
    changed["availability"]["minutes_per_session"] = 25
    coach_secret = _csrf(coach, "/coach")
    adjusted = coach.put(
        f"/api/v1/runners/{robin_id}/profile", json=changed, headers={"X-CSRF-Token": coach_secret}
    )
    assert adjusted.status_code == 200, adjusted.text
    assert "Your coach alex changed your profile" in runner.get("/profile/changes").text
    # A coach never logs for the runner.
    log = {"id": "c1", "date": TODAY.isoformat(), "items": []}
    refused = coach.post(
        f"/api/v1/runners/{robin_id}/sessions", json=log, headers={"X-CSRF-Token": coach_secret}
    )
    assert refused.status_code == 403
    # A note on a session, seen by the runner in their log.
    day = (MONDAY - dt.timedelta(weeks=1)).isoformat()
    week = runner.get("/api/v1/week", params={"date": day}).json()
    done = {"id": "r1", "date": week["sessions"][0]["date"], "items": [
        {"exercise": "goblet-squat", "sets": [{"reps": 10, "load_kg": 8}]}]}  # fmt: skip
    assert (
        runner.post("/api/v1/sessions", json=done, headers={"X-CSRF-Token": secret}).status_code
        == 201
    )
    their_log = coach.get(f"/runners/{robin_id}/history").text
    assert f'action="/runners/{robin_id}/sessions/r1/notes"' in their_log
    noted = coach.post(
        f"/runners/{robin_id}/sessions/r1/notes",
        data={"text": "Lovely depth on the squats.", "csrf": coach_secret},
        follow_redirects=False,
    )
    assert noted.status_code == 303
    assert (
        "Coach alex" in runner.get("/history").text
        and "Lovely depth" in runner.get("/history").text
    )
    # Leaving: the coach sees the runner no more (and is not told the runner exists).
    squad_id = int(board_path.rsplit("/", 1)[1])
    runner.post(f"/account/squads/{squad_id}/leave", data={"csrf": secret})
    assert coach.get(f"/api/v1/runners/{robin_id}/today").status_code == 404


def test_an_account_goes_after_its_export(server: tuple[TestClient, str]) -> None:
    client, _url = server
    _sign_in(client, "robin")
    secret = _csrf(client)
    client.put("/api/v1/profile", json=_profile(), headers={"X-CSRF-Token": secret})
    offer = client.get("/account/delete")
    assert 'href="/account/export"' in offer.text
    backup = client.get("/account/export")
    assert backup.json()["schema"] == "runstrong.backup/1"
    assert backup.json()["runners"][0]["name"] == "Robin"
    kept = client.post("/account/delete", data={"confirm": "someone", "csrf": secret})
    assert kept.status_code == 422 and "Type your username" in kept.text
    gone = client.post(
        "/account/delete", data={"confirm": "robin", "csrf": secret}, follow_redirects=False
    )
    assert gone.status_code == 303
    again = TestClient(client.app)
    assert _sign_in(again, "robin").status_code == 401


def test_a_new_runner_starts_at_the_start_form_and_is_told_so_in_our_words(
    server: tuple[TestClient, str],
) -> None:
    client, url = server
    _sign_in(client, "robin", next="/today")
    # The runner is stored with the account, before any profile: every page of theirs
    # leads to the start form (it used to go round between /start and /profile).
    for path in ("/today", "/plan", "/progress", "/profile", "/start"):
        opened = client.get(path)
        assert opened.status_code == 200 and opened.url.path == "/start", path
        assert "Let's build your plan" in opened.text
    said = client.get("/api/v1/profile").json()["error"]
    assert said["code"] == "no_runner" and "runstrong init" not in said["message"]
    assert said["message"].startswith("No profile yet: make one at /start")
    # Their coach is told the runner has no profile yet, not how to use the command line.
    coach = TestClient(client.app)
    _sign_in(coach, "alex")
    alex = accounts.sign_in(connect(url), fast_hasher(), "alex", PASSWORD, "t", NOW).actor
    robin = accounts.sign_in(connect(url), fast_hasher(), "robin", PASSWORD, "t", NOW).actor
    squad = accounts.create_squad(connect(url), alex, "Tuesday group", NOW)
    accounts.join(connect(url), robin, accounts.invite(connect(url), alex, squad, NOW)[0], NOW)
    page = coach.get(f"/runners/{robin.runner_id}/plan")
    assert page.status_code == 404 and "This runner has not made their profile yet." in page.text
    assert "runstrong init" not in page.text


def test_a_body_that_cannot_be_read_is_refused_in_our_words_after_the_access_check(
    server: tuple[TestClient, str],
) -> None:
    client, url = server
    bad = {"content": b"\x80{", "headers": {"Content-Type": "application/json"}}
    # Signed out: asked to sign in, whatever was sent.
    signed_out = client.put("/api/v1/profile", **bad)
    assert signed_out.status_code == 401 and signed_out.headers["x-runstrong-access"] == "refused"
    assert signed_out.json()["error"]["message"] == "Sign in first."
    robin = accounts.sign_in(connect(url), fast_hasher(), "robin", PASSWORD, "t", NOW).actor
    token, _stored = accounts.new_api_token(connect(url), robin, "sync", "write", NOW)
    bearer = {"Authorization": f"Bearer {token}"}
    unreadable = client.put(
        "/api/v1/profile", content=b"\x80{", headers={**bearer, "Content-Type": "application/json"}
    )
    assert unreadable.status_code == 422
    assert unreadable.json()["error"]["message"].startswith("The body could not be read")
    not_json = client.put(
        "/api/v1/profile", content=b"{", headers={**bearer, "Content-Type": "application/json"}
    )
    assert not_json.status_code == 422
    assert not_json.json()["error"] == {
        "code": "invalid",
        "message": "The body is not valid JSON.",
        "field": "body",
    }


def _coach_and_a_runner_of_theirs(
    server: tuple[TestClient, str],
) -> tuple[TestClient, TestClient, str]:
    """Alex (a coach) and Robin (a runner with a profile, in Alex's squad), each signed in,
    and where Robin's pages are for Alex."""
    client, url = server
    coach, runner = TestClient(client.app), TestClient(client.app)
    _sign_in(coach, "alex")
    _sign_in(runner, "robin")
    secret = _csrf(runner)
    assert (
        runner.put("/api/v1/profile", json=_profile(), headers={"X-CSRF-Token": secret}).status_code
        == 200
    )
    alex = accounts.sign_in(connect(url), fast_hasher(), "alex", PASSWORD, "t", NOW).actor
    robin = accounts.sign_in(connect(url), fast_hasher(), "robin", PASSWORD, "t", NOW).actor
    squad = accounts.create_squad(connect(url), alex, "Tuesday group", NOW)
    link, _ = accounts.invite(connect(url), alex, squad, NOW)
    accounts.join(connect(url), robin, link, NOW)
    return coach, runner, f"/runners/{robin.runner_id}"


def test_a_coach_adjusts_a_profile_from_its_page_and_the_runner_is_told(
    server: tuple[TestClient, str],
) -> None:
    from runstrong.entrypoints.web import profile_form

    coach, runner, mine = _coach_and_a_runner_of_theirs(server)
    page = coach.get(f"{mine}/profile").text
    assert f'action="{mine}/profile"' in page and f'hx-post="{mine}/profile/check/' in page
    assert "Read the files" not in page  # the runner's own files are theirs to send
    values = profile_form.values_of(
        {**_profile(), "availability": {"sessions_per_week": 2, "minutes_per_session": 25}}
    )
    form: dict[str, Any] = {k: v for k, v in values.items() if k != "injuries"}
    form["csrf"] = _csrf(coach, "/coach")
    saved = coach.post(f"{mine}/profile", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[-800:]
    assert saved.headers["location"] == f"{mine}/profile/changes"
    told = runner.get("/profile/changes").text
    assert "Your coach alex changed your profile" in told and "25" in told
    checked = coach.post(
        f"{mine}/profile/check/minutes", data={"minutes": "5", "csrf": form["csrf"]}
    )
    assert checked.status_code == 200 and "15 to 90" in checked.text


def test_a_coach_reads_a_runners_pages_as_that_runners(server: tuple[TestClient, str]) -> None:
    """Under /runners/ID/ every link stays with the runner, the pages name them, and
    what only the runner does (the guided session, field tests, files) is not offered."""
    coach, runner, mine = _coach_and_a_runner_of_theirs(server)
    own = ("/today", "/plan", "/progress", "/history", "/profile", "/profile/changes")
    for path in own:
        page = coach.get(f"{mine}{path}")
        assert page.status_code == 200, (path, page.text[-300:])
        text = html.unescape(page.text)
        assert "looking at <strong>Robin</strong>'s training as their coach" in text, path
        main = text.split('<main id="main">', 1)[1]
        hrefs = re.findall(r'(?:href|action|hx-post|hx-get)="(/[^"]*)"', main)
        for href in hrefs:
            bare = href.split("?", 1)[0]
            assert bare not in own and not bare.startswith(("/session/", "/assessment")), (
                path,
                href,
            )
        assert "Your plan" not in main and "Your progress" not in main, path
        assert "Start the guided session" not in main
    assert "<h1>Robin's plan</h1>" in html.unescape(coach.get(f"{mine}/plan").text)
    assert f'href="/api/v1{mine}/plan"' in coach.get(f"{mine}/plan").text
    # The coach changes the profile: the coach reads "You changed", the runner "Your coach".
    changed = _profile()
    changed["availability"]["minutes_per_session"] = 25
    coach_secret = _csrf(coach, "/coach")
    assert (
        coach.put(
            f"/api/v1{mine}/profile",
            json=changed,
            headers={"X-CSRF-Token": coach_secret},
        ).status_code
        == 200
    )
    seen_by_coach = html.unescape(coach.get(f"{mine}/profile/changes").text)
    assert "You changed Robin's profile" in seen_by_coach
    assert "Your coach" not in seen_by_coach
    assert "Your coach alex changed your profile" in runner.get("/profile/changes").text
    # The runner's own pages carry no coach's banner.
    assert "as their coach" not in runner.get("/plan").text
