"""`trainwise import wger` on a page shaped like wger's real exerciseinfo output (see
tests/unit/test_wger.py): what lands in the library, variation links, idempotence, bad shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run
from trainwise.bootstrap import open_catalog
from trainwise.config import get_settings
from trainwise.domain.exercises import catalog_problems
from trainwise.domain.wger import DATASET
from trainwise.library.loader import load_builtin_library

DATA = Path(__file__).resolve().parents[1] / "data" / "wger"
REAL = DATA / "real-shape-page.json"


def test_real_shape_import_stores_links_and_credits(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "wger.db")
    code, out, err = run(capsys, "import", "wger", str(REAL), "--json", "--db", db)
    assert code == 0, err
    report = json.loads(out)
    assert report["total"] == 12 and report["imported"] == 11
    assert report["skipped"] == [{"id": "805", "reason": "no English translation"}]
    assert report["added"] + report["merged_with_builtin"] == 11

    repo = open_catalog(get_settings(database_url=db), setup=False)
    links = repo.external_ids(DATASET)
    assert set(links) == {"192", "193", "57", "91", "31", "32", "20", "345", "81", "74", "238"}
    assert "805" not in links
    assert links["192"] == "barbell-bench-press", "merged into the built-in by its alias 'bench press'"
    assert links["31"] == "pull-up"

    push = repo.get(links["57"])
    builtin_push = next(e for e in load_builtin_library() if e.slug == "push-up")
    assert push is not None and push.slug == "push-up" and push.origin == "builtin", "wger's Push-ups is our Push-Up"
    assert push.alternatives == builtin_push.alternatives, "a built-in merged into is linked to, never changed"
    curl, hammer = repo.get(links["74"]), repo.get(links["81"])
    assert curl is not None and hammer is not None
    assert curl.alternatives == (hammer.slug,) and hammer.alternatives == (curl.slug,)
    cable = repo.get(links["238"])
    assert cable is not None and cable.alternatives == (), "a group of one links nothing"
    assert cable.equipment == ("cable_machine",)
    assert "CC-BY-SA 4" in cable.sources[0].note and "cablecrew" in cable.sources[0].note
    stored = [e for e in repo.all() if e.origin == "wger"]
    assert report["variation_links"] == sum(len(e.alternatives) for e in stored) == 2
    problems = catalog_problems(repo.all())
    assert not [p for p in problems if "links to unknown" in p or "links to itself" in p], problems
    assert not [p for p in problems if "Push up" in p], problems
    rev = repo.revision()
    repo.engine.dispose()

    code, out, _ = run(capsys, "import", "wger", str(REAL), "--db", db)
    assert code == 0
    assert "0 added, 0 updated" in out and "2 variation links" in out and "1 skipped" in out
    repo = open_catalog(get_settings(database_url=db), setup=False)
    assert repo.revision() == rev, "a second run changes nothing"
    repo.engine.dispose()


def test_a_taken_slug_still_gets_the_right_links(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Links are planned with the slugs the import will give, '-wger' suffixes included."""
    page: dict[str, Any] = json.loads(REAL.read_text(encoding="utf-8"))
    twin = json.loads(json.dumps(next(r for r in page["results"] if r["id"] == 74)))
    twin["id"] = 9074
    page["results"].insert(0, twin)  # takes "biceps-curls-with-sz-bar" first
    file = tmp_path / "twin.json"
    file.write_text(json.dumps(page), encoding="utf-8")
    db = str(tmp_path / "twin.db")
    code, _, err = run(capsys, "import", "wger", str(file), "--db", db)
    assert code == 0, err
    repo = open_catalog(get_settings(database_url=db), setup=False)
    links = repo.external_ids(DATASET)
    assert links["9074"] == "biceps-curls-with-sz-bar" and links["74"] == "biceps-curls-with-sz-bar-wger"
    hammer = repo.get(links["81"])
    assert hammer is not None and hammer.alternatives == ("biceps-curls-with-sz-bar", "biceps-curls-with-sz-bar-wger")
    repo.engine.dispose()


def _variant(tmp_path: Path, name: str, change: Any) -> str:
    page = json.loads(REAL.read_text(encoding="utf-8"))
    change(page["results"])
    file = tmp_path / f"{name}.json"
    file.write_text(json.dumps(page), encoding="utf-8")
    return str(file)


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        ("exercise-endpoint", lambda rs: rs[0].update(category=11, muscles=[4]), "/api/v2/exerciseinfo/"),
        ("no-name", lambda rs: rs[4]["translations"][0].pop("name"), 'wger entry 4 (id 31): a translation has no "name"'),
        ("bad-group", lambda rs: rs[1].update(variation_group=["a"]), '"variation_group"'),
        ("not-objects", lambda rs: rs.append(7), "wger entry 12: not a JSON object"),
    ],
)
def test_bad_shapes_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, change: Any, message: str
) -> None:
    code, out, err = run(capsys, "import", "wger", _variant(tmp_path, name, change), "--db", str(tmp_path / "x.db"))
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err
