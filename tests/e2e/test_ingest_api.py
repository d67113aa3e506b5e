"""POST /api/v1/ingest: the `trainwise ingest --json` object for a page sent as text or a URL;
`apply` writes like `--apply`; administrators only; bad input is a 422 JSON answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_auth_api import PASSWORD, MakeClient, sign_up, token_client
from tests.e2e.test_import_web import SISSY, page_url  # noqa: F401 - the local page fixture
from trainwise.services import accounts as accounts_svc

CONTRACT = {"name", "aliases", "summary", "steps", "tips", "mistakes", "safety", "equipment", "primary_muscles",
            "secondary_muscles", "level", "sets_reps", "matched_slug", "confidence"}


def test_text_gives_the_cli_json_and_writes_nothing(app_client: TestClient) -> None:
    r = app_client.post("/api/v1/ingest", json={"text": SISSY.replace("Sissy Squat", "Sissy Squat Api")})
    assert r.status_code == 200, r.text
    doc = r.json()["documents"][0]
    assert doc["source"] == "request body" and "apply" not in r.json()
    ex = doc["exercises"][0]
    assert set(ex) >= CONTRACT
    assert ex["name"] == "Sissy Squat Api" and ex["primary_muscles"] == ["quadriceps"] and ex["matched_slug"] is None
    assert ex["sets_reps"] == "2-3 x 8-12"
    assert app_client.get("/api/v1/exercises/sissy-squat-api").status_code == 404


def test_apply_adds_a_complete_new_exercise(app_client: TestClient) -> None:
    r = app_client.post("/api/v1/ingest", json={"text": SISSY.replace("Sissy Squat", "Sissy Squat Applied"),
                                                "format": "markdown", "apply": True})
    assert r.status_code == 200, r.text
    assert r.json()["apply"][0]["action"] == "add", r.json()["apply"]
    slug = r.json()["apply"][0]["slug"]
    entry = app_client.get(f"/api/v1/exercises/{slug}").json()
    assert entry["name"] == "Sissy Squat Applied" and entry["origin"] == "ingest"


def test_a_url_is_fetched(app_client: TestClient, page_url: str) -> None:  # noqa: F811
    r = app_client.post("/api/v1/ingest", json={"url": page_url})
    assert r.status_code == 200, r.text
    assert r.json()["documents"][0]["exercises"][0]["name"] == "Sissy Squat"


@pytest.mark.parametrize(("body", "message"), [
    ({}, "one of them"),
    ({"text": "x", "url": "https://example.org/"}, "one of them"),
    ({"text": "Lovely weather today; we walked along the sea front."}, "no exercise"),
    ({"url": "file:///etc/passwd"}, "only http and https"),
    ({"text": "\x00\x01\x02" * 100}, "binary"),
])
def test_bad_input_is_422_with_a_message(app_client: TestClient, body: dict[str, Any], message: str) -> None:
    r = app_client.post("/api/v1/ingest", json=body)
    assert r.status_code == 422
    assert message in r.json()["detail"][0]["msg"]


def test_bad_fields_are_422(app_client: TestClient) -> None:
    assert app_client.post("/api/v1/ingest", json={"text": SISSY, "format": "pdf"}).status_code == 422
    assert app_client.post("/api/v1/ingest", json={"text": SISSY, "extra": 1}).status_code == 422


def test_only_admins_and_never_the_servers_own_network(auth_app: Any, auth_client: MakeClient,
                                                        page_url: str) -> None:  # noqa: F811
    assert auth_client().post("/api/v1/ingest", json={"text": SISSY}).status_code == 401
    athlete = sign_up(auth_client, "athlete-ingest-api@example.org")
    assert athlete.post("/api/v1/ingest", json={"text": SISSY}).status_code == 403
    accounts_svc.sign_up(auth_app.state.auth.store, "admin-ingest-api@example.org", PASSWORD, role="admin")
    admin = token_client(auth_client, "admin-ingest-api@example.org")
    assert admin.post("/api/v1/ingest", json={"text": SISSY}).status_code == 200
    refused = admin.post("/api/v1/ingest", json={"url": page_url})
    assert refused.status_code == 422 and "private or local address" in refused.json()["detail"][0]["msg"]
