"""A read-through cache for catalog reads, emptied whenever the catalog revision changes.

The revision is checked at most once per ``ttl`` seconds, so a hot path costs no database
query; a change made by another process shows after at most ``ttl`` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from trainwise.services.ports import CatalogRepo

T = TypeVar("T")


class CatalogCache:
    """Values computed from the catalog, keyed by anything hashable."""

    def __init__(self, repo: CatalogRepo, *, ttl: float = 2.0, max_items: int = 5000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.repo = repo
        self.ttl = ttl
        self.max_items = max_items
        self._clock = clock
        self._revision = -1
        self._checked = float("-inf")
        self._values: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        now = self._clock()
        if now - self._checked < self.ttl:
            return
        revision = self.repo.revision()
        with self._lock:
            self._checked = now
            if revision != self._revision:
                self._revision = revision
                self._values.clear()

    def changed(self) -> None:
        """The catalog was just changed by this process: read the revision again on the next use
        (other processes see the change within ``ttl`` seconds)."""
        with self._lock:
            self._checked = float("-inf")

    def peek(self, key: Hashable) -> object | None:
        """The cached value for ``key`` at the current revision, or None."""
        self._refresh()
        return self._values.get(key)

    def put(self, key: Hashable, value: object) -> None:
        """Store ``value`` for ``key`` at the current revision."""
        with self._lock:
            if len(self._values) >= self.max_items:
                self._values.clear()
            self._values[key] = value

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing (and storing) it when missing."""
        self._refresh()
        try:
            return self._values[key]  # type: ignore[return-value]
        except KeyError:
            pass
        value = compute()
        self.put(key, value)
        return value
