"""Choosing and prescribing exercises, and building one session (rubric T1, R4, R11, R25).

Exercise choice is a scored search, not a template: each session has slots (movement patterns
with a role); every slot takes the best-scoring exercise the person can do safely (equipment,
conditions, level, variety, focus muscles). An entry is dosed per week from the T1 targets of
``dosing`` and the loads of ``loads``. Also here: the session-minutes formula with cached set
times, hard sets per group, supersets and the order of exercises.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trainwise.domain import dosing, loads, safety
from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, SetsReps
from trainwise.domain.plan_schedule import LIGHT_GROUP_MAX
from trainwise.domain.profile import Profile
from trainwise.domain.rubric import is_hard

MMG = v.MAJOR_MUSCLE_GROUPS

LEVEL_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2}
BIG3 = ("mcgill-curl-up", "side-plank", "knee-side-plank", "bird-dog")
#: McGill drill kinds as the rubric counts them (a side bridge on the knees is still a side bridge).
DRILL_KINDS = {"mcgill-curl-up": "curl-up", "side-plank": "side bridge", "knee-side-plank": "side bridge",
               "bird-dog": "bird dog"}
BALANCE_DRILLS = ("single-leg-stand", "tandem-stance", "heel-to-toe-walk")
TRUNK_PATTERNS = ("trunk_anti_extension", "trunk_anti_rotation", "trunk_anti_lateral_flexion")
LOADED_PATTERNS = ("knee_dominant", "hip_dominant")
PUSH = ("upper_push_horizontal", "upper_push_vertical")
PULL = ("upper_pull_horizontal", "upper_pull_vertical")
EPS = 1e-9


# --------------------------------------------------------------------------- choosing exercises


@dataclass
class Context:
    """What selection and prescription need to know, computed once per plan."""

    profile: Profile
    pool: list[Exercise]
    by_slug: dict[str, Exercise]
    tags: frozenset[str]
    patterns: frozenset[str]
    names: tuple[str, ...]
    rng: random.Random
    n_weeks: int
    deload_weeks: frozenset[int]
    unavailable: frozenset[str] = frozenset()
    used_week: dict[str, int] = field(default_factory=dict)
    session_axial: bool = False
    jitter: dict[str, float] = field(default_factory=dict)
    last_loads: dict[str, float] = field(default_factory=dict)
    warmups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    block_weeks: tuple[int, ...] = ()
    by_pattern: dict[tuple[str, tuple[str, ...], int], list[Exercise]] = field(default_factory=dict)
    scores: dict[tuple[str, Slot], float] = field(default_factory=dict)
    cooldowns: list[Exercise] | None = None
    prime_groups: dict[str, frozenset[str]] = field(default_factory=dict)

    def candidates(self, pattern: str, *, categories: tuple[str, ...] = ("strength", "rehab", "balance"),
                   level_slack: int = 0) -> list[Exercise]:
        """Exercises of a pattern the person can do safely at their level (computed once each)."""
        key = (pattern, categories, level_slack)
        found = self.by_pattern.get(key)
        if found is None:
            rank = LEVEL_RANK[self.profile.level] + level_slack
            found = self.by_pattern[key] = [e for e in self.pool if pattern in e.patterns
                                            and e.category in categories and LEVEL_RANK[e.level] <= rank]
        return found

    def allowed(self, e: Exercise, *, patterns: bool = True) -> bool:
        """Doable with the person's equipment and safe with their conditions and provocations."""
        return e.doable_with(self.profile.equipment) and safety.allowed(
            e, self.profile, self.tags, self.patterns if patterns else frozenset(), self.names)


def score(e: Exercise, ctx: Context, slot: Slot) -> float:
    """Higher is better: level fit, the person's equipment, focus, goal, variety."""
    key = (e.slug, slot)
    static = ctx.scores.get(key)
    if static is None:
        static = ctx.scores[key] = _static_score(e, ctx.profile, slot)
    s = static - 3.0 * ctx.used_week.get(e.slug, 0)
    if "heavy_axial_load" in e.tags and ctx.session_axial:
        s -= 4.0  # one heavy spinal load per session is plenty
    if e.slug not in ctx.jitter:
        ctx.jitter[e.slug] = ctx.rng.random() * 0.3
    return s + ctx.jitter[e.slug]


