"""Progress from workout logs: e1RM trends, personal records, weekly hard sets, adherence, pain.

Pure functions over :class:`~trainwise.domain.logs.WorkoutLog`; ``today`` is always passed in.
:func:`summarize` is the one entry point. Each part is one pass over the sets, so the work grows
linearly with the size of the log (plus sorting the per-exercise results). The result never
depends on the order of the logs.

The rules, in one place:

- **Weeks** are ISO weeks (Monday to Sunday). The window is the ``weeks`` weeks ending with the
  week that holds ``today``; that week is *partial* until its Sunday.
- **e1RM trend:** for each exercise and session date, the best e1RM of its working sets
  (rubric §0.3: Epley and Brzycki with ``r_eff = reps + RIR``; up to 10 valid, 11-12 low
  confidence, above 12 no estimate). An estimate at ten or fewer reps is preferred to a
  low-confidence one on the same day. A set with neither RIR nor RPE is read as taken to failure
  (RIR 0), which makes its estimate a lower bound. The trend compares the last point with the
  first: a change under 5 % is noise (``flat``).
- **Personal records** (all time, not just the window): heaviest load, best e1RM, most reps at
  each load (body weight included) and most volume (load × reps) in one session. A record
  belongs to the day it was first reached. The best e1RM prefers estimates from ten or fewer
  reps (``reps + RIR``) to low-confidence ones.
- **Hard sets** (rubric §0.3): working sets (not warm-ups) with reps, of a strength or
  plyometrics exercise, with RIR ≤ 4 (RPE ≥ 6). A set with no RIR and no RPE counts as hard (we
  cannot tell, and most logged working sets are). Holds and timed sets (no reps) are not hard
  sets, nor are mobility, stretching, warm-up, cardio, balance or rehab exercises. Each hard set
  adds 1 to the groups of the exercise's primary muscles and 0.5 to those of its secondary
  muscles (each group once per set). The major groups are compared with the T2 band of the
  person's profile when it is known, else the general novice band (4-10 sets); the minor groups
  (biceps, triceps, calves) are listed when trained, without a band (T2 gives them none). The
  average covers the full weeks of the window from the first logged one (all of them when there
  are older logs).
- **Adherence:** sessions logged per week (every log is a session). With a plan, each week's
  planned sessions are those dated up to ``today``; a week's adherence is
  ``min(logged, planned) / planned`` (an extra session does not make up for a missed week).
- **Streaks:** runs of consecutive weeks with at least one logged session. The current streak
  still counts when this week has no session yet (it is not over). With a plan, the plan streak
  is the run of plan weeks, newest first, in which every planned session was logged (this week
  only counts once it is met; it never breaks the run).
- **Pain:** per region and week, the mean and the maximum of pain during the session and the
  next morning (0-10).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from trainwise.domain import rubric
from trainwise.domain.e1rm import e1rm, is_real_change
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import LoggedSet, WorkoutLog
from trainwise.domain.profile import Profile

DEFAULT_WEEKS = 12
MAX_WEEKS = 520
HARD_CATEGORIES = frozenset({"strength", "plyometrics"})
"""Exercise categories whose sets can be hard sets."""
GENERAL_BAND: tuple[float, float] = rubric.T2["general"].bands["beginner"]
"""The weekly hard-set band used when no profile is known (T2, general, novice: 4-10)."""
MINOR_GROUPS = rubric.MINOR_MUSCLE_GROUPS
BELOW, IN, ABOVE = "below", "in", "above"
UP, DOWN, FLAT = "up", "down", "flat"


# --------------------------------------------------------------------------- weeks


def monday(day: date) -> date:
    """The Monday of the ISO week holding ``day``."""
    return day - timedelta(days=day.weekday())


def window(today: date, weeks: int) -> tuple[date, ...]:
    """The Mondays of the ``weeks`` ISO weeks ending with this week, oldest first."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be 1-{MAX_WEEKS}, got {weeks}")
    last = monday(today)
    return tuple(last - timedelta(weeks=weeks - 1 - i) for i in range(weeks))


