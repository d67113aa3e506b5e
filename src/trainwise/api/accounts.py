"""Routes of accounts: sign up, tokens, the current user, and trainers with their clients.

A trainer reads the plans, logs and statistics of, and writes plans for, the people who
accepted their invitation; for anyone else every /trainer/clients/{client_id}/... route is 404,
like any id that is not yours. A client revokes the consent with DELETE /trainers/{trainer_id}.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel, ConfigDict, Field

from trainwise.api import auth
from trainwise.api.auth import CurrentAccountDep, auth_state, login
from trainwise.api.deps import CatalogDep, LogStoreDep, PlanStoreDep
from trainwise.api.plan_schemas import PlanCreate, PlanRead, PlanSummaryRead
from trainwise.api.stats import StatsRead, WeeksQuery
from trainwise.domain.accounts import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, Account
from trainwise.domain.analytics import DEFAULT_WEEKS
from trainwise.domain.logs import LogError, log_to_dict
from trainwise.domain.profile import profile_from_dict
from trainwise.services import accounts as svc
from trainwise.services import logs as log_svc
from trainwise.services import plans as plan_svc
from trainwise.services import stats as stats_svc
from trainwise.storage.accounts import SqlAccountStore

router = APIRouter(tags=["accounts"])
IdPath = Annotated[int, Path(ge=1, le=2**63 - 1, description="A numeric id (64-bit).")]
trainer_router = APIRouter(tags=["trainers and clients"])


def _store(request: Request) -> SqlAccountStore:
    return auth_state(request).store


StoreDep = Annotated[SqlAccountStore, Depends(_store)]

# ---------------------------------------------------------------------------- schemas


class UserCreate(BaseModel):
    """A new account."""

    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=MAX_EMAIL_LENGTH, description="Your e-mail address (your login name).")
    password: str = Field(max_length=MAX_PASSWORD_LENGTH,
                          description="At least 10 characters, and not your e-mail address.")


class UserRead(BaseModel):
    id: int
    email: str | None = Field(description="null for the local user of single-person mode.")
    role: str = Field(description="athlete | trainer | admin")


class TokenRead(BaseModel):
    access_token: str = Field(description="Send it as `Authorization: Bearer TOKEN`. Shown once.")
    token_type: str = Field(description="Always `bearer`.")


class ApiTokenRead(BaseModel):
    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class PasswordChange(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(extra="forbid")
    current_password: str = Field(max_length=MAX_PASSWORD_LENGTH)
    new_password: str = Field(max_length=MAX_PASSWORD_LENGTH, description="At least 10 characters.")


class InvitationCreate(BaseModel):
    """Whom to invite (they may sign up later with this address)."""

    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=MAX_EMAIL_LENGTH)


class ClientRead(BaseModel):
    invitation_id: int
    client_id: int | None = Field(description="Set once the invitation is accepted (status active).")
    email: str
    status: str = Field(description="invited | active | revoked")
    invited_at: dt.datetime
    accepted_at: dt.datetime | None


class InvitationRead(BaseModel):
    id: int
    trainer_id: int
    trainer_email: str
    status: str = Field(description="invited | active")
    invited_at: dt.datetime
    accepted_at: dt.datetime | None


class DetailRead(BaseModel):
    detail: str


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {400: "The current password is wrong, or the account has none (local mode).",
            401: "Not authenticated.", 403: "Not allowed for your role.", 404: "No such id of yours.",
            409: "The e-mail address is taken.", 429: "Too many failed logins: see Retry-After."}
    return {code: {"model": DetailRead, "description": text[code]} for code in codes}


# ---------------------------------------------------------------------------- accounts and tokens


@router.post("/users", status_code=201, response_model=UserRead, summary="Sign up",
             responses={**_responses(409), 403: {"model": DetailRead, "description": "Sign-up is closed."}})
def create_user(body: UserCreate, request: Request, store: StoreDep) -> JSONResponse:
    """A new athlete account. 409 when the address is taken; 422 naming `email` or `password`
    when one breaks the rules (a valid address; a password of 10+ characters that is not it)."""
    if not auth_state(request).settings.allow_signup:
        raise HTTPException(403, "sign-up is closed on this server: ask its administrator for an account")
    account = svc.sign_up(store, body.email, body.password)
    return JSONResponse(account.to_dict(), status_code=201)


@router.post("/auth/token", response_model=TokenRead, summary="Log in: get an API token",
             responses=_responses(401, 429))
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request,
                store: StoreDep) -> JSONResponse:
    """OAuth2 password flow: form fields `username` (your e-mail address) and `password`. The
    token is stored only hashed; list and revoke it under /auth/tokens. At most 5 failed
    attempts per address and per client in 15 minutes (then 429)."""
    account = login(request, form.username, form.password)
    _, secret = svc.create_token(store, account, form.client_id or "API token")
    return JSONResponse({"access_token": secret, "token_type": "bearer"},
                        headers={"Cache-Control": "no-store"})


@router.get("/users/me", response_model=UserRead, summary="Who am I", responses=_responses(401))
def me(account: CurrentAccountDep) -> JSONResponse:
    """The current account (the local user, `email` null, in single-person mode)."""
    return JSONResponse(account.to_dict())


@router.post("/users/me/password", status_code=204, summary="Change my password",
             responses=_responses(400, 401, 429))
def change_password(body: PasswordChange, request: Request, account: CurrentAccountDep) -> Response:
    """Needs the current password (400 when wrong; counted like a failed login, 429 after 5).
    Every other browser session ends; API tokens stay valid (revoke them under /auth/tokens)."""
    try:
        auth.change_password(request, account, body.current_password, body.new_password)
    except (svc.WrongPasswordError, svc.NoPasswordError) as exc:
        return JSONResponse({"detail": str(exc)}, status_code=400)
    return Response(status_code=204)


@router.get("/auth/tokens", response_model=list[ApiTokenRead], summary="My API tokens", responses=_responses(401))
def list_tokens(account: CurrentAccountDep, store: StoreDep) -> JSONResponse:
    """Your tokens, newest first, revoked ones included (never their secrets)."""
    return JSONResponse([token.to_dict() for token in store.tokens(account.id)])


@router.delete("/auth/tokens/{token_id}", status_code=204, summary="Revoke an API token",
               responses=_responses(401, 404))
def revoke_token(token_id: IdPath, account: CurrentAccountDep, store: StoreDep) -> Response:
    """The token stops working at once. 404 when you have no token with this id."""
    svc.revoke_token(store, account, token_id)
    return Response(status_code=204)


# ---------------------------------------------------------------------------- trainers


@trainer_router.post("/trainer/invitations", status_code=201, response_model=ClientRead,
                     summary="Invite a client", responses=_responses(401, 403))
def invite_client(body: InvitationCreate, account: CurrentAccountDep, store: StoreDep) -> JSONResponse:
    """Invite someone by e-mail address (an account may be made later). Nothing of theirs is
    shared until they accept. Trainers only (403 otherwise)."""
    return JSONResponse(svc.invite(store, account, body.email).for_trainer(), status_code=201)


@trainer_router.get("/trainer/clients", response_model=list[ClientRead], summary="My clients",
                    responses=_responses(401, 403))
def list_clients(account: CurrentAccountDep, store: StoreDep) -> JSONResponse:
    """Everyone you invited and the status of each invitation (invited, active, revoked)."""
    return JSONResponse([invitation.for_trainer() for invitation in svc.clients(store, account)])


def _client(client_id: int, account: Account, store: SqlAccountStore) -> int:
    return svc.client_of(store, account, client_id)


@trainer_router.get("/trainer/clients/{client_id}/logs", summary="A client's logs",
                    responses=_responses(401, 404))
def client_logs(client_id: IdPath, account: CurrentAccountDep, store: StoreDep, logs: LogStoreDep,
                start: Annotated[dt.date | None, Query(alias="from")] = None,
                end: Annotated[dt.date | None, Query(alias="to")] = None) -> JSONResponse:
    """The client's logs dated `from`..`to`, oldest first (the JSON of GET /logs)."""
    user = _client(client_id, account, store)
    try:
        first, last = log_svc.date_range(start, end)
    except LogError as exc:
        raise RequestValidationError([{"loc": ["query", *log_svc.log_error_loc(exc)], "msg": str(exc),
                                       "type": "value_error.log"}]) from None
    return JSONResponse([log_to_dict(log) for log in log_svc.list_logs(logs, user, first, last)])


