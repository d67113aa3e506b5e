"""Loads a person can actually set (rubric R6, R10, R17, R28).

A load in kilograms is only prescribed when it can be built from the person's equipment specs:
one of their dumbbell or kettlebell masses, or bar + 2 × plates on their plate grid, and when a
known 1RM says what it should be. Otherwise the plan prescribes effort (RIR) only.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from trainwise.domain.exercises import Exercise
from trainwise.domain.profile import Profile
from trainwise.domain.rubric import possible_loads, t1_row

LOWER_BODY_PATTERNS = ("knee_dominant", "hip_dominant")
WEEKLY_PCT_STEP = {"lower": 0.015, "upper": 0.01}  # HOUSE: +1-1.5 % of 1RM per week, well under R17's 10 %
MAX_WEEKLY_RISE = 1.10  # R17 MUST
DELOAD_FACTOR = 0.9  # R18: -5 to -15 %
RAMP = ((0.4, 8), (0.6, 5), (0.8, 3))
RAMP_HEAVY = ((0.4, 8), (0.55, 5), (0.7, 3), (0.85, 1))


def pct_for(reps: int, rir: int) -> float:
    """The fraction of 1RM that leaves ``rir`` reps after ``reps`` (the lower of Epley/Brzycki)."""
    r_eff = reps + rir
    return min(1 / (1 + r_eff / 30), (37 - r_eff) / 36)


def round_down(target: float, options: list[float]) -> float | None:
    """The heaviest settable load not above ``target`` (None if even the lightest is heavier);
    ``options`` are sorted, as rubric.possible_loads returns them."""
    index = bisect_right(options, target + 1e-9)
    return options[index - 1] if index else None


def prescribe_load(profile: Profile, e: Exercise, option: tuple[str, ...], entry: dict[str, Any], week: int,
                   deload_weeks: set[int] | frozenset[int], ceiling_kg: float | None = None,
                   ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The load object and ramp sets of a working exercise for ``week``.

    ``ceiling_kg`` caps the load (the generator passes 110 % of the last load it planned for the
    exercise, so a change of reps between weeks or blocks never makes the load jump, R17).
    """
    one_rm = profile.known_1rm_kg.get(e.slug)
    options = possible_loads(profile, option)
    reps = entry["reps"]["max"] if entry.get("reps") else None
    if one_rm and options and reps and entry.get("rir") is not None:
        base = pct_for(reps, entry["rir"]) - 0.025
        if profile.level == "beginner":
            base = min(base, 0.70)
        step = WEEKLY_PCT_STEP["lower" if set(e.patterns) & set(LOWER_BODY_PATTERNS) else "upper"]
        load, pct = None, base
        prev: float | None = None
        for w in range(1, week + 1):
            progressed = sum(1 for x in range(1, w) if x not in deload_weeks)
            pct = min(base + step * progressed, base + 0.05)
            target = one_rm * pct * (DELOAD_FACTOR if w in deload_weeks else 1.0)
            if prev is not None:
                target = min(target, prev * MAX_WEEKLY_RISE)
            if w == week and ceiling_kg is not None:
                target = min(target, ceiling_kg)
            load = round_down(target, options)
            if load is None:
                break
            prev = load
        low, high = t1_row(profile, week).pct
        if load is not None and (week in deload_weeks or low <= 100 * load / one_rm <= high):
            real_pct = round(100 * load / one_rm, 1)
            ramp = ramp_sets(load, options, real_pct / 100, entry) if entry["role"] == "main" else []
            return {"type": "absolute_kg", "value": load, "pct_1rm": real_pct}, ramp
    if "resistance_band" in option:
        return {"type": "band", "value": "light" if profile.level == "beginner" else "medium", "pct_1rm": None}, []
    gear = set(option) - {"bodyweight", "wall", "mat", "bench", "chair", "box", "pullup_bar", "dip_station",
                          "squat_rack", "exercise_ball", "bosu", "back_extension_bench", "suspension_trainer",
                          "yoga_block", "dowel", "foam_roller"}
    if not gear:
        return {"type": "bodyweight", "value": None, "pct_1rm": None}, []
    return {"type": "rpe_only", "value": None, "pct_1rm": None}, []


def ramp_sets(load: float, options: list[float], pct: float, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Lighter warm-up sets before a heavy main lift (R28): rising loads, falling reps."""
    if pct < 0.70 and (entry.get("rir") or 0) > 2:
        return []
    steps = RAMP_HEAVY if pct >= 0.85 else RAMP
    out: list[dict[str, Any]] = []
    for fraction, reps in steps:
        kg = round_down(load * fraction, options)
        if kg is None or kg >= load or (out and kg <= out[-1]["load_kg"]):
            continue
        out.append({"load_kg": kg, "reps": reps})
    return out


def equipment_hint(profile: Profile, option: tuple[str, ...], rir: int | None) -> str | None:
    """For effort-only loads: which of the person's weights to start with."""
    specs = profile.equipment_specs
    masses = specs.dumbbells_kg if "dumbbells" in option else specs.kettlebells_kg if "kettlebells" in option else ()
    if not masses or rir is None:
        return None
    listed = ", ".join(f"{m:g}" for m in masses)
    return f"Pick the weight ({listed} kg) that leaves {rir} reps in reserve on the last set."
