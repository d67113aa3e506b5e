"""Use cases of workout logs: record (idempotent), read, list, delete, export as CSV.

The log JSON is the one of :mod:`trainwise.domain.logs`; exercise names and aliases are
resolved to library slugs here, so a stored log only ever names library exercises.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from trainwise.domain.errors import DomainError
from trainwise.domain.logs import LogError, WorkoutLog, log_from_dict, parse_date
from trainwise.services.catalog import suggest
from trainwise.services.ports import CatalogRepo, LogStore

LOG_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
"""A log id: what a client UUID, an import id (``strong-2024-01-05T18:30:00``) or a name looks like;
nothing that needs escaping in a URL path or a shell."""
EXPORT_COLUMNS = ("date", "log_id", "exercise", "set_no", "type", "load_kg", "reps", "seconds", "rir", "rpe",
                  "pain_during", "notes", "pain_next_morning", "symptoms", "plan_id")
"""Columns of :func:`export_csv`: one row per set."""


class LogNotFoundError(DomainError, LookupError):
    """No log of this user has this id (another user's log is not found either)."""

    def __init__(self, log_id: str) -> None:
        self.log_id = log_id
        super().__init__(f"no log with id '{log_id}'")


class UnknownLoggedExerciseError(LogError):
    """An exercise of a log that is not in the library; names the field and the nearest slugs."""

    def __init__(self, field: str, value: str, suggestions: list[str]) -> None:
        self.field = field
        self.value = value
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"log field '{field}': unknown exercise '{value}'{hint}")


# ---------------------------------------------------------------------------- input


def parse_log_json(text: str) -> Any:
    """The JSON value of ``text`` (a log object, or a list of them); LogError when it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LogError(f"the log is not valid JSON: {exc}") from None


Resolver = Callable[[str], str | None]
"""Maps an exercise slug, name or alias to its library slug (None when unknown)."""


def find_slug(catalog: CatalogRepo, name: str) -> str | None:
    """The library slug of an exercise slug, name or alias, or None."""
    exercise = catalog.find(name)
    return exercise.slug if exercise else None


def validate_log(catalog: CatalogRepo, data: Any, resolve: Resolver | None = None) -> WorkoutLog:
    """A :class:`WorkoutLog` from its JSON object, exercise names and aliases resolved to library
    slugs (by ``resolve``, default :func:`find_slug` on the catalog; the API passes a cached one).
    Bad input raises LogError naming the field (``log field 'exercises[0].sets[1].reps': ...``)."""
    log = log_from_dict(data)
    if not LOG_ID.fullmatch(log.id):
        raise LogError(f"log field 'id': '{log.id}' is not a log id (1-64 letters, digits and . _ : -, "
                       "starting with a letter or digit)")
    resolve = resolve or functools.partial(find_slug, catalog)
    exercises = []
    for i, ex in enumerate(log.exercises):
        slug = resolve(ex.exercise)
        if slug is None:
            raise UnknownLoggedExerciseError(f"exercises[{i}].exercise", ex.exercise, suggest(catalog, ex.exercise))
        exercises.append(replace(ex, exercise=slug))
    return replace(log, exercises=tuple(exercises))


_FIELD = re.compile(r"log field '([^']+)'")


def log_error_loc(exc: LogError) -> list[str | int]:
    """The path of the field a LogError names: ``exercises[0].sets[1].reps`` ->
    ``['exercises', 0, 'sets', 1, 'reps']`` ([] when it names none)."""
    found = _FIELD.search(str(exc))
    if not found:
        return []
    loc: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", found.group(1)):
        loc.append(int(part[1:-1]) if part.startswith("[") else part)
    return loc


def date_range(start: str | date | None, end: str | date | None) -> tuple[date | None, date | None]:
    """Validated ``from``/``to`` dates (either may be open); LogError naming the bad one."""
    first = None if start in (None, "") else parse_date("from", start)
    last = None if end in (None, "") else parse_date("to", end)
    if first is not None and last is not None and first > last:
        raise LogError(f"log field 'from': {first} is after 'to' ({last})")
    return first, last


# ---------------------------------------------------------------------------- use cases


def record_log(store: LogStore, catalog: CatalogRepo, user_id: int, data: Any,
               resolve: Resolver | None = None) -> tuple[WorkoutLog, bool]:
    """Validate and store a log for the user. Returns the stored log and True when it is new, False
    when the user already had a log with this id (replaced: a re-send never duplicates a set)."""
    log = validate_log(catalog, data, resolve)
    return log, store.put(user_id, log)


def get_log(store: LogStore, user_id: int, log_id: str) -> WorkoutLog:
    """The user's log; LogNotFoundError when the user has no log with this id."""
    log = store.get(user_id, log_id)
    if log is None:
        raise LogNotFoundError(log_id)
    return log


def list_logs(store: LogStore, user_id: int, start: date | None = None, end: date | None = None) -> list[WorkoutLog]:
    """The user's logs dated ``start``..``end`` (inclusive, either open), oldest first."""
    return store.list(user_id, start, end)


def delete_log(store: LogStore, user_id: int, log_id: str) -> None:
    """Delete the user's log and its sets; LogNotFoundError when the user has no log with this id."""
    if not store.delete(user_id, log_id):
        raise LogNotFoundError(log_id)


def log_summary(log: WorkoutLog) -> dict[str, Any]:
    """A line about a log: ``{id, date, exercises, sets, working_sets, pain_during, symptoms}``
    (``pain_during`` is the highest score of any region, or None)."""
    return {
        "id": log.id,
        "date": log.date.isoformat(),
        "exercises": [e.exercise for e in log.exercises],
        "sets": log.set_count,
        "working_sets": sum(len(e.working_sets) for e in log.exercises),
        "pain_during": max(log.pain_during.values()) if log.pain_during else None,
        "symptoms": list(log.symptoms),
    }


# ---------------------------------------------------------------------------- CSV export


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    text = repr(round(float(value), 3))
    return text[:-2] if text.endswith(".0") else text


def _pain(pain: Mapping[str, int]) -> str:
    return ";".join(f"{region}:{score}" for region, score in sorted(pain.items()))


def export_rows(logs: Iterable[WorkoutLog]) -> Iterator[list[str]]:
    """The CSV rows of :data:`EXPORT_COLUMNS` (header first): one per set; an exercise without
    sets, or a log without exercises, still gets one row so that nothing is left out."""
    yield list(EXPORT_COLUMNS)
    for log in logs:
        common = [_pain(log.pain_during), log.notes, _pain(log.pain_next_morning), ";".join(log.symptoms),
                  log.plan_id or ""]
        head = [log.date.isoformat(), log.id]
        if not log.exercises:
            yield [*head, "", "", "", "", "", "", "", "", *common]
        for ex in log.exercises:
            if not ex.sets:
                yield [*head, ex.exercise, "", "", "", "", "", "", "", *common]
            for n, s in enumerate(ex.sets, 1):
                yield [*head, ex.exercise, str(n), s.type, _number(s.load_kg), _number(s.reps), _number(s.seconds),
                       _number(s.rir), _number(s.rpe), *common]


def export_csv(store: LogStore, user_id: int, start: date | None = None, end: date | None = None) -> str:
    """The user's log as CSV text (:data:`EXPORT_COLUMNS`, loads in kg), oldest first."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(export_rows(store.list(user_id, start, end)))
    return out.getvalue()
