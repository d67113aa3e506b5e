"""`fetch_url`: private and local addresses refused on request, redirects checked the same way."""

from __future__ import annotations

import http.server
import socket
import threading
import urllib.request
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest

from trainwise.services.ingest import IngestError, SafeRedirectHandler, fetch_url

PAGE = b"<html><body><h1>Plank</h1><p>Hold it.</p></body></html>"
PUBLIC_IP = "93.184.216.34"  # a global address; connections to it are routed to the local server


class _Handler(http.server.BaseHTTPRequestHandler):
    """/page: the page; /to?url=X: a 302 to X."""

    def do_GET(self) -> None:
        if self.path.startswith("/to?url="):
            self.send_response(302)
            self.send_header("Location", self.path.split("=", 1)[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[int]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(srv.server_address[1])
    finally:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Host names resolved from a dict; connections to PUBLIC_IP go to 127.0.0.1 instead."""
    names: dict[str, list[str]] = {}
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.create_connection

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in names:
            return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
                    for ip in names[host]]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address
        host = names.get(host, [host])[0]
        return real_connect(("127.0.0.1" if host == PUBLIC_IP else host, port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return names


def test_local_address_is_fetched_by_default_and_refused_when_private_is_not_allowed(server: int) -> None:
    url = f"http://127.0.0.1:{server}/page"
    assert fetch_url(url).data == PAGE
    assert fetch_url(url, allow_private=True).data == PAGE
    with pytest.raises(IngestError) as info:
        fetch_url(url, allow_private=False)
    assert str(info.value) == f"{url}: refusing to fetch a private or local address (127.0.0.1)"
    with pytest.raises(IngestError, match=r"refusing .* \(127\.0\.0\.1\)"):
        fetch_url(f"http://localhost:{server}/page", allow_private=False)


@pytest.mark.parametrize("address", ["10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                                     "224.0.0.1", "240.0.0.1", "100.64.0.1", "::1", "fe80::1", "fc00::1",
                                     "::ffff:127.0.0.1", "::"])
def test_every_kind_of_non_public_address_is_refused(fake_dns: dict[str, list[str]], address: str) -> None:
    fake_dns["inside.test"] = [address]
    with pytest.raises(IngestError, match=r"refusing to fetch a private or local address"):
        fetch_url("http://inside.test/page", allow_private=False)


def test_a_name_with_one_private_address_among_public_ones_is_refused(fake_dns: dict[str, list[str]]) -> None:
    fake_dns["mixed.test"] = [PUBLIC_IP, "127.0.0.1"]
    with pytest.raises(IngestError, match=r"\(127\.0\.0\.1\)"):
        fetch_url("http://mixed.test/page", allow_private=False)


def test_public_host_is_fetched_and_its_redirects_are_checked(server: int, fake_dns: dict[str, list[str]]) -> None:
    fake_dns["public.test"] = [PUBLIC_IP]
    fake_dns["metadata.test"] = ["169.254.169.254"]
    base = f"http://public.test:{server}"
    assert fetch_url(f"{base}/page", allow_private=False).data == PAGE
    # A redirect to another public name is followed.
    assert fetch_url(f"{base}/to?url={base}/page", allow_private=False).data == PAGE
    # A public page must not send the fetch to a local or link-local address.
    start = f"{base}/to?url=http://127.0.0.1:{server}/page"
    with pytest.raises(IngestError) as info:
        fetch_url(start, allow_private=False)
    assert str(info.value).startswith(f"{start}: redirect to http://127.0.0.1:{server}/page: refusing to fetch")
    assert str(info.value).endswith("(127.0.0.1)") and "\n" not in str(info.value)
    with pytest.raises(IngestError, match=r"\(169\.254\.169\.254\)"):
        fetch_url(f"{base}/to?url=http://metadata.test:{server}/latest/meta-data/", allow_private=False)
    # Allowed when private addresses are (the command line on the user's own machine).
    assert fetch_url(start, allow_private=True).data == PAGE


def test_dns_answer_changing_between_check_and_connect_is_caught(server: int, monkeypatch: pytest.MonkeyPatch,
                                                                  fake_dns: dict[str, list[str]]) -> None:
    """The connection itself resolves and checks again, so a rebinding DNS answer is refused."""
    answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
    fake = socket.getaddrinfo

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.test":
            fake_dns["rebind.test"] = next(answers, ["127.0.0.1"])
        return fake(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(IngestError, match=r"\(127\.0\.0\.1\)"):
        fetch_url(f"http://rebind.test:{server}/page", allow_private=False)


def test_redirect_to_other_schemes_is_refused(server: int) -> None:
    for target in ("file:///etc/passwd", "ftp://example.org/x", "gopher://example.org/"):
        with pytest.raises(IngestError, match=r"refusing to follow a redirect to .* \(only http and https\)"):
            fetch_url(f"http://127.0.0.1:{server}/to?url={target}")


def test_redirect_handler_directly(fake_dns: dict[str, list[str]]) -> None:
    fake_dns["public.test"] = [PUBLIC_IP]
    fake_dns["inside.test"] = ["10.0.0.8"]
    req = urllib.request.Request("http://public.test/start")
    guarded = SafeRedirectHandler("http://public.test/start", allow_private=False)
    with pytest.raises(IngestError, match=r"redirect to http://169\.254\.169\.254/latest: refusing .*\(169\.254\.169\.254\)"):
        guarded.redirect_request(req, None, 302, "Found", Message(), "http://169.254.169.254/latest")
    with pytest.raises(IngestError, match=r"\(10\.0\.0\.8\)"):
        guarded.redirect_request(req, None, 301, "Moved", Message(), "https://inside.test/x")
    follow = guarded.redirect_request(req, None, 302, "Found", Message(), "/elsewhere")  # relative: same public host
    assert follow is not None and follow.full_url == "http://public.test/elsewhere"
    lenient = SafeRedirectHandler("http://public.test/start", allow_private=True)
    assert lenient.redirect_request(req, None, 302, "Found", Message(), "http://127.0.0.1/") is not None


def test_unresolvable_host_and_bad_scheme() -> None:
    with pytest.raises(IngestError, match="only http and https"):
        fetch_url("file:///etc/passwd", allow_private=False)
    with pytest.raises(IngestError, match="cannot fetch"):
        fetch_url("http://no-such-host.invalid/page", allow_private=False)


def test_https_goes_through_the_guarded_connection(server: int, fake_dns: dict[str, list[str]],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The TLS connection is made to the checked address (here the plain-HTTP test server, so the
    handshake fails); a private address is refused before any connection."""
    seen: list[tuple[str, int]] = []
    connect = socket.create_connection

    def record(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        seen.append(address)
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", record)
    fake_dns["public.test"] = [PUBLIC_IP]
    with pytest.raises(IngestError, match="cannot fetch"):
        fetch_url(f"https://public.test:{server}/page", allow_private=False, timeout=5)
    assert seen == [(PUBLIC_IP, server)]
    fake_dns["inside.test"] = ["192.168.0.10"]
    with pytest.raises(IngestError, match=r"\(192\.168\.0\.10\)"):
        fetch_url(f"https://inside.test:{server}/page", allow_private=False)
    assert len(seen) == 1
