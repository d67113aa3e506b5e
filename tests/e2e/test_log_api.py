"""/api/v1/logs in process: record (idempotent), list, read, delete, export, and every error case."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from trainwise.api.log_schemas import LogRead
from trainwise.api.logs import MAX_BODY_BYTES
from trainwise.domain.logs import LB_TO_KG, log_from_dict
from trainwise.services import logs as svc
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.tables import UserRow
from trainwise.storage.users import local_user_id


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    return app_client


def _engine(client: TestClient) -> Any:
    catalog: SqlCatalog = client.app.state.catalog  # type: ignore[attr-defined]
    return catalog.engine


def _log(day: str = "2031-03-02", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(uuid.uuid4()), "plan_id": None, "date": day,
        "exercises": [{"exercise": "deadlift", "sets": [{"load_kg": 60, "reps": 5, "type": "warmup"},
                                                        {"load_kg": 100, "reps": 5, "rir": 2}]},
                      {"exercise": "front-plank", "sets": [{"seconds": 45}]}],
        "pain_during": {"lower_back": 2}, "pain_next_morning": {}, "symptoms": [], "notes": "ok",
    }
    return {**data, **extra}


def _other_user(client: TestClient) -> int:
    with _engine(client).begin() as conn:
        return int(conn.execute(insert(UserRow).values(email=None, display_name="Someone else")
                                .returning(UserRow.id)).scalar_one())


def _loc(response: Any) -> list[Any]:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    return list(detail[0]["loc"])


# ---------------------------------------------------------------------------- writing


def test_post_stores_the_log_and_returns_it(client: TestClient) -> None:
    body = _log()
    r = client.post("/api/v1/logs", json=body)
    assert r.status_code == 201, r.text
    assert r.headers["location"].endswith(f"/api/v1/logs/{body['id']}")
    stored = r.json()
    LogRead.model_validate(stored)
    assert stored["id"] == body["id"] and stored["date"] == "2031-03-02"
    assert stored["exercises"][0]["sets"][1] == {"load_kg": 100.0, "reps": 5, "seconds": None, "rir": 2.0,
                                                 "rpe": None, "type": "working"}
    assert client.get(f"/api/v1/logs/{body['id']}").json() == stored


def test_sending_the_same_log_again_never_duplicates_a_set(client: TestClient) -> None:
    body = _log("2031-04-01")
    assert client.post("/api/v1/logs", json=body).status_code == 201
    for _ in range(3):
        again = client.post("/api/v1/logs", json=body)
        assert again.status_code == 200 and "location" not in again.headers
    edited = client.post("/api/v1/logs", json={**body, "notes": "edited", "exercises": body["exercises"][:1]})
    assert edited.status_code == 200 and edited.json()["notes"] == "edited"
    listed = client.get("/api/v1/logs", params={"from": "2031-04-01", "to": "2031-04-01"}).json()
    assert [x["id"] for x in listed] == [body["id"]]
    assert sum(len(e["sets"]) for e in listed[0]["exercises"]) == 2
    engine = _engine(client)
    saved = SqlLogStore(engine).get(local_user_id(engine), body["id"])
    assert saved is not None and saved.set_count == 2


def test_names_become_slugs_and_pounds_kilograms(client: TestClient) -> None:
    body = _log(unit="lb", exercises=[{"exercise": "Barbell Deadlift", "sets": [{"load": 225, "reps": 5}]},
                                      {"exercise": "plank", "sets": [{"seconds": 30, "type": "W"}]}])
    r = client.post("/api/v1/logs", json=body)
    assert r.status_code == 201
    exercises = r.json()["exercises"]
    assert [e["exercise"] for e in exercises] == ["deadlift", "front-plank"]
    assert exercises[0]["sets"][0]["load_kg"] == round(225 * LB_TO_KG, 3)
    assert exercises[1]["sets"][0]["type"] == "warmup"


def test_a_log_without_id_gets_one(client: TestClient) -> None:
    body = _log()
    del body["id"]
    r = client.post("/api/v1/logs", json=body)
    assert r.status_code == 201 and svc.LOG_ID.fullmatch(r.json()["id"])


@pytest.mark.parametrize(("change", "loc"), [
    ({"date": "2031-02-30"}, ["body", "date"]),
    ({"date": None}, ["body", "date"]),
    ({"colour": "red"}, ["body", "colour"]),
    ({"id": "has space"}, ["body", "id"]),
    ({"exercises": [{"exercise": "deadlift", "sets": [{"reps": 5.5}]}]}, ["body", "exercises", 0, "sets", 0, "reps"]),
    ({"exercises": [{"exercise": "deadlift", "sets": [{"reps": 5, "rpe": 11}]}]},
     ["body", "exercises", 0, "sets", 0, "rpe"]),
    ({"exercises": [{"exercise": "deadlift", "sets": [{"reps": 5, "weight": 1}]}]},
     ["body", "exercises", 0, "sets", 0, "weight"]),
    ({"exercises": [{"exercise": "deadlift", "sets": [{"load_kg": 20}]}]}, ["body", "exercises", 0, "sets", 0]),
    ({"exercises": [{"exercise": "deadlift", "sets": [{"reps": 5, "type": "superset"}]}]},
     ["body", "exercises", 0, "sets", 0, "type"]),
    ({"pain_during": {"toe": 3}}, ["body", "pain_during", "toe"]),
    ({"symptoms": ["headache"]}, ["body", "symptoms"]),
    ({"unit": "stone"}, ["body", "unit"]),
])
def test_bad_input_is_422_naming_the_field(client: TestClient, change: dict[str, Any], loc: list[Any]) -> None:
    r = client.post("/api/v1/logs", json=_log(**change))
    assert _loc(r)[:len(loc)] == loc
    assert r.json()["detail"][0]["msg"]


def test_an_unknown_exercise_is_422_with_suggestions(client: TestClient) -> None:
    body = _log(exercises=[{"exercise": "deadlift", "sets": [{"reps": 5}]},
                           {"exercise": "bench pres", "sets": [{"reps": 5}]}])
    r = client.post("/api/v1/logs", json=body)
    assert _loc(r) == ["body", "exercises", 1, "exercise"]
    error = r.json()["detail"][0]
    assert "unknown exercise 'bench pres'" in error["msg"]
    assert "barbell-bench-press" in error["suggestions"]
    assert client.get(f"/api/v1/logs/{body['id']}").status_code == 404  # nothing stored


def test_a_body_that_is_not_a_log(client: TestClient) -> None:
    r = client.post("/api/v1/logs", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert client.post("/api/v1/logs", json=[_log()]).status_code == 422


def test_a_huge_body_is_refused(client: TestClient) -> None:
    body = _log(notes="x" * (MAX_BODY_BYTES + 1))
    r = client.post("/api/v1/logs", json=body)
    assert r.status_code == 413
    assert r.json() == {"detail": f"the request body is larger than {MAX_BODY_BYTES} bytes"}

    def chunks() -> Any:  # no Content-Length: counted while it streams in
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    r = client.post("/api/v1/logs", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"].startswith("application/json")


# ---------------------------------------------------------------------------- reading


def test_list_by_date_range_oldest_first(client: TestClient) -> None:
    ids = {}
    for day in ("2032-01-03", "2032-01-01", "2032-01-02", "2032-02-01"):
        body = _log(day)
        assert client.post("/api/v1/logs", json=body).status_code == 201
        ids[day] = body["id"]
    r = client.get("/api/v1/logs", params={"from": "2032-01-01", "to": "2032-01-31"})
    assert r.status_code == 200
    assert [x["id"] for x in r.json()] == [ids["2032-01-01"], ids["2032-01-02"], ids["2032-01-03"]]
    for item in r.json():
        LogRead.model_validate(item)
    later = client.get("/api/v1/logs", params={"from": "2032-01-15"}).json()
    assert [x["id"] for x in later if x["date"].startswith("2032")] == [ids["2032-02-01"]]
    everything = [x["date"] for x in client.get("/api/v1/logs").json()]
    assert everything == sorted(everything)


@pytest.mark.parametrize(("params", "name"), [({"from": "2032-13-01"}, "from"), ({"to": "soon"}, "to"),
                                              ({"from": "2032-02-01", "to": "2032-01-01"}, "from")])
def test_bad_dates_are_422(client: TestClient, params: dict[str, str], name: str) -> None:
    assert _loc(client.get("/api/v1/logs", params=params)) == ["query", name]
    assert _loc(client.get("/api/v1/logs/export.csv", params=params)) == ["query", name]


def test_unknown_log_is_404_json(client: TestClient) -> None:
    r = client.get("/api/v1/logs/no-such-log")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"detail": "no log with id 'no-such-log'"}


def test_another_users_log_is_invisible_and_its_id_does_not_collide(client: TestClient) -> None:
    engine = _engine(client)
    other = _other_user(client)
    body = _log("2033-05-05", notes="theirs")
    SqlLogStore(engine).put(other, log_from_dict(body))
    assert client.get(f"/api/v1/logs/{body['id']}").status_code == 404
    assert client.delete(f"/api/v1/logs/{body['id']}").status_code == 404
    assert client.get("/api/v1/logs", params={"from": "2033-05-05", "to": "2033-05-05"}).json() == []
    assert "theirs" not in client.get("/api/v1/logs/export.csv").text
    mine = client.post("/api/v1/logs", json={**body, "notes": "mine"})
    assert mine.status_code == 201  # the same client id is a new log for this user
    theirs = SqlLogStore(engine).get(other, body["id"])
    assert theirs is not None and theirs.notes == "theirs"


def test_delete(client: TestClient) -> None:
    body = _log()
    client.post("/api/v1/logs", json=body)
    r = client.delete(f"/api/v1/logs/{body['id']}")
    assert r.status_code == 204 and r.content == b""
    assert client.get(f"/api/v1/logs/{body['id']}").status_code == 404
    assert client.delete(f"/api/v1/logs/{body['id']}").json() == {"detail": f"no log with id '{body['id']}'"}


def test_export_csv(client: TestClient) -> None:
    body = _log("2034-06-01", pain_during={"lower_back": 3, "knees": 1})
    client.post("/api/v1/logs", json=body)
    r = client.get("/api/v1/logs/export.csv", params={"from": "2034-06-01", "to": "2034-06-01"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["exercise"], x["set_no"], x["type"], x["load_kg"]) for x in rows] == [
        ("deadlift", "1", "warmup", "60"), ("deadlift", "2", "working", "100"), ("front-plank", "1", "working", "")]
    assert {x["log_id"] for x in rows} == {body["id"]}
    assert rows[0]["pain_during"] == "knees:1;lower_back:3"


def test_logs_are_never_cached(client: TestClient) -> None:
    body = _log("2035-01-01")
    before = client.get("/api/v1/logs", params={"from": "2035-01-01"})
    assert before.json() == [] and "etag" not in before.headers
    client.post("/api/v1/logs", json=body)
    after = client.get("/api/v1/logs", params={"from": "2035-01-01"})
    assert [x["id"] for x in after.json()] == [body["id"]] and "etag" not in after.headers
    assert "etag" not in client.get(f"/api/v1/logs/{body['id']}").headers
    assert "etag" not in client.get("/api/v1/logs/export.csv").headers
    client.delete(f"/api/v1/logs/{body['id']}")
    assert client.get(f"/api/v1/logs/{body['id']}").status_code == 404


def test_openapi_documents_the_log_routes(client: TestClient) -> None:
    from openapi_spec_validator import validate

    doc = client.get("/api/v1/openapi.json").json()
    validate(json.loads(json.dumps(doc)))
    paths = doc["paths"]
    assert {"post", "get"} <= set(paths["/logs"]) and {"get", "delete"} <= set(paths["/logs/{log_id}"])
    assert "/logs/export.csv" in paths
    schema = doc["components"]["schemas"]["LogWrite"]
    assert {"id", "date", "exercises", "pain_during", "pain_next_morning", "symptoms", "notes"} <= set(schema["properties"])
