"""The API application."""

from __future__ import annotations

from fastapi import FastAPI

from trainwise import __version__
from trainwise.api import errors
from trainwise.api.routes import router
from trainwise.services.cache import CatalogCache
from trainwise.storage.catalog import SqlCatalog


def create_api(catalog: SqlCatalog, cache: CatalogCache) -> FastAPI:
    """The /api/v1 application over a catalog."""
    api = FastAPI(
        title="trainwise API",
        version=__version__,
        description="Exercise library: list, search, read, substitutes and vocabularies.",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.catalog = catalog
    api.state.cache = cache
    errors.install(api)
    api.include_router(router)
    return api
