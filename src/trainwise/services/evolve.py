"""Plans that evolve: after each logged session the saved plan's coming prescriptions follow the
progression engine, and every change is kept in the plan's ``history`` with its reason.

For each exercise still to come, the engine reads the person's logs and returns the next session
(``next``: deload or return-from-gap scaling included) and the lasting prescription. The sessions
of the coming 7 days get ``next``; later ones get the lasting prescription. The lasting
prescription is also kept under ``plan["progression"]["standing"][slug]`` so the next update after
a new log starts from it (not from a session that was scaled down for one week); an update from
the same logs (a re-sent or edited log) starts again from ``base``, so nothing moves twice. A red flag in a log suspends the plan with
a referral until a clinician's clearance is recorded.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from trainwise.domain import progression as pg
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import WorkoutLog
from trainwise.domain.profile import Profile, profile_from_dict
from trainwise.services.plans import PlanNotFoundError
from trainwise.services.ports import CatalogRepo, LogStore, PlanStore

HORIZON_DAYS = 7
"""Sessions this many days ahead get the engine's ``next`` session; later ones its lasting prescription."""
HISTORY_LIMIT = 500


def _coming(plan: Mapping[str, Any], after: date) -> list[tuple[Mapping[str, Any], dict[str, Any], dict[str, Any]]]:
    """(week, session, exercise) of every exercise in sessions dated after ``after``."""
    out = []
    for week in plan.get("weeks") or []:
        for session in week.get("sessions") or []:
            if str(session.get("date") or "") > after.isoformat():
                for ex in session.get("exercises") or []:
                    out.append((week, session, ex))
    return out


def _prescription(ex: Mapping[str, Any], standing: Mapping[str, Any] | None) -> pg.Prescription | None:
    """The engine's input for a planned exercise (None for holds and timed work: not progressed here)."""
    if standing:
        low, high = standing["rep_range"]
        return pg.Prescription(str(standing["exercise"]), int(low), int(high), int(standing["sets"]),
                               float(standing["target_rir"]), standing.get("load_kg"), standing.get("region"),
                               standing.get("hold_s"), standing.get("tempo"),
                               str(standing.get("range_of_motion") or pg.FULL))
    reps = ex.get("reps") or {}
    if not reps.get("min") or not reps.get("max") or ex.get("hold_s"):
        return None
    load = ex.get("load") or {}
    kg = load.get("value") if load.get("type") == "absolute_kg" else None
    rir = ex.get("rir")
    return pg.Prescription(str(ex["id"]), int(reps["min"]), int(reps["max"]), int(ex.get("sets") or 1),
                           float(rir if rir is not None else 2), float(kg) if kg is not None else None,
                           tempo=ex.get("tempo"))


def _fingerprint(logs: Sequence[WorkoutLog]) -> str:
    """Which logs an update has seen (their ids): editing a log does not count as a new session."""
    return hashlib.sha1("\n".join(sorted(log.id for log in logs)).encode()).hexdigest()[:16]


def _values(ex: Mapping[str, Any]) -> dict[str, Any]:
    load = ex.get("load") or {}
    reps = ex.get("reps") or {}
    return {"exercise": ex.get("id"), "sets": ex.get("sets"), "reps": {"min": reps.get("min"), "max": reps.get("max")},
            "load_kg": load.get("value") if load.get("type") == "absolute_kg" else None, "rir": ex.get("rir"),
            "tempo": ex.get("tempo")}


def _changed(rx: pg.NextSession, given: pg.Prescription) -> frozenset[str]:
    """The fields the engine changed relative to the prescription it was given."""
    pairs = {"exercise": (rx.exercise, given.exercise), "load_kg": (rx.load_kg, given.load_kg),
             "reps": ((rx.rep_min, rx.rep_max), (given.rep_min, given.rep_max)), "sets": (rx.sets, given.sets),
             "rir": (rx.rir, given.target_rir), "tempo": (rx.tempo, given.tempo),
             "range_of_motion": (rx.range_of_motion, given.range_of_motion)}
    return frozenset(k for k, (a, b) in pairs.items() if a != b)


