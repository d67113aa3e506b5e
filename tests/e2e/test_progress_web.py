"""The progress page in process: empty state, chart data, text alternatives, exercise picker."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.e2e.stats_sample import store_sample
from trainwise import __version__
from trainwise.app import create_app
from trainwise.config import get_settings


@pytest.fixture(scope="module")
def client(app_client: TestClient) -> TestClient:
    store_sample(app_client.app.state.catalog.engine, date.today())  # type: ignore[attr-defined]
    return app_client


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(get_settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('empty') / 'e.db'}", local_mode=True))
    with TestClient(app) as c:
        yield c
    app.state.catalog.engine.dispose()


def chart_data(html: str, name: str) -> Any:
    found = re.search(rf'<script type="application/json" id="data-{name}">(.*?)</script>', html, re.DOTALL)
    assert found, f"no chart data for {name}"
    return json.loads(found.group(1))


def test_empty_state_points_to_logging_a_workout(empty: TestClient) -> None:
    r = empty.get("/progress")
    assert r.status_code == 200
    html = r.text
    assert "<title>Your progress — trainwise</title>" in html
    assert "Nothing logged yet" in html
    assert '<a class="button" href="/today">Log a workout</a>' in html
    assert "export.csv" not in html  # nothing to export yet
    assert "<canvas" not in html and "progress.js" not in html and "chart-4" not in html
    assert '<a href="/progress">Progress</a>' in html  # in the site navigation


def test_page_has_chart_data_and_text_alternatives(client: TestClient) -> None:
    r = client.get("/progress")
    assert r.status_code == 200
    html = r.text
    e1rm = chart_data(html, "e1rm")
    assert [s["label"] for s in e1rm["series"]] == ["Back Squat", "Barbell Bench Press"]
    assert [p["y"] for p in e1rm["series"][0]["points"]][::6] == [73.0, 109.5]
    volume = chart_data(html, "volume")
    assert volume["labels"][:7] == ["Chest", "Upper back", "Shoulders", "Quadriceps", "Hamstrings", "Glutes", "Trunk"]
    assert volume["band"][0] == [10, 20] and volume["full_weeks"] == 4
    sessions = chart_data(html, "sessions")
    api = client.get("/api/v1/stats").json()
    assert sessions["logged"] == api["adherence"]["sessions"]  # the same numbers as the API
    assert sessions["planned"] == api["adherence"]["planned"]
    pain = chart_data(html, "pain")
    assert [s["label"] for s in pain["series"]] == ["Lower back, during", "Lower back, next morning"]
    assert pain["series"][0]["data"][-5:] == [3.5, 2.0, 0.5, 0.0, 0.0]
    # Every chart: an accessible name that summarises it, and a table of its numbers.
    canvases = re.findall(r'<canvas id="chart-(\w+)" data-chart="\w+" data-source="data-\w+" role="img" '
                          r'aria-label="([^"]+)"', html)
    assert [c[0] for c in canvases] == ["e1rm", "volume", "sessions", "pain"]
    labels = dict(canvases)
    assert "Back Squat: estimated 1RM rose from 73 kg to 109.5 kg (+50 %) over 7 sessions." in labels["e1rm"]
    assert "against a target band of 10–20 hard sets a week" in labels["volume"]
    assert "7 sessions logged in the last 12 weeks" in labels["sessions"] and "50 % of the planned" in labels["sessions"]
    assert "Lower back from 3.5 to 0 during sessions" in labels["pain"]
    assert html.count('<details class="chart-table">') == 2 + 2 + 1 + 1
    assert "<td>90 kg × 5 @ RIR 2</td>" in html
    assert '<span class="status status-below">below the band</span>' in html
    # At a glance, records and the export link.
    assert "<dt>Streak</dt><dd>5 wk</dd>" in html and "<dt>Plan done</dt><dd>50 %</dd>" in html
    assert "1350 kg lifted in the session" in html
    assert "16 reps at body weight" in html
    assert 'href="/api/v1/logs/export.csv"' in html
    export = client.get("/api/v1/logs/export.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")


def test_no_inline_script(client: TestClient) -> None:
    html = client.get("/progress").text
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'type="application/json"' in tag or " src=" in tag, tag
    assert f'src="/static/{__version__}/vendor/chart-4.6.1.umd.min.js" defer' in html
    assert f'src="/static/{__version__}/progress.js" defer' in html
    assert " style=" not in html and "onclick" not in html


def test_static_files_are_served(client: TestClient) -> None:
    chart = client.get(f"/static/{__version__}/vendor/chart-4.6.1.umd.min.js")
    assert chart.status_code == 200 and "Chart.js v4.6.1" in chart.text[:200]
    assert "max-age=31536000" in chart.headers["cache-control"]
    assert client.get(f"/static/{__version__}/progress.js").status_code == 200
    assert "MIT License" in client.get(f"/static/{__version__}/vendor/chart.js-LICENSE.md").text


def test_picking_an_exercise_shows_it_alone(client: TestClient) -> None:
    html = client.get("/progress", params={"exercise": "barbell-bench-press", "weeks": "4"}).text
    assert [s["label"] for s in chart_data(html, "e1rm")["series"]] == ["Barbell Bench Press"]
    assert '<option value="barbell-bench-press" selected>Barbell Bench Press</option>' in html
    assert '<option value="4" selected>Last 4 weeks</option>' in html
    assert len(chart_data(html, "sessions")["labels"]) == 4
    assert 'href="/exercises/barbell-bench-press"' in html and 'href="/exercises/back-squat"' not in html


@pytest.mark.parametrize(("weeks", "expected"), [("abc", 12), ("0", 1), ("9999", 520), ("", 12)])
def test_odd_weeks_fall_back_to_something_sensible(client: TestClient, weeks: str, expected: int) -> None:
    r = client.get("/progress", params={"weeks": weeks, "exercise": "no-such-exercise"})
    assert r.status_code == 200
    assert len(chart_data(r.text, "sessions")["labels"]) == expected
    assert len(chart_data(r.text, "e1rm")["series"]) == 2  # an unknown exercise: the top ones
