"""`trainwise backup` and `trainwise restore`: everything in the database as versioned JSON."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from trainwise.cli.common import DbOption, console, err_console, fail, handle_errors, settings_for
from trainwise.services import backup as svc
from trainwise.storage.backup import SqlBackupStore
from trainwise.storage.engine import make_engine


class _Bars:
    """One Rich progress bar per table, on standard error."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def table(self, name: str, total: int | None) -> None:
        self._task = self._progress.add_task(name, total=total)

    def advance(self, rows: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, rows)


@contextmanager
def _bars() -> Iterator[svc.Progress | None]:
    """Progress bars when standard error is a terminal, nothing otherwise."""
    if not err_console.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=False) as progress:
        yield _Bars(progress)


@contextmanager
def _database_errors() -> Iterator[None]:
    """A file that is not a database (or a server that fails) as one line and exit code 2."""
    try:
        yield
    except DatabaseError as exc:
        raise fail(f"cannot use the database: {str(exc.orig).strip().splitlines()[0]}") from None


def _engine(db: str | None, *, must_exist: bool) -> Engine:
    url = settings_for(db).database_url
    parsed = make_url(url)
    if must_exist and parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(str(parsed.database)).expanduser()
        if not path.exists():
            raise fail(f"no database at {path}")
    return make_engine(url)


def _default_output() -> Path:
    return Path(f"trainwise-backup-{datetime.now(UTC):%Y%m%d-%H%M%S}.json")


@handle_errors
def backup(
    output: Annotated[str | None, typer.Option(
        "--output", "-o", show_default=False,
        help="File to write, '-' for standard output (default: trainwise-backup-DATE-TIME.json here).")] = None,
    db: DbOption = None,
) -> None:
    """Write everything in the database (library, users, plans, logs...) as one versioned JSON file."""
    engine = _engine(db, must_exist=True)
    store = SqlBackupStore(engine)
    try:
        with _database_errors(), _bars() as bars:
            if output == "-":
                counts = _to_stdout(store, bars)
                where = "standard output"
            else:
                path = Path(output).expanduser() if output else _default_output()
                counts = _to_file(store, path, bars)
                where = str(path)
    finally:
        engine.dispose()
    err_console.print(f"backup of {sum(counts.values())} rows in {len(counts)} tables written to {where}",
                      markup=False, highlight=False, soft_wrap=True)


def _to_stdout(store: SqlBackupStore, bars: svc.Progress | None) -> dict[str, int]:
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None:
        counts = svc.write_backup(store, sys.stdout, progress=bars)
        sys.stdout.flush()
        return counts
    sys.stdout.flush()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    try:
        counts = svc.write_backup(store, out, progress=bars)
        out.flush()
    finally:
        out.detach()
    return counts


def _to_file(store: SqlBackupStore, path: Path, bars: svc.Progress | None) -> dict[str, int]:
    """Write next to ``path``, flush to disk, then rename: a failed backup never leaves a partial
    file under the name, and an old backup of that name is replaced only by a complete one."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
            counts = svc.write_backup(store, out, progress=bars)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


@contextmanager
def _source(file: str) -> Iterator[TextIO]:
    if file == "-":
        raw = getattr(sys.stdin, "buffer", None)
        if raw is None:
            yield sys.stdin
            return
        stream = io.TextIOWrapper(raw, encoding="utf-8")
        try:
            yield stream
        finally:
            stream.detach()
        return
    try:
        handle = open(file, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror}") from None
    with handle:
        yield handle


@handle_errors
def restore(
    file: Annotated[str, typer.Argument(help="A file written by `trainwise backup` ('-' for standard input).",
                                        show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace everything in a database that is not empty.")]
    = False,
    db: DbOption = None,
) -> None:
    """Restore a backup into an empty database (all or nothing; --force replaces a database's contents)."""
    with _source(file) as source:
        engine = _engine(db, must_exist=False)
        try:
            with _database_errors(), _bars() as bars:
                report = svc.restore_backup(SqlBackupStore(engine), source, force=force, progress=bars)
            where = engine.url.render_as_string(hide_password=True)
        finally:
            engine.dispose()
    console.print(f"restored {report.total} rows in {len(report.rows)} tables into {where} "
                  f"(backup of schema revision {report.backup_revision}; database now at {report.revision})",
                  markup=False, highlight=False, soft_wrap=True)
