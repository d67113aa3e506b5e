"""Numbers and formulas of the training rubric (training-rubric.md), shared by validator and generator.

Tables T1 (prescription per exercise) and T2 (weekly hard sets), the HOUSE constants, and the
formulas: estimated session minutes, hard sets and weekly volume V(m), maxReps and the loads a
person's equipment can actually produce. Pure functions on the plan JSON of docs/plan-format.md;
standard library only. Numbers labelled ``# HOUSE`` are our choice, not the literature's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.profile import DAYS, EquipmentSpecs, Profile

JSON = Mapping[str, Any]

# --------------------------------------------------------------------------- vocabulary of the rubric

WORKING_ROLES = frozenset({"main", "accessory"})
ROLES = ("main", "accessory", "trunk_endurance", "rehab", "balance", "aerobic")
RUBRIC_PATTERNS = (
    "knee_dominant", "hip_dominant", "upper_push_horizontal", "upper_push_vertical", "upper_pull_horizontal",
    "upper_pull_vertical", "trunk_anti_extension", "trunk_anti_lateral_flexion", "trunk_anti_rotation", "carry",
    "balance", "aerobic", "mobility", "isolation_upper", "isolation_lower",
)
LOAD_TYPES = ("pct_1rm", "absolute_kg", "bodyweight", "band", "rpe_only")
#: Patterns whose sets are never hard sets (rubric §0.3).
NON_HARD_PATTERNS = frozenset({"balance", "mobility", "aerobic"})
MAJOR_MUSCLE_GROUPS = v.MAJOR_MUSCLE_GROUPS
MINOR_MUSCLE_GROUPS = ("biceps", "triceps", "calves")
PRIMARY_WEIGHT = 1.0
SECONDARY_WEIGHT = 0.5
HARD_SET_MAX_RIR = 4
HARD_SET_MIN_RPE = 6

#: Pattern families of R22; an upper_push_* requirement is met by either push pattern.
PATTERN_FAMILIES: Mapping[str, tuple[str, ...]] = {
    "knee_dominant": ("knee_dominant",),
    "hip_dominant": ("hip_dominant",),
    "upper_push": ("upper_push_horizontal", "upper_push_vertical"),
    "upper_pull": ("upper_pull_horizontal", "upper_pull_vertical"),
    "trunk": ("trunk_anti_extension", "trunk_anti_lateral_flexion", "trunk_anti_rotation"),
}
#: The pattern families that train each major group; a group loses its T2 floor only when all
#: of its families are flagged ``pattern_unavailable`` (our reading of "excluded by a condition").
GROUP_FAMILIES: Mapping[str, tuple[str, ...]] = {
    "quadriceps": ("knee_dominant",), "hamstrings": ("hip_dominant",), "glutes": ("hip_dominant", "knee_dominant"),
    "chest": ("upper_push",), "shoulders": ("upper_push", "upper_pull"), "upper_back": ("upper_pull",),
    "trunk": ("trunk",),
}


def pattern_family(pattern: str) -> str | None:
    """The R22 family of a pattern (``upper_push_vertical`` -> ``upper_push``), or None."""
    return next((name for name, members in PATTERN_FAMILIES.items() if pattern in members), None)


def unavailable_families(flags: Iterable[str]) -> frozenset[str]:
    """Pattern families excused by ``pattern_unavailable:<name>`` flags.

    ``<name>`` may be a family (``upper_push``, ``upper_push_*``, ``trunk_anti_*``) or a pattern; a
    family is excused when the flag names it or flags name every pattern of it.
    """
    names = {f.split(":", 1)[1].strip().rstrip("*").rstrip("_") for f in flags if f.startswith("pattern_unavailable:")}
    out = set()
    for family, members in PATTERN_FAMILIES.items():
        if family in names or (family == "trunk" and "trunk_anti" in names) or all(m in names for m in members):
            out.add(family)
    return frozenset(out)


# --------------------------------------------------------------------------- reading the plan JSON


def as_number(value: Any) -> float | None:
    """``value`` as a float when it is a JSON number (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def as_mapping(value: Any) -> JSON:
    """``value`` when it is an object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else an empty list."""
    return list(value) if isinstance(value, list | tuple) else []


def plan_weeks(plan: JSON) -> list[JSON]:
    """The week objects of a plan."""
    return [w for w in as_list(plan.get("weeks")) if isinstance(w, Mapping)]


def week_number(week: JSON, index: int) -> int:
    """The 1-based number of a week (its ``week`` field, else its position)."""
    number = as_number(week.get("week"))
    return int(number) if number is not None else index + 1


def week_sessions(week: JSON) -> list[JSON]:
    """The session objects of a week."""
    return [s for s in as_list(week.get("sessions")) if isinstance(s, Mapping)]


def session_exercises(session: JSON) -> list[JSON]:
    """The exercises of a session in their ``order`` (list order breaks ties)."""
    items = [e for e in as_list(session.get("exercises")) if isinstance(e, Mapping)]
    return sorted(items, key=lambda e: as_number(e.get("order")) or 0.0)


def day_index(day: Any) -> int | None:
    """0 for "mon" ... 6 for "sun"; None for anything else."""
    return DAYS.index(day) if isinstance(day, str) and day in DAYS else None


def role(ex: JSON) -> str:
    """The exercise's role ("" when missing)."""
    return str(ex.get("role") or "")


def is_working(ex: JSON) -> bool:
    """A working exercise in the T1 sense: role main or accessory."""
    return role(ex) in WORKING_ROLES


def set_count(ex: JSON) -> int:
    """Working sets of an exercise (0 when missing)."""
    number = as_number(ex.get("sets"))
    return int(number) if number is not None else 0


def rep_range(ex: JSON) -> tuple[int, int] | None:
    """``(reps.min, reps.max)``, or None when reps are not given."""
    reps = as_mapping(ex.get("reps"))
    low, high = as_number(reps.get("min")), as_number(reps.get("max"))
    if low is None and high is None:
        return None
    low = high if low is None else low
    high = low if high is None else high
    assert low is not None and high is not None
    return int(low), int(high)


def hold_seconds(ex: JSON) -> float | None:
    """Seconds per hold (or duration) when the exercise is a hold, else None."""
    hold = as_number(ex.get("hold_s"))
    return hold if hold is not None and hold > 0 else None


def load_of(ex: JSON) -> JSON:
    """The load object of an exercise."""
    return as_mapping(ex.get("load"))


def load_type(ex: JSON) -> str:
    """The load type ("" when missing)."""
    return str(load_of(ex).get("type") or "")


def load_kg(ex: JSON) -> float | None:
    """The absolute load in kg, when the load type is ``absolute_kg``."""
    return as_number(load_of(ex).get("value")) if load_type(ex) == "absolute_kg" else None


def pct_1rm(ex: JSON) -> float | None:
    """The load as a fraction of 1RM (from a ``pct_1rm`` load or ``load.pct_1rm``), else None.

    Values above 1.5 are read as percentages (75 -> 0.75), smaller ones as fractions.
    """
    load = load_of(ex)
    value = as_number(load.get("value")) if load.get("type") == "pct_1rm" else None
    if value is None:
        value = as_number(load.get("pct_1rm"))
    if value is None or value <= 0:
        return None
    return value / 100 if value > 1.5 else value


def target_rir(ex: JSON) -> float | None:
    """The planned reps in reserve: ``rir``, else ``10 - rpe``, else None."""
    rir = as_number(ex.get("rir"))
    if rir is not None:
        return rir
    rpe = as_number(ex.get("rpe"))
    return 10 - rpe if rpe is not None else None


def equipment_of(ex: JSON) -> list[str]:
    """Equipment slugs of an exercise, aliases resolved ("floor" -> "bodyweight")."""
    return [v.EQUIPMENT.lookup(str(e)) or str(e) for e in as_list(ex.get("equipment"))]


def tags_of(ex: JSON) -> frozenset[str]:
    """Tags of an exercise."""
    return frozenset(str(t) for t in as_list(ex.get("tags")))


def muscles_of(ex: JSON, kind: str) -> list[str]:
    """``muscles.primary`` or ``muscles.secondary`` of an exercise."""
    return [str(m) for m in as_list(as_mapping(ex.get("muscles")).get(kind))]


def is_externally_loaded(ex: JSON) -> bool:
    """True when the exercise moves an external load (weights, machine, band), not body weight only."""
    kind = load_type(ex)
    if kind in ("pct_1rm", "band"):
        return True
    if kind == "absolute_kg":
        return (load_kg(ex) or 0) > 0
    if kind == "rpe_only":
        return any(str(v.EQUIPMENT.get(e).facts.get("kind")) in ("free_weight", "machine")
                   for e in equipment_of(ex) if e in v.EQUIPMENT)
    return False


def is_free_weight(ex: JSON) -> bool:
    """True when the exercise uses free weights (barbell, dumbbells, kettlebells, ...)."""
    return any(e in v.EQUIPMENT and v.EQUIPMENT.get(e).facts.get("kind") == "free_weight" for e in equipment_of(ex))


# --------------------------------------------------------------------------- muscles and hard sets


def muscle_group(muscle: str) -> str | None:
    """The rubric group of a muscle slug: a major group, a minor group (biceps/triceps/calves) or None."""
    if muscle in MAJOR_MUSCLE_GROUPS or muscle in MINOR_MUSCLE_GROUPS:
        return muscle
    slug = muscle if muscle in v.MUSCLES else v.MUSCLES.lookup(muscle)
    if slug is None:
        return None
    group = v.MUSCLES.get(slug).facts.get("rubric_group")
    if isinstance(group, str):
        return group
    return slug if slug in MINOR_MUSCLE_GROUPS else None


def exercise_groups(ex: JSON) -> dict[str, float]:
    """Rubric group -> weight for one exercise (1.0 primary, 0.5 secondary; each group counted once)."""
    out: dict[str, float] = {}
    for kind, weight in (("primary", PRIMARY_WEIGHT), ("secondary", SECONDARY_WEIGHT)):
        for muscle in muscles_of(ex, kind):
            group = muscle_group(muscle)
            if group is not None:
                out[group] = max(out.get(group, 0.0), weight)
    return out


def maxreps_mid(p: float) -> float:
    """The mean of the Epley and Brzycki maxReps at fraction ``p`` of 1RM."""
    epley, brzycki = max_reps(p)
    return (epley + brzycki) / 2


def is_hard(ex: JSON) -> bool:
    """True when the exercise's working sets are hard sets (rubric §0.3).

    Only main/accessory exercises outside balance/mobility/aerobic patterns qualify. The test is
    RIR <= 4 (or RPE >= 6); with only %1RM, ``reps.max >= maxReps_mid(p) - 4``. A working
    exercise with no effort target at all is counted as hard (it fails R7 anyway).
    """
    if not is_working(ex) or str(ex.get("pattern")) in NON_HARD_PATTERNS:
        return False
    rir = as_number(ex.get("rir"))
    if rir is not None:
        return rir <= HARD_SET_MAX_RIR
    rpe = as_number(ex.get("rpe"))
    if rpe is not None:
        return rpe >= HARD_SET_MIN_RPE
    p, reps = pct_1rm(ex), rep_range(ex)
    if p is not None and reps is not None and p <= 1:
        return reps[1] >= maxreps_mid(p) - HARD_SET_MAX_RIR
    return True


def hard_sets(ex: JSON) -> int:
    """Hard sets of one exercise (its sets when hard, else 0; ramp sets never count)."""
    return set_count(ex) if is_hard(ex) else 0


def _exercises_in(session_or_week: JSON) -> list[JSON]:
    if "sessions" in session_or_week:
        return [ex for s in week_sessions(session_or_week) for ex in session_exercises(s)]
    return session_exercises(session_or_week)


def hard_sets_by_group(session_or_week: JSON, *, any_effort: bool = False) -> dict[str, float]:
    """Fractional hard sets per rubric group of a session or a week (all major groups present).

    ``any_effort`` counts every working set whatever its RIR (used to compare deload volume,
    where RIR + 2 may lift sets past the RIR <= 4 hard-set line).
    """
    out = dict.fromkeys(MAJOR_MUSCLE_GROUPS, 0.0)
    for ex in _exercises_in(session_or_week):
        if any_effort:
            count = set_count(ex) if is_working(ex) and str(ex.get("pattern")) not in NON_HARD_PATTERNS else 0
        else:
            count = hard_sets(ex)
        for group, weight in exercise_groups(ex).items() if count else ():
            out[group] = out.get(group, 0.0) + count * weight
    return out


def weekly_volume(week: JSON) -> dict[str, float]:
    """V(m): fractional weekly hard sets per rubric group of one week."""
    return hard_sets_by_group(week)


# --------------------------------------------------------------------------- maxReps


def max_reps(p: float) -> tuple[float, float]:
    """(Epley, Brzycki) maximum reps at fraction ``p`` (0 < p <= 1) of 1RM: ``30(1/p - 1)``, ``37 - 36p``."""
    if not 0 < p <= 1:
        raise ValueError(f"p must be a fraction of 1RM in (0, 1], got {p}")
    return 30 * (1 / p - 1), 37 - 36 * p


FEASIBLE_BAND_MARGIN = 2


def feasible_band(p: float) -> tuple[float, float]:
    """The feasible reps-to-failure band at fraction ``p`` of 1RM: ``[min(E, B) - 2, max(E, B) + 2]``."""
    epley, brzycki = max_reps(p)
    return min(epley, brzycki) - FEASIBLE_BAND_MARGIN, max(epley, brzycki) + FEASIBLE_BAND_MARGIN


# --------------------------------------------------------------------------- estimated session minutes

DEFAULT_REP_SECONDS = 4.0  # HOUSE: a rep without a tempo
SET_UP_SECONDS = 5.0  # HOUSE: set-up time per set
TRANSITION_LOADED_SECONDS = 60.0  # HOUSE: T for free weights, machines, bands
TRANSITION_BODYWEIGHT_SECONDS = 30.0  # HOUSE: T for body-weight exercises
SUPERSET_SWITCH_SECONDS = 15.0  # HOUSE: moving from one superset exercise to the next
RAMP_SET_SECONDS = 45.0  # HOUSE: one ramp (warm-up) set
EXPLOSIVE_PHASE_SECONDS = 1.0  # HOUSE: an "X" (explosive) tempo phase


def tempo_phases(tempo: Any) -> list[float] | None:
    """Seconds of each phase of a tempo such as "3-0-1-0" or "31X0" ("X" = explosive); None if unreadable."""
    if not isinstance(tempo, str) or not tempo.strip():
        return None
    phases = _tempo_phases(tempo)
    return list(phases) if phases else None


@lru_cache(maxsize=256)
def _tempo_phases(tempo: str) -> tuple[float, ...]:
    """Parsed tempo phases (empty when unreadable); plans use a handful of tempos, parsed once."""
    parts = tempo.strip().split("-") if "-" in tempo else list(tempo.strip())
    out: list[float] = []
    for part in parts:
        part = part.strip().lower()
        if part == "x":
            out.append(EXPLOSIVE_PHASE_SECONDS)
        elif re.fullmatch(r"\d+(\.\d+)?", part):
            out.append(float(part))
        else:
            return ()
    return tuple(out)


def rep_seconds(ex: JSON) -> float:
    """Seconds per rep: the hold for holds, else the sum of the tempo digits (default 4 s)."""
    hold = hold_seconds(ex)
    if hold is not None:
        return hold
    phases = tempo_phases(ex.get("tempo"))
    return sum(phases) if phases else DEFAULT_REP_SECONDS


def set_seconds(ex: JSON) -> float:
    """``rep_max x rep_s + 5``; a pure duration (no reps) is one rep of ``hold_s``."""
    reps = rep_range(ex)
    return (reps[1] if reps else 1) * rep_seconds(ex) + SET_UP_SECONDS


def transition_seconds(ex: JSON) -> float:
    """T of the formula: 30 s for body-weight exercises, 60 s for everything with an external load."""
    kind = load_type(ex)
    if kind == "bodyweight" or (not kind and set(equipment_of(ex)) <= v.ALWAYS_AVAILABLE):
        return TRANSITION_BODYWEIGHT_SECONDS
    return TRANSITION_LOADED_SECONDS


def rest_seconds(ex: JSON) -> float:
    """Planned rest between sets (0 when missing)."""
    return as_number(ex.get("rest_s")) or 0.0


def exercise_seconds(ex: JSON) -> float:
    """``sets x set_s + (sets - 1) x rest_s + T`` for one exercise outside a superset."""
    sets = max(set_count(ex), 1)
    return sets * set_seconds(ex) + (sets - 1) * rest_seconds(ex) + transition_seconds(ex)


def superset_seconds(members: Iterable[JSON]) -> float:
    """``rounds x (set_s_A + 15 + set_s_B) + (rounds - 1) x rest_s + T`` for a superset.

    Generalised to any number of members and unequal sets: a round holds every member that still
    has a set left; rest and T are the largest of the members'.
    """
    group = list(members)
    rounds = max(max(set_count(ex), 1) for ex in group)
    total = 0.0
    for round_no in range(rounds):
        active = [ex for ex in group if max(set_count(ex), 1) > round_no]
        total += sum(set_seconds(ex) for ex in active) + SUPERSET_SWITCH_SECONDS * (len(active) - 1)
    rest = max(rest_seconds(ex) for ex in group)
    return total + (rounds - 1) * rest + max(transition_seconds(ex) for ex in group)


def block_minutes(block: Any) -> float:
    """Minutes of a warm-up or cool-down block: its ``minutes``, else the sum of its items'."""
    data = as_mapping(block)
    minutes = as_number(data.get("minutes"))
    if minutes is not None:
        return minutes
    return sum(as_number(as_mapping(item).get("minutes")) or 0.0 for item in as_list(data.get("items")))


def superset_groups(session: JSON) -> list[list[JSON]]:
    """The session's exercises as execution units: each superset together, the rest alone."""
    units: list[list[JSON]] = []
    by_group: dict[str, list[JSON]] = {}
    for ex in session_exercises(session):
        key = ex.get("superset_group")
        if key is None or key == "":
            units.append([ex])
        elif str(key) in by_group:
            by_group[str(key)].append(ex)
        else:
            by_group[str(key)] = [ex]
            units.append(by_group[str(key)])
    return units


def estimate_session_minutes(session: JSON) -> float:
    """Estimated minutes of a session (rubric §0.3 HOUSE formula, used by R4).

    ``warm-up + cool-down + sum(exercise_s or superset_s) / 60 + 45 s per ramp set``.
    """
    seconds = 0.0
    for unit in superset_groups(session):
        seconds += exercise_seconds(unit[0]) if len(unit) == 1 else superset_seconds(unit)
    ramps = sum(len(as_list(ex.get("ramp_sets"))) for ex in session_exercises(session))
    seconds += ramps * RAMP_SET_SECONDS
    return block_minutes(session.get("warmup")) + block_minutes(session.get("cooldown")) + seconds / 60


# --------------------------------------------------------------------------- loads the equipment can produce

STANDARD_PLATES_KG = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)
MAX_BARBELL_LOAD_KG = 500.0  # HOUSE: largest barbell load listed by possible_loads
LOADABLE_EQUIPMENT = ("dumbbells", "kettlebells", "barbell", "weight_plate")
_CENTI = 100


