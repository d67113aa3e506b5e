"""The plan validator: every MUST check fails on a plan that breaks it and passes on a valid one.

A hand-built baseline plan (2 full-body sessions a week for a novice with dumbbells) passes every
check; each test mutates one thing and asserts the check that must notice it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from trainwise.domain import rubric as rb
from trainwise.domain.profile import Profile, profile_from_dict
from trainwise.domain.validator import (
    Report,
    check_plan,
    estimate_session_minutes,
    feasible_band,
    hard_sets_by_group,
    max_reps,
    possible_loads,
    weekly_volume,
)

# --------------------------------------------------------------------------- builders

BASE_PROFILE: dict[str, Any] = {
    "id": "novice-home", "level": "beginner", "goal": "general_fitness",
    "equipment": ["dumbbells", "bench"],
    "equipment_specs": {"dumbbells_kg": [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]},
    "days_per_week": 2, "available_days": ["mon", "tue", "thu", "fri"], "session_minutes": 45, "weeks": 2,
    "age": 35,
}


def profile(**changes: Any) -> Profile:
    return profile_from_dict({**BASE_PROFILE, **changes})


def exercise(ex_id: str, pattern: str, primary: list[str], secondary: list[str], **changes: Any) -> dict[str, Any]:
    ex: dict[str, Any] = {
        "id": ex_id, "name": ex_id.replace("-", " ").title(), "order": 1, "role": "accessory",
        "pattern": pattern, "joint": "multi", "sets": 3, "reps": {"min": 8, "max": 12}, "hold_s": None,
        "load": {"type": "absolute_kg", "value": 12, "pct_1rm": None}, "rir": 3, "rest_s": 90,
        "tempo": "3-0-1-0", "muscles": {"primary": primary, "secondary": secondary},
        "equipment": ["dumbbells"], "tags": [], "ramp_sets": [], "superset_group": None,
        "pain_monitored": False, "cues": ["Exhale on effort."],
    }
    ex.update(changes)
    return ex


def session(day: str) -> dict[str, Any]:
    exercises = [
        exercise("goblet-squat", "knee_dominant", ["quadriceps"], ["glutes", "abdominals"], role="main",
                 load={"type": "absolute_kg", "value": 16, "pct_1rm": None}),
        exercise("dumbbell-romanian-deadlift", "hip_dominant", ["hamstrings", "glutes"], ["erector_spinae"],
                 role="main", load={"type": "absolute_kg", "value": 16, "pct_1rm": None}, tags=["spine_neutral"]),
        exercise("dumbbell-bench-press", "upper_push_horizontal", ["chest"], ["front_delts", "triceps"],
                 equipment=["dumbbells", "bench"]),
        exercise("one-arm-dumbbell-row", "upper_pull_horizontal", ["lats", "rhomboids"], ["rear_delts", "biceps"],
                 load={"type": "absolute_kg", "value": 14, "pct_1rm": None}),
        exercise("bird-dog", "trunk_anti_rotation", ["erector_spinae", "glutes"], ["abdominals"],
                 role="trunk_endurance", sets=3, reps={"min": 4, "max": 6}, hold_s=8, rir=None, rest_s=30,
                 tempo=None, load={"type": "bodyweight", "value": None, "pct_1rm": None}, equipment=["bodyweight"],
                 tags=["mcgill_big_three", "spine_neutral"]),
    ]
    for order, ex in enumerate(exercises, start=1):
        ex["order"] = order
    s: dict[str, Any] = {
        "day": day, "title": "Full body",
        "warmup": {"minutes": 6, "items": [
            {"name": "Brisk walking", "id": "brisk-walking", "type": "general", "minutes": 4},
            {"name": "Leg swings", "id": "leg-swings", "type": "dynamic", "minutes": 2}]},
        "cooldown": {"minutes": 3, "items": [{"name": "Stretch", "type": "mobility", "minutes": 3}]},
        "exercises": exercises,
    }
    return s


def finish(plan: dict[str, Any]) -> dict[str, Any]:
    """Fill every session's estimated_minutes from the formula (as the generator does)."""
    for week in plan["weeks"]:
        for s in week["sessions"]:
            s["estimated_minutes"] = round(estimate_session_minutes(s))
    return plan


def base_plan(weeks: int = 2, days: tuple[str, ...] = ("mon", "thu")) -> dict[str, Any]:
    return finish({
        "id": None, "profile_id": "novice-home", "status": "active",
        "referral": {"required": False, "urgency": None, "message": None},
        "safety_notes": [
            "Stop training and seek care the same day if you notice numbness in the saddle area, new bladder or "
            "bowel problems, new sexual dysfunction, pain or numbness in both legs, or leg weakness."],
        "warnings": [], "flags": [], "level": "beginner", "goal": "general_fitness",
        "pain_monitoring": {"enabled": False, "regions": [], "instructions": ""},
        "home_drills": [], "weekly_aerobic_minutes": 0,
        "weeks": [{"week": n, "is_deload": False, "sessions": [session(d) for d in days]} for n in range(1, weeks + 1)],
    })


def exercises_named(plan: dict[str, Any], ex_id: str) -> list[dict[str, Any]]:
    return [ex for w in plan["weeks"] for s in w["sessions"] for ex in s["exercises"] if ex["id"] == ex_id]


def set_all(plan: dict[str, Any], ex_id: str, **changes: Any) -> dict[str, Any]:
    for ex in exercises_named(plan, ex_id):
        ex.update(changes)
    return finish(plan)


def status(report: Report, check_id: str) -> str:
    return report.get(check_id).status


def failed(report: Report) -> set[str]:
    return {r.id for r in report.failures}


# --------------------------------------------------------------------------- the baseline


def test_baseline_plan_passes_every_check() -> None:
    report = check_plan(base_plan(), profile())
    assert report.passed, [(r.id, r.detail) for r in report.failures]
    warnings = [(r.id, r.detail) for r in report.results if r.status == "warn"]
    assert warnings == []
    assert report.score == 1.0
    ids = {r.id.split(".")[0] for r in report.results}
    assert ids == {f"R{n}" for n in range(1, 35)}


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize(("p", "epley", "brzycki"), [
    (0.60, 20.0, 15.4), (0.70, 12.9, 11.8), (0.75, 10.0, 10.0), (0.80, 7.5, 8.2), (0.85, 5.3, 6.4), (0.90, 3.3, 4.6),
])
def test_max_reps_reference_values(p: float, epley: float, brzycki: float) -> None:
    e, b = max_reps(p)
    assert (round(e, 1), round(b, 1)) == (epley, brzycki)
    low, high = feasible_band(p)
    assert low == pytest.approx(min(e, b) - 2)
    assert high == pytest.approx(max(e, b) + 2)


def test_max_reps_rejects_fractions_outside_0_1() -> None:
    with pytest.raises(ValueError):
        max_reps(0)
    with pytest.raises(ValueError):
        max_reps(75)


