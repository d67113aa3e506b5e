"""The API application."""

from __future__ import annotations

from fastapi import FastAPI

from trainwise import __version__
from trainwise.api import errors
from trainwise.api.logs import router as logs_router
from trainwise.api.plans import router as plans_router
from trainwise.api.routes import router
from trainwise.api.stats import router as stats_router
from trainwise.services.cache import CatalogCache
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.plans import SqlPlanStore


def create_api(catalog: SqlCatalog, cache: CatalogCache) -> FastAPI:
    """The /api/v1 application over a catalog."""
    api = FastAPI(
        title="trainwise API",
        version=__version__,
        description="Exercise library (list, search, read, substitutes, vocabularies) and training "
        "plans (generate, save, list, read, check).",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.catalog = catalog
    api.state.cache = cache
    api.state.plan_store = SqlPlanStore(catalog.engine)
    api.state.log_store = SqlLogStore(catalog.engine)
    errors.install(api)
    api.include_router(router)
    api.include_router(plans_router)
    api.include_router(logs_router)
    api.include_router(stats_router)
    return api
