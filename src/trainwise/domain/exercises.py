"""The exercise model: one complete guide per exercise, as plain frozen values.

``exercise_from_dict`` / ``exercise_to_dict`` convert to and from the JSON shape that the
CLI, the API and the content files share. ``problems`` lists every rule an entry breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import InvalidExerciseError

LEVELS = ("beginner", "intermediate", "advanced")


@dataclass(frozen=True)
class Range:
    """An inclusive integer range such as 8-12 reps."""

    min: int
    max: int

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}-{self.max}"

    def as_dict(self) -> dict[str, int]:
        return {"min": self.min, "max": self.max}


@dataclass(frozen=True)
class SetsReps:
    """Sets-and-reps guidance for one level: sets, reps or hold seconds, rest, weekly frequency."""

    sets: Range
    reps: Range | None = None
    hold_seconds: Range | None = None
    rest_seconds: Range | None = None
    frequency_per_week: Range | None = None
    note: str = ""

    @property
    def text(self) -> str:
        """Short form such as '2-3 x 8-12' or '3 x 20-30 s'."""
        if self.reps is not None:
            return f"{self.sets} x {self.reps}"
        if self.hold_seconds is not None:
            return f"{self.sets} x {self.hold_seconds} s"
        return f"{self.sets} sets"


@dataclass(frozen=True)
class Faq:
    """A question and its answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class Source:
    """Where facts of an entry come from."""

    title: str
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Exercise:
    """A complete exercise guide. Slug fields use the controlled vocabularies."""

    slug: str
    name: str
    summary: str
    description: str
    steps: tuple[str, ...]
    primary_muscles: tuple[str, ...]
    equipment: tuple[str, ...]
    level: str
    category: str
    patterns: tuple[str, ...]
    joint: str
    mechanic: str | None = None
    force: str | None = None
    aliases: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    breathing: str = ""
    secondary_muscles: tuple[str, ...] = ()
    equipment_alternatives: tuple[tuple[str, ...], ...] = ()
    optional_equipment: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    risk_areas: tuple[str, ...] = ()
    contraindications: tuple[str, ...] = ()
    progressions: tuple[str, ...] = ()
    regressions: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    variation_notes: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    sets_reps: Mapping[str, SetsReps] = field(default_factory=dict)
    faq: tuple[Faq, ...] = ()
    sources: tuple[Source, ...] = ()
    origin: str = "builtin"
    external_ids: Mapping[str, str] = field(default_factory=dict)

    @property
    def muscle_groups(self) -> tuple[str, ...]:
        """Home groups of the primary then secondary muscles, without repeats."""
        seen: list[str] = []
        for m in (*self.primary_muscles, *self.secondary_muscles):
            g = v.group_of(m)
            if g not in seen:
                seen.append(g)
        return tuple(seen)

    @property
    def all_contraindications(self) -> tuple[str, ...]:
        """Declared contraindications plus the conditions that exclude one of the tags."""
        implied = v.conditions_implied_by(self.tags)
        return (*self.contraindications, *(c for c in implied if c not in self.contraindications))

    @property
    def equipment_options(self) -> tuple[tuple[str, ...], ...]:
        """Every set of gear with which the exercise can be done (any one suffices)."""
        return (self.equipment, *self.equipment_alternatives)

    def doable_with(self, available: Iterable[str]) -> bool:
        """True when one equipment option is fully covered by ``available`` (+ body weight)."""
        have = set(available) | v.ALWAYS_AVAILABLE
        return any(set(option) <= have for option in self.equipment_options)

    @property
    def links(self) -> tuple[str, ...]:
        """Every slug this entry links to."""
        return (*self.progressions, *self.regressions, *self.alternatives)


# --------------------------------------------------------------------------- conversion


def _range(value: Any) -> Range | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return Range(int(value["min"]), int(value["max"]))
    if isinstance(value, int):
        return Range(value, value)
    lo, hi = value
    return Range(int(lo), int(hi))


def _strs(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(x) for x in value)


def sets_reps_from_dict(d: Mapping[str, Any]) -> SetsReps:
    """Build SetsReps from its JSON/TOML form."""
    sets = _range(d["sets"])
    assert sets is not None
    return SetsReps(
        sets=sets,
        reps=_range(d.get("reps")),
        hold_seconds=_range(d.get("hold_seconds")),
        rest_seconds=_range(d.get("rest_seconds")),
        frequency_per_week=_range(d.get("frequency_per_week")),
        note=str(d.get("note", "")),
    )


def sets_reps_to_dict(s: SetsReps) -> dict[str, Any]:
    """JSON form of SetsReps, with a short ``text`` such as '2-3 x 8-12'."""

    def r(x: Range | None) -> dict[str, int] | None:
        return x.as_dict() if x is not None else None

    return {
        "text": s.text,
        "sets": s.sets.as_dict(),
        "reps": r(s.reps),
        "hold_seconds": r(s.hold_seconds),
        "rest_seconds": r(s.rest_seconds),
        "frequency_per_week": r(s.frequency_per_week),
        "note": s.note,
    }