def _pair(prefix: str, reps_a: int, reps_b: int, sets: int, rest: int, load: dict[str, Any]) -> list[dict[str, Any]]:
    common = {"sets": sets, "rest_s": rest, "tempo": None, "superset_group": prefix, "load": load}
    return [exercise(f"{prefix}-a", "upper_push_horizontal", ["chest"], [], reps={"min": reps_a, "max": reps_a},
                     **common),
            exercise(f"{prefix}-b", "upper_pull_horizontal", ["lats"], [], reps={"min": reps_b, "max": reps_b},
                     **common)]


def _superset_session(reps: tuple[tuple[int, int], tuple[int, int]], sets: int, rest: int,
                      load: dict[str, Any]) -> dict[str, Any]:
    exercises = _pair("A", *reps[0], sets, rest, load) + _pair("B", *reps[1], sets, rest, load)
    for order, ex in enumerate(exercises, start=1):
        ex["order"] = order
    return {"day": "mon", "warmup": {"minutes": 2, "items": [{"name": "Walk", "type": "general", "minutes": 2}]},
            "cooldown": {"minutes": 0, "items": []}, "exercises": exercises}


DUMBBELL = {"type": "absolute_kg", "value": 10, "pct_1rm": None}
BODYWEIGHT = {"type": "bodyweight", "value": None, "pct_1rm": None}


def test_session_minutes_worked_example() -> None:
    # Rubric §0.3: 120 s warm-up, superset A 3 x (10 + 10), superset B 3 x (12 + 10), 60 s rests: 18.9 min.
    too_long = _superset_session(((10, 10), (12, 10)), sets=3, rest=60, load=DUMBBELL)
    assert estimate_session_minutes(too_long) == pytest.approx(18.9)
    # The same plan with 8/8 reps and 30-45 s rests takes 13.9-14.9 min.
    assert estimate_session_minutes(_superset_session(((8, 8), (8, 8)), 3, 30, DUMBBELL)) == pytest.approx(14.9)
    assert estimate_session_minutes(_superset_session(((8, 8), (8, 8)), 3, 30, BODYWEIGHT)) == pytest.approx(13.9)
    assert estimate_session_minutes(_superset_session(((8, 8), (8, 8)), 3, 45, BODYWEIGHT)) == pytest.approx(14.9)


def test_worked_example_fails_a_15_minute_user_and_the_shorter_version_passes() -> None:
    user = profile(session_minutes=15)
    for sess, expected in ((_superset_session(((10, 10), (12, 10)), 3, 60, DUMBBELL), "fail"),
                           (_superset_session(((8, 8), (8, 8)), 3, 30, DUMBBELL), "pass")):
        plan = finish({"status": "active", "weeks": [{"week": 1, "is_deload": False, "sessions": [sess]}]})
        report = check_plan(plan, user)
        assert status(report, "R4.a") == expected
    assert "18.9 min > 17 allowed" in check_plan(
        finish({"weeks": [{"week": 1, "sessions": [_superset_session(((10, 10), (12, 10)), 3, 60, DUMBBELL)]}]}),
        user).get("R4.a").detail


def test_session_minutes_of_single_exercises_tempo_holds_and_ramps() -> None:
    squat = exercise("goblet-squat", "knee_dominant", ["quadriceps"], [], sets=3, reps={"min": 8, "max": 10},
                     tempo="3-1-1-0", rest_s=90, ramp_sets=[{"load_kg": 8, "reps": 8}, {"load_kg": 12, "reps": 5}])
    hold = exercise("side-plank", "trunk_anti_lateral_flexion", ["obliques"], [], sets=2, reps=None, hold_s=30,
                    rest_s=30, load=BODYWEIGHT, equipment=["bodyweight"])
    sess = {"warmup": {"minutes": 5}, "cooldown": {"items": [{"minutes": 2}]}, "exercises": [squat, hold]}
    squat_s = 3 * (10 * 5 + 5) + 2 * 90 + 60
    hold_s = 2 * (30 + 5) + 30 + 30
    assert estimate_session_minutes(sess) == pytest.approx(5 + 2 + (squat_s + hold_s + 2 * 45) / 60)


def test_hard_sets_and_weekly_volume_use_fractional_counting() -> None:
    plan = base_plan()
    sess = plan["weeks"][0]["sessions"][0]
    per_session = hard_sets_by_group(sess)
    # glutes: RDL primary (3 x 1.0) + goblet squat secondary (3 x 0.5); bird-dog holds are not hard sets.
    assert per_session["glutes"] == 4.5
    assert per_session["trunk"] == 3.0  # 0.5 x 3 (abdominals) + 0.5 x 3 (erector spinae)
    assert per_session["shoulders"] == 3.0  # front and rear delts, secondary
    assert per_session["triceps"] == 1.5 and per_session["biceps"] == 1.5
    volume = weekly_volume(plan["weeks"][0])
    assert volume["quadriceps"] == 6.0 and volume["chest"] == 6.0
    assert hard_sets_by_group(plan["weeks"][0]) == volume


def test_two_muscles_of_one_group_count_once_at_the_highest_weight() -> None:
    row = exercise("row", "upper_pull_horizontal", ["lats"], ["rhomboids", "rear_delts"], sets=4)
    assert rb.exercise_groups(row) == {"upper_back": 1.0, "shoulders": 0.5}
    assert hard_sets_by_group({"exercises": [row]})["upper_back"] == 4.0


def test_sets_at_rir_5_or_holds_are_not_hard_and_pct_only_uses_maxreps() -> None:
    assert rb.hard_sets(exercise("x", "knee_dominant", ["quadriceps"], [], rir=5)) == 0
    easy = exercise("x", "knee_dominant", ["quadriceps"], [], rir=None, reps={"min": 3, "max": 3},
                    load={"type": "pct_1rm", "value": 60})
    hard = exercise("x", "knee_dominant", ["quadriceps"], [], rir=None, reps={"min": 8, "max": 8},
                    load={"type": "pct_1rm", "value": 75})
    assert rb.hard_sets(easy) == 0  # 3 reps at 60 % (maxReps_mid 17.7): far from failure
    assert rb.hard_sets(hard) == 3


def test_possible_loads() -> None:
    p = profile(equipment=["dumbbells", "kettlebells", "barbell"],
                equipment_specs={"dumbbells_kg": [5, 10], "kettlebells_kg": [16], "barbell_kg": 20,
                                 "smallest_plate_kg": 2.5})
    assert possible_loads(p, "dumbbells") == [5, 10]
    assert possible_loads(p, "kettlebells") == [16]
    bar = possible_loads(p, "barbell")
    assert bar[:4] == [20, 25, 30, 35] and 22.5 not in bar and 500 in bar
    assert possible_loads(p, ["dumbbells", "kettlebells"]) == [5, 10, 16]
    assert possible_loads(p, "machines") == []
    fine = profile(equipment=["barbell"], equipment_specs={"barbell_kg": 15, "plates_kg": [1.25, 10]})
    assert possible_loads(fine, "barbell")[:3] == [15, 17.5, 20]
    assert possible_loads(profile(equipment=["barbell"], equipment_specs={}), "barbell") == []


