"""What a profile's health answers mean for a plan: referral, exclusions, monitoring, notes.

Sources: red flags and urgency from rubric T5 (AHCPR 1994, IFOMPT 2020, NICE NG59); condition
rules from rubric R30-R34 (McGill; Silbernagel pain monitoring; ACSM for older adults).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise
from trainwise.domain.profile import EMERGENCY_FLAGS, RED_FLAG_LABELS, Profile

EMERGENCY_MESSAGE = (
    "Do not train. One or more of your answers can be a sign of a serious problem with the nerves "
    "of the lower spine. Seek medical assessment today: go to an emergency department or call your "
    "emergency number now."
)
URGENT_MESSAGE = (
    "Do not start this training plan yet. One or more of your answers needs a medical assessment "
    "first: see a doctor urgently (within a day or two) and come back once you are cleared to exercise."
)
CAUTION_MESSAGE = (
    "A gentle plan is fine, but see a clinician before any heavily loaded spinal work: your answers "
    "(such as a first episode of back pain over 50, long-term steroid use or osteoporosis with back "
    "pain) call for a check first. This plan leaves out heavy axial loading."
)

#: Words in a person's "provocative movements" answer, and the exercise tags they point to.
PROVOCATION_TAGS: dict[str, tuple[str, ...]] = {
    "bend": ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise"),
    "flex": ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise"),
    "sit-up": ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise"),
    "situp": ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise"),
    "crunch": ("loaded_spinal_flexion", "end_range_spinal_flexion_exercise"),
    "toe touch": ("end_range_spinal_flexion_exercise",),
    "twist": ("loaded_spinal_rotation",),
    "rotat": ("loaded_spinal_rotation",),
    "arch": ("spinal_extension", "end_range_spinal_extension"),
    "extension": ("spinal_extension", "end_range_spinal_extension"),
    "lean back": ("spinal_extension", "end_range_spinal_extension"),
    "overhead": ("overhead",),
    "above head": ("overhead",),
    "reach up": ("overhead",),
    "jump": ("high_impact", "plyometric"),
    "run": ("high_impact",),
    "impact": ("high_impact",),
    "kneel": ("kneeling",),
    "deep squat": ("deep_knee_flexion",),
    "squatting deep": ("deep_knee_flexion",),
    "full squat": ("deep_knee_flexion",),
    "deep knee": ("deep_knee_flexion",),
    "lying face down": ("prone",),
    "prone": ("prone",),
    "lying on back": ("supine",),
    "heavy lift": ("heavy_axial_load",),
    "heavy load": ("heavy_axial_load",),
    "wrist": ("wrist_loaded",),
    "push-up": ("wrist_loaded",),
    "balance": ("unstable_surface",),
}
#: Phrases that name part of a pattern. Answers that are a pattern's vocabulary name or alias
#: ("squats", "lunges", "hinge") exclude that whole pattern, as the rubric's validator reads them;
#: these words only ever exclude one pattern of a family, never a whole family.
PROVOCATION_PATTERNS: dict[str, tuple[str, ...]] = {
    "pressing overhead": ("upper_push_vertical",),
    "overhead press": ("upper_push_vertical",),
    "pull-up": ("upper_pull_vertical",),
    "pullup": ("upper_pull_vertical",),
}
#: Words that point to exercises by name (matched against each exercise's slug and name).
PROVOCATION_NAMES: dict[str, tuple[str, ...]] = {
    "stairs": ("step up",),
    "step": ("step up",),
    "deadlift": ("deadlift",),
    "lifting from the floor": ("deadlift",),
    "pull-up": ("pull up", "chin up"),
}


@dataclass(frozen=True)
class Provocation:
    """One reported provocative movement and what it rules out."""

    text: str
    tags: tuple[str, ...]
    patterns: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True)
class Referral:
    """Whether the person must see a clinician, how soon, and what to tell them."""

    required: bool
    urgency: str | None
    message: str | None

    def as_dict(self) -> dict[str, object]:
        return {"required": self.required, "urgency": self.urgency, "message": self.message}


def referral_for(profile: Profile) -> Referral:
    """The T5 referral: emergency, urgent, caution, or none (rubric R1)."""
    if any(code in EMERGENCY_FLAGS for code in profile.red_flags):
        return Referral(True, "emergency_same_day", EMERGENCY_MESSAGE)
    if profile.red_flags:
        return Referral(True, "urgent", URGENT_MESSAGE)
    if profile.caution_flags:
        return Referral(True, "caution", CAUTION_MESSAGE)
    if any(c.radicular_symptoms for c in profile.conditions):
        return Referral(True, "caution", "Pain, numbness or tingling that runs down a leg should be checked by "
                        "a clinician; until then this plan treats your back as in a flare.")
    return Referral(False, None, None)


def is_suspended(profile: Profile) -> bool:
    """True when a red flag means no training plan at all."""
    return bool(profile.red_flags)


def treat_as_acute(profile: Profile) -> bool:
    """Acute low back pain, or disc history with current leg symptoms (rubric R31)."""
    return profile.has("acute_lbp") or any(
        c.radicular_symptoms for c in profile.conditions if c.code == "lumbar_disc_herniation_history")


def excluded_tags(profile: Profile) -> frozenset[str]:
    """Exercise tags this person's plan must not contain, with the rule behind each group."""
    tags = set(v.excluded_tags_for(profile.condition_codes))
    tags.add("max_testing")  # plans never test maxima
    if treat_as_acute(profile):
        tags.update(v.condition_excluded_tags("acute_lbp"))  # R30 (a), R31 radicular
    if profile.has("lumbar_disc_herniation_history"):
        tags.add("heavy_axial_load")  # R31: allowed only from week 3 with limits; we leave it out
    if profile.caution_flags:
        tags.add("heavy_axial_load")  # R1 CAUTION
    if profile.level == "beginner" or profile.is_older:
        tags.update(("high_impact", "plyometric"))  # R33: no high impact for novices
    if profile.is_older or profile.has("hypertension"):
        tags.add("valsalva_cue")  # R33
    if profile.has("osteopenia") or profile.has("osteoporosis"):
        # R33 spine-sparing; end-range flexion (sit-ups, crunches) is left out too, as bone-health
        # guidance advises against repeated spinal flexion with low bone density
        tags.update(("loaded_spinal_flexion", "loaded_spinal_rotation", "end_range_spinal_flexion_exercise"))
    for prov in provocations(profile):
        tags.update(prov.tags)
    return frozenset(tags)