def plates_of(profile: Profile) -> tuple[float, ...]:
    """The plates a person can use: ``plates_kg``, else the standard plates >= ``smallest_plate_kg``.

    With neither given, the standard plates are assumed only for a declared barbell.
    """
    return _plates(profile.equipment_specs)


def _plates(specs: EquipmentSpecs) -> tuple[float, ...]:
    if specs.plates_kg:
        return tuple(sorted(specs.plates_kg, reverse=True))
    smallest = specs.smallest_plate_kg
    if smallest is None and specs.barbell_kg is None:
        return ()
    return tuple(p for p in STANDARD_PLATES_KG if smallest is None or p >= smallest - 1e-9)


@lru_cache(maxsize=64)
def _side_sums(plates_centi: tuple[int, ...], limit_centi: int) -> tuple[int, ...]:
    """All loads per side (in 1/100 kg) buildable from unlimited copies of the plates."""
    reachable = [False] * (limit_centi + 1)
    reachable[0] = True
    for plate in plates_centi:
        for total in range(plate, limit_centi + 1):
            if reachable[total - plate]:
                reachable[total] = True
    return tuple(i for i, ok in enumerate(reachable) if ok)


def possible_loads(profile: Profile, equipment: str | Iterable[str]) -> list[float]:
    """Sorted kg loads that ``equipment`` (a slug or several) can be set to with the person's specs.

    Dumbbells and kettlebells: the listed masses (the load of one implement). Barbell:
    ``barbell_kg + 2 x (any sum of plates)``, up to 500 kg. Weight plate: a single plate. Anything
    else (machines, EZ bar, medicine ball, or missing specs) has no settable absolute load: [].
    """
    slugs = (equipment,) if isinstance(equipment, str) else tuple(equipment)
    return list(_possible_loads(profile.equipment_specs, slugs))