@trainer_router.get("/trainer/clients/{client_id}/stats", response_model=StatsRead, summary="A client's progress",
                    responses=_responses(401, 404))
def client_stats(client_id: IdPath, account: CurrentAccountDep, store: StoreDep, logs: LogStoreDep,
                 catalog: CatalogDep, plans: PlanStoreDep, weeks: WeeksQuery = DEFAULT_WEEKS,
                 plan_id: Annotated[str | None, Query(max_length=64)] = None) -> JSONResponse:
    """The client's statistics (the JSON of GET /stats)."""
    user = _client(client_id, account, store)
    stats = stats_svc.stats_for(logs, catalog, user, dt.date.today(), weeks=weeks, plan_id=plan_id,
                                plan_store=plans)
    return JSONResponse(stats.to_dict())


@trainer_router.get("/trainer/clients/{client_id}/plans", response_model=list[PlanSummaryRead],
                    summary="A client's plans", responses=_responses(401, 404))
def client_plans(client_id: IdPath, account: CurrentAccountDep, store: StoreDep, plans: PlanStoreDep) -> JSONResponse:
    """Summaries of the client's plans, newest first."""
    return JSONResponse(plan_svc.list_plans(plans, _client(client_id, account, store)))


@trainer_router.get("/trainer/clients/{client_id}/plans/{plan_id}", response_model=PlanRead,
                    summary="One of a client's plans", responses=_responses(401, 404))
