"""The REST API in process: every endpoint and every error case."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from trainwise.domain.exercises import exercise_to_dict
from trainwise.library.loader import load_builtin_library


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    return app_client


def test_list_is_paginated_with_a_total(client: TestClient) -> None:
    r = client.get("/api/v1/exercises", params={"limit": 5, "offset": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == len(load_builtin_library())
    assert len(body["items"]) == 5 and body["limit"] == 5 and body["offset"] == 5


def test_search_with_filters(client: TestClient) -> None:
    r = client.get("/api/v1/exercises", params=[
        ("q", "back extention"), ("equipment", "Swiss ball"), ("level", "beginner"), ("muscle", "lower back"),
    ])
    assert r.status_code == 200
    body = r.json()
    assert body["corrected_query"] == "back extension"
    slugs = [e["slug"] for e in body["items"]]
    assert slugs[0] in {"ball-back-extension", "ball-back-extension-hands-behind-head", "prone-back-extension"}
    assert "lever-back-extension" not in slugs


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"muscle_group": "core"}, "muscle_groups"),
        ({"category": "mobility"}, "category"),
        ({"pattern": "hip_dominant"}, "patterns"),
    ],
)
def test_each_filter_applies(client: TestClient, params: dict[str, str], key: str) -> None:
    items = client.get("/api/v1/exercises", params={**params, "limit": 200}).json()["items"]
    assert items
    wanted = next(iter(params.values()))
    for e in items:
        value = e[key]
        assert wanted in value if isinstance(value, list) else value == wanted


def test_exclude_tag_and_safe_for(client: TestClient) -> None:
    items = client.get("/api/v1/exercises", params={"exclude_tag": "heavy_axial_load", "limit": 200}).json()["items"]
    assert all("heavy_axial_load" not in e["tags"] for e in items)
    items = client.get("/api/v1/exercises", params={"safe_for": "acute_lbp", "limit": 200}).json()["items"]
    assert all("acute_lbp" not in e["contraindications"] for e in items)


def test_exercise_json_is_the_cli_object(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/lever-back-extension")
    assert r.status_code == 200
    expected = next(e for e in load_builtin_library() if e.slug == "lever-back-extension")
    assert r.json() == json.loads(json.dumps(exercise_to_dict(expected)))


def test_unknown_slug_is_404_with_nearest_matches(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/lever-back-extenshun")
    assert r.status_code == 404
    assert "lever-back-extension" in r.json()["suggestions"]


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v2/nothing"])
def test_unknown_api_paths_answer_json_not_the_html_page(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json") and "detail" in r.json()


def test_substitutes(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/lever-back-extension/substitutes", params={"equipment": "exercise_ball"})
    assert r.status_code == 200
    subs = r.json()
    assert subs and all("erector_spinae" in e["primary_muscles"] for e in subs)
    assert client.get("/api/v1/exercises/nope-nope/substitutes").status_code == 404


def test_vocab(client: TestClient) -> None:
    for kind in ("muscles", "equipment", "patterns", "tags", "conditions"):
        r = client.get(f"/api/v1/vocab/{kind}")
        assert r.status_code == 200 and r.json()[0]["slug"]
    r = client.get("/api/v1/vocab/musles")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "kind"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"equipment": "dumbell"}, "equipment"),
        ({"muscle": "lowr back"}, "muscle"),
        ({"muscle_group": "armz"}, "muscle_group"),
        ({"level": "expertt"}, "level"),
        ({"category": "yoga-ish"}, "category"),
        ({"pattern": "jumping"}, "pattern"),
        ({"exclude_tag": "scary"}, "exclude_tag"),
        ({"limit": "0"}, "limit"),
        ({"limit": "abc"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(client: TestClient, params: dict[str, str], name: str) -> None:
    r = client.get("/api/v1/exercises", params=params)
    assert r.status_code == 422
    assert any(d["loc"][-1] == name for d in r.json()["detail"])


def test_substitutes_bad_equipment_is_422(client: TestClient) -> None:
    r = client.get("/api/v1/exercises/deadlift/substitutes", params={"equipment": "spaceship"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "equipment"]


def test_openapi_document_and_docs(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/exercises", "/exercises/{slug}", "/exercises/{slug}/substitutes", "/vocab/{kind}"):
        assert path in doc["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_openapi_document_validates(client: TestClient) -> None:
    from openapi_spec_validator import validate

    validate(client.get("/api/v1/openapi.json").json())
