"""Accounts on SQLite and PostgreSQL: argon2id hashes, credentials, hashed revocable tokens,
sessions, and the trainer-client invitation lifecycle."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from trainwise.domain.accounts import EmailTakenError, InvalidEmailError, WeakPasswordError
from trainwise.services import accounts as svc
from trainwise.services.ratelimit import LoginLimiter
from trainwise.storage.accounts import SqlAccountStore
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import upgrade
from trainwise.storage.tables import ApiTokenRow, UserRow, UserSessionRow
from trainwise.storage.users import local_user_id

PASSWORD = "correct horse battery"


@pytest.fixture
def store(db_url: str) -> Iterator[SqlAccountStore]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield SqlAccountStore(engine)
    engine.dispose()


def test_passwords_are_hashed_with_argon2id(store: SqlAccountStore) -> None:
    account = svc.sign_up(store, "  Ada@Example.ORG ", PASSWORD)
    assert (account.email, account.role) == ("ada@example.org", "athlete")
    stored = store.password_hash(account.id)
    assert stored is not None and stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert PASSWORD not in stored
    assert svc.authenticate(store, "ADA@example.org", PASSWORD).id == account.id


def test_wrong_password_unknown_address_and_inactive_account_are_refused(store: SqlAccountStore) -> None:
    account = svc.sign_up(store, "bo@example.org", PASSWORD)
    for email, password in (("bo@example.org", PASSWORD + "!"), ("nobody@example.org", PASSWORD),
                            ("not an address", PASSWORD), ("bo@example.org", "")):
        with pytest.raises(svc.InvalidCredentialsError, match="wrong e-mail address or password"):
            svc.authenticate(store, email, password)
    with Session(store.engine) as s, s.begin():
        s.get(UserRow, account.id).is_active = False  # type: ignore[union-attr]
    with pytest.raises(svc.InvalidCredentialsError):
        svc.authenticate(store, "bo@example.org", PASSWORD)


def test_sign_up_rules(store: SqlAccountStore) -> None:
    svc.sign_up(store, "cy@example.org", PASSWORD)
    with pytest.raises(EmailTakenError):
        svc.sign_up(store, "CY@example.org", "another good one")
    with pytest.raises(InvalidEmailError):
        svc.sign_up(store, "cy-at-example.org", PASSWORD)
    with pytest.raises(WeakPasswordError, match="10 characters"):
        svc.sign_up(store, "dee@example.org", "short")
    with pytest.raises(WeakPasswordError, match="e-mail"):
        svc.sign_up(store, "longname@example.org", "LongName@example.org")
    with pytest.raises(WeakPasswordError, match="e-mail"):
        svc.sign_up(store, "longname@example.org", "longname  ")
    assert [a.email for a in store.list_users()] == ["cy@example.org"]


def test_a_weaker_hash_is_upgraded_at_login(store: SqlAccountStore) -> None:
    from argon2 import PasswordHasher

    account = svc.sign_up(store, "old@example.org", PASSWORD)
    store.rehash(account.id, PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD))
    svc.authenticate(store, "old@example.org", PASSWORD)
    assert "m=65536,t=3" in (store.password_hash(account.id) or "")


def test_tokens_are_hashed_at_rest_and_revocable(store: SqlAccountStore) -> None:
    ada = svc.sign_up(store, "ada@example.org", PASSWORD)
    bo = svc.sign_up(store, "bo@example.org", PASSWORD)
    token, secret = svc.create_token(store, ada, "  my   watch ")
    assert token.name == "my watch" and secret.startswith("tw_") and len(secret) > 40
    with Session(store.engine) as s:
        stored = s.execute(select(ApiTokenRow.token_hash)).scalars().all()
    assert stored == [svc.digest(secret)] and secret not in stored[0]
    assert svc.token_account(store, secret) == ada
    assert svc.token_account(store, secret + "x") is None
    assert store.tokens(ada.id)[0].last_used_at is not None
    with pytest.raises(svc.TokenNotFoundError):
        svc.revoke_token(store, bo, token.id)  # not Bo's
    assert svc.token_account(store, secret) == ada
    svc.revoke_token(store, ada, token.id)
    assert svc.token_account(store, secret) is None
    assert store.tokens(ada.id)[0].revoked_at is not None


def test_sessions_end_on_logout_password_change_and_reset(store: SqlAccountStore) -> None:
    ada = svc.sign_up(store, "ada@example.org", PASSWORD)
    day = timedelta(days=1)
    phone, laptop = svc.start_session(store, ada, day), svc.start_session(store, ada, day)
    with Session(store.engine) as s:
        assert phone not in s.execute(select(UserSessionRow.token_hash)).scalars().all()
    assert svc.session_account(store, phone) == ada
    svc.end_session(store, phone)
    assert svc.session_account(store, phone) is None and svc.session_account(store, laptop) == ada

    here = svc.start_session(store, ada, day)
    with pytest.raises(svc.WrongPasswordError):
        svc.change_password(store, ada, "not it at all", "a brand new password")
    with pytest.raises(WeakPasswordError):
        svc.change_password(store, ada, PASSWORD, "short")
    svc.change_password(store, ada, PASSWORD, "a brand new password", keep_session=here)
    assert svc.session_account(store, laptop) is None and svc.session_account(store, here) == ada
    assert svc.authenticate(store, "ada@example.org", "a brand new password") == ada

    _, secret = svc.create_token(store, ada)
    svc.reset_password(store, "ada@example.org", "reset by the admin")
    assert svc.session_account(store, here) is None and svc.token_account(store, secret) is None
    with pytest.raises(svc.UnknownAccountError):
        svc.reset_password(store, "nobody@example.org", "reset by the admin")


def test_expired_sessions_do_not_count(store: SqlAccountStore) -> None:
    ada = svc.sign_up(store, "ada@example.org", PASSWORD)
    old = svc.start_session(store, ada, timedelta(seconds=-1))
    assert svc.session_account(store, old) is None


def test_invitation_lifecycle(store: SqlAccountStore) -> None:
    trainer = svc.set_role(store, svc.sign_up(store, "tess@example.org", PASSWORD).email or "", "trainer")
    athlete = svc.sign_up(store, "ann@example.org", PASSWORD)
    with pytest.raises(svc.NotATrainerError):
        svc.invite(store, athlete, "tess@example.org")
    with pytest.raises(svc.AccountError, match="own client"):
        svc.invite(store, trainer, "tess@example.org")

    # Invited before the account exists: the invitation waits for the address.
    invitation = svc.invite(store, trainer, "Cleo@Example.org")
    assert invitation.status == "invited" and invitation.for_trainer()["client_id"] is None
    cleo = svc.sign_up(store, "cleo@example.org", PASSWORD)
    assert [i.id for i in svc.invitations(store, cleo)] == [invitation.id]
    assert svc.invitations(store, athlete) == []
    with pytest.raises(svc.ClientNotFoundError):
        svc.client_of(store, trainer, cleo.id)  # no consent yet
    with pytest.raises(svc.InvitationNotFoundError):
        svc.accept(store, athlete, invitation.id)  # not Ann's invitation

    accepted = svc.accept(store, cleo, invitation.id)
    assert (accepted.status, accepted.client_id) == ("active", cleo.id) and accepted.accepted_at
    assert svc.client_of(store, trainer, cleo.id) == cleo.id
    assert [c.for_trainer()["client_id"] for c in svc.clients(store, trainer)] == [cleo.id]
    with pytest.raises(svc.InvitationNotFoundError):
        svc.accept(store, cleo, invitation.id)  # accepted already
    assert svc.invite(store, trainer, "cleo@example.org").status == "active"  # inviting again changes nothing

    with pytest.raises(svc.TrainerNotFoundError):
        svc.revoke_trainer(store, athlete, trainer.id)
    svc.revoke_trainer(store, cleo, trainer.id)
    with pytest.raises(svc.ClientNotFoundError):
        svc.client_of(store, trainer, cleo.id)
    assert svc.clients(store, trainer)[0].status == "revoked" and svc.invitations(store, cleo) == []

    # The trainer may ask again; the client declines this time.
    again = svc.invite(store, trainer, "cleo@example.org")
    assert again.id == invitation.id and again.status == "invited"
    svc.revoke_trainer(store, cleo, trainer.id)
    with pytest.raises(svc.InvitationNotFoundError):
        svc.accept(store, cleo, again.id)

    # A trainer demoted to athlete loses access to their clients.
    svc.invite(store, trainer, "ann@example.org")
    svc.accept(store, athlete, svc.invitations(store, athlete)[0].id)
    assert svc.client_of(store, trainer, athlete.id) == athlete.id
    demoted = svc.set_role(store, "tess@example.org", "athlete")
    with pytest.raises(svc.ClientNotFoundError):
        svc.client_of(store, demoted, athlete.id)


def test_the_local_user_stays_and_has_no_password(store: SqlAccountStore) -> None:
    local = store.local_account()
    assert local.is_local and local.email is None and local.id == local_user_id(store.engine)
    assert store.list_users() == []
    with pytest.raises(svc.NoPasswordError):
        svc.change_password(store, local, "", "whatever it is now")


def test_deleting_a_user_deletes_their_tokens_sessions_and_invitations(store: SqlAccountStore) -> None:
    trainer = svc.set_role(store, svc.sign_up(store, "tess@example.org", PASSWORD).email or "", "trainer")
    ada = svc.sign_up(store, "ada@example.org", PASSWORD)
    svc.create_token(store, ada)
    svc.start_session(store, ada, timedelta(days=1))
    svc.accept(store, ada, svc.invite(store, trainer, "ada@example.org").id)
    with Session(store.engine) as s, s.begin():
        s.delete(s.get(UserRow, ada.id))
    assert store.tokens(ada.id) == [] and store.clients_of(trainer.id) == []


def test_login_limiter_counts_failures_per_address_and_per_ip() -> None:
    now = [0.0]
    limiter = LoginLimiter(max_failures=5, window=900, clock=lambda: now[0])
    for _ in range(5):
        assert limiter.retry_after("ada@example.org", "10.0.0.1") == 0
        limiter.failure("ada@example.org", "10.0.0.1")
    assert limiter.retry_after("ada@example.org", "10.0.0.2") == 901  # the address is locked from anywhere
    assert limiter.retry_after("bo@example.org", "10.0.0.1") == 901  # and the IP for any address
    assert limiter.retry_after("bo@example.org", "10.0.0.2") == 0
    now[0] = 899.5
    assert limiter.retry_after("ada@example.org", "10.0.0.2") == 1
    now[0] = 900.0
    assert limiter.retry_after("ada@example.org", "10.0.0.1") == 0
    limiter.failure("ada@example.org", "10.0.0.3")
    limiter.success("ada@example.org")
    assert limiter.retry_after("ada@example.org", "10.0.0.4") == 0
