"""GET /api/v1/stats and /api/v1/stats/exercises/{slug} over stored logs (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.e2e.stats_sample import monday, session_dates, store_sample
from trainwise.app import create_app
from trainwise.config import get_settings


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    """The app over a database holding the sample logs and a plan started 4 weeks ago."""
    engine = app_client.app.state.catalog.engine  # type: ignore[attr-defined]
    app_client.plan_id = store_sample(engine, date.today())  # type: ignore[attr-defined]
    return app_client


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over a fresh database with no logs and no plans."""
    app = create_app(get_settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('empty') / 'e.db'}", local_mode=True))
    with TestClient(app) as c:
        yield c
    app.state.catalog.engine.dispose()


def test_stats_with_nothing_logged(empty: TestClient) -> None:
    r = empty.get("/api/v1/stats")
    assert r.status_code == 200
    data = r.json()
    assert len(data["weeks"]) == 12
    assert data["weeks"][-1]["start"] == monday(date.today()).isoformat()
    assert data["e1rm"] == [] and data["records"] == [] and data["pain"] == []
    assert data["adherence"]["total_sessions"] == 0 and data["adherence"]["current_streak"] == 0
    assert data["plan_id"] is None and data["adherence"]["planned"] is None
    groups = data["volume"]["groups"]
    assert [g["group"] for g in groups] == ["chest", "upper_back", "shoulders", "quadriceps", "hamstrings",
                                            "glutes", "trunk"]
    assert data["volume"]["band"] == [4, 10] and data["volume"]["band_source"] == "general"


def test_stats_of_the_sample(client: TestClient) -> None:
    r = client.get("/api/v1/stats")
    assert r.status_code == 200
    assert "max-age" not in r.headers.get("cache-control", "")
    data = r.json()
    squat = next(t for t in data["e1rm"] if t["exercise"] == "back-squat")
    assert squat["name"] == "Back Squat"
    # 60 x 5 at RIR 2 (r_eff 7): Epley 74, Brzycki 72 -> 73; 90 x 5 -> 109.5.
    assert [p["e1rm_kg"] for p in squat["points"]][::6] == [73.0, 109.5]
    assert squat["direction"] == "up" and squat["change_pct"] == 50.0
    assert {t["exercise"] for t in data["e1rm"]} == {"back-squat", "barbell-bench-press"}  # push-ups: body weight
    records = {r["exercise"]: r for r in data["records"]}
    today_monday = monday(date.today()).isoformat()
    assert records["back-squat"]["heaviest"] == {"kind": "heaviest", "value": 90.0, "unit": "kg", "date": today_monday,
                                                 "load_kg": 90.0, "reps": 5, "low_confidence": False}
    assert records["back-squat"]["most_volume"]["value"] == 1350.0
    assert records["push-up"]["reps_at_load"] == [{"kind": "reps_at_load", "value": 16.0, "unit": "reps",
                                                   "date": today_monday, "load_kg": None, "reps": 16,
                                                   "low_confidence": False}]
    volume = data["volume"]
    assert volume["band_source"] == "profile" and volume["band"] == [10, 20] and volume["cap"] == 25
    quads = next(g for g in volume["groups"] if g["group"] == "quadriceps")
    # Two sessions (3 hard sets of squats each) in the week 4 weeks ago.
    assert quads["weeks"][-5:] == [6.0, 3.0, 6.0, 3.0, 3.0]
    assert quads["statuses"][-5:] == ["below"] * 5
    assert quads["average"] == 4.5 and volume["full_weeks"] == 4
    chest = next(g for g in volume["groups"] if g["group"] == "chest")
    assert chest["weeks"][-1] == 5.0  # bench 3 + push-ups 2 (no RIR: hard)
    adherence = data["adherence"]
    assert data["plan_id"] == client.plan_id  # type: ignore[attr-defined]
    assert adherence["sessions"][-5:] == [2, 1, 2, 1, 1]
    assert adherence["planned"][-5:] == [3, 3, 0, 0, 0]
    assert adherence["rate"] == 0.5 and adherence["plan_streak"] == 0
    assert (adherence["current_streak"], adherence["longest_streak"], adherence["total_sessions"]) == (5, 5, 7)
    assert adherence["last_session"] == max(session_dates(date.today())).isoformat()
    back = next(p for p in data["pain"] if p["region"] == "lower_back")
    assert back["during_mean"][-5:] == [3.5, 2.0, 0.5, 0.0, 0.0]
    assert back["during_max"][-5:] == [4, 2, 1, 0, 0]
    assert back["morning_mean"][-5:] == [2.5, 1.0, 0.0, 0.0, 0.0]


