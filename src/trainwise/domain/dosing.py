"""How much, how hard, how long: the prescription the generator aims for (rubric T1, T2).

Each target sits inside the rubric's strict (ACSM 2009) band so that plans pass the SHOULD checks
as well as the MUST ones. Numbers the literature leaves open are marked HOUSE.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainwise.domain.profile import Profile
from trainwise.domain.rubric import goal_family


@dataclass(frozen=True)
class Dose:
    """One working exercise's prescription."""

    sets: int
    reps: tuple[int, int]
    rir: int
    rest_s: int
    tempo: str


def _early(week: int) -> bool:
    return week <= 2


def working_dose(profile: Profile, week: int, *, main: bool, multi: bool) -> Dose:
    """T1 target for a working (main or accessory) exercise in ``week`` (1-based)."""
    level, row = profile.level, goal_family(profile.goal)
    tempo = "3-0-1-0" if level == "beginner" else "2-0-1-0"
    if profile.is_older:  # T1 "older beginner" / "older adult" rows apply at any level from 65
        if week <= 2:
            return Dose(2, (10, 15), 4, 90, "3-0-2-0")
        if week <= 4:
            return Dose(2, (10, 12), 3, 90, "3-0-2-0")
        return Dose(2, (8, 12), 3 if level == "beginner" else 2, 120, "3-0-2-0")
    if level == "beginner":
        rir = 3 if _early(week) else 2
        if row == "strength":
            return Dose(3 if main else 2, (8, 12), rir, 150 if main else 90, tempo)
        if row == "hypertrophy":
            return Dose(3 if main else 2, (8, 12), rir, 90 if multi else 60, tempo)
        if row == "muscular_endurance":
            return Dose(2, (12, 15), 3, 60, tempo)
        return Dose(2, (8, 12) if main else (10, 15), rir, 90 if main else 60, tempo)
    if row == "strength":
        if level == "intermediate":
            return Dose(4, (4, 6), 2, 180, tempo) if main else Dose(3, (8, 12), 2, 90, tempo)
        return Dose(5, (3, 5), 2, 240, tempo) if main else Dose(3, (6, 10), 2, 120, tempo)
    if row == "hypertrophy":
        if level == "intermediate":
            return Dose(3, (8, 12), 2 if _early(week) else 1, 120 if main else (75 if multi else 60), tempo)
        return Dose(4 if main else 3, (6, 10) if main else (8, 12), 2 if _early(week) else 1,
                    150 if main else 90, tempo)
    if row == "muscular_endurance":
        return Dose(3, (15, 20), 2, 60, tempo)
    return Dose(3, (8, 12), 2, 120 if main else 75, tempo)


def trunk_endurance_dose(profile: Profile) -> tuple[int, tuple[int, int], int, int]:
    """McGill-style holds (T1 last row): sets, holds per set, seconds per hold, rest."""
    hold = 8 if profile.level == "beginner" or profile.has("acute_lbp") else 10
    return 3, (2, 6), hold, 30


def uses_deloads(profile: Profile, weeks: int) -> bool:
    """Deload weeks for intermediate and advanced plans of 6 weeks or more (R18)."""
    return profile.level != "beginner" and weeks >= 6


def is_deload_week(profile: Profile, weeks: int, week: int) -> bool:
    """Every 4th week is a deload (HOUSE; R18 asks for one per 4-8-week block)."""
    return uses_deloads(profile, weeks) and week % 4 == 0


def warmup_minutes(session_minutes: int) -> tuple[int, int]:
    """(general, dynamic) warm-up minutes: >= 5 in total for sessions that may last 30 minutes or
    more (R4 lets a 28-minute session run 2 minutes over), >= 2 below (R27)."""
    if session_minutes >= 45:
        return 4, 3
    if session_minutes >= 28:
        return 3, 2
    if session_minutes >= 20:
        return 2, 1
    return 1, 1
