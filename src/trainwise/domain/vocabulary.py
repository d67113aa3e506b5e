"""Controlled vocabularies: muscles, muscle groups, equipment, patterns, tags, conditions, regions.

Every structured fact in the library is a slug from one of these lists. Free text
("lower back", "Swiss ball", "roman chair") is resolved to a slug through aliases.
Pure data and pure functions: no I/O.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from trainwise.domain.errors import UnknownTermError

KINDS = (
    "muscles",
    "muscle_groups",
    "equipment",
    "patterns",
    "tags",
    "conditions",
    "regions",
    "levels",
    "categories",
)


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable slug, a display name, aliases and extra facts."""

    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    facts: Mapping[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form of the term."""
        return {
            "slug": self.slug,
            "name": self.name,
            "aliases": list(self.aliases),
            "description": self.description,
            **{k: (list(v) if isinstance(v, tuple) else v) for k, v in self.facts.items()},
        }


def normalize(text: str) -> str:
    """Lower-case, unify separators and whitespace: 'Swiss-Ball ' -> 'swiss ball'."""
    text = text.strip().lower().replace("’", "'")
    text = re.sub(r"[_\-/]+", " ", text)
    text = re.sub(r"[^a-z0-9' ]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def singular(text: str) -> str:
    """The last word made singular ('back extensions' -> 'back extension', 'push ups' -> 'push up')."""
    words = text.split(" ")
    last = words[-1]
    if last == "ups":  # push ups, pull ups, sit ups, step ups
        last = "up"
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("ches", "shes", "sses")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


class Vocabulary:
    """A list of terms with alias resolution and nearest-match suggestions."""

    def __init__(self, kind: str, terms: Iterable[Term]) -> None:
        self.kind = kind
        self.terms: tuple[Term, ...] = tuple(terms)
        self._by_slug = {t.slug: t for t in self.terms}
        if len(self._by_slug) != len(self.terms):
            raise ValueError(f"duplicate slug in vocabulary {kind}")
        self._index: dict[str, str] = {}
        for term in self.terms:
            for label in (term.slug, term.name, *term.aliases):
                key = normalize(label)
                existing = self._index.get(key)
                if existing is not None and existing != term.slug:
                    raise ValueError(f"{kind}: '{label}' is both {existing} and {term.slug}")
                self._index[key] = term.slug
                self._index.setdefault(singular(key), term.slug)

    def __contains__(self, slug: object) -> bool:
        return slug in self._by_slug

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    @property
    def slugs(self) -> tuple[str, ...]:
        """All slugs in vocabulary order."""
        return tuple(t.slug for t in self.terms)

    def get(self, slug: str) -> Term:
        """The term with this exact slug (KeyError if absent)."""
        return self._by_slug[slug]

    def lookup(self, text: str) -> str | None:
        """The slug a name, alias or slug refers to, or None."""
        key = normalize(text)
        return self._index.get(key) or self._index.get(singular(key))

    def resolve(self, text: str) -> str:
        """The slug for ``text``; raises UnknownTermError naming the nearest match."""
        slug = self.lookup(text)
        if slug is None:
            raise UnknownTermError(self.kind, text, self.suggest(text))
        return slug

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Slugs whose names or aliases are closest to ``text``."""
        matches = difflib.get_close_matches(normalize(text), list(self._index), n=n * 3, cutoff=0.5)
        out: list[str] = []
        for m in matches:
            slug = self._index[m]
            if slug not in out:
                out.append(slug)
        return out[:n]

    def labels(self, slug: str) -> tuple[str, ...]:
        """Name and aliases of a term, for search indexing."""
        term = self._by_slug[slug]
        return (term.name, *term.aliases)


# --------------------------------------------------------------------------- muscles

MUSCLE_GROUPS = Vocabulary(
    "muscle_groups",
    [
        Term("chest", "Chest", ("pecs", "pectorals"), "Front of the upper torso."),
        Term("upper_back", "Upper back", ("mid back", "middle back", "upper back muscles")),
        Term("lower_back", "Lower back", ("low back", "lumbar"), "The muscles beside the lumbar spine."),
        Term("shoulders", "Shoulders", ("delts", "deltoids")),
        Term("arms", "Arms", ("upper arms",)),
        Term("core", "Core", ("trunk", "midsection", "core muscles")),
        Term("hips", "Hips and glutes", ("hip", "glute muscles")),
        Term("legs", "Legs", ("lower body", "leg")),
        Term("neck", "Neck", ("neck muscles",)),
        Term(
            "back",
            "Back (upper and lower)",
            ("back muscles", "whole back"),
            "Composite: the upper-back and lower-back groups.",
            {"composite": True},
        ),
        Term(
            "posterior_chain",
            "Posterior chain",
            ("posterior chain muscles", "back of the body"),
            "Composite: spinal erectors, glutes and hamstrings.",
            {"composite": True},
        ),
    ],
)


def _muscle(
    slug: str,
    name: str,
    group: str,
    fedb: str,
    rubric_group: str | None,
    view: str,
    aliases: tuple[str, ...] = (),
    description: str = "",
) -> Term:
    return Term(
        slug,
        name,
        aliases,
        description,
        {"group": group, "free_exercise_db": fedb, "rubric_group": rubric_group, "view": view},
    )


MUSCLES = Vocabulary(
    "muscles",
    [
        _muscle(
            "erector_spinae", "Erector spinae", "lower_back", "lower back", "trunk", "back",
            ("lower back", "lower back muscles", "spinal erectors", "erectors", "paraspinal muscles",
             "paraspinals", "lumbar erectors", "low back muscles", "erector spinae muscles"),
            "The long muscles on both sides of the spine that straighten and steady it.",
        ),
        _muscle(
            "glutes", "Glutes", "hips", "glutes", "glutes", "back",
            ("butt", "gluteus maximus", "gluteals", "buttocks", "glute", "gluteus"),
            "The large hip extensors of the buttocks.",
        ),
        _muscle(
            "hamstrings", "Hamstrings", "legs", "hamstrings", "hamstrings", "back",
            ("hamstring", "back of the thigh", "biceps femoris"),
        ),
        _muscle(
            "quadriceps", "Quadriceps", "legs", "quadriceps", "quadriceps", "front",
            ("quads", "quad", "front of the thigh", "thighs"),
        ),
        _muscle("adductors", "Adductors", "hips", "adductors", None, "front",
                ("inner thigh", "groin", "hip adductors")),
        _muscle("abductors", "Abductors", "hips", "abductors", "glutes", "back",
                ("outer thigh", "gluteus medius", "hip abductors", "glute medius")),
        _muscle("hip_flexors", "Hip flexors", "hips", "quadriceps", None, "front",
                ("iliopsoas", "psoas", "hip flexor")),
        _muscle("calves", "Calves", "legs", "calves", None, "back",
                ("calf", "gastrocnemius", "soleus", "calf muscles")),
        _muscle("tibialis_anterior", "Tibialis anterior", "legs", "calves", None, "front",
                ("tibialis", "anterior tibialis", "shin muscle", "shin muscles", "front of the shin"),
                "The muscle along the front of the shin that lifts the foot and toes."),
        _muscle(
            "abdominals", "Abdominals", "core", "abdominals", "trunk", "front",
            ("abs", "rectus abdominis", "abdominal muscles", "stomach", "six pack"),
        ),
        _muscle("obliques", "Obliques", "core", "abdominals", "trunk", "front",
                ("oblique", "side abs", "internal obliques", "external obliques")),
        _muscle("transverse_abdominis", "Transverse abdominis", "core", "abdominals", "trunk",
                "front", ("tva", "transversus abdominis", "deep abdominals")),
        _muscle("lats", "Latissimus dorsi", "upper_back", "lats", "upper_back", "back",
                ("latissimus dorsi", "lat", "latissimus")),
        _muscle("traps", "Trapezius", "upper_back", "traps", "upper_back", "back",
                ("trapezius", "trap", "upper traps")),
        _muscle("rhomboids", "Rhomboids", "upper_back", "middle back", "upper_back", "back",
                ("rhomboid", "mid traps", "middle trapezius", "scapular retractors")),
        _muscle("rear_delts", "Rear deltoids", "shoulders", "shoulders", "shoulders", "back",
                ("rear delt", "posterior deltoid", "rear deltoid", "rear shoulders")),
        _muscle("front_delts", "Front deltoids", "shoulders", "shoulders", "shoulders", "front",
                ("front delt", "anterior deltoid", "front deltoid", "front shoulders")),
        _muscle("side_delts", "Side deltoids", "shoulders", "shoulders", "shoulders", "front",
                ("side delt", "lateral deltoid", "middle deltoid", "medial deltoid")),
        _muscle("rotator_cuff", "Rotator cuff", "shoulders", "shoulders", "shoulders", "back",
                ("rotator cuff muscles", "infraspinatus", "supraspinatus")),
        _muscle("chest", "Chest", "chest", "chest", "chest", "front",
                ("pectorals", "pecs", "pectoralis major", "pectoralis", "chest muscles")),
        _muscle("serratus_anterior", "Serratus anterior", "chest", "chest", "chest", "front",
                ("serratus",)),
        _muscle("triceps", "Triceps", "arms", "triceps", None, "back", ("tricep", "triceps brachii")),
        _muscle("biceps", "Biceps", "arms", "biceps", None, "front", ("bicep", "biceps brachii")),
        _muscle("forearms", "Forearms", "arms", "forearms", None, "front",
                ("forearm", "grip", "wrist flexors", "wrist extensors")),
        _muscle("neck", "Neck", "neck", "neck", None, "front",
                ("neck muscles", "deep neck flexors", "sternocleidomastoid")),
    ],
)

#: Composite groups: which muscles each stands for.
COMPOSITE_GROUPS: dict[str, tuple[str, ...]] = {
    "back": ("lats", "traps", "rhomboids", "erector_spinae"),
    "posterior_chain": ("erector_spinae", "glutes", "hamstrings"),
}

#: The rubric's major muscle groups (training-rubric §0.3).
MAJOR_MUSCLE_GROUPS = ("chest", "upper_back", "shoulders", "quadriceps", "hamstrings", "glutes", "trunk")


def muscles_in_group(group: str) -> tuple[str, ...]:
    """The muscle slugs a group (plain or composite) stands for."""
    if group in COMPOSITE_GROUPS:
        return COMPOSITE_GROUPS[group]
    return tuple(m.slug for m in MUSCLES if m.facts["group"] == group)


def group_of(muscle: str) -> str:
    """The home muscle group of a muscle slug."""
    return str(MUSCLES.get(muscle).facts["group"])


# --------------------------------------------------------------------------- equipment


def _eq(slug: str, name: str, kind: str, fedb: str | None, aliases: tuple[str, ...] = (),
        description: str = "") -> Term:
    return Term(slug, name, aliases, description, {"kind": kind, "free_exercise_db": fedb})


EQUIPMENT = Vocabulary(
    "equipment",
    [
        _eq("bodyweight", "Body weight only", "none", "body only",
            ("none", "no equipment", "body only", "bodyweight only", "floor"),
            "Nothing but your own body and the floor."),
        _eq("mat", "Exercise mat", "accessory", None, ("yoga mat", "mat", "exercise mat", "floor mat")),
        _eq("exercise_ball", "Exercise ball", "accessory", "exercise ball",
            ("stability ball", "swiss ball", "fitness ball", "physio ball", "balance ball",
             "gym ball", "yoga ball")),
        _eq("bosu", "BOSU balance trainer", "accessory", None,
            ("bosu ball", "bosu balance trainer", "half ball", "balance trainer")),
        _eq("back_extension_bench", "Back extension bench", "machine", None,
            ("roman chair", "hyperextension bench", "45 degree bench", "45-degree bench",
             "hyper bench", "back extension station", "glute ham bench", "hyperextension station")),
        _eq("lever_back_extension_machine", "Lever back extension machine", "machine", "machine",
            ("back extension machine", "lever back extension", "seated back extension machine",
             "lower back machine")),
        _eq("barbell", "Barbell", "free_weight", "barbell", ("olympic bar", "straight bar", "bar")),
        _eq("ez_bar", "EZ curl bar", "free_weight", "e-z curl bar", ("e-z curl bar", "ez curl bar", "curl bar")),
        _eq("dumbbells", "Dumbbells", "free_weight", "dumbbell",
            ("dumbbell", "db", "adjustable dumbbells", "hand weights")),
        _eq("kettlebells", "Kettlebells", "free_weight", "kettlebells", ("kettlebell", "kb")),
        _eq("weight_plate", "Weight plate", "free_weight", None,
            ("plate", "barbell plate", "bumper plate", "weight disc")),
        _eq("medicine_ball", "Medicine ball", "free_weight", "medicine ball",
            ("med ball", "slam ball", "medicine balls")),
        _eq("bench", "Flat or adjustable bench", "accessory", None,
            ("weight bench", "flat bench", "adjustable bench", "incline bench", "training bench")),
        _eq("squat_rack", "Squat rack", "machine", None,
            ("power rack", "squat stand", "squat stands", "rack", "power cage")),
        _eq("cable_machine", "Cable machine", "machine", "cable",
            ("cable", "cables", "cable station", "pulley", "functional trainer", "cable stack")),
        _eq("machines", "Weight machines", "machine", "machine",
            ("machine", "selectorized machine", "leg press machine", "gym machines", "lever machine")),
        _eq("resistance_band", "Resistance band", "accessory", "bands",
            ("band", "bands", "mini band", "loop band", "exercise band", "elastic band", "tube band")),
        _eq("pullup_bar", "Pull-up bar", "accessory", None,
            ("pull up bar", "chin up bar", "chinning bar", "doorway bar")),
        _eq("dip_station", "Dip station", "accessory", None, ("parallel bars", "dip bars")),
        _eq("dowel", "Dowel or stick", "accessory", None,
            ("broomstick", "pvc pipe", "long rod", "stick", "wooden stick", "broom handle", "pole")),
        _eq("foam_roller", "Foam roller", "accessory", "foam roll", ("foam roll", "roller")),
        _eq("yoga_block", "Yoga block", "accessory", None, ("block", "yoga blocks", "foam block")),
        _eq("chair", "Sturdy chair", "furniture", None, ("chair", "kitchen chair", "seat")),
        _eq("box", "Plyo box or step", "accessory", None,
            ("plyo box", "step", "aerobic step", "box", "stair", "stairs", "platform")),
        _eq("wall", "Wall", "furniture", None, ("wall",)),
        _eq("stationary_bike", "Stationary bike", "cardio", None,
            ("exercise bike", "spin bike", "bike", "cycle ergometer", "bicycle")),
        _eq("rowing_machine", "Rowing machine", "cardio", None, ("rower", "ergometer", "erg")),
        _eq("treadmill", "Treadmill", "cardio", None, ("running machine",)),
        _eq("jump_rope", "Jump rope", "cardio", None, ("skipping rope", "rope")),
        _eq("suspension_trainer", "Suspension trainer", "accessory", None,
            ("trx", "suspension straps", "rings", "gymnastic rings")),
        _eq("other", "Other equipment", "other", "other", ("other equipment", "special equipment"),
            "Gear outside this list (imported entries); never assumed available."),
    ],
)

#: Things everyone is assumed to have (rubric R5: body weight, floor, wall).
ALWAYS_AVAILABLE = frozenset({"bodyweight", "wall"})


# --------------------------------------------------------------------------- patterns and tags

PATTERNS = Vocabulary(
    "patterns",
    [
        Term("knee_dominant", "Knee-dominant (squat, lunge)", ("squat", "squats", "lunge", "knee dominant")),
        Term("hip_dominant", "Hip-dominant (hinge, bridge)", ("hinge", "hip hinge pattern", "hip dominant", "bridge pattern")),
        Term("upper_push_horizontal", "Horizontal push", ("horizontal push", "press", "push up pattern")),
        Term("upper_push_vertical", "Vertical push", ("vertical push", "overhead press pattern", "overhead")),
        Term("upper_pull_horizontal", "Horizontal pull", ("horizontal pull", "row", "rows")),
        Term("upper_pull_vertical", "Vertical pull", ("vertical pull", "pull down", "pull up pattern")),
        Term("trunk_anti_extension", "Trunk anti-extension", ("anti extension", "plank pattern")),
        Term("trunk_anti_lateral_flexion", "Trunk anti-lateral flexion", ("anti lateral flexion", "side bridge pattern")),
        Term("trunk_anti_rotation", "Trunk anti-rotation", ("anti rotation",)),
        Term("trunk_extension", "Trunk extension", ("back extension pattern", "spinal extension")),
        Term("carry", "Loaded carry", ("carries", "loaded carry")),
        Term("balance", "Balance", ("balance pattern", "stability")),
        Term("aerobic", "Aerobic", ("cardio", "conditioning", "endurance")),
        Term("mobility", "Mobility", ("mobility pattern", "flexibility", "stretch")),
        Term("isolation_upper", "Upper-body isolation", ("upper isolation", "arms isolation")),
        Term("isolation_lower", "Lower-body isolation", ("lower isolation", "leg isolation")),
    ],
)

TAGS = Vocabulary(
    "tags",
    [
        Term("loaded_spinal_flexion", "Loaded spinal flexion", (), "The spine bends forward under external load or high force (weighted sit-ups, cable crunches)."),
        Term("end_range_spinal_flexion_exercise", "End-range spinal flexion", (), "Repeated curling of the spine to its end range as the exercise itself (sit-ups, crunches to the knees)."),
        Term("loaded_spinal_rotation", "Loaded spinal rotation", (), "The spine twists against load or momentum (weighted Russian twists)."),
        Term("heavy_axial_load", "Heavy axial load", (), "A heavy load down the length of the spine (barbell squats, deadlifts)."),
        Term("high_impact", "High impact", (), "Jumping or landing forces."),
        Term("spine_neutral", "Spine neutral", (), "The spine is held in its neutral curves throughout."),
        Term("max_testing", "Maximal effort testing", (), "One-repetition maximum or maximal attempts."),
        Term("valsalva_cue", "Breath-hold bracing", (), "Usually coached with a held breath (Valsalva) under heavy load."),
        Term("spinal_extension", "Spinal extension", (), "The spine moves into extension as part of the exercise."),
        Term("end_range_spinal_extension", "End-range spinal extension", (), "The spine reaches the end of its extension range (deep backbends)."),
        Term("unstable_surface", "Unstable surface", (), "Performed on a ball, dome or other unstable base."),
        Term("prone", "Face down", (), "Performed lying face down."),
        Term("supine", "Face up", (), "Performed lying on the back."),
        Term("kneeling", "Kneeling", (), "Puts weight through the knees."),
        Term("wrist_loaded", "Weight on the hands", (), "Body weight rests on the hands and wrists."),
        Term("overhead", "Overhead", (), "Arms or load overhead."),
        Term("unilateral", "One side at a time", (), "One arm or leg works at a time."),
        Term("isometric", "Isometric hold", (), "A position held without movement."),
        Term("plyometric", "Plyometric", (), "Fast stretch-shortening (jumps, throws)."),
        Term("deep_knee_flexion", "Deep knee bend", (), "The knees bend well past 90 degrees under load."),
        Term("mcgill_big_three", "McGill big three", (), "One of the curl-up, side bridge and bird dog."),
        Term("self_myofascial_release", "Self-massage", (), "Pressure from a ball or roller on soft tissue."),
        Term("low_impact", "Low impact", (), "Gentle on the joints, no jumping."),
    ],
)


def _condition(slug: str, name: str, aliases: tuple[str, ...], excludes: tuple[str, ...],
               description: str) -> Term:
    return Term(slug, name, aliases, description, {"excluded_tags": excludes})


CONDITIONS = Vocabulary(
    "conditions",
    [
        _condition(
            "acute_lbp", "Acute low back pain", ("acute low back pain", "back pain flare", "lbp flare"),
            ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise", "loaded_spinal_rotation",
             "heavy_axial_load", "high_impact", "max_testing"),
            "Non-specific low back pain of six weeks or less, or a flare, without red flags.",
        ),
        _condition(
            "chronic_lbp", "Chronic low back pain", ("chronic low back pain", "persistent back pain"), (),
            "Non-specific low back pain lasting 12 weeks or more. Loading is allowed; only the movements "
            "that provoke this person's pain are left out.",
        ),
        _condition(
            "lumbar_disc_herniation_history", "History of lumbar disc herniation",
            ("disc herniation", "herniated disc", "slipped disc", "disc bulge", "herniated discs"),
            ("loaded_spinal_flexion", "loaded_spinal_rotation"),
            "A past lumbar disc herniation without current symptoms.",
        ),
        _condition(
            "hypertension", "High blood pressure", ("high blood pressure", "hbp"),
            ("valsalva_cue", "max_testing"),
            "Exhale on effort; no breath-holding or maximal attempts.",
        ),
        _condition(
            "osteopenia", "Osteopenia", ("low bone density",),
            ("loaded_spinal_flexion", "loaded_spinal_rotation"),
            "Low bone mineral density: spine-sparing choices.",
        ),
        _condition(
            "osteoporosis", "Osteoporosis", ("brittle bones",),
            ("loaded_spinal_flexion", "loaded_spinal_rotation", "high_impact", "max_testing"),
            "Bone density in the osteoporotic range: spine-sparing, no jumping or maximal lifts.",
        ),
        _condition(
            "patellofemoral_pain", "Patellofemoral pain", ("runner's knee", "anterior knee pain", "pfps"),
            (),
            "Pain around the kneecap: knee exercises are pain-monitored and depth is limited to pain-free range.",
        ),
        _condition(
            "shoulder_pain", "Shoulder pain", ("shoulder impingement", "rotator cuff pain"), (),
            "Shoulder exercises are pain-monitored; overhead work only in a pain-free range.",
        ),
        _condition(
            "pregnancy", "Pregnancy", ("pregnant",), ("high_impact", "max_testing", "valsalva_cue"),
            "Follow the advice of your midwife or doctor; avoid lying flat on the back for long after the first trimester.",
        ),
    ],
)

