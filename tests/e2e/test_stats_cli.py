"""`trainwise stats` and `trainwise stats exercise SLUG` as a user runs them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.cli_runner import run
from tests.e2e.stats_sample import store_sample
from trainwise.app import create_app
from trainwise.cli import common
from trainwise.config import get_settings
from trainwise.storage.engine import make_engine


@pytest.fixture(scope="module")
def db(loaded_url: str) -> tuple[str, str | None]:
    """A loaded database with the sample logs and a plan; (URL, plan id)."""
    engine = make_engine(loaded_url)
    try:
        plan_id = store_sample(engine, date.today())
    finally:
        engine.dispose()
    return loaded_url, plan_id


def test_summary_prints_every_table(capsys: pytest.CaptureFixture[str], db: tuple[str, str | None],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common.console, "width", 160)  # wide tables, whatever the terminal
    code, out, err = run(capsys, "stats", "--db", db[0])
    assert code == 0, err
    for title in ("At a glance", "Estimated 1RM (kg)", "Weekly hard sets per muscle group (band 10–20",
                  "Sessions per week", "Pain (0–10) per week", "Personal records (all time)"):
        assert title in out, title
    assert "5 weeks in a row (longest 5)" in out
    assert "50 % of 6 planned sessions" in out
    assert "▁▂▃▅▆▇█" in out  # the e1RM curve of the squat
    assert "+50 %" in out and "below the" in out and "no band" in out  # (the status may wrap)
    assert "90 kg × 5" in out and "16 reps at body weight" in out and "1350 kg" in out
    assert "3.5 / 4" in out  # lower-back pain 4 weeks ago: mean / worst


def test_json_is_the_api_object(capsys: pytest.CaptureFixture[str], db: tuple[str, str | None]) -> None:
    code, out, err = run(capsys, "stats", "--json", "--weeks", "6", "--db", db[0])
    assert code == 0, err
    data = json.loads(out)  # stdout is the JSON and nothing else
    assert len(data["weeks"]) == 6 and data["plan_id"] == db[1]
    app = create_app(get_settings(database_url=db[0], local_mode=True))
    try:
        with TestClient(app) as client:
            assert client.get("/api/v1/stats", params={"weeks": 6}).json() == data
            code, out, _ = run(capsys, "stats", "exercise", "back-squat", "--json", "--db", db[0])
            assert json.loads(out) == client.get("/api/v1/stats/exercises/back-squat").json()
    finally:
        app.state.catalog.engine.dispose()
    code, out, err = run(capsys, "stats", "--json", "--plan", str(db[1]), "--db", db[0])
    assert code == 0 and json.loads(out)["adherence"]["rate"] == 0.5


def test_one_exercise_by_name(capsys: pytest.CaptureFixture[str], db: tuple[str, str | None],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common.console, "width", 160)  # wide tables, whatever the terminal
    code, out, err = run(capsys, "stats", "exercise", "back squat", "--weeks", "3", "--db", db[0])
    assert code == 0, err
    assert out.startswith("Back Squat (back-squat)")
    assert "Best set of each session" in out and "90 kg × 5 @ RIR 2" in out
    assert "75 kg × 5 @ RIR 2" in out and "70 kg × 5 @ RIR 2" not in out  # 3 weeks of sessions
    assert "Most reps at each load" in out and "60 kg" in out  # records: all time
    code, out, err = run(capsys, "stats", "exercise", "bird-dog", "--db", db[0])
    assert code == 0 and "Not logged yet." in out


@pytest.mark.parametrize(("args", "message"), [
    (("stats", "exercise", "back squatt"), "error: unknown exercise 'back squatt'; did you mean back-squat"),
    (("stats", "--weeks", "0"), "error: Invalid value for '--weeks'"),
    (("stats", "--weeks", "many"), "error: Invalid value for '--weeks'"),
    (("stats", "--plan", "nope"), "error: no saved plan with id 'nope'"),
    (("stats", "exercise"), "error: Missing argument 'SLUG'"),
])
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: tuple[str, str | None],
                                          args: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, *args, "--db", db[0])
    assert code == 2
    assert err.startswith(message), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out == ""


def test_nothing_logged_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, out, err = run(capsys, "stats", "--db", url)
    assert code == 0, err
    assert "Nothing logged yet" in out and "trainwise log add" in out
    code, out, _ = run(capsys, "stats", "--json", "--db", url)
    assert json.loads(out)["adherence"]["total_sessions"] == 0
