"""The exercise model: conversion, derived fields and validation."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainwise.domain.errors import InvalidExerciseError
from trainwise.domain.exercises import (
    Exercise,
    Range,
    SetsReps,
    catalog_problems,
    exercise_from_dict,
    exercise_to_dict,
    problems,
    validate,
)

CONTRACT_FIELDS = [
    "slug", "name", "aliases", "summary", "description", "steps", "tips", "mistakes", "safety",
    "primary_muscles", "secondary_muscles", "muscle_groups", "equipment", "mechanic", "force", "level",
    "category", "patterns", "joint", "tags", "risk_areas", "contraindications", "progressions",
    "regressions", "alternatives", "sets_reps", "breathing", "faq", "sources",
]


def make_exercise(**overrides: object) -> Exercise:
    base = Exercise(
        slug="test-row",
        name="Test Row",
        summary="A row.",
        description="Rows things.",
        steps=("Grip.", "Pull.", "Lower."),
        primary_muscles=("lats",),
        secondary_muscles=("biceps",),
        equipment=("dumbbells",),
        equipment_alternatives=(("kettlebells",),),
        level="beginner",
        category="strength",
        patterns=("upper_pull_horizontal",),
        joint="multi",
        mechanic="compound",
        force="pull",
        sets_reps={"beginner": SetsReps(sets=Range(1, 3), reps=Range(8, 12))},
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def test_json_has_every_contract_field() -> None:
    d = exercise_to_dict(make_exercise())
    for name in CONTRACT_FIELDS:
        assert name in d


def test_round_trip_through_json_keeps_every_field() -> None:
    e = make_exercise(tags=("spine_neutral",), aliases=("tr",))
    again = exercise_from_dict(exercise_to_dict(e))
    assert exercise_to_dict(again) == exercise_to_dict(e)


def test_muscle_groups_are_derived_from_muscles() -> None:
    assert make_exercise().muscle_groups == ("upper_back", "arms")


def test_tag_implied_contraindications_are_added() -> None:
    e = make_exercise(tags=("heavy_axial_load",))
    assert "acute_lbp" in e.all_contraindications
    assert "hypertension" not in e.all_contraindications


def test_doable_with_any_equipment_option() -> None:
    e = make_exercise()
    assert e.doable_with(["dumbbells"])
    assert e.doable_with(["kettlebells", "mat"])
    assert not e.doable_with(["barbell"])
    assert not e.doable_with([])


def test_sets_reps_text() -> None:
    assert SetsReps(sets=Range(2, 3), reps=Range(8, 12)).text == "2-3 x 8-12"
    assert SetsReps(sets=Range(3, 3), hold_seconds=Range(10, 10)).text == "3 x 10 s"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"primary_muscles": ("lower_backs",)}, "muscle 'lower_backs'"),
        ({"equipment": ("dumbell",)}, "equipment 'dumbell'"),
        ({"steps": ("one", "two")}, "at least 3 steps"),
        ({"level": "expert"}, "level 'expert'"),
        ({"slug": "Test Row"}, "kebab-case"),
        ({"progressions": ("test-row",)}, "itself"),
        ({"mechanic": None}, "mechanic is required"),
        ({"secondary_muscles": ("lats",)}, "both primary and secondary"),
    ],
)
def test_problems_name_what_is_wrong(change: dict[str, object], message: str) -> None:
    found = problems(make_exercise(**change))
    assert any(message in p for p in found), found
    with pytest.raises(InvalidExerciseError):
        validate(make_exercise(**change))


def test_catalog_problems_find_duplicates_and_dangling_links() -> None:
    a = make_exercise(progressions=("nowhere",))
    b = make_exercise(slug="other-row", aliases=("Test Row",))
    found = catalog_problems([a, b])
    assert any("nowhere" in p for p in found)
    assert any("Test Row" in p for p in found)


def test_missing_required_field_is_a_clear_error() -> None:
    with pytest.raises(InvalidExerciseError, match="level"):
        exercise_from_dict({"slug": "x", "name": "X", "category": "strength"})


@given(lo=st.integers(1, 30), span=st.integers(0, 30))
def test_ranges_render_and_round_trip(lo: int, span: int) -> None:
    sr = SetsReps(sets=Range(lo, lo + span), reps=Range(lo, lo + span))
    e = make_exercise(sets_reps={"beginner": sr})
    again = exercise_from_dict(exercise_to_dict(e))
    assert again.sets_reps["beginner"] == sr
