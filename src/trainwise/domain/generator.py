"""The plan generator: a person's profile and the library in, a multi-week plan out.

Pure domain and deterministic: the same profile, library, start date and seed always give the
same plan. Exercise choice is a scored search, not a template: each session has slots (movement
patterns with a role); every slot takes the best-scoring exercise the person can do safely
(equipment, conditions, level, variety, focus muscles); then sets are balanced against the
weekly volume bands and the time budget. The output is the JSON of docs/plan-format.md.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations, pairwise
from typing import Any

from trainwise.domain import dosing, loads, safety
from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise
from trainwise.domain.profile import DAYS, Profile
from trainwise.domain.rubric import estimate_session_minutes, is_hard

GENERATOR_VERSION = "1"
LEVEL_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2}
BIG3 = ("mcgill-curl-up", "side-plank", "knee-side-plank", "bird-dog")
TRUNK_PATTERNS = ("trunk_anti_extension", "trunk_anti_rotation", "trunk_anti_lateral_flexion")
SEED_CITATION = "Programming advice of the seed pages"


# --------------------------------------------------------------------------- schedule


def choose_days(profile: Profile) -> tuple[str, ...]:
    """The training days: spread as evenly as the available days allow (R20, R21)."""
    days = profile.training_days
    k = min(profile.days_per_week, len(days))
    idx = [DAYS.index(d) for d in days]

    def spread(combo: tuple[int, ...]) -> tuple[int, int, int]:
        gaps = [(combo[(i + 1) % len(combo)] - combo[i]) % 7 or 7 for i in range(len(combo))]
        run = longest_run(combo)
        return (min(gaps), -run, -sum(combo))

    best = max(combinations(idx, k), key=spread)
    return tuple(DAYS[i] for i in best)


def longest_run(combo: Sequence[int]) -> int:
    """Longest streak of consecutive weekdays in ``combo`` (wrapping Sunday to Monday)."""
    present = set(combo)
    if len(present) == 7:
        return 7
    best = 0
    for start in present:
        if (start - 1) % 7 in present:
            continue
        n = 0
        while (start + n) % 7 in present:
            n += 1
        best = max(best, n)
    return best


def session_kinds(days: Sequence[str]) -> list[str]:
    """full / upper / lower per training day so no muscle is trained hard on back-to-back days."""
    idx = [DAYS.index(d) for d in days]
    k = len(idx)
    gaps = [(idx[(i + 1) % k] - idx[i]) % 7 or 7 for i in range(k)]
    if k <= 3 and min(gaps) >= 2:
        return ["full"] * k
    if k == 1:
        return ["full"]
    kinds = ["upper" if i % 2 == 0 else "lower" for i in range(k)]
    if k % 2 == 1 and gaps[-1] < 2:
        kinds[-1] = "light"
    return kinds


# --------------------------------------------------------------------------- choosing exercises


@dataclass
class Context:
    """What selection needs to know, computed once per plan."""

    profile: Profile
    pool: list[Exercise]
    by_slug: dict[str, Exercise]
    tags: frozenset[str]
    patterns: frozenset[str]
    rng: random.Random
    used_week: dict[str, int] = field(default_factory=dict)
    session_axial: bool = False
    jitter: dict[str, float] = field(default_factory=dict)

    def candidates(self, pattern: str, *, categories: tuple[str, ...] = ("strength", "rehab", "balance"),
                   level_slack: int = 0) -> list[Exercise]:
        """Exercises of a pattern the person can do safely at their level."""
        rank = LEVEL_RANK[self.profile.level] + level_slack
        return [e for e in self.pool if pattern in e.patterns and e.category in categories
                and LEVEL_RANK[e.level] <= rank]


def usable(e: Exercise, profile: Profile, tags: frozenset[str], patterns: frozenset[str]) -> bool:
    """Doable with the person's equipment and safe with their conditions."""
    return e.doable_with(profile.equipment) and safety.allowed(e, profile, tags, patterns)


def score(e: Exercise, ctx: Context, slot: Slot) -> float:
    """Higher is better: level fit, the person's equipment, focus, goal, variety."""
    p = ctx.profile
    s = 0.0
    s -= 2.0 * abs(LEVEL_RANK[p.level] - LEVEL_RANK[e.level])
    option = best_option(e, p)
    gear = set(option) - v.ALWAYS_AVAILABLE
    if gear:
        s += 1.5 if p.level != "beginner" or gear & {"dumbbells", "kettlebells", "machines", "cable_machine"} else 0.8
    if p.goal in ("strength", "hypertrophy") and gear & {"barbell", "dumbbells", "kettlebells", "machines",
                                                         "cable_machine", "lever_back_extension_machine"}:
        s += 1.5 + (1.0 if "barbell" in gear and p.level != "beginner" else 0.0)
    if slot.role == "main" and e.joint == "multi":
        s += 1.0
    if slot.prefer_tags and set(slot.prefer_tags) & set(e.tags):
        s += 3.0
    if slot.prefer and e.slug in slot.prefer:
        s += 4.0 - slot.prefer.index(e.slug) * 0.5
    focus = set(p.focus_muscles)
    if focus & set(e.primary_muscles):
        s += 2.0
    if e.category == "rehab" and slot.role in ("main", "accessory") and not p.has_lbp:
        s -= 1.5
    if "unstable_surface" in e.tags and slot.role == "main":
        s -= 1.0
    s -= 3.0 * ctx.used_week.get(e.slug, 0)
    if "heavy_axial_load" in e.tags and ctx.session_axial:
        s -= 4.0  # one heavy spinal load per session is plenty
    if "end_range_spinal_flexion_exercise" in e.tags or "loaded_spinal_flexion" in e.tags:
        s -= 1.0  # spine-sparing trunk work first
    return s + ctx.jitter.setdefault(e.slug, ctx.rng.random() * 0.3)


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


