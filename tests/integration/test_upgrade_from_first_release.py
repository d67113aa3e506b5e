"""A database made by the first release (schema 0001) upgrades to this release without losing a row.

The fixture tests/data/fixtures/release-0.1.db was made by the first release's own code (see the
README next to it). A copy is upgraded to the newest revision; every row of every table it had is
still there with the same values in the columns it had (counts and a checksum, table by table),
and the app works on it: the library, its search index, the user it had, plans and logs.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from trainwise.bootstrap import open_catalog
from trainwise.config import get_settings
from trainwise.domain.profile import profile_from_dict
from trainwise.domain.search import ExerciseQuery
from trainwise.library.loader import load_builtin_library
from trainwise.services import backup
from trainwise.services import logs as log_svc
from trainwise.services import plans as plan_svc
from trainwise.services.catalog import load_library, search_exercises
from trainwise.storage.backup import SqlBackupStore
from trainwise.storage.engine import make_engine
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.migrate import current_revision, head_revision, upgrade
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.users import local_user_id

FIXTURE = REPO / "tests" / "data" / "fixtures" / "release-0.1.db"
VIRTUAL = {"exercises_fts": "rowid, name, aliases, body"}
"""The FTS5 index is checked through its virtual table (its shadow tables are SQLite's business)."""


def old_contents(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """{table: (columns, rows)} of a SQLite file as stored (no type conversion), rows in rowid or
    primary-key order; SQLite internals, FTS shadow tables and alembic_version left out."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
        for name in names:
            if name == "alembic_version" or name.startswith("sqlite_") or \
                    any(name.startswith(v + "_") for v in VIRTUAL):
                continue
            if name in VIRTUAL:
                cols = [c.strip() for c in VIRTUAL[name].split(",")]
                order = "rowid"
            else:
                info = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
                cols = [r[1] for r in info]
                order = ", ".join(f'"{r[1]}"' for r in sorted((r for r in info if r[5]), key=lambda r: r[5])) or "rowid"
            rows = conn.execute(f'SELECT {", ".join(cols)} FROM "{name}" ORDER BY {order}').fetchall()
            out[name] = (cols, rows)
        return out
    finally:
        conn.close()


def checksum(rows: list[tuple[Any, ...]]) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def project(path: Path, old: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the old tables, old columns only, as they are in ``path`` now."""
    now = old_contents(path)
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name, (cols, _) in old.items():
        assert name in now, f"table {name} is gone"
        new_cols, rows = now[name]
        missing = [c for c in cols if c not in new_cols]
        assert not missing, f"columns {missing} of {name} are gone"
        idx = [new_cols.index(c) for c in cols]
        out[name] = [tuple(row[i] for i in idx) for row in rows]
    return out


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    copy = tmp_path / "release-0.1.db"
    shutil.copyfile(FIXTURE, copy)
    return copy


def test_the_fixture_is_a_first_release_database() -> None:
    assert FIXTURE.stat().st_size < 1_000_000
    conn = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert conn.execute("SELECT count(*) FROM exercises").fetchone()[0] > 40
    assert conn.execute("SELECT count(*) FROM exercise_external_ids").fetchone()[0] == 5
    assert conn.execute("SELECT email FROM users WHERE id = 2").fetchone() == ("ada@example.com",)
    conn.close()


def test_upgrade_keeps_every_row_and_the_app_works(old_db: Path) -> None:
    old = old_contents(old_db)
    url = f"sqlite:///{old_db}"

    engine = make_engine(url)
    assert current_revision(engine) == "0001"
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    engine.dispose()

    now = project(old_db, old)
    for name, (_, rows) in old.items():
        assert len(now[name]) == len(rows), f"{name}: {len(rows)} rows before, {len(now[name])} after"
        assert checksum(now[name]) == checksum(rows), f"{name}: rows changed"
        assert now[name] == rows

    # The app on the upgraded database, as a user upgrading would run it.
    catalog = open_catalog(get_settings(database_url=url))
    engine = catalog.engine
    assert catalog.count() == len(old["exercises"][1]), "an upgraded library is not reloaded behind the user"
    deadlift = catalog.get("deadlift")
    assert deadlift is not None and deadlift.external_ids == {"free-exercise-db": "Barbell_Deadlift"}
    page = search_exercises(catalog, ExerciseQuery(text="back extension", limit=5))
    assert page.items and "back-extension" in page.items[0].slug, "the first release's search index works"
    assert catalog.get("air-bike") is not None and catalog.get("air-bike").origin == "free-exercise-db"  # type: ignore[union-attr]

    assert local_user_id(engine) == 1
    ada = 2
    load_library(catalog, load_builtin_library())  # `trainwise catalog load`: the new library on top
    profile = profile_from_dict({"id": "ada", "level": "beginner", "goal": "general_fitness",
                                 "equipment": ["dumbbells"], "days_per_week": 3})
    plans = SqlPlanStore(engine)
    plan = plan_svc.create_plan(catalog, profile, start=date(2026, 12, 7), seed=1)
    plan_id = plan_svc.save_plan(plans, ada, profile, plan)
    assert plan_svc.get_plan(plans, ada, plan_id)["weeks"] == plan["weeks"]
    logs = SqlLogStore(engine)
    log, created = log_svc.record_log(logs, catalog, ada, {
        "id": "first-set-after-upgrade", "date": "2026-12-07",
        "exercises": [{"exercise": "Barbell Deadlift", "sets": [{"load_kg": 80, "reps": 5, "rir": 2}]}]})
    assert created and logs.get(ada, log.id) == log
    assert logs.count(ada) == (1, 1) and logs.count(1) == (0, 0)

    # And the upgraded database backs up and restores exactly.
    out = io.StringIO()
    backup.write_backup(SqlBackupStore(engine), out)
    engine.dispose()
    fresh = make_engine(f"sqlite:///{old_db.parent / 'restored.db'}")
    report = backup.restore_backup(SqlBackupStore(fresh), io.StringIO(out.getvalue()))
    assert report.total == sum(report.rows.values()) > 0
    again = io.StringIO()
    backup.write_backup(SqlBackupStore(fresh), again)
    fresh.dispose()
    strip = [line for line in out.getvalue().splitlines() if not line.startswith('"created_at"')]
    assert strip == [line for line in again.getvalue().splitlines() if not line.startswith('"created_at"')]


def test_upgrading_the_first_release_through_the_cli(old_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trainwise.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["db", "upgrade", "--db", str(old_db)])
    out = capsys.readouterr().out
    assert exit_info.value.code in (0, None)
    assert f"database at revision {head_revision()} (was 0001)" in out
