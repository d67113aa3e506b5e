"""SqlPlanStore: saved plans on SQLAlchemy, always scoped to the user who owns them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from trainwise.domain.saved_plans import PlanSummary, SavedPlan, plan_facts
from trainwise.storage.tables import PlanRow

_SUMMARY = (PlanRow.id, PlanRow.profile_id, PlanRow.goal, PlanRow.level, PlanRow.start, PlanRow.weeks,
            PlanRow.status, PlanRow.created_at)


class PlanIdTakenError(ValueError):
    """A plan id that another user's plan already has (ids are random: a bug, not user input)."""


class SqlPlanStore:
    """Stores plans. Every method is one short transaction; every query names the user."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def save(self, user_id: int, plan_id: str, profile: Mapping[str, Any], plan: Mapping[str, Any]) -> None:
        """Insert the plan, or replace it when this user already has one with this id."""
        facts = plan_facts(plan, profile)
        values: dict[str, Any] = {
            "profile_id": facts.profile_id[:200],
            "goal": facts.goal[:40],
            "level": facts.level[:20],
            "status": facts.status[:20],
            "start": facts.start,
            "weeks": facts.weeks,
            "profile": dict(profile),
            "plan": dict(plan),
        }
        now = datetime.now(UTC)
        with Session(self.engine) as s, s.begin():
            row = s.get(PlanRow, plan_id)
            if row is None:
                s.add(PlanRow(id=plan_id, user_id=user_id, created_at=now, updated_at=now, **values))
            elif row.user_id != user_id:
                raise PlanIdTakenError(f"plan id '{plan_id}' is already taken")
            else:
                for key, value in values.items():
                    setattr(row, key, value)
                row.updated_at = now

    def get(self, user_id: int, plan_id: str) -> SavedPlan | None:
        """The user's plan with this id (None when there is none, or it is someone else's)."""
        with Session(self.engine) as s:
            row = s.execute(
                select(PlanRow).where(PlanRow.id == plan_id, PlanRow.user_id == user_id)
            ).scalar_one_or_none()
            if row is None:
                return None
            summary = PlanSummary(row.id, row.profile_id, row.goal, row.level, row.start, row.weeks,
                                  row.status, row.created_at)
            return SavedPlan(summary=summary, profile=dict(row.profile), plan=dict(row.plan),
                             updated_at=row.updated_at)

    def list(self, user_id: int) -> list[PlanSummary]:
        """The user's plans, newest first."""
        with Session(self.engine) as s:
            rows = s.execute(
                select(*_SUMMARY).where(PlanRow.user_id == user_id)
                .order_by(PlanRow.created_at.desc(), PlanRow.id.desc())
            ).all()
        return [PlanSummary(*row) for row in rows]

    def delete(self, user_id: int, plan_id: str) -> bool:
        """Delete the user's plan; False when the user has no plan with this id."""
        with Session(self.engine) as s, s.begin():
            result = s.execute(delete(PlanRow).where(PlanRow.id == plan_id, PlanRow.user_id == user_id))
        return bool(getattr(result, "rowcount", 0))
