"""Composition root: the one place where settings, storage adapters and services meet."""

from __future__ import annotations

from trainwise.config import Settings
from trainwise.library.loader import load_builtin_library
from trainwise.services.catalog import load_library
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import needs_upgrade, upgrade


def open_catalog(settings: Settings, *, setup: bool | None = None) -> SqlCatalog:
    """A catalog on the configured database; migrates and loads the library on first use."""
    engine = make_engine(settings.database_url)
    catalog = SqlCatalog(engine)
    if settings.auto_setup if setup is None else setup:
        if needs_upgrade(engine):
            upgrade(engine)
        if catalog.count() == 0:
            load_library(catalog, load_builtin_library())
    return catalog
