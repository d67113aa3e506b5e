"""Ingesting exercise pages: read inputs (files, folders, stdin, http(s) URLs), turn HTML into
Markdown, extract exercises, match them to the library and, on request, apply them safely.

`--apply` adds new exercises only when the extraction holds everything the model requires
(otherwise they are reported as needing review) and fills only EMPTY fields of existing
entries; curated text is never overwritten. Each filled field is recorded in the entry's
``sources`` (title, URL or path, and which fields came from it).
"""

from __future__ import annotations

import codecs
import difflib
import http.client
import ipaddress
import re
import socket
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError
from trainwise.domain.exercises import (
    Exercise,
    Faq,
    Range,
    SetsReps,
    Source,
    problems,
)
from trainwise.domain.ingest import ExtractedDocument, ExtractedExercise, extract
from trainwise.services.ports import CatalogRepo

FORMATS = ("auto", "text", "html", "markdown")
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
FUZZY_CUTOFF = 0.86
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}


class IngestError(DomainError):
    """Input that cannot be ingested: binary, empty, unreadable, or without an exercise."""


@dataclass(frozen=True)
class RawDocument:
    """One input as bytes, with where it came from and a format hint."""

    source: str
    data: bytes
    hint: str = ""  # file suffix or content type


# --------------------------------------------------------------------------- reading


_PRIVATE = "refusing to fetch a private or local address"


def _blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local, multicast, reserved, unspecified or otherwise not global
    (an IPv4 address inside IPv6, '::ffff:127.0.0.1', is judged as the IPv4 address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
            or ip.is_unspecified or not ip.is_global)


def _public_addresses(url: str, host: str, port: int | None) -> list[tuple[Any, ...]]:
    """getaddrinfo of host; IngestError when ANY address it resolves to is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(f"{url}: cannot fetch ({getattr(exc, 'strerror', None) or exc})") from None
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            raise IngestError(f"{url}: {_PRIVATE} ({address})") from None
        if _blocked(ip):
            raise IngestError(f"{url}: {_PRIVATE} ({ip})")
    if not infos:
        raise IngestError(f"{url}: cannot fetch (no address for {host})")
    return infos


def _host_port(url: str) -> tuple[str, int | None]:
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise IngestError(f"{url}: cannot fetch (bad port)") from None
    return parts.hostname or "", port or (443 if parts.scheme.lower() == "https" else 80)


def _guarded_connection(url: str, base: type[http.client.HTTPConnection]) -> Callable[..., http.client.HTTPConnection]:
    """A connection class whose socket goes only to checked public addresses: the name is
    resolved once, every address checked, and the connection made to those addresses, so a
    second DNS answer (rebinding) cannot slip a private address in."""

    def connect(address: tuple[str, int], timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
                source_address: tuple[str, int] | None = None) -> socket.socket:
        host, port = address
        error: OSError | None = None
        for *_, sockaddr in _public_addresses(url, host, port):
            try:
                return socket.create_connection((str(sockaddr[0]), port), timeout, source_address)
            except OSError as exc:
                error = exc
        raise error or OSError(f"cannot connect to {host}")

    def make(*args: Any, **kwargs: Any) -> http.client.HTTPConnection:
        conn = base(*args, **kwargs)
        conn._create_connection = connect  # type: ignore[attr-defined]
        return conn

    return make


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_guarded_connection(self.url, http.client.HTTPConnection), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_guarded_connection(self.url, http.client.HTTPSConnection), req,
                            context=getattr(self, "_context", None))


class SafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http(s) URLs only and, unless ``allow_private``, only to hosts whose
    every address is public (a public page must not send the fetch to 169.254.169.254)."""

    def __init__(self, url: str, *, allow_private: bool) -> None:
        super().__init__()
        self.url = url
        self.allow_private = allow_private

    def _check_scheme(self, req: urllib.request.Request, headers: Any) -> None:
        location = headers.get("Location") or headers.get("URI") if headers is not None else None
        if location:
            target = urllib.parse.urljoin(req.full_url, str(location).strip())
            if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
                raise IngestError(f"{self.url}: refusing to follow a redirect to {target} (only http and https)")

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str,
                       headers: Any) -> Any:
        self._check_scheme(req, headers)  # before urllib's own check, for a clear message
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        target = urllib.parse.urljoin(req.full_url, newurl)
        if urllib.parse.urlsplit(target).scheme.lower() not in ("http", "https"):
            raise IngestError(f"{self.url}: refusing to follow a redirect to {target} (only http and https)")
        if not self.allow_private:
            host, port = _host_port(target)
            _public_addresses(f"{self.url}: redirect to {target}", host, port)
        return super().redirect_request(req, fp, code, msg, headers, target)


