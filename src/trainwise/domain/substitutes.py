"""Rank substitutes for an exercise: same movement pattern and primary muscles, best first."""

from __future__ import annotations

from collections.abc import Iterable

from trainwise.domain.exercises import LEVELS, Exercise

_TRAINING = frozenset({"strength", "rehab", "plyometrics"})


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def substitute_score(target: Exercise, other: Exercise) -> float:
    """How well ``other`` replaces ``target`` (higher is better; 0 when it cannot)."""
    if other.slug == target.slug:
        return 0.0
    shared_patterns = set(target.patterns) & set(other.patterns)
    shared_primary = set(target.primary_muscles) & set(other.primary_muscles)
    if not shared_patterns or not shared_primary:
        return 0.0
    if (target.category in _TRAINING) != (other.category in _TRAINING):
        return 0.0  # a stretch is no substitute for a strength exercise, nor the reverse
    score = 3.0 * _jaccard(target.primary_muscles, other.primary_muscles)
    score += 1.5 * _jaccard(target.patterns, other.patterns)
    score += 0.5 * _jaccard(target.secondary_muscles, other.secondary_muscles)
    score += 0.5 if other.mechanic == target.mechanic else 0.0
    score += 0.3 if other.category == target.category else 0.0
    score -= 0.4 * abs(LEVELS.index(other.level) - LEVELS.index(target.level))
    if other.slug in target.alternatives:
        score += 1.0
    elif other.slug in target.regressions or other.slug in target.progressions:
        score += 0.6
    if other.origin != "builtin":
        score -= 0.25
    return max(score, 0.01)


def rank_substitutes(target: Exercise, candidates: Iterable[Exercise]) -> list[Exercise]:
    """Candidates that share a pattern and a primary muscle with ``target``, best first."""
    scored = [(substitute_score(target, c), c) for c in candidates]
    return [c for s, c in sorted(scored, key=lambda x: (-x[0], x[1].name)) if s > 0]
