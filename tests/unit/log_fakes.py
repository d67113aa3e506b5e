"""In-memory stand-ins for the catalog and the log store (unit tests of logs and imports)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache

from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise
from trainwise.domain.logs import WorkoutLog
from trainwise.library.loader import load_builtin_library


class FakeCatalog:
    """The built-in library in memory: what log validation and name matching read."""

    def __init__(self, exercises: Sequence[Exercise]) -> None:
        self.exercises = {e.slug: e for e in exercises}
        self._labels = [(v.normalize(x), e.slug) for e in exercises for x in (e.slug, e.name, *e.aliases)]

    def revision(self) -> int:
        return 1

    def all(self) -> list[Exercise]:
        return sorted(self.exercises.values(), key=lambda e: e.name)

    def labels(self) -> list[tuple[str, str]]:
        return list(self._labels)

    def search_texts(self) -> list[str]:
        return [" ".join((e.name, *e.aliases)) for e in self.exercises.values()]

    def get(self, slug: str) -> Exercise | None:
        return self.exercises.get(slug)

    def get_many(self, slugs: Sequence[str]) -> list[Exercise]:
        return [self.exercises[s] for s in slugs if s in self.exercises]

    def find(self, label: str) -> Exercise | None:
        if label in self.exercises:
            return self.exercises[label]
        key = v.normalize(label)
        return next((self.exercises[slug] for lab, slug in self._labels if lab == key), None)


@cache
def library_catalog() -> FakeCatalog:
    """One shared catalog of the built-in library."""
    return FakeCatalog(load_builtin_library())


class MemoryLogStore:
    """A LogStore in a dict, keyed like the real one by (user, client id)."""

    def __init__(self) -> None:
        self.logs: dict[tuple[int, str], WorkoutLog] = {}

    def put(self, user_id: int, log: WorkoutLog) -> bool:
        created = (user_id, log.id) not in self.logs
        self.logs[(user_id, log.id)] = log
        return created

    def get(self, user_id: int, log_id: str) -> WorkoutLog | None:
        return self.logs.get((user_id, log_id))

    def list(self, user_id: int, start: date | None = None, end: date | None = None) -> list[WorkoutLog]:
        return sorted((log for (user, _), log in self.logs.items() if user == user_id
                       and (start is None or log.date >= start) and (end is None or log.date <= end)),
                      key=lambda log: log.date)

    def delete(self, user_id: int, log_id: str) -> bool:
        return self.logs.pop((user_id, log_id), None) is not None
