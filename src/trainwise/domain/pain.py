"""The pain traffic light (rubric §0.3 pain zones, P7) and the body regions an exercise loads.

Zones, for one session and one region (NRS 0-10; thresholds are settings, defaults green ≤ 2,
amber 3-5, red ≥ 6):

- **green**: pain during ≤ 2 and next-morning pain ≤ the pre-session baseline;
- **amber**: pain during 3-5, next-morning pain ≤ baseline, weekly mean baseline not rising;
- **red**: pain during ≥ 6, or next-morning pain above baseline, or a weekly mean baseline that
  rose two weeks running.

Pain during 3-5 with a baseline that rose for one week only is kept amber (no increases) and
flagged in the detail. Source: Silbernagel 2007 pain-monitoring model [S22]; traffic-light
practice. Neurological symptoms are not a zone: see ``logs.NEURO_SYMPTOMS`` and the engine.

The baseline is the session's ``pain_before``, else the last one logged, else the profile's
``pain.baseline_nrs``; with none known at all it is taken as the top of green (HOUSE).

Regions are the vocabulary's REGIONS (``lower_back``, ``knees``, ...), the coarse groups
``upper`` / ``lower`` / ``trunk``, or ``general`` (a bare number: "the region of this exercise").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import GENERAL_REGION
from trainwise.domain.rubric import REGION_LOADS, loads_region

GREEN, AMBER, RED = "green", "amber", "red"
ZONE_ORDER = {GREEN: 0, AMBER: 1, RED: 2}

LOWER_REGIONS = ("lower_back", "hips", "knees", "ankles")
UPPER_REGIONS = ("shoulders", "elbows", "wrists", "neck", "upper_back")
TRUNK_REGIONS = ("lower_back", "upper_back")
COARSE_REGIONS: Mapping[str, tuple[str, ...]] = {
    "lower": LOWER_REGIONS, "upper": UPPER_REGIONS, "trunk": TRUNK_REGIONS,
}
#: Regions whose loading stops on neurological symptoms: the spine and the lower body (rubric P7 neuro).
NEURO_STOP_REGIONS = frozenset({"lower_back", "upper_back", "hips", "knees", "ankles"})
WEEK_DAYS = 7


@dataclass(frozen=True)
class PainThresholds:
    """Traffic-light cut-offs (rubric P7: configuration values)."""

    green_max: int = 2
    amber_max: int = 5

    def __post_init__(self) -> None:
        if not 0 <= self.green_max < self.amber_max <= 10:
            raise ValueError("pain thresholds need 0 <= green_max < amber_max <= 10")


@dataclass(frozen=True)
class PainDay:
    """The pain reported around one session: ``region -> NRS`` maps (any may be empty)."""

    date: date
    during: Mapping[str, int]
    next_morning: Mapping[str, int]
    before: Mapping[str, int]


@dataclass(frozen=True)
class ZoneResult:
    """The zone of one session for the regions that matter (None: nothing reported there)."""

    zone: str | None
    region: str | None = None
    detail: str = ""
    baseline_rising: bool = False


def expand(key: str) -> frozenset[str]:
    """The vocabulary regions a key stands for (``lower`` -> lower back, hips, knees, ankles); a
    prescription's region may join several keys with commas (``upper,lower``)."""
    return frozenset(r for part in key.split(",") for r in COARSE_REGIONS.get(part, (part,)))


def exercise_regions(exercise: Exercise | None, coarse: str | None = None) -> frozenset[str]:
    """Regions the exercise loads: by its patterns, primary muscles and tags (rubric REGION_LOADS),
    plus those of the prescription's coarse region (``upper``/``lower``/``trunk`` or one region)."""
    regions: set[str] = set()
    if exercise is not None:
        for pattern in exercise.patterns or ("",):
            view: dict[str, Any] = {"pattern": pattern, "role": "main", "tags": list(exercise.tags),
                                    "muscles": {"primary": list(exercise.primary_muscles)}}
            regions.update(r for r in REGION_LOADS if loads_region(view, r))
    if coarse:
        regions.update(expand(coarse))
    return frozenset(regions)