def _static_score(e: Exercise, p: Profile, slot: Slot) -> float:
    """The part of ``score`` that depends only on the person, the exercise and the slot."""
    s = -2.0 * abs(LEVEL_RANK[p.level] - LEVEL_RANK[e.level])
    option = best_option(e, p)
    gear = set(option) - v.ALWAYS_AVAILABLE
    if gear:
        s += 1.5 if p.level != "beginner" or gear & {"dumbbells", "kettlebells", "machines", "cable_machine"} else 0.8
    if p.goal in ("strength", "hypertrophy") and gear & {"barbell", "dumbbells", "kettlebells", "machines",
                                                         "cable_machine", "lever_back_extension_machine"}:
        s += 1.5 + (1.0 if "barbell" in gear and p.level != "beginner" else 0.0)
    if p.has("chronic_lbp") and set(e.patterns) & {"knee_dominant", "hip_dominant"} and _loadable(option):
        s += 2.0  # R32: loaded squats and hinges are encouraged with chronic back pain
    if slot.role == "main" and e.joint == "multi":
        s += 1.0
    if slot.prefer_tags and set(slot.prefer_tags) & set(e.tags):
        s += 3.0
    if slot.prefer and e.slug in slot.prefer:
        s += 4.0 - slot.prefer.index(e.slug) * 0.5
    if set(p.focus_muscles) & set(e.primary_muscles):
        s += 2.0
    if e.category == "rehab" and slot.role in ("main", "accessory") and not p.has_lbp:
        s -= 1.5
    if "unstable_surface" in e.tags and slot.role == "main":
        s -= 1.0
    if {"end_range_spinal_flexion_exercise", "loaded_spinal_flexion", "loaded_spinal_rotation"} & set(e.tags):
        s -= 1.5  # spine-sparing trunk work first
    return s


def _loadable(option: Sequence[str]) -> bool:
    """True when the equipment option carries an external load (free weights, machines, cables)."""
    return any(v.EQUIPMENT.get(x).facts.get("kind") in ("free_weight", "machine") and x not in
               ("squat_rack", "back_extension_bench") for x in option if x in v.EQUIPMENT)


def best_option(e: Exercise, profile: Profile) -> tuple[str, ...]:
    """The equipment option the person would use (richest one they own)."""
    have = set(profile.equipment) | v.ALWAYS_AVAILABLE
    options = [o for o in e.equipment_options if set(o) <= have]
    return max(options, key=lambda o: (len(set(o) - v.ALWAYS_AVAILABLE), -e.equipment_options.index(o))) \
        if options else e.equipment


@dataclass(frozen=True)
class Slot:
    """A place in a session: patterns it may take, its role, and preferences."""

    patterns: tuple[str, ...]
    role: str
    name: str
    prefer: tuple[str, ...] = ()
    prefer_tags: tuple[str, ...] = ()
    optional: bool = False


def slots_for(kind: str, variant: int, profile: Profile, *, drills_first: bool = False,
              balance_first: bool = False) -> list[Slot]:
    """The slots of a session kind, most important first.

    ``drills_first`` puts the McGill drills before the lifts (when home drills cannot cover the
    days R30 asks for); ``balance_first`` does the same for older adults' balance work (R33).
    """
    push, pull = (PUSH[::-1], PULL[::-1]) if variant % 2 else (PUSH, PULL)
    trunk = TRUNK_PATTERNS[variant % 3:] + TRUNK_PATTERNS[: variant % 3]
    big3 = Slot(TRUNK_PATTERNS, "trunk_endurance", "trunk endurance", prefer=BIG3, prefer_tags=("mcgill_big_three",),
                optional=not drills_first)
    big3_b = Slot(TRUNK_PATTERNS, "trunk_endurance", "trunk endurance 2", prefer=BIG3[1:] + BIG3[:1],
                  prefer_tags=("mcgill_big_three",), optional=not drills_first)
    balance = Slot(("balance",), "balance", "balance", prefer=BALANCE_DRILLS, optional=not balance_first)
    aerobic = Slot(("aerobic",), "aerobic", "easy aerobic", prefer=("brisk-walking", "stationary-cycling"),
                   optional=True)
    if kind == "light":
        return [big3, big3_b, balance, aerobic]
    out = _lift_slots(kind, push, pull, trunk)
    acute = safety.treat_as_acute(profile)
    if acute:
        out = [s for s in out if not s.name.startswith("trunk")]
        out = [big3, big3_b, *out] if drills_first else [*out[:4], big3, big3_b, *out[4:]]
        out.append(aerobic)
    elif profile.goal in ("lower_back_strength", "rehab_back_pain") or profile.has("chronic_lbp"):
        back = Slot(("trunk_extension",), "accessory", "lower back",
                    prefer=("back-extension-bench", "lever-back-extension", "ball-back-extension",
                            "prone-back-extension", "superman", "bosu-back-extension"))
        if kind in ("full", "lower"):
            out.insert(4, back)
        out.insert(len(out) - 2, big3)
    if profile.is_older:
        out.insert(2 if balance_first else min(4, len(out)), balance)
    if profile.goal == "fat_loss":
        out.append(Slot(("aerobic",), "aerobic", "aerobic", optional=True))
    return out


