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
from typing import Any

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


def _check_contract(report: dict[str, Any]) -> list[dict[str, Any]]:
    docs = report["documents"]
    assert isinstance(docs, list) and docs
    out: list[dict[str, Any]] = []
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


FAQ_PAGE = """# Landmine Romanian Deadlift

Also known as: Landmine RDL, Corner-Barbell RDL

The landmine Romanian deadlift is a hinge that trains your hamstrings and glutes with an anchored barbell.

## How to do it

1. Stand facing the end of the bar.
2. Hinge at the hips.
3. Stand back up.

## FAQ

- Is the landmine RDL easier on the back?

The arc of the bar keeps the load close to your body, so most people find it gentler on the lower back.

- How heavy should I go?

Start light and add weight once you can keep a flat back for every rep.
"""


def test_apply_fills_faq_and_adds_aliases_of_an_existing_entry(capsys: pytest.CaptureFixture[str], db: str,
                                                               tmp_path: Path) -> None:
    code, _, err = run(capsys, "ingest", str(HTML_PAGE), "--apply", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "exercises", "show", "landmine-romanian-deadlift", "--json", "--db", db)
    added = json.loads(out)
    assert added["faq"] == [] and "Landmine RDL" not in added["aliases"]

    page = tmp_path / "faq.md"
    page.write_text(FAQ_PAGE, encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(page), "--apply", "--db", db)
    assert code == 0, err
    assert "filled landmine-romanian-deadlift" in out and "aliases" in out and "faq" in out
    assert "Is the landmine RDL easier on the back? — The arc of the bar" in out  # the diff shows the FAQ
    code, out, _ = run(capsys, "exercises", "show", "landmine-romanian-deadlift", "--json", "--db", db)
    after = json.loads(out)
    assert after["aliases"] == [*added["aliases"], "Landmine RDL", "Corner-Barbell RDL"]
    assert [f["question"] for f in after["faq"]] == ["Is the landmine RDL easier on the back?",
                                                      "How heavy should I go?"]
    note = after["sources"][-1]["note"]
    assert "aliases" in note and "faq" in note and "faq.md" in note
    assert after["steps"] == added["steps"]  # curated (here: first ingested) text is kept

    # Again: nothing new to add, the aliases are not duplicated (case and punctuation ignored).
    page.write_text(FAQ_PAGE.replace("Landmine RDL, Corner-Barbell RDL", "landmine rdl, corner barbell RDL"),
                    encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(page), "--apply", "--json", "--db", db)
    assert code == 0, err
    assert json.loads(out)["apply"][0]["action"] == "unchanged"


HANDOUT = """---
title: "Home sheet"
---

# Knee clinic — home sheet

Please do these every day.

## Exercise 1: Straight Leg Raise

**You will need**
An exercise mat.

**Starting position**
Lie on your back with one knee bent.

**Movement**

1. Tighten the thigh of the straight leg.
2. Lift it to the height of the bent knee.
3. Lower it slowly.

**Repeat**
3 sets of 10.

### Can I do it with a brace on?

Yes, if your physiotherapist has fitted it.

## Exercise 2: Heel Slide

**Starting position**
Lie on your back with both legs straight.

**Movement**

1. Slide one heel toward your bottom.
2. Slide it back down.

**Repeat**
Repeat 15 times.
"""

ALIAS_PAGE = """# Forearm Side Hold

Also known as the side bridge, this hold trains the obliques.

## How to do it

1. Lie on your side on one forearm.
2. Lift your hips until your body is straight.
3. Hold, then lower.
"""


def test_numbered_handout_gives_one_exercise_per_section(capsys: pytest.CaptureFixture[str], db: str,
                                                         tmp_path: Path) -> None:
    page = tmp_path / "handout.md"
    page.write_text(HANDOUT, encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(page), "--json", "--db", db)
    assert code == 0, err
    (doc,) = json.loads(out)["documents"]
    assert doc["title"] == "Knee clinic — home sheet"
    raise_, slide = doc["exercises"]
    assert set(raise_) >= CONTRACT and (raise_["name"], slide["name"]) == ("Straight Leg Raise", "Heel Slide")
    assert len(raise_["steps"]) == 4 and raise_["steps"][0].startswith("Lie on your back")
    assert raise_["sets_reps"] == "3 x 10" and slide["sets_reps"] == "1 x 15"
    assert raise_["equipment"] == ["mat"] and raise_["faq"][0]["question"] == "Can I do it with a brace on?"


def test_apply_proposes_the_page_name_of_an_entry_matched_by_alias(capsys: pytest.CaptureFixture[str], db: str,
                                                                   tmp_path: Path) -> None:
    page = tmp_path / "side.md"
    page.write_text(ALIAS_PAGE, encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(page), "--json", "--db", db)
    assert code == 0, err
    (ex,) = json.loads(out)["documents"][0]["exercises"]
    assert ex["matched_slug"] == "side-plank" and ex["match"] == "alias"
    assert "Forearm Side Hold" not in ex["aliases"]  # the JSON lists only aliases the page states
    code, out, err = run(capsys, "ingest", str(page), "--apply", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "exercises", "show", "side-plank", "--json", "--db", db)
    assert "Forearm Side Hold" in json.loads(out)["aliases"]