# --------------------------------------------------------------------------- report


def test_score_is_the_share_of_applicable_should_checks_passed() -> None:
    from trainwise.domain.validator import CheckResult

    report = Report((CheckResult("R1.a", "MUST", "pass", ""), CheckResult("R2", "SHOULD", "pass", ""),
                     CheckResult("R13", "SHOULD", "warn", "x"), CheckResult("R25", "SHOULD", "pass", ""),
                     CheckResult("R29", "SHOULD", "n/a", ""), CheckResult("R26", "SHOULD", "pass", "")))
    assert report.score == 0.75
    assert report.passed
    assert Report((CheckResult("R1.a", "MUST", "fail", "x"),)).passed is False
    assert Report((CheckResult("R2", "SHOULD", "n/a", ""),)).score is None
    as_dict = report.to_dict()
    assert as_dict["score"] == 0.75 and as_dict["passed"] is True and len(as_dict["results"]) == 6


def test_a_should_violation_warns_and_lowers_the_score_without_failing() -> None:
    plan = set_all(base_plan(), "goblet-squat", tempo="5-0-1-0")  # R13: a 5 s phase
    report = check_plan(plan, profile())
    assert report.passed
    assert status(report, "R13") == "warn"
    assert report.score is not None and report.score < 1.0


# --------------------------------------------------------------------------- R1-R2 safety


def suspended_plan(urgency: str, message: str) -> dict[str, Any]:
    return {"status": "suspended", "referral": {"required": True, "urgency": urgency, "message": message},
            "safety_notes": [], "weeks": []}


def test_r1_red_flag_emergency_gate() -> None:
    p = profile(red_flags=["saddle_anaesthesia"])
    good = suspended_plan("emergency_same_day", "Seek emergency medical care today: go to A&E.")
    report = check_plan(good, p)
    assert status(report, "R1.a") == "pass"
    assert report.passed
    assert all(r.status == "n/a" for r in report.results if r.id.split(".")[0] not in ("R1", "R2", "R3"))
    assert status(check_plan(suspended_plan("urgent", "Seek medical care today."), p), "R1.a") == "fail"
    assert status(check_plan(suspended_plan("emergency_same_day", "Rest a bit."), p), "R1.a") == "fail"
    active = base_plan()
    active["referral"] = good["referral"]
    assert "expected 'suspended'" in check_plan(active, p).get("R1.a").detail


def test_r1_urgent_red_flag_needs_urgent_referral() -> None:
    p = profile(red_flags=["unexplained_weight_loss"])
    assert status(check_plan(suspended_plan("urgent", "Please see a doctor urgently before any training."), p),
                  "R1.a") == "pass"
    assert status(check_plan(suspended_plan("emergency_same_day", "See a doctor urgently."), p), "R1.a") == "fail"


def test_r1_caution_flag_needs_referral_and_no_heavy_axial_load() -> None:
    p = profile(red_flags=["first_episode_over_50"])
    plan = base_plan()
    plan["referral"] = {"required": True, "urgency": "caution", "message": "See your doctor before loading."}
    assert status(check_plan(plan, p), "R1.b") == "pass"
    assert status(check_plan(set_all(copy.deepcopy(plan), "goblet-squat", tags=["heavy_axial_load"]), p),
                  "R1.b") == "fail"
    plan["referral"]["required"] = False
    assert status(check_plan(plan, p), "R1.b") == "fail"


def test_r2_safety_notes_for_declared_conditions() -> None:
    p = profile(conditions=["hypertension"])
    assert status(check_plan(base_plan(), p), "R2") == "pass"
    plan = base_plan()
    plan["safety_notes"] = ["Stop training and seek care if you feel unwell."]
    result = check_plan(plan, p).get("R2")
    assert result.status == "warn" and "saddle" in result.detail
    assert status(check_plan(plan, profile()), "R2") == "n/a"


# --------------------------------------------------------------------------- R3-R7 fit to the user


def test_r3_session_count_and_days() -> None:
    plan = base_plan()
    plan["weeks"][1]["sessions"][1]["day"] = "sun"
    assert "sun not an available day" in check_plan(plan, profile()).get("R3").detail
    plan = base_plan(days=("mon", "thu", "fri"))
    assert "3 sessions, expected 2" in check_plan(plan, profile()).get("R3").detail
    assert status(check_plan({"status": "active", "weeks": []}, profile()), "R3") == "fail"


def test_r4_duration_limits() -> None:
    assert status(check_plan(base_plan(), profile(session_minutes=30)), "R4.a") == "fail"
    assert status(check_plan(base_plan(), profile(session_minutes=80)), "R4.b") == "warn"
    plan = base_plan()
    plan["weeks"][0]["sessions"][0]["estimated_minutes"] = 20
    assert status(check_plan(plan, profile()), "R4.c") == "warn"


def test_r5_equipment_must_be_available() -> None:
    plan = set_all(base_plan(), "goblet-squat", equipment=["barbell", "squat_rack"])
    assert "barbell, squat_rack not available" in check_plan(plan, profile()).get("R5").detail
    plan = set_all(base_plan(), "bird-dog", equipment=["floor"])  # "floor" is body weight
    assert status(check_plan(plan, profile()), "R5") == "pass"


def test_r6_loads_must_be_settable() -> None:
    plan = set_all(base_plan(), "goblet-squat", load={"type": "absolute_kg", "value": 15})
    assert "15 kg cannot be set" in check_plan(plan, profile()).get("R6").detail
    fixed = profile(equipment=["dumbbells", "bench", "kettlebells"],
                    equipment_specs={"dumbbells_kg": [12, 14, 16], "kettlebells_kg": [16]})
    plan = set_all(base_plan(), "goblet-squat", equipment=["kettlebells"])
    assert status(check_plan(plan, fixed), "R6") == "pass"
    plan = set_all(plan, "goblet-squat", load={"type": "absolute_kg", "value": 20})
    assert "goblet-squat: 20 kg cannot be set with kettlebells" in check_plan(plan, fixed).get("R6").detail
    machine = set_all(base_plan(), "goblet-squat", equipment=["machines"], load={"type": "absolute_kg", "value": 40})
    assert status(check_plan(machine, profile(equipment=["dumbbells", "bench", "machines"])), "R6") == "fail"
    ramps = set_all(base_plan(), "goblet-squat", ramp_sets=[{"load_kg": 7, "reps": 8}])
    assert status(check_plan(ramps, profile()), "R6") == "fail"