def provocations(profile: Profile) -> list[Provocation]:
    """What each reported provocative movement rules out: tags, whole patterns, exercise names."""
    return [_provocation(text) for cond in profile.conditions for text in cond.provocative_movements]


def _provocation(text: str) -> Provocation:
    low = text.lower()
    tags = [t for key, ts in PROVOCATION_TAGS.items() if key in low for t in ts]
    tags += [t for t in v.TAGS.slugs if t.replace("_", " ") in low]
    tag = v.TAGS.lookup(text)
    if tag is not None:
        tags.append(tag)
    pattern = v.PATTERNS.lookup(text)
    patterns = [pattern] if pattern else [p for key, ps in PROVOCATION_PATTERNS.items() if key in low for p in ps]
    names = [n for key, ns in PROVOCATION_NAMES.items() if key in low for n in ns]
    if v.normalize(text):
        names.append(v.normalize(text))
    return Provocation(text, tuple(dict.fromkeys(tags)), tuple(dict.fromkeys(patterns)),
                       tuple(dict.fromkeys(names)))


def excluded_patterns(profile: Profile) -> frozenset[str]:
    """Movement patterns a person reported as provoking their pain."""
    return frozenset(p for prov in provocations(profile) for p in prov.patterns)


def excluded_names(profile: Profile) -> tuple[str, ...]:
    """Name fragments (normalized) of exercises a person reported as provoking their pain."""
    return tuple(dict.fromkeys(n for prov in provocations(profile) for n in prov.names))


def named_in(exercise: Exercise, names: Iterable[str]) -> bool:
    """True when a name fragment (or its singular) occurs in the exercise's slug or name."""
    own = (v.normalize(exercise.slug), v.normalize(exercise.name))
    return any(n in text or v.singular(n) in text for n in names if n for text in own)


def unmatched_provocations(profile: Profile, exercises: Iterable[Exercise] = ()) -> list[str]:
    """Provocative movements that match no tag, pattern or exercise (reported as warnings)."""
    pool = list(exercises)
    return [prov.text for prov in provocations(profile)
            if not (prov.tags or prov.patterns or any(named_in(e, prov.names) for e in pool))]


