"""Read the built-in library's TOML content files into domain exercises."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from trainwise.domain.errors import InvalidExerciseError
from trainwise.domain.exercises import Exercise, exercise_from_dict


def library_dir() -> Path:
    """Folder holding the built-in exercise files."""
    return Path(str(resources.files("trainwise.library").joinpath("exercises")))


def read_exercise_file(path: Path) -> Exercise:
    """Parse one exercise file; InvalidExerciseError names the file on bad TOML."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InvalidExerciseError(f"{path.name}: {exc}") from exc
    exercise = exercise_from_dict(data)
    if path.stem != exercise.slug:
        raise InvalidExerciseError(f"{path.name}: file name must be the slug '{exercise.slug}.toml'")
    return exercise


@lru_cache(maxsize=1)
def load_builtin_library() -> tuple[Exercise, ...]:
    """Every built-in exercise, sorted by slug."""
    files = sorted(library_dir().glob("*.toml"))
    return tuple(read_exercise_file(p) for p in files)