REGIONS = Vocabulary(
    "regions",
    [
        Term("lower_back", "Lower back", ("lumbar", "low back", "lumbar spine", "lower back")),
        Term("upper_back", "Upper back", ("thoracic", "thoracic spine", "mid back")),
        Term("neck", "Neck", ("cervical", "cervical spine")),
        Term("shoulders", "Shoulders", ("shoulder",)),
        Term("elbows", "Elbows", ("elbow",)),
        Term("wrists", "Wrists", ("wrist", "hands")),
        Term("hips", "Hips", ("hip", "groin")),
        Term("knees", "Knees", ("knee",)),
        Term("ankles", "Ankles and feet", ("ankle", "feet", "foot", "achilles")),
    ],
)

LEVELS = Vocabulary(
    "levels",
    [
        Term("beginner", "Beginner", ("novice", "new", "easy", "starter")),
        Term("intermediate", "Intermediate", ("medium", "moderate")),
        Term("advanced", "Advanced", ("expert", "hard", "experienced")),
    ],
)

CATEGORIES = Vocabulary(
    "categories",
    [
        Term("strength", "Strength", ("resistance", "powerlifting", "strongman", "olympic weightlifting")),
        Term("mobility", "Mobility", ("mobilization",)),
        Term("stretching", "Stretching", ("stretch", "stretches", "flexibility")),
        Term("warmup", "Warm-up", ("warm up", "activation")),
        Term("cardio", "Cardio", ("aerobic", "conditioning")),
        Term("plyometrics", "Plyometrics", ("plyo", "jumps", "plyometric")),
        Term("balance", "Balance", ("stability", "neuromotor")),
        Term("rehab", "Rehab", ("rehabilitation", "therapy", "corrective", "physio")),
    ],
)

