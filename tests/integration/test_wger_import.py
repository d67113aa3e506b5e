"""wger import on SQLite and PostgreSQL: merging with built-ins, links, idempotence, CLI errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trainwise.bootstrap import open_catalog
from trainwise.cli import main
from trainwise.config import get_settings
from trainwise.domain.wger import DATASET
from trainwise.services.importing import DatasetError
from trainwise.services.wger_import import import_wger, validate_wger

DATA = Path(__file__).resolve().parents[1] / "data" / "wger"


def _results(name: str) -> list[Any]:
    return validate_wger(json.loads((DATA / name).read_text(encoding="utf-8")))


def test_import_merges_links_and_is_idempotent(db_url: str) -> None:
    repo = open_catalog(get_settings(database_url=db_url))
    builtin = repo.count()
    results = _results("exerciseinfo-page.json") + _results("exerciseinfo-pages-old.json")
    seen: list[int] = []
    first = import_wger(repo, results, progress=seen.append)
    r = first.report
    assert [s.id for s in first.skipped] == ["9104"]
    assert r.total == 9 and seen[-1] == 10, "the bar ends at every result, skipped ones too"
    assert r.merged == 2, "Goblet Squat and Deadlift are built-in exercises"
    assert r.added + r.merged == 9
    assert repo.count() == builtin + r.added
    links = repo.external_ids(DATASET)
    assert links["9101"] == "goblet-squat" and links["9202"] == "deadlift"
    goblet = repo.get("goblet-squat")
    assert goblet is not None and goblet.origin == "builtin" and goblet.external_ids[DATASET] == "9101"
    curl = repo.get("curl-with-the-angled-bar")
    assert curl is not None and curl.origin == "wger" and curl.external_ids[DATASET] == "9102"
    assert repo.find("Elbow plank") is not None
    rev = repo.revision()
    second = import_wger(repo, results)
    assert (second.report.added, second.report.updated, second.report.merged_new) == (0, 0, 0)
    assert second.report.unchanged == r.added
    assert repo.revision() == rev
    repo.engine.dispose()


def test_a_name_taken_by_another_dataset_gets_its_own_slug(db_url: str) -> None:
    repo = open_catalog(get_settings(database_url=db_url))
    page = json.loads((DATA / "exerciseinfo-page.json").read_text(encoding="utf-8"))
    twin = json.loads(json.dumps(page["results"][1]))
    twin["id"] = 9999
    import_wger(repo, [page["results"][1], twin])
    links = repo.external_ids(DATASET)
    assert links["9102"] == "curl-with-the-angled-bar"
    assert links["9999"] == "curl-with-the-angled-bar-wger"
    import_wger(repo, [twin, page["results"][1]])
    assert repo.external_ids(DATASET) == links, "slugs stay stable whatever the order"
    repo.engine.dispose()


def test_bad_data_is_refused() -> None:
    with pytest.raises(DatasetError, match="results"):
        validate_wger({"count": 0})


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


def test_cli_imports_with_json_and_reports_bad_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    code, out, _ = _run(capsys, "import", "wger", str(DATA / "exerciseinfo-page.json"), "--json", "--db", db)
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 7 and data["imported"] == 6 and data["merged_with_builtin"] == 1
    assert data["skipped"] == [{"id": "9104", "reason": "no English translation"}]
    code, out, _ = _run(capsys, "import", "wger", str(DATA / "exerciseinfo-page.json"), "--db", db)
    assert code == 0 and "0 added" in out and "1 skipped" in out
    for bad in ("not-wger.json", "truncated.json", "missing.json"):
        code, out, err = _run(capsys, "import", "wger", str(DATA / bad), "--db", db)
        assert code == 2, bad
        assert err.startswith("error: ") and err.count("\n") == 1, err