def fetch_url(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
              allow_private: bool = True) -> RawDocument:
    """GET an http(s) URL with a timeout and a size cap.

    ``allow_private=False`` (for a server fetching what its users name) refuses a URL, or any
    redirect target, whose host resolves to a loopback, private, link-local, multicast,
    reserved or unspecified address; every resolved address is checked, the connection goes
    to the checked addresses only, and proxies from the environment are not used. Redirects
    to anything but http(s) are always refused.
    """
    if not re.match(r"^https?://", url, re.IGNORECASE):
        raise IngestError(f"{url}: only http and https URLs can be fetched")
    handlers: list[urllib.request.BaseHandler] = [SafeRedirectHandler(url, allow_private=allow_private)]
    if not allow_private:
        host, port = _host_port(url)
        if not host:
            raise IngestError(f"{url}: cannot fetch (no host in the URL)")
        _public_addresses(url, host, port)  # a clear refusal before any connection
        handlers += [urllib.request.ProxyHandler({}), _GuardedHTTPHandler(url), _GuardedHTTPSHandler(url)]
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, headers={"User-Agent": "trainwise-ingest/0.1"})
    try:
        with opener.open(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            ctype = str(response.headers.get("Content-Type", ""))
    except IngestError:
        raise
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, IngestError):
            raise reason from None
        raise IngestError(f"{url}: cannot fetch ({reason})") from None
    if len(data) > max_bytes:
        raise IngestError(f"{url}: page is larger than {max_bytes // (1024 * 1024)} MiB")
    return RawDocument(url, data, ctype)


def page_from(text: str, url: str, *, source: str, allow_private: bool) -> RawDocument:
    """A page given as its ``text`` (named ``source``) or fetched from ``url`` (callers check
    that exactly one is given): what the Import page and the API read."""
    if url:
        return fetch_url(url, allow_private=allow_private)
    return RawDocument(source, text.encode("utf-8"))


def read_inputs(inputs: Sequence[str], stdin: BinaryIO | None = None) -> list[RawDocument]:
    """Files, folders (their .txt/.md/.html files), '-' for standard input, and http(s) URLs."""
    out: list[RawDocument] = []
    for item in inputs:
        if item == "-":
            if stdin is None:
                raise IngestError("no standard input to read")
            out.append(RawDocument("<stdin>", stdin.read(MAX_BYTES + 1)))
        elif re.match(r"^[a-z][a-z0-9+.-]*://", item, re.IGNORECASE):
            out.append(fetch_url(item))
        else:
            path = Path(item)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES)
                if not files:
                    raise IngestError(f"{item}: the folder holds no .txt, .md or .html file")
                out.extend(_read_file(p) for p in files)
            elif path.is_file():
                out.append(_read_file(path))
            else:
                raise IngestError(f"{item}: no such file, folder or URL")
    for doc in out:
        if len(doc.data) > MAX_BYTES:
            raise IngestError(f"{doc.source}: larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return out


def _read_file(path: Path) -> RawDocument:
    try:
        return RawDocument(str(path), path.read_bytes(), path.suffix.lower())
    except OSError as exc:
        raise IngestError(f"{path}: cannot read ({exc.strerror})") from None


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# Signatures of formats that are never a page: PDF, PNG, GIF, JPEG, zip, gzip, xz, 7z, rar,
# ELF, OLE (old Office), Ogg, SQLite.
_MAGIC = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"PK\x05\x06",
          b"\x1f\x8b", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07", b"\x7fELF",
          b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"OggS\x00", b"SQLite format 3\x00")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE)
# Labels browsers read as windows-1252 (WHATWG Encoding), whose 0x80-0x9f bytes are letters and
# punctuation rather than C1 control codes.
_AS_CP1252 = {"iso8859_1", "latin_1", "ascii", "cp1252"}


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for mostly-ASCII UTF-16 without a BOM (every other byte NUL)."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    units = len(head) // 2
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul >= 0.9 * units and even_nul <= 0.1 * units:
        return "utf-16-le"
    if even_nul >= 0.9 * units and odd_nul <= 0.1 * units:
        return "utf-16-be"
    return None


def _unlikely(text: str) -> int:
    """Characters no page holds: replacement marks, unassigned and private-use code points and
    controls other than whitespace (random bytes read as UTF-16 or UTF-32 are full of them)."""
    return sum(1 for c in text if c == "\ufffd" or (unicodedata.category(c) in ("Cn", "Co", "Cs", "Cc")
                                                    and c not in "\n\r\t\f"))


