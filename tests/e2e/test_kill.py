"""Nothing lost: SIGKILL the server while clients log sets; every acknowledged set must be stored.

`trainwise serve` runs as a subprocess (its own process group, two workers) on a SQLite file or a
PostgreSQL database. Client threads POST /api/v1/logs with unique ids as fast as they can; after
about 1.5 s the whole process group gets SIGKILL. Then the database is opened directly: every log
that got a 2xx answer must be there with exactly its sets, and no log anywhere may be half
written (a row without all of its sets). Finally the server is started again on the same database
and must serve (recovery).

The negative control runs the same scenario against a server whose log store answers before it
commits (the commit happens 0.3 s later on a timer): the checker must report acknowledged logs
as lost, which shows the test can fail.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.e2e.live_server import free_port
from trainwise.storage.engine import make_engine

pytestmark = pytest.mark.e2e

CLIENTS = 6
LOAD_SECONDS = 1.5
EXERCISES = ("deadlift", "goblet-squat", "front-plank")

LYING_SERVER = """
import sys, threading
from trainwise.storage import logs

_put_once = logs.SqlLogStore._put_once

def acknowledge_then_commit(self, user_id, log):
    threading.Timer(0.3, _put_once, (self, user_id, log)).start()
    return True

logs.SqlLogStore._put_once = acknowledge_then_commit
from trainwise.cli import main
main(sys.argv[1:])
"""


@functools.cache
def _serve_args() -> tuple[str, ...]:
    """`serve --local` where single-person mode exists (accounts work), plain `serve` before it."""
    helped = subprocess.run([sys.executable, "-m", "trainwise", "serve", "--help"], capture_output=True,
                            text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    return ("serve", "--local") if "--local" in helped.stdout else ("serve",)


def _env() -> dict[str, str]:
    return {**os.environ, "TRAINWISE_LOCAL": "true", "TRAINWISE_ENV": "test"}


class Server:
    """`trainwise serve` in its own process group."""

    def __init__(self, url: str, log: Path, *, workers: int = 2, code: str | None = None) -> None:
        self.port = free_port()
        launcher = ["-c", code] if code else ["-m", "trainwise"]
        args = [sys.executable, *launcher, *_serve_args(), "--port", str(self.port), "--db", url,
                "--workers", str(workers)]
        self.log = log
        self._out = log.open("ab")
        self.proc = subprocess.Popen(args, stdout=self._out, stderr=subprocess.STDOUT, env=_env(),
                                     start_new_session=True)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                status, _ = self.request("GET", "/api/v1/logs")
                if status < 500:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start within 60 s")

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, None if body is None else json.dumps(body),
                         {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, json.loads(data) if data.startswith((b"{", b"[")) else data
        finally:
            conn.close()

    def kill(self) -> None:
        """SIGKILL to every process of the server (the supervisor and its workers)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._out.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=20)
        self._out.close()


def make_log(run: str, client: int, i: int) -> dict[str, Any]:
    """A log with a unique id, one to three exercises of one or two sets, values easy to check."""
    exercises = [
        {"exercise": EXERCISES[k], "sets": [
            {"load_kg": 20 + client + i * 0.25 + k + s / 8, "reps": 1 + (i + s) % 12, "rir": (i + k) % 4,
             "type": "working"} for s in range(1 + (i + k) % 2)]}
        for k in range(1 + i % 3)
    ]
    day = date(2030, 1, 1) + timedelta(days=i % 365)
    return {"id": f"{run}-c{client}-{i}", "date": day.isoformat(), "exercises": exercises,
            "notes": f"client {client} log {i}"}


def expected_sets(log: dict[str, Any]) -> list[tuple[Any, ...]]:
    """The logged_sets rows a log must have: (exercise, order, set_no, load_kg, reps, rir, type)."""
    return [(ex["exercise"], order, no, s["load_kg"], s["reps"], float(s["rir"]), s["type"])
            for order, ex in enumerate(log["exercises"], 1) for no, s in enumerate(ex["sets"], 1)]


@dataclass
class Outcome:
    """What the clients saw."""

    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)
    cut_off: list[str] = field(default_factory=list)
    """Requests in flight when the server died (no answer): they may or may not be stored."""
    refused: list[tuple[int, Any]] = field(default_factory=list)


def hammer(server: Server, run: str) -> Outcome:
    """CLIENTS threads logging as fast as they can; SIGKILL after LOAD_SECONDS."""
    outcome = Outcome()
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        conn: http.client.HTTPConnection | None = None
        i = 0
        while not stop.is_set():
            log = make_log(run, n, i)
            i += 1
            with lock:
                outcome.sent[log["id"]] = log
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                conn.request("POST", "/api/v1/logs", json.dumps(log), {"Content-Type": "application/json"})
                resp = conn.getresponse()
                body = resp.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    outcome.cut_off.append(log["id"])
                if conn is not None:
                    conn.close()
                return  # the server is gone
            with lock:
                if 200 <= resp.status < 300:
                    outcome.acknowledged[log["id"]] = log
                else:
                    outcome.refused.append((resp.status, body[:300]))

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(LOAD_SECONDS)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    return outcome


