"""Workout logs: what a person actually did in one session, set by set.

One JSON shape serves the web, the API and the CLI::

    {"id": CLIENT_UUID, "plan_id": ID or null, "date": "YYYY-MM-DD",
     "exercises": [{"exercise": SLUG, "sets": [{"load_kg", "reps", "seconds", "rir", "rpe", "type"}]}],
     "pain_during": {REGION: N}, "pain_next_morning": {REGION: N}, "symptoms": [CODES], "notes": TEXT}

Loads may be given in pounds (``load_lb`` on a set, or ``"unit": "lb"`` on the log); they are
stored in kilograms. Pain may be a bare number (applies to ``default_region``). The client's ``id``
makes writes idempotent: re-sending the same log never duplicates a set.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError
from trainwise.domain.profile import CAUTION_FLAGS, RED_FLAGS

LB_TO_KG = 0.45359237
SET_TYPES = ("warmup", "working", "drop", "failure")
SET_TYPE_ALIASES = {"warm-up": "warmup", "warm_up": "warmup", "w": "warmup", "normal": "working", "work": "working",
                    "n": "working", "d": "drop", "dropset": "drop", "drop_set": "drop", "f": "failure"}
GENERAL_REGION = "general"
"""Region key for pain given as a bare number with no region."""
NEURO_SYMPTOMS = ("radiating_pain_below_knee", "leg_numbness_or_tingling", "leg_weakness")
"""Neurological symptoms that are not T5 red flags on their own but stop spinal loading (rubric P7 neuro)."""
SORENESS_SYMPTOMS = ("joint_ache", "soreness")
SYMPTOMS = tuple(RED_FLAGS) + NEURO_SYMPTOMS
MAX_SETS_PER_LOG = 500
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)
"""Dates a log (or a plan) may carry: far enough from date.min/max that week arithmetic never overflows."""


class LogError(DomainError, ValueError):
    """A log that cannot be stored; the message names the field."""


@dataclass(frozen=True)
class LoggedSet:
    """One set as performed. ``load_kg`` None means body weight (or not recorded)."""

    load_kg: float | None = None
    reps: int | None = None
    seconds: float | None = None
    rir: float | None = None
    rpe: float | None = None
    type: str = "working"

    @property
    def is_working(self) -> bool:
        """Working, drop and failure sets count; warm-up sets do not (rubric §0.3)."""
        return self.type != "warmup"

    @property
    def effective_rir(self) -> float | None:
        """RIR as logged, or derived from RPE (RIR = 10 - RPE)."""
        if self.rir is not None:
            return self.rir
        if self.rpe is not None:
            return max(0.0, 10.0 - self.rpe)
        return 0.0 if self.type == "failure" else None


@dataclass(frozen=True)
class LoggedExercise:
    """The sets of one exercise in a session (``exercise`` is a library slug)."""

    exercise: str
    sets: tuple[LoggedSet, ...] = ()

    @property
    def working_sets(self) -> tuple[LoggedSet, ...]:
        """The sets that are not warm-ups."""
        return tuple(s for s in self.sets if s.is_working)


@dataclass(frozen=True)
class WorkoutLog:
    """One logged session."""

    id: str
    date: date
    exercises: tuple[LoggedExercise, ...] = ()
    plan_id: str | None = None
    pain_during: Mapping[str, int] = field(default_factory=dict)
    pain_next_morning: Mapping[str, int] = field(default_factory=dict)
    pain_before: Mapping[str, int] = field(default_factory=dict)
    symptoms: tuple[str, ...] = ()
    notes: str = ""
    completed: bool = True

    @property
    def red_flags(self) -> tuple[str, ...]:
        """The T5 red-flag codes among the symptoms."""
        return tuple(s for s in self.symptoms if s in RED_FLAGS)

    @property
    def set_count(self) -> int:
        """All sets logged, warm-ups included."""
        return sum(len(e.sets) for e in self.exercises)


def _fail(name: str, message: str) -> LogError:
    return LogError(f"log field '{name}': {message}")


def _number(name: str, value: Any, low: float, high: float) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _fail(name, f"expected a number, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _fail(name, f"expected a number, got {value!r}") from None
    if number != number or not low <= number <= high:
        raise _fail(name, f"{value!r} is outside {low:g}-{high:g}")
    return number


def _int(name: str, value: Any, low: int, high: int) -> int | None:
    number = _number(name, value, low, high)
    if number is None:
        return None
    if number != int(number):
        raise _fail(name, f"expected a whole number, got {value!r}")
    return int(number)


def parse_set(data: Any, name: str, unit: str = "kg") -> LoggedSet:
    """Validate one set; pounds (``load_lb`` or ``unit='lb'``) are converted to kg."""
    if not isinstance(data, Mapping):
        raise _fail(name, "expected an object with load_kg, reps, seconds, rir, rpe, type")
    known = {"load_kg", "load_lb", "load", "reps", "seconds", "rir", "rpe", "type"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _fail(f"{name}.{unknown[0]}", "unknown field (expected load_kg, reps, seconds, rir, rpe, type)")
    load = _number(f"{name}.load_kg", data.get("load_kg"), 0, 1000)
    pounds = _number(f"{name}.load_lb", data.get("load_lb", data.get("load") if unit == "lb" else None), 0, 2200)
    if load is None and unit == "kg":
        load = _number(f"{name}.load", data.get("load"), 0, 1000)
    if pounds is not None:
        load = round(pounds * LB_TO_KG, 3)
    reps = _int(f"{name}.reps", data.get("reps"), 0, 1000)
    seconds = _number(f"{name}.seconds", data.get("seconds"), 0, 24 * 3600)
    if reps is None and seconds is None:
        raise _fail(name, "a set needs reps or seconds")
    rir = _number(f"{name}.rir", data.get("rir"), 0, 10)
    rpe = _number(f"{name}.rpe", data.get("rpe"), 1, 10)
    kind = str(data.get("type") or "working").strip().lower()
    kind = SET_TYPE_ALIASES.get(kind, kind)
    if kind not in SET_TYPES:
        raise _fail(f"{name}.type", f"'{data.get('type')}' is not one of {', '.join(SET_TYPES)}")
    return LoggedSet(load, reps, seconds, rir, rpe, kind)


def parse_pain(name: str, value: Any, default_region: str = GENERAL_REGION) -> dict[str, int]:
    """Pain as ``{REGION: 0-10}``; a bare number applies to ``default_region``."""
    if value is None or value == {}:
        return {}
    if not isinstance(value, Mapping):
        score = _int(name, value, 0, 10)
        return {} if score is None else {default_region: score}
    out: dict[str, int] = {}
    for raw, score in value.items():
        region = str(raw) if str(raw) in (GENERAL_REGION, "upper", "lower", "trunk") else v.REGIONS.lookup(str(raw))
        if region is None:
            raise _fail(f"{name}.{raw}", f"unknown region (expected one of {', '.join(v.REGIONS.slugs)})")
        number = _int(f"{name}.{raw}", score, 0, 10)
        if number is not None:
            out[region] = max(number, out.get(region, 0))
    return out


def parse_symptoms(value: Any) -> tuple[str, ...]:
    """Symptom codes: T5 red flags, caution flags, neuro symptoms or soreness; anything else is an error."""
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise _fail("symptoms", "expected a list of symptom codes")
    allowed = (*SYMPTOMS, *CAUTION_FLAGS, *SORENESS_SYMPTOMS)
    out: list[str] = []
    for item in value:
        code = str(item).strip().lower().replace(" ", "_").replace("-", "_")
        if code not in allowed:
            raise _fail("symptoms", f"unknown symptom code '{item}'")
        if code not in out:
            out.append(code)
    return tuple(out)


def parse_date(name: str, value: Any) -> date:
    """An ISO date (YYYY-MM-DD)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(name, f"expected a date YYYY-MM-DD, got {value!r}") from None


