"""Security headers and request body limits for every response, in one pure-ASGI middleware.

Every response gets a strict Content-Security-Policy (scripts, styles and everything else from
our own origin only: no inline script, no inline style, no CDN), ``X-Content-Type-Options:
nosniff``, ``X-Frame-Options: DENY`` (and ``frame-ancestors 'none'``), ``Referrer-Policy:
same-origin``, a minimal ``Permissions-Policy``, ``Cross-Origin-Opener-Policy: same-origin``,
and, when the request came over https (directly, or through a proxy sending
``X-Forwarded-Proto: https`` that uvicorn trusts), ``Strict-Transport-Security``. A header a
route set itself is kept.

Request bodies larger than the limit (``Settings.max_body_bytes``, 1 MiB by default; 512 kB for
``/api/v1/logs``) get ``413 {"detail": ...}``: at once when ``Content-Length`` says so, and for a
streamed body without one as soon as the bytes read pass the limit.

Written against raw ASGI (not BaseHTTPMiddleware) so responses still stream and each request
costs a few dictionary look-ups.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trainwise.api.logs import MAX_BODY_BYTES as MAX_LOG_BODY_BYTES

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=63072000; includeSubDomains"

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", PERMISSIONS_POLICY.encode()),
    (b"cross-origin-opener-policy", b"same-origin"),
)
HTTPS_HEADERS = (*HEADERS, (b"strict-transport-security", HSTS.encode()))

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
PATH_LIMITS: Mapping[str, int] = {"/api/v1/logs": MAX_LOG_BODY_BYTES}
"""Stricter limits by path prefix (a full log of 500 sets is well under 100 kB)."""


class BodyTooLargeError(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit; the app answers 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_detail(limit))
        self.limit = limit


def too_large_detail(limit: int) -> str:
    """The 413 message."""
    return f"the request body is larger than {limit} bytes"


class SecurityMiddleware:
    """Adds the security headers to every HTTP response and refuses oversized request bodies."""

    def __init__(self, app: ASGIApp, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 path_limits: Mapping[str, int] = PATH_LIMITS) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.path_limits = tuple(path_limits.items())

    def limit_for(self, path: str) -> int:
        """The body limit of a path: the default, or a stricter one for its prefix."""
        limit = self.max_body_bytes
        for prefix, prefix_limit in self.path_limits:
            if path == prefix or path.startswith(prefix + "/"):
                limit = min(limit, prefix_limit)
        return limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = HTTPS_HEADERS if scope.get("scheme") == "https" else HEADERS
        limit = self.limit_for(scope["path"])
        for name, value in scope["headers"]:
            if name == b"content-length":
                if value.isdigit() and int(value) > limit:
                    await _send_too_large(send, extra, limit)
                    return
                break
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, _counting(receive, limit), send_with_headers)
        except BodyTooLargeError:
            if started:
                raise
            await _send_too_large(send, extra, limit)


def _counting(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises BodyTooLargeError once more than ``limit`` body bytes arrived."""
    seen = 0

    async def wrapped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLargeError(limit)
        return message

    return wrapped


async def _send_too_large(send: Send, extra: tuple[tuple[bytes, bytes], ...], limit: int) -> None:
    body = json.dumps({"detail": too_large_detail(limit)}).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"), *extra]})
    await send({"type": "http.response.body", "body": body})