def slots_for(kind: str, variant: int, profile: Profile) -> list[Slot]:
    """The slots of a session kind, most important first."""
    push = ("upper_push_horizontal", "upper_push_vertical")
    pull = ("upper_pull_horizontal", "upper_pull_vertical")
    if variant % 2:
        push, pull = push[::-1], pull[::-1]
    trunk = TRUNK_PATTERNS[variant % 3:] + TRUNK_PATTERNS[: variant % 3]
    back = Slot(("trunk_extension",), "accessory", "lower back",
                prefer=("back-extension-bench", "lever-back-extension", "ball-back-extension", "prone-back-extension",
                        "superman", "bosu-back-extension"))
    acute = safety.treat_as_acute(profile)
    big3 = Slot(TRUNK_PATTERNS, "trunk_endurance", "trunk endurance", prefer=BIG3, prefer_tags=("mcgill_big_three",))
    balance = Slot(("balance",), "balance", "balance", prefer=("single-leg-stand", "tandem-stance", "heel-to-toe-walk"))
    out: list[Slot]
    if kind == "light":
        out = [big3, balance, Slot(("aerobic",), "aerobic", "easy aerobic")]
    elif kind == "upper":
        out = [Slot(pull, "main", "pull"), Slot(push, "main", "push"), Slot(pull[::-1], "accessory", "pull 2"),
               Slot(push[::-1], "accessory", "push 2"), Slot(trunk, "accessory", "trunk"),
               Slot(("isolation_upper",), "accessory", "arms and shoulders", optional=True),
               Slot(("isolation_upper",), "accessory", "arms and shoulders 2", optional=True)]
    elif kind == "lower":
        out = [Slot(("knee_dominant",), "main", "squat"), Slot(("hip_dominant",), "main", "hinge"),
               Slot(trunk, "accessory", "trunk"), Slot(("knee_dominant",), "accessory", "single leg",
                                                       prefer_tags=("unilateral",)),
               Slot(("hip_dominant",), "accessory", "hip 2"),
               Slot(("isolation_lower",), "accessory", "legs", optional=True),
               Slot(trunk[1:] + trunk[:1], "accessory", "trunk 2", optional=True)]
    else:
        out = [Slot(("knee_dominant",), "main", "squat"), Slot(pull, "main", "pull"),
               Slot(("hip_dominant",), "main", "hinge"), Slot(push, "main", "push"),
               Slot(trunk, "accessory", "trunk"),
               Slot(("isolation_upper",), "accessory", "arms and shoulders", optional=True),
               Slot(("isolation_lower",), "accessory", "legs", optional=True),
               Slot(("carry",), "accessory", "carry", optional=True)]
    if kind == "full" and profile.session_minutes < 30 and variant % 3 == 1 and profile.days_per_week > 1:
        out.insert(2, out.pop(4))  # short sessions: trunk before the hinge in one session a week
    if acute:
        out = [s for s in out if s.name not in ("trunk", "trunk 2")]
        other = Slot(TRUNK_PATTERNS, "trunk_endurance", "trunk endurance 2", prefer=BIG3[1:] + BIG3[:1],
                     prefer_tags=("mcgill_big_three",))
        out = [big3, other, *out] if kind != "light" else out
        out.append(Slot(("aerobic",), "aerobic", "easy aerobic", prefer=("brisk-walking", "stationary-cycling")))
    elif profile.goal in ("lower_back_strength", "rehab_back_pain") or profile.has("chronic_lbp"):
        if kind in ("full", "lower"):
            out.insert(3, back)
        out.insert(len(out) - 2, big3)
    if profile.is_older and kind != "light":
        out.insert(2, balance)
    if profile.goal == "fat_loss" and kind != "light":
        out.append(Slot(("aerobic",), "aerobic", "aerobic", optional=True))
    return out


def pick(ctx: Context, slot: Slot, taken: set[str]) -> Exercise | None:
    """The best exercise for a slot not already in the session."""
    categories = ("cardio", "warmup") if slot.role == "aerobic" else (
        ("balance", "strength", "rehab") if slot.role == "balance" else ("strength", "rehab", "balance"))
    for slack in (0, 1, 2):
        found: list[Exercise] = []
        seen: set[str] = set(taken)
        for pattern in slot.patterns:
            for e in ctx.candidates(pattern, categories=categories, level_slack=slack):
                if e.slug not in seen and role_fits(e, slot):
                    seen.add(e.slug)
                    found.append(e)
        if found:
            return max(found, key=lambda e: score(e, ctx, slot) + (0.6 if slot.patterns[0] in e.patterns else 0))
    return None


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


# --------------------------------------------------------------------------- prescriptions


