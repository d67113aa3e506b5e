"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable or required by CI)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# CI runs every property test with a fixed derandomized seed so a green build stays green; local
# runs explore new random examples (and keep the failures found in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

PG_ADMIN_URL = os.environ.get("TRAINWISE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
# Tests build apps with the built-in development secret key: say so (`serve` and create_app
# refuse it in production). Tests of that refusal set env="production" themselves.
os.environ.setdefault("TRAINWISE_ENV", "test")


def _pg_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


PG_AVAILABLE = _pg_available()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'trainwise.db'}"


def make_pg_database() -> tuple[str, str]:
    """Create an empty PostgreSQL database; returns (SQLAlchemy URL, name)."""
    import psycopg

    name = f"tw_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}", name


def drop_pg_database(name: str) -> None:
    """Drop a database made by make_pg_database."""
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def require_pg() -> None:
    """Skip without PostgreSQL, except under CI=true where it must be there."""
    if not PG_AVAILABLE:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI but is not reachable at " + PG_ADMIN_URL)
        pytest.skip("PostgreSQL not reachable")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database, dropped afterwards."""
    require_pg()
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'trainwise.db'}"
        return
    require_pg()
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def loaded_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of each kind with the built-in library loaded (shared by a module; read only)."""
    from trainwise.bootstrap import open_catalog
    from trainwise.config import get_settings

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'loaded.db'}"
        open_catalog(get_settings(database_url=url)).engine.dispose()
        yield url
        return
    require_pg()
    url, name = make_pg_database()
    try:
        open_catalog(get_settings(database_url=url)).engine.dispose()
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="module")
def app_client(loaded_url: str) -> Iterator[object]:
    """An in-process client of the whole app in single-person local mode (`serve --local`: no
    login) on a loaded database of each kind."""
    from fastapi.testclient import TestClient

    from trainwise.app import create_app
    from trainwise.config import get_settings

    app = create_app(get_settings(database_url=loaded_url, local_mode=True))
    with TestClient(app) as client:
        yield client
    app.state.catalog.engine.dispose()


@pytest.fixture(scope="module")
def auth_app(loaded_url: str) -> Iterator[object]:
    """The whole app with accounts (not local mode: every personal route needs a login) on a
    loaded database of each kind."""
    from trainwise.app import create_app
    from trainwise.config import get_settings

    app = create_app(get_settings(database_url=loaded_url, local_mode=False, env="test"))
    yield app
    app.state.catalog.engine.dispose()


@pytest.fixture(scope="module")
def auth_client(auth_app: object) -> Iterator[Callable[..., object]]:
    """Makes clients of ``auth_app``, one per person (each with its own cookies):
    ``alice = auth_client()``; keyword arguments go to TestClient (e.g. base_url)."""
    from fastapi.testclient import TestClient

    clients: list[TestClient] = []

    def make(**options: object) -> TestClient:
        client = TestClient(auth_app, **options)  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
