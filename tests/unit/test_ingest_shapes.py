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


# --------------------------------------------------------------------------- round 3: more kinds of site


def test_muscle_prose_in_many_wordings() -> None:
    primary, secondary, _ = classify_muscles(["The quads and glutes are the prime movers. The calves play a "
                                              "supporting role and your lower back helps out."])
    assert primary == ["quadriceps", "glutes"] and secondary == ["calves", "erector_spinae"]
    primary, secondary, _ = classify_muscles(["The main muscles doing the work are your lats. Keep your "
                                              "triceps tight. Your biceps lend a hand."])
    assert primary == ["lats"] and secondary == ["biceps"]  # 'keep your triceps tight' is a cue
    ex = _one("""# Step-Down

What it trains: The quads do almost all of the work here, while the glutes act in a supporting role to keep
your knee in line.

1. Stand on a low box on one leg.
2. Lower the other heel slowly to the floor.
3. Press back up through the standing leg.
""")
    assert ex.primary_muscles == ["quadriceps"] and ex.secondary_muscles == ["glutes"]


def test_equipment_none_or_bodyweight_with_gear_after_it() -> None:
    from trainwise.domain.ingest.terms import equipment_field

    assert equipment_field("Bodyweight or a pair of dumbbells") == ["bodyweight", "dumbbells"]
    assert equipment_field("None - just a barbell to hook your feet under") == ["bodyweight", "barbell"]
    assert equipment_field("None (a mat is comfortable)") == ["bodyweight"]


def test_a_table_of_exercises_fills_each_exercise_section() -> None:
    page = """# Upper Day

| Exercise | Equipment | Muscles | Sets x Reps |
|---|---|---|---|
| Ring Row | Gymnastic rings | Lats, rhomboids | 3 x 10 |
| Pike Push-Up | Bodyweight | Front delts, triceps | 4 x 6 per side |

### Ring Row

1. Hold the rings and lean back with straight arms.
2. Pull your chest up to your hands.
3. Lower under control.

### Pike Push-Up

1. Start in a push-up position with your hips high.
2. Bend your elbows and lower your head towards the floor.
3. Press back up.

- Elevate your feet on a box to make it harder.
"""
    doc = extract(page, "t")
    by_name = {e.name: e for e in doc.exercises}
    row, pike = by_name["Ring Row"], by_name["Pike Push-Up"]
    assert row.primary_muscles == ["lats", "rhomboids"] and row.sets_reps == "3 x 10"
    assert pike.equipment == ["bodyweight"] and pike.sets_reps == "4 x 6"  # per side -> one side's dose
    assert len(pike.steps) == 3 and len(pike.tips) == 1  # the bulleted note after the numbered steps


def test_a_video_transcript_reads_as_prose_steps() -> None:
    page = """Goblet Squat Tutorial (Fix Your Depth!) | Coach Dana
Transcript
48K views · 3 months ago

0:00
Hey everyone, welcome back. Smash that subscribe button if you're new. Today we're breaking down the goblet
squat, which is a squat with a weight held at your chest.

0:40
The main muscles doing the work are your quads and glutes. Your lower back helps out a little.

1:10
Okay, so first you want to hold a dumbbell vertically against your chest. Set your feet shoulder-width apart.
Now, sit down between your heels. At the bottom, push your knees out. Then drive up to standing.

A couple of quick pointers. Film yourself from the front. Keep the weight light at first.

Now, the biggest mistake I see is letting the heels lift. The other one is rounding the back.

[Music]
Up next
· Another video · Coach Dana · 9:12
"""
    ex = _one(page)
    assert ex.name == "Goblet Squat"
    assert len(ex.steps) == 5 and ex.steps[0].startswith("Okay, so first you want to hold")
    assert len(ex.tips) == 2 and len(ex.mistakes) == 2
    assert ex.primary_muscles == ["quadriceps", "glutes"] and ex.secondary_muscles == ["erector_spinae"]
    from trainwise.domain.ingest.extract import _is_step

    assert _is_step("COACH: So now you're going to brace your trunk.") and not _is_step("What that does is help.")
    blocks = segment(page)
    assert all(is_chrome(next(b for b in blocks if b.text == t)) for t in ("0:40", "[Music]", "48K views · 3 months ago"))


def test_step_lines_easier_harder_and_a_warning_sign() -> None:
    page = """Wall Sit

Equipment: none
Repetitions: 5, 3 times a day

Step 1 — Stand with your back against a wall.
Step 2 — Slide down until your knees are bent to 90 degrees.
Step three: Hold, then stand back up.

Easier: Slide down only halfway.
Harder: Hold a dumbbell on your thighs.

⚠ If you feel a sharp pain in your knee, stop.
"""
    ex = _one(page)
    assert len(ex.steps) == 3 and ex.steps[0].startswith("Stand with your back")
    assert len(ex.variations) == 2 and not ex.tips
    assert ex.safety == ["⚠ If you feel a sharp pain in your knee, stop."]
    assert ex.sets_reps == "1 x 5" and ex.frequency == "3 times a day"


