"""/api/v1/plans in process: generate, save, list, read, check, and every error case."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from tests.conftest import REPO
from tests.e2e.plan_sample import sample_plan
from trainwise.api.plan_schemas import PlanRead, PlanSummaryRead, ReportRead
from trainwise.domain.profile import profile_from_dict, profile_to_dict
from trainwise.domain.validator import CheckResult, Report
from trainwise.services import plans as svc
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.tables import UserRow
from trainwise.storage.users import local_user_id

PROFILES = REPO / "examples" / "profiles"


def _profile(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PROFILES / name).read_text())
    return data


BEGINNER = _profile("beginner-no-equipment-3-days.json")
RED_FLAGS = _profile("red-flags.json")


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    return app_client


def _catalog(client: TestClient) -> SqlCatalog:
    catalog: SqlCatalog = client.app.state.catalog  # type: ignore[attr-defined]
    return catalog


def _store_sample(client: TestClient, user: int | None = None) -> tuple[str, dict[str, Any]]:
    """Save the hand-made sample plan through the store (for a given user, default the local one)."""
    engine = _catalog(client).engine
    plan = sample_plan()
    plan_id = svc.save_plan(SqlPlanStore(engine), user if user is not None else local_user_id(engine),
                            profile_from_dict({"id": "web"}), plan)
    return plan_id, plan


def _other_user(client: TestClient) -> int:
    with _catalog(client).engine.begin() as conn:
        return int(conn.execute(insert(UserRow).values(email=None, display_name="Someone else")
                                .returning(UserRow.id)).scalar_one())


# ---------------------------------------------------------------------------- reading saved plans


def test_get_a_saved_plan(client: TestClient) -> None:
    plan_id, plan = _store_sample(client)
    r = client.get(f"/api/v1/plans/{plan_id}")
    assert r.status_code == 200
    assert r.json() == plan and r.json()["id"] == plan_id
    PlanRead.model_validate(r.json())


def test_list_my_plans_newest_first(client: TestClient) -> None:
    first, _ = _store_sample(client)
    second, _ = _store_sample(client)
    r = client.get("/api/v1/plans")
    assert r.status_code == 200
    items = r.json()
    ids = [p["id"] for p in items]
    assert ids.index(second) < ids.index(first)
    summary = next(p for p in items if p["id"] == first)
    assert set(summary) == {"id", "profile_id", "goal", "level", "start", "weeks", "status", "created_at"}
    assert (summary["profile_id"], summary["start"], summary["weeks"], summary["status"]) == (
        "web", "2026-11-23", 2, "active")
    for item in items:
        PlanSummaryRead.model_validate(item)


def test_unknown_plan_is_404_json(client: TestClient) -> None:
    r = client.get("/api/v1/plans/000000000000")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"detail": "no saved plan with id '000000000000'"}


def test_another_users_plan_is_not_found(client: TestClient) -> None:
    theirs, _ = _store_sample(client, user=_other_user(client))
    assert client.get(f"/api/v1/plans/{theirs}").status_code == 404
    assert theirs not in [p["id"] for p in client.get("/api/v1/plans").json()]


def test_plans_are_never_cached(client: TestClient) -> None:
    before = client.get("/api/v1/plans")
    assert "etag" not in before.headers
    plan_id, _ = _store_sample(client)
    after = client.get("/api/v1/plans")
    assert plan_id in [p["id"] for p in after.json()]
    assert "etag" not in client.get(f"/api/v1/plans/{plan_id}").headers
    engine = _catalog(client).engine
    SqlPlanStore(engine).delete(local_user_id(engine), plan_id)
    assert client.get(f"/api/v1/plans/{plan_id}").status_code == 404


# ---------------------------------------------------------------------------- generating


def test_create_saves_and_returns_the_plan(client: TestClient) -> None:
    r = client.post("/api/v1/plans", json={"profile": BEGINNER, "start": "2026-11-23", "seed": 2, "weeks": 2})
    assert r.status_code == 201
    plan = r.json()
    assert re.fullmatch(r"[0-9a-f]{12}", plan["id"])
    assert r.headers["location"].endswith(f"/api/v1/plans/{plan['id']}")
    assert plan["start"] == "2026-11-23" and plan["seed"] == 2 and len(plan["weeks"]) == 2
    assert plan["profile_id"] == "beginner-no-equipment-3-days"
    PlanRead.model_validate(plan)
    assert client.get(f"/api/v1/plans/{plan['id']}").json() == plan
    assert plan["id"] in [p["id"] for p in client.get("/api/v1/plans").json()]


def test_create_is_the_cli_plan(client: TestClient) -> None:
    """The API returns the generator's JSON unchanged: the same object as `plan generate --json`."""
    r = client.post("/api/v1/plans", json={"profile": BEGINNER, "start": "2026-11-23", "save": False})
    assert r.status_code == 200
    expected = svc.create_plan(_catalog(client), profile_from_dict(BEGINNER), start=date(2026, 11, 23))
    assert r.json() == json.loads(json.dumps(expected))


def test_create_without_saving(client: TestClient) -> None:
    before = {p["id"] for p in client.get("/api/v1/plans").json()}
    r = client.post("/api/v1/plans", json={"profile": BEGINNER, "save": False})
    assert r.status_code == 200 and r.json()["id"] is None
    start = date.fromisoformat(r.json()["start"])
    assert start.weekday() == 0 and 0 < (start - date.today()).days <= 7
    assert {p["id"] for p in client.get("/api/v1/plans").json()} == before


