"""Page shapes the ingester reads by general rules: headlines, field headings, numbered exercise
sections, how-to sub-sections, definition lists, page chrome, YAML front matter, prose answers
describing several exercises, dosing lines, FAQ questions as headings; --apply's aliases and FAQ;
the evaluation's "n/a" and hold units. Every page here is a small page written for the test."""

from __future__ import annotations

from dataclasses import replace

from tests import ingest_eval
from tests.unit.log_fakes import FakeCatalog, library_catalog
from trainwise.domain.ingest import extract
from trainwise.domain.ingest.blocks import segment, strip_front_matter
from trainwise.domain.ingest.chrome import definition_fields, is_breadcrumb, is_chrome
from trainwise.domain.ingest.extract import (
    ExtractedDocument,
    ExtractedExercise,
    classify_muscles,
    clean_name,
    field_heading,
    find_sets_reps,
    headline_name,
    is_headline,
    numbered_name,
)
from trainwise.services.ingest import (
    IngestedDocument,
    IngestedExercise,
    build_new,
    fill_existing,
    plan_apply,
)
from trainwise.services.ingest_html import keep_headed_lists


def _one(text: str) -> ExtractedExercise:
    doc = extract(text, "test")
    assert len(doc.exercises) == 1, [e.name for e in doc.exercises]
    return doc.exercises[0]


# --------------------------------------------------------------------------- headlines


MAGAZINE = """# Why the Farmer's March Belongs in Every Runner's Warm-Up

Runners skip their trunk work. The farmer's march fixes that in five minutes, and it trains the
obliques and the glutes while you stay tall.

## Form guide

1. Hold a dumbbell in each hand at your sides.
2. March on the spot, lifting each knee to hip height.
3. Keep your ribs down and your shoulders level.

## Coach's notes

- Move slowly enough that the weights do not swing.

## Watch out for

- Leaning back as the knee comes up.
"""


def test_a_headline_gives_the_noun_phrase_the_body_names_again() -> None:
    ex = _one(MAGAZINE)
    assert ex.name == "Farmer's March"
    assert len(ex.steps) == 3 and len(ex.tips) == 1 and len(ex.mistakes) == 1
    assert ex.primary_muscles == ["obliques", "glutes"]


def test_headline_helpers() -> None:
    assert is_headline("The Landmine Press Is the Shoulder Move You Need")
    assert not is_headline("Landmine Press")
    body = "The landmine press is kind to cranky shoulders. Do the landmine press standing."
    assert headline_name("The Landmine Press Is the Shoulder Move You Need", body) == "Landmine Press"
    assert headline_name("You Need This Move", "Nothing here repeats it.") is None
    assert clean_name("Pallof Press: form guide") == "Pallof Press"
    assert clean_name("How to Do a Copenhagen Plank") == "Copenhagen Plank"


# --------------------------------------------------------------------------- field headings


def test_field_headings_never_become_exercises() -> None:
    page = """# Bird Dog

The bird dog trains the erector spinae and the glutes while your trunk stays still.

## You'll need

An exercise mat.

## Step-by-step

1. Kneel on all fours with your hands under your shoulders.
2. Reach one arm forward and the opposite leg back.
3. Return slowly and switch sides.

## Pro tips

- Imagine a glass of water on your lower back.
- Move slowly.

## Avoid these errors

- Arching the lower back.

## Caution

Stop if you feel pain in your wrists.
"""
    ex = _one(page)
    assert ex.name == "Bird Dog"
    assert (len(ex.steps), len(ex.tips), len(ex.mistakes), len(ex.safety)) == (3, 2, 1, 1)
    assert ex.equipment == ["mat"]
    for heading in ("You'll need", "Muscles used", "Target muscle", "Synergists", "Repeat", "How many?"):
        assert field_heading(heading) is not None, heading