def test_a_boxed_important_warning_is_safety() -> None:
    page = """# Clamshell

1. Lie on your side with your knees bent.
2. Lift your top knee, keeping your feet together.
3. Lower slowly.

### Important

- Keep your hips stacked so that you do not roll back.
- Do not do this exercise if your hip has just been replaced.
"""
    assert len(_one(page).safety) == 2


def test_a_shop_page_gives_the_guide_not_the_product() -> None:
    page = """# Adjustable Dumbbells

In stock – order within 2 hrs for dispatch today

- Chrome handles, no rattling
- 2-year guarantee

## Delivery & returns

Free delivery over £50. Returns within 30 days.

## Getting started: the dumbbell floor press

The floor press works the chest and triceps without a bench.

### Rep by rep

1. Lie on the floor holding a dumbbell in each hand.
2. Press both dumbbells up over your chest.
3. Lower until your elbows touch the floor.
"""
    ex = _one(page)
    assert ex.name.lower() == "dumbbell floor press"
    assert ex.steps[0].startswith("Lie on the floor")


def test_email_newsletter_chrome_and_numbered_section_lines() -> None:
    page = """From: Club <hi@club.example>
Subject: Issue 12
View this email in your browser

In this issue:
  1. News
  2. Move of the week

1. NEWS

• The hall is closed on Friday.
• Kit orders have arrived at the clubhouse.

2. MOVE OF THE WEEK: THE SIDE PLANK

The side plank works the obliques.

1. Lie on your side, propped on your forearm.
2. Lift your hips until your body is straight.
3. Hold for 20 seconds, then switch sides.

Unsubscribe · Update your preferences
"""
    blocks = segment(page)
    assert [b.text for b in blocks if b.kind == "heading" and b.text[0].isdigit()] == \
        ["1. NEWS", "2. MOVE OF THE WEEK: THE SIDE PLANK"]
    assert [b.text for b in blocks if b.kind == "item" and b.ordered][:2] == ["News", "Move of the week"]
    assert is_chrome(blocks[0]) and is_chrome(next(b for b in blocks if "Unsubscribe" in b.text))
    ex = _one(page)
    assert ex.name == "Side Plank" and len(ex.steps) == 3 and ex.primary_muscles == ["obliques"]


def test_a_headline_without_the_name_takes_the_exercise_the_body_describes() -> None:
    page = """# This Move Will Fix Your Posture

The face pull is a simple cable exercise that trains the rear delts. Do face pulls twice a week.

1. Set a rope handle at face height on a cable machine.
2. Pull the rope towards your face, elbows high.
3. Return slowly.
"""
    assert _one(page).name == "Face Pull"


def test_a_title_with_a_subtitle_and_a_defining_sentence() -> None:
    page = """# The Pallof Hold: Anti-Rotation Work Everyone Skips

The Pallof hold is easy to learn.

## What it is

The Pallof press — also called the Pallof hold or the band press-out — is an exercise in which you resist
a band pulling you sideways.

## Steps

1. Kneel side-on to a band anchored at chest height.
2. Press the band straight out from your chest.
3. Bring it back slowly.
"""
    ex = _one(page)
    assert ex.name == "Pallof press"
    assert ex.aliases == ["Pallof hold", "Band press-out"]


def test_exercises_introduced_as_name_colon_paragraphs() -> None:
    page = """Two moves for a stiff back.

Cat-cow: kneel on all fours with your hands under your shoulders. Round your back up, then let it sag.
Repeat 10 times.

Child's pose: kneel and sit back onto your heels. Reach your arms forward and rest your forehead down.
Hold for 30 seconds.
"""
    doc = extract(page, "t")
    assert doc.shape == "prose-multi"
    assert [e.name for e in doc.exercises] == ["Cat-cow", "Child's Pose"]
    assert all(len(e.steps) >= 2 for e in doc.exercises)


def test_a_numbered_heading_with_another_name_in_brackets_and_setting_match() -> None:
    page = """# Knee exercises

## Exercise 1: Straight leg raise (SLR)

1. Lie on your back with one knee bent.
2. Lift the straight leg to the height of the other knee.
3. Lower slowly.

## Exercise 2: Standing heel raise on a step

1. Stand on the edge of a step holding the rail.
2. Rise up onto your toes.
3. Lower your heels below the step.
"""
    doc = extract(page, "t")
    assert (doc.exercises[0].name, doc.exercises[0].aliases) == ("Straight leg raise", ["SLR"])
    from trainwise.services.ingest import match_exercise

    slug, how = match_exercise(library_catalog(), doc.exercises[1])
    assert (slug, how) == ("standing-calf-raise", "base")


def test_readme_code_blocks_and_changelog_are_not_exercises() -> None:
    blocks = segment("# Pack\n\n```bash\n# install\nrepsheet import x.yaml\n```\n\nText after.\n")
    assert [b.text for b in blocks] == ["Pack", "Text after."]


