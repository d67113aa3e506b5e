"""Use cases of plans: read a profile, generate, check, save, read back, export."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date, timedelta
from typing import Any

import yaml

from trainwise.domain.errors import DomainError
from trainwise.domain.generator import generate_plan
from trainwise.domain.profile import Profile, ProfileError, profile_from_dict, profile_to_dict
from trainwise.domain.validator import Report, check_plan
from trainwise.services.ports import CatalogRepo, PlanStore


class PlanNotFoundError(DomainError, LookupError):
    """No saved plan of this user has this id (another user's plan is not found either)."""

    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        super().__init__(f"no saved plan with id '{plan_id}'")


class InvalidPlanError(DomainError, ValueError):
    """Text that is not a plan JSON object."""


def parse_profile(text: str, fmt: str | None = None) -> Profile:
    """A Profile from JSON or YAML text (``fmt`` 'json' | 'yaml' | None to detect)."""
    try:
        data = json.loads(text) if fmt == "json" or (fmt is None and text.lstrip()[:1] in "{[") \
            else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProfileError(f"the profile is not valid {'JSON' if fmt == 'json' else 'JSON or YAML'}: {first}") from None
    return profile_from_dict(data)


def create_plan(catalog: CatalogRepo, profile: Profile, *, start: date, seed: int = 0,
                weeks: int | None = None) -> dict[str, Any]:
    """A new plan for ``profile`` from the whole library (not saved)."""
    return generate_plan(profile, catalog.all(), start=start, seed=seed, weeks=weeks)


def validate_plan(plan: dict[str, Any], profile: Profile) -> Report:
    """Every rubric check on ``plan``."""
    return check_plan(plan, profile)


def parse_plan(text: str) -> dict[str, Any]:
    """A plan from its JSON text; InvalidPlanError (one line) when it is not a plan object."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidPlanError(f"the plan is not valid JSON: {exc}") from None
    return ensure_plan(data)


def ensure_plan(data: Any) -> dict[str, Any]:
    """``data`` if it has the shape of a plan (an object with a 'weeks' list)."""
    if not isinstance(data, dict):
        raise InvalidPlanError("a plan must be a JSON object (see docs/plan-format.md)")
    if not isinstance(data.get("weeks"), list):
        raise InvalidPlanError("plan field 'weeks': expected a list of weeks (see docs/plan-format.md)")
    return data


_FIELD = re.compile(r"profile field '([^']+)'")


def profile_error_field(exc: ProfileError) -> list[str]:
    """The path of the profile field a ProfileError names (e.g. ['pain', 'baseline_nrs']), or []."""
    found = _FIELD.search(str(exc))
    return found.group(1).split(".") if found else []


def next_monday(today: date) -> date:
    """The first Monday after ``today`` (a plan's default start)."""
    return today + timedelta(days=7 - today.weekday())


def new_plan_id() -> str:
    """A fresh random plan id: 12 hex characters."""
    return secrets.token_hex(6)


def save_plan(store: PlanStore, user_id: int, profile: Profile, plan: dict[str, Any]) -> str:
    """Save ``plan`` (made for ``profile``) for the user; sets and returns ``plan["id"]``."""
    plan_id = new_plan_id()
    plan["id"] = plan_id
    store.save(user_id, plan_id, profile_to_dict(profile), plan)
    return plan_id


def get_plan(store: PlanStore, user_id: int, plan_id: str) -> dict[str, Any]:
    """The user's saved plan JSON; PlanNotFoundError when the user has no plan with this id."""
    saved = store.get(user_id, plan_id)
    if saved is None:
        raise PlanNotFoundError(plan_id)
    return {**saved.plan, "id": saved.summary.id}


def list_plans(store: PlanStore, user_id: int) -> list[dict[str, Any]]:
    """Summaries of the user's plans, newest first:
    ``{id, profile_id, goal, level, start, weeks, status, created_at}``."""
    return [s.to_dict() for s in store.list(user_id)]


def delete_plan(store: PlanStore, user_id: int, plan_id: str) -> None:
    """Delete the user's plan; PlanNotFoundError when the user has no plan with this id."""
    if not store.delete(user_id, plan_id):
        raise PlanNotFoundError(plan_id)