def test_muscle_and_dosing_headings_are_fields() -> None:
    page = """# Pallof Press

A standing anti-rotation press done with a band or a cable.

## Targets

Obliques

## Synergists

Transverse abdominis

## Setup

1. Anchor the band at chest height.
2. Stand side-on with the handle at your chest.

## Execution

1. Press the handle straight out.
2. Bring it back to your chest.

## Repeat

3 sets of 10 on each side.
"""
    ex = _one(page)
    assert ex.primary_muscles == ["obliques"] and ex.secondary_muscles == ["transverse_abdominis"]
    assert ex.steps[0].startswith("Anchor") and ex.steps[-1].startswith("Bring") and len(ex.steps) == 4
    assert ex.sets_reps == "3 x 10"


# --------------------------------------------------------------------------- numbered sections


HANDOUT = """# Shoulder clinic — home sheet

Do these twice a day.

## Exercise 1: Pendulum Swing

**Purpose**
To loosen a stiff shoulder gently.

**You will need**
A sturdy chair to lean on.

**Starting position**
Stand beside a table. Rest your good hand on it.

**Movement**

1. Let the sore arm hang down.
2. Swing it in small circles.

**Repeat**
Repeat 10 times.

**Stop if**

- the pain gets sharper.

## Exercise 2: Wall Slide

**Starting position**
Stand with your forearms on a wall.

**Movement**

1. Slide your arms up the wall.
2. Slide them back down slowly.

**Repeat**
2 sets of 8.

## Your progress

Tick a box each day.
"""


def test_numbered_exercise_headings_start_exercises_and_sub_sections_join() -> None:
    doc = extract(HANDOUT, "test")
    assert [e.name for e in doc.exercises] == ["Pendulum Swing", "Wall Slide"]
    swing, slide = doc.exercises
    assert swing.steps == ["Stand beside a table.", "Rest your good hand on it.", "Let the sore arm hang down.",
                           "Swing it in small circles."]
    assert swing.sets_reps == "1 x 10" and swing.safety == ["the pain gets sharper."]
    assert swing.equipment == ["chair"]
    assert len(slide.steps) == 3 and slide.sets_reps == "2 x 8" and not slide.safety


def test_listicle_numbers_and_labelled_lines() -> None:
    page = """# 2 Moves for Strong Ankles

*Last updated March 2025 · Filed under Running*

Intro text about ankles that says nothing about any one move in particular.

### 1. Single-Leg Calf Raise

**Muscles worked:** calves
**Equipment:** a step
**Do it:**

- Stand on one foot on the edge of a step.
- Rise onto your toes.
- Lower your heel below the step.

**Sets:** 3 sets of 12.

**Coach's tip:** hold a wall for balance.

### 2. Tibialis Raise

**Muscles worked:** tibialis anterior
**Equipment:** none
**Do it:**

- Lean your back against a wall with your heels forward.
- Lift your toes toward your shins.

**Sets:** 2 holds of 20-30 seconds.

**Watch out for:** bending at the hips.

## Wrapping up

Do both after your runs.
"""
    doc = extract(page, "test")
    assert [e.name for e in doc.exercises] == ["Single-Leg Calf Raise", "Tibialis Raise"]
    calf, tib = doc.exercises
    assert calf.primary_muscles == ["calves"] and len(calf.steps) == 3 and calf.sets_reps == "3 x 12"
    assert calf.tips == ["Hold a wall for balance."]
    assert tib.equipment == ["bodyweight"] and tib.sets_reps == "2 x 20-30 s" and len(tib.mistakes) == 1
    assert numbered_name("Exercise 3: Dead Bug") == "Dead Bug" and numbered_name("4. Side Plank") == "Side Plank"
    assert numbered_name("2. Tips") is None and numbered_name("Step 1: Set up") is None


# --------------------------------------------------------------------------- definition lists, chrome


