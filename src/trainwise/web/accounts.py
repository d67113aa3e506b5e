"""Account pages: sign up, log in, log out, and the account page (password, API tokens, trainers).

Every form carries the CSRF token (checked by ``web.csrf.CsrfMiddleware``). A login starts a
server-side session (``api.auth.start_session``); logging out deletes it. In single-person local
mode there is nothing to log in to: these pages say so.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from trainwise.api import auth
from trainwise.api.auth import CurrentAccountDep, NotAuthenticatedError, TooManyAttemptsError
from trainwise.domain.accounts import MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, Account, AccountError
from trainwise.services import accounts as svc
from trainwise.web.router import render

router = APIRouter()
EmailField = Annotated[str, Form(max_length=MAX_EMAIL_LENGTH)]
PasswordField = Annotated[str, Form(max_length=MAX_PASSWORD_LENGTH)]
NextField = Annotated[str, Form(max_length=2000)]
IdPath = Annotated[int, PathParam(ge=1, le=2**63 - 1)]


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go to after logging in (never another site)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\n" in target:
        return default
    return target


def login_redirect(request: Request, exc: NotAuthenticatedError) -> Response:
    """A personal page without a login: to the login page, then back (htmx: a full redirect)."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": exc.detail}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = f"/login?next={quote(here, safe='/')}"
    if request.headers.get("HX-Request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _local(request: Request) -> bool:
    return auth.auth_state(request).settings.local_mode


def _signed_in(request: Request, target: str) -> RedirectResponse:
    return RedirectResponse(safe_next(target), status_code=303)


@router.get("/login", response_class=HTMLResponse, response_model=None)
def login_page(request: Request, next: str = "/") -> Response:
    """The login form (already signed in, or local mode: straight on)."""
    if _local(request) or auth.optional_account(request) is not None:
        return _signed_in(request, next)
    return render(request, "login.html", next=safe_next(next), email="", error=None)


@router.post("/login", response_model=None)
def login(request: Request, email: EmailField, password: PasswordField, next: NextField = "/") -> Response:
    """Check the password (rate limited) and start a session."""
    if _local(request):
        return _signed_in(request, next)
    try:
        account = auth.login(request, email, password)
    except TooManyAttemptsError as exc:
        refused = render(request, "login.html", status_code=429, next=safe_next(next), email=email,
                         error=f"Too many failed attempts. {str(exc)[0].upper()}{str(exc)[1:]}.")
        refused.headers["Retry-After"] = str(exc.retry_after)
        return refused
    except svc.InvalidCredentialsError:
        return render(request, "login.html", status_code=401, next=safe_next(next), email=email,
                      error="Wrong e-mail address or password.")
    response = _signed_in(request, next)
    auth.start_session(request, response, account)
    return response


@router.get("/signup", response_class=HTMLResponse, response_model=None)
def signup_page(request: Request, next: str = "/plans") -> Response:
    """The sign-up form."""
    if _local(request) or auth.optional_account(request) is not None:
        return _signed_in(request, next)
    return render(request, "signup.html", next=safe_next(next, "/plans"), email="", errors={},
                  closed=not auth.auth_state(request).settings.allow_signup)


@router.post("/signup", response_model=None)
def signup(request: Request, email: EmailField, password: PasswordField, password2: PasswordField,
           next: NextField = "/plans") -> Response:
    """Make an account and log in."""
    if _local(request):
        return _signed_in(request, next)
    state = auth.auth_state(request)
    target = safe_next(next, "/plans")
    if not state.settings.allow_signup:
        return render(request, "signup.html", status_code=403, next=target, email=email, errors={}, closed=True)
    errors: dict[str, str] = {}
    if password != password2:
        errors["password2"] = "The two passwords differ."
    else:
        try:
            account = svc.sign_up(state.store, email, password)
        except AccountError as exc:
            errors[exc.field or "email"] = f"{str(exc)[0].upper()}{str(exc)[1:]}."
    if errors:
        return render(request, "signup.html", status_code=422, next=target, email=email, errors=errors, closed=False)
    response = RedirectResponse(target, status_code=303)
    auth.start_session(request, response, account)
    return response


@router.post("/logout", response_model=None)
def logout(request: Request) -> Response:
    """End the session and go home."""
    response = RedirectResponse("/", status_code=303)
    if not _local(request):
        auth.end_session(request, response)
    return response


# ---------------------------------------------------------------------------- the account page


def _account_page(request: Request, account: Account, status_code: int = 200, **extra: Any) -> HTMLResponse:
    store = auth.auth_state(request).store
    context: dict[str, Any] = {
        "account": account, "local": _local(request), "tokens": store.tokens(account.id),
        "invitations": svc.invitations(store, account),
        "clients": svc.clients(store, account) if account.is_trainer else [],
        "errors": {}, "message": None, "new_token": None, "invite_email": "",
    }
    context.update(extra)
    return render(request, "account.html", status_code=status_code, **context)


def _back(message: str = "") -> RedirectResponse:
    return RedirectResponse("/account" + (f"?done={quote(message)}" if message else ""), status_code=303)


DONE = {"password": "Your password is changed; your other sessions are logged out.",
        "revoked": "The token is revoked.", "invited": "Invitation sent: it appears on their account page.",
        "accepted": "Invitation accepted: your trainer can now see your plans and logs.",
        "trainer-revoked": "Done: that trainer no longer sees anything of yours."}


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, account: CurrentAccountDep, done: str = "") -> HTMLResponse:
    """Password, API tokens, and trainers or clients."""
    return _account_page(request, account, message=DONE.get(done))