def _declared_contraindications(d: Mapping[str, Any]) -> tuple[str, ...]:
    """Contraindications minus those the tags already imply (they are derived again)."""
    implied = v.conditions_implied_by(_strs(d.get("tags")))
    return tuple(c for c in _strs(d.get("contraindications")) if c not in implied)


def exercise_from_dict(d: Mapping[str, Any]) -> Exercise:
    """Build an Exercise from its JSON/TOML form; InvalidExerciseError on a missing field."""
    try:
        return Exercise(
            slug=str(d["slug"]),
            name=str(d["name"]),
            summary=str(d.get("summary", "")),
            description=str(d.get("description", "")),
            steps=_strs(d.get("steps")),
            primary_muscles=_strs(d.get("primary_muscles")),
            equipment=_strs(d.get("equipment")) or ("bodyweight",),
            level=str(d["level"]),
            category=str(d["category"]),
            patterns=_strs(d.get("patterns")),
            joint=str(d.get("joint", "multi")),
            mechanic=d.get("mechanic"),
            force=d.get("force"),
            aliases=_strs(d.get("aliases")),
            tips=_strs(d.get("tips")),
            mistakes=_strs(d.get("mistakes")),
            safety=_strs(d.get("safety")),
            breathing=str(d.get("breathing", "")),
            secondary_muscles=_strs(d.get("secondary_muscles")),
            equipment_alternatives=tuple(_strs(o) for o in d.get("equipment_alternatives", ())),
            optional_equipment=_strs(d.get("optional_equipment")),
            tags=_strs(d.get("tags")),
            risk_areas=_strs(d.get("risk_areas")),
            contraindications=_declared_contraindications(d),
            progressions=_strs(d.get("progressions")),
            regressions=_strs(d.get("regressions")),
            alternatives=_strs(d.get("alternatives")),
            variation_notes=_strs(d.get("variation_notes")),
            benefits=_strs(d.get("benefits")),
            sets_reps={
                lvl: sets_reps_from_dict(sr) for lvl, sr in (d.get("sets_reps") or {}).items()
            },
            faq=tuple(Faq(str(f["question"]), str(f["answer"])) for f in d.get("faq", ())),
            sources=tuple(
                Source(str(s["title"]), str(s.get("url", "")), str(s.get("note", "")))
                for s in d.get("sources", ())
            ),
            origin=str(d.get("origin", "builtin")),
            external_ids={str(k): str(x) for k, x in (d.get("external_ids") or {}).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        slug = d.get("slug", "?") if isinstance(d, Mapping) else "?"
        raise InvalidExerciseError(f"exercise '{slug}': bad or missing field {exc}") from exc


def exercise_to_dict(e: Exercise) -> dict[str, Any]:
    """The JSON object of an exercise (the same for CLI and API)."""
    return {
        "slug": e.slug,
        "name": e.name,
        "aliases": list(e.aliases),
        "summary": e.summary,
        "description": e.description,
        "steps": list(e.steps),
        "tips": list(e.tips),
        "mistakes": list(e.mistakes),
        "safety": list(e.safety),
        "breathing": e.breathing,
        "primary_muscles": list(e.primary_muscles),
        "secondary_muscles": list(e.secondary_muscles),
        "muscle_groups": list(e.muscle_groups),
        "equipment": list(e.equipment),
        "equipment_alternatives": [list(o) for o in e.equipment_alternatives],
        "optional_equipment": list(e.optional_equipment),
        "mechanic": e.mechanic,
        "force": e.force,
        "level": e.level,
        "category": e.category,
        "patterns": list(e.patterns),
        "joint": e.joint,
        "tags": list(e.tags),
        "risk_areas": list(e.risk_areas),
        "contraindications": list(e.all_contraindications),
        "progressions": list(e.progressions),
        "regressions": list(e.regressions),
        "alternatives": list(e.alternatives),
        "variation_notes": list(e.variation_notes),
        "benefits": list(e.benefits),
        "sets_reps": {lvl: sets_reps_to_dict(s) for lvl, s in e.sets_reps.items()},
        "faq": [{"question": f.question, "answer": f.answer} for f in e.faq],
        "sources": [{"title": s.title, "url": s.url, "note": s.note} for s in e.sources],
        "origin": e.origin,
        "external_ids": dict(e.external_ids),
    }


def with_external_id(e: Exercise, dataset: str, external_id: str) -> Exercise:
    """A copy of ``e`` that also records its id in another dataset."""
    return replace(e, external_ids={**e.external_ids, dataset: external_id})


# --------------------------------------------------------------------------- validation

_STRENGTH_LIKE = {"strength", "plyometrics", "rehab"}
_NO_MECHANIC_OK = {"mobility", "stretching", "warmup", "cardio", "balance"}


def problems(e: Exercise) -> list[str]:
    """Every rule the entry breaks, as readable sentences (empty when valid)."""
    out: list[str] = []

    def check(values: Iterable[str], vocab: v.Vocabulary, what: str) -> None:
        for value in values:
            if value not in vocab:
                near = vocab.suggest(value, 1)
                out.append(f"{what} '{value}' is not in the vocabulary" + (f" (did you mean {near[0]}?)" if near else ""))

    if not e.slug or e.slug != e.slug.lower() or " " in e.slug or "_" in e.slug:
        out.append(f"slug '{e.slug}' must be lower-case kebab-case")
    for text_field in ("name", "summary", "description"):
        if not getattr(e, text_field).strip():
            out.append(f"{text_field} is empty")
    if not e.primary_muscles:
        out.append("no primary muscles")
    check(e.primary_muscles, v.MUSCLES, "muscle")
    check(e.secondary_muscles, v.MUSCLES, "muscle")
    if set(e.primary_muscles) & set(e.secondary_muscles):
        out.append("a muscle is both primary and secondary")
    for option in e.equipment_options:
        check(option, v.EQUIPMENT, "equipment")
    check(e.optional_equipment, v.EQUIPMENT, "equipment")
    check(e.patterns, v.PATTERNS, "pattern")
    check(e.tags, v.TAGS, "tag")
    check(e.risk_areas, v.REGIONS, "risk area")
    check(e.contraindications, v.CONDITIONS, "condition")
    if not e.patterns:
        out.append("no movement pattern")
    if e.level not in LEVELS:
        out.append(f"level '{e.level}' must be one of {', '.join(LEVELS)}")
    if e.category not in v.CATEGORIES:
        out.append(f"category '{e.category}' is not in the vocabulary")
    if e.joint not in v.JOINTS:
        out.append(f"joint '{e.joint}' must be multi or single")
    if e.mechanic is None and e.category not in _NO_MECHANIC_OK:
        out.append("mechanic is required for this category")
    if e.mechanic is not None and e.mechanic not in v.MECHANICS:
        out.append(f"mechanic '{e.mechanic}' must be compound or isolation")
    if e.force is None and e.category not in _NO_MECHANIC_OK:
        out.append("force is required for this category")
    if e.force is not None and e.force not in v.FORCES:
        out.append(f"force '{e.force}' must be push, pull or static")
    min_steps = 3 if e.category in _STRENGTH_LIKE else 2
    if len(e.steps) < min_steps:
        out.append(f"needs at least {min_steps} steps, has {len(e.steps)}")
    for lvl, sr in e.sets_reps.items():
        if lvl not in LEVELS:
            out.append(f"sets_reps level '{lvl}' is unknown")
        for rng in (sr.sets, sr.reps, sr.hold_seconds, sr.rest_seconds, sr.frequency_per_week):
            if rng is not None and not 0 < rng.min <= rng.max:
                out.append(f"sets_reps {lvl}: range {rng} is not increasing and positive")
        if sr.reps is None and sr.hold_seconds is None and e.category in _STRENGTH_LIKE:
            out.append(f"sets_reps {lvl}: needs reps or hold_seconds")
    if e.slug in e.links:
        out.append("links to itself")
    if e.category in _STRENGTH_LIKE and not e.sets_reps:
        out.append("no sets_reps guidance")
    return out


def validate(e: Exercise) -> Exercise:
    """Return ``e`` unchanged, or raise InvalidExerciseError listing its problems."""
    found = problems(e)
    if found:
        raise InvalidExerciseError(f"exercise '{e.slug}': " + "; ".join(found))
    return e


def catalog_problems(exercises: Iterable[Exercise]) -> list[str]:
    """Problems across a catalog: duplicate slugs, names or aliases; dangling links."""
    items = list(exercises)
    out: list[str] = []
    slugs: dict[str, int] = {}
    labels: dict[str, str] = {}
    for e in items:
        slugs[e.slug] = slugs.get(e.slug, 0) + 1
        for label in (e.name, *e.aliases):
            key = v.normalize(label)
            other = labels.get(key)
            if other is not None and other != e.slug:
                out.append(f"name or alias '{label}' is used by both {other} and {e.slug}")
            labels[key] = e.slug
    out.extend(f"slug '{s}' is used {n} times" for s, n in slugs.items() if n > 1)
    for e in items:
        out.extend(f"{e.slug}: links to unknown exercise '{link}'" for link in e.links if link not in slugs)
        out.extend(f"{e.slug}: {p}" for p in problems(e))
    return out