def test_r6_barbell_plate_grid() -> None:
    p = profile(equipment=["barbell", "squat_rack"],
                equipment_specs={"barbell_kg": 20, "smallest_plate_kg": 1.25})
    plan = set_all(base_plan(), "goblet-squat", equipment=["barbell", "squat_rack"],
                   load={"type": "absolute_kg", "value": 42.5})
    for other in ("dumbbell-romanian-deadlift", "dumbbell-bench-press", "one-arm-dumbbell-row"):
        set_all(plan, other, load={"type": "bodyweight", "value": None}, equipment=["bodyweight"])
    assert status(check_plan(plan, p), "R6") == "pass"
    set_all(plan, "goblet-squat", load={"type": "absolute_kg", "value": 41})
    assert status(check_plan(plan, p), "R6") == "fail"


@pytest.mark.parametrize("field", ["rest_s", "rir", "pattern", "joint", "equipment", "sets"])
def test_r7_incomplete_working_exercise_fails(field: str) -> None:
    plan = base_plan()
    for ex in exercises_named(plan, "dumbbell-bench-press"):
        del ex[field]
    finish(plan)
    assert status(check_plan(plan, profile()), "R7") == "fail"


def test_r7_reps_min_above_max_or_no_primary_muscle_fails() -> None:
    assert status(check_plan(set_all(base_plan(), "goblet-squat", reps={"min": 12, "max": 8}), profile()),
                  "R7") == "fail"
    assert status(check_plan(set_all(base_plan(), "goblet-squat", muscles={"primary": [], "secondary": []}),
                             profile()), "R7") == "fail"


# --------------------------------------------------------------------------- R8-R13 dose per exercise


def test_r8_sets_per_exercise() -> None:
    report = check_plan(set_all(base_plan(), "dumbbell-bench-press", sets=4), profile())
    assert (status(report, "R8.a"), status(report, "R8.b")) == ("pass", "warn")
    report = check_plan(set_all(base_plan(), "dumbbell-bench-press", sets=6), profile())
    assert status(report, "R8.a") == "fail"


def test_r8_deload_weeks_are_exempt_from_the_set_minimum() -> None:
    plan = base_plan()
    plan["weeks"][1]["is_deload"] = True
    for s in plan["weeks"][1]["sessions"]:
        for ex in s["exercises"]:
            ex["sets"] = 0 if ex["role"] == "accessory" else ex["sets"]
    assert status(check_plan(finish(plan), profile()), "R8.a") == "pass"


def test_r9_reps_bands() -> None:
    report = check_plan(set_all(base_plan(), "goblet-squat", reps={"min": 3, "max": 5}), profile())
    assert status(report, "R9.a") == "fail"
    report = check_plan(set_all(base_plan(), "goblet-squat", reps={"min": 15, "max": 20}), profile())
    assert (status(report, "R9.a"), status(report, "R9.b")) == ("pass", "warn")


def test_r9_hypertrophy_high_reps_need_rir_3_or_less() -> None:
    p = profile(goal="hypertrophy")
    plan = set_all(base_plan(), "dumbbell-bench-press", reps={"min": 15, "max": 20}, rir=4)
    assert "need RIR <= 3" in check_plan(plan, p).get("R9.a").detail
    plan = set_all(base_plan(), "dumbbell-bench-press", reps={"min": 15, "max": 20}, rir=2)
    assert status(check_plan(plan, p), "R9.a") == "pass"


def test_r9_trunk_endurance_holds() -> None:
    assert status(check_plan(set_all(base_plan(), "bird-dog", hold_s=30), profile()), "R9.a") == "fail"
    report = check_plan(set_all(base_plan(), "bird-dog", hold_s=12), profile())
    assert (status(report, "R9.a"), status(report, "R9.b")) == ("pass", "warn")


def test_r9_share_rule_for_intermediate_strength() -> None:
    p = profile(level="intermediate", goal="strength")
    report = check_plan(base_plan(), p)  # every main set at 8-12 reps
    assert "at least 1/3 of main-lift sets" in report.get("R9.b").detail


def test_r10_load_must_fit_the_reps() -> None:
    pct85 = {"type": "pct_1rm", "value": 85, "pct_1rm": None}
    plan = set_all(base_plan(), "goblet-squat", load=pct85, reps={"min": 10, "max": 10})
    assert "10 reps at 85%" in check_plan(plan, profile()).get("R10.a").detail
    plan = set_all(base_plan(), "goblet-squat", load=pct85, reps={"min": 5, "max": 6}, rir=1)
    report = check_plan(plan, profile())
    assert (status(report, "R10.a"), status(report, "R10.b")) == ("pass", "pass")
    assert status(report, "R10.c") == "warn"  # 85 % is above the novice general row (50-75 %)
    from_1rm = {"type": "absolute_kg", "value": 16, "pct_1rm": 90}
    assert status(check_plan(set_all(base_plan(), "goblet-squat", load=from_1rm), profile()), "R10.a") == "fail"


def test_r11_rest_floors() -> None:
    assert "rest 20 s < 30" in check_plan(set_all(base_plan(), "dumbbell-bench-press", rest_s=20),
                                            profile()).get("R11.a").detail
    heavy = set_all(base_plan(), "goblet-squat", reps={"min": 5, "max": 6}, rest_s=90)
    assert "heavy multi-joint" in check_plan(heavy, profile()).get("R11.a").detail
    assert status(check_plan(set_all(base_plan(), "goblet-squat", reps={"min": 5, "max": 6}, rest_s=150),
                             profile()), "R11.a") == "pass"
    compound = set_all(base_plan(), "dumbbell-bench-press", rest_s=35)
    assert "hypertrophy compound" in check_plan(compound, profile(goal="hypertrophy")).get("R11.a").detail


def test_r11_short_rest_is_allowed_in_an_antagonist_superset() -> None:
    plan = base_plan()
    set_all(plan, "dumbbell-bench-press", rest_s=20, superset_group="A")
    set_all(plan, "one-arm-dumbbell-row", rest_s=20, superset_group="A")
    assert status(check_plan(plan, profile()), "R11.a") == "pass"
    set_all(plan, "one-arm-dumbbell-row", muscles={"primary": ["chest"], "secondary": []},
            pattern="upper_push_horizontal")
    assert status(check_plan(plan, profile()), "R11.a") == "fail"


def test_r12_effort() -> None:
    assert status(check_plan(set_all(base_plan(), "dumbbell-bench-press", rir=5), profile()), "R12.a") == "fail"
    report = check_plan(set_all(base_plan(), "goblet-squat", rir=0), profile())
    assert "RIR 0 on a multi-joint free-weight lift" in report.get("R12.b").detail
    assert status(check_plan(set_all(base_plan(), "goblet-squat", rir=0), profile(level="intermediate")),
                  "R12.b") == "n/a"
    assert status(check_plan(set_all(base_plan(), "goblet-squat", rir=2), profile()), "R12.c") == "warn"


def test_r13_tempo() -> None:
    assert status(check_plan(set_all(base_plan(), "goblet-squat", tempo="4-2-4-0"), profile()), "R13") == "warn"
    assert status(check_plan(set_all(base_plan(), "goblet-squat", tempo="1-0-X-0"), profile()), "R13") == "warn"
    assert status(check_plan(set_all(base_plan(), "goblet-squat", tempo="1-0-X-0"), profile(level="intermediate")),
                  "R13") == "pass"


