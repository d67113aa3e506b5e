"""`make load`: 50 simulated people for 60 s against `trainwise serve --workers 2` on PostgreSQL.

Creates a fresh PostgreSQL database (skips with a message when the server is unreachable),
starts `trainwise serve --workers 2` on a free loopback port, runs bench/load/locustfile.py
headless with locust (50 users, 10 new per second, 60 s), then prints p50 and p95 per request
type from locust's stats CSV with the error count, and exits 1 if any request failed. All
traffic goes to 127.0.0.1; the run is bounded by its duration.

Options (environment): TRAINWISE_LOAD_PG (admin URL, default
postgresql://postgres@127.0.0.1:5432/postgres), TRAINWISE_LOAD_USERS (50),
TRAINWISE_LOAD_SECONDS (60), TRAINWISE_LOAD_WORKERS (2).
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
PG_ADMIN_URL = os.environ.get("TRAINWISE_LOAD_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
USERS = int(os.environ.get("TRAINWISE_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("TRAINWISE_LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("TRAINWISE_LOAD_WORKERS", "2"))
SPAWN_RATE = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_database() -> tuple[str, str] | None:
    """A fresh empty database: (SQLAlchemy URL, name), or None when PostgreSQL is unreachable."""
    try:
        import psycopg

        name = f"tw_load_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        print(f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__}): skipping the load test")
        return None
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{name}", name


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`trainwise serve --workers N` with accounts (a random secret key); waits until it answers."""
    env = {**os.environ, "TRAINWISE_DATABASE_URL": url, "TRAINWISE_SECRET_KEY": secrets.token_urlsafe(48)}
    env.pop("TRAINWISE_LOCAL", None)
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "trainwise", "serve", "--port", str(port),
                                 "--workers", str(WORKERS)], env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"trainwise serve exited:\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("trainwise serve did not start within 120 s")


def _locust(port: int, prefix: Path) -> int:
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    if locust is None:
        raise RuntimeError("locust is not installed: pip install -c constraints.txt -e '.[load]'")
    cmd = [locust, "-f", str(HERE / "locustfile.py"), "--headless", "--users", str(USERS),
           "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{SECONDS}s", "--host", f"http://127.0.0.1:{port}",
           "--csv", str(prefix), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    return subprocess.run(cmd, check=False, timeout=SECONDS + 120).returncode


def report(stats_csv: Path) -> int:
    """Print p50/p95 per request type and the errors; returns the number of failed requests."""
    rows = list(csv.DictReader(stats_csv.open()))
    print(f"\n{USERS} simulated people, {SECONDS} s, `trainwise serve --workers {WORKERS}` on PostgreSQL\n")
    print("| request | count | failures | p50 ms | p95 ms | p99 ms | max ms | req/s |")
    print("|---|---|---|---|---|---|---|---|")
    failures = 0
    for row in rows:
        name = "**all requests**" if row["Name"] == "Aggregated" else row["Name"]
        failures += int(row["Failure Count"]) if row["Name"] != "Aggregated" else 0
        print(f"| {name} | {int(row['Request Count']):,} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
              f"| {row['99%']} | {float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |")
    print(f"\nerrors: {failures}")
    return failures


def main() -> int:
    """Run the load test once; 0 when every request succeeded (or PostgreSQL is absent)."""
    database = _pg_database()
    if database is None:
        return 0
    url, name = database
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        try:
            server = _serve(url, port, log)
            try:
                code = _locust(port, Path(tmp) / "load")
            finally:
                server.terminate()
                server.wait(timeout=30)
            failures = report(Path(tmp) / "load_stats.csv")
            if failures or code != 0:
                for kind in ("failures", "exceptions"):
                    found = Path(tmp) / f"load_{kind}.csv"
                    if found.exists():
                        print(f"{kind}:\n{found.read_text()[:3000]}")
                print(f"server log (tail):\n{log.read_text()[-3000:]}")
        finally:
            _drop(name)
    return 1 if failures or code != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
