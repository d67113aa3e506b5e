"""Admins edit the library through PUT /api/v1/exercises/{slug}; athletes and strangers cannot."""

from __future__ import annotations

import copy
from typing import Any

from tests.e2e.test_auth_api import PASSWORD, MakeClient, sign_up, token_client
from trainwise.services import accounts as svc


def _admin(app: Any, make: MakeClient, email: str) -> Any:
    svc.sign_up(app.state.auth.store, email, PASSWORD, role="admin")
    return token_client(make, email)


def test_only_an_admin_changes_the_library_and_readers_see_it_at_once(auth_app: Any, auth_client: MakeClient) -> None:
    anyone = auth_client()
    entry: dict[str, Any] = anyone.get("/api/v1/exercises/bird-dog").json()
    changed = copy.deepcopy(entry)
    changed["tips"] = [*entry["tips"], "Keep a cup of water balanced on your low back to feel any rotation."]
    assert anyone.put("/api/v1/exercises/bird-dog", json=changed).status_code == 401
    athlete = sign_up(auth_client, "athlete-lib@example.org")
    assert athlete.put("/api/v1/exercises/bird-dog", json=changed).status_code == 403
    assert anyone.get("/api/v1/exercises/bird-dog").json() == entry, "nothing changed"

    admin = _admin(auth_app, auth_client, "admin-lib@example.org")
    r = admin.put("/api/v1/exercises/bird-dog", json=changed)
    assert r.status_code == 200, r.text
    assert anyone.get("/api/v1/exercises/bird-dog").json()["tips"][-1].startswith("Keep a cup of water")

    new = {**copy.deepcopy(entry), "slug": "bird-dog-with-band", "name": "Bird Dog With Band", "aliases": []}
    created = admin.put("/api/v1/exercises/bird-dog-with-band", json=new)
    assert created.status_code == 201, created.text
    assert anyone.get("/api/v1/exercises/bird-dog-with-band").status_code == 200


def test_a_bad_entry_is_422_naming_the_problem_and_changes_nothing(auth_app: Any, auth_client: MakeClient) -> None:
    admin = _admin(auth_app, auth_client, "admin-bad@example.org")
    entry = auth_client().get("/api/v1/exercises/glute-bridge").json()
    mismatch = admin.put("/api/v1/exercises/glute-bridge", json={**entry, "slug": "other"})
    assert mismatch.status_code == 422 and mismatch.json()["detail"][0]["loc"] == ["body", "slug"]
    bad = admin.put("/api/v1/exercises/glute-bridge", json={**entry, "primary_muscles": ["wings"]})
    assert bad.status_code == 422 and "wings" in str(bad.json()["detail"])
    assert auth_client().get("/api/v1/exercises/glute-bridge").json() == entry