# --------------------------------------------------------------------------- R14-R18 weekly volume


def test_r14_volume_floor() -> None:
    plan = set_all(base_plan(), "one-arm-dumbbell-row", sets=1)
    assert "upper_back 2 hard sets < floor 4" in check_plan(plan, profile()).get("R14").detail


def test_r14_exemptions() -> None:
    plan = set_all(base_plan(), "one-arm-dumbbell-row", sets=1)
    assert status(check_plan(plan, profile(session_minutes=25)), "R14") == "pass"  # 50 min a week: floor 2
    plan = set_all(base_plan(), "dumbbell-romanian-deadlift", sets=0)
    plan["flags"] = ["pattern_unavailable:hip_dominant"]
    assert "hamstrings" not in check_plan(plan, profile()).get("R14").detail


def test_r15_volume_cap_and_band() -> None:
    plan = set_all(base_plan(), "dumbbell-bench-press", sets=9)
    assert "chest 18 hard sets > cap 16" in check_plan(plan, profile()).get("R15.a").detail
    plan = set_all(base_plan(), "dumbbell-bench-press", sets=6)
    report = check_plan(plan, profile())
    assert (status(report, "R15.a"), status(report, "R15.b")) == ("pass", "warn")


def test_r15_below_the_band_warns_for_intermediates() -> None:
    report = check_plan(base_plan(), profile(level="intermediate", goal="hypertrophy"))  # 6 sets < 10-20
    assert status(report, "R15.b") == "warn" and "below band 10-20" in report.get("R15.b").detail
    assert status(check_plan(base_plan(), profile(session_minutes=25, level="intermediate")), "R15.b") == "pass"


def test_r16_sets_per_group_per_session() -> None:
    plan = base_plan()
    plan["weeks"][0]["sessions"][0]["exercises"].append(
        exercise("push-up", "upper_push_horizontal", ["chest"], [], sets=10, order=9, equipment=["bodyweight"],
                 load=BODYWEIGHT))
    assert "chest 13 hard sets > 12" in check_plan(finish(plan), profile()).get("R16.a").detail


def test_r17_load_rises_at_most_10_percent_a_week() -> None:
    plan = base_plan()
    for ex in plan["weeks"][1]["sessions"][0]["exercises"]:
        if ex["id"] == "goblet-squat":
            ex["load"] = {"type": "absolute_kg", "value": 18}
    assert "goblet-squat: load 16 -> 18" in check_plan(finish(plan), profile()).get("R17.a").detail
    ok = base_plan()
    set_all(ok, "goblet-squat", load={"type": "absolute_kg", "value": 20})
    ok["weeks"][1]["sessions"][0]["exercises"][0]["load"] = {"type": "absolute_kg", "value": 22}
    assert status(check_plan(finish(ok), profile()), "R17.a") == "pass"


def test_r17_after_a_deload_the_load_is_compared_with_the_last_normal_week() -> None:
    plan = base_plan(weeks=3)
    set_all(plan, "goblet-squat", load={"type": "absolute_kg", "value": 20})
    plan["weeks"][1]["is_deload"] = True
    for s in plan["weeks"][1]["sessions"]:
        s["exercises"][0]["load"] = {"type": "absolute_kg", "value": 18}
    assert status(check_plan(finish(plan), profile()), "R17.a") == "pass"


def test_r17_total_hard_sets_rise_at_most_20_percent() -> None:
    plan = base_plan()
    for s in plan["weeks"][1]["sessions"]:
        for ex in s["exercises"]:
            ex["sets"] = ex["sets"] + 1 if ex["role"] == "main" else ex["sets"]
    result = check_plan(finish(plan), profile()).get("R17.c")  # 24 -> 28 hard sets: +16.7 %
    assert result.status == "pass"
    for s in plan["weeks"][1]["sessions"]:
        s["exercises"][2]["sets"] = 4
    result = check_plan(finish(plan), profile()).get("R17.c")
    assert result.status == "warn" and "24 -> 30 hard sets" in result.detail


def test_r18_deloads_for_intermediates() -> None:
    p = profile(level="intermediate", weeks=6)
    plan = base_plan(weeks=6)
    assert "no deload week" in check_plan(plan, p).get("R18.a").detail
    plan["weeks"][4]["is_deload"] = True
    for s in plan["weeks"][4]["sessions"]:
        for ex in s["exercises"]:
            ex["sets"] = 2 if ex["role"] in ("main", "accessory") else ex["sets"]
            ex["rir"] = 5 if ex["rir"] is not None else None
    report = check_plan(finish(plan), p)
    assert status(report, "R18.a") == "pass"
    assert status(report, "R18.b") == "pass", report.get("R18.b").detail


# --------------------------------------------------------------------------- R19-R21 frequency and recovery


def test_r19_each_major_group_twice_a_week() -> None:
    plan = base_plan()
    for week in plan["weeks"]:
        week["sessions"][1]["exercises"] = [ex for ex in week["sessions"][1]["exercises"]
                                            if ex["id"] != "dumbbell-bench-press"]
        week["sessions"][0]["exercises"][2]["sets"] = 3
    report = check_plan(finish(plan), profile())
    assert "chest trained 1x" in report.get("R19").detail
    assert report.get("R19").severity == "MUST"
    assert check_plan(plan, profile(level="advanced")).get("R19").status == "warn"


def test_r20_48_hours_between_hard_sessions() -> None:
    report = check_plan(base_plan(days=("mon", "tue")), profile())
    assert "24 h" in report.get("R20.a").detail and report.get("R20.a").status == "fail"
    assert "(next week)" not in report.get("R20.a").detail
    assert check_plan(base_plan(days=("mon", "tue")), profile(level="intermediate")).get("R20.a").status == "warn"


def test_r20_wraps_across_weeks() -> None:
    p = profile(available_days=["mon", "thu", "sat", "sun"])
    assert "week 1 sun -> week 2 mon 24 h" in check_plan(base_plan(days=("mon", "sun")), p).get("R20.a").detail
    assert status(check_plan(base_plan(days=("mon", "sat")), p), "R20.a") == "pass"  # sat -> mon = 48 h


def test_r20_groups_below_4_hard_sets_are_exempt() -> None:
    plan = base_plan(days=("mon", "tue"))
    for week in plan["weeks"]:  # tuesday: only the row and the bird dog
        week["sessions"][1]["exercises"] = [ex for ex in week["sessions"][1]["exercises"]
                                            if ex["id"] in ("one-arm-dumbbell-row", "bird-dog")]
    report = check_plan(finish(plan), profile())
    assert status(report, "R20.a") == "pass", report.get("R20.a").detail


