"""The plan generator: a person's profile and the library in, a multi-week plan out.

Pure domain and deterministic: the same profile, library, start date and seed always give the
same plan. The days and what each trains come from ``plan_schedule``; each 4-week block is built
once as a template week (``plan_sessions`` fills each session's slots with the best exercises)
whose sets ``plan_tuning`` tunes against the rubric; every week of the block then repeats the
template with that week's reps, effort and loads (a deload in the 4th week of intermediate and
advanced plans). Home drills cover the McGill drills and balance work the rubric asks for on
days without a session. The output is the JSON of docs/plan-format.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from trainwise.domain import dosing, safety
from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise
from trainwise.domain.plan_schedule import choose_days, group_limits, longest_run, session_kinds
from trainwise.domain.plan_sessions import (
    BALANCE_DRILLS,
    DRILL_KINDS,
    LEVEL_RANK,
    LOADED_PATTERNS,
    Context,
    Slot,
    build_session,
    carries_load,
    cooldown,
    dose_aerobic,
    dose_working,
    guide_for,
    new_entry,
    order_exercises,
    session_minutes,
    total_hard_sets,
    warmup,
    weekly_volume,
)
from trainwise.domain.plan_tuning import Tuner, block_rules, deload_sets
from trainwise.domain.profile import DAYS, Profile
from trainwise.domain.rubric import estimate_session_minutes

__all__ = ["GENERATOR_VERSION", "choose_days", "generate_plan", "group_limits", "longest_run", "session_kinds",
           "session_minutes", "suspended_plan"]

GENERATOR_VERSION = "2"
SHORT_SESSION_SHARE = 0.6  # R4 SHOULD: sessions use at least 60 % of the time


# --------------------------------------------------------------------------- filling time


def pad_session(ctx: Context, session: dict[str, Any], budget: float, *, rpe: int = 3) -> None:
    """Sessions well under the person's time get a cool-down and, if still short, an easy aerobic
    finisher (R4 SHOULD: >= 60 % of the time; non-hard work, so the weekly volume is unchanged)."""
    session["cooldown"] = cooldown(ctx, budget - session_minutes(session))
    short = SHORT_SESSION_SHARE * budget - session_minutes(session)
    if short <= 0:
        return
    minutes = max(5, 5 * math.ceil((short + 1) / 5))
    spare = budget - session_minutes(session)
    existing = next((ex for ex in session["exercises"] if ex["role"] == "aerobic"), None)
    if existing is not None:
        extra = min(minutes, math.floor(spare))
        dose_aerobic(existing, int(existing["hold_s"] // 60) + extra)
        return
    minutes = min(minutes, math.floor(spare - 0.5))
    aerobic = _aerobic_exercise(ctx)
    if aerobic is None or minutes < 5:
        return
    slot = Slot(("aerobic",), "aerobic", "easy aerobic", optional=True)
    entry = new_entry(ctx, aerobic, slot, 1, aerobic_minutes=minutes)
    entry["rpe"] = rpe
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
        elif deload_sets is not None and ex.get("rpe") is not None:
            ex["rpe"] = max(1, ex["rpe"] - 2)  # R18: easier by two, like RIR + 2
        exercises.append(ex)
    _settle_supersets(ctx, exercises, week)
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


def _settle_supersets(ctx: Context, exercises: list[dict[str, Any]], week: int) -> None:
    """In a superset the partner's sets count as rest (R11): each member rests just long enough
    for its effective rest to reach its planned rest, kept inside the T1 rest band."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for ex in exercises:
        if ex.get("superset_group"):
            groups.setdefault(ex["superset_group"], []).append(ex)
    row = rb.t1_row(ctx.profile, week)
    for members in groups.values():
        if len(members) == 1:
            members[0]["superset_group"] = None
            continue
        for ex in members:
            low, high = row.rest_band(ex)
            others = sum(rb.set_seconds(x) for x in members if x is not ex)
            others += rb.SUPERSET_SWITCH_SECONDS * (len(members) - 1)
            wanted = min(max(int(ex["rest_s"]), low), high)
            ex["rest_s"] = int(max(0, math.ceil((wanted - others) / 5) * 5))


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
        pattern in e.patterns and e.category in ("strength", "rehab") and carries_load(e, ctx.profile)
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
    previous_total: float | None = None
    for first in range(1, n_weeks + 1, 4):
        block = build_block(ctx, start, days, kinds, first, min(first + 3, n_weeks), previous, previous_total)
        plan["weeks"] += block
        normal = [wk for wk in block if not wk["is_deload"]]
        if normal:
            previous = weekly_volume(normal[-1]["sessions"])
            previous_total = float(total_hard_sets(normal[-1]["sessions"]))
    for wk in plan["weeks"]:
        for s in wk["sessions"]:
            for ex in s["exercises"]:
                for key in ("_e", "_option", "_optional", "_w", "_cues", "_hard", "_time", "_chain"):
                    ex.pop(key, None)
            s["estimated_minutes"] = round(estimate_session_minutes(s), 1)
    plan.update(_extras(plan, profile, ctx, days))
    return plan