@lru_cache(maxsize=512)
def _possible_loads(specs: EquipmentSpecs, slugs: tuple[str, ...]) -> tuple[float, ...]:
    """possible_loads for hashable specs (the generator asks for the same ones many times)."""
    loads: set[float] = set()
    for raw in slugs:
        slug = v.EQUIPMENT.lookup(raw) or raw
        if slug == "dumbbells":
            loads.update(specs.dumbbells_kg)
        elif slug == "kettlebells":
            loads.update(specs.kettlebells_kg)
        elif slug == "weight_plate":
            loads.update(_plates(specs))
        elif slug == "barbell" and specs.barbell_kg is not None:
            plates = tuple(round(p * _CENTI) for p in _plates(specs) if p > 0)
            limit = round((MAX_BARBELL_LOAD_KG - specs.barbell_kg) / 2 * _CENTI)
            sums = _side_sums(plates, max(limit, 0)) if plates else (0,)
            loads.update(round(specs.barbell_kg + 2 * side / _CENTI, 2) for side in sums)
    return tuple(sorted(loads))


def load_is_settable(profile: Profile, equipment: Iterable[str], kg: float) -> bool:
    """True when ``kg`` is one of the possible loads of any of ``equipment``."""
    return any(abs(load - kg) < 1e-6 for load in possible_loads(profile, equipment))


