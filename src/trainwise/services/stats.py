"""Use cases of progress statistics: read a person's logs (one query) and summarise them.

The plan that adherence is measured against, and whose profile gives the weekly hard-set band,
is the one asked for by id, else the person's newest plan that is not on hold (when a plan store
is given), else none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from trainwise.domain import analytics
from trainwise.domain.analytics import ExerciseStats, Stats
from trainwise.domain.errors import DomainError
from trainwise.domain.profile import Profile, ProfileError, profile_from_dict
from trainwise.services.catalog import get_exercise
from trainwise.services.plans import PlanNotFoundError
from trainwise.services.ports import CatalogRepo, LogStore, PlanStore


class StatsError(DomainError, ValueError):
    """A request for statistics that cannot be answered (a bad number of weeks)."""


def check_weeks(weeks: int) -> int:
    """``weeks`` when it is 1-520; StatsError otherwise."""
    if not 1 <= weeks <= analytics.MAX_WEEKS:
        raise StatsError(f"weeks must be between 1 and {analytics.MAX_WEEKS}, got {weeks}")
    return weeks


def _profile(data: Mapping[str, Any]) -> Profile | None:
    try:
        return profile_from_dict(data)
    except ProfileError:
        return None


def current_plan(plan_store: PlanStore, user_id: int,
                 plan_id: str | None = None) -> tuple[str, Mapping[str, Any], Profile | None] | None:
    """(id, plan JSON, profile) of the plan ``plan_id`` (PlanNotFoundError when the user has none),
    or of the newest plan not on hold; None when the user has no such plan."""
    if plan_id is None:
        plan_id = next((p.id for p in plan_store.list(user_id) if p.status != "suspended"), None)
        if plan_id is None:
            return None
    saved = plan_store.get(user_id, plan_id)
    if saved is None:
        raise PlanNotFoundError(plan_id)
    return plan_id, saved.plan, _profile(saved.profile)


def stats_for(store: LogStore, catalog: CatalogRepo, user_id: int, today: date, *,
              weeks: int = analytics.DEFAULT_WEEKS, plan_id: str | None = None,
              plan_store: PlanStore | None = None) -> Stats:
    """Every statistic of the user's logs up to ``today`` (trends over the last ``weeks`` weeks)."""
    check_weeks(weeks)
    chosen = current_plan(plan_store, user_id, plan_id) if plan_store is not None else None
    if chosen is None and plan_id is not None:
        raise PlanNotFoundError(plan_id)
    logs = store.list(user_id, None, today)
    slugs = sorted({ex.exercise for log in logs for ex in log.exercises})
    exercises = {e.slug: e for e in catalog.get_many(slugs)} if slugs else {}
    if chosen is None:
        return analytics.summarize(logs, exercises, today, weeks=weeks)
    chosen_id, plan, profile = chosen
    return analytics.summarize(logs, exercises, today, profile=profile, plan=plan, weeks=weeks, plan_id=chosen_id)


def exercise_stats_for(store: LogStore, catalog: CatalogRepo, user_id: int, ident: str, today: date, *,
                       weeks: int = analytics.DEFAULT_WEEKS) -> ExerciseStats:
    """The e1RM trend and records of one exercise (slug, name or alias); UnknownExerciseError
    with the nearest slugs when the library has no such exercise."""
    check_weeks(weeks)
    exercise = get_exercise(catalog, ident)
    logs = [log for log in store.list(user_id, None, today) if any(e.exercise == exercise.slug for e in log.exercises)]
    names = {exercise.slug: exercise.name}
    trends = analytics.e1rm_trends(logs, names, analytics.window(today, weeks)[0], today)
    records = analytics.personal_records(logs, names)
    trend = next((t for t in trends if t.exercise == exercise.slug), analytics.E1rmTrend(exercise.slug, exercise.name, ()))
    found = next((r for r in records if r.exercise == exercise.slug), None)
    return ExerciseStats(exercise.slug, exercise.name, trend, found)
