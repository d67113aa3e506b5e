"""The seed exercise pages (shared/seeds/000-004) are fully represented in the library.

One test per seed exercise checks the facts its seed states (aliases, equipment, muscles,
level, step and tip counts, sets/reps and frequency, key cues, links, FAQ, safety notes).
The last test checks that no entry copies a 10-word run of any seed verbatim.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trainwise.domain.exercises import exercise_to_dict
from trainwise.library.loader import load_builtin_library

LIB = {e.slug: exercise_to_dict(e) for e in load_builtin_library()}

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"

SEED_002_SLUGS = (
    "prone-back-extension",
    "ball-back-extension",
    "bosu-back-extension",
    "ball-reverse-hyperextension",
    "good-morning",
    "hip-hinge",
    "deadlift",
    "bird-dog",
    "glute-bridge",
)


# --------------------------------------------------------------------------- helpers


def entry(slug: str) -> dict:
    assert slug in LIB, f"library has no entry '{slug}'"
    return LIB[slug]


def has_alias(e: dict, alias: str) -> bool:
    """True when the alias (case-insensitive) is, or is contained in, one of the names."""
    wanted = alias.lower()
    return any(wanted in label.lower() for label in (e["name"], *e["aliases"]))


def assert_aliases(e: dict, *aliases: str) -> None:
    for alias in aliases:
        assert has_alias(e, alias), f"{e['slug']}: alias '{alias}' missing"


def text_of(e: dict, *fields: str) -> str:
    """Lower-case text of the given fields (all prose fields when none are named)."""
    fields = fields or (
        "summary", "description", "steps", "tips", "mistakes", "safety", "breathing",
        "variation_notes", "benefits",
    )
    parts: list[str] = []
    for f in fields:
        value = e[f]
        parts.extend(value if isinstance(value, list) else [value])
    return " ".join(parts).lower()


def full_text(e: dict) -> str:
    faq = " ".join(f"{q['question']} {q['answer']}" for q in e["faq"])
    notes = " ".join(s["note"] for s in e["sets_reps"].values())
    return f"{text_of(e)} {faq.lower()} {notes.lower()}"


def assert_cues(text: str, *keywords: str) -> None:
    for kw in keywords:
        assert kw.lower() in text, f"cue '{kw}' missing"


def rng(lo: int, hi: int) -> dict:
    return {"min": lo, "max": hi}


def assert_sets_reps(e: dict, level: str, sets: tuple[int, int], reps: tuple[int, int],
                     freq: tuple[int, int] | None = None) -> None:
    sr = e["sets_reps"][level]
    assert sr["sets"] == rng(*sets), f"{e['slug']} {level} sets"
    assert sr["reps"] == rng(*reps), f"{e['slug']} {level} reps"
    if freq is not None:
        assert sr["frequency_per_week"] == rng(*freq), f"{e['slug']} {level} frequency"


def assert_seed_002_dose(e: dict) -> None:
    """Seed 002 introduction: beginners 1-2 x 12-16, others 2-3 x 8-12, twice a week."""
    assert_sets_reps(e, "beginner", (1, 2), (12, 16), (2, 2))
    assert_sets_reps(e, "intermediate", (2, 3), (8, 12), (2, 2))
    assert_sets_reps(e, "advanced", (2, 3), (8, 12), (2, 2))
    rest = e["sets_reps"]["intermediate"]["rest_seconds"]
    assert rest is not None and rest["min"] > 0  # "rest between sets"


def assert_seed_002_safety(e: dict) -> None:
    """Seed 002: consult your doctor before a lower-back workout, and warm up first."""
    safety = " ".join(e["safety"]).lower()
    assert "doctor" in safety
    assert "warm up" in safety or "warm-up" in safety
    assert "stop" in safety or "pain" in safety


def assert_links(e: dict, progressions=(), regressions=(), alternatives=()) -> None:
    for slug in progressions:
        assert slug in e["progressions"], f"{e['slug']}: progression {slug} missing"
    for slug in regressions:
        assert slug in e["regressions"], f"{e['slug']}: regression {slug} missing"
    for slug in alternatives:
        assert slug in e["alternatives"], f"{e['slug']}: alternative {slug} missing"


def assert_source(e: dict, seed: str) -> None:
    assert any(seed in s["title"] for s in e["sources"]), f"{e['slug']}: source {seed} missing"


# --------------------------------------------------------------------------- seed 000


def test_ball_back_extension_hands_behind_head_seed_000() -> None:
    e = entry("ball-back-extension-hands-behind-head")
    assert_aliases(e, "hands behind head", "ball back extension")
    assert e["equipment"] == ["exercise_ball"]
    assert e["primary_muscles"] == ["erector_spinae"]
    assert {"glutes", "hamstrings"} <= set(e["secondary_muscles"])
    assert len(e["steps"]) == 7
    assert len(e["tips"]) == 10
    steps = text_of(e, "steps")
    assert_cues(steps, "hips", "hip-width", "behind your head", "elbows", "core", "glutes",
                "neck", "slowly", "lower", "repeat")
    tips = text_of(e, "tips")
    assert_cues(tips, "core", "neck", "breathe out", "arch", "glutes and hamstrings", "shoulders",
                "feet", "slowly", "overextends", "stop")
    text = full_text(e)
    assert_cues(text, "posture", "erector spinae", "lifting", "reps or sets", "pain")
    assert_links(e, progressions=["back-extension-bench"], regressions=["ball-back-extension"])
    for level in ("beginner", "intermediate", "advanced"):
        assert e["sets_reps"][level]["reps"] is not None
    assert "pain" in " ".join(e["safety"]).lower()
    assert_source(e, "seed 000")


# --------------------------------------------------------------------------- seed 001


def test_back_extension_bench_seed_001() -> None:
    e = entry("back-extension-bench")
    assert_aliases(e, "hyperextension")
    assert e["equipment"] == ["back_extension_bench"]
    assert set(e["primary_muscles"]) == {"erector_spinae", "glutes", "hamstrings"}
    assert "abdominals" in e["secondary_muscles"] or "transverse_abdominis" in e["secondary_muscles"]
    assert e["mechanic"] == "compound"
    assert len(e["steps"]) == 5
    steps = text_of(e, "steps")
    assert_cues(steps, "foot plates", "thighs", "hip joints", "core", "glutes", "neutral",
                "shoulders drawn back and down", "at the hips", "pause", "straight line")
    text = full_text(e)
    assert_cues(text, "rock", "overextend", "hunch", "hands behind your head", "plate", "dumbbell",
                "range of motion", "deadlift", "posture", "feet", "no weights")
    assert_sets_reps(e, "beginner", (2, 3), (8, 12))
    assert set(e["sets_reps"]) == {"beginner", "intermediate", "advanced"}
    assert "doctor" in " ".join(e["safety"]).lower()
    assert_links(e, progressions=["weighted-back-extension", "lever-back-extension"],
                 regressions=["ball-back-extension-hands-behind-head", "superman", "upward-facing-dog"])
    assert_source(e, "seed 001")


def test_weighted_back_extension_seed_001() -> None:
    e = entry("weighted-back-extension")
    assert "back_extension_bench" in e["equipment"]
    options = [e["equipment"], *e["equipment_alternatives"]]
    assert any("weight_plate" in o for o in options)
    assert any("dumbbells" in o for o in options)
    assert_cues(full_text(e), "chest")
    assert_links(e, regressions=["back-extension-bench"])


def test_superman_seed_001() -> None:
    e = entry("superman")
    assert e["equipment"] == ["bodyweight"]
    assert "mat" in e["optional_equipment"]
    assert "erector_spinae" in e["primary_muscles"]
    assert_cues(text_of(e, "steps"), "arms", "legs", "mat", "lower")
    assert_cues(full_text(e), "neck", "look towards the mat", "bench")
    assert_links(e, progressions=["back-extension-bench"], regressions=["prone-back-extension"])
    assert "pain" in " ".join(e["safety"]).lower()
    assert_source(e, "seed 001")


def test_upward_facing_dog_seed_001() -> None:
    e = entry("upward-facing-dog")
    assert_aliases(e, "upward dog")
    assert e["equipment"] == ["bodyweight"]
    assert {"mat", "yoga_block"} <= set(e["optional_equipment"])
    assert len(e["steps"]) == 4
    assert_cues(text_of(e, "steps"), "stomach", "legs", "palms", "in front of your hips", "chest",
                "hips", "shoulders", "look ahead", "hold", "lower")
    text = full_text(e)
    assert_cues(text, "back extensions are new", "injury", "elbows", "hips", "yoga blocks")
    assert_links(e, progressions=["prone-back-extension"], regressions=["sphinx-pose"])
    assert e["safety"]
    assert_source(e, "seed 001")


def test_sphinx_pose_is_the_upward_dog_modification() -> None:
    e = entry("sphinx-pose")
    assert e["equipment"] == ["bodyweight"]
    assert_cues(full_text(e), "elbows", "hips", "mat")
    assert_links(e, progressions=["upward-facing-dog"])


# --------------------------------------------------------------------------- seed 002


def test_prone_back_extension_seed_002() -> None:
    e = entry("prone-back-extension")
    assert_aliases(e, "prone spinal extension")
    assert e["equipment"] == ["bodyweight"]
    assert e["primary_muscles"] == ["erector_spinae"]
    steps = text_of(e, "steps")
    assert_cues(steps, "face down", "legs", "chest", "floor", "in front of you", "behind your head")
    assert_cues(full_text(e), "abs", "superman", "rotat")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, progressions=["ball-back-extension", "superman"],
                 regressions=["upward-facing-dog"])
    assert_source(e, "seed 002")


def test_ball_back_extension_seed_002() -> None:
    e = entry("ball-back-extension")
    assert_aliases(e, "Swiss ball back extensions")
    assert e["equipment"] == ["exercise_ball"]
    assert e["primary_muscles"] == ["erector_spinae"]
    assert_cues(text_of(e, "steps"), "under your chin", "side", "round", "straight line",
                "knees")
    assert_cues(full_text(e), "range", "core", "balance")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, progressions=["ball-back-extension-hands-behind-head"],
                 regressions=["prone-back-extension"], alternatives=["bosu-back-extension"])
    assert_source(e, "seed 002")


def test_bosu_back_extension_seed_002() -> None:
    e = entry("bosu-back-extension")
    assert_aliases(e, "BOSU prone spinal extension")
    assert e["equipment"] == ["bosu"]
    assert e["primary_muscles"] == ["erector_spinae"]
    assert "unstable_surface" in e["tags"]
    assert_cues(text_of(e, "steps"), "face down", "hips", "lift your upper body")
    assert_cues(full_text(e), "range of motion", "core", "stab")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, alternatives=["ball-back-extension"], regressions=["prone-back-extension"])
    assert_source(e, "seed 002")


def test_ball_reverse_hyperextension_seed_002() -> None:
    e = entry("ball-reverse-hyperextension")
    assert_aliases(e, "stability ball reverse hyperextension", "Swiss ball reverse hyper")
    assert e["equipment"] == ["exercise_ball"]
    muscles = set(e["primary_muscles"]) | set(e["secondary_muscles"])
    assert {"erector_spinae", "glutes", "hamstrings"} <= muscles
    assert_cues(text_of(e, "steps"), "face down", "chest", "hips", "legs straight",
                "ceiling", "straight line")
    assert_cues(full_text(e), "forearms")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_source(e, "seed 002")


def test_good_morning_seed_002() -> None:
    e = entry("good-morning")
    assert_aliases(e, "barbell good mornings")
    assert e["equipment"] == ["barbell"]
    assert ["dowel"] in e["equipment_alternatives"]
    assert ["bodyweight"] in e["equipment_alternatives"]
    muscles = set(e["primary_muscles"]) | set(e["secondary_muscles"])
    assert {"erector_spinae", "hamstrings", "glutes"} <= muscles
    assert muscles & {"abdominals", "transverse_abdominis", "obliques"}
    steps = text_of(e, "steps")
    assert_cues(steps, "brace your abs", "hips", "back flat", "knees slightly", "parallel",
                "standing")
    assert_cues(full_text(e), "broomstick", "out to the sides", "forward", "behind your head",
                "gentle")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, progressions=["deadlift", "romanian-deadlift"], regressions=["hip-hinge"])
    assert_source(e, "seed 002")


def test_hip_hinge_seed_002() -> None:
    e = entry("hip-hinge")
    assert_aliases(e, "half forward bend")
    assert e["equipment"] == ["dowel"]
    steps = text_of(e, "steps")
    assert_cues(steps, "broomstick", "upright", "behind your head", "lower back", "head",
                "shoulder blades", "tailbone", "three points")
    assert_cues(full_text(e), "deadlift", "straight", "neutral")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, progressions=["good-morning"])
    assert_source(e, "seed 002")


def test_deadlift_seed_002() -> None:
    e = entry("deadlift")
    assert_aliases(e, "conventional deadlift")
    assert e["equipment"] == ["barbell"]
    assert e["equipment_alternatives"] == [["dumbbells"]]
    muscles = set(e["primary_muscles"]) | set(e["secondary_muscles"])
    assert {"erector_spinae", "glutes", "hamstrings", "quadriceps"} <= muscles
    assert {"heavy_axial_load", "spine_neutral"} <= set(e["tags"])
    steps = text_of(e, "steps")
    assert_cues(steps, "back", "shoulders back", "hips", "knees a little", "close to your legs",
                "stand", "floor")
    assert_cues(full_text(e), "posture", "master", "more than your target reps")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, regressions=["good-morning"])
    assert_source(e, "seed 002")


def test_bird_dog_seed_002() -> None:
    e = entry("bird-dog")
    assert_aliases(e, "quadruped")
    assert e["equipment"] == ["bodyweight"]
    assert "erector_spinae" in e["primary_muscles"]
    assert "mcgill_big_three" in e["tags"]
    assert_cues(text_of(e, "steps"), "all fours", "opposite leg", "straight line", "other")
    assert_cues(full_text(e), "abs engaged", "hips level and still", "anywhere")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_source(e, "seed 002")


def test_glute_bridge_seed_002() -> None:
    e = entry("glute-bridge")
    assert_aliases(e, "hip raises", "glute bridge")
    assert e["equipment"] == ["bodyweight"]
    muscles = set(e["primary_muscles"]) | set(e["secondary_muscles"])
    assert {"erector_spinae", "glutes", "hamstrings"} <= muscles
    steps = text_of(e, "steps")
    assert_cues(steps, "under your knees", "hips", "straight line", "neck", "knees", "30 seconds")
    assert_seed_002_dose(e)
    assert_seed_002_safety(e)
    assert_links(e, progressions=["single-leg-glute-bridge"])
    assert_source(e, "seed 002")


# --------------------------------------------------------------------------- seed 003


def test_lever_back_extension_seed_003() -> None:
    e = entry("lever-back-extension")
    assert e["equipment"] == ["lever_back_extension_machine"]
    assert e["primary_muscles"] == ["erector_spinae"]
    assert set(e["secondary_muscles"]) == {"glutes", "hamstrings"}
    assert len(e["steps"]) == 7
    assert len(e["tips"]) == 10
    steps = text_of(e, "steps")
    assert_cues(steps, "face down", "ankle pads", "hips", "edge of the pad", "behind your head",
                "arms folded", "breathing out", "level with the floor", "second", "glutes",
                "breathe in", "repeat")
    tips = text_of(e, "tips")
    assert_cues(tips, "neutral", "glutes and hamstrings", "breathe out", "swing", "light resistance",
                "over your chest", "core", "straight line", "well-rounded", "anything hurts")
    assert_cues(full_text(e), "posture", "slow", "resistance")
    assert set(e["sets_reps"]) == {"beginner", "intermediate", "advanced"}
    assert_links(e, regressions=["back-extension-bench"])
    assert "pain" in " ".join(e["safety"]).lower()
    assert_source(e, "seed 003")


# --------------------------------------------------------------------------- seed 004


def test_roll_ball_erector_spinae_seed_004() -> None:
    e = entry("roll-ball-erector-spinae")
    assert e["equipment"] == ["exercise_ball"]
    assert e["level"] == "intermediate"
    assert e["primary_muscles"] == ["erector_spinae"]
    assert "abdominals" in e["secondary_muscles"]
    assert e["category"] in {"mobility", "rehab"}
    assert len(e["steps"]) == 8
    assert len(e["tips"]) == 4
    steps = text_of(e, "steps")
    assert_cues(steps, "sit on the floor", "mid-back", "shoulder-width", "behind your head",
                "elbows", "upper back and shoulders", "breathe in", "breathe out", "90 degrees",
                "one segment at a time", "slowly")
    tips = text_of(e, "tips")
    assert_cues(tips, "feet", "neck", "ball higher", "90 degrees")
    assert len(e["faq"]) == 5
    assert_sets_reps(e, "beginner", (1, 2), (12, 15), (3, 4))
    assert e["sets_reps"]["intermediate"]["reps"] == rng(8, 12)
    for level in ("beginner", "intermediate", "advanced"):
        assert e["sets_reps"][level]["frequency_per_week"] == rng(3, 4)
    text = full_text(e)
    assert_cues(text, "warm-up", "cool-down", "healthcare provider", "herniated disc",
                "too fast", "legs")
    safety = " ".join(e["safety"]).lower()
    assert "healthcare provider" in safety and "higher" in safety
    assert_source(e, "seed 004")


# --------------------------------------------------------------------------- the ladder


@pytest.mark.parametrize(
    ("easier", "harder"),
    [
        ("sphinx-pose", "upward-facing-dog"),
        ("upward-facing-dog", "prone-back-extension"),
        ("prone-back-extension", "ball-back-extension"),
        ("ball-back-extension", "ball-back-extension-hands-behind-head"),
        ("ball-back-extension-hands-behind-head", "back-extension-bench"),
        ("back-extension-bench", "weighted-back-extension"),
        ("back-extension-bench", "lever-back-extension"),
        ("prone-back-extension", "superman"),
        ("hip-hinge", "good-morning"),
        ("good-morning", "deadlift"),
    ],
)
def test_back_extension_and_hinge_ladders_link_both_ways(easier: str, harder: str) -> None:
    assert harder in entry(easier)["progressions"]
    assert easier in entry(harder)["regressions"]


# --------------------------------------------------------------------------- no copying


def _word_lists(text: str) -> list[list[str]]:
    """The text's words under two punctuation rules (dropped, or turned into spaces)."""
    text = text.lower().replace("’", "'")
    dropped = re.sub(r"[^\w\s]", "", text).split()
    spaced = re.sub(r"[^\w\s]", " ", text).split()
    return [dropped, spaced]


