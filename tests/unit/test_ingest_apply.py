"""--apply: filling FAQ and aliases of existing entries, guessing pattern / mechanic / force of new
ones; and the speed-ups of matching and term scanning giving the same answers as before."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from tests.unit.log_fakes import FakeCatalog, library_catalog
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, Faq
from trainwise.domain.ingest import ExtractedDocument, ExtractedExercise, terms
from trainwise.services.ingest import (
    IngestedDocument,
    IngestedExercise,
    LibraryIndex,
    build_new,
    fill_existing,
    guess_force,
    guess_mechanic,
    guess_pattern,
    match_exercise,
    plan_apply,
)

DOC = ExtractedDocument("https://example.org/page", "A page", "single", [])
FAQ = [{"question": "Is it safe for beginners?", "answer": "Yes, start light and keep your back flat."},
       {"question": "", "answer": "An answer without a question is left out."}]


def _entry(slug: str) -> Exercise:
    found = library_catalog().get(slug)
    assert found is not None
    return found


def _ex(name: str, **kw: object) -> ExtractedExercise:
    return ExtractedExercise(name=name, **kw)  # type: ignore[arg-type]


def _complete(name: str, **kw: object) -> ExtractedExercise:
    base: dict[str, object] = {
        "summary": "A drill done standing with a kettlebell.", "equipment": ["kettlebells"], "level": "beginner",
        "sets_reps": "3 x 8-12",
        "steps": ["Stand tall with the kettlebell.", "Hinge at the hips and push them back.", "Stand up again."],
        "primary_muscles": ["hamstrings", "glutes", "erector_spinae"],
    }
    base.update(kw)
    return _ex(name, **base)


# --------------------------------------------------------------------------- fill_existing


def test_fill_existing_adds_faq_when_the_entry_has_none_and_new_aliases() -> None:
    current = replace(_entry("bird-dog"), faq=())
    ex = _ex("Bird Dog", aliases=["Quadruped!", "BIRD-DOG", "Opposite Arm/Leg Reach", "opposite arm leg reach"],
             faq=FAQ)
    changes = fill_existing(current, ex)
    assert changes["faq"] == ((), (Faq(FAQ[0]["question"], FAQ[0]["answer"]),))
    old, new = changes["aliases"]
    assert old == current.aliases and new == (*current.aliases, "Opposite Arm/Leg Reach")  # none removed
    assert set(changes) == {"faq", "aliases"}  # curated summary, steps, tips... are kept


def test_fill_existing_keeps_curated_faq_and_skips_aliases_of_other_entries() -> None:
    catalog = library_catalog()
    current = catalog.get("bird-dog")
    assert current is not None and current.faq
    ex = _ex("Bird Dog", aliases=["Goblet Squat", "Superman Reach"], faq=FAQ)
    changes = fill_existing(current, ex, dict(catalog.labels()))
    assert "faq" not in changes
    assert changes["aliases"][1][-1] == "Superman Reach" and "Goblet Squat" not in changes["aliases"][1]
    assert fill_existing(current, _ex("Bird Dog", aliases=list(current.aliases))) == {}


def test_plan_apply_records_faq_and_aliases_in_diff_and_sources() -> None:
    library = library_catalog()
    entry = replace(_entry("bird-dog"), faq=())
    catalog = FakeCatalog([entry, *(e for e in library.all() if e.slug != "bird-dog")])
    ex = _ex("Bird Dog", aliases=["Superman Reach"], faq=FAQ)
    doc = ExtractedDocument("https://example.org/bird-dog", "Bird dog guide", "single", [ex])
    (action,) = plan_apply(catalog, [IngestedDocument(doc, [IngestedExercise(ex, "bird-dog", "name")])])  # type: ignore[arg-type]
    assert action.action == "fill" and sorted(action.fields) == ["aliases", "faq"]
    assert action.exercise is not None and action.exercise.aliases[-1] == "Superman Reach"
    assert action.exercise.faq == (Faq(FAQ[0]["question"], FAQ[0]["answer"]),)
    source = action.exercise.sources[-1]
    assert source.url == "https://example.org/bird-dog" and source.note == "ingested: aliases, faq"


# --------------------------------------------------------------------------- guessing for new entries


def test_guess_pattern_uses_the_name_first() -> None:
    assert guess_pattern(_complete("Goblet Squat")) == "knee_dominant"  # the hinge steps do not matter
    assert guess_pattern(_ex("Seated Leg Curl", primary_muscles=["hamstrings"])) == "isolation_lower"
    assert guess_pattern(_ex("Incline Dumbbell Row")) == "upper_pull_horizontal"


def test_guess_pattern_reads_steps_and_muscles_when_the_name_says_nothing() -> None:
    assert guess_pattern(_complete("Kettlebell Tempo Drill")) == "hip_dominant"
    hinge_no_muscles = _ex("The Sandbag Thing", steps=["Hinge forward at the hips.", "Stand up."])
    assert guess_pattern(hinge_no_muscles) == "hip_dominant"
    row = _ex("Band Y Drill", steps=["Pull the band toward your chest.", "Squeeze."], primary_muscles=["rhomboids"])
    assert guess_pattern(row) == "upper_pull_horizontal"
    press = _ex("Landmine Tall-Kneeling Drill", steps=["Kneel tall.", "Press the bar overhead.", "Lower it."],
                primary_muscles=["front_delts", "triceps"])
    assert guess_pattern(press) == "upper_push_vertical"
    warmup = _ex("Kettlebell Halo", summary="A shoulder-friendly warm-up that circles a kettlebell around your head.",
                 primary_muscles=["front_delts", "side_delts"])
    assert guess_pattern(warmup) == "mobility"
    # Several cues: the one whose muscles the exercise works wins.
    both = _ex("Sandbag Combo", steps=["Squat down to the bag.", "Hinge and lift it."],
               primary_muscles=["hamstrings", "erector_spinae"])
    assert guess_pattern(both) == "hip_dominant"


def test_guess_pattern_from_muscles_alone_and_unknown() -> None:
    assert guess_pattern(_ex("Drill A", primary_muscles=["quadriceps", "glutes"])) == "knee_dominant"
    assert guess_pattern(_ex("Drill B", primary_muscles=["lats", "biceps"])) == "upper_pull_vertical"
    assert guess_pattern(_ex("Drill C", primary_muscles=["biceps"])) == "isolation_upper"
    assert guess_pattern(_ex("Drill D", primary_muscles=["calves"])) == "isolation_lower"
    assert guess_pattern(_ex("Drill E", primary_muscles=["glutes"])) is None  # one shared muscle: unclear
    assert guess_pattern(_ex("Mystery Move", steps=["Do the thing.", "Rest."])) is None


def test_guess_mechanic_and_force() -> None:
    hinge = _complete("Kettlebell Tempo Drill")
    assert guess_mechanic(hinge, "hip_dominant") == ("multi", "compound")
    assert guess_force(hinge, "hip_dominant") == "pull"
    curl = _ex("Spider Curl", primary_muscles=["biceps"], secondary_muscles=["forearms"])
    assert guess_mechanic(curl, "isolation_upper") == ("single", "isolation")
    kickback = _ex("Triceps Kickback", primary_muscles=["triceps"])
    assert guess_force(kickback, "isolation_upper") == "push"
    # Trunk drills: one muscle group -> isolation; core and hips together -> compound.
    assert guess_mechanic(_ex("Hollow Hold", primary_muscles=["abdominals", "transverse_abdominis"]),
                          "trunk_anti_extension") == ("single", "isolation")
    assert guess_mechanic(_ex("Dead Bug", primary_muscles=["abdominals"], secondary_muscles=["hip_flexors"]),
                          "trunk_anti_extension") == ("multi", "compound")
    halo = _ex("Kettlebell Halo", primary_muscles=["front_delts"], secondary_muscles=["traps"])
    assert guess_mechanic(halo, "mobility") == ("multi", None) and guess_force(halo, "mobility") is None


def test_build_new_uses_the_guess_for_an_unhelpful_name() -> None:
    exercise, reasons = build_new(_complete("Kettlebell Tempo Drill"), DOC, set())
    assert reasons == [] and exercise is not None
    assert exercise.patterns == ("hip_dominant",) and exercise.joint == "multi"
    assert exercise.mechanic == "compound" and exercise.force == "pull" and exercise.category == "strength"
    halo = _complete("Kettlebell Halo", summary="A warm-up that circles a kettlebell around your head.",
                     steps=["Hold the bell upside down.", "Move it around your head.", "Reverse."],
                     primary_muscles=["front_delts", "side_delts"])
    exercise, reasons = build_new(halo, DOC, set())
    assert reasons == [] and exercise is not None
    assert exercise.patterns == ("mobility",) and exercise.category == "mobility" and exercise.mechanic is None
    _, reasons = build_new(_complete("Mystery Move", steps=["One.", "Two.", "Three."], primary_muscles=["glutes"]),
                           DOC, set())
    assert "movement pattern unknown" in reasons


# --------------------------------------------------------------------------- speed-ups, same answers


def test_library_index_finds_like_the_repository() -> None:
    catalog = library_catalog()
    index = LibraryIndex(catalog)  # type: ignore[arg-type]
    probes = [label for label, _ in catalog.labels()] + [e.slug for e in catalog.all()] + [
        "Bird-Dog", "BIRD DOG!", "goblet squats", "no such exercise", "", "plank"]
    for text in probes:
        found = catalog.find(text)
        assert index.find(text) == (found.slug if found else None), text


def test_label_shared_by_two_entries_is_left_to_the_repository() -> None:
    library = library_catalog()
    a, b = library.get("bird-dog"), library.get("goblet-squat")
    assert a is not None and b is not None
    catalog = FakeCatalog([replace(a, aliases=(*a.aliases, "the move")), replace(b, aliases=(*b.aliases, "The Move"))])
    index = LibraryIndex(catalog)  # type: ignore[arg-type]
    assert index.find("the move") == catalog.find("the move").slug  # type: ignore[union-attr]
    assert match_exercise(catalog, _ex("The Move"), index=index)[0] == "bird-dog"  # type: ignore[arg-type]


def _scan_reference(text: str, phrases: list[tuple[str, str]], weak: frozenset[str]) -> list[tuple[str, str]]:
    """The original phrases x positions scan."""
    words = v.normalize(text).split()
    found: list[tuple[int, str, str]] = []
    used = [False] * len(words)
    for phrase, slug in phrases:
        pw = phrase.split()
        n = len(pw)
        if n == 1 and (phrase in weak or phrase[:-1] in weak or phrase[:-2] in weak):
            continue
        for i in range(len(words) - n + 1):
            if words[i : i + n] == pw and not any(used[i : i + n]):
                found.append((i, slug, phrase))
                for k in range(i, i + n):
                    used[k] = True
    found.sort()
    return [(slug, phrase) for _, slug, phrase in found]


@pytest.mark.parametrize("seed", range(5))
def test_indexed_term_scan_equals_the_reference_scan(seed: int) -> None:
    rng = random.Random(seed)
    vocab = [w for phrase, _ in terms._MUSCLE_PHRASES + terms._EQUIPMENT_PHRASES for w in phrase.split()]
    filler = ["the", "and", "your", "lower", "upper", "back", "with", "a", "bar", "step", "chest", "hold"]
    for _ in range(200):
        text = " ".join(rng.choice(vocab + filler) for _ in range(rng.randint(0, 30)))
        for phrases, weak in ((terms._MUSCLE_PHRASES, terms.WEAK_MUSCLE_WORDS),
                              (terms._EQUIPMENT_PHRASES, terms.WEAK_EQUIPMENT_WORDS),
                              (terms._MUSCLE_PHRASES, frozenset())):
            assert terms._scan(text, phrases, weak) == _scan_reference(text, phrases, weak), text
