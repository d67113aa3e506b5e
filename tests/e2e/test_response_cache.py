"""The library response cache: ETags, 304s, only 200s kept, emptied when the catalog changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from trainwise.app import create_app
from trainwise.config import get_settings


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(get_settings(database_url=f"sqlite:///{tmp_path / 'cache.db'}", local_mode=True))
    app.state.cache.ttl = 0  # check the revision on every request
    with TestClient(app) as c:
        yield c
    app.state.catalog.engine.dispose()


def test_repeated_get_is_identical_and_carries_an_etag(client: TestClient) -> None:
    first = client.get("/api/v1/exercises?q=back+extension&limit=5")
    second = client.get("/api/v1/exercises?q=back+extension&limit=5")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.headers["etag"] == second.headers["etag"]
    assert second.headers["content-type"] == "application/json"
    assert int(second.headers["content-length"]) == len(second.content)
    other = client.get("/api/v1/exercises?q=back+extension&limit=6")
    assert len(other.json()["items"]) == 6 and other.headers["etag"] != first.headers["etag"]


def test_if_none_match_gets_304(client: TestClient) -> None:
    etag = client.get("/api/v1/exercises/bird-dog").headers["etag"]
    client.get("/api/v1/exercises/bird-dog")  # now served from the cache
    response = client.get("/api/v1/exercises/bird-dog", headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.content == b""
    assert client.get("/api/v1/exercises/bird-dog", headers={"If-None-Match": '"other"'}).status_code == 200


def test_errors_are_not_cached(client: TestClient) -> None:
    for _ in range(2):
        response = client.get("/api/v1/exercises/no-such-thing")
        assert response.status_code == 404 and "etag" not in response.headers
        bad = client.get("/api/v1/exercises?limit=0")
        assert bad.status_code == 422 and "etag" not in bad.headers


def test_a_catalog_change_empties_the_cache(client: TestClient) -> None:
    catalog = client.app.state.catalog  # type: ignore[attr-defined]
    before = client.get("/api/v1/exercises/bird-dog")
    client.get("/api/v1/exercises/bird-dog")
    changed = replace(catalog.get("bird-dog"), summary="A changed summary for this test.")
    catalog.upsert([changed])
    after = client.get("/api/v1/exercises/bird-dog")
    assert after.json()["summary"] == "A changed summary for this test."
    assert after.headers["etag"] != before.headers["etag"]
