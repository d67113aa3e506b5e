"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from trainwise.api.auth import current_user_id
from trainwise.services.cache import CatalogCache
from trainwise.services.ports import LogStore, PlanStore
from trainwise.storage.catalog import SqlCatalog


async def get_catalog(request: Request) -> SqlCatalog:
    """The catalog opened when the app was built."""
    catalog: SqlCatalog = request.app.state.catalog
    return catalog


CatalogDep = Annotated[SqlCatalog, Depends(get_catalog)]


async def get_cache(request: Request) -> CatalogCache:
    """The app's catalog cache."""
    cache: CatalogCache = request.app.state.cache
    return cache


CacheDep = Annotated[CatalogCache, Depends(get_cache)]


async def get_plan_store(request: Request) -> PlanStore:
    """The plan store made when the app was built (on the catalog's database)."""
    store: PlanStore = request.app.state.plan_store
    return store


PlanStoreDep = Annotated[PlanStore, Depends(get_plan_store)]


async def get_log_store(request: Request) -> LogStore:
    """The log store made when the app was built (on the catalog's database)."""
    store: LogStore = request.app.state.log_store
    return store


LogStoreDep = Annotated[LogStore, Depends(get_log_store)]


CurrentUserDep = Annotated[int, Depends(current_user_id)]
"""The id of the user making the request: the local default user in single-person mode (`serve
--local`); otherwise the account of the bearer token or session cookie (401 / login page without)."""
