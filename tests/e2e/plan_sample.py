"""A hand-made plan in the shape of docs/plan-format.md, for web and export tests.

Two weeks of three sessions (Mon/Wed/Fri; week 2 a deload), with every kind of load, a hold, a
pure duration, ramp sets, pain monitoring, home drills, warnings and safety notes.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

SAFETY_NOTE = ("Stop training and seek care the same day if you notice numbness around the groin or "
               "buttocks, new loss of bladder or bowel control, or weakness in both legs.")


def _exercise(order: int, slug: str, name: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": slug, "name": name, "order": order, "role": "main", "pattern": "knee_dominant",
        "joint": "multi", "sets": 3, "reps": {"min": 8, "max": 12}, "hold_s": None,
        "load": {"type": "bodyweight", "value": None, "pct_1rm": None}, "rir": 3, "rest_s": 90,
        "tempo": "2-0-1-0", "muscles": {"primary": ["quadriceps"], "secondary": []},
        "equipment": [], "tags": [], "ramp_sets": [], "superset_group": None,
        "pain_monitored": False, "cues": [], "why": f"Why {name}: it trains the pattern safely.",
    }
    base.update(extra)
    return base


def _session(day: str, when: date, title: str, deload: bool) -> dict[str, Any]:
    sets = 2 if deload else 3
    exercises = [
        _exercise(1, "goblet-squat", "Goblet Squat", sets=sets, rir=2, rest_s=120, tempo="3-0-1-0",
                  load={"type": "absolute_kg", "value": 16 if deload else 20, "pct_1rm": None},
                  equipment=["dumbbells"], tags=["spine_neutral"], pain_monitored=True,
                  ramp_sets=[{"load_kg": 8, "reps": 8}, {"load_kg": 14, "reps": 5}],
                  cues=["Exhale as you stand up."],
                  why="Covers the knee-dominant pattern with the load held in front; safe for your back."),
        _exercise(2, "band-row", "Band Row", pattern="upper_pull_horizontal", sets=sets,
                  reps={"min": 10, "max": 15}, load={"type": "band", "value": "medium", "pct_1rm": None},
                  equipment=["resistance_band"], rest_s=60, tempo=None, role="accessory"),
        _exercise(3, "push-up", "Push-Up", pattern="upper_push_horizontal", sets=sets,
                  reps={"min": 6, "max": 10}, load={"type": "rpe_only", "value": None, "pct_1rm": None},
                  rir=2, rest_s=90),
        _exercise(4, "mcgill-curl-up", "McGill Curl-Up", role="trunk_endurance",
                  pattern="trunk_anti_extension", joint="single", sets=3, reps={"min": 5, "max": 6},
                  hold_s=10, rir=None, rest_s=30, tempo=None),
        _exercise(5, "side-plank", "Side Plank", role="trunk_endurance",
                  pattern="trunk_anti_lateral_flexion", joint="single", sets=2, reps=None,
                  hold_s=30, rir=None, rest_s=45, tempo=None),
        _exercise(6, "stationary-cycling", "Stationary Cycling", role="aerobic", pattern="aerobic",
                  sets=1, reps=None, hold_s=600, rir=None, rest_s=0, tempo=None,
                  load={"type": "rpe_only", "value": None, "pct_1rm": None}),
    ]
    return {
        "day": day, "date": when.isoformat(), "title": title, "estimated_minutes": 41,
        "warmup": {"minutes": 6, "items": [
            {"name": "Brisk walking", "id": "brisk-walking", "type": "general", "minutes": 4},
            {"name": "Leg swings", "id": "leg-swings", "type": "dynamic", "minutes": 2}]},
        "cooldown": {"minutes": 3, "items": [
            {"name": "Roll Ball Erector Spinae", "id": "roll-ball-erector-spinae", "type": "mobility",
             "minutes": 3}]},
        "exercises": exercises,
    }


def sample_plan(start: date = date(2026, 11, 23)) -> dict[str, Any]:
    """A plan starting on ``start`` (a Monday)."""
    weeks = []
    for number in (1, 2):
        monday = start + timedelta(weeks=number - 1)
        deload = number == 2
        sessions = [_session(day, monday + timedelta(days=offset), title, deload)
                    for day, offset, title in (("mon", 0, "Full body A"), ("wed", 2, "Full body B"),
                                               ("fri", 4, "Full body A"))]
        weeks.append({"week": number, "is_deload": deload,
                      "note": "Lighter week: fewer sets, same form." if deload else
                      "Learn the movements; leave 3 reps in reserve.",
                      "sessions": sessions})
    return {
        "id": None, "profile_id": "web", "status": "active",
        "referral": {"required": False, "urgency": None, "message": None},
        "safety_notes": [SAFETY_NOTE, "Exhale on effort; do not hold your breath."],
        "warnings": ["unknown equipment 'hoverboard' was ignored"],
        "flags": [],
        "level": "beginner", "goal": "general_fitness",
        "start": start.isoformat(), "seed": 0, "generator_version": "1",
        "pain_monitoring": {"enabled": True, "regions": ["lower_back", "knees"],
                            "instructions": "Rate pain 0-10 during and the next morning; up to 5 is fine."},
        "home_drills": [
            {"id": "bird-dog", "name": "Bird Dog", "days": ["tue", "thu"], "sets": 3,
             "reps": {"min": 5, "max": 6}, "hold_s": 10, "why": "Trunk endurance on days off."}],
        "weekly_aerobic_minutes": 90,
        "weeks": weeks,
    }


def suspended_plan(start: date = date(2026, 11, 23)) -> dict[str, Any]:
    """A suspended plan (red flags): a referral and no weeks."""
    plan = copy.deepcopy(sample_plan(start))
    plan.update(status="suspended", weeks=[], home_drills=[], warnings=[],
                pain_monitoring={"enabled": False, "regions": [], "instructions": None},
                referral={"required": True, "urgency": "emergency_same_day",
                          "message": "Do not train. Seek medical assessment today."})
    return plan