def _apply(ex: dict[str, Any], rx: pg.NextSession, swap: Exercise | None, paused_reason: str | None,
           fields: frozenset[str]) -> None:
    """Write the changed ``fields`` of a prescription into a planned exercise; the rest of the
    plan's own week-to-week structure (its RIR steps, deload sets) stays."""
    if swap is not None and swap.slug != ex.get("id"):
        ex.update(id=swap.slug, name=swap.name, equipment=list(swap.equipment_options[0]) if swap.equipment_options
                  else [], tags=list(swap.tags),
                  muscles={"primary": list(swap.primary_muscles), "secondary": list(swap.secondary_muscles)})
    if "sets" in fields or rx.sets == 0:
        ex["sets"] = rx.sets
    if "reps" in fields:
        ex["reps"] = {"min": rx.rep_min, "max": rx.rep_max}
    if "rir" in fields and rx.rir is not None:
        ex["rir"] = rx.rir
    if "tempo" in fields and rx.tempo:
        ex["tempo"] = rx.tempo
    if "load_kg" in fields and rx.load_kg is not None:
        ex["load"] = {**(ex.get("load") or {}), "type": "absolute_kg", "value": rx.load_kg}
        ex["ramp_sets"] = [r for r in ex.get("ramp_sets") or [] if (r.get("load_kg") or 0) < rx.load_kg]
    if rx.range_of_motion != pg.FULL:
        ex["range_of_motion"] = rx.range_of_motion
    if paused_reason:
        ex["paused"] = paused_reason
    else:
        ex.pop("paused", None)


def _as_session(p: pg.Prescription) -> pg.NextSession:
    return pg.NextSession(p.exercise, p.load_kg, p.rep_min, p.rep_max, p.sets, p.target_rir, p.tempo, p.hold_s,
                          p.range_of_motion)


