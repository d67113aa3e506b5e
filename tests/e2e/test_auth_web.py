"""Accounts in the browser: sign up, log in and out, cookie flags, CSRF, rate limits, the account
page, and single-person local mode."""

from __future__ import annotations

import http.client
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.csrf import FIELD, form, page_token
from tests.e2e.live_server import serve_trainwise
from trainwise.config import DEV_SECRET_KEY, ConfigError, Settings
from trainwise.services import accounts as svc

PASSWORD = "a long enough password"
MakeClient = Callable[..., TestClient]


def _set_cookie(response: Any, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(name + "=")]
    assert found, f"no {name} cookie in {response.headers.get_list('set-cookie')}"
    return found[0]


def _signup(make: MakeClient, email: str, **options: Any) -> tuple[TestClient, Any]:
    browser = make(**options)
    r = browser.post("/signup", data=form(browser, {"email": email, "password": PASSWORD, "password2": PASSWORD},
                                          "/signup"), follow_redirects=False)
    assert r.status_code == 303, r.text
    return browser, r


def _login(browser: TestClient, email: str, password: str = PASSWORD, next_: str = "/") -> Any:
    return browser.post("/login", data=form(browser, {"email": email, "password": password, "next": next_}, "/login"),
                        follow_redirects=False)


# ---------------------------------------------------------------------------- sign up, log in, log out


def test_sign_up_log_out_and_log_in_again(auth_client: MakeClient) -> None:
    browser = auth_client()
    page = browser.get("/signup")
    assert page.status_code == 200 and FIELD.search(page.text)
    assert 'href="/login"' in browser.get("/").text  # the nav offers "Log in / Sign up"
    browser, r = _signup(auth_client, "web@example.org")
    assert r.headers["location"] == "/plans"
    cookie = _set_cookie(r, "tw_session")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax") and "Secure" not in cookie
    assert "Path=/" in cookie and "Max-Age=1209600" in cookie
    plans = browser.get("/plans")
    assert plans.status_code == 200 and "web@example.org" in plans.text and "Log out" in plans.text
    assert plans.headers["cache-control"] == "no-store"  # personal pages stay out of caches
    session = browser.cookies.get("tw_session")

    r = browser.post("/logout", data=form(browser, {}, "/plans"), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert 'tw_session=""' in _set_cookie(r, "tw_session") or "Max-Age=0" in _set_cookie(r, "tw_session")
    stale = auth_client(cookies={"tw_session": session or ""})
    r = stale.get("/plans", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/plans"  # the old cookie is dead

    r = _login(browser, "WEB@example.org", next_="/progress")
    assert r.status_code == 303 and r.headers["location"] == "/progress"
    assert browser.get("/progress").status_code == 200


def test_personal_pages_send_you_to_log_in_and_back(auth_client: MakeClient) -> None:
    browser = auth_client()
    for path in ("/plans", "/plans/new", "/today?plan=x", "/progress", "/account", "/plans/abc"):
        r = browser.get(path, follow_redirects=False)
        assert r.status_code == 303, path
        assert r.headers["location"].startswith("/login?next=/"), r.headers["location"]
    r = browser.get("/today", headers={"HX-Request": "true"}, follow_redirects=False)
    assert r.status_code == 401 and r.headers["hx-redirect"] == "/login?next=/today"
    for path in ("/", "/exercises", "/exercises/deadlift", "/login", "/signup"):
        assert browser.get(path).status_code == 200, path  # the library stays public
    _signup(auth_client, "back@example.org")
    login = browser.get("/login?next=/today%3Fplan%3Dx")
    assert 'name="next" value="/today?plan=x"' in login.text
    r = _login(browser, "back@example.org", next_="/today?plan=x")
    assert r.headers["location"] == "/today?plan=x"


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "evil"])
def test_next_never_leaves_the_site(auth_client: MakeClient, target: str) -> None:
    _signup(auth_client, f"safe-{abs(hash(target))}@example.org")
    browser = auth_client()
    r = _login(browser, f"safe-{abs(hash(target))}@example.org", next_=target)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_sign_up_errors_come_back_on_the_form(auth_client: MakeClient) -> None:
    browser = auth_client()
    cases = [({"email": "x@example.org", "password": PASSWORD, "password2": PASSWORD + "!"}, "The two passwords differ."),
             ({"email": "x@example.org", "password": "short", "password2": "short"}, "at least 10 characters"),
             ({"email": "not-an-address", "password": PASSWORD, "password2": PASSWORD}, "is not an e-mail address")]
    for data, message in cases:
        r = browser.post("/signup", data=form(browser, data, "/signup"))
        assert r.status_code == 422 and message in r.text and 'aria-invalid="true"' in r.text
        assert 'value="' + data["email"] + '"' in r.text  # the address is kept
    _signup(auth_client, "taken@example.org")
    r = browser.post("/signup", data=form(browser, {"email": "taken@example.org", "password": PASSWORD,
                                                    "password2": PASSWORD}, "/signup"))
    assert r.status_code == 422 and "exists already" in r.text


