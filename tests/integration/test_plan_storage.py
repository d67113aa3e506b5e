"""Saved plans on SQLite and PostgreSQL: the store, the use cases, users and the 0002 migration."""

from __future__ import annotations

import copy
import re
from datetime import date

import pytest
from sqlalchemy import Engine, delete, func, select

from tests.e2e.plan_sample import sample_plan, suspended_plan
from tests.integration.conftest import new_user
from trainwise.domain.profile import profile_from_dict, profile_to_dict
from trainwise.library.loader import load_builtin_library
from trainwise.services import plans as svc
from trainwise.services.catalog import load_library
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import current_revision, head_revision, upgrade
from trainwise.storage.plans import PlanIdTakenError, SqlPlanStore
from trainwise.storage.tables import ExerciseRow, PlanRow, UserRow
from trainwise.storage.users import local_user_id

PROFILE = profile_from_dict({"id": "web", "level": "beginner", "goal": "general_fitness",
                             "equipment": ["dumbbells"], "days_per_week": 3})


def test_local_user_is_the_default_user_of_migration_0001(engine: Engine) -> None:
    user = local_user_id(engine)
    assert user == local_user_id(engine)
    with engine.connect() as conn:
        assert conn.execute(select(UserRow.is_local_default).where(UserRow.id == user)).scalar_one()


def test_a_deleted_local_user_is_made_again(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(delete(UserRow))
    user = local_user_id(engine)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(UserRow)).scalar_one() == 1
    assert local_user_id(engine) == user


def test_save_get_list_delete_round_trip(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    user = local_user_id(engine)
    plan = sample_plan(date(2026, 11, 23))
    store.save(user, "abc123def456", profile_to_dict(PROFILE), plan)
    saved = store.get(user, "abc123def456")
    assert saved is not None
    assert saved.plan == plan and saved.profile == profile_to_dict(PROFILE)
    s = saved.summary
    assert (s.id, s.profile_id, s.goal, s.level, s.status) == ("abc123def456", "web", "general_fitness",
                                                              "beginner", "active")
    assert s.start == date(2026, 11, 23) and s.weeks == 2
    assert [p.id for p in store.list(user)] == ["abc123def456"]
    assert store.delete(user, "abc123def456") is True
    assert store.get(user, "abc123def456") is None
    assert store.list(user) == []
    assert store.delete(user, "abc123def456") is False


def test_saving_again_replaces_the_plan_and_keeps_created_at(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    user = local_user_id(engine)
    store.save(user, "p1", profile_to_dict(PROFILE), sample_plan())
    first = store.get(user, "p1")
    store.save(user, "p1", profile_to_dict(PROFILE), suspended_plan())
    second = store.get(user, "p1")
    assert first is not None and second is not None
    assert second.summary.status == "suspended" and second.summary.weeks == 0
    assert second.summary.created_at == first.summary.created_at
    assert second.updated_at >= first.updated_at
    assert len(store.list(user)) == 1


def test_another_user_never_sees_or_touches_a_plan(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    owner = local_user_id(engine)
    other = new_user(engine, "other@example.org")
    store.save(owner, "mine00000000", profile_to_dict(PROFILE), sample_plan())
    assert store.get(other, "mine00000000") is None
    assert store.list(other) == []
    assert store.delete(other, "mine00000000") is False
    with pytest.raises(PlanIdTakenError):
        store.save(other, "mine00000000", profile_to_dict(PROFILE), suspended_plan())
    saved = store.get(owner, "mine00000000")
    assert saved is not None and saved.summary.status == "active"
    with pytest.raises(svc.PlanNotFoundError):
        svc.get_plan(store, other, "mine00000000")


def test_deleting_a_user_deletes_their_plans(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    other = new_user(engine, "gone@example.org")
    store.save(other, "gone00000000", profile_to_dict(PROFILE), sample_plan())
    with engine.begin() as conn:
        conn.execute(delete(UserRow).where(UserRow.id == other))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(PlanRow)).scalar_one() == 0


def test_use_cases_save_get_list(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    user = local_user_id(engine)
    plans = [sample_plan(date(2026, 11, 23)), suspended_plan(date(2026, 11, 30))]
    ids = [svc.save_plan(store, user, PROFILE, copy.deepcopy(p)) for p in plans]
    assert all(re.fullmatch(r"[0-9a-f]{12}", i) for i in ids) and ids[0] != ids[1]
    got = svc.get_plan(store, user, ids[0])
    assert got["id"] == ids[0]
    assert {k: v for k, v in got.items() if k != "id"} == {k: v for k, v in plans[0].items() if k != "id"}
    summaries = svc.list_plans(store, user)
    assert [s["id"] for s in summaries] == ids[::-1]  # newest first
    newest = summaries[0]
    assert set(newest) == {"id", "profile_id", "goal", "level", "start", "weeks", "status", "created_at"}
    assert newest["status"] == "suspended" and newest["weeks"] == 0 and newest["start"] == "2026-11-30"
    assert newest["created_at"].endswith("+00:00")
    with pytest.raises(svc.PlanNotFoundError, match="no saved plan with id 'nope'") as info:
        svc.get_plan(store, user, "nope")
    assert "\n" not in str(info.value) and isinstance(info.value, LookupError)
    svc.delete_plan(store, user, ids[0])
    with pytest.raises(svc.PlanNotFoundError):
        svc.delete_plan(store, user, ids[0])


def test_save_plan_sets_the_id_on_the_plan(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    plan = sample_plan()
    plan_id = svc.save_plan(store, local_user_id(engine), PROFILE, plan)
    assert plan["id"] == plan_id


def test_migration_0001_to_0002_keeps_the_library(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0001")
        assert current_revision(engine) == "0001"
        catalog = SqlCatalog(engine)
        library = load_builtin_library()
        load_library(catalog, library)
        with engine.connect() as conn:
            before = conn.execute(select(ExerciseRow.slug, ExerciseRow.content_hash).order_by(ExerciseRow.slug)).all()
        upgrade(engine)
        assert current_revision(engine) == head_revision() >= "0002"
        with engine.connect() as conn:
            after = conn.execute(select(ExerciseRow.slug, ExerciseRow.content_hash).order_by(ExerciseRow.slug)).all()
        assert after == before and len(after) == len(library)
        assert catalog.get("bird-dog") is not None
        # The local user of 0001 owns plans after the upgrade, and new users get fresh ids.
        store = SqlPlanStore(engine)
        user = local_user_id(engine)
        store.save(user, "after0002000", profile_to_dict(PROFILE), sample_plan())
        assert [p.id for p in store.list(user)] == ["after0002000"]
        assert new_user(engine, "second@example.org") != user
    finally:
        engine.dispose()
