"""`trainwise progress next --input FILE --json` as a user (or an outside check) runs it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from tests.conftest import REPO
from trainwise.domain.progression import REASON_CODES

EXAMPLES = REPO / "examples" / "progress"
GOBLET = EXAMPLES / "goblet-squat-top-of-range.json"
BALL = EXAMPLES / "ball-back-extension-bodyweight.json"
RED_FLAG = EXAMPLES / "red-flag-suspends.json"

TOP_KEYS = {"status", "referral", "next", "reasons", "week_adjustments"}
NEXT_KEYS = {"exercise", "load_kg", "reps", "sets", "rir"}
WEEK_KEYS = {"deload", "volume_factor", "load_factor", "rir_add", "gap_days", "gap_band", "ramp", "ramp_week"}


def progress(capsys: pytest.CaptureFixture[str], db: str, path: Path | str) -> dict[str, Any]:
    code, out, err = run(capsys, "progress", "next", "--input", str(path), "--json", "--db", db)
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)  # stdout is the JSON and nothing else
    return result


def check_contract(result: dict[str, Any]) -> None:
    assert result.keys() >= TOP_KEYS
    assert result["status"] in ("active", "suspended")
    assert set(result["referral"]) == {"required", "urgency", "message"}
    assert result["next"].keys() >= NEXT_KEYS and set(result["next"]["reps"]) == {"min", "max"}
    assert result["reasons"] and all(set(r) == {"code", "detail"} for r in result["reasons"])
    assert {r["code"] for r in result["reasons"]} <= set(REASON_CODES)
    assert result["week_adjustments"].keys() >= WEEK_KEYS


@pytest.fixture(scope="module")
def db(loaded_url: str) -> str:
    return loaded_url


def test_examples_follow_the_contract(capsys: pytest.CaptureFixture[str], db: str) -> None:
    examples = sorted(EXAMPLES.glob("*.json"))
    assert len(examples) >= 3
    for path in examples:
        check_contract(progress(capsys, db, path))


def test_double_progression_on_dumbbells(capsys: pytest.CaptureFixture[str], db: str) -> None:
    data = json.loads(GOBLET.read_text())
    result = progress(capsys, db, GOBLET)
    before = data["prescription"]["load_kg"]
    nxt = result["next"]
    assert result["status"] == "active" and result["reasons"][0]["code"] == "top_of_range"
    assert 1.02 <= nxt["load_kg"] / before <= 1.10
    assert nxt["load_kg"] in data["profile"]["equipment_specs"]["dumbbells_kg"]
    assert nxt["sets"] == data["prescription"]["sets"]
    assert nxt["reps"]["max"] <= sum(data["prescription"]["rep_range"]) / 2


def test_bodyweight_climbs_the_library_ladder(capsys: pytest.CaptureFixture[str], db: str) -> None:
    result = progress(capsys, db, BALL)
    assert result["next"]["exercise"] == "ball-back-extension-hands-behind-head"
    assert result["next"]["load_kg"] is None
    assert result["prescription"]["exercise"] == "ball-back-extension-hands-behind-head"


def test_red_flag_suspends_with_an_emergency_referral(capsys: pytest.CaptureFixture[str], db: str) -> None:
    result = progress(capsys, db, RED_FLAG)
    assert result["status"] == "suspended"
    assert result["referral"]["required"] is True and result["referral"]["urgency"] == "emergency_same_day"
    assert result["next"]["sets"] == 0 and result["next"]["load_kg"] is None
    assert [r["code"] for r in result["reasons"]] == ["red_flag"]


def test_clearance_lifts_the_suspension(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    data = json.loads(RED_FLAG.read_text())
    data["logs"].append({"date": "2025-03-07", "sets": [], "clinician_clearance": True})
    path = tmp_path / "cleared.json"
    path.write_text(json.dumps(data))
    assert progress(capsys, db, path)["status"] == "active"


def test_standard_input_and_the_summary(capsys: pytest.CaptureFixture[str], db: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(GOBLET.read_text()))
    check_contract(progress(capsys, db, "-"))
    code, out, err = run(capsys, "progress", "next", "--input", str(RED_FLAG), "--db", db)
    assert code == 0 and err == ""
    assert "suspended" in out and "red_flag" in out and "emergency_same_day" in out


def _bad(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: "{not json", "not valid JSON"),
        (lambda d: [1, 2], "JSON object"),
        (lambda d: {**d, "prescription": {**d["prescription"], "exercise": "gobblet squat"}}, "did you mean"),
        (lambda d: {**d, "prescription": {**d["prescription"], "rep_range": [12]}}, "prescription.rep_range"),
        (lambda d: {**d, "logs": [{**d["logs"][0], "symptoms": ["dizzy"]}]}, "logs[0].symptoms"),
        (lambda d: {**d, "logs": [{**d["logs"][0], "sets": [{"load_kg": -5, "reps": 8}]}]}, "logs[0].sets[0].load_kg"),
        (lambda d: {k: val for k, val in d.items() if k != "today"}, "today"),
        (lambda d: {**d, "profile": {**d["profile"], "level": "wizard"}}, "level"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
                                          mutate: Any, needle: str) -> None:
    path = _bad(tmp_path, mutate(json.loads(GOBLET.read_text())))
    code, out, err = run(capsys, "progress", "next", "--input", path, "--json", "--db", db)
    assert code == 2 and out == ""
    assert err.startswith("error:") and err.strip().count("\n") == 0 and needle in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("args", "needle"), [
    (("--input", "/no/such/input.json"), "no such file"),
    (("--input", str(EXAMPLES)), "folder"),
    ((), "--input"),
])
def test_bad_files_and_options_exit_2(capsys: pytest.CaptureFixture[str], db: str, args: tuple[str, ...],
                                      needle: str) -> None:
    code, _, err = run(capsys, "progress", "next", *args, "--db", db)
    assert code == 2 and needle in err and err.strip().count("\n") == 0


def test_progress_next_in_a_subprocess(tmp_path: Path) -> None:
    """The contract as outside tools run it: a fresh database, only the JSON on stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "trainwise", "progress", "next", "--input", str(GOBLET), "--json",
         "--db", f"sqlite:///{tmp_path / 'p.db'}"],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    check_contract(json.loads(result.stdout))
    bad = subprocess.run(
        [sys.executable, "-m", "trainwise", "progress", "next", "--input", str(tmp_path / "missing.json"), "--json",
         "--db", f"sqlite:///{tmp_path / 'p.db'}"],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert bad.returncode == 2 and bad.stdout == "" and bad.stderr.strip().count("\n") == 0
