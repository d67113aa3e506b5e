"""Search latency at library scale (150 built-in, 10,000 synthetic) on SQLite and PostgreSQL.

Every figure is reported as a ratio to a plain indexed lookup (SELECT id WHERE slug = ?)
measured in the same run on the same database, so machines of different speed compare.
Run with `make bench`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from trainwise.domain.search import ExerciseQuery
from trainwise.library.loader import load_builtin_library
from trainwise.services import catalog as svc
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import upgrade

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
QUERIES: dict[str, ExerciseQuery] = {
    "text 'back extension'": ExerciseQuery(text="back extension", limit=20),
    "typo 'back extention'": ExerciseQuery(text="back extention", limit=20),
    "text + filters": ExerciseQuery(
        text="squat", equipment=("dumbbells", "bench"), levels=("beginner", "intermediate"), limit=20
    ),
    "filters only": ExerciseQuery(muscles=("glutes", "hamstrings"), equipment=("exercise_ball",), limit=20),
}


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds (after two warm-up calls)."""
    fn()
    fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def synthetic(n: int) -> list:  # type: ignore[type-arg]
    """n exercises: the built-in library plus renamed copies (variant k of each)."""
    base = list(load_builtin_library())
    out = list(base)
    k = 0
    while len(out) < n:
        e = base[k % len(base)]
        i = k // len(base) + 1
        out.append(replace(e, slug=f"{e.slug}-v{i}", name=f"{e.name} variant {i}", aliases=()))
        k += 1
    return out


ROWS: list[tuple[str, ...]] = []


def run_backend(label: str, url: str, console: Console, table: Table) -> None:
    """Measure one database at both scales and add rows to the table."""
    engine = make_engine(url)
    upgrade(engine)
    repo = SqlCatalog(engine)
    for size in (len(load_builtin_library()), 10_000):
        repo.upsert(synthetic(size))
        baseline = timed(lambda: repo.indexed_lookup("bird-dog"), 300)
        for name, q in QUERIES.items():
            ms = timed(lambda q=q: svc.search_exercises(repo, q), 30)  # type: ignore[misc]
            row = (label, f"{repo.count():,}", name, f"{ms:.2f}", f"{baseline:.3f}", f"{ms / baseline:.0f}x")
            table.add_row(*row)
            ROWS.append(row)
        console.print(f"[dim]{label}: {repo.count()} exercises measured[/dim]")
    engine.dispose()


def main() -> int:
    """Run the benchmark on SQLite, and on PostgreSQL when it is reachable."""
    console = Console()
    table = Table(title="Search latency (median ms) vs an indexed slug lookup in the same run")
    for col in ("database", "exercises", "query", "search ms", "lookup ms", "ratio"):
        table.add_column(col)
    with tempfile.TemporaryDirectory() as tmp:
        run_backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", console, table)
    try:
        import psycopg

        name = f"tw_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            run_backend("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", console, table)
        finally:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError as exc:
        console.print(f"PostgreSQL skipped: {exc}")
    console.print(table)
    print("\n| database | exercises | query | search ms | lookup ms | ratio |\n|---|---|---|---|---|---|")
    for row in ROWS:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
