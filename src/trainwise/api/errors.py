"""Domain errors -> HTTP responses, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from trainwise.domain.errors import UnknownExerciseError
from trainwise.services.catalog import InvalidParameterError


def install(app: FastAPI) -> None:
    """Register the handlers: unknown exercise -> 404, bad vocabulary value -> 422."""

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
