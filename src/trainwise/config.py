"""One typed settings object, built once and passed in (never read from globals)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url() -> str:
    """SQLite file in the user data directory (created on first use)."""
    return f"sqlite:///{Path(user_data_dir('trainwise')) / 'trainwise.db'}"


class Settings(BaseSettings):
    """trainwise settings; each field can be set with a TRAINWISE_* environment variable."""

    model_config = SettingsConfigDict(env_prefix="TRAINWISE_", extra="ignore")

    database_url: str = ""
    """SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db (TRAINWISE_DATABASE_URL)."""

    auto_setup: bool = True
    """Migrate and load the built-in library on first use of an empty database."""

    @field_validator("database_url")
    @classmethod
    def _default_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return default_database_url()
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        if "://" not in value:
            # A bare path means a SQLite file.
            return f"sqlite:///{Path(value).expanduser().resolve()}"
        return value


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. database_url from --db)."""
    clean = {k: val for k, val in overrides.items() if val is not None}
    return Settings(**clean)  # type: ignore[arg-type]
