"""Every route of a server with accounts, called as five kinds of caller, against the
access table kept in docs/access.md: the runner it concerns, another runner, a coach of
another squad, a coach of the runner's squad, and someone signed out.

A call is refused when the access rules refuse it (the `X-Runstrong-Access: refused`
header, which also marks a 404 that hides another runner), or when a use case says
"not yours" (403). Anything else got past the rules, even if the request was then wrong
(a made-up link, an empty form). No call answers 500.

`python tests/web/test_access.py` rewrites docs/access.md from the rules below.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "access.md"
EXAMPLES = ROOT / "src" / "runstrong" / "examples"
PERSONAS = ("owner", "other runner", "other coach", "their coach", "signed out")
PASSWORD = "a long walk to the track"
TODAY = dt.datetime.now().astimezone().date()


def _expected(method: str, path: str) -> dict[str, bool]:
    """The table's row, from the rules in entrypoints/web/access.py as a person reads them."""
    from runstrong.domain.accounts import Need
    from runstrong.entrypoints.web.access import _ACCOUNT_PAGES, ACCESS

    rule = ACCESS[(method, path)]
    everyone = dict.fromkeys(PERSONAS, True)
    nobody = dict.fromkeys(PERSONAS, False)
    if rule.need is None:
        return everyone
    signed_in = {**everyone, "signed out": False}
    if (method, path) in _ACCOUNT_PAGES:
        return signed_in
    if rule.need is Need.COACH:
        squad = "{squad_id}" in path  # the squad is the runner's coach's, not the other's
        return {**nobody, "their coach": True, "other coach": not squad}
    if rule.need is Need.NOTE:
        return {**nobody, "their coach": True}
    if "{runner_id}" in path:  # the runner named: theirs, or their coach's to read
        return {**nobody, "owner": True, "their coach": rule.need is not Need.OWN}
    return {**nobody, "owner": True, "other runner": True}  # each runner's own


