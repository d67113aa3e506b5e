"""Today's workout: the planned session of a day, with what has been logged so far.

The "today" screen logs one set per tap. Every tap writes the whole session log again under one
stable id (plan, week, day, date), so a retried or repeated tap replaces that set instead of adding
another: nothing is duplicated and nothing already logged is lost.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from trainwise.domain.errors import DomainError
from trainwise.domain.logs import (
    LoggedExercise,
    LoggedSet,
    WorkoutLog,
    parse_pain,
    parse_set,
    parse_symptoms,
)
from trainwise.services.logs import LogNotFoundError
from trainwise.services.plans import get_plan, list_plans
from trainwise.services.ports import LogStore, PlanStore

_LOCKS = tuple(threading.Lock() for _ in range(64))
"""Taps on one session are serialised by a lock picked by the log id (a fixed pool: no growth)."""


class SessionNotFoundError(DomainError, LookupError):
    """The plan has no session with this key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"the plan has no session '{key}'")


@dataclass(frozen=True)
class PlannedSet:
    """One planned set with what was logged for it (None until it is logged)."""

    number: int
    load_kg: float | None
    reps_min: int | None
    reps_max: int | None
    hold_s: float | None
    rir: float | None
    logged: LoggedSet | None = None


@dataclass(frozen=True)
class TodayExercise:
    """A planned exercise of the session and its sets."""

    plan: Mapping[str, Any]
    sets: tuple[PlannedSet, ...]

    @property
    def slug(self) -> str:
        """The library slug."""
        return str(self.plan["id"])

    @property
    def done(self) -> int:
        """How many of the planned sets are logged."""
        return sum(1 for s in self.sets if s.logged is not None)


