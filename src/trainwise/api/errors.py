"""Domain errors -> HTTP responses, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from trainwise.domain.errors import UnknownExerciseError
from trainwise.domain.profile import ProfileError
from trainwise.services.catalog import InvalidParameterError
from trainwise.services.plans import InvalidPlanError, PlanNotFoundError, profile_error_field


def install(app: FastAPI) -> None:
    """Register the handlers: unknown exercise or plan -> 404, bad vocabulary value, profile or
    plan -> 422 (in FastAPI's validation-error shape, naming the field)."""

    @app.exception_handler(UnknownExerciseError)
    async def _unknown_exercise(_request: Request, exc: UnknownExerciseError) -> JSONResponse:
        return JSONResponse(
            status_code=404,
            content={"detail": str(exc), "suggestions": exc.suggestions},
        )

    @app.exception_handler(InvalidParameterError)
    async def _bad_parameter(_request: Request, exc: InvalidParameterError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={
                "detail": [
                    {
                        "loc": ["query", exc.parameter],
                        "msg": str(exc),
                        "type": "value_error.unknown_term",
                        "suggestions": exc.suggestions,
                    }
                ]
            },
        )

    @app.exception_handler(PlanNotFoundError)
    async def _unknown_plan(_request: Request, exc: PlanNotFoundError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(ProfileError)
    async def _bad_profile(_request: Request, exc: ProfileError) -> JSONResponse:
        loc = ["body", "profile", *profile_error_field(exc)]
        return JSONResponse(status_code=422, content={
            "detail": [{"loc": loc, "msg": str(exc), "type": "value_error.profile"}]})

    @app.exception_handler(InvalidPlanError)
    async def _bad_plan(_request: Request, exc: InvalidPlanError) -> JSONResponse:
        return JSONResponse(status_code=422, content={
            "detail": [{"loc": ["body", "plan"], "msg": str(exc), "type": "value_error.plan"}]})
