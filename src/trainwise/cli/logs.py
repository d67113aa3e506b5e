"""`trainwise log add|list|show|delete|import|export`: the workout log from the command line."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from trainwise.cli.common import (
    DbOption,
    JsonOption,
    UserOption,
    catalog_for,
    console,
    fail,
    handle_errors,
    print_json,
    read_text,
    user_id_for,
)
from trainwise.domain.logs import LogError, WorkoutLog, log_to_dict
from trainwise.services import log_import as imp
from trainwise.services import logs as svc
from trainwise.services.evolve import after_session
from trainwise.services.plans import PlanNotFoundError
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.plans import SqlPlanStore

app = typer.Typer(help="Log workouts; list, show, delete, import (Strong, Hevy) and export them.",
                  no_args_is_help=True)

LogIdArg = Annotated[str, typer.Argument(metavar="ID", help="Log id, as printed by 'trainwise log add'.")]
FromOpt = Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD", show_default=False,
                                             help="First day, inclusive.")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD", show_default=False,
                                           help="Last day, inclusive.")]
PROGRESS_FROM = 20
"""Imports of at least this many workouts show a progress bar."""


class Source(StrEnum):
    """Apps whose CSV export can be imported."""

    strong = "strong"
    hevy = "hevy"


def _store(catalog: SqlCatalog, email: str | None) -> tuple[SqlLogStore, int]:
    """The log store on the catalog's database, and the local user (issue 6 brings accounts)."""
    return SqlLogStore(catalog.engine), user_id_for(catalog.engine, email)


