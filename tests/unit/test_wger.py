"""wger exerciseinfo mapping: reading pages, English only, muscles, equipment, HTML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trainwise.domain import vocabulary as v
from trainwise.domain.wger import (
    DATASET,
    WgerFormatError,
    equipment_options,
    map_equipment_name,
    map_muscle,
    map_results,
    results_of,
    steps_and_summary,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "wger"


def _load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Biceps brachii", "biceps"),
        ("Anterior deltoid", "front_delts"),
        ("Erector spinae", "erector_spinae"),
        ("Lower back", "erector_spinae"),
        ("Gluteus maximus", "glutes"),
        ("Quadriceps femoris", "quadriceps"),
        ("Obliquus externus abdominis", "obliques"),
        ("Rectus abdominis", "abdominals"),
        ("Latissimus dorsi", "lats"),
        ("Trapezius", "traps"),
        ("Pectoralis major", "chest"),
        ("Triceps brachii", "triceps"),
        ("Soleus", "calves"),
        ("Gastrocnemius", "calves"),
        ("Biceps femoris", "hamstrings"),
        ("Brachialis", "biceps"),
        ("Serratus anterior", "serratus_anterior"),
    ],
)
def test_every_wger_muscle_maps_into_the_vocabulary(name: str, slug: str) -> None:
    assert map_muscle(name) == slug
    assert slug in v.MUSCLES


def test_unknown_latin_name_falls_back_to_the_english_name() -> None:
    assert map_muscle({"name": "Musculus imaginarius", "name_en": "Hamstrings"}) == "hamstrings"
    assert map_muscle({"name": "Musculus imaginarius", "name_en": ""}) is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Barbell", "barbell"),
        ("SZ-Bar", "ez_bar"),
        ("Dumbbell", "dumbbells"),
        ("Gym mat", "mat"),
        ("Swiss Ball", "exercise_ball"),
        ("Pull-up bar", "pullup_bar"),
        ("none (bodyweight exercise)", "bodyweight"),
        ("Bench", "bench"),
        ("Incline bench", "bench"),
        ("Kettlebell", "kettlebells"),
        ("Resistance band", "resistance_band"),
        ("Hoverboard", "other"),
    ],
)
def test_every_wger_equipment_maps_into_the_vocabulary(name: str, slug: str) -> None:
    assert map_equipment_name(name) == slug
    assert slug in v.EQUIPMENT


def test_equipment_lists_become_options() -> None:
    assert equipment_options([]) == (("bodyweight",),)
    assert equipment_options(["Barbell", "Bench"]) == (("barbell", "bench"),)
    assert equipment_options(["none (bodyweight exercise)", "Gym mat"]) == (("mat",),)
    assert equipment_options(["Dumbbell", "Kettlebell", "Bench"]) == (("dumbbells", "bench"), ("kettlebells", "bench"))


def test_html_becomes_steps_and_a_summary() -> None:
    steps, summary = steps_and_summary("<p>Lie back. Grip it.</p><ol><li>Lower &amp; touch</li><li> Press <b>up</b></li></ol>")
    assert steps == ("Lower & touch", "Press up")
    assert summary == "Lie back."
    steps, _ = steps_and_summary("<p>One.</p><p>Two.</p>")
    assert steps == ("One.", "Two.")
    steps, summary = steps_and_summary("Stand tall. Bend the knees. Stand again.")
    assert steps == ("Stand tall.", "Bend the knees.", "Stand again.")
    assert steps_and_summary("") == ((), "")
    steps, summary = steps_and_summary("Kneel on the mat.\n\nLean back   slowly.\nReturn.")
    assert steps == ("Kneel on the mat.", "Lean back slowly.", "Return.") and summary == "Kneel on the mat."
    steps, _ = steps_and_summary("<ul><li><p>Nested</p></li><li>Plain &lt;b&gt;</li></ul>")
    assert steps == ("Nested", "Plain <b>")


def test_reads_a_page_a_list_of_pages_and_a_list_of_results() -> None:
    page = _load("exerciseinfo-page.json")
    assert len(results_of(page)) == 7
    assert len(results_of(page["results"])) == 7
    assert [r["id"] for r in results_of(_load("exerciseinfo-pages-old.json"))] == [9201, 9202, 9203]


def test_a_result_on_two_pages_counts_once() -> None:
    page = _load("exerciseinfo-page.json")
    assert len(results_of([page, page])) == 7


@pytest.mark.parametrize(
    "data",
    [{"count": 1, "items": []}, "text", 3, [{"name": "no id"}], [{"id": 1, "translations": "x"}]],
)
def test_other_data_is_refused(data: Any) -> None:
    with pytest.raises(WgerFormatError):
        results_of(data)


def test_maps_english_entries_and_skips_the_others() -> None:
    exercises, skipped = map_results(results_of(_load("exerciseinfo-page.json")))
    assert [s.id for s in skipped] == ["9104"]
    by_id = {e.external_ids[DATASET]: e for e in exercises}
    assert len(by_id) == 6
    goblet = by_id["9101"]
    assert goblet.name == "Goblet Squat" and goblet.slug == "goblet-squat"
    assert goblet.primary_muscles == ("quadriceps", "glutes")
    assert goblet.secondary_muscles == ("hamstrings",)
    assert goblet.equipment_options == (("kettlebells",), ("dumbbells",))
    assert goblet.patterns == ("knee_dominant",)
    assert goblet.aliases == ("Cup squat",)
    assert goblet.steps[0] == "Set your feet a little wider than your hips."
    assert goblet.summary == "Hold one weight upright against your chest, elbows pointing down."
    assert goblet.tips == ("Let the elbows brush the inside of the knees at the bottom.",)
    assert goblet.origin == "wger"
    curl = by_id["9102"]
    assert curl.equipment == ("ez_bar",) and curl.primary_muscles == ("biceps",)
    assert "arm's length" in curl.steps[0] and len(curl.steps) == 3
    plank = by_id["9103"]
    assert plank.aliases == ("Elbow plank",), "repeated aliases collapse"
    assert plank.equipment == ("mat",) and plank.force == "static"
    assert plank.primary_muscles == ("abdominals", "obliques")
    bare = by_id["9105"]
    assert bare.primary_muscles == ("chest",), "no muscles: read off the category"
    assert bare.equipment == ("bodyweight",) and bare.steps == ()
    assert bare.summary.startswith("Wall press-away:")
    press = by_id["9106"]
    assert press.equipment == ("dumbbells", "bench") and press.tips == ("Keep the ribs down.",)
    cardio = by_id["9107"]
    assert cardio.category == "cardio" and cardio.patterns == ("aerobic",) and cardio.equipment == ("other",)
    assert cardio.steps == ("Hop lightly from foot to foot.", "Stay on the balls of the feet.")
    for e in exercises:
        assert all(m in v.MUSCLES for m in (*e.primary_muscles, *e.secondary_muscles))
        assert all(x in v.EQUIPMENT for o in e.equipment_options for x in o)
        assert e.patterns and all(p in v.PATTERNS for p in e.patterns)
        assert e.category in v.CATEGORIES and e.level in ("beginner", "intermediate", "advanced")


def test_older_exercises_key_and_language_codes() -> None:
    exercises, skipped = map_results(results_of(_load("exerciseinfo-pages-old.json")))
    assert skipped == []
    names = [e.name for e in exercises]
    assert names == ["Ball crunch", "Deadlift", "Banded calf press"]
    deadlift = exercises[1]
    assert deadlift.primary_muscles == ("erector_spinae",) and "heavy_axial_load" in deadlift.tags
    assert deadlift.level == "intermediate"
    assert exercises[2].equipment == ("resistance_band", "bench")