def test_html_shop_clutter_and_hidden_labels_are_dropped() -> None:
    from trainwise.services.ingest_html import html_to_markdown

    reviews = "".join(f'<article class="review"><h3>Great bell {n}</h3><p>Arrived fast, lovely handle, '
                      f'would buy again from this shop.</p></article>' for n in range(6))
    html = f"""<html><head><title>Vinyl Dumbbell</title></head><body><main>
<section class="product"><h1>Vinyl Dumbbell</h1><div class="price">£19.99</div>
<button class="add-to-cart">Add to basket</button></section>
<section class="guide"><h2>Getting started: the dumbbell row</h2>
<p>The dumbbell row trains the lats and the rhomboids, and it needs only one dumbbell and a bench.</p>
<h3>Rep by rep</h3><ol><li>Put one hand and knee on the bench.</li><li>Pull the dumbbell to your hip.</li>
<li>Lower it slowly until your arm is straight.</li></ol>
<div class="warning-callout"><h3><span class="visually-hidden">Important: </span>Important</h3>
<p>Stop if you feel a sharp pain in your back.</p></div></section>
<section id="reviews" class="reviews"><h2>Customer reviews</h2>{reviews}</section></main></body></html>"""
    md = html_to_markdown(html)
    assert "£19.99" not in md and "Great bell" not in md and "Important: Important" not in md
    ex = _one(md)
    assert ex.name.lower() == "dumbbell row" and len(ex.steps) == 3 and len(ex.safety) == 1


def test_plain_numbered_lines_heading_their_own_sections() -> None:
    page = """Three moves for your hips

1. Glute bridge

1. Lie on your back with your knees bent.
2. Squeeze your glutes and lift your hips.
3. Lower slowly.

2. Clamshell

1. Lie on your side with your knees bent.
2. Open your top knee like a book.
3. Close it slowly.
"""
    doc = extract(page, "t")
    assert [e.name for e in doc.exercises] == ["Glute bridge", "Clamshell"]
    assert all(len(e.steps) == 3 for e in doc.exercises)
    plain = segment("Do this:\n\n1. Stand tall\n\n2. Squat down\n")  # a loose list stays a list
    assert [b.kind for b in plain[1:]] == ["item", "item"]


def test_transcript_timestamps_before_the_words_are_dropped() -> None:
    blocks = segment("0:31 So, why would you squat?\n[1:05] Okay, back to it.\n")
    assert [b.text for b in blocks] == ["So, why would you squat?", "Okay, back to it."]


def test_product_titles_with_a_weight_are_no_exercise_names() -> None:
    from trainwise.domain.ingest.extract import product_title

    assert product_title("Cast Iron Kettlebell – 16 kg") and product_title("Adjustable Dumbbells")
    assert not product_title("Kettlebell Swing") and not product_title("Farmer's Walk with Kettlebells")


def test_layout_tables_are_unwrapped_and_data_tables_kept() -> None:
    from trafilatura.utils import load_html

    from trainwise.services.ingest_html import unwrap_layout_tables

    tree = load_html("<html><body><table><tr><td><h2>Move of the week</h2><p>Text.</p></td></tr></table>"
                     "<table><tr><th>Exercise</th><th>Sets</th></tr><tr><td>Row</td><td>3</td></tr></table>"
                     "</body></html>")
    unwrap_layout_tables(tree)
    assert len(list(tree.iter("table"))) == 1 and len(list(tree.iter("th"))) == 2


def test_an_article_of_the_reviews_category_is_not_clutter() -> None:
    from trainwise.services.ingest_html import drop_clutter

    tree = drop_clutter('<html><body><article class="post category-reviews"><h1>Kettlebell Swing</h1>'
                        '<p>The swing trains the glutes.</p></article><div class="reviews">2 reviews</div></body></html>')
    text = tree.text_content()
    assert "The swing trains the glutes." in text and "2 reviews" not in text


# --------------------------------------------------------------------------- round 4 rules


def test_primary_and_secondary_chip_lists_under_a_muscles_heading() -> None:
    ex = _one("# Seated Cable Row\n\n## Muscles worked\n\n### Primary\n\n- Lats\n- Rhomboids\n\n"
              "### Secondary\n\n- Biceps\n- Rear delts\n\n## Equipment\n\n- Cable machine\n- Flat bench\n\n"
              "## Instructions\n\n1. Sit tall with your feet on the platform.\n2. Pull the handle to your ribs.\n"
              "3. Return the handle slowly.\n")
    assert ex.name == "Seated Cable Row"
    assert ex.primary_muscles == ["lats", "rhomboids"] and set(ex.secondary_muscles) == {"biceps", "rear_delts"}
    assert "bench" in ex.equipment and len(ex.steps) == 3


def test_a_subtitle_without_a_full_stop_gives_an_alias() -> None:
    ex = _one("# Goblet Squat\n\nAlso known as the cup squat\n\n## Instructions\n\n1. Hold a dumbbell at your chest.\n"
              "2. Squat down between your knees.\n3. Stand back up.\n")
    assert [a.lower() for a in ex.aliases] == ["cup squat"]


