"""Accounts over the API, and authorization on every object.

Two athletes A and B and a trainer T share one trainwise (accounts mode, not `--local`). Every
route that takes an id (path, query or form) is called by someone who does not own it: the
answer is 404, never 403, so ids of other people cannot even be probed. The routes are listed
from the app itself: a new route with an id and no entry in the matrix below fails
``test_every_id_route_is_in_the_matrix``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount

from tests.e2e.csrf import with_csrf
from trainwise.api.auth import current_account
from trainwise.services import accounts as svc
from trainwise.storage.accounts import SqlAccountStore

PASSWORD = "a long enough password"
PROFILE: dict[str, Any] = {
    "id": "auth", "level": "beginner", "days_per_week": 3, "session_minutes": 45,
    "equipment": ["dumbbells", "bench"], "equipment_specs": {"dumbbells_kg": [x / 2 for x in range(8, 61)]},
}
MakeClient = Callable[..., TestClient]


def _log(plan_id: str | None = None) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "plan_id": plan_id, "date": date.today().isoformat(),
            "exercises": [{"exercise": "goblet-squat", "sets": [{"load_kg": 16, "reps": 10, "rir": 2}]}],
            "pain_during": {"lower_back": 1}, "pain_next_morning": {}, "symptoms": [], "notes": "private note"}


def sign_up(make: MakeClient, email: str) -> TestClient:
    """A new athlete with an API token: a client that sends it."""
    anonymous = make()
    r = anonymous.post("/api/v1/users", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return token_client(make, email)


def token_client(make: MakeClient, email: str, password: str = PASSWORD) -> TestClient:
    r = make().post("/api/v1/auth/token", data={"username": email, "password": password})
    assert r.status_code == 200, r.text
    assert r.json()["token_type"] == "bearer"
    return make(headers={"Authorization": f"Bearer {r.json()['access_token']}"})


def web_login(make: MakeClient, email: str, password: str = PASSWORD) -> TestClient:
    """A browser session: the login form with its CSRF token, then the token of the pages."""
    browser = with_csrf(make(), "/login")
    r = browser.post("/login", data={"email": email, "password": password, "next": "/plans"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return with_csrf(browser, "/plans")


def trainer(app: Any, make: MakeClient, email: str) -> TestClient:
    store: SqlAccountStore = app.state.auth.store
    svc.sign_up(store, email, PASSWORD, role="trainer")
    return token_client(make, email)


def me(client: TestClient) -> int:
    return int(client.get("/api/v1/users/me").json()["id"])


@dataclass
class World:
    a: TestClient
    b: TestClient
    t: TestClient
    web_b: TestClient
    a_id: int
    t_id: int
    plan_id: str
    log_id: str
    token_id: int
    invitation_id: int


@pytest.fixture(scope="module")
def world(auth_app: Any, auth_client: MakeClient) -> World:
    a = sign_up(auth_client, "a@example.org")
    b = sign_up(auth_client, "b@example.org")
    t = trainer(auth_app, auth_client, "t@example.org")
    r = a.post("/api/v1/plans", json={"profile": PROFILE})
    assert r.status_code == 201, r.text
    plan_id = r.json()["id"]
    log = _log(plan_id)
    assert a.post("/api/v1/logs", json=log).status_code == 201
    token_id = a.get("/api/v1/auth/tokens").json()[0]["id"]
    r = t.post("/api/v1/trainer/invitations", json={"email": "a@example.org"})  # not accepted: no consent
    assert r.status_code == 201, r.text
    return World(a=a, b=b, t=t, web_b=web_login(auth_client, "b@example.org"), a_id=me(a), t_id=me(t),
                 plan_id=plan_id, log_id=log["id"], token_id=token_id, invitation_id=r.json()["invitation_id"])


# ---------------------------------------------------------------------------- the matrix

Call = Callable[[World], Any]
MATRIX: dict[tuple[str, str], Call] = {
    # B asks for A's objects through the API.
    ("GET", "/api/v1/plans/{plan_id}"): lambda w: w.b.get(f"/api/v1/plans/{w.plan_id}"),
    ("GET", "/api/v1/plans/{plan_id}/history"): lambda w: w.b.get(f"/api/v1/plans/{w.plan_id}/history"),
    ("POST", "/api/v1/plans/{plan_id}/clearance"):
        lambda w: w.b.post(f"/api/v1/plans/{w.plan_id}/clearance", json={"cleared": True}),
    ("GET", "/api/v1/logs/{log_id}"): lambda w: w.b.get(f"/api/v1/logs/{w.log_id}"),
    ("DELETE", "/api/v1/logs/{log_id}"): lambda w: w.b.delete(f"/api/v1/logs/{w.log_id}"),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): lambda w: w.b.delete(f"/api/v1/auth/tokens/{w.token_id}"),
    ("POST", "/api/v1/invitations/{invitation_id}/accept"):
        lambda w: w.b.post(f"/api/v1/invitations/{w.invitation_id}/accept"),
    ("DELETE", "/api/v1/trainers/{trainer_id}"): lambda w: w.b.delete(f"/api/v1/trainers/{w.t_id}"),
    # T invited A, but A has not accepted: no consent.
    ("GET", "/api/v1/trainer/clients/{client_id}/logs"): lambda w: w.t.get(f"/api/v1/trainer/clients/{w.a_id}/logs"),
    ("GET", "/api/v1/trainer/clients/{client_id}/stats"): lambda w: w.t.get(f"/api/v1/trainer/clients/{w.a_id}/stats"),
    ("GET", "/api/v1/trainer/clients/{client_id}/plans"): lambda w: w.t.get(f"/api/v1/trainer/clients/{w.a_id}/plans"),
    ("GET", "/api/v1/trainer/clients/{client_id}/plans/{plan_id}"):
        lambda w: w.t.get(f"/api/v1/trainer/clients/{w.a_id}/plans/{w.plan_id}"),
    ("POST", "/api/v1/trainer/clients/{client_id}/plans"):
        lambda w: w.t.post(f"/api/v1/trainer/clients/{w.a_id}/plans", json={"profile": PROFILE}),
    ("GET", "/clients/{client_id}/progress"): lambda w: w.t.get(f"/clients/{w.a_id}/progress"),
    # B's browser asks for A's pages.
    ("GET", "/plans/{plan_id}"): lambda w: w.web_b.get(f"/plans/{w.plan_id}"),
    ("GET", "/plans/{plan_id}.ics"): lambda w: w.web_b.get(f"/plans/{w.plan_id}.ics"),
    ("GET", "/plans/{plan_id}/print"): lambda w: w.web_b.get(f"/plans/{w.plan_id}/print"),
    ("POST", "/plans/{plan_id}/clearance"):
        lambda w: w.web_b.post(f"/plans/{w.plan_id}/clearance", data={"confirm": "yes"}, follow_redirects=False),
    ("POST", "/account/tokens/{token_id}/revoke"):
        lambda w: w.web_b.post(f"/account/tokens/{w.token_id}/revoke", follow_redirects=False),
    ("POST", "/account/invitations/{invitation_id}/accept"):
        lambda w: w.web_b.post(f"/account/invitations/{w.invitation_id}/accept", follow_redirects=False),
    ("POST", "/account/trainers/{trainer_id}/revoke"):
        lambda w: w.web_b.post(f"/account/trainers/{w.t_id}/revoke", follow_redirects=False),
}
IDS_OUTSIDE_THE_PATH: dict[str, Call] = {
    "GET /api/v1/stats?plan_id=": lambda w: w.b.get(f"/api/v1/stats?plan_id={w.plan_id}"),
    "GET /api/v1/trainer/clients/{B}/logs by B": lambda w: w.b.get(f"/api/v1/trainer/clients/{w.a_id}/logs"),
    "GET /today?plan=": lambda w: w.web_b.get(f"/today?plan={w.plan_id}"),
    "POST /today/set plan=": lambda w: w.web_b.post("/today/set", data={
        "plan": w.plan_id, "session": "w1-mon", "exercise": "goblet-squat", "n": "1", "reps": "8"}),
    "POST /today/finish plan=": lambda w: w.web_b.post("/today/finish", data={"plan": w.plan_id, "session": "w1-mon"}),
    "POST /today/morning log_id=": lambda w: w.web_b.post("/today/morning", data={
        "log_id": w.log_id, "region": "lower_back", "pain": "3"}),
}
PUBLIC_ID_ROUTES = {
    # The library: public, keyed by slug or vocabulary.
    ("GET", "/api/v1/exercises/{slug}"), ("GET", "/api/v1/exercises/{slug}/substitutes"),
    ("GET", "/api/v1/vocab/{kind}"), ("GET", "/exercises/{slug}"),
    # A library slug: the numbers are always the caller's own (the user comes from the login).
    ("GET", "/api/v1/stats/exercises/{slug}"),
    # Library editing: a slug, not a person's object; administrators only (tests/e2e/test_library_admin.py).
    ("PUT", "/api/v1/exercises/{slug}"),
}


def _routes(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, str, BaseRoute]]:
    """(method, path, route) of every route of the app, through mounts and included routers."""
    for context in iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, Mount):
            inner = getattr(route.app, "routes", None)
            if inner is not None:
                yield from _routes(inner, prefix + route.path)
            continue
        for method in sorted(context.methods or ()):
            if method != "HEAD":
                yield method, prefix + str(context.path), route


def _needs_login(route: BaseRoute) -> bool:
    def walk(dependant: Any) -> bool:
        return any(d.call is current_account or walk(d) for d in dependant.dependencies)
    return isinstance(route, APIRoute) and walk(route.dependant)


def test_every_id_route_is_in_the_matrix(auth_app: Any) -> None:
    with_ids = {(m, p) for m, p, _ in _routes(auth_app.routes) if "{" in p}
    assert with_ids - PUBLIC_ID_ROUTES == set(MATRIX), "a route with an id needs a row in MATRIX"


@pytest.mark.parametrize("route", sorted(MATRIX), ids=" ".join)
def test_another_person_gets_404_for_every_id(world: World, route: tuple[str, str]) -> None:
    r = MATRIX[route](world)
    assert r.status_code == 404, f"{route}: {r.status_code} {r.text[:300]}"
    assert "private note" not in r.text


@pytest.mark.parametrize("name", sorted(IDS_OUTSIDE_THE_PATH))
def test_another_person_gets_404_for_ids_in_queries_and_forms(world: World, name: str) -> None:
    r = IDS_OUTSIDE_THE_PATH[name](world)
    assert r.status_code == 404, f"{name}: {r.status_code} {r.text[:300]}"
    assert "private note" not in r.text


def test_the_owner_still_has_everything(world: World) -> None:
    a = world.a
    assert a.get(f"/api/v1/plans/{world.plan_id}").status_code == 200
    assert a.get(f"/api/v1/plans/{world.plan_id}/history").status_code == 200
    assert a.get(f"/api/v1/logs/{world.log_id}").json()["notes"] == "private note"
    assert a.get(f"/api/v1/stats?plan_id={world.plan_id}").status_code == 200
    assert [t["revoked_at"] for t in a.get("/api/v1/auth/tokens").json()] == [None]
    assert [i["id"] for i in a.get("/api/v1/invitations").json()] == [world.invitation_id]


def test_lists_hold_only_your_own(world: World) -> None:
    assert world.b.get("/api/v1/plans").json() == []
    assert world.b.get("/api/v1/logs").json() == []
    assert "private note" not in world.b.get("/api/v1/logs/export.csv").text
    assert world.b.get("/api/v1/stats").json()["adherence"]["total_sessions"] == 0
    assert world.b.get("/api/v1/auth/tokens").json()[0]["id"] != world.token_id
    assert world.b.get("/api/v1/invitations").json() == []
    assert world.plan_id not in world.web_b.get("/plans").text
    assert "private note" not in world.web_b.get("/progress").text


def test_a_log_naming_someone_elses_plan_leaves_that_plan_alone(world: World) -> None:
    before = world.a.get(f"/api/v1/plans/{world.plan_id}").json()
    r = world.b.post("/api/v1/logs", json=_log(world.plan_id))
    assert r.status_code == 201 and r.json()["plan_changes"] is None
    assert world.a.get(f"/api/v1/plans/{world.plan_id}").json() == before


# ---------------------------------------------------------------------------- trainers and consent


def test_a_trainer_reads_and_writes_only_with_consent(auth_app: Any, auth_client: MakeClient) -> None:
    coach = trainer(auth_app, auth_client, "coach@example.org")
    other_coach = trainer(auth_app, auth_client, "other-coach@example.org")
    client = sign_up(auth_client, "client@example.org")
    client_id, coach_id = me(client), me(coach)
    plan_id = client.post("/api/v1/plans", json={"profile": PROFILE}).json()["id"]
    assert client.post("/api/v1/logs", json=_log(plan_id)).status_code == 201
    reads = [f"/api/v1/trainer/clients/{client_id}/logs", f"/api/v1/trainer/clients/{client_id}/stats",
             f"/api/v1/trainer/clients/{client_id}/plans", f"/api/v1/trainer/clients/{client_id}/plans/{plan_id}"]

    def statuses(who: TestClient) -> list[int]:
        return [who.get(path).status_code for path in reads]

    assert statuses(coach) == [404] * 4  # no invitation
    r = coach.post("/api/v1/trainer/invitations", json={"email": "Client@Example.org"})
    assert r.status_code == 201 and r.json()["status"] == "invited" and r.json()["client_id"] is None
    assert statuses(coach) == [404] * 4  # invited, not accepted
    invitation = client.get("/api/v1/invitations").json()
    assert [(i["trainer_id"], i["trainer_email"], i["status"]) for i in invitation] == [
        (coach_id, "coach@example.org", "invited")]
    accepted = client.post(f"/api/v1/invitations/{invitation[0]['id']}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "active"

    assert statuses(coach) == [200] * 4
    assert coach.get(reads[0]).json()[0]["notes"] == "private note"
    assert coach.get(reads[3]).json()["id"] == plan_id
    assert [c["client_id"] for c in coach.get("/api/v1/trainer/clients").json()] == [client_id]
    written = coach.post(f"/api/v1/trainer/clients/{client_id}/plans", json={"profile": {**PROFILE, "id": "coach"}})
    assert written.status_code == 201, written.text
    assert written.json()["id"] in [p["id"] for p in client.get("/api/v1/plans").json()]
    assert statuses(other_coach) == [404] * 4  # consent is per trainer

    assert client.delete(f"/api/v1/trainers/{coach_id}").status_code == 204
    assert statuses(coach) == [404] * 4
    assert coach.post(f"/api/v1/trainer/clients/{client_id}/plans", json={"profile": PROFILE}).status_code == 404
    assert coach.get("/api/v1/trainer/clients").json()[0]["status"] == "revoked"
    assert client.delete(f"/api/v1/trainers/{coach_id}").status_code == 404


def test_only_trainers_invite(world: World) -> None:
    r = world.b.post("/api/v1/trainer/invitations", json={"email": "a@example.org"})
    assert r.status_code == 403 and r.json() == {"detail": "only trainers can invite clients"}
    assert world.b.get("/api/v1/trainer/clients").status_code == 403
    r = world.t.post("/api/v1/trainer/invitations", json={"email": "not an address"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "email"]


# ---------------------------------------------------------------------------- sign up, tokens, 401


def test_sign_up_get_a_token_and_use_it(auth_client: MakeClient) -> None:
    anonymous = auth_client()
    r = anonymous.post("/api/v1/users", json={"email": "New.Person@Example.org", "password": PASSWORD})
    assert r.status_code == 201
    assert set(r.json()) == {"id", "email", "role"} and r.json()["email"] == "new.person@example.org"
    assert r.json()["role"] == "athlete"
    assert anonymous.post("/api/v1/users", json={"email": "new.person@example.org", "password": PASSWORD}
                          ).status_code == 409
    for body, field in (({"email": "nope", "password": PASSWORD}, "email"),
                        ({"email": "x@example.org", "password": "short"}, "password"),
                        ({"email": "x@example.org"}, "password")):
        bad = anonymous.post("/api/v1/users", json=body)
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", field], bad.text

    r = anonymous.post("/api/v1/auth/token", data={"username": "new.person@example.org", "password": PASSWORD})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    token = r.json()["access_token"]
    person = auth_client(headers={"Authorization": f"Bearer {token}"})
    assert person.get("/api/v1/users/me").json()["email"] == "new.person@example.org"
    assert person.post("/api/v1/plans", json={"profile": PROFILE}).status_code == 201
    assert len(person.get("/api/v1/plans").json()) == 1

    tokens = person.get("/api/v1/auth/tokens").json()
    assert len(tokens) == 1 and token not in str(tokens) and tokens[0]["last_used_at"]
    assert person.delete(f"/api/v1/auth/tokens/{tokens[0]['id']}").status_code == 204
    r = person.get("/api/v1/plans")
    assert r.status_code == 401 and r.json() == {"detail": "invalid or revoked token"}


def test_bad_credentials_are_401_with_www_authenticate(auth_client: MakeClient) -> None:
    anonymous = auth_client(client=("203.0.113.7", 50000))
    sign_up(auth_client, "wrong@example.org")
    r = anonymous.post("/api/v1/auth/token", data={"username": "wrong@example.org", "password": "not the password"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert r.json() == {"detail": "wrong e-mail address or password"}
    r = anonymous.post("/api/v1/auth/token", data={"username": "nobody@example.org", "password": PASSWORD})
    assert r.status_code == 401 and r.json() == {"detail": "wrong e-mail address or password"}
    assert anonymous.post("/api/v1/auth/token", data={"username": "wrong@example.org"}).status_code == 422


def test_every_personal_api_route_is_401_without_credentials(auth_app: Any, auth_client: MakeClient) -> None:
    anonymous = auth_client()
    api = [(m, p, r) for m, p, r in _routes(auth_app.routes) if p.startswith("/api/v1/")]
    personal = [(m, p) for m, p, r in api if _needs_login(r)]
    public = {(m, p) for m, p, r in api if not _needs_login(r)}
    assert public == {("GET", "/api/v1/openapi.json"), ("GET", "/api/v1/docs"), ("GET", "/api/v1/exercises"),
                      ("GET", "/api/v1/exercises/{slug}"), ("GET", "/api/v1/exercises/{slug}/substitutes"),
                      ("GET", "/api/v1/vocab/{kind}"), ("POST", "/api/v1/plans/check"),
                      ("POST", "/api/v1/users"), ("POST", "/api/v1/auth/token")}, "a new public API route?"
    assert len(personal) >= 25
    for method, path in personal:
        url = path.replace("{slug}", "squat").replace("{plan_id}", "p1").replace("{log_id}", "l1")
        for name in ("token_id", "client_id", "invitation_id", "trainer_id"):
            url = url.replace("{" + name + "}", "1")
        r = anonymous.request(method, url, json={} if method == "POST" else None)
        assert r.status_code == 401, f"{method} {path}: {r.status_code}"
        assert r.json() == {"detail": "not authenticated"} and r.headers["www-authenticate"] == "Bearer"
    bad = auth_client(headers={"Authorization": "Bearer tw_not-a-token"})
    assert bad.get("/api/v1/plans").json() == {"detail": "invalid or revoked token"}
    # Another scheme (a proxy's Basic auth) is not a bearer token: simply not logged in.
    basic = auth_client(headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.get("/api/v1/plans").json() == {"detail": "not authenticated"}
    assert basic.get("/api/v1/exercises?limit=1").status_code == 200


def test_change_password_over_the_api(auth_client: MakeClient) -> None:
    person = sign_up(auth_client, "changer@example.org")
    r = person.post("/api/v1/users/me/password", json={"current_password": "wrong one!", "new_password": "x" * 12})
    assert r.status_code == 400 and r.json() == {"detail": "the current password is wrong"}
    r = person.post("/api/v1/users/me/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "new_password"]
    r = person.post("/api/v1/users/me/password", json={"current_password": PASSWORD, "new_password": "brand new secret"})
    assert r.status_code == 204
    assert person.get("/api/v1/users/me").status_code == 200  # API tokens stay valid
    token_client(auth_client, "changer@example.org", "brand new secret")
    r = auth_client().post("/api/v1/auth/token", data={"username": "changer@example.org", "password": PASSWORD})
    assert r.status_code == 401


def test_token_login_is_rate_limited_per_address_and_per_ip(auth_client: MakeClient) -> None:
    sign_up(auth_client, "limited@example.org")
    attacker = auth_client(client=("198.51.100.9", 40000))
    for _ in range(5):
        r = attacker.post("/api/v1/auth/token", data={"username": "limited@example.org", "password": "guess guess"})
        assert r.status_code == 401
    r = attacker.post("/api/v1/auth/token", data={"username": "limited@example.org", "password": PASSWORD})
    assert r.status_code == 429 and 0 < int(r.headers["retry-after"]) <= 900
    assert "too many failed logins" in r.json()["detail"]
    # The address is locked from anywhere, even with the right password...
    elsewhere = auth_client(client=("198.51.100.10", 40000))
    assert elsewhere.post("/api/v1/auth/token", data={"username": "limited@example.org",
                                                       "password": PASSWORD}).status_code == 429
    # ...and the IP for any address.
    sign_up(auth_client, "bystander@example.org")
    assert attacker.post("/api/v1/auth/token", data={"username": "bystander@example.org",
                                                      "password": PASSWORD}).status_code == 429


def test_no_password_or_token_in_the_logs(auth_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    secret_password = "Sup3r-secret passphrase!"
    with caplog.at_level(logging.DEBUG):
        anonymous = auth_client()
        anonymous.post("/api/v1/users", json={"email": "quiet@example.org", "password": secret_password})
        anonymous.post("/api/v1/auth/token", data={"username": "quiet@example.org", "password": "wrong " + secret_password})
        r = anonymous.post("/api/v1/auth/token", data={"username": "quiet@example.org", "password": secret_password})
        token = r.json()["access_token"]
        auth_client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/users/me")
        web = with_csrf(auth_client(), "/login")
        web.post("/login", data={"email": "quiet@example.org", "password": secret_password})
        web.post("/login", data={"email": "quiet@example.org", "password": "wrong " + secret_password})
    text = caplog.text
    assert "failed login" in text and "logged in" in text  # the outcomes are logged...
    assert secret_password not in text and token not in text  # ...never the secrets
    assert web.cookies.get("tw_session", "") not in text
