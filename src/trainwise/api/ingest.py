"""POST /api/v1/ingest: extract exercises from a page's text or URL (administrators).

The answer is the `trainwise ingest --json` object. With ``"apply": true`` the new exercises that
are complete are added and existing entries get only their empty fields filled (as `--apply`),
and the actions are listed under ``"apply"``. In a shared deployment a URL is fetched only when
it resolves to public addresses. Unreadable input or a page without an exercise is 422.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from trainwise.api import auth
from trainwise.api.auth import AdminDep
from trainwise.api.deps import CacheDep, CatalogDep
from trainwise.services import ingest as ing
from trainwise.services.ingest_review import MAX_PASTE_CHARS

router = APIRouter(tags=["ingest"])


class IngestRequest(BaseModel):
    """A page to read: its text (plain, Markdown or HTML) or its http(s) URL, not both."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, max_length=MAX_PASTE_CHARS, description="The page itself.")
    url: str | None = Field(None, max_length=2000, description="An http(s) address to fetch instead.")
    format: Literal["auto", "text", "html", "markdown"] = "auto"
    apply: bool = Field(False, description="Add complete new exercises and fill empty fields of existing ones.")


def _invalid(message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ["body"], "msg": message, "type": "value_error.ingest"}])


@router.post("/ingest", summary="Extract exercises from a page (admin)",
             responses={401: {"description": "Not signed in."},
                        403: {"description": "Only administrators can import into the library."}})
def post_ingest(body: IngestRequest, request: Request, catalog: CatalogDep, cache: CacheDep,
                _admin: AdminDep) -> dict[str, Any]:
    """`{"documents": [{"source", "title", "shape", "exercises": [...]}]}` as `trainwise ingest
    --json` prints it; with `apply`, also `"apply": [{"action", "name", "slug", "source", "fields",
    "reasons"}]` (actions: add, fill, unchanged, needs_review)."""
    text, url = (body.text or "").strip(), (body.url or "").strip()
    if bool(text) == bool(url):
        raise _invalid("send the page's text or its url (one of them)")
    try:
        raw = ing.page_from(text, url, source="request body",
                            allow_private=auth.auth_state(request).settings.local_mode)
        docs = ing.ingest_documents(catalog, [raw], fmt=body.format)
    except ing.IngestError as exc:
        raise _invalid(str(exc)) from None
    report = ing.report_json(docs)
    if body.apply:
        actions = ing.plan_apply(catalog, docs)
        if ing.apply_actions(catalog, actions):
            cache.changed()
        report["apply"] = [a.as_dict() for a in actions]
    return report
