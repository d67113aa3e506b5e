"""A person's training profile: who they are, what they want, what they have, what hurts.

``profile_from_dict`` accepts the JSON/YAML shape documented in the README and raises
``ProfileError`` (one line, fit for a user) on anything it cannot accept. Unknown condition or
red-flag codes are errors, never ignored; unknown equipment names only produce a warning.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainwise.domain import vocabulary as v
from trainwise.domain.errors import DomainError

LEVELS = ("beginner", "intermediate", "advanced")
LEVEL_ALIASES = {"novice": "beginner", "beginner": "beginner", "intermediate": "intermediate",
                 "advanced": "advanced"}
GOALS = ("general_fitness", "strength", "hypertrophy", "muscular_endurance", "fat_loss", "function",
         "rehab_back_pain", "lower_back_strength", "mobility")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SEXES = ("female", "male", "other", "unspecified")

#: Rubric T5 red flags, with the urgency each one carries.
RED_FLAGS: Mapping[str, str] = {
    "saddle_anaesthesia": "emergency_same_day",
    "urinary_retention_or_hesitancy_new": "emergency_same_day",
    "new_urinary_incontinence": "emergency_same_day",
    "faecal_incontinence": "emergency_same_day",
    "new_sexual_dysfunction": "emergency_same_day",
    "bilateral_leg_paraesthesia": "emergency_same_day",
    "bilateral_or_progressive_leg_weakness": "emergency_same_day",
    "fever_or_systemically_unwell": "urgent",
    "unexplained_weight_loss": "urgent",
    "history_of_cancer_with_new_back_pain": "urgent",
    "significant_trauma": "urgent",
    "iv_drug_use_or_immunosuppression": "urgent",
    "constant_night_pain_non_mechanical": "urgent",
}
#: Rubric T5 CAUTION items: a gentle plan is allowed, with a referral and no heavy axial load.
CAUTION_FLAGS = ("first_episode_over_50", "long_term_corticosteroids", "osteoporosis_with_back_pain")

RED_FLAG_LABELS: Mapping[str, str] = {
    "saddle_anaesthesia": "numbness around the groin, buttocks or inner thighs (saddle area)",
    "urinary_retention_or_hesitancy_new": "new difficulty passing urine or loss of bladder feeling",
    "new_urinary_incontinence": "new loss of bladder control",
    "faecal_incontinence": "loss of bowel control",
    "new_sexual_dysfunction": "new sexual dysfunction",
    "bilateral_leg_paraesthesia": "numbness or pins and needles in both legs",
    "bilateral_or_progressive_leg_weakness": "weakness in both legs, or leg weakness that is getting worse",
    "fever_or_systemically_unwell": "fever, chills or feeling unwell together with back pain",
    "unexplained_weight_loss": "weight loss you cannot explain",
    "history_of_cancer_with_new_back_pain": "new back pain after a past cancer",
    "significant_trauma": "back pain after a fall, accident or other significant injury",
    "iv_drug_use_or_immunosuppression": "intravenous drug use or a weakened immune system",
    "constant_night_pain_non_mechanical": "constant pain, or pain at night, that rest and changing position do not ease",
}
EMERGENCY_FLAGS = tuple(code for code, urgency in RED_FLAGS.items() if urgency == "emergency_same_day")


class ProfileError(DomainError, ValueError):
    """A profile that cannot be used; the message names the field."""


@dataclass(frozen=True)
class Condition:
    """A declared health condition; ``code`` is a CONDITIONS vocabulary slug."""

    code: str
    provocative_movements: tuple[str, ...] = ()
    radicular_symptoms: bool = False
    region: str | None = None
    notes: str = ""


@dataclass(frozen=True)
class EquipmentSpecs:
    """What the person's weights actually weigh."""

    dumbbells_kg: tuple[float, ...] = ()
    kettlebells_kg: tuple[float, ...] = ()
    barbell_kg: float | None = None
    smallest_plate_kg: float | None = None
    plates_kg: tuple[float, ...] = ()