def allowed(exercise: Exercise, profile: Profile, tags: Iterable[str], patterns: Iterable[str],
            names: Iterable[str] = ()) -> bool:
    """True when nothing about the exercise contradicts the person's conditions or reported provocations."""
    if set(exercise.tags) & set(tags):
        return False
    if set(exercise.patterns) & set(patterns):
        return False
    if set(exercise.contraindications) & set(profile.condition_codes):
        return False
    return not named_in(exercise, names)


CONDITION_NOTES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("lumbar_disc_herniation_history",), "With a past disc herniation, hinge with a neutral spine and avoid loaded bending and "
     "twisting. See a clinician if pain, numbness or tingling spreads down a leg."),
    (("chronic_lbp",), "With long-standing back pain, loading is safe and helpful: only the movements you told "
     "us provoke your pain are left out. Progress gradually."),
    (("hypertension",), "With high blood pressure, breathe out on the effort and never hold your breath while "
     "lifting; keep 2 or more reps in reserve."),
    (("osteopenia", "osteoporosis"), "With low bone density, avoid loaded forward bending and twisting of the spine; "
     "strength and balance work protect your bones."),
    (("patellofemoral_pain",), "For knee pain, squat and lunge only to a depth that stays within the pain traffic "
     "light; reduce depth or load if pain rises the next day."),
    (("shoulder_pain",), "For shoulder pain, keep pressing and overhead work in a pain-free range and monitor "
     "pain during and after."),
    (("pregnancy",), "During pregnancy, check this plan with your midwife or doctor; avoid lying flat on your "
     "back for long after the first trimester and stop if you feel dizzy or unwell."),
)
"""The safety note for each condition (any of the codes), in the order they are given."""


def safety_notes(profile: Profile) -> list[str]:
    """The notes a careful trainer gives this person (always the emergency symptoms)."""
    emergency = "; ".join(RED_FLAG_LABELS[c] for c in EMERGENCY_FLAGS)
    notes = [
        "Warm up before every session, and stop any exercise that causes sharp or increasing pain.",
        f"Stop training and seek care the same day if you notice any of these: {emergency}.",
        "See a doctor promptly (stop training and seek care) if back pain comes with fever or feeling "
        "unwell, weight loss you cannot explain, a past cancer, a fall or injury, or constant pain at night.",
    ]
    if profile.has_lbp or (profile.pain and profile.pain.region == "lower_back"):
        notes.append("With back pain, staying active helps recovery: keep walking and moving every day, "
                     "within comfort. Short rests are fine; long inactivity is not.")
        notes.append("Use the pain traffic light: pain up to 2/10 during exercise is fine (green); 3-5/10 "
                     "that settles by the next morning means keep the load the same (amber); 6/10 or more, "
                     "or pain that is worse the next morning, means make it easier (red).")
    if treat_as_acute(profile):
        notes.append("During a back pain flare this plan leaves out loaded bending, twisting, heavy loads "
                     "on the spine and jumping, and keeps 3 or more reps in reserve in the first two weeks.")
        notes.append("Avoid bending and rounding your back in the first hour after waking: discs are more "
                     "sensitive then.")
    notes.extend(note for codes, note in CONDITION_NOTES if any(profile.has(c) for c in codes))
    if profile.is_older:
        notes.append("Balance work is part of every week: hold on to something sturdy at first.")
    if profile.caution_flags:
        notes.append(CAUTION_MESSAGE)
    return notes


def condition_reasons(profile: Profile, exercise: Exercise) -> list[str]:
    """Why an exercise is safe for this person, in words (for the plan's `why`)."""
    reasons: list[str] = []
    tags = set(exercise.tags)
    if treat_as_acute(profile):
        reasons.append("no loaded bending, twisting, heavy spinal load or impact during your back pain flare")
    elif profile.has("lumbar_disc_herniation_history") or profile.has("osteopenia") or profile.has("osteoporosis"):
        reasons.append("no loaded spinal bending or twisting" + ("; the spine stays neutral" if "spine_neutral" in tags else ""))
    if profile.has("chronic_lbp"):
        reasons.append("none of the movements you said provoke your pain")
    if profile.has("hypertension"):
        reasons.append("no breath-holding cue; breathe out on the effort")
    if "low_impact" in tags and (profile.is_older or profile.has_lbp):
        reasons.append("low impact")
    return reasons
