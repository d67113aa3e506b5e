"""`trainwise exercises list|search|show|substitutes`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from trainwise.cli.common import (
    DbOption,
    JsonOption,
    catalog_for,
    console,
    handle_errors,
    print_json,
)
from trainwise.domain import vocabulary as v
from trainwise.domain.exercises import Exercise, exercise_to_dict
from trainwise.services import catalog as svc

app = typer.Typer(help="Browse, search and read the exercise library.", no_args_is_help=True)

MuscleOpt = Annotated[list[str] | None, typer.Option("--muscle", "-m", help="Muscle or muscle group (repeatable): erector_spinae, 'lower back', core ...")]
GroupOpt = Annotated[list[str] | None, typer.Option("--muscle-group", help="Muscle group (repeatable): back, core, posterior_chain ...")]
EquipOpt = Annotated[list[str] | None, typer.Option("--equipment", "-e", help="Equipment you have (repeatable); only exercises doable with it are listed.")]
LevelOpt = Annotated[list[str] | None, typer.Option("--level", "-l", help="beginner, intermediate or advanced (repeatable).")]
CategoryOpt = Annotated[list[str] | None, typer.Option("--category", "-c", help="strength, mobility, stretching, warmup, cardio, plyometrics, balance, rehab.")]
PatternOpt = Annotated[list[str] | None, typer.Option("--pattern", "-p", help="Movement pattern (repeatable): hip_dominant, trunk_extension ...")]
ExTagOpt = Annotated[list[str] | None, typer.Option("--exclude-tag", help="Leave out exercises with this tag (repeatable).")]
ExRiskOpt = Annotated[list[str] | None, typer.Option("--exclude-risk", help="Leave out exercises that put this region at risk (repeatable).")]
SafeOpt = Annotated[list[str] | None, typer.Option("--safe-for", help="Leave out exercises contraindicated for this condition (repeatable).")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="Skip this many results.")]


def _table(items: Sequence[Exercise], title: str) -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("exercise", ratio=3, overflow="fold")
    table.add_column("level", no_wrap=True)
    table.add_column("primary muscles", ratio=2, overflow="fold")
    table.add_column("equipment", ratio=2, overflow="fold")
    for e in items:
        gear = " + ".join(v.EQUIPMENT.get(x).name for x in e.equipment)
        if e.equipment_alternatives:
            gear += f" (or {len(e.equipment_alternatives)} other)"
        muscles = ", ".join(v.MUSCLES.get(m).name for m in e.primary_muscles)
        table.add_row(f"[bold]{e.name}[/bold]\n[cyan]{e.slug}[/cyan]", e.level, muscles, gear)
    return table


@app.command("list")
@handle_errors
def list_(
    muscle: MuscleOpt = None,
    muscle_group: GroupOpt = None,
    equipment: EquipOpt = None,
    level: LevelOpt = None,
    category: CategoryOpt = None,
    pattern: PatternOpt = None,
    exclude_tag: ExTagOpt = None,
    exclude_risk: ExRiskOpt = None,
    safe_for: SafeOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 100_000,
    offset: OffsetOpt = 0,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List exercises (all, or those passing the filters), by name."""
    q = svc.build_query(muscle=muscle, muscle_group=muscle_group, equipment=equipment, level=level,
                    category=category, pattern=pattern, exclude_tag=exclude_tag,
                    exclude_risk=exclude_risk, safe_for=safe_for, limit=limit, offset=offset)
    page = svc.search_exercises(catalog_for(db), q)
    if as_json:
        print_json([exercise_to_dict(e) for e in page.items])
        return
    console.print(_table(page.items, f"{len(page.items)} of {page.total} exercises"))