def test_a_star_rating_or_a_fraction_gives_the_level() -> None:
    from trainwise.domain.ingest.dosing import rated_level

    assert [rated_level(x) for x in ("★☆☆", "★★☆", "★★★", "★★★★☆", "2/3", "1 out of 5")] == [
        "beginner", "intermediate", "advanced", "advanced", "intermediate", "beginner"]
    assert rated_level("4.7") is None


def test_a_difficulty_row_lost_by_main_content_extraction_is_put_back() -> None:
    from trainwise.services.ingest_html import with_level_fact

    html = ('<form><legend>Difficulty</legend><label><input type="radio"> ★☆☆ Beginner</label></form>'
            '<div class="meta">Difficulty: <span class="stars">★★☆</span></div>')
    assert with_level_fact(html, "# Cable Row\n\nText.") == "# Cable Row\n\nDifficulty: ★★☆\n\nText."
    assert with_level_fact(html, "# Cable Row\n\nLevel: Beginner") == "# Cable Row\n\nLevel: Beginner"


def test_wiki_headings_links_infobox_and_contents() -> None:
    page = ("[Main page](/wiki/Main) · [Recent changes](/wiki/RC) · [Random](/wiki/R) · [Log in](/login)\n\n"
            "# Front squat\n\n| **Front squat** | |\n|---|---|\n| Primary muscles | Quadriceps |\n"
            "| Equipment | Barbell, squat rack |\n| Difficulty | Intermediate |\n| Other names | Clean-grip squat |\n\n"
            "The **front squat** is a squat with the [[barbell]] held across the front of the shoulders.\n\n"
            "== Contents ==\n\n1. Execution\n2. Safety\n\n== Execution ==\n\n"
            "1. Set the bar on the front of your shoulders.\n2. Squat down until your thighs are parallel.\n"
            "3. Stand back up.\n\n== See also ==\n\n* [[Back squat]]\n")
    doc = extract(page, "test")
    assert len(doc.exercises) == 1
    ex = doc.exercises[0]
    assert ex.name == "Front squat" and ex.aliases == ["Clean-grip squat"] and ex.level == "intermediate"
    assert ex.primary_muscles == ["quadriceps"] and ex.equipment == ["barbell", "squat_rack"]
    assert ex.steps[0].startswith("Set the bar") and len(ex.steps) == 3
    assert [(b.kind, b.text) for b in segment("== Grip ==\n")] == [("heading", "Grip")]


def test_printed_page_furniture_is_dropped() -> None:
    from trainwise.domain.ingest.content import _content_blocks

    page = ("Riverside Clinic HOME PROGRAMME\n\n1. BRIDGE\n\nInstructions\n1. Lie on your back.\n\n"
            "Riverside Clinic · 1 High Street\nFor the named patient only. Page 1 of 2\n"
            "---\nRiverside Clinic HOME PROGRAMME\n\n2. Lift your hips.\n\n"
            "Riverside Clinic · 1 High Street\nFor the named patient only. Page 2 of 2\n")
    texts = [b.text for b in _content_blocks(page)]
    assert not any("Page" in t for t in texts) and texts.count("Riverside Clinic HOME PROGRAMME") == 1
    assert "Riverside Clinic · 1 High Street" not in texts and "Lift your hips." in texts


def test_a_line_of_short_handout_fields_and_its_dose() -> None:
    from trainwise.domain.ingest.dosing import handout_dose
    from trainwise.domain.ingest.fields import _labelled

    labels = _labelled(segment("Hold: 5 seconds    Repeat: 10 times    Sets: 2    Frequency: daily\n"))
    assert labels == {"hold": "5 seconds", "repeat": "10 times", "sets": "2", "frequency": "daily"}
    assert handout_dose(labels) == "2 x 10"
    assert handout_dose({"hold": "30 seconds", "repeat": "3 times", "sets": "1"}) == "3 x 30 s"


def test_advice_fields_count_each_piece_of_advice() -> None:
    ex = _one("# Clam\n\n1. Lie on your side.\n2. Lift your top knee.\n3. Lower it slowly.\n\n"
              "Comments: You should feel this in your hip. If you feel it at the front, roll your hip forward.\n\n"
              "Coach's note: keep your hips stacked. If they roll back, the glutes switch off.\n\n"
              "Caution: Do not force the range. Stop if it brings on pain.\n")
    assert len(ex.tips) == 3 and ex.tips[-1].endswith("switch off.")
    assert len(ex.safety) == 2