# --------------------------------------------------------------------------- T1: prescription per exercise

SETS_PERMISSIVE_MARGIN = 1  # HOUSE: T1 gives one set range; the permissive (MUST) band is 1 .. strict max + 1


@dataclass(frozen=True)
class ShareRule:
    """A week-level strict (SHOULD) rule: at least ``min_share`` of the sets of ``roles`` have reps in ``reps``."""

    roles: frozenset[str]
    reps: tuple[int, int]
    min_share: float
    text: str


@dataclass(frozen=True)
class T1Row:
    """One row of rubric table T1. Ranges are inclusive (low, high); %1RM in percent."""

    name: str
    sets_main: tuple[int, int]
    sets_accessory: tuple[int, int]
    reps_main: tuple[int, int]  # strict (SHOULD)
    reps_accessory: tuple[int, int]  # strict (SHOULD)
    reps_permissive: tuple[int, int]  # MUST
    pct: tuple[float, float]
    rir: tuple[int, int]
    rest_main: tuple[int, int]
    rest_accessory: tuple[int, int]
    high_reps_rule: tuple[int, int] | None = None  # (reps above, allowed only at RIR <= ...)
    compound_rest_min: int | None = None
    rest_by_reps: bool = False
    share: ShareRule | None = None

    def sets_strict(self, exercise_role: str) -> tuple[int, int]:
        """The strict set range for a role."""
        return self.sets_main if exercise_role == "main" else self.sets_accessory

    def sets_permissive(self, exercise_role: str) -> tuple[int, int]:
        """The permissive set range for a role (1 .. strict max + margin)."""
        return 1, self.sets_strict(exercise_role)[1] + SETS_PERMISSIVE_MARGIN

    def reps_strict(self, exercise_role: str) -> tuple[int, int]:
        """The strict rep range for a role."""
        return self.reps_main if exercise_role == "main" else self.reps_accessory

    def rest_band(self, ex: JSON) -> tuple[int, int]:
        """The strict rest band (s) for an exercise of this row."""
        low, high = self.rest_main if role(ex) == "main" else self.rest_accessory
        if self.rest_by_reps:  # endurance: <= 60 s for 10-15 reps, 60-120 s for >= 15 reps
            reps = rep_range(ex) or (10, 15)
            low, high = (30, 60) if reps[1] <= 15 else (60, 120) if reps[0] >= 15 else (30, 120)
        if self.compound_rest_min is not None and ex.get("joint") == "multi":
            low = max(low, self.compound_rest_min)
        return low, high


