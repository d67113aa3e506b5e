"""`trainwise plan generate|check|save|show|list|delete`."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
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
from trainwise.domain.profile import Profile, ProfileError
from trainwise.domain.validator import Report
from trainwise.services import plan_export as fmt
from trainwise.services import plans as svc
from trainwise.storage.catalog import SqlCatalog
from trainwise.storage.plans import SqlPlanStore

app = typer.Typer(help="Generate, check, save and read training plans.", no_args_is_help=True)

ProfileOpt = Annotated[str, typer.Option(
    "--profile", "-p", metavar="FILE", show_default=False,
    help="Profile file, JSON or YAML ('-' for standard input); see examples/profiles/.")]
WeeksOpt = Annotated[int | None, typer.Option(
    "--weeks", min=1, max=52, show_default=False, help="Plan length in weeks (default: the profile's).")]
StartOpt = Annotated[str | None, typer.Option(
    "--start", metavar="YYYY-MM-DD", show_default=False, help="First day of the plan (default: next Monday).")]
SeedOpt = Annotated[int, typer.Option("--seed", min=0, help="Seed: the same profile and seed give the same plan.")]
PlanIdArg = Annotated[str, typer.Argument(metavar="ID", help="Plan id, as printed by 'trainwise plan save'.")]


# ---------------------------------------------------------------------------- input


def _load_profile(path: str) -> Profile:
    suffix = Path(path).suffix.lower()
    fmt = "json" if suffix == ".json" else "yaml" if suffix in (".yaml", ".yml") else None
    text = read_text(path)
    try:
        return svc.parse_profile(text, fmt)
    except ProfileError as exc:
        where = "standard input" if path == "-" else path
        raise fail(f"{where}: {exc}") from None


def _start(start: str | None) -> date:
    if start is None:
        return svc.next_monday(date.today())
    try:
        return date.fromisoformat(start)
    except ValueError:
        raise fail(f"--start: expected a date YYYY-MM-DD, got '{start}'") from None


def _store(catalog: SqlCatalog, email: str | None) -> tuple[SqlPlanStore, int]:
    """The plan store on the catalog's database, and the local user (issue 6 brings accounts)."""
    return SqlPlanStore(catalog.engine), user_id_for(catalog.engine, email)


def _generate(profile: str, weeks: int | None, start: str | None, seed: int,
              db: str | None) -> tuple[SqlCatalog, Profile, dict[str, Any]]:
    """Read the profile, then generate from the library; input errors come before the database."""
    person = _load_profile(profile)
    first_day = _start(start)
    catalog = catalog_for(db)
    return catalog, person, svc.create_plan(catalog, person, start=first_day, seed=seed, weeks=weeks)


# ---------------------------------------------------------------------------- commands


