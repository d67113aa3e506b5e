"""create_app(settings): the whole web application (REST API under /api/v1)."""

from __future__ import annotations

from fastapi import FastAPI

from trainwise import __version__
from trainwise.api.app import create_api
from trainwise.bootstrap import open_catalog
from trainwise.config import Settings, get_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app from settings (never from globals); migrates and loads on first use."""
    settings = settings or get_settings()
    catalog = open_catalog(settings)
    app = FastAPI(title="trainwise", version=__version__, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.catalog = catalog
    app.state.settings = settings
    app.mount("/api/v1", create_api(catalog))
    return app
