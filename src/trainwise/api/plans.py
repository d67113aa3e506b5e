"""Routes of /api/v1/plans: generate (and save), list, read and check plans.

Plans are personal: every route works on the current user's plans only, and none of them is
ever cached (the response cache covers /api/v1/exercises and /api/v1/vocab only). The plan is
returned exactly as the generator made it: the same JSON as `trainwise plan generate --json`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from trainwise.api.deps import CatalogDep, CurrentUserDep, PlanStoreDep
from trainwise.api.plan_schemas import (
    ClearanceCreate,
    PlanChangeRead,
    PlanCheckRequest,
    PlanCreate,
    PlanErrorRead,
    PlanRead,
    PlanSummaryRead,
    ReportRead,
)
from trainwise.domain.profile import profile_from_dict
from trainwise.services import plans as svc
from trainwise.services.evolve import record_clearance

router = APIRouter(prefix="/plans", tags=["plans"])

_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": PlanErrorRead, "description": "The current user has no plan with this id."}
}


@router.post(
    "",
    status_code=201,
    response_model=PlanRead,
    summary="Generate a plan (and save it)",
    responses={200: {"model": PlanRead, "description": "Generated, not saved (`save: false`)."},
               201: {"description": "Generated and saved; `Location` is its URL."}},
)
def create_plan(body: PlanCreate, request: Request, catalog: CatalogDep, store: PlanStoreDep,
                user: CurrentUserDep) -> JSONResponse:
    """A plan for the profile; saved for the current user unless `save` is false. A bad profile is
    422 naming the field (`loc: ["body", "profile", FIELD]`)."""
    profile = profile_from_dict(body.profile)
    start = body.start or svc.next_monday(date.today())
    plan = svc.create_plan(catalog, profile, start=start, seed=body.seed, weeks=body.weeks)
    if not body.save:
        return JSONResponse(plan, status_code=200)
    plan_id = svc.save_plan(store, user, profile, plan)
    return JSONResponse(plan, status_code=201,
                        headers={"Location": str(request.url_for("get_plan", plan_id=plan_id))})


@router.get("", response_model=list[PlanSummaryRead], summary="My saved plans")
def list_plans(store: PlanStoreDep, user: CurrentUserDep) -> JSONResponse:
    """Summaries of the current user's plans, newest first."""
    return JSONResponse(svc.list_plans(store, user))


@router.get("/{plan_id}", response_model=PlanRead, summary="One saved plan", responses=_NOT_FOUND)
def get_plan(plan_id: str, store: PlanStoreDep, user: CurrentUserDep) -> JSONResponse:
    """The saved plan with this id; 404 when the current user has none (another user's plan too)."""
    return JSONResponse(svc.get_plan(store, user, plan_id))


@router.post("/check", response_model=ReportRead, summary="Check a plan against the rubric")
def check_plan(body: PlanCheckRequest) -> JSONResponse:
    """Every rubric check on the plan for the profile: `passed` (no MUST check failed), the SHOULD
    score and each result. A bad plan or profile is 422 naming it."""
    plan = svc.ensure_plan(body.plan)
    report = svc.validate_plan(plan, profile_from_dict(body.profile))
    return JSONResponse(report.to_dict())


@router.get("/{plan_id}/history", response_model=list[PlanChangeRead], summary="What changed in a plan and why",
            responses=_NOT_FOUND)
def plan_history(plan_id: str, store: PlanStoreDep, user: CurrentUserDep) -> JSONResponse:
    """Every change the progression engine made to the plan after logged sessions, oldest first."""
    return JSONResponse(svc.get_plan(store, user, plan_id).get("history") or [])


@router.post("/{plan_id}/clearance", response_model=PlanRead, summary="Record a clinician's clearance",
             responses=_NOT_FOUND)
def plan_clearance(plan_id: str, body: ClearanceCreate, store: PlanStoreDep, user: CurrentUserDep) -> JSONResponse:
    """A plan suspended by a red flag in a log goes on once a clinician has cleared the person
    (`cleared` must be true). A plan made for a profile with red flags has no sessions: make a new one."""
    if not body.cleared:
        raise RequestValidationError([{"loc": ["body", "cleared"], "msg": "clearance field 'cleared': must be true",
                                       "type": "value_error.clearance"}])
    svc.get_plan(store, user, plan_id)
    return JSONResponse(record_clearance(store, user, plan_id, body.on or date.today()))