_MAIN = frozenset({"main"})
_WORK = WORKING_ROLES
_HIGH_REPS_HYPERTROPHY = (12, 3)  # hypertrophy reps above 12 only with RIR <= 3

T1: Mapping[tuple[str, str], T1Row] = {
    ("strength", "beginner"): T1Row(
        "strength / novice", (1, 3), (1, 3), (8, 12), (8, 12), (6, 15), (60, 70), (2, 4), (120, 180), (60, 120)),
    ("strength", "intermediate"): T1Row(
        "strength / intermediate", (2, 5), (2, 4), (3, 12), (3, 12), (1, 15), (65, 90), (1, 3), (120, 300),
        (60, 120), share=ShareRule(_MAIN, (1, 6), 1 / 3, "at least 1/3 of main-lift sets at <= 6 reps")),
    ("strength", "advanced"): T1Row(
        "strength / advanced", (3, 6), (2, 4), (1, 12), (6, 12), (1, 12), (70, 100), (0, 3), (180, 300),
        (60, 180), share=ShareRule(_MAIN, (1, 6), 0.5, "at least 50 % of main-lift sets at 1-6 reps")),
    ("hypertrophy", "beginner"): T1Row(
        "hypertrophy / novice", (1, 3), (1, 3), (8, 12), (8, 12), (6, 20), (60, 85), (1, 3), (60, 120), (60, 120),
        high_reps_rule=_HIGH_REPS_HYPERTROPHY, compound_rest_min=90),
    # "6-12 (>= 60 % of sets)": strict per exercise = permissive; the 60 % is a week-level share.
    ("hypertrophy", "intermediate"): T1Row(
        "hypertrophy / intermediate", (2, 4), (2, 4), (5, 30), (5, 30), (5, 30), (50, 85), (0, 3), (60, 180),
        (60, 180), high_reps_rule=_HIGH_REPS_HYPERTROPHY,
        share=ShareRule(_WORK, (6, 12), 0.6, "at least 60 % of working sets at 6-12 reps")),
    # strict "1-12, mostly 6-12" intersected with permissive 5-30 -> 5-12 per exercise; "mostly" = > 50 %.
    ("hypertrophy", "advanced"): T1Row(
        "hypertrophy / advanced", (3, 6), (3, 6), (5, 12), (5, 12), (5, 30), (50, 100), (0, 3), (120, 180),
        (60, 180), high_reps_rule=_HIGH_REPS_HYPERTROPHY,
        share=ShareRule(_WORK, (6, 12), 0.5, "most working sets at 6-12 reps")),
    ("muscular_endurance", "beginner"): T1Row(
        "muscular endurance / novice", (1, 3), (1, 3), (10, 15), (10, 15), (10, 20), (40, 65), (2, 4), (30, 90),
        (30, 90)),
    ("muscular_endurance", "intermediate"): T1Row(
        "muscular endurance / intermediate", (2, 4), (2, 4), (10, 25), (10, 25), (10, 40), (30, 65), (0, 3),
        (30, 120), (30, 120), rest_by_reps=True),
    ("general", "beginner"): T1Row(
        "general / novice", (1, 3), (1, 3), (8, 15), (8, 15), (8, 20), (50, 75), (2, 4), (60, 180), (60, 180)),
    ("general", "intermediate"): T1Row(
        "general / intermediate", (2, 4), (2, 4), (6, 15), (6, 15), (5, 20), (60, 85), (1, 3), (60, 180), (60, 180)),
}
T1_ADVANCED_SHARED = ("general", "muscular_endurance")  # one "Intermediate/Advanced" row in T1

