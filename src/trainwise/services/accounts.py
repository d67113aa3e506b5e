"""Use cases of accounts: sign up, log in, passwords, API tokens, sessions, trainers and clients.

Passwords are hashed with argon2id (argon2-cffi's RFC 9106 "low memory" profile: 3 passes over
64 MiB, 4 lanes); hashes made with weaker parameters are upgraded at the next login. API tokens
and session cookies are 256-bit random secrets shown once and stored only as SHA-256 digests
(fast to look up; a leaked database does not let anyone in). Nothing here logs a secret.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta
from functools import lru_cache
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from trainwise.domain.accounts import (
    Account,
    AccountError,
    ApiToken,
    Invitation,
    check_password,
    check_role,
    normalize_email,
)

log = logging.getLogger(__name__)
HASHER = PasswordHasher()
"""argon2id with argon2-cffi's defaults (RFC 9106 low-memory: t=3, m=64 MiB, p=4)."""
TOKEN_PREFIX = "tw_"
MAX_TOKEN_NAME = 100


class InvalidCredentialsError(AccountError):
    """Wrong e-mail address or password (never says which)."""


class WrongPasswordError(AccountError):
    """The current password given to change it is wrong."""

    field = "current_password"


class NotATrainerError(AccountError):
    """Only trainers (and admins) may invite clients."""


class InvitationNotFoundError(AccountError, LookupError):
    """No open invitation with this id for this person."""


class ClientNotFoundError(AccountError, LookupError):
    """The trainer has no client with this id (no consent, or it was revoked)."""


class TrainerNotFoundError(AccountError, LookupError):
    """The person has no trainer with this id."""


class TokenNotFoundError(AccountError, LookupError):
    """The person has no API token with this id."""


class UnknownAccountError(AccountError, LookupError):
    """No account has this e-mail address (for the administrator's CLI)."""

    field = "email"


class NoPasswordError(AccountError):
    """The local default user has no password to change."""


class AccountStore(Protocol):
    """What the use cases need from account storage (see storage.accounts.SqlAccountStore)."""

    def create_user(self, email: str, password_hash: str, role: str) -> Account: ...
    def get(self, user_id: int) -> Account | None: ...
    def find(self, email: str) -> tuple[Account, str | None] | None: ...
    def password_hash(self, user_id: int) -> str | None: ...
    def set_password(self, user_id: int, password_hash: str, *, keep_session: str | None = None,
                     revoke_tokens: bool = False) -> None: ...
    def rehash(self, user_id: int, password_hash: str) -> None: ...
    def set_role(self, user_id: int, role: str) -> None: ...
    def list_users(self) -> list[Account]: ...
    def add_session(self, user_id: int, token_hash: str, max_age: timedelta) -> None: ...
    def session_account(self, token_hash: str) -> Account | None: ...
    def delete_session(self, token_hash: str) -> None: ...
    def add_token(self, user_id: int, token_hash: str, name: str) -> ApiToken: ...
    def tokens(self, user_id: int) -> list[ApiToken]: ...
    def revoke_token(self, user_id: int, token_id: int) -> bool: ...
    def token_account(self, token_hash: str) -> Account | None: ...
    def invite(self, trainer_id: int, email: str) -> Invitation: ...
    def clients_of(self, trainer_id: int) -> list[Invitation]: ...
    def invitations_for(self, user_id: int, email: str | None) -> list[Invitation]: ...
    def accept(self, invitation_id: int, user_id: int, email: str | None) -> Invitation | None: ...
    def revoke_trainer(self, user_id: int, email: str | None, trainer_id: int) -> bool: ...
    def has_client(self, trainer_id: int, client_id: int) -> bool: ...


def digest(secret: str) -> str:
    """SHA-256 of a token or session secret: what is stored and looked up."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    """An argon2id PHC string for the password."""
    return HASHER.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return HASHER.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification (no timing hint
    whether the account exists)."""
    try:
        return HASHER.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# ---------------------------------------------------------------------------- accounts


def sign_up(store: AccountStore, email: str, password: str, role: str = "athlete") -> Account:
    """A new account: the address must be valid and free, the password at least 10 characters
    and not the address."""
    address = normalize_email(email)
    check_password(password, address)
    account = store.create_user(address, hash_password(password), check_role(role))
    log.info("account %s created (role %s)", account.id, account.role)
    return account


def authenticate(store: AccountStore, email: str, password: str) -> Account:
    """The account whose address and password these are; InvalidCredentialsError otherwise."""
    try:
        address = normalize_email(email)
    except AccountError:
        _verify(None, password)
        raise InvalidCredentialsError("wrong e-mail address or password") from None
    found = store.find(address)
    account, stored = found if found is not None else (None, None)
    if not _verify(stored, password) or account is None or not account.is_active:
        raise InvalidCredentialsError("wrong e-mail address or password")
    if stored is not None and HASHER.check_needs_rehash(stored):
        store.rehash(account.id, hash_password(password))
    return account