def week_label(start: date) -> str:
    """'2026-W09' for the ISO week starting on ``start``."""
    year, week, _ = start.isocalendar()
    return f"{year}-W{week:02d}"


def _week_dict(start: date) -> dict[str, str]:
    return {"start": start.isoformat(), "label": week_label(start)}


def _pct(value: float) -> float:
    return round(value * 100, 1)


# --------------------------------------------------------------------------- e1RM trend


@dataclass(frozen=True)
class E1rmPoint:
    """The best e1RM of one exercise on one day, and the set it came from."""

    date: date
    e1rm_kg: float
    load_kg: float
    reps: int
    rir: float | None
    low_confidence: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"date": self.date.isoformat(), "e1rm_kg": self.e1rm_kg, "load_kg": self.load_kg,
                "reps": self.reps, "rir": self.rir, "low_confidence": self.low_confidence}


@dataclass(frozen=True)
class E1rmTrend:
    """e1RM per session day of one exercise, oldest first, with the direction of the change."""

    exercise: str
    name: str
    points: tuple[E1rmPoint, ...]

    @property
    def first(self) -> E1rmPoint | None:
        """The oldest point."""
        return self.points[0] if self.points else None

    @property
    def last(self) -> E1rmPoint | None:
        """The newest point."""
        return self.points[-1] if self.points else None

    @property
    def best(self) -> E1rmPoint | None:
        """The highest point (the earliest of equal ones)."""
        return max(self.points, key=lambda p: (p.e1rm_kg, -p.date.toordinal()), default=None)

    @property
    def change_pct(self) -> float | None:
        """Last point against the first, in percent (None with fewer than two points)."""
        if len(self.points) < 2 or self.points[0].e1rm_kg <= 0:
            return None
        return _pct(self.points[-1].e1rm_kg / self.points[0].e1rm_kg - 1)

    @property
    def direction(self) -> str:
        """``up`` or ``down`` for a real change (5 % or more), ``flat`` for noise, "" for one point."""
        if len(self.points) < 2:
            return ""
        before, after = self.points[0].e1rm_kg, self.points[-1].e1rm_kg
        if not is_real_change(before, after):
            return FLAT
        return UP if after > before else DOWN

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        best = self.best
        return {"exercise": self.exercise, "name": self.name, "points": [p.to_dict() for p in self.points],
                "best": best.to_dict() if best else None, "change_pct": self.change_pct,
                "direction": self.direction}


def _set_rank(point: E1rmPoint) -> tuple[bool, float, float, int, float]:
    """Order of candidate points on one day: valid before low confidence, then the higher e1RM."""
    return (not point.low_confidence, point.e1rm_kg, point.load_kg, point.reps,
            -1.0 if point.rir is None else point.rir)


@lru_cache(maxsize=8192)
def _estimate(load_kg: float, reps: int, rir: float) -> tuple[float, bool] | None:
    """(e1RM rounded to 0.01 kg, low confidence) of a set, or None; loads and reps repeat a lot."""
    estimate = e1rm(load_kg, reps, rir)
    return None if estimate is None else (round(estimate.value, 2), estimate.low_confidence)


def set_e1rm(s: LoggedSet, day: date) -> E1rmPoint | None:
    """The e1RM point of one set (None for warm-ups, body weight, holds, or more than 12 reps + RIR)."""
    if not s.is_working or s.reps is None or not s.load_kg:
        return None
    rir = s.effective_rir
    found = _estimate(s.load_kg, s.reps, rir or 0.0)
    if found is None:
        return None
    return E1rmPoint(day, found[0], s.load_kg, s.reps, rir, found[1])


