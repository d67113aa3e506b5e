"""`trainwise export library` (JSON and Markdown) and reading the JSON back with `import library`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from trainwise.bootstrap import open_catalog
from trainwise.config import get_settings
from trainwise.domain.exercises import exercise_to_dict
from trainwise.services.export import FORMAT, read_library_document
from trainwise.services.importing import DatasetError
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import upgrade

WGER = Path(__file__).resolve().parents[1] / "data" / "wger" / "exerciseinfo-page.json"


@pytest.fixture
def source_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A library with the built-in exercises and some imported from wger (with external ids)."""
    db = str(tmp_path / "source.db")
    code, _, err = run(capsys, "import", "wger", str(WGER), "--json", "--db", db)
    assert code == 0, err
    return db


def _library(db: str) -> list[dict[str, Any]]:
    repo = open_catalog(get_settings(database_url=db), setup=False)
    try:
        return [exercise_to_dict(e) for e in sorted(repo.all(), key=lambda e: e.slug)]
    finally:
        repo.engine.dispose()


def test_json_export_is_one_document_that_loads_back_into_a_fresh_database(
    source_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "export", "library", "--db", source_db)
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == FORMAT and doc["version"] == 1
    exported = doc["exercises"]
    assert exported == _library(source_db)
    assert {e["origin"] for e in exported} == {"builtin", "wger"}
    assert next(e for e in exported if e["slug"] == "goblet-squat")["external_ids"] == {"wger": "9101"}

    file = tmp_path / "out" / "library.json"
    code, out, _ = run(capsys, "export", "library", "--format", "json", "--output", str(file), "--db", source_db)
    assert code == 0 and f"exported {len(exported)} exercises" in out
    assert json.loads(file.read_text(encoding="utf-8")) == doc

    # A fresh, empty database (schema only): loading the document gives the same library.
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    engine = make_engine(fresh)
    upgrade(engine)
    assert SqlCatalog(engine).count() == 0
    engine.dispose()
    code, out, err = run(capsys, "import", "library", str(file), "--json", "--db", fresh)
    assert code == 0, err
    assert json.loads(out) == {"added": len(exported), "updated": 0, "unchanged": 0}
    assert _library(fresh) == exported
    code, out, _ = run(capsys, "import", "library", str(file), "--json", "--db", fresh)
    assert json.loads(out) == {"added": 0, "updated": 0, "unchanged": len(exported)}


def test_import_library_refuses_other_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "x.db")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "something-else", "exercises": []}))
    bad_entry = tmp_path / "bad.json"
    bad_entry.write_text(json.dumps({"format": FORMAT, "version": 1, "exercises": [{"slug": "x"}]}))
    for path in (other, bad_entry, tmp_path / "missing.json", WGER):
        code, _, err = run(capsys, "import", "library", str(path), "--db", db)
        assert code == 2, path
        assert err.startswith("error: ") and err.count("\n") == 1, err
    with pytest.raises(DatasetError, match="version"):
        read_library_document({"format": FORMAT, "version": 99, "exercises": []})
    entry = {"slug": "../escape", "name": "X", "level": "beginner", "category": "strength"}
    with pytest.raises(DatasetError, match="kebab-case"):
        read_library_document({"format": FORMAT, "version": 1, "exercises": [entry]})
    assert [e.slug for e in read_library_document([{**entry, "slug": "ok-slug"}])] == ["ok-slug"]


def test_markdown_export_writes_one_complete_guide_per_exercise(
    source_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "guides"
    code, out, _ = run(capsys, "export", "library", "--format", "markdown", "--output", str(folder), "--db", source_db)
    assert code == 0 and "exported" in out
    slugs = {e["slug"] for e in _library(source_db)}
    assert {p.stem for p in folder.glob("*.md")} == slugs | {"index"}
    deadlift = (folder / "deadlift.md").read_text(encoding="utf-8")
    assert deadlift.startswith("# Deadlift\n")
    for heading in ("## Steps", "## Tips", "## Common mistakes", "## Muscles", "## Equipment", "## About",
                    "## Sets & reps", "## Variations", "## Safety"):
        assert f"\n{heading}\n" in deadlift, heading
    assert "*Also known as:*" in deadlift
    assert "**Level:**" in deadlift and "| beginner |" in deadlift
    assert "](good-morning.md)" in deadlift, "links point to the other guides"
    assert "1. " in deadlift
    with_faq = [p for p in folder.glob("*.md") if "\n## FAQ\n" in p.read_text(encoding="utf-8")]
    assert with_faq, "entries with questions render an FAQ section"
    goblet_plank = (folder / "forearm-plank-hold.md").read_text(encoding="utf-8")
    assert "*Also known as:* Elbow plank" in goblet_plank and "Exercise mat" in goblet_plank
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert "- [Deadlift](deadlift.md)" in index


def test_markdown_export_to_one_file_and_to_stdout(
    source_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = tmp_path / "library.md"
    code, _, _ = run(capsys, "export", "library", "--format", "markdown", "-o", str(book), "--db", source_db)
    assert code == 0
    text = book.read_text(encoding="utf-8")
    assert text.startswith("# Exercise library\n")
    assert '<a id="deadlift"></a>' in text and "\n## Deadlift\n" in text and "\n### Steps\n" in text
    assert "](#good-morning)" in text
    code, out, _ = run(capsys, "export", "library", "--format", "markdown", "--db", source_db)
    assert code == 0 and out == text


def test_bad_export_options_are_one_line_errors(source_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "export", "library", "--format", "pdf", "--db", source_db)
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    a_file = tmp_path / "taken.txt"
    a_file.write_text("x")
    code, _, err = run(capsys, "export", "library", "--format", "markdown", "-o", str(a_file), "--db", source_db)
    assert code == 2 and "is a file" in err


def test_round_trip_into_each_database_kind(
    source_db: str, db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    file = tmp_path / "library.json"
    assert run(capsys, "export", "library", "-o", str(file), "--db", source_db)[0] == 0
    exported = json.loads(file.read_text(encoding="utf-8"))["exercises"]
    code, _, err = run(capsys, "import", "library", str(file), "--db", db_url)
    assert code == 0, err
    assert _library(db_url) == exported
    repo = open_catalog(get_settings(database_url=db_url), setup=False)
    assert repo.external_ids("wger")["9101"] == "goblet-squat"
    repo.engine.dispose()