@router.post("/account/password", response_model=None)
def change_password(request: Request, account: CurrentAccountDep, current_password: PasswordField,
                    new_password: PasswordField, new_password2: PasswordField) -> Response:
    """Change the password (needs the current one; rate limited); other sessions end."""
    if new_password != new_password2:
        return _account_page(request, account, 422, errors={"new_password2": "The two new passwords differ."})
    try:
        auth.change_password(request, account, current_password, new_password)
    except TooManyAttemptsError:
        return _account_page(request, account, 429, errors={"current_password": "Too many wrong passwords: try later."})
    except svc.WrongPasswordError:
        return _account_page(request, account, 400, errors={"current_password": "The current password is wrong."})
    except AccountError as exc:
        field = exc.field if exc.field in ("current_password", "new_password") else "new_password"
        return _account_page(request, account, 422, errors={field: f"{str(exc)[0].upper()}{str(exc)[1:]}."})
    return _back("password")


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(request: Request, account: CurrentAccountDep,
                 name: Annotated[str, Form(max_length=100)] = "") -> HTMLResponse:
    """A new API token, shown once on the page (never in a URL)."""
    token, secret = svc.create_token(auth.auth_state(request).store, account, name)
    response = _account_page(request, account, new_token={"name": token.name, "secret": secret})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/account/tokens/{token_id}/revoke", response_model=None)
def revoke_token(request: Request, account: CurrentAccountDep, token_id: IdPath) -> Response:
    """Revoke one of your tokens (404 for anyone else's)."""
    try:
        svc.revoke_token(auth.auth_state(request).store, account, token_id)
    except svc.TokenNotFoundError:
        raise HTTPException(404) from None
    return _back("revoked")


@router.post("/account/invite", response_model=None)
def invite(request: Request, account: CurrentAccountDep, email: EmailField) -> Response:
    """A trainer invites a client by e-mail address."""
    try:
        svc.invite(auth.auth_state(request).store, account, email)
    except svc.NotATrainerError:
        raise HTTPException(403, "only trainers can invite clients") from None
    except AccountError as exc:
        return _account_page(request, account, 422, errors={"invite": f"{str(exc)[0].upper()}{str(exc)[1:]}."},
                             invite_email=email)
    return _back("invited")


@router.post("/account/invitations/{invitation_id}/accept", response_model=None)
def accept(request: Request, account: CurrentAccountDep, invitation_id: IdPath) -> Response:
    """Accept a trainer's invitation (404 when it is not an open one of yours)."""
    try:
        svc.accept(auth.auth_state(request).store, account, invitation_id)
    except svc.InvitationNotFoundError:
        raise HTTPException(404) from None
    return _back("accepted")


@router.post("/account/trainers/{trainer_id}/revoke", response_model=None)
def revoke_trainer(request: Request, account: CurrentAccountDep, trainer_id: IdPath) -> Response:
    """Withdraw a trainer's access, or decline an invitation (404 when there is none)."""
    try:
        svc.revoke_trainer(auth.auth_state(request).store, account, trainer_id)
    except svc.TrainerNotFoundError:
        raise HTTPException(404) from None
    return _back("trainer-revoked")