def test_r21_consecutive_days_for_novices() -> None:
    p = profile(days_per_week=3, available_days=["mon", "tue", "wed"])
    assert "3 consecutive" in check_plan(base_plan(days=("mon", "tue", "wed")), p).get("R21").detail


# --------------------------------------------------------------------------- R22-R26 balance and choice


def _drop(plan: dict[str, Any], ex_id: str) -> dict[str, Any]:
    for week in plan["weeks"]:
        for s in week["sessions"]:
            s["exercises"] = [ex for ex in s["exercises"] if ex["id"] != ex_id]
    return finish(plan)


def test_r22_patterns_each_week() -> None:
    plan = _drop(base_plan(), "dumbbell-romanian-deadlift")
    assert "no hip_dominant" in check_plan(plan, profile()).get("R22").detail
    plan["flags"] = ["pattern_unavailable:hip_dominant"]
    assert status(check_plan(plan, profile()), "R22") == "pass"
    plan = _drop(base_plan(), "bird-dog")
    assert "no trunk" in check_plan(plan, profile()).get("R22").detail
    plan["home_drills"] = [{"id": "bird-dog", "days": ["tue", "fri"], "sets": 2, "hold_s": 8}]
    assert status(check_plan(plan, profile()), "R22") == "pass"


def test_r23_push_pull_ratio() -> None:
    plan = set_all(base_plan(), "one-arm-dumbbell-row", sets=1)
    assert "push:pull 6:2" in check_plan(plan, profile()).get("R23.a").detail
    report = check_plan(set_all(base_plan(), "one-arm-dumbbell-row", sets=2), profile())  # 6:4 = 1.5
    assert (status(report, "R23.a"), status(report, "R23.b")) == ("pass", "warn")
    report = check_plan(set_all(base_plan(), "dumbbell-bench-press", sets=2), profile())  # 4:6 = 1 / 1.5
    assert (status(report, "R23.a"), status(report, "R23.b")) == ("pass", "warn")


def test_r24_knee_hip_ratio() -> None:
    plan = set_all(base_plan(), "dumbbell-romanian-deadlift", sets=1)
    assert status(check_plan(plan, profile()), "R24.a") == "fail"


def test_r25_order_violations() -> None:
    plan = base_plan()
    curl = exercise("dumbbell-curl", "isolation_upper", ["biceps"], [], joint="single", order=0, sets=2)
    plan["weeks"][0]["sessions"][0]["exercises"].insert(0, curl)
    assert "single- before multi-joint" in check_plan(finish(plan), profile()).get("R25").detail


def test_r26_multi_joint_share() -> None:
    plan = base_plan()
    for order in range(2):
        plan["weeks"][0]["sessions"][0]["exercises"].append(
            exercise(f"curl-{order}", "isolation_upper", ["biceps"], [], joint="single", order=20 + order, sets=3))
        plan["weeks"][0]["sessions"][1]["exercises"].append(
            exercise(f"ext-{order}", "isolation_upper", ["triceps"], [], joint="single", order=20 + order, sets=3))
    plan["weeks"][0]["sessions"][0]["exercises"].append(
        exercise("calf-raise", "isolation_lower", ["calves"], [], joint="single", order=30, sets=3))
    plan["weeks"][0]["sessions"][1]["exercises"].append(
        exercise("calf-raise", "isolation_lower", ["calves"], [], joint="single", order=30, sets=3))
    assert status(check_plan(finish(plan), profile()), "R26") == "pass"  # 24 of 42 sets multi-joint
    for s in plan["weeks"][0]["sessions"]:
        s["exercises"].append(exercise("fly", "isolation_upper", ["chest"], [], joint="single", order=40, sets=4))
    assert status(check_plan(finish(plan), profile()), "R26") == "warn"


# --------------------------------------------------------------------------- R27-R29 warm-up, ramps, cool-down


def test_r27_warm_up() -> None:
    plan = base_plan()
    plan["weeks"][0]["sessions"][0]["warmup"] = {"minutes": 2, "items": [
        {"name": "Walk", "type": "general", "minutes": 2}]}
    assert "2 min general/dynamic warm-up < 5" in check_plan(finish(plan), profile()).get("R27.a").detail
    plan["weeks"][0]["sessions"][0]["warmup"] = {"minutes": 7, "items": [
        {"name": "Walk", "type": "general", "minutes": 4}, {"name": "Hamstring stretch", "type": "static", "minutes": 2},
        {"name": "Leg swings", "type": "dynamic", "minutes": 1}]}
    report = check_plan(finish(plan), profile())
    assert (status(report, "R27.a"), status(report, "R27.b")) == ("pass", "pass")
    items = plan["weeks"][0]["sessions"][0]["warmup"]["items"]
    items.append(items.pop(1))  # the static stretch now comes last
    assert status(check_plan(finish(plan), profile()), "R27.b") == "warn"


def _advanced_barbell() -> tuple[Profile, dict[str, Any]]:
    p = profile(level="advanced", goal="strength", equipment=["barbell", "squat_rack", "dumbbells", "bench"],
                equipment_specs={"barbell_kg": 20, "smallest_plate_kg": 1.25, "dumbbells_kg": [12, 14, 16]},
                known_1rm_kg={"back-squat": 140})
    plan = set_all(base_plan(), "goblet-squat", id="back-squat", equipment=["barbell", "squat_rack"],
                   load={"type": "pct_1rm", "value": 85}, reps={"min": 3, "max": 4}, rir=2, rest_s=240)
    return p, plan


def test_r28_ramp_sets_before_heavy_lifts() -> None:
    p, plan = _advanced_barbell()
    report = check_plan(plan, p)
    assert report.get("R28.b").status == "fail" and "0 ramp sets < 3" in report.get("R28.b").detail
    ramps = [{"load_kg": 50, "reps": 5}, {"load_kg": 80, "reps": 3}, {"load_kg": 100, "reps": 2}]
    assert status(check_plan(set_all(plan, "back-squat", ramp_sets=ramps), p), "R28.b") == "pass"
    rising = [{"load_kg": 50, "reps": 3}, {"load_kg": 80, "reps": 5}, {"load_kg": 100, "reps": 2}]
    assert status(check_plan(set_all(plan, "back-squat", ramp_sets=rising), p), "R28.b") == "fail"
    too_heavy = [{"load_kg": 50, "reps": 5}, {"load_kg": 80, "reps": 3}, {"load_kg": 120, "reps": 1}]
    assert status(check_plan(set_all(plan, "back-squat", ramp_sets=too_heavy), p), "R28.b") == "fail"


def test_r28_is_a_should_below_85_percent() -> None:
    p, plan = _advanced_barbell()
    set_all(plan, "back-squat", load={"type": "pct_1rm", "value": 75}, reps={"min": 5, "max": 6})
    report = check_plan(plan, p)
    assert (status(report, "R28.a"), status(report, "R28.b")) == ("warn", "n/a")


