"""The catalog cache: hits, revision changes and the check interval."""

from __future__ import annotations

from trainwise.services.cache import CatalogCache


class FakeRepo:
    def __init__(self) -> None:
        self.rev = 1
        self.revision_calls = 0

    def revision(self) -> int:
        self.revision_calls += 1
        return self.rev


def test_values_are_computed_once_until_the_revision_changes() -> None:
    repo, now = FakeRepo(), [0.0]
    cache = CatalogCache(repo, ttl=2.0, clock=lambda: now[0])  # type: ignore[arg-type]
    calls: list[int] = []
    assert cache.get("k", lambda: calls.append(1) or "a") == "a"
    assert cache.get("k", lambda: calls.append(1) or "b") == "a"
    assert len(calls) == 1
    repo.rev = 2
    assert cache.get("k", lambda: "c") == "a"  # not re-checked within the interval
    now[0] = 3.0
    assert cache.get("k", lambda: "c") == "c"
    assert repo.revision_calls == 2


def test_the_cache_is_bounded() -> None:
    cache = CatalogCache(FakeRepo(), max_items=3)  # type: ignore[arg-type]
    for i in range(10):
        cache.get(i, lambda i=i: i)
    assert len(cache._values) <= 3


def test_a_change_made_here_is_seen_at_once() -> None:
    repo, now = FakeRepo(), [0.0]
    cache = CatalogCache(repo, ttl=2.0, clock=lambda: now[0])  # type: ignore[arg-type]
    assert cache.get("k", lambda: "old") == "old"
    repo.rev = 2
    cache.changed()
    assert cache.get("k", lambda: "new") == "new"
