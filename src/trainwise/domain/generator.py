"""The plan generator: a person's profile and the library in, a multi-week plan out.

Pure domain and deterministic: the same profile, library, start date and seed always give the
same plan. Exercise choice is a scored search, not a template: each session has slots (movement
patterns with a role); every slot takes the best-scoring exercise the person can do safely
(equipment, conditions, level, variety, focus muscles). A 4-week block is built once as a
template week whose sets are then tuned against the rubric (``Tuner``): the time budget, the
weekly volume band and cap (T2), two sessions per muscle group (R19), 48 h between hard sessions
(R20), every movement pattern (R22) and balanced push:pull and knee:hip work (R23, R24). Each
week of the block repeats the template with that week's reps, effort and loads. The output is
the JSON of docs/plan-format.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations
from typing import Any

from trainwise.domain import dosing, loads, safety
from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, SetsReps
from trainwise.domain.profile import DAYS, Profile
from trainwise.domain.rubric import estimate_session_minutes, is_hard

GENERATOR_VERSION = "2"
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
MMG = v.MAJOR_MUSCLE_GROUPS
UPPER_GROUPS = ("chest", "upper_back", "shoulders")
LOWER_GROUPS = ("quadriceps", "hamstrings", "glutes")
#: Which session kinds train the upper-body groups, the lower-body groups and the trunk hard.
KIND_TRAINS = {"full": ("upper", "lower", "trunk"), "upper": ("upper", "trunk"), "lower": ("lower", "trunk"),
               "light": ()}
#: Which session kinds an added exercise for a pattern family belongs in.
FAMILY_KINDS = {"knee_dominant": ("full", "lower"), "hip_dominant": ("full", "lower"),
                "upper_push": ("full", "upper"), "upper_pull": ("full", "upper"),
                "trunk": ("full", "lower", "upper")}
SESSION_GROUP_MAX = 9.0  # HOUSE: R16 asks for <= 10 hard sets per group and session
SPACED_GROUP_MAX = 7.5  # R20 SHOULD: < 8 sets when another hard session for the group is within 72 h
LIGHT_GROUP_MAX = 3.5  # R20 MUST: < 4 sets when another session for the group is within 48 h
TRAINED_SETS = 2.0  # R19: a group is trained in a session with >= 2 hard sets
SHORT_SESSION_SHARE = 0.6  # R4 SHOULD: sessions use at least 60 % of the time
EPS = 1e-9


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


def _distance(idx: Sequence[int], i: int, j: int) -> int:
    """Days between sessions i and j of a repeating week (7 for a session and itself)."""
    if i == j:
        return 7
    forward = (idx[j] - idx[i]) % 7
    return min(forward, 7 - forward)


def _members(mask: int, k: int) -> list[int]:
    return [i for i in range(k) if mask >> i & 1]


def _hard_members(idx: tuple[int, ...], mask: int) -> list[int]:
    """Sessions of ``mask`` that may train a group hard: no two of them on consecutive days (R20)."""
    members = _members(mask, len(idx))
    crowded = sorted(members, key=lambda i: (sum(_distance(idx, i, j) <= 1 for j in members if j != i), i))
    hard: list[int] = []
    for i in crowded:
        if all(_distance(idx, i, j) > 1 for j in hard):
            hard.append(i)
    return hard


def _member_limits(idx: tuple[int, ...], mask: int) -> dict[int, float]:
    """Hard sets per session a group may get in the sessions of ``mask`` (R16, R20)."""
    hard = _hard_members(idx, mask)
    out = {}
    for i in _members(mask, len(idx)):
        if i not in hard:
            out[i] = LIGHT_GROUP_MAX
        elif any(_distance(idx, i, j) <= 2 for j in hard if j != i):
            out[i] = SPACED_GROUP_MAX
        else:
            out[i] = SESSION_GROUP_MAX
    return out


@lru_cache(maxsize=256)
def _kinds_for(idx: tuple[int, ...], older: bool, target: float) -> tuple[str, ...]:
    """The session kinds that train every group in two sessions (R19) with the most usable weekly
    capacity, no back-to-back resistance days for older adults (R21), and the fewest light days."""
    k = len(idx)
    if k == 1:
        return ("full",)
    if k <= 3 and all(_distance(idx, i, (i + 1) % k) >= 2 for i in range(k)):
        return ("full",) * k
    full = (1 << k) - 1
    capacity = [min(sum(_member_limits(idx, m).values()), target) for m in range(full + 1)]
    count = [bin(m).count("1") for m in range(full + 1)]
    adjacent = [sum(1 for i, j in combinations(_members(m, k), 2) if _distance(idx, i, j) <= 1)
                for m in range(full + 1)]
    best: tuple[float, ...] = ()
    choice = (full, full)
    for upper in range(1, full + 1):
        for lower in range(1, full + 1):
            both = upper | lower
            key = (min(count[upper], 2) + min(count[lower], 2), -adjacent[both] if older else 0,
                   capacity[upper] + capacity[lower] + capacity[both], count[both],
                   -adjacent[upper] - adjacent[lower], -abs(count[upper] - count[lower]),
                   -count[upper] - count[lower])
            if key > best:
                best, choice = key, (upper, lower)
    upper, lower = choice
    names = {(True, True): "full", (True, False): "upper", (False, True): "lower", (False, False): "light"}
    return tuple(names[(bool(upper >> i & 1), bool(lower >> i & 1))] for i in range(k))


def session_kinds(days: Sequence[str], profile: Profile | None = None) -> list[str]:
    """full / upper / lower / light per training day (see ``_kinds_for``)."""
    idx = tuple(DAYS.index(d) for d in days)
    older = profile is not None and profile.is_older
    target = min(rb.volume_band(profile)[1], rb.volume_cap(profile)) if profile is not None else 12.0
    return list(_kinds_for(idx, older, target))


def group_limits(days: Sequence[str], kinds: Sequence[str]) -> list[dict[str, float]]:
    """Per session, the hard sets each major group may get (R16, R20): full where the session
    trains the group and no neighbour within 48 h does, light (< 4) elsewhere."""
    idx = tuple(DAYS.index(d) for d in days)
    out = [dict.fromkeys(MMG, LIGHT_GROUP_MAX) for _ in days]
    for g in MMG:
        family = _group_family(g)
        mask = sum(1 << i for i, kind in enumerate(kinds) if family in KIND_TRAINS[kind])
        for i, limit in _member_limits(idx, mask).items():
            out[i][g] = limit
    return out


def _group_family(group: str) -> str:
    return "upper" if group in UPPER_GROUPS else "lower" if group in LOWER_GROUPS else "trunk"


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

    def candidates(self, pattern: str, *, categories: tuple[str, ...] = ("strength", "rehab", "balance"),
                   level_slack: int = 0) -> list[Exercise]:
        """Exercises of a pattern the person can do safely at their level."""
        rank = LEVEL_RANK[self.profile.level] + level_slack
        return [e for e in self.pool if pattern in e.patterns and e.category in categories
                and LEVEL_RANK[e.level] <= rank]

    def allowed(self, e: Exercise, *, patterns: bool = True) -> bool:
        """Doable with the person's equipment and safe with their conditions and provocations."""
        return e.doable_with(self.profile.equipment) and safety.allowed(
            e, self.profile, self.tags, self.patterns if patterns else frozenset(), self.names)


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
    s -= 3.0 * ctx.used_week.get(e.slug, 0)
    if "heavy_axial_load" in e.tags and ctx.session_axial:
        s -= 4.0  # one heavy spinal load per session is plenty
    if {"end_range_spinal_flexion_exercise", "loaded_spinal_flexion", "loaded_spinal_rotation"} & set(e.tags):
        s -= 1.5  # spine-sparing trunk work first
    return s + ctx.jitter.setdefault(e.slug, ctx.rng.random() * 0.3)


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