def test_definition_lists_are_fields_never_steps() -> None:
    page = """# Cable Face Pull

- Target muscle
- Rear deltoid
- Synergists
- Rhomboids, biceps
- Equipment
- Cable machine with a rope
- Difficulty
- Intermediate

A pull toward the face that works the back of the shoulders; it is gentle on the lower back.

## Instructions

1. Set the pulley at head height.
2. Pull the rope toward your face.
3. Return slowly.
"""
    ex = _one(page)
    assert len(ex.steps) == 3 and ex.steps[0].startswith("Set the pulley")
    assert ex.primary_muscles == ["rear_delts"] and ex.secondary_muscles == ["rhomboids", "biceps"]
    assert ex.level == "intermediate" and "erector_spinae" not in ex.primary_muscles + ex.secondary_muscles
    blocks = definition_fields(segment("- Equipment\n- Bands\n- Grip\n- Neutral\n- Level\n- Beginner\n- Stand tall.\n"))
    assert [(b.kind, b.text) for b in blocks] == [("para", "Equipment: Bands"), ("para", "Grip: Neutral"),
                                                  ("para", "Level: Beginner"), ("item", "Stand tall.")]
    steps = segment("- Hinge\n- Brace\n- Lift\n- Lower\n")
    assert definition_fields(steps) == steps  # short steps are not terms of a field list


def test_page_chrome_never_becomes_name_step_or_safety() -> None:
    page = """Gym Talk › Training › Core

Posted by lifter_99 · 4 replies · 310 views

# Dead Bug

The dead bug trains the abdominals without loading the spine.

1. Lie on your back with your arms up.
2. Lower the opposite arm and leg.
3. Return and switch sides.

Jane Roe is a certified strength coach who writes our weekly core column.

This page is for general information only and is not medical advice; consult a physician.

Similar threads:
- Is the plank better? (3 replies)
"""
    doc = extract(page, "test")
    (ex,) = doc.exercises
    assert ex.name == "Dead Bug" and len(ex.steps) == 3 and ex.safety == []
    assert is_breadcrumb("Home › Training › Legs") and not is_breadcrumb("Keep your knees soft.")
    assert all(is_chrome(b) for b in segment("Last updated June 2024\n\nReply #2 — sam · 12 upvotes\n"))
    kept = ("By keeping your back flat, you protect it.", "The Romanian deadlift is a staple every coach loves.",
            "See the chart below for information on loads.")
    assert not any(is_chrome(b) for t in kept for b in segment(t))


def test_yaml_front_matter_is_dropped() -> None:
    text = '---\ntitle: "A page"\ntags: [a, b]\n---\n\n# Glute Bridge\n'
    assert strip_front_matter(text).strip() == "# Glute Bridge"
    assert extract(text, "test").title == "Glute Bridge"


# --------------------------------------------------------------------------- prose answers


def test_prose_answer_describing_two_exercises_gives_one_each() -> None:
    page = """Best moves for a weak trunk? (question)

Great question. I would start with two things.

The first one is the side plank, which some people call the side bridge. It works the obliques. You need nothing but a mat.

Lie on your side on your forearm. Lift your hips until your body is straight. Hold, then lower slowly.

Two holds of thirty seconds per side is enough.

The second one is the glute bridge. It trains the glutes and the hamstrings.

Lie on your back with your knees bent. Press through your heels to lift your hips. Lower under control.

Three sets of twelve. The mistake I see most is people arching the lower back at the top.

----

Similar threads:
· Plank every day?
"""
    doc = extract(page, "test")
    assert [e.name for e in doc.exercises] == ["Side Plank", "Glute Bridge"]
    plank, bridge = doc.exercises
    assert plank.aliases == ["Side bridge"] and plank.primary_muscles == ["obliques"]
    assert len(plank.steps) == 3 and plank.sets_reps == "2 x 30 s"
    assert bridge.primary_muscles == ["glutes", "hamstrings"] and bridge.sets_reps == "3 x 12"
    assert len(bridge.mistakes) == 1


# --------------------------------------------------------------------------- dosing, FAQ, muscles


def test_dosing_lines() -> None:
    assert find_sets_reps("Repeat 10 times.") == "1 x 10"
    assert find_sets_reps("Hold for 20 seconds, then repeat 5 times.") == "5 x 20 s"
    assert find_sets_reps("Hold for 30-45 seconds.") == "1 x 30-45 s"
    assert find_sets_reps("Pause and hold for 2 seconds at the top.") is None
    assert find_sets_reps("Do 3 holds of 20 secs.") == "3 x 20 s"
    assert find_sets_reps("Three trips of twenty metres.") == "3 x 20 m"