def stored(url: str, run: str) -> dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """The logs of this run as the database holds them: {client id: ((date, notes), [set rows])}."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            logs = conn.execute(text("SELECT id, client_id, date, notes FROM workout_logs WHERE client_id LIKE :p"),
                                {"p": f"{run}-%"}).all()
            sets = conn.execute(text(
                "SELECT s.log_pk, s.exercise, s.exercise_order, s.set_no, s.load_kg, s.reps, s.rir, s.type "
                "FROM logged_sets s JOIN workout_logs l ON l.id = s.log_pk WHERE l.client_id LIKE :p "
                "ORDER BY s.log_pk, s.exercise_order, s.set_no"), {"p": f"{run}-%"}).all()
            orphans = conn.execute(text(
                "SELECT count(*) FROM logged_sets s WHERE NOT EXISTS "
                "(SELECT 1 FROM workout_logs l WHERE l.id = s.log_pk)")).scalar_one()
    finally:
        engine.dispose()
    assert orphans == 0, "sets without their log"
    by_pk: dict[int, list[tuple[Any, ...]]] = {}
    for pk, *rest in sets:
        by_pk.setdefault(pk, []).append(tuple(rest))
    return {client_id: ((str(day)[:10], notes), by_pk.get(pk, [])) for pk, client_id, day, notes in logs}


def problems(outcome: Outcome, db: dict[str, tuple[tuple[Any, ...], list[tuple[Any, ...]]]]) -> list[str]:
    """Everything wrong: acknowledged logs missing or altered, logs stored half-written."""
    found: list[str] = []
    for log_id in outcome.acknowledged:
        if log_id not in db:
            found.append(f"acknowledged log {log_id} is lost")
    for log_id, (head, sets) in db.items():
        log = outcome.sent.get(log_id)
        if log is None:
            found.append(f"log {log_id} was never sent")
            continue
        if head != (log["date"], log["notes"]) or sets != expected_sets(log):
            found.append(f"log {log_id} is stored half-written or altered: {head} {sets}")
    return found


def test_every_acknowledged_set_survives_sigkill(db_url: str, tmp_path: Path) -> None:
    """On a file SQLite database, and on PostgreSQL (required in CI)."""
    url = db_url
    run = f"k{time.monotonic_ns()}"
    server = Server(url, tmp_path / "server.log")
    try:
        outcome = hammer(server, run)
    finally:
        server.stop()
    assert not outcome.refused, f"the server refused logs: {outcome.refused[:3]}"
    assert len(outcome.acknowledged) >= 20, f"too few logs acknowledged to mean anything: {len(outcome.acknowledged)}"
    assert outcome.cut_off, "SIGKILL came while no request was in flight"

    db = stored(url, run)
    print(f"{len(outcome.acknowledged)} logs acknowledged, {len(outcome.cut_off)} cut off by SIGKILL, "
          f"{len(db)} stored")
    assert problems(outcome, db) == []
    stored_sets = sum(len(sets) for _, sets in db.values())
    assert stored_sets >= sum(len(expected_sets(log)) for log in outcome.acknowledged.values())

    # Recovery: the same database serves again, with every acknowledged log readable.
    again = Server(url, tmp_path / "server.log")
    try:
        some = sorted(outcome.acknowledged)[-1]
        status, body = again.request("GET", f"/api/v1/logs/{some}")
        assert status == 200 and body["exercises"][0]["sets"][0]["load_kg"] == \
            outcome.acknowledged[some]["exercises"][0]["sets"][0]["load_kg"]
        status, body = again.request("POST", "/api/v1/logs", make_log(run, 99, 0))
        assert status == 201, body
    finally:
        again.stop()


def test_the_check_catches_a_server_that_acknowledges_before_committing(tmp_path: Path) -> None:
    """Negative control: a store that answers first and commits 0.3 s later loses acknowledged logs."""
    url = f"sqlite:///{tmp_path / 'lying.db'}"
    run = f"lie{time.monotonic_ns()}"
    server = Server(url, tmp_path / "server.log", workers=1, code=LYING_SERVER)
    try:
        outcome = hammer(server, run)
    finally:
        server.stop()
    assert len(outcome.acknowledged) >= 20
    found = problems(outcome, stored(url, run))
    print(f"{len(outcome.acknowledged)} acknowledged, {sum('is lost' in p for p in found)} lost")
    assert any("is lost" in p for p in found), "the check missed acknowledged logs that were never committed"
