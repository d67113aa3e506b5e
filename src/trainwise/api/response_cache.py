"""An HTTP response cache for the public, read-only library endpoints.

Successful GET responses of ``/api/v1/exercises...`` and ``/api/v1/vocab...`` are kept per
path and query string for the current catalog revision (see ``CatalogCache``), so a repeated
request skips routing, parameter validation and serialization. Each carries an ``ETag``;
``If-None-Match`` gets ``304 Not Modified``. Nothing personal is ever cached here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trainwise.services.cache import CatalogCache

CACHED_PREFIXES = ("/api/v1/exercises", "/api/v1/vocab")
MAX_BODY = 1_000_000


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """A stored 200 response."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class LibraryResponseCache:
    """ASGI middleware serving repeated library GETs from memory."""

    def __init__(self, app: ASGIApp, cache: CatalogCache, prefixes: tuple[str, ...] = CACHED_PREFIXES) -> None:
        self.app = app
        self.cache = cache
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not scope["path"].startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        key = ("http-response", scope["path"], scope["query_string"])
        hit = self.cache.peek(key)
        if isinstance(hit, CachedResponse):
            await _send_cached(hit, scope, send)
            return
        await self.app(scope, receive, _Recorder(send, self.cache, key))


async def _send_cached(hit: CachedResponse, scope: Scope, send: Send) -> None:
    for name, value in scope["headers"]:
        if name == b"if-none-match" and hit.etag in [v.strip() for v in value.split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", hit.etag), (b"cache-control", b"no-cache")]})
            await send({"type": "http.response.body", "body": b""})
            return
    await send({"type": "http.response.start", "status": 200, "headers": hit.headers})
    await send({"type": "http.response.body", "body": hit.body})


class _Recorder:
    """Passes a response through, adding an ETag to a 200 and storing it when complete."""

    def __init__(self, send: Send, cache: CatalogCache, key: tuple[str, str, bytes]) -> None:
        self.send = send
        self.cache = cache
        self.key = key
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            if message["status"] != 200:
                await self.send(message)
                return
            self.start = message
            return
        if message["type"] != "http.response.body" or self.start is None:
            await self.send(message)
            return
        self.chunks.append(message.get("body", b""))
        more = bool(message.get("more_body", False))
        size = sum(map(len, self.chunks))
        if more and size <= MAX_BODY:
            return
        start, self.start = self.start, None
        body = b"".join(self.chunks)
        self.chunks = []
        if more:  # too big to keep: stream it through unchanged
            await self.send(start)
            await self.send({"type": "http.response.body", "body": body, "more_body": True})
            return
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers = [(k, v) for k, v in start["headers"] if k not in (b"content-length", b"etag", b"cache-control")]
        headers += [(b"content-length", str(len(body)).encode()), (b"etag", etag), (b"cache-control", b"no-cache")]
        self.cache.put(self.key, CachedResponse(headers, body, etag))
        await self.send({**start, "headers": headers})
        await self.send({"type": "http.response.body", "body": body})
