"""`trainwise log ...` as a user runs it: add, list, show, delete, import, export, and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from tests.conftest import REPO
from trainwise.domain.logs import LB_TO_KG

IMPORTS = REPO / "tests" / "data" / "imports"


@pytest.fixture(scope="module")
def db(loaded_url: str) -> str:
    return loaded_url


def _write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / f"{uuid.uuid4().hex}.json"
    path.write_text(json.dumps(data))
    return str(path)


def _log(day: str, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "date": day,
            "exercises": [{"exercise": "Barbell Deadlift", "sets": [{"load_kg": 60, "reps": 5, "type": "warmup"},
                                                                    {"load_kg": 100, "reps": 5, "rpe": 8}]},
                          {"exercise": "plank", "sets": [{"seconds": 60}]}],
            "pain_during": {"lower_back": 2}, "notes": "solid", **extra}


def _error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------------------- add, show, list, delete


def test_add_then_add_again_replaces(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    data = _log("2040-01-06")
    path = _write(tmp_path, data)
    code, out, err = run(capsys, "log", "add", "--file", path, "--db", db)
    assert code == 0, err
    assert out.strip() == f"logged 3 sets (id {data['id']})"
    code, out, _ = run(capsys, "log", "add", "--file", path, "--db", db)
    assert code == 0 and out.strip() == f"updated {data['id']}: 3 sets"
    code, out, _ = run(capsys, "log", "list", "--from", "2040-01-06", "--to", "2040-01-06", "--json", "--db", db)
    logs = json.loads(out)
    assert [x["id"] for x in logs] == [data["id"]]
    assert sum(len(e["sets"]) for e in logs[0]["exercises"]) == 3


def test_add_json_prints_the_stored_log(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    data = _log("2040-01-07", unit="lb", exercises=[{"exercise": "deadlift", "sets": [{"load": 225, "reps": 5}]}])
    code, out, _ = run(capsys, "log", "add", "-f", _write(tmp_path, data), "--json", "--db", db)
    assert code == 0
    stored = json.loads(out)
    assert stored["id"] == data["id"] and stored["exercises"][0]["sets"][0]["load_kg"] == round(225 * LB_TO_KG, 3)
    code, out, _ = run(capsys, "log", "show", data["id"], "--json", "--db", db)
    assert code == 0 and json.loads(out) == stored


def test_add_reads_standard_input_and_lists_of_logs(capsys: pytest.CaptureFixture[str], db: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    logs = [_log("2040-01-08"), _log("2040-01-09")]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(logs)))
    code, out, err = run(capsys, "log", "add", "--file", "-", "--db", db)
    assert code == 0, err
    assert out.splitlines() == [f"logged 3 sets (id {x['id']})" for x in logs]


def test_show_list_and_delete(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    data = _log("2040-02-03", pain_next_morning={"lower_back": 1}, symptoms=["soreness"])
    run(capsys, "log", "add", "-f", _write(tmp_path, data), "--db", db)
    code, out, _ = run(capsys, "log", "show", data["id"], "--db", db)
    assert code == 0
    for text in ("2040-02-03", "Deadlift", "Front Plank", "warmup", "100 kg", "lower back 2",
                 "next morning: lower back 1", "soreness", "solid"):
        assert text in out, text
    code, out, _ = run(capsys, "log", "list", "--from", "2040-02-01", "--to", "2040-02-28", "--db", db)
    assert code == 0
    assert "1 log, oldest first" in out and "2040-02-03" in out and "Deadlift" in out and data["id"] in out
    assert "3 (2)" in out and "lower back 2" in out
    code, out, _ = run(capsys, "log", "delete", data["id"], "--db", db)
    assert code == 0 and out.strip() == f"Deleted log {data['id']}"
    code, _, err = run(capsys, "log", "show", data["id"], "--db", db)
    assert code == 2 and _error_line(err) == f"error: no log with id '{data['id']}'"
    code, out, _ = run(capsys, "log", "list", "--from", "2040-02-01", "--to", "2040-02-28", "--db", db)
    assert code == 0 and "No logs yet" in out


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("data", "message"), [
    ({"date": "2040-13-01"}, "log field 'date': expected a date YYYY-MM-DD, got '2040-13-01'"),
    ({"date": "2040-03-01", "exercises": [{"exercise": "bench pres", "sets": [{"reps": 5}]}]},
     "log field 'exercises[0].exercise': unknown exercise 'bench pres'; did you mean barbell-bench-press"),
    ({"date": "2040-03-01", "exercises": [{"exercise": "deadlift", "sets": [{"reps": 5.5}]}]},
     "log field 'exercises[0].sets[0].reps': expected a whole number, got 5.5"),
    ({"id": "a b", "date": "2040-03-01"}, "log field 'id'"),
    ([], "the list holds no log"),
])
def test_a_bad_log_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path,
                                         data: Any, message: str) -> None:
    path = _write(tmp_path, data)
    code, out, err = run(capsys, "log", "add", "--file", path, "--db", db)
    assert code == 2 and out == ""
    assert _error_line(err).startswith(f"error: {path}: {message}")


def test_one_bad_log_in_a_list_stores_none(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    good = _log("2040-03-05")
    code, _, err = run(capsys, "log", "add", "-f", _write(tmp_path, [good, {"date": "x"}]), "--db", db)
    assert code == 2 and "(log 1): log field 'date'" in _error_line(err)
    code, _, _ = run(capsys, "log", "show", good["id"], "--db", db)
    assert code == 2


@pytest.mark.parametrize(("args", "message"), [
    (("log", "add", "--file", "/no/such/log.json"), "error: no such file: /no/such/log.json"),
    (("log", "list", "--from", "2040-1-1"), "error: --from: expected a date YYYY-MM-DD, got '2040-1-1'"),
    (("log", "list", "--from", "2040-02-01", "--to", "2040-01-01"), "error: --from: 2040-02-01 is after 'to'"),
    (("log", "export", "--to", "tomorrow"), "error: --to: expected a date"),
    (("log", "delete", "nope"), "error: no log with id 'nope'"),
    (("log", "import", "fitbod", "x.csv"), "error: Invalid value for 'source'"),
    (("log", "import", "hevy", str(IMPORTS / "strong_comma.csv")), "not a Hevy CSV export: no 'start_time' column"),
    (("log", "import", "strong", str(IMPORTS / "strong_comma.csv"), "--map", "Plank"), "expected NAME=SLUG"),
    (("log", "import", "strong", str(IMPORTS / "strong_comma.csv"), "--map", "Plank=planc"),
     "error: unknown exercise 'planc'"),
    (("log", "import", "strong", str(IMPORTS / "strong_comma.csv"), "--unit", "stone"), "unknown weight unit"),
    (("log", "import", "strong", str(IMPORTS)), "is a folder, not a file"),
])
def test_bad_options_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str, args: tuple[str, ...],
                                            message: str) -> None:
    code, _, err = run(capsys, *args, "--db", db)
    assert code == 2
    assert message in _error_line(err)


def test_bad_json(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text("{nope")
    code, _, err = run(capsys, "log", "add", "-f", str(path), "--db", db)
    assert code == 2 and "the log is not valid JSON" in _error_line(err)


# ---------------------------------------------------------------------------- import and export


def test_import_strong_reports_and_is_idempotent(capsys: pytest.CaptureFixture[str], db: str) -> None:
    file = str(IMPORTS / "strong_semicolon.csv")
    code, out, _ = run(capsys, "log", "import", "strong", file, "--dry-run", "--db", db)
    assert code == 0
    assert "Strong: 3 workouts, 25 sets, 2024-02-05 to 2024-02-09" in out and "dry run: nothing stored" in out
    code, out, _ = run(capsys, "log", "list", "--from", "2024-02-05", "--to", "2024-02-09", "--json", "--db", db)
    assert json.loads(out) == []
    code, out, _ = run(capsys, "log", "import", "strong", file, "--db", db)
    assert code == 0
    assert "stored: 3 new, 0 replaced" in out and "rest timer 2" in out
    assert "Hip Abductor (Machine) (2 sets)" in out and "--map" in out
    code, out, _ = run(capsys, "log", "import", "strong", file, "--json", "--db", db)
    report = json.loads(out)
    assert (report["created"], report["updated"], report["sessions"], report["sets"]) == (0, 3, 3, 25)
    assert report["unmatched"] == [{"name": "Hip Abductor (Machine)", "sets": 2}]
    code, out, _ = run(capsys, "log", "list", "--from", "2024-02-05", "--to", "2024-02-09", "--json", "--db", db)
    logs = json.loads(out)
    assert [x["id"] for x in logs] == ["strong-2024-02-05T19:01:12", "strong-2024-02-07T18:30:00",
                                       "strong-2024-02-09T07:45:00"]
    assert sum(len(e["sets"]) for x in logs for e in x["exercises"]) == 25


def test_import_hevy_with_a_mapped_name(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "log", "import", "hevy", str(IMPORTS / "hevy_kg.csv"), "--map",
                         "Seated Leg Curl (Machine)=lying-leg-curl", "--json", "--db", db)
    assert code == 0, err
    report = json.loads(out)
    assert report["unmatched"] == [{"name": "Cable Fly Crossovers", "sets": 1}]
    assert report["skipped"] == {"no reps or time": 1}
    code, out, _ = run(capsys, "log", "show", "hevy-2024-03-01T08:15:00", "--json", "--db", db)
    assert "lying-leg-curl" in [e["exercise"] for e in json.loads(out)["exercises"]]


def test_a_windows_1252_export_is_read(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    text = (IMPORTS / "strong_semicolon.csv").read_text(encoding="utf-8")
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    code, out, err = run(capsys, "log", "import", "strong", str(path), "--dry-run", "--json", "--db", db)
    assert code == 0, err
    assert json.loads(out)["sessions"] == 3
    bad = tmp_path / "bad.json"
    bad.write_bytes("{\"notes\": \"Oberkörper\"}".encode("cp1252"))
    code, _, err = run(capsys, "log", "add", "-f", str(bad), "--db", db)
    assert code == 2 and "is not a UTF-8 text file" in _error_line(err)


def test_a_long_import_with_a_progress_bar(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    lines = ["title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
             "weight_kg,reps,distance_km,duration_seconds,rpe"]
    for day in range(1, 29):
        for i in range(3):
            lines.append(f'Day,"{day} Jan 2041, 07:00","{day} Jan 2041, 08:00",,Squat (Barbell),,,{i},normal,'
                         f"{80 + day},5,,,")
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    code, out, _ = run(capsys, "log", "import", "hevy", str(path), "--db", db)
    assert code == 0 and "Hevy: 28 workouts, 84 sets" in out and "stored: 28 new, 0 replaced" in out


def test_export_to_stdout_and_to_a_file(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    data = _log("2040-04-04")
    run(capsys, "log", "add", "-f", _write(tmp_path, data), "--db", db)
    code, out, _ = run(capsys, "log", "export", "--from", "2040-04-04", "--to", "2040-04-04", "--db", db)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["exercise"], r["set_no"], r["type"], r["load_kg"], r["rpe"], r["seconds"]) for r in rows] == [
        ("deadlift", "1", "warmup", "60", "", ""), ("deadlift", "2", "working", "100", "8", ""),
        ("front-plank", "1", "working", "", "", "60")]
    assert rows[0]["pain_during"] == "lower_back:2" and rows[0]["notes"] == "solid"
    target = tmp_path / "out" / "log.csv"
    target.parent.mkdir()
    code, out, _ = run(capsys, "log", "export", "--output", str(target), "--from", "2040-04-04", "--to",
                       "2040-04-04", "--db", db)
    assert code == 0 and "wrote 3 rows" in out
    assert target.read_text().splitlines()[0].startswith("date,log_id,exercise,set_no,type,load_kg")
    code, _, err = run(capsys, "log", "export", "--output", str(tmp_path / "missing" / "x.csv"), "--db", db)
    assert code == 2 and "cannot write" in _error_line(err)


def test_a_real_process_never_shows_a_traceback(tmp_path: Path, db: str) -> None:
    result = subprocess.run([sys.executable, "-m", "trainwise", "log", "show", "missing-log", "--db", db],
                            capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no log with id 'missing-log'"


def test_a_logged_session_with_a_plan_id_evolves_the_saved_plan(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    db = str(tmp_path / "evolve.db")  # a person with no other logs (others would mean a break to return from)
    profile = {"id": "cli-evolve", "level": "beginner", "days_per_week": 3, "session_minutes": 45,
               "equipment": ["dumbbells", "bench"], "equipment_specs": {"dumbbells_kg": [x / 2 for x in range(8, 61)]}}
    code, out, _ = run(capsys, "--db", db, "plan", "save", "--profile", _write(tmp_path, profile),
                       "--start", "2030-01-07")
    assert code == 0
    plan_id = out.strip().split()[-1]
    code, out, _ = run(capsys, "--db", db, "plan", "show", plan_id, "--json")
    plan = json.loads(out)
    first = plan["weeks"][0]["sessions"][0]
    ex = next(e for e in first["exercises"] if (e["reps"] or {}).get("min") and "dumbbells" in e["equipment"])
    short = {"load_kg": 12, "reps": 1, "rir": 0}
    log = {"id": f"cli-{plan_id}", "plan_id": plan_id, "date": first["date"],
           "exercises": [{"exercise": ex["id"], "sets": [short] * 2}]}
    code, out, err = run(capsys, "--db", db, "log", "add", "--file", _write(tmp_path, log))
    assert code == 0, err
    assert f"plan {plan_id}: missed_reps" in out
    code, out, _ = run(capsys, "--db", db, "log", "add", "--file", _write(tmp_path, log), "--json")
    assert json.loads(out)["plan_changes"] == [], "the same log again changes nothing more"
    code, out, _ = run(capsys, "--db", db, "plan", "show", plan_id, "--json")
    assert [c["code"] for c in json.loads(out)["history"]] == ["missed_reps"]
