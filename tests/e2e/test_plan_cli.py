"""`trainwise plan ...` as a user runs it: the generate --json contract, checks, saved plans, errors."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from tests.conftest import REPO
from tests.e2e.plan_sample import sample_plan
from trainwise.domain.profile import profile_from_dict
from trainwise.domain.validator import CheckResult, Report
from trainwise.services import plans as svc
from trainwise.storage.engine import make_engine
from trainwise.storage.plans import SqlPlanStore
from trainwise.storage.users import local_user_id

PROFILES = REPO / "examples" / "profiles"
BEGINNER = str(PROFILES / "beginner-no-equipment-3-days.json")
RED_FLAGS = str(PROFILES / "red-flags.json")

PLAN_KEYS = {"id", "profile_id", "status", "referral", "safety_notes", "warnings", "flags", "level", "goal",
             "start", "seed", "generator_version", "pain_monitoring", "home_drills",
             "weekly_aerobic_minutes", "weeks"}
WEEK_KEYS = {"week", "is_deload", "sessions"}
SESSION_KEYS = {"day", "date", "estimated_minutes", "warmup", "cooldown", "exercises"}
EXERCISE_KEYS = {"id", "name", "order", "role", "pattern", "joint", "sets", "reps", "hold_s", "load", "rir",
                 "rest_s", "tempo", "muscles", "equipment", "tags", "ramp_sets", "superset_group"}


def generate_json(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> dict[str, Any]:
    code, out, err = run(capsys, "plan", "generate", *args, "--json", "--db", db)
    assert code == 0, err
    plan: dict[str, Any] = json.loads(out)  # stdout is the plan JSON and nothing else
    return plan


@pytest.fixture(scope="module")
def db(loaded_url: str) -> str:
    return loaded_url


# ---------------------------------------------------------------------------- generate


def test_generate_json_is_the_plan_contract(capsys: pytest.CaptureFixture[str], db: str) -> None:
    plan = generate_json(capsys, db, "--profile", BEGINNER, "--start", "2026-11-23", "--seed", "3")
    assert plan.keys() >= PLAN_KEYS
    assert plan["id"] is None
    assert plan["profile_id"] == "beginner-no-equipment-3-days"
    assert (plan["status"], plan["level"], plan["goal"]) == ("active", "beginner", "general_fitness")
    assert plan["start"] == "2026-11-23" and plan["seed"] == 3
    assert plan["referral"]["required"] is False
    assert plan["weeks"]
    for week in plan["weeks"]:
        assert week.keys() >= WEEK_KEYS
        assert len(week["sessions"]) == 3
        for session in week["sessions"]:
            assert session.keys() >= SESSION_KEYS
            assert session["day"] in {"mon", "wed", "fri"}
            for ex in session["exercises"]:
                assert ex.keys() >= EXERCISE_KEYS
                assert set(ex["equipment"]) <= {"bodyweight", "wall", "floor"}


def test_generate_defaults_weeks_and_start(capsys: pytest.CaptureFixture[str], db: str) -> None:
    plan = generate_json(capsys, db, "--profile", BEGINNER)
    start = date.fromisoformat(plan["start"])
    assert start.weekday() == 0 and 0 < (start - date.today()).days <= 7
    assert len(plan["weeks"]) == profile_from_dict(json.loads(Path(BEGINNER).read_text())).weeks
    short = generate_json(capsys, db, "--profile", BEGINNER, "--weeks", "2")
    assert [w["week"] for w in short["weeks"]] == [1, 2]


def test_generate_is_deterministic(capsys: pytest.CaptureFixture[str], db: str) -> None:
    args = ("--profile", BEGINNER, "--start", "2026-11-23", "--seed", "7")
    assert generate_json(capsys, db, *args) == generate_json(capsys, db, *args)


def test_generate_reads_yaml_and_standard_input(capsys: pytest.CaptureFixture[str], db: str,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    older = generate_json(capsys, db, "--profile", str(PROFILES / "older-beginner-70.yaml"))
    assert older["profile_id"] == "older-beginner-70"
    monkeypatch.setattr(sys, "stdin", io.StringIO((PROFILES / "older-beginner-70.yaml").read_text()))
    assert generate_json(capsys, db, "--profile", "-") == older
    monkeypatch.setattr(sys, "stdin", io.StringIO(Path(BEGINNER).read_text()))
    assert generate_json(capsys, db, "-p", "-")["profile_id"] == "beginner-no-equipment-3-days"


@pytest.mark.parametrize("name", sorted(p.name for p in PROFILES.iterdir()))
def test_every_example_profile_makes_a_plan(capsys: pytest.CaptureFixture[str], db: str, name: str) -> None:
    plan = generate_json(capsys, db, "--profile", str(PROFILES / name), "--start", "2026-11-23")
    assert plan["status"] in {"active", "suspended"}
    assert plan["profile_id"] == Path(name).stem


def test_red_flags_suspend_the_plan_with_a_referral(capsys: pytest.CaptureFixture[str], db: str) -> None:
    plan = generate_json(capsys, db, "--profile", RED_FLAGS)
    assert plan["status"] == "suspended" and plan["weeks"] == []
    assert plan["referral"]["required"] is True and plan["referral"]["urgency"] == "emergency_same_day"
    code, out, _ = run(capsys, "plan", "generate", "--profile", RED_FLAGS, "--db", db)
    assert code == 0
    assert "suspended" in out and "Referral" in out


def test_human_summary_lists_weeks_and_exercises(capsys: pytest.CaptureFixture[str], db: str) -> None:
    plan = generate_json(capsys, db, "--profile", BEGINNER, "--weeks", "1", "--start", "2026-11-23")
    code, out, err = run(capsys, "plan", "generate", "--profile", BEGINNER, "--weeks", "1",
                         "--start", "2026-11-23", "--db", db)
    assert code == 0 and err == ""
    for part in ("active", "Safety", "Week 1", "sets × reps", "load", "RIR", "rest"):
        assert part in out
    first = plan["weeks"][0]["sessions"][0]["exercises"][0]["name"]
    assert first.split()[0] in out


PROFILE_ERRORS = [
    ({"conditions": ["back_ache"]}, "conditions"),
    ({"conditions": [{"code": "acute_lbp"}], "red_flags": ["feverish"]}, "red_flags"),
    ({"days_per_week": 9}, "days_per_week"),
    ({"levle": "beginner"}, "levle"),
    ({"pain": {"region": "lower_back", "baseline_nrs": 11}}, "pain.baseline_nrs"),
]


@pytest.mark.parametrize(("profile", "needle"), PROFILE_ERRORS)
def test_bad_profile_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
                                            profile: dict[str, Any], needle: str) -> None:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile))
    for command in ("generate", "save"):
        code, out, err = run(capsys, "plan", command, "--profile", str(path), "--db", db)
        assert code == 2
        assert out == "" and err.startswith("error:") and err.strip().count("\n") == 0
        assert needle in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("plan", "generate", "--profile", "/no/such/profile.json"), "no such file"),
        (("plan", "generate", "--profile", str(PROFILES)), "folder"),
        (("plan", "generate", "--profile", BEGINNER, "--start", "2026-02-30"), "--start"),
        (("plan", "generate", "--profile", BEGINNER, "--weeks", "0"), "--weeks"),
        (("plan", "generate"), "--profile"),
        (("plan", "show", "000000000000"), "no saved plan"),
        (("plan", "delete", "000000000000"), "no saved plan"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str,
                                          args: tuple[str, ...], needle: str) -> None:
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2
    assert err.startswith("error:") and err.strip().count("\n") == 0 and needle in err
    assert "Traceback" not in out + err


def test_profile_that_is_not_json_or_yaml(capsys: pytest.CaptureFixture[str], db: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("{not json"))
    code, _, err = run(capsys, "plan", "generate", "--profile", "-", "--db", db)
    assert code == 2 and "not valid" in err and err.strip().count("\n") == 0


# ---------------------------------------------------------------------------- check


def test_check_exit_codes_with_the_validator(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    plan = generate_json(capsys, db, "--profile", BEGINNER, "--start", "2026-11-23")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    code, out, _ = run(capsys, "plan", "check", str(path), "--profile", BEGINNER, "--json")
    report = json.loads(out)
    assert code == 0 and report["passed"] is True
    assert report["results"] and all({"id", "severity", "status", "detail"} <= r.keys() for r in report["results"])
    # The red-flag gate (R1, MUST): an active training plan for someone with red flags fails.
    code, out, _ = run(capsys, "plan", "check", str(path), "--profile", RED_FLAGS, "--json")
    assert code == 1 and json.loads(out)["passed"] is False
    code, out, _ = run(capsys, "plan", "check", str(path), "--profile", RED_FLAGS)
    assert code == 1 and "MUST: fail" in out and "R1" in out


def _fake_report(must_status: str) -> Report:
    return Report(results=(
        CheckResult("R1", "MUST", must_status, "red-flag gate"),
        CheckResult("R2", "SHOULD", "pass", "safety notes present"),
        CheckResult("R4.b", "SHOULD", "warn", "session 3 min over the target"),
        CheckResult("R30", "MUST", "n/a", "no acute low back pain"),
    ))


@pytest.mark.parametrize(("must_status", "expected"), [("pass", 0), ("fail", 1)])
def test_check_prints_every_check_verdict_and_score(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    must_status: str, expected: int) -> None:
    monkeypatch.setattr(svc, "validate_plan", lambda plan, profile: _fake_report(must_status))
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(sample_plan()))
    code, out, _ = run(capsys, "plan", "check", str(path), "--profile", BEGINNER)
    assert code == expected
    for part in ("R1", "R2", "R4.b", "R30", "MUST", "SHOULD", "red-flag gate", "session 3 min over"):
        assert part in out
    assert ("MUST: fail" in out) == (must_status == "fail")
    assert "SHOULD score: 0.50" in out
    code, out, _ = run(capsys, "plan", "check", str(path), "--profile", BEGINNER, "--json")
    assert code == expected and json.loads(out) == _fake_report(must_status).to_dict()


@pytest.mark.parametrize(
    ("plan_text", "profile", "needle"),
    [
        ("{not json", BEGINNER, "not valid JSON"),
        ("[1, 2]", BEGINNER, "JSON object"),
        ('{"status": "active"}', BEGINNER, "weeks"),
        (None, BEGINNER, "no such file"),
        ('{"weeks": []}', "/no/such/profile.json", "no such file"),
    ],
)
def test_check_bad_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                 plan_text: str | None, profile: str, needle: str) -> None:
    path = tmp_path / "plan.json"
    if plan_text is not None:
        path.write_text(plan_text)
    code, out, err = run(capsys, "plan", "check", str(path), "--profile", profile)
    assert code == 2 and out == ""
    assert err.startswith("error:") and err.strip().count("\n") == 0 and needle in err


# ---------------------------------------------------------------------------- saved plans


def _store_sample(db: str) -> tuple[str, dict[str, Any]]:
    """Save the hand-made sample plan for the local user straight through the store."""
    engine = make_engine(db)
    try:
        plan = sample_plan()
        profile = profile_from_dict({"id": "web"})
        plan_id = svc.save_plan(SqlPlanStore(engine), local_user_id(engine), profile, plan)
        return plan_id, plan
    finally:
        engine.dispose()


def test_show_and_list_a_saved_plan(capsys: pytest.CaptureFixture[str], db: str) -> None:
    plan_id, plan = _store_sample(db)
    code, out, _ = run(capsys, "plan", "show", plan_id, "--json", "--db", db)
    assert code == 0 and json.loads(out) == plan
    code, out, _ = run(capsys, "plan", "show", plan_id, "--db", db)
    assert code == 0
    for part in (f"Plan {plan_id}", "Safety", "Warnings", "hoverboard", "Pain monitoring", "Home drills",
                 "Bird Dog", "Week 1", "Week 2 (deload)", "Goblet", "20 kg", "medium", "band", "warm-up",
                 "cool-down", "Brisk"):
        assert part in out, part
    code, out, _ = run(capsys, "plan", "list", "--json", "--db", db)
    summaries = {s["id"]: s for s in json.loads(out)}
    assert summaries[plan_id] == {**summaries[plan_id], "profile_id": "web", "goal": "general_fitness",
                                  "level": "beginner", "start": "2026-11-23", "weeks": 2, "status": "active"}
    code, out, _ = run(capsys, "plan", "list", "--db", db)
    assert code == 0 and plan_id in out


def test_save_show_list_delete(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "plan", "save", "--profile", BEGINNER, "--weeks", "2", "--seed", "1",
                         "--start", "2026-11-23", "--db", db)
    assert code == 0, err
    plan_id = out.strip()
    assert re.fullmatch(r"[0-9a-f]{12}", plan_id)
    code, out, _ = run(capsys, "plan", "show", plan_id, "--json", "--db", db)
    shown = json.loads(out)
    assert shown["id"] == plan_id and len(shown["weeks"]) == 2 and shown["seed"] == 1
    code, out, _ = run(capsys, "plan", "list", "--json", "--db", db)
    assert plan_id in [s["id"] for s in json.loads(out)]
    code, _, _ = run(capsys, "plan", "delete", plan_id, "--db", db)
    assert code == 0
    code, _, err = run(capsys, "plan", "show", plan_id, "--db", db)
    assert code == 2 and plan_id in err


def test_generate_save_json_carries_the_id(capsys: pytest.CaptureFixture[str], db: str) -> None:
    plan = generate_json(capsys, db, "--profile", BEGINNER, "--weeks", "1", "--save")
    assert re.fullmatch(r"[0-9a-f]{12}", plan["id"])
    code, out, _ = run(capsys, "plan", "show", plan["id"], "--json", "--db", db)
    assert code == 0 and json.loads(out) == plan


def test_generate_json_in_a_subprocess(tmp_path: Path) -> None:
    """The contract as outside tools run it: a fresh database, only the plan JSON on stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "trainwise", "plan", "generate", "--profile", BEGINNER, "--weeks", "1",
         "--json", "--db", f"sqlite:///{tmp_path / 'p.db'}"],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout).keys() >= PLAN_KEYS
