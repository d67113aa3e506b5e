"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from trainwise.services.cache import CatalogCache
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