def e1rm_trends(logs: Iterable[WorkoutLog], names: Mapping[str, str], start: date, end: date) -> tuple[E1rmTrend, ...]:
    """e1RM trend of every exercise with an estimate between ``start`` and ``end``, most points first."""
    best: dict[str, dict[date, E1rmPoint]] = {}
    for log in logs:
        if not start <= log.date <= end:
            continue
        for ex in log.exercises:
            for s in ex.sets:
                point = set_e1rm(s, log.date)
                if point is None:
                    continue
                days = best.setdefault(ex.exercise, {})
                held = days.get(log.date)
                if held is None or _set_rank(point) > _set_rank(held):
                    days[log.date] = point
    trends = [E1rmTrend(slug, names.get(slug, slug), tuple(days[d] for d in sorted(days)))
              for slug, days in best.items()]
    return tuple(sorted(trends, key=lambda t: (-len(t.points), t.name, t.exercise)))


# --------------------------------------------------------------------------- personal records


@dataclass(frozen=True)
class Record:
    """One personal record: its value, the day it was first reached and the set (or session)."""

    kind: str
    value: float
    unit: str
    date: date
    load_kg: float | None = None
    reps: int | None = None
    low_confidence: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"kind": self.kind, "value": self.value, "unit": self.unit, "date": self.date.isoformat(),
                "load_kg": self.load_kg, "reps": self.reps, "low_confidence": self.low_confidence}


@dataclass(frozen=True)
class ExerciseRecords:
    """The personal records of one exercise (all time)."""

    exercise: str
    name: str
    heaviest: Record | None
    best_e1rm: Record | None
    most_volume: Record | None
    reps_at_load: tuple[Record, ...]
    """Most reps at each load, heaviest load first (``load_kg`` None is body weight)."""

    @property
    def main(self) -> tuple[Record, ...]:
        """Heaviest load, best e1RM and most volume, those that exist."""
        return tuple(r for r in (self.heaviest, self.best_e1rm, self.most_volume) if r is not None)

    @property
    def latest(self) -> date | None:
        """The day the newest of these records was set."""
        return max((r.date for r in (*self.main, *self.reps_at_load)), default=None)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        latest = self.latest
        return {"exercise": self.exercise, "name": self.name,
                "heaviest": self.heaviest.to_dict() if self.heaviest else None,
                "best_e1rm": self.best_e1rm.to_dict() if self.best_e1rm else None,
                "most_volume": self.most_volume.to_dict() if self.most_volume else None,
                "reps_at_load": [r.to_dict() for r in self.reps_at_load],
                "latest": latest.isoformat() if latest else None}


def _load_key(load: float | None) -> float | None:
    return None if load is None or load <= 0 else round(load, 2)


def personal_records(logs: Iterable[WorkoutLog], names: Mapping[str, str]) -> tuple[ExerciseRecords, ...]:
    """The records of every logged exercise, newest record first.

    Each best is held as a ranking tuple; ``age`` (minus the day's ordinal) in it sends ties to
    the earliest day, so the order of the logs never matters.
    """
    heaviest: dict[str, tuple[float, int, int]] = {}  # slug -> (load, age, reps)
    best: dict[str, tuple[bool, float, int, float, int]] = {}  # slug -> (valid, e1RM, age, load, reps)
    volume: dict[str, tuple[float, int]] = {}  # slug -> (load x reps, age)
    reps: dict[tuple[str, float | None], tuple[int, int]] = {}  # (slug, load) -> (reps, age)
    for log in logs:
        age = -log.date.toordinal()
        session: dict[str, float] = {}  # an exercise logged twice in a session adds up
        for ex in log.exercises:
            slug = ex.exercise
            for s in ex.sets:
                count = s.reps
                if count is None or count < 1 or not s.is_working:
                    continue
                load = _load_key(s.load_kg)
                held_reps = reps.get((slug, load))
                if held_reps is None or (count, age) > held_reps:
                    reps[slug, load] = (count, age)
                if load is None:
                    continue
                held_load = heaviest.get(slug)
                if held_load is None or (load, age, count) > held_load:
                    heaviest[slug] = (load, age, count)
                session[slug] = session.get(slug, 0.0) + load * count
                found = _estimate(s.load_kg or load, count, s.effective_rir or 0.0)
                if found is not None:
                    candidate = (not found[1], found[0], age, load, count)
                    held_best = best.get(slug)
                    if held_best is None or candidate > held_best:
                        best[slug] = candidate
        for slug, total in session.items():
            candidate_volume = (round(total, 1), age)
            held_volume = volume.get(slug)
            if held_volume is None or candidate_volume > held_volume:
                volume[slug] = candidate_volume
    by_slug: dict[str, list[Record]] = {}
    for (slug, load), (count, age) in reps.items():
        by_slug.setdefault(slug, []).append(
            Record("reps_at_load", float(count), "reps", date.fromordinal(-age), load, count))
    out: list[ExerciseRecords] = []
    for slug, at_load in by_slug.items():
        at_load.sort(key=lambda r: (r.load_kg is None, -(r.load_kg or 0.0)))
        h, b, v = heaviest.get(slug), best.get(slug), volume.get(slug)
        out.append(ExerciseRecords(
            slug, names.get(slug, slug),
            Record("heaviest", h[0], "kg", date.fromordinal(-h[1]), h[0], h[2]) if h else None,
            Record("best_e1rm", b[1], "kg", date.fromordinal(-b[2]), b[3], b[4], not b[0]) if b else None,
            Record("most_volume", v[0], "kg", date.fromordinal(-v[1])) if v else None,
            tuple(at_load)))
    return tuple(sorted(out, key=lambda r: (-(r.latest or date.min).toordinal(), r.name, r.exercise)))