def applies(key: str, regions: frozenset[str]) -> bool:
    """True when a pain report under ``key`` concerns an exercise loading ``regions``.

    A bare number (``general``) always applies; with no known regions every report applies
    (the cautious reading)."""
    if key == GENERAL_REGION or not regions:
        return True
    return bool(expand(key) & regions)


def _baseline(key: str, day: PainDay, earlier: Sequence[PainDay], profile_baseline: Mapping[str, int],
              unknown: int) -> int:
    """Pre-session pain for ``key``: this session's, else the last one logged, else the profile's,
    else ``unknown`` (HOUSE: the top of green, so a next-morning 0-2 counts as settled)."""
    for source in (day, *reversed(earlier)):
        for k in (key, GENERAL_REGION):
            if k in source.before:
                return source.before[k]
    for region, value in profile_baseline.items():
        if key == GENERAL_REGION or region in expand(key):
            return value
    return unknown


def weekly_means(key: str, days: Sequence[PainDay], until: date) -> list[float | None]:
    """Mean pre-session pain for ``key`` in 7-day blocks counted back from ``until`` (index 0 = latest)."""
    sums: dict[int, list[int]] = {}
    for day in days:
        value = day.before.get(key, day.before.get(GENERAL_REGION))
        if value is None or day.date > until:
            continue
        sums.setdefault((until - day.date).days // WEEK_DAYS, []).append(value)
    if not sums:
        return []
    return [sum(sums[i]) / len(sums[i]) if i in sums else None for i in range(max(sums) + 1)]


def baseline_rise(key: str, days: Sequence[PainDay], until: date) -> int:
    """How many consecutive weeks, up to the latest, the weekly mean baseline rose (0, 1 or 2)."""
    means = weekly_means(key, days, until)
    rises = 0
    for i in range(min(2, len(means) - 1)):
        now, before = means[i], means[i + 1]
        if now is None or before is None or now <= before:
            break
        rises += 1
    return rises


def session_zone(day: PainDay, earlier: Sequence[PainDay], regions: frozenset[str],
                 thresholds: PainThresholds = PainThresholds(),
                 profile_baseline: Mapping[str, int] | None = None) -> ZoneResult:
    """The worst zone of ``day`` over the pain keys that concern ``regions`` (rubric §0.3)."""
    baseline_source = profile_baseline or {}
    history = [*earlier, day]
    worst = ZoneResult(None)
    keys = sorted(k for k in {*day.during, *day.next_morning} if applies(k, regions))
    for key in keys:
        during = day.during.get(key)
        morning = day.next_morning.get(key)
        base = _baseline(key, day, earlier, baseline_source, thresholds.green_max)
        rise = baseline_rise(key, history, day.date)
        label = "pain" if key == GENERAL_REGION else key.replace("_", " ") + " pain"
        if during is not None and during > thresholds.amber_max:
            result = ZoneResult(RED, key, f"{label} {during}/10 during the session (red is {thresholds.amber_max + 1} "
                                          "or more)")
        elif morning is not None and morning > base:
            result = ZoneResult(RED, key, f"{label} {morning}/10 the next morning, above the {base}/10 baseline "
                                          "(it did not settle)")
        elif rise >= 2:
            result = ZoneResult(RED, key, f"{label}: the weekly mean baseline rose two weeks running")
        elif during is not None and during > thresholds.green_max:
            note = "; the weekly baseline rose this week, watch it" if rise == 1 else ""
            result = ZoneResult(AMBER, key, f"{label} {during}/10 during the session, settled by the next "
                                            f"morning{note}", baseline_rising=rise == 1)
        else:
            result = ZoneResult(GREEN, key, f"{label} {during or 0}/10 during the session, settled")
        if worst.zone is None or ZONE_ORDER[result.zone or GREEN] > ZONE_ORDER[worst.zone]:
            worst = result
    return worst


def worst_zone(zones: Iterable[str | None]) -> str | None:
    """The worst of several zones (None when none was reported)."""
    present = [z for z in zones if z is not None]
    return max(present, key=lambda z: ZONE_ORDER[z]) if present else None