def test_weeks_narrows_the_window(client: TestClient) -> None:
    data = client.get("/api/v1/stats", params={"weeks": 2}).json()
    assert len(data["weeks"]) == 2
    squat = next(t for t in data["e1rm"] if t["exercise"] == "back-squat")
    assert len(squat["points"]) == 2
    assert data["adherence"]["total_sessions"] == 7  # records and streaks stay all time
    assert len(next(r for r in data["records"] if r["exercise"] == "back-squat")["reps_at_load"]) == 7


@pytest.mark.parametrize("weeks", ["0", "521", "many"])
def test_bad_weeks_is_422_naming_it(client: TestClient, weeks: str) -> None:
    r = client.get("/api/v1/stats", params={"weeks": weeks})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "weeks"]


def test_unknown_plan_is_404(client: TestClient) -> None:
    r = client.get("/api/v1/stats", params={"plan_id": "nope"})
    assert r.status_code == 404
    assert r.json() == {"detail": "no saved plan with id 'nope'"}


def test_one_exercise(client: TestClient) -> None:
    r = client.get("/api/v1/stats/exercises/back-squat")
    assert r.status_code == 200
    data = r.json()
    assert (data["exercise"], data["name"]) == ("back-squat", "Back Squat")
    assert len(data["trend"]["points"]) == 7 and data["trend"]["best"]["e1rm_kg"] == 109.5
    assert data["records"]["best_e1rm"]["value"] == 109.5
    whole = client.get("/api/v1/stats").json()
    assert data["trend"] == next(t for t in whole["e1rm"] if t["exercise"] == "back-squat")
    assert client.get("/api/v1/stats/exercises/Back Squat").json()["exercise"] == "back-squat"  # a name works
    assert len(client.get("/api/v1/stats/exercises/back-squat", params={"weeks": 1}).json()["trend"]["points"]) == 1


def test_an_exercise_never_logged_is_empty_and_an_unknown_one_is_404(client: TestClient) -> None:
    data = client.get("/api/v1/stats/exercises/bird-dog").json()
    assert data["trend"]["points"] == [] and data["records"] is None and data["name"] == "Bird Dog"
    r = client.get("/api/v1/stats/exercises/back-squatt")
    assert r.status_code == 404
    body = r.json()
    assert body["detail"].startswith("unknown exercise 'back-squatt'")
    assert "back-squat" in body["suggestions"]


def test_openapi_documents_the_stats_routes(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/stats" in paths and "/stats/exercises/{slug}" in paths
    params = {p["name"] for p in paths["/stats"]["get"]["parameters"]}
    assert {"weeks", "plan_id"} <= params


def test_a_log_dated_tomorrow_is_left_out(client: TestClient) -> None:
    """A log dated tomorrow (a clock ahead on the phone) is left out until its day."""
    from trainwise.domain.logs import LoggedExercise, LoggedSet, WorkoutLog
    from trainwise.storage.logs import SqlLogStore
    from trainwise.storage.users import local_user_id

    engine = client.app.state.catalog.engine  # type: ignore[attr-defined]
    store = SqlLogStore(engine)
    user = local_user_id(engine)
    tomorrow = WorkoutLog("stats-tomorrow", date.today() + timedelta(days=1),
                          (LoggedExercise("back-squat", (LoggedSet(200, 5, None, 0, None, "working"),)),))
    store.put(user, tomorrow)
    try:
        data = client.get("/api/v1/stats").json()
        assert data["adherence"]["total_sessions"] == 7
        assert next(r for r in data["records"] if r["exercise"] == "back-squat")["heaviest"]["value"] == 90.0
    finally:
        store.delete(user, "stats-tomorrow")