# --------------------------------------------------------------------------- weekly hard sets


def is_hard_set(s: LoggedSet) -> bool:
    """A working set with reps and RIR ≤ 4 (RPE ≥ 6); no RIR and no RPE counts as hard."""
    if not s.is_working or s.reps is None or s.reps < 1:
        return False
    rir = s.effective_rir
    return rir is None or rir <= rubric.HARD_SET_MAX_RIR


def exercise_weights(exercise: Exercise) -> dict[str, float]:
    """Rubric group -> hard-set weight (1.0 primary, 0.5 secondary); empty when its sets are never hard."""
    if exercise.category not in HARD_CATEGORIES:
        return {}
    if exercise.patterns and all(p in rubric.NON_HARD_PATTERNS for p in exercise.patterns):
        return {}
    muscles = {"primary": list(exercise.primary_muscles), "secondary": list(exercise.secondary_muscles)}
    return rubric.exercise_groups({"muscles": muscles})


def band_status(value: float, band: tuple[float, float]) -> str:
    """``below``, ``in`` or ``above`` the band (its ends are in)."""
    low, high = band
    return BELOW if value < low else ABOVE if value > high else IN


@dataclass(frozen=True)
class GroupVolume:
    """Weekly hard sets of one rubric muscle group over the window."""

    group: str
    major: bool
    band: tuple[float, float] | None
    weeks: tuple[float, ...]
    """Hard sets per week, aligned with :attr:`Stats.weeks`."""
    average: float | None
    """Mean over the full weeks counted (None when none is)."""

    @property
    def this_week(self) -> float:
        """Hard sets so far in the current week."""
        return self.weeks[-1] if self.weeks else 0.0

    @property
    def statuses(self) -> tuple[str, ...]:
        """Each week against the band ("" for minor groups, which have none)."""
        band = self.band
        return tuple(band_status(w, band) if band else "" for w in self.weeks)

    @property
    def status(self) -> str:
        """The average against the band ("" without a band or an average)."""
        return band_status(self.average, self.band) if self.band and self.average is not None else ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"group": self.group, "major": self.major, "band": list(self.band) if self.band else None,
                "weeks": list(self.weeks), "statuses": list(self.statuses), "this_week": self.this_week,
                "average": self.average, "status": self.status}