def build_block(ctx: Context, start: date, days: Sequence[str], kinds: Sequence[str], first: int, last: int,
                previous: dict[str, float] | None, previous_total: float | None) -> list[dict[str, Any]]:
    """The weeks ``first``..``last``: a tuned template week, dosed for each week."""
    p = ctx.profile
    block = (first - 1) // 4
    rules = block_rules(ctx, first, last, len(days), previous, previous_total)
    limits = group_limits(days, kinds)
    off_days = 7 - len(days)
    drill_sessions = _sessions_needing(kinds, 3 - off_days if safety.treat_as_acute(p) else 0)
    balance_sessions = _sessions_needing(kinds, 2 - off_days if p.is_older else 0)
    ctx.used_week = {}
    ctx.block_weeks = tuple(w for w in range(first, last + 1) if w not in ctx.deload_weeks)
    template = []
    for i, kind in enumerate(kinds):
        session = build_session(ctx, kind, i + block, first, budget=rules.budget, sets=rules.sets, limits=limits[i],
                                drills_first=i in drill_sessions, balance_first=i in balance_sessions)
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
                if session_minutes(s) > tuner.rules.hard_budget]
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
        if deload:
            pad_session(ctx, session, float(ctx.profile.session_minutes), rpe=1)
        sessions.append(session)
    if not deload:
        heaviest: dict[str, float] = {}
        for s in sessions:
            for ex in s["exercises"]:
                if ex["load"]["type"] == "absolute_kg":
                    heaviest[ex["id"]] = max(heaviest.get(ex["id"], 0.0), float(ex["load"]["value"]))
        ctx.last_loads.update(heaviest)
    return {"week": week, "is_deload": deload, "note": week_note(week, deload, sessions), "sessions": sessions}


def _date(start: date, week: int, day: str) -> date:
    first = start + timedelta(days=7 * (week - 1))
    return first + timedelta(days=(DAYS.index(day) - first.weekday()) % 7)


def _title(kind: str, index: int, kinds: Sequence[str]) -> str:
    names = {"full": "Full body", "upper": "Upper body", "lower": "Lower body and trunk", "light": "Light day"}
    same = [i for i, k in enumerate(kinds) if k == kind]
    letter = "ABCDEFG"[same.index(index)] if len(same) > 1 else ""
    return f"{names[kind]} {letter}".strip()


def week_note(week: int, deload: bool, sessions: Sequence[dict[str, Any]]) -> str:
    """What the week is about, in a sentence."""
    if deload:
        return "Deload week: about half the sets and lighter effort, same exercises, to recover and adapt."
    if week <= 2:
        rirs = [ex["rir"] for s in sessions for ex in s["exercises"]
                if ex["role"] in rb.WORKING_ROLES and ex.get("rir") is not None]
        reserve = f"{min(rirs)} or more reps in reserve" if rirs else "reps in reserve"
        return f"Learn the movements with control; finish every set with {reserve}."
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
        guide = guide_for(e, ctx.profile)
        hold = min(30, max(10, guide.hold_seconds.min)) if guide and guide.hold_seconds else None
        reps = {"min": guide.reps.min, "max": guide.reps.max} if guide and guide.reps and not hold else None
        out.append({"id": e.slug, "name": e.name, "days": drill_days, "sets": 2, "reps": reps, "hold_s": hold,
                    "pattern": "balance", "role": "balance",
                    "why": "Home balance drill on days without a session: balance work on two or more days a week "
                           "lowers the risk of falls. Stand next to something sturdy to hold."})
    return out
