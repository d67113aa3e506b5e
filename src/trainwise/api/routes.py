"""Routes of /api/v1: parse -> call a service -> shape the response."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from trainwise.api.deps import CacheDep, CatalogDep
from trainwise.api.schemas import ExercisePage, ExerciseRead, Term
from trainwise.domain import vocabulary as v
from trainwise.domain.errors import UnknownTermError
from trainwise.domain.exercises import exercise_to_dict
from trainwise.domain.search import ExerciseQuery
from trainwise.services import catalog as svc

router = APIRouter()

ListParam = Annotated[list[str] | None, Query()]


@router.get("/exercises", response_model=ExercisePage, summary="List or search exercises")
async def list_exercises(
    catalog: CatalogDep,
    cache: CacheDep,
    q: Annotated[str, Query(max_length=200, description="Search words; typos are forgiven.")] = "",
    muscle: ListParam = None,
    muscle_group: ListParam = None,
    equipment: Annotated[list[str] | None, Query(description="Equipment the person has.")] = None,
    level: ListParam = None,
    category: ListParam = None,
    pattern: ListParam = None,
    exclude_tag: ListParam = None,
    safe_for: ListParam = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Filtered, paginated exercises; ranked by relevance when ``q`` is given."""
    query = svc.build_query(text=q, muscle=muscle, muscle_group=muscle_group, equipment=equipment,
                            level=level, category=category, pattern=pattern, exclude_tag=exclude_tag,
                            safe_for=safe_for, limit=limit, offset=offset)
    return _json(cache.get(("api-list", query), lambda: _list_body(catalog, query)))


def _json(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


def _dumps(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _list_body(catalog: CatalogDep, query: ExerciseQuery) -> bytes:
    page = svc.search_exercises(catalog, query)
    return _dumps({
        "items": [exercise_to_dict(e) for e in page.items],
        "total": page.total,
        "limit": query.limit,
        "offset": query.offset,
        "corrected_query": page.corrected_text,
    })


@router.get("/exercises/{slug}", response_model=ExerciseRead, summary="One exercise")
async def get_exercise(catalog: CatalogDep, cache: CacheDep, slug: str) -> Response:
    """The exercise with this slug (a name or alias is accepted); 404 with nearest matches."""
    return _json(cache.get(("api-exercise", slug),
                           lambda: _dumps(exercise_to_dict(svc.get_exercise(catalog, slug)))))


@router.get("/exercises/{slug}/substitutes", response_model=list[ExerciseRead], summary="Substitutes")
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
