"""SqlLogStore: workout logs on SQLAlchemy, always scoped to the user who owns them.

A log is one ``workout_logs`` row (keyed by the user and the client's id) plus one
``logged_sets`` row per set. Writing a log again replaces its sets in the same transaction, so
a retried or re-sent log never duplicates a set. Reads are two queries whatever the number of
logs: one for the sessions, one for all their sets.
"""

from __future__ import annotations

import builtins
import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Select,
    Text,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from trainwise.domain.logs import LoggedExercise, LoggedSet, WorkoutLog
from trainwise.storage.tables import LoggedSetRow, WorkoutLogRow

# The JSON columns are read as text and decoded here: most are empty ('{}', '[]'), which skips
# the JSON parser for thousands of rows when a long history is listed.
_LOG_COLUMNS = (WorkoutLogRow.id, WorkoutLogRow.client_id, WorkoutLogRow.date, WorkoutLogRow.plan_id,
                cast(WorkoutLogRow.pain_before, Text), cast(WorkoutLogRow.pain_during, Text),
                cast(WorkoutLogRow.pain_next_morning, Text), cast(WorkoutLogRow.symptoms, Text),
                WorkoutLogRow.notes, WorkoutLogRow.completed)
_SET_COLUMNS = (LoggedSetRow.log_pk, LoggedSetRow.exercise_order, LoggedSetRow.set_no, LoggedSetRow.exercise,
                LoggedSetRow.load_kg,
                LoggedSetRow.reps, LoggedSetRow.seconds, LoggedSetRow.rir, LoggedSetRow.rpe, LoggedSetRow.type)
NO_SET = 0
"""``set_no`` of the row that keeps an exercise logged without any set (it is not a set)."""
PUT_ATTEMPTS = 4
"""Tries of one put when concurrent writers of the same log keep winning the race."""


class _DeletedMeanwhileError(Exception):
    """The log was deleted between reading its key and updating it."""


class SetRecord(NamedTuple):
    """One set with its session's date and id: the flat rows of :meth:`SqlLogStore.sets_between`."""

    date: date
    log_id: str
    exercise: str
    exercise_order: int
    set_no: int
    load_kg: float | None
    reps: int | None
    seconds: float | None
    rir: float | None
    rpe: float | None
    type: str

    def to_set(self) -> LoggedSet:
        """The domain set."""
        return LoggedSet(self.load_kg, self.reps, self.seconds, self.rir, self.rpe, self.type)


def _log_values(log: WorkoutLog) -> dict[str, Any]:
    return {
        "plan_id": log.plan_id,
        "date": log.date,
        "pain_before": dict(log.pain_before),
        "pain_during": dict(log.pain_during),
        "pain_next_morning": dict(log.pain_next_morning),
        "symptoms": list(log.symptoms),
        "notes": log.notes,
        "completed": log.completed,
    }


def _set_rows(log_pk: int, user_id: int, log: WorkoutLog) -> list[dict[str, Any]]:
    """One row per set; an exercise logged without sets keeps its place as a ``set_no`` 0 row."""
    rows: list[dict[str, Any]] = []
    for i, ex in enumerate(log.exercises, 1):
        base = {"log_pk": log_pk, "user_id": user_id, "date": log.date, "exercise": ex.exercise, "exercise_order": i}
        if not ex.sets:
            rows.append({**base, "set_no": NO_SET, "load_kg": None, "reps": None, "seconds": None, "rir": None,
                         "rpe": None, "type": ""})
        rows.extend({**base, "set_no": j, "load_kg": s.load_kg, "reps": s.reps, "seconds": s.seconds, "rir": s.rir,
                     "rpe": s.rpe, "type": s.type} for j, s in enumerate(ex.sets, 1))
    return rows


