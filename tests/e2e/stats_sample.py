"""Seven logged sessions over the last five weeks, for the stats API, CLI and web tests.

Sessions ``i = 0..6`` fall on Monday and Wednesday 4 weeks ago, Monday 3 weeks ago, Monday and
Wednesday 2 weeks ago, Monday last week and Monday this week. Each has a back squat (a warm-up,
then 3 x 5 at ``60 + 5i`` kg, RIR 2), a bench press (3 x 8 at ``40 + 2.5i`` kg, RIR 2) and push-ups
(2 sets of ``10 + i``, body weight), with lower-back pain ``4 - i`` during and ``3 - i`` the next
morning (never below 0).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine

from tests.e2e.plan_sample import sample_plan
from trainwise.domain.logs import LoggedExercise, LoggedSet, WorkoutLog
from trainwise.domain.profile import profile_from_dict
from trainwise.services.plans import save_plan
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.users import local_user_id

SCHEDULE = ((4, 0), (4, 2), (3, 0), (2, 0), (2, 2), (1, 0), (0, 0))
"""(weeks ago, weekday) of each session."""
PROFILE = {"goal": "hypertrophy", "level": "intermediate"}


def monday(today: date) -> date:
    return today - timedelta(days=today.weekday())


def session_dates(today: date) -> list[date]:
    return [monday(today) - timedelta(weeks=ago) + timedelta(days=day) for ago, day in SCHEDULE]


def sample_logs(today: date) -> list[WorkoutLog]:
    out = []
    for i, when in enumerate(session_dates(today)):
        squat = (LoggedSet(40, 8, None, None, None, "warmup"),
                 *(LoggedSet(60 + 5 * i, 5, None, 2, None, "working") for _ in range(3)))
        bench = tuple(LoggedSet(40 + 2.5 * i, 8, None, 2, None, "working") for _ in range(3))
        push = tuple(LoggedSet(None, 10 + i, None, None, None, "working") for _ in range(2))
        out.append(WorkoutLog(
            id=f"stats-sample-{i}", date=when,
            exercises=(LoggedExercise("back-squat", squat), LoggedExercise("barbell-bench-press", bench),
                       LoggedExercise("push-up", push)),
            pain_during={"lower_back": max(0, 4 - i)}, pain_next_morning={"lower_back": max(0, 3 - i)}))
    return out


def store_sample(engine: Engine, today: date, *, with_plan: bool = True) -> str | None:
    """Put the sample logs for the local user (and save a plan started 4 weeks ago); the plan id."""
    user = local_user_id(engine)
    logs = SqlLogStore(engine)
    for log in sample_logs(today):
        logs.put(user, log)
    if not with_plan:
        return None
    plan: dict[str, Any] = sample_plan(monday(today) - timedelta(weeks=4))
    return save_plan(SqlPlanStore(engine), user, profile_from_dict(PROFILE), plan)
