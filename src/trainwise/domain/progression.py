"""The progression engine: from a prescription and the logged sessions, the next prescription.

Pure and deterministic: the date ``today`` is an argument, nothing is random, and the same input
always gives the same :class:`Decision`. Every change carries a reason code of rubric §0.2.
Safety outranks performance, in the rubric's order (P13)::

    red_flag > pain_neuro > pain_red > gap_return > pain_amber > missed_reps* > deload > top_of_range/rpe

The rules (rubric ids; sources as in training-evidence.md):

- **Double progression** (P1, ACSM 2009 [S1]; Plotkin 2022 [S29]): every working set at the top of
  the rep range on 2 consecutive exposures at the current load and at RIR >= target: load up 2-10 %
  (lower body / large multi-joint aims 5-10 %, upper body / small 2-5 %) to a load the person's
  equipment can make, rep target back to the lower half, sets unchanged. Once only (P1b): hold
  (a beginner may go up after one exposure when ``novice_single_exposure_increase`` is on).
- **RIR** (P2, P3; Helms 2016 [S25]): RIR >= target + 2 at the top: up after one exposure
  (``rpe_low``); top reached below the target RIR: hold (``rpe_high``).
- **Missed reps** (P4, P5): a working set below the range at the current load: hold; twice in a row
  at the same load: -10 % (HOUSE; 85-95 %), or one set fewer when no such load exists.
- **Deload** (P6; Rogerson 2024 [S30]): missed reps on >= 2 exercises, or soreness / joint ache
  >= 5 on >= 2 days, within 7 days: half the sets, RIR +2, same exercises and sessions.
- **Pain** (P7; Silbernagel 2007 [S22]): see :mod:`trainwise.domain.pain`. Amber freezes the
  exercise; red regresses it (load <= 80 %, else an easier variation from the library's regression
  links, else half the sets, else a reduced range) and nothing goes up until 2 settled sessions;
  neurological symptoms stop spinal and lower-body loading and refer within days.
- **Red flags** (P8, T5): suspended, no sessions, a referral (emergency the same day for cauda
  equina signs), until a later clinician clearance.
- **Gaps** (P9, T7): see :mod:`trainwise.domain.gaps`.
- **Loads** (P11, R6): only loads the equipment can make; never a jump over 10 % when a smaller
  step exists (with only big steps: reps to the top + 2 first, or sets, tempo, a harder variation);
  body-weight-only people never get an external load.
- **One change per step** (P12): never load and sets up together.

``next`` is the next session; ``prescription`` is the lasting prescription to pass back next time
(temporary deload and ramp cuts are only in ``next`` and ``week_adjustments``).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from trainwise.domain import e1rm as est
from trainwise.domain import gaps as gp
from trainwise.domain import pain as pn
from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import (
    GENERAL_REGION,
    NEURO_SYMPTOMS,
    SORENESS_SYMPTOMS,
    LogError,
    LoggedSet,
    WorkoutLog,
    parse_date,
    parse_pain,
    parse_set,
    parse_symptoms,
)
from trainwise.domain.profile import (
    CAUTION_FLAGS,
    RED_FLAG_LABELS,
    RED_FLAGS,
    Profile,
    ProfileError,
    profile_from_dict,
)
from trainwise.domain.rubric import DEFAULT_REP_SECONDS, possible_loads, tempo_phases
from trainwise.domain.safety import (
    Referral,
    allowed,
    excluded_patterns,
    excluded_tags,
    referral_for,
)

# ---------------------------------------------------------------------------- vocabulary

REASON_CODES = ("top_of_range", "rpe_low", "rpe_high", "missed_reps", "missed_reps_repeated", "pain_green",
                "pain_amber", "pain_red", "pain_neuro", "red_flag", "gap_return", "deload", "hold")
"""The reason codes of rubric §0.2 (the only codes the engine emits)."""
PRIORITY = ("red_flag", "pain_neuro", "pain_red", "gap_return", "pain_amber", "missed_reps_repeated",
            "missed_reps", "deload", "top_of_range", "rpe_low", "rpe_high", "hold", "pain_green")
"""Reasons are listed in this order: the rubric's P13 precedence, then the informational ones."""
ACTIVE, SUSPENDED = "active", "suspended"
FULL, REDUCED = "full", "reduced"
NEURO_URGENCY = "within_days"
NEURO_MESSAGE = ("Stop loading your back and legs for now and see a doctor or physiotherapist within the "
                 "next few days: pain spreading below the knee, numbness, tingling or weakness in a leg needs "
                 "a check. Upper-body work may continue without increases. Seek care the same day if both "
                 "legs are affected or you have numbness around the groin or bladder or bowel changes.")
COARSE = ("upper", "lower", "trunk")
#: Equipment that carries an external load in kilograms.
KG_LOADABLE = frozenset({"barbell", "ez_bar", "dumbbells", "kettlebells", "weight_plate", "medicine_ball",
                         "cable_machine", "machines", "lever_back_extension_machine"})
LOWER_PATTERNS = frozenset({"knee_dominant", "hip_dominant", "isolation_lower", "carry"})
#: A slower tempo as a progression (eccentric-pause-concentric-pause; each phase <= 4 s, rubric R13).
TEMPO_LADDER = ("2-0-1-0", "3-0-1-0", "3-1-1-0", "4-1-1-0")  # HOUSE
EPS = 1e-6


class ProgressionInputError(DomainError, ValueError):
    """Input the engine cannot use; the message names the field."""


@dataclass(frozen=True)
class ProgressionSettings:
    """Thresholds and steps. Values marked HOUSE are our choice inside the rubric's bounds."""

    pain: pn.PainThresholds = field(default_factory=pn.PainThresholds)  # P7 defaults: green <= 2, amber 3-5, red >= 6
    novice_single_exposure_increase: bool = False  # P1b: off by default
    min_increase: float = 1.02  # P1 MUST
    max_increase: float = 1.10  # P1/P11 MUST
    lower_body_aim: tuple[float, float] = (1.05, 1.10)  # P1 SHOULD
    upper_body_aim: tuple[float, float] = (1.02, 1.05)  # P1 SHOULD
    missed_twice: tuple[float, float, float] = (0.85, 0.95, 0.90)  # P5: band and default (HOUSE -10 %)
    red_load_factor: float = 0.80  # P7 red: load <= 0.8 x current
    red_volume_factor: float = 0.5  # P7 red: region volume <= 0.5 x current
    settled_sessions: int = 2  # P7 red: settled sessions before progress resumes
    deload_volume_factor: float = 0.5  # P6: 0.4-0.7 x (HOUSE 0.5)
    deload_rir_add: int = 2  # P6: RIR +2 (load kept)
    fatigue_window_days: int = 7  # P6: "in one week"
    fatigue_soreness: int = 5  # P6: soreness / joint ache >= 5
    soreness_code_score: int = 5  # HOUSE: a logged soreness/joint_ache code without a number counts as 5
    big_jump_extra_reps: int = 2  # P1: the big jump only after reps >= top + 2 on every set
    extra_reps_cap: int = 2  # HOUSE: reps above the range offered when no other progression is left
    step_lower_kg: float = 2.5  # HOUSE: step when the equipment has no list of loads (lower body)
    step_upper_kg: float = 1.0  # HOUSE: likewise, upper body / small muscles
    step_kettlebell_kg: float = 4.0  # HOUSE: kettlebells of unknown masses
    max_sets: Mapping[str, int] = field(default_factory=lambda: {"beginner": 3, "intermediate": 4, "advanced": 5})
    make_up_factor: float = gp.MAKE_UP_FACTOR  # P9


DEFAULT_SETTINGS = ProgressionSettings()


@dataclass(frozen=True)
class Prescription:
    """What to do for one exercise: sets x reps at a load (None = body weight) and a target RIR.

    ``region`` (optional) is ``upper``, ``lower``, ``trunk`` or a vocabulary region; it widens the
    regions the exercise is taken to load for pain reports. ``range_of_motion`` is ``full`` or
    ``reduced`` (after red pain)."""

    exercise: str
    rep_min: int
    rep_max: int
    sets: int
    target_rir: float
    load_kg: float | None = None
    region: str | None = None
    hold_s: float | None = None
    tempo: str | None = None
    range_of_motion: str = FULL

    def __post_init__(self) -> None:
        if not 1 <= self.rep_min <= self.rep_max:
            raise ProgressionInputError("prescription field 'rep_range': expected 1 <= MIN <= MAX")
        if self.sets < 0:
            raise ProgressionInputError("prescription field 'sets': expected 0 or more")

    def to_dict(self) -> dict[str, Any]:
        """The input shape of the CLI contract (feed it back as ``prescription``)."""
        return {"exercise": self.exercise, "rep_range": [self.rep_min, self.rep_max], "sets": self.sets,
                "target_rir": _num(self.target_rir), "load_kg": _kg(self.load_kg), "region": self.region,
                "hold_s": self.hold_s, "tempo": self.tempo, "range_of_motion": self.range_of_motion}