def client_plan(client_id: IdPath, plan_id: str, account: CurrentAccountDep, store: StoreDep,
                plans: PlanStoreDep) -> JSONResponse:
    """One saved plan of the client."""
    return JSONResponse(plan_svc.get_plan(plans, _client(client_id, account, store), plan_id))


@trainer_router.post("/trainer/clients/{client_id}/plans", status_code=201, response_model=PlanRead,
                     summary="Write a plan for a client", responses=_responses(401, 404))
def create_client_plan(client_id: IdPath, body: PlanCreate, account: CurrentAccountDep, store: StoreDep,
                       catalog: CatalogDep, plans: PlanStoreDep) -> JSONResponse:
    """Generate a plan from the profile and save it for the client (it appears in their plans
    and on their today screen); `save` is ignored."""
    user = _client(client_id, account, store)
    profile = profile_from_dict(body.profile)
    start = body.start or plan_svc.next_monday(dt.date.today())
    plan = plan_svc.create_plan(catalog, profile, start=start, seed=body.seed, weeks=body.weeks)
    plan_svc.save_plan(plans, user, profile, plan)
    return JSONResponse(plan, status_code=201)


# ---------------------------------------------------------------------------- clients


@trainer_router.get("/invitations", response_model=list[InvitationRead], summary="My invitations and trainers",
                    responses=_responses(401))
def my_invitations(account: CurrentAccountDep, store: StoreDep) -> JSONResponse:
    """Open invitations (status invited) and the trainers you accepted (status active)."""
    return JSONResponse([invitation.for_client() for invitation in svc.invitations(store, account)])


@trainer_router.post("/invitations/{invitation_id}/accept", response_model=InvitationRead,
                     summary="Accept a trainer's invitation", responses=_responses(401, 404))
def accept_invitation(invitation_id: IdPath, account: CurrentAccountDep, store: StoreDep) -> JSONResponse:
    """The trainer may now read your plans, logs and statistics and write plans for you, until
    you revoke it. 404 when you have no open invitation with this id."""
    return JSONResponse(svc.accept(store, account, invitation_id).for_client())


@trainer_router.delete("/trainers/{trainer_id}", status_code=204, summary="Revoke a trainer's access",
                       responses=_responses(401, 404))
def revoke_trainer(trainer_id: IdPath, account: CurrentAccountDep, store: StoreDep) -> Response:
    """The trainer loses access at once (an open invitation is declined). 404 when you have no
    trainer with this id."""
    svc.revoke_trainer(store, account, trainer_id)
    return Response(status_code=204)