@dataclass(frozen=True)
class Volume:
    """Weekly hard sets per group against the T2 band."""

    band: tuple[float, float]
    band_source: str
    """``profile`` (the person's T2 band) or ``general`` (no profile known)."""
    cap: float | None
    full_weeks: int
    """How many full weeks the averages cover."""
    groups: tuple[GroupVolume, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"band": list(self.band), "band_source": self.band_source, "cap": self.cap,
                "full_weeks": self.full_weeks, "groups": [g.to_dict() for g in self.groups]}


def weekly_volume(logs: Iterable[WorkoutLog], exercises: Mapping[str, Exercise], weeks: Sequence[date],
                  today: date, profile: Profile | None = None) -> Volume:
    """Fractional hard sets per group and week of the window, with the band to compare them to."""
    index = {w: i for i, w in enumerate(weeks)}
    weights: dict[str, dict[str, float]] = {}
    totals: dict[str, list[float]] = {g: [0.0] * len(weeks) for g in rubric.MAJOR_MUSCLE_GROUPS}
    first_logged: date | None = None
    history_before = False
    for log in logs:
        if log.date > today:
            continue
        i = index.get(monday(log.date))
        if i is None:
            history_before = history_before or log.date < weeks[0]
            continue
        first_logged = log.date if first_logged is None else min(first_logged, log.date)
        for ex in log.exercises:
            found = exercises.get(ex.exercise)
            if found is None:
                continue
            if ex.exercise not in weights:
                weights[ex.exercise] = exercise_weights(found)
            groups = weights[ex.exercise]
            if not groups:
                continue
            hard = sum(1 for s in ex.sets if is_hard_set(s))
            for group, weight in groups.items() if hard else ():
                totals.setdefault(group, [0.0] * len(weeks))[i] += hard * weight
    full = [i for i, w in enumerate(weeks) if w + timedelta(days=6) < today
            and first_logged is not None and (history_before or w >= monday(first_logged))]
    band = rubric.volume_band(profile) if profile else GENERAL_BAND
    out = []
    for group, series in totals.items():
        major = group in rubric.MAJOR_MUSCLE_GROUPS
        if not major and not any(series):
            continue
        average = round(sum(series[i] for i in full) / len(full), 2) if full else None
        out.append(GroupVolume(group, major, band if major else None, tuple(series), average))
    order = {g: i for i, g in enumerate((*rubric.MAJOR_MUSCLE_GROUPS, *MINOR_GROUPS))}
    out.sort(key=lambda g: (order.get(g.group, len(order)), g.group))
    return Volume(band, "profile" if profile else "general", rubric.volume_cap(profile) if profile else None,
                  len(full), tuple(out))


# --------------------------------------------------------------------------- adherence and streaks


def planned_dates(plan: Mapping[str, Any]) -> tuple[date, ...]:
    """The date of every session of a plan (its ``date``, else its week and day from the plan start)."""
    raw_start = plan.get("start")
    try:
        start = date.fromisoformat(raw_start) if isinstance(raw_start, str) else None
    except ValueError:
        start = None
    out: list[date] = []
    for w_index, week in enumerate(rubric.plan_weeks(plan)):
        number = rubric.week_number(week, w_index)
        for session in rubric.week_sessions(week):
            when: date | None = None
            raw = session.get("date")
            if isinstance(raw, str):
                try:
                    when = date.fromisoformat(raw)
                except ValueError:
                    when = None
            day = rubric.day_index(session.get("day"))
            if when is None and start is not None and day is not None:
                when = monday(start) + timedelta(weeks=number - 1, days=day)
            if when is not None:
                out.append(when)
    return tuple(sorted(out))


