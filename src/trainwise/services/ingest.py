"""Ingesting exercise pages: read inputs (files, folders, stdin, http(s) URLs), turn HTML into
Markdown, extract exercises, match them to the library and, on request, apply them safely.

`--apply` adds new exercises only when the extraction holds everything the model requires
(otherwise they are reported as needing review) and fills only EMPTY fields of existing
entries; curated text is never overwritten. Each filled field is recorded in the entry's
``sources`` (title, URL or path, and which fields came from it).
"""

from __future__ import annotations

import difflib
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError
from trainwise.domain.exercises import Exercise, SetsReps, Source, problems, sets_reps_from_dict
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


def fetch_url(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES) -> RawDocument:
    """GET an http(s) URL with a timeout and a size cap."""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        raise IngestError(f"{url}: only http and https URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": "trainwise-ingest/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            ctype = str(response.headers.get("Content-Type", ""))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IngestError(f"{url}: cannot fetch ({reason})") from None
    if len(data) > max_bytes:
        raise IngestError(f"{url}: page is larger than {max_bytes // (1024 * 1024)} MiB")
    return RawDocument(url, data, ctype)


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


def decode(doc: RawDocument) -> str:
    """The document as text; IngestError for binary data."""
    head = doc.data[:8192]
    if b"\x00" in head:
        raise IngestError(f"{doc.source}: binary file, not a text, Markdown or HTML page")
    try:
        text = doc.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = doc.data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise IngestError(f"{doc.source}: binary file, not a text, Markdown or HTML page")
    return text


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
    match_kind: str  # 'name', 'alias', 'fuzzy' or 'new'


@dataclass
class IngestedDocument:
    """A document's extraction with its matches."""

    document: ExtractedDocument
    exercises: list[IngestedExercise] = field(default_factory=list)


def match_exercise(repo: CatalogRepo, ex: ExtractedExercise,
                   labels: list[tuple[str, str]] | None = None) -> tuple[str | None, str]:
    """(slug, how) of the library entry this exercise is: by name, alias, then fuzzy name."""
    found = repo.find(ex.name)
    if found is not None:
        return found.slug, "name"
    for alias in ex.aliases:
        found = repo.find(alias)
        if found is not None:
            return found.slug, "alias"
    labels = labels if labels is not None else repo.labels()
    by_label = dict(labels)
    for text in (ex.name, *ex.aliases):
        key = v.normalize(text)
        for candidate in (key, v.singular(key), " ".join(v.singular(w) for w in key.split())):
            if candidate in by_label:
                return by_label[candidate], "name"
        near = difflib.get_close_matches(key, list(by_label), n=1, cutoff=FUZZY_CUTOFF)
        if near:
            return by_label[near[0]], "fuzzy"
    return None, "new"


def ingest(repo: CatalogRepo, inputs: Sequence[str], *, fmt: str = "auto",
           stdin: BinaryIO | None = None) -> list[IngestedDocument]:
    """Read, extract and match every input; IngestError on the first bad one (nothing written)."""
    if fmt not in FORMATS:
        raise IngestError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
    docs: list[ExtractedDocument] = []
    for raw in read_inputs(inputs, stdin):
        text = to_text(raw, fmt)
        doc = extract(text, raw.source)
        if not doc.exercises:
            raise IngestError(f"{raw.source}: no exercise found in the page")
        docs.append(doc)
    labels = repo.labels()
    out: list[IngestedDocument] = []
    for doc in docs:
        item = IngestedDocument(doc)
        for ex in doc.exercises:
            slug, how = match_exercise(repo, ex, labels)
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
_FORCE = {
    "trunk_extension": "pull", "hip_dominant": "pull", "knee_dominant": "push",
    "upper_push_horizontal": "push", "upper_push_vertical": "push", "upper_pull_horizontal": "pull",
    "upper_pull_vertical": "pull", "trunk_anti_extension": "static", "trunk_anti_lateral_flexion": "static",
    "trunk_anti_rotation": "static", "carry": "static", "mobility": "static", "isolation_upper": "pull",
}


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


def _sets_reps(text: str | None, frequency: str | None) -> SetsReps | None:
    if not text:
        return None
    m = re.match(r"^(\d+)(?:-(\d+))? x (\d+)(?:-(\d+))?$", text)
    if not m:
        return None
    d: dict[str, Any] = {"sets": [int(m.group(1)), int(m.group(2) or m.group(1))],
                         "reps": [int(m.group(3)), int(m.group(4) or m.group(3))]}
    if frequency:
        words = {"once": 1, "twice": 2}
        nums = [int(x) for x in re.findall(r"\d+", frequency)] or [words.get(frequency.split()[0].lower(), 0)]
        if nums and nums[0] > 0:
            d["frequency_per_week"] = [nums[0], nums[-1]]
    return sets_reps_from_dict(d)


def _source_for(doc: ExtractedDocument, fields: Sequence[str]) -> Source:
    url = doc.source if doc.source.startswith(("http://", "https://")) else ""
    where = "" if url else f" ({doc.source})"
    return Source(doc.title[:120] or doc.source, url, f"ingested{where}: {', '.join(fields)}")


def build_new(ex: ExtractedExercise, doc: ExtractedDocument, taken: set[str]) -> tuple[Exercise | None, list[str]]:
    """A library Exercise from an extraction, or the reasons it needs review."""
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
    low = v.normalize(ex.name)
    pattern = next((p for rx, p in _PATTERN_WORDS if re.search(rx, low)), None)
    if pattern is None:
        reasons.append("movement pattern unknown")
    sets_reps = _sets_reps(ex.sets_reps, ex.frequency)
    if sets_reps is None:
        reasons.append("no sets and reps guidance")
    if reasons:
        return None, reasons
    assert pattern is not None and ex.level is not None and sets_reps is not None
    slug = base = slugify(ex.name)
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    fields = ["name", "summary", "steps", "tips", "mistakes", "safety", "muscles", "equipment", "sets_reps"]
    exercise = Exercise(
        slug=slug, name=ex.name, summary=ex.summary, description=ex.summary, steps=tuple(ex.steps),
        primary_muscles=tuple(ex.primary_muscles), equipment=tuple(ex.equipment), level=ex.level,
        category="mobility" if pattern == "mobility" else "strength", patterns=(pattern,),
        joint="multi" if len(ex.primary_muscles) + len(ex.secondary_muscles) > 1 else "single",
        mechanic="compound" if len(ex.primary_muscles) + len(ex.secondary_muscles) > 1 else "isolation",
        force=_FORCE.get(pattern, "static"), tips=tuple(ex.tips), mistakes=tuple(ex.mistakes),
        safety=tuple(ex.safety),
        secondary_muscles=tuple(m for m in ex.secondary_muscles if m not in ex.primary_muscles),
        variation_notes=tuple(ex.variations), benefits=tuple(ex.benefits),
        sets_reps={ex.level: sets_reps}, sources=(_source_for(doc, fields),), origin="ingest",
    )
    found = problems(exercise)
    return (None, found) if found else (exercise, [])


def _filled(current: Exercise, ex: ExtractedExercise) -> dict[str, tuple[Any, Any]]:
    proposed: dict[str, Any] = {
        "summary": ex.summary, "steps": tuple(ex.steps), "tips": tuple(ex.tips),
        "mistakes": tuple(ex.mistakes), "safety": tuple(ex.safety),
        "secondary_muscles": tuple(m for m in ex.secondary_muscles if m not in current.primary_muscles),
        "variation_notes": tuple(ex.variations), "benefits": tuple(ex.benefits),
    }
    out: dict[str, tuple[Any, Any]] = {}
    for name in _FILLABLE:
        if name == "faq":
            continue
        old = getattr(current, name)
        new = proposed.get(name)
        if not old and new:
            out[name] = (old, new)
    return out


def plan_apply(repo: CatalogRepo, docs: Sequence[IngestedDocument]) -> list[ApplyAction]:
    """What --apply would do, without writing."""
    taken = {slug for _, slug in repo.labels()}
    actions: list[ApplyAction] = []
    for d in docs:
        for item in d.exercises:
            ex = item.extracted
            if item.matched_slug is None:
                exercise, reasons = build_new(ex, d.document, taken)
                if exercise is None:
                    actions.append(ApplyAction("needs_review", ex.name, None, d.document.source, reasons=reasons))
                else:
                    taken.add(exercise.slug)
                    actions.append(ApplyAction("add", ex.name, exercise.slug, d.document.source, exercise=exercise))
                continue
            current = repo.get(item.matched_slug)
            if current is None:
                continue
            changes = _filled(current, ex)
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
