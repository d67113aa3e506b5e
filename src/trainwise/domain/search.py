"""Search over exercises: the query spec, text tokenising and result ranking (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise

STOPWORDS = frozenset({"a", "an", "and", "the", "on", "of", "with", "for", "to", "in", "at", "or", "your"})


@dataclass(frozen=True)
class ExerciseQuery:
    """What to look for. Every list filter is resolved to vocabulary slugs before use."""

    text: str = ""
    muscles: tuple[str, ...] = ()
    """Match exercises that work any of these muscles (primary or secondary)."""
    equipment: tuple[str, ...] | None = None
    """The gear a person has: only exercises doable with it (plus body weight). None = no filter."""
    levels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    exclude_risk_areas: tuple[str, ...] = ()
    safe_for: tuple[str, ...] = ()
    """Condition codes: leave out exercises contraindicated for any of them."""
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class SearchPage:
    """One page of results with the total number that matched."""

    items: tuple[Exercise, ...]
    total: int
    corrected_text: str | None = None
    suggestions: tuple[str, ...] = field(default_factory=tuple)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens without stop words: 'Back extension on a ball' -> [back, extension, ball]."""
    words = re.findall(r"[a-z0-9]+", v.normalize(text))
    kept = [w for w in words if w not in STOPWORDS]
    return kept or words


def search_fields(e: Exercise) -> tuple[str, str, str]:
    """The (name, aliases, body) texts indexed for full-text search."""
    body_parts: list[str] = [e.summary, e.description, e.category, e.level]
    for m in (*e.primary_muscles, *e.secondary_muscles):
        body_parts.extend(v.MUSCLES.labels(m))
    for option in e.equipment_options:
        for item in option:
            body_parts.extend(v.EQUIPMENT.labels(item))
    for p in e.patterns:
        body_parts.append(v.PATTERNS.get(p).name)
    return e.name, " ; ".join(e.aliases), " ; ".join(body_parts)


def word_set(texts: Iterable[str]) -> set[str]:
    """Every word of length >= 3 in the texts (the typo-correction dictionary)."""
    out: set[str] = set()
    for text in texts:
        out.update(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3)
    return out


@dataclass(frozen=True)
class Candidate:
    """A full-text hit before ranking: just what ranking needs."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    score: float
    """The engine's relevance; higher is better."""


def rerank(query: str, candidates: Sequence[Candidate]) -> list[str]:
    """Slugs of the candidates, best first, boosting name and alias matches.

    An exact name or alias match comes first; then names holding the whole query as a phrase,
    then names holding every query word, then aliases holding every word, then the rest, each
    tier ordered by the engine's relevance.
    """
    q = v.normalize(query)
    stems = [w[:5] if len(w) > 5 else w for w in tokens(query)]

    def key(c: Candidate) -> tuple[int, float, int, str]:
        labels = [v.normalize(x) for x in (c.name, *c.aliases)]
        name = labels[0]
        if q in labels:
            tier = 0
        elif q and q in name:
            tier = 1
        elif stems and all(s in name for s in stems):
            tier = 2
        elif stems and any(all(s in lab for s in stems) for lab in labels):
            tier = 3
        else:
            tier = 4
        return (tier, -c.score, len(name), c.slug)

    return [c.slug for c in sorted(candidates, key=key)]
