"""CSRF protection: a per-session token on every form and htmx request, checked on every unsafe one.

The token is HMAC-SHA256(secret key, the session cookie) for a signed-in browser, and
HMAC-SHA256(secret key, a random ``tw_csrf`` cookie) before login and in single-person local
mode (a signed double-submit cookie). Pages carry it in a hidden ``csrf_token`` field of each
POST form and in ``hx-headers`` on ``<body>`` (htmx sends it as ``X-CSRF-Token``). Every POST,
PUT, PATCH and DELETE to a web page must carry it (403 otherwise). API requests carry it only
when they are authenticated by the session cookie (a bearer token cannot be forged cross-site).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trainwise.api.auth import SESSION_COOKIE
from trainwise.config import Settings

CSRF_COOKIE = "tw_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_FORM_BYTES = 1024 * 1024
_SCOPE_KEY = "tw.csrf_token"
_REFUSED_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Form expired — trainwise</title></head>
<body><main><h1>This form has expired</h1><p>For your safety the form could not be sent: it was opened
before you logged in or out, or on another site. Go back, reload the page and send it again.</p>
<p><a href="/">trainwise home</a></p></main></body></html>"""


def csrf_token_for(secret_key: str, binding: str) -> str:
    """The token for a session (or anonymous) cookie value."""
    return hmac.new(secret_key.encode("utf-8"), b"csrf:" + binding.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The token to put in this request's page ('' outside the middleware)."""
    return str(request.scope.get(_SCOPE_KEY, ""))


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the buffered body once, then defers to the real one."""
    done = False

    async def replayed() -> Message:
        nonlocal done
        if not done:
            done = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when it is over MAX_FORM_BYTES."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _form_token(scope: Scope, body: bytes, content_type: str) -> str:
    if content_type.startswith("application/x-www-form-urlencoded"):
        fields = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        return next((value for name, value in fields if name == CSRF_FIELD), "")

    async def nothing_more() -> Message:
        return {"type": "http.disconnect"}

    form = await Request(scope, _replay(body, nothing_more)).form()
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else ""
    finally:
        await form.close()


class CsrfMiddleware:
    """ASGI middleware: hands each page its token and refuses unsafe requests without it."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    def _secure(self, scope: Scope) -> bool:
        if self.settings.cookie_secure != "auto":
            return self.settings.cookie_secure == "always"
        return scope.get("scheme") in ("https", "wss")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        cookies = cookie_parser(headers.get("cookie", ""))
        session, anonymous = cookies.get(SESSION_COOKIE, ""), cookies.get(CSRF_COOKIE, "")
        is_api = scope["path"].startswith("/api/")
        fresh = "" if session or anonymous or is_api else secrets.token_urlsafe(32)
        binding = session or anonymous or fresh
        expected = csrf_token_for(self.settings.secret_key, binding) if binding else ""
        scope[_SCOPE_KEY] = expected
        if scope["method"] not in SAFE_METHODS:
            if is_api:
                bearer = headers.get("authorization", "").lower().startswith("bearer ")
                required = bool(session) and not self.settings.local_mode and not bearer
            else:
                required = True
            if required:
                sent = headers.get(CSRF_HEADER, "")
                content_type = headers.get("content-type", "")
                if not sent and not is_api and content_type.startswith(
                        ("application/x-www-form-urlencoded", "multipart/form-data")):
                    body = await _read_body(receive)
                    if body is None:
                        await _plain(send, 413, b"the form is too large", is_api)
                        return
                    sent = await _form_token(scope, body, content_type)
                    receive = _replay(body, receive)
                if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
                    await _refuse(send, is_api)
                    return
        await self.app(scope, receive, self._send(send, scope, fresh, bool(session)))

    def _send(self, send: Send, scope: Scope, fresh: str, signed_in: bool) -> Send:
        """Sets the fresh anonymous cookie; keeps signed-in pages out of caches."""
        if not fresh and not signed_in:
            return send
        secure = "; Secure" if self._secure(scope) else ""
        max_age = self.settings.session_max_age

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if fresh:
                    headers.append("set-cookie", f"{CSRF_COOKIE}={fresh}; HttpOnly; Max-Age={max_age}; Path=/; "
                                                 f"SameSite=Lax{secure}")
                if signed_in and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        return sending


async def _refuse(send: Send, is_api: bool) -> None:
    if is_api:
        await _plain(send, 403, b'{"detail":"CSRF token missing or wrong: send the X-CSRF-Token header"}', True)
    else:
        await _plain(send, 403, _REFUSED_PAGE.encode("utf-8"), False)


async def _plain(send: Send, status: int, body: bytes, is_json: bool) -> None:
    kind = b"application/json" if is_json else b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})

