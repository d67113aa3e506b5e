"""Accounts: passwords, roles, API tokens, browser sessions and trainer-client consent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-19
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add password hash, role, active flag and password date to users (existing users become
    active athletes without a password); create api_tokens, user_sessions and trainer_clients."""
    # Plain ADD COLUMN (never a table copy: rebuilding users would cascade-delete everyone's data).
    op.add_column("users", sa.Column("password_hash", sa.String(255)))
    op.add_column("users", sa.Column("role", sa.String(20), nullable=False, server_default="athlete"))
    op.add_column("users", sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()))
    op.add_column("users", sa.Column("password_changed_at", sa.DateTime(timezone=True)))
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "user_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_user_sessions_user_id", "user_sessions", ["user_id"])
    op.create_table(
        "trainer_clients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("client_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("trainer_id", "client_id", name="uq_trainer_clients_trainer_id_client_id"),
        sa.UniqueConstraint("trainer_id", "email", name="uq_trainer_clients_trainer_id_email"),
    )
    op.create_index("ix_trainer_clients_client_id", "trainer_clients", ["client_id"])
    op.create_index("ix_trainer_clients_email", "trainer_clients", ["email"])


def downgrade() -> None:
    """Drop the account tables and the users' account columns."""
    op.drop_index("ix_trainer_clients_email", table_name="trainer_clients")
    op.drop_index("ix_trainer_clients_client_id", table_name="trainer_clients")
    op.drop_table("trainer_clients")
    op.drop_index("ix_user_sessions_user_id", table_name="user_sessions")
    op.drop_table("user_sessions")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    for column in ("password_changed_at", "is_active", "role", "password_hash"):
        # ALTER TABLE ... DROP COLUMN on both dialects (SQLite >= 3.35): a batch copy of users
        # would cascade-delete every plan and log.
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")
