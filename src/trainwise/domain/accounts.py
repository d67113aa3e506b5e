"""Accounts: roles, the e-mail and password rules, and the records the account store returns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from trainwise.domain.errors import DomainError

ROLES = ("athlete", "trainer", "admin")
"""athlete: their own plans and logs; trainer: also their clients' (with consent); admin: also the library."""
TRAINER_ROLES = ("trainer", "admin")
INVITATION_STATUSES = ("invited", "active", "revoked")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
"""Long enough for any passphrase, short enough that hashing it is never a denial of service."""
MAX_EMAIL_LENGTH = 320
_EMAIL = re.compile(r"[^@\s]{1,64}@(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


class AccountError(DomainError):
    """An account rule was broken; ``field`` names the input at fault (or is empty)."""

    field: str = ""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field or type(self).field


class InvalidEmailError(AccountError, ValueError):
    """Not an e-mail address."""

    field = "email"


class WeakPasswordError(AccountError, ValueError):
    """A password the rules refuse."""

    field = "password"


class EmailTakenError(AccountError):
    """Another account has this e-mail address."""

    field = "email"


class InvalidRoleError(AccountError, ValueError):
    """Not one of ROLES."""

    field = "role"


def normalize_email(text: str) -> str:
    """The address as stored and compared: trimmed and lower-cased; InvalidEmailError otherwise."""
    email = text.strip().lower()
    if not email:
        raise InvalidEmailError("an e-mail address is needed")
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.fullmatch(email):
        raise InvalidEmailError(f"'{text.strip()[:80]}' is not an e-mail address")
    return email


def check_password(password: str, email: str | None = None, field: str = "password") -> None:
    """At least 10 characters (at most 1024), and not the e-mail address or its name part."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters", field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(f"the password may have at most {MAX_PASSWORD_LENGTH} characters", field)
    if not password.strip():
        raise WeakPasswordError("the password cannot be only spaces", field)
    if email:
        lowered = password.strip().lower()
        if lowered in (email.lower(), email.lower().split("@", 1)[0]):
            raise WeakPasswordError("the password cannot be your e-mail address", field)


def check_role(role: str) -> str:
    """The role, when it is one of ROLES."""
    if role not in ROLES:
        raise InvalidRoleError(f"unknown role '{role}'; use one of {', '.join(ROLES)}")
    return role


@dataclass(frozen=True, slots=True)
class Account:
    """A user as the rest of trainwise sees one (never with the password hash)."""

    id: int
    email: str | None
    role: str
    is_active: bool = True
    is_local: bool = False

    @property
    def is_trainer(self) -> bool:
        """Trainers (and admins) may invite clients."""
        return self.role in TRAINER_ROLES

    def to_dict(self) -> dict[str, object]:
        """The JSON of GET /api/v1/users/me."""
        return {"id": self.id, "email": self.email, "role": self.role}


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token as listed (its secret is shown once, at creation, and stored only hashed)."""

    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    def to_dict(self) -> dict[str, object]:
        """JSON of GET /api/v1/auth/tokens."""
        return {"id": self.id, "name": self.name, "created_at": _iso(self.created_at),
                "last_used_at": _iso(self.last_used_at), "revoked_at": _iso(self.revoked_at)}


@dataclass(frozen=True, slots=True)
class Invitation:
    """A trainer's invitation to a client, and the client's consent once accepted."""

    id: int
    trainer_id: int
    trainer_email: str
    email: str
    client_id: int | None
    status: str
    invited_at: datetime
    accepted_at: datetime | None

    def for_trainer(self) -> dict[str, object]:
        """JSON of the trainer's client list (the client's id only once they accepted)."""
        return {"invitation_id": self.id, "client_id": self.client_id if self.status == "active" else None,
                "email": self.email, "status": self.status, "invited_at": _iso(self.invited_at),
                "accepted_at": _iso(self.accepted_at)}

    def for_client(self) -> dict[str, object]:
        """JSON of the client's invitation list."""
        return {"id": self.id, "trainer_id": self.trainer_id, "trainer_email": self.trainer_email,
                "status": self.status, "invited_at": _iso(self.invited_at), "accepted_at": _iso(self.accepted_at)}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
