"""Security headers, request body limits and JSON errors (issue 6, item 4), in process and in chromium.

Every response carries the Content-Security-Policy and its companions (HSTS over https only);
bodies over the limit get 413 JSON whether or not they say their length; every API 4xx is JSON;
no page has an inline script, inline style or event-handler attribute; the API docs run from
vendored files under the same policy.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e import test_browser as shared
from tests.e2e.live_server import serve_trainwise
from trainwise import __version__
from trainwise.api.logs import MAX_BODY_BYTES as MAX_LOG_BODY_BYTES
from trainwise.api.security import CONTENT_SECURITY_POLICY, SecurityMiddleware
from trainwise.app import create_app
from trainwise.config import get_settings

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "trainwise" / "web" / "templates"
SMALL_LIMIT = 64 * 1024
browser = shared.browser
server = shared.server


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The whole app in local mode over a loaded SQLite database, with a 64 kB body limit."""
    url = f"sqlite:///{tmp_path_factory.mktemp('security') / 'security.db'}"
    app = create_app(get_settings(database_url=url, local_mode=True, max_body_bytes=SMALL_LIMIT))
    with TestClient(app) as c:
        yield c
    app.state.catalog.engine.dispose()


def _assert_security_headers(headers: Any, https: bool = False) -> None:
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert ("strict-transport-security" in headers) is https


