"""Locust: simulated people logging workouts and reading their plans (run by `make load`).

Each simulated person signs up and logs in with a bearer token when the server has accounts
(``POST /api/v1/users`` is in its OpenAPI document), or uses the server's single-person local
mode when it has none. Then it saves a plan of its own and loops: read the plan, log a set,
read its statistics. A set is logged the way the today screen does it: the session's log is
sent again with one more set under the same client id, so a re-sent log replaces the earlier
one (idempotent) and never duplicates a set. Only this file's requests are measured.
"""

from __future__ import annotations

import itertools
import json
import urllib.request
import uuid
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, events, task

SETS_PER_SESSION = 12
PROFILES = [
    {"goal": "general_fitness", "level": "beginner", "days_per_week": 3, "session_minutes": 45,
     "equipment": ["dumbbells", "bench"], "equipment_specs": {"dumbbells_kg": [4, 6, 8, 10, 12, 14, 16]}},
    {"goal": "strength", "level": "intermediate", "days_per_week": 4, "session_minutes": 60,
     "equipment": ["barbell", "rack", "bench", "dumbbells"], "equipment_specs": {"dumbbells_kg": [5, 10, 15, 20]}},
    {"goal": "lower_back_strength", "level": "beginner", "days_per_week": 3, "session_minutes": 40,
     "equipment": ["dumbbells", "exercise_ball", "mat"], "equipment_specs": {"dumbbells_kg": [4, 6, 8, 10]},
     "conditions": [{"code": "chronic_lbp"}]},
]
_numbers = itertools.count()
SERVER: dict[str, bool] = {"accounts": False}


@events.test_start.add_listener
def _detect_accounts(environment: Any, **_kwargs: Any) -> None:
    """Read the OpenAPI document once, before anyone starts: accounts when POST /users exists."""
    with urllib.request.urlopen(f"{environment.host}/api/v1/openapi.json", timeout=30) as answer:
        paths = json.load(answer).get("paths", {})
    SERVER["accounts"] = "post" in paths.get("/users", {})
    print("accounts: sign up and use bearer tokens" if SERVER["accounts"] else "no accounts: local mode")


def _expect(response: Any, *codes: int) -> Any:
    """Mark a response with another status as failed (with the start of its body)."""
    if response.status_code not in codes:
        response.failure(f"{response.status_code}: {response.text[:200]}")
    else:
        response.success()
    return response


class Person(HttpUser):
    """One person training with trainwise."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        number = next(_numbers)
        self.person = uuid.uuid4().hex[:12]
        self.headers: dict[str, str] = {}
        if SERVER["accounts"]:
            self._sign_up()
        profile = {**PROFILES[number % len(PROFILES)], "id": f"load-{self.person}"}
        monday = date.today() - timedelta(days=date.today().weekday())
        with self.client.post("/api/v1/plans", json={"profile": profile, "start": monday.isoformat()},
                              headers=self.headers, name="POST /api/v1/plans", catch_response=True) as r:
            _expect(r, 201)
            plan = r.json() if r.status_code == 201 else {}
        self.plan_id = plan.get("id")
        self.sessions = [s for w in plan.get("weeks", []) for s in w["sessions"] if s["exercises"]]
        self.session_no = 0
        self.sets: list[dict[str, Any]] = []

    def _sign_up(self) -> None:
        email, password = f"load-{self.person}@example.com", f"pw-{uuid.uuid4().hex}"
        with self.client.post("/api/v1/users", json={"email": email, "password": password},
                              name="POST /api/v1/users", catch_response=True) as r:
            _expect(r, 201)
        with self.client.post("/api/v1/auth/token", data={"username": email, "password": password},
                              name="POST /api/v1/auth/token", catch_response=True) as r:
            _expect(r, 200)
            if r.status_code == 200:
                self.headers = {"Authorization": f"Bearer {r.json()['access_token']}"}

    @task(3)
    def read_plan(self) -> None:
        if self.plan_id:
            with self.client.get(f"/api/v1/plans/{self.plan_id}", headers=self.headers,
                                 name="GET /api/v1/plans/{id}", catch_response=True) as r:
                _expect(r, 200)

    @task(3)
    def log_a_set(self) -> None:
        if not self.sessions:
            return
        session = self.sessions[self.session_no % len(self.sessions)]
        exercise = session["exercises"][len(self.sets) % len(session["exercises"])]
        self.sets.append({"exercise": exercise["id"], "reps": 8, "load_kg": 10 + len(self.sets), "rir": 2})
        by_exercise: dict[str, list[dict[str, Any]]] = {}
        for s in self.sets:
            by_exercise.setdefault(s["exercise"], []).append({k: v for k, v in s.items() if k != "exercise"})
        log = {"id": f"{self.person}-{self.session_no}", "plan_id": self.plan_id, "date": session["date"],
               "exercises": [{"exercise": slug, "sets": sets} for slug, sets in by_exercise.items()]}
        with self.client.post("/api/v1/logs", json=log, headers=self.headers, name="POST /api/v1/logs",
                              catch_response=True) as r:
            _expect(r, 200, 201)
        if len(self.sets) >= SETS_PER_SESSION:  # the session is done: the next one starts
            self.session_no += 1
            self.sets = []

    @task(1)
    def read_stats(self) -> None:
        with self.client.get("/api/v1/stats", headers=self.headers, name="GET /api/v1/stats",
                             catch_response=True) as r:
            _expect(r, 200)
