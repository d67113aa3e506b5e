"""The API application."""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.routing import Mount

from trainwise import __version__
from trainwise.api import errors
from trainwise.api.accounts import router as accounts_router
from trainwise.api.accounts import trainer_router
from trainwise.api.auth import AuthState, local_auth
from trainwise.api.docs import router as docs_router
from trainwise.api.ingest import router as ingest_router
from trainwise.api.logs import router as logs_router
from trainwise.api.plans import router as plans_router
from trainwise.api.routes import router
from trainwise.api.stats import router as stats_router
from trainwise.services.cache import CatalogCache
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.plans import SqlPlanStore


def create_api(catalog: SqlCatalog, cache: CatalogCache, auth: AuthState | None = None) -> FastAPI:
    """The /api/v1 application over a catalog."""
    api = FastAPI(
        title="trainwise API",
        version=__version__,
        description="Exercise library (list, search, read, substitutes, vocabularies) and training "
        "plans (generate, save, list, read, check).",
        openapi_url="/openapi.json",
        docs_url=None,  # api/docs.py serves Swagger UI from vendored files, under the strict CSP
        redoc_url=None,
    )
    api.state.catalog = catalog
    api.state.cache = cache
    api.state.plan_store = SqlPlanStore(catalog.engine)
    api.state.log_store = SqlLogStore(catalog.engine)
    api.state.auth = auth or local_auth(catalog.engine)
    errors.install(api)
    api.include_router(router)
    api.include_router(plans_router)
    api.include_router(logs_router)
    api.include_router(stats_router)
    api.include_router(accounts_router)
    api.include_router(trainer_router)
    api.include_router(ingest_router)
    api.include_router(docs_router)
    return api


def api_mount(api: FastAPI, path: str = "/api/v1") -> Mount:
    """``api`` mounted at ``path``, matching every path below it: Starlette's mount pattern ``.*``
    stops at a line break, so ``/api/v1/vocab/%0A`` would fall through to the web pages' 404
    instead of reaching the API (which answers 422 for an unknown vocabulary)."""
    mount = Mount(path, app=api)
    mount.path_regex = re.compile(mount.path_regex.pattern, re.DOTALL)
    return mount
