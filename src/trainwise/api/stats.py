"""Routes of /api/v1/stats: progress statistics of the current user's workout logs.

Statistics are personal and never cached. The models below document the JSON; the routes
return :meth:`trainwise.domain.analytics.Stats.to_dict` unchanged (the same object as
``trainwise stats --json``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from trainwise.api.deps import CatalogDep, CurrentUserDep, LogStoreDep, PlanStoreDep
from trainwise.domain.analytics import DEFAULT_WEEKS, MAX_WEEKS
from trainwise.services import stats as svc

router = APIRouter(prefix="/stats", tags=["stats"])
WeeksQuery = Annotated[int, Query(ge=1, le=MAX_WEEKS, description="Length of the window, in ISO weeks ending with this one.")]


# ---------------------------------------------------------------------------- documentation of the JSON


class WeekRead(BaseModel):
    start: dt.date = Field(description="The Monday of the ISO week.")
    label: str = Field(description="ISO week, e.g. 2026-W10.")


class E1rmPointRead(BaseModel):
    date: dt.date
    e1rm_kg: float = Field(description="Mean of Epley and Brzycki with r_eff = reps + RIR.")
    load_kg: float
    reps: int
    rir: float | None = Field(description="RIR as logged (or 10 - RPE); null when neither was logged (read as 0).")
    low_confidence: bool = Field(description="reps + RIR is 11 or 12.")


class E1rmTrendRead(BaseModel):
    exercise: str
    name: str
    points: list[E1rmPointRead] = Field(description="Best e1RM per session day in the window, oldest first.")
    best: E1rmPointRead | None
    change_pct: float | None = Field(description="Last point against the first, in percent.")
    direction: str = Field(description="up | down (a change of 5 % or more) | flat (noise) | '' (one point).")


class RecordRead(BaseModel):
    kind: str = Field(description="heaviest | best_e1rm | most_volume | reps_at_load")
    value: float
    unit: str = Field(description="kg | reps")
    date: dt.date = Field(description="The day the record was first reached.")
    load_kg: float | None
    reps: int | None
    low_confidence: bool


class ExerciseRecordsRead(BaseModel):
    exercise: str
    name: str
    heaviest: RecordRead | None
    best_e1rm: RecordRead | None
    most_volume: RecordRead | None = Field(description="Most load x reps in one session.")
    reps_at_load: list[RecordRead] = Field(description="Most reps at each load, heaviest first (null load: body weight).")
    latest: dt.date | None


class GroupVolumeRead(BaseModel):
    group: str
    major: bool
    band: list[float] | None = Field(description="[low, high] weekly hard sets (major groups only).")
    weeks: list[float] = Field(description="Fractional hard sets per week, aligned with `weeks`.")
    statuses: list[str] = Field(description="below | in | above for each week.")
    this_week: float
    average: float | None = Field(description="Mean over the full weeks counted.")
    status: str


class VolumeRead(BaseModel):
    band: list[float]
    band_source: str = Field(description="profile (the plan's profile) | general (4-10 sets).")
    cap: float | None
    full_weeks: int
    groups: list[GroupVolumeRead]


class AdherenceRead(BaseModel):
    sessions: list[int]
    planned: list[int] | None
    weekly_rate: list[float | None] | None
    rate: float | None
    sessions_in_window: int
    current_streak: int = Field(description="Consecutive weeks with a session, up to this week.")
    longest_streak: int
    plan_streak: int | None = Field(description="Consecutive plan weeks with every planned session logged.")
    total_sessions: int
    last_session: dt.date | None


class PainTrendRead(BaseModel):
    region: str
    during_mean: list[float | None]
    during_max: list[int | None]
    morning_mean: list[float | None]
    morning_max: list[int | None]


class StatsRead(BaseModel):
    today: dt.date
    weeks: list[WeekRead]
    plan_id: str | None = Field(description="The plan adherence is measured against.")
    e1rm: list[E1rmTrendRead]
    records: list[ExerciseRecordsRead]
    volume: VolumeRead
    adherence: AdherenceRead
    pain: list[PainTrendRead]
    unknown_exercises: list[str]


class ExerciseStatsRead(BaseModel):
    exercise: str
    name: str
    trend: E1rmTrendRead
    records: ExerciseRecordsRead | None


class StatsErrorRead(BaseModel):
    detail: str
    suggestions: list[str] = []


# ---------------------------------------------------------------------------- routes


@router.get("", response_model=StatsRead, summary="My progress",
            responses={404: {"model": StatsErrorRead, "description": "No saved plan with this `plan_id`."}})
def get_stats(store: LogStoreDep, catalog: CatalogDep, plans: PlanStoreDep, user: CurrentUserDep,
              weeks: WeeksQuery = DEFAULT_WEEKS,
              plan_id: Annotated[str | None, Query(max_length=64, description="Measure adherence against this saved "
                                                   "plan (default: the newest plan not on hold).")] = None,
              ) -> JSONResponse:
    """e1RM trends, personal records, weekly hard sets per muscle group against the target band,
    adherence and streaks, and pain per region, over the last `weeks` weeks (records and streaks:
    all time)."""
    stats = svc.stats_for(store, catalog, user, dt.date.today(), weeks=weeks, plan_id=plan_id, plan_store=plans)
    return JSONResponse(stats.to_dict())


@router.get("/exercises/{slug}", response_model=ExerciseStatsRead, summary="Progress of one exercise",
            responses={404: {"model": StatsErrorRead, "description": "No exercise has this slug, name or alias."}})
def get_exercise_stats(slug: str, store: LogStoreDep, catalog: CatalogDep, user: CurrentUserDep,
                       weeks: WeeksQuery = DEFAULT_WEEKS) -> JSONResponse:
    """The e1RM trend (over the last `weeks` weeks) and the personal records of one exercise; a name
    or alias is accepted. Empty when it was never logged."""
    data: dict[str, Any] = svc.exercise_stats_for(store, catalog, user, slug, dt.date.today(), weeks=weeks).to_dict()
    return JSONResponse(data)
