"""Alembic migrations produce exactly the schema the ORM tables describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import current_revision, upgrade
from trainwise.storage.tables import Base

IGNORED_TABLES = {"alembic_version"}


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    if type_ == "table" and (name in IGNORED_TABLES or (name or "").startswith("exercises_fts")):
        return False
    return not (type_ == "column" and name == "search_vector") and name != "ix_exercises_search_vector"


def test_migrated_schema_matches_the_tables(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _include, "compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_twice_is_harmless(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    first = current_revision(engine)
    upgrade(engine)
    assert current_revision(engine) == first
    engine.dispose()
