"""Import wger's exerciseinfo JSON into the library (same merge policy as free-exercise-db)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise
from trainwise.domain.wger import (
    DATASET,
    WgerFormatError,
    WgerSkip,
    map_results,
    results_of,
    variation_partners,
)
from trainwise.services.importing import (
    DatasetError,
    ImportReport,
    builtin_label_index,
    free_slug,
    import_mapped,
    match_builtin,
)
from trainwise.services.ports import CatalogRepo


@dataclass(frozen=True)
class WgerReport:
    """What a wger import did, and the results it skipped."""

    report: ImportReport
    skipped: tuple[WgerSkip, ...]
    variation_links: int = 0
    """Links (alternatives) recorded between stored entries from wger's variation groups."""

    def as_dict(self) -> dict[str, object]:
        r = self.report
        return {
            "total": r.total + len(self.skipped),
            "imported": r.total,
            "added": r.added,
            "updated": r.updated,
            "unchanged": r.unchanged,
            "merged_with_builtin": r.merged,
            "newly_merged": r.merged_new,
            "variation_links": self.variation_links,
            "skipped": [{"id": s.id, "reason": s.reason} for s in self.skipped],
        }


def validate_wger(data: Any) -> list[Mapping[str, Any]]:
    """The exercise results of wger exerciseinfo JSON, or DatasetError saying what is wrong."""
    try:
        return results_of(data)
    except WgerFormatError as exc:
        raise DatasetError(str(exc)) from None


def _planned_slugs(
    existing: Sequence[Exercise], known: Mapping[str, str], exercises: Sequence[Exercise]
) -> tuple[dict[str, str], set[str]]:
    """wger id -> the slug each entry will have once imported (the built-in exercise it merges
    into, else its stored slug), and the ids that merge. Same rules, state and order as
    ``import_mapped``, so links can be set before storing (tests check the two agree)."""
    builtin_labels = builtin_label_index(existing)
    taken = {e.slug: e.external_ids.get(DATASET) for e in existing}
    slugs: dict[str, str] = {}
    merged: set[str] = set()
    for ex in exercises:
        ext_id = ex.external_ids[DATASET]
        match = match_builtin(ex.name, builtin_labels)
        if match is not None:
            slugs[ext_id] = match.slug
            merged.add(ext_id)
        else:
            slugs[ext_id] = free_slug(ex.slug, ext_id, known, taken, DATASET)
    return slugs, merged


def _without_taken_aliases(
    existing: Sequence[Exercise], exercises: Sequence[Exercise], slugs: Mapping[str, str], merged: set[str]
) -> list[Exercise]:
    """The exercises without the wger aliases that are the name (or slug) of another exercise of
    the library or of this import: "Push up" on wger's Push-ups must not hide the built-in Push-Up.
    (An alias shared with another exercise's alias is kept.)"""
    names: dict[str, str] = {}
    for e in existing:
        names.setdefault(v.normalize(e.name), e.slug)
        names.setdefault(v.normalize(e.slug), e.slug)
    for ex in exercises:
        if ex.external_ids[DATASET] not in merged:
            names.setdefault(v.normalize(ex.name), slugs[ex.external_ids[DATASET]])
    out: list[Exercise] = []
    for ex in exercises:
        own = slugs[ex.external_ids[DATASET]]
        keep = tuple(a for a in ex.aliases if names.get(v.normalize(a), own) == own)
        out.append(replace(ex, aliases=keep) if keep != ex.aliases else ex)
    return out


def _with_variations(
    exercises: Sequence[Exercise], partners: Mapping[str, tuple[str, ...]], slugs: Mapping[str, str]
) -> list[Exercise]:
    """The exercises with their wger variation partners as alternatives (by final slug)."""
    out: list[Exercise] = []
    for ex in exercises:
        ext_id = ex.external_ids[DATASET]
        own = slugs.get(ext_id, ex.slug)
        links: list[str] = []
        for p in partners.get(ext_id, ()):
            target = slugs.get(p)
            if target is not None and target != own and target not in links:
                links.append(target)
        out.append(replace(ex, alternatives=tuple(links)) if links else ex)
    return out


def import_wger(
    repo: CatalogRepo,
    results: Sequence[Mapping[str, Any]],
    *,
    progress: Callable[[int], None] | None = None,
) -> WgerReport:
    """Map, merge and store wger results; entries without English are skipped. Exercises of one
    wger variation group that are both imported link to each other as alternatives (entries
    merged into built-in exercises are linked to, but the built-ins are not changed). Aliases
    that already name another exercise are dropped. Idempotent."""
    try:
        exercises, skipped = map_results(results)
    except WgerFormatError as exc:
        raise DatasetError(str(exc)) from None
    existing = repo.all()
    slugs, merged = _planned_slugs(existing, repo.external_ids(DATASET), exercises)
    exercises = _without_taken_aliases(existing, exercises, slugs, merged)
    linked = _with_variations(exercises, variation_partners(results), slugs)
    report = import_mapped(repo, DATASET, linked, progress=progress)
    if progress is not None:
        progress(len(results))  # the skipped entries count as done too
    links = sum(len(ex.alternatives) for ex in linked if ex.external_ids[DATASET] not in merged)
    return WgerReport(report, tuple(skipped), links)
