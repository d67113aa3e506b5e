"""CSRF tokens in tests, fetched the way a browser gets them: from a page of the app."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

FIELD = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')
HEADER = re.compile(r'"X-CSRF-Token": "([0-9a-f]{64})"')


def page_token(client: TestClient, path: str = "/") -> str:
    """The token on a page (a form's hidden field, else the htmx header on <body>)."""
    html = client.get(path).text
    found = FIELD.search(html) or HEADER.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def with_csrf(client: TestClient, path: str = "/") -> TestClient:
    """The client, sending the page's token in X-CSRF-Token on every request (as htmx does)."""
    client.headers["X-CSRF-Token"] = page_token(client, path)
    return client


def form(client: TestClient, data: dict[str, object], path: str = "/") -> dict[str, object]:
    """Form fields plus the hidden csrf_token field of a page (as a plain form post sends it)."""
    return {**data, "csrf_token": page_token(client, path)}