OLDER_BEGINNER = T1Row(
    "older beginner (weeks 1-2)", (1, 2), (1, 2), (10, 15), (10, 15), (10, 15), (40, 60), (4, 4), (60, 120), (60, 120))
# Weeks 3-4 of a person aged 65+ are not in T1: we accept the union of the two older rows. HOUSE
OLDER_TRANSITION = T1Row(
    "older adult (weeks 3-4)", (1, 3), (1, 3), (8, 15), (8, 15), (6, 15), (40, 85), (2, 4), (60, 150), (60, 150))
OLDER_ADULT = T1Row(  # rest "~120 s" read as 90-150 s  # HOUSE
    "older adult (week 5+)", (2, 3), (2, 3), (8, 12), (8, 12), (6, 15), (60, 85), (2, 3), (90, 150), (90, 150))
STRENGTH_NOVICE_FROM_WEEK_3 = replace(
    T1[("strength", "beginner")], name="strength / novice (week 3+)", reps_permissive=(4, 12), pct=(60, 80))

#: T1 "Trunk endurance (McGill style)" row: sets, holds (s) strict / permissive, RIR floor, rest.
TRUNK_SETS_STRICT = (3, 3)
TRUNK_HOLD_STRICT_S = (8, 10)
TRUNK_HOLD_PERMISSIVE_S = (5, 15)
TRUNK_MIN_RIR = 3
TRUNK_REST_S = (10, 30)