def declared_charset(doc: RawDocument) -> str | None:
    """The Python codec named by the Content-Type hint or the page's <meta charset> /
    <meta http-equiv="Content-Type" content="...; charset=...">, or None (unknown names too)."""
    for found in (_CHARSET.search(doc.hint.encode("latin-1", "replace")), _META_CHARSET.search(doc.data[:4096])):
        if found is None:
            continue
        try:
            name = codecs.lookup(found.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            continue
        return "cp1252" if name.replace("-", "_") in _AS_CP1252 else name
    return None


def decode(doc: RawDocument) -> str:
    """The document as text; IngestError for binary data.

    A byte-order mark decides the encoding (UTF-8, UTF-16 or UTF-32, either byte order); UTF-16
    without one is recognised by its NUL high bytes. Otherwise UTF-8, then the charset the HTTP
    Content-Type or an HTML <meta> declares, then Windows-1252.
    """
    binary = IngestError(f"{doc.source}: binary file, not a text, Markdown or HTML page")
    data = doc.data
    if data.startswith(_MAGIC):
        raise binary
    wide = next((name for bom, name in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data[:8192])
    if wide is not None:
        text = data.decode(wide, errors="replace")
        head = text[:8192]
        if "\x00" in head or _unlikely(head) > max(8, len(head) // 20):  # random bytes after a 'BOM'
            raise binary
    else:
        if b"\x00" in data[:8192]:
            raise binary
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode(declared_charset(doc) or "cp1252", errors="replace")
            except LookupError:  # a codec that does not decode bytes to text
                text = data.decode("cp1252", errors="replace")
        head = text[:8192]
    if len(_CONTROLS.findall(head)) > max(8, len(head) // 100):
        raise binary
    return text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends


def detect_format(doc: RawDocument, text: str, requested: str = "auto") -> str:
    """'text', 'html' or 'markdown'."""
    if requested != "auto":
        return requested
    hint = doc.hint.lower()
    if "html" in hint or hint in (".htm", ".xhtml"):
        return "html"
    if hint in (".md", ".markdown") or "markdown" in hint:
        return "markdown"
    start = text.lstrip()[:512].lower()
    if start.startswith(("<!doctype html", "<html")) or len(re.findall(r"</(?:p|div|li|h[1-6])>", text[:20000])) >= 3:
        return "html"
    if re.search(r"^#{1,6} \S", text, re.MULTILINE):
        return "markdown"
    return "text"


def to_text(doc: RawDocument, fmt: str = "auto") -> str:
    """Plain text or Markdown for the block parser (HTML goes through main-content extraction)."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
    text = decode(doc)
    if not text.strip():
        raise IngestError(f"{doc.source}: empty page")
    if detect_format(doc, text, fmt) == "html":
        from trainwise.services.ingest_html import html_to_markdown

        url = doc.source if doc.source.startswith(("http://", "https://")) else None
        text = html_to_markdown(text, url)
        if not text.strip():
            raise IngestError(f"{doc.source}: no readable content in the HTML page")
    return text


# --------------------------------------------------------------------------- matching


@dataclass
class IngestedExercise:
    """An extracted exercise and the library entry it matches (None when new)."""

    extracted: ExtractedExercise
    matched_slug: str | None
    match_kind: str  # 'name', 'alias', 'fuzzy', 'base' (name without its setting) or 'new'


@dataclass
class IngestedDocument:
    """A document's extraction with its matches."""

    document: ExtractedDocument
    exercises: list[IngestedExercise] = field(default_factory=list)


class LibraryIndex:
    """The library's labels, read once, for matching many extracted exercises.

    ``find`` answers like ``CatalogRepo.find`` (a slug as written, then a name, alias or slug
    with case and punctuation ignored) without a query per exercise; a label shared by several
    entries is left to the repository, which knows which one wins.
    """

    def __init__(self, repo: CatalogRepo, labels: list[tuple[str, str]] | None = None) -> None:
        self.repo = repo
        self.labels = labels if labels is not None else repo.labels()
        self.by_label = dict(self.labels)
        self.keys = list(self.by_label)
        self.slugs = {slug for _, slug in self.labels}
        owners: dict[str, set[str]] = {}
        for label, slug in self.labels:
            owners.setdefault(label, set()).add(slug)
        self._unique = {label: next(iter(s)) for label, s in owners.items() if len(s) == 1}
        self._shared = {label for label, s in owners.items() if len(s) > 1}
        self._near: dict[str, str | None] = {}

    def find(self, text: str) -> str | None:
        """The slug of the entry named ``text`` (slug, name or alias), or None."""
        if text in self.slugs:
            return text
        key = v.normalize(text)
        if key in self._shared:
            found = self.repo.find(text)
            return found.slug if found is not None else None
        return self._unique.get(key)

    def near(self, key: str) -> str | None:
        """The label closest to a normalized text (difflib ratio >= FUZZY_CUTOFF), or None."""
        if key not in self._near:
            hits = difflib.get_close_matches(key, self.keys, n=1, cutoff=FUZZY_CUTOFF)
            self._near[key] = hits[0] if hits else None
        return self._near[key]


def match_exercise(repo: CatalogRepo, ex: ExtractedExercise,
                   labels: list[tuple[str, str]] | None = None, *,
                   index: LibraryIndex | None = None) -> tuple[str | None, str]:
    """(slug, how) of the library entry this exercise is: by name, alias, then fuzzy name, then the
    name without a trailing setting ('Standing heel raise on a step' -> 'standing heel raise').

    Pass one ``index`` (or the ``labels``) when matching many exercises: the library is then
    read once, not once per exercise.
    """
    if index is None:
        index = LibraryIndex(repo, labels)
    slug = index.find(ex.name)
    if slug is not None:
        return slug, "name"
    for alias in ex.aliases:
        slug = index.find(alias)
        if slug is not None:
            return slug, "alias"
    by_label = index.by_label
    for text in (ex.name, *ex.aliases):
        key = v.normalize(text)
        for candidate in (key, v.singular(key), " ".join(v.singular(w) for w in key.split())):
            if candidate in by_label:
                return by_label[candidate], "name"
        near = index.near(key)
        if near is not None:
            return by_label[near], "fuzzy"
    for text in (ex.name, *ex.aliases):
        base = _BASE_NAME.sub("", text).strip()
        slug = index.find(base) if base and base != text else None
        if slug is not None:
            return slug, "base"
    held = _EQUIPMENT_PREFIX.match(ex.name)
    if held and held.group(1).lower().rstrip("s") in {e.rstrip("s").replace("_", " ") for e in ex.equipment}:
        slug = index.find(ex.name[held.end():])  # 'Dumbbell Split Squat' done with dumbbells -> 'split squat'
        if slug is not None:
            return slug, "base"
    return None, "new"


# The gear an exercise's name starts with ('Dumbbell split squat'), when the library lists the
# exercise without it.
_EQUIPMENT_PREFIX = re.compile(r"^(dumbbells?|kettlebells?|barbell|band|cable)\s+(?=\S)", re.IGNORECASE)
# A trailing setting after an exercise's name: 'Standing heel raise on a step', 'Plank against a wall'.
_BASE_NAME = re.compile(r"\s+(?:on|at|against|off|from|using|in) (?:a|an|the|one|your) [\w -]{2,20}$", re.IGNORECASE)


def ingest(repo: CatalogRepo, inputs: Sequence[str], *, fmt: str = "auto",
           stdin: BinaryIO | None = None) -> list[IngestedDocument]:
    """Read, extract and match every input; IngestError on the first bad one (nothing written)."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
    return ingest_documents(repo, read_inputs(inputs, stdin), fmt=fmt)


def ingest_documents(repo: CatalogRepo, raws: Sequence[RawDocument], *, fmt: str = "auto") -> list[IngestedDocument]:
    """Extract and match documents already read (a fetched URL, a request body); IngestError on
    the first one without an exercise (nothing written)."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
    docs: list[ExtractedDocument] = []
    for raw in raws:
        text = to_text(raw, fmt)
        doc = extract(text, raw.source)
        if not doc.exercises:
            raise IngestError(f"{raw.source}: no exercise found in the page")
        docs.append(doc)
    index = LibraryIndex(repo)
    out: list[IngestedDocument] = []
    for doc in docs:
        item = IngestedDocument(doc)
        for ex in doc.exercises:
            slug, how = match_exercise(repo, ex, index=index)
            item.exercises.append(IngestedExercise(ex, slug, how))
        out.append(item)
    return out


def exercise_json(item: IngestedExercise) -> dict[str, Any]:
    """The contract object of one extracted exercise (plus extra facts and provenance)."""
    e = item.extracted
    return {
        "name": e.name,
        "aliases": list(e.aliases),
        "summary": e.summary,
        "steps": list(e.steps),
        "tips": list(e.tips),
        "mistakes": list(e.mistakes),
        "safety": list(e.safety),
        "equipment": list(e.equipment),
        "primary_muscles": list(e.primary_muscles),
        "secondary_muscles": list(e.secondary_muscles),
        "level": e.level,
        "sets_reps": e.sets_reps,
        "matched_slug": item.matched_slug,
        "confidence": e.confidence,
        "match": item.match_kind,
        "frequency": e.frequency,
        "variations": list(e.variations),
        "benefits": list(e.benefits),
        "faq": list(e.faq),
        "provenance": dict(e.provenance),
    }


def report_json(docs: Sequence[IngestedDocument]) -> dict[str, Any]:
    """{"documents": [{"source", "title", "shape", "exercises": [...]}]}."""
    return {
        "documents": [
            {"source": d.document.source, "title": d.document.title, "shape": d.document.shape,
             "exercises": [exercise_json(x) for x in d.exercises]}
            for d in docs
        ]
    }


# --------------------------------------------------------------------------- applying

_FILLABLE = ("summary", "steps", "tips", "mistakes", "safety", "secondary_muscles", "variation_notes",
             "benefits", "faq")

_PATTERN_WORDS: tuple[tuple[str, str], ...] = (
    (r"leg curl|hamstring curl|leg extension|calf raise", "isolation_lower"),
    (r"back extension|hyperextension|superman|spinal extension", "trunk_extension"),
    (r"deadlift|good morning|hinge|bridge|hip thrust|swing", "hip_dominant"),
    (r"squat|lunge|step up|split squat|leg press", "knee_dominant"),
    (r"push up|push-up|bench press|chest press|dip", "upper_push_horizontal"),
    (r"overhead press|shoulder press|military press|pike", "upper_push_vertical"),
    (r"\brow\b|rows\b", "upper_pull_horizontal"),
    (r"pull up|pull-up|chin up|chin-up|pulldown|pull down", "upper_pull_vertical"),
    (r"plank|dead bug|rollout|hollow", "trunk_anti_extension"),
    (r"side plank|side bridge|suitcase", "trunk_anti_lateral_flexion"),
    (r"pallof|bird dog|anti-rotation", "trunk_anti_rotation"),
    (r"carry|farmer", "carry"),
    (r"stretch|mobility|roll\b|foam", "mobility"),
    (r"curl\b|extension.*tricep|tricep|lateral raise", "isolation_upper"),
)
_NAME_PATTERNS = tuple((re.compile(rx), p) for rx, p in _PATTERN_WORDS)
# Cues in the summary and steps (normalized text) when the name says nothing.
_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(rx), p) for rx, p in (
    (r"\bhing(?:e|es|ing)\b|\b(?:push|sit|send|drive) (?:your )?hips (?:back|backward)", "hip_dominant"),
    (r"\bsquat(?:s|ting)? (?:down|back)|\blung(?:e|es|ing)\b|\bstep up onto\b|bend (?:both |your )?knees",
     "knee_dominant"),
    (r"\b(?:press|push) (?:\w+ ){0,3}(?:overhead|above your head)", "upper_push_vertical"),
    (r"\bpull (?:\w+ ){0,3}(?:chin (?:over|above)|up to the bar)|\bpull yourself up|\bpull (?:\w+ ){0,3}down (?:to|toward|towards) "
     r"(?:your )?(?:chest|collarbone)", "upper_pull_vertical"),
    (r"\brow(?:s|ing)?\b|\bpull (?:\w+ ){0,3}(?:to|toward|towards) (?:your )?(?:chest|torso|ribs|waist|stomach|belly)",
     "upper_pull_horizontal"),
    (r"\blower (?:your )?chest (?:to|toward|towards)|\bpush (?:your body |yourself )?(?:back )?up\b|"
     r"\bpress (?:\w+ ){0,3}(?:up|away) from your chest", "upper_push_horizontal"),
    (r"\bwalk (?:\w+ ){0,4}holding|\bcarry(?:ing)?\b", "carry"),
    (r"\bplank position\b|\bhold (?:the|this) (?:position|plank)\b|lower back (?:pressed|flat)", "trunk_anti_extension"),
    (r"\bresist (?:the )?(?:rotation|twisting|pull)", "trunk_anti_rotation"),
    (r"\blift (?:your )?(?:chest|upper body|torso|head and chest) (?:off|up)|\bextend your (?:spine|back)", "trunk_extension"),
    (r"\bstretch\b|\bwarm ?ups?\b|\bmobility (?:drill|exercise)|\bcircl(?:e|es|ing)\b", "mobility"),
    (r"\bcurl (?:the|your|both)\b", "isolation_upper"),
))
# Muscles a pattern works (its primary muscles on most library entries).
_PATTERN_MUSCLES: dict[str, frozenset[str]] = {
    "hip_dominant": frozenset({"hamstrings", "glutes", "erector_spinae"}),
    "knee_dominant": frozenset({"quadriceps", "glutes", "adductors"}),
    "upper_push_horizontal": frozenset({"chest", "triceps", "front_delts"}),
    "upper_push_vertical": frozenset({"front_delts", "side_delts", "triceps"}),
    "upper_pull_horizontal": frozenset({"rhomboids", "traps", "rear_delts", "lats"}),
    "upper_pull_vertical": frozenset({"lats", "biceps"}),
    "trunk_anti_extension": frozenset({"abdominals", "transverse_abdominis"}),
    "trunk_anti_rotation": frozenset({"obliques", "transverse_abdominis"}),
    "trunk_extension": frozenset({"erector_spinae"}),
}
_ARM_MUSCLES = frozenset({"biceps", "triceps", "forearms", "side_delts", "rear_delts", "front_delts"})
_LEG_MUSCLES = frozenset({"quadriceps", "hamstrings", "calves", "adductors", "abductors"})
_ALWAYS_COMPOUND = frozenset({"knee_dominant", "hip_dominant", "upper_push_horizontal", "upper_push_vertical",
                              "upper_pull_horizontal", "upper_pull_vertical", "carry"})
_FORCE = {
    "trunk_extension": "pull", "hip_dominant": "pull", "knee_dominant": "push",
    "upper_push_horizontal": "push", "upper_push_vertical": "push", "upper_pull_horizontal": "pull",
    "upper_pull_vertical": "pull", "trunk_anti_extension": "static", "trunk_anti_lateral_flexion": "static",
    "trunk_anti_rotation": "static", "carry": "static", "mobility": "static", "isolation_upper": "pull",
    "isolation_lower": "push",
}


def _overlap(pattern: str, muscles: Sequence[str]) -> int:
    return len(_PATTERN_MUSCLES.get(pattern, frozenset()) & set(muscles))


def guess_pattern(ex: ExtractedExercise) -> str | None:
    """The movement pattern of an extracted exercise (a PATTERNS slug), or None when unclear.

    The name decides first ('Goblet Squat' -> knee_dominant). Otherwise cues in the summary and
    steps ('hinge at the hips', 'row the dumbbell', 'press overhead'), the one whose usual
    muscles overlap the primary muscles most winning. Without a cue the primary muscles alone
    decide when they clearly point to one pattern (two or more of its muscles, more than any
    other), and a single arm or leg muscle means an isolation exercise.
    """
    name = v.normalize(ex.name)
    for rx, pattern in _NAME_PATTERNS:
        if rx.search(name):
            return pattern
    muscles = list(ex.primary_muscles)
    text = v.normalize(" ".join([ex.summary, *ex.steps]))
    cued = [p for rx, p in _TEXT_PATTERNS if rx.search(text)]
    if cued:
        return max(cued, key=lambda p: (_overlap(p, muscles), -cued.index(p)))
    scores = sorted(((_overlap(p, muscles), p) for p in _PATTERN_MUSCLES), reverse=True)
    if scores[0][0] >= 2 and scores[0][0] > scores[1][0]:
        return scores[0][1]
    if len(muscles) == 1 and muscles[0] in _ARM_MUSCLES:
        return "isolation_upper"
    if len(muscles) == 1 and muscles[0] in _LEG_MUSCLES:
        return "isolation_lower"
    return None


def guess_mechanic(ex: ExtractedExercise, pattern: str) -> tuple[str, str | None]:
    """(joint, mechanic) for a new entry: squats, hinges, presses, pulls and carries move
    several joints; isolation patterns one; other patterns count the muscle groups worked
    (two or more groups -> multi-joint compound). Mobility drills get no mechanic."""
    groups = {v.group_of(m) for m in (*ex.primary_muscles, *ex.secondary_muscles)}
    if pattern in ("isolation_upper", "isolation_lower"):
        joint, mechanic = "single", "isolation"
    elif pattern in _ALWAYS_COMPOUND or len(groups) > 1:
        joint, mechanic = "multi", "compound"
    else:
        joint, mechanic = "single", "isolation"
    return (joint, None) if pattern == "mobility" else (joint, mechanic)


def guess_force(ex: ExtractedExercise, pattern: str) -> str | None:
    """push, pull or static for a new entry (None for mobility drills)."""
    if pattern == "mobility":
        return None
    if pattern in ("isolation_upper", "isolation_lower"):
        name = v.normalize(ex.name)
        if re.search(r"\bcurl|\brow\b|\bpull|\bface pull|raise\b", name):
            return "pull"
        if re.search(r"extension|press|push|kickback", name):
            return "push"
    return _FORCE.get(pattern, "static")


@dataclass
class ApplyAction:
    """What --apply does with one extracted exercise."""

    action: str  # 'add', 'fill', 'unchanged' or 'needs_review'
    name: str
    slug: str | None
    source: str
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # field -> (old, new)
    reasons: list[str] = field(default_factory=list)
    exercise: Exercise | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "name": self.name, "slug": self.slug, "source": self.source,
                "fields": sorted(self.fields), "reasons": list(self.reasons)}


def slugify(name: str) -> str:
    """Kebab-case slug of a name."""
    return re.sub(r"\s+", "-", v.normalize(name).replace("'", "")).strip("-") or "exercise"


def unused_slug(name: str, taken: Set[str]) -> str:
    """The slug of ``name``, numbered on ('-2', '-3', ...) past the slugs already ``taken``."""
    slug = base = slugify(name)
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


_DOSE_TEXT = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?\s*[x×]\s*(\d+)(?:\s*-\s*(\d+))?\s*(s|sec|secs|seconds)?$",
                        re.IGNORECASE)