def find_account(store: AccountStore, email: str) -> Account:
    """The account with this address; UnknownAccountError otherwise."""
    found = store.find(normalize_email(email))
    if found is None:
        raise UnknownAccountError(f"no account has the e-mail address '{email.strip()}'")
    return found[0]


def change_password(store: AccountStore, account: Account, current: str, new: str,
                    keep_session: str | None = None) -> None:
    """Change a password knowing the current one; every other session of the account ends."""
    stored = store.password_hash(account.id)
    if stored is None:
        raise NoPasswordError("this account has no password (single-person local mode)")
    if not _verify(stored, current):
        raise WrongPasswordError("the current password is wrong")
    check_password(new, account.email, field="new_password")
    store.set_password(account.id, hash_password(new), keep_session=digest(keep_session) if keep_session else None)
    log.info("password changed for account %s", account.id)


def reset_password(store: AccountStore, email: str, new: str) -> Account:
    """Set a new password without the old one (the administrator's CLI): every session ends and
    every API token is revoked."""
    account = find_account(store, email)
    check_password(new, account.email)
    store.set_password(account.id, hash_password(new), revoke_tokens=True)
    log.info("password reset for account %s", account.id)
    return account


def set_role(store: AccountStore, email: str, role: str) -> Account:
    """Give the account a role (athlete, trainer, admin)."""
    account = find_account(store, email)
    store.set_role(account.id, check_role(role))
    return Account(id=account.id, email=account.email, role=role, is_active=account.is_active)


# ---------------------------------------------------------------------------- sessions and tokens


def start_session(store: AccountStore, account: Account, max_age: timedelta) -> str:
    """A new session; returns the cookie's secret (stored only as its digest)."""
    secret = secrets.token_urlsafe(32)
    store.add_session(account.id, digest(secret), max_age)
    return secret


def session_account(store: AccountStore, secret: str) -> Account | None:
    """The account of a live session cookie."""
    return store.session_account(digest(secret)) if secret else None


def end_session(store: AccountStore, secret: str) -> None:
    """Log out: the session is deleted (the cookie is worthless from now on)."""
    if secret:
        store.delete_session(digest(secret))


def create_token(store: AccountStore, account: Account, name: str = "") -> tuple[ApiToken, str]:
    """A new API token: its record and the secret (shown once; stored only as its digest)."""
    label = " ".join(name.split())[:MAX_TOKEN_NAME] or "API token"
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return store.add_token(account.id, digest(secret), label), secret


def token_account(store: AccountStore, secret: str) -> Account | None:
    """The account of an unrevoked API token."""
    return store.token_account(digest(secret)) if secret else None


def revoke_token(store: AccountStore, account: Account, token_id: int) -> None:
    """Revoke one of the account's tokens; TokenNotFoundError for anyone else's."""
    if not store.revoke_token(account.id, token_id):
        raise TokenNotFoundError(f"you have no API token with id {token_id}")


# ---------------------------------------------------------------------------- trainers and clients


def invite(store: AccountStore, trainer: Account, email: str) -> Invitation:
    """A trainer invites someone by address (who may sign up later); nothing is shared until
    the person accepts."""
    if not trainer.is_trainer:
        raise NotATrainerError("only trainers can invite clients")
    address = normalize_email(email)
    if address == trainer.email:
        raise AccountError("you cannot be your own client", "email")
    return store.invite(trainer.id, address)


def clients(store: AccountStore, trainer: Account) -> list[Invitation]:
    """Everyone the trainer invited, with the status of each invitation."""
    if not trainer.is_trainer:
        raise NotATrainerError("only trainers have clients")
    return store.clients_of(trainer.id)


def client_of(store: AccountStore, trainer: Account, client_id: int) -> int:
    """The client's user id when they accepted the trainer's invitation and have not revoked it;
    ClientNotFoundError (a 404, like any id that is not yours) otherwise."""
    if not trainer.is_trainer or not store.has_client(trainer.id, client_id):
        raise ClientNotFoundError(f"you have no client with id {client_id}")
    return client_id


def invitations(store: AccountStore, account: Account) -> list[Invitation]:
    """The invitations waiting for the person, and the trainers they accepted."""
    return store.invitations_for(account.id, account.email)


def accept(store: AccountStore, account: Account, invitation_id: int) -> Invitation:
    """Accept an invitation: the trainer may now read the person's plans, logs and statistics
    and write plans for them."""
    found = store.accept(invitation_id, account.id, account.email)
    if found is None:
        raise InvitationNotFoundError(f"you have no open invitation with id {invitation_id}")
    return found


def revoke_trainer(store: AccountStore, account: Account, trainer_id: int) -> None:
    """Withdraw a trainer's access (or decline their invitation)."""
    if not store.revoke_trainer(account.id, account.email, trainer_id):
        raise TrainerNotFoundError(f"you have no trainer with id {trainer_id}")