def table() -> str:
    from runstrong.entrypoints.web.access import ACCESS

    lines = [
        "# Who may call what",
        "",
        "On a server with accounts (`runstrong serve --multi-user`). Generated from",
        "`src/runstrong/entrypoints/web/access.py` by `python tests/web/test_access.py`;",
        "`tests/web/test_access.py` calls every route as each caller and compares with this",
        "table. ✓: the call gets past the rules; ✗: refused (401 or a sign-in page when signed",
        "out, 403, or a 404 that does not tell another runner exists).",
        "",
        "The callers: **owner** is the runner the route concerns (for routes without a runner",
        "in the path, the runner signed in); **other runner** is another runner; **other coach**",
        "coaches a squad the runner is not in; **their coach** coaches the runner's squad.",
        "A read-only API token is refused every route marked as writing.",
        "",
        "| method | path | writes | " + " | ".join(PERSONAS) + " |",
        "|---|---|---|" + "---|" * len(PERSONAS),
    ]
    for (method, path), rule in sorted(ACCESS.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        row = _expected(method, path)
        marks = " | ".join("✓" if row[p] else "✗" for p in PERSONAS)
        lines.append(
            f"| {method} | `{path}` | {'yes' if rule.write or method != 'GET' else ''} | {marks} |"
        )
    return "\n".join(lines) + "\n"


@dataclass
class World:
    client: Any
    ids: dict[str, Any]
    tokens: dict[str, str]  # persona: a session secret signed in now


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    from fastapi.testclient import TestClient

    from runstrong.adapters.db import connect, dispose
    from runstrong.adapters.passwords import fast_hasher
    from runstrong.domain.athlete import Profile
    from runstrong.entrypoints.web.app import create_app
    from runstrong.library import load_catalog
    from runstrong.services import accounts, training

    url = f"sqlite:///{tmp_path_factory.mktemp('access') / 'server.db'}"
    hasher = fast_hasher()
    app = create_app(url, multi_user=True, hasher=hasher)
    now = dt.datetime.now(dt.UTC)
    made = {
        name: accounts.create_user(connect(url), hasher, name, PASSWORD, role, now)
        for name, role in (
            ("robin", "runner"),
            ("sam", "runner"),
            ("alex", "coach"),
            ("joan", "coach"),
        )
    }
    actors = {n: accounts.sign_in(connect(url), hasher, n, PASSWORD, "t", now).actor for n in made}
    theirs = accounts.create_squad(connect(url), actors["alex"], "Tuesday group", now)
    others = accounts.create_squad(connect(url), actors["joan"], "Thursday group", now)
    for runner, squad, coach in (("robin", theirs, "alex"), ("sam", others, "joan")):
        link, _ = accounts.invite(connect(url), actors[coach], squad, now)
        accounts.join(connect(url), actors[runner], link, now)
    catalog = load_catalog()
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    for runner in ("robin", "sam"):
        data = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
        data.update(name=runner.title(), start_date=(monday - dt.timedelta(weeks=1)).isoformat())
        data["goal"] = {"event": "none"}
        served = connect(url, made[runner].runner_id)
        training.init_runner(served, Profile.model_validate(data), catalog, TODAY, now)
        week = training.week(connect(url, made[runner].runner_id), monday - dt.timedelta(weeks=1))
        first = week["sessions"][0]
        log = training.parse_log(
            {"id": "s1", "date": first["date"], "items": [
                {"exercise": i["exercise"], "sets": [{"reps": i["reps"], "seconds": i["seconds"]}]}
                for b in first["blocks"] if b["kind"] == "strength" for i in b["items"]]},
            catalog, TODAY,
        )  # fmt: skip
        training.log_session(connect(url, made[runner].runner_id), log, now)
    ids = {
        "runner_id": made["robin"].runner_id,
        "session_id": "s1",
        "log_id": "s1",
        "squad_id": theirs,
        "token": "not-a-real-secret",
        "token_id": 999,
        "exercise_id": "goblet-squat",
        "guide_id": catalog.guides[0].id,
        "field": "minutes",
        "day": TODAY.isoformat(),
    }
    personas = {
        "owner": "robin",
        "other runner": "sam",
        "other coach": "joan",
        "their coach": "alex",
    }
    with TestClient(app, raise_server_exceptions=False) as client:
        yield World(client, ids, dict(personas))
    dispose()


def _call(world: World, method: str, path: str, persona: str) -> Any:
    from runstrong.adapters.db import connect
    from runstrong.adapters.passwords import fast_hasher
    from runstrong.entrypoints.web.security import SESSION_COOKIE, csrf_token
    from runstrong.services import accounts

    filled = path
    for name, value in world.ids.items():
        filled = filled.replace("{" + name + "}", str(value))
    headers: dict[str, str] = {}
    client = world.client
    client.cookies.clear()
    if persona != "signed out":
        url = client.app.state.database_url
        name = world.tokens[persona]
        signed = accounts.sign_in(
            connect(url), fast_hasher(), name, PASSWORD, "tests", dt.datetime.now(dt.UTC)
        )
        client.cookies.set(SESSION_COOKIE, signed.token)
        headers["X-CSRF-Token"] = csrf_token(signed.token)
    kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if method in ("POST", "PUT") and filled.startswith("/api/"):
        kwargs["json"] = {}
    elif method == "POST":
        # enough for the forms to reach their use case (which may still find them wrong)
        kwargs["data"] = {"confirm": "not me", "name": "", "text": "", "coach": "sam"}
    return client.request(method, filled, **kwargs)


def _refused(response: Any) -> bool:
    return response.headers.get("x-runstrong-access") == "refused" or response.status_code == 403


def test_the_access_table_in_the_repository_is_the_rules() -> None:
    assert DOC.read_text(encoding="utf-8") == table(), "run: python tests/web/test_access.py"


def test_every_route_of_the_app_is_in_the_access_table(world: World) -> None:
    from fastapi.routing import APIRoute

    from runstrong.entrypoints.web.access import ACCESS

    found = set()
    for included in world.client.app.router.routes:
        router = getattr(included, "original_router", None)
        for route in getattr(router, "routes", []):
            if isinstance(route, APIRoute):
                found |= {(m, route.path) for m in route.methods - {"HEAD"}}
    assert found and found == set(ACCESS)


def test_each_caller_gets_what_the_table_says(world: World) -> None:
    from runstrong.entrypoints.web.access import ACCESS

    wrong = []

    def last_if_it_undoes(key: tuple[str, str]) -> tuple[bool, str, str]:
        method, path = key  # leaving the squad or deleting the log would change later calls
        return (method == "DELETE" or path.endswith("/leave"), path, method)

    for method, path in sorted(ACCESS, key=last_if_it_undoes):
        expected = _expected(method, path)
        for persona in PERSONAS:
            response = _call(world, method, path, persona)
            assert response.status_code != 500, (method, path, persona, response.text[:300])
            if (not _refused(response)) != expected[persona]:
                wrong.append((method, path, persona, response.status_code, response.text[:120]))
    assert wrong == [], "\n".join(map(str, wrong))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(table(), encoding="utf-8")
    print(f"wrote {DOC}")
