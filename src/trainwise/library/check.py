"""`python -m trainwise.library.check [--planned FILE]`: validate the library's content files."""

from __future__ import annotations

import sys
from pathlib import Path

from trainwise.domain.errors import InvalidExerciseError
from trainwise.domain.exercises import catalog_problems, problems
from trainwise.library.loader import library_dir, read_exercise_file


def main(argv: list[str]) -> int:
    """Print every problem in the content files; exit 1 when there is any."""
    planned: set[str] = set()
    if argv[:1] == ["--planned"]:
        planned = set(Path(argv[1]).read_text().split())
        argv = argv[2:]
    found: list[str] = []
    exercises = []
    for path in sorted(library_dir().glob("*.toml")):
        try:
            exercises.append(read_exercise_file(path))
        except InvalidExerciseError as exc:
            found.append(str(exc))
    slugs = {e.slug for e in exercises} | planned
    if planned:
        for e in exercises:
            found.extend(f"{e.slug}: {p}" for p in problems(e))
            found.extend(f"{e.slug}: links to unknown '{x}'" for x in e.links if x not in slugs)
    else:
        found.extend(catalog_problems(exercises))
    for line in found:
        print(line)
    print(f"{len(exercises)} exercises, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