@dataclass(frozen=True)
class Pain:
    """Current pain: where, and how much at rest (0-10)."""

    region: str
    baseline_nrs: int


@dataclass(frozen=True)
class Profile:
    """Everything the plan generator needs to know about a person."""

    id: str
    level: str = "beginner"
    goal: str = "general_fitness"
    secondary_goals: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    equipment_specs: EquipmentSpecs = field(default_factory=EquipmentSpecs)
    days_per_week: int = 3
    available_days: tuple[str, ...] = ()
    session_minutes: int = 45
    weeks: int = 8
    age: int | None = None
    sex: str | None = None
    body_mass_kg: float | None = None
    training_history_months: int | None = None
    conditions: tuple[Condition, ...] = ()
    red_flags: tuple[str, ...] = ()
    caution_flags: tuple[str, ...] = ()
    pain: Pain | None = None
    known_1rm_kg: Mapping[str, float] = field(default_factory=dict)
    focus_muscles: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def condition_codes(self) -> tuple[str, ...]:
        """The declared condition codes."""
        return tuple(c.code for c in self.conditions)

    def has(self, code: str) -> bool:
        """True when the condition ``code`` is declared."""
        return code in self.condition_codes

    @property
    def is_older(self) -> bool:
        """Aged 65 or more (rubric R33)."""
        return self.age is not None and self.age >= 65

    @property
    def is_older_beginner(self) -> bool:
        """Aged 65 or more and a beginner."""
        return self.is_older and self.level == "beginner"

    @property
    def has_lbp(self) -> bool:
        """Any low-back condition (acute, chronic or disc history)."""
        return any(self.has(c) for c in ("acute_lbp", "chronic_lbp", "lumbar_disc_herniation_history"))

    @property
    def training_days(self) -> tuple[str, ...]:
        """Available days in week order (all seven when none were given)."""
        days = self.available_days or DAYS
        return tuple(d for d in DAYS if d in days)


def _fail(name: str, message: str) -> ProfileError:
    return ProfileError(f"profile field '{name}': {message}")


def _choice(name: str, value: Any, allowed: Sequence[str], aliases: Mapping[str, str] | None = None) -> str:
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if aliases and text in aliases:
        return aliases[text]
    if text in allowed:
        return text
    near = difflib.get_close_matches(text, list(allowed), n=2)
    hint = f"; did you mean {', '.join(near)}?" if near else f"; expected one of {', '.join(allowed)}"
    raise _fail(name, f"unknown value '{value}'{hint}")


def _int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(name, f"expected a whole number from {low} to {high}")
    try:
        number = float(value)
    except ValueError:
        raise _fail(name, f"expected a whole number from {low} to {high}, got '{value}'") from None
    if number != int(number) or not low <= number <= high:
        raise _fail(name, f"expected a whole number from {low} to {high}, got {value}")
    return int(number)


