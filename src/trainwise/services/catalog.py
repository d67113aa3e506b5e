"""Use cases of the exercise library: load, look up, search, substitutes."""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import UnknownExerciseError, UnknownTermError
from trainwise.domain.exercises import Exercise, exercise_to_dict
from trainwise.domain.search import ExerciseQuery, SearchPage, rerank, tokens, word_set
from trainwise.domain.substitutes import rank_substitutes
from trainwise.services.ports import CatalogRepo, UpsertResult


@dataclass
class _Index:
    revision: int
    words: frozenset[str]
    labels: list[tuple[str, str]]


_INDEXES: weakref.WeakKeyDictionary[CatalogRepo, _Index] = weakref.WeakKeyDictionary()


def _index(repo: CatalogRepo) -> _Index:
    """Typo dictionary and label list, rebuilt only when the catalog revision changes."""
    rev = repo.revision()
    cached = _INDEXES.get(repo)
    if cached is None or cached.revision != rev:
        cached = _Index(rev, frozenset(word_set(repo.search_texts())), repo.labels())
        _INDEXES[repo] = cached
    return cached


def load_library(repo: CatalogRepo, exercises: Iterable[Exercise]) -> UpsertResult:
    """Add new and update changed built-in exercises; running it twice changes nothing."""
    return repo.upsert(exercises)


def suggest(repo: CatalogRepo, text: str, n: int = 3) -> list[str]:
    """Slugs whose slug, name or alias is nearest to ``text``."""
    labels = _index(repo).labels
    key = v.normalize(text)
    found = process.extract(key, [lab for lab, _ in labels], limit=n * 4, score_cutoff=60)
    out: list[str] = []
    for _label, _score, i in found:
        slug = labels[i][1]
        if slug not in out:
            out.append(slug)
    if not out:
        out = difflib.get_close_matches(key, [s for _, s in labels], n=n)
    return out[:n]


def get_exercise(repo: CatalogRepo, ident: str) -> Exercise:
    """The exercise with this slug, name or alias; UnknownExerciseError with nearest matches."""
    found = repo.find(ident)
    if found is None:
        raise UnknownExerciseError(ident, suggest(repo, ident))
    return found


def correct_words(words: Sequence[str], dictionary: frozenset[str]) -> list[str]:
    """Replace words missing from the dictionary by their nearest known word (typo tolerance)."""
    out: list[str] = []
    for w in words:
        if len(w) < 4 or w in dictionary or w.rstrip("s") in dictionary:
            out.append(w)
            continue
        max_d = 1 if len(w) <= 5 else 2
        best = process.extractOne(w, dictionary, scorer=Levenshtein.distance, score_cutoff=max_d)
        out.append(str(best[0]) if best else w)
    return out


def search_exercises(repo: CatalogRepo, query: ExerciseQuery) -> SearchPage:
    """Ranked full-text search with filters; typo-tolerant; no text means a filtered list."""
    words = tokens(query.text) if query.text.strip() else []
    if not words:
        items, total = repo.list_page(query)
        return SearchPage(tuple(items), total)
    corrected = correct_words(words, _index(repo).words)
    for any_word in (False, True):
        candidates, total = repo.text_candidates(query, corrected, any_word=any_word)
        if candidates:
            ranked = rerank(" ".join(corrected), candidates)
            page = repo.get_many(ranked[query.offset : query.offset + query.limit])
            note = " ".join(corrected) if corrected != words else None
            return SearchPage(tuple(page), total, corrected_text=note)
    # Nothing in the index: fall back to fuzzy name matching.
    slugs = suggest(repo, query.text, n=max(query.limit, 5))
    fuzzy = repo.by_ids_filtered(slugs, replace(query, limit=len(slugs)))
    return SearchPage(tuple(fuzzy[query.offset : query.offset + query.limit]), len(fuzzy),
                      suggestions=tuple(slugs))


@dataclass(frozen=True)
class Listing:
    """One page of exercises with its position: what the browse page, its htmx fragment
    and the API's JSON list are all made from."""

    result: SearchPage
    limit: int
    offset: int

    @property
    def page(self) -> int:
        """1-based page number."""
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.result.total // self.limit))

    def as_dict(self) -> dict[str, object]:
        """The API's JSON body: items are the same objects as `exercises show --json`."""
        return {
            "items": [exercise_to_dict(e) for e in self.result.items],
            "total": self.result.total,
            "limit": self.limit,
            "offset": self.offset,
            "corrected_query": self.result.corrected_text,
        }


