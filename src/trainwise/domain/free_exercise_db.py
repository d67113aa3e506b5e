"""Map free-exercise-db entries (873 public-domain exercises) into the trainwise model.

Pure functions: the caller reads the JSON file and stores the result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, Range, SetsReps, Source

DATASET = "free-exercise-db"

EQUIPMENT_MAP = {
    "body only": "bodyweight",
    "dumbbell": "dumbbells",
    "barbell": "barbell",
    "kettlebells": "kettlebells",
    "cable": "cable_machine",
    "machine": "machines",
    "bands": "resistance_band",
    "medicine ball": "medicine_ball",
    "exercise ball": "exercise_ball",
    "foam roll": "foam_roller",
    "e-z curl bar": "ez_bar",
    "other": "other",
}

MUSCLE_MAP = {
    "abdominals": "abdominals",
    "abductors": "abductors",
    "adductors": "adductors",
    "biceps": "biceps",
    "calves": "calves",
    "chest": "chest",
    "forearms": "forearms",
    "glutes": "glutes",
    "hamstrings": "hamstrings",
    "lats": "lats",
    "lower back": "erector_spinae",
    "middle back": "rhomboids",
    "neck": "neck",
    "quadriceps": "quadriceps",
    "traps": "traps",
    "triceps": "triceps",
}

CATEGORY_MAP = {
    "strength": "strength",
    "powerlifting": "strength",
    "olympic weightlifting": "strength",
    "strongman": "strength",
    "stretching": "stretching",
    "cardio": "cardio",
    "plyometrics": "plyometrics",
}

_NAME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"hyperextension|back extension|superman", "trunk_extension"),
    (r"leg press|squat|lunge|step.?up|pistol|leg extension", "knee_dominant"),
    (r"deadlift|good ?morning|hip thrust|bridge|swing|pull.?through|glute ham|romanian", "hip_dominant"),
    (r"bench press|push.?up|chest press|fly|flye|dip|floor press", "upper_push_horizontal"),
    (r"overhead press|shoulder press|military|push press|jerk|arnold|handstand", "upper_push_vertical"),
    (r"pull.?up|chin.?up|pulldown|pull.?down|muscle.?up", "upper_pull_vertical"),
    (r"\brow\b|rows\b|rowing|face pull|pull.?apart", "upper_pull_horizontal"),
    (r"plank|rollout|ab roller|body saw", "trunk_anti_extension"),
    (r"side bridge|side plank|suitcase", "trunk_anti_lateral_flexion"),
    (r"pallof|bird dog|anti.?rotation", "trunk_anti_rotation"),
    (r"carry|farmer|walk with", "carry"),
    (r"\bcurl\b|curls\b|triceps? extension|kickback|pushdown|raise|shrug|skull", "isolation_upper"),
)

_MUSCLE_PATTERN = {
    "quadriceps": "knee_dominant",
    "hamstrings": "hip_dominant",
    "glutes": "hip_dominant",
    "erector_spinae": "trunk_extension",
    "chest": "upper_push_horizontal",
    "lats": "upper_pull_vertical",
    "rhomboids": "upper_pull_horizontal",
    "traps": "isolation_upper",
    "abdominals": "trunk_anti_extension",
    "calves": "isolation_lower",
    "adductors": "isolation_lower",
    "abductors": "isolation_lower",
}


def slugify(name: str) -> str:
    """Kebab-case slug: 'Barbell Deadlift' -> 'barbell-deadlift'."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", name.lower())).strip("-")


def _shoulder_muscle(name: str, force: str | None) -> str:
    lower = name.lower()
    if "lateral" in lower or "side" in lower or "upright row" in lower:
        return "side_delts"
    if "rear" in lower or "reverse fly" in lower or "face pull" in lower or force == "pull":
        return "rear_delts"
    return "front_delts"


def map_muscles(names: Sequence[str], exercise_name: str, force: str | None) -> tuple[str, ...]:
    """free-exercise-db muscle names -> vocabulary slugs, order kept, no repeats."""
    out: list[str] = []
    for n in names:
        slug = _shoulder_muscle(exercise_name, force) if n == "shoulders" else MUSCLE_MAP[n]
        if slug not in out:
            out.append(slug)
    return tuple(out)


