"""`trainwise ingest`: the --json contract, HTML clutter, stdin, folders, bad input, --apply."""

from __future__ import annotations

import functools
import http.server
import io
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import run
from tests.conftest import REPO, SHARED

PAGES = REPO / "tests" / "data" / "ingest" / "pages"
HTML_PAGE = PAGES / "landmine-rdl-cluttered.html"
MD_PAGE = PAGES / "landmine-rdl-variations.md"
SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed pages (../shared/seeds) not present")

CONTRACT = {"name", "aliases", "summary", "steps", "tips", "mistakes", "safety", "equipment",
            "primary_muscles", "secondary_muscles", "level", "sets_reps", "matched_slug", "confidence"}
CLUTTER = ("Home", "Workouts", "Shop our gear", "ADVERTISEMENT", "protein", "Sponsored", "Sign up",
           "More from", "kettlebells for home", "leg day", "Copyright", "cookies", "Getty", "Photo:")


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with the built-in library loaded (copied by each test that writes)."""
    from trainwise.bootstrap import open_catalog
    from trainwise.config import get_settings

    path = tmp_path_factory.mktemp("ingest") / "base.db"
    open_catalog(get_settings(database_url=f"sqlite:///{path}")).engine.dispose()
    return path


@pytest.fixture
def db(base_db: Path, tmp_path: Path) -> str:
    copy = tmp_path / "trainwise.db"
    shutil.copy(base_db, copy)
    return f"sqlite:///{copy}"


def _catalog_state(db: str) -> tuple[int, int]:
    from trainwise.bootstrap import open_catalog
    from trainwise.config import get_settings

    repo = open_catalog(get_settings(database_url=db))
    try:
        return repo.count(), repo.revision()
    finally:
        repo.engine.dispose()


def _check_contract(report: dict[str, object]) -> list[dict[str, object]]:
    docs = report["documents"]
    assert isinstance(docs, list) and docs
    out: list[dict[str, object]] = []
    for d in docs:
        assert {"source", "title", "exercises"} <= d.keys()
        assert isinstance(d["source"], str) and isinstance(d["title"], str)
        for e in d["exercises"]:
            assert e.keys() >= CONTRACT
            assert isinstance(e["name"], str) and e["name"]
            assert isinstance(e["summary"], str)
            for key in ("aliases", "steps", "tips", "mistakes", "safety", "equipment", "primary_muscles",
                        "secondary_muscles"):
                assert isinstance(e[key], list) and all(isinstance(x, str) for x in e[key]), key
            assert e["level"] is None or e["level"] in ("beginner", "intermediate", "advanced")
            assert e["sets_reps"] is None or isinstance(e["sets_reps"], str)
            assert e["matched_slug"] is None or isinstance(e["matched_slug"], str)
            assert isinstance(e["confidence"], float) and 0 <= e["confidence"] <= 1
            out.append(e)
    return out


@needs_seeds
def test_json_contract_on_the_seed_folder(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "ingest", str(SEEDS), "--json", "--db", db)
    assert code == 0, err
    report = json.loads(out)
    exercises = _check_contract(report)
    assert len(report["documents"]) == 5 and len(exercises) == 14
    from trainwise.domain import vocabulary as v

    for e in exercises:
        assert all(m in v.MUSCLES for m in e["primary_muscles"] + e["secondary_muscles"])
        assert all(x in v.EQUIPMENT for x in e["equipment"])
        assert e["matched_slug"] is not None  # every seed exercise is in the library
    by_name = {e["name"]: e for e in exercises}
    assert by_name["Lever Back Extension"]["matched_slug"] == "lever-back-extension"
    assert by_name["Bird Dog"]["matched_slug"] == "bird-dog"
    assert by_name["Bridge"]["matched_slug"] == "glute-bridge"
    assert by_name["Back extensions"]["sets_reps"] == "2-3 x 8-12"


def test_html_page_with_clutter(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, err = run(capsys, "ingest", str(HTML_PAGE), "--json", "--db", db)
    assert code == 0, err
    (e,) = _check_contract(json.loads(out))
    assert e["name"] == "Landmine Romanian Deadlift" and e["matched_slug"] is None
    assert len(e["steps"]) == 5 and len(e["tips"]) == 3 and len(e["mistakes"]) == 2
    assert e["primary_muscles"] == ["hamstrings", "glutes"] and e["equipment"] == ["barbell"]
    assert e["level"] == "beginner" and e["sets_reps"] == "3 x 8-10"
    text = " ".join([e["summary"], *e["steps"], *e["tips"], *e["mistakes"], *e["safety"]])
    for junk in CLUTTER:
        assert junk not in text, junk


@needs_seeds
def test_standard_input_and_format_option(capsys: pytest.CaptureFixture[str], db: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = next(SEEDS.glob("003_*.txt")).read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "ingest", "-", "--format", "text", "--json", "--db", db)
    assert code == 0, err
    doc = json.loads(out)["documents"][0]
    assert doc["source"] == "<stdin>" and doc["exercises"][0]["matched_slug"] == "lever-back-extension"
    code, _, err = run(capsys, "ingest", "-", "--format", "pdf", "--db", db)
    assert code == 2 and err.count("\n") == 1 and "pdf" in err


@needs_seeds
def test_table_output(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, out, _ = run(capsys, "ingest", str(next(SEEDS.glob("002_*.txt"))), "--db", db)
    assert code == 0
    assert "9 exercises" in out and "bird-dog" in out


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n", encoding="utf-8")
    no_exercise = tmp_path / "nutrition.txt"
    no_exercise.write_text("Healthy eating\n\nEat more vegetables and drink water every day. Sleep well "
                           "and rest.\n", encoding="utf-8")
    return {"binary": binary, "empty": empty, "no exercise": no_exercise}


@pytest.mark.parametrize("kind", ["binary", "empty", "no exercise"])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, kind: str
) -> None:
    bad = _bad_inputs(tmp_path)[kind]
    before = _catalog_state(db)
    code, out, err = run(capsys, "ingest", str(HTML_PAGE), str(bad), "--apply", "--db", db)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert {"binary": "binary", "empty": "empty", "no exercise": "no exercise"}[kind] in err
    assert _catalog_state(db) == before  # the good page before it was not added either


def test_missing_path_and_bad_url(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "ingest", "no/such/page.txt", "--db", db)
    assert code == 2 and "no such file" in err and err.count("\n") == 1
    code, _, err = run(capsys, "ingest", "ftp://example.org/page.html", "--db", db)
    assert code == 2 and "http" in err and err.count("\n") == 1


def test_apply_adds_new_and_never_overwrites_curated_fields(capsys: pytest.CaptureFixture[str], db: str) -> None:
    count, _ = _catalog_state(db)
    code, out, err = run(capsys, "ingest", str(HTML_PAGE), "--apply", "--json", "--db", db)
    assert code == 0, err
    report = json.loads(out)
    assert report["apply"][0]["action"] == "add", report["apply"][0]["reasons"]
    assert _catalog_state(db)[0] == count + 1
    code, out, _ = run(capsys, "exercises", "show", "landmine-romanian-deadlift", "--json", "--db", db)
    added = json.loads(out)
    assert added["origin"] == "ingest" and len(added["steps"]) == 5
    assert "landmine-rdl-cluttered.html" in added["sources"][0]["note"]

    # A second page about the same exercise: only empty fields are filled, with a diff and provenance.
    code, out, err = run(capsys, "ingest", str(MD_PAGE), "--apply", "--db", db)
    assert code == 0, err
    assert "filled landmine-romanian-deadlift" in out and "variation_notes" in out
    code, out, _ = run(capsys, "exercises", "show", "landmine-romanian-deadlift", "--json", "--db", db)
    after = json.loads(out)
    assert after["steps"] == added["steps"] and after["summary"] == added["summary"]
    assert after["variation_notes"] == ["Single-leg landmine Romanian deadlift",
                                        "Staggered-stance landmine Romanian deadlift"]
    assert "variation_notes" in after["sources"][-1]["note"] and "landmine-rdl-variations.md" in after["sources"][-1]["note"]


@needs_seeds
def test_apply_on_curated_library_entries_keeps_them(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, before, _ = run(capsys, "exercises", "show", "lever-back-extension", "--json", "--db", db)
    code, _out, err = run(capsys, "ingest", str(SEEDS), "--apply", "--db", db)
    assert code == 0, err
    code, after, _ = run(capsys, "exercises", "show", "lever-back-extension", "--json", "--db", db)
    assert json.loads(after)["steps"] == json.loads(before)["steps"]
    assert json.loads(after)["tips"] == json.loads(before)["tips"]


@pytest.fixture
def page_server() -> Iterator[str]:
    """A local HTTP server serving tests/data/ingest/pages/."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_http_url_is_fetched(capsys: pytest.CaptureFixture[str], db: str, page_server: str) -> None:
    url = f"{page_server}/{HTML_PAGE.name}"
    code, out, err = run(capsys, "ingest", url, "--json", "--db", db)
    assert code == 0, err
    (doc,) = json.loads(out)["documents"]
    assert doc["source"] == url and doc["exercises"][0]["name"] == "Landmine Romanian Deadlift"
    code, _, err = run(capsys, "ingest", f"{page_server}/missing.html", "--db", db)
    assert code == 2 and "cannot fetch" in err and err.count("\n") == 1


def test_fetch_has_a_size_cap(page_server: str) -> None:
    from trainwise.services.ingest import IngestError, fetch_url

    with pytest.raises(IngestError, match="larger than"):
        fetch_url(f"{page_server}/{HTML_PAGE.name}", max_bytes=100)


def test_new_exercise_missing_facts_needs_review(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Wall Angel Slide\n\nA gentle drill that works your traps and rhomboids.\n\n"
                    "## How to do it\n\n- Stand with your back to a wall.\n- Slide your arms up.\n", encoding="utf-8")
    before = _catalog_state(db)
    code, out, err = run(capsys, "ingest", str(page), "--apply", "--json", "--db", db)
    assert code == 0, err
    (action,) = json.loads(out)["apply"]
    assert action["action"] == "needs_review" and action["reasons"]
    assert _catalog_state(db) == before
