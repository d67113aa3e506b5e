"""Reviewing an import in the browser: extract a pasted page or a URL into editable forms, then
accept one exercise at a time into the library.

A form holds every field as the editor sees it (text: one item per line, names separated by
commas), so a refused form is shown again exactly as it was sent. A new exercise is added only
when the whole guide passes the model's rules. For an exercise the library already has, only
the fields the editor ticked are written; a field with curated text is never ticked by default,
so nothing is replaced unless the editor asks for it. Every accepted field is recorded in the
entry's ``sources``. The form carries a fingerprint of the entry as it was reviewed: when the
entry changed in between, accepting is refused and the editor reviews again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError, UnknownTermError
from trainwise.domain.exercises import (
    LEVELS,
    Exercise,
    Faq,
    SetsReps,
    Source,
    exercise_to_dict,
    problems,
)
from trainwise.domain.ingest import ExtractedDocument, ExtractedExercise, extract
from trainwise.services import ingest as ing
from trainwise.services.ports import CatalogRepo

MAX_PASTE_CHARS = 900_000
LIST_FIELDS = ("aliases", "steps", "tips", "mistakes", "safety", "variation_notes", "benefits")
TERM_FIELDS = {"equipment": v.EQUIPMENT, "primary_muscles": v.MUSCLES, "secondary_muscles": v.MUSCLES}
TEXT_FIELDS = ("name", "slug", "summary", "faq", "level", "sets_reps", "frequency", "pattern", "category",
               "mechanic", "force", "target", "base", "source", "source_title")
WRITABLE = ("aliases", "summary", "steps", "tips", "mistakes", "safety", "equipment", "primary_muscles",
            "secondary_muscles", "level", "sets_reps", "variation_notes", "benefits", "faq")
"""The fields an editor may write into an entry the library already has."""
LABELS = {
    "name": "Name", "slug": "Slug", "aliases": "Also known as", "summary": "Summary", "steps": "Steps",
    "tips": "Tips", "mistakes": "Common mistakes", "safety": "Safety", "equipment": "Equipment",
    "primary_muscles": "Primary muscles", "secondary_muscles": "Secondary muscles", "level": "Level",
    "sets_reps": "Sets x reps", "frequency": "Times a week", "variation_notes": "Variations",
    "benefits": "Benefits", "faq": "FAQ", "pattern": "Movement pattern", "category": "Category",
    "mechanic": "Mechanic", "force": "Force",
}
_EXTRACTED_FIELD = {"variation_notes": "variations"}


class ReviewError(DomainError):
    """The accepted form breaks rules; ``errors`` maps a field to what is wrong with it."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{LABELS.get(k, k)}: {m}" for k, m in errors.items()))
        self.errors = dict(errors)


class StaleReviewError(DomainError):
    """The library entry changed after the review was made."""


# --------------------------------------------------------------------------- forms


@dataclass
class ReviewForm:
    """One exercise's review form, every field as text; ``target`` is the library slug to fill
    (empty: add as a new exercise); ``write`` the fields the editor chose to write into it."""

    values: dict[str, str]
    write: set[str] = field(default_factory=set)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    @property
    def target(self) -> str:
        return self.get("target")


@dataclass
class Comparison:
    """A field of an existing entry beside the imported value, and whether it is ticked."""

    name: str
    label: str
    current: str
    checked: bool
    offered: bool
    """True when the page has something new for this field (else it is shown folded away)."""


@dataclass
class ReviewItem:
    """An extracted exercise ready for review: its form, the entry it matches and where each
    field came from (``provenance``: field -> 'where (confidence)')."""

    index: int
    form: ReviewForm
    current: Exercise | None
    match_kind: str
    confidence: float
    provenance: dict[str, str]
    comparisons: list[Comparison]
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class Review:
    """A reviewed page: its extraction, the text it was read from and one item per exercise."""

    document: ExtractedDocument
    source_text: str
    items: list[ReviewItem]
    notice: str = ""
    """Said above the forms when the page needs the editor's hand (no exercise recognised)."""


def _lines(items: Sequence[str]) -> str:
    return "\n".join(items)


def _names(slugs: Sequence[str], vocab: v.Vocabulary) -> str:
    return ", ".join(vocab.get(s).name if s in vocab else s for s in slugs)