def infer_patterns(name: str, category: str, primary: Sequence[str], force: str | None) -> tuple[str, ...]:
    """Movement patterns from the category, then the name, then the primary muscles."""
    if category == "stretching":
        return ("mobility",)
    if category == "cardio":
        return ("aerobic",)
    lower = name.lower()
    for regex, pattern in _NAME_PATTERNS:
        if re.search(regex, lower):
            return (pattern,)
    for m in primary:
        if m in ("front_delts", "side_delts"):
            return ("upper_push_vertical",) if force == "push" else ("isolation_upper",)
        if m in _MUSCLE_PATTERN:
            return (_MUSCLE_PATTERN[m],)
    return ("isolation_upper",)


def infer_tags(name: str, category: str, equipment: str) -> tuple[str, ...]:
    """Rubric safety tags that can be read off the name, category and equipment."""
    lower = name.lower()
    tags: list[str] = []
    loaded = equipment not in ("bodyweight", "other")
    if re.search(r"crunch|sit.?up|jackknife|v.?up|toe touch", lower):
        tags.append("end_range_spinal_flexion_exercise")
        if loaded:
            tags.append("loaded_spinal_flexion")
    if re.search(r"twist|woodchop|wood chop|russian", lower) and loaded:
        tags.append("loaded_spinal_rotation")
    if equipment == "barbell" and re.search(
        r"squat|deadlift|good ?morning|clean|snatch|jerk|military|overhead press|bent over", lower
    ):
        tags.append("heavy_axial_load")
    if category == "plyometrics" or re.search(r"jump|hop|bound|skip", lower):
        tags += ["high_impact", "plyometric"]
    return tuple(tags)


def map_entry(d: Mapping[str, Any]) -> Exercise:
    """One free-exercise-db entry as an (unreviewed) trainwise Exercise."""
    name = str(d["name"]).strip()
    force = d.get("force")
    primary = map_muscles(d.get("primaryMuscles") or [], name, force)
    secondary = tuple(m for m in map_muscles(d.get("secondaryMuscles") or [], name, force) if m not in primary)
    equipment = EQUIPMENT_MAP.get(d.get("equipment") or "body only", "other")
    category = CATEGORY_MAP.get(str(d.get("category")), "strength")
    level = "advanced" if d.get("level") == "expert" else str(d.get("level") or "beginner")
    patterns = infer_patterns(name, category, primary, force)
    mechanic = d.get("mechanic")
    joint = "multi" if mechanic == "compound" else "single"
    muscles_text = ", ".join(v.MUSCLES.get(m).name.lower() for m in primary) or "several muscles"
    sets_reps = {}
    if category in ("strength", "plyometrics"):
        sets_reps = {"beginner": SetsReps(sets=Range(1, 3), reps=Range(8, 15), note="General guidance; not yet reviewed.")}
    return Exercise(
        slug=slugify(name),
        name=name,
        summary=f"{name}: a {level} {category} exercise for the {muscles_text}.",
        description=(
            f"Imported from the public-domain free-exercise-db dataset ({d.get('id')}). "
            "Not yet reviewed by the trainwise editors."
        ),
        steps=tuple(str(s).strip() for s in d.get("instructions") or [] if str(s).strip()),
        primary_muscles=primary or ("abdominals",),
        secondary_muscles=secondary,
        equipment=(equipment,),
        level=level,
        category=category,
        patterns=patterns,
        joint=joint,
        mechanic=mechanic,
        force=force,
        tags=infer_tags(name, category, equipment),
        sets_reps=sets_reps,
        sources=(Source("free-exercise-db (public domain)", "https://github.com/yuhonas/free-exercise-db"),),
        origin=DATASET,
        external_ids={DATASET: str(d["id"])},
    )


_EQUIPMENT_WORDS = {
    "barbell": "barbell",
    "dumbbell": "dumbbells",
    "kettlebell": "kettlebells",
    "cable": "cable_machine",
    "machine": "machines",
    "band": "resistance_band",
    "lever": "lever_back_extension_machine",
}


def candidate_labels(name: str) -> list[tuple[str, str | None]]:
    """Normalized forms of a dataset name to match against the library, with the equipment
    word that was stripped (if any): 'Barbell Deadlift' -> [('barbell deadlift', None),
    ('deadlift', 'barbell')]; 'Hyperextensions (Back Extensions)' -> both halves."""
    out: list[tuple[str, str | None]] = []
    raw = [name, *re.findall(r"\(([^)]*)\)", name), re.sub(r"\([^)]*\)", "", name)]
    for text in raw:
        key = v.normalize(text)
        if not key:
            continue
        out.append((key, None))
        first, _, rest = key.partition(" ")
        stripped = _EQUIPMENT_WORDS.get(first.rstrip("s"))
        if stripped and rest:
            out.append((rest, stripped))
    seen: set[tuple[str, str | None]] = set()
    return [x for x in out if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]