MECHANICS = ("compound", "isolation")
FORCES = ("push", "pull", "static")
JOINTS = ("multi", "single")
LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}

VOCABULARIES: dict[str, Vocabulary] = {
    "muscles": MUSCLES,
    "muscle_groups": MUSCLE_GROUPS,
    "equipment": EQUIPMENT,
    "patterns": PATTERNS,
    "tags": TAGS,
    "conditions": CONDITIONS,
    "regions": REGIONS,
    "levels": LEVELS,
    "categories": CATEGORIES,
}


def vocabulary(kind: str) -> Vocabulary:
    """The vocabulary of a kind (muscles, equipment, ...); UnknownTermError if no such kind."""
    if kind not in VOCABULARIES:
        raise UnknownTermError("vocabulary kind", kind, difflib.get_close_matches(kind, KINDS, n=2))
    return VOCABULARIES[kind]


def resolve_muscle_or_group(text: str) -> tuple[str, tuple[str, ...]]:
    """Resolve text to ('muscle', (slug,)) or ('group', member slugs); 'core' is a group."""
    group = MUSCLE_GROUPS.lookup(text)
    muscle = MUSCLES.lookup(text)
    if muscle is not None and normalize(text) in (normalize(MUSCLES.get(muscle).name), muscle.replace("_", " ")):
        return "muscle", (muscle,)
    if group is not None:
        return "group", muscles_in_group(group)
    if muscle is not None:
        return "muscle", (muscle,)
    suggestions = MUSCLES.suggest(text, 2) + MUSCLE_GROUPS.suggest(text, 1)
    raise UnknownTermError("muscle or muscle group", text, suggestions)


def condition_excluded_tags(code: str) -> tuple[str, ...]:
    """The exercise tags one condition code rules out."""
    tags = CONDITIONS.get(code).facts.get("excluded_tags", ())
    return tuple(str(t) for t in tags) if isinstance(tags, tuple) else ()


def conditions_implied_by(tags: Iterable[str]) -> tuple[str, ...]:
    """Condition codes for which one of these exercise tags is excluded, in vocabulary order."""
    tag_set = set(tags)
    return tuple(c.slug for c in CONDITIONS if tag_set & set(condition_excluded_tags(c.slug)))


def excluded_tags_for(conditions: Iterable[str]) -> frozenset[str]:
    """Exercise tags that the given condition codes rule out."""
    out: set[str] = set()
    for code in conditions:
        out.update(condition_excluded_tags(code))
    return frozenset(out)