@app.command()
@handle_errors
def search(
    query: Annotated[str, typer.Argument(help="Words to look for, e.g. \"back extension\" (typos are forgiven).")],
    muscle: MuscleOpt = None,
    muscle_group: GroupOpt = None,
    equipment: EquipOpt = None,
    level: LevelOpt = None,
    category: CategoryOpt = None,
    pattern: PatternOpt = None,
    exclude_tag: ExTagOpt = None,
    exclude_risk: ExRiskOpt = None,
    safe_for: SafeOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 20,
    offset: OffsetOpt = 0,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Ranked full-text search over names, aliases, descriptions, muscles and equipment."""
    q = svc.build_query(text=query, muscle=muscle, muscle_group=muscle_group, equipment=equipment,
                    level=level, category=category, pattern=pattern, exclude_tag=exclude_tag,
                    exclude_risk=exclude_risk, safe_for=safe_for, limit=limit, offset=offset)
    page = svc.search_exercises(catalog_for(db), q)
    if as_json:
        print_json([exercise_to_dict(e) for e in page.items])
        return
    title = f"{page.total} match{'es' if page.total != 1 else ''} for '{query}'"
    if page.corrected_text:
        title += f" (searched for '{page.corrected_text}')"
    if page.suggestions and page.items:
        title = f"No exact match for '{query}'; nearest names"
    console.print(_table(page.items, title))


@app.command()
@handle_errors
def show(
    exercise: Annotated[str, typer.Argument(help="Slug, name or alias, e.g. lever-back-extension or 'roman chair back extension'.")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Show one exercise as a complete guide."""
    e = svc.get_exercise(catalog_for(db), exercise)
    if as_json:
        print_json(exercise_to_dict(e))
        return
    render_exercise(e)


@app.command()
@handle_errors
def substitutes(
    exercise: Annotated[str, typer.Argument(help="Slug, name or alias of the exercise to replace.")],
    equipment: EquipOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 10,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Exercises with the same movement pattern and primary muscles, doable with your equipment."""
    gear = svc.resolve_equipment("equipment", equipment)
    repo = catalog_for(db)
    items = svc.find_substitutes(repo, exercise, equipment=gear, limit=limit)
    if as_json:
        print_json([exercise_to_dict(e) for e in items])
        return
    target = svc.get_exercise(repo, exercise)
    console.print(_table(items, f"Substitutes for {target.name}"))


def _bullets(items: Sequence[str], numbered: bool = False) -> str:
    return "\n".join(f"{i}. {x}" if numbered else f"• {x}" for i, x in enumerate(items, 1))


def render_exercise(e: Exercise) -> None:
    """Print an exercise guide with Rich."""
    d = exercise_to_dict(e)
    head = f"[bold]{e.name}[/bold]"
    if e.aliases:
        head += f"\n[dim]Also known as: {', '.join(e.aliases)}[/dim]"
    console.print(Panel(f"{head}\n\n{e.summary}", title=e.slug, expand=False))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Primary muscles", ", ".join(v.MUSCLES.get(m).name for m in e.primary_muscles))
    if e.secondary_muscles:
        facts.add_row("Secondary muscles", ", ".join(v.MUSCLES.get(m).name for m in e.secondary_muscles))
    facts.add_row("Muscle groups", ", ".join(v.MUSCLE_GROUPS.get(g).name for g in e.muscle_groups))
    facts.add_row("Equipment", " or ".join(" + ".join(v.EQUIPMENT.get(x).name for x in opt) for opt in e.equipment_options))
    if e.optional_equipment:
        facts.add_row("Optional", ", ".join(v.EQUIPMENT.get(x).name for x in e.optional_equipment))
    facts.add_row("Level / category", f"{e.level} / {e.category}")
    facts.add_row("Mechanic / force / joint", f"{e.mechanic or '-'} / {e.force or '-'} / {e.joint}")
    facts.add_row("Patterns", ", ".join(e.patterns))
    if e.risk_areas:
        facts.add_row("Risk areas", ", ".join(e.risk_areas))
    if d["contraindications"]:
        facts.add_row("Not for", ", ".join(v.CONDITIONS.get(c).name for c in d["contraindications"]))
    console.print(facts)
    console.print(f"\n{e.description.strip()}\n")
    sections: list[tuple[str, str]] = [
        ("How to perform", _bullets(e.steps, numbered=True)),
        ("Tips", _bullets(e.tips)),
        ("Common mistakes", _bullets(e.mistakes)),
        ("Breathing", e.breathing),
        ("Safety", _bullets(e.safety)),
    ]
    for title, body in sections:
        if body:
            console.print(Panel(body, title=title, title_align="left"))
    if e.sets_reps:
        table = Table(title="Sets and reps")
        for col in ("level", "prescription", "rest", "per week", "note"):
            table.add_column(col)
        for lvl, sr in e.sets_reps.items():
            rest = f"{sr.rest_seconds} s" if sr.rest_seconds else "-"
            freq = f"{sr.frequency_per_week}x" if sr.frequency_per_week else "-"
            table.add_row(lvl, sr.text, rest, freq, sr.note)
        console.print(table)
    for label, links in (("Easier", e.regressions), ("Harder", e.progressions), ("Alternatives", e.alternatives)):
        if links:
            console.print(f"[bold]{label}:[/bold] {', '.join(links)}")
    for f in e.faq:
        console.print(f"\n[bold]Q: {f.question}[/bold]\n{f.answer}")
    if e.sources:
        console.print("\n[dim]Sources: " + "; ".join(s.title for s in e.sources) + "[/dim]")