def _lift_slots(kind: str, push: tuple[str, ...], pull: tuple[str, ...], trunk: tuple[str, ...]) -> list[Slot]:
    """The resistance slots of a full, upper or lower session."""
    if kind == "upper":
        return [Slot(pull, "main", "pull"), Slot(push, "main", "push"), Slot(pull[::-1], "accessory", "pull 2"),
                Slot(push[::-1], "accessory", "push 2"), Slot(trunk, "accessory", "trunk"),
                Slot(("isolation_upper",), "accessory", "arms and shoulders", optional=True),
                Slot(("isolation_upper",), "accessory", "arms and shoulders 2", optional=True)]
    if kind == "lower":
        return [Slot(("knee_dominant",), "main", "squat"), Slot(("hip_dominant",), "main", "hinge"),
                Slot(trunk, "accessory", "trunk"),
                Slot(("knee_dominant",), "accessory", "single leg", prefer_tags=("unilateral",)),
                Slot(("hip_dominant",), "accessory", "hip 2"),
                Slot(("isolation_lower",), "accessory", "legs", optional=True),
                Slot(trunk[1:] + trunk[:1], "accessory", "trunk 2", optional=True)]
    return [Slot(("knee_dominant",), "main", "squat"), Slot(pull, "main", "pull"),
            Slot(("hip_dominant",), "main", "hinge"), Slot(push, "main", "push"),
            Slot(trunk, "accessory", "trunk"),
            Slot(("isolation_upper",), "accessory", "arms and shoulders", optional=True),
            Slot(("isolation_lower",), "accessory", "legs", optional=True),
            Slot(("carry",), "accessory", "carry", optional=True)]


#: The groups each pattern family is meant to train; other prime movers of an exercise are
#: side effects, unwelcome where the session must keep that group light (R20).
FAMILY_GROUPS = {"knee_dominant": ("quadriceps", "glutes"), "hip_dominant": ("hamstrings", "glutes"),
                 "upper_push": ("chest", "shoulders"), "upper_pull": ("upper_back",), "trunk": ("trunk",)}


def _side_load(ctx: Context, e: Exercise, slot: Slot, light: frozenset[str]) -> float:
    """How many of ``e``'s prime-mover groups the slot does not aim at but the session keeps light."""
    if not light or slot.role not in rb.WORKING_ROLES:
        return 0.0
    family = next((f for f in (rb.pattern_family(pt) for pt in slot.patterns) if f), None)
    aimed = FAMILY_GROUPS.get(family or "", ())
    groups = ctx.prime_groups.get(e.slug)
    if groups is None:
        groups = ctx.prime_groups[e.slug] = frozenset(
            g for m in e.primary_muscles if (g := rb.muscle_group(m)) is not None)
    return float(sum(1 for g in groups if g in light and g not in aimed))


def pick(ctx: Context, slot: Slot, taken: set[str], limits: dict[str, float] | None = None) -> Exercise | None:
    """The best exercise for a slot not already in the session (and, for McGill drills, of a
    drill kind the session does not have yet), sparing groups the session keeps light."""
    categories = ("cardio", "warmup") if slot.role == "aerobic" else ("strength", "rehab", "balance")
    kinds_taken = {DRILL_KINDS[s] for s in taken if s in DRILL_KINDS}
    if "mcgill_big_three" in slot.prefer_tags:
        drills = [ctx.by_slug[s] for s in slot.prefer if s in ctx.by_slug and s not in taken
                  and DRILL_KINDS[s] not in kinds_taken and ctx.allowed(ctx.by_slug[s])]
        if drills:
            return drills[0]
    found: list[Exercise] = []
    for slack in (0, 1, 2):
        found = _slot_candidates(ctx, slot, taken, categories, slack, kinds_taken)
        if found:
            break
    if not found:
        return None
    if _wants_load(ctx, slot) and not any(carries_load(e, ctx.profile) for e in found):
        found += [e for e in _slot_candidates(ctx, slot, taken, categories, 1, kinds_taken)
                  if carries_load(e, ctx.profile) and e not in found]
    light = frozenset(g for g, limit in (limits or {}).items() if limit <= LIGHT_GROUP_MAX)
    return max(found, key=lambda e: score(e, ctx, slot) + (0.6 if slot.patterns[0] in e.patterns else 0)
               - 1.5 * _side_load(ctx, e, slot, light))


def _slot_candidates(ctx: Context, slot: Slot, taken: set[str], categories: tuple[str, ...], slack: int,
                     kinds_taken: set[str]) -> list[Exercise]:
    found: list[Exercise] = []
    seen: set[str] = set(taken)
    for pattern in slot.patterns:
        for e in ctx.candidates(pattern, categories=categories, level_slack=slack):
            if e.slug not in seen and role_fits(e, slot) and DRILL_KINDS.get(e.slug, "") not in kinds_taken:
                seen.add(e.slug)
                found.append(e)
    return found


def _wants_load(ctx: Context, slot: Slot) -> bool:
    """Squat and hinge slots of a person with chronic back pain look for a loaded exercise (R32)."""
    return ctx.profile.has("chronic_lbp") and slot.role == "main" and bool(set(slot.patterns) & set(LOADED_PATTERNS))


def carries_load(e: Exercise, p: Profile) -> bool:
    """True when the person would do the exercise with an external load (weights, machine, band)."""
    option = best_option(e, p)
    return "resistance_band" in option or _loadable(option)


