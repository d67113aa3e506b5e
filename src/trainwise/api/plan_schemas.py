"""Request and response schemas of /api/v1/plans (the plan JSON is docs/plan-format.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from trainwise.api.schemas import RangeRead
from trainwise.domain.logs import EARLIEST_DATE, LATEST_DATE

# ---------------------------------------------------------------------------- requests


class PlanCreate(BaseModel):
    """What to generate: a profile (the JSON of examples/profiles/), and optionally when and how long."""

    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] = Field(description="The training profile (see examples/profiles/).")
    start: date | None = Field(None, ge=EARLIEST_DATE, le=LATEST_DATE,
                               description="First day of the plan (default: next Monday).")
    seed: int = Field(0, ge=0, le=2**31 - 1, description="Same profile and seed: same plan.")
    weeks: int | None = Field(None, ge=1, le=52, description="Plan length (default: the profile's).")
    save: bool = Field(True, description="Save the plan for the current user (201) or only return it (200).")


class PlanCheckRequest(BaseModel):
    """A plan and the profile it is for."""

    model_config = ConfigDict(extra="forbid")

    plan: dict[str, Any] = Field(description="A plan JSON (docs/plan-format.md).")
    profile: dict[str, Any] = Field(description="The training profile the plan is for.")


# ---------------------------------------------------------------------------- the plan JSON
# Documentation of the plan object. Every model allows extra fields: the generator may add some,
# and the API returns its JSON unchanged (the same object as `trainwise plan generate --json`).


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ReferralRead(_Open):
    required: bool
    urgency: str | None = Field(None, description="null | caution | urgent | emergency_same_day")
    message: str | None = None


class PainMonitoringRead(_Open):
    enabled: bool
    regions: list[str] = []
    instructions: str | None = None


class HomeDrillRead(_Open):
    id: str
    name: str
    days: list[str]
    sets: int
    reps: RangeRead | None = None
    hold_s: float | None = None
    why: str | None = None


class BlockItemRead(_Open):
    name: str
    id: str | None = None
    type: str = Field(description="general | dynamic | specific | static | mobility")
    minutes: float


class BlockRead(_Open):
    minutes: float
    items: list[BlockItemRead]


class LoadRead(_Open):
    type: str = Field(description="pct_1rm | absolute_kg | bodyweight | band | rpe_only")
    value: float | str | None = Field(None, description="kg, % of 1RM, a band colour, or null")
    pct_1rm: float | None = None


class MusclesRead(_Open):
    primary: list[str]
    secondary: list[str]


class RampSetRead(_Open):
    load_kg: float
    reps: int


class PlanExerciseRead(_Open):
    id: str = Field(description="Library slug of the exercise.")
    name: str
    order: int
    role: str = Field(description="main | accessory | trunk_endurance | rehab | balance | aerobic")
    pattern: str
    joint: str
    sets: int
    reps: RangeRead | None = Field(None, description="Reps per set, or holds per set when hold_s is set.")
    hold_s: float | None = Field(None, description="Seconds per hold, or the duration.")
    load: LoadRead
    rir: float | None = None
    rest_s: float | None = None
    tempo: str | None = None
    muscles: MusclesRead
    equipment: list[str]
    tags: list[str]
    ramp_sets: list[RampSetRead] = []
    superset_group: str | int | None = None
    pain_monitored: bool = False
    cues: list[str] = []
    why: str | None = None


class PlanSessionRead(_Open):
    day: str
    date: str | None = None
    title: str | None = None
    estimated_minutes: float
    warmup: BlockRead
    cooldown: BlockRead
    exercises: list[PlanExerciseRead]


class PlanWeekRead(_Open):
    week: int
    is_deload: bool
    note: str | None = None
    sessions: list[PlanSessionRead]


class PlanChangeRead(BaseModel):
    """One change the progression engine made to a saved plan, with its reason (rubric §0.2 code)."""

    date: str = Field(description="When the change was made (the day of the logged session).")
    log_id: str | None = Field(None, description="The log that led to it.")
    exercise: str | None = Field(None, description="The exercise's slug as first planned (null: the whole plan).")
    exercise_name: str | None = None
    code: str = Field(description="The main reason: red_flag, pain_neuro, pain_red, gap_return, pain_amber, "
                      "missed_reps, missed_reps_repeated, deload, top_of_range, rpe_low, rpe_high, pain_green, hold.")
    codes: list[str] = Field(default_factory=list, description="Every reason, highest priority first.")
    detail: str = Field(description="Why, in words.")
    before: dict[str, Any] | None = Field(None, description="exercise, sets, reps {min, max}, load_kg, rir, tempo before.")
    after: dict[str, Any] | None = Field(None, description="The same after the change.")


class PlanRead(_Open):
    """A plan: the same object as `trainwise plan generate --json` (docs/plan-format.md)."""

    id: str | None = Field(None, description="Set when the plan is saved.")
    profile_id: str
    status: str = Field(description="active | suspended (red flags: a referral and no weeks)")
    referral: ReferralRead
    safety_notes: list[str]
    warnings: list[str] = []
    flags: list[str] = []
    level: str
    goal: str
    start: str | None = None
    seed: int | None = None
    generator_version: str | None = None
    pain_monitoring: PainMonitoringRead | None = None
    home_drills: list[HomeDrillRead] = []
    weekly_aerobic_minutes: float | None = None
    weeks: list[PlanWeekRead]
    history: list[PlanChangeRead] = Field(
        default_factory=list, description="What the progression engine changed after logged sessions, and why.")
    clinician_clearance: str | None = Field(None, description="Date a clinician cleared the person after a red flag.")


# ---------------------------------------------------------------------------- lists and reports


class PlanSummaryRead(BaseModel):
    """One saved plan in a list."""

    id: str
    profile_id: str
    goal: str
    level: str
    start: date | None
    weeks: int
    status: str
    created_at: datetime


class CheckResultRead(BaseModel):
    """One rubric check."""

    id: str = Field(description='"R4", or "R4.b" for one part of a check')
    severity: str = Field(description="MUST | SHOULD")
    status: str = Field(description="pass | fail | warn | n/a")
    detail: str


class ReportRead(BaseModel):
    """Every rubric check of a plan; ``passed`` means no MUST check failed."""

    passed: bool
    score: float | None = Field(description="Share of applicable SHOULD checks passed (null when none applies).")
    results: list[CheckResultRead]


class PlanErrorRead(BaseModel):
    """An error about one plan."""

    detail: str


class ClearanceCreate(BaseModel):
    """A clinician has examined the person and cleared them to train again."""

    model_config = ConfigDict(extra="forbid")

    cleared: bool = Field(description="Must be true: the person confirms the clearance.")
    on: date | None = Field(None, ge=EARLIEST_DATE, le=LATEST_DATE, description="The day of the clearance (default: today).")
