"""`trainwise stats [exercise SLUG]`: progress as tables (or the JSON of GET /api/v1/stats)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from trainwise.cli.common import (
    DbOption,
    JsonOption,
    UserOption,
    catalog_for,
    console,
    handle_errors,
    print_json,
    user_id_for,
)
from trainwise.domain import analytics
from trainwise.domain.analytics import E1rmTrend, ExerciseRecords, ExerciseStats, Record, Stats
from trainwise.services import stats as svc
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.logs import SqlLogStore
from trainwise.storage.plans import SqlPlanStore

app = typer.Typer(
    help="Progress: e1RM trends, personal records, weekly hard sets against the target band, "
    "sessions and streaks, pain. Without a command: the summary.",
    invoke_without_command=True,
)

WeeksOpt = Annotated[int, typer.Option(
    "--weeks", "-w", min=1, max=analytics.MAX_WEEKS, help="Length of the window in ISO weeks, ending with this one.")]
PlanOpt = Annotated[str | None, typer.Option(
    "--plan", metavar="ID", show_default=False,
    help="Measure adherence against this saved plan (default: the newest plan not on hold).")]
SPARKS = "▁▂▃▄▅▆▇█"
STATUS_STYLE = {"below": "yellow", "in": "green", "above": "cyan"}
GROUP_NAMES = {"upper_back": "Upper back"}


def sparkline(values: Sequence[float | None]) -> str:
    """'▁▃▅█' for the values (a space for a missing one); flat values draw a flat line."""
    known = [x for x in values if x is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    out = []
    for x in values:
        if x is None:
            out.append(" ")
        else:
            out.append(SPARKS[round((x - low) / span * (len(SPARKS) - 1)) if span else len(SPARKS) // 2 - 1])
    return "".join(out)


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day(value: date | None) -> str:
    return value.isoformat() if value else "–"


def _set(load: float | None, reps: int | None) -> str:
    text = f"{_num(load)} kg" if load else "body weight"
    return f"{text} × {reps}" if reps is not None else text


def _stores(catalog: SqlCatalog, email: str | None) -> tuple[SqlLogStore, SqlPlanStore, int]:
    """The log and plan stores on the catalog's database, and the local user (issue 6 brings accounts)."""
    return SqlLogStore(catalog.engine), SqlPlanStore(catalog.engine), user_id_for(catalog.engine, email)


# ---------------------------------------------------------------------------- tables


def _glance(stats: Stats) -> Table:
    a = stats.adherence
    table = Table(title="At a glance", show_header=False, title_justify="left")
    table.add_column("What", style="bold")
    table.add_column("Value")
    table.add_row("Sessions", f"{a.sessions_in_window} in the last {len(stats.weeks)} weeks ({a.total_sessions} in all)")
    table.add_row("Sessions per week", f"{sparkline([float(s) for s in a.sessions])}  (oldest → this week)")
    table.add_row("Streak", f"{a.current_streak} week{'s' if a.current_streak != 1 else ''} in a row "
                  f"(longest {a.longest_streak})")
    if a.rate is not None:
        table.add_row("Plan done", f"{_num(a.rate * 100, 0)} % of {sum(a.planned or ())} planned sessions "
                      f"(plan {escape(stats.plan_id or '')}; plan streak {a.plan_streak} weeks)")
    elif stats.plan_id:
        table.add_row("Plan", f"{escape(stats.plan_id)}: no session planned in this window yet")
    table.add_row("Last session", _day(a.last_session))
    return table


def _trend_row(trend: E1rmTrend) -> list[str]:
    first, last, best = trend.first, trend.last, trend.best
    change = trend.change_pct
    direction = {"up": "[green]up[/]", "down": "[red]down[/]", "flat": "flat (under 5 %)", "": "–"}[trend.direction]
    low = " (11–12 reps)" if best and best.low_confidence else ""
    return [escape(trend.name), str(len(trend.points)), _num(first.e1rm_kg if first else None),
            _num(last.e1rm_kg if last else None),
            f"{'+' if change and change > 0 else ''}{_num(change)} %" if change is not None else "–",
            direction, sparkline([p.e1rm_kg for p in trend.points]),
            f"{_num(best.e1rm_kg)}{low} on {_day(best.date)}" if best else "–"]


