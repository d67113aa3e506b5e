"""Plan pages: the wizard, my plans, a plan as a calendar, its iCalendar file and a printable page.

Every page is the signed-in person's (``CurrentUserDep``: the local user in single-person mode);
another person's plan id is a 404. Forms are plain POST forms with the CSRF token (``web.csrf``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from trainwise.api.deps import CatalogDep, CurrentUserDep, PlanStoreDep
from trainwise.domain import vocabulary as v
from trainwise.domain.profile import DAYS, ProfileError
from trainwise.services import plan_export as fmt
from trainwise.services.evolve import record_clearance
from trainwise.services.plans import (
    PlanNotFoundError,
    create_plan,
    get_plan,
    list_plans,
    next_monday,
    save_plan,
)
from trainwise.services.ports import PlanStore
from trainwise.web.plan_forms import DAY_NAMES, FormError, WizardForm, field_of, wizard_context
from trainwise.web.router import TEMPLATES, render

router = APIRouter()
PLAN_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
HISTORY_SHOWN = 12
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date(value: Any) -> date | None:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return None


def short_date(value: Any) -> str:
    """'2026-11-23' -> '23 Nov'."""
    d = _date(value)
    return f"{d.day} {MONTHS[d.month - 1]}" if d else ""


def long_date(value: Any) -> str:
    """'2026-11-23' -> 'Monday 23 November 2026'."""
    d = _date(value)
    return f"{d:%A} {d.day} {d:%B %Y}" if d else ""


def change_summary(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """'10 → 10.5 kg, 3 → 2 sets' for the fields that changed."""
    parts = []
    if before.get("exercise") != after.get("exercise"):
        parts.append(f"now {str(after.get('exercise')).replace('-', ' ')}")
    for key, unit in (("load_kg", " kg"), ("sets", " sets"), ("rir", " RIR")):
        if before.get(key) != after.get(key) and after.get(key) is not None:
            old = "body weight" if before.get(key) is None else f"{before.get(key):g}"
            parts.append(f"{old} → {after.get(key):g}{unit}")
    b, a = before.get("reps") or {}, after.get("reps") or {}
    if b != a and a.get("min") is not None:
        parts.append(f"reps {b.get('min')}–{b.get('max')} → {a.get('min')}–{a.get('max')}")
    return ", ".join(parts) or "no change in numbers"


TEMPLATES.env.filters.update(
    change_summary=change_summary,
    dose=fmt.format_dose, load=fmt.format_load, seconds=fmt.format_seconds, ramp=fmt.format_ramp,
    reps_range=fmt.format_range, goal_name=lambda g: fmt.GOAL_NAMES.get(g, str(g).replace("_", " ")),
    day_name=lambda d: DAY_NAMES.get(d, d), short_date=short_date, long_date=long_date,
    exercise_line=fmt.exercise_line, items_line=fmt.items_line, minutes=fmt.format_minutes,
)


StoreDep = PlanStoreDep
#: The signed-in person whose plans these are.
UserDep = CurrentUserDep


def plan_not_found(request: Request, plan_id: str) -> HTMLResponse:
    """A 404 page for a plan this person does not have."""
    return render(request, "plan_404.html", status_code=404, plan_id=plan_id)


def _load(request: Request, store: PlanStore, user: int, plan_id: str) -> dict[str, Any] | HTMLResponse:
    if not PLAN_ID.fullmatch(plan_id):
        return plan_not_found(request, plan_id)
    try:
        return get_plan(store, user, plan_id)
    except PlanNotFoundError:
        return plan_not_found(request, plan_id)


@router.get("/plans", response_class=HTMLResponse)
def my_plans(request: Request, store: StoreDep, user: UserDep) -> HTMLResponse:
    """My plans, newest first, and the way to make a new one."""
    return render(request, "plans.html", plans=list_plans(store, user))


@router.get("/plans/new", response_class=HTMLResponse)
def new_plan_form(request: Request, _user: UserDep) -> HTMLResponse:
    """The wizard, filled with defaults that make a sensible plan as they are (after login)."""
    return render(request, "plan_new.html", **wizard_context(WizardForm()))


@router.post("/plans/new", response_model=None)
async def new_plan(request: Request, catalog: CatalogDep, store: StoreDep, user: UserDep) -> Response:
    """Make a plan from the wizard's answers, save it, and go to it."""
    form = WizardForm.from_form(await request.form())

    def make_and_save() -> str:
        profile = form.to_profile()
        plan = create_plan(catalog, profile, start=next_monday(date.today()))
        return save_plan(store, user, profile, plan)

    try:
        plan_id = await run_in_threadpool(make_and_save)  # generating is CPU work: off the event loop
    except FormError as exc:
        return render(request, "plan_new.html", status_code=422, **wizard_context(form, exc.errors))
    except ProfileError as exc:  # the generator's own objection to the profile
        name, message = field_of(exc)
        return render(request, "plan_new.html", status_code=422, **wizard_context(form, {name: message}))
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id}.ics", response_model=None)
def plan_calendar(request: Request, store: StoreDep, user: UserDep, plan_id: str) -> Response:
    """The sessions as an iCalendar file (one event each)."""
    plan = _load(request, store, user, plan_id)
    if isinstance(plan, HTMLResponse):
        return plan
    body = fmt.plan_to_ical(plan, plan_id, url=str(request.url_for("plan_page", plan_id=plan_id)))
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="trainwise-plan-{plan_id}.ics"'})