@dataclass(frozen=True)
class TodayView:
    """Everything the today screen shows."""

    plan_id: str
    plan: Mapping[str, Any]
    week: int
    session: Mapping[str, Any]
    log_date: date
    log: WorkoutLog | None
    exercises: tuple[TodayExercise, ...] = ()
    upcoming: tuple[tuple[int, Mapping[str, Any]], ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        """The session key: ``w{week}-{day}``."""
        return session_key(self.week, str(self.session["day"]))

    @property
    def log_id(self) -> str:
        """The stable id of this session's log."""
        return log_id_for(self.plan_id, self.week, str(self.session["day"]), self.log_date)

    @property
    def is_planned_today(self) -> bool:
        """True when the session is planned for the log date."""
        return str(self.session.get("date")) == self.log_date.isoformat()

    @property
    def sets_done(self) -> int:
        """Logged working sets of the planned exercises."""
        return sum(e.done for e in self.exercises)

    @property
    def sets_planned(self) -> int:
        """Planned working sets."""
        return sum(len(e.sets) for e in self.exercises)


def session_key(week: int, day: str) -> str:
    """``w3-mon``."""
    return f"w{week}-{day}"


def log_id_for(plan_id: str, week: int, day: str, on: date) -> str:
    """The log id of a planned session done on ``on``: the same for every tap and retry."""
    return f"{plan_id}-w{week}-{day}-{on:%Y%m%d}"


def _sessions(plan: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    out: list[tuple[int, Mapping[str, Any]]] = []
    for week in plan.get("weeks") or []:
        for session in week.get("sessions") or []:
            out.append((int(week.get("week", 0)), session))
    return out


def find_session(plan: Mapping[str, Any], key: str | None, on: date) -> tuple[int, Mapping[str, Any]] | None:
    """The session with ``key``; without a key the one planned on ``on``, else None."""
    for week, session in _sessions(plan):
        if key is not None and session_key(week, str(session.get("day"))) == key:
            return week, session
        if key is None and str(session.get("date")) == on.isoformat():
            return week, session
    if key is not None:
        raise SessionNotFoundError(key)
    return None


def upcoming_sessions(plan: Mapping[str, Any], after: date, n: int = 3) -> tuple[tuple[int, Mapping[str, Any]], ...]:
    """The next ``n`` sessions planned after ``after``."""
    later = [(w, s) for w, s in _sessions(plan) if str(s.get("date") or "") > after.isoformat()]
    return tuple(later[:n])


def current_plan_id(plans: PlanStore, user_id: int) -> str | None:
    """The person's newest active plan, or their newest plan when none is active."""
    summaries = list_plans(plans, user_id)
    for summary in summaries:
        if summary["status"] == "active":
            return str(summary["id"])
    return str(summaries[0]["id"]) if summaries else None


def _planned_sets(ex: Mapping[str, Any], logged: Sequence[LoggedSet]) -> tuple[PlannedSet, ...]:
    load = ex.get("load") or {}
    kg = load.get("value") if load.get("type") == "absolute_kg" else None
    reps = ex.get("reps") or {}
    working = [s for s in logged if s.is_working]
    count = max(int(ex.get("sets") or 1), len(working))
    return tuple(
        PlannedSet(n, float(kg) if kg is not None else None, reps.get("min"), reps.get("max"), ex.get("hold_s"),
                   ex.get("rir"), working[n - 1] if n <= len(working) else None)
        for n in range(1, count + 1))


def build_view(plan_id: str, plan: Mapping[str, Any], week: int, session: Mapping[str, Any], on: date,
               log: WorkoutLog | None) -> TodayView:
    """The today view of a session and its log."""
    by_slug = {e.exercise: e.sets for e in log.exercises} if log else {}
    exercises = tuple(
        TodayExercise(ex, _planned_sets(ex, by_slug.get(str(ex["id"]), ())))
        for ex in sorted(session.get("exercises") or [], key=lambda e: int(e.get("order") or 0)))
    return TodayView(plan_id, plan, week, session, on, log, exercises, upcoming_sessions(plan, on))


def today_view(plans: PlanStore, logs: LogStore, user_id: int, on: date, *, plan_id: str | None = None,
               key: str | None = None) -> TodayView | tuple[str | None, dict[str, Any] | None]:
    """The session to do on ``on`` (or the one named by ``key``) with its log so far.

    When there is no such session, returns ``(plan_id, plan)`` (both None when the person has no
    plan) so the screen can show the next sessions or the way to make a plan.
    """
    plan_id = plan_id or current_plan_id(plans, user_id)
    if plan_id is None:
        return None, None
    plan = get_plan(plans, user_id, plan_id)
    found = find_session(plan, key, on)
    if found is None:
        return plan_id, plan
    week, session = found
    log = logs.get(user_id, log_id_for(plan_id, week, str(session["day"]), on))
    return build_view(plan_id, plan, week, session, on, log)


def _lock(log_id: str) -> threading.Lock:
    return _LOCKS[zlib.crc32(log_id.encode()) % len(_LOCKS)]


def _session_log(plans: PlanStore, logs: LogStore, user_id: int, plan_id: str, key: str,
                 on: date) -> tuple[TodayView, WorkoutLog]:
    plan = get_plan(plans, user_id, plan_id)
    found = find_session(plan, key, on)
    assert found is not None  # a key always finds its session or raises
    week, session = found
    log_id = log_id_for(plan_id, week, str(session["day"]), on)
    log = logs.get(user_id, log_id) or WorkoutLog(id=log_id, date=on, plan_id=plan_id)
    return build_view(plan_id, plan, week, session, on, log), log


def log_set(plans: PlanStore, logs: LogStore, user_id: int, plan_id: str, key: str, on: date, *,
            exercise: str, number: int, values: Mapping[str, Any]) -> TodayView:
    """Log (or correct) set ``number`` of ``exercise`` in the session; returns the updated view.

    ``values`` holds load_kg, reps or seconds, rir/rpe as in the log JSON. Set numbers past the
    logged ones append (an extra set beyond the plan is allowed).
    """
    new_set = parse_set(values, f"{exercise} set {number}")
    with _lock(log_id_for(plan_id, 0, key, on)):
        view, log = _session_log(plans, logs, user_id, plan_id, key, on)
        if exercise not in {e.slug for e in view.exercises} and exercise not in {e.exercise for e in log.exercises}:
            raise SessionNotFoundError(f"{key}/{exercise}")
        exercises = _with_set(log.exercises, [e.slug for e in view.exercises], exercise, number, new_set)
        updated = replace(log, exercises=exercises)
        logs.put(user_id, updated)
    return build_view(plan_id, view.plan, view.week, view.session, on, updated)


def _with_set(current: Sequence[LoggedExercise], order: Sequence[str], slug: str, number: int,
              new_set: LoggedSet) -> tuple[LoggedExercise, ...]:
    by_slug = {e.exercise: list(e.sets) for e in current}
    sets = [s for s in by_slug.get(slug, []) if s.is_working]
    warmups = [s for s in by_slug.get(slug, []) if not s.is_working]
    if 1 <= number <= len(sets):
        sets[number - 1] = new_set
    else:
        sets.append(new_set)
    by_slug[slug] = warmups + sets
    ordered = [s for s in order if s in by_slug] + [s for s in by_slug if s not in order]
    return tuple(LoggedExercise(s, tuple(by_slug[s])) for s in ordered)


def finish_session(plans: PlanStore, logs: LogStore, user_id: int, plan_id: str, key: str, on: date, *,
                   pain_during: Mapping[str, Any], symptoms: Sequence[str], notes: str = "") -> WorkoutLog:
    """Record how the session felt (pain by region, symptoms, notes) and mark it complete."""
    pain = parse_pain("pain_during", dict(pain_during))
    codes = parse_symptoms(list(symptoms))
    with _lock(log_id_for(plan_id, 0, key, on)):
        _, log = _session_log(plans, logs, user_id, plan_id, key, on)
        updated = replace(log, pain_during=pain, symptoms=codes, notes=notes[:5000], completed=True)
        logs.put(user_id, updated)
    return updated


def record_next_morning(logs: LogStore, user_id: int, log_id: str, pain: Mapping[str, Any]) -> WorkoutLog:
    """Add next-morning pain to a logged session."""
    log = logs.get(user_id, log_id)
    if log is None:
        raise LogNotFoundError(log_id)
    updated = replace(log, pain_next_morning=parse_pain("pain_next_morning", dict(pain)))
    logs.put(user_id, updated)
    return updated