def _trends(trends: Sequence[E1rmTrend], weeks: int) -> Table:
    table = Table(title=f"Estimated 1RM (kg), best set per session, last {weeks} weeks", title_justify="left")
    for name in ("Exercise", "Sessions", "First", "Last", "Change", "Trend", "Curve", "Best"):
        table.add_column(name, justify="right" if name in ("Sessions", "First", "Last", "Change") else "left")
    for trend in trends:
        table.add_row(*_trend_row(trend))
    return table


def _volume(stats: Stats) -> Table:
    volume = stats.volume
    band = f"{_num(volume.band[0])}–{_num(volume.band[1])}"
    source = "your plan's goal and level" if volume.band_source == "profile" else "general; save a plan for yours"
    table = Table(title=f"Weekly hard sets per muscle group (band {band}: {source})", title_justify="left")
    table.add_column("Group")
    table.add_column("This week", justify="right")
    table.add_column(f"Average ({volume.full_weeks} full wk)", justify="right")
    table.add_column("Band", justify="right")
    table.add_column("Status")
    table.add_column("Weeks")
    for g in volume.groups:
        status = g.status
        shown = f"[{STATUS_STYLE[status]}]{status} the band[/]" if status else ("no band" if g.band is None else "–")
        table.add_row(GROUP_NAMES.get(g.group, g.group.capitalize()), _num(g.this_week), _num(g.average),
                      f"{_num(g.band[0])}–{_num(g.band[1])}" if g.band else "–", shown, sparkline(g.weeks))
    return table


def _sessions(stats: Stats) -> Table:
    a = stats.adherence
    table = Table(title="Sessions per week", title_justify="left")
    table.add_column("Week of")
    table.add_column("Logged", justify="right")
    if a.planned is not None:
        table.add_column("Planned", justify="right")
        table.add_column("Done", justify="right")
    rates = a.weekly_rate
    for i in reversed(range(len(stats.weeks))):
        row = [f"{stats.weeks[i].isoformat()} ({analytics.week_label(stats.weeks[i])})", str(a.sessions[i])]
        if a.planned is not None and rates is not None:
            rate = rates[i]
            row += [str(a.planned[i]), f"{_num(rate * 100, 0)} %" if rate is not None else "–"]
        table.add_row(*row)
    return table


def _pain(stats: Stats) -> Table:
    table = Table(title="Pain (0–10) per week: mean / worst", title_justify="left")
    for name in ("Region", "Week of", "During", "Next morning"):
        table.add_column(name)
    for p in stats.pain:
        for i in reversed(range(len(stats.weeks))):
            if p.during_mean[i] is None and p.morning_mean[i] is None:
                continue
            table.add_row(p.region.replace("_", " "), stats.weeks[i].isoformat(),
                          f"{_num(p.during_mean[i])} / {_num(p.during_max[i])}",
                          f"{_num(p.morning_mean[i])} / {_num(p.morning_max[i])}")
    return table


def _record(record: Record | None) -> str:
    if record is None:
        return "–"
    if record.kind == "most_volume":
        return f"{_num(record.value, 0)} kg ({_day(record.date)})"
    if record.kind == "best_e1rm":
        low = ", 11–12 reps" if record.low_confidence else ""
        return f"{_num(record.value)} kg from {_set(record.load_kg, record.reps)}{low} ({_day(record.date)})"
    if record.kind == "reps_at_load":
        return f"{record.reps} reps at {_set(record.load_kg, None)} ({_day(record.date)})"
    return f"{_set(record.load_kg, record.reps)} ({_day(record.date)})"


