"""free-exercise-db import: mapping, merging with built-ins, idempotence (read at test time)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED
from trainwise.bootstrap import open_catalog
from trainwise.config import get_settings
from trainwise.domain import vocabulary as v
from trainwise.domain.free_exercise_db import DATASET, map_entry
from trainwise.services.importing import (
    DatasetError,
    import_free_exercise_db,
    validate_free_exercise_db,
)

FEDB = SHARED / "data" / "free-exercise-db" / "exercises.json"


@pytest.fixture(scope="module")
def entries() -> list[dict[str, object]]:
    return json.loads(FEDB.read_text())


def test_every_entry_maps_into_the_vocabulary(entries: list[dict[str, object]]) -> None:
    assert len(entries) == 873
    for entry in entries:
        e = map_entry(entry)
        assert e.primary_muscles and all(m in v.MUSCLES for m in e.primary_muscles)
        assert all(m in v.MUSCLES for m in e.secondary_muscles)
        assert all(x in v.EQUIPMENT for x in e.equipment)
        assert e.patterns and all(p in v.PATTERNS for p in e.patterns)
        assert e.level in ("beginner", "intermediate", "advanced")
        assert e.category in v.CATEGORIES


def test_mapping_reads_muscles_equipment_and_safety_tags(entries: list[dict[str, object]]) -> None:
    by_name = {str(x["name"]): x for x in entries}
    deadlift = map_entry(by_name["Barbell Deadlift"])
    assert deadlift.equipment == ("barbell",)
    assert "heavy_axial_load" in deadlift.tags
    assert deadlift.level in ("intermediate", "advanced")
    hyper = map_entry(by_name["Hyperextensions (Back Extensions)"])
    assert hyper.primary_muscles == ("erector_spinae",)
    assert hyper.patterns == ("trunk_extension",)


def test_import_merges_matches_and_is_idempotent(db_url: str, entries: list[dict[str, object]]) -> None:
    repo = open_catalog(get_settings(database_url=db_url))
    builtin = repo.count()
    seen: list[int] = []
    first = import_free_exercise_db(repo, entries, progress=seen.append)
    assert seen[-1] == 873
    assert first.total == 873
    assert first.merged >= 10
    assert first.added + first.merged == 873
    assert repo.count() == builtin + first.added
    links = repo.external_ids(DATASET)
    assert links["Barbell_Deadlift"] == "deadlift"
    assert links["Hyperextensions_Back_Extensions"] == "back-extension-bench"
    deadlift = repo.get("deadlift")
    assert deadlift is not None and deadlift.origin == "builtin"
    assert deadlift.external_ids[DATASET] == "Barbell_Deadlift"
    rev = repo.revision()
    second = import_free_exercise_db(repo, entries)
    assert (second.added, second.updated, second.merged_new) == (0, 0, 0)
    assert second.unchanged == first.added
    assert repo.revision() == rev
    # Reloading the built-in library keeps the links.
    from trainwise.library.loader import load_builtin_library
    from trainwise.services.catalog import load_library

    load_library(repo, load_builtin_library())
    assert repo.external_ids(DATASET)["Barbell_Deadlift"] == "deadlift"
    repo.engine.dispose()


def test_bad_dataset_is_refused() -> None:
    with pytest.raises(DatasetError):
        validate_free_exercise_db({"not": "a list"})
    with pytest.raises(DatasetError, match="entry 1"):
        validate_free_exercise_db([{"id": "a", "name": "A", "primaryMuscles": []}, {"name": "B"}])