@dataclass(frozen=True)
class Adherence:
    """Sessions per week, against the plan when there is one, and the streaks."""

    sessions: tuple[int, ...]
    """Logged sessions per week of the window."""
    planned: tuple[int, ...] | None
    """Planned sessions per week up to today (None without a plan)."""
    current_streak: int
    longest_streak: int
    plan_streak: int | None
    total_sessions: int
    last_session: date | None

    @property
    def weekly_rate(self) -> tuple[float | None, ...] | None:
        """``min(logged, planned) / planned`` per week (None for weeks with nothing planned)."""
        if self.planned is None:
            return None
        return tuple(round(min(s, p) / p, 3) if p else None for s, p in zip(self.sessions, self.planned, strict=True))

    @property
    def rate(self) -> float | None:
        """Planned sessions done over the window, 0-1 (None when nothing was planned)."""
        if not self.planned or not sum(self.planned):
            return None
        done = sum(min(s, p) for s, p in zip(self.sessions, self.planned, strict=True))
        return round(done / sum(self.planned), 3)

    @property
    def sessions_in_window(self) -> int:
        """Logged sessions in the window."""
        return sum(self.sessions)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"sessions": list(self.sessions), "planned": list(self.planned) if self.planned is not None else None,
                "weekly_rate": list(self.weekly_rate) if self.weekly_rate is not None else None,
                "rate": self.rate, "sessions_in_window": self.sessions_in_window,
                "current_streak": self.current_streak, "longest_streak": self.longest_streak,
                "plan_streak": self.plan_streak, "total_sessions": self.total_sessions,
                "last_session": self.last_session.isoformat() if self.last_session else None}


def _runs(active: set[date], this_week: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive weeks in ``active``; this week may still be empty."""
    longest = 0
    for w in active:
        if w - timedelta(weeks=1) in active:
            continue
        length = 1
        while w + timedelta(weeks=length) in active:
            length += 1
        longest = max(longest, length)
    current = 0
    w = this_week if this_week in active else this_week - timedelta(weeks=1)
    while w in active:
        current += 1
        w -= timedelta(weeks=1)
    return current, longest


def adherence(logs: Iterable[WorkoutLog], weeks: Sequence[date], today: date,
              plan: Mapping[str, Any] | None = None) -> Adherence:
    """Sessions per week, adherence to ``plan`` and the streaks (all logs up to ``today``)."""
    per_week: dict[date, int] = {}
    last: date | None = None
    total = 0
    for log in logs:
        if log.date > today:
            continue
        total += 1
        per_week[monday(log.date)] = per_week.get(monday(log.date), 0) + 1
        last = log.date if last is None else max(last, log.date)
    this_week = monday(today)
    current, longest = _runs(set(per_week), this_week)
    planned: tuple[int, ...] | None = None
    plan_streak: int | None = None
    if plan is not None:
        due: dict[date, int] = {}
        for when in planned_dates(plan):
            if when <= today:
                due[monday(when)] = due.get(monday(when), 0) + 1
        planned = tuple(due.get(w, 0) for w in weeks)
        plan_streak = 0
        for w in sorted(due, reverse=True):
            if per_week.get(w, 0) >= due[w]:
                plan_streak += 1
            elif w != this_week:
                break
    return Adherence(tuple(per_week.get(w, 0) for w in weeks), planned, current, longest, plan_streak, total, last)


# --------------------------------------------------------------------------- pain


@dataclass(frozen=True)
class PainTrend:
    """Weekly pain (0-10) of one region: mean and maximum, during the session and the next morning."""

    region: str
    during_mean: tuple[float | None, ...]
    during_max: tuple[int | None, ...]
    morning_mean: tuple[float | None, ...]
    morning_max: tuple[int | None, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON form (None for weeks with no rating)."""
        return {"region": self.region, "during_mean": list(self.during_mean), "during_max": list(self.during_max),
                "morning_mean": list(self.morning_mean), "morning_max": list(self.morning_max)}


def pain_trends(logs: Iterable[WorkoutLog], weeks: Sequence[date], today: date) -> tuple[PainTrend, ...]:
    """Weekly pain per region over the window, regions by name."""
    index = {w: i for i, w in enumerate(weeks)}
    # region -> (during, morning) -> week index -> [sum, count, max]
    acc: dict[str, tuple[dict[int, list[int]], dict[int, list[int]]]] = {}
    for log in logs:
        i = index.get(monday(log.date))
        if i is None or log.date > today:
            continue
        for kind, ratings in enumerate((log.pain_during, log.pain_next_morning)):
            for region, score in ratings.items():
                cell = acc.setdefault(region, ({}, {}))[kind].setdefault(i, [0, 0, 0])
                cell[0] += score
                cell[1] += 1
                cell[2] = max(cell[2], score)

    def series(cells: dict[int, list[int]]) -> tuple[tuple[float | None, ...], tuple[int | None, ...]]:
        means = tuple(round(cells[i][0] / cells[i][1], 2) if i in cells else None for i in range(len(weeks)))
        return means, tuple(cells[i][2] if i in cells else None for i in range(len(weeks)))

    out = []
    for region in sorted(acc):
        during, morning = acc[region]
        d_mean, d_max = series(during)
        m_mean, m_max = series(morning)
        out.append(PainTrend(region, d_mean, d_max, m_mean, m_max))
    return tuple(out)


# --------------------------------------------------------------------------- everything


@dataclass(frozen=True)
class ExerciseStats:
    """The e1RM trend and the records of one exercise."""

    exercise: str
    name: str
    trend: E1rmTrend
    records: ExerciseRecords | None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"exercise": self.exercise, "name": self.name, "trend": self.trend.to_dict(),
                "records": self.records.to_dict() if self.records else None}


