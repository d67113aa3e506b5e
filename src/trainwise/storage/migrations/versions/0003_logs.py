"""Workout logs and their sets, each owned by a user.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create workout_logs (unique client id per user) and logged_sets (user and date repeated
    from the log for fast per-person range reads); a user's logs go when the user goes."""
    op.create_table(
        "workout_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.String(32)),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("pain_before", sa.JSON, nullable=False),
        sa.Column("pain_during", sa.JSON, nullable=False),
        sa.Column("pain_next_morning", sa.JSON, nullable=False),
        sa.Column("symptoms", sa.JSON, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("user_id", "client_id", name="uq_workout_logs_user_id_client_id"),
    )
    op.create_index("ix_workout_logs_user_id_date", "workout_logs", ["user_id", "date"])
    op.create_table(
        "logged_sets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("log_pk", sa.Integer, sa.ForeignKey("workout_logs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("exercise", sa.String(200), nullable=False),
        sa.Column("exercise_order", sa.Integer, nullable=False),
        sa.Column("set_no", sa.Integer, nullable=False),
        sa.Column("load_kg", sa.Float),
        sa.Column("reps", sa.Integer),
        sa.Column("seconds", sa.Float),
        sa.Column("rir", sa.Float),
        sa.Column("rpe", sa.Float),
        sa.Column("type", sa.String(10), nullable=False),
    )
    op.create_index("ix_logged_sets_log_pk", "logged_sets", ["log_pk"])
    op.create_index("ix_logged_sets_user_id_date", "logged_sets", ["user_id", "date"])
    op.create_index("ix_logged_sets_user_id_exercise_date", "logged_sets", ["user_id", "exercise", "date"])


def downgrade() -> None:
    """Drop the logged_sets and workout_logs tables."""
    op.drop_index("ix_logged_sets_user_id_exercise_date", table_name="logged_sets")
    op.drop_index("ix_logged_sets_user_id_date", table_name="logged_sets")
    op.drop_index("ix_logged_sets_log_pk", table_name="logged_sets")
    op.drop_table("logged_sets")
    op.drop_index("ix_workout_logs_user_id_date", table_name="workout_logs")
    op.drop_table("workout_logs")
