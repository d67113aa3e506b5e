"""The admin Import page: paste a page's text or give its URL, review every extracted exercise
beside the source, edit it, and accept it into the library (``services.ingest_review``).

Administrators only (the single person of local mode counts); others get a 403 page. In a
shared deployment a URL is fetched only when it points to a public address (no requests to
the server's own network). With htmx, accepting swaps just that exercise's card, so the
other exercises of the page stay under review; without JavaScript a result page is shown.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from trainwise.api.auth import CurrentAccountDep, can_edit_library
from trainwise.api.deps import CacheDep, CatalogDep
from trainwise.domain import vocabulary as v
from trainwise.services import ingest as ing
from trainwise.services import ingest_review as review
from trainwise.web.router import render

router = APIRouter()
PasteField = Annotated[str, Form(max_length=review.MAX_PASTE_CHARS)]
UrlField = Annotated[str, Form(max_length=2000)]
FormatField = Annotated[str, Form(max_length=20)]


def _forbidden(request: Request) -> HTMLResponse:
    return render(request, "403.html", status_code=403,
                  message="Only administrators can import exercises into the library.")


def _choices() -> dict[str, Any]:
    return {
        "patterns": [(t.slug, t.name) for t in v.PATTERNS],
        "categories": [(t.slug, t.name) for t in v.CATEGORIES],
        "levels": [(t.slug, t.name) for t in v.LEVELS],
        "mechanics": [(m, m) for m in v.MECHANICS], "forces": [(x, x) for x in v.FORCES], "formats": ing.FORMATS,
        "labels": review.LABELS,
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, account: CurrentAccountDep) -> HTMLResponse:
    """The form: paste text, Markdown or HTML, or give a URL."""
    if not can_edit_library(account):
        return _forbidden(request)
    return render(request, "import.html", text="", url="", fmt="auto", error=None, **_choices())


@router.post("/import", response_class=HTMLResponse)
def import_review(request: Request, account: CurrentAccountDep, catalog: CatalogDep,
                  text: PasteField = "", url: UrlField = "", fmt: FormatField = "auto") -> HTMLResponse:
    """Extract the page and show one review form per exercise beside the source."""
    if not can_edit_library(account):
        return _forbidden(request)
    settings = request.app.state.settings
    try:
        if fmt not in ing.FORMATS:
            raise ing.IngestError(f"unknown format '{fmt}'")
        result = review.start_review(catalog, text=text, url=url, fmt=fmt,
                                     allow_private=bool(settings.local_mode))
    except ing.IngestError as exc:
        return render(request, "import.html", status_code=422, text=text, url=url, fmt=fmt, error=str(exc),
                      **_choices())
    return render(request, "import_review.html", review=result, **_choices())


@router.post("/import/accept", response_class=HTMLResponse)
async def import_accept(request: Request, account: CurrentAccountDep, catalog: CatalogDep,
                        cache: CacheDep) -> HTMLResponse:
    """Accept one reviewed exercise: add it, or write the ticked fields into the matched entry."""
    if not can_edit_library(account):
        return _forbidden(request)
    data = await request.form()
    form = review.parse_form({k: val for k, val in data.items() if isinstance(val, str)},
                             [str(w) for w in data.getlist("write")])
    index = _index(data.get("index"))
    fragment = bool(request.headers.get("HX-Request"))
    try:
        done = review.accept(catalog, form, editor=account.email or "the local editor")
    except review.ReviewError as exc:
        item = review.review_item(catalog, form, index, exc.errors)
        return render(request, "_import_item.html" if fragment else "import_review.html", status_code=422,
                      item=item, review=None, single=item, **_choices())
    except review.StaleReviewError as exc:
        item = review.review_item(catalog, form, index, {"form": str(exc)})
        return render(request, "_import_item.html" if fragment else "import_review.html", status_code=409,
                      item=item, review=None, single=item, **_choices())
    cache.changed()
    return render(request, "_import_done.html" if fragment else "import_done.html", done=done, index=index)


def _index(value: Any) -> int:
    try:
        return max(0, min(int(str(value)), 10_000))
    except ValueError:
        return 0
