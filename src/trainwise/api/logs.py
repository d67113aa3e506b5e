"""Routes of /api/v1/logs: record (idempotent), list, read, delete and export workout logs.

Logs are personal: every route works on the current user's logs only, and none of them is ever
cached (the response cache covers /api/v1/exercises and /api/v1/vocab only). The log JSON is the
one of `trainwise log show ID --json`. A bad log is 422 naming the field, like every other body.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from trainwise.api.deps import CacheDep, CatalogDep, CurrentUserDep, LogStoreDep, PlanStoreDep
from trainwise.api.log_schemas import LogErrorRead, LogRead, LogWrite, write_payload
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import LogError, WorkoutLog, log_to_dict
from trainwise.services import logs as svc
from trainwise.services.cache import CatalogCache
from trainwise.services.evolve import after_session
from trainwise.services.plans import PlanNotFoundError
from trainwise.services.ports import LogStore, PlanStore
from trainwise.storage.catalog import SqlCatalog

MAX_BODY_BYTES = 512 * 1024
"""Largest request body accepted here (a full log of 500 sets is well under 100 kB); the 413 comes
from the app-wide body limit of api/security.py, which applies this stricter limit to /logs."""

router = APIRouter(prefix="/logs", tags=["logs"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": LogErrorRead, "description": "The current user has no log with this id."}
}
_ISO_DAY = r"^\d{4}-\d{2}-\d{2}$"
# Strings checked as ISO days (a bare number such as `0` is not a date: 422, not 1970-01-01).
FromQuery = Annotated[str | None, Query(alias="from", pattern=_ISO_DAY, description="First day (YYYY-MM-DD), inclusive.")]
ToQuery = Annotated[str | None, Query(alias="to", pattern=_ISO_DAY, description="Last day (YYYY-MM-DD), inclusive.")]


def _invalid(exc: LogError, where: str = "body") -> RequestValidationError:
    """A domain error as FastAPI's 422, naming the field."""
    error: dict[str, Any] = {"loc": [where, *svc.log_error_loc(exc)], "msg": str(exc), "type": "value_error.log"}
    if isinstance(exc, svc.UnknownLoggedExerciseError):
        error["suggestions"] = exc.suggestions
    return RequestValidationError([error])


def _range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    try:
        return svc.date_range(start, end)
    except LogError as exc:
        raise _invalid(exc, "query") from None


def _evolve(catalog: SqlCatalog, cache: CatalogCache, plans: PlanStore, store: LogStore, user: int,
            log: WorkoutLog) -> list[Any] | None:
    """Let the log's plan follow the progression engine; None when the user has no such plan."""

    def lookup(slug: str) -> Exercise | None:  # exercises are immutable: cached until the library changes
        return cache.get(("evolve-exercise", slug), lambda: catalog.get(slug))

    try:
        return after_session(catalog, plans, store, user, str(log.plan_id), log.date, log_id=log.id, lookup=lookup)
    except PlanNotFoundError:
        return None


@router.post(
    "",
    status_code=201,
    response_model=LogRead,
    summary="Log a session (idempotent)",
    responses={200: {"model": LogRead, "description": "A log with this id was stored already: replaced."},
               201: {"description": "Stored; `Location` is its URL."},
               413: {"model": LogErrorRead, "description": "The body is too large."}},
)
def create_log(body: LogWrite, request: Request, catalog: CatalogDep, cache: CacheDep, store: LogStoreDep,
               plans: PlanStoreDep, user: CurrentUserDep) -> JSONResponse:
    """Store a log for the current user: 201 when new, 200 when the user already had a log with
    this `id` (it is replaced, so a retried or re-sent log never duplicates a set). Exercise names
    and aliases are stored as library slugs; loads in kg."""

    def resolve(name: str) -> str | None:  # names seen before cost no query (until the library changes)
        return cache.get(("log-exercise", name), lambda: svc.find_slug(catalog, name))

    try:
        log, created = svc.record_log(store, catalog, user, write_payload(body), resolve)
    except LogError as exc:
        raise _invalid(exc) from None
    data = log_to_dict(log)
    if log.plan_id is not None:
        data["plan_changes"] = _evolve(catalog, cache, plans, store, user, log)
    if not created:
        return JSONResponse(data, status_code=200)
    return JSONResponse(data, status_code=201,
                        headers={"Location": str(request.url_for("get_log", log_id=log.id))})


@router.get("", response_model=list[LogRead], summary="My logs")
def list_logs(store: LogStoreDep, user: CurrentUserDep, start: FromQuery = None, end: ToQuery = None) -> JSONResponse:
    """The current user's logs dated `from`..`to` (inclusive; both optional), oldest first."""
    first, last = _range(start, end)
    return JSONResponse([log_to_dict(log) for log in svc.list_logs(store, user, first, last)])


@router.get(
    "/export.csv",
    summary="My logs as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per set; loads in kg."}},
)
def export_logs(store: LogStoreDep, user: CurrentUserDep, start: FromQuery = None, end: ToQuery = None) -> Response:
    """The current user's logs as CSV, one row per set: date, log_id, exercise, set_no, type,
    load_kg, reps, seconds, rir, rpe, pain_during, notes, pain_next_morning, symptoms, plan_id."""
    first, last = _range(start, end)
    return Response(svc.export_csv(store, user, first, last), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="trainwise-log.csv"'})


@router.get("/{log_id}", response_model=LogRead, summary="One log", responses=_NOT_FOUND)
def get_log(log_id: str, store: LogStoreDep, user: CurrentUserDep) -> JSONResponse:
    """The log with this id; 404 when the current user has none (another user's log too)."""
    try:
        log = svc.get_log(store, user, log_id)
    except svc.LogNotFoundError as exc:
        raise HTTPException(404, str(exc)) from None
    return JSONResponse(log_to_dict(log))


@router.delete("/{log_id}", status_code=204, summary="Delete a log", responses=_NOT_FOUND)
def delete_log(log_id: str, store: LogStoreDep, user: CurrentUserDep) -> Response:
    """Delete the log and its sets; 404 when the current user has no log with this id."""
    try:
        svc.delete_log(store, user, log_id)
    except svc.LogNotFoundError as exc:
        raise HTTPException(404, str(exc)) from None
    return Response(status_code=204)