OLDER_AGE = 65


def goal_family(goal: str) -> str:
    """The T1/T2 goal row: strength, hypertrophy, muscular_endurance, or general for every other goal."""
    return goal if goal in ("strength", "hypertrophy", "muscular_endurance") else "general"


def is_older(profile: Profile) -> bool:
    """Aged 65 or more: the T1 older rows and the older-beginner exemptions apply (whatever the level)."""
    return profile.age is not None and profile.age >= OLDER_AGE


def t1_row(profile: Profile, week_no: int) -> T1Row:
    """The T1 row for a profile in a given week (older rows by week when aged 65+)."""
    if is_older(profile):
        return OLDER_BEGINNER if week_no <= 2 else OLDER_TRANSITION if week_no <= 4 else OLDER_ADULT
    family = goal_family(profile.goal)
    level = profile.level
    if level == "advanced" and family in T1_ADVANCED_SHARED:
        level = "intermediate"
    if (family, level) == ("strength", "beginner") and week_no >= 3:
        return STRENGTH_NOVICE_FROM_WEEK_3
    return T1[(family, level)]


# --------------------------------------------------------------------------- T2: weekly hard sets


@dataclass(frozen=True)
class T2Row:
    """One row of rubric table T2: the SHOULD band and the MUST cap, by level."""

    bands: Mapping[str, tuple[float, float]]
    caps: Mapping[str, float]


_LEVELS = ("beginner", "intermediate", "advanced")


def _t2(bands: tuple[tuple[float, float], ...], caps: tuple[float, ...]) -> T2Row:
    return T2Row(dict(zip(_LEVELS, bands, strict=True)), dict(zip(_LEVELS, caps, strict=True)))


T2: Mapping[str, T2Row] = {  # the caps are HOUSE values
    "general": _t2(((4, 10), (6, 12), (6, 15)), (16, 20, 25)),
    "muscular_endurance": _t2(((4, 10), (6, 15), (6, 18)), (16, 20, 25)),
    "strength": _t2(((4, 10), (6, 15), (8, 20)), (16, 22, 30)),
    "hypertrophy": _t2(((6, 12), (10, 20), (12, 22)), (16, 25, 30)),
}
VOLUME_FLOOR = 4.0
ONE_DAY_FLOOR = 3.0
ONE_DAY_BAND = (3.0, 10.0)
REDUCED_FLOOR = 2.0  # weekly minutes < 60, older beginner weeks 1-4, acute LBP (non-trunk)
LOW_WEEKLY_MINUTES = 60
SESSION_SETS_SHOULD = 10  # HOUSE: R16
SESSION_SETS_MUST = 12  # HOUSE: R16


def volume_band(profile: Profile) -> tuple[float, float]:
    """The T2 SHOULD band of weekly hard sets per major group."""
    if profile.days_per_week == 1:
        return ONE_DAY_BAND
    return T2[goal_family(profile.goal)].bands[profile.level]


