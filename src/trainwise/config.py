"""One typed settings object, built once and passed in (never read from globals)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "trainwise-development-secret-key-never-use-it-in-production"
"""The built-in secret: accepted only in local mode or with TRAINWISE_ENV=development or test."""
MIN_SECRET_LENGTH = 32
RELAXED_ENVS = ("development", "test")


class ConfigError(ValueError):
    """Settings that must not be used to serve (one line, fit for a user)."""


def default_database_url() -> str:
    """SQLite file in the user data directory (created on first use)."""
    return f"sqlite:///{Path(user_data_dir('trainwise')) / 'trainwise.db'}"


class Settings(BaseSettings):
    """trainwise settings; each field can be set with a TRAINWISE_* environment variable."""

    model_config = SettingsConfigDict(env_prefix="TRAINWISE_", extra="ignore", populate_by_name=True)

    database_url: str = ""
    """SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db (TRAINWISE_DATABASE_URL)."""

    auto_setup: bool = True
    """Migrate and load the built-in library on first use of an empty database."""

    env: Literal["production", "development", "test"] = "production"
    """TRAINWISE_ENV: development and test accept the built-in secret key."""

    local_mode: bool = Field(False, validation_alias="TRAINWISE_LOCAL")
    """TRAINWISE_LOCAL: single-person mode without login (loopback only; `trainwise serve --local`)."""

    secret_key: str = DEV_SECRET_KEY
    """TRAINWISE_SECRET_KEY: signs the CSRF tokens; at least 32 characters; set it to serve accounts."""

    session_max_age: int = Field(14 * 24 * 3600, ge=300, le=366 * 24 * 3600)
    """TRAINWISE_SESSION_MAX_AGE: seconds a login lasts (absolute; default 14 days)."""

    cookie_secure: Literal["auto", "always", "never"] = "auto"
    """TRAINWISE_COOKIE_SECURE: auto marks cookies Secure when the request came over https
    (uvicorn honours X-Forwarded-Proto from the proxies in FORWARDED_ALLOW_IPS)."""

    allow_signup: bool = True
    """TRAINWISE_ALLOW_SIGNUP: false closes /signup and POST /api/v1/users (accounts by CLI only)."""

    @field_validator("cookie_secure", mode="before")
    @classmethod
    def _secure_words(cls, value: object) -> object:
        words = {"true": "always", "1": "always", "yes": "always", "false": "never", "0": "never", "no": "never"}
        return words.get(str(value).strip().lower(), value) if isinstance(value, str | bool) else value

    def secret_problem(self) -> str | None:
        """Why the secret key must not be used to serve, or None when it is fine."""
        if self.local_mode or self.env in RELAXED_ENVS:
            return None
        if self.secret_key == DEV_SECRET_KEY:
            return ("the built-in development secret key is refused: set TRAINWISE_SECRET_KEY to a random "
                    "value of 32+ characters (python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                    "or run single-person mode with `trainwise serve --local`")
        if len(self.secret_key) < MIN_SECRET_LENGTH:
            return f"TRAINWISE_SECRET_KEY is too short: use at least {MIN_SECRET_LENGTH} random characters"
        return None

    def check_secret(self) -> None:
        """Raise ConfigError (one line) when the secret key must not be used to serve."""
        problem = self.secret_problem()
        if problem:
            raise ConfigError(problem)

    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    """Largest request body accepted, in bytes; larger ones get 413 (TRAINWISE_MAX_BODY_BYTES)."""

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