def _records(records: Sequence[ExerciseRecords]) -> Table:
    table = Table(title="Personal records (all time)", title_justify="left")
    for name in ("Exercise", "Heaviest (or most reps)", "Best e1RM", "Most volume in a session"):
        table.add_column(name)
    for r in records:
        heaviest = _record(r.heaviest) if r.heaviest else (_record(r.reps_at_load[0]) if r.reps_at_load else "–")
        table.add_row(escape(r.name), heaviest, _record(r.best_e1rm), _record(r.most_volume))
    return table


def _reps_at_load(records: ExerciseRecords) -> Table:
    table = Table(title="Most reps at each load", title_justify="left")
    table.add_column("Load")
    table.add_column("Reps", justify="right")
    table.add_column("First done")
    for r in records.reps_at_load:
        table.add_row(_set(r.load_kg, None), str(r.reps), _day(r.date))
    return table


def print_summary(stats: Stats) -> None:
    """Every table of the summary, or a short note when nothing is logged."""
    start, end = stats.weeks[0], stats.weeks[-1] + timedelta(days=6)
    console.print(f"[bold]Progress[/] from {start.isoformat()} to {end.isoformat()} ({len(stats.weeks)} weeks)")
    if stats.is_empty:
        console.print("Nothing logged yet. Log a workout (trainwise log add --help, or the Today page) and "
                      "your progress shows here.")
        return
    console.print(_glance(stats))
    if stats.e1rm:
        console.print(_trends(stats.e1rm, len(stats.weeks)))
    console.print(_volume(stats))
    console.print(_sessions(stats))
    if stats.pain:
        console.print(_pain(stats))
    if stats.records:
        console.print(_records(stats.records))
    if stats.unknown_exercises:
        console.print(f"Not in the library, so not counted in hard sets: {escape(', '.join(stats.unknown_exercises))}")


def print_exercise(detail: ExerciseStats, weeks: int) -> None:
    """The trend, set by set, and the records of one exercise."""
    console.print(f"[bold]{escape(detail.name)}[/] ({detail.exercise})")
    if detail.records is None:
        console.print("Not logged yet.")
        return
    if detail.trend.points:
        console.print(_trends([detail.trend], weeks))
        table = Table(title="Best set of each session", title_justify="left")
        for name in ("Date", "e1RM (kg)", "Set"):
            table.add_column(name)
        for p in reversed(detail.trend.points):
            rir = f" @ RIR {_num(p.rir)}" if p.rir is not None else " (no RIR: read as 0)"
            table.add_row(_day(p.date), _num(p.e1rm_kg) + (" (11–12 reps)" if p.low_confidence else ""),
                          _set(p.load_kg, p.reps) + rir)
        console.print(table)
    else:
        console.print(f"No e1RM estimate in the last {weeks} weeks.")
    console.print(_records([detail.records]))
    if detail.records.reps_at_load:
        console.print(_reps_at_load(detail.records))


# ---------------------------------------------------------------------------- commands


@app.callback()
@handle_errors
def summary(
    ctx: typer.Context,
    weeks: WeeksOpt = analytics.DEFAULT_WEEKS,
    plan: PlanOpt = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """Your progress over the last --weeks weeks (records and streaks: all time); --json prints the object of GET /api/v1/stats."""
    if ctx.invoked_subcommand is not None:
        return
    catalog = catalog_for(db)
    logs, plans, user = _stores(catalog, as_user)
    stats = svc.stats_for(logs, catalog, user, date.today(), weeks=weeks, plan_id=plan, plan_store=plans)
    if as_json:
        print_json(stats.to_dict())
    else:
        print_summary(stats)


@app.command()
@handle_errors
def exercise(
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="Exercise slug, name or alias.")],
    weeks: WeeksOpt = analytics.DEFAULT_WEEKS,
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """The e1RM trend (last --weeks weeks) and the personal records of one exercise; --json prints the object of GET /api/v1/stats/exercises/SLUG."""
    catalog = catalog_for(db)
    logs, _plans, user = _stores(catalog, as_user)
    detail = svc.exercise_stats_for(logs, catalog, user, slug, date.today(), weeks=weeks)
    if as_json:
        print_json(detail.to_dict())
    else:
        print_exercise(detail, weeks)
