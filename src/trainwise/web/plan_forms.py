"""The plan wizard's form: its choices, its defaults, and form values -> profile dict.

The form keeps exactly what the person entered (strings and lists of strings) so a rejected
form is shown again with nothing lost; ``profile_dict`` turns it into the profile JSON that
``profile_from_dict`` validates, and ``field_of`` says which field an error belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.profile import DAYS, RED_FLAG_LABELS, Profile, ProfileError, profile_from_dict


@dataclass(frozen=True)
class Choice:
    """One option of a choice question: a value, a short name and a plain explanation."""

    value: str
    name: str
    text: str = ""


GOALS = (
    Choice("general_fitness", "General fitness", "Feel fitter and stronger all round, a bit of everything."),
    Choice("strength", "Strength", "Lift heavier: fewer reps with more weight, longer rests."),
    Choice("hypertrophy", "Build muscle", "Grow your muscles with moderate weights and more sets."),
    Choice("muscular_endurance", "Muscular endurance", "Keep going for longer: lighter weights, more reps."),
    Choice("fat_loss", "Fat loss", "Strength work plus extra movement to support losing fat."),
    Choice("function", "Everyday strength", "Lift, carry, climb stairs and get up from the floor with ease."),
    Choice("lower_back_strength", "Lower back strength", "A strong, enduring back and trunk that cope with daily loads."),
    Choice("rehab_back_pain", "Back pain rehab", "Gentle, graded exercise to get moving again with low back pain."),
    Choice("mobility", "Mobility", "Move more freely: joints through a fuller, comfortable range."),
)
LEVELS = (
    Choice("beginner", "Beginner", "New to strength training, or back after a long break."),
    Choice("intermediate", "Intermediate", "You have trained regularly for six months or more and know the main lifts."),
    Choice("advanced", "Advanced", "Years of steady training; you know your working weights and push close to your limit."),
)
DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
             "sat": "Saturday", "sun": "Sunday"}
MINUTES = (15, 20, 30, 45, 60, 75, 90)
WEEKS = (4, 6, 8, 12)
EQUIPMENT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("At home", ("mat", "chair", "resistance_band", "dowel", "foam_roller", "yoga_block", "box",
                 "pullup_bar", "suspension_trainer")),
    ("Weights", ("dumbbells", "kettlebells", "barbell", "ez_bar", "weight_plate", "medicine_ball")),
    ("Balls and balance", ("exercise_ball", "bosu")),
    ("Gym benches, racks and machines", ("bench", "squat_rack", "dip_station", "back_extension_bench",
                                         "lever_back_extension_machine", "cable_machine", "machines")),
    ("Cardio", ("stationary_bike", "rowing_machine", "treadmill", "jump_rope")),
)
CONDITIONS = (
    Choice("acute_lbp", "Acute low back pain", "Back pain that started in the last six weeks, or a flare-up."),
    Choice("chronic_lbp", "Chronic low back pain", "Back pain that has lasted three months or more."),
    Choice("lumbar_disc_herniation_history", "Past disc herniation", "A slipped or herniated disc in the lower back, now settled."),
    Choice("hypertension", "High blood pressure", "Diagnosed high blood pressure."),
    Choice("osteopenia", "Osteopenia", "Bone density lower than normal."),
    Choice("osteoporosis", "Osteoporosis", "Bone density in the osteoporosis range."),
    Choice("patellofemoral_pain", "Knee pain (patellofemoral)", "Pain around or behind the kneecap."),
    Choice("shoulder_pain", "Shoulder pain", "A painful shoulder, for example when reaching overhead."),
)
RED_FLAGS = tuple(Choice(code, label[:1].upper() + label[1:]) for code, label in RED_FLAG_LABELS.items())
CAUTION_FLAGS = (
    Choice("first_episode_over_50", "This is my first episode of back pain and I am over 50"),
    Choice("long_term_corticosteroids", "I have taken steroid tablets (corticosteroids) for a long time"),
    Choice("osteoporosis_with_back_pain", "I have osteoporosis and back pain"),
)
#: Conditions whose provocative movements the generator leaves out.
PAIN_CONDITIONS = ("acute_lbp", "chronic_lbp", "lumbar_disc_herniation_history", "patellofemoral_pain",
                   "shoulder_pain")
LIST_FIELDS = ("available_days", "equipment", "conditions", "red_flags")
FIELD_ORDER = ("goal", "level", "available_days", "days_per_week", "session_minutes", "weeks", "equipment",
               "dumbbells_kg", "kettlebells_kg", "barbell_kg", "smallest_plate_kg", "conditions",
               "provocative_movements", "red_flags", "age")
TEXT_FIELDS = ("goal", "level", "days_per_week", "session_minutes", "weeks", "dumbbells_kg",
               "kettlebells_kg", "barbell_kg", "smallest_plate_kg", "provocative_movements", "age")
MAX_TEXT = 300


@dataclass
class WizardForm:
    """What the person entered (or the defaults), as strings."""

    goal: str = "general_fitness"
    level: str = "beginner"
    available_days: list[str] = field(default_factory=lambda: ["mon", "wed", "fri"])
    days_per_week: str = "3"
    session_minutes: str = "45"
    weeks: str = "8"
    equipment: list[str] = field(default_factory=list)
    dumbbells_kg: str = ""
    kettlebells_kg: str = ""
    barbell_kg: str = ""
    smallest_plate_kg: str = ""
    conditions: list[str] = field(default_factory=list)
    provocative_movements: str = ""
    red_flags: list[str] = field(default_factory=list)
    age: str = ""

    @classmethod
    def from_form(cls, data: Any) -> WizardForm:
        """From submitted form data (a Starlette FormData or a mapping of lists/strings)."""
        def many(name: str) -> list[str]:
            raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
            values = [raw] if isinstance(raw, str) else list(raw or [])
            return list(dict.fromkeys(str(x)[:MAX_TEXT] for x in values if str(x).strip()))[:50]

        def one(name: str) -> str:
            raw = data.get(name)
            return "" if raw is None else str(raw).strip()[:MAX_TEXT]

        chosen_days = many("available_days")
        return cls(
            goal=one("goal"), level=one("level"), available_days=[d for d in DAYS if d in chosen_days],
            days_per_week=one("days_per_week"), session_minutes=one("session_minutes"), weeks=one("weeks"),
            equipment=many("equipment"), dumbbells_kg=one("dumbbells_kg"), kettlebells_kg=one("kettlebells_kg"),
            barbell_kg=one("barbell_kg"), smallest_plate_kg=one("smallest_plate_kg"),
            conditions=many("conditions"), provocative_movements=one("provocative_movements"),
            red_flags=many("red_flags"), age=one("age"),
        )

    def to_profile(self) -> Profile:
        """The validated profile; ``FormError`` holds every problem at once (field -> message)."""
        errors: dict[str, str] = {}
        if self._movements() and not self._painful():
            errors["provocative_movements"] = UNATTACHED_MOVEMENTS
        data = self.profile_dict()
        for _ in range(len(FIELD_ORDER)):  # each round sets one bad field aside and checks the rest
            try:
                profile = profile_from_dict(data)
            except ProfileError as exc:
                name, message = field_of(exc)
                known = name not in errors
                errors.setdefault(name, message)
                if known and _set_aside(data, exc):
                    continue
                break
            if not errors:
                return profile
            break
        order = {name: i for i, name in enumerate(FIELD_ORDER)}
        raise FormError(dict(sorted(errors.items(), key=lambda item: order.get(item[0], -1))))

    def _movements(self) -> list[str]:
        return [m.strip() for m in re.split(r"[,;\n]", self.provocative_movements) if m.strip()]

    def _painful(self) -> list[str]:
        return [c for c in self.conditions if c in PAIN_CONDITIONS]

    def profile_dict(self) -> dict[str, Any]:
        """The profile JSON for ``profile_from_dict`` (movements go with the painful conditions)."""
        conditions: list[dict[str, Any]] = []
        movements, painful = self._movements(), self._painful()
        for code in self.conditions:
            conditions.append({"code": code, "provocative_movements": movements if code in painful else []})
        return {
            "id": "web",
            "goal": self.goal or "general_fitness",
            "level": self.level or "beginner",
            "available_days": self.available_days,
            "days_per_week": self.days_per_week or "3",
            "session_minutes": self.session_minutes or "45",
            "weeks": self.weeks or "8",
            "equipment": self.equipment,
            "equipment_specs": {
                "dumbbells_kg": _masses(self.dumbbells_kg),
                "kettlebells_kg": _masses(self.kettlebells_kg),
                "barbell_kg": _mass(self.barbell_kg),
                "smallest_plate_kg": _mass(self.smallest_plate_kg),
            },
            "conditions": conditions,
            "red_flags": self.red_flags,
            "age": self.age or None,
        }


class FormError(ProfileError):
    """Every problem of a submitted form, by form field."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


