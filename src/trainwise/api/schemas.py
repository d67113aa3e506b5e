"""Response schemas, named by direction (XRead, XPage)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RangeRead(BaseModel):
    min: int
    max: int


class SetsRepsRead(BaseModel):
    text: str
    sets: RangeRead
    reps: RangeRead | None
    hold_seconds: RangeRead | None
    rest_seconds: RangeRead | None
    frequency_per_week: RangeRead | None
    note: str


class FaqRead(BaseModel):
    question: str
    answer: str


class SourceRead(BaseModel):
    title: str
    url: str
    note: str


class ExerciseRead(BaseModel):
    """One exercise: the same object as `trainwise exercises show --json`."""

    slug: str
    name: str
    aliases: list[str]
    summary: str
    description: str
    steps: list[str]
    tips: list[str]
    mistakes: list[str]
    safety: list[str]
    breathing: str
    primary_muscles: list[str]
    secondary_muscles: list[str]
    muscle_groups: list[str]
    equipment: list[str]
    equipment_alternatives: list[list[str]]
    optional_equipment: list[str]
    mechanic: str | None
    force: str | None
    level: str
    category: str
    patterns: list[str]
    joint: str
    tags: list[str]
    risk_areas: list[str]
    contraindications: list[str]
    progressions: list[str]
    regressions: list[str]
    alternatives: list[str]
    variation_notes: list[str]
    benefits: list[str]
    sets_reps: dict[str, SetsRepsRead]
    faq: list[FaqRead]
    sources: list[SourceRead]
    origin: str
    external_ids: dict[str, str]


class ExercisePage(BaseModel):
    """A page of exercises with the total number that matched."""

    items: list[ExerciseRead]
    total: int
    limit: int
    offset: int
    corrected_query: str | None = None


class Term(BaseModel):
    """A vocabulary term; extra facts (group, kind, excluded_tags, ...) vary by vocabulary."""

    model_config = ConfigDict(extra="allow")
    slug: str
    name: str
    aliases: list[str]
    description: str


class ExerciseNotFoundRead(BaseModel):
    """No exercise has this slug, name or alias: the nearest slugs come with the error."""

    detail: str
    suggestions: list[str] = []