def pick(ctx: Context, slot: Slot, taken: set[str]) -> Exercise | None:
    """The best exercise for a slot not already in the session (and, for McGill drills, of a
    drill kind the session does not have yet)."""
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
    if _wants_load(ctx, slot) and not any(_carries_load(e, ctx.profile) for e in found):
        found += [e for e in _slot_candidates(ctx, slot, taken, categories, 1, kinds_taken)
                  if _carries_load(e, ctx.profile) and e not in found]
    return max(found, key=lambda e: score(e, ctx, slot) + (0.6 if slot.patterns[0] in e.patterns else 0))


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


def _carries_load(e: Exercise, p: Profile) -> bool:
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


def _guide(e: Exercise, p: Profile) -> SetsReps | None:
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
        _dose_aerobic(entry, aerobic_minutes or (10 if p.session_minutes < 45 else 15))
    elif slot.role == "balance":
        _dose_balance(entry, _guide(e, p))
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


def _dose_aerobic(entry: dict[str, Any], minutes: int) -> None:
    entry.update(sets=1, hold_s=minutes * 60, rest_s=0, rir=None, rpe=3, load=BODYWEIGHT)
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
    guide = _guide(e, p)
    lo, hi = _clamp_reps(dose.reps, guide.reps.min if guide and guide.reps else None,
                         guide.reps.max if guide and guide.reps else None)
    rir = dose.rir
    if safety.treat_as_acute(p) and week <= 2:
        rir = max(rir, 3)
    if p.level == "beginner" or p.has_lbp or p.is_older:
        rir = max(rir, 2 if week > 2 else 3)
    tempo, rest = dose.tempo, dose.rest_s
    if p.session_minutes < 30:  # short sessions: shorter sets and rests, so every pattern fits
        hi = max(lo, min(hi, 10))
        tempo, rest = "3-0-1-0", min(rest, 60)
    if e.joint == "multi" and hi <= 6:
        rest = max(rest, 120)
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


