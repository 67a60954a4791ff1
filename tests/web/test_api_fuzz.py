"""schemathesis on every route of the API, from its own OpenAPI document: whatever a
client sends, no 500, and every answer matches what the document says (the one error
shape included). Over a SQLite file with a stored runner, so the routes do real work."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.web.test_api_fuzz_multi_user import document_checks

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "runstrong" / "examples"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from fastapi.testclient import TestClient

    from runstrong.entrypoints.web.app import create_app

    folder = tmp_path_factory.mktemp("fuzz")
    app = create_app(f"sqlite:///{folder / 'runstrong.db'}")
    profile = json.loads((EXAMPLES / "novice-5k-home.json").read_text())
    today = dt.datetime.now().astimezone().date()
    profile["start_date"] = (today - dt.timedelta(days=today.weekday(), weeks=1)).isoformat()
    profile["goal"]["date"] = (today + dt.timedelta(weeks=10)).isoformat()
    with TestClient(app) as client:
        assert client.put("/api/v1/profile", json=profile).status_code == 200
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def test_no_route_answers_500_or_off_its_document(api_schema: Any) -> None:
    from hypothesis import given
    from hypothesis import strategies as st
    from schemathesis.generation import GenerationMode

    checked = []
    calls = [0]
    for found in api_schema.get_all_operations():
        operation = found.ok()
        # Both what the document allows and what it does not (wrong types, missing fields).
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @given(case=cases)
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case: Any) -> None:
            calls[0] += 1
            response = case.call()
            # the status, the content type and the body are what the document says
            case.validate_response(response, checks=document_checks())
            assert response.status_code < 500 or response.status_code == 503, (
                case.method,
                case.formatted_path,
                response.status_code,
                response.text[:300],
            )
            if response.status_code >= 400:  # every refusal in the one error shape
                body = response.json()
                assert set(body) == {"error"}, (case.method, case.formatted_path, body)
                assert {"code", "message", "field"} <= set(body["error"])

        check()
        checked.append(f"{operation.method.upper()} {operation.path}")
    assert len(checked) >= 20, checked
    assert calls[0] >= 5 * len(checked)  # the routes were really tried, not skipped
