"""Fixtures of the storage tests: a migrated, empty database of each kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, insert

from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import upgrade
from trainwise.storage.tables import UserRow


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a fresh database of each kind, migrated to the newest schema."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def new_user(engine: Engine, email: str) -> int:
    """A user row of its own (for tests of what one user may see of another's)."""
    with engine.begin() as conn:
        return int(conn.execute(insert(UserRow).values(email=email, display_name=email)
                                .returning(UserRow.id)).scalar_one())
