"""The controlled vocabularies and their aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import UnknownTermError

REQUIRED_MUSCLES = [
    "erector_spinae", "glutes", "hamstrings", "quadriceps", "adductors", "abductors", "hip_flexors",
    "calves", "abdominals", "obliques", "transverse_abdominis", "lats", "traps", "rhomboids",
    "rear_delts", "front_delts", "side_delts", "chest", "triceps", "biceps", "forearms", "neck",
]
REQUIRED_EQUIPMENT = [
    "bodyweight", "mat", "exercise_ball", "bosu", "back_extension_bench", "lever_back_extension_machine",
    "barbell", "dumbbells", "kettlebells", "weight_plate", "bench", "squat_rack", "cable_machine",
    "machines", "resistance_band", "pullup_bar", "dowel", "foam_roller", "yoga_block", "chair",
]
FEDB_MUSCLES = {
    "abdominals", "abductors", "adductors", "biceps", "calves", "chest", "forearms", "glutes",
    "hamstrings", "lats", "lower back", "middle back", "neck", "quadriceps", "shoulders", "traps",
    "triceps",
}


def test_every_required_muscle_is_in_a_group_and_mapped_to_free_exercise_db() -> None:
    for slug in REQUIRED_MUSCLES:
        term = v.MUSCLES.get(slug)
        assert term.facts["group"] in v.MUSCLE_GROUPS
        assert term.facts["free_exercise_db"] in FEDB_MUSCLES


def test_every_free_exercise_db_muscle_name_is_covered_by_some_muscle() -> None:
    covered = {m.facts["free_exercise_db"] for m in v.MUSCLES}
    assert covered == FEDB_MUSCLES


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("lower back", "erector_spinae"),
        ("spinal erectors", "erector_spinae"),
        ("Paraspinal muscles", "erector_spinae"),
        ("abs", "abdominals"),
        ("rectus abdominis", "abdominals"),
        ("butt", "glutes"),
        ("quads", "quadriceps"),
    ],
)
def test_muscle_aliases_resolve(text: str, slug: str) -> None:
    assert v.MUSCLES.resolve(text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("stability ball", "exercise_ball"),
        ("Swiss ball", "exercise_ball"),
        ("fitness ball", "exercise_ball"),
        ("swiss balls", "exercise_ball"),
        ("roman chair", "back_extension_bench"),
        ("hyperextension bench", "back_extension_bench"),
        ("45-degree bench", "back_extension_bench"),
        ("broomstick", "dowel"),
        ("PVC pipe", "dowel"),
        ("long rod", "dowel"),
        ("BOSU balance trainer", "bosu"),
    ],
)
def test_equipment_aliases_resolve(text: str, slug: str) -> None:
    assert v.EQUIPMENT.resolve(text) == slug


def test_required_equipment_exists() -> None:
    for slug in REQUIRED_EQUIPMENT:
        assert slug in v.EQUIPMENT


def test_core_and_posterior_chain_resolve_to_groups() -> None:
    kind, muscles = v.resolve_muscle_or_group("core")
    assert kind == "group"
    assert {"abdominals", "obliques", "transverse_abdominis"} <= set(muscles)
    kind, muscles = v.resolve_muscle_or_group("posterior chain")
    assert kind == "group"
    assert set(muscles) == {"erector_spinae", "glutes", "hamstrings"}


def test_a_plain_muscle_name_resolves_to_the_muscle() -> None:
    assert v.resolve_muscle_or_group("glutes") == ("muscle", ("glutes",))


def test_unknown_term_names_the_nearest_match() -> None:
    with pytest.raises(UnknownTermError) as err:
        v.EQUIPMENT.resolve("dumbell")
    assert "dumbbells" in str(err.value)


def test_patterns_include_the_rubric_list_and_trunk_extension() -> None:
    rubric = (Path(__file__).resolve().parents[3] / "shared/docs/training-rubric.md").read_text()
    allowed = rubric.split("Allowed values for `pattern`:")[1].split("\n")[0]
    names = {p.strip(" `.") for p in allowed.split("|")}
    assert names | {"trunk_extension"} == set(v.PATTERNS.slugs)


def test_rubric_tags_and_conditions_exist() -> None:
    for tag in ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise", "loaded_spinal_rotation",
                "heavy_axial_load", "high_impact", "spine_neutral", "max_testing", "valsalva_cue"):
        assert tag in v.TAGS
    for code in ("acute_lbp", "chronic_lbp", "lumbar_disc_herniation_history", "hypertension",
                 "osteopenia", "patellofemoral_pain"):
        assert code in v.CONDITIONS


def test_acute_low_back_pain_excludes_the_rubric_r30_tags() -> None:
    assert v.excluded_tags_for(["acute_lbp"]) == {
        "loaded_spinal_flexion", "end_range_spinal_flexion_exercise", "loaded_spinal_rotation",
        "heavy_axial_load", "high_impact", "max_testing",
    }


def test_terms_serialise_to_json() -> None:
    for kind in v.KINDS:
        json.dumps([t.as_dict() for t in v.vocabulary(kind)])


def test_unknown_vocabulary_kind_is_an_error() -> None:
    with pytest.raises(UnknownTermError):
        v.vocabulary("muscels")
