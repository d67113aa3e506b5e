"""wger exerciseinfo mapping: reading pages, English only, muscles, equipment, HTML.

real-shape-page.json has the field names and nesting of wger's current exerciseinfo output
(ExerciseInfoSerializer in wger-project/wger wger/exercises/api/serializers.py; the saved response
test/fixtures/exercises/exerciseinfo_response.json of wger-project/flutter) and wger's own
muscle, equipment, category and license tables; its texts are written for this project."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trainwise.domain import vocabulary as v
from trainwise.domain.wger import (
    DATASET,
    DEFAULT_LICENSE,
    WgerFormatError,
    equipment_options,
    licenses_of,
    map_equipment_name,
    map_muscle,
    map_results,
    results_of,
    steps_and_summary,
    translation_steps,
    variation_partners,
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


# --------------------------------------------------------------------------- real wger shape

REAL = "real-shape-page.json"

#: wger's tables (wger/exercises/fixtures/muscles.json, equipment.json, categories.json; Cardio
#: and Cable machine/Resistance band as served by wger.de) and what they map to.
WGER_MUSCLES = {
    "Biceps brachii": "biceps", "Anterior deltoid": "front_delts", "Serratus anterior": "serratus_anterior",
    "Pectoralis major": "chest", "Triceps brachii": "triceps", "Rectus abdominis": "abdominals",
    "Gastrocnemius": "calves", "Gluteus maximus": "glutes", "Trapezius": "traps",
    "Quadriceps femoris": "quadriceps", "Biceps femoris": "hamstrings", "Latissimus dorsi": "lats",
    "Brachialis": "biceps", "Obliquus externus abdominis": "obliques", "Soleus": "calves",
    "Erector spinae": "erector_spinae",
}
WGER_EQUIPMENT = {
    "Barbell": "barbell", "SZ-Bar": "ez_bar", "Dumbbell": "dumbbells", "Gym mat": "mat",
    "Swiss Ball": "exercise_ball", "Pull-up bar": "pullup_bar", "none (bodyweight exercise)": "bodyweight",
    "Bench": "bench", "Incline bench": "bench", "Kettlebell": "kettlebells",
    "Resistance band": "resistance_band", "Cable machine": "cable_machine",
}
WGER_CATEGORIES = {"Abs", "Arms", "Back", "Calves", "Cardio", "Chest", "Legs", "Shoulders"}


def _real() -> dict[str, Any]:
    data: dict[str, Any] = _load(REAL)
    return data


def _mapped(data: Any) -> dict[str, Any]:
    exercises, _ = map_results(results_of(data))
    return {e.external_ids[DATASET]: e for e in exercises}


def test_the_real_shape_fixture_covers_all_of_wgers_muscles_equipment_and_categories() -> None:
    results = _real()["results"]
    muscles = {m["name"]: m for r in results for m in (*r["muscles"], *r["muscles_secondary"])}
    equipment = {e["name"] for r in results for e in r["equipment"]}
    assert set(muscles) == set(WGER_MUSCLES)
    assert equipment == set(WGER_EQUIPMENT)
    assert {r["category"]["name"] for r in results} == WGER_CATEGORIES
    for name, slug in WGER_MUSCLES.items():
        assert map_muscle(muscles[name]) == slug, name
    for name, slug in WGER_EQUIPMENT.items():
        assert map_equipment_name(name) == slug, name
    assert {r["license"]["short_name"] for r in results} == {"CC-BY-SA 3", "CC-BY-SA 4"}
    assert {t["language"] for r in results for t in r["translations"]} == {1, 2, 4, 12}


def test_real_shape_page_maps_every_used_field() -> None:
    results = results_of(_real())
    assert [r["id"] for r in results] == [192, 193, 57, 91, 31, 32, 805, 20, 345, 81, 74, 238]
    exercises, skipped = map_results(results)
    assert [(s.id, s.reason) for s in skipped] == [("805", "no English translation")]
    by = {e.external_ids[DATASET]: e for e in exercises}
    assert len(by) == 11

    bench = by["192"]
    assert bench.name == "Bench Press" and bench.slug == "bench-press" and bench.category == "strength"
    assert bench.primary_muscles == ("chest",) and bench.secondary_muscles == ("front_delts", "triceps")
    assert bench.equipment_options == (("barbell", "bench"),)
    assert bench.aliases == ("Flat bench press",), "the alias repeating the name is dropped; German ones unused"
    assert bench.tips == ("Keep both feet on the floor for the whole set.",)
    assert bench.summary == "Lie on a flat bench with your eyes under the racked bar and your feet planted."
    assert bench.steps == (
        "Take the bar with a grip a bit wider than your shoulders and lift it out of the rack.",
        "Lower it with control until it touches the middle of your chest.",
        "Push it back up along the same path until your elbows are straight.",
    )
    assert bench.patterns == ("upper_push_horizontal",) and bench.force == "push"
    (source,) = bench.sources
    assert source.url == "https://wger.de/en/exercise/192/view"
    assert "CC-BY-SA 4 (https://creativecommons.org/licenses/by-sa/4.0/deed.en)" in source.note
    assert "authors: wger.de, rolandgeider" in source.note, "the English text's author history, then the exercise's"
    assert "GrosseHund" not in source.note, "authors of unused translations are not credited"
    assert "wger uuid 73c396ee-b71d-575d-b9a6-ac9d60406da2" in source.note
    assert "exercise 192; by wger.de, rolandgeider; CC-BY-SA 4" in bench.description

    incline = by["193"]
    assert incline.equipment == ("dumbbells", "bench"), "Incline bench is a bench"
    assert len(incline.steps) == 3, "the empty &nbsp; paragraph is not a step"
    assert incline.aliases == () and incline.tips == ()

    push = by["57"]
    assert push.equipment_options == (("bodyweight",),), "'none (bodyweight exercise)'"
    assert push.secondary_muscles == ("triceps", "serratus_anterior", "abdominals")
    assert push.tips == ("Squeeze your glutes so the hips do not sag.",), "blank notes are dropped"
    assert push.aliases == ("Press-up", "Push up")
    assert push.steps == (
        "Start in a high plank with your hands under your shoulders.",
        "Lower your chest until it almost touches the floor.",
        "Push the floor away to return to the start.",
    )
    assert "CC-BY-SA 4, CC-BY-SA 3" in push.description, "text license (id 2), then the exercise's (object)"

    crunch = by["91"]
    assert crunch.primary_muscles == ("abdominals",) and crunch.secondary_muscles == ("obliques",)
    assert crunch.equipment_options == (("exercise_ball", "mat"),)
    assert crunch.force == "pull", "a crunch moves; it is not a static hold"
    assert crunch.steps[0] == "Curl up: bring your ribs toward your hips while breathing out."
    assert crunch.summary == "Sit on the ball and walk your feet forward until the ball supports your lower back."

    pullup = by["31"]
    assert pullup.primary_muscles == ("lats",) and pullup.secondary_muscles == ("biceps", "traps")
    assert pullup.equipment == ("pullup_bar",) and pullup.patterns == ("upper_pull_vertical",)
    assert len(pullup.steps) == 3 and pullup.steps[1] == "Pull until your chin clears the bar!"
    assert by["32"].equipment == ("pullup_bar", "resistance_band")

    jacks = by["20"]
    assert jacks.category == "cardio" and jacks.patterns == ("aerobic",) and jacks.force is None
    assert jacks.primary_muscles == ("calves",), "no primary muscles: the first secondary one"
    assert jacks.secondary_muscles == ("quadriceps",), "Soleus is calves again"
    assert jacks.steps[0] == "Stand tall with your feet together and your arms by your sides."
    assert len(jacks.steps) == 3, "plain-text descriptions: one step a line"

    rdl = by["345"]
    assert rdl.primary_muscles == ("hamstrings", "glutes") and rdl.secondary_muscles == ("erector_spinae",)
    assert rdl.equipment_options == (("barbell",), ("kettlebells",), ("dumbbells",))
    assert rdl.aliases == ("RDL", "Stiff-legged deadlift")
    assert "heavy_axial_load" in rdl.tags and rdl.level == "intermediate"

    curl = by["74"]
    assert curl.equipment == ("ez_bar",) and curl.primary_muscles == ("biceps",)
    assert curl.steps == (
        "Stand upright holding the SZ-bar with an underhand grip at arm's length.",
        "Bend your elbows and bring the bar up toward your shoulders without moving the upper arms.",
        "Lower the bar slowly until your arms are straight again.",
    ), "<br> inside a list item stays in its step; &#x27; is decoded"
    assert by["81"].equipment == ("dumbbells",)
    raise_ = by["238"]
    assert raise_.equipment == ("cable_machine",) and raise_.primary_muscles == ("front_delts",)
    assert raise_.secondary_muscles == ("serratus_anterior", "traps")
    for e in exercises:
        assert all(m in v.MUSCLES for m in (*e.primary_muscles, *e.secondary_muscles))
        assert all(x in v.EQUIPMENT and x != "other" for o in e.equipment_options for x in o)
        assert e.steps and e.summary and e.sources and e.origin == "wger"


EXPECTED_PARTNERS = {
    "192": ("193", "57"), "193": ("192", "57"), "57": ("192", "193"),
    "31": ("32",), "32": ("31",), "81": ("74",), "74": ("81",),
}


def test_variation_groups_pair_the_english_exercises() -> None:
    assert variation_partners(results_of(_real())) == EXPECTED_PARTNERS


def test_older_shapes_give_the_same_result() -> None:
    """2023-24: ``variations`` as an integer group id; exercisebaseinfo: texts under ``exercises``."""
    current = _mapped(_real())
    older = _real()
    groups: dict[str, int] = {}
    for r in older["results"]:
        group = r.pop("variation_group")
        r["variations"] = groups.setdefault(group, 40 + len(groups)) if group else None
        r["exercises"] = r.pop("translations")
        for t in r["exercises"]:
            t["exercise_base"] = t.pop("exercise")
    results = results_of(older)
    assert variation_partners(results) == EXPECTED_PARTNERS
    assert _mapped(older) == current


def test_the_oldest_one_result_per_text_shape_is_regrouped() -> None:
    languages = {1: "de", 2: "en", 4: "es", 12: "fr"}
    flat: list[dict[str, Any]] = []
    for r in _real()["results"]:
        for t in r["translations"]:
            flat.append({
                "id": t["id"], "name": t["name"], "aliases": t["aliases"], "uuid": t["uuid"],
                "exercise_base_id": r["id"], "description": t["description"], "created": t["created"],
                "category": r["category"], "muscles": r["muscles"], "muscles_secondary": r["muscles_secondary"],
                "equipment": r["equipment"], "language": {"id": t["language"], "short_name": languages[t["language"]]},
                "license": r["license"], "license_author": t["license_author"], "images": [],
                "comments": t["notes"], "variations": [r["id"] % 7],
            })
    results = results_of({"count": len(flat), "next": None, "previous": None, "results": flat})
    assert [r["id"] for r in results] == [192, 193, 57, 91, 31, 32, 805, 20, 345, 81, 74, 238]
    assert len(results[0]["translations"]) == 2
    mapped = _mapped(results)
    current = _mapped(_real())
    assert set(mapped) == set(current)
    for key, e in mapped.items():
        assert (e.name, e.steps, e.aliases, e.tips, e.primary_muscles, e.equipment_options) == (
            current[key].name, current[key].steps, current[key].aliases, current[key].tips,
            current[key].primary_muscles, current[key].equipment_options,
        )


def _broken(change: Any) -> dict[str, Any]:
    data = _real()
    change(data["results"])
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rs: rs[2].update(muscles=[4, 5]), r'entry 2 \(id 57\): "muscles" holds ids.*exerciseinfo'),
        (lambda rs: rs[0].update(category=11), r'"category" is an id'),
        (lambda rs: rs[0].update(category="Chest"), r'"category" must be an object'),
        (lambda rs: rs[1]["translations"][0].pop("name"), r'entry 1 \(id 193\): a translation has no "name"'),
        (lambda rs: rs[1]["translations"][0].update(language=None), r'no "language"'),
        (lambda rs: rs[1]["translations"][0].update(aliases=[3]), r'"aliases"'),
        (lambda rs: rs[1]["translations"][0].update(notes=[{"text": "x"}]), r'"notes"'),
        (lambda rs: rs[1]["translations"][0].update(description={"html": "x"}), r'"description" must be text'),
        (lambda rs: rs[1].update(variation_group=5), r'"variation_group"'),
        (lambda rs: rs[1].update(variations={"id": 5}), r'"variations"'),
        (lambda rs: rs[1].update(equipment="Barbell"), r'"equipment" must be a list'),
        (lambda rs: rs[3].update(muscles=[{"id": 3}]), r'"muscles" must be a list of muscle objects with a "name"'),
        (lambda rs: rs[3].update(license=[2]), r'"license"'),
        (lambda rs: rs[3].update(author_history="me"), r'"author_history"'),
        (lambda rs: rs[3].pop("translations"), r'entry 3 \(id 91\): needs its texts'),
        (lambda rs: rs.__setitem__(3, "x"), r"entry 3: not a JSON object"),
    ],
)
def test_malformed_real_shapes_name_the_entry_and_the_problem(change: Any, message: str) -> None:
    with pytest.raises(WgerFormatError, match=message):
        results_of(_broken(change))


def test_licenses_come_from_the_text_then_the_exercise() -> None:
    cc3 = {"id": 1, "full_name": "x", "short_name": "CC-BY-SA 3", "url": "https://cc/3"}
    assert licenses_of({"license": cc3}, {"license": 2})[0][0] == "CC-BY-SA 4"
    assert [x[0] for x in licenses_of({"license": cc3}, {"license": 2})] == ["CC-BY-SA 4", "CC-BY-SA 3"]
    assert licenses_of({"license": cc3}, {"license": 1}) == [("CC-BY-SA 3", "https://creativecommons.org/licenses/by-sa/3.0/deed.en")]
    assert licenses_of({}, {"license": 99}) == [DEFAULT_LICENSE]
    assert licenses_of({"license": {"id": 3}}, {}) == [("CC0", "http://creativecommons.org/publicdomain/zero/1.0/")]


def test_an_empty_html_description_falls_back_to_the_markdown_source() -> None:
    steps, summary = translation_steps(
        {"description": "", "description_source": "Kneel tall.\n\n1. Lean **back**\n2. Return\n- Breathe"}
    )
    assert steps == ("Lean back", "Return", "Breathe") and summary == "Kneel tall."
    assert translation_steps({"description": "<p>Used.</p>", "description_source": "Ignored."}) == (("Used.",), "Used.")
    assert translation_steps({"description": None, "description_source": None}) == ((), "")


def test_html_quirks_of_real_descriptions() -> None:
    steps, summary = steps_and_summary(
        '<p>Intro <strong style="">here</strong>.</p>\n<p>&nbsp;</p>\n<ol>\n<li>One<br>still one</li>\n<li>Two</li>\n</ol>'
    )
    assert steps == ("One still one", "Two") and summary == "Intro here."
    steps, _ = steps_and_summary("<p>First line<br>Second line</p>")
    assert steps == ("First line", "Second line"), "outside lists a <br> still separates"
