"""Import outside datasets into the library, merging with built-in entries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError
from trainwise.domain.exercises import Exercise
from trainwise.domain.free_exercise_db import DATASET, candidate_labels, map_entry
from trainwise.services.ports import CatalogRepo


class DatasetError(DomainError, ValueError):
    """The input is not the dataset it claims to be."""


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    total: int
    added: int
    updated: int
    unchanged: int
    merged: int
    """Entries that match a built-in exercise and were linked to it instead of duplicated."""
    merged_new: int
    """Of those, links recorded by this run."""


def builtin_label_index(existing: Sequence[Exercise]) -> dict[str, Exercise]:
    """Normalized slug, name and alias (and their singular) -> built-in exercise, for matching."""
    labels: dict[str, Exercise] = {}
    for e in existing:
        if e.origin == "builtin":
            for label in (e.slug, e.name, *e.aliases):
                labels.setdefault(v.normalize(label), e)
                labels.setdefault(v.singular(v.normalize(label)), e)
    return labels


def match_builtin(name: str, labels: Mapping[str, Exercise]) -> Exercise | None:
    """The built-in exercise a dataset entry's name refers to (its equipment must fit), or None."""
    for key, stripped in candidate_labels(name):
        found = labels.get(key) or labels.get(v.singular(key))
        if found is None:
            continue
        if stripped is None or any(stripped in option for option in found.equipment_options):
            return found
    return None


def validate_free_exercise_db(data: Any) -> list[Mapping[str, Any]]:
    """The entries of a free-exercise-db export, or DatasetError saying what is wrong."""
    if not isinstance(data, list):
        raise DatasetError("free-exercise-db data must be a JSON array of exercises")
    for i, entry in enumerate(data):
        if not isinstance(entry, dict) or not {"id", "name", "primaryMuscles"} <= entry.keys():
            raise DatasetError(f"entry {i} is not a free-exercise-db exercise (needs id, name, primaryMuscles)")
    return data


def import_free_exercise_db(
    repo: CatalogRepo,
    entries: Iterable[Mapping[str, Any]],
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Map, merge and store free-exercise-db entries; a second run changes nothing."""
    return import_mapped(repo, DATASET, (map_entry(entry) for entry in entries), progress=progress)


def import_mapped(
    repo: CatalogRepo,
    dataset: str,
    exercises: Iterable[Exercise],
    *,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Merge and store exercises mapped from ``dataset`` (each with its id in external_ids):
    entries matching a built-in exercise by name are linked to it, the others are stored
    under a stable slug. A second run changes nothing."""
    existing = repo.all()
    builtin_labels = builtin_label_index(existing)
    known = repo.external_ids(dataset)
    taken = {e.slug: e.external_ids.get(dataset) for e in existing}
    to_store: list[Exercise] = []
    links: list[tuple[str, str, str]] = []
    merged = merged_new = total = 0
    for n, ex in enumerate(exercises, 1):
        total = n
        ext_id = ex.external_ids[dataset]
        match = match_builtin(ex.name, builtin_labels)
        if match is not None:
            merged += 1
            if known.get(ext_id) != match.slug:
                merged_new += 1
            links.append((dataset, ext_id, match.slug))
        else:
            to_store.append(replace(ex, slug=free_slug(ex.slug, ext_id, known, taken, dataset)))
        if progress is not None:
            progress(n)
    report = repo.upsert(to_store)
    repo.link_external_ids(links)
    return ImportReport(
        total=total,
        added=len(report.added),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
        merged=merged,
        merged_new=merged_new,
    )


def free_slug(
    slug: str, ext_id: str, known: Mapping[str, str], taken: dict[str, str | None], dataset: str = DATASET
) -> str:
    """The slug an imported entry keeps: its earlier one, else the first free variant."""
    if ext_id in known:
        return known[ext_id]
    candidate, i = slug, 1
    while candidate in taken and taken[candidate] != ext_id:
        i += 1
        candidate = f"{slug}-{dataset.split('-')[0]}" if i == 2 else f"{slug}-{i}"
    taken[candidate] = ext_id
    return candidate
