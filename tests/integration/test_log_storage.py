"""Workout logs on SQLite and PostgreSQL: the store, idempotent writes, users, ranges and migration 0003."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, func, select

from tests.conftest import REPO
from tests.integration.conftest import new_user
from trainwise.domain.logs import LoggedExercise, LoggedSet, WorkoutLog, log_from_dict
from trainwise.library.loader import load_builtin_library
from trainwise.services import log_import as imp
from trainwise.services import logs as svc
from trainwise.services.catalog import load_library
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.migrate import current_revision, head_revision, upgrade
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.tables import LoggedSetRow, UserRow, WorkoutLogRow
from trainwise.storage.users import local_user_id

LOG = log_from_dict({
    "id": "9a1b2c3d-0000-4000-8000-000000000001", "plan_id": "abc123def456", "date": "2026-11-23",
    "exercises": [
        {"exercise": "deadlift", "sets": [{"load_kg": 60, "reps": 5, "type": "warmup"},
                                          {"load_kg": 100, "reps": 5, "rir": 2},
                                          {"load_lb": 225, "reps": 4, "rpe": 9.5, "type": "failure"}]},
        {"exercise": "front-plank", "sets": [{"seconds": 45.5}]},
        {"exercise": "bird-dog", "sets": []},
    ],
    "pain_before": {"lower_back": 1}, "pain_during": {"lower_back": 3, "knees": 1},
    "pain_next_morning": {"lower_back": 2}, "symptoms": ["soreness"], "notes": "heavy day", "completed": False,
})


def _set_rows(engine: Engine, user: int | None = None) -> int:
    query = select(func.count()).select_from(LoggedSetRow)
    if user is not None:
        query = query.where(LoggedSetRow.user_id == user)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _log(log_id: str, day: date, reps: int = 5, n_sets: int = 2) -> WorkoutLog:
    sets = tuple(LoggedSet(load_kg=80.0, reps=reps) for _ in range(n_sets))
    return WorkoutLog(id=log_id, date=day, exercises=(LoggedExercise("back-squat", sets),))


# ---------------------------------------------------------------------------- round trip


def test_put_get_list_delete_round_trip(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    assert store.put(user, LOG) is True
    assert store.get(user, LOG.id) == LOG  # every field, pounds already in kg, the set-less exercise too
    assert store.list(user) == [LOG]
    assert store.count(user) == (1, 4)
    assert store.delete(user, LOG.id) is True
    assert store.get(user, LOG.id) is None and store.list(user) == []
    assert store.delete(user, LOG.id) is False
    assert _set_rows(engine) == 0


def test_resending_never_duplicates_a_set(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    assert store.put(user, LOG) is True
    for _ in range(3):
        assert store.put(user, LOG) is False
    assert store.list(user) == [LOG]
    assert _set_rows(engine) == 5  # four sets and the row keeping bird-dog's place


def test_sending_again_replaces_the_content_and_keeps_created_at(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    store.put(user, LOG)
    with engine.connect() as conn:
        created = conn.execute(select(WorkoutLogRow.created_at)).scalar_one()
    changed = replace(LOG, date=date(2026, 11, 24), notes="edited", plan_id=None, pain_during={},
                      exercises=(LoggedExercise("back-squat", (LoggedSet(load_kg=90.0, reps=3),)),))
    assert store.put(user, changed) is False
    assert store.get(user, LOG.id) == changed
    with engine.connect() as conn:
        row = conn.execute(select(WorkoutLogRow.created_at, WorkoutLogRow.updated_at)).one()
        set_dates = conn.execute(select(LoggedSetRow.date)).scalars().all()
    assert row.created_at == created and row.updated_at >= created
    assert set_dates == [date(2026, 11, 24)]  # the denormalised date follows the log


def test_another_user_never_sees_a_log_and_its_id_never_collides(engine: Engine) -> None:
    store = SqlLogStore(engine)
    owner = local_user_id(engine)
    other = new_user(engine, "other@example.org")
    store.put(owner, LOG)
    assert store.get(other, LOG.id) is None
    assert store.list(other) == [] and store.sets_between(other) == []
    assert store.delete(other, LOG.id) is False
    with pytest.raises(svc.LogNotFoundError):
        svc.get_log(store, other, LOG.id)
    theirs = replace(LOG, notes="theirs", exercises=(LoggedExercise("push-up", (LoggedSet(reps=10),)),))
    assert store.put(other, theirs) is True  # the same client id, another person: a separate log
    assert store.get(owner, LOG.id) == LOG
    assert store.get(other, LOG.id) == theirs
    assert store.count(owner) == (1, 4) and store.count(other) == (1, 1)


def test_deleting_a_user_deletes_their_logs_and_sets(engine: Engine) -> None:
    store = SqlLogStore(engine)
    keep = local_user_id(engine)
    gone = new_user(engine, "gone@example.org")
    store.put(gone, LOG)
    store.put(keep, _log("mine", date(2026, 11, 23)))
    with engine.begin() as conn:
        conn.execute(delete(UserRow).where(UserRow.id == gone))
    assert _set_rows(engine, gone) == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(WorkoutLogRow)).scalar_one() == 1
    assert store.count(keep) == (1, 2)


def test_deleting_a_log_row_cascades_to_its_sets(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    store.put(user, LOG)
    with engine.begin() as conn:
        conn.execute(delete(WorkoutLogRow))
    assert _set_rows(engine) == 0


# ---------------------------------------------------------------------------- ranges and bulk reads


def test_ranges_are_inclusive_and_ordered_by_date(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    days = [date(2026, 1, 5), date(2026, 1, 1), date(2026, 1, 3), date(2026, 1, 3)]
    for i, day in enumerate(days):
        store.put(user, _log(f"log-{i}", day, reps=i + 1))
    assert [x.id for x in store.list(user)] == ["log-1", "log-2", "log-3", "log-0"]
    assert [x.id for x in store.list(user, date(2026, 1, 3), date(2026, 1, 5))] == ["log-2", "log-3", "log-0"]
    assert [x.id for x in store.list(user, date(2026, 1, 3), date(2026, 1, 3))] == ["log-2", "log-3"]
    assert [x.id for x in store.list(user, end=date(2026, 1, 2))] == ["log-1"]
    assert [x.id for x in store.list(user, start=date(2026, 1, 4))] == ["log-0"]
    assert store.list(user, date(2026, 1, 6)) == []
    assert [[s.reps for s in x.exercises[0].sets] for x in store.list(user)] == [[2, 2], [3, 3], [4, 4], [1, 1]]


def test_list_is_two_queries_whatever_the_number_of_logs(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    for i in range(30):
        store.put(user, _log(f"log-{i}", date(2026, 1, 1) + timedelta(days=i)))
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        logs = store.list(user)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(logs) == 30 and all(x.set_count == 2 for x in logs)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2


def test_sets_between_gives_flat_rows_for_statistics(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    store.put(user, LOG)
    store.put(user, _log("later", date(2026, 12, 1)))
    rows = store.sets_between(user)
    assert [(r.date, r.log_id, r.exercise, r.set_no) for r in rows] == [
        (date(2026, 11, 23), LOG.id, "deadlift", 1), (date(2026, 11, 23), LOG.id, "deadlift", 2),
        (date(2026, 11, 23), LOG.id, "deadlift", 3), (date(2026, 11, 23), LOG.id, "front-plank", 1),
        (date(2026, 12, 1), "later", "back-squat", 1), (date(2026, 12, 1), "later", "back-squat", 2)]
    assert rows[2].to_set() == LOG.exercises[0].sets[2]
    assert [r.log_id for r in store.sets_between(user, date(2026, 11, 24))] == ["later", "later"]
    assert [r.exercise for r in store.sets_between(user, exercises=["front-plank", "bird-dog"])] == ["front-plank"]


# ---------------------------------------------------------------------------- concurrency


def test_identical_puts_racing_store_the_log_once(engine: Engine) -> None:
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    barrier = threading.Barrier(6)
    results: list[bool] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            barrier.wait()
            results.append(store.put(user, LOG))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert store.list(user) == [LOG]
    assert _set_rows(engine) == 5


# ---------------------------------------------------------------------------- use cases and migration


def test_record_and_import_on_a_real_catalog(engine: Engine) -> None:
    catalog = SqlCatalog(engine)
    load_library(catalog, load_builtin_library())
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    log, created = svc.record_log(store, catalog, user, {
        "id": "cli-1", "date": "2026-11-23", "exercises": [{"exercise": "Barbell Deadlift", "sets": [{"reps": 5}]}]})
    assert created and log.exercises[0].exercise == "deadlift"
    text = (REPO / "tests" / "data" / "imports" / "strong_comma.csv").read_text()
    first = imp.store_import(store, user, imp.import_strong(text, catalog))
    again = imp.store_import(store, user, imp.import_strong(text, catalog))
    assert (first.created, first.updated, again.created, again.updated) == (3, 0, 0, 3)
    assert store.count(user) == (4, 1 + first.sets)
    rows = list(csv.reader(io.StringIO(svc.export_csv(store, user))))
    assert len(rows) == 1 + 1 + first.sets
    assert rows[1][11] == "Strong: Full Body A\nSlept badly\nBench Press (Barbell): Pause at the chest"


def test_migration_0002_to_0003_keeps_plans(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0002")
        user = local_user_id(engine)
        SqlPlanStore(engine).save(user, "plan00000001", {"id": "p"}, {"weeks": [], "status": "active"})
        upgrade(engine, "0003")
        assert current_revision(engine) == "0003"
        assert head_revision() >= "0003"
        assert [p.id for p in SqlPlanStore(engine).list(user)] == ["plan00000001"]
        store = SqlLogStore(engine)
        assert store.put(user, LOG) and store.get(user, LOG.id) == LOG
    finally:
        engine.dispose()
