"""Schemathesis against the API's own OpenAPI document (issue 6, item 4): no 5xx, no schema violation.

The whole app runs in process (local mode: one person, no login) over a loaded SQLite database.
Every operation of /api/v1/openapi.json gets Hypothesis-generated requests: valid ones
(positive) and ones that break the schema (negative). Each response is checked for a server
error, for conformance to the response schema of its status code, for a documented status code
and for the documented content type. Generation is derandomized, so a run is repeatable; the
test counts the requests it sent and needs at least MIN_REQUESTS of them.

Every failure is collected (not just the first), so one run reports everything with a curl
command to reproduce it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from traceback import format_exception_only
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from trainwise.app import create_app
from trainwise.config import get_settings

pytestmark = pytest.mark.e2e

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance, negative_data_rejection]
EXAMPLES = {GenerationMode.POSITIVE: 50, GenerationMode.NEGATIVE: 30}
"""Requests per operation and mode at most (fewer when an operation has fewer distinct inputs)."""
MIN_REQUESTS = 1000
TIME_BUDGET_S = 240


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The OpenAPI schema of the in-process app, in local mode over a loaded SQLite database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'api.db'}"
    app = create_app(get_settings(database_url=url, local_mode=True))
    yield schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    app.state.catalog.engine.dispose()


def _fuzz(operation: Any, mode: GenerationMode, counts: Counter[str], failures: dict[str, str]) -> None:
    """Send up to EXAMPLES[mode] generated requests to one operation; record every distinct failure."""

    @settings(max_examples=EXAMPLES[mode], derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        counts[operation.label] += 1
        try:
            case.call_and_validate(checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
            message = str(exc) if isinstance(exc, BaseExceptionGroup) else "".join(format_exception_only(exc))
            key = f"{operation.label} ({mode.value}): {message.splitlines()[0] if message else type(exc).__name__}"
            failures.setdefault(key, message[:3000])

    try:
        run()
    except Unsatisfiable:
        # Nothing can break the schema of this operation (e.g. no parameters, or only a free
        # string in the path): there is no negative request to send.
        assert mode is GenerationMode.NEGATIVE, f"{operation.label}: no valid request can be generated"


def test_the_api_keeps_to_its_openapi_document(api_schema: Any) -> None:
    counts: Counter[str] = Counter()
    failures: dict[str, str] = {}
    started = time.monotonic()
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 17
    for operation in operations:
        for mode in EXAMPLES:
            _fuzz(operation, mode, counts, failures)
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"\nschemathesis: {total} requests to {len(operations)} operations in {elapsed:.0f} s")
    for label, n in sorted(counts.items()):
        print(f"  {n:5d}  {label}")
    assert not failures, "\n\n".join(f"{key}\n{message}" for key, message in failures.items())
    assert total >= MIN_REQUESTS, f"only {total} requests were generated"
    assert elapsed < TIME_BUDGET_S


# What schemathesis found, each fixed; these keep them fixed without the fuzzer.


def test_found_an_unknown_exercise_404_is_documented_with_suggestions(api_schema: Any) -> None:
    client = TestClient(api_schema.app)
    doc = client.get("/api/v1/openapi.json").json()
    for path in ("/exercises/{slug}", "/exercises/{slug}/substitutes"):
        assert "404" in doc["paths"][path]["get"]["responses"]
    r = client.get("/api/v1/exercises/%0Aback")  # a line break in the path reaches the API too
    assert r.status_code == 404 and isinstance(r.json()["suggestions"], list)
    assert client.get("/api/v1/vocab/%0Alevels").status_code == 422


@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/plans/check", "/api/v1/logs", "/api/v1/users"])
def test_found_a_body_that_is_not_utf8_is_422_not_400(api_schema: Any, path: str) -> None:
    r = TestClient(api_schema.app).post(path, content=b"\xff\xfe{", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body"] and r.json()["detail"][0]["type"] == "json_invalid"


def test_found_a_clearance_that_is_not_given_is_a_validation_error(api_schema: Any) -> None:
    client = TestClient(api_schema.app)
    plan = client.post("/api/v1/plans", json={"profile": {"goal": "general_fitness"}}).json()
    r = client.post(f"/api/v1/plans/{plan['id']}/clearance", json={"cleared": False})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "cleared"]


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_found_dates_far_away_are_refused_before_they_break_the_statistics(api_schema: Any, day: str) -> None:
    client = TestClient(api_schema.app)
    r = client.post("/api/v1/logs", json={"date": day, "exercises": []})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "date"]
    r = client.post("/api/v1/plans", json={"profile": {"goal": "general_fitness"}, "start": day, "save": False})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "start"]
    assert client.post("/api/v1/logs", json={"date": "2999-12-31", "exercises": []}).status_code == 201
    assert client.get("/api/v1/stats").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/auth/tokens/{}", "/api/v1/trainers/{}", "/api/v1/invitations/{}/accept"])
def test_found_a_huge_id_is_422_not_a_server_error(api_schema: Any, path: str) -> None:
    client = TestClient(api_schema.app)
    method = "POST" if path.endswith("accept") else "DELETE"
    assert client.request(method, path.format(2**64)).status_code == 422
