"""SQLAlchemy table rows. Portable column types only; dialect extras live in migrations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every table."""


class UserRow(Base):
    """A person using trainwise. Profiles, plans and logs each belong to one."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    is_local_default: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    password_hash: Mapped[str | None] = mapped_column(String(255))
    """argon2id (PHC string); None for the local default user, who never logs in."""
    role: Mapped[str] = mapped_column(String(20), default="athlete", server_default="athlete")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """An API token: only the SHA-256 of its secret is kept; revoked tokens stay listed."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class UserSessionRow(Base):
    """A browser login: the SHA-256 of the cookie's secret, until it expires or is logged out."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TrainerClientRow(Base):
    """A trainer's invitation (by e-mail) and, once accepted, the client's consent; a client
    can revoke it. ``client_id`` is set when the invited person accepts."""

    __tablename__ = "trainer_clients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    status: Mapped[str] = mapped_column(String(20))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        UniqueConstraint("trainer_id", "client_id", name="uq_trainer_clients_trainer_id_client_id"),
        UniqueConstraint("trainer_id", "email", name="uq_trainer_clients_trainer_id_email"),
    )


class ExerciseRow(Base):
    """One exercise: the full JSON document plus columns for filtering and search."""

    __tablename__ = "exercises"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    origin: Mapped[str] = mapped_column(String(50), default="builtin")
    level: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(30), index=True)
    mechanic: Mapped[str | None] = mapped_column(String(20))
    force: Mapped[str | None] = mapped_column(String(20))
    joint: Mapped[str] = mapped_column(String(10))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    search_name: Mapped[str] = mapped_column(Text, default="")
    search_aliases: Mapped[str] = mapped_column(Text, default="")
    search_body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ExerciseFacetRow(Base):
    """A (facet, value) pair of an exercise: muscles, patterns, tags, labels, ..."""

    __tablename__ = "exercise_facets"
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    facet: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[str] = mapped_column(String(300), primary_key=True)
    __table_args__ = (Index("ix_exercise_facets_facet_value", "facet", "value"),)


class EquipmentOptionRow(Base):
    """One item of one equipment option; an exercise is doable when one option is covered."""

    __tablename__ = "exercise_equipment_options"
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    option_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    equipment: Mapped[str] = mapped_column(String(60), primary_key=True)
    __table_args__ = (Index("ix_equipment_options_equipment", "equipment"),)


class ExternalIdRow(Base):
    """The id an exercise has in an outside dataset (free-exercise-db, wger, ...)."""

    __tablename__ = "exercise_external_ids"
    dataset: Mapped[str] = mapped_column(String(60), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), index=True
    )


class ProfileRow(Base):
    """A training profile a user keeps (the JSON of ``profile_to_dict``)."""

    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    profile_id: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PlanRow(Base):
    """A saved plan: the profile it was made for, the plan JSON and columns for listing."""

    __tablename__ = "plans"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    profile_id: Mapped[str] = mapped_column(String(200))
    goal: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    start: Mapped[date | None] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    profile: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    __table_args__ = (Index("ix_plans_user_id_created_at", "user_id", "created_at"),)


class WorkoutLogRow(Base):
    """One logged session. ``client_id`` is the id the client chose: unique per user only, so
    re-sending a log replaces it and another user's ids never collide with it."""

    __tablename__ = "workout_logs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    plan_id: Mapped[str | None] = mapped_column(String(32))
    date: Mapped[date] = mapped_column(Date)
    pain_before: Mapped[dict[str, Any]] = mapped_column(JSON)
    pain_during: Mapped[dict[str, Any]] = mapped_column(JSON)
    pain_next_morning: Mapped[dict[str, Any]] = mapped_column(JSON)
    symptoms: Mapped[list[str]] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text)
    completed: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (
        UniqueConstraint("user_id", "client_id", name="uq_workout_logs_user_id_client_id"),
        Index("ix_workout_logs_user_id_date", "user_id", "date"),
    )


class LoggedSetRow(Base):
    """One logged set. ``user_id`` and ``date`` repeat the log's, for fast per-person range reads.
    An exercise logged without any set keeps its place as one row with ``set_no`` 0 (not a set)."""

    __tablename__ = "logged_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_pk: Mapped[int] = mapped_column(ForeignKey("workout_logs.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    exercise: Mapped[str] = mapped_column(String(200))
    exercise_order: Mapped[int] = mapped_column(Integer)
    set_no: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    reps: Mapped[int | None] = mapped_column(Integer)
    seconds: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    type: Mapped[str] = mapped_column(String(10))
    __table_args__ = (
        Index("ix_logged_sets_log_pk", "log_pk"),
        Index("ix_logged_sets_user_id_date", "user_id", "date"),
        Index("ix_logged_sets_user_id_exercise_date", "user_id", "exercise", "date"),
    )


class MetaRow(Base):
    """Key/value facts about the database, such as the catalog revision."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