_TIMES = {"once": 1, "twice": 2, "three": 3, "four": 4, "five": 5}


def weekly_frequency(text: str) -> Range | None:
    """Sessions a week from a frequency text: '2-3 times a week' -> 2-3, 'twice weekly' -> 2,
    'daily' or '3 times a day' -> 7 (days a week); None when it says no number."""
    low = text.lower()
    if re.search(r"\bdaily\b|\bevery day\b|\ba day\b|\bper day\b|\beach day\b", low):
        return Range(7, 7)
    numbers = [int(x) for x in re.findall(r"\d+", low)] or [n for w, n in _TIMES.items() if re.search(rf"\b{w}\b", low)]
    if numbers and 0 < numbers[0] <= numbers[-1] <= 7:
        return Range(numbers[0], numbers[-1])
    return None


def parse_sets_reps(text: str, frequency: str = "") -> SetsReps | None:
    """'2-3 x 8-12' (reps) or '3 x 20-30 s' (a hold), with the weekly frequency read from
    ``frequency``; None for an empty text, ValueError for any other shape."""
    text = text.strip()
    if not text:
        return None
    m = _DOSE_TEXT.match(text)
    if not m:
        raise ValueError("write it as sets x reps, such as 2-3 x 8-12, or 3 x 20-30 s for a hold")
    sets = Range(int(m.group(1)), int(m.group(2) or m.group(1)))
    amount = Range(int(m.group(3)), int(m.group(4) or m.group(3)))
    for rng in (sets, amount):
        if not 0 < rng.min <= rng.max:
            raise ValueError(f"the range {rng.min}-{rng.max} must be positive and increasing")
    per_week = weekly_frequency(frequency) if frequency else None
    if m.group(5):
        return SetsReps(sets=sets, hold_seconds=amount, frequency_per_week=per_week)
    return SetsReps(sets=sets, reps=amount, frequency_per_week=per_week)


