"""Routes of /api/v1: parse -> call a service -> shape the response."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from trainwise.api.auth import AdminDep
from trainwise.api.deps import CacheDep, CatalogDep
from trainwise.api.schemas import ExerciseNotFoundRead, ExercisePage, ExerciseRead, Term
from trainwise.domain import vocabulary as v
from trainwise.domain.errors import InvalidExerciseError, UnknownTermError
from trainwise.domain.exercises import (
    exercise_from_dict,
    exercise_to_dict,
    validate,
)
from trainwise.domain.search import ExerciseQuery
from trainwise.services import catalog as svc

router = APIRouter()

ListParam = Annotated[list[str] | None, Query()]
_UNKNOWN_EXERCISE: dict[int | str, dict[str, Any]] = {
    404: {"model": ExerciseNotFoundRead, "description": "No exercise has this slug, name or alias."}
}


class ExerciseFilters(BaseModel):
    """Query parameters of the exercise list: the CLI's filters plus pagination."""

    model_config = ConfigDict(extra="ignore")

    q: str = Field("", max_length=200, description="Search words; typos are forgiven.")
    muscle: list[str] = Field(default_factory=list, description="Muscle slugs or names (any of).")
    muscle_group: list[str] = Field(default_factory=list, description="Muscle groups (any of).")
    equipment: list[str] | None = Field(None, description="Equipment the person has.")
    level: list[str] = Field(default_factory=list, description="beginner, intermediate, advanced.")
    category: list[str] = Field(default_factory=list, description="Exercise categories.")
    pattern: list[str] = Field(default_factory=list, description="Movement patterns.")
    exclude_tag: list[str] = Field(default_factory=list, description="Leave out exercises with these tags.")
    safe_for: list[str] = Field(default_factory=list, description="Only exercises safe with these conditions.")
    limit: int = Field(20, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/exercises", response_model=ExercisePage, summary="List or search exercises")
async def list_exercises(
    catalog: CatalogDep, cache: CacheDep, filters: Annotated[ExerciseFilters, Query()]
) -> Response:
    """Filtered, paginated exercises; ranked by relevance when ``q`` is given."""
    f = filters
    query = svc.build_query(text=f.q, muscle=f.muscle, muscle_group=f.muscle_group, equipment=f.equipment,
                            level=f.level, category=f.category, pattern=f.pattern, exclude_tag=f.exclude_tag,
                            safe_for=f.safe_for, limit=f.limit, offset=f.offset)
    return _json(cache.get(("api-list", query), lambda: _list_body(catalog, query)))


def _json(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _list_body(catalog: CatalogDep, query: ExerciseQuery) -> bytes:
    return _dumps(svc.list_exercises(catalog, query).as_dict())


@router.get("/exercises/{slug}", response_model=ExerciseRead, summary="One exercise",
            responses=_UNKNOWN_EXERCISE)
async def get_exercise(catalog: CatalogDep, cache: CacheDep, slug: str) -> Response:
    """The exercise with this slug (a name or alias is accepted); 404 with nearest matches."""
    return _json(cache.get(("api-exercise", slug),
                           lambda: _dumps(exercise_to_dict(svc.get_exercise(catalog, slug)))))


@router.get("/exercises/{slug}/substitutes", response_model=list[ExerciseRead], summary="Substitutes",
            responses=_UNKNOWN_EXERCISE)
def get_substitutes(
    catalog: CatalogDep,
    slug: str,
    equipment: Annotated[list[str] | None, Query(description="Equipment the person has.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, Any]]:
    """Exercises with the same pattern and primary muscles doable with ``equipment``."""
    gear = svc.resolve_equipment("equipment", equipment)
    return [exercise_to_dict(e) for e in svc.find_substitutes(catalog, slug, equipment=gear, limit=limit)]


@router.get("/vocab/{kind}", response_model=list[Term], summary="A controlled vocabulary")
def get_vocab(kind: str) -> list[dict[str, object]]:
    """Every term of a vocabulary (muscles, equipment, patterns, tags, conditions, ...)."""
    try:
        vocab = v.vocabulary(kind)
    except UnknownTermError as exc:
        raise svc.InvalidParameterError("kind", exc) from None
    return [t.as_dict() for t in vocab]


@router.put("/exercises/{slug}", response_model=ExerciseRead, summary="Add or replace an exercise (admin)",
            status_code=200,
            responses={201: {"description": "Added: a new exercise."},
                       401: {"description": "Not signed in."},
                       403: {"description": "Only administrators can change the library."}})
def put_exercise(slug: Annotated[str, Path(max_length=200, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")],
                 body: dict[str, Any], catalog: CatalogDep, cache: CacheDep, _admin: AdminDep) -> Response:
    """Replace the exercise `slug` with the complete guide in the body (the shape of `GET`), or add
    it when new (201). The whole entry is checked against the vocabularies and the model's rules:
    a problem is 422 naming it. Administrators only (and the owner in single-person mode)."""
    if body.get("slug", slug) != slug:
        raise RequestValidationError([{"loc": ["body", "slug"], "msg": f"must be '{slug}', the slug in the path",
                                       "type": "value_error"}])
    try:
        exercise = validate(exercise_from_dict({**body, "slug": slug}))
    except (InvalidExerciseError, UnknownTermError, ValueError, TypeError, KeyError) as exc:
        raise RequestValidationError([{"loc": ["body"], "msg": str(exc), "type": "value_error"}]) from None
    report = catalog.upsert([exercise])
    cache.changed()
    return Response(_dumps(exercise_to_dict(exercise)), media_type="application/json",
                    status_code=201 if report.added else 200)
