"""Alembic environment: runs on the Engine passed in through config.attributes."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from trainwise.storage.tables import Base

engine: Engine = context.config.attributes["engine"]
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