UNATTACHED_MOVEMENTS = ("Tick the painful condition these movements belong to (back, knee or shoulder "
                        "pain) so the plan can leave them out")


def _set_aside(data: dict[str, Any], error: ProfileError) -> bool:
    """Drop the field ``error`` names from ``data`` so the rest can be checked; False if unknown."""
    found = re.match(r"profile field '([^']+)'", str(error))
    if not found:
        return False
    path = found.group(1).split(".")
    target: Any = data
    for key in path[:-1]:
        target = target.get(key) if isinstance(target, dict) else None
    if not isinstance(target, dict) or path[-1] not in target:
        return False
    del target[path[-1]]
    return True


def _mass(text: str) -> str | None:
    """'20 kg' -> '20'; '' -> None (validated by profile_from_dict)."""
    cleaned = re.sub(r"\s*kgs?\b", "", text.strip(), flags=re.IGNORECASE).replace(",", ".")
    return cleaned or None


def _masses(text: str) -> list[str]:
    """'5, 7.5 kg; 10' -> ['5', '7.5', '10']."""
    cleaned = re.sub(r"\s*kgs?\b", "", text, flags=re.IGNORECASE)
    return [part for part in re.split(r"[,;\s]+", cleaned) if part]


#: Profile field (as ProfileError names it) -> the form field that shows the message.
_FIELD_OF = {
    "equipment_specs.dumbbells_kg": "dumbbells_kg", "dumbbells_kg": "dumbbells_kg",
    "equipment_specs.kettlebells_kg": "kettlebells_kg", "kettlebells_kg": "kettlebells_kg",
    "equipment_specs.barbell_kg": "barbell_kg", "equipment_specs.smallest_plate_kg": "smallest_plate_kg",
    "provocative_movements": "provocative_movements",
}