def _sets_reps(text: str | None, frequency: str | None) -> SetsReps | None:
    """The extraction's dose as library guidance, or None when it has none of that shape."""
    try:
        return parse_sets_reps(text or "", frequency or "")
    except ValueError:
        return None


def _source_for(doc: ExtractedDocument, fields: Sequence[str]) -> Source:
    url = doc.source if doc.source.startswith(("http://", "https://")) else ""
    where = "" if url else f" ({doc.source})"
    return Source(doc.title[:120] or doc.source, url, f"ingested{where}: {', '.join(fields)}")


def build_new(ex: ExtractedExercise, doc: ExtractedDocument, taken: set[str],
              labels: Mapping[str, str] | None = None) -> tuple[Exercise | None, list[str]]:
    """A library Exercise from an extraction, or the reasons it needs review. The page's aliases
    (except a name another entry uses, given ``labels``: normalized label -> slug) and its FAQ
    go with it."""
    reasons: list[str] = []
    if not ex.summary:
        reasons.append("no summary")
    if len(ex.steps) < 3:
        reasons.append(f"only {len(ex.steps)} steps")
    if not ex.primary_muscles:
        reasons.append("no primary muscles")
    if not ex.equipment:
        reasons.append("no equipment")
    if ex.level is None:
        reasons.append("no level")
    pattern = guess_pattern(ex)
    if pattern is None:
        reasons.append("movement pattern unknown")
    sets_reps = _sets_reps(ex.sets_reps, ex.frequency)
    if sets_reps is None:
        reasons.append("no sets and reps guidance")
    if reasons:
        return None, reasons
    assert pattern is not None and ex.level is not None and sets_reps is not None
    slug = unused_slug(ex.name, taken)
    joint, mechanic = guess_mechanic(ex, pattern)
    aliases = _own_aliases(ex, labels or {})
    faq = _faqs(ex)
    fields = ["name", "summary", "steps", "tips", "mistakes", "safety", "muscles", "equipment", "sets_reps",
              *(["aliases"] if aliases else []), *(["faq"] if faq else [])]
    exercise = Exercise(
        slug=slug, name=ex.name, aliases=aliases, faq=faq,
        summary=ex.summary, description=ex.summary, steps=tuple(ex.steps),
        primary_muscles=tuple(ex.primary_muscles), equipment=tuple(ex.equipment), level=ex.level,
        category="mobility" if pattern == "mobility" else "strength", patterns=(pattern,),
        joint=joint, mechanic=mechanic, force=guess_force(ex, pattern),
        tips=tuple(ex.tips), mistakes=tuple(ex.mistakes), safety=tuple(ex.safety),
        secondary_muscles=tuple(m for m in ex.secondary_muscles if m not in ex.primary_muscles),
        variation_notes=tuple(ex.variations), benefits=tuple(ex.benefits),
        sets_reps={ex.level: sets_reps}, sources=(_source_for(doc, fields),), origin="ingest",
    )
    found = problems(exercise)
    return (None, found) if found else (exercise, [])