def role_fits(e: Exercise, slot: Slot) -> bool:
    """Holds go in trunk-endurance slots, dynamic work in working slots."""
    hold = _is_hold(e)
    if slot.role == "trunk_endurance":
        return hold and e.category != "cardio"
    if slot.role == "aerobic":
        return "aerobic" in e.patterns and "high_impact" not in e.tags
    if slot.role == "balance":
        return True
    return not hold or "carry" in e.patterns or e.slug == "wall-sit"


def _is_hold(e: Exercise) -> bool:
    guide = next(iter(e.sets_reps.values()), None)
    return guide is not None and guide.reps is None and guide.hold_seconds is not None


def guide_for(e: Exercise, p: Profile) -> SetsReps | None:
    """The exercise's own sets-and-reps guidance for the person's level (else its first)."""
    return e.sets_reps.get(p.level) or next(iter(e.sets_reps.values()), None)


# --------------------------------------------------------------------------- prescriptions


BODYWEIGHT = {"type": "bodyweight", "value": None, "pct_1rm": None}


def new_entry(ctx: Context, e: Exercise, slot: Slot, week: int, *, aerobic_minutes: int | None = None
              ) -> dict[str, Any]:
    """One exercise's entry in a session, dosed for ``week``."""
    p = ctx.profile
    option = best_option(e, p)
    pattern = next((pt for pt in slot.patterns if pt in e.patterns), e.patterns[0])
    if pattern == "trunk_extension":
        pattern = "hip_dominant" if "hip_dominant" in e.patterns else "trunk_anti_extension"
    entry: dict[str, Any] = {
        "id": e.slug, "name": e.name, "order": 0, "role": slot.role, "pattern": pattern,
        "joint": e.joint, "hold_s": None, "reps": None, "ramp_sets": [], "superset_group": None,
        "muscles": {"primary": list(e.primary_muscles), "secondary": list(e.secondary_muscles)},
        "equipment": [x for x in option if x != "bodyweight"] or ["bodyweight"],
        "tags": list(e.tags), "cues": cues(e, p), "pain_monitored": False, "tempo": None,
        "_e": e, "_option": option, "_optional": slot.optional,
    }
    entry["_cues"] = list(entry["cues"])
    if slot.role == "trunk_endurance":
        _dose_trunk_endurance(ctx, entry)
    elif slot.role == "aerobic":
        dose_aerobic(entry, aerobic_minutes or (10 if p.session_minutes < 45 else 15))
    elif slot.role == "balance":
        _dose_balance(entry, guide_for(e, p))
    else:
        entry["sets"] = dosing.working_dose(p, week, main=slot.role == "main", multi=e.joint == "multi").sets
        dose_working(ctx, entry, week, deload=False)
        _reserve_ramps(ctx, entry)
    entry["pain_monitored"] = any(rb.loads_region(entry, r) for r in rb.painful_regions(p))
    entry["why"] = why(ctx, e, slot, option, entry)
    return entry


def _dose_trunk_endurance(ctx: Context, entry: dict[str, Any]) -> None:
    sets, reps, hold, rest = dosing.trunk_endurance_dose(ctx.profile)
    entry.update(sets=sets, reps={"min": reps[0], "max": reps[1]}, hold_s=hold, rest_s=rest, rir=4, load=BODYWEIGHT)
    entry["cues"] = [f"Descending holds: {reps[1]}, then {(reps[0] + reps[1]) // 2}, then {reps[0]} holds of "
                     f"{hold} s, breathing normally.", *entry["cues"]]


def dose_aerobic(entry: dict[str, Any], minutes: int) -> None:
    """An easy aerobic bout of ``minutes`` (RPE 3 unless already set)."""
    entry.update(sets=1, hold_s=minutes * 60, rest_s=0, rir=None, rpe=entry.get("rpe") or 3, load=BODYWEIGHT)
    if not entry["cues"] or not entry["cues"][0].startswith("Easy pace"):
        entry["cues"] = ["Easy pace: you can talk in full sentences.", *entry["cues"]]


def _dose_balance(entry: dict[str, Any], guide: SetsReps | None) -> None:
    entry.update(sets=2, rest_s=30, rir=4, load=BODYWEIGHT)
    if guide and guide.hold_seconds:
        entry["hold_s"] = min(30, max(10, guide.hold_seconds.min))
    else:
        lo, hi = (guide.reps.min, guide.reps.max) if guide and guide.reps else (8, 12)
        entry["reps"] = {"min": lo, "max": hi}
        entry["tempo"] = "2-0-2-0"


