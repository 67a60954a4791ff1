"""schemathesis on every API route of a server with accounts, from its own OpenAPI
document, as three callers: someone signed out, a runner with a token for scripts, and
their coach with one (the coach's runner's routes with the runner's real id). Whatever
is sent, no 500, and every answer is one the document lists, in the shape it gives (the
one error shape included); signed out, every route that is not public answers 401.

Over a SQLite file with a runner (a profile and a logged session) in a coach's squad, as
in test_api_fuzz.py, so the routes do real work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.web.test_multi_user import PASSWORD, TODAY, _profile

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES = 12  # per operation and caller: the three runs take about a minute in all


@dataclass
class Server:
    schema: Any
    runner_id: int
    tokens: dict[str, str]  # the caller's name: their token
    public: set[tuple[str, str]]  # (method, path) of the routes anyone may call


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from fastapi.testclient import TestClient

    from runstrong.adapters.db import connect, dispose
    from runstrong.adapters.passwords import fast_hasher
    from runstrong.entrypoints.web.access import ACCESS
    from runstrong.entrypoints.web.app import create_app
    from runstrong.services import accounts

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz-mu') / 'runstrong.db'}"
    hasher = fast_hasher()
    now = dt.datetime.now(dt.UTC)
    robin = accounts.create_user(connect(url), hasher, "robin", PASSWORD, "runner", now)
    accounts.create_user(connect(url), hasher, "alex", PASSWORD, "coach", now)
    runner = accounts.sign_in(connect(url), hasher, "robin", PASSWORD, "test", now).actor
    coach = accounts.sign_in(connect(url), hasher, "alex", PASSWORD, "test", now).actor
    squad = accounts.create_squad(connect(url), coach, "Tuesday group", now)
    invite, _until = accounts.invite(connect(url), coach, squad, now)
    accounts.join(connect(url), runner, invite, now)
    tokens = {
        "runner": accounts.new_api_token(connect(url), runner, "fuzz", "write", now)[0],
        "coach": accounts.new_api_token(connect(url), coach, "fuzz", "write", now)[0],
    }
    assert all(token.startswith("rs_") for token in tokens.values())
    app = create_app(url, multi_user=True, hasher=hasher)
    bearer = {"Authorization": f"Bearer {tokens['runner']}"}
    with TestClient(app) as client:
        assert client.put("/api/v1/profile", json=_profile(), headers=bearer).status_code == 200
        last_week = (TODAY - dt.timedelta(weeks=1)).isoformat()  # the plan's first
        week = client.get(f"/api/v1/week?date={last_week}", headers=bearer).json()
        day = week["sessions"][0]["date"]
        log = {"id": "r1", "date": day, "items": [
            {"exercise": "goblet-squat", "sets": [{"reps": 10, "load_kg": 8}]}]}  # fmt: skip
        assert client.post("/api/v1/sessions", json=log, headers=bearer).status_code == 201
    public = {key for key, rule in ACCESS.items() if rule.need is None}
    assert robin.runner_id is not None
    yield Server(
        schemathesis.openapi.from_asgi("/api/v1/openapi.json", app), robin.runner_id, tokens, public
    )
    dispose()


def document_checks() -> list[Any]:
    """No 5xx, and a status, content type and body the OpenAPI document says."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]


def _fuzz(server: Server, caller: str) -> dict[str, set[int]]:
    """Every operation, answered as `caller`; the statuses seen, by operation."""
    bearer = {} if caller == "signed out" else {"Authorization": f"Bearer {server.tokens[caller]}"}
    seen: dict[str, set[int]] = {}
    for found in server.schema.get_all_operations():
        operation = found.ok()
        name = f"{operation.method.upper()} {operation.path}"
        refused = caller == "signed out" and (operation.method.upper(), operation.path) not in (
            server.public
        )
        seen[name] = _fuzz_one(operation, bearer, server.runner_id, refused)
    return seen


def _fuzz_one(operation: Any, bearer: dict[str, str], runner_id: int, refused: bool) -> set[int]:
    """One operation with what the document allows and what it does not (wrong types,
    missing fields), and again with the runner's real id where the path takes one (so a
    coach gets past the access rules to the route itself). `refused`: each call must be
    answered 401. The statuses seen."""
    from hypothesis import given
    from hypothesis import strategies as st
    from schemathesis.generation import GenerationMode

    checks = document_checks()
    statuses: set[int] = set()

    def real_runner(case: Any) -> Any:
        if "runner_id" in (case.path_parameters or {}):
            case.path_parameters["runner_id"] = runner_id
        return case

    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE).map(real_runner),
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @given(case=cases)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Any) -> None:
        response = case.call(headers=bearer)
        statuses.add(response.status_code)
        said = (case.method, case.formatted_path, response.status_code, response.content[:300])
        case.validate_response(response, checks=checks)
        if response.status_code >= 400:  # every refusal in the one error shape
            body = response.json()
            assert set(body) == {"error"}, said
            assert {"code", "message", "field"} == set(body["error"]), said
        if refused:
            assert response.status_code == 401, said
            assert response.json()["error"] == {
                "code": "not_signed_in",
                "message": "Sign in first.",
                "field": None,
            }, said
            assert response.headers.get("x-runstrong-access") == ["refused"], said

    check()
    return statuses


def test_signed_out_every_route_not_public_answers_401(server: Server) -> None:
    seen = _fuzz(server, "signed out")
    assert len(seen) >= 35, sorted(seen)
    private = {n for n in seen if tuple(n.split(" ", 1)) not in server.public}
    assert len(private) >= 30
    assert all(seen[n] == {401} for n in private), {n: seen[n] for n in private}
    public = set(seen) - private
    assert public and all(seen[n] - {401} for n in public)  # public routes answer


def test_a_runners_token_meets_no_500_and_nothing_off_the_document(server: Server) -> None:
    from runstrong.entrypoints.web.access import API, FOR_RUNNER, RUNNER_API

    seen = _fuzz(server, "runner")
    assert all(401 not in statuses for statuses in seen.values()), seen  # the token is known
    own = [f"{m} {API}{p}" for m, p in RUNNER_API]
    # Their own routes do real work (a 2xx), not only refusals, and none is refused them.
    assert sum(1 for n in own if any(200 <= s < 300 for s in seen[n])) >= 10, seen
    assert all(403 not in seen[n] for n in own), {n: seen[n] for n in own}
    # Under their own id the same routes serve them as well.
    for method, path in RUNNER_API:
        if method == "GET" and "{session_id}" not in path:
            assert 200 in seen[f"GET {FOR_RUNNER}{path}"], (path, seen[f"GET {FOR_RUNNER}{path}"])


def test_a_coachs_token_meets_no_500_and_nothing_off_the_document(server: Server) -> None:
    from runstrong.domain.accounts import Need
    from runstrong.entrypoints.web.access import API, FOR_RUNNER, RUNNER_API

    seen = _fuzz(server, "coach")
    assert all(401 not in statuses for statuses in seen.values()), seen
    for (method, path), rule in RUNNER_API.items():
        # A coach has no training of their own: each route of one's own is refused.
        assert seen[f"{method} {API}{path}"] == {403}, (method, path)
        theirs = seen[f"{method} {FOR_RUNNER}{path}"]
        if rule.need is Need.OWN:  # the runner's own to do: logging, exports, imports
            assert not any(200 <= s < 300 for s in theirs), (method, path, theirs)
        elif method == "GET" and "{session_id}" not in path:
            # The coach reads their runner's plan and log under the runner's id.
            assert 200 in theirs, (method, path, theirs)
