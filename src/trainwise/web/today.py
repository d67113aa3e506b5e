"""Today's workout: the phone screen for training — planned sets prefilled, one tap per set.

Each set is a small form. With htmx a tap posts it and swaps in the updated exercise (and starts
the rest timer in ``today.js``); without JavaScript the same form posts and redirects back. The
end-of-session form asks about pain and symptoms; a red-flag symptom stops the plan at once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from trainwise.api.deps import CatalogDep, CurrentUserDep, LogStoreDep
from trainwise.domain import rubric
from trainwise.domain.errors import DomainError
from trainwise.domain.logs import NEURO_SYMPTOMS, LogError
from trainwise.domain.profile import RED_FLAG_LABELS, RED_FLAGS, profile_from_dict
from trainwise.services import workout as svc
from trainwise.services.evolve import after_session
from trainwise.services.logs import LogNotFoundError
from trainwise.services.plans import PlanNotFoundError, get_plan
from trainwise.services.ports import LogStore, PlanStore
from trainwise.web.plans import StoreDep, plan_not_found
from trainwise.web.router import TEMPLATES, render

router = APIRouter()


def plain_number(value: Any) -> str:
    """10.0 -> '10', 12.5 -> '12.5', None -> ''."""
    if value is None or value == "":
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


TEMPLATES.env.filters["num"] = plain_number

NEURO_LABELS = {
    "radiating_pain_below_knee": "new pain spreading down a leg below the knee",
    "leg_numbness_or_tingling": "new numbness or pins and needles in a leg",
    "leg_weakness": "new weakness in a leg",
}
DEFAULT_PAIN_REGIONS = ("lower_back",)
EMERGENCY_FIRST = sorted(RED_FLAGS, key=lambda code: RED_FLAGS[code] != "emergency_same_day")




def _log_date(value: str | None, today: date) -> date:
    """The training date: today unless an earlier date (up to a year back) was asked for."""
    try:
        asked = date.fromisoformat(value) if value else today
    except ValueError:
        return today
    return asked if today - timedelta(days=366) <= asked <= today else today


def _page_url(plan_id: str, key: str, on: date, today: date, anchor: str = "") -> str:
    query: dict[str, str] = {"plan": plan_id, "session": key}
    if on != today:
        query["date"] = on.isoformat()
    return f"/today?{urlencode(query)}{'#' + anchor if anchor else ''}"


def _pain_regions(plans: PlanStore, user: int, plan_id: str) -> tuple[str, ...]:
    saved = plans.get(user, plan_id)
    try:
        profile = profile_from_dict(saved.profile) if saved else None
    except DomainError:
        profile = None
    regions = rubric.painful_regions(profile) if profile else ()
    return tuple(regions) or DEFAULT_PAIN_REGIONS


def _yesterday_prompt(logs: LogStore, user: int, today: date) -> Any:
    """Yesterday's log when it had pain during the session and no next-morning answer yet."""
    for log in logs.list(user, today - timedelta(days=1), today - timedelta(days=1)):
        if log.pain_during and not log.pain_next_morning:
            return log
    return None


@router.get("/today", response_class=HTMLResponse)
def today_page(request: Request, plans: StoreDep, logs: LogStoreDep, user: CurrentUserDep,
               plan: Annotated[str | None, Query(max_length=64)] = None,
               session: Annotated[str | None, Query(max_length=20)] = None,
               date_: Annotated[str | None, Query(alias="date", max_length=10)] = None) -> HTMLResponse:
    """Today's session (or the one asked for), ready to log; the next sessions on a rest day."""
    today = date.today()
    on = _log_date(date_, today)
    try:
        found = svc.today_view(plans, logs, user, on, plan_id=plan, key=session)
    except PlanNotFoundError:
        return plan_not_found(request, plan or "")
    except svc.SessionNotFoundError:
        found = svc.today_view(plans, logs, user, on, plan_id=plan)
    morning = _yesterday_prompt(logs, user, today)
    if isinstance(found, tuple):
        plan_id, plan_json = found
        upcoming = svc.upcoming_sessions(plan_json, on) if plan_json else ()
        return render(request, "today.html", view=None, plan_id=plan_id, plan=plan_json, upcoming=upcoming,
                      on=on, today=today, morning=morning, regions=DEFAULT_PAIN_REGIONS)
    return render(request, "today.html", view=found, plan_id=found.plan_id, plan=found.plan,
                  upcoming=found.upcoming, on=on, today=today, morning=morning,
                  regions=_pain_regions(plans, user, found.plan_id), red_flags=EMERGENCY_FIRST,
                  red_flag_labels=RED_FLAG_LABELS, neuro=NEURO_SYMPTOMS, neuro_labels=NEURO_LABELS,
                  page_url=_page_url(found.plan_id, found.key, on, today))


