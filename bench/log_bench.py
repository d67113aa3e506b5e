"""Logging at scale: 1,000,000 logged sets on SQLite and PostgreSQL.

The database holds many people's logs and one person with five years of training (four sessions
a week, twenty sets each: 1,040 sessions, 20,800 sets). Measured, as medians (p50) with p90:

- ``POST /api/v1/logs`` of a one-set log through the whole app in process (routing, validation,
  name resolution, the store's transaction), new ids and re-sends of the same id;
- the store's ``list()`` of the five-year person's whole history (what the statistics read),
  ``sets_between()``, and the whole statistics query (``services.stats.stats_for``: e1RM trends,
  records, weekly hard sets, adherence, pain) over 12 and 260 weeks.

Each is also given as a ratio to a baseline measured in the same run on the same database: a
bare one-row INSERT and commit for the writes, a bare primary-key SELECT for the reads (and, for
context, an in-process request to a bare Starlette endpoint). Run with `make bench` (or
`python -m bench.log_bench`); PostgreSQL is skipped with a message when it is not reachable.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, text

from bench.baseline_app import app as baseline_app
from trainwise.app import create_app
from trainwise.config import get_settings
from trainwise.library.loader import load_builtin_library
from trainwise.services.catalog import load_library
from trainwise.services.stats import stats_for
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.migrate import upgrade
from trainwise.storage.users import local_user_id

PG_ADMIN = os.environ.get("TRAINWISE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TOTAL_SETS = 1_000_000
SETS_PER_SESSION = 20
OTHER_USERS = 2_000
FIRST_DAY = date(2021, 1, 4)  # a Monday
YEARS = 5
TRAINING_DAYS = (0, 1, 3, 5)  # Mon, Tue, Thu, Sat
EXERCISES = ("back-squat", "barbell-bench-press", "deadlift", "overhead-press", "barbell-bent-over-row",
             "pull-up", "romanian-deadlift", "lat-pulldown", "dumbbell-lateral-raise", "front-plank")
WRITES = 300
READS = 30
ROWS: list[tuple[str, ...]] = []


def timed(fn: Callable[[], object], repeat: int, warmup: int = 3) -> tuple[float, float]:
    """p50 and p90 wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.9))]


# ---------------------------------------------------------------------------- the data


def _sessions(rng: random.Random, user: int) -> Iterator[tuple[int, date]]:
    """(user, day) of the five-year person: four sessions a week for five years."""
    day = FIRST_DAY
    while day < FIRST_DAY + timedelta(weeks=52 * YEARS):
        if day.weekday() in TRAINING_DAYS:
            yield user, day
        day += timedelta(days=1)