def log_from_dict(data: Any, resolve: Any = None, default_region: str = GENERAL_REGION) -> WorkoutLog:
    """Validate a log JSON object into a :class:`WorkoutLog`.

    ``resolve`` (optional) maps an exercise name, alias or slug to a library slug and raises a
    :class:`~trainwise.domain.errors.UnknownExerciseError` for unknown names. A missing ``id`` gets
    a fresh UUID (such a log is not idempotent on retry).
    """
    if not isinstance(data, Mapping):
        raise LogError("a log must be a JSON object")
    unit = str(data.get("unit") or "kg").lower()
    if unit not in ("kg", "lb", "lbs"):
        raise _fail("unit", f"'{unit}' is not kg or lb")
    unit = "lb" if unit.startswith("lb") else "kg"
    log_id = str(data.get("id") or uuid.uuid4())
    if not 1 <= len(log_id) <= 64:
        raise _fail("id", "must be 1-64 characters")
    if "date" not in data:
        raise _fail("date", "is required")
    when = parse_date("date", data["date"])
    if not EARLIEST_DATE <= when <= LATEST_DATE:
        raise _fail("date", f"must be between {EARLIEST_DATE} and {LATEST_DATE}, got {when}")
    raw_exercises = data.get("exercises") or []
    if not isinstance(raw_exercises, Sequence) or isinstance(raw_exercises, str):
        raise _fail("exercises", "expected a list")
    exercises: list[LoggedExercise] = []
    total = 0
    for i, item in enumerate(raw_exercises):
        name = f"exercises[{i}]"
        if not isinstance(item, Mapping):
            raise _fail(name, "expected an object with exercise and sets")
        slug = item.get("exercise", item.get("id"))
        if not slug:
            raise _fail(f"{name}.exercise", "is required")
        slug = resolve(str(slug)) if resolve else str(slug)
        raw_sets = item.get("sets") or []
        if not isinstance(raw_sets, Sequence) or isinstance(raw_sets, str):
            raise _fail(f"{name}.sets", "expected a list")
        sets = tuple(parse_set(s, f"{name}.sets[{j}]", unit) for j, s in enumerate(raw_sets))
        total += len(sets)
        exercises.append(LoggedExercise(slug, sets))
    if total > MAX_SETS_PER_LOG:
        raise _fail("exercises", f"{total} sets in one log (at most {MAX_SETS_PER_LOG})")
    plan_id = data.get("plan_id")
    if plan_id is not None:
        plan_id = str(plan_id)
        if not 1 <= len(plan_id) <= 32:
            raise _fail("plan_id", "must be 1-32 characters")
    notes = str(data.get("notes") or "")
    if len(notes) > 5000:
        raise _fail("notes", "at most 5000 characters")
    return WorkoutLog(
        id=log_id, date=when, exercises=tuple(exercises), plan_id=plan_id,
        pain_during=parse_pain("pain_during", data.get("pain_during"), default_region),
        pain_next_morning=parse_pain("pain_next_morning", data.get("pain_next_morning"), default_region),
        pain_before=parse_pain("pain_before", data.get("pain_before"), default_region),
        symptoms=parse_symptoms(data.get("symptoms")), notes=notes,
        completed=bool(data.get("completed", True)),
    )


def set_to_dict(s: LoggedSet) -> dict[str, Any]:
    """JSON of one set (kg)."""
    return {"load_kg": s.load_kg, "reps": s.reps, "seconds": s.seconds, "rir": s.rir, "rpe": s.rpe, "type": s.type}


def log_to_dict(log: WorkoutLog) -> dict[str, Any]:
    """The canonical JSON of a log (the same shape :func:`log_from_dict` reads)."""
    return {
        "id": log.id, "plan_id": log.plan_id, "date": log.date.isoformat(),
        "exercises": [{"exercise": e.exercise, "sets": [set_to_dict(s) for s in e.sets]} for e in log.exercises],
        "pain_before": dict(log.pain_before), "pain_during": dict(log.pain_during),
        "pain_next_morning": dict(log.pain_next_morning), "symptoms": list(log.symptoms), "notes": log.notes,
        "completed": log.completed,
    }