def test_r29_cool_down_length() -> None:
    plan = base_plan()
    plan["weeks"][0]["sessions"][0]["cooldown"] = {"minutes": 15, "items": []}
    assert status(check_plan(finish(plan), profile(session_minutes=60)), "R29") == "warn"


# --------------------------------------------------------------------------- R30-R34 conditions


def lbp_plan() -> dict[str, Any]:
    plan = base_plan()
    plan["pain_monitoring"] = {"enabled": True, "regions": ["lower_back"], "instructions": "Rate pain 0-10."}
    plan["home_drills"] = [
        {"id": "mcgill-curl-up", "days": ["mon", "tue", "thu", "sat"], "sets": 3, "reps": {"min": 4, "max": 6},
         "hold_s": 8},
        {"id": "side-plank", "days": ["tue", "sat"], "sets": 3, "reps": {"min": 4, "max": 6}, "hold_s": 8}]
    plan["weekly_aerobic_minutes"] = 90
    plan["safety_notes"].append("Stay active: avoid bed rest, keep walking.")
    for ex_id in ("dumbbell-romanian-deadlift", "bird-dog"):
        set_all(plan, ex_id, pain_monitored=True)
    return plan


ACUTE = {"conditions": ["acute_lbp"]}


def test_r30_acute_lbp_valid_plan_passes() -> None:
    report = check_plan(lbp_plan(), profile(**ACUTE))
    assert report.passed, [(r.id, r.detail) for r in report.failures]
    assert {status(report, f"R30.{x}") for x in "abcdef"} == {"pass"}


@pytest.mark.parametrize("tag", ["loaded_spinal_flexion", "heavy_axial_load", "high_impact", "max_testing"])
def test_r30a_excluded_tags(tag: str) -> None:
    plan = set_all(lbp_plan(), "goblet-squat", tags=[tag])
    assert tag in check_plan(plan, profile(**ACUTE)).get("R30.a").detail


def test_r30b_mcgill_drills_on_three_days() -> None:
    plan = lbp_plan()
    plan["home_drills"] = plan["home_drills"][:1]  # curl-up + bird-dog together only on mon and thu
    assert "on 2 days < 3" in check_plan(plan, profile(**ACUTE)).get("R30.b").detail


def test_r30c_aerobic_minutes() -> None:
    plan = lbp_plan()
    plan["weekly_aerobic_minutes"] = 20
    assert status(check_plan(plan, profile(**ACUTE)), "R30.c") == "fail"
    walk = exercise("brisk-walking", "aerobic", ["quadriceps"], [], role="aerobic", sets=1, reps=None, hold_s=900,
                    rir=None, load=BODYWEIGHT, equipment=["bodyweight"], order=9)
    for week in plan["weeks"]:
        for s in week["sessions"]:
            s["exercises"].append(copy.deepcopy(walk))
    assert status(check_plan(finish(plan), profile(**ACUTE)), "R30.c") == "pass"  # 2 x 15 min in sessions


def test_r30d_rir_3_in_weeks_1_2() -> None:
    plan = lbp_plan()
    plan["weeks"][0]["sessions"][0]["exercises"][0]["rir"] = 2
    assert "RIR 2 < 3" in check_plan(plan, profile(**ACUTE)).get("R30.d").detail


def test_r30e_f_pain_monitoring_and_bed_rest() -> None:
    plan = lbp_plan()
    plan["pain_monitoring"]["enabled"] = False
    assert status(check_plan(plan, profile(**ACUTE)), "R30.e") == "fail"
    plan = lbp_plan()
    plan["safety_notes"].append("Rest in bed for two days when it flares.")
    assert status(check_plan(plan, profile(**ACUTE)), "R30.f") == "fail"


DISC = {"conditions": ["lumbar_disc_herniation_history"]}


def test_r31_disc_history() -> None:
    p = profile(**DISC)
    assert {status(check_plan(lbp_plan(), p), f"R31.{x}") for x in "abcd"} == {"pass"}
    assert status(check_plan(set_all(lbp_plan(), "goblet-squat", tags=["loaded_spinal_rotation"]), p),
                  "R31.a") == "fail"
    assert status(check_plan(set_all(lbp_plan(), "dumbbell-romanian-deadlift", tags=[]), p), "R31.b") == "fail"
    assert status(check_plan(set_all(lbp_plan(), "goblet-squat", tags=["heavy_axial_load"]), p), "R31.c") == "fail"
    assert status(check_plan(set_all(lbp_plan(), "goblet-squat", rir=2), p), "R31.c") == "fail"
    plan = lbp_plan()
    for ex in plan["weeks"][1]["sessions"][0]["exercises"]:
        if ex["id"] == "dumbbell-romanian-deadlift":
            ex["load"] = {"type": "absolute_kg", "value": 20}
    assert status(check_plan(plan, p), "R31.d") == "fail"


def test_r31_radicular_symptoms_apply_r30_and_need_clinician_advice() -> None:
    p = profile(conditions=[{"code": "lumbar_disc_herniation_history", "radicular_symptoms": True}])
    report = check_plan(lbp_plan(), p)
    assert status(report, "R30.b") == "pass"
    assert status(report, "R31.e") == "fail"
    plan = lbp_plan()
    plan["safety_notes"].append("Please see your doctor or physiotherapist about the leg symptoms.")
    assert status(check_plan(plan, p), "R31.e") == "pass"


CHRONIC = {"conditions": [{"code": "chronic_lbp", "provocative_movements": ["hinge"]}]}


def test_r32_chronic_lbp() -> None:
    p = profile(conditions=["chronic_lbp"])
    report = check_plan(lbp_plan(), p)
    assert {status(report, f"R32.{x}") for x in "abcdef"} == {"pass"}
    plan = lbp_plan()
    plan["pain_monitoring"]["enabled"] = False
    assert status(check_plan(plan, p), "R32.e") == "fail"
    plan = lbp_plan()
    plan["safety_notes"].append("Bed rest helps.")
    assert status(check_plan(plan, p), "R32.f") == "fail"


def test_r32_no_blanket_ban_on_loaded_lifting() -> None:
    p = profile(conditions=["chronic_lbp"])
    plan = lbp_plan()
    for ex_id in ("goblet-squat", "dumbbell-romanian-deadlift"):
        set_all(plan, ex_id, load=BODYWEIGHT, equipment=["bodyweight"])
    assert "no loaded squat or hinge" in check_plan(plan, p).get("R32.b").detail
    assert status(check_plan(plan, profile(conditions=["chronic_lbp"], equipment=[])), "R32.b") == "pass"


def test_r32_loaded_lifting_may_be_flagged_unavailable_only_when_another_rule_restricts_it() -> None:
    plan = lbp_plan()
    for ex_id in ("goblet-squat", "dumbbell-romanian-deadlift"):
        set_all(plan, ex_id, load=BODYWEIGHT, equipment=["bodyweight"])
    plan["flags"] = ["loaded_pattern_unavailable:knee_dominant", "loaded_pattern_unavailable:hip_dominant"]
    disc = profile(conditions=["chronic_lbp", "lumbar_disc_herniation_history"])
    assert status(check_plan(plan, disc), "R32.b") == "pass"
    assert status(check_plan(plan, profile(conditions=["chronic_lbp"])), "R32.b") == "fail"
    plan["flags"] = ["loaded_pattern_unavailable:knee_dominant"]
    assert status(check_plan(plan, disc), "R32.b") == "fail"