def test_numbered_versions_share_the_setup_and_fields_written_before_them() -> None:
    page = ("# Knee Tuck vs. Leg Lift\n\n## What both exercises train\n\nBoth versions work the rectus abdominis "
            "and the hip flexors, which do the lifting of the legs.\n\n## What you need\n\nA pull-up bar you can "
            "hang from. Some gyms also have a chair, but I use the bar.\n\n## The shared setup\n\n"
            "1. Grab the bar with an overhand grip.\n2. Hang with your arms straight.\n\n"
            "## Version 1: the hanging knee tuck\n\nFrom the setup above:\n\n1. Bend your knees up to your chest.\n"
            "2. Lower your legs slowly.\n\n## Version 2: the hanging leg lift\n\nThe hip flexors work hard here. "
            "From the setup above:\n\n1. Raise your straight legs to hip height.\n2. Lower your legs slowly.\n")
    doc = extract(page, "test")
    assert [e.name for e in doc.exercises] == ["Hanging knee tuck", "Hanging leg lift"]
    for ex in doc.exercises:
        assert len(ex.steps) == 4 and ex.steps[0].startswith("Grab the bar")
        assert ex.equipment == ["pullup_bar"] and ex.primary_muscles == ["abdominals", "hip_flexors"]


def test_advice_and_mistakes_after_the_steps_of_an_answer() -> None:
    page = ("# What should I add?\n\n**1. Push-up plus**\n\nIt trains the serratus anterior. It also works your "
            "chest and triceps. You need nothing except the floor.\n\n- Get into a high plank with your hands under "
            "your shoulders.\n- Lower your chest to the floor.\n- Press up and push the floor away with your arms.\n\nTwo sets of 10 reps is plenty. If a full push-up is too hard, "
            "do it from your knees. The most common mistake I see is letting the hips sag; the rest of the body "
            "shouldn't move. Also, don't rush the top.\n\n**2. Thread the needle**\n\nA mobility drill for the "
            "mid-back. Do it on a mat.\n\n- Start on all fours.\n- Slide one hand under the other arm.\n"
            "- Sweep the arm up to the ceiling.\n\nKeep your hips over your knees; if they drift back, the "
            "rotation comes from your lower back instead of your mid-back.\n")
    first, second = extract(page, "test").exercises
    assert first.mistakes and first.mistakes[0].startswith("The most common mistake") and not first.safety
    assert first.tips == ["Also, don't rush the top."] and "chest" in first.secondary_muscles
    assert second.equipment == ["mat"] and second.tips[0].startswith("Keep your hips") and not second.primary_muscles


def test_a_howto_card_is_read_field_by_field() -> None:
    from trainwise.services.ingest_html import howto_markdown

    html = ('<html><body><article><h1>My story</h1><p>Long story.</p></article>'
            '<div itemscope itemtype="https://schema.org/HowTo"><h2 itemprop="name">Squat Jump</h2>'
            '<div class="rating">★★★★★ 4.8</div><p itemprop="description">A jump that targets the quads.</p>'
            '<div><span class="label">Skill level</span> Beginner</div>'
            '<div><span class="label">Yield</span> <span itemprop="yield">3 sets of 8 jumps</span></div>'
            '<h3>Tool</h3><ul><li itemprop="tool" itemscope itemtype="https://schema.org/HowToTool">'
            '<span itemprop="name">Plyo box</span></li></ul>'
            '<h3>Supply</h3><ul><li itemprop="supply" itemscope itemtype="https://schema.org/HowToSupply">'
            '<span itemprop="name">Water bottle</span></li></ul><h3>Method</h3>'
            '<div itemprop="step" itemscope itemtype="https://schema.org/HowToStep"><span>1</span>'
            '<p itemprop="text">Stand with your feet apart.</p></div>'
            '<div itemprop="step" itemscope itemtype="https://schema.org/HowToStep"><span>2</span>'
            '<p itemprop="text">Jump up.</p></div><h3>Stay safe</h3><ul><li>Land softly.</li></ul></div>'
            '</body></html>')
    md = howto_markdown(html)
    assert md.startswith("# Squat Jump\n\nA jump that targets the quads.") and "4.8" not in md
    assert "Equipment: Plyo box" in md and "Supplies: Water bottle" in md
    assert "1. Stand with your feet apart.\n2. Jump up." in md and "My story" not in md
    ex = _one(md)
    assert ex.level == "beginner" and ex.sets_reps == "3 x 8" and ex.equipment == ["box"]
    assert ex.safety == ["Land softly."] and len(ex.steps) == 2


def test_a_json_ld_howto_is_read_too() -> None:
    from trainwise.services.ingest_html import howto_markdown

    html = ('<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@type": "HowTo", '
            '"name": "Wall Sit", "tool": [{"@type": "HowToTool", "name": "A wall"}], "step": ['
            '{"@type": "HowToStep", "text": "Lean your back on the wall."}, '
            '{"@type": "HowToStep", "text": "Slide down until your knees are bent."}]}</script></head>'
            '<body><p>Hi.</p></body></html>')
    assert howto_markdown(html) == ("# Wall Sit\n\nEquipment: A wall\n\n1. Lean your back on the wall.\n"
                                    "2. Slide down until your knees are bent.")


# --------------------------------------------------------------------------- round 4 rules


