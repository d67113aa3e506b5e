"""HTML pages over the same services as the API; htmx requests get a fragment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from trainwise import __version__
from trainwise.api.auth import optional_account
from trainwise.api.deps import CacheDep, CatalogDep
from trainwise.domain import vocabulary as v
from trainwise.domain.errors import UnknownExerciseError, UnknownTermError
from trainwise.domain.exercises import Exercise
from trainwise.services import catalog as svc
from trainwise.web.bodymap import body_map_svg
from trainwise.web.csrf import csrf_token

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals.update(version=__version__, static=lambda name: f"/static/{__version__}/{name}")


def _page_context(request: Request) -> dict[str, Any]:
    """What every page needs: the CSRF token for its forms, and who is signed in (for the nav)."""
    settings = getattr(request.app.state, "settings", None)
    return {"csrf_token": csrf_token(request), "nav_account": optional_account(request),
            "local_mode": bool(settings and settings.local_mode)}


TEMPLATES.context_processors.append(_page_context)


def _display_name(vocab: v.Vocabulary) -> Any:
    """A Jinja filter: a slug's display name in ``vocab`` (the slug itself when unknown)."""
    return lambda slug: vocab.get(slug).name if slug in vocab else slug


TEMPLATES.env.filters.update(
    muscle_name=_display_name(v.MUSCLES),
    group_name=_display_name(v.MUSCLE_GROUPS),
    equipment_name=_display_name(v.EQUIPMENT),
    condition_name=_display_name(v.CONDITIONS),
    region_name=_display_name(v.REGIONS),
)


def _replace_page(params: Any, page: int) -> str:
    """Query string with ``page`` set (keeps every other parameter)."""
    items = [(k, val) for k, val in params.multi_items() if k not in ("page", "remember")]
    return urlencode([*items, ("page", str(page))])


TEMPLATES.env.filters["replace_page"] = _replace_page
EQUIPMENT_COOKIE = "tw_equipment"
PAGE_SIZE = 24

router = APIRouter()
ListParam = Annotated[list[str] | None, Query()]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered with the request in its context."""
    return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, catalog: CatalogDep) -> HTMLResponse:
    """What trainwise does, and the way into the library."""
    return render(request, "home.html", total=catalog.count(),
                  featured=catalog.get_many(["bird-dog", "ball-back-extension", "glute-bridge",
                                             "lever-back-extension", "goblet-squat", "push-up"]))


def _known(kind: str, values: list[str] | None) -> tuple[str, ...]:
    """Slugs for the values that resolve; unknown ones are dropped (forms only offer known ones)."""
    out: list[str] = []
    for value in values or ():
        try:
            out.append(v.vocabulary(kind).resolve(value))
        except UnknownTermError:
            continue
    return tuple(dict.fromkeys(out))


@router.get("/exercises", response_class=HTMLResponse)
def browse(
    request: Request,
    catalog: CatalogDep,
    q: Annotated[str, Query(max_length=200)] = "",
    muscle_group: ListParam = None,
    equipment: ListParam = None,
    level: ListParam = None,
    category: ListParam = None,
    mine: Annotated[str, Query(max_length=10)] = "",
    remember: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Search box with live results, filter chips and an 'equipment I have' filter."""
    saved = _known("equipment", request.cookies.get(EQUIPMENT_COOKIE, "").split(",")) if request.cookies.get(EQUIPMENT_COOKIE) else ()
    chosen = _known("equipment", equipment)
    if remember:
        saved = chosen
    use_mine = bool(mine) or bool(remember)
    have: tuple[str, ...] | None = saved if use_mine else (chosen or None)
    groups = _known("muscle_groups", muscle_group)
    levels = _known("levels", level)
    categories = _known("categories", category)
    query = replace(svc.build_query(text=q, muscle_group=groups, level=levels, category=categories,
                                    limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE), equipment=have)
    listing = svc.list_exercises(catalog, query)
    context: dict[str, Any] = {
        "result": listing.result,
        "page": listing.page,
        "pages": listing.pages,
        "q": q,
        "groups": groups,
        "levels": levels,
        "categories": categories,
        "chosen_equipment": have or (),
        "saved_equipment": saved,
        "use_mine": use_mine,
        "all_groups": [g for g in v.MUSCLE_GROUPS if not g.facts.get("composite")],
        "all_equipment": [e for e in v.EQUIPMENT if e.slug not in ("other", "bodyweight", "wall")],
        "all_levels": list(v.LEVELS),
        "all_categories": list(v.CATEGORIES),
    }
    context["active"] = len(groups) + len(levels) + len(categories) + (1 if have is not None else 0)
    context["fragment"] = bool(request.headers.get("HX-Request"))
    template = "_results.html" if context["fragment"] else "browse.html"
    response = render(request, template, **context)
    if remember:
        response.set_cookie(EQUIPMENT_COOKIE, ",".join(saved), max_age=365 * 24 * 3600,
                            httponly=True, samesite="lax")
    return response


def exercise_page_data(catalog: CatalogDep, exercise: Exercise) -> dict[str, Any]:
    """Everything the exercise page shows, with linked variations resolved to names."""
    linked = {e.slug: e for e in catalog.get_many(list(exercise.links))}
    return {
        "e": exercise,
        "bodymap": body_map_svg(exercise.primary_muscles, exercise.secondary_muscles),
        "easier": [linked[s] for s in exercise.regressions if s in linked],
        "harder": [linked[s] for s in exercise.progressions if s in linked],
        "alternatives": [linked[s] for s in exercise.alternatives if s in linked],
    }


@router.get("/exercises/{slug}", response_class=HTMLResponse)
async def exercise_page(request: Request, catalog: CatalogDep, cache: CacheDep, slug: str) -> Response:
    """The complete guide to one exercise."""
    html = cache.get(("page", slug), lambda: _render_exercise(catalog, slug))
    if html is not None:
        return HTMLResponse(html)
    found = catalog.get(slug)
    if found is None:
        try:
            other = svc.get_exercise(catalog, slug)
        except UnknownExerciseError as exc:
            return not_found(request, catalog, slug, exc.suggestions)
        return Response(status_code=301, headers={"Location": f"/exercises/{other.slug}"})
    return render(request, "exercise.html", **exercise_page_data(catalog, found))


def _render_exercise(catalog: CatalogDep, slug: str) -> str | None:
    """The exercise page's HTML, or None when the slug is not an exercise's own slug."""
    found = catalog.get(slug)
    if found is None:
        return None
    return TEMPLATES.get_template("exercise.html").render(**exercise_page_data(catalog, found))


def not_found(request: Request, catalog: CatalogDep, what: str, suggestions: list[str] | None = None) -> HTMLResponse:
    """The 404 page, with the nearest exercises as suggestions."""
    slugs = suggestions if suggestions is not None else svc.suggest(catalog, what.rsplit("/", 1)[-1], n=5)
    return render(request, "404.html", status_code=404, what=what, suggestions=catalog.get_many(slugs))
