"""Storage, search and substitutes on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from trainwise.bootstrap import open_catalog
from trainwise.config import get_settings
from trainwise.domain.errors import UnknownExerciseError
from trainwise.domain.search import ExerciseQuery
from trainwise.library.loader import load_builtin_library
from trainwise.services import catalog as svc
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import current_revision, head_revision, upgrade

BACK_EXTENSION_SEEDS = {
    "ball-back-extension-hands-behind-head", "back-extension-bench", "prone-back-extension",
    "ball-back-extension", "bosu-back-extension", "lever-back-extension", "weighted-back-extension",
}


@pytest.fixture
def catalog(loaded_url: str) -> Iterator[SqlCatalog]:
    repo = open_catalog(get_settings(database_url=loaded_url))
    yield repo
    repo.engine.dispose()


def slugs(page_items: object) -> list[str]:
    return [e.slug for e in page_items]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ set-up and loading

def test_upgrade_creates_the_schema_and_a_local_user(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM users WHERE is_local_default")).scalar() == 1
    engine.dispose()


def test_catalog_load_is_idempotent_and_updates_changed_entries(db_url: str) -> None:
    repo = open_catalog(get_settings(database_url=db_url), setup=False)
    upgrade(repo.engine)
    library = load_builtin_library()
    first = svc.load_library(repo, library)
    assert len(first.added) == len(library)
    rev = repo.revision()
    second = svc.load_library(repo, library)
    assert second.added == () and second.updated == ()
    assert repo.revision() == rev
    changed = [replace(e, summary="Changed summary.") if e.slug == "bird-dog" else e for e in library]
    third = svc.load_library(repo, changed)
    assert third.updated == ("bird-dog",)
    assert repo.get("bird-dog").summary == "Changed summary."  # type: ignore[union-attr]
    assert repo.revision() == rev + 1
    assert repo.count() == len(library)
    repo.engine.dispose()


def test_exercises_round_trip_exactly(catalog: SqlCatalog) -> None:
    for e in load_builtin_library()[:40]:
        assert catalog.get(e.slug) == e


# ------------------------------------------------------------------ lookup

def test_find_by_name_or_alias(catalog: SqlCatalog) -> None:
    assert svc.get_exercise(catalog, "Prone spinal extension").slug == "prone-back-extension"
    assert svc.get_exercise(catalog, "hyperextension").slug == "back-extension-bench"
    assert svc.get_exercise(catalog, "LEVER BACK EXTENSION").slug == "lever-back-extension"


def test_unknown_exercise_suggests_nearest(catalog: SqlCatalog) -> None:
    with pytest.raises(UnknownExerciseError) as err:
        svc.get_exercise(catalog, "lever back extenshun")
    assert "lever-back-extension" in err.value.suggestions


# ------------------------------------------------------------------ search

def test_back_extension_search_lists_the_seed_variants_first(catalog: SqlCatalog) -> None:
    page = svc.search_exercises(catalog, ExerciseQuery(text="back extension", limit=10))
    top = slugs(page.items)[: len(BACK_EXTENSION_SEEDS)]
    assert set(top) == BACK_EXTENSION_SEEDS, top


def test_search_forgives_typos(catalog: SqlCatalog) -> None:
    page = svc.search_exercises(catalog, ExerciseQuery(text="back extention", limit=10))
    assert page.corrected_text == "back extension"
    assert set(slugs(page.items)[:7]) == BACK_EXTENSION_SEEDS


def test_search_handles_plurals_and_equipment_aliases(catalog: SqlCatalog) -> None:
    page = svc.search_exercises(catalog, ExerciseQuery(text="swiss balls", limit=50))
    found = slugs(page.items)
    assert "ball-back-extension" in found and "ball-reverse-hyperextension" in found
    assert all("exercise_ball" in {x for o in e.equipment_options for x in o} for e in page.items[:5])


def test_search_by_muscle_alias_text(catalog: SqlCatalog) -> None:
    page = svc.search_exercises(catalog, ExerciseQuery(text="spinal erectors", limit=20))
    assert page.items and all("erector_spinae" in (*e.primary_muscles, *e.secondary_muscles) for e in page.items[:10])


def test_nonsense_query_returns_fuzzy_suggestions_not_an_error(catalog: SqlCatalog) -> None:
    page = svc.search_exercises(catalog, ExerciseQuery(text="bird dgo", limit=5))
    assert "bird-dog" in slugs(page.items)


def test_filter_by_equipment_keeps_only_doable_exercises(catalog: SqlCatalog) -> None:
    have = ("exercise_ball", "mat")
    page = svc.search_exercises(catalog, ExerciseQuery(equipment=have, limit=1000))
    assert page.total == len(page.items) > 20
    assert all(e.doable_with(have) for e in page.items)
    expected = {e.slug for e in load_builtin_library() if e.doable_with(have)}
    assert set(slugs(page.items)) == expected


def test_filter_by_muscle_group_level_category_pattern(catalog: SqlCatalog) -> None:
    muscles = svc.resolve_muscles(["posterior chain"])
    q = ExerciseQuery(muscles=muscles, levels=("beginner",), categories=("strength",),
                      patterns=("trunk_extension",), limit=100)
    page = svc.search_exercises(catalog, q)
    assert "ball-back-extension" in slugs(page.items)
    for e in page.items:
        assert e.level == "beginner" and e.category == "strength" and "trunk_extension" in e.patterns
        assert set(muscles) & {*e.primary_muscles, *e.secondary_muscles}


def test_muscle_filter_lists_primary_targets_first(catalog: SqlCatalog) -> None:
    page = svc.search_exercises(catalog, ExerciseQuery(muscles=("hamstrings",), limit=1000))
    flags = ["hamstrings" in e.primary_muscles for e in page.items]
    assert flags == sorted(flags, reverse=True)


def test_exclude_tags_and_conditions(catalog: SqlCatalog) -> None:
    q = ExerciseQuery(exclude_tags=("heavy_axial_load",), limit=1000)
    assert all("heavy_axial_load" not in e.tags for e in svc.search_exercises(catalog, q).items)
    q = ExerciseQuery(safe_for=("acute_lbp",), limit=1000)
    items = svc.search_exercises(catalog, q).items
    assert "deadlift" not in slugs(items)
    assert all("acute_lbp" not in e.all_contraindications for e in items)


def test_pagination_reports_total(catalog: SqlCatalog) -> None:
    first = svc.search_exercises(catalog, ExerciseQuery(limit=10))
    second = svc.search_exercises(catalog, ExerciseQuery(limit=10, offset=10))
    assert first.total == second.total == catalog.count()
    assert not set(slugs(first.items)) & set(slugs(second.items))


def test_text_search_with_filters(catalog: SqlCatalog) -> None:
    q = ExerciseQuery(text="back extension", equipment=(), limit=20)
    page = svc.search_exercises(catalog, q)
    assert "prone-back-extension" in slugs(page.items)
    assert "lever-back-extension" not in slugs(page.items)


# ------------------------------------------------------------------ substitutes

def test_substitutes_share_pattern_and_primary_muscles_and_fit_the_equipment(catalog: SqlCatalog) -> None:
    target = catalog.get("lever-back-extension")
    assert target is not None
    subs = svc.find_substitutes(catalog, "lever-back-extension", equipment=["exercise_ball"])
    assert subs, "a ball user must get a substitute for the lever machine"
    assert subs[0].slug in {"ball-back-extension", "ball-back-extension-hands-behind-head"}
    for e in subs:
        assert set(e.patterns) & set(target.patterns)
        assert set(e.primary_muscles) & set(target.primary_muscles)
        assert e.doable_with(["exercise_ball"])
        assert e.slug != target.slug


def test_substitutes_without_equipment_filter_include_machines(catalog: SqlCatalog) -> None:
    subs = svc.find_substitutes(catalog, "ball-back-extension", limit=50)
    assert "lever-back-extension" in slugs(subs)
