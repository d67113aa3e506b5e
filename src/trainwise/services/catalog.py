"""Use cases of the exercise library: load, look up, search, substitutes."""

from __future__ import annotations

import difflib
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import UnknownExerciseError
from trainwise.domain.exercises import Exercise
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