def test_r32_a_rack_bench_or_medicine_ball_alone_is_not_owning_weights() -> None:
    plan = lbp_plan()
    for ex_id in ("goblet-squat", "dumbbell-romanian-deadlift"):
        set_all(plan, ex_id, load=BODYWEIGHT, equipment=["bodyweight"])
    for gear in (["squat_rack"], ["back_extension_bench"], ["medicine_ball", "box"]):
        assert status(check_plan(plan, profile(conditions=["chronic_lbp"], equipment=gear)), "R32.b") == "pass"
    assert status(check_plan(plan, profile(conditions=["chronic_lbp"], equipment=["squat_rack", "barbell"])),
                  "R32.b") == "fail"


def test_r32_only_reported_provocative_movements_are_excluded() -> None:
    p = profile(**CHRONIC)
    assert "provocative movement 'hinge'" in check_plan(lbp_plan(), p).get("R32.c").detail
    plan = lbp_plan()
    plan["flags"] = ["pattern_unavailable:knee_dominant"]
    assert "knee_dominant flagged unavailable" in check_plan(plan, profile(conditions=["chronic_lbp"])).get(
        "R32.c").detail


def test_r32_flag_justified_by_a_movement_that_names_the_pattern() -> None:
    plan = lbp_plan()
    plan["flags"] = ["pattern_unavailable:upper_push"]
    pushups = profile(conditions=[{"code": "chronic_lbp", "provocative_movements": ["push-ups"]}])
    assert "flagged unavailable" not in check_plan(plan, pushups).get("R32.c").detail
    twisting = profile(conditions=[{"code": "chronic_lbp", "provocative_movements": ["twisting"]}])
    assert "upper_push flagged unavailable" in check_plan(plan, twisting).get("R32.c").detail


def test_r32_flag_justified_by_a_movement_reported_for_another_condition() -> None:
    plan = lbp_plan()
    plan["flags"] = ["pattern_unavailable:knee_dominant"]
    both = profile(conditions=["chronic_lbp", {"code": "patellofemoral_pain", "provocative_movements": ["lunges"]}])
    assert "flagged unavailable" not in check_plan(plan, both).get("R32.c").detail


def test_r32_needs_two_exercise_days() -> None:
    p = profile(conditions=["chronic_lbp"], days_per_week=1)
    plan = lbp_plan()
    plan["home_drills"] = []
    for week in plan["weeks"]:
        week["sessions"] = week["sessions"][:1]
    assert status(check_plan(plan, p), "R32.a") == "fail"
    plan["home_drills"] = [{"id": "bird-dog", "days": ["thu"]}]
    assert status(check_plan(plan, p), "R32.a") == "pass"


def older_plan() -> dict[str, Any]:
    plan = base_plan()
    for week in plan["weeks"]:
        for s in week["sessions"]:
            for ex in s["exercises"]:
                if ex["role"] in ("main", "accessory"):
                    ex.update(sets=2, reps={"min": 10, "max": 15}, rir=4)
            s["exercises"].append(exercise("single-leg-stance", "balance", ["glutes"], [], role="balance", sets=2,
                                           reps=None, hold_s=20, rir=None, load=BODYWEIGHT,
                                           equipment=["bodyweight"], order=10))
    return finish(plan)


OLD = {"age": 70}


def test_r33_older_beginner() -> None:
    report = check_plan(older_plan(), profile(**OLD))
    assert {status(report, f"R33.{x}") for x in "acde"} == {"pass"}
    assert "3 sets outside 1-2" in check_plan(set_all(older_plan(), "goblet-squat", sets=3),
                                               profile(**OLD)).get("R33.a").detail
    assert "RIR 3 outside 4-4" in check_plan(set_all(older_plan(), "goblet-squat", rir=3),
                                             profile(**OLD)).get("R33.a").detail
    assert status(check_plan(_drop(older_plan(), "single-leg-stance"), profile(**OLD)), "R33.c") == "fail"
    assert status(check_plan(set_all(older_plan(), "goblet-squat", tags=["high_impact"]), profile(**OLD)),
                  "R33.d") == "fail"


def test_r33_breathing_and_bone_density() -> None:
    p = profile(age=70, conditions=["hypertension", "osteopenia"])
    report = check_plan(older_plan(), p)
    assert (status(report, "R33.e"), status(report, "R33.f")) == ("pass", "pass")
    assert status(check_plan(set_all(older_plan(), "goblet-squat", tags=["valsalva_cue"]), p), "R33.e") == "fail"
    assert status(check_plan(set_all(older_plan(), "goblet-squat", cues=[]), p), "R33.e") == "fail"
    assert status(check_plan(set_all(older_plan(), "goblet-squat", tags=["loaded_spinal_flexion"]), p),
                  "R33.f") == "fail"
    # hypertension below 65 still forbids the Valsalva cue
    assert status(check_plan(set_all(base_plan(), "goblet-squat", tags=["valsalva_cue"]),
                             profile(conditions=["hypertension"])), "R33.e") == "fail"


def test_r33_older_adult_row_by_week_5() -> None:
    plan = base_plan(weeks=5)
    for week in plan["weeks"]:
        for s in week["sessions"]:
            s["exercises"].append(exercise("single-leg-stance", "balance", ["glutes"], [], role="balance", sets=2,
                                           reps=None, hold_s=20, rir=None, load=BODYWEIGHT,
                                           equipment=["bodyweight"], order=10))
    set_all(finish(plan), "goblet-squat", reps={"min": 15, "max": 20})
    assert "15-20 reps outside 6-15" in check_plan(plan, profile(**OLD)).get("R33.b").detail


KNEE = {"conditions": ["patellofemoral_pain"]}


def test_r34_regional_pain() -> None:
    p = profile(**KNEE)
    result = check_plan(base_plan(), p).get("R34.a")
    assert result.status == "fail" and "goblet-squat loads knees" in result.detail
    plan = set_all(base_plan(), "goblet-squat", pain_monitored=True)
    report = check_plan(plan, p)
    assert (status(report, "R34.a"), status(report, "R34.b")) == ("pass", "pass")
    assert "no exercise loads knees" in check_plan(_drop(plan, "goblet-squat"), p).get("R34.b").detail
    shoulder = profile(conditions=[{"code": "shoulder_pain", "provocative_movements": ["overhead press"]}])
    press = set_all(base_plan(), "dumbbell-bench-press", id="dumbbell-overhead-press",
                    pattern="upper_push_vertical", pain_monitored=True)
    assert "provocative movement" in check_plan(press, shoulder).get("R34.b").detail