def test_faq_questions_written_as_headings() -> None:
    page = """# Goblet Squat

The goblet squat trains the quadriceps and the glutes.

## How to do it

1. Hold a dumbbell at your chest.
2. Squat down between your heels.
3. Stand back up.

### Is it safe for a bad back?

Usually yes: the weight in front keeps you upright.

### How many?

3 sets of 10.
"""
    ex = _one(page)
    assert ex.faq == [{"question": "Is it safe for a bad back?",
                       "answer": "Usually yes: the weight in front keeps you upright."}]
    assert ex.sets_reps == "3 x 10"


def test_a_body_part_spared_is_not_a_muscle_worked() -> None:
    primary, secondary, _ = classify_muscles(
        ["It builds the quadriceps, and it is kind to the lower back.",
         "Your lower back stays neutral while the abdominals work."])
    assert "erector_spinae" not in primary + secondary and "quadriceps" in primary


# --------------------------------------------------------------------------- HTML


def test_a_list_under_its_own_heading_is_kept_whatever_its_class() -> None:
    html = '<h2>Comments</h2>\n<ul class="comments-list big">'
    assert keep_headed_lists(html) == '<h2>Comments</h2>\n<ul class=" big">'
    thread = '<section class="comments"><div class="comment">hi</div></section>'
    assert keep_headed_lists(thread) == thread


# --------------------------------------------------------------------------- --apply


def test_a_page_name_matched_by_alias_is_proposed_as_an_alias() -> None:
    library = library_catalog()
    entry = library.get("side-plank")
    assert entry is not None
    ex = ExtractedExercise(name="Forearm Side Hold", aliases=["side bridge"])
    assert "aliases" not in fill_existing(entry, ex, dict(library.labels()))
    changes = fill_existing(entry, ex, dict(library.labels()), page_name=True)
    assert changes["aliases"][1][-1] == "Forearm Side Hold"
    catalog = FakeCatalog([replace(entry), *(e for e in library.all() if e.slug != "side-plank")])
    doc = ExtractedDocument("page.md", "A page", "single", [ex])
    (action,) = plan_apply(catalog, [IngestedDocument(doc, [IngestedExercise(ex, "side-plank", "alias")])])  # type: ignore[arg-type]
    assert action.exercise is not None and "Forearm Side Hold" in action.exercise.aliases


def test_new_entries_get_the_page_aliases_and_faq() -> None:
    ex = ExtractedExercise(
        name="Kettlebell Tempo Drill", aliases=["KB tempo drill", "Goblet Squat"], summary="A drill.",
        steps=["Stand tall.", "Hinge at the hips.", "Stand up again."], equipment=["kettlebells"],
        primary_muscles=["hamstrings", "glutes"], level="beginner", sets_reps="3 x 8",
        faq=[{"question": "Is it hard?", "answer": "No."}])
    doc = ExtractedDocument("page.md", "A page", "single", [ex])
    exercise, reasons = build_new(ex, doc, set(), dict(library_catalog().labels()))
    assert exercise is not None, reasons
    assert exercise.aliases == ("KB tempo drill",)  # 'Goblet Squat' names another entry
    assert exercise.faq[0].question == "Is it hard?"


# --------------------------------------------------------------------------- evaluation


def test_eval_prints_na_for_an_empty_group_and_treats_hold_units_alike() -> None:
    scores = {"seeds": ingest_eval.Score(pages=1), "heldout": ingest_eval.Score()}
    lines = ingest_eval.table(scores).splitlines()
    assert all(line.rstrip().endswith("n/a") for line in lines[2:])
    same = {ingest_eval.norm_sets_reps(x) for x in ("3 x 30-45 seconds", "3 x 30-45 secs", "3 × 30–45 s")}
    assert len(same) == 1
    assert ingest_eval.norm_sets_reps("3 x 30 metres") == ingest_eval.norm_sets_reps("3 x 30 m")