@router.get("/plans/{plan_id}/print", response_class=HTMLResponse)
def plan_print(request: Request, store: StoreDep, user: UserDep, plan_id: str) -> HTMLResponse:
    """Every week and session in compact tables, with the safety notes: made for paper."""
    plan = _load(request, store, user, plan_id)
    if isinstance(plan, HTMLResponse):
        return plan
    return render(request, "plan_print.html", **plan_context(plan, None))


@router.post("/plans/{plan_id}/clearance", response_model=None)
async def plan_clearance(request: Request, store: StoreDep, user: UserDep, plan_id: str) -> Response:
    """Record a clinician's clearance: a plan paused by a logged symptom goes on."""
    form = await request.form()
    plan = _load(request, store, user, plan_id)
    if isinstance(plan, HTMLResponse):
        return plan
    if form.get("confirm") != "yes":
        return RedirectResponse(f"/plans/{plan_id}", status_code=303)
    record_clearance(store, user, plan_id, date.today())
    return RedirectResponse(f"/plans/{plan_id}", status_code=303)


@router.get("/plans/{plan_id}", response_class=HTMLResponse, name="plan_page")
def plan_page(request: Request, store: StoreDep, user: UserDep, plan_id: str,
              week: Annotated[int | None, Query(ge=1, le=520)] = None) -> HTMLResponse:
    """The plan: safety first, then a week at a time as a calendar of session cards."""
    plan = _load(request, store, user, plan_id)
    if isinstance(plan, HTMLResponse):
        return plan
    context = plan_context(plan, week)
    if request.headers.get("HX-Request") and week is not None:
        return render(request, "_plan_week.html", **context)
    return render(request, "plan.html", **context)


def current_week(plan: Mapping[str, Any], today: date) -> int:
    """The number of the week holding ``today`` (the first before the plan, the last after it)."""
    weeks = plan.get("weeks") or []
    if not weeks:
        return 1
    start = _date(plan.get("start"))
    if start is None:
        return int(weeks[0].get("week", 1))
    index = min(max((today - start).days // 7, 0), len(weeks) - 1)
    return int(weeks[index].get("week", index + 1))


def week_days(plan: Mapping[str, Any], week: Mapping[str, Any], number: int) -> list[dict[str, Any]]:
    """The seven days of a week, Monday first: its session or None, and the home drills that day."""
    sessions = {s.get("day"): s for s in week.get("sessions", ())}
    start = _date(plan.get("start"))
    monday = start - timedelta(days=start.weekday()) + timedelta(weeks=number - 1) if start else None
    drills = plan.get("home_drills") or []
    days = []
    for offset, day in enumerate(DAYS):
        session = sessions.get(day)
        when = _date(session.get("date")) if session else None
        when = when or (monday + timedelta(days=offset) if monday else None)
        days.append({"day": day, "date": when, "session": session,
                     "drills": [d for d in drills if day in (d.get("days") or ()) and not session]})
    return days


def plan_context(plan: dict[str, Any], week: int | None, today: date | None = None) -> dict[str, Any]:
    """What the plan page, its week fragment and the printable page show."""
    weeks = plan.get("weeks") or []
    numbers = [int(w.get("week", i + 1)) for i, w in enumerate(weeks)]
    chosen = week if week in numbers else current_week(plan, today or date.today())
    selected = next((w for w in weeks if int(w.get("week", 0)) == chosen), weeks[0] if weeks else None)
    monitoring = plan.get("pain_monitoring") or {}
    referral = plan.get("referral") or {}
    per_week = max((len(w.get("sessions", ())) for w in weeks), default=0)
    end = _date(plan.get("start"))
    return {
        "plan": plan,
        "plan_id": plan.get("id"),
        "suspended": plan.get("status") == "suspended",
        "referral": referral if referral.get("required") else None,
        "monitoring": monitoring if monitoring.get("enabled") else None,
        "regions": [v.REGIONS.get(r).name if r in v.REGIONS else r for r in monitoring.get("regions") or ()],
        "weeks": weeks,
        "week": selected,
        "week_number": chosen,
        "days": week_days(plan, selected, chosen) if selected else [],
        "per_week": per_week,
        "end": end + timedelta(weeks=len(weeks), days=-1) if end and weeks else None,
        "today": today or date.today(),
        "history": list(reversed((plan.get("history") or [])[-HISTORY_SHOWN:])),
        # The general reminder, unless the plan's own notes already list the red-flag symptoms.
        "reminder": None if any("bladder" in note for note in plan.get("safety_notes") or ())
        else fmt.SAFETY_REMINDER,
    }