def _range(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    try:
        return svc.date_range(start, end)
    except LogError as exc:
        raise fail(str(exc).replace("log field 'from'", "--from").replace("log field 'to'", "--to")) from None


# ---------------------------------------------------------------------------- commands


@app.command()
@handle_errors
def add(
    file: Annotated[str, typer.Option("--file", "-f", metavar="LOG.json", show_default=False,
                                      help="The log JSON (or a list of logs); '-' for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored log JSON.")] = False,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """Log a session from its JSON. Adding the same id again replaces that log (no duplicate sets)."""
    where = "standard input" if file == "-" else file
    text = read_text(file)
    try:
        data = svc.parse_log_json(text)
    except LogError as exc:
        raise fail(f"{where}: {exc}") from None
    items: list[Any] = data if isinstance(data, list) else [data]
    if not items:
        raise fail(f"{where}: the list holds no log")
    catalog = catalog_for(db)
    store, user = _store(catalog, as_user)
    logs: list[WorkoutLog] = []
    for i, item in enumerate(items):
        try:  # validate every log before storing any
            logs.append(svc.validate_log(catalog, item))
        except LogError as exc:
            raise fail(f"{where}{f' (log {i})' if isinstance(data, list) else ''}: {exc}") from None
    stored: list[dict[str, Any]] = []
    plans = SqlPlanStore(catalog.engine)
    for log in logs:
        created = store.put(user, log)
        data = log_to_dict(log)
        changes = _evolve(catalog, plans, store, user, log)
        if log.plan_id is not None:
            data["plan_changes"] = changes
        stored.append(data)
        if not as_json:
            sets = f"{log.set_count} set{'s' if log.set_count != 1 else ''}"
            console.print(f"logged {sets} (id {escape(log.id)})" if created
                          else f"updated {escape(log.id)}: {sets}", highlight=False)
            for change in changes or []:
                name = f"{change['exercise_name']}: " if change.get("exercise_name") else ""
                console.print(f"  plan {escape(str(log.plan_id))}: [bold]{change['code']}[/bold] "
                              f"{escape(name + change['detail'])}", highlight=False)
    if as_json:
        print_json(stored if isinstance(data, list) else stored[0])


def _evolve(catalog: Any, plans: SqlPlanStore, store: Any, user: int, log: WorkoutLog) -> list[dict[str, Any]] | None:
    """The log's saved plan follows the progression engine (None: no plan id, or no such plan)."""
    if log.plan_id is None:
        return None
    try:
        return after_session(catalog, plans, store, user, log.plan_id, log.date, log_id=log.id)
    except PlanNotFoundError:
        return None


@app.command("list")
@handle_errors
def list_(start: FromOpt = None, end: ToOpt = None, as_json: JsonOption = False, db: DbOption = None, as_user: UserOption = None) -> None:
    """Your logs, oldest first (optionally from/to a date)."""
    first, last = _range(start, end)
    catalog = catalog_for(db)
    store, user = _store(catalog, as_user)
    logs = svc.list_logs(store, user, first, last)
    if as_json:
        print_json([log_to_dict(log) for log in logs])
        return
    if not logs:
        console.print("No logs yet: trainwise log add --file LOG.json")
        return
    slugs = list(dict.fromkeys(e.exercise for log in logs for e in log.exercises))
    label = {e.slug: e.name for e in catalog.get_many(slugs)}
    table = Table(title=f"{len(logs)} log{'s' if len(logs) != 1 else ''}, oldest first", box=box.SIMPLE_HEAD,
                  caption="sets: all (working); pain: during the session, 0-10", caption_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("exercises / id", ratio=3)
    table.add_column("sets", justify="right", no_wrap=True)
    table.add_column("pain", ratio=1)
    for log in logs:
        names = ", ".join(dict.fromkeys(label.get(e.exercise, e.exercise) for e in log.exercises)) or "-"
        working = sum(len(e.working_sets) for e in log.exercises)
        sets = str(log.set_count) if working == log.set_count else f"{log.set_count} ({working})"
        pain = ", ".join(f"{region.replace('_', ' ')} {score}" for region, score in sorted(log.pain_during.items()))
        table.add_row(log.date.isoformat(), f"{escape(names)}\n[dim]{escape(log.id)}[/dim]", sets,
                      escape(pain) or "-")
    console.print(table)


@app.command()
@handle_errors
def show(log_id: LogIdArg, as_json: JsonOption = False, db: DbOption = None, as_user: UserOption = None) -> None:
    """Show one log, set by set."""
    catalog = catalog_for(db)
    store, user = _store(catalog, as_user)
    log = svc.get_log(store, user, log_id)
    if as_json:
        print_json(log_to_dict(log))
        return
    render_log(log, {e.slug: e.name for e in catalog.get_many([x.exercise for x in log.exercises])})


@app.command()
@handle_errors
def delete(log_id: LogIdArg, db: DbOption = None, as_user: UserOption = None) -> None:
    """Delete a log and its sets."""
    store, user = _store(catalog_for(db), as_user)
    svc.delete_log(store, user, log_id)
    console.print(f"Deleted log {escape(log_id)}", highlight=False)


@app.command("import")
@handle_errors
def import_(
    source: Annotated[Source, typer.Argument(help="The app the CSV export comes from: strong or hevy.")],
    file: Annotated[str, typer.Argument(metavar="FILE", help="The CSV export ('-' for standard input).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and report only; store nothing.")] = False,
    unit: Annotated[str, typer.Option("--unit", help="Strong: the weight unit when the file does not say (kg or lb).")] = "kg",
    names: Annotated[list[str] | None, typer.Option(
        "--map", metavar="NAME=SLUG", show_default=False,
        help="Map a name of the file to a library exercise (repeatable), e.g. 'Seated Leg Curl (Machine)=lying-leg-curl'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """Import your history from a Strong or Hevy CSV export.

    Importing the same file again replaces those workouts (never duplicates them); names that
    match no library exercise are reported, with the sets left out."""
    where = "standard input" if file == "-" else file
    text = read_text(file, legacy_encoding="cp1252")
    mapping = imp.parse_names(names or [])
    catalog = catalog_for(db)
    try:
        result = imp.import_logs(source.value, text, catalog, unit=unit, names=mapping)
    except imp.ImportFormatError as exc:
        raise fail(f"{where}: {exc}") from None
    report = result.report
    if not dry_run and result.logs:
        store, user = _store(catalog, as_user)
        with Progress(TextColumn("importing workouts"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True,
                      disable=as_json or len(result.logs) < PROGRESS_FROM) as bar:
            task = bar.add_task("import", total=len(result.logs))
            imp.store_import(store, user, result, progress=lambda n: bar.update(task, completed=n))
    if as_json:
        print_json(report.to_dict())
        return
    _print_report(report, dry_run)


@app.command()
@handle_errors
def export(
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", show_default=False,
                                               help="Write the CSV here (default: standard output).")] = None,
    start: FromOpt = None,
    end: ToOpt = None,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """Export your log as CSV: one row per set (loads in kg)."""
    first, last = _range(start, end)
    store, user = _store(catalog_for(db), as_user)
    text = svc.export_csv(store, user, first, last)
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    path = Path(output).expanduser()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {output}: {exc.strerror or exc}") from None
    rows = text.count("\n") - 1
    console.print(f"wrote {rows} row{'s' if rows != 1 else ''} to {escape(str(path))}", highlight=False)


# ---------------------------------------------------------------------------- output


def _num(value: float | int | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:g}{unit}"


def _pain_text(log: WorkoutLog) -> str:
    parts = [f"{region.replace('_', ' ')} {score}" for region, score in sorted(log.pain_during.items())]
    if log.pain_next_morning:
        parts += [f"next morning: {region.replace('_', ' ')} {score}"
                  for region, score in sorted(log.pain_next_morning.items())]
    return escape(", ".join(parts)) or "-"


def render_log(log: WorkoutLog, names: Mapping[str, str] | None = None) -> None:
    """Print one log for people: date, plan, pain, symptoms, notes, then each exercise's sets
    (``names``: exercise slug -> display name)."""
    names = names or {}
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Date", log.date.isoformat())
    facts.add_row("Id", escape(log.id))
    if log.plan_id:
        facts.add_row("Plan", escape(log.plan_id))
    facts.add_row("Pain", _pain_text(log))
    if log.symptoms:
        facts.add_row("Symptoms", f"[bold red]{escape(', '.join(log.symptoms))}[/bold red]")
    if log.notes:
        facts.add_row("Notes", escape(log.notes))
    if not log.completed:
        facts.add_row("Completed", "no")
    console.print(facts)
    table = Table(title=f"{log.set_count} set{'s' if log.set_count != 1 else ''}", title_justify="left")
    for col in ("exercise", "set", "type", "load", "reps", "seconds", "RIR", "RPE"):
        table.add_column(col, justify="left" if col in ("exercise", "type") else "right")
    for ex in log.exercises:
        name = escape(names.get(ex.exercise, ex.exercise))
        if not ex.sets:
            table.add_row(name, "-", "", "", "", "", "", "")
        for n, s in enumerate(ex.sets, 1):
            table.add_row(name if n == 1 else "", str(n), s.type, _num(s.load_kg, " kg"),
                          _num(s.reps), _num(s.seconds), _num(s.rir), _num(s.rpe))
        table.add_section()
    console.print(table)


def _print_report(report: imp.ImportReport, dry_run: bool) -> None:
    span = f", {report.first} to {report.last}" if report.first else ""
    app_name = report.source.capitalize()
    console.print(f"{app_name}: {report.sessions} workout{'s' if report.sessions != 1 else ''}, "
                  f"{report.sets} set{'s' if report.sets != 1 else ''}{span}", highlight=False)
    if dry_run:
        console.print("dry run: nothing stored", highlight=False)
    elif report.stored:
        console.print(f"stored: {report.created} new, {report.updated} replaced", highlight=False)
    if report.skipped:
        console.print("skipped rows: " + ", ".join(f"{reason} {n}" for reason, n in sorted(report.skipped.items())),
                      highlight=False)
    _print_lines("unreadable rows", report.problems)
    if report.unmatched:
        total = sum(report.unmatched.values())
        console.print(f"[yellow]{len(report.unmatched)} exercise name{'s' if len(report.unmatched) != 1 else ''} "
                      f"not in the library ({total} set{'s' if total != 1 else ''} left out):[/yellow]")
        _print_lines("", imp.unmatched_lines(report, limit=len(report.unmatched)))
        console.print("map them with --map 'NAME=SLUG' (see trainwise exercises search) and import again",
                      highlight=False)


def _print_lines(title: str, lines: Sequence[str]) -> None:
    if not lines:
        return
    if title:
        console.print(f"{title}:", highlight=False)
    for line in lines:
        console.print(f"  {escape(line)}", highlight=False)