def test_red_flags_give_a_suspended_plan(client: TestClient) -> None:
    r = client.post("/api/v1/plans", json={"profile": RED_FLAGS, "save": False})
    assert r.status_code == 200
    plan = r.json()
    assert plan["status"] == "suspended" and plan["weeks"] == [] and plan["referral"]["required"] is True


@pytest.mark.parametrize(
    ("profile", "loc"),
    [
        ({**BEGINNER, "conditions": ["back_ache"]}, ["body", "profile", "conditions"]),
        ({**BEGINNER, "red_flags": ["feverish"]}, ["body", "profile", "red_flags"]),
        ({**BEGINNER, "days_per_week": 9}, ["body", "profile", "days_per_week"]),
        ({**BEGINNER, "pain": {"region": "lower_back", "baseline_nrs": 11}}, ["body", "profile", "pain", "baseline_nrs"]),
        ({**BEGINNER, "levle": "beginner"}, ["body", "profile", "levle"]),
    ],
)
def test_bad_profile_is_422_naming_the_field(client: TestClient, profile: dict[str, Any], loc: list[str]) -> None:
    for path, body in (("/api/v1/plans", {"profile": profile}),
                       ("/api/v1/plans/check", {"profile": profile, "plan": sample_plan()})):
        r = client.post(path, json=body)
        assert r.status_code == 422
        detail = r.json()["detail"]
        assert detail[0]["loc"] == loc
        assert loc[-1] in detail[0]["msg"]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ({"profile": BEGINNER, "start": "2026-02-30"}, "start"),
        ({"profile": BEGINNER, "weeks": 0}, "weeks"),
        ({"profile": BEGINNER, "weeks": 53}, "weeks"),
        ({"profile": BEGINNER, "seed": -1}, "seed"),
        ({"profile": "beginner"}, "profile"),
        ({}, "profile"),
        ({"profile": BEGINNER, "sav": False}, "sav"),
    ],
)
def test_bad_body_is_422_naming_the_field(client: TestClient, body: dict[str, Any], name: str) -> None:
    r = client.post("/api/v1/plans", json=body)
    assert r.status_code == 422
    assert any(d["loc"][-1] == name for d in r.json()["detail"])


# ---------------------------------------------------------------------------- checking


def test_check_runs_the_validator(client: TestClient) -> None:
    plan = client.post("/api/v1/plans", json={"profile": BEGINNER, "save": False}).json()
    r = client.post("/api/v1/plans/check", json={"plan": plan, "profile": BEGINNER})
    assert r.status_code == 200
    report = r.json()
    ReportRead.model_validate(report)
    assert report["passed"] is True and report["results"]
    r = client.post("/api/v1/plans/check", json={"plan": plan, "profile": RED_FLAGS})
    assert r.status_code == 200 and r.json()["passed"] is False


def test_check_returns_the_report(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    report = Report(results=(CheckResult("R1", "MUST", "fail", "red-flag gate"),
                             CheckResult("R2", "SHOULD", "pass", "safety notes")))
    seen: list[Any] = []

    def fake(plan: dict[str, Any], profile: Any) -> Report:
        seen.append((plan, profile))
        return report

    monkeypatch.setattr(svc, "validate_plan", fake)
    r = client.post("/api/v1/plans/check", json={"plan": sample_plan(), "profile": BEGINNER})
    assert r.status_code == 200
    assert r.json() == {"passed": False, "score": 1.0, "results": [
        {"id": "R1", "severity": "MUST", "status": "fail", "detail": "red-flag gate"},
        {"id": "R2", "severity": "SHOULD", "status": "pass", "detail": "safety notes"}]}
    assert seen[0][0] == sample_plan() and profile_to_dict(seen[0][1])["id"] == BEGINNER["id"]


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"plan": {"status": "active"}, "profile": BEGINNER}, ["body", "plan"]),
        ({"plan": [1, 2], "profile": BEGINNER}, ["body", "plan"]),
        ({"profile": BEGINNER}, ["body", "plan"]),
        ({"plan": sample_plan()}, ["body", "profile"]),
    ],
)
def test_check_bad_body_is_422(client: TestClient, body: dict[str, Any], loc: list[str]) -> None:
    r = client.post("/api/v1/plans/check", json=body)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == loc


# ---------------------------------------------------------------------------- the document


def test_openapi_documents_the_plan_endpoints(client: TestClient) -> None:
    from openapi_spec_validator import validate

    doc = client.get("/api/v1/openapi.json").json()
    validate(doc)
    paths = doc["paths"]
    assert {"post", "get"} <= paths["/plans"].keys()
    assert "get" in paths["/plans/{plan_id}"] and "post" in paths["/plans/check"]
    assert "404" in paths["/plans/{plan_id}"]["get"]["responses"]
    assert {"200", "201", "422"} <= paths["/plans"]["post"]["responses"].keys()
    for name in ("PlanRead", "PlanCreate", "PlanSummaryRead", "ReportRead", "PlanCheckRequest"):
        assert name in doc["components"]["schemas"]