def dose_working(ctx: Context, entry: dict[str, Any], week: int, *, deload: bool) -> None:
    """Reps, effort, rest, tempo and load of a main or accessory entry in ``week`` (T1, R10, R17);
    its sets are the block's."""
    p, e = ctx.profile, entry["_e"]
    dose = dosing.working_dose(p, week, main=entry["role"] == "main", multi=e.joint == "multi")
    guide = guide_for(e, p)
    lo, hi = _clamp_reps(dose.reps, guide.reps.min if guide and guide.reps else None,
                         guide.reps.max if guide and guide.reps else None)
    rir = dose.rir
    if safety.treat_as_acute(p) and week <= 2:
        rir = max(rir, 3)
    if p.level == "beginner" or p.has_lbp or p.is_older:
        rir = max(rir, 2 if week > 2 else 3)
    tempo, rest = dose.tempo, dose.rest_s
    if p.session_minutes < 30:  # short sessions: shorter sets and rests (within T1), so every pattern fits
        lo = max(rb.t1_row(p, week).reps_strict(entry["role"])[0], min(lo, 10))
        hi = max(lo, min(hi, 10))
        tempo, rest = "3-0-1-0", min(rest, 60)
    if e.joint == "multi" and hi <= 6:
        rest = max(rest, 120)
    entry.pop("_hard", None)
    entry.update(reps={"min": lo, "max": hi}, hold_s=None, rir=rir, rest_s=rest, tempo=tempo)
    if "carry" in e.patterns or (_is_hold(e) and guide and guide.hold_seconds):
        span = guide.hold_seconds if guide and guide.hold_seconds else None
        entry.update(reps=None, hold_s=min(45, span.max) if span else 30, tempo=None)
    last = ctx.last_loads.get(e.slug)
    entry["load"], entry["ramp_sets"] = loads.prescribe_load(
        p, e, entry["_option"], entry, week, ctx.deload_weeks, last * loads.MAX_WEEKLY_RISE if last else None)
    hint = loads.equipment_hint(p, entry["_option"], rir) if entry["load"]["type"] == "rpe_only" else None
    entry["cues"] = [hint, *entry["_cues"]] if hint else list(entry["_cues"])
    if deload:
        entry["rir"] = rir + 2  # R18: two more reps in reserve (RIR above 4 is allowed in a deload)


def _reserve_ramps(ctx: Context, entry: dict[str, Any]) -> None:
    """Give a template entry the most ramp sets any normal week of its block will have, so the
    block's time budget holds as loads rise past the ramp threshold (R4, R28)."""
    if entry["role"] != "main" or entry["load"]["type"] != "absolute_kg":
        return
    saved = {key: entry[key] for key in ("reps", "hold_s", "rir", "rest_s", "tempo", "load", "ramp_sets", "cues")}
    longest = entry["ramp_sets"]
    for week in ctx.block_weeks:
        dose_working(ctx, entry, week, deload=False)
        if len(entry["ramp_sets"]) > len(longest):
            longest = entry["ramp_sets"]
    entry.update(saved)
    entry["ramp_sets"] = longest


def _clamp_reps(target: tuple[int, int], lo: int | None, hi: int | None) -> tuple[int, int]:
    """The exercise's own rep guidance clamped into the T1 target range."""
    if lo is None or hi is None:
        return target
    a, b = max(lo, target[0]), min(hi, target[1])
    return (a, b) if b - a >= 2 else target


def cues(e: Exercise, p: Profile) -> list[str]:
    """Coaching cues for the plan (breathing first for people with high blood pressure)."""
    out: list[str] = []
    if p.has("hypertension") or p.is_older:
        out.append("Exhale on effort; never hold your breath.")
    elif e.breathing:
        out.append(e.breathing)
    if e.tips:
        out.append(e.tips[0])
    return out


def why(ctx: Context, e: Exercise, slot: Slot, option: tuple[str, ...], entry: dict[str, Any]) -> str:
    """Which need the exercise serves, and why it is safe for this person."""
    p = ctx.profile
    muscles = ", ".join(v.MUSCLES.get(m).name.lower() for m in e.primary_muscles[:3])
    need = {
        "main": f"Main lift for the {v.PATTERNS.get(entry['pattern']).name.lower()} pattern",
        "accessory": f"Accessory work for the {v.PATTERNS.get(entry['pattern']).name.lower()} pattern",
        "trunk_endurance": "Trunk endurance (McGill-style holds) to support your back",
        "balance": "Balance training, which lowers the risk of falls",
        "aerobic": "Light aerobic activity, which helps back pain and general health",
    }.get(slot.role, "Part of a balanced week")
    parts = [f"{need}; trains the {muscles}."]
    gear = [v.EQUIPMENT.get(x).name.lower() for x in option if x not in v.ALWAYS_AVAILABLE]
    parts.append(f"Uses your {' and '.join(gear)}." if gear else "Needs no equipment.")
    if set(p.focus_muscles) & set(e.primary_muscles):
        parts.append("Chosen for the muscles you asked to focus on.")
    reasons = safety.condition_reasons(p, e)
    if reasons:
        parts.append("Safe for you: " + "; ".join(reasons) + ".")
    if entry.get("pain_monitored"):
        parts.append("It loads a painful area: rate pain during and the next morning.")
    return " ".join(parts)


# --------------------------------------------------------------------------- warm-up and cool-down