def _label_key(text: str) -> str:
    return v.normalize(text).replace("'", "")


def _own_aliases(ex: ExtractedExercise, labels: Mapping[str, str]) -> tuple[str, ...]:
    """The extraction's aliases for a new entry: none equal to its name, repeated, or naming
    another library entry."""
    seen = {_label_key(ex.name)}
    out: list[str] = []
    for alias in ex.aliases:
        key = _label_key(alias)
        if key and key not in seen and v.normalize(alias) not in labels:
            seen.add(key)
            out.append(alias.strip())
    return tuple(out)


def _faqs(ex: ExtractedExercise) -> tuple[Faq, ...]:
    return tuple(Faq(q, a) for f in ex.faq if (q := str(f.get("question", "")).strip())
                 and (a := str(f.get("answer", "")).strip()))


def new_aliases(current: Exercise, ex: ExtractedExercise,
                taken: Mapping[str, str] | None = None, *, page_name: bool = False) -> tuple[str, ...]:
    """The extracted aliases the entry does not have yet: compared case- and punctuation-
    insensitively with its slug, name and aliases (and one another); with ``taken``
    (normalized label -> slug of the whole library) a name another entry uses is left out.
    ``page_name``: the page's own name for the exercise is proposed too (for an exercise matched
    by one of its aliases or by a fuzzy name, the page calls the entry something it does not list)."""
    seen = {_label_key(x) for x in (current.slug, current.name, *current.aliases)}
    out: list[str] = []
    for alias in [*ex.aliases, *([ex.name] if page_name else [])]:
        key = _label_key(alias)
        owner = taken.get(v.normalize(alias)) if taken is not None else None
        if key and key not in seen and (owner is None or owner == current.slug):
            seen.add(key)
            out.append(alias.strip())
    return tuple(out)