def prescribe(ctx: Context, e: Exercise, slot: Slot, week: int, deload: bool, weeks: int) -> dict[str, Any]:
    """One exercise's entry in a session."""
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
    }
    guide = e.sets_reps.get(p.level) or next(iter(e.sets_reps.values()), None)
    if slot.role == "trunk_endurance":
        sets, reps, hold, rest = dosing.trunk_endurance_dose(p)
        entry.update(sets=sets, reps={"min": reps[0], "max": reps[1]}, hold_s=hold, rest_s=rest, rir=4,
                     load={"type": "bodyweight", "value": None, "pct_1rm": None})
        entry["cues"] = [f"Descending holds: {reps[1]}, then {(reps[0] + reps[1]) // 2}, then {reps[0]} holds of "
                         f"{hold} s, breathing normally.", *entry["cues"]]
    elif slot.role == "aerobic":
        minutes = 10 if p.session_minutes < 45 else 15
        entry.update(sets=1, hold_s=minutes * 60, rest_s=0, rir=None, rpe=3,
                     load={"type": "bodyweight", "value": None, "pct_1rm": None})
        entry["cues"] = ["Easy pace: you can talk in full sentences.", *entry["cues"]]
    elif slot.role == "balance":
        balance_hold = guide.hold_seconds if guide and guide.hold_seconds else None
        entry.update(sets=2, rest_s=30, rir=4, load={"type": "bodyweight", "value": None, "pct_1rm": None})
        if balance_hold:
            entry["hold_s"] = min(30, max(10, balance_hold.min))
        else:
            lo, hi = (guide.reps.min, guide.reps.max) if guide and guide.reps else (8, 12)
            entry["reps"] = {"min": lo, "max": hi}
            entry["tempo"] = "2-0-2-0"
    else:
        dose = dosing.working_dose(p, week, main=slot.role == "main", multi=e.joint == "multi")
        lo, hi = _clamp_reps(dose.reps, guide.reps.min if guide and guide.reps else None,
                             guide.reps.max if guide and guide.reps else None)
        rir = dose.rir
        if safety.treat_as_acute(p) and week <= 2:
            rir = max(rir, 3)
        if p.level == "beginner" or p.has_lbp or p.is_older:
            rir = max(rir, 2 if week > 2 else 3)
        if p.session_minutes < 30:  # short sessions: fewer reps per set, more exercises fit
            hi = min(hi, max(lo + 2, 10))
        rest = min(dose.rest_s, 60) if p.session_minutes < 30 else dose.rest_s
        if e.joint == "multi" and hi <= 6:
            rest = max(rest, 120)
        entry.update(sets=dose.sets, reps={"min": lo, "max": hi}, rir=rir, rest_s=rest, tempo=dose.tempo)
        if "carry" in e.patterns or (_is_hold(e) and guide and guide.hold_seconds):
            span = guide.hold_seconds if guide and guide.hold_seconds else None
            entry.update(reps=None, hold_s=min(45, span.max) if span else 30, tempo=None)
        deload_weeks = {w for w in range(1, weeks + 1) if dosing.is_deload_week(p, weeks, w)}
        entry["load"], entry["ramp_sets"] = loads.prescribe_load(p, e, option, entry, week, deload_weeks)
        hint = loads.equipment_hint(p, option, entry["rir"]) if entry["load"]["type"] == "rpe_only" else None
        if hint:
            entry["cues"].insert(0, hint)
    if deload:
        apply_deload(entry)
    entry["pain_monitored"] = any(rb.loads_region(entry, r) for r in rb.painful_regions(p))
    entry["why"] = why(ctx, e, slot, option, entry)
    return entry


def _clamp_reps(target: tuple[int, int], lo: int | None, hi: int | None) -> tuple[int, int]:
    """The exercise's own rep guidance clamped into the T1 target range."""
    if lo is None or hi is None:
        return target
    a, b = max(lo, target[0]), min(hi, target[1])
    return (a, b) if b - a >= 2 else target


def apply_deload(entry: dict[str, Any]) -> None:
    """Deload: about half the sets, RIR +2 (R18; loads are eased in loads.prescribe_load)."""
    if entry["role"] in ("main", "accessory"):
        entry["sets"] = max(1, round(entry["sets"] * 0.55))
        if entry.get("rir") is not None:
            entry["rir"] = min(4, entry["rir"] + 2)


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


# --------------------------------------------------------------------------- sessions


