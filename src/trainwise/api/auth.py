"""Who is asking: the local user in single-person mode; otherwise a bearer token or a session cookie.

``request_account`` resolves the request's account once (cached in the ASGI scope) for the
API, the web pages and the navigation bar alike. Personal routes depend on ``current_account``
(or ``CurrentUserDep`` in ``api.deps``), which raises ``NotAuthenticatedError``: the API answers
401 JSON, the web pages redirect to /login?next=...
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Engine

from trainwise.config import Settings
from trainwise.domain.accounts import Account
from trainwise.services import accounts as svc
from trainwise.services.ratelimit import LoginLimiter
from trainwise.storage.accounts import SqlAccountStore

log = logging.getLogger(__name__)
SESSION_COOKIE = "tw_session"
_UNSET: Any = object()
_ACCOUNT_KEY = "tw.account"

bearer_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False,
                                     description="A token from POST /api/v1/auth/token (or the account page).")


@dataclass(frozen=True, slots=True)
class AuthState:
    """What authentication needs, made once per app (``app.state.auth`` of the app and the API)."""

    settings: Settings
    store: SqlAccountStore
    limiter: LoginLimiter


class NotAuthenticatedError(Exception):
    """The route is personal and the request carries no valid credentials."""

    def __init__(self, detail: str = "not authenticated") -> None:
        super().__init__(detail)
        self.detail = detail


class TooManyAttemptsError(Exception):
    """Too many failed logins for this address or from this address of the client."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins: try again in {max(1, (retry_after + 59) // 60)} minute(s)")
        self.retry_after = retry_after


def auth_state(request: Request) -> AuthState:
    """The app's AuthState."""
    state: AuthState = request.app.state.auth
    return state


def client_ip(request: Request) -> str:
    """The client's address (uvicorn puts the proxy's X-Forwarded-For here for trusted proxies)."""
    return request.client.host if request.client else "unknown"


def _bearer(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header ('' when the header is malformed); None
    without one (other schemes, e.g. a proxy's Basic auth, are left alone)."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def request_account(request: Request) -> Account | None:
    """The request's account, or None when it carries no credentials; a bad bearer token raises
    NotAuthenticatedError. Resolved once per request."""
    cached: Account | None = request.scope.get(_ACCOUNT_KEY, _UNSET)
    if cached is not _UNSET:
        return cached
    auth = auth_state(request)
    account: Account | None
    if auth.settings.local_mode:
        account = auth.store.local_account()
    else:
        token = _bearer(request)
        if token is not None:
            account = svc.token_account(auth.store, token)
            if account is None:
                raise NotAuthenticatedError("invalid or revoked token")
        else:
            account = svc.session_account(auth.store, request.cookies.get(SESSION_COOKIE, ""))
    request.scope[_ACCOUNT_KEY] = account
    return account


def optional_account(request: Request) -> Account | None:
    """The account for display (the navigation bar): None instead of an error."""
    try:
        return request_account(request) if hasattr(request.app.state, "auth") else None
    except NotAuthenticatedError:
        return None


def current_account(request: Request, _token: Annotated[str | None, Depends(bearer_scheme)] = None) -> Account:
    """The signed-in account; NotAuthenticatedError (401 / redirect to the login page) otherwise."""
    account = request_account(request)
    if account is None:
        raise NotAuthenticatedError()
    return account


CurrentAccountDep = Annotated[Account, Depends(current_account)]


def current_user_id(account: CurrentAccountDep) -> int:
    """The id of the signed-in account (the local default user in single-person mode)."""
    return account.id


def can_edit_library(account: Account) -> bool:
    """Administrators edit the library, and the single person of local mode."""
    return account.role == "admin" or account.is_local


def admin_account(account: CurrentAccountDep) -> Account:
    """The signed-in account when it is an admin (library editing); 403 otherwise."""
    if not can_edit_library(account):
        raise HTTPException(403, "only administrators can change the library")
    return account


AdminDep = Annotated[Account, Depends(admin_account)]
"""For routes that change the library (PUT /api/v1/exercises/{slug}); the single person of local mode counts."""


def login(request: Request, email: str, password: str) -> Account:
    """Check a login against the rate limits and the password; TooManyAttemptsError or
    svc.InvalidCredentialsError otherwise. Logs the outcome, never the password."""
    auth = auth_state(request)
    ip = client_ip(request)
    key = email.strip().lower()[:320]
    wait = auth.limiter.retry_after(key, ip)
    if wait:
        log.warning("login refused: too many failures (client %s)", ip)
        raise TooManyAttemptsError(wait)
    try:
        account = svc.authenticate(auth.store, email, password)
    except svc.InvalidCredentialsError:
        auth.limiter.failure(key, ip)
        log.warning("failed login (client %s)", ip)
        raise
    auth.limiter.success(key)
    log.info("account %s logged in (client %s)", account.id, ip)
    return account


def cookie_secure(settings: Settings, request: Request) -> bool:
    """Secure cookies over https (uvicorn sets the scheme from trusted proxies' X-Forwarded-Proto)."""
    if settings.cookie_secure != "auto":
        return settings.cookie_secure == "always"
    return request.url.scheme in ("https", "wss")


def start_session(request: Request, response: Response, account: Account) -> None:
    """Log the browser in: a new session and its HttpOnly, SameSite=Lax cookie."""
    auth = auth_state(request)
    old = request.cookies.get(SESSION_COOKIE, "")
    if old:
        svc.end_session(auth.store, old)
    secret = svc.start_session(auth.store, account, timedelta(seconds=auth.settings.session_max_age))
    response.set_cookie(SESSION_COOKIE, secret, max_age=auth.settings.session_max_age, path="/", httponly=True,
                        samesite="lax", secure=cookie_secure(auth.settings, request))


def end_session(request: Request, response: Response) -> None:
    """Log the browser out: the session is deleted and its cookie cleared."""
    auth = auth_state(request)
    svc.end_session(auth.store, request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=cookie_secure(auth.settings, request))


def make_auth(settings: Settings, engine: Engine) -> AuthState:
    """The AuthState of an app over ``engine`` (one rate limiter per process)."""
    return AuthState(settings=settings, store=SqlAccountStore(engine), limiter=LoginLimiter())


def local_auth(engine: Engine) -> AuthState:
    """Single-person mode over ``engine`` (for an API built on its own)."""
    return make_auth(Settings(local_mode=True), engine)


def change_password(request: Request, account: Account, current: str, new: str) -> None:
    """Change the account's password, rate limited like a login (a stolen session must not
    guess the current one): TooManyAttemptsError, svc.WrongPasswordError, svc.NoPasswordError
    or a WeakPasswordError otherwise. This browser's session stays; the others end."""
    auth = auth_state(request)
    key, ip = (account.email or "").lower(), client_ip(request)
    wait = auth.limiter.retry_after(key, ip)
    if wait:
        raise TooManyAttemptsError(wait)
    try:
        svc.change_password(auth.store, account, current, new, keep_session=request.cookies.get(SESSION_COOKIE))
    except svc.WrongPasswordError:
        auth.limiter.failure(key, ip)
        log.warning("wrong current password for account %s (client %s)", account.id, ip)
        raise
