"""Request and response schemas of /api/v1/logs: the log JSON of ``trainwise.domain.logs``.

The write models check the shape (types, known fields); the domain then checks the values
(ranges, set types, regions, symptom codes) and the service resolves exercise names. Either way
a bad log is 422 naming the field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from trainwise.domain.logs import MAX_SETS_PER_LOG

_SET_TYPES = "warmup | working | drop | failure (also accepted: warm-up, normal, dropset, W, D, F)"
_PAIN = "Pain 0-10 by region ({\"lower_back\": 3}); a bare number means the region 'general'."


class SetWrite(BaseModel):
    """One set as performed: reps or seconds (or both), the load, the effort, the kind."""

    model_config = ConfigDict(extra="forbid")

    load_kg: float | None = Field(None, ge=0, le=1000, description="Load in kg; null or absent for body weight.")
    load_lb: float | None = Field(None, ge=0, le=2200, description="Load in pounds (stored in kg).")
    load: float | None = Field(None, ge=0, description="Load in the log's `unit`.")
    reps: int | None = Field(None, ge=0, le=1000)
    seconds: float | None = Field(None, ge=0, le=86400, description="Seconds held (planks, carries, cardio).")
    rir: float | None = Field(None, ge=0, le=10, description="Reps in reserve.")
    rpe: float | None = Field(None, ge=1, le=10, description="Rate of perceived exertion (RIR = 10 - RPE when no RIR).")
    type: str | None = Field(None, max_length=20, description=_SET_TYPES)


class LoggedExerciseWrite(BaseModel):
    """The sets of one exercise."""

    model_config = ConfigDict(extra="forbid")

    exercise: str = Field(min_length=1, max_length=200, description="Library slug, name or alias.")
    sets: list[SetWrite] = Field([], max_length=MAX_SETS_PER_LOG)


class LogWrite(BaseModel):
    """A logged session. Sending the same `id` again replaces that log: retries never duplicate a set."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
                           description="The client's id (a UUID): makes the write idempotent. "
                           "Without one the server makes one (then a retry is a second log).")
    plan_id: str | None = Field(None, min_length=1, max_length=32, description="The saved plan followed, if any.")
    date: date
    unit: str | None = Field(None, description="kg (default) or lb: the unit of `load` values.")
    exercises: list[LoggedExerciseWrite] = Field([], max_length=MAX_SETS_PER_LOG)
    pain_before: dict[str, int] | int | None = Field(None, description=_PAIN)
    pain_during: dict[str, int] | int | None = Field(None, description=_PAIN)
    pain_next_morning: dict[str, int] | int | None = Field(None, description=_PAIN)
    symptoms: list[str] = Field([], max_length=40, description="Symptom codes (red flags, neuro symptoms, soreness).")
    notes: str = Field("", max_length=5000)
    completed: bool = True


class SetRead(BaseModel):
    """One stored set (kg)."""

    load_kg: float | None
    reps: int | None
    seconds: float | None
    rir: float | None
    rpe: float | None
    type: str = Field(description="warmup | working | drop | failure")


class LoggedExerciseRead(BaseModel):
    """The sets of one exercise (a library slug)."""

    exercise: str
    sets: list[SetRead]


class LogRead(BaseModel):
    """A stored log: the same JSON as `trainwise log show ID --json`."""

    id: str
    plan_id: str | None
    date: date
    exercises: list[LoggedExerciseRead]
    pain_before: dict[str, int]
    pain_during: dict[str, int]
    pain_next_morning: dict[str, int]
    symptoms: list[str]
    notes: str
    completed: bool
    plan_changes: list[dict[str, Any]] | None = Field(
        None, description="Only in the answer to POST: what the progression engine changed in the log's plan "
        "(`plan_id`), each with a reason code (see GET /api/v1/plans/{id}/history).")


class LogErrorRead(BaseModel):
    """An error about one log."""

    detail: str


def write_payload(body: LogWrite) -> dict[str, Any]:
    """The fields the client sent, as the plain dict the domain parser reads."""
    return body.model_dump(exclude_unset=True)