@pytest.mark.parametrize("path", ["/", "/exercises", "/exercises/lever-back-extension", "/no-such-page",
                                  "/plans/new", "/today", "/progress", "/api/v1/exercises?limit=2",
                                  "/api/v1/exercises/nope", "/api/v1/openapi.json", "/api/v1/docs",
                                  f"/static/{__version__}/app.css"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (200, 404)
    _assert_security_headers(r.headers)


def test_cached_and_not_modified_responses_carry_them_too(client: TestClient) -> None:
    first = client.get("/api/v1/vocab/levels")
    again = client.get("/api/v1/vocab/levels")  # from the response cache
    unchanged = client.get("/api/v1/vocab/levels", headers={"If-None-Match": first.headers["etag"]})
    assert unchanged.status_code == 304
    for r in (first, again, unchanged):
        _assert_security_headers(r.headers)


def test_hsts_only_over_https(client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    https = TestClient(client.app, base_url="https://testserver")
    r = https.get("/")
    _assert_security_headers(r.headers, https=True)
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_a_header_the_route_set_is_kept() -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-security-policy", b"default-src 'none'")]})
        await send({"type": "http.response.body", "body": b""})

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": "GET", "path": "/", "headers": [], "scheme": "http"}
    asyncio.run(SecurityMiddleware(app)(scope, receive, send))
    headers = sent[0]["headers"]
    assert [v for k, v in headers if k == b"content-security-policy"] == [b"default-src 'none'"]
    assert (b"x-content-type-options", b"nosniff") in headers


# ------------------------------------------------------------------------------ body limits


def _chunks(total: int, size: int = 16 * 1024) -> Iterator[bytes]:
    for _ in range(total // size + 1):
        yield b" " * size


@pytest.mark.parametrize(("path", "kind"), [("/api/v1/plans", "application/json"),
                                            ("/api/v1/plans/check", "application/json"),
                                            ("/today/set", "application/x-www-form-urlencoded"),
                                            ("/plans/new", "application/x-www-form-urlencoded")])
def test_a_body_over_the_limit_is_413_json(client: TestClient, path: str, kind: str) -> None:
    detail = {"detail": f"the request body is larger than {SMALL_LIMIT} bytes"}
    r = client.post(path, content=b"x" * (SMALL_LIMIT + 1), headers={"content-type": kind})
    assert r.status_code == 413 and r.json() == detail
    _assert_security_headers(r.headers)
    # Without Content-Length (chunked): counted as it streams in.
    r = client.post(path, content=_chunks(SMALL_LIMIT + 1), headers={"content-type": kind})
    assert r.status_code == 413 and r.json() == detail
    _assert_security_headers(r.headers)


def test_logs_keep_their_stricter_limit(tmp_path: Path) -> None:
    app = create_app(get_settings(database_url=f"sqlite:///{tmp_path / 'logs.db'}", local_mode=True))
    with TestClient(app) as c:
        r = c.post("/api/v1/logs", content=b" " * (MAX_LOG_BODY_BYTES + 1),
                   headers={"content-type": "application/json"})
        assert r.status_code == 413
        assert r.json() == {"detail": f"the request body is larger than {MAX_LOG_BODY_BYTES} bytes"}
        # Below the log limit but over 512 kB elsewhere is fine on the default 1 MiB limit.
        r = c.post("/api/v1/plans/check", content=b" " * (MAX_LOG_BODY_BYTES + 1),
                   headers={"content-type": "application/json"})
        assert r.status_code == 422
    app.state.catalog.engine.dispose()


def test_a_body_under_the_limit_goes_through(client: TestClient) -> None:
    r = client.post("/api/v1/plans", json={"profile": {"goal": "general_fitness"}, "save": False})
    assert r.status_code == 200, r.text


# ------------------------------------------------------------------------------ JSON errors


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/api/v1/no-such-route", 404),
    ("GET", "/api/v2/anything", 404),
    ("DELETE", "/api/v1/exercises", 405),
    ("PUT", "/api/v1/plans", 405),
    ("GET", "/api/v1/exercises/no-such-exercise", 404),
    ("GET", "/api/v1/plans/no-such-plan", 404),
    ("GET", "/api/v1/exercises?limit=0", 422),
    ("GET", "/api/v1/logs?from=yesterday", 422),
])
def test_every_api_error_is_json_with_a_detail(client: TestClient, method: str, path: str, status: int) -> None:
    r = client.request(method, path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/json")
    assert "detail" in r.json()


@pytest.mark.parametrize("body", [b"{not json", b"[]", b"null", b'{"profile": 3}', b"\xff\xfe"])
def test_a_bad_body_is_422_json(client: TestClient, body: bytes) -> None:
    for path in ("/api/v1/plans", "/api/v1/plans/check", "/api/v1/logs"):
        r = client.post(path, content=body, headers={"content-type": "application/json"})
        assert r.status_code == 422, (path, body, r.text)
        assert isinstance(r.json()["detail"], list)


# ------------------------------------------------------------------------------ no inline code


def test_no_template_has_inline_script_style_or_handlers() -> None:
    problems = []
    for template in sorted(TEMPLATES.glob("*.html")):
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and 'type="application/json"' not in attrs:
                problems.append(f"{template.name}: inline <script{attrs}>")
        if re.search(r"<style\b", text):
            problems.append(f"{template.name}: <style> element")
        if re.search(r"\sstyle\s*=", text):
            problems.append(f"{template.name}: style attribute")
        if re.search(r"\son[a-z]+\s*=", text) or "javascript:" in text or "hx-on" in text:
            problems.append(f"{template.name}: inline event handler")
    assert problems == []


def test_the_api_docs_load_nothing_from_elsewhere_and_run_no_inline_script(client: TestClient) -> None:
    html = client.get("/api/v1/docs").text
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "http" not in html  # no CDN
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(url).status_code == 200, url
    assert 'data-openapi-url="/api/v1/openapi.json"' in html


# ------------------------------------------------------------------------------ in chromium


def test_swagger_ui_works_under_the_policy(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    page.goto(server + "/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 10
    # Try an operation: Swagger UI calls the API with fetch (connect-src 'self').
    page.click(".opblock-summary:has-text('/vocab/{kind}')")
    page.click("button.try-out__btn")
    page.fill("input[placeholder='kind']", "levels")
    page.click("button.execute")
    page.wait_for_selector(".response .response-col_status:has-text('200')")
    assert "beginner" in page.locator(".live-responses-table").inner_text()
    page.wait_for_load_state("networkidle")
    assert csp == [], "no Content-Security-Policy violation"
    page.close()


@pytest.fixture(scope="module")
def accounts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A live server with accounts (not local mode): the sign-up and login pages."""
    shared._require_browser()
    db = f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'accounts.db'}"
    env = {**os.environ, "TRAINWISE_SECRET_KEY": secrets.token_urlsafe(48)}
    env.pop("TRAINWISE_LOCAL", None)
    yield from serve_trainwise(db, local=False, env=env)


def test_sign_up_and_log_in_pages_run_under_the_policy(accounts_server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    csp = shared.watch_csp(page)
    for path in ("/signup", "/login"):
        page.goto(accounts_server + path)
        assert page.locator("form input[type=password]").count() >= 1, path
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.evaluate(shared.AUDIT_JS) == [], path
    page.wait_for_load_state("networkidle")
    assert csp == [], "no Content-Security-Policy violation"
    page.close()