def warmup(ctx: Context, kind: str, minutes: int, first: dict[str, Any] | None) -> dict[str, Any]:
    """General then dynamic warm-up, plus lighter sets of the first lift when it is loaded."""
    general_min, dynamic_min = dosing.warmup_minutes(minutes)
    if kind not in ctx.warmups:
        ctx.warmups[kind] = _warmup_items(ctx, kind, general_min, dynamic_min)
    items = [dict(item) for item in ctx.warmups[kind]]
    if first is not None and first.get("ramp_sets"):
        ramp = ", ".join(f"{r['reps']} × {r['load_kg']:g} kg" for r in first["ramp_sets"])
        items.append({"name": f"{first['name']} ramp-up sets: {ramp}", "id": first["id"], "type": "specific",
                      "minutes": 0})
    return {"minutes": general_min + dynamic_min, "items": items}


def _warmup_items(ctx: Context, kind: str, general_min: int, dynamic_min: int) -> list[dict[str, Any]]:
    general = next((ctx.by_slug[s] for s in ("stationary-cycling", "rowing-machine", "brisk-walking", "marching-in-place")
                    if s in ctx.by_slug and ctx.allowed(ctx.by_slug[s], patterns=False)), None)
    items: list[dict[str, Any]] = [{
        "name": f"{general.name}, easy pace" if general else "Easy marching on the spot",
        "id": general.slug if general else None, "type": "general", "minutes": general_min}]
    dynamic_pool = {"upper": ("arm-circles", "scapular-wall-slide", "thoracic-open-book", "cat-camel"),
                    "lower": ("leg-swings", "hip-circles", "walking-knee-hug", "cat-camel"),
                    }.get(kind, ("cat-camel", "leg-swings", "arm-circles", "hip-circles"))
    chosen = [ctx.by_slug[s] for s in dynamic_pool if s in ctx.by_slug
              and ctx.allowed(ctx.by_slug[s], patterns=False)][:2]
    for i, ex in enumerate(chosen):
        share = dynamic_min - (len(chosen) - 1) * (dynamic_min // len(chosen)) if i == 0 else dynamic_min // len(chosen)
        if share > 0:
            items.append({"name": ex.name, "id": ex.slug, "type": "dynamic", "minutes": share})
    return items


def cooldown(ctx: Context, budget_left: float) -> dict[str, Any]:
    """An optional few minutes of mobility (the roll-ball erector spinae when there is a ball)."""
    if budget_left < 3:
        return {"minutes": 0, "items": []}
    if ctx.cooldowns is None:
        pool = ("roll-ball-erector-spinae", "knees-to-chest-stretch", "childs-pose", "supine-hamstring-stretch",
                "figure-four-stretch", "half-kneeling-hip-flexor-stretch")
        ctx.cooldowns = [ctx.by_slug[s] for s in pool if s in ctx.by_slug and ctx.allowed(ctx.by_slug[s])
                         and not (ctx.profile.has("acute_lbp") and s == "roll-ball-erector-spinae")][:2]
    picks = ctx.cooldowns
    minutes = 3 if budget_left < 5 else 4
    items = [{"name": e.name, "id": e.slug, "type": "mobility" if e.category == "mobility" else "static",
              "minutes": minutes // len(picks) + (minutes % len(picks) if i == 0 else 0)}
             for i, e in enumerate(picks)] if picks else []
    return {"minutes": minutes if items else 0, "items": items}


# --------------------------------------------------------------------------- building a session


def build_session(ctx: Context, kind: str, variant: int, week: int, *, budget: float,
                  sets: dict[str, tuple[int, int]], limits: dict[str, float], drills_first: bool,
                  balance_first: bool) -> dict[str, Any]:
    """A block's template session: each slot, in priority order, takes its best exercise while the
    session fits the time ``budget`` (pairing exercises into supersets or cutting sets to make room)
    and the per-session group ``limits``; optional extras only once the essentials have their
    ``sets`` (role -> T1 range)."""
    wu_general, wu_dynamic = dosing.warmup_minutes(ctx.profile.session_minutes)
    exercises: list[dict[str, Any]] = []
    session: dict[str, Any] = {"warmup": {"minutes": wu_general + wu_dynamic, "items": []},
                               "cooldown": {"minutes": 0, "items": []}, "exercises": exercises}
    taken: set[str] = set()
    ctx.session_axial = False
    slots = slots_for(kind, variant, ctx.profile, drills_first=drills_first, balance_first=balance_first)
    targets: list[tuple[dict[str, Any], int]] = []
    for slot in [s for s in slots if not s.optional] + [s for s in slots if s.optional]:
        if slot.optional and not targets_met(session, targets, budget, limits):
            break
        e = pick(ctx, slot, taken, limits)
        if e is None:
            continue
        entry = new_entry(ctx, e, slot, week)
        target = entry["sets"]
        if entry["role"] in rb.WORKING_ROLES:
            low, high = sets[entry["role"]]
            target = min(max(target, low), high)
            entry["sets"] = target if slot.optional else 1
        exercises.append(entry)
        if not _squeeze(session, entry, budget) or (slot.optional and _over_limits(session, entry, limits)):
            exercises.remove(entry)
            unpair(exercises, entry)
            continue
        targets.append((entry, target))
        taken.add(e.slug)
        ctx.session_axial |= "heavy_axial_load" in e.tags
    targets_met(session, targets, budget, limits)
    order_exercises(exercises)
    return session


def targets_met(session: dict[str, Any], targets: list[tuple[dict[str, Any], int]], budget: float,
                limits: dict[str, float]) -> bool:
    """Raise each entry (in priority order) toward its target sets while the session fits its time
    and group limits; True when every target is reached. Entries start at one set, so every
    essential slot fits first."""
    for entry, target in targets:
        while entry["sets"] < target:
            entry["sets"] += 1
            if _over_limits(session, entry, limits):
                entry["sets"] -= 1
                break
            if session_minutes(session) > budget and not try_superset(session["exercises"], entry):
                entry["sets"] -= 1
                return False
            if session_minutes(session) > budget:
                entry["sets"] -= 1
                return False
    return True


def _over_limits(session: dict[str, Any], entry: dict[str, Any], limits: dict[str, float]) -> bool:
    """True when a major group ``entry`` trains is over its limit in the session."""
    return hard_entry(entry) and any(g in limits and session_group_sets(session, g) > limits[g] + EPS
                                for g in group_weights(entry))


def _squeeze(session: dict[str, Any], entry: dict[str, Any], budget: float) -> bool:
    """Make ``entry`` fit the session's time: a superset, then fewer of its sets."""
    if session_minutes(session) <= budget:
        return True
    try_superset(session["exercises"], entry)
    while session_minutes(session) > budget and entry["sets"] > 1 and entry["role"] in rb.WORKING_ROLES:
        entry["sets"] -= 1
    return session_minutes(session) <= budget


def _primary_groups(ex: dict[str, Any]) -> set[str]:
    return {g for m in ex["muscles"]["primary"] if (g := rb.muscle_group(m)) is not None} | set(ex["muscles"]["primary"])


def try_superset(exercises: list[dict[str, Any]], entry: dict[str, Any],
                  partner: dict[str, Any] | None = None) -> bool:
    """Pair ``entry`` with a working exercise whose primary muscles it does not share (saves the
    rest and set-up of one exercise; R11 allows it for non-competing muscles), preferring one of
    the same order class so the session order stays sound (R25)."""
    if entry["role"] not in rb.WORKING_ROLES or entry.get("superset_group"):
        return False
    free = [ex for ex in exercises if ex is not entry and ex["role"] in rb.WORKING_ROLES
            and not ex.get("superset_group") and not _primary_groups(ex) & _primary_groups(entry)
            and (partner is None or ex is partner)]
    if not free:
        return False
    other = min(free, key=lambda ex: _order_class(ex) != _order_class(entry))
    used = {ex["superset_group"] for ex in exercises if ex.get("superset_group")}
    letter = next(x for x in "ABCDEFGHIJKL" if x not in used)
    other["superset_group"] = entry["superset_group"] = letter
    other["rest_s"] = entry["rest_s"] = max(other["rest_s"], entry["rest_s"])
    return True


def _order_class(ex: dict[str, Any]) -> tuple[int, int]:
    """(single-joint?, small muscles?) of an exercise, the first two keys of the R25 order."""
    small = not any(rb.muscle_group(m) in _LARGE_GROUPS for m in ex["muscles"]["primary"])
    return (0 if ex["joint"] == "multi" else 1, 1 if small else 0)


def pair_order_conflicts(exercises: list[dict[str, Any]]) -> None:
    """A multi-joint exercise for small muscles and a single-joint one for large muscles cannot
    follow each other in either order without breaking R25; as a superset they may."""
    working = [ex for ex in exercises if ex["role"] in rb.WORKING_ROLES and not ex["pattern"].startswith("trunk")]
    multi_small = [ex for ex in working if _order_class(ex) == (0, 1) and not ex.get("superset_group")]
    single_large = [ex for ex in working if _order_class(ex) == (1, 0) and not ex.get("superset_group")]
    for a, b in zip(multi_small, single_large, strict=False):
        try_superset(exercises, a, partner=b)


def unpair(exercises: list[dict[str, Any]], gone: dict[str, Any]) -> None:
    """Remove the superset partner link of an exercise taken out of a session."""
    group = gone.get("superset_group")
    if not group:
        return
    partners = [ex for ex in exercises if ex.get("superset_group") == group and ex is not gone]
    if len(partners) == 1:
        partners[0]["superset_group"] = None


ROLE_ORDER = {"trunk_endurance": 0, "balance": 1, "main": 2, "accessory": 2, "aerobic": 5}
_LARGE_GROUPS = frozenset({"chest", "upper_back", "shoulders", "quadriceps", "hamstrings", "glutes"})


def order_exercises(exercises: list[dict[str, Any]]) -> None:
    """McGill drills and balance first (activation), then the lifts: multi- before single-joint,
    large muscles before small, heavier (fewer reps) before lighter (R25); trunk work, then
    aerobic, last. Superset partners stay together. Sets ``order``."""
    def key(ex: dict[str, Any]) -> tuple[int, int, int, int, int]:
        role = ROLE_ORDER.get(ex["role"], 4)
        if ex["role"] in rb.WORKING_ROLES and ex["pattern"].startswith("trunk"):
            role = 4
        single, small = _order_class(ex)
        reps = ex["reps"]["min"] if ex.get("reps") and ex.get("hold_s") is None else 99
        return (role, single, small, reps, 0 if ex["role"] == "main" else 1)

    exercises.sort(key=key)
    grouped: list[dict[str, Any]] = []
    for ex in exercises:
        if ex in grouped:
            continue
        group = ex.get("superset_group")
        grouped += [ex] + ([x for x in exercises if x is not ex and group and x.get("superset_group") == group])
    exercises[:] = grouped
    for i, ex in enumerate(exercises, 1):
        ex["order"] = i


# --------------------------------------------------------------------------- measures of a session


def hard_entry(ex: dict[str, Any]) -> bool:
    """rubric.is_hard, cached on the entry (its role, pattern and RIR are fixed while tuning)."""
    cached = ex.get("_hard")
    if cached is None:
        cached = ex["_hard"] = is_hard(ex)
    return bool(cached)


def _timing(ex: dict[str, Any]) -> tuple[float, float]:
    """(set_s, T) of the rubric's minutes formula, cached on the entry until its dose changes."""
    reps = ex.get("reps")
    key = (reps["max"] if reps else None, ex.get("hold_s"), ex.get("tempo"), ex["load"]["type"])
    cached = ex.get("_time")
    if cached is None or cached[0] != key:
        cached = ex["_time"] = (key, rb.set_seconds(ex), rb.transition_seconds(ex))
    return cached[1], cached[2]


def session_minutes(session: dict[str, Any]) -> float:
    """rubric.estimate_session_minutes, with each entry's set time cached (the tuner asks often)."""
    seconds = 0.0
    ramps = 0
    groups: dict[str, list[dict[str, Any]]] = {}
    for ex in session["exercises"]:
        ramps += len(ex.get("ramp_sets") or ())
        key = ex.get("superset_group")
        if key:
            groups.setdefault(str(key), []).append(ex)
        else:
            seconds += _exercise_seconds(ex)
    for members in groups.values():
        seconds += _exercise_seconds(members[0]) if len(members) == 1 else _superset_seconds(members)
    seconds += ramps * rb.RAMP_SET_SECONDS
    return rb.block_minutes(session.get("warmup")) + rb.block_minutes(session.get("cooldown")) + seconds / 60


def _exercise_seconds(ex: dict[str, Any]) -> float:
    sets = max(int(ex["sets"]), 1)
    set_s, transition = _timing(ex)
    return sets * set_s + (sets - 1) * float(ex.get("rest_s") or 0) + transition


def _superset_seconds(members: list[dict[str, Any]]) -> float:
    rounds = max(max(int(ex["sets"]), 1) for ex in members)
    total = 0.0
    for round_no in range(rounds):
        active = [ex for ex in members if max(int(ex["sets"]), 1) > round_no]
        total += sum(_timing(ex)[0] for ex in active) + rb.SUPERSET_SWITCH_SECONDS * (len(active) - 1)
    rest = max(float(ex.get("rest_s") or 0) for ex in members)
    return total + (rounds - 1) * rest + max(_timing(ex)[1] for ex in members)


def group_weights(ex: dict[str, Any]) -> dict[str, float]:
    """The rubric's group weights of an entry (rubric.exercise_groups), cached on the entry while
    the generator tunes sets (removed before the plan is returned)."""
    cached = ex.get("_w")
    if cached is None:
        cached = ex["_w"] = rb.exercise_groups(ex)
    return cached


def group_weight(ex: dict[str, Any], group: str) -> float:
    """1 when the group is a prime mover of the entry, 0.5 when secondary, else 0."""
    return group_weights(ex).get(group, 0.0)


def weekly_volume(sessions: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Fractional hard sets per rubric group over sessions (rubric.weekly_volume, cached weights)."""
    out: dict[str, float] = {}
    for s in sessions:
        for ex in s["exercises"]:
            if hard_entry(ex):
                for g, w in group_weights(ex).items():
                    out[g] = out.get(g, 0.0) + ex["sets"] * w
    return out


def total_hard_sets(sessions: Sequence[dict[str, Any]]) -> int:
    """Hard sets of a week, each set counted once (R17 total)."""
    return sum(ex["sets"] for s in sessions for ex in s["exercises"] if hard_entry(ex))


def session_group_sets(session: dict[str, Any], group: str) -> float:
    """Fractional hard sets of one group in one session."""
    return float(sum(ex["sets"] * group_weight(ex, group) for ex in session["exercises"] if hard_entry(ex)))