def test_wrong_password_is_401_and_keeps_the_address(auth_client: MakeClient) -> None:
    _signup(auth_client, "oops@example.org")
    browser = auth_client(client=("192.0.2.50", 1000))
    r = _login(browser, "oops@example.org", "not my password")
    assert r.status_code == 401 and "Wrong e-mail address or password." in r.text
    assert 'value="oops@example.org"' in r.text and "tw_session" not in r.headers.get("set-cookie", "")


def test_login_is_rate_limited_with_a_friendly_page(auth_client: MakeClient) -> None:
    _signup(auth_client, "guessed@example.org")
    browser = auth_client(client=("192.0.2.99", 1000))
    for _ in range(5):
        assert _login(browser, "guessed@example.org", "guess number x").status_code == 401
    r = _login(browser, "guessed@example.org")
    assert r.status_code == 429 and "Too many failed attempts" in r.text and int(r.headers["retry-after"]) > 0
    assert "tw_session" not in r.headers.get("set-cookie", "")


# ---------------------------------------------------------------------------- cookies over https


def test_cookies_are_secure_over_https(auth_client: MakeClient) -> None:
    browser = auth_client(base_url="https://testserver")
    r = browser.get("/login")
    assert "Secure" in _set_cookie(r, "tw_csrf") and "HttpOnly" in _set_cookie(r, "tw_csrf")
    _, r = _signup(auth_client, "tls@example.org", base_url="https://testserver")
    cookie = _set_cookie(r, "tw_session")
    assert "Secure" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()


@pytest.fixture(scope="module")
def served(loaded_url: str) -> Iterator[int]:
    """`trainwise serve` (accounts mode, a real secret) behind which a proxy would sit."""
    if not loaded_url.startswith("sqlite"):
        pytest.skip("one real server is enough")
    env = {**os.environ, "TRAINWISE_ENV": "production", "TRAINWISE_SECRET_KEY": "s" * 48}
    for base in serve_trainwise(loaded_url, local=False, env=env):
        yield int(base.rsplit(":", 1)[1])


def _cookie_from_server(port: int, headers: dict[str, str]) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login", headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return next(v for k, v in response.getheaders() if k.lower() == "set-cookie" and v.startswith("tw_csrf="))


def test_behind_a_tls_proxy_x_forwarded_proto_makes_cookies_secure(served: int) -> None:
    assert "Secure" not in _cookie_from_server(served, {})
    assert "Secure" in _cookie_from_server(served, {"X-Forwarded-Proto": "https"})


# ---------------------------------------------------------------------------- CSRF