def _faq_text(faq: Sequence[Faq] | Sequence[Mapping[str, str]]) -> str:
    blocks = []
    for item in faq:
        q, a = (item.question, item.answer) if isinstance(item, Faq) else (item.get("question", ""), item.get("answer", ""))
        blocks.append(f"Q: {q}\nA: {a}")
    return "\n\n".join(blocks)


def _sets_reps_text(sr: SetsReps | None) -> str:
    return sr.text if sr is not None else ""


def fingerprint(exercise: Exercise | None) -> str:
    """A short hash of an entry as stored (empty for none): detects edits made during a review."""
    if exercise is None:
        return ""
    blob = json.dumps(exercise_to_dict(exercise), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def current_values(e: Exercise) -> dict[str, str]:
    """An entry's writable fields as the form shows them."""
    level_dose = e.sets_reps.get(e.level)
    return {
        "aliases": _lines(e.aliases), "summary": e.summary, "steps": _lines(e.steps), "tips": _lines(e.tips),
        "mistakes": _lines(e.mistakes), "safety": _lines(e.safety), "equipment": _names(e.equipment, v.EQUIPMENT),
        "primary_muscles": _names(e.primary_muscles, v.MUSCLES),
        "secondary_muscles": _names(e.secondary_muscles, v.MUSCLES), "level": e.level,
        "sets_reps": _sets_reps_text(level_dose), "variation_notes": _lines(e.variation_notes),
        "benefits": _lines(e.benefits), "faq": _faq_text(e.faq),
    }


def form_from_extracted(ex: ExtractedExercise, doc: ExtractedDocument, current: Exercise | None,
                        slug: str, match_kind: str = "name") -> ReviewForm:
    """The editable form of an extraction: for a new exercise with a guessed pattern, category,
    mechanic and force; for an existing one ticking only the fields the entry lacks. When the
    page's exercise matched by one of its aliases, the page's own name is offered as an alias."""
    pattern = ing.guess_pattern(ex) or ""
    _joint, mechanic = ing.guess_mechanic(ex, pattern) if pattern else ("", None)
    force = ing.guess_force(ex, pattern) if pattern else None
    values = {
        "name": ex.name, "slug": slug, "target": current.slug if current else "",
        "aliases": _lines([*ex.aliases, *([ex.name] if current is not None and match_kind == "alias" else [])]),
        "summary": ex.summary, "steps": _lines(ex.steps), "tips": _lines(ex.tips),
        "mistakes": _lines(ex.mistakes), "safety": _lines(ex.safety),
        "equipment": _names(ex.equipment, v.EQUIPMENT), "primary_muscles": _names(ex.primary_muscles, v.MUSCLES),
        "secondary_muscles": _names([m for m in ex.secondary_muscles if m not in ex.primary_muscles], v.MUSCLES),
        "level": ex.level or "", "sets_reps": ex.sets_reps or "", "frequency": ex.frequency or "",
        "variation_notes": _lines(ex.variations), "benefits": _lines(ex.benefits), "faq": _faq_text(ex.faq),
        "pattern": pattern, "category": "mobility" if pattern == "mobility" else "strength",
        "mechanic": mechanic or "", "force": force or "",
        "base": fingerprint(current), "source": doc.source, "source_title": doc.title[:200],
    }
    write: set[str] = set()
    if current is not None:
        now = current_values(current)
        for name in WRITABLE:
            proposed = values.get(name, "")
            if name == "aliases":
                if _new_aliases(current, _split_lines(proposed)):
                    write.add(name)
            elif proposed.strip() and not now[name].strip():
                write.add(name)
    return ReviewForm(values, write)


def _comparisons(form: ReviewForm, current: Exercise | None) -> list[Comparison]:
    if current is None:
        return []
    now = current_values(current)
    return [Comparison(n, LABELS[n], now[n], n in form.write,
                       n in form.write or not (_same(form.get(n), "") or _same(form.get(n), now[n])))
            for n in WRITABLE]


def _same(a: str, b: str) -> bool:
    """True when two field texts say the same (case, spacing and punctuation aside)."""
    return v.normalize(a) == v.normalize(b)


def _provenance(ex: ExtractedExercise) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, info in ex.provenance.items():
        key = "variation_notes" if name == "variations" else name
        out[key] = f"{info.get('source', '?')} · confidence {float(info.get('confidence', 0)):.2f}"
    return out


def start_review(repo: CatalogRepo, *, text: str = "", url: str = "", fmt: str = "auto",
                 allow_private: bool = True) -> Review:
    """Extract the pasted ``text`` or the page at ``url`` into one review form per exercise (an
    empty form, with a notice, when none is recognised). IngestError for no input, both
    inputs, or an empty, binary or unreachable page."""
    text, url = text.strip(), url.strip()
    if not text and not url:
        raise ing.IngestError("paste the page's text or give its URL")
    if text and url:
        raise ing.IngestError("paste the text or give a URL, not both")
    if len(text) > MAX_PASTE_CHARS:
        raise ing.IngestError(f"the pasted text is longer than {MAX_PASTE_CHARS:,} characters")
    raw = ing.page_from(text, url, source="pasted text", allow_private=allow_private)
    source_text = ing.to_text(raw, fmt)
    doc = extract(source_text, raw.source)
    labels = repo.labels()
    taken = {slug for _, slug in labels}
    if not doc.exercises:
        blank = ExtractedExercise(name=doc.title[:120])
        form = form_from_extracted(blank, doc, None, ing.unused_slug(blank.name, taken))
        return Review(doc, source_text, [ReviewItem(0, form, None, "new", 0.0, {}, [])],
                      notice="No exercise was recognised on this page. The form below starts empty: fill it "
                             "in from the source beside it, or try the page's own address or a cleaner copy.")
    items: list[ReviewItem] = []
    for index, ex in enumerate(doc.exercises):
        slug, how = ing.match_exercise(repo, ex, labels)
        current = repo.get(slug) if slug else None
        new_slug = current.slug if current else ing.unused_slug(ex.name, taken)
        taken.add(new_slug)
        form = form_from_extracted(ex, doc, current, new_slug, how)
        items.append(ReviewItem(index, form, current, how if current else "new", ex.confidence,
                                _provenance(ex), _comparisons(form, current)))
    return Review(doc, source_text, items)


def parse_form(data: Mapping[str, Any], write: Sequence[str] = ()) -> ReviewForm:
    """A review form from posted fields (unknown fields are ignored; CRLF becomes LF)."""
    values = {}
    for name in (*TEXT_FIELDS, *LIST_FIELDS, *TERM_FIELDS):
        raw = data.get(name, "")
        values[name] = str(raw).replace("\r\n", "\n").replace("\r", "\n") if raw is not None else ""
    return ReviewForm(values, {w for w in write if w in WRITABLE})


def review_item(repo: CatalogRepo, form: ReviewForm, index: int = 0,
                errors: Mapping[str, str] | None = None) -> ReviewItem:
    """A posted form shown again (after a refusal), compared with the entry as it is now."""
    current = repo.get(form.target) if form.target else None
    return ReviewItem(index, form, current, "chosen" if current else "new", 0.0, {},
                      _comparisons(form, current), dict(errors or {}))


# --------------------------------------------------------------------------- parsing fields


def _split_lines(text: str) -> list[str]:
    return [re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip() for line in text.split("\n") if line.strip()]


def _terms(text: str, vocab: v.Vocabulary) -> tuple[tuple[str, ...], list[str]]:
    slugs: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[,\n;]", text):
        if not part.strip():
            continue
        try:
            slug = vocab.resolve(part.strip())
        except UnknownTermError as exc:
            unknown.append(f"'{part.strip()}'" + (f" (did you mean {exc.suggestions[0]}?)" if exc.suggestions else ""))
            continue
        if slug not in slugs:
            slugs.append(slug)
    return tuple(slugs), unknown


parse_sets_reps = ing.parse_sets_reps


def parse_faq(text: str) -> tuple[Faq, ...]:
    """'Q: ...' / 'A: ...' blocks; ValueError for a question without an answer."""
    out: list[Faq] = []
    question: str | None = None
    answer: list[str] = []

    def close() -> None:
        if question is not None:
            if not answer:
                raise ValueError(f"the question '{question[:60]}' has no answer (start it with 'A:')")
            out.append(Faq(question, " ".join(answer)))

    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if re.match(r"^q\s*[:.]", line, re.IGNORECASE):
            close()
            question, answer = line.split(":", 1)[-1].strip() if ":" in line[:3] else line[2:].strip(), []
        elif re.match(r"^a\s*[:.]", line, re.IGNORECASE):
            if question is None:
                raise ValueError("an answer comes before its question (start questions with 'Q:')")
            answer.append(line[2:].strip())
        elif question is not None and answer:
            answer.append(line)
        elif question is not None:
            question = f"{question} {line}"
        else:
            raise ValueError("write each question as 'Q: ...' followed by 'A: ...'")
    close()
    return tuple(out)


def _parsed(form: ReviewForm) -> tuple[dict[str, Any], dict[str, str]]:
    """Every field of the form as model values, and the errors found."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in LIST_FIELDS:
        out[name] = tuple(_split_lines(form.get(name)))
    for name, vocab in TERM_FIELDS.items():
        slugs, unknown = _terms(form.get(name), vocab)
        out[name] = slugs
        if unknown:
            errors[name] = f"not in the vocabulary: {', '.join(unknown)}"
    out["secondary_muscles"] = tuple(m for m in out["secondary_muscles"] if m not in out["primary_muscles"])
    level = form.get("level").strip().lower()
    if level and level not in LEVELS:
        errors["level"] = f"choose one of {', '.join(LEVELS)}"
    out["level"] = level
    try:
        out["sets_reps"] = parse_sets_reps(form.get("sets_reps"), form.get("frequency"))
    except ValueError as exc:
        errors["sets_reps"] = str(exc)
    try:
        out["faq"] = parse_faq(form.get("faq"))
    except ValueError as exc:
        errors["faq"] = str(exc)
    out["summary"] = " ".join(form.get("summary").split())
    out["name"] = " ".join(form.get("name").split())
    return out, errors


def _new_aliases(current: Exercise, proposed: Sequence[str],
                 taken: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The proposed aliases the entry lacks (case and punctuation aside), without one that
    names another entry (``taken``: normalized label -> slug); as ``--apply`` decides."""
    return ing.new_aliases(current, ExtractedExercise(name=current.name, aliases=list(proposed)), taken)


# --------------------------------------------------------------------------- accepting


@dataclass(frozen=True)
class Accepted:
    """What accepting wrote: 'added' or 'updated', the slug and the fields written."""

    action: str
    slug: str
    name: str
    fields: tuple[str, ...]


def _source(form: ReviewForm, fields: Sequence[str], editor: str) -> Source:
    where = form.get("source")
    url = where if where.startswith(("http://", "https://")) else ""
    title = form.get("source_title").strip() or where or "pasted text"
    note = f"imported in the web by {editor}" + ("" if url else f" ({where or 'pasted text'})")
    return Source(title[:200], url, f"{note}: {', '.join(fields)}")


def accept(repo: CatalogRepo, form: ReviewForm, editor: str) -> Accepted:
    """Write one reviewed exercise: add it (target empty) or write the ticked fields into the
    target entry. ReviewError when a field or the resulting entry breaks a rule;
    StaleReviewError when the target changed since the review; nothing is written then."""
    values, errors = _parsed(form)
    if form.target:
        return _accept_existing(repo, form, values, errors, editor)
    return _accept_new(repo, form, values, errors, editor)


def _accept_new(repo: CatalogRepo, form: ReviewForm, values: dict[str, Any], errors: dict[str, str],
                editor: str) -> Accepted:
    slug = form.get("slug").strip()
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        errors["slug"] = "use lower-case letters, digits and single hyphens, such as 'cat-cow'"
    elif repo.get(slug) is not None:
        errors["slug"] = f"'{slug}' is already in the library: choose another slug or review it as an update"
    pattern = form.get("pattern")
    category = form.get("category")
    for name, allowed in (("pattern", v.PATTERNS.slugs), ("category", v.CATEGORIES.slugs),
                          ("mechanic", ("", *v.MECHANICS)), ("force", ("", *v.FORCES))):
        if form.get(name) not in allowed:
            errors[name] = f"choose one of {', '.join(a for a in allowed if a)}"
    if not values["level"]:
        errors.setdefault("level", "choose the level this exercise suits")
    fields = ("name", "summary", "steps", "muscles", "equipment", "level",
              *(n for n in ("aliases", "tips", "mistakes", "safety", "sets_reps", "variation_notes", "benefits", "faq")
                if values[n]))
    muscles = len(values["primary_muscles"]) + len(values["secondary_muscles"])
    exercise = Exercise(
        slug=slug, name=values["name"], summary=values["summary"], description=values["summary"],
        steps=values["steps"], primary_muscles=values["primary_muscles"], equipment=values["equipment"],
        level=values["level"], category=category, patterns=(pattern,),
        joint=_joint(form.get("mechanic"), muscles), mechanic=form.get("mechanic") or None,
        force=form.get("force") or None, aliases=values["aliases"], tips=values["tips"],
        mistakes=values["mistakes"], safety=values["safety"], secondary_muscles=values["secondary_muscles"],
        variation_notes=values["variation_notes"], benefits=values["benefits"], faq=values["faq"],
        sets_reps={values["level"]: values["sets_reps"]} if values["sets_reps"] else {},
        sources=(_source(form, fields, editor),), origin="ingest",
    )
    _check(exercise, errors)
    repo.upsert([exercise])
    return Accepted("added", slug, exercise.name, fields)


def _joint(mechanic: str, muscles: int) -> str:
    """A compound exercise moves several joints, an isolation one a single joint."""
    if mechanic in ("compound", "isolation"):
        return "multi" if mechanic == "compound" else "single"
    return "multi" if muscles > 1 else "single"


def _accept_existing(repo: CatalogRepo, form: ReviewForm, values: dict[str, Any], errors: dict[str, str],
                     editor: str) -> Accepted:
    current = repo.get(form.target)
    if current is None:
        raise StaleReviewError(f"'{form.target}' is no longer in the library: review the page again")
    if form.get("base") and fingerprint(current) != form.get("base"):
        raise StaleReviewError(f"'{current.name}' was changed since this review was made: review the page again")
    errors = {k: m for k, m in errors.items() if k in form.write}
    if not form.write:
        errors["write"] = "tick at least one field to write into the library entry"
    if errors:
        raise ReviewError(errors)
    changes: dict[str, Any] = {}
    for name in sorted(form.write):
        if name == "aliases":
            added = _new_aliases(current, values["aliases"], dict(repo.labels()))
            if added:
                changes["aliases"] = (*current.aliases, *added)
        elif name == "sets_reps":
            if values["sets_reps"] is not None:
                level = values["level"] or current.level
                changes["sets_reps"] = {**current.sets_reps, level: values["sets_reps"]}
        elif name == "summary":
            changes["summary"] = values["summary"]
            if not current.description.strip():
                changes["description"] = values["summary"]
        elif name == "secondary_muscles":
            primary = values["primary_muscles"] if "primary_muscles" in form.write else current.primary_muscles
            changes[name] = tuple(m for m in values[name] if m not in primary)
        else:
            changes[name] = values[name]
    fields = tuple(n for n in sorted(changes) if n != "description")
    if not fields:
        raise ReviewError({"write": "the ticked fields hold nothing new for this entry"})
    updated = replace(current, **changes, sources=(*current.sources, _source(form, fields, editor)))
    _check(updated, {})
    repo.upsert([updated])
    return Accepted("updated", current.slug, current.name, fields)


def _check(exercise: Exercise, errors: dict[str, str]) -> None:
    """ReviewError with ``errors`` plus every rule the entry breaks (each under its field)."""
    for problem in problems(exercise):
        key = next((k for k in ("steps", "primary_muscles", "equipment", "summary", "name", "sets_reps", "slug",
                                "pattern", "level", "mechanic", "force")
                    if k.split("_")[0] in problem or (k == "primary_muscles" and "muscle" in problem)), "form")
        if problem not in errors.get(key, "") and not (key in errors and "vocabulary" in problem):
            errors[key] = f"{errors[key]}; {problem}" if key in errors else problem
    if errors:
        raise ReviewError(errors)
