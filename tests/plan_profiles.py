"""Varied profiles used by the generator tests, the validator property tests and the bench."""

from __future__ import annotations

from typing import Any

GYM = ["barbell", "squat_rack", "bench", "dumbbells", "cable_machine", "machines", "pullup_bar"]
PLATES = {"barbell_kg": 20, "smallest_plate_kg": 1.25}

PROFILES: dict[str, dict[str, Any]] = {
    "no-equipment": {"id": "no-equipment", "level": "beginner", "days_per_week": 3, "session_minutes": 45},
    "one-day": {"id": "one-day", "level": "beginner", "days_per_week": 1, "available_days": ["sat"],
                "session_minutes": 60, "equipment": ["dumbbells", "bench"], "equipment_specs": {"dumbbells_kg": [5, 10]}},
    "fifteen-minutes": {"id": "fifteen-minutes", "level": "beginner", "days_per_week": 3, "session_minutes": 15},
    "acute-lbp": {"id": "acute-lbp", "level": "beginner", "goal": "rehab_back_pain", "days_per_week": 2,
                  "session_minutes": 30, "conditions": [{"code": "acute_lbp"}],
                  "pain": {"region": "lower_back", "baseline_nrs": 4}},
    "disc-history": {"id": "disc-history", "level": "intermediate", "goal": "strength", "days_per_week": 3,
                     "session_minutes": 60, "equipment": GYM, "equipment_specs": {**PLATES, "dumbbells_kg": [10, 15, 20]},
                     "conditions": [{"code": "lumbar_disc_herniation_history"}]},
    "older-beginner": {"id": "older-beginner", "level": "beginner", "age": 71, "days_per_week": 3,
                       "session_minutes": 45, "equipment": ["dumbbells", "chair"],
                       "equipment_specs": {"dumbbells_kg": [2, 4, 6]},
                       "conditions": [{"code": "hypertension"}, {"code": "osteopenia"}]},
    "advanced-lifter": {"id": "advanced-lifter", "level": "advanced", "goal": "strength", "days_per_week": 4,
                        "session_minutes": 75, "equipment": GYM, "equipment_specs": {**PLATES, "dumbbells_kg": [10, 20, 30]},
                        "known_1rm_kg": {"back-squat": 180, "deadlift": 220, "barbell-bench-press": 130,
                                         "overhead-press": 80}},
    "chronic-lbp": {"id": "chronic-lbp", "level": "intermediate", "goal": "lower_back_strength", "days_per_week": 3,
                    "session_minutes": 45, "equipment": ["exercise_ball", "dumbbells", "resistance_band"],
                    "conditions": [{"code": "chronic_lbp", "provocative_movements": ["sit-ups", "twisting"]}]},
    "hypertrophy-gym": {"id": "hypertrophy-gym", "level": "intermediate", "goal": "hypertrophy", "days_per_week": 4,
                        "session_minutes": 60, "equipment": GYM,
                        "equipment_specs": {**PLATES, "dumbbells_kg": [5, 7.5, 10, 12.5, 15, 17.5, 20]},
                        "known_1rm_kg": {"back-squat": 100, "barbell-bench-press": 80}},
    "red-flags": {"id": "red-flags", "level": "beginner", "red_flags": ["saddle_anaesthesia"],
                  "conditions": [{"code": "acute_lbp"}]},
}