def fill_existing(current: Exercise, ex: ExtractedExercise,
                  taken: Mapping[str, str] | None = None, *, page_name: bool = False) -> dict[str, tuple[Any, Any]]:
    """What an extraction adds to an existing library entry, as {field: (old, new)}.

    Only empty fields are filled (summary, steps, tips, mistakes, safety, secondary muscles,
    variation notes, benefits, FAQ); curated text is never replaced. Aliases are the exception:
    the extracted ones the entry lacks are appended (compared case- and punctuation-
    insensitively with its name and aliases) and none is removed. ``taken`` (normalized label
    -> slug, e.g. ``dict(repo.labels())``) keeps out an alias that names another entry;
    ``page_name`` proposes the page's name for the exercise as an alias too (see ``new_aliases``).
    Apply with ``dataclasses.replace(current, **{k: new for k, (_, new) in changes.items()})``.
    """
    proposed: dict[str, Any] = {
        "summary": ex.summary, "steps": tuple(ex.steps), "tips": tuple(ex.tips),
        "mistakes": tuple(ex.mistakes), "safety": tuple(ex.safety),
        "secondary_muscles": tuple(m for m in ex.secondary_muscles if m not in current.primary_muscles),
        "variation_notes": tuple(ex.variations), "benefits": tuple(ex.benefits), "faq": _faqs(ex),
    }
    out: dict[str, tuple[Any, Any]] = {}
    added = new_aliases(current, ex, taken, page_name=page_name)
    if added:
        out["aliases"] = (current.aliases, (*current.aliases, *added))
    for name in _FILLABLE:
        old = getattr(current, name)
        new = proposed.get(name)
        if not old and new:
            out[name] = (old, new)
    return out