def _runs(words: list[str], n: int = 10) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _entry_text(e: dict) -> str:
    parts: list[str] = [e["name"], *e["aliases"], e["summary"], e["description"], e["breathing"]]
    for f in ("steps", "tips", "mistakes", "safety", "variation_notes", "benefits"):
        parts.extend(e[f])
    parts.extend(sr["note"] for sr in e["sets_reps"].values())
    for q in e["faq"]:
        parts.extend((q["question"], q["answer"]))
    for s in e["sources"]:
        parts.extend((s["title"], s["note"]))
    # join with a sentinel so runs never span two fields
    return " \n|\n ".join(parts)


def test_no_ten_word_run_of_a_seed_is_copied() -> None:
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    if not seeds:
        pytest.skip(f"seed pages not found in {SEEDS_DIR}")
    seed_runs: set[tuple[str, ...]] = set()
    for path in seeds:
        for words in _word_lists(path.read_text(encoding="utf-8")):
            seed_runs |= _runs(words)
    copied: list[str] = []
    for slug, e in sorted(LIB.items()):
        for field in _entry_text(e).split(" \n|\n "):
            for words in _word_lists(field):
                for run in _runs(words) & seed_runs:
                    copied.append(f"{slug}: '{' '.join(run)}'")
    assert not copied, "verbatim seed text:\n" + "\n".join(sorted(set(copied)))
