"""Saved plans: what a stored plan looks like in a list, and the facts read from its JSON."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


@dataclass(frozen=True)
class PlanFacts:
    """The listing facts of a plan JSON (docs/plan-format.md), read once when it is saved."""

    profile_id: str
    goal: str
    level: str
    status: str
    start: date | None
    weeks: int


def plan_facts(plan: Mapping[str, Any], profile: Mapping[str, Any] | None = None) -> PlanFacts:
    """Facts of ``plan``; the profile fills in what an older or partial plan lacks."""
    prof = profile or {}
    raw_start = plan.get("start")
    try:
        start = date.fromisoformat(raw_start) if isinstance(raw_start, str) else None
    except ValueError:
        start = None
    weeks = plan.get("weeks")
    return PlanFacts(
        profile_id=str(plan.get("profile_id") or prof.get("id") or "profile"),
        goal=str(plan.get("goal") or prof.get("goal") or ""),
        level=str(plan.get("level") or prof.get("level") or ""),
        status=str(plan.get("status") or "active"),
        start=start,
        weeks=len(weeks) if isinstance(weeks, list) else 0,
    )


@dataclass(frozen=True)
class PlanSummary:
    """One line of a user's plan list."""

    id: str
    profile_id: str
    goal: str
    level: str
    start: date | None
    weeks: int
    status: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON form: dates as ISO strings, times in UTC."""
        created = self.created_at if self.created_at.tzinfo else self.created_at.replace(tzinfo=UTC)
        return {
            "id": self.id,
            "profile_id": self.profile_id,
            "goal": self.goal,
            "level": self.level,
            "start": self.start.isoformat() if self.start else None,
            "weeks": self.weeks,
            "status": self.status,
            "created_at": created.astimezone(UTC).isoformat(),
        }


@dataclass(frozen=True)
class SavedPlan:
    """A stored plan with the profile it was made for."""

    summary: PlanSummary
    profile: dict[str, Any]
    plan: dict[str, Any]
    updated_at: datetime
