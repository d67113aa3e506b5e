"""Every write is one transaction: a failure in the middle of a write leaves nothing of it behind.

Failures are injected after a given SQL statement has really run (an ``after_cursor_execute``
hook raises), or come from the database itself (a constraint broken by the second insert); then
every row of every table must be as it was before the write began.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event

from tests.e2e.plan_sample import sample_plan
from trainwise.domain.logs import log_from_dict
from trainwise.library.loader import load_builtin_library
from trainwise.storage import logs as log_storage
from trainwise.storage.backup import SqlBackupStore
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.plans import SqlPlanStore

PROFILE = {"id": "p", "level": "beginner", "goal": "general_fitness", "equipment": ["dumbbells"]}


class InjectedFailureError(RuntimeError):
    """The failure the tests inject (a crash, a lost connection, a bug...)."""


class FailAfter:
    """Raise InjectedFailureError right after the ``n``-th statement starting with ``prefix`` has run."""

    def __init__(self, engine: Engine, prefix: str, n: int = 1) -> None:
        self.engine, self.prefix, self.n, self.seen = engine, prefix.upper(), n, 0

    def _hook(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if " ".join(statement.split()).upper().startswith(self.prefix):
            self.seen += 1
            if self.seen == self.n:
                raise InjectedFailureError(f"injected after: {statement[:60]}")

    def __enter__(self) -> FailAfter:
        event.listen(self.engine, "after_cursor_execute", self._hook)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "after_cursor_execute", self._hook)
        assert self.seen >= self.n, f"the statement {self.prefix!r} never ran: nothing was tested"


def everything(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (and SQLite's search index)."""
    with SqlBackupStore(engine).snapshot() as snap:
        rows = {t.name: [tuple(r.values()) for r in snap.rows(t.name)] for t in snap.tables()}
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            rows["exercises_fts"] = [tuple(r) for r in conn.exec_driver_sql(
                "SELECT rowid, name FROM exercises_fts ORDER BY rowid")]
    return rows


def a_log(log_id: str = "log-1", notes: str = "first") -> Any:
    return log_from_dict({"id": log_id, "date": "2030-03-04", "notes": notes, "exercises": [
        {"exercise": "deadlift", "sets": [{"load_kg": 100, "reps": 5}, {"load_kg": 110, "reps": 3}]},
        {"exercise": "front-plank", "sets": [{"seconds": 40}]}]})


# ---------------------------------------------------------------------------- the log store


@pytest.mark.parametrize("after", ["INSERT INTO workout_logs", "INSERT INTO logged_sets"])
def test_a_new_log_fails_whole(engine: Engine, after: str) -> None:
    store = SqlLogStore(engine)
    before = everything(engine)
    with FailAfter(engine, after), pytest.raises(InjectedFailureError):
        store.put(1, a_log())
    assert everything(engine) == before
    assert store.get(1, "log-1") is None


@pytest.mark.parametrize("after", ["UPDATE workout_logs", "DELETE FROM logged_sets", "INSERT INTO logged_sets"])
def test_a_replaced_log_keeps_its_old_content_when_the_replacement_fails(engine: Engine, after: str) -> None:
    store = SqlLogStore(engine)
    store.put(1, a_log())
    before = everything(engine)
    changed = log_from_dict({"id": "log-1", "date": "2030-03-05", "notes": "second",
                             "exercises": [{"exercise": "goblet-squat", "sets": [{"load_kg": 20, "reps": 10}]}]})
    with FailAfter(engine, after), pytest.raises(InjectedFailureError):
        store.put(1, changed)
    assert everything(engine) == before
    assert store.get(1, "log-1") == a_log()


def test_a_deleted_log_stays_whole_when_the_delete_fails(engine: Engine) -> None:
    store = SqlLogStore(engine)
    store.put(1, a_log())
    before = everything(engine)
    with FailAfter(engine, "DELETE FROM logged_sets"), pytest.raises(InjectedFailureError):
        store.delete(1, "log-1")
    assert everything(engine) == before


def test_a_constraint_broken_by_the_second_insert_rolls_back_the_first(engine: Engine,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The sets insert breaks NOT NULL after the log row went in: no log without its sets."""
    store = SqlLogStore(engine)
    before = everything(engine)
    real = log_storage._set_rows

    def broken_rows(log_pk: int, user_id: int, log: Any) -> list[dict[str, Any]]:
        rows = real(log_pk, user_id, log)
        rows[-1]["exercise"] = None
        return rows

    monkeypatch.setattr(log_storage, "_set_rows", broken_rows)
    with pytest.raises(Exception, match=r"(?i)null"):
        store.put(1, a_log())
    assert everything(engine) == before


def test_put_many_is_one_transaction_per_log(engine: Engine) -> None:
    """An import stores each log whole or not at all: a failure in the third keeps the first two."""
    store = SqlLogStore(engine)
    logs = [a_log(f"log-{i}") for i in range(4)]
    with FailAfter(engine, "INSERT INTO logged_sets", n=3), pytest.raises(InjectedFailureError):
        store.put_many(1, logs)
    assert [log.id for log in store.list(1)] == ["log-0", "log-1"]
    assert store.count(1) == (2, 6)


# ---------------------------------------------------------------------------- the plan store


def test_a_new_plan_fails_whole(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    before = everything(engine)
    with FailAfter(engine, "INSERT INTO plans"), pytest.raises(InjectedFailureError):
        store.save(1, "aaaa00000001", PROFILE, sample_plan())
    assert everything(engine) == before


def test_a_replaced_plan_keeps_its_old_content_when_the_replacement_fails(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    store.save(1, "aaaa00000001", PROFILE, sample_plan())
    before = everything(engine)
    evolved = {**sample_plan(), "weeks": sample_plan()["weeks"][:1], "status": "suspended"}
    with FailAfter(engine, "UPDATE plans"), pytest.raises(InjectedFailureError):
        store.save(1, "aaaa00000001", PROFILE, evolved)
    assert everything(engine) == before


def test_a_deleted_plan_stays_when_the_delete_fails(engine: Engine) -> None:
    store = SqlPlanStore(engine)
    store.save(1, "aaaa00000001", PROFILE, sample_plan())
    before = everything(engine)
    with FailAfter(engine, "DELETE FROM plans"), pytest.raises(InjectedFailureError):
        store.delete(1, "aaaa00000001")
    assert everything(engine) == before


# ---------------------------------------------------------------------------- the catalog


def test_a_library_load_fails_whole(engine: Engine) -> None:
    """Loading the library is one transaction: a failure at the third exercise keeps none."""
    catalog = SqlCatalog(engine)
    before = everything(engine)
    with FailAfter(engine, "INSERT INTO exercise_equipment_options", n=3), pytest.raises(InjectedFailureError):
        catalog.upsert(load_builtin_library()[:10])
    assert everything(engine) == before
    assert catalog.count() == 0 and catalog.revision() == 0