class SqlLogStore:
    """Stores workout logs. Every method is one short transaction; every query names the user."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ writes

    def put(self, user_id: int, log: WorkoutLog) -> bool:
        """Store ``log`` for the user: True when it is new, False when the user already had a log
        with this id (its content, sets included, is then replaced). Two identical puts racing each
        other store the log once: the loser of the insert retries as an update."""
        for attempt in range(PUT_ATTEMPTS):
            try:
                return self._put_once(user_id, log)
            except _DeletedMeanwhileError:
                continue
            except IntegrityError:
                if attempt == PUT_ATTEMPTS - 1 or not self._exists(user_id, log.id):
                    raise  # not a lost race (an unknown user, say): let the caller see it
        raise RuntimeError(f"log '{log.id}' kept changing while it was being stored; try again")

    def _exists(self, user_id: int, log_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(self._pk_query(user_id, log_id)).first() is not None

    @staticmethod
    def _pk_query(user_id: int, log_id: str) -> Select[int]:
        return select(WorkoutLogRow.id).where(WorkoutLogRow.user_id == user_id, WorkoutLogRow.client_id == log_id)

    def _put_once(self, user_id: int, log: WorkoutLog) -> bool:
        now = datetime.now(UTC)
        values = _log_values(log)
        with self.engine.begin() as conn:
            pk = conn.execute(self._pk_query(user_id, log.id)).scalar_one_or_none()
            created = pk is None
            if pk is None:
                pk = conn.execute(
                    insert(WorkoutLogRow).values(user_id=user_id, client_id=log.id, created_at=now, updated_at=now,
                                                 **values).returning(WorkoutLogRow.id)
                ).scalar_one()
            else:
                # Updating the row first locks it, so a concurrent re-send of the same log waits
                # here and then deletes the sets this one inserts: one copy survives, never two.
                changed = conn.execute(
                    update(WorkoutLogRow).where(WorkoutLogRow.id == pk).values(updated_at=now, **values)
                ).rowcount
                if not changed:  # deleted meanwhile: insert it again on the next attempt
                    raise _DeletedMeanwhileError
                conn.execute(delete(LoggedSetRow).where(LoggedSetRow.log_pk == pk))
            rows = _set_rows(pk, user_id, log)
            if rows:
                conn.execute(insert(LoggedSetRow), rows)
        return created

    def put_many(self, user_id: int, logs: Iterable[WorkoutLog]) -> tuple[int, int]:
        """:meth:`put` each log (one transaction each); returns (created, replaced)."""
        created = replaced = 0
        for log in logs:
            if self.put(user_id, log):
                created += 1
            else:
                replaced += 1
        return created, replaced

    def delete(self, user_id: int, log_id: str) -> bool:
        """Delete the user's log and its sets; False when the user has no log with this id."""
        with self.engine.begin() as conn:
            pk = conn.execute(self._pk_query(user_id, log_id)).scalar_one_or_none()
            if pk is None:
                return False
            conn.execute(delete(LoggedSetRow).where(LoggedSetRow.log_pk == pk))
            conn.execute(delete(WorkoutLogRow).where(WorkoutLogRow.id == pk))
        return True

    # ------------------------------------------------------------------ reads

    def get(self, user_id: int, log_id: str) -> WorkoutLog | None:
        """The user's log with this id (None when there is none, or it is someone else's)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(*_LOG_COLUMNS).where(WorkoutLogRow.user_id == user_id,
                                                            WorkoutLogRow.client_id == log_id)).all()
            if not rows:
                return None
            sets = conn.execute(select(*_SET_COLUMNS).where(LoggedSetRow.log_pk == rows[0][0])
                                .order_by(LoggedSetRow.exercise_order, LoggedSetRow.set_no)).all()
        return _assemble(rows, sets)[0]

    def list(self, user_id: int, start: date | None = None, end: date | None = None) -> list[WorkoutLog]:
        """The user's logs dated ``start``..``end`` (both inclusive, either open), oldest first.
        Two queries whatever the number of logs: the sessions, then all their sets."""
        with self.engine.connect() as conn:
            return self._list(conn, user_id, start, end)

    @staticmethod
    def _list(conn: Connection, user_id: int, start: date | None, end: date | None) -> builtins.list[WorkoutLog]:
        logs = select(*_LOG_COLUMNS).where(WorkoutLogRow.user_id == user_id)
        sets = select(*_SET_COLUMNS).where(LoggedSetRow.user_id == user_id)
        if start is not None:
            logs = logs.where(WorkoutLogRow.date >= start)
            sets = sets.where(LoggedSetRow.date >= start)
        if end is not None:
            logs = logs.where(WorkoutLogRow.date <= end)
            sets = sets.where(LoggedSetRow.date <= end)
        log_rows = conn.execute(logs.order_by(WorkoutLogRow.date, WorkoutLogRow.id)).all()
        if not log_rows:
            return []
        set_rows = _plain_rows(conn.execute(sets.order_by(LoggedSetRow.log_pk, LoggedSetRow.exercise_order,
                                                          LoggedSetRow.set_no)))
        return _assemble(log_rows, set_rows)

    def sets_between(self, user_id: int, start: date | None = None, end: date | None = None,
                     exercises: Sequence[str] | None = None) -> builtins.list[SetRecord]:
        """Every set of the user's logs dated ``start``..``end`` (inclusive), optionally of some
        exercises only, as flat rows ordered by date, session and position: one query, for
        statistics over long histories."""
        query = (select(LoggedSetRow.date, WorkoutLogRow.client_id, LoggedSetRow.exercise,
                        LoggedSetRow.exercise_order, LoggedSetRow.set_no, LoggedSetRow.load_kg, LoggedSetRow.reps,
                        LoggedSetRow.seconds, LoggedSetRow.rir, LoggedSetRow.rpe, LoggedSetRow.type)
                 .join(WorkoutLogRow, WorkoutLogRow.id == LoggedSetRow.log_pk)
                 .where(LoggedSetRow.user_id == user_id, LoggedSetRow.set_no != NO_SET))
        if start is not None:
            query = query.where(LoggedSetRow.date >= start)
        if end is not None:
            query = query.where(LoggedSetRow.date <= end)
        if exercises is not None:
            query = query.where(LoggedSetRow.exercise.in_(list(exercises)))
        query = query.order_by(LoggedSetRow.date, LoggedSetRow.log_pk, LoggedSetRow.exercise_order,
                               LoggedSetRow.set_no)
        with self.engine.connect() as conn:
            rows = _plain_rows(conn.execute(query))
        make = tuple.__new__
        if rows and not isinstance(rows[0][0], date):  # SQLite gives dates as text
            return [make(SetRecord, (_day(row[0]), *row[1:])) for row in rows]
        return [make(SetRecord, row) for row in rows]

    def count(self, user_id: int) -> tuple[int, int]:
        """(logs, sets) the user has."""
        with self.engine.connect() as conn:
            logs = conn.execute(select(func.count()).where(WorkoutLogRow.user_id == user_id)).scalar_one()
            sets = conn.execute(select(func.count()).where(LoggedSetRow.user_id == user_id,
                                                           LoggedSetRow.set_no != NO_SET)).scalar_one()
        return int(logs), int(sets)


def _assemble(log_rows: Sequence[Any], set_rows: Iterable[Any]) -> list[WorkoutLog]:
    """Domain logs from log rows (``_LOG_COLUMNS``) and their set rows (``_SET_COLUMNS``, ordered
    by log, exercise position and set number)."""
    grouped: dict[int, list[LoggedExercise]] = {row[0]: [] for row in log_rows}
    shared: dict[tuple[Any, ...], LoggedSet] = {}
    """Equal sets are one (frozen) object: long histories repeat the same load and reps a lot."""
    current_key: tuple[int, int] | None = None
    current_name = ""
    current_sets: list[LoggedSet] = []

    def flush() -> None:
        if current_key is not None:
            grouped[current_key[0]].append(LoggedExercise(current_name, tuple(current_sets)))

    for log_pk, order, set_no, exercise, load, reps, seconds, rir, rpe, kind in set_rows:
        if log_pk not in grouped:
            continue
        key = (log_pk, order)
        if key != current_key:
            flush()
            current_key, current_name, current_sets = key, exercise, []
        if set_no != NO_SET:
            values = (load, reps, seconds, rir, rpe, kind)
            one = shared.get(values)
            if one is None:
                one = shared[values] = LoggedSet(*values)
            current_sets.append(one)
    flush()
    return [
        WorkoutLog(id=client_id, date=when, exercises=tuple(grouped[pk]), plan_id=plan_id,
                   pain_before=_pain(before), pain_during=_pain(during), pain_next_morning=_pain(morning),
                   symptoms=tuple(_json(symptoms) or ()), notes=notes or "", completed=bool(completed))
        for pk, client_id, when, plan_id, before, during, morning, symptoms, notes, completed in log_rows
    ]


def _plain_rows(result: CursorResult[Any]) -> builtins.list[tuple[Any, ...]]:
    """The driver's own tuples of a result whose columns need no conversion but dates (integers,
    floats, strings come as they are): much cheaper than a Row per set over long histories. Plain
    SELECTs run without ``stream_results``/``yield_per``, so SQLAlchemy has buffered nothing."""
    try:
        if result.cursor is None:
            return [tuple(row) for row in result.all()]
        return builtins.list(result.cursor.fetchall())
    finally:
        result.close()


@functools.lru_cache(maxsize=8192)
def _day(text: str) -> date:
    """A date as SQLite returns it ('YYYY-MM-DD')."""
    return date.fromisoformat(text)


def _json(text: str | None) -> Any:
    """A JSON column read as text; the empty values skip the parser."""
    if text is None or text in ("{}", "[]", "null"):
        return None
    return json.loads(text)


@functools.lru_cache(maxsize=4096)
def _parsed_pain(text: str) -> tuple[tuple[str, int], ...]:
    value: Mapping[str, Any] = _json(text) or {}
    return tuple((str(k), int(v)) for k, v in value.items())


def _pain(text: str | None) -> dict[str, int]:
    """Pain scores from their JSON text (the same few texts recur across a long history)."""
    return dict(_parsed_pain(text)) if text and text != "{}" else {}
