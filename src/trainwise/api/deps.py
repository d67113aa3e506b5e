"""FastAPI dependencies, declared once as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from trainwise.storage.catalog import SqlCatalog


def get_catalog(request: Request) -> SqlCatalog:
    """The catalog opened when the app was built."""
    catalog: SqlCatalog = request.app.state.catalog
    return catalog


CatalogDep = Annotated[SqlCatalog, Depends(get_catalog)]