@dataclass(frozen=True)
class Stats:
    """Everything the progress page, ``trainwise stats`` and ``GET /api/v1/stats`` show."""

    today: date
    weeks: tuple[date, ...]
    """Mondays of the window, oldest first; every weekly series is aligned with them."""
    e1rm: tuple[E1rmTrend, ...]
    records: tuple[ExerciseRecords, ...]
    volume: Volume
    adherence: Adherence
    pain: tuple[PainTrend, ...]
    unknown_exercises: tuple[str, ...] = ()
    """Logged slugs missing from the library (no muscles, so no hard sets)."""
    plan_id: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when nothing has been logged up to today."""
        return self.adherence.total_sessions == 0

    def exercise(self, slug: str, name: str | None = None) -> ExerciseStats:
        """The trend and records of one exercise (empty when it was never logged)."""
        trend = next((t for t in self.e1rm if t.exercise == slug), None)
        records = next((r for r in self.records if r.exercise == slug), None)
        label = name or (trend.name if trend else records.name if records else slug)
        return ExerciseStats(slug, label, trend or E1rmTrend(slug, label, ()), records)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"today": self.today.isoformat(), "weeks": [_week_dict(w) for w in self.weeks],
                "plan_id": self.plan_id, "e1rm": [t.to_dict() for t in self.e1rm],
                "records": [r.to_dict() for r in self.records], "volume": self.volume.to_dict(),
                "adherence": self.adherence.to_dict(), "pain": [p.to_dict() for p in self.pain],
                "unknown_exercises": list(self.unknown_exercises)}


def summarize(logs: Iterable[WorkoutLog], exercises_by_slug: Mapping[str, Exercise], today: date,
              profile: Profile | None = None, plan: Mapping[str, Any] | None = None,
              weeks: int = DEFAULT_WEEKS, plan_id: str | None = None) -> Stats:
    """All the progress statistics of ``logs`` (those dated after ``today`` are ignored).

    Trends, hard sets and pain cover the ``weeks`` weeks ending with this one; records, streaks
    and the session total cover every log.
    """
    span = window(today, weeks)
    history = [log for log in logs if log.date <= today]
    logged = {ex.exercise for log in history for ex in log.exercises}
    names = {slug: exercises_by_slug[slug].name if slug in exercises_by_slug else slug for slug in logged}
    return Stats(
        today=today, weeks=span,
        e1rm=e1rm_trends(history, names, span[0], today),
        records=personal_records(history, names),
        volume=weekly_volume(history, exercises_by_slug, span, today, profile),
        adherence=adherence(history, span, today, plan),
        pain=pain_trends(history, span, today),
        unknown_exercises=tuple(sorted(logged - set(exercises_by_slug))),
        plan_id=plan_id,
    )

