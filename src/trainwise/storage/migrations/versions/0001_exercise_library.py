"""Exercise library, users and search indexes.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the library tables, a local default user and the dialect's full-text index."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), unique=True),
        sa.Column("display_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("is_local_default", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "exercises",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False, index=True),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("origin", sa.String(50), nullable=False),
        sa.Column("level", sa.String(20), nullable=False, index=True),
        sa.Column("category", sa.String(30), nullable=False, index=True),
        sa.Column("mechanic", sa.String(20)),
        sa.Column("force", sa.String(20)),
        sa.Column("joint", sa.String(10), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("search_name", sa.Text, nullable=False),
        sa.Column("search_aliases", sa.Text, nullable=False),
        sa.Column("search_body", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "exercise_facets",
        sa.Column("exercise_id", sa.Integer, sa.ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("facet", sa.String(30), primary_key=True),
        sa.Column("value", sa.String(300), primary_key=True),
    )
    op.create_index("ix_exercise_facets_facet_value", "exercise_facets", ["facet", "value"])
    op.create_table(
        "exercise_equipment_options",
        sa.Column("exercise_id", sa.Integer, sa.ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("option_no", sa.Integer, primary_key=True),
        sa.Column("equipment", sa.String(60), primary_key=True),
    )
    op.create_index("ix_equipment_options_equipment", "exercise_equipment_options", ["equipment"])
    op.create_table(
        "exercise_external_ids",
        sa.Column("dataset", sa.String(60), primary_key=True),
        sa.Column("external_id", sa.String(300), primary_key=True),
        sa.Column("exercise_id", sa.Integer, sa.ForeignKey("exercises.id", ondelete="CASCADE"), nullable=False, index=True),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.execute(
        "INSERT INTO users (id, email, display_name, is_local_default) "
        "VALUES (1, NULL, 'Local user', TRUE)"
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE exercises_fts USING fts5("
            "name, aliases, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE exercises ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('english', search_name), 'A') || "
            "setweight(to_tsvector('english', search_aliases), 'B') || "
            "setweight(to_tsvector('english', search_body), 'C')) STORED"
        )
        op.execute("CREATE INDEX ix_exercises_search_vector ON exercises USING GIN (search_vector)")


def downgrade() -> None:
    """Drop everything this revision created."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS exercises_fts")
    for table in ("meta", "exercise_external_ids", "exercise_equipment_options", "exercise_facets", "exercises", "users"):
        op.drop_table(table)