def list_exercises(repo: CatalogRepo, query: ExerciseQuery) -> Listing:
    """The one data function behind every exercise list (web page, htmx fragment, API JSON)."""
    return Listing(search_exercises(repo, query), query.limit, query.offset)


def find_substitutes(
    repo: CatalogRepo, ident: str, *, equipment: Sequence[str] | None = None, limit: int = 10
) -> list[Exercise]:
    """Exercises with the same pattern and primary muscles doable with ``equipment``, best first."""
    target = get_exercise(repo, ident)
    q = ExerciseQuery(equipment=tuple(equipment) if equipment is not None else None)
    candidates = repo.candidates_sharing(target.patterns, target.primary_muscles, q)
    return rank_substitutes(target, candidates)[:limit]


def resolve_terms(kind: str, values: Iterable[str]) -> tuple[str, ...]:
    """Resolve free-text values to vocabulary slugs (UnknownTermError names the nearest)."""
    vocab = v.vocabulary(kind)
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                slug = vocab.resolve(part)
                if slug not in out:
                    out.append(slug)
    return tuple(out)


def resolve_muscles(values: Iterable[str]) -> tuple[str, ...]:
    """Muscle slugs for muscle names, aliases or muscle-group names ('core', 'posterior chain')."""
    out: list[str] = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                _kind, slugs = v.resolve_muscle_or_group(part)
                out.extend(s for s in slugs if s not in out)
    return tuple(out)


def library_summary(repo: CatalogRepo) -> dict[str, object]:
    """Counts of the stored library by level, category and origin."""
    return {
        "exercises": repo.count(),
        "by_level": repo.counts_by("level"),
        "by_category": repo.counts_by("category"),
        "by_origin": repo.counts_by("origin"),
    }


T = TypeVar("T")


class InvalidParameterError(UnknownTermError):
    """A filter parameter whose value is not in its vocabulary; names the parameter."""

    def __init__(self, parameter: str, error: UnknownTermError) -> None:
        super().__init__(error.kind, error.value, error.suggestions)
        self.parameter = parameter


def _param(name: str, fn: Callable[[], T]) -> T:
    try:
        return fn()
    except UnknownTermError as exc:
        raise InvalidParameterError(name, exc) from None


def build_query(
    *,
    text: str = "",
    muscle: Sequence[str] | None = None,
    muscle_group: Sequence[str] | None = None,
    equipment: Sequence[str] | None = None,
    level: Sequence[str] | None = None,
    category: Sequence[str] | None = None,
    pattern: Sequence[str] | None = None,
    exclude_tag: Sequence[str] | None = None,
    exclude_risk: Sequence[str] | None = None,
    safe_for: Sequence[str] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ExerciseQuery:
    """Resolve free-text filter values to slugs; InvalidParameterError names a bad one."""
    muscles = list(_param("muscle", lambda: resolve_muscles(muscle or ())))
    for group in _param("muscle_group", lambda: resolve_terms("muscle_groups", muscle_group or ())):
        muscles.extend(m for m in v.muscles_in_group(group) if m not in muscles)
    return ExerciseQuery(
        text=text,
        muscles=tuple(muscles),
        equipment=_param("equipment", lambda: resolve_terms("equipment", equipment)) if equipment else None,
        levels=_param("level", lambda: resolve_terms("levels", level or ())),
        categories=_param("category", lambda: resolve_terms("categories", category or ())),
        patterns=_param("pattern", lambda: resolve_terms("patterns", pattern or ())),
        exclude_tags=_param("exclude_tag", lambda: resolve_terms("tags", exclude_tag or ())),
        exclude_risk_areas=_param("exclude_risk", lambda: resolve_terms("regions", exclude_risk or ())),
        safe_for=_param("safe_for", lambda: resolve_terms("conditions", safe_for or ())),
        limit=limit,
        offset=offset,
    )


def resolve_equipment(name: str, values: Sequence[str] | None) -> tuple[str, ...] | None:
    """Equipment slugs for a parameter (None when not given); InvalidParameterError on a bad one."""
    return _param(name, lambda: resolve_terms("equipment", values)) if values else None
