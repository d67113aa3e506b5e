"""Domain errors -> HTTP responses, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from trainwise.api.auth import NotAuthenticatedError, TooManyAttemptsError
from trainwise.domain.accounts import AccountError, EmailTakenError
from trainwise.domain.errors import UnknownExerciseError
from trainwise.domain.profile import ProfileError
from trainwise.services import accounts as accounts_svc
from trainwise.services.catalog import InvalidParameterError
from trainwise.services.plans import InvalidPlanError, PlanNotFoundError, profile_error_field

BODY_PARSE_ERROR = "There was an error parsing the body"
"""FastAPI's 400 detail for a body it cannot decode (JSON that is not UTF-8 text)."""


def install(app: FastAPI) -> None:
    """Register the handlers: unknown exercise or plan -> 404, bad vocabulary value, profile or
    plan, or a body that is not UTF-8 -> 422 (in FastAPI's validation-error shape, naming the field)."""

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # A body that cannot be decoded is "not JSON", like any other malformed body: 422 naming
        # the body, in the shape every 422 has (FastAPI says 400 for bytes that are not UTF-8).
        if exc.status_code == 400 and exc.detail == BODY_PARSE_ERROR:
            return JSONResponse(status_code=422, content={"detail": [
                {"loc": ["body"], "msg": "the body is not valid JSON (it must be UTF-8 text)", "type": "json_invalid"}]})
        return await http_exception_handler(request, exc)

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

    install_account_errors(app)


NOT_FOUND_ERRORS = (accounts_svc.ClientNotFoundError, accounts_svc.InvitationNotFoundError,
                    accounts_svc.TrainerNotFoundError, accounts_svc.TokenNotFoundError,
                    accounts_svc.UnknownAccountError)
BEARER = {"WWW-Authenticate": "Bearer"}


def install_account_errors(app: FastAPI) -> None:
    """Account errors: no or bad credentials -> 401 (WWW-Authenticate: Bearer), too many failed
    logins -> 429 (Retry-After), wrong role -> 403, an id that is not yours -> 404, a taken
    address -> 409, a bad address or password -> 422 naming the field."""

    @app.exception_handler(NotAuthenticatedError)
    async def _not_authenticated(_request: Request, exc: NotAuthenticatedError) -> JSONResponse:
        return JSONResponse(status_code=401, content={"detail": exc.detail}, headers=BEARER)

    @app.exception_handler(TooManyAttemptsError)
    async def _too_many(_request: Request, exc: TooManyAttemptsError) -> JSONResponse:
        return JSONResponse(status_code=429, content={"detail": str(exc)},
                            headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(AccountError)
    async def _account_error(_request: Request, exc: AccountError) -> JSONResponse:
        if isinstance(exc, accounts_svc.InvalidCredentialsError):
            return JSONResponse(status_code=401, content={"detail": str(exc)}, headers=BEARER)
        if isinstance(exc, NOT_FOUND_ERRORS):
            return JSONResponse(status_code=404, content={"detail": str(exc)})
        if isinstance(exc, accounts_svc.NotATrainerError):
            return JSONResponse(status_code=403, content={"detail": str(exc)})
        if isinstance(exc, EmailTakenError):
            return JSONResponse(status_code=409, content={"detail": str(exc)})
        return JSONResponse(status_code=422, content={
            "detail": [{"loc": ["body", exc.field or "body"], "msg": str(exc), "type": "value_error.account"}]})
