"""Import wger's exerciseinfo JSON into the library (same merge policy as free-exercise-db)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from trainwise.domain.wger import DATASET, WgerFormatError, WgerSkip, map_results, results_of
from trainwise.services.importing import DatasetError, ImportReport, import_mapped
from trainwise.services.ports import CatalogRepo


@dataclass(frozen=True)
class WgerReport:
    """What a wger import did, and the results it skipped."""

    report: ImportReport
    skipped: tuple[WgerSkip, ...]

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
            "skipped": [{"id": s.id, "reason": s.reason} for s in self.skipped],
        }


def validate_wger(data: Any) -> list[Mapping[str, Any]]:
    """The exercise results of wger exerciseinfo JSON, or DatasetError saying what is wrong."""
    try:
        return results_of(data)
    except WgerFormatError as exc:
        raise DatasetError(str(exc)) from None


def import_wger(
    repo: CatalogRepo,
    results: Sequence[Mapping[str, Any]],
    *,
    progress: Callable[[int], None] | None = None,
) -> WgerReport:
    """Map, merge and store wger results; entries without English are skipped; idempotent."""
    exercises, skipped = map_results(results)
    report = import_mapped(repo, DATASET, exercises, progress=progress)
    if progress is not None:
        progress(len(results))  # the skipped entries count as done too
    return WgerReport(report, tuple(skipped))