@dataclass(frozen=True)
class Exposure:
    """One logged session, seen from one exercise.

    ``sets`` are this exercise's sets (empty when the session did not include it: such a session
    still counts for gaps, pain, red flags and fatigue). ``exercise`` is the slug the sets belong to
    (None: the prescribed exercise). ``missed_elsewhere``: other exercises of the session with a
    working set below their rep range (for P6). ``soreness``: 0-10 if logged as a number."""

    date: date
    sets: tuple[LoggedSet, ...] = ()
    pain_during: Mapping[str, int] = field(default_factory=dict)
    pain_next_morning: Mapping[str, int] = field(default_factory=dict)
    pain_before: Mapping[str, int] = field(default_factory=dict)
    symptoms: tuple[str, ...] = ()
    clinician_clearance: bool = False
    completed: bool = True
    soreness: int | None = None
    missed_elsewhere: tuple[str, ...] = ()
    exercise: str | None = None

    @property
    def working_sets(self) -> tuple[LoggedSet, ...]:
        """Working sets with reps or seconds (warm-ups left out)."""
        return tuple(s for s in self.sets if s.is_working and (s.reps is not None or s.seconds is not None))

    @property
    def performed(self) -> bool:
        """True when the exercise was done in this session (at least one working set)."""
        return self.completed and bool(self.working_sets)

    @property
    def top_load(self) -> float | None:
        """The heaviest working load (None: body weight or not recorded)."""
        loads = [s.load_kg for s in self.working_sets if s.load_kg]
        return max(loads) if loads else None

    def pain_day(self) -> pn.PainDay:
        """The pain reports of this session."""
        return pn.PainDay(self.date, self.pain_during, self.pain_next_morning, self.pain_before)


@dataclass(frozen=True)
class Reason:
    """Why the prescription is what it is: a §0.2 code and a sentence."""

    code: str
    detail: str

    def __post_init__(self) -> None:
        if self.code not in REASON_CODES:
            raise ValueError(f"unknown reason code {self.code!r}")


@dataclass(frozen=True)
class WeekAdjustments:
    """Adjustments for the coming week, the same for every exercise of the plan.

    ``deload``: a P6 deload week. ``volume_factor``: planned sets are multiplied by this (deload 0.5,
    gap ramp 0.5/0.7/0.8/0.9; 1.0 = none). ``load_factor``: aim for the load relative to the last
    one on the first session back after a gap of 14+ days (0.925 or 0.85; 1.0 = none). ``rir_add``:
    reps in reserve added (deload +2). ``gap_days``: the gap being returned from, or the days since
    the last session. ``gap_band``: T7 band (``none``, ``<7``, ``7-13``, ``14-27``, ``28+``).
    ``ramp``: the weekly volume factors of the return ramp; ``ramp_week``: this week's place in it.
    ``max_sets_factor``: no session above this x its planned sets (P9)."""

    deload: bool = False
    volume_factor: float = 1.0
    load_factor: float = 1.0
    rir_add: int = 0
    gap_days: int | None = None
    gap_band: str = gp.NONE
    ramp: tuple[float, ...] = ()
    ramp_week: int | None = None
    max_sets_factor: float = gp.MAKE_UP_FACTOR

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"deload": self.deload, "volume_factor": self.volume_factor, "load_factor": self.load_factor,
                "rir_add": self.rir_add, "gap_days": self.gap_days, "gap_band": self.gap_band,
                "ramp": list(self.ramp), "ramp_week": self.ramp_week, "max_sets_factor": self.max_sets_factor}


@dataclass(frozen=True)
class NextSession:
    """The next session of the exercise. ``sets == 0`` means: do not do it (suspended or paused)."""

    exercise: str
    load_kg: float | None
    rep_min: int
    rep_max: int
    sets: int
    rir: float | None
    tempo: str | None = None
    hold_s: float | None = None
    range_of_motion: str = FULL

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``next`` object (plus tempo, hold_s and range_of_motion)."""
        return {"exercise": self.exercise, "load_kg": _kg(self.load_kg),
                "reps": {"min": self.rep_min, "max": self.rep_max}, "sets": self.sets,
                "rir": None if self.rir is None else _num(self.rir), "tempo": self.tempo, "hold_s": self.hold_s,
                "range_of_motion": self.range_of_motion}


@dataclass(frozen=True)
class Fatigue:
    """P6 across the whole programme: should the coming week be a deload?"""

    deload: bool
    missed_exercises: tuple[str, ...] = ()
    sore_days: tuple[date, ...] = ()

    @property
    def detail(self) -> str:
        """What was seen, in words."""
        parts = []
        if len(self.missed_exercises) >= 2:
            parts.append(f"missed reps on {len(self.missed_exercises)} exercises ({', '.join(self.missed_exercises)})")
        if len(self.sore_days) >= 2:
            parts.append(f"soreness or joint ache of 5/10 or more on {len(self.sore_days)} days")
        return " and ".join(parts) or "no sign of accumulated fatigue"


@dataclass(frozen=True)
class FatigueSignal:
    """One day's fatigue signs: exercises with missed reps, worst soreness or joint ache (0-10)."""

    date: date
    missed: frozenset[str] = frozenset()
    soreness: int | None = None


@dataclass(frozen=True)
class Decision:
    """The engine's answer. ``prescription`` is the lasting prescription; ``next`` the next session."""

    status: str
    referral: Referral
    next: NextSession
    prescription: Prescription
    reasons: tuple[Reason, ...]
    week_adjustments: WeekAdjustments
    pain_zone: str | None = None
    e1rm: Mapping[str, Any] | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        """The reason codes, highest priority first."""
        return tuple(r.code for r in self.reasons)

    def to_dict(self) -> dict[str, Any]:
        """The CLI/API contract output."""
        return {
            "status": self.status,
            "referral": self.referral.as_dict(),
            "next": self.next.to_dict(),
            "reasons": [{"code": r.code, "detail": r.detail} for r in self.reasons],
            "week_adjustments": self.week_adjustments.to_dict(),
            "prescription": self.prescription.to_dict(),
            "pain_zone": self.pain_zone,
            "e1rm": dict(self.e1rm) if self.e1rm is not None else None,
        }


Lookup = Callable[[str], Exercise | None]


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(float(x), 2)


