"""Tuning the sets of a block's template week against the rubric (T2, R8, R14-R24).

``Tuner`` starts from the sessions the slots filled and, in order: keeps every group within its
per-session limit and weekly band; covers every pattern (R22), two sessions per group (R19) and
the weekly floors (R14), adding sets or exercises (MUST repairs may use the time R4 allows over
the person's session length); balances push:pull, knee:hip and the anterior and posterior
chains (R23, R24); fills the band and the spare time; and tidies set counts into the T1 range.
``deload_sets`` halves a week for a deload (R18) keeping those ratios.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise
from trainwise.domain.plan_sessions import (
    EPS,
    LEVEL_RANK,
    LOADED_PATTERNS,
    PULL,
    PUSH,
    Context,
    Slot,
    best_option,
    carries_load,
    group_weight,
    group_weights,
    hard_entry,
    new_entry,
    order_exercises,
    pair_order_conflicts,
    role_fits,
    score,
    session_group_sets,
    session_minutes,
    total_hard_sets,
    try_superset,
    unpair,
    weekly_volume,
)

MMG = v.MAJOR_MUSCLE_GROUPS

#: Which session kinds an added exercise for a pattern family belongs in.
FAMILY_KINDS = {"knee_dominant": ("full", "lower"), "hip_dominant": ("full", "lower"),
                "upper_push": ("full", "upper"), "upper_pull": ("full", "upper"),
                "trunk": ("full", "lower", "upper")}
TRAINED_SETS = 2.0  # R19: a group is trained in a session with >= 2 hard sets
#: (top patterns, bottom patterns, MUST band, SHOULD band) of R23 push:pull and R24 knee:hip.
RATIOS = ((PUSH, PULL, (1 / 1.5, 1.5), (1 / 1.25, 1.25)),
          (("knee_dominant",), ("hip_dominant",), (0.5, 2.0), (1 / 1.5, 1.5)))
#: R24 SHOULD: the anterior and posterior chains' muscles, as the validator counts them.
ANTERIOR = frozenset({"quadriceps", "chest", "front_delts", "abdominals"})
POSTERIOR = frozenset({"hamstrings", "glutes", "lats", "traps", "rhomboids", "rear_delts", "erector_spinae"})
CHAIN_BAND = (1 / 1.5, 1.5)


# --------------------------------------------------------------------------- rules of a block


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
    most_sets: dict[str, int]  # role -> the most sets MUST repairs may use (permissive T1, R8.a, R33)
    ceilings: dict[str, float]  # R17: at most 1.2 x the previous block's volume + 1 per group
    total_ceiling: float  # R17: weekly hard sets at most 1.2 x the previous block's


def block_rules(ctx: Context, first: int, last: int, days: int, previous: dict[str, float] | None,
                previous_total: float | None = None) -> Rules:
    """The tuning rules of the block of weeks ``first``..``last``."""
    p = ctx.profile
    weeks = [w for w in range(first, last + 1) if w not in ctx.deload_weeks] or [first]
    low, high = rb.volume_band(p)
    cap = rb.volume_cap(p)
    exempt = rb.exempt_groups(ctx.unavailable)
    floors = {g: max(rb.volume_floor(p, w, g, exempt) for w in weeks) for g in MMG}
    frequency = tuple(g for g in MMG if floors[g] > 0) if days >= 2 else ()
    sets, most = {}, {}
    for role in rb.WORKING_ROLES:
        ranges = [rb.t1_row(p, w).sets_strict(role) for w in weeks]
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        sets[role] = (min(lo, hi), hi)
        most[role] = min(rb.t1_row(p, w).sets_permissive(role)[1] for w in weeks)
        if p.is_older and min(weeks) <= 2:  # R33 (MUST): the older-beginner row in weeks 1-2
            most[role] = min(most[role], rb.OLDER_BEGINNER.sets_strict(role)[1])
    ceilings = {g: max(1.2 * previous.get(g, 0.0) + 1.0, floors[g]) for g in MMG} if previous else {}
    budget = float(p.session_minutes)
    return Rules(budget, budget + max(2.0, 0.05 * budget) - 0.05, low, min(high, cap), cap, floors, frequency,
                 p.level != "advanced", sets, most, ceilings, 1.2 * previous_total if previous_total else math.inf)


# --------------------------------------------------------------------------- ratios


def pattern_sets(sessions: Sequence[dict[str, Any]], patterns: tuple[str, ...]) -> int:
    """Working sets of exercises with one of ``patterns`` (R23, R24 count every working set)."""
    return sum(ex["sets"] for s in sessions for ex in s["exercises"]
               if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns)


def _chain(ex: dict[str, Any]) -> tuple[float, float]:
    """(anterior, posterior) weight of an entry's sets: 1 when a primary muscle is on that chain,
    0.5 when only a secondary one is (cached on the entry)."""
    cached = ex.get("_chain")
    if cached is None:
        front = back = 0.0
        for kind, weight in (("primary", rb.PRIMARY_WEIGHT), ("secondary", rb.SECONDARY_WEIGHT)):
            muscles = set(ex["muscles"][kind])
            front = max(front, weight) if muscles & ANTERIOR else front
            back = max(back, weight) if muscles & POSTERIOR else back
        cached = ex["_chain"] = (front, back)
    return cached[0], cached[1]


def chain_sets(sessions: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """Working sets on the anterior and on the posterior chain (R24 SHOULD)."""
    front = back = 0.0
    for s in sessions:
        for ex in s["exercises"]:
            if ex["role"] in rb.WORKING_ROLES:
                f, b = _chain(ex)
                front += ex["sets"] * f
                back += ex["sets"] * b
    return front, back


def _gap(a: float, b: float, band: tuple[float, float]) -> float:
    if a <= 0 or b <= 0:
        return 0.0 if a <= 0 and b <= 0 else math.inf
    return max(band[0] - a / b, a / b - band[1], 0.0)


def entry_family(ex: dict[str, Any]) -> str | None:
    return rb.pattern_family(str(ex["pattern"]))


# --------------------------------------------------------------------------- the tuner


@dataclass
class Measures:
    """Weekly volume and per-session hard sets per group at one moment of tuning."""

    volume: dict[str, float]
    sessions: list[dict[str, float]]
    patterns: dict[str, int]  # working sets per pattern (R23, R24)

    def trained(self, group: str) -> int:
        """Sessions with >= 2 hard sets of the group (R19)."""
        return sum(1 for sets in self.sessions if sets.get(group, 0.0) >= TRAINED_SETS - EPS)


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
        self.ensure_loaded_lift()
        self.cover_frequency()
        self.cover_floors()
        for top, bottom, must, should in RATIOS:
            self.balance_ratio(top, bottom, must, should)
        self.balance_chain()
        self.reach_band()
        self.fill_time()
        self.tidy_sets()
        self.enforce_limits(must=True)
        for top, bottom, must, _should in RATIOS:
            self.balance_ratio(top, bottom, must, must)
        for s in self.sessions:
            pair_order_conflicts(s["exercises"])
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
        if session_minutes(s) > (self.rules.hard_budget if must else self.rules.budget) + EPS:
            return False
        if not hard_entry(ex):
            return True
        if not must and total_hard_sets(self.sessions) > self.rules.total_ceiling + EPS:
            return False
        volume = weekly_volume(self.sessions)
        for g in group_weights(ex):
            if g in MMG and session_group_sets(s, g) > self.limits[i][g] + EPS:
                return False
            if volume.get(g, 0.0) > self.ceiling(g, must) + EPS:
                return False
        return True

    def set_range(self, ex: dict[str, Any]) -> tuple[int, int]:
        """The strict T1 set range of an entry's role in this block."""
        return self.rules.sets.get(ex["role"], (1, 3))

    def trained(self, group: str) -> list[int]:
        """Sessions with >= 2 hard sets of the group (R19)."""
        return [i for i, s in enumerate(self.sessions) if session_group_sets(s, group) >= TRAINED_SETS - EPS]

    def family_present(self, family: str) -> bool:
        """True when an exercise of the pattern family is in the week (R22)."""
        return any(entry_family(ex) == family for s in self.sessions for ex in s["exercises"])

    # ---- cutting

    def enforce_limits(self, *, must: bool = False) -> None:
        """Cut sets (or drop exercises) until no session exceeds a group's limit and no group its
        weekly band (R15, R16, R20); with ``must``, only the weekly cap is enforced."""
        stuck: set[tuple[int, str]] = set()
        for _ in range(400):
            excess = self._first_excess(stuck, must)
            if excess is None:
                return
            # the band (SHOULD) gives way to floors and R19; session limits (R20) and the cap do not
            if not self._cut(*excess, harmless=excess[0] < 0 and not must):
                stuck.add(excess)

    def _first_excess(self, stuck: set[tuple[int, str]], must: bool) -> tuple[int, str] | None:
        """The first (session, group) over its limit, or (-1, group) over the week's ceiling."""
        m = self.measures()
        for i, sets_by_group in enumerate(m.sessions):
            for g, sets in sets_by_group.items():
                if g in MMG and (i, g) not in stuck and sets > self.limits[i][g] + EPS:
                    return i, g
        for g, sets in m.volume.items():
            if (-1, g) not in stuck and sets > self.ceiling(g, must=must) + EPS:
                return -1, g
        return None

    def _cut(self, i: int, group: str, *, keep: dict[str, Any] | None = None, harmless: bool = False) -> bool:
        """One set less (or one exercise less) for ``group`` in session i (any session when -1),
        never of ``keep``; with ``harmless``, only where no group drops below its floor or R19."""
        where = range(len(self.sessions)) if i < 0 else (i,)
        m = self.measures()
        ranked = sorted(((self._cut_cost(j, ex, group, m), k, j, ex) for k, (j, ex) in enumerate(
            (j, ex) for j in where for ex in self.sessions[j]["exercises"]
            if hard_entry(ex) and group_weight(ex, group) > 0 and ex is not keep)), key=lambda o: (o[0], o[1]))
        options = [(j, ex) for cost, _k, j, ex in ranked if not (harmless and self._harm(j, ex, "", m) > 0)]
        for _j, ex in options:
            if ex["sets"] > self.set_range(ex)[0]:
                ex["sets"] -= 1
                return True
        for role in ("accessory", "main"):  # a whole exercise less rather than sets below T1
            for j, ex in options:
                if ex["role"] == role and self.removable(j, ex) and not self._below_floor_without(j, ex):
                    self.remove(j, ex)
                    return True
        for j, ex in options:
            if ex["sets"] > 1:
                ex["sets"] -= 1
                return True
            if self.removable(j, ex):
                self.remove(j, ex)
                return True
        return False

    def _cut_cost(self, i: int, ex: dict[str, Any], group: str, m: Measures) -> tuple[int, int, int, int, float]:
        """Sort key of cut options: harmless, optional, above the T1 minimum, accessory, most sets first."""
        low = self.set_range(ex)[0]
        return (self._harm(i, ex, group, m), 0 if ex.get("_optional") else 1, 0 if ex["sets"] > low else 1,
                0 if ex["role"] == "accessory" else 1, -ex["sets"] * group_weight(ex, group))

    def measures(self) -> Measures:
        """The week's volume per group and each session's hard sets per group, in one pass."""
        per_session: list[dict[str, float]] = []
        volume: dict[str, float] = {}
        for s in self.sessions:
            sets: dict[str, float] = {}
            for ex in s["exercises"]:
                if hard_entry(ex):
                    for g, w in group_weights(ex).items():
                        sets[g] = sets.get(g, 0.0) + ex["sets"] * w
            for g, x in sets.items():
                volume[g] = volume.get(g, 0.0) + x
            per_session.append(sets)
        patterns: dict[str, int] = {}
        for s in self.sessions:
            for ex in s["exercises"]:
                if ex["role"] in rb.WORKING_ROLES:
                    patterns[ex["pattern"]] = patterns.get(ex["pattern"], 0) + ex["sets"]
        return Measures(volume, per_session, patterns)

    def _harm(self, i: int, ex: dict[str, Any], group: str, m: Measures | None = None) -> int:
        """How many other groups one set less of ``ex`` would push below their floor or R19, plus
        the push:pull and knee:hip ratios it would push outside their MUST range."""
        m = m or self.measures()
        harm = self._ratio_harm(ex, 1, m)
        for g, w in group_weights(ex).items():
            if g == group or g not in MMG:
                continue
            if m.volume.get(g, 0.0) - w < self.rules.floors[g] - EPS:
                harm += 1
            elif g in self.rules.frequency and self.rules.frequency_must:
                now = m.sessions[i].get(g, 0.0)
                if now >= TRAINED_SETS - EPS and now - w < TRAINED_SETS - EPS and m.trained(g) <= 2:
                    harm += 1
        return harm

    def _ratio_harm(self, ex: dict[str, Any], sets: int = 1, m: Measures | None = None) -> int:
        """1 for each R23/R24 ratio that ``sets`` sets less of ``ex`` push further outside its MUST range."""
        if ex["role"] not in rb.WORKING_ROLES:
            return 0
        harm = 0
        for top, bottom, must, _should in RATIOS:
            if ex["pattern"] not in top + bottom:
                continue
            if m is None:
                a, b = pattern_sets(self.sessions, top), pattern_sets(self.sessions, bottom)
            else:
                a, b = sum(m.patterns.get(p, 0) for p in top), sum(m.patterns.get(p, 0) for p in bottom)
            before = _gap(a, b, must)
            after = _gap(a - sets, b, must) if ex["pattern"] in top else _gap(a, b - sets, must)
            harm += after > before + EPS
        return harm

    def removable(self, i: int, ex: dict[str, Any]) -> bool:
        """An exercise may go unless it is the week's only one of its pattern family (R22), or the
        only loaded squat or hinge of a person with chronic back pain (R32)."""
        if self.ctx.profile.has("chronic_lbp") and [id(x) for x in self.loaded_lifts()] == [id(ex)]:
            return False
        family = entry_family(ex)
        if family is None:
            return True
        return sum(entry_family(x) == family for s in self.sessions for x in s["exercises"]) > 1

    def remove(self, i: int, ex: dict[str, Any]) -> None:
        """Take an exercise out of session i (and out of its superset)."""
        exercises = self.sessions[i]["exercises"]
        exercises.remove(ex)
        unpair(exercises, ex)

    # ---- adding

    def cover_patterns(self) -> None:
        """Every pattern family in the week (R22), unless no exercise of it is allowed."""
        for family, members in rb.PATTERN_FAMILIES.items():
            if family in self.ctx.unavailable or self.family_present(family):
                continue
            for i in self._sessions_for(FAMILY_KINDS[family]):
                if self.add_exercise(i, patterns=members, must=True):
                    break

    def ensure_loaded_lift(self) -> None:
        """With chronic back pain, at least one squat or hinge carries an external load when the
        person's gear allows one (R32: loading is encouraged, no blanket ban)."""
        if not self.ctx.profile.has("chronic_lbp") or self.loaded_lifts():
            return
        for i in self._sessions_for(("full", "lower")):
            for ex in [x for x in self.sessions[i]["exercises"] if x["role"] in rb.WORKING_ROLES
                       and x["pattern"] in LOADED_PATTERNS]:
                if any(self._swap(i, ex, e) for e in self._loaded_options(i, ex["pattern"])):
                    return

    def loaded_lifts(self) -> list[dict[str, Any]]:
        """The week's squats and hinges that carry an external load."""
        return [ex for s in self.sessions for ex in s["exercises"] if ex["role"] in rb.WORKING_ROLES
                and ex["pattern"] in LOADED_PATTERNS and rb.is_externally_loaded(ex)]

    def _loaded_options(self, i: int, pattern: str) -> list[Exercise]:
        """The best externally loaded exercises of a squat or hinge pattern not in session i."""
        p = self.ctx.profile
        taken = {ex["id"] for ex in self.sessions[i]["exercises"]}
        slot = Slot((pattern,), "main", "loaded lift")
        found = [e for e in self.ctx.candidates(pattern, categories=("strength", "rehab"), level_slack=1)
                 if e.slug not in taken and role_fits(e, slot) and carries_load(e, p)]
        return sorted(found, key=lambda e: score(e, self.ctx, slot), reverse=True)[:3]

    def _swap(self, i: int, old: dict[str, Any], e: Exercise) -> bool:
        """Put ``e`` in place of ``old`` with the same role and sets, if the session still fits."""
        exercises = self.sessions[i]["exercises"]
        saved = self.snapshot()
        entry = new_entry(self.ctx, e, Slot((old["pattern"],), old["role"], "loaded lift"), self.week)
        entry["sets"] = old["sets"]
        unpair(exercises, old)
        exercises[exercises.index(old)] = entry
        if not self.fits(i, entry, must=True):
            self.relieve(i, entry)
            self.free_time(i, entry)
        if self.fits(i, entry, must=True) and rb.is_externally_loaded(entry):
            return True
        self.restore(saved)
        return False

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
        """One more exercise for the group, in the session that trains it most freely."""
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
                   if hard_entry(ex) and group_weight(ex, group) >= least]
        options.sort(key=lambda o: (-group_weight(o[1], group), o[1]["sets"], self._minutes(o[0])))
        return any(self.try_add_set(i, ex, must=must) for i, ex in options)

    def try_add_set(self, i: int, ex: dict[str, Any], *, must: bool) -> bool:
        """One more set of ``ex`` if everything still fits (and, unless ``must``, no push:pull or
        knee:hip ratio moves further from its target). MUST repairs may go past the strict T1 set
        range up to the permissive one."""
        most = self.rules.most_sets.get(ex["role"], self.set_range(ex)[1]) if must else self.set_range(ex)[1]
        if ex["sets"] >= most:
            return False
        if not must and self.worsens(ex, +1):
            return False
        saved = self.snapshot()
        ex["sets"] += 1
        if must and not self.fits(i, ex, must=True):
            self.relieve(i, ex)
            self.free_time(i, ex)
        if self.fits(i, ex, must=must):
            return True
        self.restore(saved)
        return False

    def _chain_worsens(self, ex: dict[str, Any]) -> bool:
        """True when one set less of ``ex`` moves the anterior:posterior ratio away from its band."""
        before = _gap(*chain_sets(self.sessions), CHAIN_BAND)
        ex["sets"] -= 1
        after = _gap(*chain_sets(self.sessions), CHAIN_BAND)
        ex["sets"] += 1
        return after > before + EPS and after > EPS

    def worsens(self, ex: dict[str, Any], delta: int) -> bool:
        """True when ``delta`` sets of ``ex`` move a push:pull, knee:hip or chain ratio further
        outside its SHOULD band."""
        if ex["role"] not in rb.WORKING_ROLES:
            return False
        sides: list[tuple[float, float, float, float, tuple[float, float]]] = []
        for top, bottom, _must, should in RATIOS:
            if ex["pattern"] in top + bottom:
                up = ex["pattern"] in top
                sides.append((pattern_sets(self.sessions, top), pattern_sets(self.sessions, bottom),
                              delta if up else 0, 0 if up else delta, should))
        front, back = _chain(ex)
        if front or back:
            sides.append((*chain_sets(self.sessions), delta * front, delta * back, CHAIN_BAND))
        for a, b, da, db, band in sides:
            after = _gap(a + da, b + db, band)
            if after > _gap(a, b, band) + EPS and after > EPS:
                return True
        return False

    def snapshot(self) -> list[tuple[list[dict[str, Any]], list[tuple[dict[str, Any], int, Any]]]]:
        """The week's exercises, sets and superset links, to undo a tentative change."""
        return [(list(s["exercises"]), [(x, x["sets"], x.get("superset_group")) for x in s["exercises"]])
                for s in self.sessions]

    def restore(self, saved: list[tuple[list[dict[str, Any]], list[tuple[dict[str, Any], int, Any]]]]) -> None:
        """Undo back to a ``snapshot``."""
        for s, (exercises, states) in zip(self.sessions, saved, strict=True):
            s["exercises"][:] = exercises
            for x, sets, group in states:
                x["sets"], x["superset_group"] = sets, group

    def free_time(self, i: int, keep: dict[str, Any]) -> None:
        """Cut surplus sets of other exercises in session i (harmless ones, most sets first) until
        it fits the time R4 allows."""
        s = self.sessions[i]
        while session_minutes(s) > self.rules.hard_budget + EPS:
            spare = [ex for ex in s["exercises"] if ex is not keep and hard_entry(ex) and ex["pattern"] != keep["pattern"]
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
        for g in group_weights(ex):
            if g in MMG and session_group_sets(self.sessions[i], g) > self.limits[i][g] + EPS:
                return i, g
            if volume.get(g, 0.0) > self.ceiling(g, must=True) + EPS:
                return -1, g
        return None

    def raise_group(self, i: int, group: str, target: float, *, must: bool) -> bool:
        """Bring session i to ``target`` hard sets of ``group``: more sets, else one more exercise."""
        if self._raise_with(i, group, target, must, primary=True):
            return True
        return self.add_exercise(i, group=group, target=target, must=must) or \
            self._raise_with(i, group, target, must, primary=False)

    def _raise_with(self, i: int, group: str, target: float, must: bool, *, primary: bool) -> bool:
        """More sets of the session's exercises that train ``group`` (as a prime mover, or else as
        a secondary muscle) until it reaches ``target``; undone when it cannot."""
        s = self.sessions[i]
        saved = self.snapshot()
        least = rb.PRIMARY_WEIGHT if primary else EPS
        for ex in sorted((x for x in s["exercises"] if hard_entry(x) and group_weight(x, group) >= least),
                         key=lambda x: -group_weight(x, group)):
            while session_group_sets(s, group) < target - EPS and ex in s["exercises"] \
                    and self.try_add_set(i, ex, must=must):
                pass
            if session_group_sets(s, group) >= target - EPS:
                return True
        self.restore(saved)
        return False

    def add_exercise(self, i: int, *, group: str | None = None, patterns: tuple[str, ...] = (),
                     target: float | None = None, must: bool) -> bool:
        """Add the best accessory for a group or pattern to session i, making room within its time
        (for a group, exercises that train it as a prime mover first, then as a secondary muscle)."""
        s = self.sessions[i]
        options = self._candidates(i, group, patterns)[:4]
        if group:
            options += self._candidates(i, group, patterns, secondary=True)[:2]
        for e in options:
            slot = Slot(tuple(pt for pt in e.patterns if pt != "trunk_extension" and (not patterns or pt in patterns))
                        or e.patterns[:1], "accessory", group or patterns[0])
            entry = new_entry(self.ctx, e, slot, self.week)
            entry["_optional"] = False
            low, high = self.set_range(entry)
            need = target - session_group_sets(s, group) if group and target else 0.0
            weight = group_weight(entry, group) if group else 1.0
            most = self.rules.most_sets.get(entry["role"], high) if must else high
            entry["sets"] = min(most, max(1, math.ceil(need / weight) if weight else 1, low if not group else 1))
            saved = self.snapshot()
            s["exercises"].append(entry)
            if self._make_room(i, entry, must=must, group=group, need=need) and (
                    not (group and target) or session_group_sets(s, group) >= target - EPS):
                order_exercises(s["exercises"])
                return True
            self.restore(saved)
        return False

    def _candidates(self, i: int, group: str | None, patterns: tuple[str, ...], *, secondary: bool = False
                    ) -> list[Exercise]:
        """Accessories for a group or pattern not yet in session i, best first (sparing groups
        already at their limit there, and preferring exercises that need no equipment set-up)."""
        p = self.ctx.profile
        s = self.sessions[i]
        taken = {ex["id"] for ex in s["exercises"]}
        working = Slot(patterns or ("accessory",), "accessory", "extra")

        def trains(e: Exercise) -> bool:
            """A prime mover of the group (or, with ``secondary``, only a secondary muscle of it)."""
            if any(rb.muscle_group(m) == group for m in e.primary_muscles):
                return not secondary
            return secondary and any(rb.muscle_group(m) == group for m in e.secondary_muscles)
        found = [e for e in self.ctx.pool if e.slug not in taken and e.category in ("strength", "rehab")
                 and role_fits(e, working) and LEVEL_RANK[e.level] <= LEVEL_RANK[p.level] + 1
                 and (not group or trains(e)) and (not patterns or set(patterns) & set(e.patterns))]
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
        weight = group_weight(entry, group) if group else 1.0
        for _ in range(40):
            if self.fits(i, entry, must=must):
                return True
            if session_minutes(s) <= budget + EPS:
                if must:
                    self.relieve(i, entry)
                return self._shrink_entry(i, entry, must)
            if not entry.get("superset_group") and try_superset(s["exercises"], entry):
                continue
            optional = [ex for ex in s["exercises"] if ex.get("_optional") and ex is not entry
                        and self.removable(i, ex)]
            if optional:
                self.remove(i, optional[-1])
                continue
            surplus = [ex for ex in s["exercises"] if ex is not entry and hard_entry(ex)
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

    def balance_chain(self) -> None:
        """Anterior vs posterior chain sets into 0.67-1.5 (R24 SHOULD): more sets where the smaller
        chain dominates, else fewer where the larger one does."""
        for _ in range(16):
            front, back = chain_sets(self.sessions)
            gap = _gap(front, back, CHAIN_BAND)
            if gap <= EPS or gap == math.inf:
                return
            side = 0 if front < back else 1
            working = [(i, ex) for i, s in enumerate(self.sessions) for ex in s["exercises"]
                       if ex["role"] in rb.WORKING_ROLES]
            grow = sorted(((i, ex) for i, ex in working if _chain(ex)[side] > _chain(ex)[1 - side]),
                          key=lambda o: (o[1]["sets"], self._minutes(o[0])))
            if any(self.try_add_set(i, ex, must=False) for i, ex in grow):
                continue
            shrink = [(i, ex) for i, ex in working if _chain(ex)[1 - side] > _chain(ex)[side]
                      and ex["sets"] > self.set_range(ex)[0] and self._harm(i, ex, "") == 0
                      and not self.worsens(ex, -1)]
            if not shrink:
                return
            max(shrink, key=lambda o: o[1]["sets"])[1]["sets"] -= 1

    def _pattern_sets(self, patterns: tuple[str, ...]) -> int:
        return pattern_sets(self.sessions, patterns)

    def _grow(self, patterns: tuple[str, ...], must: bool) -> bool:
        """One more set of a working exercise of ``patterns`` (fewest sets first)."""
        options = [(i, ex) for i, s in enumerate(self.sessions) for ex in s["exercises"]
                   if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns]
        options.sort(key=lambda o: (o[1]["sets"], self._minutes(o[0])))
        return any(self.try_add_set(i, ex, must=must) for i, ex in options)

    def _shrink(self, patterns: tuple[str, ...], must: bool) -> bool:
        """One set less of a working exercise of ``patterns`` (most sets first) where harmless."""
        options = [(i, ex) for i, s in enumerate(self.sessions) for ex in s["exercises"]
                   if ex["role"] in rb.WORKING_ROLES and ex["pattern"] in patterns and ex["sets"] > 1
                   and (must or ex["sets"] > self.set_range(ex)[0]) and self._harm(i, ex, "") == 0
                   and (must or not self._chain_worsens(ex))]
        if not options:
            return False
        max(options, key=lambda o: o[1]["sets"])[1]["sets"] -= 1
        return True

    def tidy_sets(self) -> None:
        """Working exercises below the T1 set range get their sets back where everything fits, or
        go when nothing needs them (R8 SHOULD)."""
        for i, s in enumerate(self.sessions):
            for ex in list(s["exercises"]):
                low = self.set_range(ex)[0] if ex["role"] in rb.WORKING_ROLES else 0
                while ex["sets"] < low and self.try_add_set(i, ex, must=False):
                    pass
                if ex["sets"] < low and ex["role"] == "accessory" and self.removable(i, ex) \
                        and self._harm(i, ex, "") == 0 and not self._below_floor_without(i, ex):
                    self.remove(i, ex)

    def _below_floor_without(self, i: int, ex: dict[str, Any]) -> bool:
        """True when removing ``ex`` would leave a group under its floor or R19 (all its sets), or
        a push:pull or knee:hip ratio outside its MUST range."""
        if self._ratio_harm(ex, ex["sets"]):
            return True
        m = self.measures()
        for g, w in group_weights(ex).items():
            if g not in MMG or not hard_entry(ex):
                continue
            if m.volume.get(g, 0.0) - w * ex["sets"] < self.rules.floors[g] - EPS:
                return True
            now = m.sessions[i].get(g, 0.0)
            if self.rules.frequency_must and g in self.rules.frequency and now >= TRAINED_SETS - EPS \
                    and now - w * ex["sets"] < TRAINED_SETS - EPS and m.trained(g) <= 2:
                return True
        return False

    def cut_for_time(self, i: int) -> bool:
        """One set less in session i, where it harms the rubric's MUST coverage least."""
        options = [ex for ex in self.sessions[i]["exercises"] if hard_entry(ex) and ex["sets"] > 1]
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
                    if ex["role"] == role and hard_entry(ex):
                        while self.try_add_set(i, ex, must=False):
                            pass

    def _minutes(self, i: int) -> float:
        return session_minutes(self.sessions[i])

    def _sessions_for(self, kinds: tuple[str, ...]) -> list[int]:
        """Sessions ordered for adding work: those of the right kind first, then the shortest."""
        return sorted(range(len(self.sessions)), key=lambda i: (self.kinds[i] not in kinds, self._minutes(i)))


# --------------------------------------------------------------------------- deload weeks


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
                   if j in plan[i] and group_weight(ex, group) > 0]
        if ratio > 0.7:
            more = [(i, j) for i, j in options if plan[i][j] > 1]
            if more:
                i, j = max(more, key=lambda o: (plan[o[0]][o[1]], group_weight(template[o[0]]["exercises"][o[1]], group)))
                plan[i][j] -= 1
            elif (droppable := [o for o in options if _family_kept(template, plan, *o)]) and dropped + 1 <= 0.3 * total_ids:
                i, j = max(droppable, key=lambda o: group_weight(template[o[0]]["exercises"][o[1]], group))
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
    family = entry_family(template[i]["exercises"][j])
    return family is None or any(
        entry_family(ex) == family and (k, m) != (i, j) and plan[k].get(m, ex["sets"]) > 0
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
            for g, w in group_weights(ex).items():
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
