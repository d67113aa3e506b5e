"""The CLI as a user runs it: contract commands, tables, JSON and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run
from tests.conftest import SHARED


@pytest.fixture(scope="module")
def db(loaded_url: str) -> str:
    return loaded_url


def test_list_json_is_an_array_of_exercise_objects(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "exercises", "list", "--json", "--db", db)
    assert code == 0
    data = json.loads(out)
    assert len(data) >= 150
    assert {"slug", "name", "primary_muscles", "equipment", "sets_reps", "faq"} <= data[0].keys()


def test_show_json_accepts_slug_name_or_alias(capsys: pytest.CaptureFixture[str], db: str) -> None:
    for ident in ("lever-back-extension", "Lever Back Extension"):
        code, out, _ = run(capsys, "exercises", "show", ident, "--json", "--db", db)
        assert code == 0
        assert json.loads(out)["slug"] == "lever-back-extension"
    code, out, _ = run(capsys, "exercises", "show", "Prone spinal extension", "--json", "--db", db)
    assert json.loads(out)["slug"] == "prone-back-extension"


def test_show_table_prints_the_guide(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "exercises", "show", "roll-ball-erector-spinae", "--db", db)
    assert code == 0
    for part in ("Roll Ball Erector Spinae", "How to perform", "Safety", "Erector spinae"):
        assert part in out


def test_search_json_best_first_with_filters(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "exercises", "search", "back extension", "--json", "--limit", "7", "--db", db)
    assert code == 0
    top = [e["slug"] for e in json.loads(out)]
    assert len(top) == 7 and all("back-extension" in s for s in top)
    code, out, _ = run(capsys, "exercises", "search", "back extension", "--muscle", "lower back",
                       "--equipment", "Swiss ball", "--level", "beginner", "--json", "--db", db)
    items = json.loads(out)
    assert items and all(e["level"] == "beginner" for e in items)
    assert all("exercise_ball" in e["equipment"] or e["equipment"] == ["bodyweight"] for e in items)


def test_substitutes_json(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "exercises", "substitutes", "deadlift", "--equipment", "dumbbells",
                       "--json", "--db", db)
    assert code == 0
    subs = json.loads(out)
    assert subs and all("hip_dominant" in e["patterns"] for e in subs)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("exercises", "show", "lever back extenshun"), "lever-back-extension"),
        (("exercises", "search", "row", "--equipment", "dumbell"), "dumbbells"),
        (("exercises", "list", "--muscle", "hamstring", "--level", "expertt"), "level"),
        (("exercises", "substitutes", "nothing-like-this"), "unknown exercise"),
        (("vocab", "musles"), "muscles"),
        (("exercises", "list", "--limit", "0"), "limit"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], db: str,
                                          args: tuple[str, ...], needle: str) -> None:
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2
    assert err.strip().count("\n") == 0 and err.startswith("error:")
    assert needle in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("kind", ["muscles", "equipment", "patterns", "tags", "conditions"])
def test_vocab_json(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    code, out, _ = run(capsys, "vocab", kind, "--json")
    assert code == 0
    terms = json.loads(out)
    assert terms and {"slug", "name", "aliases"} <= terms[0].keys()


def test_global_db_option_and_env_var(capsys: pytest.CaptureFixture[str], db: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, "--db", db, "exercises", "show", "bird-dog", "--json")
    assert code == 0 and json.loads(out)["slug"] == "bird-dog"
    monkeypatch.setenv("TRAINWISE_DATABASE_URL", db)
    code, out, _ = run(capsys, "exercises", "show", "bird-dog", "--json")
    assert code == 0


def test_db_upgrade_catalog_load_and_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    code, out, _ = run(capsys, "db", "upgrade", "--db", db)
    assert code == 0 and "revision" in out
    code, out, _ = run(capsys, "catalog", "load", "--db", db)
    assert code == 0 and "added" in out
    code, out, _ = run(capsys, "catalog", "load", "--db", db)
    assert "0 added, 0 updated" in out
    fedb = SHARED / "data" / "free-exercise-db"
    code, out, _ = run(capsys, "import", "free-exercise-db", str(fedb), "--json", "--db", db)
    assert code == 0
    first = json.loads(out)
    assert first["total"] == 873 and first["added"] > 700
    code, out, _ = run(capsys, "import", "free-exercise-db", str(fedb), "--json", "--db", db)
    second = json.loads(out)
    assert second["added"] == second["updated"] == second["newly_merged"] == 0


def test_import_of_a_bad_file_exits_2_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, _, err = run(capsys, "import", "free-exercise-db", str(bad), "--db", db)
    assert code == 2 and "not JSON" in err
    code, _, err = run(capsys, "import", "free-exercise-db", str(tmp_path / "missing.json"), "--db", db)
    assert code == 2 and "no such file" in err


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "trainwise", "--db", f"sqlite:///{tmp_path / 'm.db'}", "exercises",
         "search", "back extension", "--limit", "3", "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3