def _kg(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


# ---------------------------------------------------------------------------- loads


@dataclass(frozen=True)
class LoadMenu:
    """The loads an exercise can take with the person's equipment.

    ``settable``: every load the equipment can make (empty: no list is known). ``step``: the HOUSE
    step used when no list is known. ``external``: False when no external load is possible at all
    (body weight only; rubric P11)."""

    settable: tuple[float, ...] = ()
    step: float | None = None
    external: bool = False

    def _grid(self, current: float, up: bool) -> list[float]:
        """Multiples of the HOUSE step and of half of it (micro-loading), above or below ``current``."""
        full = self.step or 1.0
        values: set[float] = set()
        for step in (full, full / 2):
            base = math.floor(current / step + EPS)
            span = range(1, 21) if up else range(0, base + 1)
            values.update(round((base + k) * step if up else k * step, 2) for k in span)
        if up:
            return sorted(x for x in values if x > current + EPS)
        return sorted((x for x in values if EPS < x < current - EPS), reverse=True)

    def heavier(self, current: float) -> list[float]:
        """Loads above ``current``, lightest first (on the HOUSE grid when no list is known)."""
        if self.settable:
            return [x for x in self.settable if x > current + EPS]
        return self._grid(current, up=True) if self.step else []

    def lighter(self, current: float) -> list[float]:
        """Loads below ``current`` and above zero, heaviest first."""
        if self.settable:
            return sorted((x for x in self.settable if EPS < x < current - EPS), reverse=True)
        return self._grid(current, up=False) if self.step else []

    def can_make(self, kg: float) -> bool:
        """True when ``kg`` is on the list (always True when no list is known)."""
        return not self.settable or any(abs(x - kg) < EPS for x in self.settable)


def _doable_options(exercise: Exercise, profile: Profile) -> list[tuple[str, ...]]:
    have = set(profile.equipment) | v.ALWAYS_AVAILABLE
    return [opt for opt in exercise.equipment_options if set(opt) <= have]


def is_large(exercise: Exercise | None, region: str | None) -> bool:
    """Lower-body or large multi-joint lift (aims +5-10 %) rather than upper-body/small (+2-5 %)."""
    if exercise is not None:
        return bool(set(exercise.patterns) & LOWER_PATTERNS)
    return region in ("lower", *pn.LOWER_REGIONS) and region != "ankles"


def load_menu(profile: Profile, exercise: Exercise | None, region: str | None = None,
              settings: ProgressionSettings = DEFAULT_SETTINGS, *, has_load: bool = False) -> LoadMenu:
    """What loads ``exercise`` can take for ``profile`` (rubric R6/P11).

    The loads of every equipment option the person can use (rubric.possible_loads). A person
    without any kg-loadable equipment never gets a load. When the exercise is a body-weight one but
    already carries a load (``has_load``, e.g. holding a dumbbell), the person's free weights count.
    With loadable equipment but no known masses (machines, no specs) loads lie on a HOUSE grid:
    multiples of 2.5 kg (lower body) or 1 kg (upper body), or of half of that (4 kg and 2 kg for
    kettlebells)."""
    owned = {v.EQUIPMENT.lookup(e) or e for e in profile.equipment}
    if not owned & KG_LOADABLE:
        return LoadMenu()
    options = _doable_options(exercise, profile) if exercise is not None else []
    if exercise is not None and not options:
        options = list(exercise.equipment_options)
    gear = {e for opt in options for e in opt if e in KG_LOADABLE}
    if not gear and (exercise is None or has_load):
        gear = owned & KG_LOADABLE
    if not gear:
        return LoadMenu()
    settable = tuple(sorted({x for e in sorted(gear) for x in possible_loads(profile, e)}))
    if settable:
        return LoadMenu(settable, None, True)
    large = is_large(exercise, region)
    step = settings.step_kettlebell_kg if gear == {"kettlebells"} else (
        settings.step_lower_kg if large else settings.step_upper_kg)
    return LoadMenu((), step, True)


def increase_load(current: float, menu: LoadMenu, large: bool,
                  settings: ProgressionSettings = DEFAULT_SETTINGS) -> float | None:
    """The next load for P1: within +2-10 % and settable, nearest the aim (5-10 % lower body,
    2-5 % upper body); None when no such step exists."""
    lo, hi = current * settings.min_increase - EPS, current * settings.max_increase + EPS
    candidates = [x for x in menu.heavier(current) if lo <= x <= hi]
    if not candidates:
        return None
    aim_lo, aim_hi = settings.lower_body_aim if large else settings.upper_body_aim
    target = (aim_lo + aim_hi) / 2

    def key(x: float) -> tuple[bool, float, float]:
        ratio = x / current
        return (not aim_lo - EPS <= ratio <= aim_hi + EPS, round(abs(ratio - target), 6), x)

    return min(candidates, key=key)


def load_near(base: float, low: float, high: float, aim: float, menu: LoadMenu) -> float | None:
    """A settable load within ``[low, high] x base``, nearest ``aim x base`` (lighter on ties)."""
    candidates = [x for x in (*menu.lighter(base + EPS),) if low * base - EPS <= x <= high * base + EPS]
    if not candidates:
        return None
    return min(candidates, key=lambda x: (round(abs(x - aim * base), 6), x))


def load_at_most(base: float, factor: float, menu: LoadMenu) -> float | None:
    """The heaviest settable load <= ``factor x base`` (None when even the lightest is above)."""
    below = [x for x in menu.lighter(base + EPS) if x <= factor * base + EPS]
    return max(below) if below else None


# ---------------------------------------------------------------------------- history


def exposures_for(logs: Sequence[WorkoutLog], slug: str) -> list[Exposure]:
    """The sessions that include exercise ``slug``, oldest first, with their pain and symptoms."""
    out: list[Exposure] = []
    for log in sorted(logs, key=lambda lg: lg.date):
        sets = tuple(s for e in log.exercises if e.exercise == slug for s in e.sets)
        if sets:
            out.append(_exposure(log, slug, sets, ()))
    return out


def history_for(logs: Sequence[WorkoutLog], slug: str, rep_floors: Mapping[str, int] | None = None) -> list[Exposure]:
    """Every session, oldest first, as seen from ``slug`` (its sets, or none); with ``rep_floors``
    (slug -> bottom of its rep range) the other exercises' missed reps are noted for P6."""
    floors = rep_floors or {}
    out: list[Exposure] = []
    for log in sorted(logs, key=lambda lg: lg.date):
        sets = tuple(s for e in log.exercises if e.exercise == slug for s in e.sets)
        missed = tuple(sorted({e.exercise for e in log.exercises if e.exercise != slug and e.exercise in floors
                               and any(s.reps is not None and s.reps < floors[e.exercise] for s in e.working_sets)}))
        out.append(_exposure(log, slug, sets, missed))
    return out


def _exposure(log: WorkoutLog, slug: str, sets: tuple[LoggedSet, ...], missed: tuple[str, ...]) -> Exposure:
    return Exposure(date=log.date, sets=sets, pain_during=dict(log.pain_during),
                    pain_next_morning=dict(log.pain_next_morning), pain_before=dict(log.pain_before),
                    symptoms=log.symptoms, completed=log.completed, missed_elsewhere=missed, exercise=slug)


def last_session_date(logs: Iterable[WorkoutLog]) -> date | None:
    """The date of the last completed session with at least one set (for T7 gaps)."""
    dates = [log.date for log in logs if log.completed and log.set_count > 0]
    return max(dates) if dates else None


# ---------------------------------------------------------------------------- fatigue (P6)


def assess_fatigue(signals: Iterable[FatigueSignal], today: date,
                   settings: ProgressionSettings = DEFAULT_SETTINGS) -> Fatigue:
    """P6: missed reps on >= 2 exercises, or soreness/joint ache >= 5 on >= 2 days, within the 7 days
    up to ``today`` -> deload the coming week."""
    window = [s for s in signals if 0 <= (today - s.date).days <= settings.fatigue_window_days]
    missed = tuple(sorted({slug for s in window for slug in s.missed}))
    sore = tuple(sorted({s.date for s in window if s.soreness is not None and s.soreness >= settings.fatigue_soreness}))
    return Fatigue(len(missed) >= 2 or len(sore) >= 2, missed, sore)


def fatigue_from_logs(logs: Iterable[WorkoutLog], rep_floors: Mapping[str, int], today: date,
                      settings: ProgressionSettings = DEFAULT_SETTINGS) -> Fatigue:
    """P6 from stored logs: ``rep_floors`` maps each planned exercise to the bottom of its rep range."""
    signals = []
    for log in logs:
        missed = frozenset(e.exercise for e in log.exercises if e.exercise in rep_floors and any(
            s.reps is not None and s.reps < rep_floors[e.exercise] for s in e.working_sets))
        sore = settings.soreness_code_score if set(log.symptoms) & set(SORENESS_SYMPTOMS) else None
        signals.append(FatigueSignal(log.date, missed, sore))
    return assess_fatigue(signals, today, settings)


def _signals(history: Sequence[Exposure], prescription: Prescription,
             settings: ProgressionSettings) -> list[FatigueSignal]:
    out = []
    for e in history:
        missed = set(e.missed_elsewhere)
        if e.performed and (e.exercise in (None, prescription.exercise)) and _missed(e, prescription):
            missed.add(prescription.exercise)
        sore = e.soreness
        if sore is None and set(e.symptoms) & set(SORENESS_SYMPTOMS):
            sore = settings.soreness_code_score
        out.append(FatigueSignal(e.date, frozenset(missed), sore))
    return out


# ---------------------------------------------------------------------------- performance


def _at_load(s: LoggedSet, load: float | None) -> bool:
    """The set was done at (or above) the prescribed load; an unrecorded load counts as prescribed."""
    return load is None or s.load_kg is None or s.load_kg >= load - 0.01


def _missed(e: Exposure, p: Prescription) -> bool:
    return any(s.reps is not None and s.reps < p.rep_min for s in e.working_sets if _at_load(s, p.load_kg))


def _reps(s: LoggedSet) -> int:
    """Reps of a set; a timed set without a rep count is one hold."""
    return s.reps if s.reps is not None else 1


def _at_top(e: Exposure, p: Prescription, extra: int = 0) -> bool:
    """Every prescribed set done at the load, at the top of the range (+ ``extra``), holds long enough."""
    sets = [s for s in e.working_sets if _at_load(s, p.load_kg)]
    held = all(p.hold_s is None or s.seconds is None or s.seconds >= p.hold_s - EPS for s in sets)
    return len(sets) >= max(1, p.sets) and held and all(_reps(s) >= p.rep_max + extra for s in sets)


def _rir_values(e: Exposure) -> list[float | None]:
    return [s.effective_rir for s in e.working_sets]


def _rir_ok(e: Exposure, target: float) -> bool:
    return all(r is None or r >= target - EPS for r in _rir_values(e))


def _rir_high(e: Exposure, target: float) -> bool:
    return any(r is not None and r < target - EPS for r in _rir_values(e))


def _rir_low(e: Exposure, target: float) -> bool:
    values = _rir_values(e)
    return bool(values) and all(r is not None and r >= target + 2 - EPS for r in values)


def _same_load(a: Exposure, b: Exposure) -> bool:
    la, lb = a.top_load, b.top_load
    return (la is None and lb is None) or (la is not None and lb is not None and abs(la - lb) < 0.01)


def e1rm_summary(exposures: Sequence[Exposure]) -> dict[str, Any] | None:
    """e1RM (rubric §0.3, P10) from the best set of the latest exposure, with the previous one and
    whether the change is real (>= 5 %, above the 1RM's test-retest noise)."""
    def best(e: Exposure) -> tuple[est.Estimate, LoggedSet] | None:
        found = []
        for s in e.working_sets:
            if s.load_kg and s.reps:
                guess = est.e1rm(s.load_kg, s.reps, s.effective_rir or 0)
                if guess is not None:
                    found.append((guess, s))
        return max(found, key=lambda t: (t[0].value, t[1].load_kg or 0)) if found else None

    if not exposures:
        return None
    latest = best(exposures[-1])
    if latest is None:
        return None
    guess, s = latest
    out: dict[str, Any] = {"epley": guess.epley, "brzycki": guess.brzycki, "value": round(guess.value, 2),
                           "r_eff": guess.r_eff, "low_confidence": guess.low_confidence,
                           "from_set": {"load_kg": s.load_kg, "reps": s.reps, "rir": s.effective_rir},
                           "previous": None, "real_change": None}
    earlier = best(exposures[-2]) if len(exposures) > 1 else None
    if earlier is not None:
        out["previous"] = round(earlier[0].value, 2)
        out["real_change"] = est.is_real_change(earlier[0].value, guess.value)
    return out


# ---------------------------------------------------------------------------- safety state


def _positions(history: Sequence[Exposure]) -> list[tuple[date, int]]:
    return [(e.date, i) for i, e in enumerate(history)]


def _cleared(pos: tuple[date, int], history: Sequence[Exposure], cleared: bool | date | None) -> bool:
    """True when a clinician clearance comes after the event at ``pos`` (``cleared``: the profile's
    clearance, True for everything logged so far or the date it was given)."""
    if cleared is True or (isinstance(cleared, date) and pos[0] <= cleared):
        return True
    return any(e.clinician_clearance and (e.date, i) > pos for i, e in enumerate(history))


def active_red_flags(profile: Profile, history: Sequence[Exposure],
                     cleared: bool | date | None = None) -> tuple[str, ...]:
    """T5 red flags not yet cleared: the profile's own, and those logged in a session.

    A clearance (a later log's ``clinician_clearance``, or ``cleared``: True or the clearance date)
    lifts the flags reported before it; a new flag after it suspends again."""
    flags: list[str] = []
    if profile.red_flags and not _cleared((date.min, -1), history, cleared):
        flags.extend(profile.red_flags)
    for pos, e in zip(_positions(history), history, strict=True):
        logged = [s for s in e.symptoms if s in RED_FLAGS]
        if logged and not _cleared(pos, history, cleared):
            flags.extend(logged)
    return tuple(dict.fromkeys(flags))


def neuro_symptoms(history: Sequence[Exposure], cleared: bool | date | None = None) -> tuple[str, ...]:
    """Neurological symptoms logged and not yet cleared by a clinician (rubric P7 neuro)."""
    out: list[str] = []
    for pos, e in zip(_positions(history), history, strict=True):
        logged = [s for s in e.symptoms if s in NEURO_SYMPTOMS]
        if logged and not _cleared(pos, history, cleared):
            out.extend(logged)
    return tuple(dict.fromkeys(out))


def red_flag_referral(flags: Sequence[str]) -> Referral:
    """The T5 referral for these red flags (emergency the same day for any cauda equina sign)."""
    base = referral_for(Profile(id="log", red_flags=tuple(flags)))
    labels = "; ".join(RED_FLAG_LABELS.get(f, f.replace("_", " ")) for f in flags)
    return Referral(True, base.urgency, f"{base.message} You reported: {labels}.")


@dataclass(frozen=True)
class PainState:
    """The pain picture for one exercise (see :mod:`trainwise.domain.pain`)."""

    zone: str | None = None
    zone_detail: str = ""
    regress: bool = False
    regress_base: Exposure | None = None
    settling: bool = False
    settled: int = 0
    red_detail: str = ""


def assess_pain(profile: Profile, history: Sequence[Exposure], regions: frozenset[str], slug: str,
                settings: ProgressionSettings = DEFAULT_SETTINGS) -> PainState:
    """Zone of the latest session, whether a red report calls for a regression now (no exposure of
    the exercise since it), and how many settled sessions followed the last red one."""
    if not history:
        return PainState()
    baseline: dict[str, int] = {}
    if profile.pain is not None:
        baseline[profile.pain.region] = profile.pain.baseline_nrs
    days = [e.pain_day() for e in history]
    zones = [pn.session_zone(day, days[:i], regions, settings.pain, baseline) for i, day in enumerate(days)]
    mine = [i for i, e in enumerate(history) if e.performed and e.exercise in (None, slug)]
    reds = [i for i, z in enumerate(zones) if z.zone == pn.RED]
    latest = zones[-1]
    if not reds:
        return PainState(latest.zone, latest.detail)
    last_red = reds[-1]
    settled = len(history) - 1 - last_red
    last_mine = mine[-1] if mine else None
    regress = last_mine is None or last_mine <= last_red
    base_idx = [i for i in mine if i <= last_red]
    base = history[base_idx[-1]] if base_idx else None
    settling = not regress and settled < settings.settled_sessions
    return PainState(latest.zone, latest.detail, regress, base, settling, settled, zones[last_red].detail)


# ---------------------------------------------------------------------------- variations


def _variation(exercise: Exercise | None, links: str, profile: Profile, lookup: Lookup | None) -> Exercise | None:
    """The first linked easier (``regressions``) or harder (``progressions``) exercise the person can do
    with their equipment and that their conditions allow."""
    if exercise is None or lookup is None:
        return None
    tags, patterns = excluded_tags(profile), excluded_patterns(profile)
    for slug in exercise.regressions if links == "regressions" else exercise.progressions:
        other = lookup(slug)
        if other is not None and other.doable_with(profile.equipment) and allowed(other, profile, tags, patterns):
            return other
    return None


def _slower(tempo: str | None) -> str | None:
    """The next tempo of the ladder with more time per rep (no tempo = the rubric's 4 s rep), or None."""
    current = sum(tempo_phases(tempo) or ()) if tempo else DEFAULT_REP_SECONDS
    for step in TEMPO_LADDER:
        if sum(tempo_phases(step) or ()) > current + EPS:
            return step
    return None


def _lower_half(p: Prescription) -> tuple[int, int]:
    return p.rep_min, max(p.rep_min, (p.rep_min + p.rep_max) // 2)


# ---------------------------------------------------------------------------- the engine


@dataclass
class _Step:
    """The decision being built: lasting prescription, this session's overrides, reasons."""

    standing: Prescription
    sets: int | None = None
    reps: tuple[int, int] | None = None
    rir_add: float = 0
    reasons: list[Reason] = field(default_factory=list)
    volume_factors: list[tuple[float, bool]] = field(default_factory=list)
    """(factor, round half up): deload sets are rounded (3 -> 2), ramp sets floored (<= the factor)."""

    def say(self, code: str, detail: str) -> None:
        self.reasons.append(Reason(code, detail))


def next_prescription(profile: Profile, prescription: Prescription, exposures: Sequence[Exposure], today: date, *,
                      exercise: Exercise | None = None, lookup: Lookup | None = None,
                      settings: ProgressionSettings = DEFAULT_SETTINGS, cleared: bool | date | None = None,
                      fatigue: Fatigue | None = None) -> Decision:
    """The next prescription of one exercise.

    ``exposures``: the person's sessions up to ``today`` (see :class:`Exposure`; sessions without
    this exercise may be included and count for gaps, pain, red flags and fatigue). ``exercise``:
    the library entry (equipment, regions, variation links); ``lookup``: slug -> Exercise, to read
    variations. ``cleared``: a clinician clearance from the profile (True, or its date).
    ``fatigue``: the programme-wide P6 verdict (computed from ``exposures`` when None).
    """
    history = tuple(sorted((e for e in exposures if e.date <= today), key=lambda e: e.date))
    slug = prescription.exercise
    mine = [e for e in history if e.performed and e.exercise in (None, slug)]
    menu = load_menu(profile, exercise, prescription.region, settings, has_load=prescription.load_kg is not None)
    if prescription.load_kg is None and menu.external and mine and mine[-1].top_load:
        # An effort-only prescription (no kg) on a loadable exercise: progress from what was lifted.
        prescription = replace(prescription, load_kg=mine[-1].top_load)
    perf_e1rm = e1rm_summary(mine)
    gap = gp.gap_status((e.date for e in history if e.completed), today)
    adjust = WeekAdjustments(gap_days=gap.gap_days, gap_band=gap.band, max_sets_factor=settings.make_up_factor)

    # P8: red flags suspend everything until a clearance.
    flags = active_red_flags(profile, history, cleared)
    if flags:
        return Decision(SUSPENDED, red_flag_referral(flags), _paused(prescription), prescription,
                        (Reason("red_flag", "A red-flag symptom was reported: training is suspended, with no "
                                            "sessions, until a clinician clears you to train."),),
                        adjust, None, perf_e1rm)

    referral = referral_for(replace(profile, red_flags=()))
    cautions = sorted(set(profile.caution_flags) | {s for e in history for s in e.symptoms if s in CAUTION_FLAGS})
    if cautions and referral.urgency != "caution":
        referral = referral_for(Profile(id="log", caution_flags=tuple(cautions)))
    regions = pn.exercise_regions(exercise, prescription.region)
    pain = assess_pain(profile, history, regions, slug, settings)
    step = _Step(prescription)
    frozen = False

    # P7 neuro: stop spinal and lower-body loading, refer within days.
    neuro = neuro_symptoms(history, cleared)
    if neuro:
        referral = Referral(True, NEURO_URGENCY, NEURO_MESSAGE)
        symptoms = ", ".join(s.replace("_", " ") for s in neuro)
        if not regions or regions & pn.NEURO_STOP_REGIONS or (exercise and "heavy_axial_load" in exercise.tags):
            return Decision(ACTIVE, referral, _paused(prescription), prescription,
                            (Reason("pain_neuro", f"Nerve symptoms were logged ({symptoms}): this exercise loads the "
                                                  "spine or legs and is paused until a clinician has checked you."),),
                            adjust, pain.zone, perf_e1rm)
        step.say("pain_neuro", f"Nerve symptoms were logged ({symptoms}): this upper-body exercise continues, "
                               "without increases, until a clinician has checked you.")
        frozen = True

    changed_load = False

    # P7 red: change the next exposure, then hold until 2 settled sessions.
    if pain.regress:
        _regress(step, pain, profile, exercise, lookup, menu, settings)
        frozen = changed_load = True
    elif pain.settling:
        step.say("pain_red", f"Pain was red after an earlier session ({pain.red_detail}); {pain.settled} of "
                             f"{settings.settled_sessions} settled sessions since, so nothing goes up yet.")
        frozen = True

    # P9 / T7: returning after a gap.
    if gap.active:
        frozen = True
        changed_load |= _gap_return(step, gap, mine, menu, settings, apply_load=not pain.regress)
        adjust = replace(adjust, ramp=gap.ramp, ramp_week=gap.week if gap.ramp else None,
                         volume_factor=gap.volume_factor,
                         load_factor=gap.return_load[2] if gap.return_load and step.standing.load_kg else 1.0)
    missed_sessions = gp.missed_sessions(gap.gap_days if not gap.active else None, profile.days_per_week,
                                         profile.available_days)

    # P7 amber: no increase in load or volume.
    if pain.zone == pn.AMBER and not pain.regress:
        step.say("pain_amber", f"Amber pain ({pain.zone_detail}): load and volume stay as they are.")
        frozen = True

    # P6: deload week.
    fat = fatigue if fatigue is not None else assess_fatigue(_signals(history, prescription, settings), today,
                                                               settings)
    if fat.deload:
        factor = settings.deload_volume_factor
        step.volume_factors.append((factor, True))
        step.rir_add = max(step.rir_add, settings.deload_rir_add)
        step.say("deload", f"Deload week: {fat.detail} in the last {settings.fatigue_window_days} days. Half the "
                           f"sets and {settings.deload_rir_add} more reps in reserve, same exercises and sessions.")
        adjust = replace(adjust, deload=True, rir_add=settings.deload_rir_add,
                         volume_factor=min(adjust.volume_factor, factor))
        frozen = True

    caution_axial = bool(cautions) and exercise is not None and "heavy_axial_load" in exercise.tags
    if caution_axial:
        step.say("hold", "A caution item (see the referral) means no increase on heavy spinal loading until a "
                         "clinician has cleared it.")
        frozen = True

    # P1-P5: performance. A harder variation must not load a region whose pain is amber, or red
    # without 2 settled sessions since (P7), even when this exercise's own regions are fine.
    def settled_variation(slug: str) -> Exercise | None:
        other = lookup(slug) if lookup is not None else None
        if other is None:
            return None
        state = assess_pain(profile, history, pn.exercise_regions(other, prescription.region), other.slug, settings)
        unsettled = bool(state.red_detail) and state.settled < settings.settled_sessions
        return None if unsettled or state.zone == pn.AMBER else other

    if mine and not changed_load:
        _performance(step, mine, profile, exercise, settled_variation if lookup is not None else None, menu,
                     settings, frozen=frozen,
                     sets_limit=math.floor(prescription.sets * settings.make_up_factor) if missed_sessions else None)
    elif not mine and not step.reasons:
        step.say("hold", "No logged session of this exercise yet: start with the prescription as it is.")

    if frozen:
        _cap_to_performed(step, mine)
    else:
        _cap_jump(step, mine, menu, settings)
    if pain.zone == pn.GREEN and not pain.regress and not pain.settling:
        step.say("pain_green", f"Green pain ({pain.zone_detail}): the normal rules apply.")
    if not step.reasons:
        step.say("hold", "Keep the prescription: no rule calls for a change.")
    return Decision(ACTIVE, referral, _session(step), step.standing, _ordered(step.reasons), adjust, pain.zone,
                    perf_e1rm)


def _ordered(reasons: list[Reason]) -> tuple[Reason, ...]:
    seen: dict[str, Reason] = {}
    for r in reasons:
        seen.setdefault(r.code, r)
    return tuple(sorted(seen.values(), key=lambda r: PRIORITY.index(r.code)))


def _paused(p: Prescription) -> NextSession:
    """No sessions of this exercise: sets 0, no load (P8 red flag, P7 neuro)."""
    return NextSession(p.exercise, None, p.rep_min, p.rep_max, 0, None, p.tempo, p.hold_s, p.range_of_motion)


def _session(step: _Step) -> NextSession:
    p = step.standing
    sets = step.sets if step.sets is not None else p.sets
    for factor, rounded in step.volume_factors:
        sets = min(sets, scaled_sets(p.sets, factor, rounded=rounded))
    low, high = step.reps or (p.rep_min, p.rep_max)
    return NextSession(p.exercise, p.load_kg, low, high, sets, p.target_rir + step.rir_add, p.tempo, p.hold_s,
                       p.range_of_motion)


def scaled_sets(sets: int, factor: float, *, rounded: bool) -> int:
    """``sets x factor``, at least 1: rounded half up for a deload (3 -> 2, 0.4-0.7 x), floored for a
    return ramp (never above the factor)."""
    exact = sets * factor
    return max(1, math.floor(exact + 0.5) if rounded else math.floor(exact + EPS))


def _cap_to_performed(step: _Step, mine: Sequence[Exposure]) -> None:
    """While increases are frozen, the load is never above the one last lifted."""
    p = step.standing
    if not mine or p.load_kg is None:
        return
    done = mine[-1].top_load
    if done is not None and p.load_kg > done + EPS:
        step.standing = replace(p, load_kg=done)


def _cap_jump(step: _Step, mine: Sequence[Exposure], menu: LoadMenu, settings: ProgressionSettings) -> None:
    """P11: never more than +10 % over the load last lifted (e.g. a prescription passed back at its
    old load after a pain or gap cut)."""
    p = step.standing
    done = mine[-1].top_load if mine else None
    if p.load_kg is None or done is None or p.load_kg <= done * settings.max_increase + EPS:
        return
    heavier = menu.heavier(done)
    within = [x for x in heavier if x <= done * settings.max_increase + EPS]
    load = max(within) if within else min(heavier, default=done)
    if p.load_kg <= load + EPS:
        return  # the only step up is a big one (taken after top + 2 reps)
    step.standing = replace(p, load_kg=load)
    step.say("hold", f"The last session was done at {done:g} kg: the load goes to {load:g} kg, at most 10 % more "
                     "than what was lifted.")


def _regress(step: _Step, pain: PainState, profile: Profile, exercise: Exercise | None, lookup: Lookup | None,
             menu: LoadMenu, settings: ProgressionSettings) -> None:
    """P7 red: load <= 80 %, else an easier variation, else half the sets, else a reduced range."""
    p = step.standing
    base = pain.regress_base
    base_load = (base.top_load if base is not None else None) or p.load_kg
    if p.load_kg is not None and base_load is not None:
        base_load = min(base_load, p.load_kg)
    why = f"Red pain ({pain.red_detail})"
    if p.load_kg is not None and base_load is not None and menu.external:
        lighter = load_at_most(base_load, settings.red_load_factor, menu)
        if lighter is not None:
            step.standing = replace(p, load_kg=lighter)
            step.say("pain_red", f"{why}: load down to {lighter:g} kg ({lighter / base_load:.0%} of {base_load:g} kg); "
                                 f"nothing goes up until {settings.settled_sessions} settled sessions.")
            return
    easier = _variation(exercise, "regressions", profile, lookup)
    if easier is not None:
        easy_menu = load_menu(profile, easier, p.region, settings)
        load = None
        if easy_menu.external and base_load is not None:
            load = load_at_most(base_load, settings.red_load_factor, easy_menu)
        if not easy_menu.external or load is not None:
            step.standing = replace(p, exercise=easier.slug, load_kg=load,
                                    region=_region_kept(exercise, easier, p.region))
            step.say("pain_red", f"{why}: switch to the easier {easier.name} for now; nothing goes up until "
                                 f"{settings.settled_sessions} settled sessions.")
            return
    base_sets = len(base.working_sets) if base is not None else p.sets
    if min(base_sets, p.sets) >= 2:
        sets = min(p.sets, max(1, math.floor(min(base_sets, p.sets) * settings.red_volume_factor)))
        step.standing = replace(p, sets=sets)
        step.say("pain_red", f"{why}: half the sets ({sets}) for this region; nothing goes up until "
                             f"{settings.settled_sessions} settled sessions.")
        return
    step.standing = replace(p, range_of_motion=REDUCED)
    step.reps = (max(1, p.rep_min // 2), max(1, p.rep_max // 2))
    step.say("pain_red", f"{why}: a smaller, pain-free range of motion and half the reps; nothing goes up until "
                         f"{settings.settled_sessions} settled sessions.")


def _region_kept(original: Exercise | None, easier: Exercise, region: str | None) -> str | None:
    """The prescription region after a swap for pain: the easier exercise stays tied to the regions
    the original loaded, so it is not progressed (or swapped up) before the pain has settled."""
    lost = pn.exercise_regions(original, region) - pn.exercise_regions(easier, region)
    if not lost:
        return region
    cover = max(pn.COARSE_REGIONS, key=lambda key: (lost <= pn.expand(key), len(lost & pn.expand(key))))
    keys = [*(region.split(",") if region else ()), cover]
    return ",".join(dict.fromkeys(keys))


def _gap_return(step: _Step, gap: gp.GapStatus, mine: Sequence[Exposure], menu: LoadMenu,
                settings: ProgressionSettings, *, apply_load: bool) -> bool:
    """T7: hold or cut the load on the first session back, ramp the volume; True if the load changed."""
    p = step.standing
    days = gap.gap_days
    if gap.band == gp.MISSED_WEEK:
        step.say("gap_return", f"First session after {days} days off: no increase in load or sets today; normal "
                               "progression resumes after this session.")
        return False
    week, ramp = gap.week or 1, gap.ramp
    factor = ramp[week - 1]
    step.volume_factors.append((factor, False))
    text = f"Back after {days} days off (week {week} of a {len(ramp)}-week ramp): sets at {factor:.0%} of normal"
    changed = False
    band = gap.return_load
    if band is not None and apply_load and p.load_kg is not None and menu.external:
        before = [e for e in mine if gap.last_before_gap is None or e.date <= gap.last_before_gap]
        last = before[-1].top_load if before and before[-1].top_load else p.load_kg
        base = min(last, p.load_kg)
        low, high, aim = band
        load = load_near(base, low, high, aim, menu)
        if load is None:
            load = load_at_most(base, high, menu)
        if load is None and gap.band == gp.TWO_WEEKS:
            load = base
        if load is not None and abs(load - p.load_kg) > EPS:
            step.standing = replace(p, load_kg=load)
            changed = True
        if load is not None:
            text += f", load {load:g} kg ({load / base:.0%} of the last {base:g} kg)"
        else:
            text += ", the load stays (no lighter weight available)"
    step.say("gap_return", text + "; no load increase during the ramp.")
    return changed


def _performance(step: _Step, mine: Sequence[Exposure], profile: Profile, exercise: Exercise | None,
                 lookup: Lookup | None, menu: LoadMenu, settings: ProgressionSettings, *, frozen: bool,
                 sets_limit: int | None) -> None:
    """P1-P5 from the last two exposures of this exercise."""
    p = step.standing
    latest = mine[-1]
    previous = mine[-2] if len(mine) > 1 else None
    if _missed(latest, p):
        if previous is not None and _missed(previous, p) and _same_load(latest, previous):
            _missed_twice(step, latest, menu, settings)
        else:
            step.say("missed_reps", f"A set fell below {p.rep_min} reps: keep the same load and sets and try again.")
        return
    at_top = _at_top(latest, p)
    if at_top and _rir_high(latest, p.target_rir):
        step.say("rpe_high", f"Top of the range reached, but with fewer than {_num(p.target_rir)} reps in reserve: "
                             "keep the load until it feels easier.")
        return
    if at_top:
        twice = previous is not None and _at_top(previous, p) and _same_load(latest, previous) and \
            _rir_ok(previous, p.target_rir)
        if twice:
            code, why = "top_of_range", "Every set reached the top of the range on two sessions in a row"
        elif _rir_low(latest, p.target_rir):
            code, why = "rpe_low", f"Top of the range with {_num(p.target_rir + 2)} or more reps in reserve"
        elif settings.novice_single_exposure_increase and profile.level == "beginner":
            code, why = "top_of_range", "Top of the range once (beginner setting: one session is enough)"
        else:
            step.say("hold", "Top of the range once: one more session like this and the load goes up.")
            return
        if frozen:
            return
        _progress(step, code, why, latest, profile, exercise, lookup, menu, settings, sets_limit)
        return
    if _rir_high(latest, p.target_rir):
        step.say("rpe_high", f"Fewer than {_num(p.target_rir)} reps in reserve: keep the load and build reps.")
        return
    step.say("hold", f"Keep the load and add reps toward {p.rep_max} on every set.")


def _missed_twice(step: _Step, latest: Exposure, menu: LoadMenu, settings: ProgressionSettings) -> None:
    """P5: about -10 % (85-95 %), or one set fewer at the same load."""
    p = step.standing
    low, high, aim = settings.missed_twice
    base = min(x for x in (latest.top_load, p.load_kg) if x is not None) if p.load_kg is not None else None
    if base is not None and menu.external:
        load = load_near(base, low, high, aim, menu)
        if load is not None:
            step.standing = replace(p, load_kg=load)
            step.say("missed_reps_repeated", f"Reps missed two sessions running at {base:g} kg: down to {load:g} kg "
                                             f"({load / base:.0%}) to build back up.")
            return
    if p.sets > 1:
        step.standing = replace(p, sets=p.sets - 1)
        step.say("missed_reps_repeated", f"Reps missed two sessions running: one set fewer ({p.sets - 1}) at the "
                                         "same load.")
        return
    if base is not None and menu.external:
        lighter = menu.lighter(base)
        if lighter:
            step.standing = replace(p, load_kg=lighter[0])
            step.say("missed_reps_repeated", f"Reps missed two sessions running: down to the next lighter weight, "
                                             f"{lighter[0]:g} kg.")
            return
    step.say("missed_reps_repeated", "Reps missed two sessions running and nothing lighter is available: keep it, "
                                     "and count good reps only.")


def _progress(step: _Step, code: str, why: str, latest: Exposure, profile: Profile, exercise: Exercise | None,
              lookup: Lookup | None, menu: LoadMenu, settings: ProgressionSettings, sets_limit: int | None) -> None:
    """Go up one step: load (+2-10 %), else reps toward a big jump, else a harder variation, a set,
    a slower tempo, or reps above the range. Never load and sets together (P12)."""
    p = step.standing
    if p.range_of_motion == REDUCED:
        step.standing = replace(p, range_of_motion=FULL)
        step.say(code, f"{why}: back to the full range of motion first.")
        return
    if p.load_kg is not None and menu.external:
        large = is_large(exercise, p.region)
        new = increase_load(p.load_kg, menu, large, settings)
        if new is not None:
            step.standing = replace(p, load_kg=new)
            step.reps = _lower_half(p)
            step.say(code, f"{why}: load up to {new:g} kg (+{new / p.load_kg - 1:.1%}); reps start again at "
                           f"{step.reps[0]}-{step.reps[1]}.")
            return
        heavier = menu.heavier(p.load_kg)
        if heavier:
            jump = heavier[0]
            if _at_top(latest, p, settings.big_jump_extra_reps):
                step.standing = replace(p, load_kg=jump)
                step.reps = (p.rep_min, p.rep_min)
                step.say(code, f"{why}, {settings.big_jump_extra_reps} reps past the top on every set: the next weight, "
                               f"{jump:g} kg (+{jump / p.load_kg - 1:.0%}), is the only step up; reps start at "
                               f"{p.rep_min}.")
                return
            step.reps = (p.rep_min, p.rep_max + settings.big_jump_extra_reps)
            step.say(code, f"{why}: the next weight, {jump:g} kg, is a jump of {jump / p.load_kg - 1:.0%}, so first "
                           f"build to {p.rep_max + settings.big_jump_extra_reps} reps on every set.")
            return
    harder = _variation(exercise, "progressions", profile, lookup)
    if harder is not None:
        hard_menu = load_menu(profile, harder, p.region, settings)
        load = hard_menu.settable[0] if hard_menu.external and hard_menu.settable else None
        if not hard_menu.external or load is not None:
            step.standing = replace(p, exercise=harder.slug, load_kg=load, tempo=None)
            step.reps = _lower_half(p)
            extra = f" with {load:g} kg" if load is not None else ""
            step.say(code, f"{why}: move on to the harder {harder.name}{extra}; reps start again at "
                           f"{step.reps[0]}-{step.reps[1]}.")
            return
    cap = settings.max_sets.get(profile.level, 3)
    if sets_limit is not None:
        cap = min(cap, sets_limit)
    if p.sets + 1 <= cap:
        step.standing = replace(p, sets=p.sets + 1)
        step.say(code, f"{why}: add a set ({p.sets + 1}) at the same load.")
        return
    slower = _slower(p.tempo) if p.hold_s is None else None
    if slower is not None:
        step.standing = replace(p, tempo=slower)
        step.say(code, f"{why}: slow the tempo to {slower} (seconds down-pause-up-pause) for more time under load.")
        return
    step.reps = (p.rep_min, p.rep_max + settings.extra_reps_cap)
    step.say(code, f"{why}: no heavier option is left, so aim for up to {p.rep_max + settings.extra_reps_cap} reps.")


# ---------------------------------------------------------------------------- JSON adapter


_PRESCRIPTION_FIELDS = ("exercise", "exercise_id", "id", "name", "rep_range", "reps", "sets", "target_rir", "rir",
                        "load_kg", "region", "hold_s", "tempo", "range_of_motion", "role", "pattern")
_LOG_FIELDS = ("id", "date", "sets", "exercises", "exercise", "pain_during", "pain_next_morning", "pain_before",
               "symptoms", "clinician_clearance", "completed", "soreness", "joint_ache", "session_day", "notes",
               "unit", "plan_id")
_TOP_FIELDS = ("profile", "prescription", "logs", "today", "settings")


def _err(name: str, message: str) -> ProgressionInputError:
    return ProgressionInputError(f"field '{name}': {message}")


def _unknown(name: str, data: Mapping[str, Any], known: Sequence[str]) -> None:
    extra = sorted(str(k) for k in data if k not in known)
    if extra:
        near = difflib.get_close_matches(extra[0], list(known), n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise _err(f"{name}{extra[0]}", f"unknown field{hint}")


def _int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value) \
            or not low <= value <= high:
        raise _err(name, f"expected a whole number from {low} to {high}, got {value!r}")
    return int(value)


def _float(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise _err(name, f"expected a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _rep_range(value: Any) -> tuple[int, int]:
    if isinstance(value, Mapping):
        value = [value.get("min"), value.get("max")]
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise _err("prescription.rep_range", "expected [MIN, MAX]")
    low = _int("prescription.rep_range[0]", value[0], 1, 100)
    high = _int("prescription.rep_range[1]", value[1], 1, 100)
    if low > high:
        raise _err("prescription.rep_range", f"MIN {low} is above MAX {high}")
    return low, high


def _region(name: str, value: Any) -> str | None:
    if value is None:
        return None
    keys = []
    for part in str(value).strip().lower().split(","):  # several, as the engine writes after a pain swap
        slug = part.strip() if part.strip() in COARSE else v.REGIONS.lookup(part.strip())
        if slug is None:
            raise _err(name, f"'{value}' is not upper, lower, trunk or a body region ({', '.join(v.REGIONS.slugs)})")
        keys.append(slug)
    return ",".join(keys)


def _resolve(raw: Any, lookup: Lookup | None, suggest: Callable[[str], list[str]] | None) -> tuple[str, Exercise | None]:
    if not isinstance(raw, str) or not raw.strip():
        raise _err("prescription.exercise", "is required (an exercise slug)")
    text = raw.strip()
    if lookup is None:
        return text, None
    found = lookup(text)
    if found is None:
        near = suggest(text) if suggest else []
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise _err("prescription.exercise", f"unknown exercise '{text}'{hint}")
    return found.slug, found


def prescription_from_dict(data: Any, lookup: Lookup | None = None,
                           suggest: Callable[[str], list[str]] | None = None) -> tuple[Prescription, Exercise | None]:
    """Validate the contract's ``prescription`` object (the engine's ``prescription`` output reads back too)."""
    if not isinstance(data, Mapping):
        raise _err("prescription", "expected an object with exercise, rep_range, sets, target_rir, load_kg")
    _unknown("prescription.", data, _PRESCRIPTION_FIELDS)
    slug, exercise = _resolve(data.get("exercise", data.get("exercise_id", data.get("id"))), lookup, suggest)
    if "rep_range" not in data and "reps" not in data:
        raise _err("prescription.rep_range", "is required ([MIN, MAX])")
    low, high = _rep_range(data.get("rep_range", data.get("reps")))
    if "sets" not in data:
        raise _err("prescription.sets", "is required")
    sets = _int("prescription.sets", data["sets"], 1, 20)
    rir_raw = data.get("target_rir", data.get("rir"))
    if rir_raw is None:
        raise _err("prescription.target_rir", "is required (reps in reserve, 0-10)")
    rir = _float("prescription.target_rir", rir_raw, 0, 10)
    load_raw = data.get("load_kg")
    load = None if load_raw is None else _float("prescription.load_kg", load_raw, 0, 1000) or None
    hold = data.get("hold_s")
    tempo = data.get("tempo")
    if tempo is not None and tempo_phases(tempo) is None:
        raise _err("prescription.tempo", f"expected a tempo such as '3-0-1-0', got {tempo!r}")
    rom = str(data.get("range_of_motion") or FULL)
    if rom not in (FULL, REDUCED):
        raise _err("prescription.range_of_motion", "expected 'full' or 'reduced'")
    return Prescription(slug, low, high, sets, rir, load, _region("prescription.region", data.get("region")),
                        None if hold is None else _float("prescription.hold_s", hold, 1, 600),
                        None if tempo is None else str(tempo), rom), exercise


def _rep_floor(name: str, entry: Mapping[str, Any]) -> int | None:
    """The bottom of another exercise's rep range (``rep_min``, ``rep_range`` or ``reps``), if given."""
    if entry.get("rep_min") is not None:
        return _int(f"{name}.rep_min", entry["rep_min"], 1, 100)
    value = entry.get("rep_range", entry.get("reps"))
    return _rep_range(value)[0] if isinstance(value, Mapping | list | tuple) else None


def exposure_from_dict(data: Any, index: int, slug: str) -> Exposure:
    """Validate one log of the contract: this exercise's ``sets`` (or an ``exercises`` list as in the
    rubric's §0.2 log; ``exercise`` names another exercise the ``sets`` belong to), pain as a number (this exercise's region) or ``{REGION: N}``, symptom codes,
    ``clinician_clearance``, ``completed``, a numeric ``soreness``/``joint_ache`` (0-10)."""
    name = f"logs[{index}]"
    if not isinstance(data, Mapping):
        raise _err(name, "expected an object with date and sets")
    _unknown(f"{name}.", data, _LOG_FIELDS)
    try:
        if "date" not in data:
            raise _err(f"{name}.date", "is required")
        when = parse_date("date", data["date"])
        unit = "lb" if str(data.get("unit") or "kg").lower().startswith("lb") else "kg"
        sets_raw: Any = data.get("sets")
        missed: list[str] = []
        entries = data.get("exercises") or []
        if not isinstance(entries, list):
            raise _err(f"{name}.exercises", "expected a list")
        for j, entry in enumerate(entries):
            ename = f"{name}.exercises[{j}]"
            if not isinstance(entry, Mapping):
                raise _err(ename, "expected an object with exercise and sets")
            other = entry.get("exercise", entry.get("id"))
            if not isinstance(other, str) or not other:
                raise _err(f"{ename}.exercise", "is required")
            raw = entry.get("sets") or []
            if not isinstance(raw, list):
                raise _err(f"{ename}.sets", "expected a list")
            parsed = [parse_set(s, f"exercises[{j}].sets[{k}]", unit) for k, s in enumerate(raw)]
            if _same_slug(other, slug):
                if sets_raw is None:
                    sets_raw = raw
                continue
            floor = _rep_floor(ename, entry)
            if entry.get("missed") is True or (floor is not None and any(
                    s.is_working and s.reps is not None and s.reps < floor for s in parsed)):
                missed.append(other)
        if sets_raw is None:
            sets_raw = []
        if not isinstance(sets_raw, list):
            raise _err(f"{name}.sets", "expected a list of sets")
        sets = tuple(parse_set(s, f"sets[{k}]", unit) for k, s in enumerate(sets_raw))
        soreness = [_int(f"{name}.{k}", data[k], 0, 10) for k in ("soreness", "joint_ache") if data.get(k) is not None]
        clearance = data.get("clinician_clearance", False)
        if not isinstance(clearance, bool):
            raise _err(f"{name}.clinician_clearance", "expected true or false")
        completed = data.get("completed", True)
        if not isinstance(completed, bool):
            raise _err(f"{name}.completed", "expected true or false")
        owner = data.get("exercise")
        if owner is not None and (not isinstance(owner, str) or not owner.strip()):
            raise _err(f"{name}.exercise", "expected an exercise slug")
        return Exposure(
            date=when, sets=sets, exercise=None if owner is None or _same_slug(owner, slug) else owner.strip(),
            pain_during=parse_pain("pain_during", data.get("pain_during"), GENERAL_REGION),
            pain_next_morning=parse_pain("pain_next_morning", data.get("pain_next_morning"), GENERAL_REGION),
            pain_before=parse_pain("pain_before", data.get("pain_before"), GENERAL_REGION),
            symptoms=parse_symptoms(data.get("symptoms")), clinician_clearance=clearance, completed=completed,
            soreness=max(soreness) if soreness else None, missed_elsewhere=tuple(sorted(set(missed))),
        )
    except LogError as exc:
        message = str(exc).replace("log field '", f"field '{name}.", 1)
        raise ProgressionInputError(message) from None


def _same_slug(a: str, b: str) -> bool:
    return a.strip().lower().replace("_", "-") == b.strip().lower().replace("_", "-")


def _clearance(value: Any) -> bool | date | None:
    if value is None or value is False:
        return None
    if value is True:
        return True
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _err("profile.clinician_clearance", "expected true, false or a date YYYY-MM-DD") from None


def progress_from_json(data: Any, lookup: Lookup | None = None, *,
                       suggest: Callable[[str], list[str]] | None = None,
                       settings: ProgressionSettings = DEFAULT_SETTINGS) -> dict[str, Any]:
    """Run the engine on the CLI contract input and return the contract output.

    Input: ``{"profile", "prescription", "logs", "today"}`` (see the README, "Progression").
    ``lookup`` resolves the exercise (None: no library, equipment and variations unknown);
    ``suggest`` offers near slugs for an unknown one. Bad input raises ProgressionInputError."""
    if not isinstance(data, Mapping):
        raise ProgressionInputError("the input must be a JSON object with profile, prescription, logs and today")
    _unknown("", data, _TOP_FIELDS)
    raw_profile = data.get("profile")
    if not isinstance(raw_profile, Mapping):
        raise _err("profile", "is required (an object; see examples/profiles/)")
    profile_data = {k: val for k, val in raw_profile.items() if k != "clinician_clearance"}
    cleared = _clearance(raw_profile.get("clinician_clearance"))
    try:
        profile = profile_from_dict(profile_data)
    except ProfileError as exc:
        raise ProgressionInputError(str(exc)) from None
    if "prescription" not in data:
        raise _err("prescription", "is required")
    prescription, exercise = prescription_from_dict(data["prescription"], lookup, suggest)
    if "today" not in data:
        raise _err("today", "is required (YYYY-MM-DD)")
    try:
        today = parse_date("today", data["today"])
    except LogError:
        raise _err("today", f"expected a date YYYY-MM-DD, got {data['today']!r}") from None
    logs = data.get("logs", [])
    if not isinstance(logs, list):
        raise _err("logs", "expected a list of logs")
    exposures = [exposure_from_dict(item, i, prescription.exercise) for i, item in enumerate(logs)]
    for i, e in enumerate(exposures):
        if e.date > today:
            raise _err(f"logs[{i}].date", f"{e.date.isoformat()} is after today ({today.isoformat()})")
    overrides = data.get("settings")
    if overrides is not None:
        settings = _settings(overrides, settings)
    decision = next_prescription(profile, prescription, exposures, today, exercise=exercise, lookup=lookup,
                                 settings=settings, cleared=cleared)
    return decision.to_dict()


def _settings(raw: Any, base: ProgressionSettings) -> ProgressionSettings:
    """The few settings the JSON input may change: pain thresholds and the novice flag."""
    if not isinstance(raw, Mapping):
        raise _err("settings", "expected an object")
    _unknown("settings.", raw, ("green_max", "amber_max", "novice_single_exposure_increase"))
    green = _int("settings.green_max", raw.get("green_max", base.pain.green_max), 0, 9)
    amber = _int("settings.amber_max", raw.get("amber_max", base.pain.amber_max), 1, 10)
    if green >= amber:
        raise _err("settings", "green_max must be below amber_max")
    novice = raw.get("novice_single_exposure_increase", base.novice_single_exposure_increase)
    if not isinstance(novice, bool):
        raise _err("settings.novice_single_exposure_increase", "expected true or false")
    return replace(base, pain=pn.PainThresholds(green, amber), novice_single_exposure_increase=novice)