def _cleared(plan: Mapping[str, Any]) -> date | None:
    raw = plan.get("clinician_clearance")
    try:
        return date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def evolve_plan(plan: Mapping[str, Any], profile: Profile, logs: Sequence[WorkoutLog], today: date,
                lookup: pg.Lookup, *, log_id: str | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The plan updated by the engine from ``logs`` (all of the person's logs up to ``today``), and
    the changes made, each ``{date, log_id, exercise, exercise_name, code, codes, detail, before, after}``."""
    new = copy.deepcopy(dict(plan))
    state = dict(new.get("progression") or {})
    seen = _fingerprint(logs)
    # Same logs as last time (a re-sent or edited log): decide again from the same starting point,
    # so nothing moves twice. New logs: start from where the last update left each exercise.
    starts: dict[str, Any] = dict(state.get("base") or {}) if state.get("logs") == seen else \
        dict(state.get("standing") or {})
    standing: dict[str, Any] = dict(starts)
    coming = _coming(new, today)
    floors = {str(ex["id"]): int((ex.get("reps") or {}).get("min") or 1) for _, _, ex in coming}
    fatigue = pg.fatigue_from_logs(logs, floors, today)
    cleared = _cleared(new)
    changes: list[dict[str, Any]] = []
    decisions: dict[str, pg.Decision] = {}
    given: dict[str, pg.Prescription] = {}
    horizon = (today + timedelta(days=HORIZON_DAYS)).isoformat()
    performed = {e.exercise for log in logs for e in log.exercises if e.working_sets}
    for week, session, ex in coming:
        slug = str(ex["id"])
        original = str(ex.get("planned_id") or slug)
        if original not in decisions:
            rx = _prescription(ex, starts.get(original))
            if rx is None:
                continue
            exercise = lookup(rx.exercise)
            history = pg.history_for(logs, rx.exercise, floors)
            decisions[original] = pg.next_prescription(profile, rx, history, today, exercise=exercise, lookup=lookup,
                                                       cleared=cleared, fatigue=fatigue)
            given[original] = rx
        decision = decisions[original]
        if decision.status == pg.SUSPENDED:
            break
        if original not in performed and set(decision.codes) <= {"hold", "pain_green"}:
            continue  # not done yet and nothing calls for a change: the generated progression stays
        soon = str(session.get("date") or "") <= horizon
        rx_next = decision.next if soon else _as_session(decision.prescription)
        if week.get("is_deload") and not soon and rx_next.load_kg is not None:
            rx_next = _planned_deload(ex, rx_next)
        before = _values(ex)
        swap = lookup(rx_next.exercise) if rx_next.exercise != slug else None
        paused = decision.reasons[0].detail if rx_next.sets == 0 else None
        ex.setdefault("planned_id", original)
        _apply(ex, rx_next, swap, paused, _changed(rx_next, given[original]))
        after = _values(ex)
        if after != before and not any(c["exercise"] == original for c in changes):
            top = decision.reasons[0]
            changes.append({"date": today.isoformat(), "log_id": log_id, "exercise": original,
                            "exercise_name": ex.get("name") or original, "code": top.code,
                            "codes": list(decision.codes), "detail": " ".join(r.detail for r in decision.reasons),
                            "before": before, "after": after})
    for slug, decision in decisions.items():
        standing[slug] = decision.prescription.to_dict()
    suspended = next((d for d in decisions.values() if d.status == pg.SUSPENDED), None)
    if suspended is not None:
        if new.get("status") != "suspended":
            changes.append({"date": today.isoformat(), "log_id": log_id, "exercise": None, "exercise_name": None,
                            "code": "red_flag", "codes": ["red_flag"], "detail": suspended.reasons[0].detail,
                            "before": None, "after": None})
        new["status"] = "suspended"
        new["referral"] = suspended.referral.as_dict()
    else:
        _raise_referral(new, decisions.values())
    new["progression"] = {"logs": seen, "base": {k: starts[k] if k in starts else given[k].to_dict() for k in given},
                          "standing": standing}
    new["history"] = [*(new.get("history") or []), *changes][-HISTORY_LIMIT:]
    return new, changes


def _planned_deload(ex: Mapping[str, Any], rx: pg.NextSession) -> pg.NextSession:
    """In the plan's own deload weeks keep its lighter dose: planned sets, and never more load."""
    load = (ex.get("load") or {}).get("value") if (ex.get("load") or {}).get("type") == "absolute_kg" else None
    sets = min(rx.sets, int(ex.get("sets") or rx.sets))
    kg = min(rx.load_kg, float(load)) if load is not None and rx.load_kg is not None else rx.load_kg
    return pg.NextSession(rx.exercise, kg, rx.rep_min, rx.rep_max, sets, rx.rir, rx.tempo, rx.hold_s,
                          rx.range_of_motion)


_URGENCY = {None: 0, "caution": 1, "soon": 2, "within_days": 2, "urgent": 3, "emergency_same_day": 4}


def _raise_referral(plan: dict[str, Any], decisions: Any) -> None:
    """Show the most urgent referral the engine asked for (e.g. nerve symptoms), never a weaker one."""
    current = plan.get("referral") or {}
    for d in decisions:
        ref = d.referral.as_dict()
        if ref["required"] and _URGENCY.get(ref["urgency"], 2) > _URGENCY.get(current.get("urgency"), 2 if
                                                                                current.get("required") else 0):
            plan["referral"] = current = ref


def after_session(catalog: CatalogRepo, plans: PlanStore, logs: LogStore, user_id: int, plan_id: str,
                  today: date, *, log_id: str | None = None, lookup: pg.Lookup | None = None) -> list[dict[str, Any]]:
    """Evolve the user's saved plan after a logged session; returns the changes (also kept in its history).
    ``lookup`` (slug -> exercise) defaults to reading the catalog, once per slug per call; the API
    passes one backed by the app's catalog cache (reading a plan's exercises is half the work)."""
    saved = plans.get(user_id, plan_id)
    if saved is None:
        raise PlanNotFoundError(plan_id)
    profile = profile_from_dict(saved.profile)
    history = logs.list(user_id, None, today)
    cache: dict[str, Exercise | None] = {}

    def read(slug: str) -> Exercise | None:
        if slug not in cache:
            cache[slug] = catalog.get(slug)
        return cache[slug]

    plan, changes = evolve_plan(saved.plan, profile, history, today, lookup or read, log_id=log_id)
    if plan != saved.plan:
        plans.save(user_id, plan_id, saved.profile, plan)
    return changes


def record_clearance(plans: PlanStore, user_id: int, plan_id: str, when: date) -> dict[str, Any]:
    """A clinician has cleared the person to train: the plan is active again from ``when``."""
    saved = plans.get(user_id, plan_id)
    if saved is None:
        raise PlanNotFoundError(plan_id)
    plan = copy.deepcopy(saved.plan)
    plan["clinician_clearance"] = when.isoformat()
    if plan.get("status") == "suspended" and plan.get("weeks"):
        plan["status"] = "active"
        plan["referral"] = {"required": False, "urgency": None, "message": None}
        plan["history"] = [*(plan.get("history") or []), {
            "date": when.isoformat(), "log_id": None, "exercise": None, "exercise_name": None, "code": "hold",
            "codes": ["hold"], "detail": "A clinician cleared you to train: the plan is active again.",
            "before": None, "after": None}]
    plans.save(user_id, plan_id, saved.profile, plan)
    return plan
