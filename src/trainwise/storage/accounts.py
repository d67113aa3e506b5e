"""SqlAccountStore: users, hashed API tokens and sessions, and trainer-client consent.

Secrets never reach this module: it stores and looks up SHA-256 digests of tokens and session
cookies, and argon2id hashes of passwords, made by ``services.accounts``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from trainwise.domain.accounts import Account, ApiToken, EmailTakenError, Invitation
from trainwise.storage.tables import ApiTokenRow, TrainerClientRow, UserRow, UserSessionRow
from trainwise.storage.users import local_user_id

TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)
"""last_used_at is written at most this often per token (not on every request)."""


def _aware(value: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back; every stored datetime is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _now() -> datetime:
    return datetime.now(UTC)


def _account(row: UserRow) -> Account:
    return Account(id=row.id, email=row.email, role=row.role, is_active=row.is_active,
                   is_local=row.is_local_default)


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(id=row.id, name=row.name, created_at=_aware(row.created_at) or _now(),
                    last_used_at=_aware(row.last_used_at), revoked_at=_aware(row.revoked_at))


class SqlAccountStore:
    """Accounts on SQLAlchemy. Every method is one short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ users

    def create_user(self, email: str, password_hash: str, role: str) -> Account:
        """A new active account; EmailTakenError when the address is in use."""
        try:
            with Session(self.engine) as s, s.begin():
                row = UserRow(email=email, display_name="", is_local_default=False, password_hash=password_hash,
                              role=role, is_active=True, password_changed_at=_now())
                s.add(row)
                s.flush()
                return _account(row)
        except IntegrityError:
            raise EmailTakenError("an account with this e-mail address exists already") from None

    def get(self, user_id: int) -> Account | None:
        """The account with this id."""
        with Session(self.engine) as s:
            row = s.get(UserRow, user_id)
            return _account(row) if row is not None else None

    def find(self, email: str) -> tuple[Account, str | None] | None:
        """The account with this (normalized) address and its password hash."""
        with Session(self.engine) as s:
            row = s.execute(select(UserRow).where(UserRow.email == email)).scalar_one_or_none()
            return (_account(row), row.password_hash) if row is not None else None

    def password_hash(self, user_id: int) -> str | None:
        """The stored password hash (None for the local user)."""
        with Session(self.engine) as s:
            return s.execute(select(UserRow.password_hash).where(UserRow.id == user_id)).scalar_one_or_none()

    def set_password(self, user_id: int, password_hash: str, *, keep_session: str | None = None,
                     revoke_tokens: bool = False) -> None:
        """Store a new password hash and end every session but ``keep_session`` (a digest);
        with ``revoke_tokens`` every API token is revoked too."""
        now = _now()
        with Session(self.engine) as s, s.begin():
            s.execute(update(UserRow).where(UserRow.id == user_id)
                      .values(password_hash=password_hash, password_changed_at=now))
            ending = delete(UserSessionRow).where(UserSessionRow.user_id == user_id)
            if keep_session is not None:
                ending = ending.where(UserSessionRow.token_hash != keep_session)
            s.execute(ending)
            if revoke_tokens:
                s.execute(update(ApiTokenRow).where(ApiTokenRow.user_id == user_id, ApiTokenRow.revoked_at.is_(None))
                          .values(revoked_at=now))

    def rehash(self, user_id: int, password_hash: str) -> None:
        """Replace the hash of the same password (stronger parameters); sessions stay."""
        with Session(self.engine) as s, s.begin():
            s.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))

    def set_role(self, user_id: int, role: str) -> None:
        """Change the account's role."""
        with Session(self.engine) as s, s.begin():
            s.execute(update(UserRow).where(UserRow.id == user_id).values(role=role))

    def list_users(self) -> list[Account]:
        """Every account with an e-mail address, by address (the local default user is left out)."""
        with Session(self.engine) as s:
            rows = s.execute(select(UserRow).where(UserRow.email.is_not(None)).order_by(UserRow.email)).scalars()
            return [_account(row) for row in rows]

    def local_account(self) -> Account:
        """The local default user of single-person mode."""
        account = self.get(local_user_id(self.engine))
        assert account is not None
        return account

    # ------------------------------------------------------------------ sessions

    def add_session(self, user_id: int, token_hash: str, max_age: timedelta) -> None:
        """Start a browser session (and forget every expired one)."""
        now = _now()
        with Session(self.engine) as s, s.begin():
            s.execute(delete(UserSessionRow).where(UserSessionRow.expires_at < now))
            s.add(UserSessionRow(user_id=user_id, token_hash=token_hash, created_at=now, expires_at=now + max_age))

    def session_account(self, token_hash: str) -> Account | None:
        """The active account of an unexpired session."""
        with Session(self.engine) as s:
            row = s.execute(
                select(UserRow).join(UserSessionRow, UserSessionRow.user_id == UserRow.id)
                .where(UserSessionRow.token_hash == token_hash, UserSessionRow.expires_at > _now(),
                       UserRow.is_active.is_(True))
            ).scalar_one_or_none()
            return _account(row) if row is not None else None

    def delete_session(self, token_hash: str) -> None:
        """End one session (log out)."""
        with Session(self.engine) as s, s.begin():
            s.execute(delete(UserSessionRow).where(UserSessionRow.token_hash == token_hash))

    def session_count(self, user_id: int) -> int:
        """How many unexpired sessions the account has."""
        with Session(self.engine) as s:
            rows = s.execute(select(UserSessionRow.id).where(UserSessionRow.user_id == user_id,
                                                             UserSessionRow.expires_at > _now())).all()
            return len(rows)

    # ------------------------------------------------------------------ API tokens

    def add_token(self, user_id: int, token_hash: str, name: str) -> ApiToken:
        """Store a new token's digest."""
        with Session(self.engine) as s, s.begin():
            row = ApiTokenRow(user_id=user_id, token_hash=token_hash, name=name, created_at=_now())
            s.add(row)
            s.flush()
            return _token(row)

    def tokens(self, user_id: int) -> list[ApiToken]:
        """The account's tokens, newest first (revoked ones included)."""
        with Session(self.engine) as s:
            rows = s.execute(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id)
                             .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc())).scalars()
            return [_token(row) for row in rows]

    def revoke_token(self, user_id: int, token_id: int) -> bool:
        """Revoke the account's token; False when the account has no token with this id."""
        with Session(self.engine) as s, s.begin():
            row = s.execute(select(ApiTokenRow).where(ApiTokenRow.id == token_id,
                                                      ApiTokenRow.user_id == user_id)).scalar_one_or_none()
            if row is None:
                return False
            if row.revoked_at is None:
                row.revoked_at = _now()
            return True

    def token_account(self, token_hash: str) -> Account | None:
        """The active account of an unrevoked token (noting when it was last used)."""
        now = _now()
        with Session(self.engine) as s, s.begin():
            found = s.execute(
                select(ApiTokenRow, UserRow).join(UserRow, UserRow.id == ApiTokenRow.user_id)
                .where(ApiTokenRow.token_hash == token_hash, ApiTokenRow.revoked_at.is_(None),
                       UserRow.is_active.is_(True))
            ).one_or_none()
            if found is None:
                return None
            token, user = found
            last = _aware(token.last_used_at)
            if last is None or now - last > TOKEN_TOUCH_INTERVAL:
                token.last_used_at = now
            return _account(user)

    # ------------------------------------------------------------------ trainers and clients

    def _invitations(self, s: Session, *where: object) -> list[Invitation]:
        trainer = aliased(UserRow)
        rows = s.execute(
            select(TrainerClientRow, trainer.email).join(trainer, trainer.id == TrainerClientRow.trainer_id)
            .where(*where).order_by(TrainerClientRow.invited_at.desc(), TrainerClientRow.id.desc())  # type: ignore[arg-type]
        ).all()
        return [Invitation(id=row.id, trainer_id=row.trainer_id, trainer_email=email or "", email=row.email,
                           client_id=row.client_id, status=row.status,
                           invited_at=_aware(row.invited_at) or _now(), accepted_at=_aware(row.accepted_at))
                for row, email in rows]

    def invite(self, trainer_id: int, email: str) -> Invitation:
        """Invite an address (again after a revoke); an invitation already open or accepted stays."""
        with Session(self.engine) as s, s.begin():
            row = s.execute(select(TrainerClientRow).where(TrainerClientRow.trainer_id == trainer_id,
                                                           TrainerClientRow.email == email)).scalar_one_or_none()
            if row is None:
                row = TrainerClientRow(trainer_id=trainer_id, email=email, status="invited", invited_at=_now())
                s.add(row)
                s.flush()
            elif row.status == "revoked":
                row.status, row.invited_at, row.accepted_at = "invited", _now(), None
                s.flush()
            return self._invitations(s, TrainerClientRow.id == row.id)[0]

    def clients_of(self, trainer_id: int) -> list[Invitation]:
        """Every invitation the trainer sent, newest first, with its status."""
        with Session(self.engine) as s:
            return self._invitations(s, TrainerClientRow.trainer_id == trainer_id)

    def invitations_for(self, user_id: int, email: str | None) -> list[Invitation]:
        """Open and accepted invitations to this account (sent to its address before it existed too)."""
        mine = TrainerClientRow.client_id == user_id
        if email:
            mine = or_(mine, (TrainerClientRow.client_id.is_(None)) & (TrainerClientRow.email == email))
        with Session(self.engine) as s:
            return self._invitations(s, mine, TrainerClientRow.status.in_(("invited", "active")))

    def accept(self, invitation_id: int, user_id: int, email: str | None) -> Invitation | None:
        """Accept an open invitation to this account; None when there is none with this id."""
        with Session(self.engine) as s, s.begin():
            row = s.get(TrainerClientRow, invitation_id)
            if row is None or row.status != "invited" or row.trainer_id == user_id:
                return None
            if row.client_id != user_id and not (row.client_id is None and email and row.email == email):
                return None
            row.client_id, row.status, row.accepted_at = user_id, "active", _now()
            s.flush()
            return self._invitations(s, TrainerClientRow.id == row.id)[0]

    def revoke_trainer(self, user_id: int, email: str | None, trainer_id: int) -> bool:
        """The client withdraws consent (or declines an open invitation); False when there is none."""
        mine = TrainerClientRow.client_id == user_id
        if email:
            mine = or_(mine, (TrainerClientRow.client_id.is_(None)) & (TrainerClientRow.email == email))
        with Session(self.engine) as s, s.begin():
            rows = s.execute(select(TrainerClientRow).where(
                TrainerClientRow.trainer_id == trainer_id, mine,
                TrainerClientRow.status.in_(("invited", "active")))).scalars().all()
            for row in rows:
                row.client_id, row.status = user_id, "revoked"
            return bool(rows)

    def has_client(self, trainer_id: int, client_id: int) -> bool:
        """True when the client accepted the trainer's invitation and has not revoked it."""
        with Session(self.engine) as s:
            found = s.execute(select(TrainerClientRow.id).where(
                TrainerClientRow.trainer_id == trainer_id, TrainerClientRow.client_id == client_id,
                TrainerClientRow.status == "active")).first()
            return found is not None