def _set_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in ("load_kg", "reps", "seconds", "rir"):
        raw = str(form.get(name) or "").strip().replace(",", ".")
        if raw:
            values[name] = raw
    return values


@router.post("/today/set", response_model=None)
async def log_one_set(request: Request, plans: StoreDep, logs: LogStoreDep, user: CurrentUserDep) -> Response:
    """Log one set (a tap): the exercise block comes back for htmx, else a redirect to the page."""
    form = await request.form()
    plan_id, key = str(form.get("plan") or ""), str(form.get("session") or "")
    slug, today = str(form.get("exercise") or ""), date.today()
    on = _log_date(str(form.get("date") or ""), today)
    try:
        number = int(str(form.get("n") or "0"))
    except ValueError:
        number = 0
    try:
        view = svc.log_set(plans, logs, user, plan_id, key, on, exercise=slug, number=number,
                           values=_set_values(form))
    except PlanNotFoundError:
        return plan_not_found(request, plan_id)
    except svc.SessionNotFoundError as exc:
        return render(request, "today_error.html", status_code=404, message=str(exc))
    except LogError as exc:
        return render(request, "today_error.html", status_code=422, message=str(exc).replace("log field ", ""),
                      back=_page_url(plan_id, key, on, today, f"ex-{slug}"))
    if not request.headers.get("HX-Request"):
        return RedirectResponse(_page_url(plan_id, key, on, today, f"ex-{slug}"), status_code=303)
    exercise = next(e for e in view.exercises if e.slug == slug)
    rest = int(exercise.plan.get("rest_s") or 0)
    response = render(request, "_today_exercise.html", view=view, ex=exercise, just_logged=number, oob=True)
    if rest:
        response.headers["HX-Trigger"] = f'{{"rest-timer": {{"seconds": {rest}}}}}'
    return response


@router.post("/today/finish", response_model=None)
async def finish(request: Request, catalog: CatalogDep, plans: StoreDep, logs: LogStoreDep,
                 user: CurrentUserDep) -> Response:
    """Save how the session felt; red flags or neuro symptoms lead to the advice to stop."""
    form = await request.form()
    plan_id, key = str(form.get("plan") or ""), str(form.get("session") or "")
    today = date.today()
    on = _log_date(str(form.get("date") or ""), today)
    pain = {name[5:]: value for name, value in form.items() if name.startswith("pain_") and str(value).strip()}
    symptoms = [str(s) for s in form.getlist("symptom")]
    try:
        log = svc.finish_session(plans, logs, user, plan_id, key, on, pain_during=pain, symptoms=symptoms,
                                 notes=str(form.get("notes") or ""))
    except PlanNotFoundError:
        return plan_not_found(request, plan_id)
    except (svc.SessionNotFoundError, LogError) as exc:
        return render(request, "today_error.html", status_code=422, message=str(exc),
                      back=_page_url(plan_id, key, on, today))
    changes = await run_in_threadpool(after_session, catalog, plans, logs, user, plan_id, today, log_id=log.id)
    return render(request, "today_done.html", log=log, plan_id=plan_id, changes=changes,
                  red_flag_labels=RED_FLAG_LABELS, neuro_labels=NEURO_LABELS,
                  plan=get_plan(plans, user, plan_id))


@router.post("/today/morning", response_model=None)
def next_morning(request: Request, logs: LogStoreDep, user: CurrentUserDep,
                 log_id: Annotated[str, Form(max_length=64)],
                 region: Annotated[str, Form(max_length=40)],
                 pain: Annotated[int, Form(ge=0, le=10)]) -> Response:
    """Record next-morning pain for yesterday's session."""
    try:
        svc.record_next_morning(logs, user, log_id, {region: pain})
    except LogNotFoundError as exc:  # no log of yours has this id (someone else's neither): 404
        return render(request, "today_error.html", status_code=404, message=str(exc), back="/today")
    except LogError as exc:
        return render(request, "today_error.html", status_code=422, message=str(exc), back="/today")
    return RedirectResponse("/today", status_code=303)