def test_a_circuit_table_gives_its_exercises_with_rounds_times_work_and_notes() -> None:
    page = ("# Letter 12\n\nDo the moves below back to back and do **4 rounds** in total.\n\n"
            "| # | Move | Work | Kit | What it hits |\n|---|---|---|---|---|\n"
            "| 1 | Squat Jump | 12 reps | None | Quads, glutes |\n"
            "| 2 | Plank Walk | 40 seconds | None | Abs |\n\n"
            "**1 — Squat Jump.** Stand tall. Sit back into a squat. Jump up and land softly. "
            "If that is too much, leave out the jump. *Tip:* keep your chest up.\n\n"
            "**2 — Plank Walk.** Get into a plank. Walk your hands forward. *Mistake:* letting the hips sag.\n\n"
            "> **Safety note:** squat jumps are hard on the knees; stop if they hurt.\n")
    doc = extract(page, "test")
    assert doc.shape == "circuit" and [e.name for e in doc.exercises] == ["Squat Jump", "Plank Walk"]
    jump, walk = doc.exercises
    assert jump.sets_reps == "4 x 12" and walk.sets_reps == "4 x 40 s"
    assert jump.equipment == ["bodyweight"] and jump.primary_muscles == ["quadriceps", "glutes"]
    assert len(jump.steps) == 3 and jump.tips == ["Keep your chest up."] and len(jump.safety) == 1
    assert len(walk.steps) == 2 and walk.mistakes == ["Letting the hips sag."] and not walk.safety


def test_a_headline_fragment_takes_the_longer_name_the_page_uses() -> None:
    from trainwise.domain.ingest.names import fuller_name

    assert fuller_name("Hold", "Wall Hold: All Your Questions Answered", "What is a wall hold?") == "Wall Hold"
    assert fuller_name("Hold", "Wall Hold: All Your Questions Answered", "Hold it there.") == "Hold"


def test_a_podcast_transcript_is_named_after_the_exercise_not_the_show() -> None:
    page = ("Lift Talk — Episode 9: the one move\n\n"
            "HOST: What would you keep?\n\nCOACH: Oh, the goblet squat. Easy.\n\n"
            "COACH: So you hold the bell at your chest. Then you sit down between your heels. "
            "Then you stand back up. Keep your chest tall.\n")
    assert _one(page).name == "Goblet Squat"


def test_a_position_field_gives_the_first_steps_before_the_listed_technique() -> None:
    page = ("# Handout\n\n## Exercise 1 — Wall Slide\n\n"
            "**Position:** Stand with your back on a wall. Put your arms up in a W.\n\n**Technique:**\n\n"
            "1. Slide your arms up the wall.\n2. Lower them back to the W.\n\n"
            "**Dosage:** Hold 20 seconds, 5 repetitions.\n\n## Exercise 2 — Wall Sit\n\n"
            "**Position:** Lean on a wall.\n\n**Technique:**\n\n1. Slide down the wall.\n2. Stand back up.\n")
    slide = extract(page, "test").exercises[0]
    assert slide.steps[:2] == ["Stand with your back on a wall.", "Put your arms up in a W."]
    assert len(slide.steps) == 4 and slide.sets_reps == "5 x 20 s"


def test_a_prose_howto_paragraph_keeps_only_its_instructions() -> None:
    part = ("## {n}. {name}\n\n### How to do it\n\n"
            "Stand with your back on a wall. Raise your arms up the wall. The wall does the steering for you. "
            "Lower them slowly. Once that feels easy, step away from the wall to make it harder.\n\n"
            "**Sets/reps:** 2 sets of 10 reps\n\n**Trainer’s tip:** Keep your ribs down.\n\n")
    page = "# Two Shoulder Drills\n\n" + part.format(n=1, name="Wall Slide") + part.format(n=2, name="Wall Angel")
    ex = extract(page, "test").exercises[0]
    assert len(ex.steps) == 3 and ex.sets_reps == "2 x 10" and ex.tips == ["Keep your ribs down."]


def test_logged_history_is_no_dose_and_a_legend_splits_the_muscles() -> None:
    page = ("# Cable Fly\n\n## Muscles worked\n\n- Primary: Chest\n- Secondary: Front Deltoids\n\n"
            "## Target\n\n3 sets × 10–15 reps · rest 60 s\n\n## Steps\n\n1. Stand between the cables.\n"
            "2. Bring your hands together.\n3. Open your arms slowly.\n\n## Your history\n\n"
            "| Date | Sets |\n|---|---|\n| Mon | 4 × 8 @ 20 kg |\n| Thu | 4 × 6 @ 20 kg |\n")
    ex = _one(page)
    assert ex.sets_reps == "3 x 10-15"
    assert ex.primary_muscles == ["chest"] and ex.secondary_muscles == ["front_delts"]


