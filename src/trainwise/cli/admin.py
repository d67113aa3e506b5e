"""`trainwise db ...`, `trainwise catalog ...` and `trainwise import ...`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from trainwise.bootstrap import open_catalog
from trainwise.cli.common import (
    DbOption,
    JsonOption,
    console,
    fail,
    handle_errors,
    import_progress,
    print_json,
    read_json_file,
    settings_for,
)
from trainwise.domain.exercises import catalog_problems
from trainwise.library.loader import load_builtin_library
from trainwise.services.catalog import library_summary, load_library
from trainwise.services.importing import import_free_exercise_db, validate_free_exercise_db
from trainwise.storage.engine import make_engine
from trainwise.storage.migrate import current_revision, head_revision, upgrade

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
catalog_app = typer.Typer(help="The built-in exercise library.", no_args_is_help=True)
import_app = typer.Typer(help="Import exercise datasets.", no_args_is_help=True)


@db_app.command("upgrade")
@handle_errors
def db_upgrade(db: DbOption = None) -> None:
    """Create or migrate the database schema to the newest revision."""
    settings = settings_for(db)
    engine = make_engine(settings.database_url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    console.print(f"database at revision {after}" + ("" if before == after else f" (was {before or 'empty'})"))


@db_app.command("status")
@handle_errors
def db_status(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show the database URL, its schema revision and the library size."""
    settings = settings_for(db)
    engine = make_engine(settings.database_url)
    info: dict[str, object] = {
        "database": engine.url.render_as_string(hide_password=True),
        "revision": current_revision(engine),
        "head": head_revision(),
    }
    if info["revision"] is not None:
        info |= library_summary(open_catalog(settings, setup=False))
    if as_json:
        print_json(info)
    else:
        for k, val in info.items():
            console.print(f"[bold]{k}[/bold]: {val}")


@catalog_app.command("load")
@handle_errors
def catalog_load(db: DbOption = None) -> None:
    """Load the built-in library: adds new entries, updates changed ones (idempotent)."""
    repo = open_catalog(settings_for(db), setup=False)
    upgrade(repo.engine)
    report = load_library(repo, load_builtin_library())
    console.print(
        f"library loaded: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )


@catalog_app.command("summary")
@handle_errors
def catalog_summary(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Count the stored exercises by level, category and origin."""
    summary = library_summary(open_catalog(settings_for(db)))
    if as_json:
        print_json(summary)
        return
    console.print(f"[bold]{summary['exercises']} exercises[/bold] in the library")
    for key in ("by_category", "by_level", "by_origin"):
        table = Table(title=key.replace("_", " "))
        table.add_column("value")
        table.add_column("count", justify="right")
        counts = summary[key]
        assert isinstance(counts, dict)
        for name, n in sorted(counts.items()):
            table.add_row(name, str(n))
        console.print(table)


@catalog_app.command("check")
def catalog_check() -> None:
    """Validate the built-in content files (vocabulary, links, required fields)."""
    problems = catalog_problems(load_builtin_library())
    for p in problems:
        console.print(p, markup=False)
    if problems:
        raise fail(f"{len(problems)} problems in the built-in library", 1)
    console.print(f"{len(load_builtin_library())} exercises, no problems")


@import_app.command("free-exercise-db")
@handle_errors
def import_fedb(
    path: Annotated[Path, typer.Argument(help="exercises.json of free-exercise-db, or the folder holding it.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import free-exercise-db, merging entries that match built-in exercises by name or alias."""
    data = read_json_file(path / "exercises.json" if path.is_dir() else path)
    entries = validate_free_exercise_db(data)
    repo = open_catalog(settings_for(db))
    with import_progress(disable=as_json) as bar:
        task = bar.add_task("import", total=len(entries))
        report = import_free_exercise_db(repo, entries, progress=lambda n: bar.update(task, completed=n))
    result = {
        "total": report.total,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "merged_with_builtin": report.merged,
        "newly_merged": report.merged_new,
    }
    if as_json:
        print_json(result)
        return
    console.print(
        f"free-exercise-db: {report.total} entries, {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {report.merged} merged into built-in exercises "
        f"({report.merged_new} new links)"
    )


@import_app.command("wger")
@handle_errors
def import_wger_cmd(
    path: Annotated[Path, typer.Argument(help="wger exerciseinfo JSON: one API page, a list of pages or of results.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import wger exercises (English only), merging entries that match built-in exercises by name
    and linking the exercises of one wger variation group as alternatives."""
    from trainwise.services.wger_import import import_wger, validate_wger

    results = validate_wger(read_json_file(path))
    repo = open_catalog(settings_for(db))
    with import_progress(disable=as_json) as bar:
        task = bar.add_task("import", total=len(results))
        outcome = import_wger(repo, results, progress=lambda n: bar.update(task, completed=n))
    if as_json:
        print_json(outcome.as_dict())
        return
    r = outcome.report
    console.print(
        f"wger: {r.total} entries imported, {r.added} added, {r.updated} updated, {r.unchanged} unchanged, "
        f"{r.merged} merged into built-in exercises ({r.merged_new} new links), "
        f"{outcome.variation_links} variation links, "
        f"{len(outcome.skipped)} skipped without an English translation"
    )
