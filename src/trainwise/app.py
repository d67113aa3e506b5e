"""create_app(settings): the whole application — REST API under /api/v1, web pages under /."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from trainwise import __version__
from trainwise.api.app import api_mount, create_api
from trainwise.api.auth import NotAuthenticatedError, make_auth
from trainwise.api.response_cache import LibraryResponseCache
from trainwise.api.security import SecurityMiddleware
from trainwise.bootstrap import open_catalog
from trainwise.config import Settings, get_settings
from trainwise.services.cache import CatalogCache
from trainwise.web.accounts import login_redirect
from trainwise.web.accounts import router as accounts_router
from trainwise.web.csrf import CsrfMiddleware
from trainwise.web.ingest import router as import_router
from trainwise.web.plans import router as plans_router
from trainwise.web.progress import router as progress_router
from trainwise.web.router import not_found
from trainwise.web.router import router as web_router
from trainwise.web.today import router as today_router

STATIC = Path(__file__).parent / "web" / "static"


class VersionedStatic(StaticFiles):
    """Static files under a versioned path: safe to cache for a year."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app from settings (never from globals); migrates and loads on first use."""
    settings = settings or get_settings()
    settings.check_secret()  # the built-in secret only in local mode, development or tests
    catalog = open_catalog(settings)
    app = FastAPI(title="trainwise", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    cache = CatalogCache(catalog)
    app.state.catalog = catalog
    app.state.cache = cache
    app.state.settings = settings
    auth = make_auth(settings, catalog.engine)
    app.state.auth = auth
    api = create_api(catalog, cache, auth)
    # The pages use the API's stores: one plan store and one log store for the whole app.
    app.state.plan_store = api.state.plan_store
    app.state.log_store = api.state.log_store
    app.router.routes.append(api_mount(api))  # /api/v1
    app.mount(f"/static/{__version__}", VersionedStatic(directory=STATIC), name="static")
    app.include_router(plans_router)
    app.include_router(today_router)
    app.include_router(progress_router)
    app.include_router(accounts_router)
    app.include_router(import_router)
    app.include_router(web_router)
    app.add_middleware(LibraryResponseCache, cache=cache)
    app.add_middleware(CsrfMiddleware, settings=settings)
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.max_body_bytes)  # outermost

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not (request.url.path + "/").startswith("/api/"):
            return not_found(request, catalog, request.url.path)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(NotAuthenticatedError)
    async def _not_signed_in(request: Request, exc: NotAuthenticatedError) -> Response:
        return login_redirect(request, exc)

    return app