def test_html_whose_extraction_lost_headings_and_lists_is_read_by_its_own_tags() -> None:
    from trainwise.services.ingest_html import html_to_markdown

    col = ('<div class="col"><h2>Exercise {n} &mdash; {name}</h2><p><strong>Purpose:</strong> To strengthen the '
           'hamstrings and the glutes of the standing leg through a long range.</p>'
           '<img src="x.png" alt="Muscle diagram: highlighted hamstrings and glutes">'
           '<ol><li>Stand on one leg.</li><li>Hinge forward at the hip.</li></ol>'
           '<div class="step"><span>1</span><p>Return upright.</p></div></div>')
    html = ('<html><body><h1>Home Program</h1><div class="cols">'
            + col.format(n=1, name="Single-Leg Deadlift") + col.format(n=2, name="Single-Leg Bridge")
            + '</div><footer><p>Legal notice.</p></footer></body></html>')
    md = html_to_markdown(html)
    assert "## Exercise 1 — Single-Leg Deadlift" in md and "1. Stand on one leg.\n2. Hinge forward" in md
    assert "Muscle diagram: highlighted hamstrings and glutes" in md and "Legal notice" not in md


def test_a_name_starting_with_its_gear_matches_the_library_entry_without_it() -> None:
    from trainwise.services.ingest import match_exercise

    ex = ExtractedExercise(name="Dumbbell Split Squat", equipment=["dumbbells"])
    assert match_exercise(library_catalog(), ex) == ("split-squat", "base")
    assert match_exercise(library_catalog(), replace(ex, equipment=["bodyweight"]))[0] is None


def test_spoken_dosing_level_and_gear_and_aliases_in_faq_answers() -> None:
    from trainwise.domain.ingest import terms

    assert find_sets_reps("I have people do three reps a side for three sets.") == "3 x 3"
    assert find_sets_reps("Do: 3 hangs of 20-30 seconds") == "3 x 20-30 s"
    assert terms.level_in("I'd call it intermediate.") == "intermediate"
    assert terms.equipment_in("A kettle bell is the classic.") == ["kettlebells"]
    assert classify_muscles(["The main movers are the front deltoids and the upper chest."])[0] == [
        "front_delts", "chest"]
    page = ("# Wall Hold\n\n### Q: What is it?\n\nYou lean on a wall. Some people call it a wall lean or simply "
            "a wall rest.\n\n## Steps\n\n1. Stand by a wall.\n2. Lean into it.\n3. Hold still.\n\n"
            "## Avoid\n\n- Holding your breath.\n")
    ex = _one(page)
    assert ex.aliases == ["Wall lean", "Wall rest"] and ex.mistakes == ["Holding your breath."]


# --------------------------------------------------------------------------- round 6


def test_a_forum_thread_in_bbcode_is_read_like_markdown() -> None:
    page = (
        "Gym Forum > Training > Beginners\n"
        "Thread: How do you do ring rows right?? back feels weird\n\n"
        "#1  liftguy_12   (Junior Member, Posts: 3)\nPosted: 01-02-2010, 10:00 PM\n\n"
        "My back feels weird after ring rows. Help?\n"
        "----------------------------------------\n\n"
        "#2  CoachAnn   (Senior Member, Posts: 1,204)\nPosted: 01-03-2010, 07:00 AM\n\n"
        "[quote=liftguy_12]My back feels weird[/quote]\n\n"
        "[b]What they work:[/b] ring rows hit your lats and your biceps.\n\n"
        "[b]How to do them, step by step:[/b]\n\n"
        "[list=1]\n[*]Grab the rings with your palms facing in and lean back.\n"
        "[*]Pull your chest up to the rings.\n[*]Lower yourself slowly.\n[/list]\n\n"
        "[b]Stuff I see people screw up:[/b]\n[list]\n[*]Sagging hips\n[*]Shrugging the shoulders\n[/list]\n\n"
        "-Ann\n"
        "Quick Reply | Subscribe to this Thread | Printable Version\n"
    )
    ex = _one(page)
    assert ex.name.lower() == "ring rows"
    assert len(ex.steps) == 3 and ex.steps[0].startswith("Grab the rings")
    assert len(ex.mistakes) == 2
    assert ex.primary_muscles == ["lats", "biceps"]


def test_bbcode_quotes_are_dropped_and_lists_numbered() -> None:
    from trainwise.domain.ingest.blocks import bbcode_to_markdown

    text = "[quote=a]old post[/quote]\n[list=1]\n[*]One\n[*]Two\n[/list]\n[color=gray]sig[/color] [i]x[/i]"
    assert bbcode_to_markdown(text).split("\n") == ["", "", "1. One", "2. Two", "", "sig *x*"]


def test_forum_post_headers_and_signatures_are_chrome() -> None:
    from trainwise.domain.ingest.blocks import Block

    assert is_chrome(Block("heading", "#2 OldTimer (Senior Member, Posts: 8,412)"))
    assert is_chrome(Block("para", "Posted: 09-18-2009, 07:15 AM"))
    assert is_chrome(Block("heading", "-Steve"))
    assert not is_chrome(Block("heading", "Hip Thrust"))


def test_a_howto_heading_with_them_or_step_by_step_names_no_pronoun() -> None:
    from trainwise.domain.ingest.cues import _HOWTO_NAME

    m = _HOWTO_NAME.match("How to do them, step by step:")
    assert m is not None and m.group(1) == "them"
    m = _HOWTO_NAME.match("How to do the goblet squat, step by step")
    assert m is not None and m.group(1) == "goblet squat"


