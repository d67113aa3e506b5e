"""Property tests: plans for random valid profiles pass every MUST check of the rubric.

One description of "a random valid profile" (``build_profile``) drives both a hypothesis
strategy (shrinks to a small failing profile) and a seeded ``random.Random`` (a fixed sample for
the mean SHOULD score), so both tests explore the same space: level, goals, days and available
days, session length, equipment with masses and plates, conditions with provocative movements,
age, known 1RMs, focus muscles and plan length.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainwise.domain.generator import generate_plan
from trainwise.domain.profile import DAYS, GOALS, profile_from_dict
from trainwise.domain.validator import check_plan
from trainwise.library.loader import load_builtin_library

LIB = load_builtin_library()
START = date(2026, 11, 23)
T = TypeVar("T")

LEVELS = ("beginner", "novice", "intermediate", "advanced")
EQUIPMENT = ("barbell", "squat_rack", "bench", "dumbbells", "cable_machine", "machines", "pullup_bar", "kettlebell",
             "exercise_ball", "resistance_band", "chair", "foam_roller", "box", "dip_station", "suspension_trainer",
             "bosu", "stationary_bike", "back_extension_bench", "medicine_ball")
DUMBBELLS_KG = (1, 2, 4, 5, 6, 7.5, 8, 10, 12.5, 15, 17.5, 20, 22.5, 25, 30, 40)
KETTLEBELLS_KG = (4, 8, 12, 16, 20, 24, 32)
PLATES_KG = (0.5, 1.25, 2.5, 5)
CONDITIONS = ("acute_lbp", "chronic_lbp", "lumbar_disc_herniation_history", "hypertension", "osteopenia",
              "patellofemoral_pain")
PROVOCATIVE = ("sit-ups", "twisting", "bending forward", "deadlifts", "deep squat", "lunges", "overhead",
               "running", "lying face down", "kneeling", "heavy lifting", "arching back", "stairs", "hinge",
               "push-ups", "lifting from the floor", "gardening")
FOCUS = ("glutes", "chest", "upper back", "shoulders", "legs", "core", "biceps", "hamstrings", "quadriceps")
ONE_RM_LIFTS = {"back-squat": (40, 220), "deadlift": (50, 260), "barbell-bench-press": (30, 160),
                "overhead-press": (20, 100), "goblet-squat": (10, 50), "dumbbell-bench-press": (10, 50)}


class Chooser(Protocol):
    """The few random choices a profile needs (hypothesis draws or a seeded Random)."""

    def integer(self, low: int, high: int) -> int: ...

    def choice(self, options: Sequence[T]) -> T: ...

    def subset(self, options: Sequence[T], low: int, high: int) -> list[T]: ...

    def chance(self, p: float) -> bool: ...


class RandomChooser:
    """Choices from a seeded ``random.Random``."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, options: Sequence[T]) -> T:
        return self.rng.choice(list(options))

    def subset(self, options: Sequence[T], low: int, high: int) -> list[T]:
        return self.rng.sample(list(options), self.rng.randint(low, min(high, len(options))))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


class DrawChooser:
    """Choices drawn by hypothesis (so failing profiles shrink)."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))

    def choice(self, options: Sequence[T]) -> T:
        return self.draw(st.sampled_from(list(options)))

    def subset(self, options: Sequence[T], low: int, high: int) -> list[T]:
        items = list(options)
        picked = self.draw(st.lists(st.sampled_from(items), min_size=low, max_size=min(high, len(items)),
                                    unique=True))
        return picked

    def chance(self, p: float) -> bool:
        return self.draw(st.floats(0, 1, exclude_max=True)) < p


def build_profile(c: Chooser) -> dict[str, Any]:
    """A random valid profile (the JSON form accepted by profile_from_dict)."""
    days = c.integer(1, 7)
    profile: dict[str, Any] = {
        "id": "random", "level": c.choice(LEVELS), "goal": c.choice(GOALS), "days_per_week": days,
        "session_minutes": c.integer(15, 120), "weeks": c.integer(1, 16),
        "equipment": c.subset(EQUIPMENT, 0, len(EQUIPMENT)),
    }
    if c.chance(0.3):
        profile["secondary_goals"] = c.subset(GOALS, 1, 2)
    if c.chance(0.4):
        profile["available_days"] = sorted(c.subset(DAYS, days, 7), key=DAYS.index)
    if c.chance(0.8):
        profile["age"] = c.integer(18, 85)
    profile["equipment_specs"] = _specs(c, profile["equipment"])
    profile["conditions"] = _conditions(c)
    if {"barbell", "dumbbells"} & set(profile["equipment"]) and c.chance(0.5):
        lifts = c.subset(sorted(ONE_RM_LIFTS), 1, len(ONE_RM_LIFTS))
        profile["known_1rm_kg"] = {lift: c.integer(*ONE_RM_LIFTS[lift]) for lift in lifts}
    if c.chance(0.25):
        profile["focus_muscles"] = c.subset(FOCUS, 1, 2)
    return profile


def _specs(c: Chooser, equipment: list[str]) -> dict[str, Any]:
    specs: dict[str, Any] = {}
    if "dumbbells" in equipment:
        specs["dumbbells_kg"] = c.subset(DUMBBELLS_KG, 1, 8)
    if "kettlebell" in equipment:
        specs["kettlebells_kg"] = c.subset(KETTLEBELLS_KG, 1, 3)
    if "barbell" in equipment and c.chance(0.8):
        specs["barbell_kg"] = c.choice((10, 15, 20))
        if c.chance(0.5):
            specs["smallest_plate_kg"] = c.choice(PLATES_KG)
        else:
            specs["plates_kg"] = c.subset((*PLATES_KG, 10, 20, 25), 1, 4)
    return specs


def _conditions(c: Chooser) -> list[dict[str, Any]]:
    codes = c.subset(CONDITIONS, 0, 3) if c.chance(0.6) else []
    if "acute_lbp" in codes and "chronic_lbp" in codes:
        codes.remove("chronic_lbp")
    out: list[dict[str, Any]] = []
    for code in codes:
        condition: dict[str, Any] = {"code": code}
        if code in ("chronic_lbp", "patellofemoral_pain") and c.chance(0.6):
            condition["provocative_movements"] = c.subset(PROVOCATIVE, 1, 3)
        if code == "lumbar_disc_herniation_history" and c.chance(0.2):
            condition["radicular_symptoms"] = True
        out.append(condition)
    return out


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    """Hypothesis strategy of random valid profiles."""
    return build_profile(DrawChooser(draw))


def plan_report(data: dict[str, Any], seed: int = 0) -> Any:
    """The validator's report on the generated plan for a profile."""
    profile = profile_from_dict(data)
    plan = generate_plan(profile, LIB, start=START, seed=seed)
    return check_plan(plan, profile)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(profiles())
def test_no_must_check_fails_on_random_profiles(data: dict[str, Any]) -> None:
    report = plan_report(data)
    failures = [f"{r.id}: {r.detail}" for r in report.failures]
    assert not failures, failures


def test_mean_should_score_over_seeded_profiles_is_at_least_0_85() -> None:
    scores = []
    for seed in range(40):
        report = plan_report(build_profile(RandomChooser(seed)), seed)
        assert report.passed, [f"{r.id}: {r.detail}" for r in report.failures]
        if report.score is not None:
            scores.append(report.score)
    assert sum(scores) / len(scores) >= 0.85
