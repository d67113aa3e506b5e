"""Saved profiles and plans, each owned by a user.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the profiles and plans tables (a user's rows go when the user goes)."""
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("profile_id", sa.String(200), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_profiles_user_id", "profiles", ["user_id"])
    op.create_table(
        "plans",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("profile_id", sa.String(200), nullable=False),
        sa.Column("goal", sa.String(40), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("start", sa.Date),
        sa.Column("weeks", sa.Integer, nullable=False),
        sa.Column("profile", sa.JSON, nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_plans_user_id_created_at", "plans", ["user_id", "created_at"])
    if op.get_bind().dialect.name == "postgresql":
        # 0001 inserted the local user with an explicit id, which left the id sequence behind:
        # move it past the existing rows so the next user gets a free id.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('users', 'id'), "
            "GREATEST((SELECT MAX(id) FROM users), 1))"
        )


def downgrade() -> None:
    """Drop the plans and profiles tables."""
    op.drop_index("ix_plans_user_id_created_at", table_name="plans")
    op.drop_table("plans")
    op.drop_index("ix_profiles_user_id", table_name="profiles")
    op.drop_table("profiles")