def test_a_safety_callout_aside_is_kept_from_html() -> None:
    html = (
        "<html><head><title>How to do a goblet squat</title></head><body><article>"
        "<h1>How to do a goblet squat</h1>"
        "<p>The goblet squat works your quads and glutes while you hold a dumbbell at your chest.</p>"
        "<h2>How to do it</h2><ol><li>Hold the dumbbell at your chest with both hands.</li>"
        "<li>Sit down between your heels until your thighs are level with the floor.</li>"
        "<li>Stand back up by driving through your whole foot.</li></ol>"
        "<aside class='callout callout-safety'><p><strong>Safety note:</strong> If you feel sharp pain in "
        "your knee, stop the set and rest.</p></aside>"
        "<aside class='related'><p>Read more: ten other squats you will love doing every week.</p></aside>"
        "</article></body></html>"
    )
    from trainwise.services.ingest_html import html_to_markdown

    body = html_to_markdown(html)
    assert "If you feel sharp pain" in body
    assert "ten other squats" not in body


def test_a_patient_sheet_footer_is_a_disclaimer() -> None:
    from trainwise.domain.ingest.blocks import Block

    text = ("This sheet is intended for patients of Bayside Physio following an assessment. If you have not "
            "been assessed, please speak to a healthcare professional first.")
    assert is_chrome(Block("para", text))


def test_stopping_the_set_is_a_safety_note() -> None:
    page = ("# Wall Push-Up\n\nThe wall push-up works your chest and triceps.\n\n## How to do it\n\n"
            "1. Stand facing a wall.\n2. Bend your elbows to bring your chest to the wall.\n3. Push back.\n\n"
            "## Avoid\n\n- Sagging hips.\n\nStop the set if you feel pinching at the front of your shoulder.\n")
    ex = _one(page)
    assert ex.safety == ["Stop the set if you feel pinching at the front of your shoulder."]


def test_muscles_field_with_marked_groups_splits_main_and_helpers() -> None:
    page = ("# Split Squat\n\nWorks: quads and glutes (main), hamstrings and adductors (helpers)\n\n"
            "## How to do it\n\n1. Stand in a long stride.\n2. Lower your back knee.\n3. Stand back up.\n")
    ex = _one(page)
    assert sorted(ex.primary_muscles) == ["glutes", "quadriceps"]
    assert sorted(ex.secondary_muscles) == ["adductors", "hamstrings"]


def test_front_of_the_shoulders_names_the_front_delts() -> None:
    primary, _, _ = classify_muscles(["It works your chest, triceps and front of the shoulders."])
    assert "front_delts" in primary


def test_muscles_said_to_do_little_and_cues_are_not_worked() -> None:
    primary, secondary, _ = classify_muscles([
        "The leg press primarily works the quadriceps and the glutes.",
        "The hamstrings contribute as secondary muscles.",
        "The calves help stabilise your ankles but do little of the actual pushing.",
    ])
    assert primary == ["quadriceps", "glutes"] and secondary == ["hamstrings"]
    primary, secondary, _ = classify_muscles([
        "The stretch lengthens the pectoralis major across the front of the chest.",
        "If you feel your lower back arching, stop and rest.",
        "We often pair this stretch with strengthening work for the upper back.",
    ])
    assert primary == ["chest"] and secondary == []


def test_a_headline_complaint_about_a_body_part_is_not_the_name() -> None:
    body = "Started doing dips after chest day but my shoulders feel kinda weird. Dips are great."
    assert headline_name("How do you actually do dips properly?? shoulders feel weird", body) == "Dips"


def test_something_to_do_said_to_help_after_the_steps_is_a_tip() -> None:
    page = ("# Heel Raise\n\nHeel raises work the calves.\n\n## How to do it\n\n1. Stand tall.\n"
            "2. Rise onto your toes.\n3. Lower slowly.\n\nDo 2 sets of 10.\n\n"
            "Holding the back of a chair can help you keep your balance.\n")
    ex = _one(page)
    assert ex.tips == ["Holding the back of a chair can help you keep your balance."]


def test_a_one_word_headline_name_takes_the_longer_name_the_text_gives() -> None:
    from trainwise.domain.ingest.names import qualified_name

    text = "Started doing dips last week. Parallel bar dips hit the triceps. Or try bench dips."
    assert qualified_name("Dips", text) == "Parallel bar dips"
    assert qualified_name("Dips", "I really love dips, and you love dips too.") is None
    assert qualified_name("Goblet Squat", "the heavy goblet squat") is None


def test_a_doorway_or_landmine_in_a_gear_field_is_other_equipment() -> None:
    from trainwise.domain.ingest import terms

    assert sorted(terms.equipment_field("an open doorway (a wall corner works too)")) == ["other", "wall"]
    assert "other" in terms.equipment_field("a sturdy door frame")
    assert "other" not in terms.equipment_field("dumbbells or other gear")