@app.command()
@handle_errors
def generate(
    profile: ProfileOpt,
    weeks: WeeksOpt = None,
    start: StartOpt = None,
    seed: SeedOpt = 0,
    as_json: JsonOption = False,
    save: Annotated[bool, typer.Option("--save", help="Also save the plan for the local user.")] = False,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """Generate a plan for a profile; --json prints the plan JSON (docs/plan-format.md) and nothing else."""
    catalog, person, plan = _generate(profile, weeks, start, seed, db)
    if save:
        store, user = _store(catalog, as_user)
        svc.save_plan(store, user, person, plan)
    if as_json:
        print_json(plan)
        return
    render_plan(plan)
    if save:
        console.print(f"Saved as [bold]{plan['id']}[/bold]: trainwise plan show {plan['id']}")


@app.command()
@handle_errors
def check(
    plan: Annotated[str, typer.Argument(metavar="PLAN.json", help="Plan JSON file ('-' for standard input).")],
    profile: ProfileOpt,
    as_json: JsonOption = False,
) -> None:
    """Run every rubric check on a plan. Exit code 0: no MUST check fails; 1: one fails; 2: bad input."""
    if plan == "-" and profile == "-":
        raise fail("only one of PLAN.json and --profile can be '-' (standard input)")
    text = read_text(plan)
    try:
        data = svc.parse_plan(text)
    except svc.InvalidPlanError as exc:
        raise fail(f"{'standard input' if plan == '-' else plan}: {exc}") from None
    report = svc.validate_plan(data, _load_profile(profile))
    if as_json:
        print_json(report.to_dict())
    else:
        render_report(report)
    raise typer.Exit(0 if report.passed else 1)


@app.command()
@handle_errors
def save(
    profile: ProfileOpt,
    weeks: WeeksOpt = None,
    start: StartOpt = None,
    seed: SeedOpt = 0,
    db: DbOption = None,
    as_user: UserOption = None,
) -> None:
    """Generate a plan and save it for the local user; prints its id."""
    catalog, person, plan = _generate(profile, weeks, start, seed, db)
    store, user = _store(catalog, as_user)
    sys.stdout.write(svc.save_plan(store, user, person, plan) + "\n")


@app.command()
@handle_errors
def show(plan_id: PlanIdArg, as_json: JsonOption = False, db: DbOption = None, as_user: UserOption = None) -> None:
    """Show a saved plan."""
    store, user = _store(catalog_for(db), as_user)
    plan = svc.get_plan(store, user, plan_id)
    if as_json:
        print_json(plan)
        return
    render_plan(plan)


@app.command("list")
@handle_errors
def list_(as_json: JsonOption = False, db: DbOption = None, as_user: UserOption = None) -> None:
    """List your saved plans, newest first."""
    store, user = _store(catalog_for(db), as_user)
    items = svc.list_plans(store, user)
    if as_json:
        print_json(items)
        return
    if not items:
        console.print("No saved plans yet: trainwise plan save --profile FILE")
        return
    table = Table(title=f"{len(items)} saved plan{'s' if len(items) != 1 else ''}, newest first")
    table.add_column("id", no_wrap=True)
    table.add_column("profile", overflow="fold", ratio=2)
    table.add_column("level, goal", ratio=2)
    table.add_column("start", no_wrap=True)
    table.add_column("weeks", justify="right")
    table.add_column("status")
    table.add_column("saved", no_wrap=True)
    for p in items:
        goal = str(p["goal"]).replace("_", " ")
        table.add_row(f"[cyan]{p['id']}[/cyan]", escape(str(p["profile_id"])), f"{p['level']}, {goal}",
                      p["start"] or "-", str(p["weeks"]), _status(p["status"]),
                      str(p["created_at"])[:10])
    console.print(table)


@app.command()
@handle_errors
def delete(plan_id: PlanIdArg, db: DbOption = None, as_user: UserOption = None) -> None:
    """Delete a saved plan."""
    store, user = _store(catalog_for(db), as_user)
    svc.delete_plan(store, user, plan_id)
    console.print(f"Deleted plan {plan_id}")


# ---------------------------------------------------------------------------- output


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def _status(status: Any) -> str:
    text = escape(str(status))
    return f"[green]{text}[/green]" if status == "active" else f"[bold red]{text}[/bold red]"


def _bullets(items: Sequence[Any]) -> str:
    return "\n".join(f"• {escape(str(x))}" for x in items)


def render_plan(plan: Mapping[str, Any]) -> None:
    """Print a plan for people: status, referral, safety notes, warnings, then each week's sessions."""
    weeks = plan.get("weeks") or []
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Status", _status(plan.get("status", "?")))
    facts.add_row("Profile", escape(str(plan.get("profile_id", "-"))))
    facts.add_row("Level / goal", f"{plan.get('level', '-')} / {plan.get('goal', '-')}")
    facts.add_row("Start", f"{plan.get('start', '-')}, {len(weeks)} week{'s' if len(weeks) != 1 else ''}")
    facts.add_row("Seed / generator", f"{plan.get('seed', '-')} / v{plan.get('generator_version', '-')}")
    if plan.get("weekly_aerobic_minutes"):
        facts.add_row("Aerobic", f"{_num(plan['weekly_aerobic_minutes'])} min of light activity a week")
    console.print(Panel(facts, title=f"Plan {plan.get('id') or '(not saved)'}", title_align="left", expand=False))
    referral = plan.get("referral") or {}
    if referral.get("required"):
        urgency = str(referral.get("urgency") or "").replace("_", " ")
        message = escape(str(referral.get("message") or "See a clinician before training."))
        console.print(Panel(f"[bold red]{message}[/bold red]", title=f"[bold red]Referral: {escape(urgency)}[/bold red]",
                            title_align="left", border_style="red"))
    if plan.get("safety_notes"):
        console.print(Panel(_bullets(plan["safety_notes"]), title="Safety", title_align="left", border_style="yellow"))
    warnings = [*(plan.get("warnings") or []), *(plan.get("flags") or [])]
    if warnings:
        console.print(Panel(_bullets(warnings), title="Warnings", title_align="left", border_style="yellow"))
    pain = plan.get("pain_monitoring") or {}
    if pain.get("enabled"):
        regions = ", ".join(str(r) for r in pain.get("regions") or [])
        console.print(Panel(escape(str(pain.get("instructions") or "")), title=f"Pain monitoring ({escape(regions)})",
                            title_align="left"))
    drills = plan.get("home_drills") or []
    if drills:
        table = Table(title="Home drills (days without a session)", title_justify="left")
        for col in ("drill", "days", "dose"):
            table.add_column(col)
        for d in drills:
            table.add_row(escape(str(d.get("name", d.get("id", "?")))), ", ".join(d.get("days") or []),
                          fmt.format_dose(d))
        console.print(table)
    for week in weeks:
        console.print(_week_table(week))


def _week_table(week: Mapping[str, Any]) -> Table:
    title = f"Week {week.get('week', '?')}" + (" (deload)" if week.get("is_deload") else "")
    if week.get("note"):
        title += f": {escape(str(week['note']))}"
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("day", no_wrap=True)
    table.add_column("exercise", overflow="fold")
    table.add_column("sets × reps")
    table.add_column("load")
    table.add_column("RIR", justify="right")
    table.add_column("rest")
    for i, session in enumerate(week.get("sessions") or []):
        if i:
            table.add_section()
        day = f"[bold]{session.get('day', '')}[/bold]\n{session.get('date', '')}"
        minutes = session.get("estimated_minutes")
        length = f"~{round(minutes)} min" if isinstance(minutes, int | float) else ""
        table.add_row(day, f"[bold]{escape(str(session.get('title') or 'Session'))}[/bold]", length, "", "", "")
        for label, block in (("warm-up", session.get("warmup")), ("cool-down", session.get("cooldown"))):
            if label == "cool-down":
                for ex in session.get("exercises") or []:
                    rir = ex.get("rir")
                    table.add_row("", f"{ex.get('order', '')}. {escape(str(ex.get('name') or ex.get('id')))}",
                                  fmt.format_dose(ex), fmt.format_load(ex.get("load")) or "-",
                                  "-" if rir is None else _num(rir), fmt.format_seconds(ex.get("rest_s")) or "-")
            if isinstance(block, Mapping) and block.get("items"):
                table.add_row("", f"[dim]{label}: {escape(fmt.items_line(block))}[/dim]",
                              f"[dim]{fmt.format_seconds((block.get('minutes') or 0) * 60)}[/dim]", "", "", "")
    return table


_STATUS_STYLE = {"pass": "green", "fail": "bold red", "warn": "yellow", "n/a": "dim"}


def render_report(report: Report) -> None:
    """Every check as a table, then the MUST verdict and the SHOULD score."""
    table = Table(title="Plan checks", title_justify="left")
    for col in ("check", "severity", "status", "detail"):
        table.add_column(col, overflow="fold", no_wrap=col != "detail")
    for r in report.results:
        style = _STATUS_STYLE.get(r.status, "")
        status = f"[{style}]{escape(r.status)}[/{style}]" if style else escape(r.status)
        table.add_row(r.id, r.severity, status, escape(r.detail))
    console.print(table)
    failed = [r.id for r in report.results if r.severity == "MUST" and r.status == "fail"]
    if failed:
        console.print(f"[bold red]MUST: fail[/bold red] ({len(failed)} failed: {', '.join(failed)})")
    else:
        console.print("[green]MUST: pass[/green] (no MUST check failed)")
    should = [r for r in report.results if r.severity == "SHOULD" and r.status != "n/a"]
    if report.score is None:
        console.print("SHOULD score: n/a (no SHOULD check applies)")
    else:
        passed = sum(r.status == "pass" for r in should)
        console.print(f"SHOULD score: {report.score:.2f} ({passed} of {len(should)} applicable checks passed)")