# --------------------------------------------------------------------------- sessions


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
    p = ctx.profile
    pool = ("roll-ball-erector-spinae", "knees-to-chest-stretch", "childs-pose", "supine-hamstring-stretch",
            "figure-four-stretch", "half-kneeling-hip-flexor-stretch")
    picks = [ctx.by_slug[s] for s in pool if s in ctx.by_slug and ctx.allowed(ctx.by_slug[s])
             and not (p.has("acute_lbp") and s == "roll-ball-erector-spinae")][:2]
    minutes = 3 if budget_left < 5 else 4
    items = [{"name": e.name, "id": e.slug, "type": "mobility" if e.category == "mobility" else "static",
              "minutes": minutes // len(picks) + (minutes % len(picks) if i == 0 else 0)}
             for i, e in enumerate(picks)] if picks else []
    return {"minutes": minutes if items else 0, "items": items}


def build_session(ctx: Context, kind: str, variant: int, week: int, rules: Rules, *, drills_first: bool,
                  balance_first: bool) -> dict[str, Any]:
    """A block's template session: each slot, in priority order, takes its best exercise while the
    session fits the time budget (pairing exercises into supersets or cutting sets to make room)."""
    budget = rules.budget
    wu_general, wu_dynamic = dosing.warmup_minutes(ctx.profile.session_minutes)
    exercises: list[dict[str, Any]] = []
    session: dict[str, Any] = {"warmup": {"minutes": wu_general + wu_dynamic, "items": []},
                               "cooldown": {"minutes": 0, "items": []}, "exercises": exercises}
    taken: set[str] = set()
    ctx.session_axial = False
    slots = slots_for(kind, variant, ctx.profile, drills_first=drills_first, balance_first=balance_first)
    targets: list[tuple[dict[str, Any], int]] = []
    for slot in [s for s in slots if not s.optional] + [s for s in slots if s.optional]:
        if slot.optional and not targets_met(session, targets, budget):
            break
        e = pick(ctx, slot, taken)
        if e is None:
            continue
        entry = new_entry(ctx, e, slot, week)
        target = entry["sets"]
        if entry["role"] in rb.WORKING_ROLES:
            low, high = rules.sets[entry["role"]]
            target = min(max(target, low), high)
            entry["sets"] = target if slot.optional else 1
        exercises.append(entry)
        if not _squeeze(session, entry, budget):
            exercises.remove(entry)
            _unpair(exercises, entry)
            continue
        targets.append((entry, target))
        taken.add(e.slug)
        ctx.session_axial |= "heavy_axial_load" in e.tags
    targets_met(session, targets, budget)
    order_exercises(exercises)
    return session


def targets_met(session: dict[str, Any], targets: list[tuple[dict[str, Any], int]], budget: float) -> bool:
    """Raise each entry (in priority order) toward its target sets while the session fits; True
    when every target is reached. Entries start at one set, so every essential slot fits first."""
    for entry, target in targets:
        while entry["sets"] < target:
            entry["sets"] += 1
            if estimate_session_minutes(session) > budget and not _try_superset(session["exercises"], entry):
                entry["sets"] -= 1
                return False
            if estimate_session_minutes(session) > budget:
                entry["sets"] -= 1
                return False
    return True


def _squeeze(session: dict[str, Any], entry: dict[str, Any], budget: float) -> bool:
    """Make ``entry`` fit the session's time: a superset, then fewer of its sets."""
    if estimate_session_minutes(session) <= budget:
        return True
    _try_superset(session["exercises"], entry)
    while estimate_session_minutes(session) > budget and entry["sets"] > 1 and entry["role"] in rb.WORKING_ROLES:
        entry["sets"] -= 1
    return estimate_session_minutes(session) <= budget


def _primary_groups(ex: dict[str, Any]) -> set[str]:
    return {g for m in ex["muscles"]["primary"] if (g := rb.muscle_group(m)) is not None} | set(ex["muscles"]["primary"])


def _try_superset(exercises: list[dict[str, Any]], entry: dict[str, Any]) -> bool:
    """Pair ``entry`` with a working exercise whose primary muscles it does not share (saves the
    rest and set-up of one exercise; R11 allows it for non-competing muscles)."""
    if entry["role"] not in rb.WORKING_ROLES or entry.get("superset_group"):
        return False
    used = {ex["superset_group"] for ex in exercises if ex.get("superset_group")}
    for other in exercises:
        if other is entry or other["role"] not in rb.WORKING_ROLES or other.get("superset_group"):
            continue
        if _primary_groups(other) & _primary_groups(entry):
            continue
        letter = next(x for x in "ABCDEFGHIJKL" if x not in used)
        other["superset_group"] = entry["superset_group"] = letter
        other["rest_s"] = entry["rest_s"] = max(other["rest_s"], entry["rest_s"])
        return True
    return False


def _unpair(exercises: list[dict[str, Any]], gone: dict[str, Any]) -> None:
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
        single = 0 if ex["joint"] == "multi" else 1
        small = 0 if any(rb.muscle_group(m) in _LARGE_GROUPS for m in ex["muscles"]["primary"]) else 1
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


# --------------------------------------------------------------------------- tuning a block's sets


@dataclass(frozen=True)
class Rules:
    """The numbers a block's template week is tuned against."""

    budget: float  # minutes per session the plan aims for (the person's session length)
    hard_budget: float  # the most R4 allows (session + max(2, 5 %)): room for MUST repairs only
    low: float  # T2 band (SHOULD)
    high: float
    cap: float  # T2 cap (MUST)
    floors: dict[str, float]  # T2 floor per major group (MUST), exemptions applied
    frequency: tuple[str, ...]  # groups to train in two sessions (R19)
    frequency_must: bool  # R19 is MUST for novices and intermediates, SHOULD for advanced
    sets: dict[str, tuple[int, int]]  # role -> strict T1 set range, valid in every week of the block
    ceilings: dict[str, float]  # R17: at most 1.2 x the previous block's volume + 1 per group


def block_rules(ctx: Context, first: int, last: int, days: int, previous: dict[str, float] | None) -> Rules:
    """The tuning rules of the block of weeks ``first``..``last``."""
    p = ctx.profile
    weeks = [w for w in range(first, last + 1) if w not in ctx.deload_weeks] or [first]
    low, high = rb.volume_band(p)
    cap = rb.volume_cap(p)
    exempt = rb.exempt_groups(ctx.unavailable)
    floors = {g: max(rb.volume_floor(p, w, g, exempt) for w in weeks) for g in MMG}
    frequency = tuple(g for g in MMG if floors[g] > 0) if days >= 2 else ()
    sets = {}
    for role in rb.WORKING_ROLES:
        ranges = [rb.t1_row(p, w).sets_strict(role) for w in weeks]
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        sets[role] = (min(lo, hi), hi)
    ceilings = {g: max(1.2 * previous.get(g, 0.0) + 1.0, floors[g]) for g in MMG} if previous else {}
    budget = float(p.session_minutes)
    return Rules(budget, budget + max(2.0, 0.05 * budget) - 0.05, low, min(high, cap), cap, floors, frequency,
                 p.level != "advanced", sets, ceilings)


def _weights(ex: dict[str, Any]) -> dict[str, float]:
    """The rubric's group weights of an entry (rubric.exercise_groups), cached on the entry while
    the generator tunes sets (removed before the plan is returned)."""
    cached = ex.get("_w")
    if cached is None:
        cached = ex["_w"] = rb.exercise_groups(ex)
    return cached


def _group_weight(ex: dict[str, Any], group: str) -> float:
    return _weights(ex).get(group, 0.0)


def weekly_volume(sessions: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Fractional hard sets per rubric group over sessions (rubric.weekly_volume, cached weights)."""
    out: dict[str, float] = {}
    for s in sessions:
        for ex in s["exercises"]:
            if is_hard(ex):
                for g, w in _weights(ex).items():
                    out[g] = out.get(g, 0.0) + ex["sets"] * w
    return out


def session_group_sets(session: dict[str, Any], group: str) -> float:
    """Fractional hard sets of one group in one session."""
    return float(sum(ex["sets"] * _group_weight(ex, group) for ex in session["exercises"] if is_hard(ex)))


#: (top patterns, bottom patterns, MUST band, SHOULD band) of R23 push:pull and R24 knee:hip.
RATIOS = ((PUSH, PULL, (1 / 1.5, 1.5), (1 / 1.25, 1.25)),
          (("knee_dominant",), ("hip_dominant",), (0.5, 2.0), (1 / 1.5, 1.5)))


def pattern_sets(sessions: Sequence[dict[str, Any]], patterns: tuple[str, ...]) -> int:
    """Working sets of exercises with one of ``patterns`` (R23, R24 count every working set)."""
    return sum(ex["sets"] for s in sessions for ex in s["exercises"]
               if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns)


def ratio_gap(sessions: Sequence[dict[str, Any]], top: tuple[str, ...], bottom: tuple[str, ...],
              band: tuple[float, float]) -> float:
    """How far the ratio of two pattern groups' working sets is outside ``band`` (0 inside or unset)."""
    a, b = pattern_sets(sessions, top), pattern_sets(sessions, bottom)
    if not a or not b:
        return 0.0
    return max(band[0] - a / b, a / b - band[1], 0.0)


def _family(ex: dict[str, Any]) -> str | None:
    return rb.pattern_family(str(ex["pattern"]))


class Tuner:
    """Tunes the sets (and, where needed, the exercises) of a block's template week."""

    def __init__(self, ctx: Context, sessions: list[dict[str, Any]], kinds: Sequence[str],
                 limits: list[dict[str, float]], rules: Rules, week: int) -> None:
        self.ctx, self.sessions, self.kinds, self.limits, self.rules, self.week = (
            ctx, sessions, list(kinds), limits, rules, week)

    def tune(self) -> None:
        """Limits first, then the MUST coverage, then the SHOULD targets, then spare time."""
        self.enforce_limits()
        self.cover_patterns()
        self.cover_frequency()
        self.cover_floors()
        for top, bottom, must, should in RATIOS:
            self.balance_ratio(top, bottom, must, should)
        self.reach_band()
        self.fill_time()
        self.enforce_limits(must=True)
        for s in self.sessions:
            order_exercises(s["exercises"])

    # ---- measures

    def ceiling(self, group: str, must: bool) -> float:
        """Weekly hard sets a group may reach: the cap for MUST repairs, else the band and R17."""
        if group not in MMG:
            return self.rules.cap
        if must:
            return self.rules.cap
        return min(self.rules.high, self.rules.ceilings.get(group, self.rules.high))

    def fits(self, i: int, ex: dict[str, Any], *, must: bool) -> bool:
        """Session i and the week stay within time, per-session limits and weekly ceilings for
        the groups ``ex`` trains."""
        s = self.sessions[i]
        if estimate_session_minutes(s) > (self.rules.hard_budget if must else self.rules.budget) + EPS:
            return False
        if not is_hard(ex):
            return True
        volume = weekly_volume(self.sessions)
        for g in _weights(ex):
            if g in MMG and session_group_sets(s, g) > self.limits[i][g] + EPS:
                return False
            if volume.get(g, 0.0) > self.ceiling(g, must) + EPS:
                return False
        return True

    def set_range(self, ex: dict[str, Any]) -> tuple[int, int]:
        return self.rules.sets.get(ex["role"], (1, 3))

    def trained(self, group: str) -> list[int]:
        return [i for i, s in enumerate(self.sessions) if session_group_sets(s, group) >= TRAINED_SETS - EPS]

    def family_present(self, family: str) -> bool:
        return any(_family(ex) == family for s in self.sessions for ex in s["exercises"])

    # ---- cutting

    def enforce_limits(self, *, must: bool = False) -> None:
        """Cut sets (or drop exercises) until no session exceeds a group's limit and no group its
        weekly band (R15, R16, R20); with ``must``, only the weekly cap is enforced."""
        stuck: set[tuple[int, str]] = set()
        for _ in range(400):
            excess = self._first_excess(stuck, must)
            if excess is None:
                return
            if not self._cut(*excess, harmless=must):
                stuck.add(excess)

    def _first_excess(self, stuck: set[tuple[int, str]], must: bool) -> tuple[int, str] | None:
        for i, s in enumerate(self.sessions):
            for g in MMG:
                if (i, g) not in stuck and session_group_sets(s, g) > self.limits[i][g] + EPS:
                    return i, g
        volume = weekly_volume(self.sessions)
        for g, sets in volume.items():
            if (-1, g) not in stuck and sets > self.ceiling(g, must=must) + EPS:
                return -1, g
        return None

    def _cut(self, i: int, group: str, *, keep: dict[str, Any] | None = None, harmless: bool = False) -> bool:
        """One set less (or one exercise less) for ``group`` in session i (any session when -1),
        never of ``keep``; with ``harmless``, only where no group drops below its floor or R19."""
        where = range(len(self.sessions)) if i < 0 else (i,)
        options = [(j, ex) for j in where for ex in self.sessions[j]["exercises"]
                   if is_hard(ex) and _group_weight(ex, group) > 0 and ex is not keep
                   and not (harmless and self._harm(j, ex, "") > 0)]
        options.sort(key=lambda o: self._cut_cost(o[0], o[1], group))
        for j, ex in options:
            if ex["sets"] > 1:
                ex["sets"] -= 1
                return True
            if self.removable(j, ex):
                self.remove(j, ex)
                return True
        return False

    def _cut_cost(self, i: int, ex: dict[str, Any], group: str) -> tuple[int, int, int, int, float]:
        low = self.set_range(ex)[0]
        return (self._harm(i, ex, group), 0 if ex.get("_optional") else 1, 0 if ex["sets"] > low else 1,
                0 if ex["role"] == "accessory" else 1, -ex["sets"] * _group_weight(ex, group))

    def _harm(self, i: int, ex: dict[str, Any], group: str) -> int:
        """How many other groups one set less of ``ex`` would push below their floor or R19, plus
        the push:pull and knee:hip ratios it would push outside their MUST range."""
        volume = weekly_volume(self.sessions)
        harm = self._ratio_harm(ex)
        for g, w in _weights(ex).items():
            if g == group or g not in MMG:
                continue
            if volume.get(g, 0.0) - w < self.rules.floors[g] - EPS:
                harm += 1
            elif g in self.rules.frequency and self.rules.frequency_must:
                now = session_group_sets(self.sessions[i], g)
                if now >= TRAINED_SETS - EPS and now - w < TRAINED_SETS - EPS and len(self.trained(g)) <= 2:
                    harm += 1
        return harm

    def _ratio_harm(self, ex: dict[str, Any]) -> int:
        if ex["role"] not in rb.WORKING_ROLES:
            return 0
        harm = 0
        for top, bottom, must, _should in RATIOS:
            if ex["pattern"] not in top + bottom:
                continue
            before = ratio_gap(self.sessions, top, bottom, must)
            ex["sets"] -= 1
            after = ratio_gap(self.sessions, top, bottom, must)
            ex["sets"] += 1
            harm += after > before + EPS
        return harm

    def removable(self, i: int, ex: dict[str, Any]) -> bool:
        """An exercise may go unless it is the week's only one of its pattern family (R22)."""
        family = _family(ex)
        if family is None:
            return True
        return sum(_family(x) == family for s in self.sessions for x in s["exercises"]) > 1

    def remove(self, i: int, ex: dict[str, Any]) -> None:
        exercises = self.sessions[i]["exercises"]
        exercises.remove(ex)
        _unpair(exercises, ex)

    # ---- adding

    def cover_patterns(self) -> None:
        """Every pattern family in the week (R22), unless no exercise of it is allowed."""
        for family, members in rb.PATTERN_FAMILIES.items():
            if family in self.ctx.unavailable or self.family_present(family):
                continue
            for i in self._sessions_for(FAMILY_KINDS[family]):
                if self.add_exercise(i, patterns=members, must=True):
                    break

    def cover_frequency(self) -> None:
        """Each major group trained (>= 2 hard sets) in two sessions a week (R19)."""
        for g in self.rules.frequency:
            for _ in range(3):
                trained = self.trained(g)
                if len(trained) >= 2:
                    break
                todo = sorted((i for i in range(len(self.sessions)) if i not in trained),
                              key=lambda i: (-self.limits[i][g], self._minutes(i)))
                if not any(self.raise_group(i, g, TRAINED_SETS, must=self.rules.frequency_must) for i in todo):
                    break

    def cover_floors(self) -> None:
        """Each major group at or above its weekly floor (R14): more sets of exercises that train it
        as a prime mover, else a new exercise for it, else sets where it is a secondary muscle."""
        for g in MMG:
            for _ in range(12):
                if weekly_volume(self.sessions).get(g, 0.0) >= self.rules.floors[g] - EPS:
                    break
                if not (self._add_set_for(g, must=True, primary=True) or self._add_exercise_for(g)
                        or self._add_set_for(g, must=True)):
                    break

    def _add_exercise_for(self, group: str) -> bool:
        order = sorted(range(len(self.sessions)), key=lambda i: (-self.limits[i][group], self._minutes(i)))
        return any(self.add_exercise(i, group=group, must=True) for i in order)

    def reach_band(self) -> None:
        """Groups below their band get more sets where time and limits allow (R15 SHOULD)."""
        for g in MMG:
            if self.rules.floors[g] < min(rb.VOLUME_FLOOR, self.rules.low):
                continue
            for _ in range(20):
                if weekly_volume(self.sessions).get(g, 0.0) >= self.rules.low - EPS:
                    break
                if not self._add_set_for(g, must=False):
                    break

    def _add_set_for(self, group: str, *, must: bool, primary: bool = False) -> bool:
        """One more set on the exercise that trains ``group`` most, where everything still fits."""
        least = rb.PRIMARY_WEIGHT if primary else EPS
        options = [(i, ex) for i, s in enumerate(self.sessions) for ex in s["exercises"]
                   if is_hard(ex) and _group_weight(ex, group) >= least and ex["sets"] < self.set_range(ex)[1]]
        options.sort(key=lambda o: (-_group_weight(o[1], group), o[1]["sets"], self._minutes(o[0])))
        return any(self.try_add_set(i, ex, must=must) for i, ex in options)

    def try_add_set(self, i: int, ex: dict[str, Any], *, must: bool) -> bool:
        """One more set of ``ex`` if everything still fits (and, unless ``must``, no push:pull or
        knee:hip ratio moves further from its target)."""
        if ex["sets"] >= self.set_range(ex)[1]:
            return False
        before = None if must else self._ratio_gaps(ex)
        saved = self.snapshot()
        ex["sets"] += 1
        if must and not self.fits(i, ex, must=True):
            self.relieve(i, ex)
            self.free_time(i, ex)
        if self.fits(i, ex, must=must) and (before is None or all(
                after <= gap + EPS or after <= EPS for gap, after in zip(before, self._ratio_gaps(ex), strict=True))):
            return True
        self.restore(saved)
        return False

    def snapshot(self) -> list[tuple[list[dict[str, Any]], list[tuple[dict[str, Any], int, Any]]]]:
        """The week's exercises, sets and superset links, to undo a tentative change."""
        return [(list(s["exercises"]), [(x, x["sets"], x.get("superset_group")) for x in s["exercises"]])
                for s in self.sessions]

    def restore(self, saved: list[tuple[list[dict[str, Any]], list[tuple[dict[str, Any], int, Any]]]]) -> None:
        for s, (exercises, states) in zip(self.sessions, saved, strict=True):
            s["exercises"][:] = exercises
            for x, sets, group in states:
                x["sets"], x["superset_group"] = sets, group

    def free_time(self, i: int, keep: dict[str, Any]) -> None:
        """Cut surplus sets of other exercises in session i (harmless ones, most sets first) until
        it fits the time R4 allows."""
        s = self.sessions[i]
        while estimate_session_minutes(s) > self.rules.hard_budget + EPS:
            spare = [ex for ex in s["exercises"] if ex is not keep and is_hard(ex) and ex["pattern"] != keep["pattern"]
                     and self._harm(i, ex, "") == 0 and (ex["sets"] > 1 or (
                         ex["role"] == "accessory" and self.removable(i, ex)))]
            if not spare:
                return
            ex = max(spare, key=lambda ex: (ex["sets"] > 1, ex["sets"] - self.set_range(ex)[0], ex["sets"]))
            if ex["sets"] > 1:
                ex["sets"] -= 1
            else:
                self.remove(i, ex)

    def relieve(self, i: int, ex: dict[str, Any]) -> None:
        """Cut sets of other exercises (harmlessly) where ``ex`` takes a group past its session
        limit or the weekly cap; time is not relieved here."""
        for _ in range(8):
            blocked = self._blocked(i, ex)
            if blocked is None or not self._cut(*blocked, keep=ex, harmless=True):
                return

    def _blocked(self, i: int, ex: dict[str, Any]) -> tuple[int, str] | None:
        """The first group of ``ex`` over its limit in session i (or over the cap in the week, -1)."""
        volume = weekly_volume(self.sessions)
        for g in _weights(ex):
            if g in MMG and session_group_sets(self.sessions[i], g) > self.limits[i][g] + EPS:
                return i, g
            if volume.get(g, 0.0) > self.ceiling(g, must=True) + EPS:
                return -1, g
        return None

    def _ratio_gaps(self, ex: dict[str, Any]) -> list[float]:
        """How far each ratio involving ``ex``'s pattern is from its SHOULD band."""
        return [ratio_gap(self.sessions, top, bottom, should) for top, bottom, _must, should in RATIOS
                if ex["pattern"] in top + bottom]

    def raise_group(self, i: int, group: str, target: float, *, must: bool) -> bool:
        """Bring session i to ``target`` hard sets of ``group``: more sets, else one more exercise."""
        s = self.sessions[i]
        for ex in sorted((x for x in s["exercises"] if is_hard(x) and _group_weight(x, group) > 0),
                         key=lambda x: -_group_weight(x, group)):
            before = ex["sets"]
            while session_group_sets(s, group) < target - EPS and ex["sets"] < self.set_range(ex)[1]:
                ex["sets"] += 1
            if session_group_sets(s, group) >= target - EPS and self.fits(i, ex, must=must):
                return True
            ex["sets"] = before
        return self.add_exercise(i, group=group, target=target, must=must)

    def add_exercise(self, i: int, *, group: str | None = None, patterns: tuple[str, ...] = (),
                     target: float | None = None, must: bool) -> bool:
        """Add the best accessory for a group or pattern to session i, making room within its time."""
        s = self.sessions[i]
        for e in self._candidates(i, group, patterns)[:4]:
            slot = Slot(tuple(pt for pt in e.patterns if pt != "trunk_extension" and (not patterns or pt in patterns))
                        or e.patterns[:1], "accessory", group or patterns[0])
            entry = new_entry(self.ctx, e, slot, self.week)
            entry["_optional"] = False
            low, high = self.set_range(entry)
            need = target - session_group_sets(s, group) if group and target else 0.0
            weight = _group_weight(entry, group) if group else 1.0
            entry["sets"] = min(high, max(1, math.ceil(need / weight) if weight else 1,
                                          low if not group else 1))
            s["exercises"].append(entry)
            if self._make_room(i, entry, must=must, group=group, need=need):
                order_exercises(s["exercises"])
                return True
            self.remove(i, entry)
        return False

    def _candidates(self, i: int, group: str | None, patterns: tuple[str, ...]) -> list[Exercise]:
        p = self.ctx.profile
        s = self.sessions[i]
        taken = {ex["id"] for ex in s["exercises"]}
        found = [e for e in self.ctx.pool if e.slug not in taken and e.category in ("strength", "rehab")
                 and not _is_hold(e) and LEVEL_RANK[e.level] <= LEVEL_RANK[p.level] + 1
                 and (not group or any(rb.muscle_group(m) == group for m in e.primary_muscles))
                 and (not patterns or set(patterns) & set(e.patterns))]
        slot = Slot(patterns or ("accessory",), "accessory", group or "extra")

        def rank(e: Exercise) -> float:
            collateral = sum(1 for m in e.primary_muscles + e.secondary_muscles
                             if (g := rb.muscle_group(m)) in MMG and g != group
                             and session_group_sets(s, g) + 1 > self.limits[i][g])
            cheap = 0.5 if set(best_option(e, p)) <= v.ALWAYS_AVAILABLE else 0.0
            return score(e, self.ctx, slot) - 2.0 * collateral + cheap
        return sorted(found, key=rank, reverse=True)

    def _make_room(self, i: int, entry: dict[str, Any], *, must: bool, group: str | None, need: float) -> bool:
        """Fit a just-added entry: pair it in a superset, drop optional extras, trim surplus sets."""
        s = self.sessions[i]
        budget = self.rules.hard_budget if must else self.rules.budget
        weight = _group_weight(entry, group) if group else 1.0
        for _ in range(40):
            if self.fits(i, entry, must=must):
                return True
            if estimate_session_minutes(s) <= budget + EPS:
                if must:
                    self.relieve(i, entry)
                return self._shrink_entry(i, entry, must)
            if not entry.get("superset_group") and _try_superset(s["exercises"], entry):
                continue
            optional = [ex for ex in s["exercises"] if ex.get("_optional") and ex is not entry
                        and self.removable(i, ex)]
            if optional:
                self.remove(i, optional[-1])
                continue
            surplus = [ex for ex in s["exercises"] if ex is not entry and is_hard(ex)
                       and ex["sets"] > max(self.set_range(ex)[0], 1) and self._harm(i, ex, "") == 0]
            if surplus:
                max(surplus, key=lambda ex: ex["sets"])["sets"] -= 1
                continue
            if entry["sets"] > 1 and (entry["sets"] - 1) * weight >= need - EPS:
                entry["sets"] -= 1
                continue
            return False
        return False

    def _shrink_entry(self, i: int, entry: dict[str, Any], must: bool) -> bool:
        """The session has time; fewer sets of the entry may bring its groups within limits."""
        while entry["sets"] > 1:
            entry["sets"] -= 1
            if self.fits(i, entry, must=must):
                return True
        return self.fits(i, entry, must=must)

    # ---- ratios and spare time

    def balance_ratio(self, top: tuple[str, ...], bottom: tuple[str, ...], must: tuple[float, float],
                      should: tuple[float, float]) -> None:
        """Bring the ratio of working sets of two pattern groups into range (R23, R24)."""
        for _ in range(16):
            a, b = self._pattern_sets(top), self._pattern_sets(bottom)
            if not a or not b or should[0] - EPS <= a / b <= should[1] + EPS:
                return
            small, big = (top, bottom) if a / b < should[0] else (bottom, top)
            hard = not (must[0] - EPS <= a / b <= must[1] + EPS)
            if not (self._grow(small, hard) or self._shrink(big, hard)):
                return

    def _pattern_sets(self, patterns: tuple[str, ...]) -> int:
        return pattern_sets(self.sessions, patterns)

    def _grow(self, patterns: tuple[str, ...], must: bool) -> bool:
        options = [(i, ex) for i, s in enumerate(self.sessions) for ex in s["exercises"]
                   if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns]
        options.sort(key=lambda o: (o[1]["sets"], self._minutes(o[0])))
        return any(self.try_add_set(i, ex, must=must) for i, ex in options)

    def _shrink(self, patterns: tuple[str, ...], must: bool) -> bool:
        options = [(i, ex) for i, s in enumerate(self.sessions) for ex in s["exercises"]
                   if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns and ex["sets"] > 1
                   and (must or ex["sets"] > self.set_range(ex)[0]) and self._harm(i, ex, "") == 0]
        if not options:
            return False
        max(options, key=lambda o: o[1]["sets"])[1]["sets"] -= 1
        return True

    def cut_for_time(self, i: int) -> bool:
        """One set less in session i, where it harms the rubric's MUST coverage least."""
        options = [ex for ex in self.sessions[i]["exercises"] if is_hard(ex) and ex["sets"] > 1]
        if not options:
            return False
        min(options, key=lambda ex: (self._harm(i, ex, ""), ex.get("_optional") is not True,
                                     ex["role"] == "main", -ex["sets"]))["sets"] -= 1
        return True

    def fill_time(self) -> None:
        """Spare minutes go to more sets of the main lifts, then the accessories (within band)."""
        for role in ("main", "accessory"):
            for i, s in enumerate(self.sessions):
                for ex in s["exercises"]:
                    if ex["role"] == role and is_hard(ex):
                        while self.try_add_set(i, ex, must=False):
                            pass

    def _minutes(self, i: int) -> float:
        return estimate_session_minutes(self.sessions[i])

    def _sessions_for(self, kinds: tuple[str, ...]) -> list[int]:
        """Sessions ordered for adding work: those of the right kind first, then the shortest."""
        return sorted(range(len(self.sessions)), key=lambda i: (self.kinds[i] not in kinds, self._minutes(i)))


# --------------------------------------------------------------------------- filling time


def pad_session(ctx: Context, session: dict[str, Any], budget: float) -> None:
    """Sessions well under the person's time get a cool-down and, if still short, an easy aerobic
    finisher (R4 SHOULD: >= 60 % of the time; non-hard work, so the weekly volume is unchanged)."""
    session["cooldown"] = cooldown(ctx, budget - estimate_session_minutes(session))
    short = SHORT_SESSION_SHARE * budget - estimate_session_minutes(session)
    if short <= 0:
        return
    minutes = max(5, 5 * math.ceil((short + 1) / 5))
    spare = budget - estimate_session_minutes(session)
    existing = next((ex for ex in session["exercises"] if ex["role"] == "aerobic"), None)
    if existing is not None:
        extra = min(minutes, math.floor(spare))
        _dose_aerobic(existing, int(existing["hold_s"] // 60) + extra)
        return
    minutes = min(minutes, math.floor(spare - 0.5))
    aerobic = _aerobic_exercise(ctx)
    if aerobic is None or minutes < 5:
        return
    slot = Slot(("aerobic",), "aerobic", "easy aerobic", optional=True)
    entry = new_entry(ctx, aerobic, slot, 1, aerobic_minutes=minutes)
    session["exercises"].append(entry)
    order_exercises(session["exercises"])


def _aerobic_exercise(ctx: Context) -> Exercise | None:
    for slug in ("brisk-walking", "stationary-cycling", "rowing-machine"):
        e = ctx.by_slug.get(slug)
        if e is not None and ctx.allowed(e):
            return e
    return None


# --------------------------------------------------------------------------- weeks from a template


def week_session(ctx: Context, template: dict[str, Any], week: int, deload_sets: dict[int, int] | None
                 ) -> dict[str, Any]:
    """A template session dosed for ``week`` (a deload when ``deload_sets`` is given)."""
    exercises = []
    for j, base in enumerate(template["exercises"]):
        sets = deload_sets.get(j, base["sets"]) if deload_sets is not None else base["sets"]
        if sets <= 0:
            continue
        ex = _copy_entry(base)
        ex["sets"] = sets
        if ex["role"] in rb.WORKING_ROLES:
            dose_working(ctx, ex, week, deload=deload_sets is not None)
        elif deload_sets is not None and ex.get("rir") is not None:
            ex["rir"] += 2
        exercises.append(ex)
    _settle_supersets(exercises)
    for i, ex in enumerate(exercises, 1):
        ex["order"] = i
    first = next((x for x in exercises if x["role"] == "main"), None)
    return {"day": template["day"], "date": template["date"], "title": template["title"],
            "warmup": warmup(ctx, template["_kind"], ctx.profile.session_minutes, first),
            "cooldown": {"minutes": template["cooldown"]["minutes"],
                         "items": [dict(i) for i in template["cooldown"]["items"]]},
            "exercises": exercises}


def _copy_entry(base: dict[str, Any]) -> dict[str, Any]:
    ex = dict(base)
    ex["muscles"] = {"primary": list(base["muscles"]["primary"]), "secondary": list(base["muscles"]["secondary"])}
    ex["equipment"], ex["tags"], ex["cues"] = list(base["equipment"]), list(base["tags"]), list(base["cues"])
    ex["reps"] = dict(base["reps"]) if base.get("reps") else None
    ex["load"], ex["ramp_sets"] = dict(base["load"]), [dict(r) for r in base.get("ramp_sets", [])]
    return ex


def _settle_supersets(exercises: list[dict[str, Any]]) -> None:
    """Superset partners share the longer of their rests."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for ex in exercises:
        if ex.get("superset_group"):
            groups.setdefault(ex["superset_group"], []).append(ex)
    for members in groups.values():
        if len(members) == 1:
            members[0]["superset_group"] = None
            continue
        rest = max(ex["rest_s"] for ex in members)
        for ex in members:
            ex["rest_s"] = rest


def deload_sets(template: list[dict[str, Any]]) -> list[dict[int, int]]:
    """Per session, the sets of each working entry in a deload week: about half, so every group's
    volume lands at 0.4-0.7 x the normal week (R18), keeping >= 70 % of the exercises and the
    push:pull and knee:hip ratios (R23, R24)."""
    plan = _deload_volume(template)
    for top, bottom, must, _should in RATIOS:
        _deload_ratio(template, plan, top, bottom, must)
    return plan


def _deload_ratio(template: list[dict[str, Any]], plan: list[dict[int, int]], top: tuple[str, ...],
                  bottom: tuple[str, ...], band: tuple[float, float]) -> None:
    """Move deload sets back toward the normal week until the ratio is inside ``band``."""
    def sets(patterns: tuple[str, ...]) -> int:
        return sum(plan[i].get(j, 0) for i, s in enumerate(template) for j, ex in enumerate(s["exercises"])
                   if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns)

    for _ in range(20):
        a, b = sets(top), sets(bottom)
        if not a or not b or band[0] + 0.02 <= a / b <= band[1] - 0.02:
            return
        small = top if a / b < band[0] + 0.02 else bottom
        grow = [(i, j) for i, s in enumerate(template) for j, ex in enumerate(s["exercises"])
                if j in plan[i] and ex["pattern"] in small and plan[i][j] < ex["sets"]]
        if not grow:
            return
        i, j = min(grow, key=lambda o: plan[o[0]][o[1]])
        plan[i][j] += 1


def _deload_volume(template: list[dict[str, Any]]) -> list[dict[int, int]]:
    """Deload sets so each group's volume is 0.4-0.7 x the normal week's."""
    plan = [{j: max(1, round(ex["sets"] * 0.55)) for j, ex in enumerate(s["exercises"]) if _counts(ex)}
            for s in template]
    total_ids = len({ex["id"] for s in template for ex in s["exercises"]})
    dropped = 0
    for _ in range(60):
        group, ratio = _worst_deload_group(template, plan)
        if group is None:
            break
        options = [(i, j) for i, s in enumerate(template) for j, ex in enumerate(s["exercises"])
                   if j in plan[i] and _group_weight(ex, group) > 0]
        if ratio > 0.7:
            more = [(i, j) for i, j in options if plan[i][j] > 1]
            if more:
                i, j = max(more, key=lambda o: (plan[o[0]][o[1]], _group_weight(template[o[0]]["exercises"][o[1]], group)))
                plan[i][j] -= 1
            elif (droppable := [o for o in options if _family_kept(template, plan, *o)]) and dropped + 1 <= 0.3 * total_ids:
                i, j = max(droppable, key=lambda o: _group_weight(template[o[0]]["exercises"][o[1]], group))
                plan[i][j] = 0
                dropped += 1
            else:
                break
        else:
            fewer = [(i, j) for i, j in options if plan[i][j] < template[i]["exercises"][j]["sets"]]
            if not fewer:
                break
            i, j = min(fewer, key=lambda o: plan[o[0]][o[1]])
            plan[i][j] += 1
    return plan


def _family_kept(template: list[dict[str, Any]], plan: list[dict[int, int]], i: int, j: int) -> bool:
    """True when the deload week keeps another exercise of entry (i, j)'s pattern family (R22)."""
    family = _family(template[i]["exercises"][j])
    return family is None or any(
        _family(ex) == family and (k, m) != (i, j) and plan[k].get(m, ex["sets"]) > 0
        for k, s in enumerate(template) for m, ex in enumerate(s["exercises"]))


def _counts(ex: dict[str, Any]) -> bool:
    return ex["role"] in rb.WORKING_ROLES and ex["pattern"] not in rb.NON_HARD_PATTERNS


def _worst_deload_group(template: list[dict[str, Any]], plan: list[dict[int, int]]) -> tuple[str | None, float]:
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    for i, s in enumerate(template):
        for j, ex in enumerate(s["exercises"]):
            if j not in plan[i]:
                continue
            for g, w in _weights(ex).items():
                if g in MMG:
                    before[g] = before.get(g, 0.0) + ex["sets"] * w
                    after[g] = after.get(g, 0.0) + plan[i][j] * w
    worst, far = None, 0.0
    for g in MMG:
        if before.get(g, 0.0) < 1:
            continue
        ratio = after[g] / before[g]
        off = max(ratio - 0.7, 0.4 - ratio)
        if off > far + EPS:
            worst, far = g, off
    return worst, (after[worst] / before[worst]) if worst else 0.0


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


def make_context(profile: Profile, exercises: Sequence[Exercise], n_weeks: int, seed: int) -> Context:
    """Everything about the person that selection needs, worked out once."""
    tags = safety.excluded_tags(profile)
    patterns = safety.excluded_patterns(profile)
    names = safety.excluded_names(profile)
    deloads = frozenset(w for w in range(1, n_weeks + 1) if dosing.is_deload_week(profile, n_weeks, w))
    ctx = Context(profile, [], {e.slug: e for e in exercises}, tags, patterns, names, random.Random(seed),
                  n_weeks, deloads)
    ctx.pool = sorted((e for e in exercises if ctx.allowed(e)), key=lambda e: e.slug)
    ctx.unavailable = frozenset(family for family, members in rb.PATTERN_FAMILIES.items()
                                if not any(set(members) & set(e.patterns) for e in ctx.pool
                                           if e.category in ("strength", "rehab", "balance")))
    return ctx


def _unloadable_patterns(ctx: Context) -> list[str]:
    """Squat and hinge patterns no allowed exercise can load with the person's gear, for people with
    chronic back pain who own weights (R32: loading is encouraged, so its absence is explained)."""
    if not ctx.profile.has("chronic_lbp"):
        return []
    return [pattern for pattern in LOADED_PATTERNS if pattern not in ctx.unavailable and not any(
        pattern in e.patterns and e.category in ("strength", "rehab") and _carries_load(e, ctx.profile)
        and LEVEL_RANK[e.level] <= LEVEL_RANK[ctx.profile.level] + 1 for e in ctx.pool)]


def generate_plan(profile: Profile, exercises: Sequence[Exercise], *, start: date, seed: int = 0,
                  weeks: int | None = None) -> dict[str, Any]:
    """A multi-week plan (the JSON of docs/plan-format.md) for ``profile`` from ``exercises``."""
    if safety.is_suspended(profile):
        return suspended_plan(profile, start, seed)
    n_weeks = weeks or profile.weeks
    ctx = make_context(profile, exercises, n_weeks, seed)
    days = choose_days(profile)
    kinds = session_kinds(days, profile)
    plan = {**_header(profile, start, seed), "status": "active",
            "referral": safety.referral_for(profile).as_dict(), "safety_notes": safety.safety_notes(profile)}
    plan["warnings"] += [f"could not match the provocative movement '{t}' to exercises; tell your trainer"
                         for t in safety.unmatched_provocations(profile, exercises)]
    plan["flags"] += [f"pattern_unavailable:{family}" for family in sorted(ctx.unavailable)]
    plan["flags"] += [f"loaded_pattern_unavailable:{pattern}" for pattern in _unloadable_patterns(ctx)]
    plan["warnings"] += [f"no exercise of the {family.replace('_', ' ')} pattern suits your equipment and "
                         "conditions; it is left out" for family in sorted(ctx.unavailable)]
    plan["weeks"] = []
    previous: dict[str, float] | None = None
    for first in range(1, n_weeks + 1, 4):
        block = build_block(ctx, start, days, kinds, first, min(first + 3, n_weeks), previous)
        plan["weeks"] += block
        normal = [wk for wk in block if not wk["is_deload"]]
        previous = weekly_volume(normal[0]["sessions"]) if normal else previous
    for wk in plan["weeks"]:
        for s in wk["sessions"]:
            for ex in s["exercises"]:
                for key in ("_e", "_option", "_optional", "_w", "_cues"):
                    ex.pop(key, None)
            s["estimated_minutes"] = round(estimate_session_minutes(s), 1)
    plan.update(_extras(plan, profile, ctx, days))
    return plan


def build_block(ctx: Context, start: date, days: Sequence[str], kinds: Sequence[str], first: int, last: int,
                previous: dict[str, float] | None) -> list[dict[str, Any]]:
    """The weeks ``first``..``last``: a tuned template week, dosed for each week."""
    p = ctx.profile
    block = (first - 1) // 4
    rules = block_rules(ctx, first, last, len(days), previous)
    limits = group_limits(days, kinds)
    off_days = 7 - len(days)
    drill_sessions = _sessions_needing(kinds, 3 - off_days if safety.treat_as_acute(p) else 0)
    balance_sessions = _sessions_needing(kinds, 2 - off_days if p.is_older else 0)
    ctx.used_week = {}
    ctx.block_weeks = tuple(w for w in range(first, last + 1) if w not in ctx.deload_weeks)
    template = []
    for i, (day, kind) in enumerate(zip(days, kinds, strict=True)):
        session = build_session(ctx, kind, i + block, first, rules, drills_first=i in drill_sessions,
                                balance_first=i in balance_sessions)
        for ex in session["exercises"]:
            ctx.used_week[ex["id"]] = ctx.used_week.get(ex["id"], 0) + 1
        template.append(session)
    tuner = Tuner(ctx, template, kinds, limits, rules, first)
    tuner.tune()
    for session, day, kind in zip(template, days, kinds, strict=True):
        pad_session(ctx, session, rules.budget)
        session.update(day=day, date=_date(start, first, day).isoformat(), _kind=kind,
                       title=_title(kind, days.index(day), kinds))
    return _dose_block(ctx, start, tuner, first, last)


def _sessions_needing(kinds: Sequence[str], count: int) -> set[int]:
    """The sessions that must hold McGill drills or balance work because home drills on days
    without a session cannot cover the days the rubric asks for: light days first, then spread."""
    if count <= 0:
        return set()
    order = [i for i, k in enumerate(kinds) if k == "light"] + [i for i, k in enumerate(kinds) if k != "light"][::2]
    order += [i for i in range(len(kinds)) if i not in order]
    return set(order[:count])


def _dose_block(ctx: Context, start: date, tuner: Tuner, first: int, last: int) -> list[dict[str, Any]]:
    """Each week of the block from the template; if a week still runs over the time R4 allows,
    the template loses a set in that session (the least needed one) and the block is redone."""
    saved = dict(ctx.last_loads)
    template = tuner.sessions
    for _ in range(12):
        ctx.last_loads = dict(saved)
        weeks = [_dose_week(ctx, start, template, week) for week in range(first, last + 1)]
        over = [i for wk in weeks for i, s in enumerate(wk["sessions"])
                if estimate_session_minutes(s) > tuner.rules.hard_budget]
        if not over or not tuner.cut_for_time(over[0]):
            return weeks
    return weeks


def _dose_week(ctx: Context, start: date, template: list[dict[str, Any]], week: int) -> dict[str, Any]:
    deload = week in ctx.deload_weeks
    cuts = deload_sets(template) if deload else [None] * len(template)
    sessions = []
    for s, cut in zip(template, cuts, strict=True):
        session = week_session(ctx, s, week, cut)
        session["date"] = _date(start, week, s["day"]).isoformat()
        sessions.append(session)
    if not deload:
        heaviest: dict[str, float] = {}
        for s in sessions:
            for ex in s["exercises"]:
                if ex["load"]["type"] == "absolute_kg":
                    heaviest[ex["id"]] = max(heaviest.get(ex["id"], 0.0), float(ex["load"]["value"]))
        ctx.last_loads.update(heaviest)
    return {"week": week, "is_deload": deload, "note": week_note(ctx.profile, week, deload), "sessions": sessions}


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


# --------------------------------------------------------------------------- home drills and extras


def _extras(plan: dict[str, Any], profile: Profile, ctx: Context, days: Sequence[str]) -> dict[str, Any]:
    regions = rb.painful_regions(profile)
    monitoring = {"enabled": bool(regions) or profile.has_lbp, "regions": list(regions),
                  "instructions": ("Rate your pain from 0 to 10 before, during and the morning after each session "
                                   "for: " + ", ".join(v.REGIONS.get(r).name.lower() for r in regions) + ".")
                  if regions else ""}
    aerobic = 90 if safety.treat_as_acute(profile) or profile.goal == "rehab_back_pain" else (
        60 if profile.has_lbp else 0)
    drills = _mcgill_drills(plan, ctx, days) + _balance_drills(plan, ctx, days)
    return {"pain_monitoring": monitoring, "home_drills": drills, "weekly_aerobic_minutes": aerobic}


def _days_in_every_week(plan: dict[str, Any], has: Any) -> set[str]:
    """Weekdays on which every week's session satisfies ``has`` (a predicate on a session)."""
    out: set[str] | None = None
    for wk in plan["weeks"]:
        days = {s["day"] for s in wk["sessions"] if has(s)}
        out = days if out is None else out & days
    return out or set()


def _drill_days(days: Sequence[str], covered: set[str], need: int, at_least: int) -> list[str]:
    """Days without a session for home drills, spread out, so ``need`` days are covered."""
    off = [d for d in DAYS if d not in days]
    count = min(len(off), max(need - len(covered), at_least))
    spread = off[::2] + off[1::2]
    return sorted(spread[:count], key=DAYS.index)


def _mcgill_drills(plan: dict[str, Any], ctx: Context, days: Sequence[str]) -> list[dict[str, Any]]:
    """McGill drills at home: acute back pain needs them on 3 days a week (R30), chronic back pain
    on 2 exercise days (R32); days whose sessions hold two drill kinds already count."""
    p = ctx.profile
    acute = safety.treat_as_acute(p)
    if not (acute or p.goal == "rehab_back_pain" or p.has("chronic_lbp")):
        return []
    covered = _days_in_every_week(plan, lambda s: len({DRILL_KINDS[ex["id"]] for ex in s["exercises"]
                                                      if ex["id"] in DRILL_KINDS}) >= 2)
    need = 3 if acute or p.goal == "rehab_back_pain" else 2
    drill_days = _drill_days(days, covered | (set(days) if not acute else set()), need,
                             2 if acute or p.goal == "rehab_back_pain" else 0)
    big3 = [ctx.by_slug[s] for s in ("mcgill-curl-up", "bird-dog", "knee-side-plank", "side-plank")
            if s in ctx.by_slug and ctx.allowed(ctx.by_slug[s])]
    kinds: set[str] = set()
    chosen = []
    for e in big3:
        if DRILL_KINDS[e.slug] not in kinds:
            kinds.add(DRILL_KINDS[e.slug])
            chosen.append(e)
    if not drill_days:
        return []
    sets, reps, hold, _ = dosing.trunk_endurance_dose(p)
    return [{"id": e.slug, "name": e.name, "days": drill_days, "sets": sets, "reps": {"min": reps[0], "max": reps[1]},
             "hold_s": hold, "pattern": e.patterns[0], "role": "trunk_endurance",
             "why": "Home drill on days without a session: McGill-style trunk endurance, spine-sparing, to keep "
                    "your back moving and supported."} for e in chosen[:3]]


def _balance_drills(plan: dict[str, Any], ctx: Context, days: Sequence[str]) -> list[dict[str, Any]]:
    """Balance drills at home so people aged 65+ do balance work on 2 days a week (R33)."""
    if not ctx.profile.is_older:
        return []
    covered = _days_in_every_week(plan, lambda s: any(ex["role"] == "balance" or ex["pattern"] == "balance"
                                                      for ex in s["exercises"]))
    drill_days = _drill_days(days, covered, 2, 0)
    drills = [ctx.by_slug[s] for s in BALANCE_DRILLS if s in ctx.by_slug and ctx.allowed(ctx.by_slug[s])]
    if not drill_days or not drills:
        return []
    out = []
    for e in drills[:2]:
        guide = _guide(e, ctx.profile)
        hold = min(30, max(10, guide.hold_seconds.min)) if guide and guide.hold_seconds else None
        reps = {"min": guide.reps.min, "max": guide.reps.max} if guide and guide.reps and not hold else None
        out.append({"id": e.slug, "name": e.name, "days": drill_days, "sets": 2, "reps": reps, "hold_s": hold,
                    "pattern": "balance", "role": "balance",
                    "why": "Home balance drill on days without a session: balance work on two or more days a week "
                           "lowers the risk of falls. Stand next to something sturdy to hold."})
    return out