def _float(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(name, f"expected a number from {low:g} to {high:g}")
    try:
        number = float(value)
    except ValueError:
        raise _fail(name, f"expected a number, got '{value}'") from None
    if not low <= number <= high:
        raise _fail(name, f"expected a number from {low:g} to {high:g}, got {value}")
    return number


def _list(name: str, value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        raise _fail(name, "expected a list")
    return list(value)


def _conditions(raw: Any) -> tuple[Condition, ...]:
    out: list[Condition] = []
    for item in _list("conditions", raw):
        data = {"code": item} if isinstance(item, str) else item
        if not isinstance(data, Mapping) or "code" not in data:
            raise _fail("conditions", "each condition needs a 'code'")
        code = v.CONDITIONS.lookup(str(data["code"]))
        if code is None:
            near = v.CONDITIONS.suggest(str(data["code"]), 2)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise _fail("conditions", f"unknown condition code '{data['code']}'{hint}")
        region = data.get("region")
        out.append(Condition(
            code=code,
            provocative_movements=tuple(str(m) for m in _list("provocative_movements", data.get("provocative_movements"))),
            radicular_symptoms=bool(data.get("radicular_symptoms", False)),
            region=v.REGIONS.resolve(str(region)) if region else None,
            notes=str(data.get("notes", "")),
        ))
    return tuple({c.code: c for c in out}.values())


def _red_flags(raw: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    flags: list[str] = []
    cautions: list[str] = []
    for item in _list("red_flags", raw):
        code = str(item).strip().lower()
        if code in RED_FLAGS:
            flags.append(code)
        elif code in CAUTION_FLAGS:
            cautions.append(code)
        else:
            near = difflib.get_close_matches(code, [*RED_FLAGS, *CAUTION_FLAGS], n=2)
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise _fail("red_flags", f"unknown red-flag code '{item}'{hint}")
    return tuple(dict.fromkeys(flags)), tuple(dict.fromkeys(cautions))


def _equipment(raw: Any) -> tuple[tuple[str, ...], list[str]]:
    slugs: list[str] = []
    warnings: list[str] = []
    for item in _list("equipment", raw):
        slug = v.EQUIPMENT.lookup(str(item))
        if slug is None:
            near = v.EQUIPMENT.suggest(str(item), 2)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            warnings.append(f"unknown equipment '{item}' was ignored{hint}")
        elif slug not in slugs:
            slugs.append(slug)
    return tuple(slugs), warnings


def _specs(raw: Any) -> EquipmentSpecs:
    if raw is None:
        return EquipmentSpecs()
    if not isinstance(raw, Mapping):
        raise _fail("equipment_specs", "expected an object")

    def masses(key: str) -> tuple[float, ...]:
        return tuple(sorted({_float(f"equipment_specs.{key}", m, 0.25, 500) for m in _list(key, raw.get(key))}))

    barbell = raw.get("barbell_kg")
    plate = raw.get("smallest_plate_kg")
    return EquipmentSpecs(
        dumbbells_kg=masses("dumbbells_kg"),
        kettlebells_kg=masses("kettlebells_kg"),
        barbell_kg=_float("equipment_specs.barbell_kg", barbell, 1, 50) if barbell is not None else None,
        smallest_plate_kg=_float("equipment_specs.smallest_plate_kg", plate, 0.25, 25) if plate is not None else None,
        plates_kg=masses("plates_kg"),
    )


def profile_from_dict(data: Any) -> Profile:
    """A validated Profile from its JSON/YAML form; ProfileError names a bad field."""
    if not isinstance(data, Mapping):
        raise ProfileError("a profile must be an object with fields such as level, goal and equipment")
    known = {"id", "level", "goal", "secondary_goals", "equipment", "equipment_specs", "days_per_week",
             "available_days", "session_minutes", "weeks", "age", "sex", "body_mass_kg",
             "training_history_months", "conditions", "red_flags", "pain", "known_1rm_kg", "focus_muscles", "name"}
    unknown = sorted(set(data) - known)
    if unknown:
        near = difflib.get_close_matches(unknown[0], sorted(known), n=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise ProfileError(f"unknown profile field '{unknown[0]}'{hint}")
    equipment, warnings = _equipment(data.get("equipment"))
    flags, cautions = _red_flags(data.get("red_flags"))
    days = tuple(dict.fromkeys(_choice("available_days", d, DAYS, _DAY_ALIASES)
                               for d in _list("available_days", data.get("available_days"))))
    per_week = _int("days_per_week", data.get("days_per_week", min(3, len(days) or 3)), 1, 7)
    if days and per_week > len(days):
        raise _fail("days_per_week", f"{per_week} training days do not fit in the {len(days)} available days")
    pain_raw = data.get("pain")
    pain = None
    if pain_raw is not None:
        if not isinstance(pain_raw, Mapping):
            raise _fail("pain", "expected an object with 'region' and 'baseline_nrs'")
        region = v.REGIONS.lookup(str(pain_raw.get("region", "lower_back")))
        if region is None:
            raise _fail("pain.region", f"unknown body region '{pain_raw.get('region')}'")
        pain = Pain(region, _int("pain.baseline_nrs", pain_raw.get("baseline_nrs", 0), 0, 10))
    one_rm = data.get("known_1rm_kg") or {}
    if not isinstance(one_rm, Mapping):
        raise _fail("known_1rm_kg", "expected an object of exercise slug -> kg")
    focus: list[str] = []
    for item in _list("focus_muscles", data.get("focus_muscles")):
        try:
            _kind, members = v.resolve_muscle_or_group(str(item))
        except LookupError as exc:
            raise _fail("focus_muscles", str(exc)) from None
        focus.extend(m for m in members if m not in focus)
    goal = _choice("goal", data.get("goal", "general_fitness"), GOALS)
    sex = data.get("sex")
    return Profile(
        id=str(data.get("id") or "profile"),
        level=_choice("level", data.get("level", "beginner"), LEVELS, LEVEL_ALIASES),
        goal=goal,
        secondary_goals=tuple(g for g in dict.fromkeys(_choice("secondary_goals", g, GOALS)
                                                      for g in _list("secondary_goals", data.get("secondary_goals")))
                              if g != goal),
        equipment=equipment,
        equipment_specs=_specs(data.get("equipment_specs")),
        days_per_week=per_week,
        available_days=days,
        session_minutes=_int("session_minutes", data.get("session_minutes", 45), 10, 180),
        weeks=_int("weeks", data.get("weeks", 8), 1, 52),
        age=_int("age", data["age"], 13, 110) if data.get("age") is not None else None,
        sex=_choice("sex", sex, SEXES) if sex else None,
        body_mass_kg=_float("body_mass_kg", data["body_mass_kg"], 25, 350) if data.get("body_mass_kg") else None,
        training_history_months=(_int("training_history_months", data["training_history_months"], 0, 1200)
                                 if data.get("training_history_months") is not None else None),
        conditions=_conditions(data.get("conditions")),
        red_flags=flags,
        caution_flags=cautions,
        pain=pain,
        known_1rm_kg={str(k): _float(f"known_1rm_kg.{k}", kg, 1, 600) for k, kg in one_rm.items()},
        focus_muscles=tuple(focus),
        warnings=tuple(warnings),
    )


_DAY_ALIASES = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun", "tues": "tue", "weds": "wed", "thur": "thu", "thurs": "thu",
}


def profile_to_dict(p: Profile) -> dict[str, Any]:
    """The JSON form of a profile (round-trips through profile_from_dict)."""
    s = p.equipment_specs
    return {
        "id": p.id,
        "level": p.level,
        "goal": p.goal,
        "secondary_goals": list(p.secondary_goals),
        "equipment": list(p.equipment),
        "equipment_specs": {"dumbbells_kg": list(s.dumbbells_kg), "kettlebells_kg": list(s.kettlebells_kg),
                            "barbell_kg": s.barbell_kg, "smallest_plate_kg": s.smallest_plate_kg,
                            **({"plates_kg": list(s.plates_kg)} if s.plates_kg else {})},
        "days_per_week": p.days_per_week,
        "available_days": list(p.available_days),
        "session_minutes": p.session_minutes,
        "weeks": p.weeks,
        "age": p.age,
        "sex": p.sex,
        "body_mass_kg": p.body_mass_kg,
        "training_history_months": p.training_history_months,
        "conditions": [{"code": c.code, "provocative_movements": list(c.provocative_movements),
                        "radicular_symptoms": c.radicular_symptoms, "region": c.region, "notes": c.notes}
                       for c in p.conditions],
        "red_flags": [*p.red_flags, *p.caution_flags],
        "pain": {"region": p.pain.region, "baseline_nrs": p.pain.baseline_nrs} if p.pain else None,
        "known_1rm_kg": dict(p.known_1rm_kg),
        "focus_muscles": list(p.focus_muscles),
    }
