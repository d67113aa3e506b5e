"""Bring your history: workout logs from Strong and Hevy CSV exports.

Each workout of the file becomes one log whose id comes from the app and the workout's start
time (``strong-2024-01-05T18:30:12``), so importing the same file again replaces those logs
instead of duplicating them. Exercise names are mapped to the library (exact slug, name or
alias; then the app's equipment suffix, "Bench Press (Dumbbell)"; then a close fuzzy match that
fits the equipment). Names that do not map are reported with the number of sets left out, never
guessed: map them with ``names`` ({"Seated Leg Curl (Machine)": "lying-leg-curl"}) and import again.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz, process

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError, UnknownExerciseError
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import LogError, LoggedExercise, LoggedSet, WorkoutLog, parse_set
from trainwise.services.catalog import suggest
from trainwise.services.ports import CatalogRepo, LogStore

SOURCES = ("strong", "hevy")
FUZZY_CUTOFF = 90.0
"""Least rapidfuzz token-sort score (0-100) of a fuzzy name match; below it a name is unmatched."""
MAX_PROBLEMS = 50
"""Row problems kept in a report (the count covers them all)."""

# Strong's and Hevy's equipment suffixes -> the library's equipment.
EQUIPMENT_WORDS = {
    "barbell": "barbell", "dumbbell": "dumbbells", "dumbbells": "dumbbells", "kettlebell": "kettlebells",
    "kettlebells": "kettlebells", "cable": "cable_machine", "machine": "machines", "smith machine": "machines",
    "lever": "machines", "band": "resistance_band", "resistance band": "resistance_band", "bodyweight": "bodyweight",
    "body weight": "bodyweight", "ez bar": "ez_bar", "plate": "weight_plate", "medicine ball": "medicine_ball",
    "swiss ball": "exercise_ball", "stability ball": "exercise_ball", "bosu": "bosu", "trx": "suspension_trainer",
    "suspension": "suspension_trainer",
}
# Suffixes that do not change which library exercise it is (the load column says what was added).
NEUTRAL_WORDS = frozenset({"weighted", "standing", "seated", "wide grip", "close grip", "narrow grip", "overhand",
                           "underhand", "neutral grip", "single arm", "one arm", "single leg", "straight bar",
                           "rope", "v bar", "both arms", "alternating"})
LOADED = frozenset({"barbell", "dumbbells", "kettlebells", "cable_machine", "machines", "ez_bar", "weight_plate",
                    "medicine_ball", "squat_rack", "lever_back_extension_machine"})
FREE_WEIGHTS = frozenset({"barbell", "dumbbells", "kettlebells", "weight_plate", "medicine_ball"})
SET_ORDER_TYPES = {"w": "warmup", "d": "drop", "f": "failure"}
HEVY_SET_TYPES = {"normal": "working", "warmup": "warmup", "dropset": "drop", "failure": "failure"}
DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                    "%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%d")


class ImportFormatError(DomainError, ValueError):
    """The file is not the export it claims to be; the message says what is missing."""


# ---------------------------------------------------------------------------- name matching


def split_name(name: str) -> tuple[str, tuple[str, ...]]:
    """A name without its parenthesised suffixes, and those suffixes (split on '-', ',', '/'),
    normalized: 'Triceps Pushdown (Cable - Straight Bar)' -> ('triceps pushdown', ('cable', 'straight bar'))."""
    quals: list[str] = []
    for inner in re.findall(r"\(([^)]*)\)", name):
        quals.extend(q for q in (v.normalize(x) for x in re.split(r"[-,/]", inner)) if q)
    return v.normalize(re.sub(r"\([^)]*\)", " ", name)), tuple(quals)


class ExerciseMatcher:
    """Maps exercise names from other apps to library slugs, or None when no match is sure enough."""

    def __init__(self, catalog: CatalogRepo, names: Mapping[str, str] | None = None) -> None:
        self.exercises: dict[str, Exercise] = {e.slug: e for e in catalog.all()}
        self.labels: dict[str, str] = {}
        for label, slug in catalog.labels():
            current = self.labels.get(label)
            if current is None or (self._builtin(slug) and not self._builtin(current)):
                self.labels[label] = slug
        self._keys = list(self.labels)
        self._cache: dict[str, str | None] = {}
        self._given: dict[str, str] = {}
        """Names the user mapped, by normalized name."""
        for raw, target in (names or {}).items():
            found = catalog.find(target)
            if found is None:
                raise UnknownExerciseError(target, suggest(catalog, target))
            self._given[v.normalize(raw)] = found.slug

    def _builtin(self, slug: str) -> bool:
        e = self.exercises.get(slug)
        return e is not None and e.origin == "builtin"

    def _fits(self, slug: str, equipment: Sequence[str]) -> bool:
        """True when the exercise can be done with each named equipment."""
        e = self.exercises.get(slug)
        if e is None:
            return False
        unloaded = any(not (set(option) & LOADED) for option in e.equipment_options)
        for item in equipment:
            if item == "bodyweight" or (item in FREE_WEIGHTS and unloaded):
                # body weight; or a free weight held while doing a body-weight exercise (a loaded lunge)
                if not unloaded:
                    return False
            elif not any(item in option for option in e.equipment_options):
                return False
        return True

    def _exact(self, key: str) -> str | None:
        return self.labels.get(key) or self.labels.get(v.singular(key))

    def match(self, name: str) -> str | None:
        """The library slug for ``name``, or None (reported as unmatched, never guessed)."""
        if name in self._cache:
            return self._cache[name]
        found = self._match(name)
        self._cache[name] = found
        return found

    def _match(self, name: str) -> str | None:
        key = v.normalize(name)
        if key in self._given:
            return self._given[key]
        whole = self._exact(key)
        if whole is not None:
            return whole
        base, quals = split_name(name)
        equipment = sorted({EQUIPMENT_WORDS[q] for q in quals if q in EQUIPMENT_WORDS})
        unknown = [q for q in quals if q not in EQUIPMENT_WORDS and q not in NEUTRAL_WORDS]
        forms = [f"{q} {base}" for q in quals if q in EQUIPMENT_WORDS]
        forms += [f"{base} {q}" for q in quals if q in EQUIPMENT_WORDS]
        if base and not unknown:
            forms.append(base)
        for form in forms:
            slug = self._exact(form)
            # An alias that names the equipment ("dumbbell step up") is trusted as it is.
            if slug is not None and (form != base or self._fits(slug, equipment)):
                return slug
        best: dict[str, float] = {}
        for form in dict.fromkeys([key, *forms]):
            for label, score, _ in process.extract(form, self._keys, scorer=fuzz.token_sort_ratio,
                                                   score_cutoff=FUZZY_CUTOFF, limit=8):
                slug = self.labels[label]
                if self._fits(slug, equipment) and score > best.get(slug, 0.0):
                    best[slug] = float(score)
        if not best:
            return None
        ranked = sorted(best.items(), key=lambda item: (-item[1], not self._builtin(item[0])))
        if len(ranked) > 1 and ranked[1][1] == ranked[0][1] and self._builtin(ranked[1][0]) == self._builtin(ranked[0][0]):
            return None  # two equally close exercises: not sure enough
        return ranked[0][0]


# ---------------------------------------------------------------------------- report


@dataclass
class ImportReport:
    """What an import read, left out and (unless a dry run) stored."""

    source: str
    sessions: int = 0
    sets: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)
    """Exercise names not in the library -> sets left out because of them."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Reason -> rows not read as sets (rest timers, rows without reps or time, bad values)."""
    problems: list[str] = field(default_factory=list)
    """The first rows that could not be read, each as 'line N: why'."""
    first: date | None = None
    last: date | None = None
    created: int = 0
    updated: int = 0
    stored: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON."""
        return {
            "source": self.source, "sessions": self.sessions, "sets": self.sets,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "stored": self.stored, "created": self.created, "updated": self.updated,
            "unmatched": [{"name": n, "sets": c} for n, c in sorted(self.unmatched.items(), key=lambda x: (-x[1], x[0]))],
            "skipped": dict(sorted(self.skipped.items())), "problems": list(self.problems),
        }


@dataclass
class ImportResult:
    """The logs read from a file, oldest first, and the report."""

    logs: list[WorkoutLog]
    report: ImportReport


# ---------------------------------------------------------------------------- parsing helpers


def _number(text: str | None) -> float | None:
    """A number from an export cell: '' is None; '62,5' (a decimal comma) is 62.5."""
    raw = (text or "").strip().replace("\u00a0", "").replace(" ", "")
    if not raw:
        return None
    if "," in raw and "." not in raw:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None


def parse_datetime(text: str) -> datetime:
    """A workout start time in one of the formats the apps write."""
    raw = " ".join(text.strip().split())
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(raw).replace(tzinfo=None)
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time") from None


def _rows(text: str) -> tuple[dict[str, int], list[tuple[int, list[str]]]]:
    """Header (normalized name -> column) and the data rows with their line numbers; the delimiter
    (',' or ';') is taken from the header line."""
    text = text.lstrip("\ufeff")
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: dict[str, int] = {}
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if not header:
            header = {" ".join(cell.strip().lower().split()): i for i, cell in enumerate(row)}
            continue
        rows.append((reader.line_num, row))
    return header, rows


def _column(header: Mapping[str, int], *names: str) -> int | None:
    return next((header[n] for n in names if n in header), None)


def _require(header: Mapping[str, int], app: str, **columns: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, names in columns.items():
        index = _column(header, *names)
        if index is None:
            raise ImportFormatError(f"not a {app} CSV export: no '{names[0]}' column "
                                    f"(columns: {', '.join(list(header)[:12]) or 'none'})")
        found[key] = index
    return found


def _unit_of(text: str) -> str | None:
    low = text.strip().lower()
    if low in ("kg", "kgs", "kilograms"):
        return "kg"
    if low in ("lb", "lbs", "pounds"):
        return "lb"
    return None


@dataclass
class _Session:
    start: datetime
    title: str
    notes: list[str] = field(default_factory=list)
    exercises: list[tuple[str, str, list[LoggedSet]]] = field(default_factory=list)
    """(slug, name in the file, sets)."""

    def add(self, slug: str, name: str, s: LoggedSet) -> None:
        if self.exercises and self.exercises[-1][0] == slug and self.exercises[-1][1] == name:
            self.exercises[-1][2].append(s)
        else:
            self.exercises.append((slug, name, [s]))

    def note(self, text: str) -> None:
        text = text.strip()
        if text and text not in self.notes:
            self.notes.append(text)


class _Reader:
    """Collects sessions and the report while rows are read."""

    def __init__(self, source: str, matcher: ExerciseMatcher) -> None:
        self.source = source
        self.matcher = matcher
        self.report = ImportReport(source)
        self.sessions: dict[datetime, _Session] = {}
        self.problems = 0

    def skip(self, reason: str) -> None:
        self.report.skipped[reason] = self.report.skipped.get(reason, 0) + 1

    def problem(self, line: int, message: str) -> None:
        self.skip("unreadable row")
        if len(self.report.problems) < MAX_PROBLEMS:
            self.report.problems.append(f"line {line}: {message}")

    def session(self, start: datetime, title: str) -> _Session:
        found = self.sessions.get(start)
        if found is None:
            found = self.sessions[start] = _Session(start, title.strip())
        return found

    def add_set(self, line: int, session: _Session, name: str, values: dict[str, Any]) -> None:
        if not values.get("reps") and not values.get("seconds"):
            self.skip("no reps or time")
            return
        try:
            logged = parse_set(values, "set")
        except LogError as exc:
            self.problem(line, str(exc).replace("log field 'set.", "'").replace("log field 'set'", "set"))
            return
        slug = self.matcher.match(name)
        if slug is None:
            self.report.unmatched[name] = self.report.unmatched.get(name, 0) + 1
            return
        session.add(slug, name, logged)

    def result(self, app: str) -> ImportResult:
        logs: list[WorkoutLog] = []
        empty = 0
        for start in sorted(self.sessions):
            session = self.sessions[start]
            if not session.exercises:
                empty += 1
                continue
            notes = "\n".join([f"{app}: {session.title}" if session.title else app, *session.notes])
            logs.append(WorkoutLog(
                id=f"{self.source}-{start:%Y-%m-%dT%H:%M:%S}", date=start.date(),
                exercises=tuple(LoggedExercise(slug, tuple(sets)) for slug, _name, sets in session.exercises),
                notes=notes[:5000],
            ))
        if empty:
            self.report.skipped["workouts with no set imported"] = empty
        report = self.report
        report.sessions = len(logs)
        report.sets = sum(log.set_count for log in logs)
        report.first = logs[0].date if logs else None
        report.last = logs[-1].date if logs else None
        return ImportResult(logs, report)


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


# ---------------------------------------------------------------------------- Strong


def import_strong(text: str, catalog: CatalogRepo, *, unit: str = "kg",
                  names: Mapping[str, str] | None = None) -> ImportResult:
    """Logs from a Strong CSV export: the comma export or the semicolon one (decimal commas, a
    "Weight Unit" column). Rest-timer rows are skipped; set orders W, D and F are warm-up, drop and
    failure sets, numbers are working sets. ``unit`` is the weight unit when the file does not say
    (kg or lb); ``names`` maps names in the file to library exercises."""
    default_unit = _unit_of(unit)
    if default_unit is None:
        raise ImportFormatError(f"unknown weight unit '{unit}' (expected kg or lb)")
    header, rows = _rows(text)
    cols = _require(header, "Strong", date=("date",), exercise=("exercise name",), order=("set order",),
                    reps=("reps",))
    weight = _column(header, "weight", "weight (kg)", "weight (kgs)", "weight (lbs)", "weight (lb)")
    header_unit = next((u for name, i in header.items() if i == weight
                        for u in [_unit_of(name.removeprefix("weight").strip(" ()"))] if u), None)
    unit_col = _column(header, "weight unit", "unit")
    seconds_col = _column(header, "seconds", "duration (sec)", "time")
    rpe_col = _column(header, "rpe")
    notes_col = _column(header, "notes", "exercise notes")
    workout_notes_col = _column(header, "workout notes")
    title_col = _column(header, "workout name")
    reader = _Reader("strong", ExerciseMatcher(catalog, names))
    for line, row in rows:
        name, order = _cell(row, cols["exercise"]), _cell(row, cols["order"])
        if order.lower().replace("_", " ") == "rest timer" or name.lower() == "rest timer":
            reader.skip("rest timer")
            continue
        if not name:
            reader.problem(line, "no exercise name")
            continue
        kind = SET_ORDER_TYPES.get(order.lower(), "working" if order.isdigit() or not order else None)
        if kind is None:
            reader.problem(line, f"set order '{order}' is not a number, W, D or F")
            continue
        try:
            start = parse_datetime(_cell(row, cols["date"]))
            load = _number(_cell(row, weight))
            reps = _number(_cell(row, cols["reps"]))
            seconds = _number(_cell(row, seconds_col))
            rpe = _number(_cell(row, rpe_col))
        except ValueError as exc:
            reader.problem(line, str(exc))
            continue
        row_unit = _unit_of(_cell(row, unit_col)) or header_unit or default_unit
        session = reader.session(start, _cell(row, title_col))
        session.note(_cell(row, workout_notes_col))
        exercise_note = _cell(row, notes_col)
        if exercise_note:
            session.note(f"{name}: {exercise_note}")
        values = {"reps": reps or None, "seconds": seconds or None, "rpe": rpe or None, "type": kind,
                  ("load_lb" if row_unit == "lb" else "load_kg"): load or None}
        reader.add_set(line, session, name, values)
    return reader.result("Strong")


# ---------------------------------------------------------------------------- Hevy


def import_hevy(text: str, catalog: CatalogRepo, *, names: Mapping[str, str] | None = None) -> ImportResult:
    """Logs from a Hevy CSV export (``weight_kg`` or ``weight_lbs``; set types normal, warmup,
    dropset and failure); ``names`` maps names in the file to library exercises."""
    header, rows = _rows(text)
    cols = _require(header, "Hevy", start=("start_time",), exercise=("exercise_title",), reps=("reps",))
    kg, lbs = _column(header, "weight_kg"), _column(header, "weight_lbs", "weight_lb")
    if kg is None and lbs is None:
        raise ImportFormatError("not a Hevy CSV export: no 'weight_kg' or 'weight_lbs' column")
    type_col = _column(header, "set_type")
    seconds_col = _column(header, "duration_seconds")
    rpe_col = _column(header, "rpe")
    title_col = _column(header, "title")
    description_col = _column(header, "description")
    notes_col = _column(header, "exercise_notes")
    reader = _Reader("hevy", ExerciseMatcher(catalog, names))
    for line, row in rows:
        name = _cell(row, cols["exercise"])
        if not name:
            reader.problem(line, "no exercise_title")
            continue
        raw_type = _cell(row, type_col).lower() or "normal"
        kind = HEVY_SET_TYPES.get(raw_type)
        if kind is None:
            reader.problem(line, f"set_type '{raw_type}' is not normal, warmup, dropset or failure")
            continue
        try:
            start = parse_datetime(_cell(row, cols["start"]))
            reps = _number(_cell(row, cols["reps"]))
            seconds = _number(_cell(row, seconds_col))
            rpe = _number(_cell(row, rpe_col))
            load_kg = _number(_cell(row, kg))
            load_lb = _number(_cell(row, lbs))
        except ValueError as exc:
            reader.problem(line, str(exc))
            continue
        session = reader.session(start, _cell(row, title_col))
        session.note(_cell(row, description_col))
        exercise_note = _cell(row, notes_col)
        if exercise_note:
            session.note(f"{name}: {exercise_note}")
        values: dict[str, Any] = {"reps": reps or None, "seconds": seconds or None, "rpe": rpe or None, "type": kind}
        if load_kg:
            values["load_kg"] = load_kg
        elif load_lb:
            values["load_lb"] = load_lb
        reader.add_set(line, session, name, values)
    return reader.result("Hevy")


# ---------------------------------------------------------------------------- storing


def import_logs(source: str, text: str, catalog: CatalogRepo, *, unit: str = "kg",
                names: Mapping[str, str] | None = None) -> ImportResult:
    """:func:`import_strong` or :func:`import_hevy` by name (``source`` is 'strong' or 'hevy')."""
    if source == "strong":
        return import_strong(text, catalog, unit=unit, names=names)
    if source == "hevy":
        return import_hevy(text, catalog, names=names)
    raise ImportFormatError(f"unknown source '{source}' (expected {' or '.join(SOURCES)})")


def store_import(store: LogStore, user_id: int, result: ImportResult,
                 progress: Callable[[int], None] | None = None) -> ImportReport:
    """Store every log of ``result`` for the user (one short transaction each; a log imported
    before is replaced, never duplicated); ``progress`` gets the number stored so far."""
    report = result.report
    for n, log in enumerate(result.logs, 1):
        if store.put(user_id, log):
            report.created += 1
        else:
            report.updated += 1
        if progress is not None:
            progress(n)
    report.stored = True
    return report


def parse_names(pairs: Iterable[str]) -> dict[str, str]:
    """``NAME=SLUG`` pairs (from the command line) as a dict; ImportFormatError on a bad pair."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, slug = pair.rpartition("=")
        if not sep or not name.strip() or not slug.strip():
            raise ImportFormatError(f"--map '{pair}': expected NAME=SLUG, e.g. 'Seated Leg Curl (Machine)=lying-leg-curl'")
        out[name.strip()] = slug.strip()
    return out


def unmatched_lines(report: ImportReport, limit: int = 20) -> list[str]:
    """The unmatched names for people: 'Cable Crossover (12 sets)', most sets first."""
    ranked = Counter(report.unmatched).most_common()
    return [f"{name} ({count} set{'s' if count != 1 else ''})" for name, count in ranked[:limit]]
