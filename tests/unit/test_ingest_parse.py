"""Ingestion parsing: segmentation, shape detection, field extraction, vocabulary mapping, seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED
from trainwise.domain.ingest import detect_shape, extract, terms
from trainwise.domain.ingest.blocks import sections, segment, sentences
from trainwise.domain.ingest.extract import classify_muscles, find_frequency, find_sets_reps

SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed pages (../shared/seeds) not present")


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- segmentation


def test_segment_finds_headings_paragraphs_and_items() -> None:
    text = (
        "Plank\n\nThe plank is a core exercise that trains your abdominals to resist extension of the spine.\n\n"
        "  • Lie face down.\n  • Lift your hips.\n\nTips & Tricks\n\n- Breathe.\n1. Numbered item\n"
    )
    blocks = segment(text)
    assert [b.kind for b in blocks] == ["heading", "para", "item", "item", "heading", "item", "item"]
    assert blocks[-1].ordered and not blocks[2].ordered
    secs = sections(blocks)
    assert secs[1].heading == "Plank" and secs[1].items == ["Lie face down.", "Lift your hips."]
    assert secs[2].heading == "Tips & Tricks" and len(secs[2].items) == 2


def test_segment_reads_markdown_and_drops_repeated_captions() -> None:
    blocks = segment("# Title\n\nA caption\n\nA caption\n\n## How to do it\n\n1. **Stand** tall.\n* Second\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Title"), ("heading", "A caption"), ("heading", "How to do it"),
        ("item", "Stand tall."), ("item", "Second"),
    ]


def test_sentences_keep_abbreviations() -> None:
    assert sentences("Use a stick, e.g. a broom. Then hinge. Stand up!") == [
        "Use a stick, e.g. a broom.", "Then hinge.", "Stand up!"]


# --------------------------------------------------------------------------- shapes


def test_shape_detection() -> None:
    single = segment("Squat\n\nA squat works your legs and glutes well.\n\n- Stand.\n- Sit back.\n")
    listing = segment("A\n\n- Also known as: x\n- How to do it right: y.\n\nB\n\n- Also known as: z\n")
    article = segment("Intro text\n\nHow to do squats\n\n- Stand.\n\nSquats: Variations\n\nText here.\n")
    prose = segment("Lie down on the floor. Lift your hips slowly. Lower them again.\n")
    assert detect_shape(single) == "single"
    assert detect_shape(listing) == "list"
    assert detect_shape(article) == "article"
    assert detect_shape(prose) == "prose"


def test_prose_instructions_become_steps() -> None:
    doc = extract(
        "Glute bridge\n\nThe glute bridge primarily targets your glutes and hamstrings. Lie on your back with "
        "knees bent. Push your hips up until your body is straight. Lower them slowly to the floor.\n", "x")
    assert doc.shape == "prose" and len(doc.exercises) == 1
    ex = doc.exercises[0]
    assert ex.name == "Glute bridge" and len(ex.steps) == 3
    assert ex.primary_muscles == ["glutes", "hamstrings"]


# --------------------------------------------------------------------------- vocabulary mapping


def test_equipment_mapping_skips_weak_words_in_prose() -> None:
    assert terms.equipment_in("Hold a Swiss ball and step onto the padded platform on the floor") == ["exercise_ball"]
    assert terms.equipment_in("Use a broomstick or a PVC pipe") == ["dowel"]
    assert terms.equipment_field("None") == ["bodyweight"]
    assert terms.equipment_field("Set of dumbbells or a barbell, with or without weights") == ["dumbbells", "barbell"]
    assert terms.equipment_field("BOSU balance trainer") == ["bosu"]


def test_muscle_mapping_and_primary_secondary() -> None:
    assert terms.muscles_in("lift your chest and keep your neck long") == []
    assert terms.muscles_in("the lower back muscles, glutes and hamstrings") == ["erector_spinae", "glutes", "hamstrings"]
    primary, secondary, conf = classify_muscles([
        "It targets the lower back and glutes. It primarily targets the erector spinae. "
        "The glutes and hamstrings are engaged as secondary muscles."])
    assert primary == ["erector_spinae"] and secondary == ["glutes", "hamstrings"] and conf > 0.6
    assert classify_muscles(["Back extensions primarily target the posterior chain muscles."])[0] == [
        "erector_spinae", "glutes", "hamstrings"]


def test_sets_reps_and_frequency() -> None:
    assert find_sets_reps("Start with 2-3 sets of 8-12 reps and build.") == "2-3 x 8-12"
    assert find_sets_reps("aim for two to three sets and eight to 12 reps") == "2-3 x 8-12"
    assert find_sets_reps("Do 3 x 10 each side") == "3 x 10"
    assert find_sets_reps("no numbers here") is None
    assert find_frequency("Aim to do this twice a week.") == "twice a week"
    assert find_frequency("You can do it 3-4 times weekly.") == "3-4 times weekly"


# --------------------------------------------------------------------------- the seed pages


@needs_seeds
def test_seed_000_ball_back_extension_hands_behind_head() -> None:
    doc = extract(seed("000"), "000")
    assert doc.shape == "single" and len(doc.exercises) == 1
    ex = doc.exercises[0]
    assert ex.name == "Exercise Ball Back Extension With Hands Behind Head"
    assert (len(ex.steps), len(ex.tips)) == (7, 10)
    assert ex.equipment == ["exercise_ball"]
    assert ex.primary_muscles == ["erector_spinae"]
    assert {"glutes", "hamstrings"} <= set(ex.secondary_muscles)
    assert ex.summary.startswith("Exercise Ball Back Extension With Hands Behind Head is")


@needs_seeds
def test_seed_001_trainer_article() -> None:
    doc = extract(seed("001"), "001")
    assert doc.shape == "article" and len(doc.exercises) == 2
    ex, dog = doc.exercises
    assert ex.name.lower() == "back extensions"
    assert len(ex.steps) == 5 and ex.tips == []
    assert ex.steps[0].startswith("Place your feet on the foot plates")
    assert ex.equipment == ["back_extension_bench"]
    assert set(ex.primary_muscles) == {"erector_spinae", "glutes", "hamstrings"}
    assert ex.sets_reps == "2-3 x 8-12"
    assert ex.aliases == ["Hyperextension"]
    assert ex.variations == ["Superman", "Upward facing dog"]
    assert ex.mistakes == ["Overextension", "Hunching over"]
    assert len(ex.safety) == 1 and "consult a doctor" in ex.safety[0]
    assert ex.secondary_muscles == []
    # The upward-facing dog variation has its own steps: it is an exercise of its own.
    assert dog.name == "Upward facing dog" and len(dog.steps) == 4 and dog.equipment == ["mat"]
    text = " ".join([*ex.steps, *ex.tips, *ex.safety])
    assert "Tom’s Guide" not in text and "#personal" not in text


@needs_seeds
def test_seed_002_list_of_nine() -> None:
    doc = extract(seed("002"), "002")
    assert doc.shape == "list"
    names = [e.name for e in doc.exercises]
    assert names == ["Back Extensions", "Back Extensions on a Ball", "Back Extensions on the BOSU",
                     "Reverse Hyperextension on the Ball", "Good Mornings", "Hip Hinge", "Deadlifts",
                     "Bird Dog", "Bridge"]
    by = {e.name: e for e in doc.exercises}
    assert by["Back Extensions"].aliases == ["Prone spinal extension"]
    assert by["Reverse Hyperextension on the Ball"].aliases == [
        "Stability ball reverse hyperextension", "Swiss ball reverse hyper"]
    assert by["Bridge"].aliases == ["Hip raises", "glute bridge"]
    assert by["Back Extensions"].equipment == ["bodyweight"]
    assert by["Back Extensions on a Ball"].equipment == ["exercise_ball"]
    assert by["Back Extensions on the BOSU"].equipment == ["bosu"]
    assert by["Good Mornings"].equipment == ["barbell", "dowel"]
    assert by["Hip Hinge"].equipment == ["dowel"]
    assert by["Deadlifts"].equipment == ["dumbbells", "barbell"]
    assert all(e.primary_muscles == ["erector_spinae"] for e in doc.exercises)
    assert {"glutes", "hamstrings"} <= set(by["Reverse Hyperextension on the Ball"].secondary_muscles)
    assert [len(e.steps) for e in doc.exercises] == [3, 2, 2, 3, 3, 3, 4, 2, 3]
    assert [len(e.tips) for e in doc.exercises] == [1, 0, 0, 0, 1, 0, 0, 1, 0]
    assert all(e.sets_reps is None and e.safety == [] for e in doc.exercises)  # page-wide advice only
    assert all(e.frequency == "twice a week" for e in doc.exercises)
    # The reference list at the end of the page is not an exercise step.
    assert not any("doi:" in s or "Verywell" in s for e in doc.exercises for s in e.steps + e.tips)


@needs_seeds
def test_seed_003_lever_back_extension() -> None:
    ex, = extract(seed("003"), "003").exercises
    assert ex.name == "Lever Back Extension"
    assert (len(ex.steps), len(ex.tips)) == (7, 10)
    assert ex.equipment == ["lever_back_extension_machine"]
    assert ex.primary_muscles == ["erector_spinae"] and ex.secondary_muscles == ["glutes", "hamstrings"]


@needs_seeds
def test_seed_004_roll_ball_erector_spinae() -> None:
    ex, = extract(seed("004"), "004").exercises
    assert ex.name == "Roll Ball Erector Spinae"
    assert (len(ex.steps), len(ex.tips)) == (8, 4)
    assert ex.equipment == ["exercise_ball"]
    assert ex.primary_muscles == ["erector_spinae"] and ex.secondary_muscles == ["abdominals"]
    assert ex.level == "intermediate" and ex.frequency == "3-4 times weekly"
    assert len(ex.faq) == 5 and len(ex.mistakes) == 3 and len(ex.safety) == 1
    assert not any("AI-powered" in x for x in [ex.summary, *ex.steps, *ex.tips])
    assert ex.provenance["tips"]["source"] == "section: Important information"
    assert 0 < ex.confidence <= 1


def test_page_without_exercise_gives_nothing(tmp_path: Path) -> None:
    doc = extract("Healthy eating\n\nEat more vegetables and drink water every day. Sleep well.\n", "x")
    assert doc.exercises == []


# --------------------------------------------------------------------------- other page shapes


def test_sections_each_with_steps_are_several_exercises() -> None:
    text = (
        "# Two Band Exercises for Desk Workers\n\nDo these every afternoon.\n\n"
        "### Band Pull-Apart\n\n**Works:** rear delts, rhomboids · **You need:** a light resistance band\n\n"
        "1. Hold the band at shoulder height.\n2. Pull it apart.\n3. Return slowly.\n\nDo 2-3 x 15-20.\n\n"
        "### Band Face Pull\n\nAlso called the banded face pull. **Works:** rear delts, traps\n\n"
        "1. Hold both ends.\n2. Pull toward your face.\n\n> Tip: keep your elbows high.\n\nDo 2-3 x 12-15.\n"
    )
    doc = extract(text, "x")
    assert doc.shape == "multi"
    first, second = doc.exercises
    assert (first.name, len(first.steps), first.sets_reps) == ("Band Pull-Apart", 3, "2-3 x 15-20")
    assert first.primary_muscles == ["rear_delts", "rhomboids"] and first.equipment == ["resistance_band"]
    assert second.aliases == ["Banded face pull"] and len(second.steps) == 2
    assert second.tips == ["Keep your elbows high."]


def test_labelled_fields_inline_tables_and_definition_lists() -> None:
    inline = extract(
        "Farmer's Carry — Exercise of the Week\n\n"
        "Level: Beginner | Equipment: two dumbbells or two kettlebells | Muscles worked: forearms, traps\n\n"
        "Steps:\n1) Grip the weights.\n2) Stand up tall.\n3) Walk forward.\n\nProgramming: 3 sets of 30-40 m.\n", "x")
    ex, = inline.exercises
    assert ex.name == "Farmer's Carry" and ex.level == "beginner"
    assert ex.equipment == ["dumbbells", "kettlebells"] and ex.primary_muscles == ["forearms", "traps"]
    assert ex.sets_reps == "3 x 30-40 m" and len(ex.steps) == 3
    table = extract(
        "# Lat Pulldown\n\n- Difficulty\n- Beginner\n- Equipment\n- Cable machine\n- Primary muscles\n"
        "- Latissimus dorsi\n- Secondary muscles\n- Biceps, rhomboids\n\n## Execution\n\n1. Sit tall.\n"
        "2. Pull the bar down.\n3. Let it rise.\n\n| Sets | Reps | Rest |\n|---|---|---|\n| 3 | 10-12 | 90 s |\n", "x")
    ex, = table.exercises
    assert ex.level == "beginner" and ex.equipment == ["cable_machine"] and ex.sets_reps == "3 x 10-12"
    assert ex.primary_muscles == ["lats"] and ex.secondary_muscles == ["biceps", "rhomboids"]
    assert len(ex.steps) == 3


def test_muscle_field_with_helpers_and_written_directions() -> None:
    doc = extract(
        "BULGARIAN SPLIT SQUAT\n\nDifficulty: intermediate\nWhat you need: a bench or a sturdy box\n"
        "Muscles: quadriceps and glutes (main movers); adductors and hamstrings (helpers)\n\nDirections:\n"
        "Stand in front of a bench.\nReach one foot back.\nLower your back knee.\n\nBeware of:\n"
        "* Bouncing the knee.\n\nProgramming: 3 sets of 8 per leg.\n", "x")
    ex, = doc.exercises
    assert ex.name == "BULGARIAN SPLIT SQUAT" or ex.name.lower() == "bulgarian split squat"
    assert ex.primary_muscles == ["quadriceps", "glutes"] and ex.secondary_muscles == ["adductors", "hamstrings"]
    assert ex.equipment == ["bench", "box"] and ex.level == "intermediate" and ex.sets_reps == "3 x 8"
    assert len(ex.steps) == 3 and ex.mistakes == ["Bouncing the knee."]


def test_prose_tips_after_the_instructions_and_needed_equipment() -> None:
    doc = extract(
        "How I Teach the Single-Leg Glute Bridge\n\nIt hits the glutes hard, brings in the hamstrings. "
        "You need nothing but some floor space.\n\nStart by lying on your back. Then lift your right foot. "
        "After that, pause at the top. Finally, lower yourself slowly.\n\n"
        "I prescribe two to three sets of eight to twelve on each side. If your hamstring cramps, move your foot.\n",
        "x")
    ex, = doc.exercises
    assert ex.name == "Single-Leg Glute Bridge" and len(ex.steps) == 4
    assert ex.tips == ["If your hamstring cramps, move your foot."]
    assert ex.primary_muscles == ["glutes"] and ex.secondary_muscles == ["hamstrings"]
    assert ex.equipment == ["bodyweight"] and ex.sets_reps == "2-3 x 8-12"


def test_soft_wrapped_markdown_paragraph_is_one_block() -> None:
    blocks = segment("The goblet squat is the friendliest way to learn the squat: holding one dumbbell (or a\n"
                     "kettlebell) at your chest keeps you upright.\n")
    assert len(blocks) == 1 and "(or a kettlebell)" in blocks[0].text


def test_format_detection_and_binary_refusal() -> None:
    from trainwise.services.ingest import IngestError, RawDocument, decode, detect_format

    html = RawDocument("x", b"<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    assert detect_format(html, decode(html)) == "html"
    md = RawDocument("x.md", b"# Title\n\n- item\n", ".md")
    assert detect_format(md, decode(md)) == "markdown"
    text = RawDocument("x.txt", b"Title\n\nSome words.\n", ".txt")
    assert detect_format(text, decode(text)) == "text"
    assert detect_format(text, decode(text), "html") == "html"
    with pytest.raises(IngestError, match="binary"):
        decode(RawDocument("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