def plan_apply(repo: CatalogRepo, docs: Sequence[IngestedDocument]) -> list[ApplyAction]:
    """What --apply would do, without writing."""
    labels = dict(repo.labels())
    taken = set(labels.values())
    actions: list[ApplyAction] = []
    for d in docs:
        for item in d.exercises:
            ex = item.extracted
            if item.matched_slug is None:
                exercise, reasons = build_new(ex, d.document, taken, labels)
                if exercise is None:
                    actions.append(ApplyAction("needs_review", ex.name, None, d.document.source, reasons=reasons))
                else:
                    taken.add(exercise.slug)
                    for label in (exercise.name, *exercise.aliases):  # later pages must not reuse them
                        labels.setdefault(v.normalize(label), exercise.slug)
                    actions.append(ApplyAction("add", ex.name, exercise.slug, d.document.source, exercise=exercise))
                continue
            current = repo.get(item.matched_slug)
            if current is None:
                continue
            changes = fill_existing(current, ex, labels, page_name=item.match_kind in ("alias", "fuzzy"))
            if not changes:
                actions.append(ApplyAction("unchanged", ex.name, current.slug, d.document.source))
                continue
            updated = replace(current, **{k: new for k, (_, new) in changes.items()},
                              sources=(*current.sources, _source_for(d.document, sorted(changes))))
            found = problems(updated)
            if found:
                actions.append(ApplyAction("needs_review", ex.name, current.slug, d.document.source, reasons=found))
                continue
            actions.append(ApplyAction("fill", ex.name, current.slug, d.document.source, fields=changes,
                                       exercise=updated))
    return actions


def apply_actions(repo: CatalogRepo, actions: Sequence[ApplyAction]) -> tuple[str, ...]:
    """Write the 'add' and 'fill' actions in one transaction; returns the written slugs."""
    to_write = [a.exercise for a in actions if a.action in ("add", "fill") and a.exercise is not None]
    if not to_write:
        return ()
    result = repo.upsert(to_write)
    return (*result.added, *result.updated)