def build(engine: Engine, rng: random.Random) -> tuple[int, int, int, float]:
    """Fill the database; returns (person's user id, logs, sets, seconds taken)."""
    t0 = time.perf_counter()
    person = local_user_id(engine)
    person_sessions = list(_sessions(rng, person))
    others_needed = (TOTAL_SETS - len(person_sessions) * SETS_PER_SESSION) // SETS_PER_SESSION
    span = (FIRST_DAY + timedelta(weeks=52 * YEARS) - FIRST_DAY).days
    with engine.connect() as conn:
        first_user = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM users")).scalar_one()) + 1
    users = [(first_user + i, f"bench{i}@example.org", f"Bench {i}", False) for i in range(OTHER_USERS)]
    other_sessions = [(first_user + i % OTHER_USERS, FIRST_DAY + timedelta(days=rng.randrange(span)))
                      for i in range(others_needed)]
    sessions = person_sessions + other_sessions
    now = datetime.now(UTC)
    logs = []
    sets = []
    for pk, (user, day) in enumerate(sessions, 1):
        pain = json.dumps({"lower_back": rng.randrange(0, 4)} if rng.random() < 0.3 else {})
        logs.append((pk, user, str(uuid.UUID(int=rng.getrandbits(128))), None, day, "{}", pain, "{}", "[]", "",
                     True, now, now))
        chosen = rng.sample(EXERCISES, SETS_PER_SESSION // 4)
        n = 0
        for order, exercise in enumerate(chosen, 1):
            for set_no in range(1, 5):
                n += 1
                kind = "warmup" if set_no == 1 else "working"
                seconds = 45.0 if exercise == "front-plank" else None
                reps = None if seconds else rng.randrange(3, 13)
                load = None if seconds else round(rng.uniform(20, 160) / 2.5) * 2.5
                sets.append((user, day, exercise, order, set_no, load, reps, seconds,
                             float(rng.randrange(0, 4)), None, kind, pk))
    log_cols = ("id, user_id, client_id, plan_id, date, pain_before, pain_during, pain_next_morning, symptoms, "
                "notes, completed, created_at, updated_at")
    set_cols = "user_id, date, exercise, exercise_order, set_no, load_kg, reps, seconds, rir, rpe, type, log_pk"
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "postgresql":
            cur.executemany("INSERT INTO users (id, email, display_name, is_local_default) VALUES (%s, %s, %s, %s)",
                            users)
            with cur.copy(f"COPY workout_logs ({log_cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in logs:
                    copy.write_row(row)
            with cur.copy(f"COPY logged_sets ({set_cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in sets:
                    copy.write_row(row)
            for table in ("users", "workout_logs", "logged_sets"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
            raw.commit()
            cur.execute("ANALYZE")
        else:
            cur.executemany("INSERT INTO users (id, email, display_name, is_local_default) VALUES (?, ?, ?, ?)", users)
            cur.executemany(f"INSERT INTO workout_logs ({log_cols}) VALUES ({', '.join('?' * 13)})",
                            [(*row[:4], row[4].isoformat(), *row[5:11], row[11].isoformat(), row[12].isoformat())
                             for row in logs])
            cur.executemany(f"INSERT INTO logged_sets ({set_cols}) VALUES ({', '.join('?' * 12)})",
                            [(u, d.isoformat(), *rest) for u, d, *rest in sets])
        raw.commit()
    finally:
        raw.close()
    return person, len(logs), len(sets), time.perf_counter() - t0


# ---------------------------------------------------------------------------- one database


def run_backend(label: str, url: str) -> None:
    """Build the database, measure, and add rows to ROWS."""
    engine = make_engine(url)
    upgrade(engine)
    load_library(SqlCatalog(engine), load_builtin_library())
    person, n_logs, n_sets, seconds = build(engine, random.Random(5))
    print(f"{label}: {n_sets:,} sets in {n_logs:,} logs of {OTHER_USERS + 1:,} people loaded in {seconds:.0f} s",
          flush=True)
    store = SqlLogStore(engine)
    end = FIRST_DAY + timedelta(weeks=52 * YEARS)
    history = store.list(person, FIRST_DAY, end)
    assert len(history) == 1040 and sum(x.set_count for x in history) == 20_800, len(history)

    # Reads: the statistics query against a primary-key probe.
    baseline_table = Table("bench_baseline", MetaData(), Column("id", Integer, primary_key=True),
                           Column("note", String(40)))
    baseline_table.create(engine)
    probe_ids = iter(random.Random(1).choices(range(1, n_logs + 1), k=READS * 40 + 100))

    def probe() -> None:
        with engine.connect() as conn:
            conn.execute(text("SELECT client_id FROM workout_logs WHERE id = :id"), {"id": next(probe_ids)}).scalar()

    pk_select, _ = timed(probe, READS * 20)
    list_p50, list_p90 = timed(lambda: store.list(person, FIRST_DAY, end), READS)
    sets_p50, sets_p90 = timed(lambda: store.sets_between(person, FIRST_DAY, end), READS)
    ROWS.append((label, "store.list(), 5 years: 1,040 logs, 20,800 sets", f"{list_p50:.1f}", f"{list_p90:.1f}",
                 "PK SELECT", f"{pk_select:.3f}", f"{list_p50 / pk_select:,.0f}×"))
    ROWS.append((label, "store.sets_between(), 5 years: 20,800 sets", f"{sets_p50:.1f}", f"{sets_p90:.1f}",
                 "PK SELECT", f"{pk_select:.3f}", f"{sets_p50 / pk_select:,.0f}×"))
    catalog = SqlCatalog(engine)
    for weeks in (12, 260):
        stats_p50, stats_p90 = timed(lambda w=weeks: stats_for(store, catalog, person, end, weeks=w), READS)
        ROWS.append((label, f"stats query (stats_for, {weeks} weeks shown, 5 years read)", f"{stats_p50:.1f}",
                     f"{stats_p90:.1f}", "PK SELECT", f"{pk_select:.3f}", f"{stats_p50 / pk_select:,.0f}×"))

    # Writes: one set through the API against a bare INSERT + COMMIT.
    def insert_one() -> None:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_baseline (note) VALUES (:note)"), {"note": "x"})

    bare_insert, _ = timed(insert_one, WRITES)
    with TestClient(baseline_app) as bare:
        bare_http, _ = timed(lambda: bare.get("/"), WRITES)
    app = create_app(get_settings(database_url=url, local_mode=True))
    counter = iter(range(10**9))

    def body(log_id: str) -> dict[str, Any]:
        day = date(2026, 6, 1) + timedelta(days=next(counter) % 300)
        return {"id": log_id, "date": day.isoformat(),
                "exercises": [{"exercise": "back-squat", "sets": [{"load_kg": 100, "reps": 5, "rir": 2}]}]}

    with TestClient(app) as client:
        def post_new() -> None:
            r = client.post("/api/v1/logs", json=body(str(uuid.uuid4())))
            assert r.status_code == 201, r.text

        same = str(uuid.uuid4())
        client.post("/api/v1/logs", json=body(same))

        def post_again() -> None:
            r = client.post("/api/v1/logs", json=body(same))
            assert r.status_code == 200, r.text

        new_p50, new_p90 = timed(post_new, WRITES, warmup=20)
        again_p50, again_p90 = timed(post_again, WRITES, warmup=20)
    app.state.catalog.engine.dispose()
    ROWS.append((label, "POST /api/v1/logs, 1 set, new id (201)", f"{new_p50:.2f}", f"{new_p90:.2f}",
                 "bare INSERT + COMMIT", f"{bare_insert:.3f}", f"{new_p50 / bare_insert:,.1f}×"))
    ROWS.append((label, "POST /api/v1/logs, 1 set, same id again (200)", f"{again_p50:.2f}", f"{again_p90:.2f}",
                 "bare INSERT + COMMIT", f"{bare_insert:.3f}", f"{again_p50 / bare_insert:,.1f}×"))
    ROWS.append((label, "(context) GET / of a bare Starlette app, in process", f"{bare_http:.2f}", "",
                 "bare INSERT + COMMIT", f"{bare_insert:.3f}", f"{bare_http / bare_insert:,.1f}×"))
    engine.dispose()


def main() -> int:
    """Run on SQLite, and on PostgreSQL when it is reachable; print a markdown table."""
    with tempfile.TemporaryDirectory() as tmp:
        run_backend("SQLite", f"sqlite:///{Path(tmp) / 'logs.db'}")
    try:
        import psycopg

        name = f"tw_bench_logs_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        print(f"PostgreSQL skipped (not reachable at {PG_ADMIN}): {str(exc).strip().splitlines()[0]}")
    else:
        try:
            base = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            run_backend("PostgreSQL", f"{base}/{name}")
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"\nLogging with {TOTAL_SETS:,} sets in the database (p50 and p90 in ms; the ratio is p50 to the "
          "baseline measured in the same run)\n")
    print("| database | operation | p50 ms | p90 ms | baseline | baseline p50 ms | ratio |\n|---|---|---|---|---|---|---|")
    for row in ROWS:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