def test_csrf_missing_or_wrong_is_403(auth_client: MakeClient) -> None:
    browser, _ = _signup(auth_client, "csrf@example.org")
    good = page_token(browser, "/plans/new")
    other, _ = _signup(auth_client, "csrf-other@example.org")
    someone_elses = page_token(other, "/plans/new")
    for token in ("", "0" * 64, someone_elses, good[:-1]):
        data = {"csrf_token": token} if token else {}
        r = browser.post("/plans/new", data=data, follow_redirects=False)
        assert r.status_code == 403 and "This form has expired" in r.text, token
        r = browser.post("/logout", data=data, follow_redirects=False)
        assert r.status_code == 403
    r = browser.post("/plans/new", data={"csrf_token": good}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/plans/")  # a plain form post
    r = browser.post("/plans/new", headers={"X-CSRF-Token": good}, follow_redirects=False)
    assert r.status_code == 303  # htmx sends the header
    # Before login the token is bound to the anonymous cookie: login forms are protected too.
    anonymous = auth_client()
    r = anonymous.post("/login", data={"email": "csrf@example.org", "password": PASSWORD})
    assert r.status_code == 403


def test_csrf_on_the_api_when_a_session_cookie_authenticates(auth_client: MakeClient) -> None:
    browser, _ = _signup(auth_client, "cookie-api@example.org")
    r = browser.post("/api/v1/plans", json={"profile": {"id": "x"}, "save": False})
    assert r.status_code == 403 and r.json()["detail"].startswith("CSRF token missing")
    r = browser.post("/api/v1/plans", json={"profile": {"id": "x"}, "save": False},
                     headers={"X-CSRF-Token": page_token(browser, "/plans")})
    assert r.status_code == 200
    assert browser.get("/api/v1/plans").status_code == 200  # reads need no token


def test_every_form_of_every_page_carries_the_token(auth_client: MakeClient) -> None:
    browser, _ = _signup(auth_client, "forms@example.org")
    r = browser.post("/plans/new", data=form(browser, {}, "/plans/new"))
    plan_page = r.text
    assert r.status_code == 200 and "hx-headers" in plan_page
    plan_id = re.search(r'/plans/([A-Za-z0-9_-]+)/print', plan_page)
    assert plan_id
    pages = ["/plans/new", "/account", f"/plans/{plan_id.group(1)}", "/today", f"/today?plan={plan_id.group(1)}",
             "/progress", "/"]
    for path in pages:
        html = browser.get(path).text
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        for body in forms:
            assert 'name="csrf_token"' in body, f"a POST form on {path} has no token"
        assert '"X-CSRF-Token"' in html, path


# ---------------------------------------------------------------------------- the account page


def test_change_password_logs_out_the_other_browsers(auth_client: MakeClient) -> None:
    phone, _ = _signup(auth_client, "pw@example.org")
    laptop = auth_client()
    assert _login(laptop, "pw@example.org").status_code == 303
    data = {"current_password": "wrong password", "new_password": "new password 1", "new_password2": "new password 1"}
    r = phone.post("/account/password", data=form(phone, data, "/account"))
    assert r.status_code == 400 and "The current password is wrong." in r.text
    data["current_password"] = PASSWORD
    r = phone.post("/account/password", data=form(phone, data, "/account"), follow_redirects=False)
    assert r.status_code == 303
    assert "Your password is changed" in phone.get(r.headers["location"]).text
    assert laptop.get("/account", follow_redirects=False).status_code == 303  # logged out
    assert _login(auth_client(), "pw@example.org", "new password 1").status_code == 303


def test_api_tokens_on_the_account_page(auth_client: MakeClient) -> None:
    browser, _ = _signup(auth_client, "tokens@example.org")
    r = browser.post("/account/tokens", data=form(browser, {"name": "my watch"}, "/account"))
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    secret = re.search(r'id="new-token">(tw_[^<]+)<', r.text)
    assert secret
    program = auth_client(headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert program.get("/api/v1/users/me").json()["email"] == "tokens@example.org"
    page = browser.get("/account").text
    assert "my watch" in page and secret.group(1) not in page  # shown once
    token_id = re.search(r'/account/tokens/(\d+)/revoke', page)
    assert token_id
    r = browser.post(f"/account/tokens/{token_id.group(1)}/revoke", data=form(browser, {}, "/account"))
    assert r.status_code == 200 and "The token is revoked." in r.text
    assert program.get("/api/v1/users/me").status_code == 401


def test_invitations_on_the_account_page(auth_app: Any, auth_client: MakeClient) -> None:
    svc.sign_up(auth_app.state.auth.store, "coach-web@example.org", PASSWORD, role="trainer")
    coach = auth_client()
    assert _login(coach, "coach-web@example.org").status_code == 303
    assert "Your clients" in coach.get("/account").text
    r = coach.post("/account/invite", data=form(coach, {"email": "athlete-web@example.org"}, "/account"))
    assert r.status_code == 200 and "Invitation sent" in r.text and "invited, not yet accepted" in r.text
    athlete, _ = _signup(auth_client, "athlete-web@example.org")
    page = athlete.get("/account").text
    assert "coach-web@example.org" in page and "Your clients" not in page
    accept = re.search(r'/account/invitations/(\d+)/accept', page)
    assert accept
    r = athlete.post(accept.group(0), data=form(athlete, {}, "/account"))
    assert "Invitation accepted" in r.text and "Revoke access" in r.text
    assert "active" in coach.get("/account").text
    progress = re.search(r'href="(/clients/(\d+)/progress)"', coach.get("/account").text)
    assert progress, "an active client's progress page is linked"
    seen = coach.get(progress.group(1))
    assert seen.status_code == 200 and "Progress of athlete-web@example.org" in seen.text
    assert "has not logged a workout" in seen.text and "Download my log" not in seen.text
    assert athlete.get(progress.group(1)).status_code == 404, "only the client's trainers"
    trainer_id = re.search(r'/account/trainers/(\d+)/revoke', r.text)
    assert trainer_id
    r = athlete.post(trainer_id.group(0), data=form(athlete, {}, "/account"))
    assert "no longer sees anything" in r.text and "revoked by the client" in coach.get("/account").text
    assert coach.get(progress.group(1)).status_code == 404, "consent withdrawn: nothing to see"
    r = athlete.post("/account/invite", data=form(athlete, {"email": "x@example.org"}, "/account"))
    assert r.status_code == 403  # athletes do not invite


# ---------------------------------------------------------------------------- modes and settings


def test_local_mode_needs_no_login_but_still_checks_csrf(app_client: TestClient) -> None:
    browser = app_client
    page = browser.get("/plans")
    assert page.status_code == 200 and 'href="/login"' not in page.text and "Log out" not in page.text
    assert browser.get("/login", follow_redirects=False).headers["location"] == "/"
    assert "single-person mode" in browser.get("/account").text
    assert browser.get("/api/v1/users/me").json()["email"] is None
    r = browser.post("/plans/new", data={}, headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert r.status_code == 403
    token = page_token(browser, "/plans/new")
    r = browser.post("/plans/new", data={"csrf_token": token}, headers={"X-CSRF-Token": ""}, follow_redirects=False)
    assert r.status_code == 303


def test_closed_sign_up(loaded_url: str) -> None:
    from trainwise.app import create_app
    from trainwise.config import get_settings

    app = create_app(get_settings(database_url=loaded_url, allow_signup=False))
    with TestClient(app) as browser:
        assert "Sign-up is closed" in browser.get("/signup").text
        r = browser.post("/api/v1/users", json={"email": "closed@example.org", "password": PASSWORD})
        assert r.status_code == 403 and "closed" in r.json()["detail"]
        r = browser.post("/signup", data=form(browser, {"email": "closed@example.org", "password": PASSWORD,
                                                        "password2": PASSWORD}, "/signup"))
        assert r.status_code == 403
    app.state.catalog.engine.dispose()


def test_the_default_secret_is_refused_outside_development(loaded_url: str) -> None:
    from trainwise.app import create_app

    with pytest.raises(ConfigError, match="built-in development secret key is refused") as refused:
        create_app(Settings(database_url=loaded_url, env="production"))
    assert "\n" not in str(refused.value)
    with pytest.raises(ConfigError, match="too short"):
        Settings(database_url=loaded_url, env="production", secret_key="short").check_secret()
    assert Settings(env="production", local_mode=True).secret_problem() is None
    assert Settings(env="development").secret_problem() is None
    assert Settings(env="production", secret_key="k" * 40).secret_problem() is None
    assert Settings(env="test").secret_key == DEV_SECRET_KEY