def field_of(error: ProfileError) -> tuple[str, str]:
    """(form field, message without the field prefix) of a profile error."""
    text = str(error)
    found = re.match(r"profile field '([^']+)': (.*)", text, flags=re.DOTALL)
    if not found:
        return "form", text
    name, message = found.groups()
    name = _FIELD_OF.get(name, name)
    if name not in (*TEXT_FIELDS, *LIST_FIELDS):
        name = "form"
    return name, message[:1].upper() + message[1:]


def equipment_groups() -> list[tuple[str, list[v.Term]]]:
    """The equipment checkboxes, grouped under plain headings."""
    return [(title, [v.EQUIPMENT.get(slug) for slug in slugs]) for title, slugs in EQUIPMENT_GROUPS]


def wizard_context(form: WizardForm, errors: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything the wizard template needs."""
    return {
        "form": form, "errors": dict(errors or {}), "goals": GOALS, "levels": LEVELS,
        "days": [(d, DAY_NAMES[d]) for d in DAYS], "minutes": MINUTES, "weeks_choices": WEEKS,
        "equipment_groups": equipment_groups(), "conditions": CONDITIONS, "red_flags": RED_FLAGS,
        "caution_flags": CAUTION_FLAGS,
    }


def missing_equipment(groups: Sequence[tuple[str, Sequence[str]]] = EQUIPMENT_GROUPS) -> set[str]:
    """Equipment slugs the wizard does not offer (body weight, wall and 'other' are implied)."""
    offered = {slug for _, slugs in groups for slug in slugs}
    return set(v.EQUIPMENT.slugs) - offered - {"bodyweight", "wall", "other"}