def volume_cap(profile: Profile) -> float:
    """The T2 MUST cap of weekly hard sets per group."""
    return T2[goal_family(profile.goal)].caps[profile.level]


def volume_floor(profile: Profile, week_no: int, group: str, exempt_groups: Iterable[str] = ()) -> float:
    """The T2 MUST floor of weekly hard sets for one major group, with the T2 exemptions.

    ``exempt_groups`` are groups whose patterns a condition rules out (they have no floor).
    """
    if group in set(exempt_groups):
        return 0.0
    floors = [VOLUME_FLOOR]
    if profile.days_per_week == 1:
        floors.append(ONE_DAY_FLOOR)
    if profile.days_per_week * profile.session_minutes < LOW_WEEKLY_MINUTES:
        floors.append(REDUCED_FLOOR)
    if is_older(profile) and week_no <= 4:
        floors.append(REDUCED_FLOOR)
    if profile.has("acute_lbp"):
        floors.append(0.0 if group == "trunk" else REDUCED_FLOOR)
    return min(floors)


def exempt_groups(unavailable: Iterable[str]) -> frozenset[str]:
    """Major groups whose every training pattern family is unavailable."""
    families = set(unavailable)
    return frozenset(g for g, fams in GROUP_FAMILIES.items() if all(f in families for f in fams))


# --------------------------------------------------------------------------- body regions (R34)


@dataclass(frozen=True)
class RegionLoad:
    """What makes an exercise load a body region: a pattern, a primary muscle or a tag."""

    patterns: frozenset[str] = frozenset()
    muscles: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()


def _region(patterns: str = "", muscles: str = "", tags: str = "") -> RegionLoad:
    return RegionLoad(frozenset(patterns.split()), frozenset(muscles.split()), frozenset(tags.split()))


REGION_LOADS: Mapping[str, RegionLoad] = {  # HOUSE: our mapping of regions to exercise features
    "knees": _region("knee_dominant", "quadriceps", "deep_knee_flexion kneeling high_impact plyometric"),
    "shoulders": _region("upper_push_horizontal upper_push_vertical upper_pull_vertical",
                         "front_delts side_delts rear_delts rotator_cuff", "overhead"),
    "hips": _region("hip_dominant knee_dominant", "glutes adductors abductors hip_flexors"),
    "lower_back": _region("hip_dominant carry", "erector_spinae", "heavy_axial_load loaded_spinal_flexion "
                          "loaded_spinal_rotation spinal_extension end_range_spinal_extension"),
    "upper_back": _region("upper_pull_horizontal upper_pull_vertical", "lats traps rhomboids"),
    "neck": _region("", "neck", ""),
    "elbows": _region("", "biceps triceps", ""),
    "wrists": _region("", "forearms", "wrist_loaded"),
    "ankles": _region("", "calves", "high_impact plyometric"),
}
#: Body region of a painful condition when the condition does not name one.
CONDITION_REGIONS: Mapping[str, str] = {
    "patellofemoral_pain": "knees", "shoulder_pain": "shoulders", "acute_lbp": "lower_back", "chronic_lbp": "lower_back",
}


def loads_region(ex: JSON, region: str) -> bool:
    """True when the exercise loads ``region`` (by pattern, primary muscle or tag; see REGION_LOADS)."""
    spec = REGION_LOADS.get(region)
    if spec is None or role(ex) in ("aerobic",) or ex.get("pattern") == "mobility":
        return False
    return (str(ex.get("pattern")) in spec.patterns or bool(set(muscles_of(ex, "primary")) & spec.muscles)
            or bool(tags_of(ex) & spec.tags))


def painful_regions(profile: Profile) -> tuple[str, ...]:
    """Regions with declared pain: condition regions (or their defaults) and ``profile.pain``."""
    out: list[str] = []
    for condition in profile.conditions:
        region = condition.region or CONDITION_REGIONS.get(condition.code)
        if region and region not in out:
            out.append(region)
    if profile.pain is not None and profile.pain.region not in out:
        out.append(profile.pain.region)
    return tuple(out)


def matches_movement(ex: JSON, movement: str) -> bool:
    """True when ``ex`` is the user-reported provocative ``movement`` (a pattern, a tag, or in its id/name)."""
    pattern = v.PATTERNS.lookup(movement)
    if pattern is not None and (ex.get("pattern") == pattern or pattern_family(str(ex.get("pattern"))) == pattern):
        return True
    tag = v.TAGS.lookup(movement)
    if tag is not None and tag in tags_of(ex):
        return True
    text = v.normalize(movement)
    names = (v.normalize(str(ex.get("id") or "")), v.normalize(str(ex.get("name") or "")))
    return bool(text) and any(text in name or v.singular(text) in name for name in names if name)