def warmup(ctx: Context, kind: str, minutes: int, first: dict[str, Any] | None) -> dict[str, Any]:
    """General then dynamic warm-up, plus lighter sets of the first lift when it is loaded."""
    p = ctx.profile
    general_min, dynamic_min = dosing.warmup_minutes(minutes)
    general = next((ctx.by_slug[s] for s in ("stationary-cycling", "rowing-machine", "brisk-walking", "marching-in-place")
                    if s in ctx.by_slug and ctx.by_slug[s].doable_with(p.equipment)
                    and safety.allowed(ctx.by_slug[s], p, ctx.tags, frozenset())), None)
    items: list[dict[str, Any]] = [{
        "name": f"{general.name}, easy pace" if general else "Easy marching on the spot",
        "id": general.slug if general else None, "type": "general", "minutes": general_min}]
    dynamic_pool = {"upper": ("arm-circles", "scapular-wall-slide", "thoracic-open-book", "cat-camel"),
                    "lower": ("leg-swings", "hip-circles", "walking-knee-hug", "cat-camel"),
                    }.get(kind, ("cat-camel", "leg-swings", "arm-circles", "hip-circles"))
    chosen = [ctx.by_slug[s] for s in dynamic_pool if s in ctx.by_slug and ctx.by_slug[s].doable_with(p.equipment)
              and safety.allowed(ctx.by_slug[s], p, ctx.tags, frozenset())][:2]
    for i, ex in enumerate(chosen):
        share = dynamic_min - (len(chosen) - 1) * (dynamic_min // len(chosen)) if i == 0 else dynamic_min // len(chosen)
        if share > 0:
            items.append({"name": ex.name, "id": ex.slug, "type": "dynamic", "minutes": share})
    if first is not None and first.get("ramp_sets"):
        ramp = ", ".join(f"{r['reps']} × {r['load_kg']:g} kg" for r in first["ramp_sets"])
        items.append({"name": f"{first['name']} ramp-up sets: {ramp}", "id": first["id"], "type": "specific",
                      "minutes": 0})
    return {"minutes": general_min + dynamic_min, "items": items}


def cooldown(ctx: Context, budget_left: float) -> dict[str, Any]:
    """An optional few minutes of mobility (the roll-ball erector spinae when there is a ball)."""
    if budget_left < 3:
        return {"minutes": 0, "items": []}
    p = ctx.profile
    pool = ("roll-ball-erector-spinae", "knees-to-chest-stretch", "childs-pose", "supine-hamstring-stretch",
            "figure-four-stretch", "half-kneeling-hip-flexor-stretch")
    picks = [ctx.by_slug[s] for s in pool if s in ctx.by_slug and ctx.by_slug[s].doable_with(p.equipment)
             and safety.allowed(ctx.by_slug[s], p, ctx.tags, ctx.patterns)
             and not (p.has("acute_lbp") and s == "roll-ball-erector-spinae")][:2]
    minutes = 3 if budget_left < 5 else 4
    items = [{"name": e.name, "id": e.slug, "type": "mobility" if e.category == "mobility" else "static",
              "minutes": minutes // len(picks) + (minutes % len(picks) if i == 0 else 0)}
             for i, e in enumerate(picks)] if picks else []
    return {"minutes": minutes if items else 0, "items": items}


def build_session(ctx: Context, kind: str, variant: int, week: int, deload: bool, weeks: int,
                  chosen: list[tuple[Exercise, Slot]] | None = None
                  ) -> tuple[dict[str, Any], list[tuple[Exercise, Slot]]]:
    """One session within the time budget, exercises in a sound order (R25).

    ``chosen`` repeats a block's exercise selection (progression needs the same exercises);
    without it, each slot is filled by the best-scoring exercise. Returns the session and
    the selection it used.
    """
    p = ctx.profile
    budget = p.session_minutes
    taken: set[str] = set()
    exercises: list[dict[str, Any]] = []
    wu_general, wu_dynamic = dosing.warmup_minutes(budget)
    session: dict[str, Any] = {"warmup": {"minutes": wu_general + wu_dynamic, "items": []},
                               "cooldown": {"minutes": 0, "items": []}, "exercises": exercises}
    selection: list[tuple[Exercise, Slot]] = []
    plan_slots: list[tuple[Exercise | None, Slot]] = (
        list(chosen) if chosen is not None else [(None, slot) for slot in slots_for(kind, variant, p)])
    ctx.session_axial = False
    for fixed, slot in plan_slots:
        e = fixed or pick(ctx, slot, taken)
        if e is None:
            continue
        entry = prescribe(ctx, e, slot, week, deload, weeks)
        entry["_optional"] = slot.optional
        exercises.append(entry)
        if chosen is None and estimate_session_minutes(session) > budget:
            _try_superset(exercises, entry)
        if chosen is None and estimate_session_minutes(session) > budget:
            if entry["sets"] > 1 and entry["role"] in ("main", "accessory"):
                while entry["sets"] > 1 and estimate_session_minutes(session) > budget:
                    entry["sets"] -= 1
            if estimate_session_minutes(session) > budget:
                _unpair(exercises, exercises.pop())
                continue
        taken.add(e.slug)
        selection.append((e, slot))
        ctx.session_axial |= "heavy_axial_load" in e.tags
    order_exercises(exercises)
    first = next((x for x in exercises if x["role"] == "main"), None)
    session["warmup"] = warmup(ctx, kind, budget, first)
    session["cooldown"] = cooldown(ctx, budget - estimate_session_minutes(session))
    return session, selection


def _try_superset(exercises: list[dict[str, Any]], entry: dict[str, Any]) -> None:
    """Pair working exercises that train different muscles into supersets (saves the rest and
    set-up of one exercise per pair; R11 allows it for non-overlapping muscles)."""
    free = [ex for ex in exercises if ex["role"] in ("main", "accessory") and not ex.get("superset_group")]
    used = {ex["superset_group"] for ex in exercises if ex.get("superset_group")}
    letters = iter(x for x in "ABCDEFGH" if x not in used)
    for i, a in enumerate(free):
        if a.get("superset_group"):
            continue
        for b in free[i + 1:]:
            if b.get("superset_group") or set(_weights(a)) & set(_weights(b)) or a["sets"] != b["sets"]:
                continue
            a["superset_group"] = b["superset_group"] = next(letters)
            a["rest_s"] = b["rest_s"] = max(a["rest_s"], b["rest_s"])
            break


def _unpair(exercises: list[dict[str, Any]], gone: dict[str, Any]) -> None:
    """Remove the superset partner link of an exercise taken out of a session."""
    for ex in exercises:
        if gone.get("superset_group") and ex.get("superset_group") == gone["superset_group"]:
            ex["superset_group"] = None


ROLE_ORDER = {"trunk_endurance": 0, "balance": 1, "main": 2, "accessory": 3, "aerobic": 5}


def order_exercises(exercises: list[dict[str, Any]]) -> None:
    """Balance and McGill drills first (activation), then main lifts, multi- before single-joint,
    heavier before lighter; aerobic last. Sets ``order``."""
    def key(ex: dict[str, Any]) -> tuple[int, int, int, int]:
        role = ROLE_ORDER.get(ex["role"], 4)
        if ex["role"] == "accessory" and ex["pattern"].startswith("trunk"):
            role = 4
        multi = 0 if ex["joint"] == "multi" else 1
        reps = ex["reps"]["max"] if ex.get("reps") else 99
        return (role, multi, reps, 0)

    exercises.sort(key=key)
    for i, ex in enumerate(exercises, 1):
        ex["order"] = i


# --------------------------------------------------------------------------- plan


def suspended_plan(profile: Profile, start: date, seed: int) -> dict[str, Any]:
    """No training plan: a referral instead (rubric R1)."""
    referral = safety.referral_for(profile)
    return {**_header(profile, start, seed), "status": "suspended", "referral": referral.as_dict(),
            "safety_notes": safety.safety_notes(profile), "weeks": [], "home_drills": [],
            "weekly_aerobic_minutes": 0, "pain_monitoring": {"enabled": False, "regions": [], "instructions": ""}}


def _header(profile: Profile, start: date, seed: int) -> dict[str, Any]:
    return {"id": None, "profile_id": profile.id, "level": profile.level, "goal": profile.goal,
            "start": start.isoformat(), "seed": seed, "generator_version": GENERATOR_VERSION,
            "warnings": list(profile.warnings), "flags": []}


def generate_plan(profile: Profile, exercises: Sequence[Exercise], *, start: date, seed: int = 0,
                  weeks: int | None = None) -> dict[str, Any]:
    """A multi-week plan (the JSON of docs/plan-format.md) for ``profile`` from ``exercises``."""
    if safety.is_suspended(profile):
        return suspended_plan(profile, start, seed)
    n_weeks = weeks or profile.weeks
    tags = safety.excluded_tags(profile)
    patterns = safety.excluded_patterns(profile)
    pool = sorted((e for e in exercises if usable(e, profile, tags, patterns)), key=lambda e: e.slug)
    ctx = Context(profile, pool, {e.slug: e for e in exercises}, tags, patterns, random.Random(seed))
    days = choose_days(profile)
    kinds = session_kinds(days)
    plan = {**_header(profile, start, seed), "status": "active",
            "referral": safety.referral_for(profile).as_dict(), "safety_notes": safety.safety_notes(profile)}
    plan["warnings"] += [f"could not match the provocative movement '{t}' to exercises; tell your trainer"
                         for t in safety.unmatched_provocations(profile)]
    plan["weeks"] = []
    selections: dict[tuple[int, int], list[tuple[Exercise, Slot]]] = {}
    repaired: set[int] = set()
    max_sets = _max_sets(profile)
    for week in range(1, n_weeks + 1):
        deload = dosing.is_deload_week(profile, n_weeks, week)
        block = (week - 1) // 4
        sessions = []
        ctx.used_week = {}
        for i, (day, kind) in enumerate(zip(days, kinds, strict=True)):
            session, chosen = build_session(ctx, kind, i + block, week, deload, n_weeks, selections.get((block, i)))
            session["_week"], session["_weeks"] = week, n_weeks
            selections.setdefault((block, i), chosen)
            for ex in session["exercises"]:
                ctx.used_week[ex["id"]] = ctx.used_week.get(ex["id"], 0) + 1
            sessions.append({"day": day, "date": _date(start, week, day).isoformat(),
                             "title": _title(kind, i, kinds), **session})
        wk = {"week": week, "is_deload": deload, "note": week_note(profile, week, deload), "sessions": sessions}
        if block not in repaired and not deload:
            repaired.add(block)
            added: dict[int, list[tuple[Exercise, Slot]]] = {}
            balance_week(wk, profile)
            repair_week(wk, ctx, added, max_sets)
            for i, extra in added.items():
                selections[(block, i)] = selections[(block, i)] + extra
        plan["weeks"].append(wk)
    plan["_budget"] = profile.session_minutes
    copy_block_sets(plan)
    del plan["_budget"]
    match_deloads(plan)
    for wk in plan["weeks"]:
        for s in wk["sessions"]:
            s.pop("_week", None)
            s.pop("_weeks", None)
            for ex in s["exercises"]:
                ex.pop("_optional", None)
                ex.pop("_w", None)
            s["estimated_minutes"] = round(estimate_session_minutes(s), 1)
    plan.update(_extras(plan, profile, ctx, days))
    return plan


def _date(start: date, week: int, day: str) -> date:
    first = start + timedelta(days=7 * (week - 1))
    return first + timedelta(days=(DAYS.index(day) - first.weekday()) % 7)


def _title(kind: str, index: int, kinds: Sequence[str]) -> str:
    names = {"full": "Full body", "upper": "Upper body", "lower": "Lower body and trunk", "light": "Light day"}
    same = [i for i, k in enumerate(kinds) if k == kind]
    letter = "ABCDEFG"[same.index(index)] if len(same) > 1 else ""
    return f"{names[kind]} {letter}".strip()


def week_note(profile: Profile, week: int, deload: bool) -> str:
    """What the week is about, in a sentence."""
    if deload:
        return "Deload week: about half the sets and lighter effort, same exercises, to recover and adapt."
    if week <= 2:
        return "Learn the movements with control; finish every set with 3 or more reps in reserve."
    return ("Add a rep to each set when all sets reached the top of the range last time; once they all do, "
            "add a set or a little load (reps, then sets, then load).")


def _extras(plan: dict[str, Any], profile: Profile, ctx: Context, days: Sequence[str]) -> dict[str, Any]:
    regions = rb.painful_regions(profile)
    monitoring = {"enabled": bool(regions) or profile.has_lbp, "regions": list(regions),
                  "instructions": ("Rate your pain from 0 to 10 before, during and the morning after each session "
                                   "for: " + ", ".join(v.REGIONS.get(r).name.lower() for r in regions) + ".")
                  if regions else ""}
    drills: list[dict[str, Any]] = []
    aerobic = 0
    if safety.treat_as_acute(profile) or profile.goal == "rehab_back_pain":
        off = [d for d in DAYS if d not in days]
        big3 = [ctx.by_slug[s] for s in ("mcgill-curl-up", "bird-dog", "knee-side-plank", "side-plank")
                if s in ctx.by_slug and usable(ctx.by_slug[s], profile, ctx.tags, ctx.patterns)]
        session_days = len(days)
        need = max(0, 3 - session_days)
        drill_days = off[::2][:max(need, 2)] if off else []
        for e in big3[:3]:
            sets, reps, hold, _ = dosing.trunk_endurance_dose(profile)
            drills.append({"id": e.slug, "name": e.name, "days": drill_days, "sets": sets,
                           "reps": {"min": reps[0], "max": reps[1]}, "hold_s": hold,
                           "why": "Home drill on days without a session: McGill-style trunk endurance, "
                                  "spine-sparing, to keep your back moving and supported."})
        aerobic = 90
    elif profile.has_lbp:
        aerobic = 60
    return {"pain_monitoring": monitoring, "home_drills": drills, "weekly_aerobic_minutes": aerobic}


def _max_sets(profile: Profile) -> int:
    if profile.is_older_beginner:
        return 2
    return 5 if profile.level == "advanced" else (4 if profile.level == "intermediate" else 3)


def balance_week(wk: dict[str, Any], profile: Profile) -> None:
    """Tune sets so each major group lands in its weekly band (T2), within the time budget
    and the T1 set limits: trim optional extras and surplus sets where a group is over, add
    sets where one is under, then use spare minutes for more sets of the main lifts."""
    low, high = rb.volume_band(profile)
    high = min(high, rb.volume_cap(profile))
    max_sets = _max_sets(profile)
    acute = safety.treat_as_acute(profile)
    for _ in range(80):
        volume = weekly_volume(wk)
        over = [g for g in v.MAJOR_MUSCLE_GROUPS if volume.get(g, 0.0) > high]
        under = [g for g in v.MAJOR_MUSCLE_GROUPS if volume.get(g, 0.0) < low and not (g == "trunk" and acute)]
        changed = False
        for g in over:
            changed |= _trim(wk, g, volume, low)
        for g in under:
            changed |= _add_set(wk, g, profile, max_sets, high)
        if not changed:
            break
    _fill_time(wk, profile, max_sets, high)


def copy_block_sets(plan: dict[str, Any]) -> None:
    """Later weeks of a block repeat the sets of its first (tuned) week."""
    tuned: dict[int, dict[tuple[str, str], tuple[int, str | None, int]]] = {}
    for wk in plan["weeks"]:
        block = (wk["week"] - 1) // 4
        if block not in tuned:
            if not wk["is_deload"]:
                tuned[block] = {(s["day"], ex["id"]): (ex["sets"], ex.get("superset_group"), ex["rest_s"])
                                for s in wk["sessions"] for ex in s["exercises"]}
            continue
        for s in wk["sessions"]:
            s["exercises"][:] = [ex for ex in s["exercises"] if (s["day"], ex["id"]) in tuned[block]]
            for ex in s["exercises"]:
                sets, group, rest = tuned[block][(s["day"], ex["id"])]
                ex["superset_group"] = group
                if group:
                    ex["rest_s"] = rest
                if not wk["is_deload"]:
                    ex["sets"] = sets
            while estimate_session_minutes(s) > wk_budget(plan) and _trim_any(s):
                pass


def wk_budget(plan: dict[str, Any]) -> float:
    return float(plan["_budget"])


def _trim_any(s: dict[str, Any]) -> bool:
    cut = [ex for ex in s["exercises"] if is_hard(ex) and ex["sets"] > 1]
    if not cut:
        return False
    max(cut, key=lambda ex: (ex["role"] == "accessory", ex["sets"]))["sets"] -= 1
    return True


def _trim(week: dict[str, Any], group: str, volume: dict[str, float], low: float) -> bool:
    """Lower one over-band group: drop an optional extra, else one surplus set."""
    for s in week["sessions"]:
        for ex in s["exercises"]:
            if ex.get("_optional") and _group_weight(ex, group) > 0 and all(
                    volume.get(str(g), 0.0) - ex["sets"] * _group_weight(ex, str(g)) >= low
                    for g in _groups(ex)):
                s["exercises"].remove(ex)
                order_exercises(s["exercises"])
                return True
    candidates = [ex for s in week["sessions"] for ex in s["exercises"]
                  if is_hard(ex) and _group_weight(ex, group) > 0 and ex["sets"] > (2 if ex["role"] == "main" else 1)]
    if not candidates:
        return False
    ex = max(candidates, key=lambda x: (x["role"] == "accessory", x["sets"], _group_weight(x, group)))
    ex["sets"] -= 1
    return True


def _groups(ex: dict[str, Any]) -> set[str]:
    return set(_weights(ex))


def _fill_time(week: dict[str, Any], profile: Profile, max_sets: int, high: float) -> None:
    """Spend spare minutes on extra sets of main then accessory lifts, staying in band."""
    for role in ("main", "accessory"):
        for s in week["sessions"]:
            for ex in s["exercises"]:
                if ex["role"] != role or not is_hard(ex):
                    continue
                while ex["sets"] < max_sets:
                    ex["sets"] += 1
                    volume = weekly_volume(week)
                    if estimate_session_minutes(s) > profile.session_minutes or any(
                            volume.get(g, 0.0) > high for g in _groups(ex) if g in v.MAJOR_MUSCLE_GROUPS) or \
                            _session_group_max(s) > 9:
                        ex["sets"] -= 1
                        break


def _session_group_max(session: dict[str, Any]) -> float:
    return max((_session_group_sets(session, g) for g in v.MAJOR_MUSCLE_GROUPS), default=0.0)


PUSH = ("upper_push_horizontal", "upper_push_vertical")
PULL = ("upper_pull_horizontal", "upper_pull_vertical")


def repair_week(wk: dict[str, Any], ctx: Context, added: dict[int, list[tuple[Exercise, Slot]]],
                max_sets: int) -> None:
    """Make a block's first week meet the coverage rules the slots alone may miss: each major
    group trained in two sessions (R19), every pattern in the week (R22), push:pull and
    knee:hip balance (R23, R24). Exercises it adds are recorded in ``added`` per session."""
    p = ctx.profile
    sessions = wk["sessions"]
    acute = safety.treat_as_acute(p)
    if len(sessions) >= 2:
        for g in v.MAJOR_MUSCLE_GROUPS:
            if g == "trunk" and acute:
                continue
            for _ in range(3):
                trained = [s for s in sessions if _session_group_sets(s, g) >= 2]
                if len(trained) >= 2:
                    break
                todo = sorted((s for s in sessions if s not in trained),
                              key=lambda s: estimate_session_minutes(s) - p.session_minutes)
                if not any(_raise_group(s, g, ctx, added, max_sets, sessions.index(s)) for s in todo):
                    break
    for g in v.MAJOR_MUSCLE_GROUPS:
        floor = rb.volume_floor(p, int(wk["week"]), g)
        for s in sorted(sessions, key=estimate_session_minutes):
            if weekly_volume(wk).get(g, 0.0) >= floor:
                break
            need = _session_group_sets(s, g) + floor - weekly_volume(wk).get(g, 0.0)
            _raise_group(s, g, ctx, added, max_sets, sessions.index(s), target=need)
    needs: tuple[tuple[str, ...], ...] = (("knee_dominant",), PUSH, PULL, ("hip_dominant",), TRUNK_PATTERNS)
    for pattern_need in needs:
        if not any(ex["pattern"] in pattern_need for s in sessions for ex in s["exercises"] if ex["role"] != "trunk_endurance"
                   or pattern_need == TRUNK_PATTERNS):
            for s in sorted(sessions, key=lambda s: estimate_session_minutes(s)):
                if _add_exercise(s, ctx, added, sessions.index(s), patterns=pattern_need):
                    break
    _ratio(sessions, PUSH, PULL, 0.8, 1.25, p, max_sets)
    _ratio(sessions, ("knee_dominant",), ("hip_dominant",), 0.67, 1.5, p, max_sets)


def _pattern_sets(sessions: list[dict[str, Any]], patterns: tuple[str, ...]) -> int:
    return sum(ex["sets"] for s in sessions for ex in s["exercises"] if is_hard(ex) and ex["pattern"] in patterns)


def _ratio(sessions: list[dict[str, Any]], top: tuple[str, ...], bottom: tuple[str, ...], low: float, high: float,
           p: Profile, max_sets: int) -> None:
    """Add sets to the smaller side (time allowing) or trim the larger one until the ratio fits."""
    for _ in range(12):
        a, b = _pattern_sets(sessions, top), _pattern_sets(sessions, bottom)
        if not a or not b or low <= a / b <= high:
            return
        small, big = (top, bottom) if a / b < low else (bottom, top)
        grown = False
        for s in sessions:
            for ex in s["exercises"]:
                if is_hard(ex) and ex["pattern"] in small and ex["sets"] < max_sets:
                    ex["sets"] += 1
                    if estimate_session_minutes(s) <= p.session_minutes:
                        grown = True
                        break
                    ex["sets"] -= 1
            if grown:
                break
        if grown:
            continue
        cut = [ex for s in sessions for ex in s["exercises"] if is_hard(ex) and ex["pattern"] in big and ex["sets"] > 1]
        if not cut:
            return
        max(cut, key=lambda ex: ex["sets"])["sets"] -= 1


def _raise_group(s: dict[str, Any], g: str, ctx: Context, added: dict[int, list[tuple[Exercise, Slot]]],
                 max_sets: int, index: int, target: float = 2.0) -> bool:
    """Bring a session to ``target`` hard sets for group ``g``: more sets, or one more exercise."""
    budget = ctx.profile.session_minutes
    for ex in sorted(s["exercises"], key=lambda ex: -_group_weight(ex, g)):
        w = _group_weight(ex, g)
        if not is_hard(ex) or w == 0:
            continue
        before = ex["sets"]
        while _session_group_sets(s, g) < target and ex["sets"] < max_sets:
            ex["sets"] += 1
        if _session_group_sets(s, g) >= target and estimate_session_minutes(s) <= budget:
            return True
        ex["sets"] = before
    return _add_exercise(s, ctx, added, index, group=g)


def _add_exercise(s: dict[str, Any], ctx: Context, added: dict[int, list[tuple[Exercise, Slot]]], index: int, *,
                  group: str | None = None, patterns: tuple[str, ...] = ()) -> bool:
    """Add the best accessory for a group or pattern to a session, dropping an optional extra
    if that is what it takes to stay within the time budget."""
    p = ctx.profile
    taken = {ex["id"] for ex in s["exercises"]}
    wanted = [e for e in ctx.pool if e.slug not in taken and e.category in ("strength", "rehab") and not _is_hold(e)
              and LEVEL_RANK[e.level] <= LEVEL_RANK[p.level] + 1
              and (not group or any(rb.muscle_group(m) == group for m in e.primary_muscles))
              and (not patterns or set(patterns) & set(e.patterns))]
    if not wanted:
        return False
    slot = Slot(patterns or tuple(wanted[0].patterns[:1]), "accessory", group or patterns[0])
    e = max(wanted, key=lambda e: score(e, ctx, slot))
    slot = Slot(tuple(pt for pt in e.patterns if pt != "trunk_extension") or e.patterns[:1], "accessory",
                group or patterns[0])
    week = int(s.get("_week", 1))
    entry = prescribe(ctx, e, slot, week, False, int(s.get("_weeks", 8)))
    entry["sets"] = 2 if not group or _group_weight(entry, group) >= 1 else 4
    s["exercises"].append(entry)
    while estimate_session_minutes(s) > p.session_minutes:
        optional = [ex for ex in s["exercises"] if ex.get("_optional") and ex is not entry]
        if optional:
            s["exercises"].remove(optional[-1])
            continue
        surplus = [ex for ex in s["exercises"] if ex is not entry and is_hard(ex) and ex["sets"] > 2]
        if surplus:
            max(surplus, key=lambda ex: ex["sets"])["sets"] -= 1
            continue
        if entry["sets"] > 1 and (not group or entry["sets"] * _group_weight(entry, group) > 2):
            entry["sets"] -= 1
            continue
        s["exercises"].remove(entry)
        return False
    order_exercises(s["exercises"])
    added.setdefault(index, []).append((e, slot))
    return True


def match_deloads(plan: dict[str, Any]) -> None:
    """A deload week keeps about 55 % of the previous week's sets for each exercise (R18)."""
    weeks = plan["weeks"]
    for prev, wk in pairwise(weeks):
        if not wk["is_deload"] or prev["is_deload"]:
            continue
        before = {(s["day"], ex["id"]): ex["sets"] for s in prev["sessions"] for ex in s["exercises"]}
        for s in wk["sessions"]:
            for ex in s["exercises"]:
                if ex["role"] in ("main", "accessory") and (s["day"], ex["id"]) in before:
                    ex["sets"] = max(1, round(before[(s["day"], ex["id"])] * 0.55))


def _weights(ex: dict[str, Any]) -> dict[str, float]:
    """The rubric's group weights of an entry (rubric.exercise_groups), cached on the entry
    while the generator tunes sets (removed before the plan is returned)."""
    cached = ex.get("_w")
    if cached is None:
        cached = ex["_w"] = rb.exercise_groups(ex)
    return cached


def _group_weight(ex: dict[str, Any], group: str) -> float:
    return _weights(ex).get(group, 0.0)


def weekly_volume(week: dict[str, Any]) -> dict[str, float]:
    """Fractional hard sets per rubric group for a week: rubric.weekly_volume with the group
    weights cached per entry, since set tuning recomputes it many times."""
    out: dict[str, float] = {}
    for s in week["sessions"]:
        for ex in s["exercises"]:
            if is_hard(ex):
                for g, w in _weights(ex).items():
                    out[g] = out.get(g, 0.0) + ex["sets"] * w
    return out


def _session_group_sets(session: dict[str, Any], group: str) -> float:
    return float(sum(ex["sets"] * _group_weight(ex, group) for ex in session["exercises"] if is_hard(ex)))


def _add_set(week: dict[str, Any], group: str, profile: Profile, max_sets: int, high: float) -> bool:
    """One more set for an under-band group, where time and the other groups allow."""
    best: tuple[float, dict[str, Any]] | None = None
    for s in week["sessions"]:
        if _session_group_sets(s, group) >= 9:
            continue
        for ex in s["exercises"]:
            if not is_hard(ex) or _group_weight(ex, group) < 1.0 or ex["sets"] >= max_sets:
                continue
            ex["sets"] += 1
            volume = weekly_volume(week)
            fits = estimate_session_minutes(s) <= profile.session_minutes and not any(
                volume.get(g, 0.0) > high for g in _groups(ex) if g != group and g in v.MAJOR_MUSCLE_GROUPS)
            ex["sets"] -= 1
            if fits and (best is None or ex["sets"] < best[0]):
                best = (ex["sets"], ex)
    if best is None:
        return False
    best[1]["sets"] += 1
    return True
