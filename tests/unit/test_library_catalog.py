"""The built-in library as a whole: valid, broad enough to build whole plans, safely tagged."""

from __future__ import annotations

from collections import Counter

import pytest

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import catalog_problems
from trainwise.library.loader import library_dir, load_builtin_library

LIB = {e.slug: e for e in load_builtin_library()}


def test_there_are_at_least_150_exercises_one_file_each() -> None:
    assert len(LIB) >= 150
    assert len(list(library_dir().glob("*.toml"))) == len(LIB)


def test_every_entry_is_valid_with_unique_names_and_no_dangling_links() -> None:
    assert catalog_problems(LIB.values()) == []


def test_strength_entries_have_three_steps_sets_reps_and_safety() -> None:
    for e in LIB.values():
        if e.category in ("strength", "rehab", "plyometrics"):
            assert len(e.steps) >= 3, e.slug
            assert "beginner" in e.sets_reps, e.slug
        assert e.safety, f"{e.slug} has no safety note"


@pytest.mark.parametrize("group", [g.slug for g in v.MUSCLE_GROUPS if not g.facts.get("composite")])
def test_every_muscle_group_is_trained_as_a_primary_target(group: str) -> None:
    members = set(v.muscles_in_group(group))
    assert any(members & set(e.primary_muscles) for e in LIB.values()), group


def test_every_named_muscle_is_a_primary_target_somewhere() -> None:
    primary = Counter(m for e in LIB.values() for m in e.primary_muscles)
    missing = [m for m in v.MUSCLES.slugs if primary[m] == 0]
    assert missing == []


def test_every_equipment_kind_is_used() -> None:
    used = {
        item for e in LIB.values() for option in (*e.equipment_options, e.optional_equipment) for item in option
    }
    assert set(v.EQUIPMENT.slugs) - {"other"} <= used


def test_every_category_is_present() -> None:
    assert {e.category for e in LIB.values()} == set(v.CATEGORIES.slugs)


def test_bodyweight_only_training_covers_every_rubric_pattern_needed_for_a_plan() -> None:
    bodyweight = [e for e in LIB.values() if e.doable_with([])]
    assert len(bodyweight) >= 40
    patterns = {p for e in bodyweight for p in e.patterns}
    for needed in ("knee_dominant", "hip_dominant", "upper_push_horizontal", "upper_pull_horizontal",
                   "trunk_anti_extension", "trunk_anti_lateral_flexion", "trunk_anti_rotation",
                   "trunk_extension", "mobility", "balance", "aerobic"):
        assert needed in patterns, needed


def test_mcgill_big_three_are_present_and_tagged() -> None:
    for slug in ("mcgill-curl-up", "side-plank", "bird-dog"):
        assert "mcgill_big_three" in LIB[slug].tags


def _reachable(start: str, attr: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        slug = todo.pop()
        for nxt in getattr(LIB[slug], attr):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_back_extension_ladder_climbs_from_floor_to_machine() -> None:
    up = _reachable("prone-back-extension", "progressions")
    for slug in ("ball-back-extension", "ball-back-extension-hands-behind-head", "back-extension-bench"):
        assert slug in up
    assert {"weighted-back-extension", "lever-back-extension"} & up
    down = _reachable("back-extension-bench", "regressions")
    assert {"upward-facing-dog", "sphinx-pose"} <= down


def test_progression_links_have_matching_regressions() -> None:
    missing = [
        f"{e.slug} -> {p}" for e in LIB.values() for p in e.progressions
        if e.slug not in LIB[p].regressions and e.slug not in LIB[p].alternatives
    ]
    assert missing == []


def test_spine_loading_tags_imply_back_pain_contraindications() -> None:
    for e in LIB.values():
        if {"heavy_axial_load", "loaded_spinal_flexion", "loaded_spinal_rotation"} & set(e.tags):
            assert "acute_lbp" in e.all_contraindications, e.slug
        assert not ({"loaded_spinal_flexion", "spine_neutral"} <= set(e.tags)), e.slug


def test_jumping_exercises_are_marked_high_impact() -> None:
    for e in LIB.values():
        if any(word in e.slug for word in ("jump", "hop", "burpee")):
            assert "high_impact" in e.tags, e.slug
