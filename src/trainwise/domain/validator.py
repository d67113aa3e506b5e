"""The plan validator: every check of the training rubric (R1-R34) on a plan for a profile.

``check_plan`` returns a Report of CheckResults: a MUST violation is "fail", a SHOULD violation is
"warn", "n/a" when the check's trigger does not apply. Checks with MUST and SHOULD parts report
each part separately ("R4.a", "R4.b", ...). Tables, HOUSE constants and shared formulas live in
``trainwise.domain.rubric``; our reading of the rubric is noted in a comment at each check.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from trainwise.domain import rubric as rb
from trainwise.domain import vocabulary as v
from trainwise.domain.profile import RED_FLAGS, Profile
from trainwise.domain.rubric import (
    JSON,
    estimate_session_minutes,
    feasible_band,
    hard_sets_by_group,
    max_reps,
    possible_loads,
    weekly_volume,
)

MUST = "MUST"
SHOULD = "SHOULD"
MAX_DETAIL_ITEMS = 4

DURATION_GRACE_MIN = 2.0  # R4: session_minutes + max(2, 5 %)
DURATION_GRACE_SHARE = 0.05
DURATION_SHORT_SHARE = 0.6  # R4: SHOULD >= 60 % of the session
ESTIMATE_TOLERANCE = 0.15  # R4: plan's estimated_minutes within +-15 %
HEAVY_PCT = 0.80  # R11: multi-joint sets at >= 80 % 1RM ...
HEAVY_REPS = 6  # ... or <= 6 reps rest >= 120 s
HEAVY_REST_S = 120
HYPERTROPHY_COMPOUND_REST_S = 60
MIN_REST_S = 30
TEMPO_PHASE_MAX_S = 4  # R13
TEMPO_REP_MAX_S = 10
NOVICE_ECCENTRIC_S = (2, 3)
NOVICE_CONCENTRIC_S = (1, 2)
LOAD_STEP_MAX = 0.10  # R17 / R31: planned load rise per week
VOLUME_4WEEK_MAX = 1.2  # R17: V(m) over 4 non-deload weeks <= 1.2 x + 1 set
VOLUME_4WEEK_ROUNDING = 1.0
TOTAL_SETS_STEP_MAX = 0.20  # HOUSE: R17 total weekly hard sets rise
DELOAD_MIN_WEEKS = 6  # R18 applies to plans of >= 6 weeks
DELOAD_BLOCK = (4, 8)
DELOAD_VOLUME = (0.4, 0.7)
DELOAD_LOAD = (0.85, 0.95)
DELOAD_RIR_EXTRA = 2
DELOAD_SAME_EXERCISES = 0.7
TRAINED_SETS = 2.0  # R19: "trained" = >= 2 hard sets in the session
SPACING_SETS = 4.0  # R20
SPACING_HOURS = 48
HEAVY_SPACING_SETS = 8.0  # HOUSE: R20 SHOULD
HEAVY_SPACING_HOURS = 72  # HOUSE: R20 SHOULD
# Ratio bands are symmetric: the rubric's "0.67" is 1 / 1.5 (so 4:6 sets is inside).
PUSH_PULL_MUST = (1 / 1.5, 1.5)  # HOUSE
PUSH_PULL_SHOULD = (1 / 1.25, 1.25)
KNEE_HIP_MUST = (1 / 2.0, 2.0)  # HOUSE
KNEE_HIP_SHOULD = (1 / 1.5, 1.5)
FRONT_BACK_SHOULD = (1 / 1.5, 1.5)
MULTI_JOINT_SHARE = 0.5  # R26
WARMUP_MIN = 5.0  # R27: >= 5 min for sessions >= 30 min, else >= 2 min
WARMUP_SHORT_MIN = 2.0
WARMUP_LONG_SESSION = 30.0
STATIC_STRETCH_MAX_MIN = 1.0  # R27: <= 60 s per muscle
RAMP_PCT = 0.70  # R28: heavy = >= 70 % 1RM or RIR <= 2 with a meaningful load
RAMP_RIR = 2
MEANINGFUL_LOAD_KG = 20.0  # HOUSE: smallest "meaningful external load" for R28
RAMP_HEAVY_PCT = 0.85
COOLDOWN_MIN = (3.0, 10.0)  # R29
AEROBIC_MIN_PER_WEEK = 30.0  # R30c
TRUNK_DRILL_DAYS = 3  # R30b
ACUTE_EARLY_WEEKS = 2
ACUTE_MIN_RIR = 3
DISC_MAX_PCT = 0.75  # HOUSE: R31
DISC_MIN_RIR = 3
OLDER_BALANCE_DAYS = 2  # R33
CHRONIC_MIN_DAYS = 2  # R32

ACUTE_LBP_BANNED = ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise", "loaded_spinal_rotation",
                    "heavy_axial_load", "high_impact", "max_testing")
SPINE_SPARING_BANNED = ("loaded_spinal_flexion", "loaded_spinal_rotation")
#: McGill big three and equivalents: exercise id -> drill kind (side bridge variants count once).
TRUNK_DRILLS = {"mcgill-curl-up": "curl-up", "side-plank": "side bridge", "knee-side-plank": "side bridge",
                "bird-dog": "bird dog"}
#: T5 EMERGENCY symptoms and the words that show a safety note mentions them (R2).
EMERGENCY_KEYWORDS: Mapping[str, tuple[str, ...]] = {
    "saddle numbness": ("saddle",), "bladder problems": ("bladder", "urin"), "bowel problems": ("bowel", "faecal", "fecal"),
    "sexual dysfunction": ("sexual",), "symptoms in both legs": ("both legs", "bilateral"),
    "weakness": ("weakness", "weak"),
}
STOP_AND_SEEK = "stop training and seek care"
LOWER_OR_TRUNK_PATTERNS = frozenset({"knee_dominant", "hip_dominant", "isolation_lower", "carry", "trunk_extension",
                                     "trunk_anti_extension", "trunk_anti_lateral_flexion", "trunk_anti_rotation"})
_TRUNK_PATTERNS = frozenset(rb.PATTERN_FAMILIES["trunk"])
LOWER_OR_TRUNK_GROUPS = frozenset({"quadriceps", "hamstrings", "glutes", "trunk", "calves"})
SPINE_LOADING_PATTERNS = frozenset({"knee_dominant", "hip_dominant", "carry"})
LBP_CONDITIONS = ("acute_lbp", "chronic_lbp", "lumbar_disc_herniation_history")


@dataclass(frozen=True)
class CheckResult:
    """One rubric check on one plan."""

    id: str            # "R4", or "R4.b" for one part of a check with several parts
    severity: str      # "MUST" | "SHOULD"
    status: str        # "pass" | "fail" | "warn" | "n/a"
    detail: str


@dataclass(frozen=True)
class Report:
    """All checks of a plan; ``passed`` means no MUST check failed."""

    results: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return not any(r.severity == "MUST" and r.status == "fail" for r in self.results)

    @property
    def score(self) -> float | None:
        """Share of applicable SHOULD checks passed (None when none applies)."""
        should = [r for r in self.results if r.severity == "SHOULD" and r.status != "n/a"]
        return sum(r.status == "pass" for r in should) / len(should) if should else None

    @property
    def failures(self) -> tuple[CheckResult, ...]:
        """The failed MUST checks."""
        return tuple(r for r in self.results if r.status == "fail")

    def get(self, check_id: str) -> CheckResult:
        """The result with this exact id (KeyError if absent)."""
        for result in self.results:
            if result.id == check_id:
                return result
        raise KeyError(check_id)

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "score": self.score,
                "results": [r.__dict__ for r in self.results]}


# --------------------------------------------------------------------------- plumbing


@dataclass(frozen=True)
class _Item:
    """One exercise in its week and session."""

    week_no: int
    week: JSON
    session: JSON
    ex: JSON

    @property
    def label(self) -> str:
        return f"week {self.week_no} {self.session.get('day')} {self.ex.get('id')}"

    @property
    def deload(self) -> bool:
        return self.week.get("is_deload") is True


@dataclass(frozen=True)
class _Ctx:
    plan: JSON
    profile: Profile
    weeks: tuple[tuple[int, JSON], ...]
    flags: frozenset[str]
    unavailable: frozenset[str]

    def items(self) -> Iterator[_Item]:
        for week_no, week in self.weeks:
            for session in rb.week_sessions(week):
                for ex in rb.session_exercises(session):
                    yield _Item(week_no, week, session, ex)

    def working(self) -> Iterator[_Item]:
        return (item for item in self.items() if rb.is_working(item.ex))

    def sessions(self) -> Iterator[tuple[int, JSON, JSON]]:
        for week_no, week in self.weeks:
            for session in rb.week_sessions(week):
                yield week_no, week, session


def _detail(problems: list[str]) -> str:
    shown = "; ".join(problems[:MAX_DETAIL_ITEMS])
    return shown + (f" (+{len(problems) - MAX_DETAIL_ITEMS} more)" if len(problems) > MAX_DETAIL_ITEMS else "")


def _res(check_id: str, severity: str, problems: list[str], ok: str = "ok") -> CheckResult:
    if not problems:
        return CheckResult(check_id, severity, "pass", ok)
    return CheckResult(check_id, severity, "fail" if severity == MUST else "warn", _detail(problems))


def _na(check_id: str, severity: str, why: str) -> CheckResult:
    return CheckResult(check_id, severity, "n/a", why)


def _band(value: float, band: tuple[float, float]) -> bool:
    return band[0] - 1e-9 <= value <= band[1] + 1e-9


def _fmt(band: tuple[float, float]) -> str:
    return f"{round(band[0], 2):g}-{round(band[1], 2):g}"


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def _plan_text(value: Any) -> Iterator[str]:
    """Every string of the plan (for advice scans)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _plan_text(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _plan_text(item)


_BED_REST = re.compile(r"bed[\s-]?rest|rest(?:ing)? in bed|stay(?:ing)? in bed", re.I)
_NEGATION = re.compile(r"\b(no|not|avoid|don't|do not|never|instead of|rather than|without)\b", re.I)


def _bed_rest_advice(plan: JSON) -> list[str]:
    """Sentences that advise bed rest; sentences that advise against it (negated) are not counted."""
    out = []
    for text in _plan_text(plan):
        for sentence in re.split(r"[.!?;\n]", text):
            if _BED_REST.search(sentence) and not _NEGATION.search(sentence):
                out.append(repr(sentence.strip()[:60]))
    return out


def _pain_monitoring_enabled(plan: JSON) -> bool:
    return rb.as_mapping(plan.get("pain_monitoring")).get("enabled") is True


def _home_drills(plan: JSON) -> list[JSON]:
    return [d for d in rb.as_list(plan.get("home_drills")) if isinstance(d, Mapping)]


def _with_tag(ctx: _Ctx, tags: tuple[str, ...] | frozenset[str]) -> list[str]:
    return [f"{i.label} [{', '.join(sorted(rb.tags_of(i.ex) & set(tags)))}]" for i in ctx.items()
            if rb.tags_of(i.ex) & set(tags)]


# --------------------------------------------------------------------------- safety gate


_SEEK = re.compile(r"\b(seek|see|contact|call|visit|get|go to|attend|speak to|consult)\b", re.I)
_MEDICAL = re.compile(r"\b(medical|doctor|clinician|gp|physician|emergency|hospital|a&e|999|911|112|"
                      r"physiotherapist|health ?care)\b", re.I)
_TODAY = re.compile(r"\b(today|same[ -]day|immediately|now|right away|emergency|999|911|112)\b", re.I)
_URGENT = re.compile(r"\b(urgent(ly)?|soon|promptly|today|before|immediately|as soon as)\b", re.I)


def _advises_assessment(message: str, emergency: bool) -> bool:
    timing = _TODAY if emergency else _URGENT
    return bool(_SEEK.search(message) and _MEDICAL.search(message) and timing.search(message))


def _r1(ctx: _Ctx) -> list[CheckResult]:
    # Red flags: suspended (or plan_generated false), no main/accessory or loaded exercise, referral
    # with T5 urgency, and a message that says to seek medical assessment (today for EMERGENCY,
    # "urgently"/"before training" for URGENT) -- keyword matching. CAUTION flags: R1.b.
    p, plan = ctx.profile, ctx.plan
    referral = rb.as_mapping(plan.get("referral"))
    out = []
    if p.red_flags:
        problems = []
        if not (plan.get("status") == "suspended" or plan.get("plan_generated") is False):
            problems.append(f"status is {plan.get('status')!r}, expected 'suspended'")
        loaded = [i.label for i in ctx.items() if rb.is_working(i.ex) or rb.is_externally_loaded(i.ex)]
        if loaded:
            problems.append(f"{len(loaded)} main/accessory or loaded exercises (e.g. {loaded[0]})")
        if referral.get("required") is not True:
            problems.append("referral.required is not true")
        emergency = any(RED_FLAGS.get(code) == "emergency_same_day" for code in p.red_flags)
        expected = "emergency_same_day" if emergency else "urgent"
        if referral.get("urgency") != expected:
            problems.append(f"referral urgency {referral.get('urgency')!r}, expected {expected!r}")
        if not _advises_assessment(str(referral.get("message") or ""), emergency):
            problems.append("referral message does not tell the user to seek medical assessment "
                            + ("today" if emergency else "urgently"))
        out.append(_res("R1.a", MUST, problems, f"suspended with an {expected} referral"))
    else:
        out.append(_na("R1.a", MUST, "no red flags"))
    if p.caution_flags:
        problems = [] if referral.get("required") is True else ["CAUTION flag but referral.required is not true"]
        problems += _with_tag(ctx, ("heavy_axial_load",))
        out.append(_res("R1.b", MUST, problems, "referral required, no heavy axial load"))
    else:
        out.append(_na("R1.b", MUST, "no caution flags"))
    return out


def _r2(ctx: _Ctx) -> list[CheckResult]:
    # Any declared condition (or current pain): safety notes name every T5 EMERGENCY symptom
    # (keyword match) and say "stop training and seek care" (case-insensitive).
    if not ctx.profile.conditions and ctx.profile.pain is None:
        return [_na("R2", SHOULD, "no declared condition")]
    text = " ".join(str(n) for n in rb.as_list(ctx.plan.get("safety_notes"))).lower()
    missing = [name for name, words in EMERGENCY_KEYWORDS.items() if not any(w in text for w in words)]
    problems = [f"safety notes do not mention {', '.join(missing)}"] if missing else []
    if STOP_AND_SEEK not in text:
        problems.append(f"safety notes do not say {STOP_AND_SEEK!r}")
    return [_res("R2", SHOULD, problems, "emergency symptoms and 'stop training and seek care' listed")]


# --------------------------------------------------------------------------- fit to the user


def _r3(ctx: _Ctx) -> list[CheckResult]:
    # Exactly days_per_week sessions every week (deloads included), on distinct available days.
    p = ctx.profile
    if not ctx.weeks:
        return [_na("R3", MUST, "plan suspended") if p.red_flags else _res("R3", MUST, ["plan has no weeks"])]
    problems = []
    for week_no, week in ctx.weeks:
        days = [str(s.get("day")) for s in rb.week_sessions(week)]
        if len(days) != p.days_per_week:
            problems.append(f"week {week_no}: {len(days)} sessions, expected {p.days_per_week}")
        wrong = [d for d in days if d not in p.training_days]
        if wrong:
            problems.append(f"week {week_no}: {', '.join(wrong)} not an available day")
        if len(set(days)) != len(days):
            problems.append(f"week {week_no}: two sessions on one day")
    return [_res("R3", MUST, problems, f"{p.days_per_week} sessions a week on available days")]


def _r4(ctx: _Ctx) -> list[CheckResult]:
    # Recomputed minutes (rubric formula, rubric.estimate_session_minutes) against the user's
    # session length; a missing estimated_minutes counts as outside the +-15 %.
    limit = ctx.profile.session_minutes
    allowed = limit + max(DURATION_GRACE_MIN, DURATION_GRACE_SHARE * limit)
    long, short, off = [], [], []
    for week_no, _, session in ctx.sessions():
        est = rb.estimate_session_minutes(session)
        where = f"week {week_no} {session.get('day')}"
        if est > allowed + 1e-9:
            long.append(f"{where}: est. {est:.1f} min > {allowed:g} allowed")
        if est < DURATION_SHORT_SHARE * limit:
            short.append(f"{where}: est. {est:.1f} min < {DURATION_SHORT_SHARE * limit:g}")
        declared = rb.as_number(session.get("estimated_minutes"))
        if declared is None or abs(declared - est) > ESTIMATE_TOLERANCE * est:
            off.append(f"{where}: estimated_minutes {declared} vs recomputed {est:.1f}")
    return [_res("R4.a", MUST, long, f"every session <= {allowed:g} min"),
            _res("R4.b", SHOULD, short, f"every session >= {DURATION_SHORT_SHARE * limit:g} min"),
            _res("R4.c", SHOULD, off, "estimated_minutes within 15 % of the formula")]


def _r5(ctx: _Ctx) -> list[CheckResult]:
    # equipment (aliases resolved, "floor" = bodyweight) within the profile's plus body weight and wall.
    have = {v.EQUIPMENT.lookup(e) or e for e in ctx.profile.equipment} | set(v.ALWAYS_AVAILABLE)
    problems = [f"{i.label}: {', '.join(missing)} not available" for i in ctx.items()
                if (missing := [e for e in rb.equipment_of(i.ex) if e not in have])]
    return [_res("R5", MUST, problems, "all equipment available")]


def _r6(ctx: _Ctx) -> list[CheckResult]:
    # Every absolute_kg load (and every ramp-set load_kg > 0) must be a possible load of one of the
    # exercise's equipment (rubric.possible_loads: one dumbbell/kettlebell mass, or bar + 2 x plates).
    # Equipment without specs (machines, missing specs) cannot carry an absolute_kg load.
    problems = []
    for i in ctx.items():
        equipment = rb.equipment_of(i.ex)
        loads = [kg] if (kg := rb.load_kg(i.ex)) is not None else []
        loads += [kg for r in rb.as_list(i.ex.get("ramp_sets"))
                  if (kg := rb.as_number(rb.as_mapping(r).get("load_kg"))) is not None and kg > 0]
        for kg in loads:
            if not rb.load_is_settable(ctx.profile, equipment, kg):
                problems.append(f"{i.label}: {kg:g} kg cannot be set with {', '.join(equipment) or 'no equipment'}")
    return [_res("R6", MUST, problems, "every load can be set")]


def _r7(ctx: _Ctx) -> list[CheckResult]:
    # Working (main/accessory) exercises only; a hold may replace reps; %1RM counts as effort target.
    problems = []
    for i in ctx.working():
        ex, missing = i.ex, []
        if rb.set_count(ex) < 1:
            missing.append("sets >= 1")
        reps = rb.rep_range(ex)
        if rb.hold_seconds(ex) is None and (reps is None or reps[0] > reps[1]):
            missing.append("reps min <= max or hold_s")
        if rb.as_number(ex.get("rest_s")) is None:
            missing.append("rest_s")
        if rb.target_rir(ex) is None and rb.pct_1rm(ex) is None:
            missing.append("rir/RPE/pct_1rm")
        if not rb.muscles_of(ex, "primary"):
            missing.append("primary muscles")
        if ex.get("pattern") not in rb.RUBRIC_PATTERNS:
            missing.append("valid pattern")
        if ex.get("joint") not in ("multi", "single"):
            missing.append("joint")
        if not rb.equipment_of(ex):
            missing.append("equipment")
        if missing:
            problems.append(f"{i.label}: missing {', '.join(missing)}")
    return [_res("R7", MUST, problems, "every working exercise complete")]


# --------------------------------------------------------------------------- dose per exercise (T1)


def _r8(ctx: _Ctx) -> list[CheckResult]:
    # T1 has one set range: it is the strict band; the permissive band is 1 .. max + 1 (HOUSE).
    # Working exercises use the goal x level row; role trunk_endurance uses the McGill row (3 sets).
    # Deload weeks are exempt from the minimum.
    must, should = [], []
    for i in ctx.items():
        r = rb.role(i.ex)
        if r == "trunk_endurance":
            strict = rb.TRUNK_SETS_STRICT
            permissive = (1, strict[1] + rb.SETS_PERMISSIVE_MARGIN)
        elif r in rb.WORKING_ROLES:
            row = rb.t1_row(ctx.profile, i.week_no)
            strict, permissive = row.sets_strict(r), row.sets_permissive(r)
        else:
            continue
        if i.deload:
            strict, permissive = (0, strict[1]), (0, permissive[1])
        sets = rb.set_count(i.ex)
        if not _band(sets, permissive):
            must.append(f"{i.label}: {sets} sets outside {_fmt(permissive)}")
        elif not _band(sets, strict):
            should.append(f"{i.label}: {sets} sets outside {_fmt(strict)}")
    return [_res("R8.a", MUST, must, "sets within the permissive T1 band"),
            _res("R8.b", SHOULD, must + should, "sets within the strict T1 band")]


def _r9(ctx: _Ctx) -> list[CheckResult]:
    # Reps of working exercises (holds/durations skipped) against the T1 row; hypertrophy reps above
    # 12 need RIR <= 3 (MUST). Rows with a share rule ("mostly 6-12", ">= 1/3 of main sets <= 6")
    # are checked per week as a SHOULD. role trunk_endurance: hold 5-15 s (MUST), 8-10 s (SHOULD).
    must, should = [], []
    for i in ctx.items():
        r, ex = rb.role(i.ex), i.ex
        hold = rb.hold_seconds(ex)
        if r == "trunk_endurance" and hold is not None:
            if not _band(hold, rb.TRUNK_HOLD_PERMISSIVE_S):
                must.append(f"{i.label}: {hold:g} s holds outside {_fmt(rb.TRUNK_HOLD_PERMISSIVE_S)}")
            elif not _band(hold, rb.TRUNK_HOLD_STRICT_S):
                should.append(f"{i.label}: {hold:g} s holds outside {_fmt(rb.TRUNK_HOLD_STRICT_S)}")
            continue
        reps = rb.rep_range(ex)
        if r not in rb.WORKING_ROLES or hold is not None or reps is None:
            continue
        row = rb.t1_row(ctx.profile, i.week_no)
        rir = rb.target_rir(ex)
        if not (_band(reps[0], row.reps_permissive) and _band(reps[1], row.reps_permissive)):
            must.append(f"{i.label}: {reps[0]}-{reps[1]} reps outside {_fmt(row.reps_permissive)} ({row.name})")
        elif row.high_reps_rule and reps[1] > row.high_reps_rule[0] and (rir is None or rir > row.high_reps_rule[1]):
            must.append(f"{i.label}: {reps[1]} reps need RIR <= {row.high_reps_rule[1]} (RIR {rir})")
        elif not (_band(reps[0], row.reps_strict(r)) and _band(reps[1], row.reps_strict(r))):
            should.append(f"{i.label}: {reps[0]}-{reps[1]} reps outside {_fmt(row.reps_strict(r))}")
    for week_no, week in ctx.weeks:
        row = rb.t1_row(ctx.profile, week_no)
        if row.share is None:
            continue
        total = inside = 0
        for session in rb.week_sessions(week):
            for ex in rb.session_exercises(session):
                reps = rb.rep_range(ex)
                if rb.role(ex) in row.share.roles and reps is not None and rb.hold_seconds(ex) is None:
                    total += rb.set_count(ex)
                    inside += rb.set_count(ex) * (_band(reps[0], row.share.reps) and _band(reps[1], row.share.reps))
        if total and inside / total < row.share.min_share - 1e-9:
            should.append(f"week {week_no}: {inside}/{total} sets, expected {row.share.text}")
    return [_res("R9.a", MUST, must, "reps within the permissive T1 band"),
            _res("R9.b", SHOULD, must + should, "reps within the strict T1 band")]


def _r10(ctx: _Ctx) -> list[CheckResult]:
    # maxReps_upper(p) is read as the top of the feasible band (max(E, B) + 2), so the MUST is
    # looser than the SHOULD: reps.max <= max(E, B) + 3. R10.c (SHOULD) also checks %1RM against
    # the T1 row's %1RM column.
    must, should, row_pct = [], [], []
    found = False
    for i in ctx.working():
        p, reps = rb.pct_1rm(i.ex), rb.rep_range(i.ex)
        if p is None or reps is None or p > 1:
            continue
        found = True
        low, high = rb.feasible_band(p)
        if reps[1] > high + 1 + 1e-9:
            must.append(f"{i.label}: {reps[1]} reps at {p:.0%} > {high + 1:.1f} possible")
        rir = rb.target_rir(i.ex)
        if rir is not None and not _band(reps[1] + rir, (low, high)):
            should.append(f"{i.label}: reps + RIR = {reps[1] + rir:g} outside {low:.1f}-{high:.1f} at {p:.0%}")
        band = rb.t1_row(ctx.profile, i.week_no).pct
        if not i.deload and not _band(p * 100, band):
            row_pct.append(f"{i.label}: {p:.0%} 1RM outside {_fmt(band)} %")
    if not found:
        return [_na("R10.a", MUST, "no %1RM loads"), _na("R10.b", SHOULD, "no %1RM loads"),
                _na("R10.c", SHOULD, "no %1RM loads")]
    return [_res("R10.a", MUST, must, "reps possible at every %1RM"),
            _res("R10.b", SHOULD, should, "reps + RIR within the feasible band"),
            _res("R10.c", SHOULD, row_pct, "%1RM within the T1 row")]


def _superset_members(session: JSON, ex: JSON) -> list[JSON]:
    key = ex.get("superset_group")
    if key is None or key == "":
        return [ex]
    return [e for e in rb.session_exercises(session) if e.get("superset_group") == key]


def _effective_rest(session: JSON, ex: JSON) -> float:
    """Rest before the next set of ``ex``: in a superset, the other members' sets and switches count."""
    members = _superset_members(session, ex)
    others = [e for e in members if e is not ex]
    return rb.rest_seconds(ex) + sum(rb.set_seconds(e) for e in others) + rb.SUPERSET_SWITCH_SECONDS * len(others)


_ANTAGONISTS = {("upper_push", "upper_pull"), ("upper_pull", "upper_push"),
                ("knee_dominant", "hip_dominant"), ("hip_dominant", "knee_dominant")}


def _non_competing(members: list[JSON]) -> bool:
    """True when every pair of a superset is antagonist (push/pull, knee/hip) or shares no primary muscle."""
    for a_index, a in enumerate(members):
        for b in members[a_index + 1:]:
            families = (rb.pattern_family(str(a.get("pattern"))), rb.pattern_family(str(b.get("pattern"))))
            if families not in _ANTAGONISTS and set(rb.muscles_of(a, "primary")) & set(rb.muscles_of(b, "primary")):
                return False
    return True


def _r11(ctx: _Ctx) -> list[CheckResult]:
    # MUST floors use the effective rest (in a superset the partner's set and the switch count as
    # rest); heavy = multi-joint at >= 80 % 1RM, or <= 6 reps with an external load (not holds).
    # Rest < 30 s is allowed only inside a superset whose members do not compete (antagonist
    # patterns or no shared primary muscle). SHOULD: effective rest within the T1 band.
    must, should = [], []
    hypertrophy = rb.goal_family(ctx.profile.goal) == "hypertrophy"
    for i in ctx.working():
        ex = i.ex
        rest = rb.as_number(ex.get("rest_s"))
        if rest is None:
            continue
        effective = _effective_rest(i.session, ex)
        reps, p = rb.rep_range(ex), rb.pct_1rm(ex)
        multi = ex.get("joint") == "multi"
        heavy = multi and ((p is not None and p >= HEAVY_PCT) or (
            reps is not None and rb.hold_seconds(ex) is None and reps[1] <= HEAVY_REPS and rb.is_externally_loaded(ex)))
        if heavy and effective < HEAVY_REST_S:
            must.append(f"{i.label}: heavy multi-joint sets rest {effective:g} s < {HEAVY_REST_S}")
        elif hypertrophy and multi and effective < HYPERTROPHY_COMPOUND_REST_S:
            must.append(f"{i.label}: hypertrophy compound rest {effective:g} s < {HYPERTROPHY_COMPOUND_REST_S}")
        elif rest < MIN_REST_S and not (len(_superset_members(i.session, ex)) > 1
                                        and _non_competing(_superset_members(i.session, ex))):
            must.append(f"{i.label}: rest {rest:g} s < {MIN_REST_S} outside a non-competing superset")
        band = rb.t1_row(ctx.profile, i.week_no).rest_band(ex)
        if not _band(effective, band):
            should.append(f"{i.label}: rest {effective:g} s outside {_fmt(band)}")
    return [_res("R11.a", MUST, must, "rest floors met"),
            _res("R11.b", SHOULD, must + should, "rest within the T1 band")]


def _r12(ctx: _Ctx) -> list[CheckResult]:
    # (a) MUST RIR 0-4 on working sets; deload weeks may exceed 4 (R18 asks for RIR + 2).
    # (b) MUST no RIR 0 on multi-joint free-weight lifts for novices, people aged 65+ or any LBP.
    # (c) SHOULD novices, 65+ and acute LBP: RIR >= 2, and >= 3 in weeks 1-2.
    # (d) SHOULD RIR within the T1 row's RIR column (non-deload weeks). RPE is read as 10 - RPE.
    p = ctx.profile
    cautious = p.level == "beginner" or rb.is_older(p) or any(p.has(c) for c in LBP_CONDITIONS)
    gentle = p.level == "beginner" or rb.is_older(p) or p.has("acute_lbp")
    a, b, c, d = [], [], [], []
    for i in ctx.working():
        rir = rb.target_rir(i.ex)
        if rir is None:
            continue
        if rir < 0 or (rir > rb.HARD_SET_MAX_RIR and not i.deload):
            a.append(f"{i.label}: RIR {rir:g} outside 0-4")
        if cautious and rir <= 0 and i.ex.get("joint") == "multi" and rb.is_free_weight(i.ex):
            b.append(f"{i.label}: RIR 0 on a multi-joint free-weight lift")
        floor = 3 if i.week_no <= ACUTE_EARLY_WEEKS else 2
        if gentle and rir < floor:
            c.append(f"{i.label}: RIR {rir:g} < {floor}")
        band = rb.t1_row(p, i.week_no).rir
        if not i.deload and not _band(rir, band):
            d.append(f"{i.label}: RIR {rir:g} outside {_fmt(band)}")
    return [_res("R12.a", MUST, a, "RIR within 0-4"),
            _res("R12.b", MUST, b, "no planned failure on free-weight compounds") if cautious
            else _na("R12.b", MUST, "not a novice, 65+ or LBP profile"),
            _res("R12.c", SHOULD, c, "RIR >= 2 (>= 3 in weeks 1-2)") if gentle
            else _na("R12.c", SHOULD, "not a novice, 65+ or acute LBP profile"),
            _res("R12.d", SHOULD, d, "RIR within the T1 row")]


def _r13(ctx: _Ctx) -> list[CheckResult]:
    # Tempo "eccentric-pause-concentric-pause": each phase <= 4 s and a rep < 10 s (holds exempt).
    # Novices: eccentric 2-3 s and concentric 1-2 s; an explosive "X" concentric is not controlled.
    problems, seen = [], False
    novice = ctx.profile.level == "beginner"
    for i in ctx.working():
        raw = i.ex.get("tempo")
        phases = rb.tempo_phases(raw)
        if rb.hold_seconds(i.ex) is not None or raw is None:
            continue
        seen = True
        if phases is None or len(phases) != 4:
            problems.append(f"{i.label}: unreadable tempo {raw!r}")
            continue
        if max(phases) > TEMPO_PHASE_MAX_S or sum(phases) >= TEMPO_REP_MAX_S:
            problems.append(f"{i.label}: tempo {raw} too slow")
        elif novice and (not _band(phases[0], NOVICE_ECCENTRIC_S) or not _band(phases[2], NOVICE_CONCENTRIC_S)
                         or "x" in str(raw).lower()):
            problems.append(f"{i.label}: tempo {raw} not controlled (eccentric 2-3 s, concentric 1-2 s)")
    if not seen:
        return [_na("R13", SHOULD, "no tempos given")]
    return [_res("R13", SHOULD, problems, "tempos controlled")]


# --------------------------------------------------------------------------- weekly volume (T2)


def _volumes(ctx: _Ctx) -> list[tuple[int, JSON, dict[str, float]]]:
    return [(week_no, week, rb.weekly_volume(week)) for week_no, week in ctx.weeks]


def _r14(ctx: _Ctx) -> list[CheckResult]:
    # Floors with the T2 exemptions; a group is "excluded by a condition" when all of its pattern
    # families are flagged pattern_unavailable (rubric.exempt_groups). Deload weeks are exempt.
    exempt = rb.exempt_groups(ctx.unavailable)
    problems = []
    for week_no, week, volume in _volumes(ctx):
        if week.get("is_deload") is True:
            continue
        for group in rb.MAJOR_MUSCLE_GROUPS:
            floor = rb.volume_floor(ctx.profile, week_no, group, exempt)
            if volume[group] < floor - 1e-9:
                problems.append(f"week {week_no}: {group} {volume[group]:g} hard sets < floor {floor:g}")
    return [_res("R14", MUST, problems, "every major group at or above its floor")]


def _r15(ctx: _Ctx) -> list[CheckResult]:
    # (a) MUST: major groups <= cap every week. (b) SHOULD: major groups within the band (non-deload
    # weeks; a group whose floor a T2 exemption lowers may sit below the band) and minor groups <= cap.
    cap, band = rb.volume_cap(ctx.profile), rb.volume_band(ctx.profile)
    exempt = rb.exempt_groups(ctx.unavailable)
    over, off = [], []
    for week_no, week, volume in _volumes(ctx):
        for group, sets in volume.items():
            if group in rb.MAJOR_MUSCLE_GROUPS:
                if sets > cap + 1e-9:
                    over.append(f"week {week_no}: {group} {sets:g} hard sets > cap {cap:g}")
                elif week.get("is_deload") is not True and sets > band[1] + 1e-9:
                    off.append(f"week {week_no}: {group} {sets:g} above band {_fmt(band)}")
                elif (week.get("is_deload") is not True and sets < band[0] - 1e-9
                      and rb.volume_floor(ctx.profile, week_no, group, exempt) >= min(rb.VOLUME_FLOOR, band[0])):
                    off.append(f"week {week_no}: {group} {sets:g} below band {_fmt(band)}")
            elif sets > cap + 1e-9:
                off.append(f"week {week_no}: {group} {sets:g} hard sets > cap {cap:g}")
    return [_res("R15.a", MUST, over, f"no group above {cap:g} hard sets"),
            _res("R15.b", SHOULD, over + off, f"major groups within {_fmt(band)} hard sets")]


def _r16(ctx: _Ctx) -> list[CheckResult]:
    must, should = [], []
    for week_no, _, session in ctx.sessions():
        for group, sets in rb.hard_sets_by_group(session).items():
            if group not in rb.MAJOR_MUSCLE_GROUPS:
                continue
            where = f"week {week_no} {session.get('day')}: {group} {sets:g} hard sets"
            if sets > rb.SESSION_SETS_MUST:
                must.append(f"{where} > {rb.SESSION_SETS_MUST}")
            elif sets > rb.SESSION_SETS_SHOULD:
                should.append(f"{where} > {rb.SESSION_SETS_SHOULD}")
    return [_res("R16.a", MUST, must, f"<= {rb.SESSION_SETS_MUST} sets per group per session"),
            _res("R16.b", SHOULD, must + should, f"<= {rb.SESSION_SETS_SHOULD} sets per group per session")]


def _load_increases(ctx: _Ctx, keep: Callable[[JSON], bool]) -> list[str]:
    """Exercises whose planned load (kg or %1RM, the week's heaviest) rises > 10 % over the last
    non-deload week that had them; a deload week is compared with the week before it."""
    last: dict[tuple[str, str], float] = {}
    problems = []
    for week_no, week in ctx.weeks:
        current: dict[tuple[str, str], float] = {}
        for session in rb.week_sessions(week):
            for ex in rb.session_exercises(session):
                if not keep(ex):
                    continue
                value = rb.load_kg(ex) if rb.load_type(ex) == "absolute_kg" else rb.pct_1rm(ex)
                if value is not None and value > 0:
                    key = (str(ex.get("id")), rb.load_type(ex))
                    current[key] = max(current.get(key, 0.0), value)
        for key, value in current.items():
            before = last.get(key)
            if before and value > before * (1 + LOAD_STEP_MAX) + 1e-9:
                problems.append(f"week {week_no} {key[0]}: load {before:g} -> {value:g} (+{value / before - 1:.0%})")
        if week.get("is_deload") is not True:
            last.update(current)
    return problems


def _r17(ctx: _Ctx) -> list[CheckResult]:
    # (a) MUST planned load rise <= 10 %/week per exercise id (heaviest load of the week; after a
    # deload the comparison is with the last normal week). (b) SHOULD V(m) over any 4 consecutive
    # non-deload weeks: last <= 1.2 x first + 1. (c) SHOULD total hard sets <= +20 % over the
    # previous non-deload week.
    loads = _load_increases(ctx, lambda ex: True)
    normal = [(n, vol) for n, week, vol in _volumes(ctx) if week.get("is_deload") is not True]
    ramp, totals = [], []
    for start in range(len(normal) - 3):
        (first_no, first), (last_no, last) = normal[start], normal[start + 3]
        for group in rb.MAJOR_MUSCLE_GROUPS:
            if last[group] > VOLUME_4WEEK_MAX * first[group] + VOLUME_4WEEK_ROUNDING + 1e-9:
                ramp.append(f"{group}: week {first_no} {first[group]:g} -> week {last_no} {last[group]:g} sets")
    raw = {n: sum(rb.hard_sets(ex) for s in rb.week_sessions(w) for ex in rb.session_exercises(s))
           for n, w in ctx.weeks if w.get("is_deload") is not True}
    for (prev_no, _), (week_no, _) in itertools.pairwise(normal):
        before, after = raw[prev_no], raw[week_no]
        if before and after > before * (1 + TOTAL_SETS_STEP_MAX) + 1e-9:
            totals.append(f"week {prev_no} -> {week_no}: {before:g} -> {after:g} hard sets")
    return [_res("R17.a", MUST, loads, "no load rises > 10 % a week"),
            _res("R17.b", SHOULD, ramp, "V(m) <= 1.2 x over 4 weeks") if len(normal) >= 4
            else _na("R17.b", SHOULD, "fewer than 4 non-deload weeks"),
            _res("R17.c", SHOULD, totals, "weekly hard sets rise <= 20 %")]


def _heaviest(week: JSON) -> dict[str, tuple[float | None, float | None]]:
    """Exercise id -> (heaviest kg or %1RM, lowest RIR) in a week."""
    loads: dict[str, list[float]] = {}
    rirs: dict[str, list[float]] = {}
    for session in rb.week_sessions(week):
        for ex in rb.session_exercises(session):
            key = str(ex.get("id"))
            load = rb.load_kg(ex) if rb.load_type(ex) == "absolute_kg" else rb.pct_1rm(ex)
            rir = rb.target_rir(ex)
            loads.setdefault(key, []).extend([load] if load else [])
            rirs.setdefault(key, []).extend([rir] if rir is not None else [])
    return {key: (max(loads[key], default=None), min(rirs[key], default=None)) for key in loads}


def _deload_problems(ctx: _Ctx, index: int) -> list[str]:
    week_no, week = ctx.weeks[index]
    prev_no, prev = ctx.weeks[index - 1]
    problems = []
    # volume compared on working sets whatever their RIR: "RIR + 2" may push sets past RIR 4
    now_v, prev_v = rb.hard_sets_by_group(week, any_effort=True), rb.hard_sets_by_group(prev, any_effort=True)
    for group in rb.MAJOR_MUSCLE_GROUPS:
        if prev_v[group] >= 1 and not _band(now_v[group] / prev_v[group], DELOAD_VOLUME):
            problems.append(f"deload week {week_no}: {group} {now_v[group]:g} vs {prev_v[group]:g} sets "
                            f"(expected {_fmt(DELOAD_VOLUME)} x)")
    now_l, prev_l = _heaviest(week), _heaviest(prev)
    for key, (load, rir) in now_l.items():
        old_load, old_rir = prev_l.get(key, (None, None))
        lighter = load is not None and old_load and _band(load / old_load, DELOAD_LOAD)
        easier = rir is not None and old_rir is not None and rir >= old_rir + DELOAD_RIR_EXTRA
        comparable = (load is not None and old_load) or (rir is not None and old_rir is not None)
        if comparable and not (lighter or easier):
            problems.append(f"deload week {week_no} {key}: neither load -5..-15 % nor RIR +2")
    if len(rb.week_sessions(week)) != len(rb.week_sessions(prev)):
        problems.append(f"deload week {week_no}: session count differs from week {prev_no}")
    if prev_l and len(set(now_l) & set(prev_l)) / len(prev_l) < DELOAD_SAME_EXERCISES:
        problems.append(f"deload week {week_no}: fewer than 70 % of week {prev_no}'s exercises kept")
    return problems


def _r18(ctx: _Ctx) -> list[CheckResult]:
    # (a) Intermediate/advanced, plans >= 6 weeks: at least one deload; blocks ending in a deload
    # are 4-8 weeks long, and no more than 7 normal weeks follow the last deload.
    # (b) Every deload week present (any level) has the R18 contents versus the week before it.
    deloads = [index for index, (_, week) in enumerate(ctx.weeks) if week.get("is_deload") is True]
    out = []
    if ctx.profile.level == "beginner" or len(ctx.weeks) < DELOAD_MIN_WEEKS:
        out.append(_na("R18.a", SHOULD, "novice or plan shorter than 6 weeks"))
    else:
        problems = [] if deloads else [f"no deload week in {len(ctx.weeks)} weeks"]
        start = 0
        for index in deloads:
            if not _band(index + 1 - start, DELOAD_BLOCK):
                problems.append(f"block ending with deload week {ctx.weeks[index][0]} is {index + 1 - start} weeks")
            start = index + 1
        if deloads and len(ctx.weeks) - start >= DELOAD_BLOCK[1]:
            problems.append(f"{len(ctx.weeks) - start} weeks after the last deload")
        out.append(_res("R18.a", SHOULD, problems, "a deload every 4-8 weeks"))
    contents = [p for index in deloads if index > 0 for p in _deload_problems(ctx, index)]
    out.append(_res("R18.b", SHOULD, contents, "deload weeks well formed") if any(i > 0 for i in deloads)
               else _na("R18.b", SHOULD, "no deload week after a normal week"))
    return out


# --------------------------------------------------------------------------- frequency and recovery


def _r19(ctx: _Ctx) -> list[CheckResult]:
    # Each major group >= 2 sessions a week with >= 2 fractional hard sets. Groups without a T2
    # floor (acute-LBP trunk, unavailable patterns) and deload weeks are exempt.
    p = ctx.profile
    severity = SHOULD if p.level == "advanced" else MUST
    if p.days_per_week < 2:
        return [_na("R19", severity, "one training day a week")]
    exempt = rb.exempt_groups(ctx.unavailable)
    problems = []
    for week_no, week in ctx.weeks:
        if week.get("is_deload") is True:
            continue
        per_session = [rb.hard_sets_by_group(s) for s in rb.week_sessions(week)]
        for group in rb.MAJOR_MUSCLE_GROUPS:
            if rb.volume_floor(p, week_no, group, exempt) == 0:
                continue
            times = sum(sets.get(group, 0.0) >= TRAINED_SETS for sets in per_session)
            if times < 2:
                problems.append(f"week {week_no}: {group} trained {times}x")
    return [_res("R19", severity, problems, "every major group trained >= 2x a week")]


def _r20(ctx: _Ctx) -> list[CheckResult]:
    # Sessions on a timeline (week x 7 + weekday); the last week wraps onto itself (the pattern
    # repeats). "Light" exposures (<= 3 sets at RIR >= 3) are read per group and session, where
    # they already sit below the >= 4 hard-set threshold; reading them per exercise would exempt
    # nearly every novice plan (3 sets at RIR 3 everywhere) from a check that is MUST for novices.
    p = ctx.profile
    severity = MUST if (p.level == "beginner" or rb.is_older(p) or p.has_lbp) else SHOULD
    timeline: list[tuple[int, str, dict[str, float]]] = []
    for index, (week_no, week) in enumerate(ctx.weeks):
        for session in rb.week_sessions(week):
            day = rb.day_index(session.get("day"))
            if day is not None:
                timeline.append((index * 7 + day, f"week {week_no} {session.get('day')}",
                                 rb.hard_sets_by_group(session)))
    if ctx.weeks:
        last_week = len(ctx.weeks) - 1
        first = [t for t in timeline if t[0] // 7 == last_week]
        timeline += [(t[0] + 7, t[1] + " (next week)", t[2]) for t in first]
    timeline.sort(key=lambda t: t[0])
    close, very_close = [], []
    for a_index, (a_day, a_label, a_sets) in enumerate(timeline):
        if a_label.endswith("(next week)"):
            break
        for b_day, b_label, b_sets in timeline[a_index + 1:]:
            hours = (b_day - a_day) * 24
            if hours >= HEAVY_SPACING_HOURS:
                break
            for group in rb.MAJOR_MUSCLE_GROUPS:
                if a_sets[group] >= SPACING_SETS and b_sets[group] >= SPACING_SETS:
                    where = f"{group}: {a_label} -> {b_label} {hours} h"
                    if hours < SPACING_HOURS:
                        close.append(where)
                    elif a_sets[group] >= HEAVY_SPACING_SETS:
                        very_close.append(f"{where} after {a_sets[group]:g} sets")
    return [_res("R20.a", severity, close, "48 h between hard sessions for a group"),
            _res("R20.b", SHOULD, close + very_close, "72 h after sessions with >= 8 sets")]


def _r21(ctx: _Ctx) -> list[CheckResult]:
    # Weekday runs wrap (sun -> mon). Novices: <= 2 consecutive training days; 65+: no two
    # consecutive days with resistance (main/accessory) work.
    p = ctx.profile
    if not (p.level == "beginner" or rb.is_older(p)):
        return [_na("R21", SHOULD, "not a novice or 65+")]
    limit = 1 if rb.is_older(p) else 2
    problems = []
    for week_no, week in ctx.weeks:
        days = {rb.day_index(s.get("day")) for s in rb.week_sessions(week)
                if not rb.is_older(p) or any(rb.is_working(e) for e in rb.session_exercises(s))}
        days.discard(None)
        run = longest = 0
        for offset in range(14):
            run = run + 1 if offset % 7 in days else 0
            longest = max(longest, min(run, 7))
        if longest > limit:
            problems.append(f"week {week_no}: {longest} consecutive training days > {limit}")
    return [_res("R21", SHOULD, problems, f"at most {limit} consecutive training days")]


# --------------------------------------------------------------------------- balance and choice


def _home_drill_family(drill: JSON) -> str | None:
    if drill.get("pattern"):
        return rb.pattern_family(str(drill.get("pattern")))
    known = str(drill.get("id")) in TRUNK_DRILLS or "mcgill_big_three" in rb.tags_of(drill)
    return "trunk" if known else None


def _r22(ctx: _Ctx) -> list[CheckResult]:
    # Any exercise of the sessions counts (any role), and so do home drills (their "pattern", or
    # McGill drills as trunk); a family flagged pattern_unavailable is excused.
    problems = []
    home = {_home_drill_family(d) for d in _home_drills(ctx.plan)}
    for week_no, week in ctx.weeks:
        present = home | {rb.pattern_family(str(ex.get("pattern"))) for s in rb.week_sessions(week)
                          for ex in rb.session_exercises(s)}
        missing = [f for f in rb.PATTERN_FAMILIES if f not in present and f not in ctx.unavailable]
        if missing:
            problems.append(f"week {week_no}: no {', '.join(missing)}")
    return [_res("R22", MUST, problems, "all patterns covered every week")]


def _pattern_sets(week: JSON, families: tuple[str, ...]) -> dict[str, float]:
    out = dict.fromkeys(families, 0.0)
    for session in rb.week_sessions(week):
        for ex in rb.session_exercises(session):
            family = rb.pattern_family(str(ex.get("pattern")))
            if rb.is_working(ex) and family in out:
                out[family] += rb.set_count(ex)
    return out


def _ratio_checks(ctx: _Ctx, check: str, families: tuple[str, str], must: tuple[float, float],
                  should: tuple[float, float]) -> tuple[list[str], list[str], bool]:
    hard, soft, seen = [], [], False
    for week_no, week in ctx.weeks:
        if any(f in ctx.unavailable for f in families):
            continue
        sets = _pattern_sets(week, families)
        top, bottom = sets[families[0]], sets[families[1]]
        if not top and not bottom:
            continue
        seen = True
        ratio = _ratio(top, bottom)
        where = f"week {week_no}: {check} {top:g}:{bottom:g} = {ratio:.2f}"
        if not _band(ratio, must):
            hard.append(f"{where} outside {_fmt(must)}")
        elif not _band(ratio, should):
            soft.append(f"{where} outside {_fmt(should)}")
    return hard, soft, seen


def _r23(ctx: _Ctx) -> list[CheckResult]:
    # Working (main/accessory) sets of upper_push_* vs upper_pull_* patterns, per week.
    hard, soft, seen = _ratio_checks(ctx, "push:pull", ("upper_push", "upper_pull"), PUSH_PULL_MUST, PUSH_PULL_SHOULD)
    if not seen:
        return [_na("R23.a", MUST, "no upper-body push or pull sets"), _na("R23.b", SHOULD, "no push or pull sets")]
    return [_res("R23.a", MUST, hard, "push:pull within 0.67-1.5"),
            _res("R23.b", SHOULD, hard + soft, "push:pull within 0.8-1.25")]


_ANTERIOR = frozenset({"quadriceps", "chest", "front_delts", "abdominals"})
_POSTERIOR = frozenset({"hamstrings", "glutes", "lats", "traps", "rhomboids", "rear_delts", "erector_spinae"})


def _chain_sets(week: JSON) -> tuple[float, float]:
    """Fractional working sets on the anterior and posterior chain (each side once per exercise)."""
    front = back = 0.0
    for session in rb.week_sessions(week):
        for ex in rb.session_exercises(session):
            if not rb.is_working(ex):
                continue
            weights = {"front": 0.0, "back": 0.0}
            for kind, weight in (("primary", rb.PRIMARY_WEIGHT), ("secondary", rb.SECONDARY_WEIGHT)):
                muscles = set(rb.muscles_of(ex, kind))
                if muscles & _ANTERIOR:
                    weights["front"] = max(weights["front"], weight)
                if muscles & _POSTERIOR:
                    weights["back"] = max(weights["back"], weight)
            front += rb.set_count(ex) * weights["front"]
            back += rb.set_count(ex) * weights["back"]
    return front, back


def _r24(ctx: _Ctx) -> list[CheckResult]:
    # Knee:hip from working sets by pattern; anterior:posterior from working sets weighted 1 / 0.5
    # by whether an anterior/posterior muscle is primary/secondary (rubric's muscle lists).
    hard, soft, seen = _ratio_checks(ctx, "knee:hip", ("knee_dominant", "hip_dominant"), KNEE_HIP_MUST,
                                     KNEE_HIP_SHOULD)
    chain = []
    for week_no, week in ctx.weeks:
        front, back = _chain_sets(week)
        if (front or back) and not _band(_ratio(front, back), FRONT_BACK_SHOULD):
            chain.append(f"week {week_no}: anterior:posterior {front:g}:{back:g} outside {_fmt(FRONT_BACK_SHOULD)}")
    if not seen:
        out = [_na("R24.a", MUST, "no knee or hip sets"), _na("R24.b", SHOULD, "no knee or hip sets")]
    else:
        out = [_res("R24.a", MUST, hard, "knee:hip within 0.5-2.0"),
               _res("R24.b", SHOULD, hard + soft, "knee:hip within 0.67-1.5")]
    return [*out, _res("R24.c", SHOULD, chain, "anterior:posterior within 0.67-1.5")]


_LARGE_GROUPS = frozenset({"chest", "upper_back", "shoulders", "quadriceps", "hamstrings", "glutes"})
def _is_large(ex: JSON) -> bool:
    return any(rb.muscle_group(m) in _LARGE_GROUPS for m in rb.muscles_of(ex, "primary"))


def _r25(ctx: _Ctx) -> list[CheckResult]:
    # Consecutive working exercises (by order); trunk anti-movement work is left out like an
    # activation block (core work conventionally closes a session), and pairs inside one superset
    # are skipped. A violation: single-joint before multi-joint; small (no primary muscle in a
    # major group other than the trunk) before large; or a later exercise with a heavier %1RM or
    # whose whole rep range lies below the earlier one's (12-15 then 5-6).
    problems = []
    for week_no, _, session in ctx.sessions():
        working = [ex for ex in rb.session_exercises(session)
                   if rb.is_working(ex) and ex.get("pattern") not in _TRUNK_PATTERNS]
        for a, b in itertools.pairwise(working):
            if a.get("superset_group") is not None and a.get("superset_group") == b.get("superset_group"):
                continue
            where = f"week {week_no} {session.get('day')}: {a.get('id')} before {b.get('id')}"
            ra, rb_ = rb.rep_range(a), rb.rep_range(b)
            pa, pb = rb.pct_1rm(a), rb.pct_1rm(b)
            if a.get("joint") == "single" and b.get("joint") == "multi":
                problems.append(f"{where} (single- before multi-joint)")
            elif not _is_large(a) and _is_large(b):
                problems.append(f"{where} (small before large muscles)")
            elif (pa is not None and pb is not None and pb > pa + 1e-9) or (
                    ra and rb_ and rb.hold_seconds(a) is None and rb.hold_seconds(b) is None and rb_[1] < ra[0]):
                problems.append(f"{where} (lighter before heavier)")
    return [_res("R25", SHOULD, problems, "no order violations")]


def _r26(ctx: _Ctx) -> list[CheckResult]:
    p = ctx.profile
    if not (p.level == "beginner" or rb.goal_family(p.goal) == "strength"):
        return [_na("R26", SHOULD, "not a novice or strength goal")]
    problems = []
    for week_no, week in ctx.weeks:
        working = [ex for s in rb.week_sessions(week) for ex in rb.session_exercises(s) if rb.is_working(ex)]
        total = sum(rb.set_count(ex) for ex in working)
        multi = sum(rb.set_count(ex) for ex in working if ex.get("joint") == "multi")
        if total and multi / total < MULTI_JOINT_SHARE:
            problems.append(f"week {week_no}: {multi}/{total} working sets multi-joint")
    return [_res("R26", SHOULD, problems, "mostly multi-joint sets")]


# --------------------------------------------------------------------------- warm-up and cool-down


def _r27(ctx: _Ctx) -> list[CheckResult]:
    # (a) General + dynamic warm-up items >= 5 min when the recomputed session is >= 30 min, else
    # >= 2 min; a warm-up without typed items counts its "minutes". (b) Each static item is taken
    # to stretch one muscle: <= 1 min unless a general/dynamic item follows it.
    short, static = [], []
    for week_no, _, session in ctx.sessions():
        warmup = rb.as_mapping(session.get("warmup"))
        items = [rb.as_mapping(i) for i in rb.as_list(warmup.get("items"))]
        if items:
            minutes = sum(rb.as_number(i.get("minutes")) or 0.0 for i in items if i.get("type") in ("general", "dynamic"))
        else:
            minutes = rb.as_number(warmup.get("minutes")) or 0.0
        need = WARMUP_MIN if rb.estimate_session_minutes(session) >= WARMUP_LONG_SESSION else WARMUP_SHORT_MIN
        where = f"week {week_no} {session.get('day')}"
        if minutes < need - 1e-9:
            short.append(f"{where}: {minutes:g} min general/dynamic warm-up < {need:g}")
        for index, item in enumerate(items):
            followed = any(later.get("type") in ("general", "dynamic") for later in items[index + 1:])
            if item.get("type") == "static" and (rb.as_number(item.get("minutes")) or 0) > STATIC_STRETCH_MAX_MIN \
                    and not followed:
                static.append(f"{where}: {item.get('name')} static stretch > 60 s with no dynamic work after")
    return [_res("R27.a", MUST, short, "warm-up in every session"),
            _res("R27.b", SHOULD, static, "static stretching <= 60 s per muscle")]


def _working_kg(ctx: _Ctx, ex: JSON) -> float | None:
    kg = rb.load_kg(ex)
    p = rb.pct_1rm(ex)
    one_rm = ctx.profile.known_1rm_kg.get(str(ex.get("id")))
    return kg if kg is not None else (p * one_rm if p is not None and one_rm else None)


def _r28(ctx: _Ctx) -> list[CheckResult]:
    # The first main exercise of a session that is heavy (>= 70 % 1RM, or RIR <= 2 with a %1RM
    # load or >= 20 kg) needs >= 2 ramp sets (>= 3 at >= 85 %), loads rising and below the working
    # load (when known in kg), reps not rising. (b) MUST for advanced users at >= 85 %.
    should, must, seen, seen_heavy = [], [], False, False
    for week_no, _, session in ctx.sessions():
        for ex in rb.session_exercises(session):
            p, rir, kg = rb.pct_1rm(ex), rb.target_rir(ex), _working_kg(ctx, ex)
            meaningful = p is not None or (kg is not None and kg >= MEANINGFUL_LOAD_KG)
            if rb.role(ex) != "main" or not ((p is not None and p >= RAMP_PCT)
                                             or (rir is not None and rir <= RAMP_RIR and meaningful)):
                continue
            seen = True
            ramps = [rb.as_mapping(r) for r in rb.as_list(ex.get("ramp_sets"))]
            loads = [rb.as_number(r.get("load_kg")) or 0.0 for r in ramps]
            reps = [rb.as_number(r.get("reps")) or 0.0 for r in ramps]
            need = 3 if p is not None and p >= RAMP_HEAVY_PCT else 2
            where = f"week {week_no} {session.get('day')} {ex.get('id')}"
            problems = []
            if len(ramps) < need:
                problems.append(f"{where}: {len(ramps)} ramp sets < {need}")
            if any(b <= a for a, b in itertools.pairwise(loads)) or (kg is not None and loads
                                                                               and max(loads) >= kg):
                problems.append(f"{where}: ramp loads {loads} not rising below {kg}")
            if any(b > a for a, b in itertools.pairwise(reps)):
                problems.append(f"{where}: ramp reps {reps} rise")
            should += problems
            if need == 3 and ctx.profile.level == "advanced":
                seen_heavy = True
                must += problems
            break
    return [_res("R28.a", SHOULD, should, "ramp sets before heavy main lifts") if seen
            else _na("R28.a", SHOULD, "no heavy main lift"),
            _res("R28.b", MUST, must, "ramp sets before >= 85 % lifts") if seen_heavy
            else _na("R28.b", MUST, "not an advanced lift at >= 85 % 1RM")]


def _r29(ctx: _Ctx) -> list[CheckResult]:
    problems, seen = [], False
    for week_no, _, session in ctx.sessions():
        minutes = rb.block_minutes(session.get("cooldown"))
        if minutes > 0:
            seen = True
            if not _band(minutes, COOLDOWN_MIN):
                problems.append(f"week {week_no} {session.get('day')}: cool-down {minutes:g} min outside 3-10")
    return [_res("R29", SHOULD, problems, "cool-downs 3-10 min") if seen else _na("R29", SHOULD, "no cool-down")]


# --------------------------------------------------------------------------- conditions


def _trunk_drill_days(ctx: _Ctx, week: JSON) -> dict[str, set[str]]:
    """Weekday -> McGill drill kinds done that day (sessions and home drills)."""
    def kind(item: JSON) -> str | None:
        ident = str(item.get("id"))
        if ident in TRUNK_DRILLS:
            return TRUNK_DRILLS[ident]
        return ident if "mcgill_big_three" in rb.tags_of(item) else None

    days: dict[str, set[str]] = {}
    for session in rb.week_sessions(week):
        for ex in rb.session_exercises(session):
            if (k := kind(ex)) is not None:
                days.setdefault(str(session.get("day")), set()).add(k)
    for drill in _home_drills(ctx.plan):
        if (k := kind(drill)) is not None:
            for day in rb.as_list(drill.get("days")):
                days.setdefault(str(day), set()).add(k)
    return days


def _aerobic_minutes(ctx: _Ctx, week: JSON) -> float:
    """Weekly light aerobic minutes: the larger of the in-session aerobic exercises (hold_s x sets
    x reps) and the plan's declared weekly_aerobic_minutes (which may already include them)."""
    in_session = 0.0
    for session in rb.week_sessions(week):
        for ex in rb.session_exercises(session):
            if rb.role(ex) == "aerobic" or ex.get("pattern") == "aerobic":
                reps = rb.rep_range(ex)
                in_session += (rb.hold_seconds(ex) or 0) * max(rb.set_count(ex), 1) * (reps[1] if reps else 1) / 60
    return max(in_session, rb.as_number(ctx.plan.get("weekly_aerobic_minutes")) or 0.0)


def _lower_or_trunk(ex: JSON) -> bool:
    return str(ex.get("pattern")) in LOWER_OR_TRUNK_PATTERNS or any(
        rb.muscle_group(m) in LOWER_OR_TRUNK_GROUPS for m in rb.muscles_of(ex, "primary"))


def _implied_rir(ex: JSON) -> float | None:
    rir = rb.target_rir(ex)
    p, reps = rb.pct_1rm(ex), rb.rep_range(ex)
    if rir is None and p is not None and reps is not None and p <= 1:
        return rb.maxreps_mid(p) - reps[1]
    return rir


def _r30(ctx: _Ctx) -> list[CheckResult]:
    # Applies to acute LBP, and to disc history with current radicular symptoms (R31).
    # (b) >= 3 days a week on which >= 2 drill kinds (curl-up, side bridge, bird dog, or any
    # mcgill_big_three exercise) are done, counting sessions and home_drills days.
    # (c) see _aerobic_minutes. (d) any exercise with a lower-body/trunk pattern or primary muscle
    # (RIR implied from %1RM when only that is given). (f) bed-rest phrases not negated in their
    # sentence. (g) only sessions that declare time_of_day "early_morning"/"on_waking" can be checked.
    p = ctx.profile
    radicular = any(c.code == "lumbar_disc_herniation_history" and c.radicular_symptoms for c in p.conditions)
    ids = ("R30.a", "R30.b", "R30.c", "R30.d", "R30.e", "R30.f")
    if not (p.has("acute_lbp") or radicular):
        return [_na(i, MUST, "no acute LBP") for i in ids] + [_na("R30.g", SHOULD, "no acute LBP")]
    drills, aerobic = [], []
    for week_no, week in ctx.weeks:
        days = [d for d, kinds in _trunk_drill_days(ctx, week).items() if len(kinds) >= 2]
        if len(days) < TRUNK_DRILL_DAYS:
            drills.append(f"week {week_no}: 2+ McGill drills on {len(days)} days < {TRUNK_DRILL_DAYS}")
        minutes = _aerobic_minutes(ctx, week)
        if minutes < AEROBIC_MIN_PER_WEEK:
            aerobic.append(f"week {week_no}: {minutes:g} aerobic min < {AEROBIC_MIN_PER_WEEK:g}")
    early = [f"{i.label}: RIR {rir:g} < {ACUTE_MIN_RIR}" for i in ctx.items()
             if i.week_no <= ACUTE_EARLY_WEEKS and _lower_or_trunk(i.ex)
             and (rir := _implied_rir(i.ex)) is not None and rir < ACUTE_MIN_RIR]
    morning = [i.label for i in ctx.items()
               if i.session.get("time_of_day") in ("early_morning", "on_waking")
               and rb.tags_of(i.ex) & {"loaded_spinal_flexion", "end_range_spinal_flexion_exercise"}]
    timed = any(s.get("time_of_day") for _, _, s in ctx.sessions())
    return [
        _res("R30.a", MUST, _with_tag(ctx, ACUTE_LBP_BANNED), "no excluded tags"),
        _res("R30.b", MUST, drills, "McGill drills >= 3 days a week"),
        _res("R30.c", MUST, aerobic, f">= {AEROBIC_MIN_PER_WEEK:g} aerobic min a week"),
        _res("R30.d", MUST, early, "RIR >= 3 on lower-body/trunk work in weeks 1-2"),
        _res("R30.e", MUST, [] if _pain_monitoring_enabled(ctx.plan) else ["pain monitoring not enabled"],
             "pain monitoring enabled"),
        _res("R30.f", MUST, _bed_rest_advice(ctx.plan), "no bed-rest advice"),
        _res("R30.g", SHOULD, morning, "no flexion on waking") if timed
        else _na("R30.g", SHOULD, "sessions have no time of day"),
    ]


def _r31(ctx: _Ctx) -> list[CheckResult]:
    # Disc history. (b) hip_dominant with an external load must carry spine_neutral. (c) no
    # heavy_axial_load in weeks 1-2, and spine-loading lifts (knee/hip-dominant, carries) in weeks
    # 1-2 at <= 75 % 1RM and RIR >= 3. (d) same 10 % rule as R17 on spine-loading lifts.
    # (e) radicular symptoms: R30 applies and the plan advises a clinician (referral, or a safety
    # note naming a clinician/doctor/physio).
    p = ctx.profile
    ids = ("R31.a", "R31.b", "R31.c", "R31.d", "R31.e")
    if not p.has("lumbar_disc_herniation_history"):
        return [_na(i, MUST, "no disc herniation history") for i in ids]
    neutral = [i.label for i in ctx.items() if i.ex.get("pattern") == "hip_dominant"
               and rb.is_externally_loaded(i.ex) and "spine_neutral" not in rb.tags_of(i.ex)]
    early = []
    for i in ctx.items():
        if i.week_no > ACUTE_EARLY_WEEKS:
            continue
        if "heavy_axial_load" in rb.tags_of(i.ex):
            early.append(f"{i.label}: heavy axial load before week 3")
        elif i.ex.get("pattern") in SPINE_LOADING_PATTERNS and rb.is_externally_loaded(i.ex):
            pct, rir = rb.pct_1rm(i.ex), _implied_rir(i.ex)
            if (pct is not None and pct > DISC_MAX_PCT) or (rir is not None and rir < DISC_MIN_RIR):
                early.append(f"{i.label}: {pct} 1RM / RIR {rir} (<= 75 %, RIR >= 3 in weeks 1-2)")
    axial = _load_increases(ctx, lambda ex: ex.get("pattern") in SPINE_LOADING_PATTERNS
                            or "heavy_axial_load" in rb.tags_of(ex))
    radicular = any(c.code == "lumbar_disc_herniation_history" and c.radicular_symptoms for c in p.conditions)
    notes = " ".join(str(n) for n in rb.as_list(ctx.plan.get("safety_notes"))).lower()
    advised = rb.as_mapping(ctx.plan.get("referral")).get("required") is True or bool(
        re.search(r"clinician|doctor|physio|gp\b", notes))
    return [
        _res("R31.a", MUST, _with_tag(ctx, SPINE_SPARING_BANNED), "no loaded spinal flexion or rotation"),
        _res("R31.b", MUST, neutral, "loaded hinges are spine-neutral"),
        _res("R31.c", MUST, early, "gentle spinal loading in weeks 1-2"),
        _res("R31.d", MUST, axial, "spinal loads rise <= 10 % a week"),
        (_res("R31.e", MUST, [] if advised else ["radicular symptoms but no clinician advice"], "clinician advised")
         if radicular else _na("R31.e", MUST, "no radicular symptoms")),
    ]


def _provocative(ctx: _Ctx, codes: tuple[str, ...]) -> list[str]:
    return [m for c in ctx.profile.conditions if c.code in codes for m in c.provocative_movements]


def _exclusion_problems(ctx: _Ctx, movements: list[str]) -> list[str]:
    """Provocative movements still in the plan, and pattern_unavailable flags nobody reported.

    A flag is justified by a movement the user reported under any condition: "lunges" reported
    for knee pain leaves out knee-dominant work for a person who also has chronic back pain
    (rubric R32/R34: exclusion by the user's reported provocation).
    """
    problems = [f"{i.label} is the provocative movement {m!r}" for i in ctx.items() for m in movements
                if rb.matches_movement(i.ex, m)]
    everything = [m for c in ctx.profile.conditions for m in c.provocative_movements]
    reported = {rb.pattern_family(p) or p for m in everything if (p := v.PATTERNS.lookup(m))}
    reported |= {family for family in ctx.unavailable if any(_names_family(m, family) for m in everything)}
    problems += [f"pattern {family} flagged unavailable without a reported provocation"
                 for family in sorted(ctx.unavailable - reported)]
    return problems


def _names_family(movement: str, family: str) -> bool:
    """True when a reported movement is part of the name or an alias of a pattern of ``family``
    ("push-ups" names the "push up pattern", so excluding push-ups may empty the push family)."""
    text = v.normalize(movement)
    one = " ".join(w[:-1] if len(w) > 2 and w.endswith("s") and not w.endswith("ss") else w for w in text.split())
    if len(one) < 4:
        return False
    labels = [v.normalize(label) for p in rb.PATTERN_FAMILIES.get(family, ()) for label in v.PATTERNS.labels(p)]
    return any(text in label or one in label for label in labels)


_LOADABLE_KINDS = ("free_weight", "machine")
#: Gear that does not load a squat or hinge: racks and benches hold a body or a bar but add no load
#: (a squat rack without a barbell cannot load a squat), and a medicine ball or EZ bar is an
#: implement for throws, trunk and arm work. Owning only these is not owning weights for R32.b.
_NOT_SQUAT_OR_HINGE_LOAD = frozenset({"squat_rack", "back_extension_bench", "medicine_ball", "ez_bar"})
_LOADED_PATTERNS = frozenset({"knee_dominant", "hip_dominant"})


def _loading_restricted(p: Profile) -> bool:
    """True when something besides chronic LBP may rule out every loaded squat or hinge the
    person's gear allows: another condition, a reported provocative movement, a CAUTION flag, or
    the older-adult exclusions (R31, R33, R1). Only then does a ``loaded_pattern_unavailable:<p>``
    flag excuse R32.b; chronic LBP alone never does (no blanket ban)."""
    return bool(p.caution_flags) or rb.is_older(p) or any(
        c.code != "chronic_lbp" or c.provocative_movements for c in p.conditions)


def _r32(ctx: _Ctx) -> list[CheckResult]:
    # Chronic LBP. (a) >= 2 exercise days a week (session days plus home-drill days). (b) no blanket
    # ban: when the user owns weights or machines, the plan has an externally loaded knee- or
    # hip-dominant exercise (unless both families are unavailable or provocative, or flagged
    # loaded_pattern_unavailable when another rule restricts loading). (c) only the
    # reported provocative movements are left out (see _exclusion_problems). (d) trunk endurance
    # (role trunk_endurance, any trunk_anti_* exercise, or McGill home drills) on >= 2 days a week.
    p = ctx.profile
    ids = ("R32.a", "R32.b", "R32.c", "R32.e", "R32.f")
    if not p.has("chronic_lbp"):
        return [_na(i, MUST, "no chronic LBP") for i in ids[:3]] + [_na("R32.d", SHOULD, "no chronic LBP")] + \
            [_na(i, MUST, "no chronic LBP") for i in ids[3:]]
    movements = _provocative(ctx, ("chronic_lbp",))
    home_days = {str(d) for drill in _home_drills(ctx.plan) for d in rb.as_list(drill.get("days"))}
    few, trunk = [], []
    for week_no, week in ctx.weeks:
        days = {str(s.get("day")) for s in rb.week_sessions(week)} | home_days
        if len(days) < CHRONIC_MIN_DAYS:
            few.append(f"week {week_no}: {len(days)} exercise days")
        trunk_days = {str(s.get("day")) for s in rb.week_sessions(week)
                      if any(rb.role(e) == "trunk_endurance" or e.get("pattern") in _TRUNK_PATTERNS
                             for e in rb.session_exercises(s))}
        trunk_days |= set(_trunk_drill_days(ctx, week))
        if len(trunk_days) < 2:
            trunk.append(f"week {week_no}: trunk endurance on {len(trunk_days)} days")
    owns_weights = any(str(v.EQUIPMENT.get(e).facts.get("kind")) in _LOADABLE_KINDS
                       for e in p.equipment if e in v.EQUIPMENT and e not in _NOT_SQUAT_OR_HINGE_LOAD)
    everything = [m for c in p.conditions for m in c.provocative_movements]
    blocked = {"knee_dominant", "hip_dominant"} & (set(ctx.unavailable) | {
        rb.pattern_family(x) or x for m in everything if (x := v.PATTERNS.lookup(m))})
    if _loading_restricted(p):
        blocked |= _LOADED_PATTERNS & {f.split(":", 1)[1] for f in ctx.flags
                                       if f.startswith("loaded_pattern_unavailable:")}
    loaded = any(i.ex.get("pattern") in _LOADED_PATTERNS and rb.is_externally_loaded(i.ex) for i in ctx.items())
    ban = [] if loaded or not owns_weights or len(blocked) == 2 else ["no loaded squat or hinge in the plan"]
    return [
        _res("R32.a", MUST, few if ctx.weeks else ["no plan generated"], ">= 2 exercise days a week"),
        _res("R32.b", MUST, ban, "loaded squat/hinge allowed"),
        _res("R32.c", MUST, _exclusion_problems(ctx, movements), "only provocative movements excluded"),
        _res("R32.d", SHOULD, trunk, "trunk endurance >= 2 days a week"),
        _res("R32.e", MUST, [] if _pain_monitoring_enabled(ctx.plan) else ["pain monitoring not enabled"],
             "pain monitoring enabled"),
        _res("R32.f", MUST, _bed_rest_advice(ctx.plan), "no bed-rest advice"),
    ]


def _row_problems(i: _Item, row: rb.T1Row, sets_band: tuple[int, int], reps_band: tuple[int, int]) -> list[str]:
    problems = []
    sets, reps, rir, p = rb.set_count(i.ex), rb.rep_range(i.ex), rb.target_rir(i.ex), rb.pct_1rm(i.ex)
    if not _band(sets, sets_band):
        problems.append(f"{i.label}: {sets} sets outside {_fmt(sets_band)}")
    if reps is not None and rb.hold_seconds(i.ex) is None and not (_band(reps[0], reps_band)
                                                                   and _band(reps[1], reps_band)):
        problems.append(f"{i.label}: {reps[0]}-{reps[1]} reps outside {_fmt(reps_band)}")
    if rir is not None and not _band(rir, row.rir):
        problems.append(f"{i.label}: RIR {rir:g} outside {_fmt(row.rir)}")
    if p is not None and not _band(p * 100, row.pct):
        problems.append(f"{i.label}: {p:.0%} 1RM outside {_fmt(row.pct)} %")
    return problems


def _r33(ctx: _Ctx) -> list[CheckResult]:
    # Triggered by age >= 65 (whatever the level). (a) weeks 1-2 working exercises: sets 1-2, reps
    # 10-15, RIR 4, 40-60 % 1RM. (b) from week 5 (non-deload): sets 2-3, reps 6-15, RIR 2-3,
    # 60-85 %. (c) balance (role or pattern balance, sessions or home drills) on >= 2 days a week.
    # (d) no high_impact for novices. The valsalva/exhale (e) and spine-sparing (f) parts also
    # apply below 65 when hypertension / osteopenia / osteoporosis is declared.
    p = ctx.profile
    out = []
    if rb.is_older(p):
        early = [x for i in ctx.working() if i.week_no <= 2
                 for x in _row_problems(i, rb.OLDER_BEGINNER, rb.OLDER_BEGINNER.sets_main,
                                        rb.OLDER_BEGINNER.reps_permissive)]
        later_items = [i for i in ctx.working() if i.week_no >= 5 and not i.deload]
        later = [x for i in later_items for x in _row_problems(i, rb.OLDER_ADULT, rb.OLDER_ADULT.sets_main,
                                                               rb.OLDER_ADULT.reps_permissive)]
        home = {str(d) for drill in _home_drills(ctx.plan)
                if "balance" in (drill.get("role"), drill.get("pattern")) for d in rb.as_list(drill.get("days"))}
        balance = []
        for week_no, week in ctx.weeks:
            days = {str(s.get("day")) for s in rb.week_sessions(week)
                    if any("balance" in (rb.role(e), e.get("pattern")) for e in rb.session_exercises(s))} | home
            if len(days) < OLDER_BALANCE_DAYS:
                balance.append(f"week {week_no}: balance work on {len(days)} days")
        out += [_res("R33.a", MUST, early, "weeks 1-2 follow the older-beginner row"),
                _res("R33.b", SHOULD, later, "older-adult row reached by week 5") if later_items
                else _na("R33.b", SHOULD, "plan shorter than 5 weeks"),
                _res("R33.c", MUST, balance, "balance work >= 2 days a week")]
        out.append(_res("R33.d", MUST, _with_tag(ctx, ("high_impact",)), "no high-impact work")
                   if p.level == "beginner" else _na("R33.d", MUST, "not a novice"))
    else:
        out += [_na("R33.a", MUST, "younger than 65"), _na("R33.b", SHOULD, "younger than 65"),
                _na("R33.c", MUST, "younger than 65"), _na("R33.d", MUST, "younger than 65")]
    if rb.is_older(p) or p.has("hypertension"):
        breath = _with_tag(ctx, ("valsalva_cue",))
        if p.has("hypertension"):
            breath += [f"{i.label}: no 'exhale on effort' cue" for i in ctx.working()
                       if not any(re.search(r"exhale|breathe out", str(c), re.I) for c in rb.as_list(i.ex.get("cues")))]
        out.append(_res("R33.e", MUST, breath, "no breath-holding; exhale on effort"))
    else:
        out.append(_na("R33.e", MUST, "younger than 65, no hypertension"))
    if p.has("osteopenia") or p.has("osteoporosis"):
        out.append(_res("R33.f", MUST, _with_tag(ctx, SPINE_SPARING_BANNED), "spine-sparing"))
    else:
        out.append(_na("R33.f", MUST, "no osteopenia or osteoporosis"))
    return out


def _r34(ctx: _Ctx) -> list[CheckResult]:
    # Painful regions: condition regions (patellofemoral -> knees, shoulder_pain -> shoulders, LBP ->
    # lower_back unless the condition names one) and profile.pain. (a) every exercise that loads a
    # region (rubric.loads_region) has pain_monitored true. (b) no blanket ban: the plan still
    # loads each region, unless every pattern family loading it is flagged unavailable; reported
    # provocative movements are absent.
    regions = rb.painful_regions(ctx.profile)
    if not regions:
        return [_na("R34.a", MUST, "no regional pain"), _na("R34.b", MUST, "no regional pain")]
    unmonitored = [f"{i.label} loads {region} but is not pain_monitored" for i in ctx.items() for region in regions
                   if rb.loads_region(i.ex, region) and i.ex.get("pain_monitored") is not True]
    banned = []
    for region in regions:
        families = {rb.pattern_family(p) for p in rb.REGION_LOADS[region].patterns} - {None} \
            if region in rb.REGION_LOADS else set()
        if ctx.weeks and not any(rb.loads_region(i.ex, region) for i in ctx.items()) \
                and not (families and families <= set(ctx.unavailable)):
            banned.append(f"no exercise loads {region} (blanket ban)")
    movements = [m for c in ctx.profile.conditions for m in c.provocative_movements]
    banned += [f"{i.label} is the provocative movement {m!r}" for i in ctx.items() for m in movements
               if rb.matches_movement(i.ex, m)]
    return [_res("R34.a", MUST, unmonitored, f"exercises loading {', '.join(regions)} pain-monitored"),
            _res("R34.b", MUST, banned, "exclusion by provocation only")]


_CHECKS: tuple[Callable[[_Ctx], list[CheckResult]], ...] = (
    _r1, _r2, _r3, _r4, _r5, _r6, _r7, _r8, _r9, _r10, _r11, _r12, _r13, _r14, _r15, _r16, _r17,
    _r18, _r19, _r20, _r21, _r22, _r23, _r24, _r25, _r26, _r27, _r28, _r29, _r30, _r31, _r32, _r33, _r34,
)
_ALWAYS_RUN = ("R1", "R2", "R3")


def check_plan(plan: Mapping[str, Any], profile: Profile) -> Report:
    """Evaluate every rubric check (R1-R34) on ``plan`` for ``profile``.

    A plan without weeks (suspended) reports every check after R3 as n/a.
    """
    weeks = tuple((rb.week_number(w, i), w) for i, w in enumerate(rb.plan_weeks(plan)))
    flags = frozenset(str(f) for f in rb.as_list(plan.get("flags")))
    ctx = _Ctx(plan, profile, weeks, flags, rb.unavailable_families(flags))
    results: list[CheckResult] = []
    for check in _CHECKS:
        for result in check(ctx):
            if not weeks and result.id.split(".")[0] not in _ALWAYS_RUN:
                result = _na(result.id, result.severity, "no training weeks (plan suspended)")
            results.append(result)
    return Report(tuple(results))


__all__ = [
    "MUST", "SHOULD", "CheckResult", "Report", "check_plan", "estimate_session_minutes", "feasible_band",
    "hard_sets_by_group", "max_reps", "possible_loads", "weekly_volume",
]
